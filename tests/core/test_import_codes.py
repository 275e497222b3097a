"""Importing one coder's values from a wide .csv/.xlsx sheet, read back through the project API."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ictool.core import coding
from ictool.core.codebook.export import write_codebook_csv
from ictool.core.codebook.model import Value
from ictool.core.errors import UserError, ValidationError
from ictool.core.project import CoderPackage, Project
from ictool.core.records import Status
from ictool.core.setup.codebook_update import update_codebook
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.store import audit_repo, coders_repo, codings_repo
from ictool.core.team.hand_out import build_package
from ictool.core.team.import_codes import import_codes
from tests.conftest import write_transcripts


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    path.write_bytes("".join(delimiter.join(r) + "\r\n" for r in rows).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def values(project: Project | CoderPackage, coder: str, doc_id: str) -> dict[str, Value]:
    """variable name -> value, read back through the coding API."""
    coder_uuid = project.coder(coder).uuid if not isinstance(project, CoderPackage) else project.owner.uuid
    doc = project.document(doc_id)
    names = {v.uuid: v.name for v in project.full_codebook()}
    return {names[k]: v for k, v in coding.values(project, coder_uuid, doc.uuid).items()}


def snapshot(project: Project | CoderPackage) -> tuple[object, ...]:
    """Everything an import could change: codings, assignments, statuses, audit length."""
    return (
        codings_repo.all_codings(project.db),
        coders_repo.assignments(project.db),
        codings_repo.all_status(project.db),
        audit_repo.count(project.db),
    )


# -- values ------------------------------------------------------------------------------------------


def test_codes_labels_multi_and_text_are_stored_one_by_one(
    populated_project: Project, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "codes.csv",
        [
            ["Document", "GENDER", "age_join", "disillusion", "motives", "memo"],
            ["INT-001", "Man", "34", "High", "Ideology|Money", "I left because of it"],
            ["INT-002", "1", "19", "2", "3 | 2", "NA"],
            ["int-003", "not mentioned", "999", "medium", "[]", ""],
        ],
    )
    report = import_codes(populated_project, "Amira", sheet)

    assert values(populated_project, "Amira", "INT-001") == {
        "gender": 2,
        "age_join": 34,
        "disillusion": 4,
        "motives": (1, 3),
        "memo": "I left because of it",
    }
    second = values(populated_project, "Amira", "INT-002")
    assert second["gender"] == 1
    assert second["age_join"] == 19
    assert second["disillusion"] == 2
    assert second["motives"] == (2, 3)  # codebook order, not typed order
    assert second["memo"] == "NA"  # a text, never pandas' missing value
    third = values(populated_project, "Amira", "INT-003")
    assert third == {"gender": 9, "age_join": 999, "disillusion": 3, "motives": ()}
    assert values(populated_project, "Jonas", "INT-001") == {}
    assert (report.values, report.changed, report.unchanged, report.documents) == (14, 14, 0, 3)
    assert report.coder == "Amira"


@pytest.mark.parametrize("typed", ["1", "1.0", "01", "001.00", " 1 "])
def test_numeric_spellings_of_a_code(populated_project: Project, tmp_path: Path, typed: str) -> None:
    sheet = write_csv(
        tmp_path / "codes.csv", [["document", "gender", "age_join"], ["INT-001", typed, "30.0"]]
    )
    import_codes(populated_project, "Amira", sheet)
    stored = values(populated_project, "Amira", "INT-001")
    assert stored == {"gender": 1, "age_join": 30}
    assert isinstance(stored["age_join"], int)


def test_blank_cells_and_absent_columns_leave_values_untouched(
    populated_project: Project, tmp_path: Path
) -> None:
    amira = populated_project.coder("Amira").uuid
    doc = populated_project.document("INT-001").uuid
    var = {v.name: v.uuid for v in populated_project.codebook}
    coding.set_value(populated_project, amira, doc, var["gender"], 2)
    coding.set_value(populated_project, amira, doc, var["memo"], "typed in the app")
    coding.set_value(populated_project, amira, doc, var["disillusion"], 1)

    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender", "age_join"], ["INT-001", "", "40"]])
    report = import_codes(populated_project, "Amira", sheet)

    assert values(populated_project, "Amira", "INT-001") == {
        "gender": 2,  # blank cell: untouched
        "memo": "typed in the app",  # no column: untouched
        "disillusion": 1,
        "age_join": 40,
    }
    assert (report.values, report.changed) == (1, 1)


def test_reimport_changes_nothing_and_audits_nothing(populated_project: Project, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "codes.csv",
        [["document", "gender", "motives"], ["INT-001", "2", "1|2"], ["INT-002", "1", "[]"]],
    )
    first = import_codes(populated_project, "Amira", sheet)
    before = snapshot(populated_project)
    again = import_codes(populated_project, "Amira", sheet)
    assert (first.changed, first.unchanged) == (4, 0)
    assert (again.values, again.changed, again.unchanged, again.assigned) == (4, 0, 4, 0)
    assert snapshot(populated_project) == before


def test_values_are_audited_as_imported_and_documents_put_in_progress(
    populated_project: Project, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender"], ["INT-002", "Woman"]])
    import_codes(populated_project, "Jonas", sheet)
    jonas = populated_project.coder("Jonas").uuid
    doc = populated_project.document("INT-002").uuid
    entries = [e for e in audit_repo.entries(populated_project.db, document=doc) if e.action == "set value"]
    assert len(entries) == 1
    assert entries[0].origin == "imported"
    assert entries[0].new == "1"
    assert coding.status(populated_project, jonas, doc) is Status.IN_PROGRESS


def test_changed_value_overwrites_and_counts(populated_project: Project, tmp_path: Path) -> None:
    amira = populated_project.coder("Amira").uuid
    doc = populated_project.document("INT-001").uuid
    gender = populated_project.codebook.get("gender")
    assert gender is not None
    coding.set_value(populated_project, amira, doc, gender.uuid, 1)
    sheet = write_csv(
        tmp_path / "codes.csv", [["document", "gender", "age_join"], ["INT-001", "Woman", "55"]]
    )
    report = import_codes(populated_project, "amira", sheet)
    assert (report.changed, report.unchanged) == (1, 1)
    sheet = write_csv(tmp_path / "codes2.csv", [["document", "gender"], ["INT-001", "Man"]])
    import_codes(populated_project, "Amira", sheet)
    assert values(populated_project, "Amira", "INT-001")["gender"] == 2


# -- file formats -------------------------------------------------------------------------------------


def test_semicolon_csv_with_utf8_bom(populated_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "Document;Gender;memo\nINT-001;2;caf\u00e9, cr\u00e8me\n".encode())
    import_codes(populated_project, "Amira", path)
    assert values(populated_project, "Amira", "INT-001") == {"gender": 2, "memo": "café, crème"}


def test_semicolon_csv_keeps_quoted_semicolons(populated_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + b'document;gender;memo\nINT-001;2;"a; b"\n')
    import_codes(populated_project, "Amira", path)
    assert values(populated_project, "Amira", "INT-001") == {"gender": 2, "memo": "a; b"}


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-16", "\t"), ("cp1252", ";"), ("utf-8", "\t"), ("utf-8-sig", ",")]
)
def test_csv_encodings_and_delimiters(
    populated_project: Project, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    sheet = write_csv(
        tmp_path / "codes.csv",
        [["document", "gender", "memo"], ["INT-001", "Woman", "Él dijo: «ya no»"]],
        delimiter=delimiter,
        encoding=encoding,
    )
    import_codes(populated_project, "Amira", sheet)
    assert values(populated_project, "Amira", "INT-001") == {"gender": 1, "memo": "Él dijo: «ya no»"}


def test_xlsx_numeric_cells(populated_project: Project, tmp_path: Path) -> None:
    sheet = write_xlsx(
        tmp_path / "codes.xlsx",
        [
            ["Document", "gender", "age_join", "disillusion", "motives", "memo"],
            ["INT-001", 2, 31.0, 4.0, 3, 12.5],
            ["INT-002", "Woman", 27, "Low", "1|2", "NA"],
            ["INT-003", 1.0, None, None, "[]", None],
        ],
    )
    report = import_codes(populated_project, "Jonas", sheet)
    assert values(populated_project, "Jonas", "INT-001") == {
        "gender": 2,
        "age_join": 31,
        "disillusion": 4,
        "motives": (3,),
        "memo": "12.5",
    }
    assert values(populated_project, "Jonas", "INT-002") == {
        "gender": 1,
        "age_join": 27,
        "disillusion": 2,
        "motives": (1, 2),
        "memo": "NA",
    }
    assert values(populated_project, "Jonas", "INT-003") == {"gender": 1, "motives": ()}
    assert report.values == 12


def test_xlsx_problem_names_row_and_column(populated_project: Project, tmp_path: Path) -> None:
    sheet = write_xlsx(
        tmp_path / "codes.xlsx",
        [["document", "gender", "age_join"], ["INT-001", 1, 30], ["INT-002", 2, 40], ["INT-003", 1, 230]],
    )
    with pytest.raises(ValidationError) as caught:
        import_codes(populated_project, "Amira", sheet)
    assert caught.value.problems == [
        "codes.xlsx row 4, column 'age_join': 230 is outside the range of ‘age_join’ (10 to 80); "
        "missing codes: 999"
    ]
    assert values(populated_project, "Amira", "INT-001") == {}


# -- problems: every one listed, nothing imported ------------------------------------------------------


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_imported(
    populated_project: Project, tmp_path: Path
) -> None:
    amira = populated_project.coder("Amira").uuid
    doc = populated_project.document("INT-003").uuid
    age = populated_project.codebook.get("age_join")
    assert age is not None
    coding.set_value(populated_project, amira, doc, age.uuid, 50)
    before = snapshot(populated_project)
    sheet = write_csv(
        tmp_path / "codes.csv",
        [
            ["document", "gender", "age_join", "colour", "motives", "", "disillusion"],
            ["INT-001", "7", "230", "red", "1|Fame", "", "Low"],
            ["INT-404", "1", "", "", "", "", ""],
            ["INT-002", "1", "", "", "", "stray", ""],
            ["int-002", "2", "", "", "", "", ""],
            ["", "", "20", "", "", "", ""],
            ["INT-003", "", "forty", "", "", "", "Huge"],
        ],
    )
    with pytest.raises(ValidationError) as caught:
        import_codes(populated_project, "Amira", sheet)
    assert caught.value.problems == [
        "codes.csv row 1, column 'colour': no variable named 'colour' in the codebook",
        "codes.csv row 2, column 'gender': ‘7’ is not a choice of ‘gender’ "
        "(allowed: 1 Woman, 2 Man, 9 Not mentioned)",
        "codes.csv row 2, column 'age_join': 230 is outside the range of ‘age_join’ (10 to 80); "
        "missing codes: 999",
        "codes.csv row 2, column 'motives': ‘Fame’ is not a choice of ‘motives’ (allowed: 1 Ideology, "
        "2 Belonging, 3 Money; separate several with |, write [] for none chosen)",
        "codes.csv row 3, column 'document': no document 'INT-404' in study.ictool",
        "codes.csv row 4, column F: 'stray' is in a column without a header",
        "codes.csv row 5, column 'document': document 'int-002' is already in row 4",
        "codes.csv row 6, column 'document': the document id is empty but the row holds values",
        "codes.csv row 7, column 'age_join': ‘forty’ is not a number (write digits, with . for decimals), "
        "and ‘age_join’ needs a number",
        "codes.csv row 7, column 'disillusion': ‘Huge’ is not a choice of ‘disillusion’ "
        "(allowed: 1 None, 2 Low, 3 Medium, 4 High)",
    ]
    assert snapshot(populated_project) == before
    assert values(populated_project, "Amira", "INT-003") == {"age_join": 50}


def test_header_problems(populated_project: Project, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["doc", "gender", "Gender"], ["INT-001", "1", "1"]])
    with pytest.raises(ValidationError) as caught:
        import_codes(populated_project, "Amira", sheet)
    assert caught.value.problems == [
        "codes.csv row 1, column 'doc': no variable named 'doc' in the codebook",
        "codes.csv row 1, column 'Gender': the column appears twice (B and C)",
        "codes.csv row 1: the header has no 'document' column (found: 'doc', 'gender', 'Gender')",
    ]


def test_a_sheet_without_values_is_refused(populated_project: Project, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender"], ["INT-001", ""], ["INT-002", " "]])
    with pytest.raises(UserError, match="holds no values to import"):
        import_codes(populated_project, "Amira", sheet)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("codes.xls", b"\xd0\xcf\x11\xe0", "old .xls format"),
        ("codes.ods", b"x", "must be an .xlsx or .csv file"),
        ("codes.xlsx", b"not a zip", "not a readable .xlsx workbook"),
        ("codes.csv", b"PK\x03\x04rest", "is an Excel workbook"),
        ("codes.csv", b"", "is empty"),
    ],
)
def test_unreadable_files(
    populated_project: Project, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        import_codes(populated_project, "Amira", path)


def test_missing_file(populated_project: Project, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="file not found"):
        import_codes(populated_project, "Amira", tmp_path / "nope.csv")


# -- coders and assignments ------------------------------------------------------------------------------


def test_project_needs_a_known_coder(populated_project: Project, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender"], ["INT-001", "1"]])
    with pytest.raises(UserError, match="--coder"):
        import_codes(populated_project, None, sheet)
    with pytest.raises(UserError, match=r"no coder named 'Zoe' \(coders: Amira, Jonas\)"):
        import_codes(populated_project, "Zoe", sheet)


def test_missing_assignment_is_added_in_the_same_transaction(fresh_project: Project, tmp_path: Path) -> None:
    import_documents(fresh_project, write_transcripts(tmp_path / "docs"))
    (amira,) = add_coders(fresh_project, ["Amira"])
    docs = {d.doc_id: d.uuid for d in fresh_project.documents()}
    bad = write_csv(tmp_path / "bad.csv", [["document", "gender"], ["INT-001", "1"], ["INT-002", "5"]])
    with pytest.raises(ValidationError):
        import_codes(fresh_project, "Amira", bad)
    assert coders_repo.assignments(fresh_project.db) == {}

    good = write_csv(tmp_path / "good.csv", [["document", "gender"], ["INT-001", "1"], ["INT-002", ""]])
    report = import_codes(fresh_project, "Amira", good)
    assert report.assigned == 1
    assert coders_repo.assignments(fresh_project.db) == {amira.uuid: {docs["INT-001"]}}
    assigned = [e for e in audit_repo.entries(fresh_project.db) if e.action == "assign document"]
    assert [(e.coder_uuid, e.document_uuid, e.origin) for e in assigned] == [
        (amira.uuid, docs["INT-001"], "imported")
    ]


# -- coder packages ---------------------------------------------------------------------------------------


@pytest.fixture
def package(populated_project: Project, tmp_path: Path) -> Path:
    out = tmp_path / "amira.ictcoder"
    build_package(populated_project, "Amira", out)
    return out


def test_import_into_a_package_without_naming_the_coder(package: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender", "motives"], ["INT-002", "Man", "2"]])
    with CoderPackage.open(package) as pkg:
        revision = pkg.revision
        report = import_codes(pkg, None, sheet)
        assert report.coder == "Amira"
        assert report.assigned == 0
        assert values(pkg, "Amira", "INT-002") == {"gender": 2, "motives": (2,)}
        assert pkg.revision == revision + 1  # one transaction, one revision
    with CoderPackage.open(package) as pkg:
        assert values(pkg, "Amira", "INT-002") == {"gender": 2, "motives": (2,)}


def test_import_into_a_package_with_its_own_coder(package: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender"], ["INT-001", "9"]])
    with CoderPackage.open(package) as pkg:
        import_codes(pkg, "amira", sheet)
        assert values(pkg, "Amira", "INT-001") == {"gender": 9}


def test_package_refuses_another_coder_and_changes_nothing(package: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender"], ["INT-001", "1"]])
    with CoderPackage.open(package) as pkg:
        before = snapshot(pkg), pkg.revision
        with pytest.raises(UserError, match="belongs to Amira, not to 'Jonas'"):
            import_codes(pkg, "Jonas", sheet)
        assert (snapshot(pkg), pkg.revision) == before


def test_unchanged_reimport_leaves_the_package_revision(package: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender"], ["INT-001", "1"]])
    with CoderPackage.open(package) as pkg:
        import_codes(pkg, None, sheet)
        revision = pkg.revision
        assert import_codes(pkg, None, sheet).changed == 0
        assert pkg.revision == revision


def test_project_import_warns_about_an_issued_package(
    populated_project: Project, package: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender"], ["INT-001", "1"]])
    report = import_codes(populated_project, "Amira", sheet)
    assert len(report.notes) == 1
    assert "coder package" in report.notes[0]
    assert import_codes(populated_project, "Jonas", sheet).notes == []


def test_a_retired_variable_column_is_named_as_removed(populated_project: Project, tmp_path: Path) -> None:
    exported = tmp_path / "cb.csv"
    write_codebook_csv(populated_project.codebook, exported)
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    (tmp_path / "v2.csv").write_text("\n".join(line for line in lines if not line.startswith("memo,")) + "\n")
    update_codebook(populated_project, tmp_path / "v2.csv")
    sheet = write_csv(tmp_path / "codes.csv", [["document", "gender", "memo"], ["INT-001", "1", "a quote"]])
    with pytest.raises(ValidationError) as caught:
        import_codes(populated_project, "Amira", sheet)
    assert caught.value.problems == [
        "codes.csv row 1, column 'memo': the variable 'memo' was removed from the codebook"
    ]


# -- decimal commas ------------------------------------------------------------------------------------


def test_decimal_comma_in_a_semicolon_sheet_like_alpha(populated_project: Project, tmp_path: Path) -> None:
    # a European Excel writes ‘;’ between cells and ‘,’ in numbers; a text cell keeps its comma
    sheet = write_csv(
        tmp_path / "codes.csv",
        [["document", "age_join", "memo"], ["INT-001", "17,5", "3,5 years"], ["INT-002", "40", "x"]],
        delimiter=";",
        encoding="cp1252",
    )
    import_codes(populated_project, "Amira", sheet)
    assert values(populated_project, "Amira", "INT-001") == {"age_join": 17.5, "memo": "3,5 years"}
    assert values(populated_project, "Amira", "INT-002") == {"age_join": 40, "memo": "x"}


def test_decimal_comma_in_a_comma_sheet_stays_refused(populated_project: Project, tmp_path: Path) -> None:
    sheet = tmp_path / "codes.csv"
    sheet.write_text('document,age_join\nINT-001,"17,5"\n')
    with pytest.raises(ValidationError, match="‘17,5’ is not a number"):
        import_codes(populated_project, "Amira", sheet)


def test_decimal_comma_and_point_in_one_sheet_are_refused(populated_project: Project, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "codes.csv",
        [["document", "age_join"], ["INT-001", "17,5"], ["INT-002", "20"], ["INT-003", "21.5"]],
        delimiter=";",
    )
    before = snapshot(populated_project)
    with pytest.raises(ValidationError) as info:
        import_codes(populated_project, "Amira", sheet)
    assert info.value.problems == [
        "codes.csv: numbers are written both with a decimal comma, as '17,5' (row 2, column 'age_join'), "
        "and with a decimal point, as '21.5' (row 4, column 'age_join'); a point may be a thousands "
        "separator here, so write every number one way"
    ]
    assert snapshot(populated_project) == before
