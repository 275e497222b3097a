"""What QtCharts cannot draw, painted over a chart in its value coordinates: whiskers, labels, bands.

Why a layer of our own: QtCharts has no error bars (a series per whisker would make hundreds of
series) and hides or elides category labels it finds too close together. The Reliability page's chart
(a row per variable) and the Rounds page's (a column per round) paint theirs on this one base.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCharts import QAbstractAxis, QChart, QChartView, QScatterSeries
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget


class ChartOverlay(QGraphicsItem):
    """A layer over the whole chart; subclasses paint in value coordinates through :meth:`point`."""

    def __init__(self, chart: QChart, anchor: QScatterSeries) -> None:
        super().__init__(chart)
        self.chart = chart
        self.anchor = anchor  # any series on the value axes, for mapping values to positions
        self.pen = QPen(QColor("black"), 1.6)
        self.text = QColor("black")
        self.setZValue(3.5)  # over the grid and axes (2, 3), under the series (4): whiskers behind dots

    def boundingRect(self) -> QRectF:
        return QRectF(QPointF(0, 0), self.chart.size())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Smooth lines in the chart's font, the painter as it was afterwards; :meth:`draw` paints."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.chart.font())
        try:
            self.draw(painter, self.chart.plotArea())
        finally:
            painter.restore()

    def draw(self, painter: QPainter, area: QRectF) -> None:
        """Paint the layer; ``area`` is the plot area, in the chart's coordinates."""
        raise NotImplementedError

    def point(self, x: float, y: float) -> QPointF:
        """Where the value (x, y) is drawn, in the chart's coordinates."""
        return self.chart.mapToPosition(QPointF(x, y), self.anchor)

    def refresh(self) -> None:
        """Repaint after the data, the plot area or the colours changed."""
        self.prepareGeometryChange()
        self.update()


def apply_chart_palette(
    view: QChartView,
    axes: Iterable[QAbstractAxis],
    overlay: ChartOverlay,
    hidden_labels: Iterable[QAbstractAxis] = (),
) -> QPalette:
    """Give a chart the window's colours (light or dark), its axes and its painted layer included.

    Both charts call this when shown and on a palette change (dark mode switched while open); the status
    colours stay as they are. Axes in ``hidden_labels`` keep transparent labels (the layer paints them).
    Returns the palette, for what else a chart colours from it.
    """
    palette = view.palette()
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    grid = palette.color(QPalette.ColorRole.Mid)
    hidden = set(map(id, hidden_labels))
    chart = view.chart()
    chart.setBackgroundBrush(QBrush(base))
    chart.setBackgroundRoundness(0)
    view.setBackgroundBrush(QBrush(base))
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    for axis in axes:
        axis.setLabelsColor(QColor(Qt.GlobalColor.transparent) if id(axis) in hidden else text)
        axis.setTitleBrush(QBrush(text))
        axis.setLinePen(QPen(grid))
        axis.setGridLinePen(QPen(grid, 0.6, Qt.PenStyle.DotLine))
    overlay.pen = QPen(text, 1.6)
    overlay.text = text
    return palette
