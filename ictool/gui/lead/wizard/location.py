"""The wizard's first page: the project's title and where its file goes (never over an existing file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizardPage,
)

from ictool.core.paths import safe_file_stem, with_suffix
from ictool.gui.lead.status_line import StatusLine
from ictool.gui.lead.wizard.draft import Draft
from ictool.gui.shell.prompter import Prompter
from ictool.gui.widgets.passphrase import NewPassphraseForm

SUFFIX = ".ictool"
PROJECT_FILTER = "ictool projects (*.ictool);;All files (*)"


def file_name_for(title: str) -> str:
    """A file name from a title that every system accepts (a study titled "Con" too), spaces kept."""
    return f"{safe_file_stem(title, 'project')}{SUFFIX}"


def choose_project_file(prompter: Prompter, title: str, start: Path) -> Path | None:
    """Ask where a new project file goes; the name ends in .ictool whatever was typed."""
    chosen = prompter.choose_new_file(title, start, PROJECT_FILTER)
    return None if chosen is None else with_suffix(chosen, SUFFIX)


def location_problem(path: Path) -> str | None:
    if path.suffix.lower() != SUFFIX:
        return f"The file name must end in {SUFFIX}."
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    if path.exists():
        return f"{path.name} already exists in {path.parent}: choose another name (nothing is ever replaced)."
    return None


class LocationPage(QWizardPage):
    def __init__(self, draft: Draft, prompter: Prompter, start: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.prompter = prompter
        self.setTitle("Title and file")
        self.setSubTitle(
            "Name the study and choose where its project file goes. The project holds the codebook, the "
            "transcripts and every coder's work; you hand each coder a package made from it."
        )
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Project title")
        self.title_edit.setPlaceholderText("e.g. Leaving armed groups — interview study 2025")
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Project file")
        self.choose = QPushButton("C&hoose…")
        self.choose.setAccessibleName("Choose where the project file goes")
        self.choose.clicked.connect(self._choose)
        self.status = StatusLine("Project file check")
        self.encryption = NewPassphraseForm(
            "&Encrypt the project file with a passphrase",
            "ictool asks for it each time the file is opened; packages handed out can have their own.",
        )
        self.encryption.changed.connect(self._encryption_changed)
        self.recovery = QCheckBox("Keep a &recovery key for the coders' encrypted packages")
        self.recovery.setToolTip(
            "Written once to a file beside the project (STEM.recovery-key.txt): it opens every encrypted "
            "package this project hands out if a coder forgets its passphrase. Keep it offline."
        )
        self.recovery.toggled.connect(self._encryption_changed)
        self._folder = start
        self._path_edited = False
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose)
        form = QFormLayout(self)
        form.addRow("&Title:", self.title_edit)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        form.addRow("", self.status)
        form.addRow("", self.encryption)
        form.addRow("", self.recovery)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit.textChanged.connect(self._title_changed)
        self.path_edit.textEdited.connect(self._path_typed)
        self.path_edit.textChanged.connect(self._check)
        self.path_edit.setText(str(start / file_name_for("")))
        self._encryption_changed()

    def _title_changed(self, title: str) -> None:
        self.draft.title = title.strip()
        if not self._path_edited:
            self.path_edit.setText(str(self._folder / file_name_for(title.strip())))

    def _path_typed(self, _text: str) -> None:
        self._path_edited = True

    def _choose(self) -> None:
        path = choose_project_file(self.prompter, "New project file", Path(self.path_edit.text()))
        if path is not None:
            self._path_edited = True
            self._folder = path.parent
            self.path_edit.setText(str(path))

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def _check(self) -> None:
        path = self.path()
        problem = "Choose where the project file goes." if path is None else location_problem(path)
        self.status.verdict(problem, f"The project will be created as {path}.")
        self.draft.path = None if problem else path
        self.completeChanged.emit()

    def _encryption_changed(self) -> None:
        self.draft.passphrase = self.encryption.passphrase()
        encrypted = self.encryption.encrypt.isChecked()
        self.recovery.setVisible(encrypted)  # a plain project's packages need no key
        self.draft.recovery = encrypted and self.recovery.isChecked()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.draft.path is not None and self.encryption.problem() is None
