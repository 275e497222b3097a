"""Exports read back cell by cell (openpyxl, pandas, csv) against the project through the core API."""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ictool.core import coding
from ictool.core.codebook.model import Kind
from ictool.core.errors import UserError
from ictool.core.export import export_project
from ictool.core.export import xlsx as xlsx_module
from ictool.core.export.cells import EXCEL_MAX_CHARS, TRUNCATION_MARKER
from ictool.core.project import Project
from ictool.core.reconcile import CellStatus, disagreements, final_dataset, set_resolution
from ictool.core.reliability import ReliabilityInput, reliability_report
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign

SHEETS = [
    "Final",
    "Codings",
    "Evidence",
    "Memos",
    "Reliability",
    "Methods",
    "Coincidences",
    "Disagreements",
    "Codebook",
    "About",
]
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)"]
ARABIC = "قال: «تركتُ الجماعة» 🙂👍🏽"
LONG = 40_000


def var(p: Project, name: str) -> str:
    v = p.codebook.get(name)
    assert v is not None
    return v.uuid


@pytest.fixture
def rich(populated_project: Project, tmp_path: Path) -> Project:
    """Every final status, formula-looking notes, a 40,000-character quote and text, Arabic and emoji."""
    p = populated_project
    long_doc = tmp_path / "long" / "LONG-001.txt"
    long_doc.parent.mkdir()
    long_doc.write_text("word " * 9_000, encoding="utf-8")
    import_documents(p, [long_doc])
    add_coders(p, ["Lee"])
    assign(p)
    p.actor = "Lead"
    a, j = p.coder("Amira").uuid, p.coder("Jonas").uuid
    d1, d2, d3, d4 = (d.uuid for d in p.documents())
    s = functools.partial(coding.set_value, p)
    s(a, d1, var(p, "gender"), 1)
    s(j, d1, var(p, "gender"), 1)
    s(a, d1, var(p, "age_join"), 30)
    s(a, d1, var(p, "motives"), (1, 3))
    s(j, d1, var(p, "motives"), (3, 1))
    s(a, d1, var(p, "disillusion"), 2)
    s(j, d1, var(p, "disillusion"), 3)  # unresolved
    s(a, d1, var(p, "memo"), ARABIC)
    s(j, d1, var(p, "memo"), ARABIC)
    s(a, d2, var(p, "gender"), 1)
    s(j, d2, var(p, "gender"), 2)
    set_resolution(p, d2, var(p, "gender"), 2, note=FORMULAS[0])
    s(a, d2, var(p, "motives"), ())
    s(j, d2, var(p, "motives"), (2,))  # unresolved multi-select
    s(a, d2, var(p, "memo"), "=1+2")
    s(a, d3, var(p, "gender"), 9)
    s(j, d3, var(p, "gender"), 9)
    s(a, d3, var(p, "age_join"), 999)
    s(a, d3, var(p, "memo"), "-3")
    set_resolution(p, d3, var(p, "disillusion"), 4, note="\tlistened again")
    s(a, d4, var(p, "memo"), "x" * LONG)
    coding.add_evidence(p, a, d4, var(p, "gender"), 0, LONG)
    coding.add_evidence(p, j, d1, var(p, "gender"), 0, 12)
    coding.set_memo(p, a, d1, FORMULAS[1])
    coding.set_memo(p, j, d1, FORMULAS[2])
    coding.set_memo(p, a, d2, FORMULAS[3])
    coding.set_memo(p, j, d2, "bell\x07 and\x01 controls\r\nnext line " + ARABIC)
    return p


def sheet_rows(ws: Worksheet) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def records(ws: Worksheet) -> list[dict[str, Any]]:
    rows = sheet_rows(ws)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def expected_final(p: Project, labels: bool = False) -> dict[tuple[str, str], Any]:
    """(document id, column) -> the value the Final sheet must hold, from the core API."""
    final = final_dataset(p)
    out: dict[tuple[str, str], Any] = {}
    for doc, row in zip(final.documents, final.rows, strict=True):
        for v, cell in zip(final.variables, row, strict=True):
            names = [f"{v.name}_{c.code}" for c in v.choices] if v.kind is Kind.MULTI else [v.name]
            for i, name in enumerate(names):
                if cell.status is CellStatus.UNRESOLVED:
                    want: Any = "UNRESOLVED"
                elif cell.value is None:
                    want = None
                elif v.kind is Kind.MULTI:
                    assert isinstance(cell.value, tuple)
                    want = int(v.choices[i].code in cell.value)
                elif labels and v.kind is Kind.SINGLE:
                    want = v.label_of(cell.value)  # type: ignore[arg-type]
                else:
                    want = cell.value
                out[(doc.doc_id, name)] = want
    return out


def export_xlsx(p: Project, tmp_path: Path, **kw: Any) -> openpyxl.Workbook:
    out = tmp_path / "out.xlsx"
    result = export_project(p, out, **kw)
    assert result.path == out and result.format == "xlsx"
    assert not list(tmp_path.glob(".*.tmp"))
    return openpyxl.load_workbook(out)


# -- xlsx --------------------------------------------------------------------------------------------


def test_workbook_layout_every_sheet_reads_with_pandas(rich: Project, tmp_path: Path) -> None:
    wb = export_xlsx(rich, tmp_path)
    assert wb.sheetnames == SHEETS
    frames = pd.read_excel(tmp_path / "out.xlsx", sheet_name=None)
    for name in SHEETS:
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert list(frames[name].columns) == header, name
        assert all(c.font.b for c in ws[1]), name
        assert ws.freeze_panes == ("B2" if name == "Final" else "A2")
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        widths = [ws.column_dimensions[col].width for col in ws.column_dimensions]
        assert widths and all(8 <= w <= 63 for w in widths), name  # 60 + padding
    assert len(frames["Final"]) == len(rich.documents())
    assert list(frames["Codings"].columns) == ["document", "variable", "coder", "value", "label", "updated"]
    assert list(frames["Evidence"].columns) == ["document", "variable", "coder", "quote", "start", "end"]
    assert list(frames["Memos"].columns) == ["document", "coder", "memo"]
    assert list(frames["About"].columns) == ["key", "value"]


@pytest.mark.parametrize("labels", [False, True])
def test_final_sheet_matches_the_final_dataset(rich: Project, tmp_path: Path, labels: bool) -> None:
    ws = export_xlsx(rich, tmp_path, labels=labels)["Final"]
    want = expected_final(rich, labels)
    rows = sheet_rows(ws)
    header = rows[0]
    assert header[0] == "document"
    assert set(header[1:]) == {col for _, col in want}
    for row, cells in zip(rows[1:], ws.iter_rows(min_row=2), strict=True):
        doc = row[0]
        for name, value, cell in zip(header[1:], row[1:], cells[1:], strict=True):
            expected = want[(doc, name)]
            if isinstance(expected, str) and len(expected) > EXCEL_MAX_CHARS:
                assert value.endswith(TRUNCATION_MARKER) and expected.startswith(value[:1000])
            else:
                assert value == expected, (doc, name)
            if expected == "UNRESOLVED":
                assert cell.fill.fgColor.rgb.endswith("FFEB9C") and cell.font.b
            if isinstance(expected, str):
                assert cell.data_type == "s", (doc, name)
    assert sum(v == "UNRESOLVED" for v in want.values()) == 1 + 3  # disillusion, motives' 3 options
    by_doc = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_doc["INT-001"]["memo"] == ARABIC
    assert by_doc["INT-002"]["memo"] == "=1+2"
    assert by_doc["INT-002"]["gender"] == ("Man" if labels else 2)  # the lead's resolution


def test_codings_sheet_holds_every_coding(rich: Project, tmp_path: Path) -> None:
    ws = export_xlsx(rich, tmp_path)["Codings"]
    got = [
        (r["document"], r["variable"], r["coder"], r["value"], r["label"], r["updated"]) for r in records(ws)
    ]
    book = rich.full_codebook()
    want = []
    for row in coding.all_values(rich):
        v = book.by_uuid(row.variable_uuid)
        assert v is not None
        if isinstance(row.value, tuple):
            value: Any = "|".join(str(c) for c in row.value) or "[]"
            label: Any = "|".join(v.label_of(c) for c in row.value) or "[]"
        else:
            value = row.value
            label = v.label_of(row.value) if v.is_categorical else None  # type: ignore[arg-type]
        if isinstance(value, str) and len(value) > EXCEL_MAX_CHARS:
            value = value[: EXCEL_MAX_CHARS - len(TRUNCATION_MARKER)] + TRUNCATION_MARKER
        want.append((row.document, v.name, row.coder, value, label, row.updated_at))
    assert sorted(got, key=str) == sorted(want, key=str)
    order = [v.name for v in book]
    first_doc = [g for g in got if g[0] == "INT-001"]
    assert [g[1] for g in first_doc] == sorted((g[1] for g in first_doc), key=order.index)


def test_evidence_and_memos_are_exact_text(rich: Project, tmp_path: Path) -> None:
    wb = export_xlsx(rich, tmp_path)
    evidence = records(wb["Evidence"])
    long = next(e for e in evidence if e["document"] == "LONG-001")
    assert len(long["quote"]) == EXCEL_MAX_CHARS and long["quote"].endswith(TRUNCATION_MARKER)
    assert long["quote"].startswith("word word") and (long["start"], long["end"]) == (0, LONG)
    short = next(e for e in evidence if e["document"] == "INT-001")
    assert short == {"document": "INT-001", "variable": "gender", "coder": "Jonas", "quote": "I: Tell me a",
                     "start": 0, "end": 12}  # fmt: skip
    ws = wb["Memos"]
    memos = {(r["document"], r["coder"]): r["memo"] for r in records(ws)}
    assert memos[("INT-001", "Amira")] == "+1"
    assert memos[("INT-001", "Jonas")] == "-cmd"
    assert memos[("INT-002", "Amira")] == "@SUM(A1)"
    assert memos[("INT-002", "Jonas")] == "bell and controls\nnext line " + ARABIC
    for row in ws.iter_rows(min_row=2):
        assert all(c.data_type == "s" for c in row)


def test_disagreements_sheet_with_resolution_and_formula_note(rich: Project, tmp_path: Path) -> None:
    ws = export_xlsx(rich, tmp_path)["Disagreements"]
    rows = records(ws)
    queue = disagreements(rich)
    assert [(r["document"], r["variable"], r["status"]) for r in rows] == [
        (d.document, d.variable.name, d.status) for d in queue
    ]
    gender = next(r for r in rows if r["variable"] == "gender")
    assert gender["value (Amira)"] == 1 and gender["label (Amira)"] == "Woman"
    assert gender["value (Jonas)"] == 2 and "value (Lee)" not in gender  # Lee disagrees nowhere
    assert gender["resolution"] == 2 and gender["resolution label"] == "Man"
    assert gender["note"] == FORMULAS[0] and gender["resolved_by"] == "Lead" and gender["resolved_at"]
    note_cell = next(c for c in ws[1 + rows.index(gender) + 1] if c.value == FORMULAS[0])
    assert note_cell.data_type == "s"
    motives = next(r for r in rows if r["variable"] == "motives")
    assert motives["value (Amira)"] == "[]" and motives["value (Jonas)"] == "2"  # multi-select: text
    assert motives["status"] == "unresolved" and motives["resolution"] is None


def test_reliability_sheet_is_the_engines_table(rich: Project, tmp_path: Path) -> None:
    report = reliability_report(ReliabilityInput(rich.codebook, coding.all_values(rich)))
    plain = records(export_xlsx(rich, tmp_path)["Reliability"])
    assert [r["name"] for r in plain] == [v.name for v in report.variables]
    assert "ci95_low" not in plain[0]
    for row, line in zip(plain, report.variables, strict=True):
        assert row["alpha"] == (None if line.alpha is None else pytest.approx(line.alpha))
        assert row["status"] == line.status and row["units"] == line.units
    boot = reliability_report(ReliabilityInput(rich.codebook, coding.all_values(rich)), bootstrap=200, seed=5)
    rows = records(export_xlsx(rich, tmp_path, bootstrap=200, seed=5)["Reliability"])
    for row, line in zip(rows, boot.variables, strict=True):
        low, high = line.ci95 if line.ci95 is not None else (None, None)
        assert row["ci95_low"] == (None if low is None else pytest.approx(low))
        assert row["ci95_high"] == (None if high is None else pytest.approx(high))
    assert any(k.startswith("q_alpha_below_") for k in rows[0])


def test_codebook_and_about_sheets(rich: Project, tmp_path: Path) -> None:
    wb = export_xlsx(rich, tmp_path, bootstrap=50, seed=11)
    book = records(wb["Codebook"])
    gender = [r for r in book if r["variable"] == "gender"]
    assert [(r["code"], r["value_label"], r["is_missing_code"]) for r in gender] == [
        (1, "Woman", "no"),
        (2, "Man", "no"),
        (9, "Not mentioned", "yes"),
    ]
    age = next(r for r in book if r["variable"] == "age_join")
    assert (age["min"], age["max"], age["missing_codes"], age["code"]) == (10, 80, "999", None)
    motives = [r["final_column"] for r in book if r["variable"] == "motives"]
    assert motives == ["motives_1", "motives_2", "motives_3"]
    about = {r["key"]: r["value"] for r in records(wb["About"])}
    final = final_dataset(rich)
    assert about["project_uuid"] == rich.uuid and about["project_title"] == "Study"
    assert about["unresolved_cells"] == final.unresolved == 2
    assert about["codebook_version"] == rich.codebook_version
    assert about["coders"] == "Amira, Jonas, Lee"
    assert about["documents"] == 4 and about["document_ids"] == "INT-001, INT-002, INT-003, LONG-001"
    assert about["reliability_bootstrap_replicates"] == 50 and about["reliability_bootstrap_seed"] == 11
    assert about["cells_resolved"] == 2 and about["disagreements"] == 3
    assert about["exported_at"] and about["ictool_version"]


def test_a_tiny_row_limit_continues_on_numbered_sheets(
    rich: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = records(export_xlsx(rich, tmp_path)["Codings"])
    monkeypatch.setattr(xlsx_module, "MAX_ROWS", 5)  # header + 4 rows per sheet
    wb = export_xlsx(rich, tmp_path)
    parts = [n for n in wb.sheetnames if n == "Codings" or n.startswith("Codings (")]
    assert parts == ["Codings", *(f"Codings ({i})" for i in range(2, len(parts) + 1))]
    assert len(parts) == -(-len(full) // 4)
    joined = []
    for name in parts:
        ws = wb[name]
        assert [c.value for c in ws[1]] == ["document", "variable", "coder", "value", "label", "updated"]
        assert ws.max_row <= 5 and ws.freeze_panes == "A2"
        joined += records(ws)
    assert joined == full


def test_strict_refuses_and_writes_nothing(rich: Project, tmp_path: Path) -> None:
    for name in ("out.xlsx", "out.csv", "out.sav"):
        with pytest.raises(UserError, match="2 cells of the final dataset are still unresolved"):
            export_project(rich, tmp_path / name, strict=True)
        assert not (tmp_path / name).exists()
    for d in disagreements(rich, unresolved_only=True):
        set_resolution(rich, d.document_uuid, d.variable.uuid, d.values[0].value)
    assert export_project(rich, tmp_path / "out.csv", strict=True).unresolved == 0


def test_a_failed_export_leaves_the_old_file_and_no_temporary(
    rich: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous export")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(xlsx_module._Sheet, "write", broken)
    with pytest.raises(RuntimeError):
        export_project(rich, out)
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_bad_options_are_refused(rich: Project, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="format"):
        export_project(rich, tmp_path / "out.txt")
    with pytest.raises(UserError, match="--bom"):
        export_project(rich, tmp_path / "out.xlsx", bom=True)
    with pytest.raises(UserError, match="--bootstrap"):
        export_project(rich, tmp_path / "out.csv", bootstrap=10)
    with pytest.raises(UserError, match="does not exist"):
        export_project(rich, tmp_path / "nope" / "out.csv")


# -- csv ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_csv_is_the_final_sheet_formula_safe_and_full_length(
    rich: Project, tmp_path: Path, bom: bool
) -> None:
    out = tmp_path / "final.csv"
    result = export_project(rich, out, bom=bom)
    assert result.unresolved == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    export_xlsx(rich, tmp_path)
    final_header = sheet_rows(openpyxl.load_workbook(tmp_path / "out.xlsx")["Final"])[0]
    assert rows[0] == final_header
    want = expected_final(rich)
    by_doc = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    for (doc, name), expected in want.items():
        got = by_doc[doc][name]
        if expected is None or expected == "UNRESOLVED":
            assert got == "", (doc, name)
        elif name == "memo" and str(expected).startswith(("=", "+", "@")):
            assert got == "'" + str(expected)
        else:
            assert got == str(expected), (doc, name)
    assert by_doc["INT-002"]["memo"] == "'=1+2"
    assert by_doc["INT-003"]["memo"] == "-3"  # a plain number keeps no quote
    assert by_doc["LONG-001"]["memo"] == "x" * LONG  # full text, unlike the xlsx
    assert by_doc["INT-001"]["memo"] == ARABIC
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(frame.columns) == final_header and len(frame) == 4


def test_csv_with_labels(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "final.csv"
    export_project(rich, out, labels=True)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["gender"] for r in rows] == ["Woman", "Man", "Not mentioned", ""]
    assert [r["motives_2"] for r in rows] == ["0", "", "", ""]


def test_column_names_never_clash(tmp_path: Path) -> None:
    from ictool.core.codebook.model import Category, Codebook, Level, Variable

    codebook = Codebook(
        (
            Variable("document", Level.NOMINAL, choices=(Category(1, "Letter"), Category(2, "Diary"))),
            Variable("motives", Level.NOMINAL, multiple=True, choices=(Category(1, "A"), Category(2, "B"))),
            Variable("motives_1", Level.RATIO),
        )
    )
    with Project.create(tmp_path / "c.ictool", codebook, actor="lead") as p:
        out = tmp_path / "c.csv"
        export_project(p, out)
        assert (
            out.read_text(encoding="utf-8").splitlines()[0]
            == "document,document_2,motives_1_2,motives_2,motives_1"
        )
        export_project(p, tmp_path / "c.sav")
        wb = export_xlsx(p, tmp_path)
        book = records(wb["Codebook"])
        assert [r["final_column"] for r in book] == [
            "document_2",
            "document_2",
            "motives_1_2",
            "motives_2",
            "motives_1",
        ]


def test_texts_cut_to_excels_limit_are_counted_in_a_note(rich: Project, tmp_path: Path) -> None:
    out = tmp_path / "cut.xlsx"
    result = export_project(rich, out)
    book = openpyxl.load_workbook(out)
    cut = sum(
        1
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str) and value.endswith(TRUNCATION_MARKER)
    )
    assert cut >= 2  # the long memo and the long quote, at least
    (note,) = result.notes
    assert note.startswith(f"{cut} text cells longer than Excel's 32,767-character limit were cut")
    assert export_project(rich, tmp_path / "whole.csv").notes == ()
