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
