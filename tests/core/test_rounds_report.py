"""The report limited to a round, by round, against a reference coder, and stability — each checked
against an independent computation (a project holding only the round's documents; the krippendorff
package on matrices built here)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import Path

import krippendorff
import numpy as np
import pytest

from ictool.core import coding
from ictool.core.codebook.model import Value
from ictool.core.coding.values import ValueChange
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project
from ictool.core.reconcile.final import final_dataset
from ictool.core.reconcile.queue import disagreements
from ictool.core.reconcile.stream import open_stream
from ictool.core.reliability.by_round import by_round, round_inputs
from ictool.core.reliability.from_project import project_reliability
from ictool.core.reliability.project_report import reliability_report
from ictool.core.rounds.membership import add_to_round, round_documents, set_reference
from ictool.core.rounds.retest import add_retest
from ictool.core.rounds.rule import QualificationRule, qualification_rule, set_qualification_rule
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.store import codings_repo
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from ictool.core.team.merge import merge_packages
from tests.conftest import make_codebook, write_transcripts

CODERS = ("Amira", "Jonas", "Lena")
DOCS = 12
ROUND = (1, 2, 4, 7, 8, 11)  # document numbers (1-based) of the round "pilot"

Codings = Mapping[tuple[str, int], Mapping[str, Value]]  # (coder, document number) → variable → value


def random_codings(seed: int) -> dict[tuple[str, int], dict[str, Value]]:
    """Values that agree often but not always; a few not coded; a declared missing code now and then."""
    rng = random.Random(seed)
    out: dict[tuple[str, int], dict[str, Value]] = {}
    for doc in range(1, DOCS + 1):
        truth = {
            "gender": rng.choice([1, 2]),
            "disillusion": rng.randint(1, 4),
            "age_join": rng.randint(15, 60),
        }
        for coder in CODERS:
            if rng.random() < 0.1:
                continue  # not coded
            values: dict[str, Value] = {}
            for name, true in truth.items():
                if rng.random() < 0.25:
                    values[name] = {"gender": rng.choice([1, 2, 9]), "disillusion": rng.randint(1, 4)}.get(
                        name, rng.randint(15, 60)
                    )
                else:
                    values[name] = true
            values["motives"] = sorted(rng.sample([1, 2, 3], rng.randint(0, 2)))
            out[(coder, doc)] = values
    return out


def build(path: Path, docs: Sequence[int], codings: Codings, folder: Path) -> Project:
    """A project holding documents ``docs`` (numbers) and the codings of those documents only."""
    project = Project.create(path, make_codebook(), title="Study", actor="lead")
    paths = write_transcripts(folder, DOCS)
    import_documents(project, [paths[d - 1] for d in docs])
    add_coders(project, list(CODERS))
    uuid_of = {d.doc_id: d.uuid for d in project.documents()}
    variables = {v.name: v.uuid for v in project.codebook}
    coders = {c.name: c.uuid for c in project.coders()}
    changes = [
        ValueChange(coders[coder], uuid_of[f"INT-{doc:03d}"], variables[name], value)
        for (coder, doc), values in codings.items()
        if doc in docs
        for name, value in values.items()
    ]
    coding.apply(project, changes)
    return project


@pytest.fixture
def coded(tmp_path: Path) -> Project:
    project = build(tmp_path / "all.ictool", range(1, DOCS + 1), random_codings(5), tmp_path / "docs")
    add_to_round(project, "pilot", [f"INT-{d:03d}" for d in ROUND])
    add_to_round(project, "main", [f"INT-{d:03d}" for d in range(1, DOCS + 1) if d not in ROUND])
    return project


def test_a_round_report_is_the_report_of_a_project_holding_only_its_documents(
    coded: Project, tmp_path: Path
) -> None:
    only = build(tmp_path / "pilot.ictool", ROUND, random_codings(5), tmp_path / "docs2")
    try:
        restricted = project_reliability(
            coded, bootstrap=200, seed=3, documents=round_documents(coded, "pilot")
        ).to_json_dict()
        alone = project_reliability(only, bootstrap=200, seed=3).to_json_dict()
    finally:
        only.close()
    assert restricted == alone
    whole = project_reliability(coded).to_json_dict()
    assert (
        whole["variables"]
        != project_reliability(coded, documents=round_documents(coded, "pilot")).to_json_dict()["variables"]
    )


def matrix_alpha(
    codings: Codings, name: str, docs: Sequence[int], coders: Sequence[str], level: str
) -> float:
    """Alpha from the krippendorff package on the coders × documents matrix built here (missing code 9
    of gender excluded, as declared)."""
    matrix = np.full((len(coders), len(docs)), np.nan)
    for i, coder in enumerate(coders):
        for j, doc in enumerate(docs):
            value = codings.get((coder, doc), {}).get(name)
            if value is not None and not (name == "gender" and value == 9):
                matrix[i, j] = float(value)  # type: ignore[arg-type]
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


@pytest.mark.parametrize(
    ("name", "level"), [("gender", "nominal"), ("disillusion", "ordinal"), ("age_join", "ratio")]
)
def test_a_round_report_matches_the_krippendorff_package(coded: Project, name: str, level: str) -> None:
    report = project_reliability(coded, documents=round_documents(coded, "pilot"))
    alpha = next(v.alpha for v in report.variables if v.name == name)
    assert alpha == pytest.approx(matrix_alpha(random_codings(5), name, ROUND, CODERS, level), abs=1e-9)


def test_by_round_puts_each_rounds_report_side_by_side_with_the_rule(coded: Project) -> None:
    result = by_round(coded, bootstrap=200, seed=3)
    assert [r.name for r in result.rounds] == ["pilot", "main"]
    for r in result.rounds:
        alone = project_reliability(coded, bootstrap=200, seed=3, documents=round_documents(coded, r.name))
        for v in alone.variables:
            got = result.figures[v.name][r.name]
            assert (got.alpha, got.ci95, got.units, got.status) == (v.alpha, v.ci95, v.units, v.status)
            assert got.qualified == (
                v.alpha is not None and v.ci95 is not None and v.alpha >= 0.8 and v.ci95[0] >= 0.667
            )
    json = result.to_json_dict()
    assert json["rule"] == {"min_alpha": 0.8, "min_lower": 0.667}
    assert set(json["variables"][0]["rounds"]) == {"pilot", "main"}
    assert json["reference"] == {}


@pytest.mark.parametrize(
    ("alpha", "ci95", "met"),
    [
        (0.85, (0.70, 0.95), True),
        (0.85, (0.60, 0.95), False),  # the interval reaches too low: a small round proves little
        (0.79, (0.70, 0.90), False),
        (None, None, False),  # undefined never qualifies
        (0.90, None, None),  # cannot be told without the interval
    ],
)
def test_the_default_rule(alpha: float | None, ci95: tuple[float, float] | None, met: bool | None) -> None:
    assert QualificationRule().met(alpha, ci95) is met


def test_the_rule_is_the_studys_audited_and_applied(coded: Project) -> None:
    assert qualification_rule(coded) == QualificationRule(0.8, 0.667)
    set_qualification_rule(coded, min_alpha=-1.0)  # every defined alpha with a lower bound >= .667 qualifies
    assert qualification_rule(coded) == QualificationRule(-1.0, 0.667)
    last = coded.db.execute("SELECT action, old, new FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "set qualification rule" and "0.800" in last[1] and "-1.000" in last[2]
    result = by_round(coded)
    assert {f.qualified for per in result.figures.values() for f in per.values() if f.alpha is not None} == {
        None
    }
    with pytest.raises(UserError, match="between -1 and 1"):
        set_qualification_rule(coded, min_lower=1.5)
    assert qualification_rule(coded) == QualificationRule(-1.0, 0.667)


def test_alpha_against_the_reference_coder_is_the_pairs_alpha(coded: Project) -> None:
    set_reference(coded, "pilot", "Lena")
    result = by_round(coded)
    got = result.reference["pilot"]
    assert set(got["gender"]) == {"Amira", "Jonas"} and "main" not in result.reference
    codings = random_codings(5)
    for name, level in (("gender", "nominal"), ("disillusion", "ordinal"), ("age_join", "ratio")):
        for coder in ("Amira", "Jonas"):
            expected = matrix_alpha(codings, name, ROUND, [coder, "Lena"], level)
            assert got[name][coder].alpha == pytest.approx(expected, abs=1e-9), (name, coder)
    assert (
        result.to_json_dict()["reference"]["pilot"]["gender"]["Amira"]["units"]
        == got["gender"]["Amira"].units
    )


def test_a_coders_alpha_against_the_reference_has_its_interval_when_bootstrapped(coded: Project) -> None:
    """Certifying a trainee rests on the interval's lower bound: each pair gets its KALPHA interval,
    reproducible from the seed, on a stream of its own (the other pairs' intervals do not move when
    one is added), bracketing the pair's alpha; none without --bootstrap."""
    set_reference(coded, "pilot", "Lena")
    assert all(a.ci95 is None for per in by_round(coded).reference["pilot"].values() for a in per.values())
    first = by_round(coded, bootstrap=1000, seed=7).reference["pilot"]
    again = by_round(coded, bootstrap=1000, seed=7).reference["pilot"]
    other = by_round(coded, bootstrap=1000, seed=8).reference["pilot"]
    checked = 0
    for line, per in first.items():
        for coder, a in per.items():
            assert again[line][coder] == a
            if a.alpha is None:
                assert a.ci95 is None
                continue
            assert a.ci95 is not None
            low, high = a.ci95
            assert low - 1e-9 <= a.alpha <= high + 1e-9, (line, coder)
            b = other[line][coder].ci95
            assert b is not None and abs(b[0] - low) < 0.15 and abs(b[1] - high) < 0.15  # another seed
            checked += 1
    assert checked >= 10
    json = by_round(coded, bootstrap=200).to_json_dict()["reference"]["pilot"]["gender"]["Amira"]
    assert len(json["ci95"]) == 2 and json["ci95"][0] <= json["alpha"] <= json["ci95"][1]


def retest_in_a_package(project: Project, tmp_path: Path, values: Codings) -> None:
    """Amira's retest of the pilot documents she coded, coded in its own package and merged."""
    amira_docs = [d for d in ROUND if ("Amira · retest", d) in values]
    retest = add_retest(project, "amira", [f"INT-{d:03d}" for d in amira_docs])
    assert retest.identity.name == "Amira · retest" and retest.added == len(amira_docs)
    out = tmp_path / "retest.ictcoder"
    build_package(project, "Amira · retest", out)
    with CoderPackage.open(out) as pkg:
        assert coding.all_values(pkg) == []  # the earlier values are not in the package
        variables = {v.name: v.uuid for v in pkg.codebook}
        by_id = {d.doc_id: d.uuid for d in pkg.documents()}
        coding.apply(
            pkg,
            [
                ValueChange(pkg.owner.uuid, by_id[f"INT-{doc:03d}"], variables[name], value)
                for (coder, doc), per in values.items()
                if coder == "Amira · retest"
                for name, value in per.items()
            ],
        )
    merge_packages(project, [out])


def test_a_retest_identical_to_the_original_is_perfectly_stable(coded: Project, tmp_path: Path) -> None:
    before = project_reliability(coded).to_json_dict()
    earlier = coding.all_values(coded)
    codings = random_codings(5)
    same = {("Amira · retest", d): dict(v) for (c, d), v in codings.items() if c == "Amira" and d in ROUND}
    retest_in_a_package(coded, tmp_path, same)
    assert [
        r for r in coding.all_values(coded) if r.coder != "Amira · retest"
    ] == earlier  # never overwritten
    assert project_reliability(coded).to_json_dict() == before  # not a coder of the agreement
    stable = by_round(coded).stability
    for name in ("gender", "disillusion", "age_join"):
        assert stable[name]["Amira"].alpha == pytest.approx(1.0), name
        scored = [d for d in ROUND if codings.get(("Amira", d), {}).get(name) not in (None, 9)]
        assert stable[name]["Amira"].units == len(scored)  # documents with a value both times


def test_stability_is_the_alpha_of_the_coder_with_their_retest(coded: Project, tmp_path: Path) -> None:
    codings = random_codings(5)
    changed = random_codings(11)  # another draw: a coder who codes differently the second time
    again = {
        ("Amira · retest", d): dict(changed.get(("Amira", d), codings[("Amira", d)]))
        for c, d in codings
        if c == "Amira" and d in ROUND
    }
    retest_in_a_package(coded, tmp_path, again)
    both = {**codings, **again}
    stable = by_round(coded).to_json_dict()["stability"]
    for name, level in (("gender", "nominal"), ("disillusion", "ordinal"), ("age_join", "ratio")):
        expected = matrix_alpha(both, name, list(range(1, DOCS + 1)), ["Amira", "Amira · retest"], level)
        assert stable[name]["Amira"]["alpha"] == pytest.approx(expected, abs=1e-9), name


def test_a_retest_repeats_an_earlier_coding_and_assign_leaves_it_alone(coded: Project) -> None:
    uncoded = next(d for d in range(1, DOCS + 1) if ("Jonas", d) not in random_codings(5))
    with pytest.raises(UserError, match=f"Jonas has not coded INT-{uncoded:03d}"):
        add_retest(coded, "Jonas", [f"INT-{uncoded:03d}"])
    coded_doc = next(d for d in range(1, DOCS + 1) if ("Jonas", d) in random_codings(5))
    retest = add_retest(coded, "Jonas", [f"INT-{coded_doc:03d}"])
    with pytest.raises(UserError, match="is a retest identity"):
        add_retest(coded, "Jonas · retest", [f"INT-{coded_doc:03d}"])
    assign(coded, extend=True)  # the values typed in count as held: the explicit step
    assert coded.assigned_documents(retest.identity.uuid) == {coded.document(f"INT-{coded_doc:03d}").uuid}
    assert all(coded.assigned_documents(c.uuid) for c in coded.coders())
    again = add_retest(coded, "jonas", [f"INT-{coded_doc:03d}"])
    assert not again.created and again.added == 0


def test_a_retest_is_no_second_opinion_in_the_final_dataset_or_the_queue(
    coded: Project, tmp_path: Path
) -> None:
    """Stability is measured on the retest; the final values and the disagreements are the coders'."""
    final_before = final_dataset(coded).rows
    queue_before = [(d.document, d.variable) for d in disagreements(coded)]
    codings = random_codings(5)
    changed = random_codings(11)
    again = {
        ("Amira · retest", d): dict(changed.get(("Amira", d), codings[("Amira", d)]))
        for c, d in codings
        if c == "Amira" and d in ROUND
    }
    retest_in_a_package(coded, tmp_path, again)
    assert final_dataset(coded).rows == final_before
    assert [(d.document, d.variable) for d in disagreements(coded)] == queue_before
    with open_stream(coded) as stream:  # every value stays readable (the exports' Codings sheet)
        coders = {r.coder for doc in stream.documents() for rows in doc.cells.values() for r in rows}
    assert "Amira · retest" in coders


def test_by_round_reports_progress_over_every_rounds_lines(coded: Project) -> None:
    seen: list[tuple[int, int]] = []
    result = by_round(coded, bootstrap=20, seed=3, progress=lambda done, total: seen.append((done, total)))
    lines = sum(len(report.variables) for report in result.reports.values())
    assert {total for _, total in seen} == {lines}
    assert [done for done, _ in seen] == list(range(1, lines + 1))  # each line once, rounds in turn
    # with a reference coder, the pairs' intervals are a pass over that round's lines more
    set_reference(coded, "pilot", "Lena")
    seen.clear()
    result = by_round(coded, bootstrap=20, seed=3, progress=lambda done, total: seen.append((done, total)))
    more = lines + len(result.reports["pilot"].variables)
    assert {total for _, total in seen} == {more}
    assert [done for done, _ in seen] == list(range(1, more + 1))


def test_the_rounds_the_retests_and_the_whole_project_come_from_one_pass(
    coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rounds' view shows the sample plan of the whole project beside the rounds: one pass over
    the codings gives both, and what it gives is what separate reads give."""
    codings = random_codings(5)
    again = {("Amira · retest", d): dict(v) for (c, d), v in codings.items() if c == "Amira" and d in ROUND}
    retest_in_a_package(coded, tmp_path, again)
    passes: list[int] = []
    real = codings_repo.coding_blocks
    monkeypatch.setattr(codings_repo, "coding_blocks", lambda db: passes.append(1) or real(db))
    read = round_inputs(coded, whole=True)
    assert len(passes) == 1 and read.whole is not None and read.retests is not None
    monkeypatch.setattr(codings_repo, "coding_blocks", real)
    ours = reliability_report(read.whole).to_json_dict()
    separately = project_reliability(coded).to_json_dict()
    for part in ("variables", "pairwise", "leave_one_out"):
        assert ours[part] == separately[part]
    assert by_round(coded, read=read).to_json_dict() == by_round(coded).to_json_dict()
