"""Putting documents in a round from the app: what ``ictool rounds add`` and ``rounds reference`` do.

Why a dialog with the documents listed: the command line names documents by their ids, which a lead
working in the app has no reason to know; here they tick them, found by id or title. The dialog
only collects and checks (the core's own rules: a name, at least one document); the Rounds page
writes through the session. A document already in the round is shown ticked and greyed: adding
never takes one out, as the core never does.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ictool.core.records import DocumentInfo
from ictool.core.rounds.membership import MAX_NAME
from ictool.gui.lead.status_line import StatusLine

NO_REFERENCE = "(none)"
_ID_ROLE = Qt.ItemDataRole.UserRole


class AddToRoundDialog(QDialog):
    """A round's name (new or existing), its documents, and optionally its reference coder.

    ``members`` maps each existing round's name to the ids of its documents, ``references`` to its
    reference coder (absent: none).
    """

    def __init__(
        self,
        documents: Sequence[DocumentInfo],
        members: dict[str, set[str]],
        references: dict[str, str],
        coders: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.members = members
        self.references = references
        self.setWindowTitle("Add documents to a round")
        intro = QLabel(
            "A round is a named set of documents coded at one stage of the study (a pilot, a training "
            "round, the main coding). Type a new name or choose a round to add to."
        )
        intro.setWordWrap(True)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(list(members))
        self.name.setCurrentText("" if not members else list(members)[-1])
        editor = self.name.lineEdit()
        assert editor is not None  # an editable combo box has one
        editor.setPlaceholderText("pilot, training-1, main…")
        editor.setMaxLength(MAX_NAME)
        self.name.setAccessibleName("Round name")
        self.reference = QComboBox()
        self.reference.addItems([NO_REFERENCE, *coders])
        self.reference.setAccessibleName("Reference coder")
        for box, items in ((self.name, "Rounds of the project"), (self.reference, "Coders of the project")):
            view = box.view()  # the drop-down list, made by the first setCurrentText
            if view is not None:
                view.setAccessibleName(items)
        self.reference.setToolTip(
            "An expert, or the agreed key: each other coder's alpha against this coder shows who is "
            "ready for the main coding"
        )
        form = QFormLayout()
        form.addRow("&Round:", self.name)
        form.addRow("Re&ference coder:", self.reference)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find documents by id or title")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find documents")
        self.list = QListWidget()
        self.list.setAccessibleName("Documents to put in the round")
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # a long title ends in …, its tooltip has it
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for doc in documents:
            # titles often begin with the id already ("Interview INT-001 — …"): say it once
            shown = (
                doc.title
                if doc.doc_id in doc.title[: len(doc.doc_id) + 12]
                else f"{doc.doc_id} — {doc.title}"
            )
            item = QListWidgetItem(shown)
            item.setData(_ID_ROLE, doc.doc_id)
            item.setToolTip(f"{doc.doc_id}: {doc.title} ({doc.length:,} characters)")
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.check_shown = QPushButton("&Tick the documents shown")
        self.clear = QPushButton("&Untick all")
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.check_shown)
        buttons_row.addWidget(self.clear)
        buttons_row.addStretch(1)
        documents_label = QLabel("&Documents:")
        documents_label.setBuddy(self.filter)

        self.status = StatusLine("Round check")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Add to round")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(documents_label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons_row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.name.currentTextChanged.connect(self._round_changed)
        self.filter.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _item: self._check())
        self.check_shown.clicked.connect(lambda: self._tick_shown(Qt.CheckState.Checked))
        self.clear.clicked.connect(lambda: self._tick_shown(Qt.CheckState.Unchecked, every=True))
        width = self.fontMetrics().averageCharWidth() * 96
        self.resize(width, self.fontMetrics().height() * 30)
        self._round_changed(self.name.currentText())

    # -- what was chosen ------------------------------------------------------------------

    def round_name(self) -> str:
        return self.name.currentText().strip()

    def chosen(self) -> list[str]:
        """Ids of the ticked documents not yet in the round (those are what adding changes)."""
        already = self._existing_members()
        return [
            item.data(_ID_ROLE)
            for item in self._items()
            if item.checkState() is Qt.CheckState.Checked and item.data(_ID_ROLE) not in already
        ]

    def reference_coder(self) -> str | None:
        text = self.reference.currentText()
        return None if text == NO_REFERENCE else text

    # -- keeping the dialog honest --------------------------------------------------------

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _existing(self) -> str | None:
        folded = self.round_name().casefold()
        return next((name for name in self.members if name.casefold() == folded), None)

    def _existing_members(self) -> set[str]:
        existing = self._existing()
        return self.members.get(existing, set()) if existing is not None else set()

    def _round_changed(self, _text: str) -> None:
        """Show the round's own documents ticked and fixed, and its reference coder."""
        already = self._existing_members()
        self.list.blockSignals(True)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for item in self._items():
            member = item.data(_ID_ROLE) in already
            was_member = not item.flags() & Qt.ItemFlag.ItemIsUserCheckable  # of the round shown before
            item.setFlags(flags if member else flags | Qt.ItemFlag.ItemIsUserCheckable)
            if member:
                item.setCheckState(Qt.CheckState.Checked)
            elif was_member:
                item.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        existing = self._existing()
        reference = self.references.get(existing) if existing is not None else None
        self.reference.setCurrentText(reference or NO_REFERENCE)
        self._check()

    def _filter(self, text: str) -> None:
        folded = text.strip().casefold()
        for item in self._items():
            item.setHidden(bool(folded) and folded not in item.text().casefold())

    def _tick_shown(self, state: Qt.CheckState, *, every: bool = False) -> None:
        already = self._existing_members()
        self.list.blockSignals(True)
        for item in self._items():
            if item.data(_ID_ROLE) in already or (item.isHidden() and not every):
                continue
            item.setCheckState(state)
        self.list.blockSignals(False)
        self._check()

    def problem(self) -> str | None:
        name = self.round_name()
        if not name:
            return "Name the round (a new name creates it)."
        existing = self._existing()
        reference_changes = existing is not None and self.reference_coder() != self.references.get(existing)
        if not self.chosen() and not reference_changes:
            if existing is not None:
                return f"Tick the documents to add to {existing} (its own are ticked already)."
            return "Tick at least one document."
        return None

    def _check(self) -> None:
        problem = self.problem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        if problem is not None:
            self.status.problem(problem)
            return
        added = len(self.chosen())
        existing = self._existing()
        what = f"{added} document{'' if added == 1 else 's'}"
        if existing is None:
            self.status.ok(f"A new round, {self.round_name()}, with {what}.")
        elif added:
            self.status.ok(f"{what} added to {existing}.")
        else:
            self.status.ok(f"{existing}: its reference coder changes.")
