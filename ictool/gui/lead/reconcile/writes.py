"""The lead's resolutions as undo steps of the session: set, change and clear.

Why the undo step restores the previous resolution rather than clearing: a changed resolution
undone must give back the earlier value *and its note*, which the lead wrote for a reason. Every
step tells ``touched`` which cell it wrote before writing, so the page re-reads that one item
instead of the whole queue (a merge or a codebook change still re-reads everything).
"""

from __future__ import annotations

from collections.abc import Callable

from ictool.core.codebook.model import Value
from ictool.core.codebook.values import encode_value
from ictool.core.reconcile import Disagreement, clear_resolution, get_resolution, set_resolution
from ictool.gui.lead.reconcile.queue_model import Key, item_key
from ictool.gui.lead.session import RESOLUTION, LeadSession

Touched = Callable[[Key], None]


def _name(item: Disagreement) -> str:
    return f"{item.document} {item.variable.name}"


def unchanged(item: Disagreement, value: Value, note: str) -> bool:
    """True when resolving ``item`` as ``value`` with ``note`` would write nothing."""
    res = item.resolution
    return res is not None and encode_value(res.value) == encode_value(value) and res.note == note.strip()


def resolve(session: LeadSession, item: Disagreement, value: Value, note: str, touched: Touched) -> bool:
    """Set or change the final value of ``item`` (one undo step); False if not saved or refused."""
    project, key = session.project, item_key(item)
    doc, var = key
    previous = get_resolution(project, doc, var)

    def do() -> None:
        touched(key)
        set_resolution(project, doc, var, value, note)

    def undo() -> None:
        touched(key)
        if previous is None:
            clear_resolution(project, doc, var)
        else:
            set_resolution(project, doc, var, previous.value, previous.note)

    verb = "Resolve" if previous is None else "Change resolution of"
    return session.push(f"{verb} {_name(item)}", do, undo, RESOLUTION)


def clear(session: LeadSession, item: Disagreement, touched: Touched) -> bool:
    """Remove the resolution of ``item`` (one undo step); False if it had none or was not saved."""
    project, key = session.project, item_key(item)
    doc, var = key
    previous = get_resolution(project, doc, var)
    if previous is None:
        return False

    def do() -> None:
        touched(key)
        clear_resolution(project, doc, var)

    def undo() -> None:
        touched(key)
        set_resolution(project, doc, var, previous.value, previous.note)

    return session.push(f"Clear resolution of {_name(item)}", do, undo, RESOLUTION)
