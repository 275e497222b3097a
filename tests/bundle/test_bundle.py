"""The desktop bundle (build_app.spec) builds and runs: ``pytest -m bundle`` (deselected by default).

Builds dist/ictool with PyInstaller (about a minute), then runs scripts/check_bundle.py's checks:
the bundled ``ictool`` (version, demo, report, exports) and the windowed app staying up offscreen.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.bundle


def check_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_bundle", ROOT / "scripts" / "check_bundle.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_bundle"] = module
    spec.loader.exec_module(module)
    return module


def test_the_bundle_builds_runs_and_fits_its_budget() -> None:
    pytest.importorskip("PyInstaller", reason="needs the build extra: pip install -e '.[build]'")
    script = check_bundle()
    seconds = script.build()
    passed = script.check(script.DIST)
    size = script.size_mb(script.DIST)
    print(f"build {seconds:.0f} s, size {size:.0f} MB", *passed, sep="\n")
    assert size <= script.SIZE_BUDGET_MB
