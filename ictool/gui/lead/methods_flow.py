"""Copy methods section / Save methods section…: the study's reliability paragraph, table and
references, as ``ictool report --methods`` gives them, on the clipboard or in a .md / .docx file.

Why in a worker behind a progress dialog with Cancel: the section always gives intervals and q, so
it bootstraps every report line (1,000 KALPHA replicates, the CLI's seed) — seconds on a large study.
The job opens its own read-only connection (``open_for_job``); the content is built once by the core
(``core.export.methods``) and rendered by the core's renderers (``methods_output``), so the clipboard,
the file and the CLI's output say the same thing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from ictool import __version__
from ictool.core.export.methods import DEFAULT_REPLICATES, MethodsSection, read_methods
from ictool.core.export.methods_output import METHODS_FORMATS, to_markdown, write_methods
from ictool.core.paths import with_suffix
from ictool.core.project import Project
from ictool.core.reliability.bootstrap import DEFAULT_SEED
from ictool.core.reliability.from_project import project_reliability
from ictool.gui.lead.pages.page import PageContext
from ictool.gui.shell.actions import make_action
from ictool.gui.workers import BackgroundTask, Job, JobControl, open_for_job

FILTERS = {".md": "Markdown (*.md)", ".docx": "Word document (*.docx)"}


def methods_job(
    path: Path, actor: str, replicates: int = DEFAULT_REPLICATES, seed: int = DEFAULT_SEED
) -> Job[MethodsSection]:
    """The methods section of the whole study (what ``ictool report --methods`` prints)."""

    def run(control: JobControl) -> MethodsSection:
        control.progress(0, 0, "Reading the codings…")
        with open_for_job(path, control, partial(Project.open, actor=actor)) as project:
            report = project_reliability(
                project,
                bootstrap=replicates,
                seed=seed,
                progress=lambda d, t: control.progress(d, t, f"Bootstrapping ({replicates:,} replicates)…"),
                cancel=control.is_cancelled,
            )
            control.progress(0, 0, "Writing the section…")
            return read_methods(project, report, version=__version__)

    return run


def save_job(path: Path, actor: str, out: Path) -> Job[Path]:
    def run(control: JobControl) -> Path:
        section = methods_job(path, actor)(control)
        control.progress(0, 0, f"Writing {out.name}…")
        write_methods(section, out)
        return out

    return run


class MethodsActions(QObject):
    """The two actions and what they do; the workspace puts them in the File menu."""

    def __init__(self, context: PageContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: BackgroundTask | None = None
        self.copy_action: QAction = make_action(
            self,
            "Copy &methods section",
            lambda: self.copy(),
            [],
            "Put the study's methods section (reliability paragraph, APA table and references; Markdown) "
            "on the clipboard",
        )
        self.save_action: QAction = make_action(
            self,
            "Save methods sec&tion…",
            lambda: self.choose_save(),
            [],
            "Save the study's methods section as Markdown (.md) or Word (.docx)",
        )

    def _project(self) -> tuple[Path, str]:
        project = self.context.session.project
        return project.path, project.actor or "lead"

    def copy(self) -> BackgroundTask:
        path, actor = self._project()

        def done(section: MethodsSection) -> None:
            clipboard = QApplication.clipboard()
            clipboard.setText(to_markdown(section))
            self.context.message(
                f"Methods section copied to the clipboard (Markdown; {DEFAULT_REPLICATES:,} bootstrap "
                f"replicates, seed {DEFAULT_SEED})"
            )

        self.task = self.context.run_job(
            "Copy methods section", methods_job(path, actor), done, label="Computing the methods section…"
        )
        return self.task

    def choose_save(self) -> None:
        path, _actor = self._project()
        start = path.parent / f"{path.stem}-methods.md"
        chosen = self.context.prompter.choose_new_file(
            "Save methods section", start, ";;".join(FILTERS.values())
        )
        if chosen is None:
            return
        chosen = with_suffix(chosen, ".md", *METHODS_FORMATS)
        if chosen.is_dir():
            self.context.prompter.warn(
                "Save methods section", f"{chosen} is a folder; name the file to write."
            )
            return
        if chosen.exists() and not self.context.prompter.confirm(
            "Replace file?", f"{chosen.name} already exists in {chosen.parent}. Replace it?"
        ):
            return
        self.save(chosen)

    def save(self, out: Path) -> BackgroundTask:
        path, actor = self._project()
        self.task = self.context.run_job(
            "Save methods section",
            save_job(path, actor, out),
            lambda written: self.context.message(f"Methods section saved as {written.name}"),
            label="Computing the methods section…",
        )
        return self.task
