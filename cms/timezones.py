"""Time zones by name: canonical IANA names, and the zone a request about an event runs in.

Legacy aliases (``US/Eastern``, ``Asia/Calcutta``, ``GB``) are links in the tz database;
exports write, and forms store, the zone they link to. The links come from the ``tzdata``
package's ``tzdata.zi`` (the compiled source, ``backward`` file included). A link that
``zone.tab`` still lists as a country's location (``Europe/Ljubljana``) keeps its name, and
``UTC`` stays ``UTC`` (the name the schedule schemas expect).
"""

import zoneinfo
from contextlib import contextmanager
from functools import cache
from importlib import resources

from django.utils import timezone

KEPT_NAMES = frozenset({"UTC"})


def _tzdata_file(name: str) -> str:
    return (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")


@cache
def _aliases() -> dict[str, str]:
    """Legacy name -> canonical zone, for every link that is not a place of its own."""
    located = {
        line.split("\t")[2]
        for line in _tzdata_file("zone.tab").splitlines()
        if line and not line.startswith("#")
    }
    links = {}
    for line in _tzdata_file("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            links[name] = target
    aliases = {}
    for name, target in links.items():
        if name in located or name in KEPT_NAMES:
            continue
        while target in links and target not in located:  # a link to a link
            target = links[target]
        aliases[name] = target
    return aliases


def canonical_zone(name: str) -> str:
    """The canonical IANA name of zone ``name`` (unchanged when it is one, or unknown)."""
    return _aliases().get(name, name)


@contextmanager
def zone_active(name: str):
    """Runs the block with zone ``name`` active: Django's forms read and show datetimes in
    it, ``localtime`` and the ``date`` filter use it; the previous zone comes back after."""
    with timezone.override(zoneinfo.ZoneInfo(name)):
        yield
