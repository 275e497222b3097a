"""Main window: the documents of the open file and the selected transcript.

This is the foundation window; the coder workspace (codebook form, evidence, undo) grows
from it. It opens files through ``Project.open`` only — the same checks as the CLI.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QWidget,
)

from ictool import APP_NAME
from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.gui.models.document_list import DocumentListModel

FILE_FILTER = "ictool files (*.ictool *.ictcoder *.sqlite *.db);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, actor: str = "unknown", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.project: Project | None = None
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 780)

        self.doc_model = DocumentListModel(self)
        self.doc_view = QTableView()
        self.doc_view.setModel(self.doc_model)
        self.doc_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.doc_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.doc_view.verticalHeader().setVisible(False)
        self.doc_view.horizontalHeader().setStretchLastSection(True)
        self.doc_view.selectionModel().currentRowChanged.connect(self._on_document_changed)

        self.transcript = QPlainTextEdit()
        self.transcript.setReadOnly(True)
        self.transcript.setPlaceholderText(
            "Open a project or coder package (File ▸ Open) to read its transcripts."
        )

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.doc_view)
        splitter.addWidget(self.transcript)
        splitter.setSizes([380, 820])
        self.setCentralWidget(splitter)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_file)
        file_menu.addAction(open_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project or coder package", "", FILE_FILTER)
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> bool:
        try:
            project = Project.open(path, actor=self.actor)
        except UserError as exc:
            QMessageBox.warning(self, "Cannot open file", "\n".join(exc.problems))
            return False
        if self.project is not None:
            self.project.close()
        self.project = project
        self.doc_model.set_documents(project.documents())
        self.doc_view.resizeColumnToContents(0)
        kind = "coder package" if project.is_package else "project"
        self.setWindowTitle(f"{project.title} — {APP_NAME}")
        self.status_label.setText(
            f"{kind} · {len(project.codebook)} variables · {self.doc_model.rowCount()} documents"
        )
        if self.doc_model.rowCount():
            self.doc_view.selectRow(0)
        return True

    def _on_document_changed(self, current: object, _previous: object) -> None:
        if self.project is None:
            return
        row = self.doc_view.currentIndex().row()
        if row < 0:
            return
        doc = self.doc_model.document(row)
        self.transcript.setPlainText(self.project.text(doc.uuid))

    def closeEvent(self, event: object) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)  # type: ignore[arg-type]
