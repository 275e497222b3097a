"""CLI tests run the real command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

Cli = Callable[..., subprocess.CompletedProcess[str]]


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ictool.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        check=False,
        timeout=300,
    )


@pytest.fixture
def cli() -> Cli:
    return run_cli
