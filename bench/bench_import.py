"""Benchmark of the schedule import: prints figures beside the targets, asserts nothing.

    .venv/bin/python bench/bench_import.py [--sessions 700]

Writes a frab schedule XML of N sessions over 4 days and 8 rooms (2 speakers each, shaped like
a pretalx export: guids, persons with ids, links, HTML abstracts), then in a fresh child
process each, against a throw-away SQLite database: imports it into an empty database, and
imports the unchanged file again. Each child reports its wall time and peak memory (VmHWM).
Targets (issue "Real programmes"): 700 sessions under 5 s and 150 MB; unchanged re-import
under 2 s.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
DAYS, ROOMS = 4, 8
TARGETS = {"first import": (5.0, 150), "unchanged re-import": (2.0, None)}


def schedule_xml(sessions: int) -> bytes:
    """A frab schedule of ``sessions`` talks, 30 minutes each, in parallel rooms."""
    namespace = uuid.UUID("6f1d7a5e-0000-4000-8000-000000000000")
    per_day = -(-sessions // DAYS)
    days, number = [], 0
    for day in range(DAYS):
        date = dt.date(2026, 12, 27) + dt.timedelta(days=day)
        rooms = {f"Room {r + 1}": [] for r in range(ROOMS)}
        for i in range(per_day):
            if number >= sessions:
                break
            number += 1
            room = f"Room {i % ROOMS + 1}"
            start = dt.datetime.combine(date, dt.time(10)) + dt.timedelta(minutes=30 * (i // ROOMS))
            people = "".join(
                f'<person id="{(number * 2 + p) % (sessions // 2 + 1)}" '
                f'guid="{uuid.uuid5(namespace, f"p{(number * 2 + p) % (sessions // 2 + 1)}")}">'
                f"Speaker {(number * 2 + p) % (sessions // 2 + 1)}</person>"
                for p in range(2)
            )
            rooms[room].append(
                f'<event guid="{uuid.uuid5(namespace, f"s{number}")}" id="{number}">'
                f"<date>{start.isoformat()}+01:00</date><start>{start:%H:%M}</start>"
                f"<duration>00:30</duration><room>{room}</room>"
                f"<slug>bench-{number}-talk-{number}</slug>"
                f"<url>https://example.org/talk/{number}</url>"
                f"<title>Talk {number}: {escape('Outcomes & evidence')}</title>"
                "<subtitle></subtitle>"
                f"<track>Track {number % 6}</track><type>Talk</type><language>en</language>"
                f"<abstract>{escape('<p>An <em>abstract</em> of talk ' + str(number) + '.</p>')}"
                f"</abstract><description></description><recording><license>CC BY 4.0</license>"
                f"<optout>false</optout></recording><persons>{people}</persons>"
                f'<links><link href="https://example.org/slides/{number}.pdf">Slides</link></links>'
                f"<attachments></attachments></event>"
            )
        rooms_xml = "".join(
            f'<room name="{name}" guid="{uuid.uuid5(namespace, name)}">{"".join(events)}</room>'
            for name, events in rooms.items()
        )
        days.append(
            f'<day index="{day + 1}" date="{date}" start="{date}T10:00:00+01:00" '
            f'end="{date}T23:00:00+01:00">{rooms_xml}</day>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><schedule><generator name="bench"/>'
        "<version>1</version><conference><acronym>bench26</acronym>"
        "<title>Benchmark Congress</title><start>2026-12-27</start><end>2026-12-30</end>"
        f"<days>{DAYS}</days><timeslot_duration>00:30</timeslot_duration>"
        "<time_zone_name>Europe/Berlin</time_zone_name></conference>"
        + "".join(days)
        + "</schedule>"
    ).encode()


def child(database: str, path: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY="bench-only",
        DATABASE_URL=f"sqlite:///{database}",
        CACHE_URL="locmemcache://bench",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from sessions.schedule.importer import import_schedule

    data = Path(path).read_bytes()
    started = time.perf_counter()
    report = import_schedule(data=data)
    seconds = time.perf_counter() - started
    peak_kib = next(
        int(line.split()[1])
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmHWM:")
    )
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kib / 1024, "report": str(report)[:200]}))


def measure(database: Path, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(database), str(path)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=700)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        path = Path(folder) / "schedule.xml"
        path.write_bytes(schedule_xml(args.sessions))
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_DEBUG="0",
            SECRET_KEY="bench-only",
            DATABASE_URL=f"sqlite:///{database}",
        )
        migrate = [sys.executable, "manage.py", "migrate", "-v0"]
        subprocess.run(migrate, check=True, cwd=ROOT, env=env)
        size = path.stat().st_size / 1024
        print(f"Schedule import, {args.sessions} sessions ({size:.0f} KiB of XML)")
        for step in ("first import", "unchanged re-import"):
            result = measure(database, path)
            seconds_target, mb_target = TARGETS[step]
            memory = f"{result['peak_mb']:.0f} MB"
            if mb_target:
                verdict = "met" if result["peak_mb"] < mb_target else "missed"
                memory += f" (target {mb_target} MB: {verdict})"
            print(
                f"  {step:20} {result['seconds']:6.2f} s (target {seconds_target:.0f} s: "
                f"{'met' if result['seconds'] < seconds_target else 'missed'}, "
                f"ratio {result['seconds'] / seconds_target:.2f}), peak {memory}"
            )


if __name__ == "__main__":
    main()
