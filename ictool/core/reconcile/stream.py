"""Read a project one document at a time: how the queue, the final dataset and the exports stay flat.

Why: every coding of a 1,000 documents × 150 variables × 3 coders project held at once takes about
130 MB, and grows with every document; yet a cell of the final dataset or of the queue is one
document × one variable, so they only ever need one document's codings. A :class:`DocumentStream`
yields :class:`DocumentCells` — one document's codings by every coder, and the lead's resolutions on
it — reading each (coder, document) through the primary key; memory holds one document whatever the
project's size. Repeated values are decoded once (a small, bounded cache: codes repeat, free texts
hardly ever).

Everything is read inside one read transaction (:func:`open_stream`): every view describes the same
moment. :class:`Outline` is what every view needs besides the codings (codebook, documents,
coders), read once at the start.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

from ictool.core.codebook.model import Codebook, Value, Variable
from ictool.core.codebook.values import decode_value
from ictool.core.reconcile.resolutions import Resolution, document_resolutions
from ictool.core.records import Coder, CodingRow, DocumentInfo, Evidence, Memo
from ictool.core.store import codings_repo, rounds_repo

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = ["DocumentCells", "DocumentStream", "Outline", "open_stream"]


@dataclass(frozen=True, eq=False)
class Outline:
    """The project around the codings: codebook (active and full), documents and coders.

    Small whatever the project's size (no codings), so a view that streams the codings keeps this
    and nothing that grows with the data.
    """

    title: str
    uuid: str
    codebook: Codebook
    full_codebook: Codebook
    documents: tuple[DocumentInfo, ...]
    coders: tuple[Coder, ...]  # in name order (case-insensitive), then uuid
    codebook_version: int = 1
    #: Coder uuids of retest identities (``rounds.retest``): their values are a second coding by a
    #: coder, for stability — kept in ``records`` (exports hold every value), left out of ``cells``.
    retests: frozenset[str] = frozenset()

    @cached_property
    def coder_names(self) -> dict[str, str]:
        return {c.uuid: c.name for c in self.coders}

    @cached_property
    def variable_positions(self) -> dict[str, int]:
        """Codebook order of every variable ever defined (retired ones keep their place)."""
        return {v.uuid: i for i, v in enumerate(self.full_codebook)}

    def full_variable(self, variable_uuid: str) -> Variable | None:
        """The variable with retired categories too: old values may still use them."""
        return self.full_codebook.by_uuid(variable_uuid) or self.codebook.by_uuid(variable_uuid)

    def is_retired(self, variable_uuid: str) -> bool:
        return self.codebook.by_uuid(variable_uuid) is None


def read_outline(project: Project) -> Outline:
    """The project's codebook, documents and coders (call inside the read transaction)."""
    return Outline(
        title=project.title,
        uuid=project.uuid,
        codebook=project.codebook,
        full_codebook=project.full_codebook(),
        documents=tuple(project.documents()),
        coders=tuple(sorted(project.coders(), key=lambda c: (c.name.casefold(), c.uuid))),
        codebook_version=project.codebook_version,
        retests=frozenset(rounds_repo.retest_links(project.db)),
    )


@dataclass(frozen=True, eq=False)
class DocumentCells:
    """One document's codings (coders in name order, each coder's values in store order) and the
    lead's resolutions on it (by variable uuid). ``position`` is the document's index in the project."""

    document: DocumentInfo
    position: int
    records: Sequence[CodingRow]
    resolutions: Mapping[str, Resolution]
    retests: frozenset[str] = frozenset()  # coder uuids whose records stay out of ``agreement``

    @cached_property
    def cells(self) -> dict[str, list[CodingRow]]:
        """Codings per variable uuid; within a cell, coders stay in name order (every coder's)."""
        return self._cells(frozenset())

    @cached_property
    def agreement(self) -> dict[str, list[CodingRow]]:
        """:attr:`cells` without retest identities: what the final dataset and the disagreement queue
        read, as a coder's second coding (for stability) is neither a second opinion to agree with nor
        a final value. The same object as ``cells`` when the project has no retests."""
        return self._cells(self.retests) if self.retests else self.cells

    def _cells(self, left_out: frozenset[str]) -> dict[str, list[CodingRow]]:
        cells: dict[str, list[CodingRow]] = {}
        for record in self.records:
            if left_out and record.coder_uuid in left_out:
                continue
            rows = cells.get(record.variable_uuid)
            if rows is None:
                cells[record.variable_uuid] = [record]
            else:
                rows.append(record)
        return cells


#: A CodingRow from one tuple: no Python-level ``__new__`` (a third of the cost, per value read).
_record = partial(tuple.__new__, CodingRow)


class _Decoder:
    """:func:`decode_value` with a bounded cache of short texts (codes, numbers, small sets).

    Long texts are free text: hardly ever repeated, so caching them would only hold memory.
    """

    SHORT = 16
    ENTRIES = 4096

    def __init__(self) -> None:
        self._cache: dict[str, Value] = {}

    def __call__(self, text: str) -> Value:
        value = self._cache.get(text)
        if value is None:
            value = decode_value(text)
            if len(text) <= self.SHORT:
                if len(self._cache) >= self.ENTRIES:
                    self._cache.clear()
                self._cache[text] = value
        return value


class DocumentStream:
    """Streams an open project file (open it with :func:`open_stream`, inside its read transaction)."""

    def __init__(self, project: Project, outline: Outline) -> None:
        self.outline = outline
        self._project = project
        self._db = project.db
        self._decode = _Decoder()
        self._variables: dict[str, str] = {}  # one string per variable uuid, shared by all records

    def documents(self) -> Iterator[DocumentCells]:
        """Every document in project order with its codings and resolutions, read as needed."""
        db, decode, variables = self._db, self._decode, self._variables
        for position, doc in enumerate(self.outline.documents):
            records: list[CodingRow] = []
            append = records.append
            for coder in self.outline.coders:
                head = (coder.uuid, coder.name, doc.uuid, doc.doc_id)
                for variable, (text, updated) in codings_repo.values_for(db, coder.uuid, doc.uuid).items():
                    uuid = variables.setdefault(variable, variable)
                    append(_record((*head, uuid, decode(text), updated)))
            yield DocumentCells(
                doc, position, records, document_resolutions(self._project, doc.uuid), self.outline.retests
            )

    def context(
        self, document_uuid: str, coder_uuids: Iterable[str]
    ) -> tuple[list[Evidence], dict[str, str]]:
        """These coders' evidence quotes and memos on one document (what the queue shows beside values)."""
        evidence: list[Evidence] = []
        memos: dict[str, str] = {}
        for coder in coder_uuids:
            evidence += codings_repo.list_evidence(self._db, coder, document_uuid)
            memo = codings_repo.get_memo(self._db, coder, document_uuid)
            if memo is not None:
                memos[coder] = memo.text
        return evidence, memos

    def evidence(self) -> Iterator[Evidence]:
        """Every evidence quote, a document's together, in document order (streamed)."""
        return codings_repo.evidence_in_document_order(self._db)

    def memos(self) -> Iterator[Memo]:
        """Every memo, a document's together, in document order (streamed)."""
        return codings_repo.memos_in_document_order(self._db)


@contextmanager
def open_stream(project: Project) -> Iterator[DocumentStream]:
    """A stream of the project file inside one read transaction, so all it yields is one moment."""
    with project.db.atomic():
        yield DocumentStream(project, read_outline(project))
