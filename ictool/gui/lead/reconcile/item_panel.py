"""The item side of the page: the selected disagreement's values, the decision, and the transcript.

Why the transcript scrolls to the first quote by itself: the lead reads the quote in its context
before anything else; the other quotes are a click (or Enter on a link) away. The transcript is the
coder's reader (``widgets.transcript_view``): code-point offsets, right-to-left paragraphs laid out
right to left, highlights only near the screen.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ictool.core.reconcile import Disagreement, Quote
from ictool.gui.bidi import isolate, left_to_right, ltr_html
from ictool.gui.lead.reconcile.comparison import Comparison
from ictool.gui.lead.reconcile.decision import Decision
from ictool.gui.lead.reconcile.keys import KeepTyping
from ictool.gui.widgets.transcript_view import TranscriptView

NOTHING_SELECTED = "Select a disagreement in the queue (Alt+Q, then the arrow keys)."
NOTHING_MATCHES = "Nothing to show: the filters match no disagreement."


class ItemPanel(QStackedWidget):
    def __init__(self, text_of: Callable[[str], str], keep_typing: KeepTyping, parent: QWidget | None = None):
        """``text_of(document uuid)``: the transcript's stored text."""
        super().__init__(parent)
        self._text_of = text_of
        self._doc_shown: str | None = None
        self.item: Disagreement | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        left_to_right(self.heading)  # its pieces may be Arabic; the line is the app's (see ``bidi``)
        self.heading.setAccessibleName("Selected disagreement")
        self.comparison = Comparison()
        self.decision = Decision(keep_typing)
        keep_typing.watch(self.decision.note)
        # The decision keeps its natural height as editors change; the comparison scrolls.
        values = QWidget()
        head = QVBoxLayout(values)
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.heading)
        head.addWidget(self.comparison, 1)
        head.addWidget(self.decision)
        self.transcript = TranscriptView()
        self.transcript.setAccessibleName("Transcript")
        self.transcript.text_edit().setAccessibleName("Transcript")
        self.transcript_label = left_to_right(QLabel("&Transcript"))
        self.transcript_label.setBuddy(self.transcript.text_edit())
        reader = QWidget()
        reading = QVBoxLayout(reader)
        reading.setContentsMargins(0, 0, 0, 0)
        reading.addWidget(self.transcript_label)
        reading.addWidget(self.transcript, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(values)
        self.splitter.addWidget(reader)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.nothing = QLabel(NOTHING_SELECTED)
        self.nothing.setWordWrap(True)
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setAccessibleName("Nothing selected")
        self.addWidget(self.splitter)
        self.addWidget(self.nothing)

    def show_item(
        self,
        item: Disagreement | None,
        *,
        selectable: bool = True,
        filtered_out: bool = False,
        read_only: bool = False,
    ) -> None:
        """Show ``item`` (None: a hint, or nothing when there is nothing to select); ``filtered_out``:
        the queue has items but the filters show none (said here too, so the right half of the page
        is not a blank that looks like a fault); ``read_only``: the file takes no resolutions (values
        and quotes are shown, nothing can be chosen)."""
        self.item = item
        self.setCurrentWidget(self.splitter if item is not None else self.nothing)
        self.nothing.setText(NOTHING_SELECTED if selectable else NOTHING_MATCHES if filtered_out else "")
        self.comparison.show_item(item, read_only=read_only)
        self.decision.show_item(item, read_only=read_only)
        self.comparison.mark(self.decision.value())
        if item is None:
            self.heading.setText("")
            self.transcript.clear_document()
            self.transcript_label.setText("&Transcript")
            self._doc_shown = None
            return
        var = item.variable
        esc = html.escape
        label = f" — {esc(isolate(var.label))}" if var.label and var.label != var.name else ""
        group = f" · group {esc(isolate(var.group))}" if var.group else ""
        self.heading.setText(
            ltr_html(f"<b>{esc(isolate(item.document))}</b> · <b>{esc(isolate(var.name))}</b>{label}{group}")
        )
        self.heading.setToolTip(var.description)
        self._show_transcript(item)

    def _show_transcript(self, item: Disagreement) -> None:
        if self._doc_shown != item.document_uuid:
            self.transcript.set_document(item.document_uuid, self._text_of(item.document_uuid))
            self._doc_shown = item.document_uuid
        doc, name = isolate(item.document.replace("&", "&&")), isolate(item.variable.name)
        self.transcript_label.setText(
            f"&Transcript {doc} — quotes for {name} highlighted"
            if item.evidence
            else f"&Transcript {doc} — no quote for {name}"
        )
        self.transcript.set_evidence(
            [(str(i), q.start, q.end, f"{q.coder}: “{q.quote}”") for i, q in enumerate(item.evidence)]
        )
        self.transcript.set_emphasis(())
        if item.evidence:
            first = item.evidence[0]
            self.transcript.scroll_to_span(first.start, first.end)

    def show_quote(self, index: int) -> Quote | None:
        """Scroll the transcript to quote ``index`` of the item and underline it; the quote shown."""
        item = self.item
        if item is None or not 0 <= index < len(item.evidence):
            return None
        quote = item.evidence[index]
        self.transcript.set_emphasis({str(index)})
        self.transcript.scroll_to_span(quote.start, quote.end)
        return quote
