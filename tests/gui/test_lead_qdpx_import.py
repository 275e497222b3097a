"""File ▸ New Project from REFI-QDA…: what ``ictool new --from-qdpx`` does, in the app — the project built
in the background and opened, what could not be mapped listed, a refusal leaving nothing behind."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ictool.core.codebook.export import write_codebook_csv
from ictool.core.coding import all_values
from ictool.core.exchange.qdpx_out import export_qdpx
from ictool.core.project import Project
from ictool.gui.lead.qdpx_import import QdpxImportDialog
from ictool.gui.lead.workspace import LeadWorkspace
from tests.core.test_refi_foreign import write_foreign
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.test_lead_accessibility import unnamed


def open_dialog(window: object, qtbot: QtBot) -> QdpxImportDialog:
    action = next(a for a in window.new_actions if "REFI-QDA" in a.text())  # type: ignore[attr-defined]
    action.trigger()
    dialog = window.new_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, QdpxImportDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_a_qdpx_becomes_a_project_that_opens(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    qdpx = tmp_path / "study.qdpx"
    with Project.open(demo_project, readonly=True) as p:
        export_qdpx(p, qdpx)
        values = len(all_values(p))
    window = make_window()
    dialog = open_dialog(window, qtbot)
    assert unnamed(dialog) == []
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "Choose the .qdpx file" in dialog.status.text()
    prompter.file = qdpx
    dialog.choose_source.click()  # the project's name follows the file's
    assert dialog.target.text() == str(tmp_path / "study.ictool") and ok.isEnabled()
    ok.click()
    qtbot.waitUntil(lambda: isinstance(window.workspace, LeadWorkspace), timeout=30_000)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace) and lead.file.path == tmp_path / "study.ictool"
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform", "Project created") and "12 documents" in text and "memos" in text
    assert len(all_values(lead.project)) == values
    window.close()


def test_another_programs_file_needs_the_codebook_and_lists_what_did_not_map(
    make_window: MakeWindow, prompter: ScriptedPrompter, tmp_path: Path, qtbot: QtBot
) -> None:
    from tests.conftest import make_codebook

    qdpx = write_foreign(tmp_path / "exit.qdpx")
    target = tmp_path / "exit.ictool"
    window = make_window()
    dialog = open_dialog(window, qtbot)
    dialog.source.setText(str(qdpx))
    dialog.target.setText(str(target))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(prompter.calls) and prompter.last()[0] == "warn", timeout=30_000)
    assert "carries no ictool codebook" in prompter.last()[2] and "Nothing was written" in prompter.last()[2]
    assert not target.exists() and dialog.isVisible()  # the dialog stays, to choose the sheet
    sheet = tmp_path / "codebook.csv"
    write_codebook_csv(make_codebook(), sheet)
    dialog.sheet.setText(str(sheet))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: isinstance(window.workspace, LeadWorkspace), timeout=30_000)
    text = prompter.last()[2]
    assert "Not mapped" in text and "user ‘jonas.k’: no coding that maps" in text and "1 memos" in text
    window.close()


def test_the_window_starts_without_the_readers_it_offers() -> None:
    """The File menu offers New Project from REFI-QDA at every start; what it reads with (openpyxl,
    numpy, the XML reader) and the lead's workspace load when used, not with the window (0.2 s)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import ictool.gui.shell.window\n"
        "heavy = ('numpy', 'openpyxl', 'pandas', 'sqlite_utils', 'ictool.gui.lead.workspace',"
        " 'ictool.core.exchange.qdpx_in')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == "[]"
