"""A new project set up in one step: codebook, transcripts, coders and who codes what.

Why one step: the new-project wizard collects every choice first and creates the file only at the
end, so a cancelled or failed setup leaves nothing behind. The project is built under a temporary
name beside the target and renamed into place when complete (as the demo is): the target path
never holds a half-made project, and an existing file there is never replaced.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ictool.core.codebook.model import Codebook
from ictool.core.errors import UserError
from ictool.core.paths import replace_file
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import ImportReport, import_documents
from ictool.core.store import cipher
from ictool.core.team.assign import AssignmentResult, assign

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class NewProject:
    path: Path
    imported: ImportReport
    assignment: AssignmentResult | None  # None when no coders were named
    recovery_file: Path | None = None  # where the study's recovery key was written, if it has one


def new_project(
    path: Path,
    codebook: Codebook,
    *,
    title: str = "",
    actor: str = "unknown",
    transcripts: Sequence[Path] = (),
    skip_bad: bool = False,
    coders: Sequence[str] = (),
    overlap: float | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    passphrase: str | None = None,
    recovery: bool = False,
) -> NewProject:
    """Create the project at ``path`` with everything set up; refuse (creating nothing) on any problem.

    With ``passphrase`` the project is encrypted from its first byte (the temporary file too, so no
    plaintext is ever written) and the passphrase is remembered for the finished file's path, so the app
    opens it without asking again. ``recovery`` (with a passphrase) gives the study a recovery key,
    kept in the project and written once to a new file beside it (``cipher.write_recovery_key``): it
    opens every encrypted package the project hands out when a coder forgets a passphrase.
    """
    path = Path(path)
    if passphrase is not None:  # refused before anything is built, not when the file is created
        cipher.check_new_passphrase(passphrase, path)
    if recovery and passphrase is None:
        raise UserError("a recovery key goes with a passphrase (a plain project needs none)")
    if path.exists():
        raise UserError(f"{path}: already exists; a new project never replaces a file")
    if not path.parent.is_dir():
        raise UserError(f"{path.parent}: no such folder")
    step = progress or (lambda *_: None)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.building")
    try:
        step(0, 4, "Creating the project…" if passphrase is None else "Creating the encrypted project…")
        recovery_key = cipher.new_recovery_key() if recovery else None
        with Project.create(
            tmp,
            codebook,
            title=title or path.stem,
            actor=actor,
            passphrase=passphrase,
            recovery_key=recovery_key,
        ) as project:
            title = project.title
            step(1, 4, "Importing the transcripts…")
            imported = (
                import_documents(project, list(transcripts), skip_bad=skip_bad)
                if transcripts
                else ImportReport()
            )
            step(2, 4, "Adding the coders…")
            if coders:
                add_coders(project, coders)
            step(3, 4, "Assigning documents…")
            assignment = assign(project, overlap=overlap, seed=seed) if coders and imported.imported else None
        if path.exists():
            raise UserError(f"{path}: appeared while the project was being built; it was left alone")
        replace_file(tmp, path)
        if passphrase is not None:
            cipher.remember(path, passphrase)
        recovery_file = cipher.write_recovery_key(path, recovery_key, title) if recovery_key else None
        step(4, 4, "")
    finally:
        if passphrase is not None:
            cipher.forget(tmp)
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return NewProject(path, imported, assignment, recovery_file)
