"""File ▸ New Project…: from a codebook sheet and a folder of transcripts to a working project in
the lead's workspace, fixing problems on the way without leaving the wizard."""

from __future__ import annotations

import csv
from pathlib import Path

from pytestqt.qtbot import QtBot

from ictool.core.codebook.export import codebook_to_rows
from ictool.core.project import Project
from ictool.core.setup.documents import ImportReport
from ictool.core.team.new_project import NewProject
from ictool.gui.lead.models.transcripts import FoundTranscript, TranscriptTableModel
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.wizard.draft import Draft
from ictool.gui.lead.wizard.import_report import NOT_UTF8, PASSED_OVER, REFUSED
from ictool.gui.lead.wizard.location import file_name_for, location_problem
from ictool.gui.lead.wizard.summary import summary_lines
from ictool.gui.lead.wizard.transcripts import TranscriptsPage
from ictool.gui.lead.wizard.wizard import NewProjectWizard, created_text
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
    model.set_rows([FoundTranscript("INT-001", "Interview", "INT-001.txt", 1234)])
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
    assert [r for r, _ in wizard.codebook.problems.problem_model.rows()] == [3]
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
    assert wizard.transcripts.report.rows(REFUSED)[0].file == "INT-099.txt"
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


def awkward_folder(folder: Path) -> Path:
    """Transcripts as people bring them: good UTF-8 ones beside an old .doc, a PDF, a Windows-1252
    file, Notepad's UTF-16 and a UTF-8 file with one line pasted from an older program."""
    folder.mkdir(parents=True)
    write_transcripts(folder, 2)
    (folder / "OLD-3.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    (folder / "consent.pdf").write_bytes(b"%PDF-1.4")
    (folder / "LAT-2.txt").write_bytes("R: Muy bien, señor. Café.\n".encode("cp1252"))
    (folder / "NOTEPAD-7.txt").write_bytes("R: Ça va, très bien.\n".encode("utf-16"))
    (folder / "MIXED-4.txt").write_bytes(
        "I: Première question.\nR: Oui, c’est ça.\n".encode()
        + "I: Et la deuxième réponse?\n".encode("cp1252")
    )
    return folder


def test_the_transcripts_page_reports_files_passed_over_and_other_encodings(
    tmp_path: Path, prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    folder = awkward_folder(tmp_path / "transcripts")
    draft = Draft()
    page = TranscriptsPage(draft, prompter)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    task = page.add_sources([folder])
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=10_000)

    assert [t.doc_id for t in draft.found] == ["INT-001", "INT-002", "LAT-2", "NOTEPAD-7"]
    report = page.report
    assert report.isVisible() and report.shown_kinds() == [REFUSED, PASSED_OVER, NOT_UTF8]
    assert report.tabText(1) == "Passed over (2)" and report.tabText(2) == "Not UTF-8 (2)"
    # the mixed file is refused naming its line, shown by its name rather than its whole path
    [mixed] = report.rows(REFUSED)
    assert mixed.file == "MIXED-4.txt" and mixed.path == str(folder / "MIXED-4.txt")
    assert mixed.reason.startswith("mixes two encodings") and "line 3 is not UTF-8" in mixed.reason
    # files of other types: what to do, without the "not imported:" the tab already says
    passed = {row.file: row.reason for row in report.rows(PASSED_OVER)}
    assert set(passed) == {"OLD-3.doc", "consent.pdf"}
    assert "save it from Word as .docx" in passed["OLD-3.doc"]
    assert not passed["consent.pdf"].startswith("not imported")
    encodings = {row.file: row.reason for row in report.rows(NOT_UTF8)}
    assert set(encodings) == {"LAT-2.txt", "NOTEPAD-7.txt"}
    assert encodings["LAT-2.txt"].startswith("read as Windows-1252, not UTF-8")
    assert encodings["NOTEPAD-7.txt"].startswith("read as UTF-16")
    # the verdict names all three, in words with their plurals
    status = page.status.text()
    assert "1 problem would refuse the whole import" in status
    assert "2 files passed over (not .txt, .md or .docx)" in status
    assert "2 transcripts read in another encoding than UTF-8" in status
    # neither passed-over files nor encodings stop the import: skipping the refused one is enough
    assert not page.isComplete()
    page.skip_bad.setChecked(True)
    assert page.isComplete() and "2 files passed over" in page.status.text()
    assert (
        "Transcripts",
        "4 to import (1 file problem skipped); 2 files passed over (not .txt, .md or .docx) "
        "and 2 transcripts read in another encoding than UTF-8",
    ) in summary_lines(draft)

    # a folder of nothing but good UTF-8 transcripts: no report at all
    good = tmp_path / "good"
    write_transcripts(good, 1)
    draft.sources.clear()
    again = page.add_sources([good])
    assert again is not None
    qtbot.waitUntil(lambda: not again.is_running(), timeout=10_000)
    assert report.isHidden() and report.shown_kinds() == []
    assert page.status.text().endswith("1 transcript will be imported.")


def test_created_text_names_files_passed_over_and_read_in_other_encodings(tmp_path: Path) -> None:
    skipped = [f"{tmp_path}/scan-{i}.pdf: not imported: unsupported file type '.pdf'" for i in range(7)]
    made = NewProject(
        tmp_path / "p.ictool",
        ImportReport(["A"], [], skipped, ["LAT-2.txt read as Windows-1252 (not UTF-8)"]),
        None,
        None,
    )
    text = created_text(made)
    assert "Passed over (7 files not .txt, .md or .docx): scan-0.pdf, scan-1.pdf" in text
    assert "scan-4.pdf and 2 more." in text and "scan-5.pdf" not in text
    assert "Read in another encoding than UTF-8 (1 transcript): LAT-2.txt." in text
