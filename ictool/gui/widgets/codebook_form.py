"""The coder's form: every variable of the codebook, grouped, one row each, keyboard first.

The form only shows values and reports what the coder did (``valueEdited``); the window saves through
the core and calls ``set_value`` back, so a refused save can restore the old value. Rows are built once
per codebook and then refilled per document, which is why ``set_values`` only touches widgets whose
shown value differs and never relies on signal blocking.

Tab order is visual order: rows are created group by group (groups in order of first appearance), and
focus order follows creation. The current variable is sticky: moving focus to the transcript (to
select a quote) keeps it, so the window can attach evidence to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from html import escape

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ictool.core.codebook.model import Codebook, Value, Variable
from ictool.gui.widgets.collapsible import CollapsibleSection
from ictool.gui.widgets.editor_base import (
    CLEAR_KEYS,
    VariableEditor,
    error_colour,
    muted_colour,
    set_text_colour,
)
from ictool.gui.widgets.variable_editors import make_editor

UNGROUPED = "General"
NOT_CODED = "not coded"
#: Shown when a stored code is not (or no longer) a choice of the variable.
UNKNOWN_VALUE = "unknown code"
#: Shown while the value in the editor could not be saved (it is kept and retried).
NOT_SAVED = "not saved"
#: A variable's title wraps, but keeps at least this many characters' width.
TITLE_MIN_CHARS = 12
#: The widest quote badge the form keeps room for.
WIDEST_BADGE = "99 quotes"


class _Badge(QLabel):
    """ "2 quotes": a pill in a tint of the highlight colour, empty (and invisible) at zero."""

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.text():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(self.palette().color(self.palette().ColorRole.Highlight))
        fill.setAlphaF(0.18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        radius = self.height() / 2
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        painter.end()
        super().paintEvent(event)


class _ClearButton(QToolButton):
    """Drawn only while enabled (the variable is coded and editable).

    Hiding and showing 150 buttons when the document changes would cost a relayout each; enabling
    does not, and an invisible disabled button keeps the header from shifting.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.isEnabled():
            super().paintEvent(event)


class VariableRow(QFrame):
    """Label, name, status, badge and clear button over the help text and the editor.

    For choice groups the row is the tab stop (digits pick, Delete clears) and paints the focus ring;
    for fields the row forwards focus to the field, which is the tab stop itself.
    """

    def __init__(self, variable: Variable, parent: QWidget) -> None:
        super().__init__(parent)
        self.variable = variable
        self._state = 0  # 0 idle, 1 current (focus elsewhere), 2 has focus
        self._status_text: str | None = None
        self._clearable: bool | None = None
        self._unsaved: str | None = None  # why the shown value is not saved yet
        self._status_red = False
        fm = self.fontMetrics()
        pad = fm.height() // 2
        # Label and name share one wrapped rich-text label so a long label wraps with the name after it,
        # instead of two labels squeezing each other; it takes the header's spare width.
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        self.title.setMinimumWidth(fm.averageCharWidth() * TITLE_MIN_CHARS)  # it wraps, down to this
        small = QFont(self.title.font())
        small.setPointSizeF(small.pointSizeF() * 0.88)
        self.status = QLabel(self)
        italic = QFont(small)
        italic.setItalic(True)
        self.status.setFont(italic)
        # A fixed size: Qt then skips the relayout a label's new text would cause, which for 150 rows
        # with wrapped titles cost more than filling the editors.
        status_fm = QFontMetrics(italic)
        self.status.setFixedSize(
            max(status_fm.horizontalAdvance(t) for t in (NOT_CODED, UNKNOWN_VALUE, NOT_SAVED)) + pad // 2,
            status_fm.height(),
        )
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.badge = _Badge(self)
        self.badge.setFont(small)
        self.badge.setContentsMargins(pad // 2, 0, pad // 2, 0)
        self.clear_button = _ClearButton(self)
        self.clear_button.setText("Clear")
        self.clear_button.setFont(small)
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setToolTip("Clear this variable: not coded (Delete)")
        self.clear_button.clicked.connect(self.clear)
        header = QHBoxLayout()
        header.setSpacing(pad)
        header.addWidget(self.title, 1)
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(pad + fm.height() // 4, pad // 2, pad, pad)
        layout.setSpacing(fm.height() // 4)
        layout.addLayout(header)
        self.help: QLabel | None = None
        if variable.description:
            self.help = QLabel(variable.description, self)
            self.help.setWordWrap(True)
            self.help.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.help.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(self.help)
            self.setToolTip(variable.description)
        self.editor: VariableEditor = make_editor(variable, self)
        layout.addWidget(self.editor)
        target = self.editor.focus_widget()
        if target is None:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        else:
            self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.setFocusProxy(target)
        self.editor.edited.connect(self._refresh)
        self.restyle()

    def focus_target(self) -> QWidget:
        return self.editor.focus_widget() or self

    def set_value(self, value: Value | None, *, reset_input: bool) -> None:
        if self.editor.set_value(value, reset_input=reset_input):
            self._refresh()

    def clear(self) -> None:
        self.editor.clear()

    def set_unsaved(self, reason: str | None) -> None:
        """Mark the shown value as not saved yet (``reason``: why), or as saved (None)."""
        if reason != self._unsaved:
            self._unsaved = reason
            self._refresh()

    def unsaved(self) -> str | None:
        return self._unsaved

    def set_read_only(self, read_only: bool) -> None:
        self.editor.set_read_only(read_only)
        self.clear_button.setEnabled(not read_only and self.editor.value() is not None)

    def set_evidence_count(self, count: int) -> None:
        text = "" if count <= 0 else f"{count} quote" if count == 1 else f"{count} quotes"
        if self.badge.text() != text:
            self.badge.setText(text)
            self.badge.setToolTip(f"{text} attached as evidence" if text else "")

    def set_state(self, state: int) -> None:
        if state != self._state:
            self._state = state
            self.update()

    def restyle(self) -> None:
        muted = muted_colour(self.palette())
        for secondary in (self.status, self.help):
            if secondary is not None:
                set_text_colour(secondary, muted)
        self._status_red, self._status_text = False, None  # _refresh colours the status again
        variable = self.variable
        name = (
            "" if not variable.label else f"<span style='color:{muted.name()}'>{escape(variable.name)}</span>"
        )
        # The paragraph follows the form's direction, not the label's first letter: an Arabic label in
        # an English form stays left, its name after it, and the Arabic itself still reads right to left.
        direction = "rtl" if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else "ltr"
        label = escape(variable.display_label)
        self.title.setText(f"<div dir='{direction}'><b>{label}</b>&nbsp;&nbsp; <small>{name}</small></div>")
        self.editor.restyle()
        self._refresh()

    def _refresh(self, _value: object = None) -> None:
        value = self.editor.value()
        text = NOT_CODED if value is None else "" if self.editor.shows_value() else UNKNOWN_VALUE
        if self._unsaved is not None:
            text = NOT_SAVED
        if text != self._status_text:
            self._status_text = text
            self.status.setText(text)
            red = text == NOT_SAVED
            if red != self._status_red:  # a palette change relays out: only when the colour changes
                self._status_red = red
                palette = self.palette()
                set_text_colour(self.status, error_colour(palette) if red else muted_colour(palette))
            if text == NOT_SAVED:
                tip = f"Not saved yet: {self._unsaved}\nKept here, and saved once the file can be written to."
            elif text == UNKNOWN_VALUE:
                tip = f"The stored value {value!r} is not a choice of ‘{self.variable.name}’ in this codebook"
            else:
                tip = ""
            self.status.setToolTip(tip)
        if self._clearable != (value is not None):
            self._clearable = value is not None
            self.clear_button.setEnabled(self._clearable and not self.editor.read_only())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in CLEAR_KEYS and not event.modifiers():
            self.clear()
        elif not self.editor.handle_key(event):
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving a choice group commits a position still waiting for its typing pause: "1" then Tab
        within a second stored nothing (a combo and the fields already commit on leaving)."""
        self.editor.commit_pending()
        super().focusOutEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._state:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = QColor(self.palette().color(self.palette().ColorRole.Highlight))
        fill = QColor(accent)
        fill.setAlphaF(0.10 if self._state == 2 else 0.05)
        radius = self.fontMetrics().height() / 4
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setBrush(fill)
        if self._state == 2:
            painter.setPen(accent)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, radius, radius)
        bar = QRectF(rect.left(), rect.top(), max(2.0, self.fontMetrics().height() / 6), rect.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(bar, bar.width() / 2, bar.width() / 2)


class _SearchField(QLineEdit):
    """Escape clears the search and goes back to the form; Enter or Down goes to the first match."""

    def __init__(self, form: CodebookForm) -> None:
        super().__init__(form)
        self._form = form

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.clear()
            current = self._form.current_variable() or self._form.first_variable()
            if current is not None:
                self._form.focus_variable(current)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            shown = self._form.visible_variables()
            if shown:
                self._form.focus_variable(shown[0])
        else:
            super().keyPressEvent(event)


class CodebookForm(QWidget):
    """The right-hand pane of the coder workspace; see the module docstring for the contract."""

    valueEdited = Signal(str, object)
    currentVariableChanged = Signal(str)
    #: A status-bar message about a key pressed in a variable ("Main role: 9 → Guard (code 9)").
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[str, VariableRow] = {}
        self._sections: dict[str, CollapsibleSection] = {}
        self._current: str | None = None
        self._read_only = False
        self._haystacks: dict[str, str] = {}
        # A long codebook is searched: label, name, help text and choice labels, every word typed.
        self.search = _SearchField(self)
        self.search.setPlaceholderText("Find a variable: label, name, help or choice")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a variable")
        self.search.textChanged.connect(self.filter_rows)
        self.search_count = QLabel(self)
        fm = self.fontMetrics()
        top = QHBoxLayout()
        top.setContentsMargins(fm.height() // 2, fm.height() // 4, fm.height() // 2, 0)
        top.setSpacing(fm.height() // 2)
        top.addWidget(self.search, 1)
        top.addWidget(self.search_count)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self._scroll)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- building ----------------------------------------------------------------------------------

    def set_codebook(self, codebook: Codebook) -> None:
        """Build one row per variable; the old rows go, and with them any current variable."""
        self.setUpdatesEnabled(False)
        try:
            self._rows.clear()
            self._sections.clear()
            self._haystacks.clear()
            container = QWidget()
            column = QVBoxLayout(container)
            fm = self.fontMetrics()
            column.setContentsMargins(fm.height() // 2, fm.height() // 3, fm.height() // 2, fm.height())
            column.setSpacing(fm.height() // 3)
            for group in codebook.groups:
                section = CollapsibleSection(group or UNGROUPED, container)
                self._sections[group] = section
                column.addWidget(section)
                for variable in (v for v in codebook if v.group == group):
                    row = VariableRow(variable, section.body)
                    row.set_read_only(self._read_only)
                    row.editor.edited.connect(partial(self._edited, variable.uuid))
                    row.editor.said.connect(self.message)
                    section.body_layout.addWidget(row)
                    self._rows[variable.uuid] = row
                    words = [variable.display_label, variable.name, variable.description or ""]
                    words += [c.label for c in variable.choices]
                    self._haystacks[variable.uuid] = " ".join(words).casefold()
                section.set_expanded(True)
            column.addStretch(1)
            old = self._scroll.takeWidget()
            self._scroll.setWidget(container)
            if old is not None:
                old.deleteLater()
            # Never narrower than its rows need (they wrap down to this): a splitter dragged further
            # would cut off the Clear buttons and the quote badges, with no scroll bar to reach them.
            bar = self._scroll.verticalScrollBar().sizeHint().width()
            badge = self.fontMetrics().horizontalAdvance(WIDEST_BADGE) + self.fontMetrics().height()
            need = container.minimumSizeHint().width() + badge + bar + 2 * self._scroll.frameWidth()
            self.setMinimumWidth(need)
        finally:
            self.setUpdatesEnabled(True)
        if self._current is not None:
            self._current = None
            self.currentVariableChanged.emit("")

    # -- finding a variable --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def filter_rows(self, text: str) -> None:
        """Show only variables whose label, name, help or choices hold every word of ``text``."""
        words = text.casefold().split()
        shown = 0
        self.setUpdatesEnabled(False)
        try:
            for uuid, row in self._rows.items():
                match = all(word in self._haystacks.get(uuid, "") for word in words)
                if row.isHidden() == match:
                    row.setVisible(match)
                shown += match
            for group, section in self._sections.items():
                has = any(not r.isHidden() for r in self._rows.values() if r.variable.group == group)
                section.setVisible(has)
                if words and has:
                    section.set_expanded(True)
        finally:
            self.setUpdatesEnabled(True)
        total = len(self._rows)
        self.search_count.setText(f"{shown} of {total}" if words else "")
        self.search_count.setToolTip(f"{shown} of {total} variables match" if words else "")

    def visible_variables(self) -> list[str]:
        return [uuid for uuid, row in self._rows.items() if not row.isHidden()]

    def next_uncoded(self, step: int = 1) -> str | None:
        """The next (``step`` 1) or previous (-1) variable after the current one that is not coded,
        round the end; text variables are optional and skipped. None when every one is coded."""
        order = list(self._rows)
        if not order:
            return None
        start = order.index(self._current) if self._current in order else (-1 if step > 0 else 0)
        for offset in range(1, len(order) + 1):
            uuid = order[(start + step * offset) % len(order)]
            row = self._rows[uuid]
            if row.variable.kind.value != "text" and row.editor.value() is None:
                return uuid
        return None

    # -- values ------------------------------------------------------------------------------------

    def set_values(self, values: Mapping[str, Value]) -> None:
        """Show one document's values (missing keys: not coded); uncommitted or refused input is dropped."""
        for uuid, row in self._rows.items():
            row.set_value(values.get(uuid), reset_input=True)

    def follow_values(self, values: Mapping[str, Value]) -> None:
        """Show values saved elsewhere (another window, a program), except where the coder is typing or
        a value waits to be saved: their input stays as it is."""
        for uuid, row in self._rows.items():
            if not row.editor.has_input() and row.unsaved() is None:
                row.set_value(values.get(uuid), reset_input=False)

    def set_value(self, variable_uuid: str, value: Value | None) -> None:
        """Show a saved (or undone) value; an echo of what the coder is still typing leaves it alone."""
        row = self._rows.get(variable_uuid)
        if row is not None:
            row.set_value(value, reset_input=False)

    def value(self, variable_uuid: str) -> Value | None:
        row = self._rows.get(variable_uuid)
        return None if row is None else row.editor.value()

    def show_unsaved(self, variable_uuid: str, value: Value | None, reason: str) -> None:
        """Show a value that was typed but is not saved yet (after the document was shown again), marked."""
        row = self._rows.get(variable_uuid)
        if row is not None:
            row.set_value(value, reset_input=True)
            row.set_unsaved(reason)

    def mark_unsaved(self, variable_uuid: str, reason: str | None) -> None:
        """Mark the row's shown value as not saved yet (``reason``), or as saved (None)."""
        row = self._rows.get(variable_uuid)
        if row is not None:
            row.set_unsaved(reason)

    def invalid_entries(self) -> list[tuple[str, str]]:
        """(variable uuid, why) of entries that cannot be saved as typed (commit first to find them all)."""
        return [(uuid, problem) for uuid, row in self._rows.items() if (problem := row.editor.problem())]

    def revert(self, variable_uuid: str) -> bool:
        """Put the saved value back in place of a refused entry."""
        row = self._rows.get(variable_uuid)
        return row is not None and row.editor.revert()

    def unsaved_rows(self) -> list[str]:
        return [uuid for uuid, row in self._rows.items() if row.unsaved() is not None]

    def commit_pending(self) -> None:
        """Commit typing that waits for a pause; call it before switching documents."""
        for row in self._rows.values():
            row.editor.commit_pending()

    def set_evidence_counts(self, counts: Mapping[str, int]) -> None:
        for uuid, row in self._rows.items():
            row.set_evidence_count(counts.get(uuid, 0))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self._rows.values():
            row.set_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def _edited(self, variable_uuid: str, value: Value | None) -> None:
        self.valueEdited.emit(variable_uuid, value)

    # -- focus ---------------------------------------------------------------------------------------

    def current_variable(self) -> str | None:
        return self._current

    def focus_widgets(self) -> list[QWidget]:
        """Every widget of the form that takes the keyboard (one per variable)."""
        return [row.focus_target() for row in self._rows.values()]

    def variable_of(self, widget: QWidget) -> str | None:
        """The variable whose keyboard widget ``widget`` is, if it is one."""
        for uuid, row in self._rows.items():
            if row.focus_target() is widget:
                return uuid
        return None

    def first_variable(self) -> str | None:
        return next(iter(self._rows), None)

    def row(self, variable_uuid: str) -> VariableRow | None:
        return self._rows.get(variable_uuid)

    def section(self, group: str) -> CollapsibleSection | None:
        return self._sections.get(group)

    def focus_variable(self, variable_uuid: str) -> None:
        """Expand the variable's group, scroll it into view and give it keyboard focus."""
        row = self._rows.get(variable_uuid)
        if row is None:
            return
        if row.isHidden():  # filtered out by a search: show everything again rather than hide the focus
            self.search.clear()
        section = self._sections[row.variable.group]
        section.set_expanded(True)
        # Lay out the expanded group now, so that scrolling goes to where the row really is.
        for widget in (section, self._scroll.widget()):
            layout = widget.layout() if widget is not None else None
            if layout is not None:
                layout.activate()
        self._scroll.ensureWidgetVisible(row, 0, self.fontMetrics().height())
        row.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        self._set_current(variable_uuid, focused=True)

    def _row_of(self, widget: QWidget | None) -> VariableRow | None:
        while widget is not None and widget is not self:
            if isinstance(widget, VariableRow):
                return widget
            widget = widget.parentWidget()
        return None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        row = self._row_of(new)
        if row is not None and self._rows.get(row.variable.uuid) is row:
            self._set_current(row.variable.uuid, focused=True)
        elif self._current in self._rows:
            self._rows[self._current].set_state(1)

    def _set_current(self, variable_uuid: str, *, focused: bool) -> None:
        previous = self._rows.get(self._current or "")
        if previous is not None and self._current != variable_uuid:
            previous.set_state(0)
        self._rows[variable_uuid].set_state(2 if focused else 1)
        if self._current != variable_uuid:
            self._current = variable_uuid
            self.currentVariableChanged.emit(variable_uuid)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for row in self._rows.values():
                row.restyle()
