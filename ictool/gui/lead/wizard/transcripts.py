"""Transcripts: files and folders, read in the background, with the import report before anything
is created — what would come in, what would be refused and why, which files of other types the
folders hold that would not come in, and which transcripts were read in another encoding than UTF-8
(the last two do not stop the import, but are the lead's to know before coders see the texts).

The sources are read with ``skip_bad`` so every problem shows at once; the checkbox decides what the
import will do with them: refuse everything (the default, so nothing is forgotten) or import the
good ones and list the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ictool.core.documents.collect import collect_transcripts
from ictool.core.text.wording import plural
from ictool.gui.lead.models.transcripts import FoundTranscript, TranscriptTableModel
from ictool.gui.lead.status_line import StatusLine
from ictool.gui.lead.wizard.draft import Draft
from ictool.gui.lead.wizard.import_report import ImportReportView, encoding_notes, report_summary
from ictool.gui.shell.prompter import Prompter
from ictool.gui.workers import BackgroundTask, JobControl, run_with_progress

TRANSCRIPT_FILTER = "Transcripts (*.txt *.md *.docx);;All files (*)"


class Found(NamedTuple):
    """What reading the sources found: the transcripts, and the import report's three lists."""

    transcripts: list[FoundTranscript]
    refused: list[str]
    skipped: list[str]
    notes: list[str]


def _are(n: int) -> str:
    """The verb after ``plural(n, …)``: "1 transcript is", "2 transcripts are"."""
    return "is" if n == 1 else "are"


def read_sources(sources: list[Path]) -> Callable[[JobControl], Found]:
    def run(control: JobControl) -> Found:
        batch = collect_transcripts(
            sources, skip_bad=True, on_progress=lambda done, total: control.progress(done, total, "Reading…")
        )
        return Found(
            [FoundTranscript.of(d) for d in batch.documents],
            list(batch.problems),
            list(batch.skipped),
            encoding_notes(batch.documents),
        )

    return run


class TranscriptsPage(QWizardPage):
    def __init__(self, draft: Draft, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.prompter = prompter
        self.task: BackgroundTask | None = None
        self._checked = False
        self.setTitle("Transcripts")
        self.setSubTitle(
            "Add the interview transcripts: .txt, .md or .docx files, or folders holding them. A "
            "transcript's id is its file name (INT-007.docx is INT-007)."
        )
        self.add_files = QPushButton("Add &files…")
        self.add_files.clicked.connect(self._add_files)
        self.add_folder = QPushButton("Add f&older…")
        self.add_folder.clicked.connect(self._add_folder)
        self.remove = QPushButton("&Remove")
        self.remove.setAccessibleName("Remove the selected source")
        self.remove.clicked.connect(self._remove)
        self.again = QPushButton("Read &again")
        self.again.setToolTip("Read every file again after fixing some")
        self.again.clicked.connect(self.check)
        self.sources = QListWidget()
        self.sources.setAccessibleName("Chosen files and folders")
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.sources.setMaximumHeight(self.fontMetrics().height() * 4)
        self.skip_bad = QCheckBox("&Skip transcripts with problems and import the others")
        self.skip_bad.toggled.connect(self._skip_toggled)
        self.status = StatusLine("Transcripts check")
        self.model = TranscriptTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Transcripts that would be imported")
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.report = ImportReportView()
        buttons = QHBoxLayout()
        for b in (self.add_files, self.add_folder, self.remove, self.again):
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.report)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)  # the transcripts found are the page; the report is a few lines
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.sources)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self._show()

    # -- choosing sources ---------------------------------------------------------------------

    def _start(self) -> Path:
        if self.draft.sources:
            last = self.draft.sources[-1]
            return last if last.is_dir() else last.parent
        return (self.draft.path or Path.home()).parent

    def _add_files(self) -> None:
        self.add_sources(self.prompter.choose_files("Add transcripts", self._start(), TRANSCRIPT_FILTER))

    def _add_folder(self) -> None:
        folder = self.prompter.choose_folder("Add a folder of transcripts", self._start())
        if folder is not None:
            self.add_sources([folder])

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.sources.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.draft.sources[row]
        if rows:
            self.check()

    def add_sources(self, paths: list[Path]) -> BackgroundTask | None:
        new = [p for p in paths if p not in self.draft.sources]
        if not new:
            return None
        self.draft.sources.extend(new)
        return self.check()

    # -- reading them -------------------------------------------------------------------------

    def check(self) -> BackgroundTask | None:
        """Read every source in the background and show what the import would do."""
        self.sources.clear()
        self.sources.addItems([str(p) for p in self.draft.sources])
        self._checked = False
        self.draft.found, self.draft.refused, self.draft.skipped, self.draft.notes = [], [], [], []
        if not self.draft.sources:
            self._show()
            return None
        if self.task is not None and self.task.is_running():
            self.task.cancel()
        self.status.note("Reading the transcripts…")
        self.completeChanged.emit()
        self.task = run_with_progress(
            self,
            "Reading transcripts",
            read_sources(list(self.draft.sources)),
            self._read,
            self._failed,
            label="Reading the transcripts…",
        )
        return self.task

    def _read(self, result: Found) -> None:
        self.draft.found, self.draft.refused, self.draft.skipped, self.draft.notes = result
        self._checked = True
        self._show()

    def _failed(self, message: str) -> None:
        self.draft.found, self.draft.refused = [], message.splitlines()
        self._checked = True
        self._show()

    def _skip_toggled(self, on: bool) -> None:
        self.draft.skip_bad = on
        self._show()

    def _show(self) -> None:
        found, refused = self.draft.found, self.draft.refused
        self.model.set_rows(found)
        self.report.set_report(refused, self.draft.skipped, self.draft.notes, self.draft.sources)
        self.table.setVisible(bool(found))
        self.again.setEnabled(bool(self.draft.sources))
        self.remove.setEnabled(bool(self.draft.sources))
        self.skip_bad.setVisible(bool(refused))
        # the files passed over and the encodings are said whatever the verdict: neither stops the
        # import, so a lead who only reads the verdict would otherwise never hear of them
        also = report_summary(len(self.draft.skipped), len(self.draft.notes))
        also = f" Also: {also} (see the tabs below)." if also else ""
        if not self.draft.sources:
            self.status.note("No transcripts chosen yet.")
        elif not self._checked:
            pass
        elif not found:
            self.status.problem("No transcript could be read: see the problems below.")
        elif refused and not self.draft.skip_bad:
            self.status.problem(
                f"{plural(len(found), 'transcript')} {_are(len(found))} ready, but "
                f"{plural(len(refused), 'problem')} would refuse the whole import: fix the files and Read "
                f"again, or tick Skip.{also}"
            )
        elif refused:
            self.status.ok(
                f"{plural(len(found), 'transcript')} will be imported; {plural(len(refused), 'problem')} "
                f"{_are(len(refused))} skipped.{also}"
            )
        else:
            self.status.ok(f"{plural(len(found), 'transcript')} will be imported.{also}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._checked and bool(self.draft.found) and (not self.draft.refused or self.draft.skip_bad)
