"""What "nothing executes" means for a rendered page, checked on the parsed tree.

Text that merely reads like an attack (an escaped ``<script>``, the words ``onerror=``) is
harmless; only elements, attributes and URLs that a browser would act on count.
"""

import lxml.html

FORBIDDEN_TAGS = {"iframe", "object", "embed", "svg", "math", "base", "frame", "frameset"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def _own_script(element) -> bool:
    return element.get("type") == "application/ld+json" or (
        element.get("src", "").startswith("/static/") and not element.text
    )


def injections(html: str, *, data_images: bool = False) -> list[str]:
    """Each executable thing in ``html`` that the project did not put there, described.

    ``data_images`` allows ``data:image/`` sources on <img> (the standalone HTML export
    embeds its own images that way).
    """
    if not html.strip():
        return []
    tree = lxml.html.document_fromstring(html)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not _own_script(element):
            found.append(f"<script> {lxml.html.tostring(element)[:80]!r}")
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES:
                url = "".join(value.split()).lower()
                allowed = data_images and tag == "img" and url.startswith("data:image/")
                if url.startswith(BAD_SCHEMES) and not allowed:
                    found.append(f"<{tag} {name}={value[:40]!r}>")
    return found
