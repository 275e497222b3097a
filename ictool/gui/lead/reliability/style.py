"""How a status looks: a word, a shape and a colour, the same in the table, the chart and the heat map.

Why three signals: a colour-blind reader, a screen reader and a grey-scale printout must all tell a
reliable variable from an unreliable one. The colours are Okabe & Ito's colour-blind-safe set; tints
are blended over the palette's base colour, so they read on light and dark palettes alike.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF

from ictool.core.reliability.project_report import RELIABLE, TENTATIVE

STATUSES = ("reliable", "tentative", "unreliable", "undefined")

#: What each status means, for tooltips, the legend and the filter.
MEANING = {
    "reliable": f"reliable: alpha ≥ {RELIABLE:.3f}",
    "tentative": f"tentative: {TENTATIVE:.3f} ≤ alpha < {RELIABLE:.3f}",
    "unreliable": f"unreliable: alpha < {TENTATIVE:.3f}",
    "undefined": "undefined: alpha cannot be computed (the reason is given)",
}

_COLOURS = {
    "reliable": QColor(0, 158, 115),  # bluish green
    "tentative": QColor(230, 159, 0),  # orange
    "unreliable": QColor(213, 94, 0),  # vermillion
    "undefined": QColor(153, 153, 153),  # grey
}

#: Severity order for sorting: the worst first when sorted ascending.
RANK = {"unreliable": 0, "tentative": 1, "undefined": 2, "reliable": 3}


def status_colour(status: str) -> QColor:
    return QColor(_COLOURS.get(status, _COLOURS["undefined"]))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def tint(status: str, palette: QPalette, strength: float = 0.35) -> QColor:
    """The status colour blended over the palette's base: a cell background that keeps text readable."""
    base = palette.color(QPalette.ColorRole.Base)
    colour = status_colour(status)
    t = strength * (1.25 if is_dark(palette) else 1.0)
    return QColor.fromRgbF(
        colour.redF() * t + base.redF() * (1 - t),
        colour.greenF() * t + base.greenF() * (1 - t),
        colour.blueF() * t + base.blueF() * (1 - t),
    )


def fmt_alpha(alpha: float | None) -> str:
    """Three decimals as the CLI prints them; an em dash for undefined."""
    return "—" if alpha is None else f"{alpha:.3f}"


def shape_path(status: str, rect: QRectF) -> QPainterPath:
    """The status's shape: circle (reliable), diamond (tentative), triangle (unreliable), ring (undefined)."""
    path = QPainterPath()
    c = rect.center()
    if status == "tentative":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), rect.top()),
                    QPointF(rect.right(), c.y()),
                    QPointF(c.x(), rect.bottom()),
                    QPointF(rect.left(), c.y()),
                    QPointF(c.x(), rect.top()),
                ]
            )
        )
    elif status == "unreliable":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), rect.top()),
                    QPointF(rect.right(), rect.bottom()),
                    QPointF(rect.left(), rect.bottom()),
                    QPointF(c.x(), rect.top()),
                ]
            )
        )
    else:
        path.addEllipse(rect)
    return path


def _pixmap(status: str, size: int, ratio: float) -> QPixmap:
    pm = QPixmap(int(size * ratio), int(size * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = shape_path(status, QRectF(2.5, 2.5, size - 5, size - 5))
    colour = status_colour(status)
    if status == "undefined":
        p.setPen(QPen(colour, 1.6))
        p.setBrush(Qt.BrushStyle.NoBrush)
    else:
        p.setPen(QPen(colour.darker(130), 1.0))
        p.setBrush(colour)
    p.drawPath(path)
    p.end()
    return pm


@cache
def status_icon(status: str) -> QIcon:
    icon = QIcon()
    for ratio in (1.0, 2.0):
        icon.addPixmap(_pixmap(status, 14, ratio))
    return icon
