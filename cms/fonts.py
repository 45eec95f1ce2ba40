"""The open typefaces the site serves itself, and the pairs an organiser may choose from.

The font files come from Debian packages (fonts-inter, fonts-ebgaramond, fonts-open-sans,
fonts-roboto-slab, which `make install` installs), which the
distribution keeps up to date. ``PackagedFontFinder`` (in STATICFILES_FINDERS) offers the
few files the site uses under ``fonts/<family>/`` so that collectstatic copies them and
the site serves them from its own host, never from a font service.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

SYSTEM_SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
SYSTEM_SERIF = 'ui-serif, Georgia, Cambria, "Times New Roman", Times, serif'


@dataclass(frozen=True)
class FontFile:
    static_name: str  # under STATIC_URL
    source: Path  # installed by the Debian package
    weight: int
    style: str = "normal"

    @property
    def format(self) -> str:
        return "opentype" if self.source.suffix == ".otf" else "truetype"


@dataclass(frozen=True)
class Family:
    name: str
    package: str
    fallback: str
    files: tuple[FontFile, ...]


def _family(name, package, fallback, folder, slug, files) -> Family:
    return Family(
        name,
        package,
        fallback,
        tuple(
            FontFile(f"fonts/{slug}/{file}", Path(folder) / file, weight, style)
            for file, weight, style in files
        ),
    )


FAMILIES = {
    "inter": _family(
        "Inter", "fonts-inter", SYSTEM_SANS, "/usr/share/fonts/opentype/inter", "inter",
        [("Inter-Regular.otf", 400, "normal"), ("Inter-Italic.otf", 400, "italic"),
         ("Inter-SemiBold.otf", 600, "normal"), ("Inter-Bold.otf", 700, "normal")],
    ),
    "eb-garamond": _family(
        "EB Garamond", "fonts-ebgaramond", SYSTEM_SERIF,
        "/usr/share/fonts/opentype/ebgaramond", "eb-garamond",
        [("EBGaramond12-Regular.otf", 400, "normal"), ("EBGaramond12-Italic.otf", 400, "italic"),
         ("EBGaramond12-Bold.otf", 700, "normal")],
    ),
    "open-sans": _family(
        "Open Sans", "fonts-open-sans", SYSTEM_SANS, "/usr/share/fonts/truetype/open-sans",
        "open-sans",
        [("OpenSans-Regular.ttf", 400, "normal"), ("OpenSans-Italic.ttf", 400, "italic"),
         ("OpenSans-Semibold.ttf", 600, "normal"), ("OpenSans-Bold.ttf", 700, "normal")],
    ),
    "roboto-slab": _family(
        "Roboto Slab", "fonts-roboto-slab", SYSTEM_SERIF,
        "/usr/share/fonts/opentype/roboto/slab", "roboto-slab",
        [("RobotoSlab-Regular.otf", 400, "normal"), ("RobotoSlab-Bold.otf", 700, "normal")],
    ),
}


@dataclass(frozen=True)
class TypefacePair:
    label: str
    headings: str | None  # a key of FAMILIES; None: the system's fonts
    text: str | None
    serif_headings: bool = True

    @property
    def families(self) -> list[Family]:
        keys = dict.fromkeys(key for key in (self.headings, self.text) if key)
        return [FAMILIES[key] for key in keys]

    def stack(self, key: str | None, fallback: str) -> str:
        if key is None:
            return fallback
        family = FAMILIES[key]
        return f'"{family.name}", {family.fallback}'


TYPEFACE_PAIRS = {
    "system": TypefacePair("The reader's system fonts", None, None, serif_headings=False),
    "garamond-inter": TypefacePair("EB Garamond headings, Inter text", "eb-garamond", "inter"),
    "slab-open-sans": TypefacePair(
        "Roboto Slab headings, Open Sans text", "roboto-slab", "open-sans"
    ),
}
TYPEFACE_CHOICES = [(key, pair.label) for key, pair in TYPEFACE_PAIRS.items()]


def font_files() -> dict[str, FontFile]:
    return {f.static_name: f for family in FAMILIES.values() for f in family.files}


class PackagedFontFinder(BaseFinder):
    """Finds the font files of ``FAMILIES`` where their Debian packages installed them."""

    def check(self, **kwargs):
        missing = sorted(
            {family.package for family in FAMILIES.values()
             for f in family.files if not f.source.exists()}
        )
        if not missing:
            return []
        return [
            CheckWarning(
                f"Font packages not installed: {', '.join(missing)}; the site falls back to "
                "system fonts. Install them with scripts/install-system-packages.",
                id="cms.W001",
            )
        ]

    def find(self, path, find_all=False, **kwargs):
        file = font_files().get(path)
        found = str(file.source) if file and file.source.exists() else None
        if find_all:
            return [found] if found else []
        return found

    def list(self, ignore_patterns):
        for name, file in font_files().items():
            if file.source.exists():
                folder = file.source.parent
                yield file.source.name, _PrefixedStorage(folder, name.rsplit("/", 1)[0])


class _PrefixedStorage(FileSystemStorage):
    """The package's folder, with the static prefix collectstatic writes the file under."""

    def __init__(self, location, prefix):
        super().__init__(location=location)
        self.prefix = prefix
