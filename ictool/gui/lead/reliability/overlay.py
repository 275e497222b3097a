"""What QtCharts cannot draw, painted over a chart in its value coordinates: whiskers, labels, bands.

Why a layer of our own: QtCharts has no error bars (a series per whisker would make hundreds of
series) and hides or elides category labels it finds too close together. The Reliability page's chart
(a row per variable) and the Rounds page's (a column per round) paint theirs on this one base.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QScatterSeries
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsItem


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

    def point(self, x: float, y: float) -> QPointF:
        """Where the value (x, y) is drawn, in the chart's coordinates."""
        return self.chart.mapToPosition(QPointF(x, y), self.anchor)

    def refresh(self) -> None:
        """Repaint after the data, the plot area or the colours changed."""
        self.prepareGeometryChange()
        self.update()
