"""The languages a session is held in: ISO 639-1 codes, stored comma-separated ("en,fr")."""

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError

_CODES = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv"
    " cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho"
    " hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku"
    " kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn"
    " no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm"
    " sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi"
    " vo wa wo xh yi yo za zh zu"
)
ISO_639_1 = frozenset(_CODES.split())


def parse_languages(value: str) -> list[str]:
    """The codes of a comma-separated list ("en, FR"), lower-cased, in order, once each."""
    codes: list[str] = []
    for part in (value or "").split(","):
        code = part.strip().lower()
        if code and code not in codes:
            codes.append(code)
    return codes


def validate_languages(value: str) -> None:
    codes = parse_languages(value)
    if not codes:
        raise ValidationError("Give at least one language, such as “en”.")
    unknown = [code for code in codes if code not in ISO_639_1]
    if unknown:
        raise ValidationError(
            "Not an ISO 639-1 language code: %(codes)s. Use two letters, such as “en” or “fr”.",
            params={"codes": ", ".join(unknown)},
        )


def language_name(code: str) -> str:
    """The language's English name ("French"), or its code when Django does not know it."""
    return LANG_INFO.get(code, {}).get("name", code)


def imported_languages(value: str) -> str:
    """A schedule file's language list as stored: region tags dropped ("en-GB" is "en")."""
    codes = [code.replace("_", "-").split("-")[0] for code in parse_languages(value)]
    return ",".join(dict.fromkeys(codes)) or "en"
