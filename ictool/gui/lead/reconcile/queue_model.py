"""The disagreement queue as a table: one row per (document, variable) the core queues.

Why the model holds the core's ``Disagreement`` objects as they are: the queue's definition lives in
the core (the same as ``ictool disagreements``), so the page never decides what is in it; a row
only formats its item, and only for the rows on screen. A resolution written from the page
replaces one item (:meth:`QueueModel.replace`) instead of re-reading the queue, which on a large
project takes seconds.

Sorting is done here on the Python list with one key per item (a few milliseconds for 20,000
items); the proxy forwards its ``sort`` here, because a proxy sorting in C++ would call ``data``
back into Python twice per comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ictool.core.codebook.model import Code, Value, Variable
from ictool.core.reconcile import Disagreement
from ictool.gui.bidi import isolate
from ictool.gui.models.read_only_table import ReadOnlyTable
from ictool.gui.workers import release_in_background

Index = QModelIndex | QPersistentModelIndex
#: The row's ``Disagreement``.
ItemRole = Qt.ItemDataRole.UserRole + 1
#: The values cell without labels (``codes_text``), for a column too narrow for them.
CodesRole = Qt.ItemDataRole.UserRole + 2

DOCUMENT, VARIABLE, VALUES, FINAL = range(4)
HEADERS = ("Document", "Variable", "Coders' values", "Final value")
#: The final column says "unresolved" in words, and a resolved value carries a mark: the status
#: is read, never told by a colour alone.
UNRESOLVED_TEXT = "unresolved"
RESOLVED_MARK = "✓"

Key = tuple[str, str]  # (document uuid, variable uuid): an item's identity across re-reads


def item_key(item: Disagreement) -> Key:
    return item.document_uuid, item.variable.uuid


#: Row by key, and how many items are resolved: what the model needs besides the items.
QueueIndex = tuple[dict[Key, int], int]


def index_items(items: Sequence[Disagreement]) -> QueueIndex:
    """Made in the worker that read the queue (a few hundred ms for 200,000 items, not on the GUI thread)."""
    rows = {(d.document_uuid, d.variable.uuid): i for i, d in enumerate(items)}
    return rows, sum(1 for d in items if d.resolution is not None)


#: How a declared missing code ("not applicable", "no information") is marked wherever a value is
#: shown, in the queue as on the coder's card: alpha leaves it out, so it must not pass for an answer.
MISSING_MARK = "(missing code)"
#: A category's label in the queue's values cell is cut to this many characters ("2 Somewhat…"):
#: every coder's value keeps its code and the start of its label, and three coders' values fit a
#: cell of a wide window; the tooltip has them whole.
SHORT_LABEL = 10


#: A multi-select set with no option chosen, in the queue's cell (its code, ``[]``, reads as nothing).
NONE_APPLY = "none apply"


def short_label(label: str) -> str:
    """A label cut to ``SHORT_LABEL`` characters: ``Somewhat…``."""
    return label if len(label) <= SHORT_LABEL else label[: SHORT_LABEL - 1].rstrip() + "…"


@lru_cache(maxsize=256)
def option_words(variable: Variable) -> dict[Code, str]:
    """Each option of a multi-select by a word: its label's first word where no other option starts
    with it (``Ideology``, ``Family``), else its label cut short. Cached: sorting the queue by its
    values asks for every item's."""
    firsts = {c.code: (c.label.split() or [""])[0].rstrip(",;:.") for c in variable.choices}
    counts = Counter(w.casefold() for w in firsts.values())
    return {
        c.code: short_label(
            firsts[c.code] if len(firsts[c.code]) >= 3 and counts[firsts[c.code].casefold()] == 1 else c.label
        )
        for c in variable.choices
    }


def short_value(item: Disagreement, value: Value) -> str:
    """One coder's value as the queue's cell shows it: ``1 Yes``, ``2 Somewhat…``, ``99 (missing code)``;
    a number alone; a set by a word per option, ``Ideology+Family+Religious``.

    Why a set by words, not codes: "1|6|8 · 1|6" said nothing until the lead looked each code up, and
    codes and labels of three options do not fit a cell, nor three coders' sets. The codes are in
    the narrow column's cells (``codes_text``), and with the whole labels in the tooltip."""
    code = item.code(value)
    if item.variable.is_missing_code(value):
        return f"{code} {MISSING_MARK}"
    if isinstance(value, tuple):
        words = option_words(item.variable)
        labels = [words.get(c) or short_label(item.variable.label_of(c)) for c in value]
        return "+".join(labels) if labels else NONE_APPLY
    if not item.variable.is_categorical:
        return code
    label = item.label(value)
    if label == code:
        return code
    return f"{code} {short_label(label)}"


def values_text(item: Disagreement) -> str:
    """The coders' values in coder order: ``1 Yes · 2 No · 1 Yes``, ``16 · 16 · 17``,
    ``Ideology+Family · Ideology``."""
    return " · ".join(short_value(item, v.value) for v in item.values)


def codes_text(item: Disagreement) -> str:
    """The coders' values as codes only: ``1 · 3 · 1``, ``99 (missing code) · 6``."""

    def code(value: Value) -> str:
        text = item.code(value)
        return f"{text} {MISSING_MARK}" if item.variable.is_missing_code(value) else text

    return " · ".join(code(v.value) for v in item.values)


def one_line(item: Disagreement, value: Value) -> str:
    """A value on one line with its labels: ``5 Collapse of the group``, ``1|4 Ideology; Money``;
    a declared missing code is marked as the coder's card marks it."""
    code, label = item.code(value), item.label(value)
    if isinstance(value, tuple) and value:
        label = "; ".join(item.variable.label_of(c) for c in value)
    text = code if code == label else f"{code} {label}"
    return f"{text} {MISSING_MARK}" if item.variable.is_missing_code(value) else text


def final_text(item: Disagreement) -> str:
    res = item.resolution
    return UNRESOLVED_TEXT if res is None else f"{RESOLVED_MARK} {one_line(item, res.value)}"


_CELLS: tuple[Callable[[Disagreement], str], ...] = (
    lambda d: d.document,
    lambda d: d.variable.name,
    values_text,
    final_text,
)

_SORT_KEYS: tuple[Callable[[Disagreement], Any], ...] = (
    lambda d: (d.document_position, d.variable_position),
    lambda d: (d.variable_position, d.document_position),
    lambda d: (values_text(d).casefold(), d.variable_position, d.document_position),
    # unresolved first, then by the final value
    lambda d: (d.resolution is not None, final_text(d).casefold(), d.variable_position, d.document_position),
)


def tooltip(item: Disagreement) -> str:
    """Every coder by name with their value as code and label, and the resolution: the cells leave
    out which value is whose, and long labels."""
    lines = [f"{item.document} · {item.variable.display_label}"]
    # an isolated name: "أمينة: 1 Germany" stays a left-to-right line
    lines += [f"{isolate(v.coder)}: {one_line(item, v.value)}" for v in item.values]
    res = item.resolution
    lines.append("Final: unresolved" if res is None else f"Final: {one_line(item, res.value)}")
    return "\n".join(lines)


class QueueModel(ReadOnlyTable):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Disagreement] = []
        self._rows: dict[Key, int] = {}
        self._resolved = 0

    # -- content --------------------------------------------------------------------------

    def set_items(self, items: Iterable[Disagreement], index: QueueIndex | None = None) -> None:
        """Show ``items``; ``index`` is ``index_items(items)`` when a worker already made it."""
        old_items, old_rows = self._items, self._rows
        self.beginResetModel()
        self._items = list(items)
        self._rows, self._resolved = index if index is not None else index_items(self._items)
        self.endResetModel()
        # The old queue, freed here, would stall the window for half a second at 200,000 items.
        release_in_background(old_items, old_rows)

    def _reindex(self) -> None:
        self._rows, self._resolved = index_items(self._items)

    def items(self) -> Sequence[Disagreement]:
        return self._items

    def item(self, row: int) -> Disagreement:
        return self._items[row]

    def row_of(self, key: Key) -> int | None:
        return self._rows.get(key)

    def replace(self, item: Disagreement) -> bool:
        """Put a re-read item in place of the one with its key; False if the queue does not hold it."""
        row = self._rows.get(item_key(item))
        if row is None:
            return False
        old = self._items[row]
        self._resolved += (item.resolution is not None) - (old.resolution is not None)
        self._items[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        return True

    @property
    def resolved(self) -> int:
        return self._resolved

    # -- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _CELLS[column](item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {_CELLS[column](item)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(item)
        if role == ItemRole:
            return item
        if role == CodesRole and column == VALUES:
            return codes_text(item)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        # Only the indexes someone holds (selection, current row) move; not one per cell.
        held = self.persistentIndexList()
        keys = [item_key(self._items[i.row()]) for i in held]
        self._items.sort(key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        moved = [self.index(self._rows[k], i.column()) for k, i in zip(keys, held, strict=True)]
        self.changePersistentIndexList(held, moved)
        self.layoutChanged.emit()
