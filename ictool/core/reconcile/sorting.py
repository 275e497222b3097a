"""How the disagreement queue can be sorted, in a module of its own so the command line can list the
keys in its help without loading the queue (and numpy) first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from ictool.core.errors import UserError


class Sortable(Protocol):
    """What sorting reads of a queue item (``queue.Disagreement``)."""

    @property
    def variable_position(self) -> int: ...

    @property
    def document_position(self) -> int: ...

    @property
    def status(self) -> str: ...


Item = TypeVar("Item", bound=Sortable)

#: A queue item's status: whether the lead has settled it.
UNRESOLVED = "unresolved"
RESOLVED = "resolved"

SORT_KEYS: dict[str, Callable[[Sortable], Any]] = {
    "variable": lambda d: d.variable_position,
    "document": lambda d: d.document_position,
    "status": lambda d: d.status != UNRESOLVED,  # unresolved first
}


def sorted_queue(items: list[Item], sort: Sequence[str]) -> list[Item]:
    """Sort in place by the keys of :data:`SORT_KEYS` named in ``sort`` (then variable, document)."""
    items.sort(key=lambda d: tuple(SORT_KEYS[key](d) for key in (*sort, "variable", "document")))
    return items


def check_sort(sort: Sequence[str]) -> None:
    unknown = [key for key in sort if key not in SORT_KEYS]
    if unknown:
        raise UserError(f"cannot sort by {', '.join(unknown)} (use: {', '.join(SORT_KEYS)})")
