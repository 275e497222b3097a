"""Previewing a codebook update: the same changes and problems the update would have, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictool.core.errors import ValidationError
from ictool.core.project import Project
from ictool.core.setup.codebook_update import preview_update, update_codebook
from tests.core.test_codebook_update import base_rows, coded, edited, state, without, write_sheet

__all__ = ["coded"]  # the fixture, used by name


def test_preview_lists_the_update_s_changes_and_writes_nothing(coded: Project, tmp_path: Path) -> None:
    rows = edited(base_rows(), "gender", label="Gender of respondent")
    rows.append({"name": "exit_year", "label": "Year of exit", "level": "interval"})
    sheet = write_sheet(tmp_path / "v2.csv", rows)
    before = state(coded)
    changes, problems = preview_update(coded, sheet)
    assert problems == [] and state(coded) == before
    assert changes.version == 1
    assert changes.lines() == update_codebook(coded, sheet).lines()


def test_preview_counts_removals_in_use_instead_of_refusing_them(coded: Project, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "v2.csv", without(base_rows(), "motives"))
    before = state(coded)
    changes, problems = preview_update(coded, sheet)
    assert problems == [] and state(coded) == before
    assert [(r.name, r.values) for r in changes.removed_variables] == [("motives", 2)]
    with pytest.raises(ValidationError):
        update_codebook(coded, sheet)  # the update itself still needs allow_remove


def test_preview_reports_values_a_change_would_invalidate(coded: Project, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "v2.csv", edited(base_rows(), "age_join", max="50"))
    _changes, problems = preview_update(coded, sheet)
    assert problems and "age_join" in problems[0]
    with pytest.raises(ValidationError) as refused:
        update_codebook(coded, sheet)
    assert refused.value.problems == problems


def test_an_unreadable_sheet_raises_as_the_update_does(coded: Project, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "bad.csv", edited(base_rows(), "gender", level="enormous"))
    with pytest.raises(ValidationError) as refused:
        preview_update(coded, sheet)
    assert any("row 2" in p for p in refused.value.problems)


def test_the_same_sheet_previews_as_empty(coded: Project, tmp_path: Path) -> None:
    changes, problems = preview_update(coded, write_sheet(tmp_path / "cb.csv", base_rows()))
    assert changes.empty and problems == []
