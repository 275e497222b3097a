"""Help ▸ About: what ictool is, under which licence, and everything it runs on.

The versions are the same list as ``ictool --version --verbose`` (``ictool.about``), so a person filing a
bug from the app copies exactly what the command line would have printed. The third-party notices open
inside the app: in the bundle they are a file in ``_internal/`` nobody would find on their own.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ictool import APP_NAME, __version__, about
from ictool.gui.shell.app_icon import render_icon

ICON_SIZE = 96


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.report = about.version_report()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(render_icon(round(ICON_SIZE * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        icon = QLabel()
        icon.setPixmap(pixmap)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.heading = QLabel(
            f"<h2>{APP_NAME} {__version__}</h2>"
            "<p>Inter-rater reliability coding for qualitative research: codebooks, blind coder packages, "
            "Krippendorff's alpha, reconciliation and exports.</p>"
            f"<p>Released under the {about.LICENSE} licence. {escape(about.COPYRIGHT)}.<br>"
            "It runs on the libraries below, each under its own licence (see the third-party notices).</p>"
        )
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        rows = "".join(
            f"<tr><td style='padding-right:12px'><b>{escape(name)}</b></td><td>{escape(version)}</td></tr>"
            for name, version in about.versions()
        )
        self.versions = QLabel(f"<table>{rows}</table>")
        self.versions.setWordWrap(True)
        self.versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.versions)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(12)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton("&Copy versions")
        self.copy_button.setToolTip("Copy these versions for a bug report")
        self.copy_button.clicked.connect(self.copy_versions)
        self.notices_button = QPushButton("Third-party &notices…")
        self.notices_path = about.shipped_file(about.NOTICES_FILE)
        if self.notices_path is None:  # an installed wheel: pip installed each library with its licence
            self.notices_button.setEnabled(False)
            self.notices_button.setToolTip("Each library's licence is in its installed package's metadata")
        self.notices_button.clicked.connect(self.show_notices)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.notices_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.notices: NoticesDialog | None = None
        self.resize(640, self.sizeHint().height())

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(self.report)

    def show_notices(self) -> None:
        if self.notices_path is None:
            return
        if self.notices is None:
            self.notices = NoticesDialog(self.notices_path.read_text(encoding="utf-8"), self)
        self.notices.show()
        self.notices.raise_()


class NoticesDialog(QDialog):
    """The third-party notices, rendered from their Markdown (tables, headings, licence texts)."""

    def __init__(self, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Third-party notices")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(820, 680)
