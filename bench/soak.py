"""`make soak`: the page store under load. nginx (the configuration `manage.py nginx_config`
prints) in front of gunicorn, PostgreSQL, Redis and two `db_worker` processes
(TASKS_BACKEND=database); 50 clients (wrk) for 60 seconds while an editor saves a published
session every second and publishes a new quote every fifth second. Loopback only; stops by
itself.

A private PostgreSQL cluster and Redis server are started (and removed afterwards), loaded
with the demo (SOC24) and the generated benchmark conference (bench/generate.py). The store
is filled first by `manage.py render_pages` (without PDFs), then every URL the clients use
is requested once through nginx, the recap PDF until its background render is there. The
clients then mix programme and recap pages, session and speaker pages, exports, the PDF and
searches (which always reach Django and its page cache). The rate limits are off: they
count per client address, and every client here is 127.0.0.1.

Measured and printed: the clients' p50 and p99, errors and throughput, and the throughput of
nginx serving a static file of the same (average) size, for the ratio; how long each editor
change takes to show on every page it affects (the session page, its programme day and its
day recap; for a quote, the session page and the event's quotes), polled through nginx every
50 ms from the commit, its p95; the resident memory (VmRSS) of each gunicorn worker after
the soak. Unless --no-record, the figures and their targets replace the Soak section of
bench/RESULTS.md.

Environment: SOAK_SECONDS (default 60), SOAK_CLIENTS (default 50), SOAK_RENDER_WORKERS
(db_worker processes, default 2), SOAK_GENERATED=0 for the demo alone (no generated
500-session conference: a set-up of minutes instead of a quarter of an hour).
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.postgres import private_postgres
from bench.run import (
    PYTHON,
    ROOT,
    WORKERS,
    django_env,
    free_port,
    gunicorn,
    machine,
    milliseconds,
    nginx,
    process,
    redis_server,
    wait_for,
)

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "50"))
RENDER_WORKERS = int(os.environ.get("SOAK_RENDER_WORKERS", "2"))
# 0: the demo alone, without the generated 500-session conference (a quicker set-up).
GENERATED = os.environ.get("SOAK_GENERATED", "1") != "0"
RENDER_POLL_SECONDS = 0.2  # db_worker --interval: how often an idle worker looks for tasks
POLL_SECONDS = 0.05
VISIBLE_TIMEOUT = 30
QUOTE_EVERY = 5
RESULTS = ROOT / "bench" / "RESULTS.md"
TARGETS = {"p50": 20, "p99": 200, "ratio": 0.5, "visible p95": 2.0, "rss": 150}
PAGES = [
    "/", "/soc24/", "/soc24/programme/", "/soc24/day-1/", "/soc24/quotes/",
    "/speakers/", "/organisations/", "/reports/", "/bench24/", "/bench24/programme/day-2/",
    "/bench24/day-1/",
]
EXPORTS = [
    "/soc24/programme.ics", "/soc24/day-1/programme.ics", "/soc24/schedule.xml",
    "/soc24/schedule.json", "/soc24/sessions.csv", "/soc24/speakers.csv", "/soc24/day-1/recap.md",
    "/bench24/schedule.xml", "/bench24/sessions.csv",
]
if not GENERATED:
    PAGES = [url for url in PAGES if not url.startswith("/bench24/")]
    EXPORTS = [url for url in EXPORTS if not url.startswith("/bench24/")]
PDF = "/soc24/day-1/recap.pdf"
SEARCHES = [f"/search/?q={words}" for words in (
    "outcomes", "trust", "evidence", "impact", "partnership", "government", "data",
    "trust+evidence", "impact+data", "outcomes+government",
)]
# (kind, weight): the share of each kind of request.
MIX = [("page", 60), ("session", 14), ("speaker", 8), ("search", 10), ("export", 7), ("pdf", 1)]


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def gunicorn_workers(master) -> list[int]:
    return sorted(map(int, Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
                      .split()))


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


@contextmanager
def nginx_in_front(env: dict, upstream: str):
    """nginx with the generated configuration (as an http block including it would run it),
    its access log counting what it served itself and what it passed to Django."""
    port = free_port()
    prefix = Path(tempfile.mkdtemp(prefix="soak-nginx-"))
    site = subprocess.run(
        [PYTHON, "manage.py", "nginx_config", "--listen", f"127.0.0.1:{port}",
         "--upstream", upstream],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout
    (prefix / "site.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"  {kind}_temp_path {prefix}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"{user}worker_processes {os.cpu_count() or 1};\n"
        f"pid {prefix}/nginx.pid;\nerror_log stderr error;\ndaemon off;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  sendfile on;\n  tcp_nopush on;\n"
        "  log_format soak '$status $upstream_addr';\n"
        f"  access_log {prefix}/access.log soak buffer=256k flush=1s;\n{temp}"
        f"  include {prefix}/site.conf;\n}}\n"
    )
    try:
        with process(["nginx", "-p", str(prefix), "-e", "stderr",
                      "-c", str(prefix / "nginx.conf")]):
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/robots.txt")
            yield base, prefix / "access.log"
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def site_urls(base: str) -> dict:
    """The session and speaker pages the sitemap lists."""
    status, body = fetch(base + "/sitemap.xml")
    if status != 200:
        raise RuntimeError(f"/sitemap.xml answered {status}")
    paths = sorted({urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())})
    return {
        "session": [p for p in paths if "/sessions/" in p],
        "speaker": [p for p in paths if p.startswith("/speakers/") and p != "/speakers/"],
    }


def fill_store(base: str, env: dict, urls: dict) -> int:
    """`manage.py render_pages` (PDFs left to the background), then every URL the clients
    ask for once through nginx, which must find each stored; the PDF until its background
    render has stored it. Returns how many files the store holds."""
    subprocess.run([PYTHON, "manage.py", "render_pages", "--without-pdf"], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    paths = sorted(set(PAGES + EXPORTS + urls["session"] + urls["speaker"]))
    with ThreadPoolExecutor(WORKERS) as pool:
        for path, (status, _) in zip(paths, pool.map(lambda p: fetch(base + p), paths),
                                     strict=True):
            if status != 200:
                raise RuntimeError(f"{path} answered {status} after render_pages")
    deadline = time.monotonic() + 180
    while fetch(base + PDF)[0] != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{PDF} was not rendered in the background within 180 s")
        time.sleep(1)
    # Each of those misses queued a render of the PDF: the soak starts once the render
    # workers have worked through them, so that the first edits do not wait behind them.
    while pending_tasks(env):
        if time.monotonic() > deadline:
            raise RuntimeError("The render workers did not empty their queue within 180 s")
        time.sleep(1)
    return sum(1 for path in Path(env["PAGE_STORE_ROOT"]).rglob("*") if path.is_file())


def pending_tasks(env: dict) -> int:
    """Tasks queued or running in the database queue."""
    code = ("from django_tasks.backends.database.models import DBTaskResult; "
            "print(DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count())")
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1])


def wrk_script(urls: dict, folder: Path) -> Path:
    """A wrk script that sends the mix: each request picks its kind by weight, then a URL."""
    lists = {
        "page": PAGES, "session": urls["session"], "speaker": urls["speaker"],
        "search": SEARCHES, "export": EXPORTS, "pdf": [PDF],
    }
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    lua = "\n".join([
        "local lists = " + "{" + ", ".join(
            f'{kind} = {{{", ".join(json.dumps(u) for u in lists[kind])}}}' for kind, _ in MIX
        ) + "}",
        "local kinds = {" + ", ".join(json.dumps(k) for k in kinds) + "}",
        "local counter = 0",
        "function setup(thread) counter = counter + 1; thread:set('seed', counter) end",
        "function init(args) math.randomseed(seed * 7919) end",
        "function request()",
        "  local list = lists[kinds[math.random(#kinds)]]",
        "  return wrk.format('GET', list[math.random(#list)])",
        "end",
    ])
    script = folder / "mix.lua"
    script.write_text(lua + "\n")
    return script


def wrk(url: str, seconds: int, script: Path | None = None) -> dict:
    args = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    if script:
        args += ["-s", str(script)]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True,
                         timeout=seconds + 120).stdout
    found = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)([KMGT]?B) read", out)
    if total is None:
        raise RuntimeError(f"Unexpected wrk output:\n{out}")
    requests = int(total.group(1))
    unit = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}[total.group(3)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": milliseconds(found["50"]),
        "p99": milliseconds(found["99"]),
        "non-2xx": int(errors.group(1)) if errors else 0,
        "socket errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "bytes per request": float(total.group(2)) * unit / max(requests, 1),
    }


def run_editor(base: str) -> None:
    """Every second: a published SOC24 session's title changes (a new revision, saved through
    the ORM as the admin saves a draft); every QUOTE_EVERY seconds a new quote of it is
    published. After each change, the pages it affects are polled through nginx until all
    show it; each delay is printed as a JSON line for the parent. Runs until stopped."""
    import django

    django.setup()
    import reversion
    from django.contrib.auth import get_user_model

    from cms.publication import publish
    from sessions.models import Quote, Session

    user, _ = get_user_model().objects.get_or_create(username="soak-editor", is_staff=True)
    candidates = Session.objects.public().filter(day__event__slug="soc24").select_related(
        "day__event"
    )

    def pages(session) -> list[str]:
        event, number = session.day.event.slug, session.day.number
        return [session.get_absolute_url(), f"/{event}/programme/day-{number}/",
                f"/{event}/day-{number}/"]

    # Sessions whose title shows on all three pages (a day recap lists its sessions).
    sessions = [s for s in candidates[:20]
                if all(s.title in fetch(base + page)[1].decode() for page in pages(s))][:5]
    if not sessions:
        raise RuntimeError("No published SOC24 session shows on its three pages.")
    titles = {s.pk: s.title for s in sessions}

    def wait_visible(kind: str, text: str, urls: list[str], changed: float) -> None:
        waiting = set(urls)
        while waiting and time.monotonic() - changed < VISIBLE_TIMEOUT:
            waiting = {u for u in waiting if text not in fetch(base + u)[1].decode()}
            if waiting:
                time.sleep(POLL_SECONDS)
        delay = time.monotonic() - changed
        print(json.dumps({"kind": kind, "seconds": None if waiting else delay,
                          "pages": len(urls), "missing": sorted(waiting)}), flush=True)

    step = 0
    while True:
        step += 1
        started = time.monotonic()
        session = sessions[step % len(sessions)]
        marker = f"(edit {step})"
        with reversion.create_revision():
            session.title = f"{titles[session.pk]} {marker}"
            session.save()
            reversion.set_user(user)
            reversion.set_comment(f"Soak edit {step}")
        wait_visible("edit", marker, pages(session), time.monotonic())
        if step % QUOTE_EVERY == 0:
            text = f"Soak quote {step}: what was said in the room."
            quote = Quote.objects.create(session=session, text=text, attribution="A delegate")
            publish(Quote.objects.filter(pk=quote.pk), user=user)
            wait_visible("quote", f"Soak quote {step}:",
                         [session.get_absolute_url(), f"/{session.day.event.slug}/quotes/"],
                         time.monotonic())
        time.sleep(max(0.0, started + 1 - time.monotonic()))


def prepare(env: dict) -> None:
    steps = [["manage.py", "migrate", "-v0"], ["manage.py", "collectstatic", "--noinput", "-v0"],
             ["manage.py", "load_demo"]]
    for args in steps + ([["bench/generate.py"]] if GENERATED else []):
        subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def served_by(access_log: Path) -> dict:
    """From nginx's access log: answers nginx served from the store, and those from Django."""
    counts = {"store": 0, "django": 0}
    for line in access_log.read_text().splitlines():
        counts["store" if line.endswith(" -") else "django"] += 1
    return counts


def soak() -> dict:
    with ExitStack() as stack:
        cluster = stack.enter_context(private_postgres())
        cache_url = stack.enter_context(redis_server())
        store = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="soak-pages-")))
        env = django_env(cache_url, page_cache_seconds=600)
        # The rate limits count per client address, and all the clients are 127.0.0.1.
        env.update(DATABASE_URL=cluster.url(), TASKS_BACKEND="database",
                   PAGE_STORE_ROOT=str(store), SEARCH_RATE_LIMIT="0", EXPORT_RATE_LIMIT="0")
        print("Loading the demo" + (" and generating the benchmark conference" if GENERATED
                                    else "") + " on PostgreSQL…")
        prepare(env)
        django_base, master = stack.enter_context(gunicorn(env))
        for n in range(RENDER_WORKERS):
            stack.enter_context(process(
                [PYTHON, "manage.py", "db_worker", "--interval", str(RENDER_POLL_SECONDS),
                 "--no-startup-delay", "--worker-id", f"soak-{n}"],
                cwd=ROOT, env=env,
            ))
        base, access_log = stack.enter_context(nginx_in_front(env, urlsplit(django_base).netloc))
        urls = site_urls(base)
        print("Filling the page store through nginx…")
        started = time.monotonic()
        filled = fill_store(base, env, urls)
        fill_seconds = time.monotonic() - started
        time.sleep(1.5)
        access_log.write_text("")  # nginx appends to the same file, now from empty
        script = wrk_script(urls, Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="soak-wrk-"))))
        editor = subprocess.Popen([PYTHON, str(Path(__file__)), "--editor", base], cwd=ROOT,
                                  env=env, stdout=subprocess.PIPE, text=True)
        print(f"Soak: {CLIENTS} clients for {SECONDS} s through nginx, the editor changing "
              "content every second…")
        try:
            load = wrk(base + "/", SECONDS, script)
        finally:
            editor.terminate()
            lines, _ = editor.communicate(timeout=60)
        pids = gunicorn_workers(master)
        memory = {pid: rss_mb(pid) for pid in pids}
        time.sleep(1.5)  # nginx flushes its buffered access log every second
        served = served_by(access_log)
    changes = [json.loads(line) for line in lines.splitlines() if line.startswith("{")]
    print("Static file of the same size (nginx)…")
    with tempfile.TemporaryDirectory(prefix="soak-static-") as folder:
        size = round(load["bytes per request"])
        (Path(folder) / "page.html").write_bytes(b"x" * size)
        with nginx(Path(folder)) as static_base:
            static = wrk(f"{static_base}/page.html", min(SECONDS, 15))
    return {"load": load, "static": static, "changes": changes, "memory": memory,
            "served": served, "filled": filled, "fill seconds": fill_seconds,
            "editor exit": editor.returncode}


def verdict(result: dict) -> tuple[bool, str]:
    load, static, memory = result["load"], result["static"], result["memory"]
    ratio = load["rps"] / static["rps"]
    edits = [c for c in result["changes"] if c["kind"] == "edit"]
    quotes = [c for c in result["changes"] if c["kind"] == "quote"]
    delays = [c["seconds"] for c in result["changes"] if c["seconds"] is not None]
    unseen = sum(1 for c in result["changes"] if c["seconds"] is None)
    visible_p95 = percentile(delays, 0.95) if delays else math.inf
    errors = load["non-2xx"] + load["socket errors"]
    served = result["served"]
    checks = {
        "p50": load["p50"] < TARGETS["p50"],
        "p99": load["p99"] < TARGETS["p99"],
        "errors": errors == 0,
        "ratio": ratio >= TARGETS["ratio"],
        "visible": visible_p95 < TARGETS["visible p95"] and not unseen and bool(edits),
        "rss": all(mb < TARGETS["rss"] for mb in memory.values()),
    }

    def met(name: str) -> str:
        return "met" if checks[name] else "MISSED"

    lines = [
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Machine: {machine()}.",
        "Content: " + ("the demo (SOC24) and the generated 500-session conference"
                       if GENERATED else "the demo (SOC24) alone (SOAK_GENERATED=0)") + ". "
        f"nginx (`manage.py nginx_config`) in front of gunicorn ({WORKERS} sync workers), "
        f"PostgreSQL (private cluster), Redis, {RENDER_WORKERS} `db_worker` processes "
        f"(TASKS_BACKEND=database, `--interval {RENDER_POLL_SECONDS}`); the store filled "
        f"first by `render_pages` and the PDF's background render ({result['filled']:,} "
        f"files in {result['fill seconds']:.0f} s); rate limits off (every client is "
        "127.0.0.1); "
        f"wrk, {CLIENTS} connections for {SECONDS} s on loopback, mix "
        + ", ".join(f"{kind} {weight}%" for kind, weight in MIX)
        + "; the editor changed a published session's title every second and published a "
        f"new quote every {QUOTE_EVERY} s.",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
        f"| client p50 | {load['p50']:.1f} ms | < {TARGETS['p50']} ms | {met('p50')} |",
        f"| client p99 | {load['p99']:.1f} ms | < {TARGETS['p99']} ms | {met('p99')} |",
        f"| errors (non-2xx/3xx, socket) | {load['non-2xx']}, {load['socket errors']} "
        f"| 0 | {met('errors')} |",
        f"| throughput | {load['rps']:,.0f} req/s ({load['requests']:,} requests) "
        f"| at least {TARGETS['ratio']:.0%} of the static file | |",
        f"| nginx, static file of the same size ({load['bytes per request'] / 1024:.1f} KiB) "
        f"| {static['rps']:,.0f} req/s | | |",
        f"| throughput / static | {ratio:.2f} | >= {TARGETS['ratio']} | {met('ratio')} |",
        f"| change visible on every affected page, p95 | {visible_p95:.2f} s "
        f"({len(edits)} edits x 3 pages, {len(quotes)} quotes x 2 pages; max "
        f"{max(delays, default=0):.2f} s, median {statistics.median(delays) if delays else 0:.2f}"
        f" s; never seen within {VISIBLE_TIMEOUT} s: {unseen}) | < {TARGETS['visible p95']} s "
        f"| {met('visible')} |",
        "| gunicorn worker VmRSS after the soak | "
        + ", ".join(f"{mb:.0f}" for mb in memory.values())
        + f" MB | < {TARGETS['rss']} MB each | {met('rss')} |",
        "",
        f"Answered by nginx from the store: {served['store']:,}; passed to Django: "
        f"{served['django']:,} (searches, and pages being re-rendered are still served from "
        "their old file).",
    ]
    missing = sorted({url for c in result["changes"] for url in c.get("missing", [])})
    if missing:
        lines.append(f"Pages still without a change after {VISIBLE_TIMEOUT} s: "
                     + ", ".join(missing) + ".")
    return all(checks.values()), "\n".join(lines)


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
    parser.add_argument("--no-record", action="store_true", help="Do not write RESULTS.md.")
    parser.add_argument("--editor", metavar="BASE", help=argparse.SUPPRESS)
    options = parser.parse_args()
    # Stopped (by timeout, systemd, a terminal): leave through the context managers, which
    # stop the servers and remove the private cluster.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if options.editor:
        run_editor(options.editor)
        return
    passed, text = verdict(soak())
    print(text)
    if not options.no_record:
        record(text)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
