"""PyInstaller entry script of the windowed ``ictool-gui`` app (see build_app.spec)."""

import sys

from ictool.cli.main import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())
