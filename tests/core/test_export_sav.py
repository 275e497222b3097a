"""The SPSS export read back with pyreadstat: labels, value labels, user-missing codes, 0/1 options."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyreadstat
import pytest

from ictool.core import coding
from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.errors import UserError
from ictool.core.export import export_project
from ictool.core.project import Project
from ictool.core.reconcile import set_resolution
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from tests.conftest import write_transcripts

ARABIC = "قال: «تركتُ الجماعة» 🙂"


def make_codebook() -> Codebook:
    return Codebook(
        (
            Variable(
                "gender",
                Level.NOMINAL,
                label="Gender",
                choices=(
                    Category(1, "Woman"),
                    Category(2, "Man"),
                    Category(8, "Refused"),
                    Category(9, "N/A"),
                ),
                missing=(8, 9),
            ),
            Variable(
                "consent",
                Level.NOMINAL,
                label="Consent given",
                choices=(Category("yes", "Yes"), Category("no", "No"), Category("dk", "Don't know")),
                missing=("dk",),
            ),
            Variable("age", Level.RATIO, label="Age", minimum=10, maximum=80, missing=(-99, -98, -97, -96)),
            Variable("score", Level.INTERVAL, label="Score", minimum=0, maximum=10),
            Variable(
                "doubt",
                Level.ORDINAL,
                label="Doubts",
                choices=tuple(Category(i, lab) for i, lab in enumerate(["None", "Some", "Strong"], 1)),
            ),
            Variable(
                "motives",
                Level.NOMINAL,
                label="Motivations",
                multiple=True,
                choices=(Category(1, "Ideology"), Category(2, "Belonging"), Category(-1, "Unclear")),
            ),
            Variable("quote", Level.TEXT, label="Notable quote"),
        )
    )


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Project]:
    p = Project.create(tmp_path / "sav.ictool", make_codebook(), title="SPSS study", actor="lead")
    try:
        import_documents(p, write_transcripts(tmp_path / "docs", 3))
        add_coders(p, ["Amira", "Jonas"])
        assign(p)
        yield p
    finally:
        p.close()


def uid(p: Project, name: str) -> str:
    v = p.codebook.get(name)
    assert v is not None
    return v.uuid


def fill(p: Project) -> None:
    a, j = p.coder("Amira").uuid, p.coder("Jonas").uuid
    d1, d2, d3 = (d.uuid for d in p.documents())
    s = functools.partial(coding.set_value, p)
    s(a, d1, uid(p, "gender"), 1)
    s(j, d1, uid(p, "gender"), 1)
    s(a, d2, uid(p, "gender"), 9)  # single-coded missing code: kept, marked user-missing
    s(a, d3, uid(p, "gender"), 1)
    s(j, d3, uid(p, "gender"), 2)  # unresolved
    s(a, d1, uid(p, "consent"), "yes")
    s(a, d2, uid(p, "consent"), "dk")
    s(a, d1, uid(p, "age"), 34)
    s(a, d2, uid(p, "age"), -98)
    s(a, d1, uid(p, "score"), 7.25)
    s(a, d1, uid(p, "doubt"), 2)
    s(j, d1, uid(p, "doubt"), 3)
    set_resolution(p, d1, uid(p, "doubt"), 3, note="listened again")
    s(a, d1, uid(p, "motives"), (1, -1))
    s(j, d1, uid(p, "motives"), (-1, 1))
    s(a, d2, uid(p, "motives"), ())
    s(a, d1, uid(p, "quote"), ARABIC)


def read(path: Path, user_missing: bool = True) -> tuple[dict[str, list[Any]], Any]:
    df, meta = pyreadstat.read_sav(str(path), user_missing=user_missing)
    return {c: list(df[c]) for c in df.columns}, meta


def same(a: list[Any], b: list[Any]) -> bool:
    def norm(x: Any) -> Any:
        return None if isinstance(x, float) and math.isnan(x) else x

    return [norm(x) for x in a] == [norm(x) for x in b]


def test_sav_values_labels_and_user_missing(study: Project, tmp_path: Path) -> None:
    fill(study)
    out = tmp_path / "final.sav"
    result = export_project(study, out)
    assert result.unresolved == 1 and result.notes == ()
    data, meta = read(out)
    assert meta.column_names == [
        "document",
        "gender",
        "consent",
        "age",
        "score",
        "doubt",
        "motives_1",
        "motives_2",
        "motives_m1",
        "quote",
    ]
    assert data["document"] == ["INT-001", "INT-002", "INT-003"]
    nan = math.nan
    assert same(data["gender"], [1.0, 9.0, nan])  # unresolved: system-missing
    assert data["consent"] == ["yes", "dk", ""]
    assert same(data["age"], [34.0, -98.0, nan])
    assert same(data["score"], [7.25, nan, nan])
    assert same(data["doubt"], [3.0, nan, nan])  # the resolution
    assert same(data["motives_1"], [1.0, 0.0, nan])
    assert same(data["motives_2"], [0.0, 0.0, nan])
    assert same(data["motives_m1"], [1.0, 0.0, nan])
    assert data["quote"] == [ARABIC, "", ""]

    labels = meta.column_names_to_labels
    assert labels["gender"] == "Gender" and labels["consent"] == "Consent given"
    assert labels["motives_1"] == "Motivations: Ideology" and labels["motives_m1"] == "Motivations: Unclear"
    vl = meta.variable_value_labels
    assert vl["gender"] == {1.0: "Woman", 2.0: "Man", 8.0: "Refused", 9.0: "N/A"}
    assert vl["consent"] == {"yes": "Yes", "no": "No", "dk": "Don't know"}
    assert vl["doubt"] == {1.0: "None", 2.0: "Some", 3.0: "Strong"}
    assert vl["motives_2"] == {0.0: "not chosen", 1.0: "chosen"}
    missing = meta.missing_ranges
    assert missing["gender"] == [{"lo": 8.0, "hi": 8.0}, {"lo": 9.0, "hi": 9.0}]
    assert missing["consent"] == [{"lo": "dk", "hi": "dk"}]
    assert missing["age"] == [{"lo": -99.0, "hi": -96.0}]  # four codes: one range, outside 10–80
    assert "score" not in missing
    assert meta.variable_measure["doubt"] == "ordinal" and meta.variable_measure["age"] == "scale"
    assert meta.variable_measure["gender"] == "nominal"
    # Without user_missing, SPSS's reading: the declared missing codes become missing.
    plain, _ = read(out, user_missing=False)
    assert same(plain["gender"], [1.0, nan, nan])
    assert same(plain["age"], [34.0, nan, nan])


def test_sav_strict_refuses_with_unresolved_cells(study: Project, tmp_path: Path) -> None:
    fill(study)
    out = tmp_path / "final.sav"
    with pytest.raises(UserError, match="1 cell of the final dataset is still unresolved"):
        export_project(study, out, strict=True)
    assert not out.exists()
    d3 = study.documents()[2].uuid
    set_resolution(study, d3, uid(study, "gender"), 2)
    assert export_project(study, out, strict=True).unresolved == 0
    data, _ = read(out)
    assert same(data["gender"], [1.0, 9.0, 2.0])


def test_more_missing_codes_than_spss_can_mark_are_reported(tmp_path: Path) -> None:
    codebook = Codebook(
        (
            Variable(
                "q",
                Level.NOMINAL,
                choices=tuple(Category(i, f"c{i}") for i in range(1, 7)),
                missing=(2, 4, 5, 6),
            ),
            Variable(
                "s",
                Level.NOMINAL,
                choices=tuple(Category(c, c.upper()) for c in "abcde"),
                missing=("a", "b", "c", "d"),
            ),
        )
    )
    with Project.create(tmp_path / "m.ictool", codebook, actor="lead") as p:
        import_documents(p, write_transcripts(tmp_path / "docs", 1))
        out = tmp_path / "m.sav"
        result = export_project(p, out)
    # 2, 4, 5, 6 as a range would swallow the valid 3; 4–6 plus the single 2 does not.
    _, meta = read(out)
    assert meta.missing_ranges["q"] == [{"lo": 4.0, "hi": 6.0}, {"lo": 2.0, "hi": 2.0}]
    # Text codes cannot form a range: three are marked and the export says which one is not.
    assert meta.missing_ranges["s"] == [{"lo": c, "hi": c} for c in "abc"]
    assert len(result.notes) == 1 and "'s'" in result.notes[0] and "d is not marked" in result.notes[0]


def test_labels_longer_than_spss_allows_are_shortened_and_said(tmp_path: Path) -> None:
    long_choice = "A choice explained at length " * 8  # 232 bytes: SPSS keeps 120 of a value label
    codebook = Codebook(
        (
            Variable(
                "q", Level.NOMINAL, label="Q" * 300, choices=(Category(1, long_choice), Category(2, "b"))
            ),
            Variable("r", Level.NOMINAL, label="short", choices=(Category(1, "a"), Category(2, "b"))),
        )
    )
    with Project.create(tmp_path / "l.ictool", codebook, actor="lead") as p:
        import_documents(p, write_transcripts(tmp_path / "docs", 1))
        out = tmp_path / "l.sav"
        result = export_project(p, out)
    _, meta = read(out)
    assert meta.column_names_to_labels["q"] == "Q" * 256
    assert meta.variable_value_labels["q"][1.0] == long_choice.encode()[:120].decode()
    assert meta.column_names_to_labels["r"] == "short"
    assert len(result.notes) == 1
    assert (
        "2 labels were shortened" in result.notes[0] and "the label of q; q's label of 1" in result.notes[0]
    )


def test_document_ids_are_text_even_without_documents(tmp_path: Path) -> None:
    with Project.create(tmp_path / "e.ictool", make_codebook(), actor="lead") as p:
        out = tmp_path / "e.sav"
        export_project(p, out)
    _, meta = read(out)
    assert meta.number_rows == 0
    assert meta.readstat_variable_types["document"] == "string"
