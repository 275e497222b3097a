"""The item side of the page: the selected disagreement's values, the decision, and the transcript.

Why the transcript scrolls to the first quote by itself: the lead reads the quote in its context
before anything else; the other quotes are a click (or Enter on a link) away. The transcript is the
coder's reader (``widgets.transcript_view``): code-point offsets, right-to-left paragraphs laid out
right to left, highlights only near the screen.

Why the panel sets the split between the item and the transcript itself, item by item: the coders'
cards and the final value's options ask for the height they need (a hint), never a minimum that
follows the item; a minimum travels up to the window, and Qt grows the window to it (a multi-select
item once made it taller than the screen). So the panel gives the item what it asks for, up to what
leaves the transcript a readable share (``TRANSCRIPT_SHARE``; less when every coder's card
would not be whole otherwise), and the rest scrolls inside the cards
and the options. Once the lead drags the split, it is theirs and stays where they put it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ictool.core.reconcile import Disagreement, Quote
from ictool.gui.bidi import isolate, left_to_right, ltr_html
from ictool.gui.lead.reconcile.comparison import Comparison
from ictool.gui.lead.reconcile.decision import Decision
from ictool.gui.lead.reconcile.keys import KeepTyping
from ictool.gui.widgets.transcript_view import TranscriptView

NOTHING_SELECTED = "Select a disagreement in the queue (Alt+Q, then the arrow keys)."
NOTHING_MATCHES = "Nothing to show: the filters match no disagreement."
#: The share of the panel's height the transcript keeps when the item asks for more than the rest.
TRANSCRIPT_SHARE = 0.25
#: The share of the panel's height the coders' cards may take from the transcript's share to be whole.
CARDS_SHARE = 0.6


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
        # Cards and options ask for their height (``fit``); what does not fit scrolls in them.
        self.values = values = QWidget()
        self._values_layout = head = QVBoxLayout(values)
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.heading)
        # No stretch factor: Qt's box layout would count a stretched item's hint as its minimum and
        # hand the decision its whole height first. Both give way alike; extra room (a split moved
        # by hand) goes to the cards, whose area expands.
        head.addWidget(self.comparison)
        head.addWidget(self.decision)
        self.transcript = TranscriptView()
        self.transcript.setAccessibleName("Transcript")
        self.transcript.text_edit().setAccessibleName("Transcript")
        self.transcript_label = left_to_right(QLabel("&Transcript"))
        # One line, cut at the panel's edge (the heading has the names whole): as wide as the names,
        # the panel's minimum width, and so the window's, would follow the item; wrapped, it would
        # take a line of the transcript.
        self.transcript_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.transcript_label.setBuddy(self.transcript.text_edit())
        self.reader = reader = QWidget()
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
        #: The lead moved the split: it stays where they put it (see the module docstring).
        self.split_by_hand = False
        self.splitter.splitterMoved.connect(self._split_moved)
        # After the event loop: the cards and the options know their heights once laid out.
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(self.fit)
        self.comparison.arranged.connect(self._fit_later.start)
        self.nothing = QLabel(NOTHING_SELECTED)
        self.nothing.setWordWrap(True)
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setAccessibleName("Nothing selected")
        self.addWidget(self.splitter)
        self.addWidget(self.nothing)

    def _split_moved(self, _pos: int, _index: int) -> None:
        self.split_by_hand = True  # only a drag moves it: ``setSizes`` does not emit

    def fit(self) -> None:
        """Give the item (heading, cards, decision) the height it asks for, within what leaves the
        transcript its share; the cards and the options scroll in what they get."""
        if self.split_by_hand or self.currentWidget() is not self.splitter:
            return
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if len(sizes) != 2 or total <= 0:
            return
        self._values_layout.invalidate()  # the hints changed with the item, not the geometry
        want = self.values.sizeHint().height()
        least = self.values.minimumSizeHint().height()
        reading = self.reader.minimumSizeHint().height()
        # Every coder's card whole comes before the transcript's share (down to its least), up to
        # ``CARDS_SHARE`` of the panel; the options get what the share leaves, and scroll.
        cards = min(self.comparison.sizeHint().height(), int(total * CARDS_SHARE))
        with_cards = least - self.comparison.minimumSizeHint().height() + cards
        room = max(total - max(reading, int(total * TRANSCRIPT_SHARE)), min(with_cards, total - reading))
        top = max(least, min(want, room))
        if sizes[0] != top:
            self.splitter.setSizes([top, total - top])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_later.start()

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
        self._fit_later.start()

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
