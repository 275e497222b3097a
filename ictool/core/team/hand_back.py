"""Checks before a coder sends a package back: is everything in the one file, and intact?

Why a check at all: the lead will merge exactly one file. A package with a leftover journal
(a crash while saving), a damaged page or unsaved state must be caught on the coder's laptop,
where it can still be fixed, not weeks later at the lead's desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ictool.core.coding.service import Status
from ictool.core.project import Project


@dataclass
class SendReport:
    path: Path
    size: int
    coder: str
    revision: int
    documents: int
    done: int
    uncoded_in_done: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def prepare_for_sending(project: Project) -> SendReport:
    problems: list[str] = []
    if not project.is_package:
        problems.append(
            f"{project.path.name} is the project file: coders send their coder package, not the project"
        )
    # Side files first: any query below would make SQLite roll back or delete a journal.
    for suffix in ("-journal", "-wal"):
        side = project.path.with_name(project.path.name + suffix)
        if side.exists() and side.stat().st_size > 0:
            problems.append(f"{side.name} exists beside the file: close ictool and reopen the package")
    if project.db.conn.in_transaction:
        problems.append("a change is still being saved; wait a moment and try again")
    check = project.db.execute("PRAGMA integrity_check").fetchall()
    if check != [("ok",)]:
        problems.append(f"the file failed its integrity check ({check[0][0]}); use a backup copy")
    mode = project.db.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "delete":
        problems.append(f"the file uses journal mode {mode}; reopen it in ictool to fix this")
    coder = project.package_coder() if project.is_package else None
    docs = project.documents()
    statuses = project.coding.statuses(coder.uuid if coder else None)
    done_docs = [d for d in docs if coder and statuses.get((coder.uuid, d.uuid)) is Status.DONE]
    uncoded = sum(len(project.coding.uncoded(coder.uuid, d.uuid)) for d in done_docs) if coder else 0
    return SendReport(
        path=project.path,
        size=project.path.stat().st_size,
        coder=coder.name if coder else "",
        revision=project.revision,
        documents=len(docs),
        done=len(done_docs),
        uncoded_in_done=uncoded,
        problems=problems,
    )
