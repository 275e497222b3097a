"""Benchmark: ``merge``, ``report`` and opening, on an encrypted project against the same one in plain.

Run as a script, not collected by pytest::

    .venv/bin/python tests/bench/bench_encryption.py [--documents 200] [--variables 100] [--repeats 3]
                                                     [--keep DIR]

The plain inputs are ``bench_merge.build``'s (a project, three coders' coded packages); the encrypted
ones are ``encrypt_file`` copies of them (the same pages, SQLCipher 4 with its default settings). Each
figure is the best of ``--repeats`` fresh processes, as a person runs the command:
- merge: ``ictool merge`` of the three packages into a fresh copy of the pristine project (backup,
  checks, one transaction), encrypted project and packages against plain ones;
- report: ``ictool report --json`` on the merged project;
- open: importing nothing more than the command does, ``Project.open(readonly=True)`` and ``close`` in a
  fresh process (for an encrypted file: loading ``sqlcipher3`` and deriving the key once).
Targets (issue 15): merge and report at most 1.6× plain; opening at most 0.3 s more. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ictool.core.store.files import encrypt_file  # noqa: E402
from tests.bench.as_installed import compile_package  # noqa: E402
from tests.bench.bench_merge import build  # noqa: E402

PASS = "bench passphrase"


def run(*args: str | Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ictool.cli.main", *map(str, args)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    return time.perf_counter() - started


OPEN = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "started = time.perf_counter()\n"
    "from ictool.core.project import Project\n"
    "imported = time.perf_counter()\n"
    "from ictool.core.store import cipher\n"
    "if len(sys.argv) > 2: cipher.remember(Path(sys.argv[1]), sys.argv[2])\n"
    "Project.open(Path(sys.argv[1]), readonly=True).close()\n"
    "print(time.perf_counter() - imported)\n"
)


def open_seconds(path: Path, *passphrase: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", OPEN, str(path), *passphrase],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return float(result.stdout.strip())


def merge_seconds(
    folder: Path, pristine: Path, packages: list[Path], env: dict[str, str]
) -> tuple[float, Path]:
    work = folder / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    target = work / "project.ictool"
    shutil.copyfile(pristine, target)
    return run("--as", "lead", "merge", target, *packages, env=env), target


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--variables", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the inputs in DIR")
    args = parser.parse_args()
    compile_package()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ictool-bench-encryption-"))
    folder.mkdir(parents=True, exist_ok=True)
    pristine, packages = build(folder, args.documents, args.variables, 3)
    secret = folder / "encrypted"
    if not secret.is_dir():
        secret.mkdir()
        encrypt_file(pristine, secret / pristine.name, PASS)
        for package in packages:
            encrypt_file(package, secret / package.name, PASS)
    enc_pristine = secret / pristine.name
    enc_packages = [secret / p.name for p in packages]
    env = {"ICTOOL_PASSPHRASE": PASS}
    figures: dict[str, list[float]] = {k: [] for k in ("merge", "merge_enc", "report", "report_enc")}
    for _ in range(args.repeats):
        seconds, merged = merge_seconds(folder / "plain-run", pristine, packages, {})
        figures["merge"].append(seconds)
        figures["report"].append(run("report", merged, "--json"))
        seconds, merged = merge_seconds(folder / "enc-run", enc_pristine, enc_packages, env)
        figures["merge_enc"].append(seconds)
        figures["report_enc"].append(run("report", merged, "--json", env=env))
    opened = min(open_seconds(pristine) for _ in range(args.repeats))
    opened_enc = min(open_seconds(enc_pristine, PASS) for _ in range(args.repeats))
    best = {k: min(v) for k, v in figures.items()}
    size = f"{args.documents} documents × {args.variables} variables × 3 coders"
    print(f"{size}, best of {args.repeats} ({folder})")
    print(
        f"merge   plain {best['merge']:.2f} s, encrypted {best['merge_enc']:.2f} s "
        f"({best['merge_enc'] / best['merge']:.2f}×)"
    )
    print(
        f"report  plain {best['report']:.2f} s, encrypted {best['report_enc']:.2f} s "
        f"({best['report_enc'] / best['report']:.2f}×)"
    )
    print(f"open    plain {opened:.3f} s, encrypted {opened_enc:.3f} s (+{opened_enc - opened:.3f} s)")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
