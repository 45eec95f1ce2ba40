"""Work of an export spread over forked processes, one per core.

Each worker is forked from the exporting process, so it starts with its URLconf, settings
(``Renderer.serving``) and everything the export has learnt so far, and opens its own
database connections. The results come back in completion order: the exporter only gathers
them into sets and maps, so the files written do not depend on the scheduling.
"""

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from typing import TypeVar

from django.db import connections

Item = TypeVar("Item")
Result = TypeVar("Result")

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_task: Callable | None = None  # what the forked workers run, set just before forking
_parent = 0  # the exporting process, in a worker


def default_jobs() -> int:
    """One worker per core available to this process, at most four."""
    return min(4, len(os.sched_getaffinity(0)))


def can_fork() -> bool:
    """Workers need connections of their own: not possible inside a transaction (tests), nor
    with an in-memory SQLite database, which only this process can see."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            return False
    return not any(
        connections[alias].vendor == "sqlite" and connections[alias].is_in_memory_db()
        for alias in connections
    )


def run(task: Callable[[Item], Result], items: Iterable[Item], jobs: int) -> Iterator[Result]:
    """``task(item)`` for each item, in ``jobs`` worker processes when possible, else here."""
    items = list(items)
    if jobs < 2 or len(items) < 2 or not can_fork():
        yield from map(task, items)
        return
    global _task
    _task = task
    connections.close_all()  # the workers must not share this process's connections
    try:
        context = multiprocessing.get_context("fork")
        workers = min(jobs, len(items))
        with context.Pool(workers, _die_with_parent, (os.getpid(),)) as pool:
            yield from pool.imap_unordered(_run, items)
    finally:
        _task = None


def _run(item):
    if os.getppid() != _parent:
        os._exit(1)
    return _task(item)


def _die_with_parent(parent: int) -> None:
    """A worker whose export was killed stops (at once on Linux, else before its next file)
    instead of writing on into a folder that the next export clears."""
    global _parent
    _parent = parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the exporting process's to handle
    with suppress(OSError, AttributeError):  # prctl is Linux's
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # killed before the line above took effect
        os._exit(1)
