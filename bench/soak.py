"""`make soak`: 60 seconds of 50 concurrent clients against gunicorn on PostgreSQL, while an
editor saves and publishes every second. Loopback only; stops by itself.

A private PostgreSQL cluster and Redis server are started (and removed afterwards), loaded
with the demo (SOC24) and the generated benchmark conference (bench/generate.py). The
clients mix page views, searches and exports (iCalendar, frab XML/JSON, CSV and now and then
a recap PDF). Passes when there is no failed request and no 5xx, and when the resident
memory (VmRSS) of every gunicorn worker at the end is within 10% of its value SOAK_SETTLE
seconds into the run. Prints the figures and, unless --no-record, writes them into the soak
section of bench/RESULTS.md.

Why memory is compared from SOAK_SETTLE seconds on: a worker's first renders of each kind
of page (the 100-session programme day, the recap PDF with its fonts) raise its resident
memory once, and CPython keeps the freed arenas, so that first-use growth says nothing about
a leak. The warm-up sends every URL 3 x workers times, the page cache bypassed, so each
worker very likely renders each kind; but which worker accepts a request is up to the
kernel, so the baseline is taken once the soak itself has run for SOAK_SETTLE seconds. A
leak grows with the requests served and shows between that sample and the end; the growth
since the warm-up is printed as well.

Environment: SOAK_SECONDS (default 60), SOAK_CLIENTS (default 50), SOAK_SETTLE (default 20).
"""

import argparse
import math
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.postgres import private_postgres
from bench.run import PYTHON, ROOT, WORKERS, django_env, gunicorn, machine, redis_server

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "50"))
SETTLE = int(os.environ.get("SOAK_SETTLE", "20"))
WARM_UP_ROUNDS = 3 * WORKERS
MAX_REQUESTS = 1_000_000  # a bound besides the clock
MEMORY_TOLERANCE = 0.10
RESULTS = ROOT / "bench" / "RESULTS.md"
PAGES = [
    "/", "/soc24/", "/soc24/programme/", "/soc24/day-1/", "/soc24/quotes/",
    "/speakers/", "/organisations/", "/reports/", "/bench24/", "/bench24/programme/day-2/",
]
EXPORTS = [
    "/soc24/programme.ics", "/soc24/day-1/programme.ics", "/soc24/schedule.xml",
    "/soc24/schedule.json", "/soc24/sessions.csv", "/soc24/speakers.csv", "/soc24/day-1/recap.md",
    "/bench24/schedule.xml", "/bench24/sessions.csv",
]
PDF = "/soc24/day-1/recap.pdf"
SEARCH_WORDS = ["outcomes", "trust", "evidence", "impact", "partnership", "government", "data"]
# (kind, weight): the share of each kind of request.
MIX = [("page", 60), ("session", 14), ("speaker", 8), ("search", 10), ("export", 7), ("pdf", 1)]


def rss_kb(pid: int) -> int:
    return int(re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text()).group(1))


def workers(master) -> list[int]:
    return sorted(map(int, Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
                      .split()))


class Load:
    """Counts of what the clients saw, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.kinds: Counter = Counter()
        self.failures: list[str] = []
        self.latencies: list[float] = []

    def record(self, kind: str, url: str, status: int | None, seconds: float, error=None):
        with self.lock:
            self.kinds[kind] += 1
            self.latencies.append(seconds * 1000)
            self.statuses[status or "no answer"] += 1
            if error or status != 200:
                self.failures.append(f"{status or error} {url}")


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def pick(rng: random.Random, kind: str, links: dict) -> str:
    if kind == "page":
        return rng.choice(PAGES)
    if kind == "session":
        return rng.choice(links["sessions"])
    if kind == "speaker":
        return rng.choice(links["speakers"])
    if kind == "search":
        words = "+".join(rng.sample(SEARCH_WORDS, rng.randint(1, 2)))
        return f"/search/?q={words}{rng.randint(0, 9) if rng.random() < 0.5 else ''}"
    if kind == "export":
        return rng.choice(EXPORTS)
    return PDF


def client(base: str, seed: int, deadline: float, load: Load, links: dict) -> None:
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    while time.monotonic() < deadline and sum(load.kinds.values()) < MAX_REQUESTS:
        kind = rng.choices(kinds, weights)[0]
        url = pick(rng, kind, links)
        start = time.perf_counter()
        try:
            status, _ = fetch(base + url)
            load.record(kind, url, status, time.perf_counter() - start)
        except OSError as error:
            load.record(kind, url, None, time.perf_counter() - start, error=repr(error))


def discover(base: str) -> dict:
    """Session and speaker pages linked from the demo's and the benchmark's programmes."""
    found = {"sessions": set(), "speakers": set()}
    for page in ("/soc24/programme/", "/bench24/programme/day-1/", "/speakers/"):
        status, body = fetch(base + page)
        if status != 200:
            raise RuntimeError(f"{page} answered {status} during the warm-up")
        html = body.decode()
        found["sessions"] |= set(re.findall(r'href="(/(?:soc24|bench24)/sessions/[\w-]+/)"', html))
        found["speakers"] |= set(re.findall(r'href="(/speakers/[\w-]+/)"', html))
    return {kind: sorted(urls)[:200] for kind, urls in found.items()}


def warm_up(base: str, links: dict) -> None:
    """Every URL of every kind 3 x workers times, concurrently, each with its own query string
    so that the page cache does not answer it: imports, compiled templates, fonts and the
    largest pages' memory are in the workers before the soak starts."""
    urls = PAGES + EXPORTS + [PDF, "/search/?q=outcomes", "/search/?q=trust+evidence"]
    urls += links["sessions"][:5] + links["speakers"][:5]
    requests = [f"{url}{'&' if '?' in url else '?'}warm-up={n}"
                for n in range(WARM_UP_ROUNDS) for url in urls]  # fmt: skip
    with ThreadPoolExecutor(WORKERS * 2) as pool:
        for url, (status, _) in zip(requests, pool.map(lambda u: fetch(base + u), requests),
                                    strict=True):
            if status != 200:
                raise RuntimeError(f"{url} answered {status} during the warm-up")


def editor(env: dict) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, str(Path(__file__)), "--editor"], cwd=ROOT, env=env)


def run_editor() -> None:
    """Every second: edit a published session (a new revision), and publish or unpublish a
    session of its own; runs until its parent stops it."""
    import django

    django.setup()
    import reversion
    from django.contrib.auth import get_user_model

    from cms.publication import publish, unpublish
    from sessions.models import Session

    user, _ = get_user_model().objects.get_or_create(username="soak-editor", is_staff=True)
    published = list(Session.objects.public().filter(day__event__slug="soc24")[:5])
    template = published[0]
    own, _ = Session.objects.get_or_create(
        slug="soak-editor-session",
        defaults={"day": template.day, "title": "Soak editor's session", "code": "9.9",
                  "start": template.start, "end": template.end, "summary": "Draft."},
    )
    step = 0
    while True:
        step += 1
        session = published[step % len(published)]
        with reversion.create_revision():
            session.summary = re.sub(r" \(edit \d+\)$", "", session.summary) + f" (edit {step})"
            session.save()
            reversion.set_user(user)
            reversion.set_comment(f"Soak edit {step}")
        (publish if step % 2 else unpublish)(Session.objects.filter(pk=own.pk), user=user)
        print(f"editor: {step} saves", file=sys.stderr, end="\r")
        time.sleep(1)


def prepare(env: dict) -> None:
    for args in (["manage.py", "migrate", "-v0"], ["manage.py", "load_demo"],
                 ["bench/generate.py"]):
        subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def soak() -> dict:
    with private_postgres() as cluster, redis_server() as cache_url:
        env = django_env(cache_url, page_cache_seconds=600)
        env["DATABASE_URL"] = cluster.url()
        print("Loading the demo and generating the benchmark conference on PostgreSQL…")
        prepare(env)
        with gunicorn(env) as (base, master):
            links = discover(base)
            warm_up(base, links)
            pids = workers(master)
            warmed = {pid: rss_kb(pid) for pid in pids}
            load = Load()
            edits = editor(env)
            print(f"Soak: {CLIENTS} clients for {SECONDS} s against {len(pids)} workers…")
            started = time.monotonic()
            try:
                with ThreadPoolExecutor(CLIENTS) as pool:
                    for n in range(CLIENTS):
                        pool.submit(client, base, n, started + SECONDS, load, links)
                    time.sleep(max(0.0, started + SETTLE - time.monotonic()))
                    settled = {pid: rss_kb(pid) for pid in pids}
            finally:
                edits.terminate()
                edits.wait(timeout=30)
            elapsed = time.monotonic() - started
            after = {pid: rss_kb(pid) for pid in pids if Path(f"/proc/{pid}").exists()}
            restarted = sorted(set(workers(master)) - set(pids))
    return {
        "load": load, "elapsed": elapsed, "warmed": warmed, "settled": settled, "after": after,
        "restarted": restarted, "editor_exit": edits.returncode,
    }


def verdict(result: dict) -> tuple[bool, str]:
    load: Load = result["load"]
    total = sum(load.kinds.values())
    server_errors = sum(n for status, n in load.statuses.items()
                        if isinstance(status, int) and status >= 500)
    after = result["after"]
    growth = {pid: after.get(pid, 0) / kb - 1 for pid, kb in result["settled"].items()}
    memory_ok = all(abs(g) <= MEMORY_TOLERANCE for g in growth.values())
    passed = not load.failures and not result["restarted"] and memory_ok
    latencies = sorted(load.latencies)
    p99 = latencies[max(0, math.ceil(len(latencies) * 0.99) - 1)] if latencies else 0
    memory = ", ".join(
        f"{result['warmed'][pid] / 1024:.0f} / {kb / 1024:.0f} / {after.get(pid, 0) / 1024:.0f}"
        f" MB ({growth[pid]:+.1%}; {after.get(pid, 0) / result['warmed'][pid] - 1:+.1%}"
        " since the warm-up)"
        for pid, kb in result["settled"].items()
    )
    lines = [
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Machine: {machine()}.",
        f"PostgreSQL (private cluster), Redis page cache, gunicorn {WORKERS} sync workers; "
        f"{CLIENTS} clients for {result['elapsed']:.0f} s on loopback; the editor saved a "
        "session and published or unpublished another every second.",
        "",
        f"- Requests: {total:,} ({total / result['elapsed']:.0f}/s): "
        + ", ".join(f"{kind} {n:,}" for kind, n in load.kinds.most_common()) + ".",
        "- Answers: " + ", ".join(f"{status}: {n:,}" for status, n in load.statuses.items())
        + f"; failed requests {len(load.failures)}, 5xx {server_errors}.",
        f"- Latency: p50 {statistics.median(latencies):.0f} ms, p99 {p99:.0f} ms."
        if latencies else "- Latency: no request",
        f"- Worker memory (VmRSS after the warm-up / at {SETTLE} s / at the end; growth from "
        f"{SETTLE} s to the end): {memory}; workers restarted: {len(result['restarted'])}.",
        f"- Verdict: {'PASS' if passed else 'FAIL'} (no failure, no 5xx, no restart, "
        f"memory from {SETTLE} s to the end within {MEMORY_TOLERANCE:.0%}).",
    ]
    if load.failures:
        lines.append("- First failures: " + "; ".join(load.failures[:10]))
    return passed, "\n".join(lines)


def record(text: str) -> None:
    """Replaces the soak section of RESULTS.md (up to the next heading), or appends one."""
    heading = "## Soak (`make soak`)\n"
    results = RESULTS.read_text(encoding="utf-8")
    before, found, rest = results.partition(heading)
    after = rest[rest.index("\n## ") + 1:] if found and "\n## " in rest else ""
    section = f"{heading}\n{text}\n"
    RESULTS.write_text(
        f"{before.rstrip()}\n\n{section}" + (f"\n{after}" if after else ""), encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help="Do not append to RESULTS.md.")
    parser.add_argument("--editor", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.editor:
        run_editor()
        return
    passed, text = verdict(soak())
    print(text)
    if not options.no_record:
        record(text)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
