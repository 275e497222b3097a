"""Read a project one document at a time: how the queue and the exports stay flat in memory.

Why: every coding of a 1,000 documents × 150 variables × 3 coders project held as objects takes
about 130 MB, and grows with every document; yet the final dataset, the queue and the long sheets only
ever need one document's codings at a time (a cell is one document × one variable). So a
:class:`ProjectReader` yields :class:`DocumentCells` — one document's codings by every coder, and its
resolutions — reading each (coder, document) through the primary key; memory holds one document
whatever the project's size. Repeated values are decoded once (a small, bounded cache: codes repeat,
free texts hardly ever).

Everything is read inside one read transaction (:func:`read_project`), as the snapshot was: every
view describes the same moment, and a merge saved meanwhile waits until the export is done.
:func:`snapshot_documents` gives the same per-document view of a :class:`ProjectData` in memory, so
the rules that build views are written once, per document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, Protocol

from ictool.core.codebook.model import Value
from ictool.core.codebook.values import decode_value
from ictool.core.reconcile.resolutions import Resolution, document_resolutions
from ictool.core.reconcile.snapshot import ProjectData, ProjectInfo, check_project, read_info
from ictool.core.records import DocumentInfo, Evidence, Memo
from ictool.core.store import codings_repo

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = [
    "Coding",
    "CodingRecord",
    "DocumentCells",
    "ProjectReader",
    "exact_key",
    "read_project",
    "snapshot_documents",
]


class Coding(Protocol):
    """What the per-cell rules read of one coder's value: :class:`~ictool.core.records.CodingRow`
    or the lighter :class:`CodingRecord` both fit."""

    @property
    def coder_uuid(self) -> str: ...

    @property
    def coder(self) -> str: ...

    @property
    def document_uuid(self) -> str: ...

    @property
    def variable_uuid(self) -> str: ...

    @property
    def value(self) -> Value: ...

    @property
    def updated_at(self) -> str: ...


class CodingRecord(NamedTuple):
    """One coder's value, with the fields of :class:`~ictool.core.records.CodingRow` in its order.

    A tuple rather than a dataclass because hundreds of thousands are made per export: a tuple costs a
    sixth of the time to build and a third of the memory.
    """

    coder_uuid: str
    coder: str
    document_uuid: str
    document: str
    variable_uuid: str
    value: Value
    updated_at: str = ""


#: A CodingRecord from one tuple: no Python-level ``__new__`` (a third of the cost, per value read).
_record = partial(tuple.__new__, CodingRecord)

_SHORT_TEXT = 64  # longer texts are free text: not worth a key


def exact_key(value: Value | None) -> Hashable | None:
    """A key equal only for values of the same type and value (``1``, ``1.0`` and ``True`` are equal
    in Python, not here), for sharing work between equal values; None for values not worth it
    (floats, long texts)."""
    cls = value.__class__
    if cls is int or (cls is str and len(value) <= _SHORT_TEXT):  # type: ignore[arg-type]
        return value
    if cls is tuple and all(v.__class__ is int or v.__class__ is str for v in value):  # type: ignore[union-attr]
        return value
    return None


@dataclass(frozen=True, slots=True)
class DocumentCells:
    """One document's codings (coders in name order, each coder's values in store order) and the
    lead's resolutions on it (by variable uuid). ``position`` is the document's index in the project."""

    document: DocumentInfo
    position: int
    records: Sequence[Coding]
    resolutions: Mapping[str, Resolution]

    def cells(self) -> dict[str, list[Coding]]:
        """Codings per variable uuid; within a cell, coders stay in name order."""
        cells: dict[str, list[Coding]] = {}
        for record in self.records:
            rows = cells.get(record.variable_uuid)
            if rows is None:
                cells[record.variable_uuid] = [record]
            else:
                rows.append(record)
        return cells


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


class ProjectReader:
    """Streams an open project (build it with :func:`read_project`, inside its read transaction)."""

    def __init__(self, project: Project, info: ProjectInfo) -> None:
        self.info = info
        self._project = project
        self._db = project.db
        self._decode = _Decoder()
        self._variables: dict[str, str] = {}  # one string per variable uuid, shared by all records

    def documents(self) -> Iterator[DocumentCells]:
        """Every document in project order with its codings and resolutions, read as needed."""
        db, decode, variables = self._db, self._decode, self._variables
        for position, doc in enumerate(self.info.documents):
            records: list[CodingRecord] = []
            append = records.append
            for coder in self.info.coders:
                head = (coder.uuid, coder.name, doc.uuid, doc.doc_id)
                for variable, (text, updated) in codings_repo.values_for(db, coder.uuid, doc.uuid).items():
                    uuid = variables.setdefault(variable, variable)
                    append(_record((*head, uuid, decode(text), updated)))
            yield DocumentCells(doc, position, records, document_resolutions(self._project, doc.uuid))

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
def read_project(project: Project) -> Iterator[ProjectReader]:
    """A reader of the project file inside one read transaction (refused in a coder package)."""
    check_project(project)
    with project.db.atomic():
        yield ProjectReader(project, read_info(project))


def snapshot_documents(data: ProjectData) -> Iterator[DocumentCells]:
    """The per-document view of a snapshot in memory, in the order :class:`ProjectReader` gives."""
    codings: dict[str, list[Coding]] = defaultdict(list)
    for row in data.codings:
        codings[row.document_uuid].append(row)
    resolutions: dict[str, dict[str, Resolution]] = defaultdict(dict)
    for (doc_uuid, var_uuid), resolution in data.resolutions.items():
        resolutions[doc_uuid][var_uuid] = resolution
    for position, doc in enumerate(data.documents):
        rows = sorted(codings.get(doc.uuid, ()), key=lambda r: (r.coder.casefold(), r.coder_uuid))
        yield DocumentCells(doc, position, rows, resolutions.get(doc.uuid, {}))
