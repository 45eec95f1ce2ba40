"""A private, throw-away PostgreSQL cluster on a free loopback port, as ``.ci/run`` starts one.

Used by ``bench/soak.py`` and by the fault tests, which stop and start it under a running
site. As root the server runs as the ``postgres`` user (PostgreSQL refuses to run as root).
"""

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in Path(path).parent.parent.name.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, bin_dir: Path, workdir: Path):
        self.bin_dir = bin_dir
        self.workdir = workdir
        self.data = workdir / "pg"
        self.port = _free_port()

    def url(self, database: str = "conference") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = " ".join(shlex.quote(str(arg)) for arg in args)
        if os.geteuid() == 0:
            args = ("su", "postgres", "-c", command)
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
            shutil.chown(self.data, "postgres")
        self._run(self.bin_dir / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.workdir} -c fsync=off"
        self._run(
            self.bin_dir / "pg_ctl", "-D", self.data, "-l", self.workdir / "server.log", "-w",
            "start", "-o", options,
        )

    def stop(self) -> None:
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-w", "stop", "-m", "fast")

    def create_database(self, name: str = "conference") -> None:
        self._run(self.bin_dir / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres",
                  name)


@contextmanager
def private_postgres() -> Iterator[Cluster]:
    """A started cluster with an empty ``conference`` database; removed afterwards."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql).")
    workdir = Path(tempfile.mkdtemp(prefix="private-postgres-"))
    workdir.chmod(0o755)
    cluster = Cluster(bin_dir, workdir)
    try:
        cluster.init()
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        with suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)
