"""The coder's view: documents (left), transcript with evidence and memo (centre), form (right).

It only wires views to one ``CodingSession``: user actions go to the session (which saves
through the core), and the session's signals refresh the views. Switching documents reuses
every widget (the transcript is a QPlainTextEdit refilled in place, the form is built once per
codebook and only refilled), which is what keeps a switch well under 50 ms on long transcripts.
Menus, keys and layout persistence are the workspace's (``coder.workspace``), not the view's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ictool.core.codebook.values import format_value
from ictool.core.records import Evidence, Status
from ictool.core.text.wording import plural
from ictool.gui.coder.session import CodingSession
from ictool.gui.shell.prompter import Prompter
from ictool.gui.widgets.banner import Banner
from ictool.gui.widgets.codebook_form import CodebookForm
from ictool.gui.widgets.document_panel import DocumentPanel
from ictool.gui.widgets.evidence_panel import NotesTabs
from ictool.gui.widgets.transcript_view import TranscriptView
from ictool.gui.widgets.window_keys import WindowKeys

#: How often a read-only window looks whether the file changed (the window holding it saved).
FOLLOW_MS = 2000


class DocumentHeader(QWidget):
    """Above the form: which document this is, its status, and the Mark done button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.done_button = QPushButton("Mark done")
        self.done_button.setToolTip("Mark this document done (Ctrl+Enter)")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(row)

    def show_document(self, title: str, status: Status, uncoded: int, total: int) -> None:
        self.title.setText(title)
        coded = total - uncoded
        self.status.setText(f"{status.value.capitalize()} · {coded} of {total} variables coded")
        self.done_button.setText("Reopen" if status is Status.DONE else "Mark done")
        self.done_button.setToolTip(
            "Set this document back to in progress (Ctrl+Enter)"
            if status is Status.DONE
            else "Mark this document done (Ctrl+Enter)"
        )


class CodingView(QWidget):
    currentDocumentChanged = Signal(str)
    message = Signal(str)  # short status-bar messages

    def __init__(self, session: CodingSession, prompter: Prompter, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.prompter = prompter
        self.current: str | None = None
        self._last_variable: str | None = None
        self._titles: dict[str, str] = {}
        self._seen_version = session.file.data_version()
        #: A read-only window follows what the window that holds the file saves (instead of going stale).
        self._follow = QTimer(self)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self._follow_file)
        self._follow.start()

        self.banner = Banner()
        self.documents = DocumentPanel()
        self.transcript = TranscriptView()
        self.notes = NotesTabs()
        self.header = DocumentHeader()
        self.form = CodebookForm()
        form_scroll = self.form if isinstance(self.form, QScrollArea) else None
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(form_scroll or self.form, 1)

        self.centre = QSplitter(Qt.Orientation.Vertical)
        self.centre.addWidget(self.transcript)
        self.centre.addWidget(self.notes)
        self.centre.setStretchFactor(0, 4)
        self.centre.setStretchFactor(1, 1)
        self.centre.setSizes([560, 160])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.documents)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([260, 640, 440])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        self._connect()
        self._load()
        self._focused_once = False

    # -- set-up ------------------------------------------------------------------------

    def _connect(self) -> None:
        s = self.session
        s.valueChanged.connect(self._value_changed)
        s.statusChanged.connect(self._status_changed)
        s.evidenceChanged.connect(self._evidence_changed)
        s.memoChanged.connect(self._memo_changed)
        s.changed.connect(self._document_touched)
        s.unsavedChanged.connect(self._sync_unsaved)
        s.refused.connect(lambda _message: self.refresh_from_file())  # e.g. an undo refused: show the file
        self.documents.documentActivated.connect(self.show_document)
        self.form.valueEdited.connect(self._value_edited)
        self.form.message.connect(self.message)
        self.form.currentVariableChanged.connect(self._variable_focused)
        self.transcript.evidenceClicked.connect(self._evidence_clicked)
        self.notes.evidence.evidenceActivated.connect(self._evidence_activated)
        self.notes.evidence.removeRequested.connect(self.remove_evidence)
        self.notes.memo.memoEdited.connect(self._memo_edited)
        self.header.done_button.clicked.connect(self.toggle_done)

    def _load(self) -> None:
        codebook = self.session.codebook
        self.form.set_codebook(codebook)
        self.notes.evidence.model.set_codebook(codebook)
        if self.session.readonly:
            self.set_read_only(self.session.file.readonly_reason)
        docs = self.session.documents()
        self._titles = {d.uuid: d.title if d.doc_id in d.title else f"{d.doc_id} — {d.title}" for d in docs}
        self.documents.set_documents(docs, self.session.statuses())
        if docs:
            self.show_document(docs[0].uuid)
        else:
            # Nothing to code yet: say so, and keep the form from looking editable.
            self.form.set_read_only(True)
            self.header.title.setText("No documents to code yet")
            self.header.status.setText("Ask your lead researcher for a package with your documents.")
            self.header.done_button.setEnabled(False)
            self.transcript.text_edit().setPlaceholderText("No documents are assigned to this coder yet.")

    def tab_order(self) -> list[QWidget]:
        """Tab runs filter → documents → transcript (and find) → every variable → evidence → memo →
        Mark done, and round again.

        Kept here rather than in Qt's focus chain: that chain follows creation order, which put the
        notes and the header between the transcript and the form (four dead stops before the first
        variable), and it runs on into the rest of the window.
        """
        return [
            self.documents.filter,
            self.documents.view,
            self.transcript.text_edit(),
            self.transcript.find_bar().field,
            *self.form.focus_widgets(),
            self.notes.tabBar(),
            self.notes.evidence.view,
            self.notes.evidence.remove_button,
            self.notes.memo,
            self.header.done_button,
        ]

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab from anywhere in the view (Qt asks each parent up from the focus widget)."""
        order = self.tab_order()
        if self.form.search.hasFocus():  # reached by its key or a click, not by Tab: Tab leaves it forwards
            order.insert(order.index(self.transcript.find_bar().field) + 1, self.form.search)
        stops = [w for w in order if w.isVisible() and w.isEnabled()]
        if not stops:
            return super().focusNextPrevChild(next)
        widget = QApplication.focusWidget()
        while widget is not None and widget not in stops:
            widget = widget.parentWidget()
        index = stops.index(widget) if widget is not None else -1 if next else 0
        target = stops[(index + (1 if next else -1)) % len(stops)]
        variable = self.form.variable_of(target)
        if variable is not None:
            self.form.focus_variable(variable)  # expands its group and scrolls it into view
        else:
            reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
            target.setFocus(reason)
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            QTimer.singleShot(0, self.focus_start)

    def focus_start(self) -> None:
        """Where the keyboard starts after opening: the first variable still to code (digits code at
        once, and it is where Ctrl+E attaches), else the document list."""
        focus = QApplication.focusWidget()
        placed = (focus is not None and self.isAncestorOf(focus)) or self.form.current_variable() is not None
        if self.session.file.closed or placed:
            return  # closed meanwhile, or the keyboard was already put somewhere in the view
        uncoded = self.session.uncoded(self.current) if self.current is not None else []
        if uncoded and not self.session.readonly:
            self.form.focus_variable(uncoded[0].uuid)
        else:
            self.documents.focus_list()

    def set_read_only(self, reason: str | None) -> None:
        """Nothing can be changed: say why in the banner, and let no control pretend otherwise."""
        self.form.set_read_only(True)
        self.notes.memo.setReadOnly(True)
        self.notes.evidence.set_read_only(True)
        self.header.done_button.setEnabled(False)
        self.notes.evidence.hint.hide()  # "Select words…, then Attach evidence": not here
        why = reason or ""
        self.banner.show_message(
            "Opened read-only: nothing you do here is saved.",
            (why[0].upper() + why[1:] + ".") if why else "The file was opened read-only.",
        )

    def watch_keys(self, keys: WindowKeys) -> None:
        """Let the window's keys through every field of the view (see ``widgets.window_keys``)."""
        keys.watch(
            *self.form.focus_widgets(),
            self.notes.memo,
            self.notes.evidence.view,
            self.transcript.text_edit(),
            self.transcript.find_bar().field,
            self.documents.view,
            self.documents.filter,
            self.form.search,
        )

    def release(self) -> None:
        """Stop looking at the file: it is about to be closed."""
        self._follow.stop()

    def _follow_file(self) -> None:
        """Show what another window or program saved in the file since we last looked.

        A read-only window follows the window that holds the file; a writable one follows a program
        (``ictool import-codes``) writing meanwhile. What the coder is typing is left alone.
        """
        version = self.session.file.data_version()
        if version == self._seen_version or version < 0:
            return
        self._seen_version = version
        self.refresh_from_file()

    def refresh_from_file(self) -> None:
        """Show what the file holds now (statuses, and the shown document's values, evidence, memo)."""
        for document, status in self.session.statuses().items():
            self.documents.set_status(document, status)
        if self.current is None:
            return
        document = self.current
        self.form.follow_values(self.session.values(document))
        self._refresh_evidence()
        memo = self.session.memo(document)
        typing = self.notes.memo.has_uncommitted() or self.session.unsaved_memo(document) is not None
        if not typing and self.notes.memo.toPlainText() != memo:
            self.notes.memo.show_memo(memo)
        self.notes.set_has_memo(bool(self.notes.memo.toPlainText()))
        self._refresh_header()

    # -- documents ---------------------------------------------------------------------

    def show_document(self, document: str) -> bool:
        """Show ``document``; False when an entry of the shown one cannot be saved (the coder stays)."""
        if document == self.current:
            return True
        if self.current is not None and not self.leave_allowed("Moving to another document"):
            self.documents.select(self.current, emit=False)
            return False
        self.current = document
        self.transcript.set_document(document, self.session.text(document))
        self.form.set_values(self.session.values(document))
        for variable, change in self.session.unsaved_values(document).items():  # typed, not saved: marked
            self.form.show_unsaved(variable, change.payload, change.problem)  # type: ignore[arg-type]
        self._refresh_evidence()
        memo = self.session.unsaved_memo(document)
        self.notes.memo.show_memo(self.session.memo(document) if memo is None else memo)
        self.notes.set_has_memo(bool(self.notes.memo.toPlainText()), unsaved=memo is not None)
        self._refresh_header()
        self.documents.select(document, emit=False)
        self.currentDocumentChanged.emit(document)
        return True

    def commit_pending(self) -> None:
        """Save what is being typed (memo, a number or text field) before leaving the document."""
        self.notes.memo.commit()
        self.form.commit_pending()

    def invalid_entries(self) -> list[str]:
        """Entries shown that cannot be saved as typed, one line each ("INT-003 · Age: ‘2,5’ is not…")."""
        if self.current is None:
            return []
        lines = []
        for variable, problem in self.form.invalid_entries():
            var = self.session.codebook.by_uuid(variable)
            label = var.display_label if var else "value"
            lines.append(f"{self.session.doc_id(self.current)} · {label}: {problem} (not saved)")
        return lines

    def leave_allowed(self, doing: str) -> bool:
        """Save what is typed; if an entry cannot be saved, say so and keep the coder on it (False).

        Leaving would otherwise drop the entry silently: the form is refilled with what is stored.
        """
        self.commit_pending()
        invalid = self.form.invalid_entries()
        if not invalid or self.current is None:
            return True
        variable, problem = invalid[0]
        var = self.session.codebook.by_uuid(variable)
        label = var.display_label if var else "This value"
        saved = self.session.value(self.current, variable)
        saved_text = "not coded" if saved is None or var is None else format_value(var, saved, labels=True)
        self.form.focus_variable(variable)
        self.message.emit(f"{label}: {problem}")
        self.prompter.warn(
            "Correct the value first",
            f"{label}: {problem}.\n\nIt is not saved, and {doing.lower()} would lose it. Correct it, or "
            f"press Escape to go back to the saved value ({saved_text}).",
        )
        return False

    def revert_invalid(self) -> bool:
        """Put the saved value back in place of an entry that cannot be saved (the focused one first)."""
        invalid = [variable for variable, _ in self.form.invalid_entries()]
        if not invalid:
            return False
        current = self.form.current_variable()
        variable = current if current in invalid else invalid[0]
        self.form.revert(variable)
        self.form.focus_variable(variable)
        var = self.session.codebook.by_uuid(variable)
        self.message.emit(f"{var.display_label if var else 'Value'}: back to the saved value")
        return True

    def step_document(self, step: int) -> None:
        if self.current is None:
            self.message.emit("There are no documents to code yet.")
            return
        target = self.documents.neighbour(self.current, step)
        if target is None:
            self.message.emit("This is the last document." if step > 0 else "This is the first document.")
            return
        variable = self.form.current_variable()
        if self.show_document(target) and variable:
            self.form.focus_variable(variable)

    def _refresh_header(self) -> None:
        if self.current is None:
            return
        uncoded = len(self.session.uncoded(self.current))
        scored = sum(1 for v in self.session.codebook if v.scored)
        self.header.show_document(
            self._titles.get(self.current, ""), self.session.status(self.current), uncoded, scored
        )

    # -- values ------------------------------------------------------------------------

    def _value_edited(self, variable: str, value: object) -> None:
        if self.current is None:
            return
        if self.session.set_value(self.current, variable, value):  # type: ignore[arg-type]
            return
        waiting, _ = self.session.unsaved_value(self.current, variable)
        if not waiting:  # refused: the form shows what is stored
            self.form.set_value(variable, self.session.value(self.current, variable))

    def _sync_unsaved(self) -> None:
        """Mark what waits to be saved in the shown document, unmark what was saved meanwhile."""
        if self.current is None:
            return
        waiting = {v: change.problem for v, change in self.session.unsaved_values(self.current).items()}
        for variable in {*waiting, *self.form.unsaved_rows()}:
            self.form.mark_unsaved(variable, waiting.get(variable))
        memo = self.session.unsaved_memo(self.current)
        self.notes.set_has_memo(bool(self.notes.memo.toPlainText()), unsaved=memo is not None)

    def _value_changed(self, document: str, variable: str) -> None:
        if document == self.current:
            self.form.set_value(variable, self.session.value(document, variable))
            self._refresh_header()

    def _status_changed(self, document: str) -> None:
        self.documents.set_status(document, self.session.status(document))
        if document == self.current:
            self._refresh_header()

    def _document_touched(self, document: str) -> None:
        if document != self.current:
            self.show_document(document)

    def toggle_done(self) -> None:
        if self.current is None or self.session.readonly:
            return
        if not self.leave_allowed("Marking the document done"):
            return
        if self.session.status(self.current) is Status.DONE:
            self.session.set_status(self.current, Status.IN_PROGRESS)
            return
        uncoded = self.session.uncoded(self.current)
        if uncoded:
            # "… and 3 more", not a bare "…": a label ending the list then met the sentence's full stop.
            names = ", ".join(v.display_label for v in uncoded[:8])
            if len(uncoded) > 8:
                names += f" and {len(uncoded) - 8} more"
            if not self.prompter.confirm(
                "Mark done with uncoded variables?",
                f"{plural(len(uncoded), 'variable')} {'is' if len(uncoded) == 1 else 'are'} not coded yet: "
                f"{names}.\n\nMark this document done anyway?",
            ):
                return
        if self.session.set_status(self.current, Status.DONE):
            self.message.emit(f"{self._titles.get(self.current, '')}: done")

    # -- evidence ----------------------------------------------------------------------

    def _variable_focused(self, variable: str) -> None:
        if variable:
            self._last_variable = variable
        ids = [e.uuid for e in self.notes.evidence.model.items() if e.variable_uuid == variable]
        self.transcript.set_emphasis(ids)

    def goto_uncoded(self, step: int) -> None:
        """Focus the next (1) or previous (-1) variable of the shown document that is not coded yet."""
        target = self.form.next_uncoded(step)
        if target is None:
            self.message.emit("Every variable of this document is coded.")
            return
        self.form.focus_variable(target)

    def target_variable(self) -> str | None:
        return self.form.current_variable() or self._last_variable

    def attach_evidence(self) -> None:
        if self.current is None or self.session.readonly:
            return
        span = self.transcript.selection_span()
        if span is None:
            self.prompter.inform(
                "Attach evidence", "Select the words in the transcript that support the value first."
            )
            return
        variable = self.target_variable()
        if variable is None:
            self.prompter.inform(
                "Attach evidence", "Click the variable in the form that this quote supports, then try again."
            )
            return
        # What the core would refuse is explained here, as what it is: nothing failed to save.
        start, end = span
        if not self.session.text(self.current)[start:end].strip():
            self.prompter.inform(
                "Attach evidence",
                "The selection is blank (only spaces or empty lines): select the words that support it.",
            )
            return
        var = self.session.codebook.by_uuid(variable)
        label = var.display_label if var else "the variable"
        for existing in self.notes.evidence.model.items():
            if (existing.variable_uuid, existing.start, existing.end) == (variable, start, end):
                self.notes.setCurrentIndex(0)
                self.notes.evidence.select_evidence(existing.uuid)
                self.prompter.inform("Attach evidence", f"This quote is already evidence for {label}.")
                return
        ev = self.session.add_evidence(self.current, variable, *span)
        if ev is not None:
            self.message.emit(f"Evidence attached to {label}")
            self.notes.setCurrentIndex(0)
            self.notes.evidence.select_evidence(ev.uuid)

    def remove_evidence(self, evidence: Evidence) -> None:
        if not self.session.readonly:
            self.session.remove_evidence(evidence)

    def _refresh_evidence(self) -> None:
        if self.current is None:
            return
        items = self.session.evidence(self.current)
        self.notes.evidence.set_evidence(items)
        self.notes.set_evidence_count(len(items))
        labels = {v.uuid: v.display_label for v in self.session.codebook}
        self.transcript.set_evidence(
            [(e.uuid, e.start, e.end, labels.get(e.variable_uuid, "")) for e in items]
        )
        counts: dict[str, int] = {}
        for e in items:
            counts[e.variable_uuid] = counts.get(e.variable_uuid, 0) + 1
        self.form.set_evidence_counts(counts)
        variable = self.form.current_variable()
        if variable:
            self.transcript.set_emphasis([e.uuid for e in items if e.variable_uuid == variable])

    def _evidence_changed(self, document: str) -> None:
        if document == self.current:
            self._refresh_evidence()

    def _evidence_clicked(self, evidence_uuid: str) -> None:
        """A click on a highlight shows its quote in the list; the current variable stays what it was
        (the next Ctrl+E must attach to the variable the coder chose, not to the one under the click)."""
        self.notes.setCurrentIndex(0)
        self.notes.evidence.select_evidence(evidence_uuid)
        for ev in self.notes.evidence.model.items():
            if ev.uuid == evidence_uuid:
                var = self.session.codebook.by_uuid(ev.variable_uuid)
                self.message.emit(f"Quote for {var.display_label if var else 'a removed variable'}")

    def _evidence_activated(self, evidence: Evidence) -> None:
        self.transcript.scroll_to_span(evidence.start, evidence.end)

    # -- memo --------------------------------------------------------------------------

    def _memo_edited(self, text: str) -> None:
        if self.current is not None and not self.session.readonly:
            self.session.set_memo(self.current, text)

    def _memo_changed(self, document: str) -> None:
        if document == self.current:
            memo = self.session.memo(document)
            # Typing since the change (a retried save landing late) is kept: it is saved after the pause.
            if self.notes.memo.toPlainText() != memo and not self.notes.memo.has_uncommitted():
                self.notes.memo.show_memo(memo)
            waiting = self.session.unsaved_memo(document) is not None
            self.notes.set_has_memo(bool(self.notes.memo.toPlainText()), unsaved=waiting)
