"""An export reads a frozen copy: people saving meanwhile are never blocked, and nothing is left behind."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ictool.core import coding
from ictool.core.export import export_project
from ictool.core.project import Project


def test_saving_during_an_export_is_not_blocked(populated_project: Project, tmp_path: Path) -> None:
    p = populated_project
    amira = p.coder("Amira")
    gender = p.codebook.get("gender")
    assert gender is not None
    for doc in p.documents():
        coding.set_value(p, amira.uuid, doc.uuid, gender.uuid, 1)
    waits: list[float] = []

    def progress(stage: str) -> None:
        if stage.startswith("writing"):
            # Another program saves into the project while the export is writing.
            conn = sqlite3.connect(p.path, timeout=0.5)
            started = time.monotonic()
            conn.execute("UPDATE meta SET value = 'Renamed meanwhile' WHERE key = 'title'")
            conn.commit()
            waits.append(time.monotonic() - started)
            conn.close()

    out = tmp_path / "out"
    out.mkdir()
    with Project.open(p.path, readonly=True) as reader:
        result = export_project(reader, out / "final.xlsx", progress=progress)
    assert result.path.exists()
    assert waits and waits[0] < 0.5
    assert sorted(x.name for x in out.iterdir()) == ["final.xlsx"]  # the frozen copy is gone
    import openpyxl

    about = {
        r[0]: r[1] for r in openpyxl.load_workbook(out / "final.xlsx")["About"].iter_rows(values_only=True)
    }
    assert about.get("project_title") == "Study"  # the moment the export started, not the rename
