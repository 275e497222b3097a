"""The lead's decisions: the final value of one (document, variable), with a note, who and when.

Why a separate record instead of overwriting a coder's value: the coders' original values are the
evidence reliability was computed on and must stay as they were coded; the final dataset reads the
resolution *over* them. A resolution may be set for any (document, variable) of the active codebook —
also one that is not, or no longer, in disagreement (the lead may overrule an agreed value, or
settle a value nobody coded); the final dataset uses it either way.

Every set, change and clear is one transaction with one audit entry (origin ``resolved``) whose old
and new fields hold ``{"value": ..., "note": ...}`` as JSON, so a change of the note alone is
traceable too. Resolutions exist only in the project file: a coder package holds one coder's view
and has nothing to reconcile.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ictool.core.codebook.model import Value, Variable
from ictool.core.codebook.values import decode_value, encode_value, validate_value
from ictool.core.errors import UserError
from ictool.core.store import resolutions_repo
from ictool.core.store.clock import now

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = [
    "Resolution",
    "ResolutionChange",
    "clear_resolution",
    "document_resolutions",
    "get_resolution",
    "set_resolution",
]


@dataclass(frozen=True)
class Resolution:
    """The lead's final value for one (document, variable)."""

    document_uuid: str
    variable_uuid: str
    value: Value
    note: str
    resolved_by: str
    resolved_at: str

    def audit_json(self) -> str:
        """What the audit trail records for this resolution: value (JSON) and note."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return json.dumps({"value": value, "note": self.note}, ensure_ascii=False)


@dataclass(frozen=True)
class ResolutionChange:
    """What :func:`set_resolution` did: the resolution now in force and the one it replaced."""

    resolution: Resolution
    previous: Resolution | None
    changed: bool


def _from_tuple(row: resolutions_repo.ResolutionTuple) -> Resolution:
    doc, var, value, note, by, at = row
    return Resolution(doc, var, decode_value(value), note, by, at)


def document_resolutions(project: Project, document_uuid: str) -> dict[str, Resolution]:
    """The resolutions of one document, keyed by variable uuid (exports read a document at a time)."""
    rows = resolutions_repo.for_document(project.db, document_uuid)
    return {r.variable_uuid: r for r in map(_from_tuple, rows)}


def get_resolution(project: Project, document_uuid: str, variable_uuid: str) -> Resolution | None:
    row = resolutions_repo.get(project.db, document_uuid, variable_uuid)
    return None if row is None else _from_tuple(row)


def _check(project: Project, document_uuid: str, variable_uuid: str, *, retired_ok: bool = False) -> Variable:
    if not any(d.uuid == document_uuid for d in project.documents()):
        raise UserError(f"{project.path}: no document {document_uuid}")
    variable = project.codebook.by_uuid(variable_uuid)
    if variable is None and retired_ok:
        variable = project.full_codebook().by_uuid(variable_uuid)
    if variable is None:
        raise UserError(
            f"{project.path}: variable {variable_uuid} is not in the current codebook "
            "(retired variables are not part of the final dataset)"
        )
    return variable


def set_resolution(
    project: Project, document_uuid: str, variable_uuid: str, value: object, note: str | None = None
) -> ResolutionChange:
    """Set or change the final value; the value is validated against the variable first.

    ``note=None`` keeps the note already there (changing a value must not erase the reason given
    for it); an explicit ``""`` clears it. The audit keeps every version either way. Setting the same
    value with the same note again changes nothing (and audits nothing).
    """
    variable = _check(project, document_uuid, variable_uuid)
    clean = validate_value(variable, value)
    previous = get_resolution(project, document_uuid, variable_uuid)
    if note is None:
        note = previous.note if previous is not None else ""
    note = note.strip()
    if previous is not None and encode_value(previous.value) == encode_value(clean) and previous.note == note:
        return ResolutionChange(previous, previous, changed=False)
    resolution = Resolution(document_uuid, variable_uuid, clean, note, project.actor, now())
    with project.transaction():
        resolutions_repo.put(
            project.db,
            document_uuid,
            variable_uuid,
            encode_value(clean),
            note,
            resolution.resolved_by,
            resolution.resolved_at,
        )
        project.audit(
            "set resolution" if previous is None else "change resolution",
            origin="resolved",
            document=document_uuid,
            variable=variable_uuid,
            old=None if previous is None else previous.audit_json(),
            new=resolution.audit_json(),
            at=resolution.resolved_at,
        )
    return ResolutionChange(resolution, previous, changed=True)


def clear_resolution(project: Project, document_uuid: str, variable_uuid: str) -> Resolution | None:
    """Remove the resolution; returns the one removed, or None when there was none."""
    _check(project, document_uuid, variable_uuid, retired_ok=True)
    previous = get_resolution(project, document_uuid, variable_uuid)
    if previous is None:
        return None
    with project.transaction():
        resolutions_repo.delete(project.db, document_uuid, variable_uuid)
        project.audit(
            "clear resolution",
            origin="resolved",
            document=document_uuid,
            variable=variable_uuid,
            old=previous.audit_json(),
            new=None,
        )
    return previous
