"""A damaged file met while reading: a read-only open checks less, so the read itself must say so."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from ictool.core.demo.build import build_demo
from tests.e2e.conftest import Cli


def damage_codings(source: Path, target: Path) -> None:
    """Overwrite the middle of the codings table's pages with noise, leaving the header intact."""
    target.write_bytes(source.read_bytes())
    with sqlite3.connect(target) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'codings' ORDER BY pageno")
        ]
    conn.close()
    data = bytearray(target.read_bytes())
    for page in pages[len(pages) // 3 : len(pages) // 3 + 3]:
        start = (page - 1) * page_size
        data[start : start + page_size] = bytes([0xA5]) * page_size
    target.write_bytes(bytes(data))


def test_a_damaged_page_met_by_a_report_is_a_sentence_and_changes_nothing(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "damaged.ictool"
    try:
        damage_codings(build_demo(tmp_path / "demo.ictool"), path)
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the pages")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    report = cli("report", path, "--json")
    assert report.returncode == 2 and "Traceback" not in report.stderr
    assert "damaged" in report.stderr and f"{path.name}.backups" in report.stderr
    info = cli("info", path)  # info checks every page, so it says so before reading anything
    assert info.returncode == 2 and "Traceback" not in info.stderr and "damaged" in info.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
