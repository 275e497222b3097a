"""Hand back: check the coder's package in the background and say which one file to send.

Why in the background: the check reads the whole file (``PRAGMA integrity_check``), which takes
seconds on a large package or a slow USB stick, and the window must not freeze meanwhile. The
job opens its own read-only connection in the worker thread (``gui.workers``); the window's
connection stays on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ictool.core.errors import UserError
from ictool.core.project import CoderPackage
from ictool.core.team.hand_back import HandBackReport, check_hand_back
from ictool.core.text.wording import plural
from ictool.gui.wording import saved_changes
from ictool.gui.workers import JobControl, open_for_job


def hand_back_job(path: Path) -> Callable[[JobControl], HandBackReport]:
    """The check of the package at ``path`` as a job for ``run_with_progress``."""

    def run(control: JobControl) -> HandBackReport:
        control.progress(0, 2, "Opening the package…")
        try:
            with open_for_job(path, control, CoderPackage.open) as package:
                control.progress(1, 2, "Checking that everything is saved and the file is intact…")
                report = check_hand_back(package)
        except OSError as exc:  # the file went away while it was being checked (deleted, drive pulled)
            raise UserError(
                f"{path}: the package could not be read ({exc.strerror or exc}); is it still there, "
                "and its drive plugged in?"
            ) from exc
        control.progress(2, 2, "Checked")
        return report

    return run


def describe(report: HandBackReport) -> str:
    """What the coder reads: what is wrong, or the one file to send and how far the coding got."""
    if not report.ok:
        return "The package is not ready to hand back:\n\n" + "\n".join(f"• {p}" for p in report.problems)
    size = (
        f"{report.size / 1024:,.0f} KB"
        if report.size < 10 * 1024 * 1024
        else f"{report.size / 2**20:,.1f} MB"
    )
    lines = [
        "Everything is saved in one file. Send this single file back to your lead researcher:",
        "",
        str(report.path),
        "",
        f"{size} · {saved_changes(report.revision)} · "
        f"{report.done} of {plural(report.documents, 'document')} done",
    ]
    if report.done < report.documents:
        left = report.documents - report.done
        lines.append(f"{plural(left, 'document')} {'is' if left == 1 else 'are'} not marked done yet.")
    if report.uncoded_in_done:
        n = report.uncoded_in_done
        lines.append(f"{plural(n, 'variable')} {'is' if n == 1 else 'are'} uncoded in documents marked done.")
    lines += ["", "Keep working in the same file afterwards if needed: a newer copy can be sent again."]
    return "\n".join(lines)
