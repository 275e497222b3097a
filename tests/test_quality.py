"""House rules checked by tools: the core stays Qt-free and layered, the code is lint- and type-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -e '.[test]'")
    return on_path


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)


def test_import_contracts_hold() -> None:
    """Qt-free core, the core's layers, and the GUI never calling the CLI (pyproject.toml)."""
    result = run(tool("lint-imports"), "--config", "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Layers of the core" in result.stdout  # the layers contract is among those checked


def test_core_root_keeps_at_most_eight_modules() -> None:
    """Use cases live in packages named for what they do (ARCHITECTURE.md), not at the core's root."""
    modules = sorted(p.name for p in (ROOT / "ictool" / "core").glob("*.py"))
    assert len(modules) <= 8, modules


def test_core_imports_without_qt_installed_in_path() -> None:
    """Importing every core module must not pull PySide6 in (checked in a fresh interpreter)."""
    code = (
        "import importlib, pkgutil, sys, ictool.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'ictool.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'ictool.gui'))]\n"
        "assert not bad, bad\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr


def test_ruff_is_clean() -> None:
    result = run(tool("ruff"), "check", "ictool", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_core() -> None:
    result = run(tool("mypy"), "ictool/core")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_on_gui_and_cli() -> None:
    result = run(tool("mypy"), "ictool/gui", "ictool/cli")
    assert result.returncode == 0, result.stdout + result.stderr


def test_opening_a_project_does_not_load_pandas_or_qt() -> None:
    """Every command opens a file: pandas (0.6 s) and Qt load only where they are used (exports, GUI)."""
    code = (
        "import sys, ictool.core.project, ictool.core.reliability.from_project, ictool.cli.main\n"
        "bad = [m for m in ('pandas', 'PySide6', 'openpyxl') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr


def test_pandas_missing_values_are_still_missing() -> None:
    import pandas as pd

    from ictool.core.reliability.values import is_missing

    assert is_missing(pd.NA) and is_missing(pd.NaT) and not is_missing(0)
