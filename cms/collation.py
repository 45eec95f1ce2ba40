"""Sort keys for names and titles as readers expect them in British English lists.

Database ordering compares code points: "VCSE" sorts before "accountability" and "Émile"
after "Zoe". These keys compare case-insensitively, with accents and punctuation set aside
(the primary strength of the Unicode collation algorithm for Latin scripts), and fall back
to the text itself so that equal keys still sort the same way every time.
"""

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` without case, accents or punctuation: "O’Hanlon" -> "ohanlon"."""
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", _PUNCTUATION.sub("", base.casefold())).strip()


def sort_key(text: str) -> tuple[str, str]:
    """Key for ``sorted``: "accountability" before "VCSE", "Émile" beside "Emile"."""
    return fold(text), text


def surname_first(name: str) -> str:
    """A person's name as it sorts when nothing else is known: the last word first
    ("Tina Nabatchi" -> "Nabatchi Tina"). Names that sort otherwise ("van der Berg",
    family name first) carry their own sort name."""
    words = name.split()
    return " ".join([words[-1], *words[:-1]]) if len(words) > 1 else name


def initial(text: str) -> str:
    """The index letter of ``text``: its first letter, capital, without accent."""
    folded = fold(text)
    return folded[:1].upper()
