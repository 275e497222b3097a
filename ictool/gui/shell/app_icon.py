"""The application icon, drawn from the one SVG source inside the package.

The icon is rendered here with QSvgRenderer rather than handed to ``QIcon(path)``: that would need Qt's
SVG icon-engine plug-in at run time, which a trimmed bundle may lack, while QtSvg itself is always there.
``scripts/make_icons.py`` renders the platform files (PNG, ICO, ICNS in ``resources/icon/``) with the same
function, so the window, the bundle and the README show the same pixels.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

SVG_PATH = Path(__file__).resolve().parent / "icon" / "ictool.svg"

#: The sizes the window icon carries: what title bars, task bars, docks and About ask for.
WINDOW_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_icon(size: int, svg: Path = SVG_PATH) -> QImage:
    """The icon as a square ARGB image of ``size`` pixels (transparent outside the tile)."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def app_icon() -> QIcon:
    """The window icon, with a pixmap per size so small sizes are drawn, not shrunk from a big one."""
    icon = QIcon()
    for size in WINDOW_SIZES:
        icon.addPixmap(QPixmap.fromImage(render_icon(size)))
    return icon
