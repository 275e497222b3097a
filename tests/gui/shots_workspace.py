"""Screenshots of the coder workspace for the README (a script, not a test).

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python tests/gui/shots_workspace.py [OUT_DIR]

Builds the demo project, issues Amira's package and photographs the main states in a real
window: empty, coding a long transcript, evidence attached, the Arabic transcript, and the same
coding view in a dark palette. Default output: resources/screenshots/.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from ictool.core.demo.build import build_demo
from ictool.core.project import Project
from ictool.core.team.hand_out import build_package
from ictool.gui.app import make_app
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow

SIZE = (1440, 900)


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor(50, 51, 54), QColor(32, 33, 35), QColor(228, 228, 228)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor(40, 41, 44))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, QColor(62, 63, 67))
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.Highlight, QColor(53, 122, 189))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150))
        p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor(52, 53, 57))
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.Mid, QColor(80, 80, 84))
        p.setColor(group, QPalette.ColorRole.Light, QColor(90, 90, 95))
        p.setColor(group, QPalette.ColorRole.Dark, QColor(20, 20, 22))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(120, 120, 120))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(120, 120, 120))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(120, 120, 120))
    return p


def settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let the app run for ``seconds``: workers deliver, layouts settle, animations end."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def shoot(widget: QWidget, app: QApplication, path: Path, seconds: float = 0.3) -> None:
    """``widget`` as it is drawn once the app has settled, saved to ``path`` (the scripts' one way)."""
    settle(app, seconds)
    widget.grab().save(str(path))
    print(f"wrote {path}")


def coder_of(window: MainWindow) -> CoderWorkspace:
    assert isinstance(window.workspace, CoderWorkspace)
    return window.workspace


def select(window: MainWindow, quote: str) -> None:
    ws = coder_of(window).view
    edit = ws.transcript.text_edit()
    text = edit.toPlainText()
    start = text.find(quote)
    utf16 = len(text[:start].encode("utf-16-le")) // 2
    cursor = QTextCursor(edit.document())
    cursor.setPosition(utf16)
    cursor.setPosition(utf16 + len(quote.encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def main() -> int:
    out = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "resources" / "screenshots"
    )
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = build_demo(folder / "demo.ictool")
        with Project.open(demo, actor="lead") as project:
            build_package(project, "Amira", folder / "amira.ictcoder")
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("files/recent", [str(folder / "amira.ictcoder")])
        window = MainWindow(actor="Amira", settings=settings)
        window.resize(*SIZE)
        window.show()
        shoot(window, app, out / "empty.png")

        window.open_file(folder / "amira.ictcoder")
        settle(app)  # shown and laid out, so that focusing a variable scrolls to where it really is
        coder = coder_of(window)
        ws = coder.view
        docs = {d.doc_id: d.uuid for d in ws.session.documents()}
        ws.show_document(docs["INT-006"])
        role = ws.session.codebook.get("role")
        assert role is not None
        ws.form.focus_variable(role.uuid)
        shoot(window, app, out / "coding.png")

        ws.show_document(docs["INT-001"])
        ws.transcript.scroll_to_span(0, 0)
        text = ws.session.text(docs["INT-001"])
        quote = "most of the time I stood at a checkpoint. Checking cars, checking papers"
        if quote not in text:
            quote = text[text.find("R:", 2000) + 3 :][:80]
        select(window, quote)
        disillusion = ws.session.codebook.get("role")
        assert disillusion is not None
        ws.form.focus_variable(disillusion.uuid)
        coder.actions.evidence.trigger()
        ev = [e for e in ws.session.evidence(docs["INT-001"]) if e.quote == quote]
        if ev:
            ws.transcript.scroll_to_span(ev[0].start, ev[0].end)
        ws.transcript.find_bar().open_bar("checkpoint", focus=False)
        app.processEvents()
        import time

        deadline = time.monotonic() + 1.0  # the search is debounced
        while time.monotonic() < deadline:
            app.processEvents()
        if ev:
            ws.transcript.scroll_to_span(ev[0].start, ev[0].end)
        shoot(window, app, out / "evidence.png")

        ws.transcript.find_bar().close_bar()
        ws.show_document(docs["INT-012"])
        shoot(window, app, out / "arabic.png")

        app.setPalette(dark_palette())
        ws.show_document(docs["INT-006"])
        ws.form.focus_variable(role.uuid)
        settle(app, 0.5)
        shoot(window, app, out / "coding-dark.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
