"""One report line's alpha by round: a dot per round with its 95% interval, against the study's rule.

Why this chart: a lead trains coders over rounds and wants to see them converge — the dots rising
and the whiskers narrowing until both clear the rule's two dashed lines (alpha's floor, and the
interval's lower bound's). Rounds run left to right in the order they were added. The verdict is a
shape and a word as well as a colour (``reliability.style``): circle qualified, diamond "needs CI",
triangle not qualified; an undefined alpha is written in, without a dot. The whiskers and the
values are painted by one graphics item over the plot (QtCharts has no error bars).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QScatterSeries
from PySide6.QtCore import QEvent, QMargins, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ictool.core.reliability.by_round import RoundFigures
from ictool.core.rounds.rule import QualificationRule
from ictool.gui.lead.reliability.overlay import ChartOverlay, apply_chart_palette
from ictool.gui.lead.reliability.style import fmt_alpha, status_colour
from ictool.gui.lead.rounds.models import threshold, verdict_status

PAD = 0.04  # alpha units beyond the scale's ends, so a dot at 1.0 is drawn whole
#: The verdict's look: the status whose colour it takes, its marker, its legend entry.
_LOOKS = (
    ("reliable", QScatterSeries.MarkerShape.MarkerShapeCircle, "qualified"),
    ("tentative", QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle, "needs CI"),
    ("unreliable", QScatterSeries.MarkerShape.MarkerShapeTriangle, "not qualified"),
)


@dataclass(frozen=True)
class RoundPoint:
    round: str
    figures: RoundFigures | None  # None: the line has no values in that round


class _Whiskers(ChartOverlay):
    """The intervals, each dot's value and "undefined" where alpha is, in value coordinates."""

    def __init__(self, chart: QChart, anchor: QScatterSeries) -> None:
        super().__init__(chart, anchor)
        self.points: list[RoundPoint] = []

    def draw(self, painter: QPainter, area: QRectF) -> None:
        painter.setClipRect(area)
        metrics = painter.fontMetrics()
        cap = max(area.width() / max(len(self.points), 1) * 0.06, 4.0)
        for i, point in enumerate(self.points):
            f = point.figures
            if f is None or f.alpha is None:
                where = self.point(i, 0.0)
                painter.setPen(self.text)
                text = "no values" if f is None else "undefined"
                painter.drawText(
                    QRectF(where.x() - 60, area.bottom() - metrics.height() * 2, 120, metrics.height()),
                    int(Qt.AlignmentFlag.AlignCenter),
                    text,
                )
                continue
            if f.ci95 is not None:
                low, high = self.point(i, f.ci95[0]), self.point(i, f.ci95[1])
                painter.setPen(self.pen)
                painter.drawLine(low, high)
                for end in (low, high):
                    painter.drawLine(QPointF(end.x() - cap, end.y()), QPointF(end.x() + cap, end.y()))
            dot = self.point(i, f.alpha)
            painter.setPen(self.text)
            painter.drawText(
                QRectF(dot.x() + cap + 6, dot.y() - metrics.height() / 2, 80, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                fmt_alpha(f.alpha),
            )


def legend_html(rule: QualificationRule) -> str:
    """The chart's key: each verdict's shape in its colour, and the rule's two dashed lines."""

    def mark(status: str, symbol: str) -> str:
        return f'<span style="color:{status_colour(status).name()}">{symbol}</span>'

    return (
        f"{mark('reliable', '●')} qualified &nbsp; {mark('tentative', '◆')} needs CI &nbsp; "
        f"{mark('unreliable', '▲')} not qualified &nbsp;·&nbsp; dashed: the rule, "
        f"{mark('reliable', '– –')} alpha ≥ {threshold(rule.min_alpha)}, "
        f"{mark('tentative', '– –')} the 95% interval's lower bound ≥ {threshold(rule.min_lower)}"
    )


class RoundsChart(QChartView):
    """``set_line`` draws one line's rounds; an empty chart says what to select."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Alpha by round chart")
        self.setAccessibleDescription(
            "The selected variable's alpha in each round, left to right: a dot (circle qualified, "
            "diamond needs an interval, triangle not qualified) with its 95% interval; dashed lines at "
            "the rule's thresholds. The table holds the same figures."
        )
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(200, 240)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()  # the page's caption says it, wrapped to any width (``legend_html``)
        chart.setMargins(QMargins(6, 6, 12, 6))
        self.setChart(chart)
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.x_axis.setTruncateLabels(False)
        self.x_axis.setGridLineVisible(False)
        self.y_axis = QCategoryAxis()
        self.y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.y_axis.setTruncateLabels(False)
        self.y_axis.setTitleText("alpha")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.path = QLineSeries()
        self._attach(self.path)
        self.points: dict[str, QScatterSeries] = {}
        for status, shape, name in _LOOKS:
            series = QScatterSeries()
            series.setName(name)
            series.setMarkerShape(shape)
            series.setMarkerSize(13)
            colour = status_colour(status)
            series.setColor(colour)
            series.setBorderColor(colour.darker(140))
            self._attach(series)
            self.points[status] = series
        self.thresholds = (QLineSeries(), QLineSeries())
        for line, status in zip(self.thresholds, ("reliable", "tentative"), strict=True):
            line.setPen(QPen(status_colour(status).darker(115), 1.5, Qt.PenStyle.DashLine))
            self._attach(line)
        self.layer = _Whiskers(chart, self.points["reliable"])
        chart.plotAreaChanged.connect(lambda _area: self.layer.refresh())
        self.rounds: list[RoundPoint] = []
        self.name = ""
        self.apply_palette()
        self.set_line("", [], QualificationRule())

    def _attach(self, series: QScatterSeries | QLineSeries) -> None:
        self.chart().addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_palette()

    def apply_palette(self) -> None:
        palette = apply_chart_palette(self, (self.x_axis, self.y_axis), self.layer)
        grid = palette.color(QPalette.ColorRole.Mid)
        self.path.setPen(QPen(grid.darker(120), 1.2))
        self.layer.update()

    def set_line(self, name: str, rounds: Sequence[RoundPoint], rule: QualificationRule) -> None:
        self.name = name
        self.rounds = list(rounds)
        n = len(self.rounds)
        defined = [
            (i, p.figures.alpha, p.figures)
            for i, p in enumerate(self.rounds)
            if p.figures is not None and p.figures.alpha is not None
        ]
        for status, series in self.points.items():
            series.replace([QPointF(i, alpha) for i, alpha, f in defined if verdict_status(f) == status])
        self.path.replace([QPointF(i, alpha) for i, alpha, _f in defined])
        for label in list(self.x_axis.categoriesLabels()):
            self.x_axis.remove(label)
        self.x_axis.setStartValue(-0.5)
        for i, point in enumerate(self.rounds):
            self.x_axis.append("\u200e" + point.round, i)  # left to right, whatever its script
        self.x_axis.setRange(-0.5, max(n, 1) - 0.5)
        values = [0.0, rule.min_lower]
        for _i, alpha, f in defined:
            values.append(alpha)
            if f.ci95 is not None:
                values.append(f.ci95[0])
        low = max(math.floor(min(values) * 10 - 1e-9) / 10, -1.0)
        step = 0.1 if low >= -0.4 else 0.2
        for label in list(self.y_axis.categoriesLabels()):
            self.y_axis.remove(label)
        self.y_axis.setStartValue(low - PAD)
        for k in range(round((1.0 - low) / step) + 1):
            tick = round(low + k * step, 1)
            self.y_axis.append(f"{tick:.1f}".replace("-0.0", "0.0"), tick)
        self.y_axis.setRange(low - PAD, 1.0 + PAD)
        for line, value in zip(self.thresholds, (rule.min_alpha, rule.min_lower), strict=True):
            line.replace([QPointF(-0.5, value), QPointF(max(n, 1) - 0.5, value)])
        self.layer.points = self.rounds
        self.chart().setTitle("" if name else "Select a variable to see its alpha by round")
        self.layer.refresh()
