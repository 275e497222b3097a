"""The new-project wizard: its pages in order, and creating the project in a worker at the end.

``start_new_project`` is what the shell's File ▸ New Project… calls (registered in
``gui.workspaces``): it opens the wizard window-modally and, once the project exists, hands its
path to ``done`` — the shell opens it in the lead's workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from ictool.core.team.new_project import NewProject, new_project
from ictool.core.text.wording import plural
from ictool.gui.lead.wizard.assignment import AssignmentPage
from ictool.gui.lead.wizard.codebook_sheet import CodebookSheetPage
from ictool.gui.lead.wizard.coders import CodersPage
from ictool.gui.lead.wizard.draft import Draft
from ictool.gui.lead.wizard.import_report import split_sentence
from ictool.gui.lead.wizard.location import LocationPage
from ictool.gui.lead.wizard.summary import SummaryPage
from ictool.gui.lead.wizard.transcripts import TranscriptsPage
from ictool.gui.shell.prompter import Prompter
from ictool.gui.workers import BackgroundTask, JobControl, run_with_progress


def create_job(draft: Draft, actor: str) -> Callable[[JobControl], NewProject]:
    assert draft.path is not None and draft.codebook is not None
    make = partial(
        new_project,
        draft.path,
        draft.codebook,
        title=draft.title,
        actor=actor,
        transcripts=list(draft.sources),
        skip_bad=draft.skip_bad,
        coders=list(draft.coders),
        overlap=draft.overlap,
        seed=draft.seed,
        passphrase=draft.passphrase,
        recovery=draft.recovery,
    )

    def run(control: JobControl) -> NewProject:
        return make(progress=control.progress)

    return run


#: Files named in the message after creating: a message box grows with its text, and the
#: Transcripts page has already listed every one of them in a list that scrolls.
SHOWN = 5


def _more(items: list[str]) -> list[str]:
    return [f"… and {len(items) - SHOWN} more"] if len(items) > SHOWN else []


def _file_of(sentence: str) -> str:
    """The file a core sentence is about, by its name only: the message names, the page explained."""
    row = split_sentence(sentence, [])
    return Path(row.file or sentence.partition(": ")[0]).name


def _files_named(sentences: list[str]) -> str:
    """ "a.doc, b.pdf and 3 more": the first files the sentences are about, and how many others."""
    more = len(sentences) - SHOWN
    return ", ".join(_file_of(s) for s in sentences[:SHOWN]) + (f" and {more} more" if more > 0 else "")


def created_text(made: NewProject, encrypted: bool = False) -> str:
    lines = [f"{made.path.name} is ready: {plural(len(made.imported.imported), 'transcript')} imported."]
    if encrypted:
        lines.append(
            "It is encrypted: ictool asks for its passphrase each time it is opened. A lost passphrase "
            "loses the data; keep it somewhere safe, apart from the file."
        )
    if made.recovery_file is not None:
        lines.append(
            f"The study's recovery key is in {made.recovery_file.name}, beside the project: it opens every "
            "encrypted package this project hands out if a coder forgets its passphrase (not the project). "
            "Keep it offline, apart from the files, and remove it from this computer."
        )
    imported = made.imported
    if imported.refused:
        refused = len(imported.refused)
        lines.append(f"{plural(refused, 'file problem')} {'was' if refused == 1 else 'were'} skipped:")
        lines += [f"• {p}" for p in imported.refused[:SHOWN]] + _more(imported.refused)
    if imported.skipped:
        # named, not explained: the Transcripts page said why each one was passed over
        lines.append(
            f"Passed over ({plural(len(imported.skipped), 'file')} not .txt, .md or .docx): "
            f"{_files_named(imported.skipped)}."
        )
    if imported.notes:
        lines.append(
            f"Read in another encoding than UTF-8 ({plural(len(imported.notes), 'transcript')}): "
            f"{_files_named(imported.notes)}. Worth a glance at their accented letters."
        )
    a = made.assignment
    if a is not None and a.seed is not None:
        lines.append(
            f"Reliability sample: {plural(len(a.reliability_sample), 'document')} coded by every coder, "
            f"drawn with seed {a.seed} (overlap {a.overlap:.0%})."
        )
    lines.append("Next: Hand out packages… on the Team page writes each coder's file.")
    return "\n\n".join(lines)


class NewProjectWizard(QWizard):
    created = Signal(object)  # NewProject

    def __init__(self, prompter: Prompter, actor: str, start: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompter = prompter
        self.actor = actor
        self.draft = Draft()
        self.task: BackgroundTask | None = None
        self.setWindowTitle("New project")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Create project")
        self.location = LocationPage(self.draft, prompter, start)
        self.codebook = CodebookSheetPage(self.draft, prompter)
        self.transcripts = TranscriptsPage(self.draft, prompter)
        self.coders = CodersPage(self.draft)
        self.assignment = AssignmentPage(self.draft)
        self.summary = SummaryPage(self.draft)
        for page in (
            self.location,
            self.codebook,
            self.transcripts,
            self.coders,
            self.assignment,
            self.summary,
        ):
            self.addPage(page)
        chars, lines = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.setMinimumSize(chars * 120, lines * 34)
        self.resize(chars * 150, lines * 42)

    def accept(self) -> None:
        """Create the project in the background; the wizard closes only once it exists."""
        if self.task is not None and self.task.is_running():
            return
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.task = run_with_progress(
            self,
            "Creating the project",
            create_job(self.draft, self.actor),
            self._created,
            self._failed,
            label="Creating the project…",
        )
        self.task.cancelled.connect(lambda: self.button(QWizard.WizardButton.FinishButton).setEnabled(True))

    def _created(self, made: NewProject) -> None:
        super().accept()
        self.created.emit(made)

    def _failed(self, message: str) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.prompter.warn("The project was not created", f"{message}\n\nNothing was written.")


def start_new_project(
    parent: QWidget, prompter: Prompter, actor: str, done: Callable[[Path], object]
) -> NewProjectWizard:
    """Open the wizard over ``parent``; ``done(path)`` once the project exists (the shell opens it)."""
    wizard = NewProjectWizard(prompter, actor, Path.home(), parent)

    def created(made: NewProject) -> None:
        done(made.path)
        prompter.inform("Project created", created_text(made, wizard.draft.passphrase is not None))

    wizard.created.connect(created)
    wizard.finished.connect(wizard.deleteLater)
    wizard.open()
    return wizard
