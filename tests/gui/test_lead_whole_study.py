"""A whole study in the app, on real widgets, as one lead would run it.

New project wizard (a codebook sheet and a folder of transcripts) → hand out three packages → the
coders code them (through the core, as their own app would) → merge the inbox folder, where a foreign
file is refused and changes nothing → the dashboard shows what ``ictool report --json`` says → three
disagreements resolved by keyboard alone → an export that holds them. Each stage is photographed;
with ``ICTOOL_SCREENSHOTS=DIR`` the pictures are written there under the README's names.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.core import coding
from ictool.core.codebook.export import codebook_to_rows
from ictool.core.project import CoderPackage, Project
from ictool.core.reconcile import get_resolution
from ictool.core.records import Status
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.pages.reliability import ReliabilityPage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.wizard.wizard import NewProjectWizard
from ictool.gui.lead.workspace import LeadWorkspace
from tests.conftest import make_codebook, write_transcripts
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.lead_reads import read
from tests.gui.test_lead_reconcile import ALT, CTRL, SHIFT, keys
from tests.gui.test_lead_team import data_hash, finish
from tests.gui.test_lead_wizard import write_sheet

ROOT = Path(__file__).resolve().parents[2]
CODERS = ["Amira", "Jonas", "Lena"]
DOCUMENTS = 6


def shoot(widget: QWidget, folder: Path, name: str) -> None:
    """Photograph ``widget``; under ICTOOL_SCREENSHOTS also keep it for the README."""
    QApplication.processEvents()
    picture = widget.grab()
    target = folder / name
    assert picture.save(str(target)) and target.stat().st_size > 10_000, name
    keep = os.environ.get("ICTOOL_SCREENSHOTS")
    if keep:
        picture.save(str(Path(keep) / name))


def code_everything(package: Path) -> None:
    """A coder's whole package, with the disagreements a real team has."""
    with CoderPackage.open(package) as pkg:
        me = pkg.owner
        var = {v.name: v.uuid for v in pkg.codebook}
        for i, doc in enumerate(pkg.documents()):
            gender = 1 + i % 2
            if (me.name, i) in {("Jonas", 0), ("Lena", 1)}:
                gender = 3 - gender  # the other one
            disillusion = 1 + i % 4
            if me.name == "Jonas" and i in (2, 3):
                disillusion = min(4, disillusion + 1)  # Jonas rates a step higher
            coding.set_value(pkg, me.uuid, doc.uuid, var["gender"], gender)
            coding.set_value(pkg, me.uuid, doc.uuid, var["disillusion"], disillusion)
            coding.set_value(pkg, me.uuid, doc.uuid, var["age_join"], 20 + i)
            coding.set_status(pkg, me.uuid, doc.uuid, Status.DONE)


def cli_report(project: Path) -> dict[str, dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "ictool.cli.main", "report", str(project), "--json", "--bootstrap", "1000"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return {v["name"]: v for v in json.loads(result.stdout)["variables"]}


def test_a_whole_study_in_the_lead_workspace(
    make_window: MakeWindow, prompter: ScriptedPrompter, tmp_path: Path, qtbot: QtBot
) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    window = make_window()
    window.resize(1440, 900)

    # -- set up: the wizard, from a codebook sheet and a folder of transcripts ------------------
    sheet = write_sheet(tmp_path / "codebook.csv", [dict(r) for r in codebook_to_rows(make_codebook())])
    folder = tmp_path / "transcripts"
    write_transcripts(folder, DOCUMENTS)
    target = tmp_path / "study.ictool"
    window.new_actions[0].trigger()
    wizard = window.new_dialog
    assert isinstance(wizard, NewProjectWizard)
    prompter.new_file = target
    wizard.location.choose.click()
    wizard.location.title_edit.setText("Exit study")
    wizard.next()
    prompter.file = sheet
    wizard.codebook.choose.click()
    assert wizard.codebook.isComplete()
    wizard.next()
    prompter.folder = folder
    wizard.transcripts.add_folder.click()
    finish(qtbot, wizard.transcripts.task)
    assert wizard.transcripts.isComplete()
    shoot(wizard, shots, "lead-setup.png")
    wizard.next()
    wizard.coders.set_names(CODERS)
    wizard.next()
    wizard.next()  # everyone codes everything
    wizard.accept()
    qtbot.waitUntil(lambda: isinstance(window.workspace, LeadWorkspace), timeout=20_000)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)

    # -- hand out, code, merge the inbox with a foreign file in it ------------------------------
    team = lead.view.page(TeamPage)
    assert isinstance(team, TeamPage)
    read(qtbot, team)  # handing out waits for the page's numbers
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    prompter.folder = inbox
    team.hand_out_action.trigger()
    finish(qtbot, team.task)
    packages = sorted(inbox.glob("*.ictcoder"))
    assert [p.stem for p in packages] == CODERS
    for package in packages:
        code_everything(package)
    foreign = inbox / "foreign.ictcoder"
    foreign.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    team.merge_inbox(inbox)
    finish(qtbot, team.task)
    results = team.results
    assert results is not None
    assert results.model.counts() == {"merged": 3, "already merged": 0, "refused": 1}
    shoot(window, shots, "lead-team.png")
    results.reject()
    merged = data_hash(target)
    team.merge_inbox(inbox)  # again: the packages are already merged, the foreign file refused again
    finish(qtbot, team.task)
    assert team.results is not None and team.results.model.counts()["refused"] == 1
    assert data_hash(target) == merged  # the foreign file changed nothing
    team.results.reject()

    # -- the dashboard says what ``ictool report --json`` says ---------------------------------
    expected = cli_report(target)
    lead.actions.go_to[lead.view.pages.index(lead.view.page(ReliabilityPage))].trigger()
    dashboard = lead.view.current
    assert isinstance(dashboard, ReliabilityPage)
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=20_000)
    qtbot.waitUntil(lambda: dashboard.intervals_complete() and dashboard.bootstrap is None, timeout=60_000)
    model = dashboard.model
    assert model.rowCount() == len(expected)
    for row in range(model.rowCount()):
        line = model.row(row).line
        want = expected[line.name]
        assert line.alpha == want["alpha"], line.name
        interval = model.intervals()[line.name]
        assert (list(interval.ci95) if interval and interval.ci95 else None) == want["ci95"], line.name
    shoot(window, shots, "lead-dashboard.png")

    # -- three disagreements resolved by keyboard alone -----------------------------------------
    reconcile = lead.view.page(ReconcilePage)
    assert isinstance(reconcile, ReconcilePage)
    window.activateWindow()  # back from the merge results
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(reconcile.isVisible)
    read(qtbot, reconcile)
    keys(qtbot, ALT, "Q")
    assert reconcile.proxy.rowCount() >= 3
    chosen = [reconcile.proxy.item(r) for r in range(3)]
    for _ in chosen:
        keys(qtbot, Qt.KeyboardModifier.NoModifier, "1")  # Amira's value
        keys(qtbot, CTRL, "Return")  # resolve and go to the next
    shoot(window, shots, "lead-reconcile.png")
    with Project.open(target, readonly=True) as p:
        for item in chosen:
            resolution = get_resolution(p, item.document_uuid, item.variable.uuid)
            assert resolution is not None and resolution.value == item.values[0].value

    # -- an export that holds them ---------------------------------------------------------------
    out = tmp_path / "final.csv"
    prompter.new_file = out
    keys(qtbot, CTRL | SHIFT, "E")
    dialog = reconcile.export.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    keys(qtbot, ALT, "V")  # CSV
    qtbot.waitUntil(lambda: dialog.kind() == "csv")
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "Return")
    finish(qtbot, reconcile.export.task)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {row["document"]: row for row in csv.DictReader(handle)}
    for item in chosen:
        assert rows[item.document][item.variable.name] == str(item.values[0].value)
