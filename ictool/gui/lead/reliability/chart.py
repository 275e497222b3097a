"""Alpha per report line as a dot with its 95% interval, against the .667 and .800 thresholds.

Why a dot-and-whisker chart on its side rather than bars: alpha can be negative and its interval is
what a reader judges against the thresholds; a bar would suggest a baseline alpha does not have.
Lines run down the chart, one per row at a fixed height, so names never overlap however many there
are (the chart grows and sits in a scroll area; an axis at the top and at the bottom keeps the scale
in view). The chart draws the rows the table shows, in the table's order, so filtering by group or
status is also how one looks at a part of a 150-variable codebook.

Status is a shape as well as a colour (circle, diamond, triangle); an undefined line keeps its row,
labelled "undefined", without a dot. The intervals are painted by one graphics item over the plot
(QtCharts has no error bars; a series per whisker would make hundreds of series).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCharts import (
    QCategoryAxis,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QScatterSeries,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from ictool.core.reliability.project_report import RELIABLE, TENTATIVE
from ictool.gui.lead.reliability.overlay import ChartOverlay, apply_chart_palette
from ictool.gui.lead.reliability.style import status_colour
from ictool.gui.lead.reliability.table_model import cut_line

LEGEND = {
    "reliable": "reliable (≥ .800)",
    "tentative": "tentative",
    "unreliable": "unreliable",
}  # short, so the legend fits one line (QtCharts elides it otherwise); it reads rich text: no "<"
LABEL_GAP = 10  # pixels between a row's name and the plot
PAD = 0.04  # alpha units beyond the scale's ends, so a dot at 1.0 is drawn whole
_SHAPES = {
    "reliable": QScatterSeries.MarkerShape.MarkerShapeCircle,
    "tentative": QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle,
    "unreliable": QScatterSeries.MarkerShape.MarkerShapeTriangle,
}
MARGIN = 140  # pixels above and below the rows: title, legend, two axes


@dataclass(frozen=True)
class ChartRow:
    name: str  # the line's identity (what a click selects)
    alpha: float | None
    ci95: tuple[float, float] | None
    status: str
    text: str = ""  # what the row says, if not its name: ``motivations=3 (Money)``
    option: str = ""  # a multi-select option's label in ``text``: what a narrow chart cuts


class _Rows(ChartOverlay):
    """The row names, the selected row's band and the intervals, painted in value coordinates
    (QtCharts' own category labels go missing at the ends when rows are one text line apart)."""

    def __init__(self, chart: QChart, anchor: QScatterSeries) -> None:
        super().__init__(chart, anchor)
        self.rows: list[ChartRow] = []
        self.selected = -1
        self.band = QColor(0, 0, 0, 30)

    def draw(self, painter: QPainter, area: QRectF) -> None:
        if 0 <= self.selected < len(self.rows):
            top = self.point(0, self.selected - 0.5).y()
            bottom = self.point(0, self.selected + 0.5).y()
            painter.fillRect(QRectF(0, min(top, bottom), area.right(), abs(bottom - top)), self.band)
        painter.setPen(self.text)
        height = abs(self.point(0, 0.5).y() - self.point(0, -0.5).y())
        metrics = painter.fontMetrics()
        # the names are cut to the room the chart left them, never drawn past its left edge
        room = int(area.left()) - LABEL_GAP - 2
        for i, row in enumerate(self.rows):
            y = self.point(0, i).y()
            painter.drawText(
                QRectF(0, y - height / 2, area.left() - LABEL_GAP, height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                row_label(row, metrics, room),
            )
        painter.setClipRect(area)
        painter.setPen(self.pen)
        for i, row in enumerate(self.rows):
            if row.ci95 is None:
                continue
            low, high = self.point(row.ci95[0], i), self.point(row.ci95[1], i)
            cap = max(height * 0.18, 3.0)
            painter.drawLine(low, high)
            painter.drawLine(QPointF(low.x(), low.y() - cap), QPointF(low.x(), low.y() + cap))
            painter.drawLine(QPointF(high.x(), high.y() - cap), QPointF(high.x(), high.y() + cap))


#: A row's words are cut beyond this many average characters: a long option label would otherwise
#: take the plot's width. The table beside it has them whole.
LABEL_CHARS = 44
#: The share of the chart's width the names may take (a narrow chart keeps a plot to read).
LABEL_SHARE = 0.4


def row_label(row: ChartRow, metrics: QFontMetrics | None = None, room: int | None = None) -> str:
    """``motivations=3 (Money)``, ``name (undefined)``; cut to ``room`` pixels (``LABEL_CHARS`` by
    default) when ``metrics`` is given, by the table's rule (``cut_line``): an option's label is cut
    at its end, "motivations=7 (Protection or…) (undefined)"; any other text in the middle."""
    tail = "" if row.alpha is not None else " (undefined)"
    text = f"{row.text or row.name}{tail}"
    if metrics is None:
        return text
    if room is None:
        room = metrics.averageCharWidth() * LABEL_CHARS
    if metrics.horizontalAdvance(text) <= room:
        return text
    cut = cut_line(row.name, row.option, metrics, room, tail) if row.option else None
    return cut if cut is not None else metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room)


class AlphaChart(QChartView):
    """The chart; ``set_rows`` redraws it, ``save`` writes it as PNG or SVG."""

    rowActivated = Signal(str)  # the name of the line clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Alpha per variable chart")
        self.setAccessibleDescription(
            "Each row is a variable: a dot for alpha (circle reliable, diamond tentative, triangle "
            "unreliable), a line for its 95% interval; dashed lines at .667 and .800. Up and Down "
            "choose a variable. The table holds the same figures."
        )
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.rows: list[ChartRow] = []
        self.title = ""
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        self.setChart(chart)
        # Rows, row 0 at the top. The layer writes the names; the axis holds one invisible label as
        # wide as the widest name, so the chart's layout leaves them room (and the title and legend
        # keep the chart's whole width).
        self.y_axis = QCategoryAxis()
        self.y_axis.setReverse(True)
        self.y_axis.setGridLineVisible(False)
        self.y_axis.setTruncateLabels(False)
        self.y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        # Alpha: labels at exact values (a value axis prints "-0.0"), at the bottom and at the top.
        self.x_axes = (QCategoryAxis(), QCategoryAxis())
        for axis in self.x_axes:
            axis.setTruncateLabels(False)
            axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
            axis.setTitleText("Krippendorff's alpha")
        chart.addAxis(self.x_axes[0], Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.x_axes[1], Qt.AlignmentFlag.AlignTop)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.points: dict[str, QScatterSeries] = {}
        for status, shape in _SHAPES.items():
            series = QScatterSeries()
            series.setName(LEGEND[status])
            series.setMarkerShape(shape)
            colour = status_colour(status)
            series.setColor(colour)
            series.setBorderColor(colour.darker(140))
            self._attach(series, self.x_axes[0])
            self.points[status] = series
        self.thresholds: list[QLineSeries] = []
        for value, status in ((TENTATIVE, "tentative"), (RELIABLE, "reliable")):
            line = QLineSeries()
            line.setName(f"{value:.3f}".lstrip("0"))
            line.setPen(QPen(status_colour(status).darker(115), 1.5, Qt.PenStyle.DashLine))
            self._attach(line, self.x_axes[1])
            self.thresholds.append(line)
        self.layer = _Rows(chart, self.points["reliable"])
        chart.plotAreaChanged.connect(lambda _area: self.layer.refresh())
        self.apply_palette()
        self.set_rows([])

    def _attach(self, series: QScatterSeries | QLineSeries, x_axis: QCategoryAxis) -> None:
        self.chart().addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(self.y_axis)

    def row_height(self) -> int:
        return math.ceil(self.fontMetrics().height() * 1.5)

    def wanted_height(self) -> int:
        return MARGIN + self.row_height() * max(len(self.rows), 3)

    def sizeHint(self) -> QSize:
        return QSize(640, self.wanted_height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_palette()  # a switch to dark mode (or back) while the chart is shown

    def apply_palette(self) -> None:
        """Colours of the window's palette (light or dark); the status colours stay as they are."""
        palette = apply_chart_palette(
            self, (*self.x_axes, self.y_axis), self.layer, hidden_labels=[self.y_axis]
        )
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(70)
        self.layer.band = highlight
        self.layer.update()

    # -- content -----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ChartRow], title: str = "") -> None:
        selected = self.selected_name()
        self.rows = list(rows)
        self.title = title or self.title
        n = len(self.rows)
        for status, series in self.points.items():
            series.replace(
                [
                    QPointF(r.alpha, i)
                    for i, r in enumerate(self.rows)
                    if r.alpha is not None and r.status == status
                ]
            )
        self._reserve_label_room()
        low = min(
            [0.0]
            + [r.alpha for r in self.rows if r.alpha is not None]
            + [r.ci95[0] for r in self.rows if r.ci95 is not None]
        )
        low = max(math.floor(low * 10 - 1e-9) / 10, -1.0)
        step = 0.1 if low >= -0.4 else 0.2
        ticks = [round(low + k * step, 1) for k in range(round((1.0 - low) / step) + 1)]
        for axis in self.x_axes:
            for label in list(axis.categoriesLabels()):
                axis.remove(label)
            axis.setStartValue(low - PAD)
            for tick in ticks:
                axis.append(f"{tick:.1f}".replace("-0.0", "0.0"), tick)
            axis.setRange(low - PAD, 1.0 + PAD)
        for line, value in zip(self.thresholds, (TENTATIVE, RELIABLE), strict=True):
            line.replace([QPointF(value, -0.5), QPointF(value, max(n, 1) - 0.5)])
        marker = max(self.row_height() * 0.6, 7.0)
        for series in self.points.values():
            series.setMarkerSize(marker)
        self.chart().setMargins(QMargins(6, 6, 16, 6))
        self.layer.rows = self.rows
        self.layer.selected = -1
        self.select(selected)
        shown = f"{n} line{'s' if n != 1 else ''}" if n else "no variables to show"
        self.chart().setTitle(f"{self.title} — alpha with 95% interval, {shown}" if self.title else shown)
        self.setMinimumHeight(self.wanted_height())
        self.layer.refresh()

    def label_room(self, width: int | None = None) -> int:
        """Pixels the names may take in a chart ``width`` wide (the view's by default): up to
        ``LABEL_CHARS``, and no more than ``LABEL_SHARE`` of the width.

        Why: at 1024 pixels the chart reserved room for 44 characters it did not have, and the
        names were drawn past its left edge ("ivations=2 (Belonging…").
        """
        metrics = QFontMetrics(self.chart().font())
        chars = metrics.averageCharWidth()
        share = int((width if width is not None else self.width()) * LABEL_SHARE)
        return min(chars * LABEL_CHARS, max(share, chars * 12))

    def _reserve_label_room(self, width: int | None = None) -> None:
        """The axis's one invisible label: the widest name as cut to ``label_room`` (see __init__)."""
        n = len(self.rows)
        for label in list(self.y_axis.categoriesLabels()):
            self.y_axis.remove(label)
        self.y_axis.setStartValue(-0.5)
        metrics = QFontMetrics(self.chart().font())
        room = self.label_room(width)
        labels = (row_label(r, metrics, room) for r in self.rows)
        widest = max(labels, key=metrics.horizontalAdvance, default="")
        self.y_axis.append(widest + " " * 3, max(n, 1) - 0.5)
        self.y_axis.setRange(-0.5, max(n, 1) - 0.5)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._reserve_label_room()

    def selected_name(self) -> str | None:
        i = self.layer.selected
        return self.rows[i].name if 0 <= i < len(self.rows) else None

    def select(self, name: str | None) -> None:
        self.layer.selected = next((i for i, r in enumerate(self.rows) if r.name == name), -1)
        self.layer.update()

    def row_top(self, name: str) -> int:
        """The y (in this widget) of a row's top, for scrolling it into view; -1 if not shown."""
        i = next((k for k, r in enumerate(self.rows) if r.name == name), -1)
        if i < 0:
            return -1
        point = self.chart().mapToPosition(QPointF(0, i - 0.5), self.points["reliable"])
        return int(self.mapFromScene(self.chart().mapToScene(point)).y())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up and Down (Page Up/Down, Home/End) move the selection from row to row, as in the table."""
        steps = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -10,
            Qt.Key.Key_PageDown: 10,
            Qt.Key.Key_Home: -len(self.rows),
            Qt.Key.Key_End: len(self.rows),
        }
        step = steps.get(Qt.Key(event.key()))
        if step is None or not self.rows:
            super().keyPressEvent(event)
            return
        row = min(max(self.layer.selected + step if self.layer.selected >= 0 else 0, 0), len(self.rows) - 1)
        self.rowActivated.emit(self.rows[row].name)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        scene = self.mapToScene(event.position().toPoint())
        value = self.chart().mapToValue(self.chart().mapFromScene(scene), self.points["reliable"])
        i = round(value.y())
        if self.chart().plotArea().contains(self.chart().mapFromScene(scene)) and 0 <= i < len(self.rows):
            self.rowActivated.emit(self.rows[i].name)
        super().mousePressEvent(event)

    # -- saving ------------------------------------------------------------------------------

    def export_size(self) -> QSize:
        """The whole chart (not the part scrolled into view), at least 900 pixels wide."""
        return QSize(max(self.width(), 900), max(self.wanted_height(), 400))

    def _render(self, painter: QPainter, size: QSize) -> None:
        chart = self.chart()
        shown, selected = chart.size(), self.layer.selected
        self.layer.selected = -1  # the file shows the figures, not where the person was
        self._reserve_label_room(size.width())  # the file's width, not the view's
        chart.resize(size.width(), size.height())
        layout = chart.layout()
        if layout is not None:
            layout.activate()
        self.layer.refresh()
        target = QRectF(0, 0, size.width(), size.height())
        self.scene().render(painter, target, QRectF(chart.pos(), chart.size()))
        chart.resize(shown)
        self._reserve_label_room()
        self.layer.selected = selected
        self.layer.refresh()

    def save(self, path: Path) -> Path:
        """Write the chart as PNG or SVG (by ``path``'s suffix); returns the path written."""
        size = self.export_size()
        if path.suffix.lower() == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(size)
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle(self.chart().title())
            generator.setDescription(
                "Krippendorff's alpha per variable with 95% bootstrap intervals (ictool)"
            )
            painter = QPainter(generator)
            self._render(painter, size)
            painter.end()
            if not path.is_file() or path.stat().st_size == 0:
                raise OSError(f"could not write {path}")
        else:
            ratio = 2.0
            image = QImage(size * ratio, QImage.Format.Format_ARGB32)
            image.setDevicePixelRatio(ratio)
            image.fill(self.palette().color(QPalette.ColorRole.Base))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._render(painter, size)
            painter.end()
            if not image.save(str(path)):  # the format follows the suffix (.png)
                raise OSError(f"could not write {path}")
        return path
