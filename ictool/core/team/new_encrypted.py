"""A new project set up in one step, encrypted from its first byte (the wizard's "Encrypt the project file").

Why a function beside :func:`~ictool.core.team.new_project.new_project` rather than a ``passphrase``
argument to it: it was added while that module was being changed elsewhere; it is the same steps with
the project created encrypted (``Project.create(passphrase=)``: the temporary file too, so no
plaintext is ever written) and the passphrase remembered for the finished file's path, so the app
opens it without asking. Folding it into ``new_project(passphrase=)`` is the natural next step.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Sequence
from pathlib import Path

from ictool.core.codebook.model import Codebook
from ictool.core.errors import UserError
from ictool.core.paths import replace_file
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import ImportReport, import_documents
from ictool.core.store import cipher
from ictool.core.team.assign import assign
from ictool.core.team.new_project import NewProject, Progress


def new_encrypted_project(
    path: Path,
    codebook: Codebook,
    passphrase: str,
    *,
    title: str = "",
    actor: str = "unknown",
    transcripts: Sequence[Path] = (),
    skip_bad: bool = False,
    coders: Sequence[str] = (),
    overlap: float | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
) -> NewProject:
    """``new_project`` with the project encrypted with ``passphrase``; refuses (creating nothing) on any
    problem, and on an empty passphrase."""
    path = Path(path)
    if not passphrase:
        raise UserError(f"{path}: an empty passphrase encrypts nothing; nothing was written")
    if path.exists():
        raise UserError(f"{path}: already exists; a new project never replaces a file")
    if not path.parent.is_dir():
        raise UserError(f"{path.parent}: no such folder")
    step = progress or (lambda *_: None)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.building")
    try:
        step(0, 4, "Creating the encrypted project…")
        with Project.create(
            tmp, codebook, title=title or path.stem, actor=actor, passphrase=passphrase
        ) as project:
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
        cipher.remember(path, passphrase)
        step(4, 4, "")
    finally:
        cipher.forget(tmp)
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return NewProject(path, imported, assignment)
