"""The selected line, in depth: its figures, who drifts, and which categories coders confuse.

Why on demand: the diagnostics of one line cost a millisecond from the codings the page already
holds (``Snapshot.line``), so they follow the selection at once, while computing them for every line
up front (as the full report does) would double the wait for the alphas, for what the lead looks at
one line at a time. They are the report's own numbers: the same core functions compute them
(``line_coders``, ``coincidence_matrix``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ictool.core.codebook.model import Level
from ictool.core.errors import UserError
from ictool.core.reliability.alpha import compute_alpha
from ictool.core.reliability.diagnostics import coincidence_matrix, merged_alpha
from ictool.core.reliability.intervals import Interval
from ictool.core.reliability.project_data import ScoredLine
from ictool.core.reliability.project_report import VariableReliability, line_coders, status_of
from ictool.core.text.wording import plural
from ictool.gui.bidi import isolate, left_to_right
from ictool.gui.lead.reliability.coders import CoderMatrixModel, LeaveOneOutModel
from ictool.gui.lead.reliability.coincidences import CoincidenceModel, category_names, code_of
from ictool.gui.lead.reliability.jobs import Snapshot
from ictool.gui.lead.reliability.style import fmt_alpha

WHAT_IF_HINT = (
    "Select cells to ask what merging would do: a cell stands for its row's and its column's "
    "categories (Ctrl+click or Shift+arrows to add more). A what-if on a copy: your data are not changed."
)


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def content_size(view: QTableView) -> QSize:
    """The size that shows every cell (headers and frame included)."""
    view.resizeColumnsToContents()
    view.resizeRowsToContents()
    frame = 2 * view.frameWidth()
    vertical = view.verticalHeader()
    header = max(vertical.sizeHint().width(), vertical.minimumWidth())
    width = frame + (header if not vertical.isHidden() else 0)
    width += sum(view.columnWidth(c) for c in range(view.model().columnCount()))
    height = frame + view.horizontalHeader().sizeHint().height()
    height += sum(view.rowHeight(r) for r in range(view.model().rowCount()))
    return QSize(width, height)


def fit_to_content(view: QTableView) -> None:
    """Exactly as large as its cells: a 3-coder matrix is a small square, not a box with empty space."""
    view.setFixedSize(content_size(view))


#: The coincidences' box title and the what-if, by level: numbers are not categories to merge.
CONFUSED = "Coincidences: which categories coders confuse"
NUMERIC = "Coincidences: which values coders gave together"
NUMERIC_LEVELS = (Level.INTERVAL, Level.RATIO)


def titled_box(title: str) -> tuple[QGroupBox, QVBoxLayout, QLabel]:
    """A group box whose title is a label that wraps: a group box's own title is as wide as its text
    and would make the pane wider than the window (the pane must not scroll sideways)."""
    box = QGroupBox()
    layout = QVBoxLayout(box)
    label = QLabel(title)
    label.setWordWrap(True)
    layout.addWidget(label)
    return box, layout, label


class SideBySide(QWidget):
    """Fixed-size tables side by side while the pane has room for them, else one above the other.

    Why: at 1024 pixels the pane is narrower than the pairwise matrix and the leave-one-out table
    together, and side by side the second was cut to its first letters behind a scroll bar; stacked,
    both show whole. Sideways scrolling (``SidewaysScroll``) is left for a table wider than the pane.
    """

    GAP = 12

    def __init__(self, tables: Sequence[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables = list(tables)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(self.GAP)
        for table in self.tables:
            self.box.addWidget(table, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.box.addStretch(1)

    def side_by_side_width(self) -> int:
        shown = [t for t in self.tables if not t.isHidden()]
        return sum(t.minimumWidth() for t in shown) + self.GAP * max(len(shown) - 1, 0)

    def arrange(self, width: int) -> None:
        """Side by side if they fit in ``width`` pixels, else stacked."""
        direction = (
            QBoxLayout.Direction.LeftToRight
            if self.side_by_side_width() <= width
            else QBoxLayout.Direction.TopToBottom
        )
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self.box.activate()
            self.adjustSize()

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom


class SidewaysScroll(QScrollArea):
    """A row of fixed-size tables that scrolls sideways when the pane is narrower than they are.

    Why: the pane's sentences must wrap to the width one sees, so the pane itself never scrolls
    sideways; only what cannot wrap (the matrices) does, here. As tall as its content, plus the
    scroll bar only while one is shown.
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        self.fit_height()

    def fit_height(self) -> None:
        content = self.content
        if isinstance(content, SideBySide):
            content.arrange(self.viewport().width())
        wide = content.minimumSizeHint().width() > self.viewport().width()
        bar = self.horizontalScrollBar().sizeHint().height() if wide else 0
        self.setFixedHeight(content.minimumSizeHint().height() + bar)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())


class VariableDetail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Selected variable")
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        left_to_right(self.heading)  # "name — label": an Arabic label must not turn the line around
        self.heading.setAccessibleName("Selected variable name")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Selected variable figures")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.matrix_model = CoderMatrixModel(self)
        self.matrix = _table("Alpha between every two coders")
        self.matrix.setModel(self.matrix_model)
        self.loo_model = LeaveOneOutModel(self)
        self.loo = _table("Alpha with each coder left out")
        self.loo.setModel(self.loo_model)
        self.loo.verticalHeader().setVisible(False)
        coders, coders_layout, _title = titled_box("Coders: alpha between two, and without one")
        coders.setAccessibleName("Coders")
        for view in (self.matrix, self.loo):
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.coder_tables = SidewaysScroll(SideBySide((self.matrix, self.loo)))
        coders_layout.addWidget(self.coder_tables)

        self.coincidence_model = CoincidenceModel(self)
        self.coincidences = _table("Coincidence matrix: which categories coders confuse")
        self.coincidences.setModel(self.coincidence_model)
        for fixed in (self.coincidences.horizontalHeader(), self.coincidences.verticalHeader()):
            fixed.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # sized by _fit_coincidences
        self.coincidences.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        # "7 · Bosnia and Herzeg…": a narrow pane cuts a row's label at its end, never its code
        self.coincidences.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.coincidences.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.coincidences.horizontalHeader().setSectionsClickable(False)
        self.coincidences.verticalHeader().setSectionsClickable(False)
        self.coincidences.selectionModel().selectionChanged.connect(self._what_if)
        self.what_if = QLabel(WHAT_IF_HINT)
        self.what_if.setWordWrap(True)
        self.what_if.setAccessibleName("What if categories were merged")
        self.what_if.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        confusion, box, self.confusion_title = titled_box(CONFUSED)
        confusion.setAccessibleName("Coincidences")
        box.addWidget(self.coincidences, 10)  # as tall as the room allows, up to its cells
        box.addWidget(self.what_if)
        box.addStretch(1)  # what is left goes below the what-if, which stays under the matrix

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(coders)
        layout.addWidget(confusion, 1)
        self.parts = (coders, confusion)
        self.confusion = confusion
        confusion.installEventFilter(self)

        self.line: ScoredLine | None = None
        self.report_line: VariableReliability | None = None
        self.what_if_alpha: float | None = None  # the last what-if's alpha (None: none, or undefined)
        self.clear("Select a variable in the table or the chart to see its coders and coincidences.")

    def clear(self, text: str) -> None:
        self.line = self.report_line = None
        self.heading.setText("")
        self.summary.setText(text)
        self.matrix_model.set_pairs([], [])
        self.loo_model.set_rows([], {}, None)
        self.coincidence_model.set_matrix(None, [])
        for part in self.parts:
            part.setVisible(False)

    def show_line(self, snapshot: Snapshot, name: str, interval: Interval | bool | None) -> None:
        """Show line ``name``; ``interval`` is its interval, None if it has none, False if not yet known."""
        report_line = next((v for v in snapshot.report.variables if v.name == name), None)
        if report_line is None:
            self.clear("This variable is no longer in the report.")
            return
        self.report_line = report_line
        self.line = snapshot.line(name)
        self.heading.setText(
            f"{isolate(name)} — {isolate(report_line.label)}" if report_line.label != name else isolate(name)
        )
        self.set_interval(interval)
        coders = list(snapshot.report.coders)
        data = self.line.data if self.line is not None else None
        result = compute_alpha(data) if data is not None else None
        who = line_coders(self.line, snapshot.codings.coder_names, result) if self.line is not None else None
        self.matrix_model.set_pairs(coders, who.pairwise if who is not None else ())
        self.loo_model.set_rows(coders, who.leave_one_out if who is not None else {}, report_line.alpha)
        matrix = coincidence_matrix(result) if result is not None and result.units else None
        names = category_names(self.line, matrix.values) if matrix is not None and self.line else []
        self.coincidence_model.set_matrix(matrix, names)
        for view in (self.matrix, self.loo):
            fit_to_content(view)
        self.coder_tables.content.adjustSize()
        self.coder_tables.fit_height()
        self._fit_coincidences()
        self.parts[0].setVisible(self.matrix_model.rowCount() > 0)
        self.parts[1].setVisible(matrix is not None)
        # Merging categories is a question for categories: for numbers the matrix only shows which
        # values went together (the distance between them is what alpha weighs), so no what-if.
        numeric = report_line.level in NUMERIC_LEVELS and self.line is not None and self.line.option is None
        self.confusion_title.setText(NUMERIC if numeric else CONFUSED)
        self.coincidences.setAccessibleName(
            "Coincidence matrix: which values coders gave together"
            if numeric
            else "Coincidence matrix: which categories coders confuse"
        )
        self.coincidences.setSelectionMode(
            QAbstractItemView.SelectionMode.NoSelection
            if numeric
            else QAbstractItemView.SelectionMode.ExtendedSelection
        )
        self.what_if.setVisible(not numeric)
        self.what_if.setText(WHAT_IF_HINT)
        self.what_if_alpha = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.confusion and event.type() == QEvent.Type.Resize and self.coincidence_model.names:
            # the row labels take what the counts leave of the box's new width (the box gets its
            # width from the layout, after show_line when it was hidden until then)
            self._fit_coincidences()
        return super().eventFilter(watched, event)

    def _coincidences_room(self) -> int:
        """The width the coincidence matrix can have: its box's, less the box's margins."""
        box = self.confusion
        layout = box.layout()
        margins = layout.contentsMargins() if layout is not None else None
        sides = margins.left() + margins.right() if margins is not None else 0
        return box.contentsRect().width() - sides

    def _fit_coincidences(self) -> None:
        """No larger than its cells (the what-if sits right under it), scrolling when they are many.

        Sized from the texts with the font's metrics: a number variable can have a hundred values,
        and asking the view to measure 10⁴ cells froze the window for seconds. The row header is
        made wide enough for a selected row, which Qt writes in bold, when the pane has the room;
        when it has not, the counts come first: the row labels get what the columns leave (at least
        their codes), and are cut at their end ("7 · Bosnia and Herzeg…"; the tooltip has them whole).
        At 1024 pixels the whole labels took the pane's width and every count was behind a scroll bar.
        """
        view, model = self.coincidences, self.coincidence_model
        metrics = view.fontMetrics()
        header = view.horizontalHeader()
        bold_font = QFont(view.verticalHeader().font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        names = model.names
        whole = max((bold.horizontalAdvance(n) for n in names), default=0) + 16
        cut = max((bold.horizontalAdvance(f"{code_of(n)} · …") for n in names), default=0) + 16
        codes = max((bold.horizontalAdvance(code_of(n)) for n in names), default=0) + 16
        widths = {t: metrics.horizontalAdvance(t) for row in model.texts for t in row}
        columns = model.columnCount()
        for c in range(columns):
            title = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            cells = max((widths[row[c]] for row in model.texts), default=0)
            view.setColumnWidth(c, max(cells, header.fontMetrics().horizontalAdvance(title)) + 8)
        counts = sum(view.columnWidth(c) for c in range(columns))
        # room for scroll bars, so none appears only because the exact fit left no slack
        spare = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4
        left = self._coincidences_room() - counts - 2 * view.frameWidth() - spare
        # whole labels if they fit, else cut ones, else the codes alone (a cut to "…" would hide the code)
        model.set_codes_only(left < min(cut, whole))
        row_header = min(whole, max(left, cut)) if left >= min(cut, whole) else min(codes, whole)
        view.verticalHeader().setFixedWidth(row_header)
        rows = view.verticalHeader().defaultSectionSize() * model.rowCount()
        width = row_header + counts + 2 * view.frameWidth()
        height = header.sizeHint().height() + rows + 2 * view.frameWidth()
        view.setMaximumSize(width + spare, height + spare)

    def set_interval(self, interval: Interval | bool | None) -> None:
        v = self.report_line
        if v is None:
            return
        if v.alpha is None:
            figures = f"alpha undefined: {v.undefined_reason}"
        else:
            if interval is False:
                ci = ", 95% interval computing…"
            elif isinstance(interval, Interval):
                ci = f", 95% interval [{interval.ci95[0]:.3f}, {interval.ci95[1]:.3f}]"
            else:
                ci = ""
            figures = f"alpha {fmt_alpha(v.alpha)}{ci} — {v.status}"
        agreement = "—" if v.percent_agreement is None else f"{v.percent_agreement:.0%}"
        self.summary.setText(
            f"{v.level.value} · {figures}\n{plural(v.units, 'document')} coded by two or more coders, "
            f"{plural(v.pairable_values, 'pairable value')}, {agreement} agreement, "
            f"{plural(v.disagreements, 'document')} in disagreement, "
            f"{plural(v.excluded_missing, 'value')} excluded as missing codes"
        )

    # -- the what-if ---------------------------------------------------------------------------

    def chosen_categories(self) -> list[int]:
        """Category indices the selected cells stand for (a cell: its row and its column)."""
        size = len(self.coincidence_model.names)
        chosen: set[int] = set()
        for index in self.coincidences.selectionModel().selectedIndexes():
            chosen.add(index.row())
            if index.column() < size:
                chosen.add(index.column())
        return sorted(chosen)

    def select_categories(self, labels: Sequence[Hashable]) -> None:
        """Select the diagonal cells of these values (what a person does with Ctrl+click)."""
        model = self.coincidence_model
        rows = [i for i in range(len(model.names)) if model.label(i) in list(labels)]
        selection = QItemSelection()
        for r in rows:
            selection.select(model.index(r, r), model.index(r, r))
        self.coincidences.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _what_if(self) -> None:
        chosen = self.chosen_categories()
        data = self.line.data if self.line is not None else None
        self.what_if_alpha = None
        if data is None or self.report_line is None or len(chosen) < 2:
            self.what_if.setText(WHAT_IF_HINT)
            return
        model = self.coincidence_model
        labels = [model.label(i) for i in chosen]
        shown = " + ".join(model.names[i] for i in chosen)
        try:
            result = merged_alpha(data, labels)
        except UserError as exc:
            self.what_if.setText(f"What if {shown} were one category? {'; '.join(exc.problems)}.")
            return
        self.what_if_alpha = result.alpha
        now = self.report_line.alpha
        if result.alpha is None:
            outcome = f"alpha would be undefined ({result.undefined_reason})"
        else:
            outcome = f"alpha would be {fmt_alpha(result.alpha)} ({status_of(result.alpha)})"
        self.what_if.setText(
            f"What if {shown} were one category? {outcome}, instead of {fmt_alpha(now)} ({status_of(now)}). "
            "A what-if on a copy: your data are not changed."
        )
