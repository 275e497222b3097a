"""The final dataset: one value per cell, never picked silently."""

from __future__ import annotations

import functools
from pathlib import Path

from ictool.core import coding
from ictool.core.codebook.export import write_codebook_csv
from ictool.core.codebook.model import Codebook
from ictool.core.project import Project
from ictool.core.reconcile import CellStatus, FinalCell, final_dataset, set_resolution
from ictool.core.setup.codebook_update import update_codebook
from ictool.core.setup.coders import add_coders
from ictool.core.team.assign import assign


def var(p: Project, name: str) -> str:
    v = p.codebook.get(name)
    assert v is not None
    return v.uuid


def test_every_status(populated_project: Project) -> None:
    p = populated_project
    add_coders(p, ["Lee"])
    assign(p)
    a, j, lee = (p.coder(n).uuid for n in ("Amira", "Jonas", "Lee"))
    d1, d2, d3 = (d.uuid for d in p.documents())
    s = functools.partial(coding.set_value, p)
    s(a, d1, var(p, "gender"), 1)
    s(j, d1, var(p, "gender"), 1)
    s(lee, d1, var(p, "gender"), 1)  # agreed by three
    s(a, d2, var(p, "gender"), 1)
    s(j, d2, var(p, "gender"), 2)
    s(lee, d2, var(p, "gender"), 1)  # majority is not agreement
    s(a, d3, var(p, "gender"), 2)
    s(j, d3, var(p, "gender"), 9)
    set_resolution(p, d3, var(p, "gender"), 9, note="not said")
    s(a, d1, var(p, "motives"), (1, 2))
    s(j, d1, var(p, "motives"), (2, 1))
    s(a, d1, var(p, "age_join"), 33)
    s(a, d1, var(p, "memo"), "Same words")
    s(j, d1, var(p, "memo"), "  Same words ")
    s(a, d2, var(p, "memo"), "They lied")
    s(j, d2, var(p, "memo"), "Money")
    s(lee, d2, var(p, "memo"), "They lied")
    set_resolution(p, d2, var(p, "disillusion"), 4)  # nobody coded it; the lead decided

    final = final_dataset(p)
    assert [v.name for v in final.variables] == [v.name for v in p.codebook]
    cell = final.cell
    assert cell(d1, var(p, "gender")) == FinalCell(1, CellStatus.AGREED)
    assert cell(d2, var(p, "gender")) == FinalCell(None, CellStatus.UNRESOLVED)
    assert cell(d3, var(p, "gender")) == FinalCell(9, CellStatus.RESOLVED)
    assert cell(d1, var(p, "motives")) == FinalCell((1, 2), CellStatus.AGREED)
    assert cell(d1, var(p, "age_join")) == FinalCell(33, CellStatus.SINGLE)
    assert cell(d2, var(p, "age_join")) == FinalCell(None, CellStatus.NOT_CODED)
    assert cell(d1, var(p, "memo")) == FinalCell("Same words", CellStatus.AGREED)
    combined = cell(d2, var(p, "memo"))
    assert combined == FinalCell("[Amira, Lee] They lied\n[Jonas] Money", CellStatus.COMBINED)
    assert cell(d2, var(p, "disillusion")) == FinalCell(4, CellStatus.RESOLVED)
    assert final.unresolved == 1
    counts = final.status_counts()
    assert counts[CellStatus.UNRESOLVED] == 1 and counts[CellStatus.RESOLVED] == 2
    assert sum(counts.values()) == 3 * len(p.codebook)


def test_resolution_wins_over_agreement_and_clearing_restores(populated_project: Project) -> None:
    from ictool.core.reconcile import clear_resolution

    p = populated_project
    a, j = p.coder("Amira").uuid, p.coder("Jonas").uuid
    d1 = p.documents()[0].uuid
    coding.set_value(p, a, d1, var(p, "disillusion"), 2)
    coding.set_value(p, j, d1, var(p, "disillusion"), 2)
    set_resolution(p, d1, var(p, "disillusion"), 3, note="both misread the end")
    assert final_dataset(p).cell(d1, var(p, "disillusion")) == FinalCell(3, CellStatus.RESOLVED)
    clear_resolution(p, d1, var(p, "disillusion"))
    assert final_dataset(p).cell(d1, var(p, "disillusion")) == FinalCell(2, CellStatus.AGREED)


def test_retired_variables_are_left_out(populated_project: Project, tmp_path: Path) -> None:
    p = populated_project
    a = p.coder("Amira").uuid
    d1 = p.documents()[0].uuid
    coding.set_value(p, a, d1, var(p, "disillusion"), 2)
    sheet = tmp_path / "cb.csv"
    write_codebook_csv(Codebook(tuple(v for v in p.codebook if v.name != "disillusion")), sheet)
    update_codebook(p, sheet, allow_remove=True)
    p.invalidate_codebook()
    final = final_dataset(p)
    assert "disillusion" not in [v.name for v in final.variables]
    assert any(r.value == 2 for r in coding.all_values(p))  # the coding itself is kept
