"""Benchmark of the organiser exports: prints figures, asserts nothing.

    .venv/bin/python bench/bench_exports.py [--sizes 100 500] [--only xml,json,ics,pdf,site]

Builds generated conferences (5 days, N sessions, 2N speakers) and the SOC24 demo in a
throw-away SQLite database, then measures each export in a fresh child process, so that
its peak memory (VmHWM, the whole process; tracemalloc, what the export allocated) is
its own. The feeds (schedule.xml, schedule.json, programme.ics) are served through the
real views (Django test client, no cache) and timed as the median of several runs.
"""

import argparse
import datetime as dt
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ["xml", "json", "ics", "pdf", "site"]
FEEDS = {"xml": "schedule-xml", "json": "schedule-json", "ics": "event-ics"}
DAYS, ROOMS, TOPICS, ORGANISATIONS = 5, 4, 12, 40
DEMO_EVENT = "soc24"


def setup_django(database: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",  # no query log
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{database}",
        CACHE_URL="dummycache://",
        MEDIA_ROOT=str(database.parent / "media"),
        STATIC_ROOT=str(database.parent / "static"),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def slug_for(size: int) -> str:
    return f"bench-{size}"


# Building the data (parent process)


def generate(size: int, days: int = DAYS) -> None:
    """A published event of `days` days, `size` sessions with 2-3 people, a quote and a topic
    each, and 2 x `size` speakers with an affiliation each; bulk-created for speed."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    from cms.publishing import Status
    from conference.models import Day, Event, Organisation, Room
    from sessions.models import Participation, Quote, Session
    from speakers.models import Affiliation, Speaker

    published = Status.PUBLISHED
    slug = slug_for(size)
    start = dt.date(2025, 6, 2)
    event = Event.objects.create(
        name=f"Benchmark Conference {size}", slug=slug, start_date=start,
        end_date=start + dt.timedelta(days=days - 1), time_zone="Europe/London",
        venue="Examination Schools", status=published,
    )  # fmt: skip
    event_days = Day.objects.bulk_create(
        Day(event=event, number=n + 1, date=start + dt.timedelta(days=n), status=published)
        for n in range(days)
    )
    rooms = Room.objects.bulk_create(
        Room(event=event, name=f"Room {n + 1}", order=n) for n in range(ROOMS)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{slug} organisation {n}", slug=f"{slug}-org-{n}")
        for n in range(ORGANISATIONS)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            name=f"Person {n} of {size}",
            honorific="Dr" if n % 3 == 0 else "",
            slug=f"{slug}-person-{n}",
            bio=f"Works on *outcomes* and evidence ({n}).",
        )
        for n in range(2 * size)
    )
    Affiliation.objects.bulk_create(
        Affiliation(speaker=s, organisation=organisations[n % ORGANISATIONS], role="Director")
        for n, s in enumerate(speakers)
    )
    tz = event.tzinfo
    per_day = -(-size // days)
    sessions = []
    for n in range(size):
        day, position = event_days[n // per_day], n % per_day
        slot, room = divmod(position, ROOMS)
        begins = dt.datetime.combine(day.date, dt.time(8), tzinfo=tz) + dt.timedelta(
            minutes=20 * slot
        )
        sessions.append(
            Session(
                day=day,
                code=f"{day.number}.{position + 1}",
                slug=f"session-{n}",
                title=f"Session {n}: what works in outcomes-based contracts",
                kind="panel",
                start=begins,
                end=begins + dt.timedelta(minutes=15),
                room=rooms[room],
                order=room,
                status=published,
                summary="Why **outcomes** matter, and for whom.",
                recap_text="The panel discussed evidence, *payment by results* and "
                "[the report](https://example.org/report).\n\nA second paragraph.",
                recording_url=f"https://video.example/{n}" if n % 5 == 0 else "",
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    people = len(speakers)
    Participation.objects.bulk_create(
        Participation(session=s, speaker=speakers[(2 * n + k) % people], order=k)
        for n, s in enumerate(sessions)
        for k in range(3 if n % 4 == 0 else 2)
    )
    Quote.objects.bulk_create(
        Quote(
            session=s,
            speaker=speakers[2 * n % people],
            status=published,
            text=f"Outcomes are a means, not an end ({n}).",
        )
        for n, s in enumerate(sessions)
    )
    tags = [Tag.objects.get_or_create(name=f"Topic {n}", slug=f"topic-{n}")[0]
            for n in range(TOPICS)]  # fmt: skip
    content_type = ContentType.objects.get_for_model(Session)
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tags[n % TOPICS], content_type=content_type, object_id=s.pk)
        for n, s in enumerate(sessions)
    )


def build_database(database: Path, sizes: list[int], *, with_demo: bool, pages: bool) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if pages:  # production storage: pages need the static files' manifest
        call_command("collectstatic", interactive=False, verbosity=0)
    for size in sizes:
        generate(size)
    if with_demo:
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", verbosity=0, stdout=quiet)


# Measuring (child processes)


def _rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over
    exec from the forking parent, which here holds the whole generated database."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def measure_feed(step: str, size: int, repeats: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    url = reverse(f"programme:{FEEDS[step]}", kwargs={"event": slug_for(size)})

    def fetch():
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code
        return response.content

    fetch()  # warm up: imports, time zone data, template loading
    times, cpu_times = [], []
    for _ in range(repeats):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        fetch()
        times.append(time.perf_counter() - begin)
        cpu_times.append(time.process_time() - begin_cpu)
    with CaptureQueriesContext(connection) as captured:
        body = fetch()
    queries = len(captured)  # now: the next request clears the connection's query log
    tracemalloc.start()
    fetch()
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "ms": statistics.median(times) * 1000,
        "best_ms": min(times) * 1000,
        "cpu_ms": statistics.median(cpu_times) * 1000,
        "queries": queries,
        "kb": len(body) / 1024,
        "traced_mb": traced / 2**20,
        "rss_mb": _rss_mb(),
    }


def _pdf_pages(body: bytes) -> int | None:
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(body)).pages)


def measure_pdf(slug: str, day_number: int | None) -> dict:
    from conference.models import Day, Event
    from website.exports import day_document, event_document
    from website.exports.pdf import render_pdf

    event = Event.objects.get(slug=slug)

    def build():
        if day_number is None:
            return render_pdf(event_document(event=event, base_url="https://example.org"))
        day = Day.objects.with_event().get(event=event, number=day_number)
        return render_pdf(day_document(day=day, base_url="https://example.org"))

    begin = time.perf_counter()
    body = build()
    seconds = time.perf_counter() - begin
    pages = _pdf_pages(body)
    return {
        "s": seconds,
        "pages": pages,
        "ms_per_page": seconds * 1000 / pages if pages else None,
        "kb": len(body) / 1024,
        "rss_mb": _rss_mb(),
    }


def measure_site(slug: str, folder: Path, *, with_pdf: bool) -> dict:
    """The export's time and peak memory, its worker processes' included (the largest)."""
    from conference.models import Event
    from website.site_export import export_site

    event = Event.objects.get(slug=slug)
    begin = time.perf_counter()
    summary = export_site(event, output=folder, base_url="https://example.org", with_pdf=with_pdf)
    seconds = time.perf_counter() - begin
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return {
        "s": seconds,
        "cpu_s": sum(u.ru_utime + u.ru_stime for u in usage),
        "pages": summary.pages,
        "files": summary.files,
        "ms_per_page": seconds * 1000 / summary.pages if summary.pages else None,
        "rss_mb": max(_rss_mb(), usage[1].ru_maxrss / 1024),
    }


def child(args) -> None:
    setup_django(Path(args.database))
    step, target = args.child
    if step in FEEDS:
        result = measure_feed(step, int(target), args.repeats)
    elif step == "pdf":
        slug, _, number = target.partition(":")
        result = measure_pdf(slug, int(number) if number else None)
    else:
        slug, _, pdf = target.partition(":")
        folder = Path(args.database).parent / f"site-{slug}"
        result = measure_site(slug, folder, with_pdf=pdf != "without-pdf")
    print(json.dumps(result))


def run_child(database: Path, step: str, target: str, repeats: int) -> dict | str:
    command = [sys.executable, __file__, "--database", str(database), "--child", step, target,
               "--repeats", str(repeats)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
    return json.loads(done.stdout.strip().splitlines()[-1])


def _available(module: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _line(label: str, result, fields: list[tuple[str, str]]) -> str:
    if isinstance(result, str):
        return f"  {label:<34} error: {result}"
    parts = [pattern.format(result[key]) for key, pattern in fields if result.get(key) is not None]
    return f"  {label:<34} " + "  ".join(parts)


FEED_FIELDS = [("ms", "{:7.1f} ms median"), ("best_ms", "(best {:.1f})"),
               ("cpu_ms", "CPU {:.1f} ms"),
               ("queries", "{} queries"), ("kb", "{:.0f} KB"),
               ("traced_mb", "traced peak {:.1f} MB"), ("rss_mb", "RSS {:.0f} MB")]  # fmt: skip
FILE_FIELDS = [("s", "{:6.2f} s"), ("cpu_s", "(CPU {:.1f} s)"), ("pages", "{} pages"),
               ("files", "{} files"),
               ("ms_per_page", "{:.1f} ms/page"), ("rss_mb", "peak RSS {:.0f} MB")]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--only", default=",".join(STEPS), help="Comma-separated steps.")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    steps = [step for step in args.only.split(",") if step]
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as folder:
        database = Path(folder) / "bench.sqlite3"
        setup_django(database)
        begin = time.perf_counter()
        build_database(database, args.sizes, with_demo="pdf" in steps, pages="site" in steps)
        print(f"Generated {args.sizes} sessions (5 days, 2 speakers per session) "
              f"in {time.perf_counter() - begin:.1f} s; {os.cpu_count()} CPUs.")  # fmt: skip
        for step in [s for s in steps if s in FEEDS]:
            print(f"{FEEDS[step]} through the view ({args.repeats} runs):")
            for size in args.sizes:
                result = run_child(database, step, str(size), args.repeats)
                print(_line(f"{size} sessions", result, FEED_FIELDS))
        if "pdf" in steps:
            if not _available("website.exports.pdf"):
                print("PDF: conference/exports/pdf.py is not there yet; skipped.")
            else:
                print("Recap PDF (WeasyPrint):")
                result = run_child(database, "pdf", f"{DEMO_EVENT}:1", 1)
                print(_line("demo day (SOC24 day 1)", result, FILE_FIELDS))
                for size in args.sizes:
                    result = run_child(database, "pdf", slug_for(size), 1)
                    print(_line(f"{size} sessions, all 5 days", result, FILE_FIELDS))
        if "site" in steps:
            if not _available("website.site_export"):
                print("export_site: conference/site_export is not there yet; skipped.")
            else:
                print("export_site (peak RSS: the largest process, workers included):")
                for pdf in ("with-pdf", "without-pdf"):
                    for size in args.sizes:
                        result = run_child(database, "site", f"{slug_for(size)}:{pdf}", 1)
                        print(_line(f"{size} sessions, {pdf}", result, FILE_FIELDS))


if __name__ == "__main__":
    main()
