"""Which documents belong to which round: adding rounds and documents, listing them.

A round is only a set of documents: codings stay per coder × document, so a document in two rounds
has the same values in both, and adding a document to a round changes no value, no assignment and no
package. Rounds can therefore be added before or after documents are assigned; giving coders a
round's documents is then the explicit step ``assign --round`` (with ``--extend`` once packages are
out, as for any assignment).
"""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Sequence
from dataclasses import dataclass

from ictool.core.errors import UserError
from ictool.core.project import Project, StudyFile
from ictool.core.store import rounds_repo
from ictool.core.store.clock import now

MAX_NAME = 80


@dataclass(frozen=True)
class Round:
    """A round as lists show it: its name, its reference coder's name (if any) and its size."""

    uuid: str
    name: str
    position: int
    reference: str | None  # the reference coder's name
    reference_uuid: str | None
    documents: int


@dataclass(frozen=True)
class RoundChange:
    round: Round
    created: bool
    added: int  # documents newly in the round
    already: int  # documents named that were in it already


def list_rounds(file: StudyFile) -> list[Round]:
    """Every round, in the order they were added."""
    names = {c.uuid: c.name for c in file.coders()}
    counts = rounds_repo.document_counts(file.db)
    return [
        Round(
            r.uuid,
            r.name,
            r.position,
            names.get(r.reference_coder_uuid) if r.reference_coder_uuid else None,
            r.reference_coder_uuid,
            counts.get(r.uuid, 0),
        )
        for r in rounds_repo.list_rounds(file.db)
    ]


def find_round(file: StudyFile, name: str) -> Round:
    """The round called ``name`` (ignoring capitals); a clear error names the rounds there are."""
    rounds = list_rounds(file)
    folded = name.strip().casefold()
    for found in rounds:
        if found.name.casefold() == folded:
            return found
    known = ", ".join(r.name for r in rounds) or "none yet"
    raise UserError(f"{file.path}: no round named '{name}' (rounds: {known}); add it with ictool rounds add")


def round_documents(file: StudyFile, name: str) -> set[str]:
    """The uuids of the documents of the round called ``name``."""
    return rounds_repo.round_documents(file.db, find_round(file, name).uuid)


def rounds_with_documents(file: StudyFile) -> list[tuple[Round, set[str]]]:
    """Every round with the uuids of its documents, from one listing of the rounds (a listing per
    round, through :func:`round_documents`, reads the coders and the counts each time)."""
    return [(r, rounds_repo.round_documents(file.db, r.uuid)) for r in list_rounds(file)]


def add_to_round(project: Project, name: str, document_keys: Sequence[str]) -> RoundChange:
    """Create the round ``name`` if it does not exist, and put the documents named in it.

    Documents are named by their ids as people type them (or uuids); every unknown id is reported
    at once and nothing is written. A document already in the round is left as it is, so running the
    same command twice changes nothing.
    """
    clean = name.strip()
    if not clean:
        raise UserError("a round name cannot be empty")
    if len(clean) > MAX_NAME:
        raise UserError(f"round name '{clean[:20]}…' is longer than {MAX_NAME} characters")
    problems: list[str] = []
    uuids: list[str] = []
    for key in document_keys:
        try:
            uuids.append(project.document(key).uuid)
        except UserError as exc:
            problems += exc.problems
    if problems:
        raise UserError(problems)
    existing = {r.name.casefold(): r for r in list_rounds(project)}
    at = now()
    with project.transaction() as db:
        found = existing.get(clean.casefold())
        created = found is None
        if found is None:
            row = rounds_repo.insert_round(db, str(_uuid.uuid4()), clean, at)
            round_uuid = row.uuid
            project.audit("add round", origin="typed", new=clean, at=at)
        else:
            round_uuid = found.uuid
        held = rounds_repo.round_documents(db, round_uuid)
        new = list(dict.fromkeys(u for u in uuids if u not in held))
        rounds_repo.add_round_documents(db, round_uuid, new, at)
        shown = found.name if found is not None else clean
        for document in new:
            project.audit("add document to round", origin="typed", document=document, new=shown, at=at)
    result = find_round(project, clean)
    return RoundChange(result, created, len(new), len(set(uuids)) - len(new))


def set_reference(project: Project, name: str, coder: str | None) -> Round:
    """Name the round's reference coder (an expert, or the agreed key), or none (``coder=None``).

    The report then gives each other coder's alpha against this coder, per variable: how a trainee
    is certified. The reference is a coder of the project like any other; their values are theirs.
    """
    found = find_round(project, name)
    coder_uuid = project.coder(coder).uuid if coder is not None else None
    if coder_uuid == found.reference_uuid:
        return found
    with project.transaction() as db:
        rounds_repo.set_reference(db, found.uuid, coder_uuid)
        project.audit(
            "set round reference",
            origin="typed",
            coder=coder_uuid or found.reference_uuid,
            old=found.reference,
            new=f"{found.name}: {project.coder(coder_uuid).name}" if coder_uuid else f"{found.name}: none",
        )
    return find_round(project, found.name)
