"""The lead's Rounds page on real widgets: its alphas and intervals are ``report --by-round``'s (the
core's ``by_round`` with the CLI's seed), its plan rows ``plan PROJECT``'s, a project without rounds
explains them, a change of rounds is shown after the workspace reports it, Copy methods section puts
the core renderer's Markdown on the clipboard and Save writes it; the new models pass Qt's tester."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ictool import __version__
from ictool.core.export.methods import read_methods
from ictool.core.export.methods_output import to_markdown
from ictool.core.project import Project
from ictool.core.reliability.bootstrap import DEFAULT_SEED
from ictool.core.reliability.by_round import ByRound, by_round
from ictool.core.reliability.from_project import project_input, project_reliability
from ictool.core.reliability.planner import plan_lines
from ictool.core.rounds.membership import add_to_round, set_reference
from ictool.gui.lead.pages.rounds import RoundsPage
from ictool.gui.lead.reliability.style import fmt_alpha
from ictool.gui.lead.rounds.jobs import REPLICATES
from ictool.gui.lead.rounds.models import (
    VERDICT,
    CellsModel,
    categories_table,
    coders_table,
    plan_table,
    rounds_table,
)
from ictool.gui.lead.session import MERGE
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.test_lead_accessibility import unnamed

ROUNDS = 4  # its place in the navigation (Ctrl+5)


def with_rounds(path: Path) -> Path:
    """The demo with a pilot round of four documents (reference Amira) and a main round of the rest."""
    with Project.open(path, actor="lead") as p:
        ids = [d.doc_id for d in p.documents()]
        add_to_round(p, "pilot", ids[:4])
        add_to_round(p, "main", ids[4:])
        set_reference(p, "pilot", "Amira")
    return path


def open_page(make_window: MakeWindow, path: Path, qtbot: QtBot) -> tuple[MainWindow, RoundsPage]:
    window = make_window()
    window.resize(1400, 900)
    assert window.open_file(path)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    lead.actions.go_to[ROUNDS].trigger()
    page = lead.view.current
    assert isinstance(page, RoundsPage)
    qtbot.waitUntil(lambda: page.snapshot is not None and page.bootstrap is None, timeout=60_000)
    return window, page


def core_rounds(path: Path, bootstrap: int = REPLICATES) -> ByRound:
    with Project.open(path, readonly=True) as p:
        return by_round(p, bootstrap=bootstrap, seed=DEFAULT_SEED)


def test_the_page_shows_report_by_round(make_window: MakeWindow, demo_project: Path, qtbot: QtBot) -> None:
    window, page = open_page(make_window, with_rounds(demo_project), qtbot)
    assert page.intervals_done
    core = core_rounds(demo_project)
    assert page.snapshot is not None
    shown = page.snapshot.rounds
    assert [r.name for r in shown.rounds] == ["pilot", "main"] and shown.lines == core.lines
    assert shown.figures == core.figures and shown.reference == core.reference
    headers = page.model.table.headers
    assert headers == ("Variable", "pilot", "main")  # the documents are in the tooltip and summary
    options = page.snapshot.options
    for row, line in enumerate(core.lines):
        assert page.model.cell(row, 0).text == (f"{line} ({options[line]})" if "=" in line else line)
        for column, r in enumerate(core.rounds, 1):
            f = core.figures[line][r.name]
            text = page.model.cell(row, column).text
            assert text.startswith(fmt_alpha(f.alpha)) and "qualified" not in text  # the icon says it
            said = page.model.index(row, column).data(Qt.ItemDataRole.AccessibleTextRole)
            tip = page.model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
            assert said == f"{r.name}: {text}, {VERDICT[f.qualified]}"
            assert VERDICT[f.qualified].capitalize() in tip
            if f.ci95 is not None:
                assert f"[{f.ci95[0]:.3f}, {f.ci95[1]:.3f}]" in text
    # the selected line's chart, per-category alphas and coders against the reference
    page.select("recruitment_channel")
    assert page.chart.name == "recruitment_channel" and len(page.chart.rounds) == 2
    assert page.category_model.rowCount() > 0 and page.category_model.columnCount() == 3
    pilot = next(v for v in core.reports["pilot"].variables if v.name == "recruitment_channel")
    assert pilot.category_alpha is not None
    _code, first_alpha = pilot.category_alpha[0]
    assert page.category_model.cell(0, 1).text == fmt_alpha(first_alpha)
    assert page.coder_model.table.headers == ("Coder", "vs Amira (pilot)")
    jonas = core.reference["pilot"]["recruitment_channel"]["Jonas"]
    row = page.coder_model.row_of("Jonas")
    assert jonas.ci95 is not None  # the page shows the pair's interval once the bootstrap is in
    interval = f"[{jonas.ci95[0]:.3f}, {jonas.ci95[1]:.3f}]"
    assert page.coder_model.cell(row, 1).text == f"{fmt_alpha(jonas.alpha)} {interval} ({jonas.units} doc.)"
    assert unnamed(page) == []
    window.close()


def test_the_plan_tab_is_plan_project(make_window: MakeWindow, demo_project: Path, qtbot: QtBot) -> None:
    window, page = open_page(make_window, demo_project, qtbot)
    with Project.open(demo_project, readonly=True) as p:
        plans = list(plan_lines(project_input(p).lines()))
    model = page.plan_model
    assert model.rowCount() == len(plans) > 0
    for row, plan in enumerate(plans):
        cells = [model.cell(row, c).text for c in range(model.columnCount())]
        assert cells[0].startswith(plan.name) and cells[1] == plan.level.value
        assert cells[3:7] == [
            str(plan.pairable_values),
            str(plan.units),
            str(plan.needed.get(0.8, "—")),
            str(plan.needed.get(0.667, "—")),
        ]
        assert cells[7] == plan.verdict and cells[8] == (plan.note or "")
    window.close()


def test_without_rounds_the_page_explains_them(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window, page = open_page(make_window, demo_project, qtbot)
    assert page.by_round.currentWidget() is page.empty
    assert "Add documents to a round…" in page.empty.text() and "No rounds yet" in page.empty.text()
    assert "ictool rounds add" not in page.empty.text()
    assert page.model.rowCount() == 0 and not page.resume_button.isVisible()
    assert page.plan_model.rowCount() > 0  # the plan needs no rounds
    # rounds added meanwhile (e.g. from the command line) are shown after the workspace's change
    with_rounds(demo_project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    lead.session.external_change(MERGE)
    qtbot.waitUntil(lambda: page.intervals_done, timeout=60_000)
    assert page.by_round.currentWidget() is page.splitter and page.model.columnCount() == 3
    window.close()


def test_stale_results_are_dropped(make_window: MakeWindow, demo_project: Path, qtbot: QtBot) -> None:
    window, page = open_page(make_window, with_rounds(demo_project), qtbot)
    page.refresh()
    first = page.reading
    page.refresh()  # the first read's result, if it still arrives, is older than what is asked for
    assert first is not None
    qtbot.waitUntil(
        lambda: page.snapshot is not None and page.bootstrap is None and page.intervals_done, timeout=60_000
    )
    assert page._generation == 3
    # leaving the page stops the bootstrap; it is read again when shown
    page.refresh()
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    lead.actions.go_to[0].trigger()
    assert page.stale and page.bootstrap is None  # its workers let go of the file (waited for)
    lead.actions.go_to[ROUNDS].trigger()
    qtbot.waitUntil(lambda: page.intervals_done, timeout=60_000)
    window.close()


def test_copy_methods_section_puts_the_core_markdown_on_the_clipboard(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, prompter: ScriptedPrompter
) -> None:
    window, page = open_page(make_window, with_rounds(demo_project), qtbot)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    assert page.methods.copy_action in lead.file_actions() and page.methods.save_action in lead.file_actions()
    messages: list[str] = []
    lead.message.connect(messages.append)
    QApplication.clipboard().setText("")
    page.methods.copy_action.trigger()
    qtbot.waitUntil(lambda: QApplication.clipboard().text() != "", timeout=60_000)
    with Project.open(demo_project, readonly=True) as p:
        report = project_reliability(p, bootstrap=1000, seed=DEFAULT_SEED)
        expected = to_markdown(read_methods(p, report, version=__version__))
    assert QApplication.clipboard().text() == expected
    assert "Table 1" in expected and any("clipboard" in m for m in messages)
    # Save methods section…: the same Markdown in a file; Word by its suffix
    prompter.new_file = demo_project.parent / "methods"
    page.methods.save_action.trigger()
    written = demo_project.parent / "methods.md"
    qtbot.waitUntil(written.exists, timeout=60_000)
    qtbot.waitUntil(
        lambda: page.methods.task is not None and not page.methods.task.is_running(), timeout=60_000
    )
    assert written.read_text(encoding="utf-8") == expected
    prompter.new_file = demo_project.parent / "methods.docx"
    page.methods.save_action.trigger()
    qtbot.waitUntil(
        lambda: page.methods.task is not None and not page.methods.task.is_running(), timeout=60_000
    )
    assert (demo_project.parent / "methods.docx").stat().st_size > 0
    assert any("methods.docx" in m for m in messages)
    window.close()


@pytest.mark.parametrize("which", ["rounds", "plan", "categories", "coders"])
def test_models_pass_qt_model_tester(qtmodeltester: object, demo_project: Path, which: str) -> None:
    with_rounds(demo_project)
    core = core_rounds(demo_project, bootstrap=0)
    with Project.open(demo_project, readonly=True) as p:
        codebook = p.codebook
        plans = list(plan_lines(project_input(p).lines()))
    tables = {
        "rounds": lambda: rounds_table(core, codebook),
        "plan": lambda: plan_table(plans, codebook),
        "categories": lambda: categories_table(core, codebook, "recruitment_channel"),
        "coders": lambda: coders_table(core, "recruitment_channel"),
    }
    model = CellsModel()
    model.set_table(tables[which]())
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]


def test_rounds_is_reached_by_ctrl_5(make_window: MakeWindow, demo_project: Path) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    assert ("Go to Rounds", "Ctrl+5") in window.shortcut_rows()
    window.close()


def test_a_round_is_made_in_the_app(make_window: MakeWindow, demo_project: Path, qtbot: QtBot) -> None:
    """Add documents to a round…: a new round from ticked documents with its reference coder, then more
    documents added to it (its own shown ticked and fixed), as ``rounds add`` and ``rounds reference``."""
    from PySide6.QtCore import Qt

    from ictool.core.rounds.membership import list_rounds, round_documents
    from ictool.core.store import audit_repo

    window, page = open_page(make_window, demo_project, qtbot)
    assert page.by_round.currentWidget() is page.empty
    page.add_round_action.trigger()
    dialog = page.round_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "Name the round" in dialog.status.text()
    dialog.name.setCurrentText("pilot")
    assert not ok.isEnabled() and "at least one document" in dialog.status.text()
    dialog.documents.filter.setText("INT-00")  # INT-001 … INT-009
    shown = [
        dialog.documents.list.item(r)
        for r in range(dialog.documents.list.count())
        if not dialog.documents.list.item(r).isHidden()
    ]
    assert len(shown) == 9
    dialog.documents.filter.setText("INT-001")
    dialog.documents.check_shown.click()
    dialog.documents.filter.clear()
    dialog.documents.list.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.reference.setCurrentText("Amira")
    assert ok.isEnabled() and "A new round, pilot, with 2 documents" in dialog.status.text()
    ok.click()
    qtbot.waitUntil(lambda: page.by_round.currentWidget() is page.splitter, timeout=60_000)
    with Project.open(demo_project, readonly=True) as p:
        rounds = list_rounds(p)
        assert [(r.name, r.reference, r.documents) for r in rounds] == [("pilot", "Amira", 2)]
        ids = {d.uuid: d.doc_id for d in p.documents()}
        assert sorted(ids[u] for u in round_documents(p, "pilot")) == ["INT-001", "INT-002"]

    page.add_round_action.trigger()  # the same round again: its documents ticked and fixed
    dialog = page.round_dialog
    assert dialog is not None and dialog.name.currentText() == "pilot"
    assert dialog.reference.currentText() == "Amira"
    first = dialog.documents.list.item(0)
    assert first.checkState() == Qt.CheckState.Checked and not first.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert "Tick the documents to add to pilot" in dialog.status.text()
    dialog.documents.list.item(2).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == ["INT-003"]
    dialog.name.setCurrentText("main")  # another name: a new round, nothing fixed
    assert first.checkState() == Qt.CheckState.Unchecked and dialog.reference.currentText() == "(none)"
    dialog.name.setCurrentText("Pilot")  # names are the same whatever their capitals
    assert first.checkState() == Qt.CheckState.Checked and dialog.chosen() == ["INT-003"]
    assert unnamed(dialog) == []
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    with Project.open(demo_project, readonly=True) as p:
        assert [(r.name, r.documents) for r in list_rounds(p)] == [("pilot", 3)]
        actions = [e.action for e in audit_repo.entries(p.db)]
    assert actions.count("set round reference") == 1  # audited like the command line's

    page.add_round_action.trigger()  # only another reference coder: that alone can be saved
    dialog = page.round_dialog
    assert dialog is not None and dialog.name.currentText() == "pilot"
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.reference.setCurrentText("Jonas")
    assert ok.isEnabled() and "its reference coder changes" in dialog.status.text()
    ok.click()
    with Project.open(demo_project, readonly=True) as p:
        assert [(r.name, r.reference, r.documents) for r in list_rounds(p)] == [("pilot", "Jonas", 3)]
    window.close()


def test_a_coder_is_retested_from_the_app(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path, qtbot: QtBot
) -> None:
    """Retest a coder…: the coder's own coded documents to tick, those their retest identity has shown
    ticked and fixed; what ``ictool rounds retest`` does (identity made once, documents assigned)."""
    from PySide6.QtCore import Qt

    from ictool.core.rounds.retest import retest_pairs
    from ictool.core.store import coders_repo

    window, page = open_page(make_window, demo_project, qtbot)
    page.retest_action.trigger()
    dialog = page.retest_dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.coder.itemText(i) for i in range(dialog.coder.count())] == ["Amira", "Jonas", "Lena"]
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.coder.setCurrentText("Jonas")
    assert dialog.documents.list.count() == 12 and not ok.isEnabled()
    assert "Tick the documents Jonas codes again" in dialog.status.text()
    dialog.documents.filter.setText("INT-01")  # INT-010 … INT-012
    assert len(dialog.documents.shown()) == 3
    dialog.documents.check_shown.click()
    assert dialog.chosen() == ["INT-010", "INT-011", "INT-012"] and ok.isEnabled()
    assert "Jonas · retest gets 3 documents" in dialog.status.text()
    assert unnamed(dialog) == []
    ok.click()
    assert prompter.last()[1] == "Retest added" and "Jonas · retest has 3" in prompter.last()[2]
    with Project.open(demo_project, readonly=True) as p:
        pairs = retest_pairs(p)
        assert [(r.name, o.name) for r, o in pairs] == [("Jonas · retest", "Jonas")]
        ids = {d.uuid: d.doc_id for d in p.documents()}
        held = coders_repo.assignments(p.db)[pairs[0][0].uuid]
        assert sorted(ids[d] for d in held) == ["INT-010", "INT-011", "INT-012"]

    page.retest_action.trigger()  # again: Jonas's three are fixed, another coder's none
    dialog = page.retest_dialog
    assert dialog is not None
    dialog.coder.setCurrentText("Jonas")
    fixed = [i for i in dialog.documents.items() if not i.flags() & Qt.ItemFlag.ItemIsUserCheckable]
    assert [i.checkState() for i in fixed] == [Qt.CheckState.Checked] * 3 and dialog.chosen() == []
    dialog.coder.setCurrentText("Lena")
    assert all(i.flags() & Qt.ItemFlag.ItemIsUserCheckable for i in dialog.documents.items())
    dialog.reject()
    window.close()


def three_rounds(path: Path) -> Path:
    """The demo in three rounds (pilot, training, main): the reviewer's case of a cut-off last round."""
    with Project.open(path, actor="lead") as p:
        ids = [d.doc_id for d in p.documents()]
        add_to_round(p, "تجريبي (pilot)", ids[:4])
        add_to_round(p, "training-1", ids[4:8])
        add_to_round(p, "main", ids[8:])
    return path


@pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])
def test_the_last_round_stays_in_view(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """The summary speaks of the last round: its column is whole in view, at 1024×700 too (only the
    first round was, and at 1600 the last was cut to "0.637…ifie"), and its cells keep alpha whole."""
    window, page = open_page(make_window, three_rounds(demo_project), qtbot)
    window.resize(*size)
    qtbot.wait(50)  # the resize, then the columns' new widths
    QApplication.processEvents()
    table = page.table
    last = page.model.columnCount() - 1
    assert last == 3 and "main" in page.summary.text()
    left = table.columnViewportPosition(last)
    assert left >= 0 and left + table.columnWidth(last) <= table.viewport().width()
    alpha = page.model.cell(0, last).text.split(" ")[0]
    room = table.columnWidth(last) - table.style().pixelMetric(table.style().PixelMetric.PM_SmallIconSize)
    assert table.fontMetrics().horizontalAdvance(alpha) < room
    window.close()


def test_the_rule_reads_as_on_the_reliability_page(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window, page = open_page(make_window, with_rounds(demo_project), qtbot)
    text = page.summary.text()
    assert "alpha ≥ .800 and the 95% interval's lower bound ≥ .667" in text and ">=" not in text
    assert "≥ .800" in page.legend.text() and "0.800" not in page.legend.text()
    window.close()


def test_the_detail_names_the_apps_way_to_a_reference_coder(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """No reference coder yet: the note names Add documents to a round…, not a command to type."""
    with Project.open(demo_project, actor="lead") as p:
        add_to_round(p, "pilot", [d.doc_id for d in p.documents()][:4])
    window, page = open_page(make_window, demo_project, qtbot)
    page.select(page.model.table.keys[0])
    note = page.coder_note.text()
    assert "Add documents to a round…" in note and "Retest a coder…" in note and "ictool" not in note
    assert "…." not in note and note.endswith(".")  # one full stop after the action's ellipsis
    assert "ictool" not in page.plan_note.text()
    window.close()


def test_the_actions_wait_for_something_to_act_on(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    """A bare project: Add to a round, Retest and the methods section are greyed, each saying why;
    documents and coders added on another page (the Rounds page not shown) enable them at once."""
    from ictool.core.setup.coders import add_coders
    from ictool.core.setup.documents import import_documents
    from ictool.gui.lead.session import DOCUMENTS, TEAM
    from tests.conftest import make_codebook, write_transcripts

    path = tmp_path / "bare.ictool"
    Project.create(path, make_codebook(), title="Bare", actor="lead").close()
    window = make_window()
    assert window.open_file(path)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(RoundsPage)
    assert isinstance(page, RoundsPage)
    actions = [page.add_round_action, page.retest_action, page.methods.copy_action, page.methods.save_action]
    for action in actions:
        assert not action.isEnabled(), action.text()
        assert action.toolTip().startswith("Not available: The project has no documents yet")
    with Project.open(path, actor="lead") as p:  # as the Team page's import does, on its own connection
        import_documents(p, write_transcripts(tmp_path / "docs"))
    lead.session.external_change(DOCUMENTS)
    assert page.add_round_action.isEnabled() and "Create a round" in page.add_round_action.toolTip()
    assert not page.retest_action.isEnabled() and "no coders" in page.retest_action.toolTip()
    with Project.open(path, actor="lead") as p:
        add_coders(p, ["Amira", "Jonas"])
    lead.session.external_change(TEAM)
    assert all(action.isEnabled() for action in actions)
    assert page.methods.save_action.statusTip().startswith("Save the study's methods section")
    window.close()


def test_the_plan_and_the_rounds_name_categories_and_options_by_their_labels(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """ "1 Yes (8.3%)", not "1 (8.3%)"; "motivations=3 (Revenge or grievance)", not "motivations=3"."""
    window, page = open_page(make_window, with_rounds(demo_project), qtbot)
    assert page.snapshot is not None
    codebook = page.snapshot.codebook
    plans = {p.name: p for p in page.snapshot.plans}
    family = plans["family_knew"]
    variable = codebook.get("family_knew")
    assert variable is not None and family.rarest is not None and family.rarest_share is not None
    rarest = f"{family.rarest} {variable.label_of(family.rarest)} ({family.rarest_share:.1%})"  # type: ignore[arg-type]
    plan_row = page.plan_model.row_of("family_knew")
    assert page.plan_model.cell(plan_row, 2).text == rarest
    option = codebook.get("motivations")
    assert option is not None
    shown = f"motivations=3 ({option.label_of(3)})"
    assert page.plan_model.cell(page.plan_model.row_of("motivations=3"), 0).text == shown
    assert page.model.cell(page.model.row_of("motivations=3"), 0).text == shown
    assert page.model.cell(page.model.row_of("country"), 0).text == "country"
    window.close()
