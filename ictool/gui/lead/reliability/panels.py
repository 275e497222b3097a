"""The Reliability page's widgets that hold no logic of their own: the intervals' progress bar, the
filter bar, the table view and the chart's tab. The page (``pages.reliability``) wires them up.

Mnemonics are chosen together with the menu bar's (File, Project, Go, Help) and the page's other
controls, so that no Alt+letter reaches two things (a test checks).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ictool.core.text.wording import plural
from ictool.gui.lead.reliability.chart import AlphaChart
from ictool.gui.lead.reliability.jobs import REPLICATES, SEED
from ictool.gui.lead.reliability.style import STATUSES
from ictool.gui.lead.reliability.table_model import (
    CI,
    COLUMNS,
    GROUP,
    NAME_ROLE,
    OPTION_ROLE,
    STATUS,
    VARIABLE,
    ReliabilityFilter,
    ReliabilityTableModel,
    cut_line,
)

ALL_GROUPS = "All groups"
NOT_RELIABLE = "Not reliable (tentative, unreliable, undefined)"
STATUS_CHOICES = ("All statuses", NOT_RELIABLE, *STATUSES)


class IntervalsBar(QWidget):
    """Where the bootstrap stands: running (how far, and Stop), or stopped with what is left."""

    stopRequested = Signal()
    resumeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAccessibleName("Bootstrap progress")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Bootstrap intervals progress")
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.stop_button = QPushButton("&Stop intervals")
        self.stop_button.setAccessibleName("Stop computing intervals")
        self.stop_button.setToolTip("Stop the bootstrap; the intervals computed so far are kept")
        self.stop_button.clicked.connect(self.stopRequested)
        self.resume_button = QPushButton("Compute &intervals")
        self.resume_button.setAccessibleName("Compute the remaining intervals")
        self.resume_button.clicked.connect(self.resumeRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.stop_button)
        row.addWidget(self.resume_button)
        self.show_idle(0, 0, stopped=False)

    def show_running(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._buttons(running=True, resumable=False)
        self.label.setText(
            f"95% intervals: {REPLICATES:,} bootstrap replicates per line (seed {SEED}), "
            f"{done} of {plural(total, 'line')} done…"
        )

    def show_idle(self, have: int, total: int, *, stopped: bool, computed: int | None = None) -> None:
        """Not running: ``have`` of ``total`` lines are done; ``computed`` of them got an interval
        (an undefined alpha has none; None: all that are done); ``stopped`` by the person."""
        resumable = have < total
        self._buttons(running=False, resumable=resumable)
        if resumable:
            why = "stopped" if stopped else "paused while the page was hidden"
            self.label.setText(f"Intervals {why}: {have} of {plural(total, 'line')} done.")
        elif total and (computed is None or computed > 0):
            self.label.setText(
                f"95% intervals from {REPLICATES:,} KALPHA bootstrap replicates per line (seed {SEED})."
            )
        else:
            self.label.setText("")  # no interval was computed: claim none

    def _buttons(self, *, running: bool, resumable: bool) -> None:
        self.progress.setVisible(running)
        self.stop_button.setVisible(running)
        self.resume_button.setVisible(resumable)


class FilterBar(QWidget):
    """Find by name or label, show one group, show one status (or every status but reliable)."""

    changed = Signal()  # after the proxy took a new filter

    def __init__(self, proxy: ReliabilityFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a variable by name or label")
        self.search.setAccessibleName("Find a variable")
        self.search.setClearButtonEnabled(True)
        self.group_box = QComboBox()
        self.group_box.setAccessibleName("Show group")
        self.group_box.view().setAccessibleName("Groups")
        self.group_box.addItem(ALL_GROUPS)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName("Show status")
        self.status_box.view().setAccessibleName("Statuses")
        self.status_box.addItems(STATUS_CHOICES)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in (
            ("Fin&d:", self.search),
            ("G&roup:", self.group_box),
            ("S&tatus:", self.status_box),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, 2 if widget is self.search else 1)
        self.search.textChanged.connect(self._text)
        self.group_box.currentIndexChanged.connect(self._group)
        self.status_box.currentIndexChanged.connect(self._status)

    def set_groups(self, groups: Sequence[str]) -> None:
        """The codebook's groups, keeping the chosen one when it is still there."""
        current = self.group_box.currentText()
        self.group_box.blockSignals(True)
        self.group_box.clear()
        self.group_box.addItem(ALL_GROUPS)
        for group in groups:
            self.group_box.addItem(group or "(no group)", group)
        self.group_box.setCurrentIndex(max(self.group_box.findText(current), 0))
        self.group_box.blockSignals(False)
        self._group()

    def _text(self, text: str) -> None:
        self.proxy.set_text(text)
        self.changed.emit()

    def _group(self) -> None:
        data = self.group_box.currentData()
        self.proxy.set_group(None if self.group_box.currentIndex() <= 0 else str(data or ""))
        self.changed.emit()

    def _status(self) -> None:
        choice = self.status_box.currentText()
        if choice == NOT_RELIABLE:
            self.proxy.set_statuses(["tentative", "unreliable", "undefined"])
        else:
            self.proxy.set_statuses([choice] if choice in STATUSES else None)
        self.changed.emit()


class NameCell(QStyledItemDelegate):
    """An option's line whose text is too long keeps its name whole and cuts its label at the end,
    "motivations=3 (Revenge or gri…)", where the table's middle cut gave "motivations=3 … or
    grievance)"; other names keep the middle cut, which shows both ends of a long name."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        cut_option_label(option, index)


def cut_option_label(option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
    """``NameCell``'s cut, for any table whose model gives ``NAME_ROLE`` and ``OPTION_ROLE``."""
    label = index.data(OPTION_ROLE)
    name = index.data(NAME_ROLE)
    metrics = option.fontMetrics
    room = option.rect.width() - 2 * metrics.averageCharWidth()  # the cell's margins, generously
    if not label or not isinstance(name, str) or metrics.horizontalAdvance(option.text) <= room:
        return
    cut = cut_line(name, str(label), metrics, room)
    if cut is not None:  # else the middle cut says more
        option.text = cut


def report_table(proxy: ReliabilityFilter) -> QTableView:
    """The table of report lines: one row selected at a time, sorted by clicking a header."""
    table = QTableView()
    table.setModel(proxy)
    table.setAccessibleName("Reliability per variable")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    # "recruitment_long_descri…=3": the end of a long name is its option, kept as the Rounds page does
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.setItemDelegateForColumn(VARIABLE, NameCell(table))
    table.setSortingEnabled(True)
    table.sortByColumn(VARIABLE, Qt.SortOrder.AscendingOrder)  # codebook order
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def size_columns(table: QTableView, model: ReliabilityTableModel) -> int:
    """Columns as wide as their content, a long name or group capped (the tooltip has it whole);
    returns their total width, what the table asks of the page's splitter.

    Measured from the texts with the font's metrics: asking the view to measure every cell
    (``resizeColumnsToContents``) takes longer than computing every alpha of the project.
    """
    cells = table.fontMetrics()
    header = table.horizontalHeader().fontMetrics()
    pad = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
    icon = table.iconSize().width() if table.iconSize().isValid() else 16
    # "motivations=3 (Money or material gain)", a group like "Roles and experience" whole
    caps = {VARIABLE: cells.averageCharWidth() * 34, GROUP: cells.averageCharWidth() * 28}
    rows = range(model.rowCount())
    total = 0
    for column, name in enumerate(COLUMNS):
        texts = {model.cell(r, column) for r in rows} if column != CI else {"[-1.000, -1.000]"}
        width = max((cells.horizontalAdvance(t) for t in texts), default=0) + pad
        if column == STATUS:
            width += icon + 6
        if column in caps:
            width = min(width, caps[column])
        width = max(width, header.horizontalAdvance(name) + pad + 12)  # + sort arrow
        table.setColumnWidth(column, width)
        total += width
    return total


class ChartPanel(QWidget):
    """The chart in a scroll area (it grows with its rows), with its two Save buttons."""

    saveRequested = Signal(str)  # the suffix: ".png" or ".svg"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = AlphaChart()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.chart)
        self.scroll_area.setAccessibleName("Chart, scrollable")
        note = QLabel("Shows the rows the table shows, in its order: filter by group or status to zoom in.")
        note.setWordWrap(True)
        note.setEnabled(False)  # the palette's muted text: a hint
        buttons = QHBoxLayout()
        buttons.addWidget(note, 1)
        for text, name, suffix in (("Save as P&NG…", "PNG", ".png"), ("Save as S&VG…", "SVG", ".svg")):
            button = QPushButton(text)
            button.setAccessibleName(f"Save chart as {name}")
            button.clicked.connect(lambda _checked=False, s=suffix: self.saveRequested.emit(s))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.scroll_area, 1)

    def scroll_to(self, name: str) -> None:
        top = self.chart.row_top(name)
        if top >= 0:
            self.scroll_area.ensureVisible(0, top, 0, self.chart.row_height() * 3)
