"""Export…: a dialog with the CLI's options where they apply, a file name whose replacement the lead
confirmed, the export in a worker, and what came of it (unresolved cells, refusals) as messages."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ictool.core.project import Project
from ictool.core.reconcile import disagreements, set_resolution
from ictool.gui.lead.export_dialog import CODEBOOK_CSV, CSV, QDPX, SAV, XLSX, ExportDialog, ExportOptions
from ictool.gui.lead.export_flow import ExportFlow, target_path
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.test_lead_accessibility import unnamed

ALT, CTRL, SHIFT = (
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, key, modifier)


def choose(qtbot: QtBot, dialog: ExportDialog, key: Qt.Key, kind: str) -> None:
    """A format by its mnemonic (a radio button is clicked a moment after its key)."""
    press(qtbot, key, ALT)
    qtbot.waitUntil(lambda: dialog.kind() == kind, timeout=2000)


def test_the_dialog_offers_each_option_where_it_applies(qtbot: QtBot) -> None:
    dialog = ExportDialog(7)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert unnamed(dialog) == []
    assert "7 disagreements are still unresolved" in dialog.note.text()
    assert dialog.kind() == XLSX and dialog.bootstrap.isEnabled() and not dialog.bom.isEnabled()
    choose(qtbot, dialog, Qt.Key.Key_P, SAV)
    assert not dialog.values.isEnabled() and not dialog.bootstrap.isEnabled() and dialog.strict.isEnabled()
    choose(qtbot, dialog, Qt.Key.Key_K, "codebook-xlsx")
    assert not dialog.strict.isEnabled() and not dialog.note.isVisible()
    choose(qtbot, dialog, Qt.Key.Key_V, CSV)
    assert dialog.bom.isEnabled() and not dialog.bootstrap.isEnabled()
    press(qtbot, Qt.Key.Key_L, ALT)  # labels
    press(qtbot, Qt.Key.Key_O, ALT)  # byte-order mark
    press(qtbot, Qt.Key.Key_R, ALT)  # --strict
    qtbot.waitUntil(
        lambda: dialog.strict.isChecked() and dialog.bom.isChecked() and dialog.labels.isChecked()
    )
    assert dialog.options() == ExportOptions(kind=CSV, labels=True, strict=True, bootstrap=0, bom=True)
    choose(qtbot, dialog, Qt.Key.Key_W, XLSX)
    press(qtbot, Qt.Key.Key_B, ALT)
    assert QApplication.focusWidget() is dialog.bootstrap.lineEdit() or dialog.bootstrap.hasFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "200")
    assert dialog.options() == ExportOptions(kind=XLSX, labels=True, strict=True, bootstrap=200, bom=False)
    assert ExportDialog(0).note.text().startswith("Every disagreement is resolved")


def test_the_format_suffix_is_added_to_a_name_without_it() -> None:
    options = ExportOptions(kind=CSV)
    assert target_path(Path("/x/final"), options) == Path("/x/final.csv")
    assert target_path(Path("/x/final.CSV"), options) == Path("/x/final.CSV")
    assert target_path(Path("/x/final.xlsx"), options) == Path("/x/final.xlsx.csv")


# -- exporting from the window ------------------------------------------------------------------


@pytest.fixture
def resolved_project(demo_project: Path) -> tuple[Path, str, str, str]:
    """The demo with one disagreement resolved through the core: (path, document, variable, label)."""
    with Project.open(demo_project, actor="lead") as p:
        item = next(d for d in disagreements(p) if d.variable.is_categorical and not d.variable.multiple)
        value = item.values[-1].value
        set_resolution(p, item.document_uuid, item.variable.uuid, value, "checked")
        return demo_project, item.document, item.variable.name, item.label(value)


def export_flow(window: MainWindow) -> ExportFlow:
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(ReconcilePage)
    assert isinstance(page, ReconcilePage)
    return page.export


def start_export(window: MainWindow, qtbot: QtBot) -> ExportDialog:
    """Ctrl+Shift+E from whatever page is shown: the dialog opens, with the focus in it."""
    window.activateWindow()  # back from the previous dialog
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = export_flow(window).dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    return dialog


def finish(window: MainWindow, qtbot: QtBot) -> None:
    task = export_flow(window).task
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)


def test_an_xlsx_export_with_labels_and_a_bootstrap_holds_the_resolution(
    make_window: MakeWindow,
    prompter: ScriptedPrompter,
    resolved_project: tuple[Path, str, str, str],
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    path, document, variable, label = resolved_project
    window = make_window()
    assert window.open_file(path)
    dialog = start_export(window, qtbot)
    press(qtbot, Qt.Key.Key_L, ALT)
    press(qtbot, Qt.Key.Key_B, ALT)
    press(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "50")
    qtbot.waitUntil(dialog.labels.isChecked)
    prompter.new_file = tmp_path / "final"  # no suffix typed: the format's is added
    press(qtbot, Qt.Key.Key_Return)
    finish(window, qtbot)
    out = tmp_path / "final.xlsx"
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform_file", "Export written") and prompter.shown == [out]
    assert "final.xlsx" in text and "unresolved and marked UNRESOLVED" in text
    assert "not encrypted" not in text  # said only of an encrypted project's exports
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["Final"].iter_rows(values_only=True))
    header = list(rows[0])
    row = next(r for r in rows if r[0] == document)
    assert row[header.index(variable)] == label
    assert "UNRESOLVED" in [c for r in rows[1:] for c in r]
    assert "Reliability" in book.sheetnames


def test_an_existing_file_is_replaced_only_after_the_lead_agreed(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    out = tmp_path / "final.csv"
    out.write_text("an older export\n", encoding="utf-8")
    window = make_window()
    assert window.open_file(demo_project)
    prompter.new_file = out
    prompter.answer = False
    dialog = start_export(window, qtbot)
    choose(qtbot, dialog, Qt.Key.Key_V, CSV)
    press(qtbot, Qt.Key.Key_Return)
    assert prompter.last()[:2] == ("confirm", "Replace file?")
    assert export_flow(window).task is None and out.read_text(encoding="utf-8") == "an older export\n"
    prompter.answer = True
    dialog = start_export(window, qtbot)
    assert dialog.kind() == CSV  # the last choices are offered again
    press(qtbot, Qt.Key.Key_Return)
    finish(window, qtbot)
    assert out.read_text(encoding="utf-8").startswith("document,")
    assert "left empty" in prompter.last()[2]


def test_strict_refuses_with_the_core_sentence_and_writes_nothing(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    prompter.new_file = tmp_path / "final.sav"
    dialog = start_export(window, qtbot)
    choose(qtbot, dialog, Qt.Key.Key_P, SAV)
    press(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(dialog.strict.isChecked)
    press(qtbot, Qt.Key.Key_Return)
    finish(window, qtbot)
    kind, title, text = prompter.last()
    assert (
        (kind, title) == ("warn", "Export") and "still unresolved" in text and "nothing was exported" in text
    )
    assert not (tmp_path / "final.sav").exists()
    assert not list(tmp_path.glob(".final.sav*"))  # no temporary file left behind


def test_the_codebook_and_the_spss_file_are_written(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    prompter.new_file = tmp_path / "codebook.csv"
    dialog = start_export(window, qtbot)
    choose(qtbot, dialog, Qt.Key.Key_S, CODEBOOK_CSV)
    press(qtbot, Qt.Key.Key_Return)
    finish(window, qtbot)
    with (tmp_path / "codebook.csv").open(encoding="utf-8-sig", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    with Project.open(demo_project, readonly=True) as p:
        assert names == [v.name for v in p.codebook]
    assert "26 variables" in prompter.last()[2]
    prompter.new_file = tmp_path / "final.sav"
    dialog = start_export(window, qtbot)
    choose(qtbot, dialog, Qt.Key.Key_P, SAV)
    press(qtbot, Qt.Key.Key_Return)
    finish(window, qtbot)
    assert (tmp_path / "final.sav").stat().st_size > 0
    assert prompter.shown[-1] == tmp_path / "final.sav"


def test_a_refi_qda_project_is_written_for_other_qda_programs(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    """Export… ▸ REFI-QDA project: what ``ictool export -o X.qdpx`` writes, read back as a project with
    every coder's values (the dataset options do not apply, so they are off)."""
    from ictool.core.coding import all_values
    from ictool.core.exchange.qdpx_in import new_project_from_qdpx

    window = make_window()
    assert window.open_file(demo_project)
    prompter.new_file = tmp_path / "study"  # the suffix is added
    dialog = start_export(window, qtbot)
    choose(qtbot, dialog, Qt.Key.Key_Q, QDPX)
    assert (
        not dialog.strict.isEnabled() and not dialog.values.isEnabled() and not dialog.bootstrap.isEnabled()
    )
    assert dialog.options() == ExportOptions(kind=QDPX, bootstrap=0)  # no workbook: no intervals
    press(qtbot, Qt.Key.Key_Return)
    finish(window, qtbot)
    written = tmp_path / "study.qdpx"
    assert prompter.shown[-1] == written and "ATLAS.ti" in prompter.last()[2]
    back = tmp_path / "back.ictool"
    new_project_from_qdpx(back, written, actor="lead")
    with Project.open(demo_project, readonly=True) as p, Project.open(back, readonly=True) as q:
        ours = {(r[1], r[3], r[4] and p.codebook.by_uuid(r[4]).name, str(r[5])) for r in all_values(p)}  # type: ignore[union-attr]
        theirs = {(r[1], r[3], r[4] and q.codebook.by_uuid(r[4]).name, str(r[5])) for r in all_values(q)}  # type: ignore[union-attr]
    assert len(ours) > 800 and theirs == ours


def test_export_is_in_the_file_menu(make_window: MakeWindow, demo_project: Path) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    texts = [a.text() for a in window.file_menu.actions()]
    assert "&Export…" in texts
    assert texts.index("&Export…") < [a for a in window.file_menu.actions()].index(window.close_action)


def test_the_workbook_has_intervals_unless_the_lead_says_none(qtbot: QtBot) -> None:
    """The Reliability sheet of a workbook exported as offered has 95% intervals (1,000 replicates, as
    the README's recipe and the Reliability page); the option speaks of what it does, not of a flag."""
    dialog = ExportDialog(3)
    qtbot.addWidget(dialog)
    assert dialog.kind() == XLSX and dialog.bootstrap.value() == 1000 and dialog.bootstrap.text() != "none"
    assert dialog.options().bootstrap == 1000
    assert "--" not in dialog.strict.text()
