"""The queue side of the page: filters over a table of the queue, or a sentence when it shows nothing.

Why a fixed row height and widths taken from the queue's texts: a table that measures its rows or
columns reads every one of them, and a 20,000-item queue would stall at each filter or re-read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ictool.core.reconcile import Disagreement
from ictool.gui.lead.reconcile.filter_bar import FilterBar
from ictool.gui.lead.reconcile.keys import KeepTyping
from ictool.gui.lead.reconcile.queue_filter import QueueFilter
from ictool.gui.lead.reconcile.queue_model import (
    FINAL,
    HEADERS,
    UNRESOLVED_TEXT,
    VALUES,
    VARIABLE,
    CodesRole,
)

EMPTY_QUEUE = (
    "No disagreements to reconcile. Either the coders agree wherever two or more of them coded the "
    "same cell, or their packages are not merged yet (Team page)."
)
EMPTY_FILTER = "No disagreement matches these filters."
READING = "Reading the disagreements…"


def column_texts(items: Sequence[Disagreement]) -> list[set[str]]:
    """The distinct texts of the first columns, which their widths are taken from (the variable and
    the values stretch: their widths come from the room there is)."""
    return [{d.document for d in items}]


#: The values column shows labels when it is at least this many average characters wide.
LABELS_WIDTH = 34


class ValuesCell(QStyledItemDelegate):
    """The values with labels ("1 Friend or… · 3 Online or…") when the column has room for them,
    else by codes alone ("1 · 3 · 1"): labels cut to a letter or two read worse than codes.

    Why the column's width decides, not each cell's text: the rows of one variable must read alike,
    codes in all or labels in all. The column stretches with the window, so this is decided as it
    paints. A row too long for it loses its end (the last coder's value), not its middle: the values
    are read left to right, and the tooltip names every coder's.
    """

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight
        if option.rect.width() < option.fontMetrics.averageCharWidth() * LABELS_WIDTH:
            codes = index.data(CodesRole)
            if isinstance(codes, str):
                option.text = codes


class QueueView(QWidget):
    def __init__(self, proxy: QueueFilter, keep_typing: KeepTyping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_bar = FilterBar(keep_typing)
        self.table = self._make_table(proxy)
        self.queue_label = queue_label = QLabel("&Queue:")
        queue_label.setBuddy(self.table)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("Why the queue is empty")
        self.show_all = QPushButton("Show all disagreements")
        self.show_all.clicked.connect(self.filter_bar.reset)
        empty = QWidget()
        explain = QVBoxLayout(empty)
        explain.setContentsMargins(0, 8, 0, 0)
        explain.addWidget(self.empty)
        explain.addWidget(self.show_all, 0, Qt.AlignmentFlag.AlignLeft)
        explain.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(empty)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter_bar)
        column.addWidget(queue_label)
        column.addWidget(self.stack, 1)

    def _make_table(self, proxy: QueueFilter) -> QTableView:
        table = QTableView()
        table.setModel(proxy)
        table.setAccessibleName("Disagreements")
        self.values_cell = ValuesCell(table)
        table.setItemDelegateForColumn(VALUES, self.values_cell)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        # Long names differ at their ends ("…_item_000", "=3"): elide in the middle, keep both ends.
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        rows = table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The variable and the values share what is left and shrink first, so that on a narrow window
        # the final value (is it resolved?) stays in view instead of behind a horizontal scroll bar;
        # on a wide one the values get room for their labels ("1 Yes · 2 No · 1 Yes").
        header.setStretchLastSection(False)
        for stretched in (VARIABLE, VALUES):
            header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 6)
        header.setSortIndicator(VARIABLE, Qt.SortOrder.AscendingOrder)  # the core's order
        table.setSortingEnabled(True)
        return table

    def sort_order(self) -> tuple[int, Qt.SortOrder] | None:
        """The column and order the lead sorted by; None for the core's order."""
        header = self.table.horizontalHeader()
        chosen = header.sortIndicatorSection(), header.sortIndicatorOrder()
        return None if chosen == (VARIABLE, Qt.SortOrder.AscendingOrder) else chosen

    def fit_columns(self, items: Sequence[Disagreement]) -> None:
        """Widths from the texts the queue holds (few distinct ones), not by measuring every row."""
        self.fit_texts(column_texts(items))

    def fit_texts(self, texts: Sequence[Iterable[str]]) -> None:
        """Widths from ``column_texts`` (made where the queue was read)."""
        fm = self.table.fontMetrics()
        pad = fm.averageCharWidth() * 2
        cap = fm.averageCharWidth() * 16  # the tooltip and the item's heading have the whole text
        for column, column_texts in enumerate(texts):
            if column in (VARIABLE, VALUES):
                continue  # they stretch (``_make_table``); the values' tooltip names each coder's
            widest = max((fm.horizontalAdvance(t) for t in column_texts), default=0)
            header = fm.horizontalAdvance(HEADERS[column]) + pad  # room for the sort arrow
            self.table.setColumnWidth(column, min(cap, max(widest + pad, header)))
        # Narrow: "unresolved" or a short value; the tooltip has a long one whole.
        final = max(fm.horizontalAdvance(t) for t in (HEADERS[FINAL], UNRESOLVED_TEXT))
        self.table.setColumnWidth(FINAL, final + pad)

    def show_counts(self, total: int, shown: int) -> None:
        """The table, or why it shows nothing (and a way back when it is the filters)."""
        empty = shown == 0
        self.stack.setCurrentIndex(1 if empty else 0)
        self.queue_label.setVisible(not empty)  # a label over a sentence, not over a table, dangles
        self.empty.setText(EMPTY_QUEUE if not total else EMPTY_FILTER if empty else "")
        self.show_all.setVisible(empty and total > 0)

    def show_reading(self) -> None:
        """Before the queue was first read: say so, not "No disagreements"."""
        self.stack.setCurrentIndex(1)
        self.queue_label.setVisible(False)
        self.empty.setText(READING)
        self.show_all.setVisible(False)
