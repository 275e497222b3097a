"""Render the application icon's platform files from its SVG source.

    .venv/bin/python scripts/make_icons.py            # rewrite resources/icon/

The source is ``ictool/gui/shell/icon/ictool.svg`` (inside the package, so the running app and an
installed wheel draw it); this writes what the bundle and the README need beside the repository's other
resources: ``ictool-<size>.png`` for every size in ``PNG_SIZES``, ``ictool.ico`` (Windows executables)
and ``ictool.icns`` (the macOS app). Run it after changing the SVG and commit the result;
``tests/gui/test_app_icon.py`` fails while the files lag behind the SVG.

ICO and ICNS are written here rather than through Qt's image writers: those write one image per file,
and both formats are meant to carry every size (small sizes are drawn, not shrunk by the system).
Both containers hold PNG payloads, which Windows (Vista on) and macOS (10.7 on) read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # rendering needs no display

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter  # noqa: E402

from ictool.gui.shell.app_icon import SVG_PATH, render_icon  # noqa: E402

OUT = ROOT / "resources" / "icon"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types with PNG payloads, and the pixel size each holds (the @2x types are Retina).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"Qt could not encode a PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: a directory of entries (width and height 0 mean 256), then the PNGs."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payloads = b"", b""
    for size in sizes:
        payload = pngs[size]
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(payload), offset)
        payloads += payload
        offset += len(payload)
    return header + entries + payloads


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns' and the total length, then (type, length including its 8 bytes, PNG)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build(out: Path = OUT, svg: Path = SVG_PATH) -> list[Path]:
    """Write every icon file into ``out``; return their paths."""
    app = QGuiApplication.instance() or QGuiApplication([])  # QPainter on a QImage needs one for fonts
    assert app is not None
    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: png_bytes(render_icon(size, svg)) for size in sizes}
    written = []
    for size in PNG_SIZES:
        path = out / f"ictool-{size}.png"
        path.write_bytes(pngs[size])
        written.append(path)
    for name, data in (
        ("ictool.ico", ico_bytes({s: pngs[s] for s in ICO_SIZES})),
        ("ictool.icns", icns_bytes(pngs)),
    ):
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(ROOT), f"{path.stat().st_size} bytes")
