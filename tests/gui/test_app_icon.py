"""The application icon: the window carries it, and the platform files match their SVG source."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QApplication

from ictool.gui.app import make_app
from ictool.gui.shell.app_icon import SVG_PATH, WINDOW_SIZES, app_icon, render_icon

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icon"


def make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_icons"] = module
    spec.loader.exec_module(module)
    return module


def images(path: Path) -> list[QImage]:
    """Every image in a file (the sizes of an ICO or ICNS, the one image of a PNG), in file order."""
    reader = QImageReader(str(path))
    found = []
    for index in range(max(reader.imageCount(), 1)):
        reader.jumpToImage(index)
        found.append(reader.read())
    return found


def mean_difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference per channel (0-255): near 0 for the same drawing rendered twice."""
    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    if (a.width(), a.height()) != (b.width(), b.height()):
        return 255.0
    pa, pb = bytes(a.constBits()), bytes(b.constBits())
    return sum(abs(x - y) for x, y in zip(pa, pb, strict=True)) / len(pa)


def test_the_svg_renders_an_opaque_tile_with_a_white_mark(qapp: QApplication) -> None:
    image = render_icon(64)
    assert image.width() == image.height() == 64
    assert image.pixelColor(0, 0).alpha() == 0  # transparent corners: a rounded tile, not a square
    centre_row = [image.pixelColor(x, 32) for x in range(64)]
    assert any(c.alpha() == 255 and c.blue() > 2 * c.red() for c in centre_row)  # the indigo tile
    assert any(min(c.red(), c.green(), c.blue()) > 240 for c in centre_row)  # the white alpha


def test_the_app_and_its_windows_carry_the_icon(qapp: QApplication) -> None:
    app = make_app()
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert {(s, s) for s in WINDOW_SIZES} <= sizes
    assert not app_icon().isNull()


def test_the_svg_ships_in_the_package() -> None:
    """An installed wheel draws the icon from package data: pyproject must list the SVG."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"ictool.gui.shell" = ["icon/*.svg"]' in pyproject
    assert SVG_PATH.is_relative_to(ROOT / "ictool")


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256, 512, 1024])
def test_each_png_decodes_at_its_size(size: int) -> None:
    image = QImage(str(ICONS / f"ictool-{size}.png"))
    assert (image.width(), image.height()) == (size, size)


def test_the_ico_holds_every_size_from_16_to_256() -> None:
    reader = QImageReader(str(ICONS / "ictool.ico"))
    assert reader.canRead()
    sizes = []
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.append(image.width())
    assert sorted(sizes) == [16, 24, 32, 48, 64, 128, 256]


def test_the_icns_holds_the_macos_sizes() -> None:
    data = (ICONS / "ictool.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, at = {}, 8
    while at < len(data):
        kind, length = data[at : at + 4], struct.unpack(">I", data[at + 4 : at + 8])[0]
        image = QImage.fromData(data[at + 8 : at + length], "PNG")
        kinds[kind] = image.width()
        at += length
    assert at == len(data)
    assert kinds[b"icp4"] == 16 and kinds[b"ic07"] == 128 and kinds[b"ic10"] == 1024
    reader = QImageReader(str(ICONS / "ictool.icns"))  # and Qt's own reader agrees it is an icon file
    assert reader.canRead() and reader.imageCount() == len(kinds)


def test_the_files_are_up_to_date_with_the_svg(tmp_path: Path, qapp: QApplication) -> None:
    """Regenerated from the SVG now, every file must draw the same: run scripts/make_icons.py if not.

    Pixels are compared with a small tolerance, not bytes: another Qt release may antialias an edge
    a shade differently, while a changed drawing or colour moves the mean far more.
    """
    written = make_icons().build(tmp_path)
    assert {p.name for p in written} == {p.name for p in ICONS.iterdir()}
    stale = []
    for fresh in written:
        now, then = images(fresh), images(ICONS / fresh.name)
        if len(now) != len(then) or any(mean_difference(a, b) > 0.5 for a, b in zip(now, then, strict=True)):
            stale.append(fresh.name)
    assert not stale, f"{stale} lag behind {SVG_PATH.name}: run .venv/bin/python scripts/make_icons.py"
