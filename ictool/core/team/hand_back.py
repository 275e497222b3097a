"""Checks before a coder sends a package back: is everything in the one file, and intact?

Why a check at all: the lead will merge exactly one file. A package with a leftover journal
(a crash while saving), a damaged page or unsaved state must be caught on the coder's laptop,
where it can still be fixed, not weeks later at the lead's desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ictool.core import coding
from ictool.core.project import CoderPackage
from ictool.core.records import Status
from ictool.core.store.files import integrity_problem, journal_mode


@dataclass
class HandBackReport:
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


def check_hand_back(package: CoderPackage) -> HandBackReport:
    """Is the package ready to hand back: one complete, sound file, and how far the coding got."""
    problems: list[str] = []
    # Side files first: any query below would make SQLite roll back or delete a journal.
    for suffix in ("-journal", "-wal"):
        side = package.path.with_name(package.path.name + suffix)
        if side.exists() and side.stat().st_size > 0:
            problems.append(f"{side.name} exists beside the file: close ictool and reopen the package")
    if package.db.conn.in_transaction:
        problems.append("a change is still being saved; wait a moment and try again")
    damage = integrity_problem(package.db.conn)
    if damage is not None:
        problems.append(f"the file failed its integrity check ({damage}); use a backup copy")
    mode = journal_mode(package.db.conn)
    if mode != "delete":
        problems.append(f"the file uses journal mode {mode}; reopen it in ictool to fix this")
    coder = package.owner
    docs = package.documents()
    statuses = coding.statuses(package, coder.uuid)
    done_docs = [d for d in docs if statuses.get((coder.uuid, d.uuid)) is Status.DONE]
    uncoded = sum(len(coding.uncoded(package, coder.uuid, d.uuid)) for d in done_docs)
    return HandBackReport(
        path=package.path,
        size=package.path.stat().st_size,
        coder=coder.name,
        revision=package.revision,
        documents=len(docs),
        done=len(done_docs),
        uncoded_in_done=uncoded,
        problems=problems,
    )
