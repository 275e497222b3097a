"""Alphas first, intervals later: one line's data set and intervals computed after the alphas are
the report's own — checked on the demo project against ``project_reliability`` with a bootstrap."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from ictool.core import coding
from ictool.core.demo.build import build_demo
from ictool.core.project import Project
from ictool.core.reliability import Cancelled, ReliabilityInput, compute_alpha, reliability_report
from ictool.core.reliability.from_project import (
    Selection,
    done_counts,
    project_input,
    project_inputs,
    project_reliability,
    variable_data,
)
from ictool.core.reliability.intervals import Interval, report_intervals, with_intervals
from ictool.core.reliability.project_report import line_coders


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.ictool")


def test_each_line_alone_has_the_report_alpha(demo: Path) -> None:
    with Project.open(demo, readonly=True) as p:
        report = project_reliability(p)
        codings = project_input(p)
        assert variable_data(p, "motivations=5") is not None
    names = [v.name for v in report.variables]
    assert "motivations=5" in names and "country" in names  # options and plain variables
    for v in report.variables:
        line = codings.line(v.name)
        assert line is not None and line.name == v.name
        assert line.data is not None
        result = compute_alpha(line.data)
        assert result.alpha == v.alpha and result.pairable_values == v.pairable_values, v.name
    assert codings.line("no_such_variable") is None
    assert codings.line("motivations=42") is None
    assert codings.line("motivations") is None  # a multi-select is scored by option only


def test_the_input_is_the_one_all_values_gives(demo: Path) -> None:
    with Project.open(demo, readonly=True) as p:
        fast = project_input(p)
        plain = ReliabilityInput(p.codebook, coding.all_values(p))
    assert fast.coder_names == plain.coder_names and len(fast) == len(plain) > 800
    assert fast._values == plain._values  # same distinct values, in the same order
    for a, b in zip(fast._arrays(), plain._arrays(), strict=True):
        assert np.array_equal(a, b)


def test_inputs_read_together_are_each_the_one_their_rows_give(demo: Path) -> None:
    """One read for several selections (the rounds' view): each input is the row-by-row one of its
    documents, whatever else was read alongside it."""
    with Project.open(demo, readonly=True) as p:
        uuids = [d.uuid for d in p.documents()]
        wanted = [frozenset(uuids[:4]), frozenset(uuids[3:9]), None]
        together = project_inputs(p, [Selection(w) for w in wanted])
        rows = list(coding.all_values(p))
        alone = [ReliabilityInput(p.codebook, [r for r in rows if w is None or r[2] in w]) for w in wanted]
    assert [len(t) for t in together] == [len(a) for a in alone]
    assert len(together[0]) < len(together[1]) < len(together[2])
    for fast, plain in zip(together, alone, strict=True):
        assert fast.coder_names == plain.coder_names and fast._values == plain._values
        for a, b in zip(fast._arrays(), plain._arrays(), strict=True):
            assert np.array_equal(a, b)


def test_a_first_look_leaves_out_only_the_diagnostics(demo: Path) -> None:
    with Project.open(demo, readonly=True) as p:
        codings = project_input(p)
        full = project_reliability(p)
    quick = reliability_report(codings, done_counts={"Amira": 12, "Jonas": 12, "Lena": 10}, diagnostics=False)
    assert quick.pairwise == {} and quick.leave_one_out == {} and quick.coders == full.coders
    # the kappas, coincidence matrices and per-category alphas are the per-line diagnostics
    left_out = {"cohen_kappa": None, "fleiss_kappa": None, "gwet_ac1": None, "coincidences": None}
    assert any(v.coincidences is not None for v in full.variables)
    for a, b in zip(quick.variables, full.variables, strict=True):
        assert a == dataclasses.replace(b, **left_out, category_alpha=None, sample=None)
    for v in full.variables:
        line = codings.line(v.name)
        assert line is not None
        who = line_coders(line, codings.coder_names)
        assert who is not None
        assert who.pairwise == full.pairwise[v.name] and dict(who.leave_one_out) == full.leave_one_out[v.name]


def test_done_counts_name_every_coder(demo: Path) -> None:
    with Project.open(demo, readonly=True) as p:
        assert done_counts(p) == {"Amira": 12, "Jonas": 12, "Lena": 10}


def test_intervals_afterwards_equal_the_bootstrapped_report(demo: Path) -> None:
    with Project.open(demo, readonly=True) as p:
        expected = project_reliability(p, bootstrap=200, seed=11)
        report = project_reliability(p)
        codings = project_input(p)
    names = [v.name for v in report.variables]
    first = report_intervals(codings, 200, 11, skip=names[10:])  # two sittings, in either order
    rest = report_intervals(codings, 200, 11, skip=names[:10])
    assert set(first) == set(names[:10]) and set(rest) == set(names[10:])
    combined = with_intervals(report, {**rest, **first}, 200, 11)
    assert combined.to_json_dict() == expected.to_json_dict()
    assert first["country"] == Interval((1.0, 1.0), {"0.667": 0.0, "0.8": 0.0})


def test_a_report_is_never_completed_with_lines_missing(demo: Path) -> None:
    with Project.open(demo, readonly=True) as p:
        report = project_reliability(p)
        codings = project_input(p)
    some = report_intervals(codings, 50, skip=[v.name for v in report.variables[3:]])
    with pytest.raises(ValueError, match="no interval yet"):
        with_intervals(report, some, 50)


def test_undefined_lines_have_no_interval_and_cancel_keeps_what_was_given(demo: Path) -> None:
    with Project.open(demo, readonly=True) as p:
        codings = project_input(p)
    seen: dict[str, Interval | None] = {}
    steps: list[tuple[int, int]] = []

    def cancel() -> bool:
        return len(seen) >= 3

    with pytest.raises(Cancelled):
        report_intervals(
            codings, 100, on_line=seen.__setitem__, progress=lambda *a: steps.append(a), cancel=cancel
        )
    total = codings.line_count
    assert len(seen) == 3 and steps == [(1, total), (2, total), (3, total)]
    assert report_intervals(codings, 100)["motivations=7"] is None
