"""Plain records the store hands to the rest of the core (reliability, reconcile, export).

They carry both the UUID (identity) and the current name (what people read), so that
statistics and exports never need to go back to SQL to label their output.
"""

from __future__ import annotations

from dataclasses import dataclass

from ictool.core.codebook.model import Value


@dataclass(frozen=True)
class Coder:
    uuid: str
    name: str


@dataclass(frozen=True)
class CodingRow:
    """One coder's value for one variable on one document (a row of ``codings``)."""

    coder_uuid: str
    coder: str
    document_uuid: str
    document: str
    variable_uuid: str
    value: Value
    updated_at: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """A transcript as lists show it; the text itself is fetched only when opened."""

    uuid: str
    doc_id: str
    title: str
    source_name: str
    sha256: str
    length: int
    position: int


@dataclass(frozen=True)
class Evidence:
    """A quote a coder attached to support a value; start/end are code-point offsets."""

    uuid: str
    coder_uuid: str
    document_uuid: str
    variable_uuid: str
    start: int
    end: int
    quote: str
    created_at: str = ""


@dataclass(frozen=True)
class Memo:
    coder_uuid: str
    document_uuid: str
    text: str
    updated_at: str = ""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    coder_uuid: str | None
    document_uuid: str | None
    variable_uuid: str | None
    old: str | None
    new: str | None
    origin: str
