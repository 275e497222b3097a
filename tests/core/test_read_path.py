"""The project read behind the reliability report: every coding once, a block per coder and document."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ictool.core.demo.build import build_demo
from ictool.core.project import Project
from ictool.core.store import codings_repo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.ictool")


def stored(path: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT coder_uuid, document_uuid, variable_uuid, value FROM codings").fetchall()
    conn.close()
    return sorted(rows)


def blocks(path: Path) -> list[codings_repo.CodingBlock]:
    with Project.open(path, readonly=True) as project:
        return list(codings_repo.coding_blocks(project.db))


def test_blocks_hold_every_stored_value_once(demo: Path) -> None:
    found = blocks(demo)
    rows = sorted(
        (b.coder, b.document, variable, value)
        for b in found
        for variable, value in zip(b.variables, b.values, strict=True)
    )
    assert rows == stored(demo) and len(rows) > 800
    assert len({(b.coder, b.document) for b in found}) == len(found)  # one block per coder and document
    # blocks over the same variables share one tuple: mapped once by the reader
    by_content: dict[tuple[str, ...], int] = {}
    for b in found:
        by_content.setdefault(b.variables, id(b.variables))
        assert id(b.variables) == by_content[b.variables]
    assert len(by_content) < len(found)


def test_a_value_holding_the_separator_keeps_its_block_aligned(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.ictool"
    path.write_bytes(demo.read_bytes())
    with sqlite3.connect(path) as conn:
        coder, document, variable = conn.execute(
            "SELECT coder_uuid, document_uuid, variable_uuid FROM codings LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE codings SET value = ? WHERE coder_uuid = ? AND document_uuid = ? AND variable_uuid = ?",
            ['"a\x1eb"', coder, document, variable],
        )
    conn.close()
    assert sorted(
        (b.coder, b.document, v, x) for b in blocks(path) for v, x in zip(b.variables, b.values, strict=True)
    ) == stored(path)
