"""Reconcile: where coders disagree, one (document, variable) at a time — read, decide, move on.

Left, the queue (the core's, ``core.reconcile.disagreements``) with its filters and how much is
resolved; right, the selected item: every coder's value side by side with quotes and memo
(``reconcile.comparison``), the lead's decision (``reconcile.decision``) and the transcript with
those quotes highlighted. Everything is reachable by keyboard: 1…9 takes a coder's value,
Ctrl+Enter saves and goes to the next, Alt+Down / Alt+Up move, Ctrl+Z undoes a resolution.

Why the page patches items instead of re-reading the queue after its own writes: re-reading a large
project takes seconds, and one resolution changes one item. The undo steps (``reconcile.writes``)
record which cell they touched; any other change (a merge, a codebook update) re-reads everything,
in a worker (``reconcile.reading``, through ``lead.page_read``): the queue shown stays readable, but
nothing is resolved until the new one is in, since a write would wait for the worker's read anyway.
The keys used here are enabled only while the page is shown: a digit typed on another page must
never resolve anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QHideEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter, QWidget

from ictool.core.reconcile import Disagreement, get_resolution
from ictool.gui.lead.export_flow import ExportFlow
from ictool.gui.lead.page_read import PageRead
from ictool.gui.lead.pages.page import LeadPage, PageContext
from ictool.gui.lead.reconcile.item_panel import ItemPanel
from ictool.gui.lead.reconcile.keys import KeepTyping
from ictool.gui.lead.reconcile.queue_filter import QueueFilter
from ictool.gui.lead.reconcile.queue_model import Key, QueueModel, item_key
from ictool.gui.lead.reconcile.queue_view import QueueView
from ictool.gui.lead.reconcile.reading import QueueRead, queue_job
from ictool.gui.lead.reconcile.writes import clear, resolve, unchanged
from ictool.gui.lead.session import RESOLUTION
from ictool.gui.shell.actions import make_action
from ictool.gui.workers import thaw

#: Keys 1…MAX_CODERS take the value of the coder in that column.
MAX_CODERS = 9


class ReconcilePage(LeadPage):
    title = "Reconcile"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._touched: set[Key] = set()
        self._last_touched: Key | None = None
        self._reload = True  # the next refresh re-reads the whole queue
        self._loaded = False  # a queue was read (until then the page says it is reading)
        self._repatch: set[Key] = set()  # written while the queue was read: patch the new queue too
        self.read: PageRead[QueueRead] = PageRead(self, self._queue_read, self._read_failed)
        self.track_read(self.read)
        self.read.readingChanged.connect(self._reading_changed)
        self._item: Disagreement | None = None
        self._keep_typing = KeepTyping(self)
        self.export = ExportFlow(context, self._unresolved, self)
        self._make_actions()
        self._make_widgets()
        self.session.dataChanged.connect(self._data_changed)
        self.destroyed.connect(lambda *_: thaw())  # the queue read froze its objects (``gc_paused``)
        self.session.undo_stack.indexChanged.connect(self._undo_moved)  # a method: gone with the page
        self._update_actions()

    # -- building ----------------------------------------------------------------------------

    def add_action(self, action: QAction, *, in_bar: bool = True) -> QAction:
        """As ``LeadPage.add_action``; ``in_bar=False`` keeps keys-only actions out of the header bar."""
        if in_bar:
            return super().add_action(action)
        self._actions.append(action)
        return action

    def _make_actions(self) -> None:
        a = make_action
        self.resolve_action = self.add_action(
            a(
                self,
                "&Resolve and next",
                self.resolve_and_next,
                ["Ctrl+Return", "Ctrl+Enter"],
                "Save the chosen final value and note, then go to the next disagreement",
            ),
            in_bar=False,  # its button sits under the decision
        )
        self.clear_action = self.add_action(
            a(self, "C&lear resolution", self.clear_resolution, ["Ctrl+Shift+Del"], "Remove the final value"),
            in_bar=False,
        )
        self.undo_action = self.add_action(
            a(self, "&Undo resolution", self.undo, ["Ctrl+Z"], "Undo the last resolution or its clearing")
        )
        self.redo_action = self.add_action(
            a(self, "Re&do resolution", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo what was undone")
        )
        self.export_action = self.add_action(
            a(
                self,
                "&Export…",
                self.export.start,
                ["Ctrl+Shift+E"],
                "Export the final dataset (xlsx, csv, SPSS) or the codebook",
            )
        )
        self.next_action = self.add_action(
            a(self, "&Next disagreement", lambda: self.step(1), ["Alt+Down"], "Go to the next item"),
            in_bar=False,
        )
        self.previous_action = self.add_action(
            a(self, "&Previous disagreement", lambda: self.step(-1), ["Alt+Up"], "Go to the previous item"),
            in_bar=False,
        )
        self.find_action = self.add_action(
            a(
                self,
                "&Find in transcript",
                lambda: self.transcript.show_find(),
                ["Ctrl+F"],
                "Find in the transcript",
            ),
            in_bar=False,
        )
        self.take_actions = [
            self.add_action(
                a(
                    self,
                    f"Take coder {n}'s value",
                    partial(self.take, n),
                    [str(n)],
                    f"Make the value in column {n} the final value (Ctrl+Enter saves it)",
                ),
                in_bar=False,
            )
            for n in range(1, self._coder_keys() + 1)
        ]

    def _coder_keys(self) -> int:
        """How many coder keys to offer: one per coder of the project (1 to 9)."""
        return min(MAX_CODERS, max(1, len(self.session.project.coders())))

    def _make_widgets(self) -> None:
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Disagreements resolved")
        self.progress.setTextVisible(True)
        self.shown = QLabel()
        self.shown.setAccessibleName("Disagreements shown")
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.shown)
        self.body.addLayout(top)

        self.model = QueueModel(self)
        self.proxy = QueueFilter(self.model, self)
        self.queue = QueueView(self.proxy, self._keep_typing)
        self.filter_bar, self.table = self.queue.filter_bar, self.queue.table
        self.empty, self.show_all = self.queue.empty, self.queue.show_all
        self.filter_bar.changed.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.panel = ItemPanel(self.session.project.text, self._keep_typing)
        self.comparison, self.decision = self.panel.comparison, self.panel.decision
        self.transcript, self.right, self.nothing = (
            self.panel.transcript,
            self.panel.splitter,
            self.panel.nothing,
        )
        self.comparison.useRequested.connect(self.take)
        self.comparison.quoteActivated.connect(self.show_quote)
        self.transcript.evidenceClicked.connect(lambda eid: self.show_quote(int(eid)))
        self.decision.draftChanged.connect(self._draft_changed)
        self.clear_button = QPushButton("C&lear resolution")
        self.clear_button.setToolTip("Remove the final value (Ctrl+Shift+Del)")
        self.clear_button.clicked.connect(self.clear_action.trigger)
        self.resolve_button = QPushButton("&Resolve and next")
        self.resolve_button.setToolTip("Save the final value and note, go to the next (Ctrl+Enter)")
        self.resolve_button.setAccessibleName("Resolve and go to the next disagreement (Ctrl+Enter)")
        self.resolve_button.clicked.connect(self.resolve_action.trigger)
        self.decision.buttons.addWidget(self.clear_button)
        self.decision.buttons.addWidget(self.resolve_button)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.queue)
        self.splitter.addWidget(self.panel)
        # Halves: the queue's variable names need the room on a small window, and the coders' cards
        # wrap (``comparison``) rather than need it.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 500])
        self.splitter.setChildrenCollapsible(False)
        self.body.addWidget(self.splitter, 1)
        self._show_item(None)

    # -- reading -------------------------------------------------------------------------------

    def _data_changed(self, scope: str) -> None:
        """Runs before the view asks for ``refresh``: decide whether patching the touched items is enough."""
        if scope != RESOLUTION or not self._touched:
            self._reload = True

    def refresh(self) -> None:
        if self._reload:
            self._reload = False
            self._touched.clear()
            self._read_queue()
        elif self._touched:
            touched, self._touched = self._touched, set()
            self._patch(touched)
            if self.read.is_reading():  # the queue on its way may predate the write
                self._repatch |= touched
        self._update_counts()
        self._update_actions()

    def _read_queue(self) -> None:
        """Read the queue in a worker; the one shown stays until ``_queue_read`` replaces it."""
        self._repatch.clear()
        project = self.session.project
        self.read.start(queue_job(project.path, project.actor or "lead"))

    def _read_failed(self, message: str) -> None:
        self._reload = True  # try again at the next refresh
        if self._loaded:
            self.context.message(f"Could not read the disagreements again: {message}")
        else:
            self.queue.empty.setText(f"Could not read the disagreements: {message}")

    def _reading_changed(self, _reading: bool) -> None:
        self._update_counts()
        self._update_actions()

    def _queue_read(self, read: QueueRead) -> None:
        """The queue the worker read: shown, with the lead's sort, filters and item kept."""
        first, self._loaded = not self._loaded, True
        keep = item_key(self._item) if self._item is not None else None
        self.model.set_items(read.items, read.index)
        order = self.queue.sort_order()
        if order is not None:
            self.model.sort(*order)
        self.filter_bar.set_options(read.options)
        self.queue.fit_texts(read.texts)
        self.proxy.set_filters(self.filter_bar.filters())
        if not self.select(keep):
            self.select_row(0)
        if self._repatch:
            repatch, self._repatch = self._repatch, set()
            self._patch(repatch)
        self._update_counts()
        self._update_actions()
        if first and self.isVisible():
            self._focus_queue()

    def _patch(self, keys: set[Key]) -> None:
        """Re-read the resolution of the items our own writes touched (see the module docstring)."""
        project = self.session.project
        for key in keys:
            row = self.model.row_of(key)
            if row is None:
                continue
            item = replace(self.model.item(row), resolution=get_resolution(project, *key))
            if self._item is not None and item_key(self._item) == key:
                self._show_item(item)  # before the row may leave the filtered list
            self.model.replace(item)

    def _unresolved(self) -> int | None:
        """Unresolved disagreements (by the one definition, the final dataset's unresolved cells);
        None while the queue shown is not the project's (never read, out of date or being read)."""
        if not self._loaded or self.stale or self._reload or self.read.is_reading():
            return None
        return self.model.rowCount() - self.model.resolved

    def _update_counts(self) -> None:
        if not self._loaded:
            self.progress.setRange(0, 0 if self.read.is_reading() else 1)  # busy, or not read
            self.progress.setFormat("reading the disagreements…")
            self.shown.setText("")
            if self.read.is_reading():
                self.queue.show_reading()
            return
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(self.model.resolved)
        if not total:
            self.progress.setFormat("nothing to resolve")
        else:
            self.progress.setFormat("%v of %m resolved")
        self.shown.setText(f"showing {shown} of {total}")
        self.queue.show_counts(total, shown)

    def _filters_changed(self) -> None:
        keep = item_key(self._item) if self._item is not None else None
        self.proxy.set_filters(self.filter_bar.filters())
        if not self.select(keep):
            self.select_row(0)
        self._update_counts()

    # -- selection -----------------------------------------------------------------------------

    def select(self, key: Key | None) -> bool:
        """Make the item with ``key`` current if the filtered list shows it."""
        row = self.model.row_of(key) if key is not None else None
        shown = self.proxy.row_of_source(row) if row is not None else None
        if shown is None:
            return False
        self.select_row(shown)
        return True

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.proxy.rowCount():
            self.table.selectionModel().clear()
            self._show_item(None)
            return
        index = self.proxy.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        if self._item is None or item_key(self._item) != item_key(self.proxy.item(row)):
            self._show_item(self.proxy.item(row))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.proxy.item(current.row()) if current.isValid() else None
        if item is not None and self._item is not None and item_key(item) == item_key(self._item):
            return
        self._warn_dropped_draft()
        self._show_item(item)

    def _warn_dropped_draft(self) -> None:
        if self._item is not None and self.decision.is_draft():
            self.context.message(
                f"Not saved: the value chosen for {self._item.document} {self._item.variable.name} "
                "(Ctrl+Enter saves a choice)"
            )

    def _show_item(self, item: Disagreement | None) -> None:
        self._item = item
        shown = self.proxy.rowCount()
        filtered_out = self._loaded and not shown and self.model.rowCount() > 0
        self.panel.show_item(
            item, selectable=shown > 0, filtered_out=filtered_out, read_only=self.session.readonly
        )
        self._update_actions()

    def show_quote(self, index: int) -> None:
        """Scroll the transcript to quote ``index`` of the item (a click on the quote or in the text)."""
        quote = self.panel.show_quote(index)
        if quote is not None:
            self.context.message(f"{quote.coder}'s quote, characters {quote.start}–{quote.end}")

    def step(self, delta: int) -> None:
        rows = self.proxy.rowCount()
        if not rows:
            return
        current = self.table.selectionModel().currentIndex()
        row = current.row() + delta if current.isValid() else 0
        if not 0 <= row < rows:
            self.context.message(
                "This is the last disagreement in the list." if delta > 0 else "This is the first."
            )
            return
        self._warn_dropped_draft()
        self.select_row(row)

    # -- deciding ------------------------------------------------------------------------------

    def take(self, position: int) -> None:
        """Make the value of coder column ``position`` (1-based) the draft final value."""
        item = self._item
        if item is None or not 1 <= position <= len(item.values):
            return
        self.decision.choose(item.values[position - 1].value)

    def _draft_changed(self) -> None:
        self.decision.update_status()
        self.comparison.mark(self.decision.value())
        self._update_actions()

    def resolve_and_next(self) -> None:
        item = self._item
        if item is None or self.session.readonly or self.read.is_reading():
            return
        self.decision.commit_typing()
        problem, value, note = self.decision.problem(), self.decision.value(), self.decision.note_text()
        if problem:
            self.context.message(f"Not saved: {problem}")
            return
        if value is None:
            self.context.message("Not saved: choose a final value first (1–9 takes a coder's value).")
            return
        current = self.table.selectionModel().currentIndex()
        after = current.row() + 1 if current.isValid() else 0
        following = item_key(self.proxy.item(after)) if after < self.proxy.rowCount() else None
        if not unchanged(item, value, note) and not resolve(self.session, item, value, note, self._touch):
            return
        if following is None or not self.select(following):
            self.context.message("Saved. That was the last disagreement in the list.")
        self.table.setFocus()  # digits take coder values again, not text in the note

    def clear_resolution(self) -> None:
        item = self._item
        if item is not None and item.resolution is not None and self.resolve_action.isEnabled():
            clear(self.session, item, self._touch)

    def undo(self) -> None:
        self._follow(self.session.undo_stack.undo)

    def redo(self) -> None:
        self._follow(self.session.undo_stack.redo)

    def _touch(self, key: Key) -> None:
        """A write of ours is about to change ``key``: patch it at the next refresh (see module docstring)."""
        self._touched.add(key)
        self._last_touched = key

    def _follow(self, act: Callable[[], None]) -> None:
        """Undo or redo, then show the item it changed (if the filters show it)."""
        self._last_touched = None
        act()
        if self._last_touched is not None:
            self.select(self._last_touched)

    # -- actions -------------------------------------------------------------------------------

    def _undo_moved(self, _index: int) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        shown = self.isVisible()
        item = self._item
        # While the queue is read again, a write would wait for the worker's read (and the item shown
        # may be gone from the new queue): resolving resumes when the new queue is in.
        writable = not self.session.readonly and not self.read.is_reading()
        stack = self.session.undo_stack
        self.resolve_action.setEnabled(shown and writable and item is not None)
        self.resolve_button.setEnabled(shown and writable and item is not None)
        can_clear = shown and writable and item is not None and item.resolution is not None
        self.clear_action.setEnabled(can_clear)
        self.clear_button.setEnabled(can_clear)
        self.undo_action.setEnabled(shown and writable and stack.canUndo())
        self.redo_action.setEnabled(shown and writable and stack.canRedo())
        # The texts stay fixed (Help lists them); the tooltip names the step.
        self.undo_action.setToolTip(
            f"Undo: {stack.undoText()} (Ctrl+Z)" if stack.canUndo() else "Nothing to undo"
        )
        self.redo_action.setToolTip(
            f"Redo: {stack.redoText()} (Ctrl+Shift+Z)" if stack.canRedo() else "Nothing to redo"
        )
        rows = self.proxy.rowCount() if shown else 0
        self.next_action.setEnabled(rows > 0)
        self.previous_action.setEnabled(rows > 0)
        self.find_action.setEnabled(shown and item is not None)
        count = len(item.values) if item is not None else 0
        for n, action in enumerate(self.take_actions, 1):
            action.setEnabled(shown and writable and n <= count)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_actions()
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):  # keys work at once: 1…9, Alt+Down
            self._focus_queue()

    def _focus_queue(self) -> None:
        """The table when it shows items, else the status filter (a way to show them)."""
        (self.table if self.proxy.rowCount() else self.filter_bar.status).setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous() and self.read.is_reading():
            self._reload = True  # the read is stopped (``LeadPage``): read the queue when shown again
        super().hideEvent(event)
        self._update_actions()
