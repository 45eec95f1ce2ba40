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
    run = subprocess.run(
        [sys.executable, "bench/soak.py", "--no-record"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "failed requests 0, 5xx 0" in run.stdout
    assert "Verdict: PASS" in run.stdout
