"""The load and soak test (bench/soak.py) as a test: 60 s, so it runs only when asked,
with ``RUN_SOAK=1 pytest -m soak`` (``make soak`` runs the script and records its figures)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.postgres import postgres_bin

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(os.environ.get("RUN_SOAK") != "1", reason="set RUN_SOAK=1 (60 s)"),
    pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed"),
]


def test_soak_serves_every_request_with_flat_worker_memory():
    # The soak exits 1 when a timing target is missed, which depends on the machine; this
    # test holds it to what does not: no failed request and workers under 150 MB.
    run = subprocess.run(
        [sys.executable, "bench/soak.py", "--no-record"],
        cwd=ROOT, capture_output=True, text=True, timeout=2400,
    )
    assert "| errors (non-2xx/3xx, socket) | 0, 0 | 0 | met |" in run.stdout, (
        run.stdout[-3000:] + run.stderr[-3000:]
    )
    assert "MB | < 150 MB each | met |" in run.stdout
