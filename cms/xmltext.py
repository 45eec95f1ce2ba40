"""Text for the XML outputs (the Atom feed, the frab schedule XML).

XML 1.0 cannot hold most control characters, and an editor can paste one (a form feed or a
vertical tab copied from a PDF, say): the XML writers refuse them, so they are dropped.
"""

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return XML_INVALID.sub("", text)
