"""What reconciliation and exports read from an open project: its description, and a whole snapshot.

The queue, the final dataset and every export sheet are views of the same codings, resolutions,
evidence and memos, read inside one transaction so they describe the same moment. The functions that
build views never touch the store, so tests can feed them hand-made data.

:class:`ProjectInfo` (codebook, documents, coders) is small. :class:`ProjectData` adds every coding in
memory — about 0.3 KB per value, so 130 MB for 1,000 documents × 150 variables × 3 coders; it serves
tests and small tools, while exports and the queue stream the codings a document at a time
(:mod:`ictool.core.reconcile.reader`) through the same per-cell rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ictool.core.codebook.model import Codebook, Value, Variable
from ictool.core.codebook.values import decode_value
from ictool.core.errors import UserError
from ictool.core.reconcile.resolutions import Resolution, load_resolutions
from ictool.core.records import Coder, CodingRow, DocumentInfo, Evidence, Memo
from ictool.core.store import codings_repo

if TYPE_CHECKING:
    from ictool.core.project import Project

Cell = tuple[str, str]  # (document uuid, variable uuid)


@dataclass(frozen=True, eq=False)
class ProjectInfo:
    """What every view needs besides the codings: codebook (active and full), documents and coders.

    Small whatever the project's size (no codings), so exports that stream the codings document by
    document (:mod:`ictool.core.reconcile.reader`) keep this and nothing that grows with the data.
    """

    title: str
    uuid: str
    codebook: Codebook
    full_codebook: Codebook
    documents: tuple[DocumentInfo, ...]
    coders: tuple[Coder, ...]  # in name order (case-insensitive), then uuid
    codebook_version: int = 1

    @cached_property
    def coder_names(self) -> dict[str, str]:
        return {c.uuid: c.name for c in self.coders}

    @cached_property
    def variable_positions(self) -> dict[str, int]:
        """Codebook order of every variable ever defined (retired ones keep their place)."""
        return {v.uuid: i for i, v in enumerate(self.full_codebook)}

    @cached_property
    def document_positions(self) -> dict[str, int]:
        return {d.uuid: i for i, d in enumerate(self.documents)}

    def full_variable(self, variable_uuid: str) -> Variable | None:
        """The variable with retired categories too: old values may still use them."""
        return self.full_codebook.by_uuid(variable_uuid) or self.codebook.by_uuid(variable_uuid)

    def is_retired(self, variable_uuid: str) -> bool:
        return self.codebook.by_uuid(variable_uuid) is None


@dataclass(frozen=True, eq=False)
class ProjectData(ProjectInfo):
    """A consistent read of a whole project: :class:`ProjectInfo` plus every coder's work in memory."""

    codings: tuple[CodingRow, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    memos: tuple[Memo, ...] = ()
    resolutions: dict[Cell, Resolution] = field(default_factory=dict)

    @cached_property
    def by_cell(self) -> dict[Cell, list[CodingRow]]:
        """Coding rows per (document, variable), coders in name order (case-insensitive)."""
        cells: dict[Cell, list[CodingRow]] = defaultdict(list)
        for row in self.codings:
            cells[(row.document_uuid, row.variable_uuid)].append(row)
        for rows in cells.values():
            if len(rows) > 1:
                rows.sort(key=lambda r: (r.coder.casefold(), r.coder_uuid))
        return dict(cells)


def check_project(project: Project) -> None:
    """Reconciliation and exports need the project file, not a coder package."""
    if project.is_package:
        raise UserError(
            f"{project.path}: this is a coder package; reconciliation and exports work on the project file"
        )


def read_info(project: Project) -> ProjectInfo:
    """The project's codebook, documents and coders (call inside the read transaction)."""
    return ProjectInfo(
        title=project.title,
        uuid=project.uuid,
        codebook=project.codebook,
        full_codebook=project.full_codebook(),
        documents=tuple(project.documents()),
        coders=tuple(sorted(project.coders(), key=lambda c: (c.name.casefold(), c.uuid))),
        codebook_version=project.codebook_version,
    )


def load_project_data(project: Project) -> ProjectData:
    """Read everything once, inside one read transaction so no merge can land half-way through.

    Holds every coding in memory: fine for tests and small projects; exports and the queue stream
    instead (:mod:`ictool.core.reconcile.reader`).
    """
    check_project(project)
    # One transaction (it writes nothing) so that every view describes the same moment.
    with project.db.atomic():
        info = read_info(project)
        return ProjectData(
            title=info.title,
            uuid=info.uuid,
            codebook=info.codebook,
            full_codebook=info.full_codebook,
            documents=info.documents,
            coders=info.coders,
            codebook_version=info.codebook_version,
            codings=_codings(project, info.documents, info.coders),
            evidence=tuple(project.coding.evidence()),
            memos=tuple(project.coding.memos()),
            resolutions=load_resolutions(project),
        )


def _codings(
    project: Project, documents: Sequence[DocumentInfo], coders: Sequence[Coder]
) -> tuple[CodingRow, ...]:
    """Every coding as :class:`CodingRow`, in document, coder order — read lean.

    Same rows as ``project.coding.all_values()``, but read one (coder, document) at a time through
    the primary key instead of one sorted join, with the repeated strings (uuids, timestamps) and
    decoded values shared: on a 450,000-value project that is several times less memory and time.
    """
    db = project.db
    coded = codings_repo.coded_counts(db)
    strings: dict[str, str] = {}
    decoded: dict[str, Value] = {}
    rows: list[CodingRow] = []
    for doc in documents:
        for coder in coders:
            if (coder.uuid, doc.uuid) not in coded:
                continue
            for variable, (text, updated) in codings_repo.values_for(db, coder.uuid, doc.uuid).items():
                value = decoded.get(text)
                if value is None:
                    value = decoded[text] = decode_value(text)
                rows.append(
                    CodingRow(
                        coder.uuid,
                        coder.name,
                        doc.uuid,
                        doc.doc_id,
                        strings.setdefault(variable, variable),
                        value,
                        strings.setdefault(updated, updated),
                    )
                )
    return tuple(rows)
