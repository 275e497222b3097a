"""The lead's Team page: progress per coder, every package handed out in one step, and returned
packages merged from an inbox folder where a foreign file is refused alone and changes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project
from ictool.core.records import Status
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.merge import PackageOutcome
from ictool.core.team.progress import CoderActivity, CoderProgress
from ictool.gui.lead.models.merge_outcomes import MergeOutcomeModel
from ictool.gui.lead.models.team_table import TeamTableModel
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.team_setup import ImportResultDialog, has_more_to_say, imported_text
from ictool.gui.lead.wizard.import_report import NOT_UTF8, PASSED_OVER, REFUSED
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from ictool.gui.workers import BackgroundTask
from tests.conftest import make_codebook, write_transcripts
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.lead_reads import read
from tests.gui.test_lead_wizard import awkward_folder

CODERS = ["Amira", "Jonas", "Lena"]


def data_hash(path: Path) -> str:
    """Every row of every table: equal means the project's data did not change."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


@pytest.fixture
def team_project(tmp_path: Path) -> Path:
    """Three coders, four transcripts, everyone assigned everything; no package out yet."""
    path = tmp_path / "team.ictool"
    with Project.create(path, make_codebook(), title="Team study", actor="lead") as p:
        import_documents(p, write_transcripts(tmp_path / "docs", 4))
        add_coders(p, CODERS)
        assign(p)
    return path


def team_page(window: MainWindow, qtbot: QtBot) -> tuple[LeadWorkspace, TeamPage]:
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(TeamPage)
    assert isinstance(page, TeamPage) and lead.view.current is page
    read(qtbot, page)
    return lead, page


def finish(qtbot: QtBot, task: BackgroundTask | None, page: TeamPage | None = None) -> None:
    """Wait for ``task``, then for the page to show what it changed."""
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=20_000)
    if page is not None:
        read(qtbot, page)


def code_package(path: Path, values: dict[str, object]) -> None:
    """A coder's work, done through the core in their package: the first document, marked done."""
    with CoderPackage.open(path) as pkg:
        me, doc = pkg.owner.uuid, pkg.documents()[0].uuid
        for name, value in values.items():
            var = pkg.codebook.get(name)
            assert var is not None
            coding.set_value(pkg, me, doc, var.uuid, value)  # type: ignore[arg-type]
        coding.set_status(pkg, me, doc, Status.DONE)


def test_models_pass_the_model_tester(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team = TeamTableModel()
    qtmodeltester.check(team)
    team.set_team(
        [CoderProgress("Amira", "a", 4, 1, 2, 30), CoderProgress("Jonas", "j", 4, 0, 0, 0)],
        {"a": CoderActivity("2025-01-02T10:00:00+00:00", "2025-01-05T11:00:00+00:00", 3, "Amira.ictcoder")},
    )
    qtmodeltester.check(team)
    assert team.cell(0, 4) == "1" and team.cell(1, 6) == "not yet" and team.cell(1, 7) == "never"
    outcomes = MergeOutcomeModel()
    qtmodeltester.check(outcomes)
    outcomes.set_outcomes([PackageOutcome(tmp_path / "x.ictcoder", None, ["x.ictcoder: not an ictool file"])])
    qtmodeltester.check(outcomes)


def test_hand_out_code_and_merge_an_inbox_with_a_foreign_file(
    make_window: MakeWindow, team_project: Path, tmp_path: Path, prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(team_project)
    lead, page = team_page(window, qtbot)
    assert [page.model.cell(r, 0) for r in range(page.model.rowCount())] == CODERS
    assert page.model.cell(0, 1) == "4" and page.model.cell(0, 6) == "not yet"

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    prompter.folder = inbox
    page.hand_out_action.trigger()
    finish(qtbot, page.task, page)
    assert sorted(p.name for p in inbox.iterdir()) == [f"{c}.ictcoder" for c in CODERS]
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform_file", "Packages handed out") and "Lena.ictcoder" in text
    assert page.model.cell(0, 6) != "not yet"  # the page heard of it

    code_package(inbox / "Amira.ictcoder", {"gender": 1, "age_join": 19})
    code_package(inbox / "Jonas.ictcoder", {"gender": 2})
    code_package(inbox / "Lena.ictcoder", {"gender": 1, "disillusion": 3, "memo": "مرحبا"})
    (inbox / "x.ictcoder").write_bytes(bytes(range(256)) * 64)  # a foreign file with the right name

    prompter.folder = inbox
    page.inbox_action.trigger()
    finish(qtbot, page.task, page)
    dialog = page.results
    assert dialog is not None and dialog.isVisible()
    rows = {dialog.model.cell(r, 0): dialog.model.cell(r, 2) for r in range(dialog.model.rowCount())}
    assert rows == {
        "Amira.ictcoder": "merged",
        "Jonas.ictcoder": "merged",
        "Lena.ictcoder": "merged",
        "x.ictcoder": "refused",
    }
    assert "3 merged" in dialog.summary.text() and "1 refused" in dialog.summary.text()
    assert "x.ictcoder" in dialog.details.toPlainText()  # the refused one is selected first
    lena = next(r for r in range(dialog.model.rowCount()) if dialog.model.cell(r, 0) == "Lena.ictcoder")
    assert dialog.model.cell(lena, 3) == "3"  # values added

    project = lead.project
    doc = project.documents()[0].uuid
    gender = project.codebook.get("gender")
    assert gender is not None
    assert coding.value(project, project.coder("Jonas").uuid, doc, gender.uuid) == 2
    amira = next(r for r in range(page.model.rowCount()) if page.model.cell(r, 0) == "Amira")
    tip = page.model.data(page.model.index(amira, 7), Qt.ItemDataRole.ToolTipRole)
    assert page.model.cell(amira, 2) == "1" and "saved change" in tip and "revision" not in tip
    dialog.reject()

    # The same inbox again, with only the foreign file new: nothing changes at all.
    before = data_hash(team_project)
    page.merge_inbox(inbox)
    finish(qtbot, page.task)
    assert page.results is not None
    assert page.results.model.counts() == {"merged": 0, "already merged": 3, "refused": 1}
    assert data_hash(team_project) == before
    page.results.reject()


def test_hand_out_never_overwrites(
    make_window: MakeWindow, team_project: Path, tmp_path: Path, prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(team_project)
    _lead, page = team_page(window, qtbot)
    (tmp_path / "Jonas.ictcoder").write_bytes(b"someone else's file")
    finish(qtbot, page.hand_out(tmp_path))
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "Hand out packages") and "Jonas.ictcoder: already exists" in text
    assert (tmp_path / "Jonas.ictcoder").read_bytes() == b"someone else's file"
    assert not (tmp_path / "Amira.ictcoder").exists()


def test_packages_dropped_on_the_window_are_merged_not_opened(
    make_window: MakeWindow, team_project: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(team_project)
    lead, page = team_page(window, qtbot)
    out = tmp_path / "out"
    out.mkdir()
    finish(qtbot, page.hand_out(out))
    code_package(out / "Amira.ictcoder", {"gender": 2})
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(out / "Amira.ictcoder"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    handed_out = page.task
    lead.view.dropEvent(event)
    assert page.task is handed_out  # merged once the drop has ended, not inside it
    qtbot.waitUntil(lambda: page.task is not handed_out)
    finish(qtbot, page.task)
    assert window.workspace is lead  # still the project, not the package
    assert page.results is not None and page.results.model.counts()["merged"] == 1
    page.results.reject()


def test_merge_chosen_files(
    make_window: MakeWindow, team_project: Path, tmp_path: Path, prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(team_project)
    _lead, page = team_page(window, qtbot)
    finish(qtbot, page.hand_out(tmp_path))
    code_package(tmp_path / "Lena.ictcoder", {"age_join": 33})
    prompter.files = [tmp_path / "Lena.ictcoder"]
    page.merge_action.trigger()
    finish(qtbot, page.task)
    assert page.results is not None and page.results.model.cell(0, 2) == "merged"
    page.results.reject()


def test_a_bare_project_is_set_up_from_the_team_page(
    make_window: MakeWindow, tmp_path: Path, prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    path = tmp_path / "bare.ictool"
    Project.create(path, make_codebook(), title="Bare", actor="lead").close()
    folder = tmp_path / "docs"
    write_transcripts(folder, 5)
    (folder / "INT-009.txt").write_text(" \n", encoding="utf-8")
    window = make_window()
    assert window.open_file(path)
    _lead, page = team_page(window, qtbot)
    assert "Add coders" in page.empty.text() and not page.hand_out_action.isEnabled()
    assert not page.assign_action.isEnabled()

    dialog = page.ask_coders()
    dialog.names.setPlainText("Amira\nJonas\namira")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "named twice" in dialog.status.text()
    dialog.names.setPlainText("Amira\nJonas")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    read(qtbot, page)
    assert page.model.rowCount() == 2

    finish(qtbot, page.import_transcripts([folder]))
    refusal = page.import_result
    assert refusal is not None and refusal.summary.text().startswith("Nothing was imported")
    assert any("INT-009" in row.file for row in refusal.report.rows(REFUSED))
    refusal.accept()  # "Import the others and skip these"
    finish(qtbot, page.task, page)
    done = page.import_result
    assert done is not None and done is not refusal
    assert "5 transcripts imported" in done.summary.text()
    assert any("INT-009" in row.file for row in done.report.rows(REFUSED))  # still said: skipped
    done.reject()
    assert "5 documents" in page.summary.text() and page.assign_action.isEnabled()

    assign_dialog = page.ask_assignment()
    assign_dialog.form.sample.setChecked(True)
    assign_dialog.form.overlap.setValue(40)
    assign_dialog.form.seed.setValue(99)
    assert not assign_dialog.extend.isVisible()
    assign_dialog.accept()
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform", "Documents assigned") and "seed 99" in text
    read(qtbot, page)
    assert page.hand_out_action.isEnabled() and page.empty.text() == ""


def test_a_coder_who_joins_late_gets_documents_on_top(
    make_window: MakeWindow, team_project: Path, tmp_path: Path, prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(team_project)
    _lead, page = team_page(window, qtbot)
    finish(qtbot, page.hand_out(tmp_path), page)
    assert page.add_coders(["Tess"])
    read(qtbot, page)
    assert "Tess" in page.empty.text()
    dialog = page.ask_assignment()
    assert not dialog.extend.isHidden()  # packages are out: adding on top is a choice
    dialog.accept()  # without it the core refuses, in words
    assert prompter.last()[:2] == ("warn", "Change refused")
    dialog = page.ask_assignment()
    dialog.extend.setChecked(True)
    dialog.accept()
    assert prompter.last()[:2] == ("inform", "Documents assigned")
    read(qtbot, page)
    tess = next(r for r in range(page.model.rowCount()) if page.model.cell(r, 0) == "Tess")
    assert page.model.cell(tess, 1) == "4"


def test_the_team_table_fits_its_columns_and_says_saved_changes(qtbot: QtBot) -> None:
    """No column stretched across the page under a centred header: each fits its content, text headers
    sit left over their left-aligned cells, and a merge says the package's saved changes in words."""

    model = TeamTableModel()
    progress = CoderProgress(uuid="u1", name="Amira Haddad", assigned=12, done=12, in_progress=0, values=304)
    model.set_team(
        [progress],
        {"u1": CoderActivity("2026-12-05T03:50:00+00:00", "2026-12-05T03:50:00+00:00", 0, "amira.ictcoder")},
    )
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(0, 7), tip) == "Merged from amira.ictcoder (no saved changes)"
    model.set_team([progress], {"u1": CoderActivity(None, "2026-12-05T03:50:00+00:00", 12, "amira.ictcoder")})
    assert model.data(model.index(0, 7), tip) == "Merged from amira.ictcoder (12 saved changes)"
    assert "(" not in model.cell(0, 7)  # the cell is the time alone: the table fits a 1024 window
    left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    align = Qt.ItemDataRole.TextAlignmentRole
    assert [model.headerData(c, Qt.Orientation.Horizontal, align) for c in (0, 6, 7)] == [left] * 3
    assert model.headerData(1, Qt.Orientation.Horizontal, align) == right


def test_the_team_page_columns_fit_their_content(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.resize(1600, 1000)
    assert window.open_file(demo_project)
    _lead, page = team_page(window, qtbot)
    table, header = page.table, page.table.horizontalHeader()
    assert not header.stretchLastSection()
    last = page.model.columnCount() - 1
    needed = max(table.sizeHintForColumn(last), header.sectionSizeHint(last))
    assert table.columnWidth(last) < needed + 6 * table.fontMetrics().averageCharWidth()
    names = max(table.sizeHintForColumn(0), header.sectionSizeHint(0))
    assert table.columnWidth(0) >= names + table.fontMetrics().averageCharWidth()
    window.close()


def test_an_import_refused_then_done_lists_every_file_in_a_dialog_that_fits(
    tmp_path: Path, qtbot: QtBot
) -> None:
    folder = awkward_folder(tmp_path / "transcripts")
    for i in range(60):  # a folder of scans: the old message box grew three screens tall
        (folder / "scans" / f"scan-{i:02d}.pdf").parent.mkdir(exist_ok=True)
        (folder / "scans" / f"scan-{i:02d}.pdf").write_bytes(b"%PDF")
    path = tmp_path / "bare.ictool"
    with Project.create(path, make_codebook(), title="Bare", actor="lead") as p:
        with pytest.raises(UserError) as refused:
            import_documents(p, [folder])
        refusal = ImportResultDialog.refusal(refused.value.problems, [folder])
        qtbot.addWidget(refusal)
        refusal.show()
        # the one refusal and the files passed over are told apart, though the core lists them together
        assert refusal.report.shown_kinds() == [REFUSED, PASSED_OVER]
        assert [r.file for r in refusal.report.rows(REFUSED)] == ["MIXED-4.txt"]
        assert "line 3 is not UTF-8" in refusal.report.rows(REFUSED)[0].reason
        assert refusal.report.tabText(1) == "Passed over (62)"
        assert "scans/scan-00.pdf" in [r.file for r in refusal.report.rows(PASSED_OVER)]
        assert refusal.summary.text().startswith("Nothing was imported: 1 file cannot be imported.")
        assert "62 files of other types would be passed over either way" in refusal.summary.text()
        ok = refusal.buttons.button(refusal.buttons.StandardButton.Ok)
        assert ok.text() == "&Import the others"
        assert refusal.height() <= 700 and refusal.width() <= 1024  # its buttons stay on a small screen

        report = import_documents(p, [folder], skip_bad=True)
        assert has_more_to_say(report)
        done = ImportResultDialog.of_report(report, [folder], has_coders=False)
        qtbot.addWidget(done)
        done.show()
        assert done.windowTitle() == "Transcripts imported"
        assert done.report.shown_kinds() == [REFUSED, PASSED_OVER, NOT_UTF8]
        assert {r.file for r in done.report.rows(NOT_UTF8)} == {"LAT-2.txt", "NOTEPAD-7.txt"}
        assert done.summary.text() == (
            "4 transcripts imported. 1 file refused and skipped. 62 files passed over (not .txt, .md or "
            ".docx) and 2 transcripts read in another encoding than UTF-8."
        )
        assert done.height() <= 700


def test_an_import_with_nothing_to_list_is_said_in_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "bare.ictool"
    with Project.create(path, make_codebook(), title="Bare", actor="lead") as p:
        report = import_documents(p, write_transcripts(tmp_path / "docs", 1))
    assert not has_more_to_say(report)
    assert imported_text(report, has_coders=True) == (
        "1 transcript imported.\n\nNew transcripts are not assigned to anyone yet: Assign documents…"
    )
