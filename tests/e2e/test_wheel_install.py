"""A regular (non-editable) install runs the demo from any folder, and the wheel ships nothing else.

Why: the last review found that ``pip install .`` could not run ``ictool demo`` because the demo's
data sat outside the package. The wheel is built from this checkout and installed into a folder of
its own; the command then runs with that folder first on the path and the checkout nowhere near
(another working directory), so it can only find what the wheel holds. Dependencies come from the
test environment, as they would from the registry.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def tracked_copy(target: Path) -> Path:
    """The checkout's tracked files only: a stale ``build/`` or an untracked file cannot leak in, and a
    file the package needs but git does not track makes the test fail, as it would a release."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = tracked_copy(tmp_path_factory.mktemp("source"))
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    (found,) = out.glob("ictool-*.whl")
    return found


def test_the_wheel_holds_the_demo_and_no_tests_or_screenshots(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "ictool/core/demo/data/codebook.csv" in names
    assert sum(n.startswith("ictool/core/demo/data/transcripts/") for n in names) == 12
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    assert not [n for n in names if n.endswith(".png") or "screenshots" in n]


def test_entry_points_include_a_windowed_launcher(wheel: Path) -> None:
    entry_points = next(
        zipfile.ZipFile(wheel).read(n).decode()
        for n in zipfile.ZipFile(wheel).namelist()
        if n.endswith(".dist-info/entry_points.txt")
    )
    assert "[console_scripts]\nictool = ictool.cli.main:main" in entry_points
    assert "[gui_scripts]\nictool-gui = ictool.cli.main:gui_main" in entry_points


def test_installed_wheel_runs_the_demo_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "ICTOOL_RESOURCES": ""}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, env=env, cwd=elsewhere, check=False
        )

    where = run("-c", "import ictool; print(ictool.__file__)")
    assert where.stdout.strip().startswith(str(target)), where.stdout + where.stderr
    demo = run("-m", "ictool.cli.main", "demo", "--no-gui", "--dir", str(elsewhere / "demo"))
    assert demo.returncode == 0, demo.stderr
    assert "documents     12" in demo.stdout
    assert (elsewhere / "demo" / "demo-project.ictool").is_file()


def test_the_wheel_draws_the_icon_and_names_its_licence(wheel: Path) -> None:
    """The window icon is drawn from the SVG at run time (package data); LICENSE rides in the metadata.
    The third-party notices stay out: pip installed each library with its own licence."""
    names = zipfile.ZipFile(wheel).namelist()
    assert "ictool/gui/shell/icon/ictool.svg" in names
    assert any(n.endswith(".dist-info/LICENSE") or n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if "THIRD_PARTY_NOTICES" in n or n.endswith((".ico", ".icns"))]
