"""Overview and team: the project at a glance, each coder's progress, handing out and merging packages.

The page shows (``models.team_table``) and starts jobs (``team_jobs``); the numbers come from the
core (``team.progress``), and after a job the session's ``dataChanged`` refreshes every page. The
numbers are read in a worker (``team_jobs.team_read_job`` through ``lead.page_read``): on a large
project counting every coder's values takes long enough to freeze the window.
"""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from ictool.core.errors import UserError
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import ImportReport
from ictool.core.store import cipher
from ictool.core.store.files import inspect_file, is_encrypted
from ictool.core.team.assign import AssignmentResult, assign
from ictool.core.team.hand_out import HandOut
from ictool.core.team.merge import PackageOutcome
from ictool.core.team.progress import activity
from ictool.core.text.wording import plural
from ictool.gui.lead.merge_results_dialog import MergeResultsDialog
from ictool.gui.lead.models.team_table import TeamTableModel
from ictool.gui.lead.page_read import PageRead
from ictool.gui.lead.pages.page import LeadPage, PageContext
from ictool.gui.lead.session import DOCUMENTS, MERGE, TEAM
from ictool.gui.lead.team_jobs import (
    TeamState,
    hand_out_job,
    import_job,
    inbox_packages,
    merge_job,
    team_read_job,
)
from ictool.gui.lead.team_setup import (
    AddCodersDialog,
    AssignDialog,
    ImportResultDialog,
    has_more_to_say,
    imported_text,
)
from ictool.gui.shell.actions import make_action
from ictool.gui.shell.prompter import with_passphrase
from ictool.gui.workers import BackgroundTask, wait_for

PACKAGE_FILTER = "Coder packages (*.ictcoder);;All files (*)"
TRANSCRIPT_FILTER = "Transcripts (*.txt *.md *.docx);;All files (*)"
DROP_HINT = "Drop returned coder packages (.ictcoder) anywhere on this window to merge them."


class TeamPage(LeadPage):
    title = "Team"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        a = make_action
        self.add_coders_action = a(
            self, "Add &coders…", self.ask_coders, ["Ctrl+Shift+A"], "Add people who will code"
        )
        self.import_action = a(
            self,
            "&Import transcripts…",
            self.choose_transcripts,
            ["Ctrl+Shift+T"],
            "Import transcript files (.txt, .md, .docx) into the project",
        )
        self.import_folder_action = a(
            self,
            "Import a f&older of transcripts…",
            self.choose_transcript_folder,
            [],
            "Import every transcript in a folder and its subfolders",
        )
        self.assign_action = a(
            self,
            "Assi&gn documents…",
            self.ask_assignment,
            ["Ctrl+Shift+D"],
            "Decide who codes which document: everyone everything, or a reliability sample",
        )
        self.setup_button = self.add_menu_button(
            "&Set up",
            [self.add_coders_action, self.import_action, self.import_folder_action, self.assign_action],
        )
        self.hand_out_action = self.add_action(
            a(
                self,
                "&Hand out packages…",
                self.choose_hand_out_folder,
                ["Ctrl+Shift+H"],
                "Write every coder's package (<coder>.ictcoder) into a folder you choose, to send to them",
            )
        )
        self.merge_action = self.add_action(
            a(
                self,
                "&Merge packages…",
                self.choose_packages,
                ["Ctrl+Shift+M"],
                "Merge coder packages you choose (or drop them onto the window)",
            )
        )
        self.inbox_action = self.add_action(
            a(
                self,
                "Merge from in&box folder…",
                self.choose_inbox,
                ["Ctrl+Shift+I"],
                "Merge every .ictcoder file in a folder; a bad file is refused alone, the others are merged",
            )
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Project summary")
        self.model = TeamTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Coders and their progress")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Each column as wide as its content and a little more, none stretched: a stretched last
        # column ran ~800 px wide beside a Coder column cut to the longest name (``_fit_columns``).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("What to do next")
        self.hint = QLabel(DROP_HINT)
        self.hint.setWordWrap(True)
        self.filler = QWidget()  # takes the table's room while there is no table
        self.body.addWidget(self.summary)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.filler, 1)
        self.body.addWidget(self.hint)
        self.task: BackgroundTask | None = None
        self.encrypted_hand_out = False  # whether the last hand-out encrypted the packages
        self.results: MergeResultsDialog | None = None
        self.import_result: ImportResultDialog | None = None
        self.dialog: AddCodersDialog | AssignDialog | None = None  # the setup dialog shown last
        self.state: TeamState | None = None  # what the page shows; None until first read
        self.read: PageRead[TeamState] = PageRead(self, self._show, self._read_failed)
        self.track_read(self.read)
        self._show_nothing_yet()

    def refresh(self) -> None:
        """Read the progress again in a worker; what is shown stays until the new numbers arrive."""
        project = self.session.project
        if self.state is None:
            self._show_nothing_yet()
        self.read.start(team_read_job(project.path, project.actor or "lead"))

    def _show_nothing_yet(self) -> None:
        """Before the first numbers: say so, rather than an empty table that looks like "no coders"."""
        self.summary.setText("Reading the project…")
        for widget in (self.empty, self.table, self.hint):
            widget.hide()
        self.filler.show()
        for action in self.page_actions():  # handing out and merging wait for the numbers
            action.setEnabled(False)
        for action in (self.add_coders_action, self.import_action, self.import_folder_action):
            action.setEnabled(not self.session.readonly)

    def _read_failed(self, message: str) -> None:
        if self.state is None:
            self.summary.setText(f"Could not read the project: {message}")
        else:
            self.context.message(f"Could not read the project again: {message}")

    def _show(self, state: TeamState) -> None:
        self.state = state
        s = state.summary
        self.summary.setText(
            f"{plural(s.documents, 'document')} · {plural(s.variables, 'variable')} · "
            f"{plural(len(s.coders), 'coder')} · codebook version {s.codebook_version}"
        )
        self.model.set_team(s.coders, state.activity)
        self._fit_columns()
        assigned = any(c.assigned for c in s.coders)
        unassigned = [c.name for c in s.coders if not c.assigned]
        if not s.coders and not s.documents:
            self.empty.setText("Next: Set up ▸ Add coders… and Set up ▸ Import transcripts…")
        elif not s.coders:
            self.empty.setText("No coders yet: Set up ▸ Add coders…")
        elif not s.documents:
            self.empty.setText(
                "No transcripts yet: Set up ▸ Import transcripts… before handing out packages."
            )
        elif not assigned:
            self.empty.setText(
                "No documents are assigned yet: Set up ▸ Assign documents… before handing out."
            )
        elif unassigned:
            self.empty.setText(
                f"No documents assigned to {', '.join(unassigned)} yet: Set up ▸ Assign documents…"
            )
        else:
            self.empty.setText("")
        self.empty.setVisible(bool(self.empty.text()))
        self.table.setVisible(bool(s.coders))
        self.filler.setVisible(not s.coders)
        self.hint.setVisible(bool(s.coders))
        writable = not self.session.readonly
        self.hand_out_action.setEnabled(assigned and writable)
        for action in (self.add_coders_action, self.import_action, self.import_folder_action):
            action.setEnabled(writable)
        self.assign_action.setEnabled(bool(s.coders) and bool(s.documents) and writable)
        for action in (self.merge_action, self.inbox_action):
            action.setEnabled(bool(s.coders) and not self.session.readonly)

    def _fit_columns(self) -> None:
        """Columns fitted to their content with room to breathe; the Coder column at least wide enough
        for a full name (names are what the lead scans for)."""
        self.table.resizeColumnsToContents()
        chars = self.table.fontMetrics().averageCharWidth()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 2 * chars)
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 18 * chars))

    def _busy(self) -> bool:
        return self.task is not None and self.task.is_running()

    # -- setting up -----------------------------------------------------------------------

    def ask_coders(self) -> AddCodersDialog:
        dialog = AddCodersDialog([c.name for c in self.session.project.coders()], self)
        dialog.accepted.connect(lambda: self.add_coders(dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_coders(self, names: list[str]) -> bool:
        project = self.session.project
        if not self.session.write(TEAM, lambda: add_coders(project, names)):
            return False
        self.context.message(f"Added {', '.join(names)}: assign them documents next")
        return True

    def ask_assignment(self) -> AssignDialog:
        project = self.session.project
        out = any(a.issued_at for a in activity(project).values())
        dialog = AssignDialog(len(project.documents()), len(project.coders()), out, self)
        dialog.accepted.connect(
            lambda: self.assign(
                dialog.form.overlap_value(), dialog.form.seed_value(), dialog.extend.isChecked()
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def assign(self, overlap: float | None, seed: int | None, extend: bool) -> bool:
        project = self.session.project
        done: list[AssignmentResult] = []

        def run() -> None:
            done.append(assign(project, overlap=overlap, seed=seed, extend=extend))

        if not self.session.write(TEAM, run):
            return False
        result = done[0]
        lines = [f"• {name}: {plural(n, 'document')}" for name, n in sorted(result.per_coder.items())]
        text = "Documents per coder:\n" + "\n".join(lines)
        if result.seed is not None:
            text += (
                f"\n\nReliability sample: {plural(len(result.reliability_sample), 'document')} coded by "
                f"every coder, drawn with seed {result.seed}."
            )
        if result.kept:
            one = result.kept == 1
            stay = "stays with a coder who already holds" if one else "stay with coders who already hold"
            text += f"\n\n{plural(result.kept, 'document')} {stay} or coded them."
        if any(a.issued_at for a in activity(project).values()):
            text += "\n\nCoders whose documents changed need a new package: Hand out packages…"
        self.prompter.inform("Documents assigned", text)
        return True

    def choose_transcripts(self) -> None:
        paths = self.prompter.choose_files(
            "Import transcripts", self.session.project.path.parent, TRANSCRIPT_FILTER
        )
        if paths:
            self.import_transcripts(paths)

    def choose_transcript_folder(self) -> None:
        folder = self.prompter.choose_folder(
            "Import a folder of transcripts", self.session.project.path.parent
        )
        if folder is not None:
            self.import_transcripts([folder])

    def import_transcripts(self, sources: list[Path], skip_bad: bool = False) -> BackgroundTask | None:
        """Import all of them, or — after a refusal the lead has read — the good ones only."""
        if self._busy() or self.session.readonly:
            return None
        project = self.session.project
        self.task = self.context.run_job(
            "Import transcripts",
            import_job(project.path, project.actor, sources, skip_bad),
            lambda outcome: self._imported(outcome, sources),
            label="Importing the transcripts…",
        )
        return self.task

    def _imported(self, outcome: ImportReport | list[str], sources: list[Path]) -> None:
        if isinstance(outcome, list):
            # a dialog, not a message box: its lists scroll, so fifty PDFs keep its buttons on screen
            dialog = ImportResultDialog.refusal(outcome, sources, self)
            dialog.accepted.connect(lambda: self.import_transcripts(sources, skip_bad=True))
            self._show_import(dialog)
            return
        self.session.external_change(DOCUMENTS)
        has_coders = bool(self.session.project.coders())
        if not has_more_to_say(outcome):
            self.prompter.inform("Transcripts imported", imported_text(outcome, has_coders))
            return
        self._show_import(ImportResultDialog.of_report(outcome, sources, has_coders, self))

    def _show_import(self, dialog: ImportResultDialog) -> None:
        self.import_result = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -- handing out ----------------------------------------------------------------------

    def choose_hand_out_folder(self) -> None:
        folder = self.prompter.choose_folder(
            "Hand out packages: choose a folder for them", self.session.project.path.parent
        )
        if folder is None:
            return
        if self.session.project.recovery_key is not None:
            # the study keeps a recovery key: each package gets its own passphrase made from it
            self.hand_out(folder, recoverable=True)
            return
        passphrase = self.prompter.choose_encryption(
            "Hand out packages",
            f"Each coder's package will be written into {folder}.",
            "&Encrypt the packages with a package passphrase",
            "Tell the coders the passphrase by another channel than the files (in person or by phone, "
            "never in the e-mail that carries them).",
        )
        if passphrase is not None:  # None: they cancelled; "": plain packages
            self.hand_out(folder, passphrase or None)

    def hand_out(
        self, folder: Path, passphrase: str | None = None, *, recoverable: bool = False
    ) -> BackgroundTask | None:
        """Write every coder's package into ``folder``; with ``passphrase``, encrypted with it; with
        ``recoverable``, each with its own passphrase from the study's recovery key."""
        if self._busy():
            return None
        project = self.session.project
        self.encrypted_hand_out = passphrase is not None
        self.task = self.context.run_job(
            "Hand out packages",
            hand_out_job(project.path, project.actor, folder, passphrase, recoverable),
            self._handed_out,
            label="Writing the coders' packages…",
        )
        # A stop half-way leaves the packages written so far, issued: the page must show them.
        self.task.cancelled.connect(lambda: self.session.external_change(TEAM))
        self.task.failed.connect(lambda _message: self.session.external_change(TEAM))
        return self.task

    def _handed_out(self, result: HandOut) -> None:
        self.session.external_change(TEAM)
        lines = [
            f"• {w.path.name} — {w.coder}: {plural(w.documents, 'document')}"
            # on a line of its own: a passphrase broken at a hyphen is easily copied wrong
            + (f"\n    passphrase: {result.passphrases[w.coder]}" if w.coder in result.passphrases else "")
            for w in result.written
        ]
        text = f"{plural(len(result.written), 'package')} written; send each coder their one file:\n\n"
        text += "\n".join(lines)
        if result.without_documents:
            text += (
                "\n\nNo documents are assigned to " + ", ".join(result.without_documents) + "; no package."
            )
        if result.passphrases:
            text += (
                "\n\nEach package is encrypted with its own passphrase, made from the study's recovery "
                "key (which opens them all if a coder forgets theirs): tell each coder theirs by another "
                "channel than the file (in person or by phone)."
            )
        elif self.encrypted_hand_out:
            text += (
                "\n\nThe packages are encrypted: tell the coders their passphrase by another channel "
                "than the files (in person or by phone)."
            )
        folder = result.written[0].path if result.written else self.session.project.path
        self.prompter.inform_file("Packages handed out", text, folder)

    # -- merging --------------------------------------------------------------------------

    def choose_packages(self) -> None:
        paths = self.prompter.choose_files(
            "Merge coder packages", self.session.project.path.parent, PACKAGE_FILTER
        )
        if paths:
            self.merge_files(paths)

    def choose_inbox(self) -> None:
        folder = self.prompter.choose_folder(
            "Merge every package in a folder", self.session.project.path.parent
        )
        if folder is not None:
            self.merge_inbox(folder)

    def merge_inbox(self, folder: Path) -> BackgroundTask | None:
        paths = inbox_packages(folder)
        if not paths:
            self.prompter.inform("Nothing to merge", f"{folder} holds no coder packages (.ictcoder files).")
            return None
        return self.merge_files(paths, source=f"{plural(len(paths), 'package')} in {folder.name}")

    def merge_files(self, paths: list[Path], source: str = "") -> BackgroundTask | None:
        """Merge ``paths`` file by file (``merge_each``): a bad file is refused alone."""
        if self._busy() or self.session.readonly:
            return None
        if self.session.project.recovery_key is None:  # with one, the merge opens its packages itself
            self._ask_passphrases(paths)
        project = self.session.project
        source = source or plural(len(paths), "package")
        self.task = self.context.run_job(
            "Merge packages",
            merge_job(project.path, project.actor, paths),
            lambda outcomes: self._merged(outcomes, source),
            label="Checking and merging the packages…",
        )
        return self.task

    def _ask_passphrases(self, paths: list[Path]) -> None:
        """Ask for the passphrase of each encrypted package not opened yet this session (the merge's
        worker cannot ask), and again after a wrong one, as opening a project does: each is tried on
        the package's header here (a seventh of a second of key derivation, on a thread: the window
        keeps painting) so a typo costs a retype, not a merge without that coder. Cancel leaves that
        file out: the merge refuses it alone, saying it needs its passphrase (a foreign file that only
        looks encrypted is refused so too)."""
        for path in paths:
            if not (is_encrypted(path) and cipher.may_be_encrypted(path)):
                continue
            check = partial(inspect_file, path, whole=False)
            # A file that is not ictool's, damaged or in use: the merge says so for that file alone.
            with contextlib.suppress(UserError):  # its header, with the remembered or an asked passphrase
                label = f"Checking the passphrase of {path.name}…"
                with_passphrase(self.prompter, path, partial(wait_for, self, "Merge packages", label, check))

    def _merged(self, outcomes: list[PackageOutcome], source: str) -> None:
        if any(o.report is not None and not o.report.already_merged for o in outcomes):
            self.session.external_change(MERGE)
        dialog = MergeResultsDialog(outcomes, source, self)
        dialog.finished.connect(dialog.deleteLater)
        self.results = dialog
        dialog.open()
