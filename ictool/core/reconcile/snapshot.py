"""Everything reconciliation and exports read, loaded once from an open project.

Why a snapshot: the queue, the final dataset and every export sheet are views of the same codings,
resolutions, evidence and memos. Loading them once keeps an export consistent (all sheets describe the
same moment) and keeps the work pure: the functions that build views take a :class:`ProjectData` and
never touch the store, so tests can feed them hand-made data.
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
class ProjectData:
    """A consistent read of a project: codebook (active and full), documents, coders and their work."""

    title: str
    uuid: str
    codebook: Codebook
    full_codebook: Codebook
    documents: tuple[DocumentInfo, ...]
    coders: tuple[Coder, ...]
    codings: tuple[CodingRow, ...]
    evidence: tuple[Evidence, ...] = ()
    memos: tuple[Memo, ...] = ()
    resolutions: dict[Cell, Resolution] = field(default_factory=dict)
    codebook_version: int = 1

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


def load_project_data(project: Project) -> ProjectData:
    """Read everything once, inside one read transaction so no merge can land half-way through."""
    if project.is_package:
        raise UserError(
            f"{project.path}: this is a coder package; reconciliation and exports work on the project file"
        )
    # One transaction (it writes nothing) so that every view describes the same moment.
    with project.db.atomic():
        documents = tuple(project.documents())
        coders = tuple(sorted(project.coders(), key=lambda c: (c.name.casefold(), c.uuid)))
        return ProjectData(
            title=project.title,
            uuid=project.uuid,
            codebook=project.codebook,
            full_codebook=project.full_codebook(),
            documents=documents,
            coders=coders,
            codings=_codings(project, documents, coders),
            evidence=tuple(project.coding.evidence()),
            memos=tuple(project.coding.memos()),
            resolutions=load_resolutions(project),
            codebook_version=project.codebook_version,
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
