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
from ictool.core.project import Project
from ictool.core.reliability.from_project import project_reliability
from ictool.core.rounds.membership import add_to_round, round_documents
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
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
