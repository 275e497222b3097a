"""Importing transcripts into a project: all-or-nothing, or the good ones with ``skip_bad``.

Why all-or-nothing by default: a lead who imports a folder of 220 interviews must not end up with
197 of them and a list of errors scrolled off the screen; with ``skip_bad`` the refused files are
listed and the rest is imported, which is the explicit choice for a messy folder.
"""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ictool.core.documents.collect import check_against_existing, collect_transcripts, without_clashes
from ictool.core.documents.encodings import encoding_name
from ictool.core.documents.model import SourceDocument
from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.store import documents_repo
from ictool.core.store.clock import now


@dataclass
class ImportReport:
    """What an import did: ids imported, and files refused (only with ``skip_bad``).

    ``skipped`` lists the files of other types found in folders and not read, ``notes`` the imported
    files read in another encoding than UTF-8: both are worth a look, neither stops the import.
    """

    imported: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_documents(project: Project, paths: Sequence[Path], *, skip_bad: bool = False) -> ImportReport:
    """Import the transcripts found in ``paths`` (files or folders) in one transaction."""
    batch = collect_transcripts(list(paths), skip_bad=skip_bad)
    existing = {d.doc_id for d in project.documents()}
    clashes = check_against_existing(batch.documents, existing)
    refused = list(batch.problems)
    docs = list(batch.documents)
    if clashes:
        if not skip_bad:
            raise UserError(clashes)
        refused += clashes
        docs = without_clashes(docs, existing)
    if not docs:
        if refused:
            raise UserError([*refused, "no document was imported"])
        raise UserError("no transcripts found to import")
    at = now()
    with project.transaction() as db:
        uuids = [str(_uuid.uuid4()) for _ in docs]
        documents_repo.insert_documents(db, docs, uuids, at)
        for doc, doc_uuid in zip(docs, uuids, strict=True):
            project.audit("import document", origin="imported", document=doc_uuid, new=doc.source_name, at=at)
    return ImportReport(
        imported=[d.doc_id for d in docs],
        refused=refused,
        skipped=list(batch.skipped),
        notes=[note for doc in docs if (note := encoding_note(doc)) is not None],
    )


def encoding_note(doc: SourceDocument) -> str | None:
    """A transcript read as Windows-1252 was guessed at: its accented letters deserve a look.

    Public: the app's wizard reads transcripts before importing them and says the same.
    """
    name = encoding_name(doc.metadata.get("encoding", "utf-8"))
    if name is None:
        return None
    return f"{doc.metadata.get('relative_path', doc.source_name)} read as {name} (not UTF-8)"
