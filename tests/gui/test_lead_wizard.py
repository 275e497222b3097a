"""File ▸ New Project…: from a codebook sheet and a folder of transcripts to a working project in
the lead's workspace, fixing problems on the way without leaving the wizard."""

from __future__ import annotations

import csv
from pathlib import Path

from pytestqt.qtbot import QtBot

from ictool.core.codebook.export import codebook_to_rows
from ictool.core.project import Project
from ictool.gui.lead.models.transcripts import FoundTranscript, TranscriptTableModel
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.wizard.location import file_name_for, location_problem
from ictool.gui.lead.wizard.wizard import NewProjectWizard
from ictool.gui.lead.workspace import LeadWorkspace
from tests.conftest import make_codebook, write_transcripts
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.lead_reads import read


def write_sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_transcript_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = TranscriptTableModel()
    qtmodeltester.check(model)
    model.set_transcripts([FoundTranscript("INT-001", "Interview", "INT-001.txt", 1234)])
    qtmodeltester.check(model)


def test_location_rules(tmp_path: Path) -> None:
    assert file_name_for("Exit study: 2025/26") == "Exit study_ 2025_26.ictool"
    assert file_name_for("Con") == "Con_.ictool"  # a device name on Windows, not a file
    assert file_name_for(" ... ") == "project.ictool"
    assert location_problem(tmp_path / "a.ictool") is None
    assert "end in .ictool" in (location_problem(tmp_path / "a.txt") or "")
    assert "does not exist" in (location_problem(tmp_path / "nope" / "a.ictool") or "")
    (tmp_path / "a.ictool").write_bytes(b"")
    assert "already exists" in (location_problem(tmp_path / "a.ictool") or "")


def test_the_wizard_makes_a_working_project(
    make_window: MakeWindow, prompter: ScriptedPrompter, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    rows = codebook_to_rows(make_codebook())
    good = [dict(r) for r in rows]
    rows[1]["level"] = "enormous"  # row 3 of the sheet
    sheet = write_sheet(tmp_path / "codebook.csv", rows)
    folder = tmp_path / "transcripts"
    write_transcripts(folder, 6)
    (folder / "INT-099.txt").write_text("   \n", encoding="utf-8")  # refused: only white space
    target = tmp_path / "exit study.ictool"

    window.new_actions[0].trigger()
    wizard = window.new_dialog
    assert isinstance(wizard, NewProjectWizard) and wizard.isVisible()

    # Title and file
    prompter.new_file = tmp_path / "exit study"  # the suffix is added
    wizard.location.choose.click()
    wizard.location.title_edit.setText("Exit study")
    assert wizard.location.isComplete() and wizard.draft.path == target
    wizard.next()

    # Codebook: problems by row, fixed in the sheet, read again
    assert wizard.currentPage() is wizard.codebook and not wizard.codebook.isComplete()
    prompter.file = sheet
    wizard.codebook.choose.click()
    assert [r for r, _ in wizard.codebook.problems.problem_model.problems()] == [3]
    assert not wizard.codebook.isComplete() and "Read again" in wizard.codebook.status.text()
    write_sheet(sheet, good)
    wizard.codebook.again.click()
    assert wizard.codebook.isComplete() and wizard.codebook.problems.count() == 0
    wizard.next()

    # Transcripts: a folder, its report, skip the bad one
    prompter.folder = folder
    wizard.transcripts.add_folder.click()
    task = wizard.transcripts.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=10_000)
    assert len(wizard.draft.found) == 6 and len(wizard.draft.refused) == 1
    assert "INT-099" in wizard.transcripts.problems.problem_model.problems()[0][1]
    assert not wizard.transcripts.isComplete()  # a problem refuses the whole import…
    wizard.transcripts.skip_bad.setChecked(True)  # …unless the bad ones are skipped
    assert wizard.transcripts.isComplete()
    wizard.next()

    # Coders, checked as typed
    wizard.coders.set_names(["Amira", "Jonas", "amira"])
    assert not wizard.coders.isComplete() and "named twice" in wizard.coders.status.text()
    wizard.coders.set_names(["Amira", "Jonas", "Lena"])
    assert wizard.coders.isComplete()
    wizard.next()

    # Assignment: a sample of half, a fixed seed
    wizard.assignment.sample.setChecked(True)
    wizard.assignment.overlap.setValue(50)
    wizard.assignment.seed.setValue(1234)
    assert "3 of the 6 documents" in wizard.assignment.preview.text()
    wizard.next()
    assert wizard.currentPage() is wizard.summary
    assert wizard.summary.values["Coders"].text() == "Amira, Jonas, Lena"
    assert not target.exists()  # nothing written before Create

    wizard.accept()
    qtbot.waitUntil(lambda: isinstance(window.workspace, LeadWorkspace), timeout=10_000)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace) and lead.file.path == target
    assert any(c[:2] == ("inform", "Project created") and "seed 1234" in c[2] for c in prompter.calls)
    team = lead.view.page(TeamPage)
    assert isinstance(team, TeamPage)
    read(qtbot, team)  # the page reads the project in a worker
    assert team.model.rowCount() == 3 and team.hand_out_action.isEnabled()
    with Project.open(target, readonly=True) as p:
        assert p.title == "Exit study" and len(p.documents()) == 6 and len(p.codebook) == len(good)
    qtbot.waitUntil(lambda: window.new_dialog is None or not window.new_dialog.isVisible())


def test_cancelling_the_wizard_writes_nothing(
    make_window: MakeWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    window = make_window()
    window.new_actions[0].trigger()
    wizard = window.new_dialog
    assert isinstance(wizard, NewProjectWizard)
    prompter.new_file = tmp_path / "x.ictool"
    wizard.location.choose.click()
    wizard.next()
    wizard.reject()
    assert not [p for p in tmp_path.iterdir() if p.name != "settings.ini"]
    assert window.workspace is None


def test_new_project_is_in_the_file_menu_and_the_shortcuts(make_window: MakeWindow) -> None:
    window = make_window()
    assert window.file_menu.actions()[0] is window.new_actions[0]
    assert ("New Project", "Ctrl+N") in window.shortcut_rows()
