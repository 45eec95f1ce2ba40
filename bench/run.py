"""`make bench`: the public pages of a 500-session conference under gunicorn, driven by wrk.

Side by side in one run, on loopback: each page uncached and cached (gunicorn, two sync
workers per core, production settings, Redis as the cache), the same page as a file served
by nginx (the machine's limit for that page), and a minimal Django view through the same
middleware (the framework's floor). Prints figures and ratios; asserts nothing on time.

Environment: BENCH_SECONDS (per measurement, default 5), BENCH_CONNECTIONS (default: two
per worker),
BENCH_DATABASE_URL (default: SQLite in bench/.data/), BENCH_REGENERATE=1 to start afresh.
"""

import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
PYTHON = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = 2 * (os.cpu_count() or 1)
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", str(2 * WORKERS)))
PAGES = {  # the recap and the programme of a 100-session day; the programme shows one day
    "day recap": "/bench24/day-1/",
    "programme": "/bench24/programme/day-1/",
    "session": "/bench24/sessions/session-1-1/",
    "speaker list": "/speakers/",
    "search": "/search/?q=outcomes+trust",
}
FLOOR = "/bench/floor/"


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def django_env(cache_url: str, *, page_cache_seconds: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BENCH_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-not-used-anywhere-else-3c9e1f7a5b2d",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{DATA / 'bench.sqlite3'}"
        ),
        CACHE_URL=cache_url,
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        STATIC_ROOT=str(DATA / "static-root"),
        MEDIA_ROOT=str(DATA / "media"),
        LOG_LEVEL="ERROR",
    )
    return env


@contextmanager
def process(args: list[str], **kwargs):
    """A server started for the benchmark, stopped (by its own pid) when done."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, **kwargs)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def redis_server():
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir, process(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir]
    ):
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"],
                             capture_output=True).stdout.strip() != b"PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"


@contextmanager
def gunicorn(env: dict):
    port = free_port()
    args = [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", str(WORKERS),
            "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"]
    with process(args, cwd=ROOT, env=env) as proc:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + FLOOR)
        yield base, proc


@contextmanager
def nginx(root: Path):
    port = free_port()
    prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"{user}worker_processes {os.cpu_count() or 1};\n"
        f"pid {prefix}/nginx.pid;\nerror_log stderr error;\ndaemon off;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n"
        "  types { text/html html; }\n"
        f"  client_body_temp_path {prefix}/body;\n  proxy_temp_path {prefix}/proxy;\n"
        f"  fastcgi_temp_path {prefix}/fastcgi;\n  uwsgi_temp_path {prefix}/uwsgi;\n"
        f"  scgi_temp_path {prefix}/scgi;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; }}\n}}\n"
    )
    try:
        with process(["nginx", "-p", str(prefix), "-e", "stderr",
                      "-c", str(prefix / "nginx.conf")]):
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/{next(root.glob('*.html')).name}")
            yield base
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def wrk(url: str, *, connections: int = CONNECTIONS, seconds: int = SECONDS) -> Load:
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s",
         "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 120,
    ).stdout
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors and "timeout 0" not in socket_errors.group(1):
        print(f"  wrk socket errors on {url}: {socket_errors.group(1)}")
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=milliseconds(percentile["50"]),
        p99_ms=milliseconds(percentile["99"]),
        errors=int(errors.group(1)) if errors else 0,
    )


def peak_rss_mb(master: subprocess.Popen) -> list[float]:
    """The VmHWM (peak resident memory) of each of the gunicorn master's workers, in MB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return sorted(peaks)


def fetch(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read(), dict(response.headers)


def one_client_p50(url: str) -> float:
    """Median latency of requests made one after another (at least three, for SECONDS)."""
    timings = []
    deadline = time.monotonic() + SECONDS
    while len(timings) < 3 or time.monotonic() < deadline:
        start = time.perf_counter()
        fetch(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def drain(base: str) -> None:
    """Waits for the requests that wrk left queued to finish, so that runs do not overlap."""
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(fetch, [base + FLOOR] * WORKERS))


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory_kb / 1024 / 1024:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def measure_uncached(base: str, master, static_root: Path) -> dict:
    results = {}
    for name, path in PAGES.items():
        body, _ = fetch(base + path)
        (static_root / f"{name.replace(' ', '-')}.html").write_bytes(body)
        for _ in range(WORKERS):  # every worker has imported and compiled what it needs
            fetch(base + path)
        one_client = one_client_p50(base + path)
        # Long enough for each worker to finish a few of the slowest pages.
        seconds = min(30, max(SECONDS, round(one_client / 1000 * 6)))
        results[name] = {
            "uncached": wrk(base + path, seconds=seconds),
            "one client": one_client,
            "bytes": len(body),
        }
        drain(base)
        print(f"  uncached {name}: {results[name]['uncached']}, "
              f"one client p50 {results[name]['one client']:.1f} ms")
    results["floor"] = {"uncached": wrk(base + FLOOR), "one client": one_client_p50(base + FLOOR)}
    results["rss uncached"] = peak_rss_mb(master)
    return results


def measure_cached(base: str, master, results: dict) -> None:
    for name, path in PAGES.items():
        fetch(base + path)
        _, headers = fetch(base + path)
        if headers.get("X-Page-Cache") != "hit":
            raise RuntimeError(f"{path} was not served from the page cache")
        results[name]["cached"] = wrk(base + path)
        print(f"  cached {name}: {results[name]['cached']}")
    results["rss cached"] = peak_rss_mb(master)


def measure_static(base: str, results: dict) -> None:
    for name in PAGES:
        url = f"{base}/{name.replace(' ', '-')}.html"
        fetch(url)
        results[name]["static"] = wrk(url)
        print(f"  static {name}: {results[name]['static']}")


def table(results: dict) -> str:
    floor = results["floor"]["uncached"]
    rows = [
        "| page | KiB | uncached req/s | p50 | p99 | p50, 1 client | cached req/s | p50 | p99 "
        "| static req/s | p50 | p99 | cached/static | uncached/floor |",
        "|---" * 14 + "|",
    ]
    for name in PAGES:
        r = results[name]
        u, c, s, one = r["uncached"], r["cached"], r["static"], r["one client"]
        rows.append(
            f"| {name} | {r['bytes'] / 1024:.0f} | {u.rps:.0f} | {u.p50_ms:.1f} ms "
            f"| {u.p99_ms:.1f} ms | {one:.1f} ms | {c.rps:.0f} | {c.p50_ms:.1f} ms "
            f"| {c.p99_ms:.1f} ms | {s.rps:.0f} | {s.p50_ms:.1f} ms | {s.p99_ms:.1f} ms "
            f"| {c.rps / s.rps:.2f} | {floor.rps / u.rps:.1f}x |"
        )
    one = results["floor"]["one client"]
    rows.append(
        f"| minimal Django view (floor) | 0 | {floor.rps:.0f} | {floor.p50_ms:.1f} ms "
        f"| {floor.p99_ms:.1f} ms | {one:.1f} ms | | | | | | | | 1.0x |"
    )
    errors = sum(
        load.errors for r in results.values() if isinstance(r, dict)
        for load in r.values() if isinstance(load, Load)
    )
    def peaks(key: str) -> str:
        return ", ".join(f"{mb:.0f}" for mb in results[key]) + " MB"

    return "\n".join(rows) + (
        f"\n\nPeak memory (VmHWM) of each gunicorn worker: {peaks('rss uncached')} uncached; "
        f"{peaks('rss cached')} cached. Non-2xx/3xx responses: {errors}."
    )


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    if os.environ.get("BENCH_REGENERATE") == "1":
        (DATA / "bench.sqlite3").unlink(missing_ok=True)
    static_root = DATA / "pages"
    static_root.mkdir(exist_ok=True)
    print(f"Machine: {machine()}")
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; gunicorn {WORKERS} sync workers; "
          f"wrk {CONNECTIONS} connections, {SECONDS} s per measurement")
    with redis_server() as cache_url:
        uncached_env = django_env(cache_url, page_cache_seconds=0)
        subprocess.run([PYTHON, "bench/generate.py"], cwd=ROOT, env=uncached_env, check=True)
        print("Uncached (page cache off):")
        with gunicorn(uncached_env) as (base, master):
            results = measure_uncached(base, master, static_root)
        print("Cached (page cache on, Redis):")
        with gunicorn(django_env(cache_url, page_cache_seconds=600)) as (base, master):
            measure_cached(base, master, results)
    print("Static files (nginx):")
    with nginx(static_root) as base:
        measure_static(base, results)
    print()
    print(table(results))


if __name__ == "__main__":
    main()
