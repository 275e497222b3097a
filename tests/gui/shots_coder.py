"""Screenshots for issue 17 (a script, not a test): a long codebook's form and a read-only window.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.gui.shots_coder [OUT_DIR]

``coder-long-labels.png``: 150 variables, one choice label of 270 characters, the form in a 463 px
pane: labels wrap, every row keeps its Clear button and badge, nothing runs off to the right.
``coder-read-only.png``: the same package opened in a second window: the banner says it is read-only
and why (who holds it, since when). Default output: resources/screenshots/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from ictool.gui.app import make_app
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
from tests.conftest import write_transcripts
from tests.gui.shots_workspace import settle
from tests.gui.test_coder_navigation import long_codebook

SIZE = (1440, 900)
FORM_PANE = 463


def coder_of(window: MainWindow) -> CoderWorkspace:
    assert isinstance(window.workspace, CoderWorkspace)
    return window.workspace


def shoot(window: MainWindow, app: QApplication, path: Path) -> None:
    settle(app, 10)
    window.grab().save(str(path))
    print(f"wrote {path}")


def main() -> int:
    default = Path(__file__).resolve().parents[2] / "resources" / "screenshots"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Project.create(folder / "long.ictool", long_codebook(), title="Exit study", actor="lead") as p:
            import_documents(p, write_transcripts(folder / "docs", 3))
            add_coders(p, ["Tess"])
            assign(p)
            build_package(p, "Tess", folder / "tess.ictcoder")
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)

        first = MainWindow(actor="Tess", settings=settings)
        first.resize(*SIZE)
        first.show()
        first.open_file(folder / "tess.ictcoder")
        settle(app, 10)  # shown, laid out, and the keyboard placed (the first variable to code)
        view = coder_of(first).view
        total = sum(view.splitter.sizes())
        view.splitter.setSizes([240, total - 240 - FORM_PANE, FORM_PANE])
        long_variable = view.session.codebook.get("v002")
        assert long_variable is not None
        view.form.focus_variable(long_variable.uuid)
        view.session.set_value(view.current, long_variable.uuid, 1)  # type: ignore[arg-type]
        shoot(first, app, out / "coder-long-labels.png")
        print("form pane", view.form.width(), "px; form minimum", view.form.minimumWidth(), "px")

        second = MainWindow(actor="Tess", settings=settings)
        second.resize(*SIZE)
        second.show()
        second.open_file(folder / "tess.ictcoder")
        assert coder_of(second).file.readonly
        shoot(second, app, out / "coder-read-only.png")
        second.close()
        first.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
