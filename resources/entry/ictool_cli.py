"""PyInstaller entry script of the console ``ictool`` command (see build_app.spec)."""

import sys

from ictool.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
