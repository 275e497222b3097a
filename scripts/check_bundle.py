"""Build the desktop bundle with PyInstaller (build_app.spec) and check that what it made runs.

    .venv/bin/python scripts/check_bundle.py            # use dist/ictool if it is there, else build it
    .venv/bin/python scripts/check_bundle.py --build    # always build first

Offscreen (QT_QPA_PLATFORM=offscreen), it runs the bundled ``ictool --version`` and ``--version --verbose``,
builds the demo with ``ictool demo --no-gui``, runs ``ictool report`` and an xlsx and SPSS export on it, and
starts the bundled GUI (on nothing, then on the demo), which must still be running after a few seconds.
It prints the build time and the bundle's size; the size must stay under the budget (250 MB).
``tests/bundle/test_bundle.py`` runs the same checks (``pytest -m bundle``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "ictool"
SIZE_BUDGET_MB = 250
GUI_SECONDS = 5.0


def build(root: Path = ROOT) -> float:
    """Run PyInstaller on build_app.spec; return the seconds it took."""
    started = time.monotonic()
    pyinstaller = [sys.executable, "-m", "PyInstaller", "build_app.spec", "--noconfirm"]
    result = subprocess.run(pyinstaller, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"PyInstaller failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return time.monotonic() - started


def program(dist: Path, name: str) -> Path:
    return dist / (f"{name}.exe" if sys.platform == "win32" else name)


def size_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1024 / 1024


def offscreen_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONPATH", None)  # the bundle must find everything inside itself
    return env


def run(dist: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    exe = program(dist, "ictool")
    result = subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        env={**offscreen_env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"`ictool {' '.join(args)}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def gui_stays_up(dist: Path, *args: str, cwd: Path, seconds: float = GUI_SECONDS) -> None:
    """Start the bundled windowed app; it must still be running after ``seconds``, then it is ended."""
    exe = program(dist, "ictool-gui")
    proc = subprocess.Popen(
        [str(exe), *args],
        cwd=cwd,
        env=offscreen_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        time.sleep(seconds)
        exited = proc.poll()
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            output, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    what = " ".join(("ictool-gui", *args))
    if exited is not None:
        raise AssertionError(f"the bundled `{what}` exited ({exited}) within {seconds} s:\n{output}")
    if "Traceback" in output or "ModuleNotFoundError" in output:
        raise AssertionError(f"the bundled `{what}` kept running but reported an error:\n{output}")


def check(dist: Path = DIST) -> list[str]:
    """Run the bundled programs; return one line per check passed (raises on the first failure)."""
    from ictool import __version__

    done: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ictool-bundle-") as tmp:
        work = Path(tmp)
        out = run(dist, "--version", cwd=work)
        assert out.strip() == f"ictool {__version__}", out
        done.append(f"ictool --version: {out.strip()}")
        out = run(dist, "--version", "--verbose", cwd=work)
        assert "Qt" in out and "pandas" in out and "SQLite" in out, out
        done.append("ictool --version --verbose: " + "; ".join(out.strip().splitlines()[1:]))
        demo_dir = work / "demo"
        out = run(dist, "demo", "--no-gui", "--dir", str(demo_dir), cwd=work)
        projects = list(demo_dir.glob("*.ictool"))
        assert len(projects) == 1, (out, list(demo_dir.iterdir()))
        project = projects[0]
        done.append(f"ictool demo --no-gui: {project.name}")
        out = run(dist, "report", str(project), cwd=work)
        assert "alpha" in out and "reliable" in out, out
        done.append(f"ictool report: {len(out.splitlines())} lines")
        # encrypted files need sqlcipher3 (SQLCipher and OpenSSL inside it) and its notices in the bundle
        secret = {"ICTOOL_PASSPHRASE": "bundle check passphrase"}
        encrypted = work / "encrypted.ictool"
        run(dist, "encrypt", str(project), "-o", str(encrypted), cwd=work, env=secret)
        assert not encrypted.read_bytes().startswith(b"SQLite format 3"), "not encrypted"
        out = run(dist, "report", str(encrypted), cwd=work, env=secret)
        assert "alpha" in out and "reliable" in out, out
        notices = next(dist.rglob("THIRD_PARTY_NOTICES.md")).read_text(encoding="utf-8")
        assert "ZETETIC LLC" in notices and "Apache License" in notices, "SQLCipher/OpenSSL notices missing"
        done.append("ictool encrypt + report on the encrypted copy; SQLCipher and OpenSSL in the notices")
        for suffix in (".xlsx", ".sav"):
            target = work / f"final{suffix}"
            run(dist, "export", str(project), "-o", str(target), cwd=work)
            assert target.stat().st_size > 0
            done.append(f"ictool export {target.name}: {target.stat().st_size} bytes")
        gui_stays_up(dist, cwd=work)
        done.append(f"ictool-gui: still running after {GUI_SECONDS:g} s")
        gui_stays_up(dist, str(project), cwd=work)
        done.append(f"ictool-gui {project.name}: still running after {GUI_SECONDS:g} s")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build", action="store_true", help="build the bundle even if dist/ictool exists")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.build or not program(DIST, "ictool").exists():
        print("building dist/ictool with PyInstaller…", flush=True)
        print(f"build time: {build():.0f} s")
    try:
        for line in check(DIST):
            print(f"ok  {line}")
    except AssertionError as exc:
        print(f"FAILED  {exc}", file=sys.stderr)
        return 1
    size = size_mb(DIST)
    print(f"bundle size: {size:.0f} MB (budget {SIZE_BUDGET_MB} MB)")
    if size > SIZE_BUDGET_MB:
        print(f"FAILED  the bundle is over its {SIZE_BUDGET_MB} MB budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
