"""How ``info`` and ``new`` count a codebook's groups: variables without a group are not a group."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictool.core.codebook.model import Codebook, Level, Variable
from ictool.core.project import Project
from ictool.core.team.progress import format_summary, summarize, variables_in_groups


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((3, 2, 1), "3 variables in 2 groups (1 ungrouped)"),
        ((3, 2, 0), "3 variables in 2 groups"),
        ((1, 1, 0), "1 variable in 1 group"),
        ((2, 0, 2), "2 variables, none in a group"),
    ],
)
def test_variables_in_groups(counts: tuple[int, int, int], expected: str) -> None:
    assert variables_in_groups(*counts) == expected


def test_summary_lists_named_groups_and_counts_the_ungrouped(tmp_path: Path) -> None:
    codebook = Codebook(
        (
            Variable("a", Level.TEXT, group="Intro"),
            Variable("b", Level.TEXT),
            Variable("c", Level.TEXT, group="Exit"),
        )
    )
    with Project.create(tmp_path / "p.ictool", codebook, title="P", actor="lead") as project:
        summary = summarize(project)
    assert summary.groups == ["Intro", "Exit"]
    assert summary.to_json_dict()["ungrouped"] == 1
    assert "  codebook      3 variables in 2 groups (1 ungrouped); 3 text" in format_summary(summary)
