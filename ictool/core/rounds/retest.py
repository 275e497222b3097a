"""Retest identities: a coder codes again documents they coded before, for Krippendorff's stability.

Why a separate identity ("Amira · retest") rather than a second pass by Amira: codings are one value
per coder × document × variable, so a second pass under the same identity would overwrite the first.
The retest identity is a coder of its own, linked to the original (``coders.retest_of``): its package
holds the documents and none of the earlier values (a package holds only its coder's values), a merge
brings back its values only, and the earlier ones are never touched. The report leaves retest
identities out of the agreement between coders and compares each with its original instead.
"""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Sequence
from dataclasses import dataclass

from ictool.core.errors import UserError
from ictool.core.project import Project, StudyFile
from ictool.core.records import Coder
from ictool.core.store import coders_repo, codings_repo, rounds_repo
from ictool.core.store.clock import now

RETEST_SUFFIX = " · retest"


@dataclass(frozen=True)
class Retest:
    identity: Coder
    original: Coder
    created: bool
    added: int  # documents newly assigned to the retest identity


def retest_pairs(file: StudyFile) -> list[tuple[Coder, Coder]]:
    """(retest identity, original coder) for every retest identity, by the original's name."""
    coders = {c.uuid: c for c in file.coders()}
    pairs = [
        (coders[retest], coders[original])
        for retest, original in rounds_repo.retest_links(file.db).items()
        if retest in coders and original in coders
    ]
    return sorted(pairs, key=lambda pair: pair[1].name.casefold())


@dataclass(frozen=True)
class RetestChoice:
    """What a coder may be retested on: the documents they coded (ids, in document order), and those
    their retest identity already has (none before the first retest)."""

    coder: str
    coded: tuple[str, ...]
    retested: frozenset[str]


def retest_choices(file: StudyFile) -> list[RetestChoice]:
    """For every coder who coded something (retest identities are no candidates), by name."""
    links = rounds_repo.retest_links(file.db)
    coders = {c.uuid: c for c in file.coders() if c.uuid not in links}
    documents = file.documents()
    ids = {d.uuid: d.doc_id for d in documents}
    order = {d.uuid: d.position for d in documents}
    coded = {uuid: codings_repo.coded_documents(file.db, uuid) for uuid in coders}
    assigned = coders_repo.assignments(file.db)
    retested = {original: assigned.get(retest, set()) for retest, original in links.items()}
    return [
        RetestChoice(
            coders[uuid].name,
            tuple(ids[d] for d in sorted(docs, key=order.__getitem__)),
            frozenset(ids[d] for d in retested.get(uuid, set()) if d in ids),
        )
        for uuid, docs in sorted(coded.items(), key=lambda item: coders[item[0]].name.casefold())
        if docs
    ]


def add_retest(project: Project, coder: str, document_keys: Sequence[str]) -> Retest:
    """Give ``coder``'s retest identity (created on first use) documents the coder coded before.

    A document the coder has not coded is refused (a retest repeats a coding; there would be nothing
    to compare with), as is a retest of a retest identity. The assignment is the retest identity's
    own: hand it out with ``ictool package PROJECT --coder "NAME · retest"``.
    """
    original = project.coder(coder)
    links = rounds_repo.retest_links(project.db)
    if original.uuid in links:
        raise UserError(f"{original.name} is a retest identity; name the coder it retests")
    coded = codings_repo.coded_documents(project.db, original.uuid)
    problems: list[str] = []
    documents: list[str] = []
    for key in document_keys:
        try:
            doc = project.document(key)
        except UserError as exc:
            problems += exc.problems
            continue
        if doc.uuid not in coded:
            problems.append(f"{original.name} has not coded {doc.doc_id}: a retest repeats an earlier coding")
        documents.append(doc.uuid)
    if problems:
        raise UserError(problems)
    identity = next(
        (c for c in project.coders() if links.get(c.uuid) == original.uuid),
        None,
    )
    created = identity is None
    at = now()
    with project.transaction() as db:
        if identity is None:
            name = f"{original.name}{RETEST_SUFFIX}"
            if any(c.name.casefold() == name.casefold() for c in project.coders()):
                raise UserError(f"{project.path}: a coder named '{name}' already exists and retests nobody")
            identity = Coder(str(_uuid.uuid4()), name)
            coders_repo.insert_coder(db, identity, at)
            rounds_repo.link_retest(db, identity.uuid, original.uuid)
            project.audit(
                "add retest coder", origin="typed", coder=identity.uuid, new=f"{name} → {original.name}"
            )
        held = coders_repo.assignments(db).get(identity.uuid, set())
        new = [d for d in dict.fromkeys(documents) if d not in held]
        coders_repo.add_assignments(db, [(identity.uuid, d) for d in new], at)
        for document in new:
            project.audit(
                "assign retest document", origin="typed", coder=identity.uuid, document=document, at=at
            )
    return Retest(identity, original, created, len(new))
