"""Uncached rendering against the targets of issue 13: what a miss, a preview or a first
render costs. Prints figures, asserts nothing.

    .venv/bin/python bench/bench_uncached.py [--repeats 15]

Builds, in a throw-away SQLite database, a 500-session conference of two days (250 sessions
a day: its programme day 1 and its schedule.xml) and a one-day conference of 100 sessions
(its day recap), with bench/bench_exports.py's generator. Each page is then requested
through the whole middleware stack with production settings (DEBUG off, the page cache and
the page store off, so every request renders), one request after another in a fresh
process: the median of the runs after two warm-up requests (one client, uncached).

The whole-site render (`manage.py render_pages` into an empty store, without PDFs) is timed
in its own process, with its peak resident memory (VmHWM), when the command exists.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_exports import ROOT, _rss_mb, build_database, setup_django, slug_for

PAGES = {  # name: (URL name, event size, kwargs, target in ms)
    "programme day of 250 sessions": ("conference:programme-day", 500, {"number": 1}, 25),
    "day recap of 100 sessions": ("conference:day-recap", 100, {"number": 1}, 50),
    "schedule.xml of 500 sessions": ("programme:schedule-xml", 500, {}, 25),
}
SITE_TARGET_S, SITE_TARGET_MB = 10, 200


def configure(database: Path, store: Path, *, store_enabled: bool = False) -> None:
    import os

    os.environ.update(PAGE_STORE_ENABLED="1" if store_enabled else "0",
                      PAGE_STORE_ROOT=str(store), LOG_LEVEL="ERROR")
    setup_django(database)


def build(database: Path) -> None:
    from bench.bench_exports import generate

    build_database(database, [], with_demo=False, pages=True)
    generate(500, days=2)
    generate(100, days=1)


def measure_page(name: str, repeats: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url_name, size, kwargs, _ = PAGES[name]
    url = reverse(url_name, kwargs={"event": slug_for(size), **kwargs})
    client = Client()

    def fetch() -> bytes:
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        # Rendered here: not a stored file, not a page-cache hit.
        assert "X-Page-Store" not in response, response["X-Page-Store"]
        assert response.get("X-Page-Cache") != "hit"
        return response.content

    fetch(), fetch()  # imports, compiled templates, time zone data
    times, cpu_times = [], []
    for _ in range(repeats):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        fetch()
        times.append((time.perf_counter() - begin) * 1000)
        cpu_times.append((time.process_time() - begin_cpu) * 1000)
    with CaptureQueriesContext(connection) as captured:
        body = fetch()
    return {
        "url": url, "p50_ms": statistics.median(times), "best_ms": min(times),
        "cpu_ms": statistics.median(cpu_times),
        "queries": len(captured), "kb": len(body) / 1024,
        "sessions": len(set(re.findall(rb"/sessions/(session-\d+)/", body)))
        if "xml" not in url else body.count(b"<event "),
    }


def measure_site() -> dict:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from cms.models import StoredPage

    try:
        begin = time.perf_counter()
        call_command("render_pages", without_pdf=True, verbosity=0)
    except CommandError as error:
        return {"error": str(error)}
    return {"s": time.perf_counter() - begin, "files": StoredPage.objects.count(),
            "rss_mb": _rss_mb()}


def child(database: Path, store: Path, step: str, repeats: int) -> None:
    configure(database, store, store_enabled=step == "site")
    result = measure_site() if step == "site" else measure_page(step, repeats)
    print(json.dumps(result))


def run_child(database: Path, store: Path, step: str, repeats: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(database), str(store), step,
         "--repeats", str(repeats)], capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument(
        "--keep", metavar="FOLDER",
        help="Keep the generated database in FOLDER and reuse it when it is there.",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        database, store, step = args.child
        return child(Path(database), Path(store), step, args.repeats)

    with tempfile.TemporaryDirectory(prefix="bench-uncached-") as temporary:
        folder = Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        database, store = folder / "bench.sqlite3", Path(temporary) / "pages"
        configure(database, store)
        if not database.exists():
            begin = time.perf_counter()
            build(database)
            print(f"Generated 500 sessions (2 days) and 100 sessions (1 day) in "
                  f"{time.perf_counter() - begin:.1f} s.")
        print("| figure | one client p50 (best, CPU p50) | target | | size, queries |")
        print("|---|---|---|---|---|")
        for name, (*_, target) in PAGES.items():
            r = run_child(database, store, name, args.repeats)
            if "error" in r:
                print(f"| {name} | error: {r['error']} | < {target} ms | | |")
                continue
            verdict = "met" if r["p50_ms"] < target else "MISSED"
            print(f"| {name} (`{r['url']}`, {r['sessions']} sessions) | {r['p50_ms']:.1f} ms "
                  f"(best {r['best_ms']:.1f}, CPU {r['cpu_ms']:.1f}) | < {target} ms | {verdict} "
                  f"| {r['kb']:.0f} KiB, {r['queries']} queries |")
        r = run_child(database, store, "site", 1)
        if "error" in r:
            print(f"| whole-site render (`render_pages`) | not measured: {r['error']} "
                  f"| < {SITE_TARGET_S} s, < {SITE_TARGET_MB} MB | | |")
        else:
            verdict = "met" if r["s"] < SITE_TARGET_S and r["rss_mb"] < SITE_TARGET_MB else "MISSED"
            print(f"| whole-site render (`render_pages`, no PDFs) | {r['s']:.1f} s, peak "
                  f"{r['rss_mb']:.0f} MB | < {SITE_TARGET_S} s, < {SITE_TARGET_MB} MB "
                  f"| {verdict} | {r['files']:,} files |")


if __name__ == "__main__":
    main()
