"""Left pane: the coder's documents with status icons, a status filter and progress x/N."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ictool.core.records import DocumentInfo, Status
from ictool.gui.models.document_list import DocumentListModel, DocumentUuidRole, StatusFilterProxy

_FILTERS: list[tuple[str, Status | None]] = [
    ("All documents", None),
    ("Not started", Status.NOT_STARTED),
    ("In progress", Status.IN_PROGRESS),
    ("Done", Status.DONE),
]


class DocumentPanel(QWidget):
    documentActivated = Signal(str)  # document uuid chosen by the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(self)
        self.proxy = StatusFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QComboBox()
        for text, _ in _FILTERS:
            self.filter.addItem(text)
        self.filter.setToolTip("Show documents with this status")
        self.filter.currentIndexChanged.connect(self._filter_changed)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        # Tab leaves the list (it would move cell to cell, and change document every other press).
        self.view.setTabKeyNavigation(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, self.fontMetrics().height() + 12)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        # Enter, a double click or a click on the highlighted row open it too (it may not be shown).
        self.view.activated.connect(self._chosen)
        self.view.clicked.connect(self._chosen)
        self.view.setAccessibleName("Documents")

        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(max(6, self.fontMetrics().height() // 3))

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        self._emit = True

    def set_documents(self, docs: list[DocumentInfo], statuses: dict[str, Status]) -> None:
        self.model.set_documents(docs, statuses)
        self._update_progress()

    def set_status(self, document_uuid: str, status: Status) -> None:
        self.model.set_status(document_uuid, status)
        self._update_progress()

    def _update_progress(self) -> None:
        done, total = self.model.counts()
        self.progress_label.setText(f"{done} of {total} documents done")
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _filter_changed(self, index: int) -> None:
        current = self.current_document()
        self.proxy.set_wanted(_FILTERS[index][1])
        if current:
            self.select(current, emit=False)

    def select(self, document_uuid: str, *, emit: bool = True) -> None:
        """Highlight the document (the one shown: it stays in a filtered list until another is shown)."""
        row = self.model.row_of(document_uuid)
        if row < 0:
            return
        self.proxy.set_pinned(document_uuid)
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 1))
        if not proxy_index.isValid():
            return
        self._emit = emit
        try:
            self.view.selectionModel().setCurrentIndex(
                proxy_index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(proxy_index)
        finally:
            self._emit = True

    def current_document(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        value = self.proxy.data(index, DocumentUuidRole)
        return str(value) if value else None

    def neighbour(self, document_uuid: str | None, step: int) -> str | None:
        """The next/previous document in the visible (filtered) order."""
        rows = self.proxy.rowCount()
        if rows == 0:
            return None
        uuids = [str(self.proxy.data(self.proxy.index(r, 0), DocumentUuidRole)) for r in range(rows)]
        if document_uuid not in uuids:
            return uuids[0]
        i = uuids.index(document_uuid) + step
        return uuids[i] if 0 <= i < rows else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._emit and current.isValid():
            self.documentActivated.emit(str(self.proxy.data(current, DocumentUuidRole)))

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.documentActivated.emit(str(self.proxy.data(index, DocumentUuidRole)))

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
