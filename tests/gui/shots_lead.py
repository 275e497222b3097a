"""Screenshots of the lead's workspace for the README (a script, not a test).

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python tests/gui/shots_lead.py [OUT_DIR [EXTRA_DIR]]

Writes ``lead-setup.png`` (the new-project wizard's transcripts page) and ``lead-team.png`` (the Team
page of the demo after handing out and merging an inbox with a foreign file) into OUT_DIR (default
resources/screenshots/), and every other state looked at while building it — each wizard page, the
merge results, the Codebook page of the demo and of a 150-variable codebook with Arabic labels —
into EXTRA_DIR (default: a folder under /tmp, printed).
"""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the repo's ``tests``

from ictool.core import coding
from ictool.core.codebook.export import codebook_to_rows
from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.demo.build import build_demo, demo_dir
from ictool.core.project import CoderPackage, Project
from ictool.core.records import Coder, Status
from ictool.gui.app import make_app
from ictool.gui.lead.pages.codebook import CodebookPage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.wizard.wizard import NewProjectWizard
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.shots_workspace import settle, shoot

SIZE = (1440, 900)


class QuietPrompter:
    """Answers nothing and shows nothing: a screenshot run must never stop at a message box."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def confirm(self, title: str, text: str) -> bool:
        return True

    def inform(self, title: str, text: str) -> None:
        self.said.append(f"{title}: {text}")

    def warn(self, title: str, text: str) -> None:
        self.said.append(f"{title}: {text}")

    def inform_file(self, title: str, text: str, path: Path) -> None:
        self.said.append(f"{title}: {text}")

    def choose_coder(self, coders: Sequence[Coder]) -> Coder | None:
        return None

    def choose_file(self, title: str, start: Path, filter: str) -> Path | None:
        return None

    def choose_files(self, title: str, start: Path, filter: str) -> list[Path]:
        return []

    def choose_folder(self, title: str, start: Path) -> Path | None:
        return None

    def choose_new_file(self, title: str, start: Path, filter: str) -> Path | None:
        return None

    def ask_passphrase(self, path: Path, retry: bool) -> str | None:
        return None

    def choose_encryption(self, title: str, text: str, label: str, note: str) -> str | None:
        return ""


def wait(app: QApplication, done: object, seconds: float = 30) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.01)


def write_sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def big_codebook() -> Codebook:
    """150 variables in 10 groups, some labelled and described in Arabic, with long choice lists."""
    arabic = ["سبب الانضمام", "دور المستجيب في الجماعة", "العلاقة مع الأسرة", "أسباب المغادرة"]
    variables = []
    for i in range(150):
        group = f"Section {i // 15 + 1}: " + ("الخروج من الجماعة" if i // 15 == 3 else "Pathways and roles")
        label = (
            arabic[i % 4] if i % 7 == 0 else f"Question {i + 1}: what the respondent says about item {i + 1}"
        )
        if i % 3 == 0:
            choices = tuple(Category(c, f"Option {c} — a fairly long choice label") for c in range(1, 9))
            var = Variable(
                f"q{i + 1:03d}", Level.NOMINAL, label=label, group=group, choices=choices, missing=(8,)
            )
        elif i % 3 == 1:
            var = Variable(f"q{i + 1:03d}", Level.RATIO, label=label, group=group, minimum=0, maximum=120)
        else:
            var = Variable(
                f"q{i + 1:03d}",
                Level.TEXT,
                label=label,
                group=group,
                description="اكتب الاقتباس الأهم كما ورد في المقابلة، دون ترجمة."
                if i % 4 == 0
                else "Free text.",
            )
        variables.append(var)
    return Codebook(tuple(variables))


def code_package(path: Path, gender: int) -> None:
    with CoderPackage.open(path) as pkg:
        me = pkg.owner.uuid
        var = pkg.codebook.get("gender")
        assert var is not None
        for doc in pkg.documents()[:3]:
            coding.set_value(pkg, me, doc.uuid, var.uuid, gender)
            coding.set_status(pkg, me, doc.uuid, Status.DONE)


def main() -> int:
    root = Path(__file__).resolve().parents[2]
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "resources" / "screenshots"
    extra = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="lead-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    extra.mkdir(parents=True, exist_ok=True)
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        prompter = QuietPrompter()
        window = MainWindow(actor="lead", settings=settings, prompter=prompter)
        window.resize(*SIZE)
        window.show()
        shoot(window, app, extra / "welcome.png")

        # -- the wizard, page by page --------------------------------------------------------
        rows = codebook_to_rows(Project.create(folder / "cb.ictool", big_codebook()).codebook)
        demo_rows = list(csv.DictReader((demo_dir() / "codebook.csv").open(encoding="utf-8-sig")))
        bad = [dict(r) for r in demo_rows]
        bad[2]["level"] = "enormous"
        bad[5]["choices"] = "1, Yes | 1, No"
        bad[9]["name"] = "2nd_var"
        sheet = write_sheet(folder / "codebook.csv", bad)
        transcripts = folder / "transcripts"
        shutil.copytree(demo_dir() / "transcripts", transcripts)
        (transcripts / "INT-099.txt").write_text("  \n", encoding="utf-8")
        (transcripts / "INT-100.docx").write_bytes(b"not really a Word file")

        window.new_actions[0].trigger()
        wizard = window.new_dialog
        assert isinstance(wizard, NewProjectWizard)
        wizard.location.title_edit.setText("Leaving armed groups — interview study 2025")
        wizard.location.path_edit.setText(str(folder / "Exit study 2025.ictool"))
        shoot(wizard, app, extra / "wizard-1-location.png")
        wizard.next()
        shoot(wizard, app, extra / "wizard-2-codebook-empty.png")
        wizard.codebook.load(sheet)
        shoot(wizard, app, extra / "wizard-2-codebook-problems.png")
        write_sheet(sheet, demo_rows)
        wizard.codebook.read()
        shoot(wizard, app, extra / "wizard-2-codebook-ok.png")
        wizard.next()
        shoot(wizard, app, extra / "wizard-3-transcripts-empty.png")
        task = wizard.transcripts.add_sources([transcripts])
        wait(app, lambda: task is None or not task.is_running())
        shoot(wizard, app, extra / "wizard-3-transcripts-problems.png")
        wizard.transcripts.skip_bad.setChecked(True)
        shoot(wizard, app, extra / "wizard-3-transcripts.png")
        shoot(wizard, app, out / "lead-setup.png")
        wizard.next()
        wizard.coders.set_names(["Amira", "Jonas", "Lena", "amira"])
        shoot(wizard, app, extra / "wizard-4-coders-problem.png")
        wizard.coders.set_names(["Amira", "Jonas", "Lena", "سارة"])
        shoot(wizard, app, extra / "wizard-4-coders.png")
        wizard.next()
        wizard.assignment.sample.setChecked(True)
        wizard.assignment.overlap.setValue(25)
        wizard.assignment.seed.setValue(20250301)
        shoot(wizard, app, extra / "wizard-5-assignment.png")
        wizard.next()
        shoot(wizard, app, extra / "wizard-6-summary.png")
        wizard.accept()
        wait(app, lambda: isinstance(window.workspace, LeadWorkspace))
        settle(app)
        shoot(window, app, extra / "new-project-team.png")

        # -- the demo: hand out, code, merge an inbox with a foreign file -------------------------
        demo = build_demo(folder / "demo.ictool")
        window.open_file(demo)
        lead = window.workspace
        assert isinstance(lead, LeadWorkspace)
        team = lead.view.page(TeamPage)
        assert isinstance(team, TeamPage)
        shoot(window, app, extra / "team-demo.png")
        inbox = folder / "inbox"
        inbox.mkdir()
        task = team.hand_out(inbox)
        wait(app, lambda: task is None or not task.is_running())
        for i, package in enumerate(sorted(inbox.glob("*.ictcoder"))):
            code_package(package, 1 + i % 2)
        (inbox / "x.ictcoder").write_bytes(bytes(range(256)) * 64)
        task = team.merge_inbox(inbox)
        wait(app, lambda: task is None or not task.is_running())
        settle(app)
        assert team.results is not None
        shoot(team.results, app, extra / "merge-results.png")
        team.results.reject()
        shoot(window, app, extra / "team-after-merge.png")
        shoot(window, app, out / "lead-team.png")

        lead.actions.go_to[1].trigger()
        page = lead.view.page(CodebookPage)
        assert isinstance(page, CodebookPage)
        page.select_variable("exit_reasons") or page.select_variable("gender")
        shoot(window, app, extra / "codebook-demo.png")
        lead.actions.go_to[2].trigger()
        shoot(window, app, extra / "reliability-placeholder.png")

        # -- 150 variables, Arabic ----------------------------------------------------------------
        big = folder / "big.ictool"
        Project.create(big, big_codebook(), title="١٥٠ متغيرًا — a big codebook", actor="lead").close()
        window.open_file(big)
        lead = window.workspace
        assert isinstance(lead, LeadWorkspace)
        lead.actions.go_to[1].trigger()
        page = lead.view.page(CodebookPage)
        assert isinstance(page, CodebookPage)
        page.select_variable("q001")
        shoot(window, app, extra / "codebook-150.png")
        page.select_variable("q047")
        shoot(window, app, extra / "codebook-150-arabic-description.png")
        lead.actions.go_to[0].trigger()
        shoot(window, app, extra / "team-empty.png")
        del rows
        window.close()
    print(f"extra screenshots in {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
