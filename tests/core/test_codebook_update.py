"""A new codebook version from an edited sheet: identities kept, stored values protected, one version bump."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.codebook.model import Kind, Level
from ictool.core.errors import ValidationError
from ictool.core.project import Project
from ictool.core.setup.codebook_update import FieldChange, update_codebook
from ictool.core.store import audit_repo, codings_repo

COLUMNS = ["name", "label", "level", "choices", "group", "description", "missing", "multiple", "min", "max"]
GENDER = "1, Woman | 2, Man | 9, Not mentioned"
DISILLUSION = "1, None | 2, Low | 3, Medium | 4, High"
MOTIVES = "1, Ideology | 2, Belonging | 3, Money"


def base_rows() -> list[dict[str, str]]:
    """The sheet that describes ``make_codebook()`` exactly."""
    return [
        {"name": "gender", "label": "Gender", "level": "nominal", "choices": GENDER, "group": "Demographics"}
        | {"missing": "9"},
        {"name": "age_join", "label": "Age at joining", "level": "ratio", "group": "Demographics"}
        | {"missing": "999", "min": "10", "max": "80"},
        {"name": "disillusion", "label": "Degree of disillusionment", "level": "ordinal", "group": "Exit"}
        | {"choices": DISILLUSION},
        {"name": "motives", "label": "Motivations", "level": "nominal", "group": "Motivations"}
        | {"choices": MOTIVES, "multiple": "yes"},
        {"name": "memo", "label": "Notable quote", "level": "text", "group": "Exit"},
    ]


def write_sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def edited(rows: list[dict[str, str]], variable: str, /, **cells: str) -> list[dict[str, str]]:
    return [row | cells if row["name"] == variable else row for row in rows]


def without(rows: list[dict[str, str]], name: str) -> list[dict[str, str]]:
    return [row for row in rows if row["name"] != name]


def uuids(project: Project) -> dict[str, str]:
    return {v.name: v.uuid for v in project.codebook}


def category_uuids(project: Project, name: str) -> dict[object, str]:
    var = project.full_codebook().get(name)
    assert var is not None
    return {c.code: c.uuid for c in var.choices}


def state(project: Project) -> tuple[object, ...]:
    """Everything an update could change."""
    return (
        project.full_codebook(),
        [(v.uuid, [c.uuid for c in v.choices]) for v in project.full_codebook()],
        project.meta("codebook_version"),
        audit_repo.count(project.db),
        codings_repo.all_codings(project.db),
    )


def code(project: Project, coder: str, doc: str, variable: str, value: object) -> None:
    var = project.full_codebook().get(variable)
    assert var is not None
    coding.set_value(project, project.coder(coder).uuid, project.document(doc).uuid, var.uuid, value)  # type: ignore[arg-type]


def stored(project: Project, coder: str, doc: str, variable_uuid: str) -> object:
    return coding.value(project, project.coder(coder).uuid, project.document(doc).uuid, variable_uuid)


@pytest.fixture
def coded(populated_project: Project) -> Project:
    code(populated_project, "Amira", "INT-001", "gender", 2)
    code(populated_project, "Amira", "INT-001", "motives", (1, 3))
    code(populated_project, "Jonas", "INT-001", "motives", (3,))
    code(populated_project, "Jonas", "INT-002", "age_join", 75)
    code(populated_project, "Jonas", "INT-002", "disillusion", 2)
    return populated_project


def test_the_same_sheet_changes_nothing(coded: Project, tmp_path: Path) -> None:
    before = state(coded)
    changes = update_codebook(coded, write_sheet(tmp_path / "cb.csv", base_rows()))
    assert changes.empty
    assert changes.version == 1
    assert changes.lines() == []
    assert state(coded) == before


def test_add_variable_category_relabel_and_reorder(coded: Project, tmp_path: Path) -> None:
    old_uuids = uuids(coded)
    old_motive_cats = category_uuids(coded, "motives")
    rows = edited(base_rows(), "gender", label="Gender of respondent", description="as self-described")
    rows = edited(
        rows, "motives", choices=MOTIVES.replace("3, Money", "3, Money or status") + " | 4, Revenge"
    )
    rows = [rows[2], rows[0], rows[1], rows[3], rows[4]]  # disillusion first
    rows.append(
        {"name": "exit_year", "label": "Year of exit", "level": "interval", "min": "1950", "max": "2030"}
    )
    audit_before = audit_repo.count(coded.db)

    changes = update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows))

    assert changes.version == 2
    assert coded.codebook_version == 2
    assert changes.added_variables == ["exit_year"]
    assert changes.removed_variables == []
    assert [(c.variable, c.code, c.label) for c in changes.added_categories] == [("motives", 4, "Revenge")]
    assert changes.removed_categories == []
    assert [(c.variable, c.field, c.old, c.new) for c in changes.changed] == [
        ("gender", "label", "Gender", "Gender of respondent"),
        ("gender", "description", "", "as self-described"),
        ("motives", "category 3 label", "Money", "Money or status"),
    ]
    assert changes.order is not None
    assert changes.order[1] == ("disillusion", "gender", "age_join", "motives", "memo")

    codebook = coded.codebook
    assert [v.name for v in codebook] == ["disillusion", "gender", "age_join", "motives", "memo", "exit_year"]
    new_uuids = uuids(coded)
    assert {k: new_uuids[k] for k in old_uuids} == old_uuids  # identities kept
    motives = codebook.get("motives")
    assert motives is not None
    assert [(c.code, c.label) for c in motives.choices] == [
        (1, "Ideology"),
        (2, "Belonging"),
        (3, "Money or status"),
        (4, "Revenge"),
    ]
    assert {c.code: c.uuid for c in motives.choices if c.code != 4} == old_motive_cats
    exit_year = codebook.get("exit_year")
    assert exit_year is not None
    assert (exit_year.level, exit_year.kind, exit_year.minimum, exit_year.maximum) == (
        Level.INTERVAL,
        Kind.NUMBER,
        1950,
        2030,
    )
    # the codings still read back, attached to the same variables
    assert stored(coded, "Amira", "INT-001", old_uuids["gender"]) == 2
    assert stored(coded, "Amira", "INT-001", old_uuids["motives"]) == (1, 3)
    assert stored(coded, "Jonas", "INT-002", old_uuids["age_join"]) == 75
    # one audit entry per change, plus the version entry
    entries = audit_repo.entries(coded.db)[audit_before:]
    assert sorted(e.action for e in entries) == sorted(
        [
            "codebook: add variable",
            "codebook: add category",
            "codebook: change label",
            "codebook: change description",
            "codebook: change category 3 label",
            "codebook: reorder variables",
            "codebook: new version",
        ]
    )
    assert all(e.origin == "system" for e in entries)
    added = next(e for e in entries if e.action == "codebook: add variable")
    assert (added.variable_uuid, added.new) == (exit_year.uuid, "exit_year")


def test_new_codings_use_the_new_category(coded: Project, tmp_path: Path) -> None:
    rows = edited(base_rows(), "motives", choices=MOTIVES + " | 4, Revenge")
    update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows))
    code(coded, "Amira", "INT-002", "motives", (4, 1))
    assert stored(coded, "Amira", "INT-002", uuids(coded)["motives"]) == (1, 4)


def test_removing_a_coded_variable_needs_allow_remove(coded: Project, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "v2.csv", without(base_rows(), "age_join"))
    before = state(coded)
    with pytest.raises(ValidationError) as caught:
        update_codebook(coded, sheet)
    assert caught.value.problems == [
        "v2.csv: the variable 'age_join' is not in the sheet but has 1 value; use --allow-remove to "
        "retire it (its values are kept, but no longer coded)"
    ]
    assert state(coded) == before

    age_uuid = uuids(coded)["age_join"]
    changes = update_codebook(coded, sheet, allow_remove=True)
    assert [(r.name, r.values) for r in changes.removed_variables] == [("age_join", 1)]
    assert changes.version == 2
    assert coded.codebook.get("age_join") is None
    retired = coded.full_codebook().get("age_join")
    assert retired is not None and retired.uuid == age_uuid
    rows = codings_repo.all_codings(coded.db)
    assert [(r[1], r[3], r[5]) for r in rows if r[4] == age_uuid] == [("Jonas", "INT-002", "75")]
    assert stored(coded, "Jonas", "INT-002", age_uuid) == 75
    removed = [e for e in audit_repo.entries(coded.db) if e.action == "codebook: remove variable"]
    assert [(e.variable_uuid, e.old) for e in removed] == [(age_uuid, "age_join")]


def test_removing_an_uncoded_variable_needs_no_flag(coded: Project, tmp_path: Path) -> None:
    changes = update_codebook(coded, write_sheet(tmp_path / "v2.csv", without(base_rows(), "memo")))
    assert [(r.name, r.values) for r in changes.removed_variables] == [("memo", 0)]
    assert coded.codebook.get("memo") is None


def test_removing_a_coded_category_needs_allow_remove(coded: Project, tmp_path: Path) -> None:
    rows = edited(base_rows(), "motives", choices="1, Ideology | 2, Belonging")
    sheet = write_sheet(tmp_path / "v2.csv", rows)
    before = state(coded)
    with pytest.raises(ValidationError) as caught:
        update_codebook(coded, sheet)
    assert caught.value.problems == [
        "v2.csv: the category 3 'Money' of 'motives' is not in the sheet but has 2 values; use "
        "--allow-remove to retire it (its values are kept, but no longer coded)"
    ]
    assert state(coded) == before

    motives_uuid = uuids(coded)["motives"]
    changes = update_codebook(coded, sheet, allow_remove=True)
    assert [(c.variable, c.code, c.values) for c in changes.removed_categories] == [("motives", 3, 2)]
    motives = coded.codebook.get("motives")
    assert motives is not None
    assert [c.code for c in motives.choices] == [1, 2]
    full = coded.full_codebook().get("motives")
    assert full is not None
    assert [(c.code, c.label) for c in full.choices] == [(1, "Ideology"), (2, "Belonging"), (3, "Money")]
    assert stored(coded, "Amira", "INT-001", motives_uuid) == (1, 3)
    assert stored(coded, "Jonas", "INT-001", motives_uuid) == (3,)


def test_a_readded_category_gets_its_old_identity_back(coded: Project, tmp_path: Path) -> None:
    money = category_uuids(coded, "motives")[3]
    rows = edited(base_rows(), "motives", choices="1, Ideology | 2, Belonging")
    update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows), allow_remove=True)
    changes = update_codebook(coded, write_sheet(tmp_path / "v3.csv", base_rows()))
    assert [(c.code, c.label) for c in changes.added_categories] == [(3, "Money")]
    assert changes.version == 3
    full = coded.full_codebook().get("motives")
    assert full is not None
    assert [(c.code, c.uuid == money) for c in full.choices] == [(1, False), (2, False), (3, True)]


def test_removing_an_unused_category_needs_no_flag(coded: Project, tmp_path: Path) -> None:
    rows = edited(base_rows(), "disillusion", choices="1, None | 2, Low | 3, Medium")
    changes = update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows))
    assert [(c.code, c.values) for c in changes.removed_categories] == [(4, 0)]


@pytest.mark.parametrize(
    ("name", "cells", "problem"),
    [
        (
            "motives",
            {"multiple": "no"},
            "'motives' would change from multi to single, which its 2 stored values cannot follow; "
            "add a new variable instead",
        ),
        (
            "gender",
            {"multiple": "yes", "missing": ""},
            "'gender' would change from single to multi, which its 1 stored value cannot follow; "
            "add a new variable instead",
        ),
        (
            "disillusion",
            {"level": "interval", "choices": "", "min": "1", "max": "4"},
            "'disillusion' would change from single to number, which its 1 stored value cannot follow; "
            "add a new variable instead",
        ),
        (
            "age_join",
            {"max": "60"},
            "'age_join': 1 coding holds 75, which the new codebook refuses: 75 is outside the range of "
            "‘age_join’ (10 to 60); missing codes: 999",
        ),
    ],
)
def test_changes_that_would_invalidate_values_are_refused(
    coded: Project, tmp_path: Path, name: str, cells: dict[str, str], problem: str
) -> None:
    before = state(coded)
    with pytest.raises(ValidationError) as caught:
        update_codebook(coded, write_sheet(tmp_path / "v2.csv", edited(base_rows(), name, **cells)))
    assert caught.value.problems == [problem]
    assert state(coded) == before


def test_dropping_a_missing_code_in_use_is_refused(coded: Project, tmp_path: Path) -> None:
    code(coded, "Amira", "INT-003", "age_join", 999)
    with pytest.raises(ValidationError, match="999 is outside the range"):
        update_codebook(coded, write_sheet(tmp_path / "v2.csv", edited(base_rows(), "age_join", missing="")))


def test_all_problems_are_listed_together(coded: Project, tmp_path: Path) -> None:
    rows = edited(without(base_rows(), "gender"), "age_join", max="50")
    rows = edited(rows, "motives", multiple="no", choices="1, Ideology")
    with pytest.raises(ValidationError) as caught:
        update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows))
    problems = caught.value.problems
    assert len(problems) == 3, problems  # the kind change of motives covers its lost category
    assert problems[0].startswith("v2.csv: the variable 'gender' is not in the sheet but has 1 value")
    assert problems[1].startswith("'age_join': 1 coding holds 75")
    assert problems[2].startswith("'motives' would change from multi to single")


def test_kind_change_of_an_uncoded_variable_is_allowed(coded: Project, tmp_path: Path) -> None:
    rows = edited(base_rows(), "memo", level="nominal", choices="1, Yes | 2, No")
    changes = update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows))
    memo = coded.codebook.get("memo")
    assert memo is not None and memo.kind is Kind.SINGLE
    assert FieldChange("memo", "kind", "text", "single", memo.uuid) in changes.changed


def test_nominal_to_ordinal_keeps_values_and_is_reported(coded: Project, tmp_path: Path) -> None:
    changes = update_codebook(
        coded, write_sheet(tmp_path / "v2.csv", edited(base_rows(), "gender", level="ordinal"))
    )
    assert [(c.variable, c.field, c.old, c.new) for c in changes.changed] == [
        ("gender", "level", "nominal", "ordinal")
    ]
    gender = coded.codebook.get("gender")
    assert gender is not None and gender.level is Level.ORDINAL
    assert stored(coded, "Amira", "INT-001", gender.uuid) == 2


def test_widening_a_range_and_reordering_categories(coded: Project, tmp_path: Path) -> None:
    rows = edited(base_rows(), "age_join", min="0", max="99")
    rows = edited(rows, "motives", choices="3, Money | 1, Ideology | 2, Belonging")
    changes = update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows))
    assert [(c.variable, c.field, c.old, c.new) for c in changes.changed] == [
        ("age_join", "min", "10", "0"),
        ("age_join", "max", "80", "99"),
        ("motives", "category order", "1, 2, 3", "3, 1, 2"),
    ]
    assert changes.version == 2


def test_variable_names_match_ignoring_case(coded: Project, tmp_path: Path) -> None:
    gender_uuid = uuids(coded)["gender"]
    changes = update_codebook(
        coded, write_sheet(tmp_path / "v2.csv", edited(base_rows(), "gender", name="Gender"))
    )
    assert [(c.field, c.old, c.new) for c in changes.changed] == [("name", "gender", "Gender")]
    assert uuids(coded)["Gender"] == gender_uuid


def test_a_bad_sheet_lists_its_problems_and_changes_nothing(coded: Project, tmp_path: Path) -> None:
    before = state(coded)
    rows = edited(base_rows(), "gender", level="colour")
    with pytest.raises(ValidationError, match="row 2"):
        update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows))
    assert state(coded) == before


def test_version_bumps_once_per_update(coded: Project, tmp_path: Path) -> None:
    rows = edited(base_rows(), "gender", label="Sex", group="People", description="d")
    assert update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows)).version == 2
    assert update_codebook(coded, write_sheet(tmp_path / "v2.csv", rows)).version == 2
    versions = [e for e in audit_repo.entries(coded.db) if e.action == "codebook: new version"]
    assert [(e.old, e.new) for e in versions] == [("1", "2 (v2.csv)")]


def test_recasing_a_text_code_in_use_is_refused(coded: Project, tmp_path: Path) -> None:
    consent = {"name": "consent", "label": "Consent", "level": "nominal", "choices": "y, Yes | n, No"}
    update_codebook(coded, write_sheet(tmp_path / "v2.csv", [*base_rows(), consent]))
    code(coded, "Amira", "INT-002", "consent", "y")
    recased = consent | {"choices": "Y, Yes | n, No"}
    with pytest.raises(ValidationError) as caught:
        update_codebook(coded, write_sheet(tmp_path / "v3.csv", [*base_rows(), recased]))
    assert caught.value.problems == [
        "'consent': 1 coding holds \"y\", which the new codebook would read as a different value"
    ]
    assert stored(coded, "Amira", "INT-002", uuids(coded)["consent"]) == "y"
