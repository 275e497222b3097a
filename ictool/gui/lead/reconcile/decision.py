"""The lead's decision on the selected item, before it is written: the final value and the note.

Why a draft that Ctrl+Enter saves, rather than a write on every pick: the lead often takes a value
and then writes why; value and note then go in as one resolution and one undo step. The draft is
shown as such ("not saved yet") until it is saved or the lead moves on (then it is dropped, and the
page says so).

The value editor is the coder's form editor for the variable's kind (``widgets.variable_editors``):
option buttons, check boxes for multi-select, a list for long choice lists, a validated number
field. Its option buttons take no focus, as in the coder's form; the frame around them does and
hands it digits (1…n: the n-th option), while elsewhere on the page a digit takes a coder's value.

Why the editor scrolls inside its frame (``ChoiceArea``): eleven check boxes of a multi-select,
wrapped on a narrow panel, are taller than the room left on a 1024×700 window, and a minimum height
that follows the item makes Qt grow the window to it. The area asks for the whole editor and insists
on a few lines. The note and the buttons share one row, so that the decision's minimum width does
not raise the window's.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ictool.core.codebook.model import Value, Variable
from ictool.core.reconcile import Disagreement
from ictool.gui.bidi import isolate, left_to_right
from ictool.gui.lead.reconcile.comparison import same
from ictool.gui.lead.reconcile.keys import KeepTyping
from ictool.gui.lead.reconcile.queue_model import one_line
from ictool.gui.widgets.editor_base import CLEAR_KEYS, VariableEditor
from ictool.gui.widgets.variable_editors import make_editor


def local_time(stamp: str) -> str:
    """A stored UTC timestamp in local time, to the minute."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]


class ChoiceArea(QScrollArea):
    """Scrolls the editor when the page has less room than its options take (see the module
    docstring). Sideways only on a window near its smallest: the options wrap to the width they get,
    and insisting on their widest minimum (long labels, a combo box) raised the window's."""

    #: Lines of options kept in view at the least (and a text editor's three lines whole).
    MIN_LINES = 4.5
    #: Average characters of width insisted on at the most.
    MIN_CHARS = 32

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the frame is the tab stop, or the editor's field
        self.holder = holder = QWidget()
        # One editor in the layout at a time (a stack would be as tall as its tallest editor), over a
        # stretch: a viewport taller than the options leaves the room below them.
        self.editors = QVBoxLayout(holder)
        self.editors.setContentsMargins(0, 0, 0, 0)
        self.editors.addStretch(1)
        self.setWidget(holder)

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)

    def _content_height(self) -> int:
        holder = self.holder
        width = self.viewport().width() if self.isVisible() else holder.sizeHint().width()
        if holder.hasHeightForWidth():
            return holder.heightForWidth(width)
        return holder.sizeHint().height()

    def sizeHint(self) -> QSize:
        """The whole editor at the current width."""
        holder = self.holder
        return QSize(holder.sizeHint().width() + self._bar(), self._content_height())

    def minimumSizeHint(self) -> QSize:
        """A few lines and some characters; the rest scrolls."""
        fm = self.fontMetrics()
        width = min(self.holder.minimumSizeHint().width(), fm.averageCharWidth() * self.MIN_CHARS)
        floor = int(fm.lineSpacing() * self.MIN_LINES)
        return QSize(width + self._bar(), min(self._content_height(), floor))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped options: another width, another height


class ValueFrame(QFrame):
    """The final value's editor in a frame that shows focus and hands option buttons their keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("final-value")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.area = ChoiceArea()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.area)
        self.editor: VariableEditor | None = None

    def show_editor(self, editor: VariableEditor) -> None:
        if self.editor is not editor:
            editors = self.area.editors
            if self.editor is not None:
                editors.removeWidget(self.editor)
                self.editor.hide()
            editors.insertWidget(0, editor)
            editor.show()
            self.area.verticalScrollBar().setValue(0)
            self.area.updateGeometry()
        self.editor = editor
        # The frame stays focusable even with a proxy: a label's mnemonic (Alt+V) skips a buddy
        # without a focus policy instead of following its proxy.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        target = editor.focus_widget()
        if target is None:  # option buttons: the frame is the tab stop
            self.setFocusProxy(None)  # type: ignore[arg-type]  # None removes the proxy (Qt's API)
        else:
            self.setFocusProxy(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editor = self.editor
        if editor is not None and event.key() in CLEAR_KEYS and not event.modifiers():
            editor.clear()
        elif editor is None or not editor.handle_key(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.setLineWidth(2)
        self.setFrameShadow(QFrame.Shadow.Plain)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.editor is not None:
            self.editor.commit_pending()
        self.setLineWidth(1)
        self.setFrameShadow(QFrame.Shadow.Sunken)


class Decision(QWidget):
    """Final value and note of the selected item; ``draftChanged`` whenever either differs anew."""

    draftChanged = Signal()

    def __init__(self, keep_typing: KeepTyping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keep_typing = keep_typing
        self._editors: dict[str, VariableEditor] = {}
        self.item: Disagreement | None = None
        self.frame = ValueFrame()
        self.frame.setAccessibleName("Final value")
        #: Where the editor scrolls when its options do not fit.
        self.choices = self.frame.area
        keep_typing.watch(self.frame)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note on the resolution")
        self.note.setPlaceholderText("Why this value (optional; kept with the resolution)")
        self.note.textEdited.connect(lambda _text: self.draftChanged.emit())
        self.status = left_to_right(QLabel())
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Resolution status")
        value_label = QLabel("Final &value:")
        value_label.setBuddy(self.frame)
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)
        #: The page puts its buttons (resolve, clear) here, beside the note.
        self.buttons = QHBoxLayout()
        # One column: the options get the panel's whole width (beside the status, long labels and
        # combo boxes did not fit a 1024-pixel window's panel). The status beside the editor's label
        # and the note's label beside the note: two lines more for the coders' cards. The note and
        # the buttons share a row, so that the decision's minimum width does not raise the window's.
        value_row = QHBoxLayout()
        value_row.addWidget(value_label, 0, Qt.AlignmentFlag.AlignTop)
        value_row.addWidget(self.status, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)
        note_row.addLayout(self.buttons)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(value_row)
        column.addWidget(self.frame)
        column.addLayout(note_row)

    # -- its height --------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        """No: Qt's box layouts hold a height-for-width item at exactly that height, and the item panel
        could then never shrink the options (``ChoiceArea``) to the room left for them."""
        return False

    def sizeHint(self) -> QSize:
        """All the options and the status as wrapped at the current width (what the panel offers)."""
        hint = super().sizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(max(hint.height(), layout.heightForWidth(self.width())))
        return hint

    def minimumSizeHint(self) -> QSize:
        """The status whole as wrapped at the current width (it is not told by height-for-width)."""
        hint = super().minimumSizeHint()
        if self.width() > 0 and self.status.text():
            extra = self.status.heightForWidth(self.status.width()) - self.status.minimumSizeHint().height()
            hint.setHeight(hint.height() + max(0, extra))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # another width wraps the options and the status anew

    # -- the item --------------------------------------------------------------------------

    def editor_for(self, variable: Variable) -> VariableEditor:
        editor = self._editors.get(variable.uuid)
        if editor is None or editor.variable != variable:
            editor = make_editor(variable)
            editor.setAccessibleName(f"Final value of {variable.name}")
            editor.edited.connect(lambda _value: self.draftChanged.emit())
            focus = editor.focus_widget()
            if focus is not None:
                self._keep_typing.watch(focus)
                focus.setAccessibleName(f"Final value of {variable.name}")
                if isinstance(focus, QComboBox):
                    focus.view().setAccessibleName(f"Choices of {variable.name}")
            editor.setParent(self.choices.holder)
            editor.hide()
            self._editors[variable.uuid] = editor
        return editor

    def show_item(self, item: Disagreement | None, *, read_only: bool = False) -> None:
        """Show ``item``'s stored resolution (or nothing chosen yet); any draft is dropped."""
        self.item = item
        self.note.setReadOnly(read_only)
        self.setEnabled(item is not None)
        if item is None:
            self.note.clear()
            self.status.setText("")
            return
        editor = self.editor_for(item.variable)
        editor.set_read_only(read_only)
        res = item.resolution
        editor.set_value(None if res is None else res.value)
        self.frame.show_editor(editor)
        self.note.setText("" if res is None else res.note)
        self.update_status()

    @property
    def editor(self) -> VariableEditor | None:
        return self.frame.editor if self.item is not None else None

    def choose(self, value: Value) -> None:
        """Put ``value`` (a coder's) in the editor as the draft."""
        editor = self.editor
        if editor is not None:
            editor.set_value(value)
            self.draftChanged.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: muted and error colours
            for editor in self._editors.values():
                editor.restyle()

    # -- the draft -------------------------------------------------------------------------

    def commit_typing(self) -> None:
        if self.editor is not None:
            self.editor.commit_pending()

    def value(self) -> Value | None:
        return self.editor.value() if self.editor is not None else None

    def problem(self) -> str | None:
        return self.editor.problem() if self.editor is not None else None

    def note_text(self) -> str:
        return self.note.text().strip()

    def is_draft(self) -> bool:
        """True when what is shown differs from what is stored (and so would be lost moving on)."""
        item = self.item
        if item is None:
            return False
        value, res = self.value(), item.resolution
        if res is None:
            return value is not None
        return not same(value, res.value) or self.note_text() != res.note

    def update_status(self) -> None:
        item = self.item
        if item is None:
            return
        res = item.resolution
        keys = f"1–{min(len(item.values), 9)}"
        if self.problem():
            text = f"Not a valid value: {self.problem()}"
        elif self.is_draft():
            chosen = self.value()
            what = one_line(item, chosen) if chosen is not None else "no value"
            text = f"Not saved yet: {isolate(what)}. Ctrl+Enter saves it and goes to the next."
            if chosen is None:
                text = f"No value chosen: take a coder's ({keys}) or choose one; Ctrl+Enter saves."
        elif res is None:
            text = f"Unresolved. Take a coder's value (keys {keys}) or choose another, then Ctrl+Enter."
        else:
            when = local_time(res.resolved_at)
            text = (
                f"✓ Resolved as {isolate(one_line(item, res.value))} by {isolate(res.resolved_by)}, {when}."
            )
        self.status.setText(text)
        self.updateGeometry()  # another status, another height
