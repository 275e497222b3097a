"""The codebook as a tree: a row per group, under it a row per variable with what defines it.

Why a tree by group: a 150-variable codebook is read group by group (demographics, pathways,
exit…), the way it was written. A codebook with no groups at all is shown flat (no lone "(no
group)" row to open). The model holds the ``Codebook`` it was given and nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ictool.core.codebook.choices import format_code
from ictool.core.codebook.model import Code, Codebook, Number, Variable
from ictool.core.codebook.values import format_number

Index = QModelIndex | QPersistentModelIndex
VariableUuidRole = Qt.ItemDataRole.UserRole + 1

HEADERS = ("Name", "Label", "Level", "Kind", "Choices", "Missing codes", "Description")
NO_GROUP = "(no group)"
_GROUP = 0  # internal id of a group row; a variable row's id is its group's row + 1


def code_text(code: Code | Number) -> str:
    return code if isinstance(code, str) else format_number(code)


def choices_text(var: Variable) -> str:
    """Choices on one line ("1 Yes · 2 No"); a number's range instead, where it has one."""
    if var.choices:
        return " · ".join(f"{format_code(c.code)} {c.label}" for c in var.choices)
    if var.minimum is not None or var.maximum is not None:
        low = "" if var.minimum is None else format_number(var.minimum)
        high = "" if var.maximum is None else format_number(var.maximum)
        return f"range {low} … {high}".replace("  ", " ")
    return ""


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def isolated(text: str) -> str:
    """Text with right-to-left script wrapped as a first-strong isolate, so that in a left-to-right
    table "اكتب … ترجمة." keeps its full stop at the Arabic end, not before the first word."""
    return f"\u2068{text}\u2069" if _RTL.search(text) else text


def kind_text(var: Variable) -> str:
    return {"single": "one choice", "multi": "several choices", "number": "number", "text": "text"}[
        var.kind.value
    ]


def cell_text(var: Variable, column: int) -> str:
    if column == 0:
        return var.name
    if column == 1:
        return var.label
    if column == 2:
        return var.level.value
    if column == 3:
        return kind_text(var)
    if column == 4:
        return choices_text(var)
    if column == 5:
        return ", ".join(code_text(c) for c in var.missing)
    return var.description


class CodebookTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[str] = []
        self._members: list[list[Variable]] = []
        self.flat = True

    def set_codebook(self, codebook: Codebook) -> None:
        self.beginResetModel()
        by_group: dict[str, list[Variable]] = {}
        for var in codebook:
            by_group.setdefault(var.group, []).append(var)
        self.flat = list(by_group) in ([], [""])
        self._groups = [g or NO_GROUP for g in by_group]
        self._members = list(by_group.values())
        self.endResetModel()

    def variable(self, index: Index) -> Variable | None:
        if not index.isValid():
            return None
        if self.flat:
            return self._members[0][index.row()]
        group = index.internalId() - 1
        return None if group < 0 else self._members[group][index.row()]

    def group_label(self, row: int, shown: int | None = None) -> str:
        """The group's name and how many variables it holds (``shown`` of them, when a search hides
        some: "3 variables" beside the one found would misstate what the search found)."""
        n = len(self._members[row])
        count = f"{n} variable{'s' if n != 1 else ''}" if shown in (None, n) else f"{shown} of {n} variables"
        return f"{self._groups[row]} ({count})"

    def group_count(self) -> int:
        return 0 if self.flat else len(self._groups)

    # -- QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if self.flat:
            return self.createIndex(row, column, 1)
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or self.flat or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if self.flat:
            if parent.isValid():
                return 0
            return len(self._members[0]) if self._members else 0
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._members[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        var = self.variable(index)
        if var is None:  # a group row
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                if index.column() == 0:
                    return self.group_label(index.row())
                return "" if role == Qt.ItemDataRole.DisplayRole else None
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = cell_text(var, index.column())
            if role == Qt.ItemDataRole.DisplayRole:
                return isolated(text.replace("\n", " "))
            return text if index.column() in (1, 4, 6) and text else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[index.column()]}: {cell_text(var, index.column()) or 'none'}"
        if role == VariableUuidRole:
            return var.uuid
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class FoundVariables(QSortFilterProxyModel):
    """The codebook tree filtered by a search, each group counting the variables found in it."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if (
            index.isValid()
            and index.column() == 0
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            and isinstance(source, CodebookTreeModel)
        ):
            at = self.mapToSource(index)
            if not at.parent().isValid() and source.variable(at) is None:  # a group row
                return source.group_label(at.row(), self.rowCount(index))
        return super().data(index, role)
