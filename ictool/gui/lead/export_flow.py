"""Export…: the options dialog, the file name, the export in a worker, and what came of it.

Why the GUI may replace a file when the CLI refuses without ``--force``: here the person chose the
name in a save dialog and, for an existing file, confirmed replacing it; that is the consent
``--force`` stands for. (The shell's save dialog never asks by itself, because other callers refuse
existing files with their own sentence; so the question is asked here, once.)

The export opens its own read-only connection in the worker (``open_for_job``) and the core writes
beside the target and renames at the end, so a cancelled or failed export leaves the old file as it
was. A refusal (``--strict`` with unresolved cells, a folder that is gone) reaches the person as the
core's sentence; success says what was written, how many cells are unresolved, and offers the folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ictool.core.codebook.export import write_codebook_csv, write_codebook_xlsx
from ictool.core.exchange.qdpx_out import export_qdpx
from ictool.core.export import export_project
from ictool.core.export.project_export import plaintext_warning
from ictool.core.paths import same_file, with_suffix
from ictool.core.project import Project
from ictool.gui.lead.export_dialog import CODEBOOK_XLSX, OFFERED, QDPX, XLSX, ExportDialog, ExportOptions
from ictool.gui.workers import BackgroundTask, JobControl, open_for_job

if TYPE_CHECKING:  # the pages import this module: the context is only named here
    from ictool.gui.lead.pages.page import PageContext


@dataclass(frozen=True)
class Exported:
    path: Path
    lines: tuple[str, ...]  # what to tell the person, paragraph by paragraph


def target_path(chosen: Path, options: ExportOptions) -> Path:
    """The chosen name with the format's suffix (added when the name has another or none)."""
    return with_suffix(chosen, options.suffix)


def export_job(
    project: Path, actor: str, out: Path, options: ExportOptions
) -> Callable[[JobControl], Exported]:
    def run(control: JobControl) -> Exported:
        control.progress(0, 0, "Opening the project…")
        with open_for_job(project, control, partial(Project.open, actor=actor)) as p:
            if options.kind == QDPX:
                control.progress(0, 0, "Writing the REFI-QDA project…")
                qdpx = export_qdpx(p, out)
                return Exported(
                    qdpx.path,
                    (
                        f"Wrote {qdpx.path.name} ({qdpx.documents} documents, {qdpx.coders} coders, "
                        f"{qdpx.codings} codings, {qdpx.memos} memos): open it in ATLAS.ti, MAXQDA, "
                        "NVivo or QualCoder "
                        "(Import ▸ REFI-QDA project).",
                        *(f"Note: {note}" for note in qdpx.notes),
                    ),
                )
            if options.codebook:
                codebook = p.codebook
                control.progress(0, 0, "Writing the codebook…")
                (write_codebook_xlsx if options.kind == CODEBOOK_XLSX else write_codebook_csv)(codebook, out)
                return Exported(out, (f"Wrote the codebook ({len(codebook)} variables) to {out.name}.",))
            result = export_project(
                p,
                out,
                labels=options.labels,
                strict=options.strict,
                bom=options.bom,
                bootstrap=options.bootstrap,
                progress=lambda step: control.progress(0, 0, step[:1].upper() + step[1:] + "…"),
            )
        rows = ", ".join(f"{name}: {n} row{'s' if n != 1 else ''}" for name, n in result.rows.items())
        lines = [f"Wrote {out.name} ({rows})."]
        if result.unresolved:
            n = result.unresolved
            how = "marked UNRESOLVED" if result.format == XLSX else "left empty"
            lines.append(
                f"{n} cell{'s' if n != 1 else ''} of the final dataset {'are' if n != 1 else 'is'} "
                f"unresolved and {how}: the coders disagree and no final value was chosen (Reconcile page)."
            )
        lines += [f"Note: {note}" for note in result.notes]
        return Exported(out, tuple(lines))

    return run


class ExportFlow(QObject):
    """Export… from start to end; ``dialog`` and ``task`` are kept for the tests to drive."""

    def __init__(self, context: PageContext, unresolved: Callable[[], int | None], parent: QWidget) -> None:
        """``unresolved``: how many disagreements have no final value (the page's queue knows), or
        None while the page's queue is not read: counting them here would freeze a large project."""
        super().__init__(parent)
        self.context = context
        self.unresolved = unresolved
        self.widget = parent
        self.options = OFFERED  # then what the lead chose last
        self.dialog: ExportDialog | None = None
        self.task: BackgroundTask | None = None

    def start(self) -> None:
        if self.task is not None and self.task.is_running():
            return
        dialog = ExportDialog(self.unresolved(), self.options, self.widget)
        dialog.accepted.connect(lambda: self._chosen(dialog.options()))
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _chosen(self, options: ExportOptions) -> None:
        self.options = options
        project = self.context.session.project
        prompter = self.context.prompter
        stem = project.path.stem + ("-codebook" if options.codebook else "-final")
        chosen = prompter.choose_new_file(
            "Export to", project.path.parent / (stem + options.suffix), options.file_filter
        )
        if chosen is None:
            return
        out = target_path(chosen, options)
        if same_file(out, project.path):  # also when only the case differs (Windows, macOS)
            prompter.warn("Export", f"{out.name} is the project file itself; choose another name.")
            return
        if out.is_dir():
            prompter.warn("Export", f"{out} is a folder; name the file to write.")
            return
        if out.exists() and not prompter.confirm(
            "Replace file?", f"{out.name} already exists in {out.parent}. Replace it?"
        ):
            return
        self.run(out, options)

    def run(self, out: Path, options: ExportOptions) -> BackgroundTask:
        """Export to ``out`` in a worker (``out`` is replaced if it exists: the person agreed)."""
        project = self.context.session.project
        self.task = self.context.run_job(
            "Export",
            export_job(project.path, project.actor, out, options),
            self._done,
            label=f"Exporting {out.name}…",
        )
        return self.task

    def _done(self, result: Exported) -> None:
        warning = plaintext_warning(self.context.session.project, result.path.name)
        lines = [*result.lines, *([warning] if warning else [])]
        self.context.prompter.inform_file("Export written", "\n\n".join(lines), result.path)
