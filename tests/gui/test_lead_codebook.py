"""The lead's Codebook page: the variables by group, and an update from an edited sheet that shows
its changes (or its problems, by row) before anything is written."""

from __future__ import annotations

import csv
from pathlib import Path

from pytestqt.qtbot import QtBot

from ictool.core.codebook.export import codebook_to_rows, write_codebook_csv
from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.gui.lead.models.codebook_tree import CodebookTreeModel
from ictool.gui.lead.models.problems import ProblemTableModel, split_problem
from ictool.gui.lead.pages.codebook import CodebookPage
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow, ScriptedPrompter


def codebook_page(window: MainWindow) -> tuple[LeadWorkspace, CodebookPage]:
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(CodebookPage)
    assert isinstance(page, CodebookPage)
    lead.view.show_page(lead.view.pages.index(page))
    return lead, page


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_models_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    grouped = CodebookTreeModel()
    grouped.set_codebook(
        Codebook(
            (
                Variable("a", Level.NOMINAL, group="G1", choices=(Category(1, "yes"), Category(2, "no"))),
                Variable("b", Level.RATIO, group="G2", minimum=0, maximum=9, missing=(99,)),
                Variable("c", Level.TEXT, group="G1", description="line one\nline two"),
            )
        )
    )
    qtmodeltester.check(grouped)
    assert grouped.group_count() == 2 and grouped.rowCount() == 2
    flat = CodebookTreeModel()
    flat.set_codebook(Codebook((Variable("a", Level.TEXT), Variable("b", Level.TEXT))))
    qtmodeltester.check(flat)
    assert flat.group_count() == 0 and flat.rowCount() == 2
    empty = CodebookTreeModel()
    qtmodeltester.check(empty)
    problems = ProblemTableModel()
    problems.set_problems(["cb.csv, row 4 (‘age’): the level ‘big’ is unknown.", "cb.csv is empty"])
    qtmodeltester.check(problems)


def test_problem_sentences_are_split_by_row() -> None:
    assert split_problem("cb.xlsx, row 14 (‘age’): no level.") == (14, "‘age’: no level.")
    assert split_problem("cb.csv, row 3: blank name.") == (3, "blank name.")
    assert split_problem("cb.csv is empty") == (None, "cb.csv is empty")


def test_the_page_lists_every_variable_by_group(make_window: MakeWindow, demo_project: Path) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead, page = codebook_page(window)
    codebook = lead.project.codebook
    assert page.model.group_count() == len(codebook.groups)
    shown = sum(page.model.rowCount(page.model.index(g, 0)) for g in range(page.model.group_count()))
    assert shown == len(codebook)
    assert f"{len(codebook)} variables" in page.summary.text()
    assert page.select_variable("gender")
    assert "Female" in page.details.toPlainText()
    page.filter.setText("gender")
    assert page.proxy.rowCount() == 1  # one group left, holding gender
    group = page.proxy.index(0, 0)
    gender = codebook.get("gender")
    assert gender is not None
    members = len([v for v in codebook if v.group == gender.group])
    assert page.proxy.rowCount(group) == 1
    assert group.data().endswith(f"(1 of {members} variables)")  # what was found, not the whole group
    page.filter.setText("")
    whole = page.proxy.index(0, 0).data()
    assert whole.endswith("variables)") and " of " not in whole


def test_finding_variables_keeps_the_column_widths_the_lead_set(
    make_window: MakeWindow, demo_project: Path
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    _lead, page = codebook_page(window)
    page.tree.setColumnWidth(0, 333)  # the lead widened the names
    for text in ("g", "ge", "gender", ""):
        page.filter.setText(text)
        assert page.tree.columnWidth(0) == 333, text
    groups = page.proxy.rowCount()
    assert groups > 1 and all(page.tree.isExpanded(page.proxy.index(g, 0)) for g in range(groups))


def test_update_from_sheet_shows_changes_then_applies(
    make_window: MakeWindow, demo_project: Path, tmp_path: Path, prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead, page = codebook_page(window)
    rows = codebook_to_rows(lead.project.codebook)
    rows[1]["label"] = "Gender of the respondent"
    added = {"name": "new_var", "label": "A new variable", "choices": "1, a | 2, b", "missing": ""}
    rows.append({**rows[1], **added})
    sheet = write_rows(tmp_path / "edited.csv", rows)
    prompter.file = sheet
    page.update_action.trigger()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert "Reading edited.csv" in dialog.summary.text() and not dialog.apply_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_reading())
    lines = [dialog.change_list.item(i).text() for i in range(dialog.change_list.count())]
    assert "added variable 'new_var'" in lines and any("Gender of the respondent" in line for line in lines)
    assert lead.project.codebook_version == 1  # nothing written by the preview
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    assert lead.project.codebook_version == 2
    assert lead.project.codebook.get("new_var") is not None
    assert prompter.last()[:2] == ("inform", "Codebook updated")
    assert "version 2" in page.summary.text()
    assert page.select_variable("new_var")


def test_a_bad_sheet_lists_problems_by_row_and_can_be_read_again(
    make_window: MakeWindow, demo_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead, page = codebook_page(window)
    rows = codebook_to_rows(lead.project.codebook)
    good = [dict(r) for r in rows]
    rows[2]["level"] = "enormous"
    rows[4]["name"] = ""
    sheet = write_rows(tmp_path / "edited.csv", rows)
    dialog = page.preview_sheet(sheet)
    qtbot.waitUntil(lambda: not dialog.is_reading())
    problems = dialog.problems.problem_model.rows()
    assert {r for r, _ in problems} >= {4, 6}
    assert not dialog.apply_button.isEnabled() and "cannot be applied" in dialog.summary.text()
    good[0]["label"] = "Country"
    write_rows(sheet, good)
    dialog.again_button.click()
    qtbot.waitUntil(lambda: not dialog.is_reading())
    assert dialog.problems.count() == 0 and dialog.apply_button.isEnabled()
    dialog.reject()
    assert lead.project.codebook_version == 1


def test_removing_a_variable_in_use_needs_retiring(
    make_window: MakeWindow, demo_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead, page = codebook_page(window)
    sheet = tmp_path / "fewer.csv"
    write_codebook_csv(Codebook(lead.project.codebook.variables[1:]), sheet)
    dialog = page.preview_sheet(sheet)
    qtbot.waitUntil(lambda: not dialog.is_reading())
    assert dialog.in_use > 0 and not dialog.apply_button.isEnabled()
    dialog.retire.setChecked(True)
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    assert lead.project.codebook.get("country") is None and lead.project.codebook_version == 2
