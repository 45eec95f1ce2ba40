"""Benchmark settings: the production settings with the benchmark's URLconf."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
