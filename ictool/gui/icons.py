"""Small status icons drawn with QPainter in palette colours (so dark mode and high DPI just work)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

from ictool.core.records import Status

DONE_GREEN = QColor(46, 160, 67)
PROGRESS_AMBER = QColor(212, 146, 20)


def _pixmap(status: Status, size: int, ratio: float) -> QPixmap:
    pm = QPixmap(int(size * ratio), int(size * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(2, 2, size - 4, size - 4)
    muted = QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    if status is Status.NOT_STARTED:
        p.setPen(QPen(muted, 1.4))
        p.drawEllipse(rect)
    elif status is Status.IN_PROGRESS:
        p.setPen(QPen(PROGRESS_AMBER, 1.4))
        p.drawEllipse(rect)
        p.setBrush(PROGRESS_AMBER)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPie(rect, 90 * 16, 180 * 16)
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(DONE_GREEN)
        p.drawEllipse(rect)
        tick = QPainterPath(QPointF(size * 0.3, size * 0.52))
        tick.lineTo(QPointF(size * 0.45, size * 0.66))
        tick.lineTo(QPointF(size * 0.72, size * 0.36))
        p.setPen(QPen(QColor("white"), 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(tick)
    p.end()
    return pm


@cache
def status_icon(status: Status) -> QIcon:
    icon = QIcon()
    for ratio in (1.0, 2.0):
        icon.addPixmap(_pixmap(status, 16, ratio))
    return icon
