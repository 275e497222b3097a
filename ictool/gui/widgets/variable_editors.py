"""One editor per variable kind, all speaking the same small protocol to the form's rows.

An editor holds the last value the window confirmed (``value()``), shows it, and emits ``edited`` only
when the coder changed it: filling the form for another document must never look like a coding. Edits
are taken from user signals (``clicked``, ``activated``, key presses), not from ``toggled`` or
``currentIndexChanged``, so that showing a value needs no signal blocking at all, which keeps
``set_values`` for a whole codebook cheap.

Choice groups (radio buttons, check boxes) take no focus themselves: the row is the variable's one tab
stop and forwards digit keys here. Text, number and combo editors are their own tab stop.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QRectF, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegularExpressionValidator,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from ictool.core.codebook.model import Category, Code, Kind, Value, Variable
from ictool.core.codebook.values import format_number, parse_number, validate_value
from ictool.core.errors import ValidationError

#: Choices beyond this many become a combo box: a column of nine radio buttons is harder to scan.
MAX_RADIO_CHOICES = 8
#: Digits and letters typed within this long form one position or one label prefix.
TYPING_MS = 1000
#: Keys that clear a variable when its row (not a text field) has focus.
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


NOT_CODED_ITEM = "— not coded —"
LRM, RLM = "\u200e", "\u200f"


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of ``a`` over ``1 - t`` of ``b``."""

    def mix(x: float, y: float) -> float:
        return x * t + y * (1 - t)

    return QColor.fromRgbF(mix(a.redF(), b.redF()), mix(a.greenF(), b.greenF()), mix(a.blueF(), b.blueF()))


def muted_colour(palette: QPalette) -> QColor:
    """Secondary text: a blend of text and background, readable on light and dark palettes alike."""
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    return blend(text, window, 0.62)


def error_colour(palette: QPalette) -> QColor:
    """A red that keeps contrast: deep on light backgrounds, soft on dark ones."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(255, 120, 120) if dark else QColor(190, 30, 45)


def set_text_colour(widget: QWidget, colour: QColor) -> None:
    pal = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):
        pal.setColor(role, colour)
    widget.setPalette(pal)


def choice_text(variable: Variable, position: int, category: Category, rtl: bool = False) -> str:
    """``"2  Man"``; a declared missing code says so, because it is excluded from alpha.

    A directional mark starts the text so the key hint sits next to the indicator even when the label
    is Arabic or Hebrew (otherwise the label's first letter would turn the whole line around).
    """
    suffix = " — missing" if variable.is_missing_code(category.code) else ""
    return f"{RLM if rtl else LRM}{position}  {category.label}{suffix}"


def position_of(text: str, count: int, started: str) -> tuple[str, int | None, bool]:
    """Digits typed so far → (buffer, position or None, final).

    ``final`` means no further digit can make a longer valid position, so the caller commits at once
    instead of waiting for the typing pause (with up to nine choices every digit is final).
    """
    buffer = started + text
    if not buffer.isdigit() or int(buffer) > count:
        buffer = text
    position = int(buffer)
    if position > count:
        return "", None, True
    return buffer, position, position == 0 or position * 10 > count


class VariableEditor(QWidget):
    """Protocol: ``set_value`` shows without emitting; ``edited(value)`` means the coder acted."""

    edited = Signal(object)
    #: True when the editor's own widget is the tab stop; False when the row takes focus for it.
    owns_focus = False

    def __init__(self, variable: Variable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.variable = variable
        self._value: Value | None = None
        self._read_only = False
        #: The widget may show something other than ``_value``: typing, a pending pick, a refused entry.
        self._dirty = False

    def value(self) -> Value | None:
        return self._value

    def read_only(self) -> bool:
        return self._read_only

    def set_value(self, value: Value | None, *, reset_input: bool = True) -> bool:
        """Show ``value``; False when nothing had to change (the common case when refilling the form).

        Without ``reset_input`` an echo of the value just emitted leaves the coder's typing alone.
        """
        if value == self._value and type(value) is type(self._value) and not (reset_input and self._dirty):
            return False
        self._value = value
        if self._dirty:
            self._discard_input()
            self._dirty = False
        self._show(value)
        return True

    def clear(self) -> None:
        self._user_set(None)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def focus_widget(self) -> QWidget | None:
        """The widget to focus for this variable, or None when the row itself takes focus."""
        return None

    def handle_key(self, event: QKeyEvent) -> bool:
        """A key pressed on the focused row; True when it was used."""
        return False

    def commit_pending(self) -> None:
        """Commit typing that waits for a pause or a focus change (before the document switches)."""

    def shows_value(self) -> bool:
        """False when the stored value cannot be shown (a code the codebook no longer has)."""
        return True

    def restyle(self) -> None:
        """Re-derive palette-based colours after the application palette changed."""

    def _user_set(self, value: Value | None) -> None:
        self._dirty = False
        if self._read_only:
            self._show(self._value)
            return
        changed = value != self._value or type(value) is not type(self._value)
        self._value = value
        self._show(value)
        if changed:
            self.edited.emit(value)

    def _show(self, value: Value | None) -> None:
        raise NotImplementedError

    def _discard_input(self) -> None:
        """Forget uncommitted input and invalid-entry state."""


class ChoiceButtons(VariableEditor):
    """Radio buttons (single choice) or check boxes (multi-select) with their position as key hint.

    Buttons are not auto-exclusive: an exclusive group cannot show "not coded" (nothing checked),
    and the value is the only truth anyway — every click is turned into a value and shown back.
    Multi-select adds "0  None apply", the coded-but-nothing-chosen value ``()``.
    """

    def __init__(self, variable: Variable, parent: QWidget | None = None) -> None:
        super().__init__(variable, parent)
        self._multi = variable.kind is Kind.MULTI
        self._codes: list[Code] = [c.code for c in variable.choices]
        #: (type, code) -> button index; the type keeps code 1 and code "1" apart.
        self._index: dict[tuple[type, object], int] = {
            (type(code), code): i for i, code in enumerate(self._codes)
        }
        self._checked: set[int] = set()
        self._unknown = False
        self._typed = ""
        self._typing = QTimer(self, singleShot=True, interval=TYPING_MS)
        self._typing.timeout.connect(self._typing_paused)
        button_type = QCheckBox if self._multi else QRadioButton
        self._buttons: list[QAbstractButton] = []
        for position, category in enumerate(variable.choices, 1):
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            button = button_type(choice_text(variable, position, category, rtl), self)
            button.clicked.connect(partial(self._clicked, position))
            if variable.is_missing_code(category.code):
                font = button.font()
                font.setItalic(True)
                button.setFont(font)
                button.setProperty("missingCode", True)
            self._buttons.append(button)
        self._none: QCheckBox | None = None
        if self._multi:
            self._none = QCheckBox("0  None apply", self)
            self._none.setToolTip("Coded, and none of the options applies (clear with Delete)")
            self._none.clicked.connect(partial(self._clicked, 0))
        for each in [*self._buttons, *([self._none] if self._none else [])]:
            each.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            each.setAutoExclusive(False)
            each.setToolTip(each.toolTip() or each.text())
        self._lay_out()
        self.restyle()

    def _lay_out(self) -> None:
        """Short option lists flow in two columns (read top to bottom), long labels get a column each."""
        buttons = [*self._buttons, *([self._none] if self._none else [])]
        longest = max(len(b.text()) for b in buttons)
        columns = 2 if len(buttons) >= 4 and longest <= 22 else 1
        if len(buttons) <= 3 and sum(len(b.text()) for b in buttons) <= 34:
            columns = len(buttons)
        rows = -(-len(buttons) // columns)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        fm = self.fontMetrics()
        grid.setHorizontalSpacing(fm.height() * 2)
        grid.setVerticalSpacing(fm.height() // 6)
        for i, button in enumerate(buttons):
            grid.addWidget(button, i % rows, i // rows)
        grid.setColumnStretch(columns, 1)

    def restyle(self) -> None:
        muted = muted_colour(self.palette())
        for button in self._buttons:
            if button.property("missingCode"):
                set_text_colour(button, muted)

    def buttons(self) -> list[QAbstractButton]:
        return list(self._buttons)

    def none_button(self) -> QCheckBox | None:
        return self._none

    def handle_key(self, event: QKeyEvent) -> bool:
        text = event.text()
        if len(text) != 1 or not text.isdigit() or self._read_only:
            return False
        self._typed, position, final = position_of(text, len(self._codes), self._typed)
        if position is None or (position == 0 and not self._multi):
            self._typed = ""
            return True
        if final:
            self._typed = ""
            self._typing.stop()
            self._clicked(position)
        else:
            self._dirty = True
            self._typing.start()
        return True

    def commit_pending(self) -> None:
        if self._typing.isActive():
            self._typing.stop()
            self._typing_paused()

    def _typing_paused(self) -> None:
        typed, self._typed = self._typed, ""
        if typed:
            self._clicked(int(typed))

    def _clicked(self, position: int, _checked: bool = False) -> None:
        """Position 1.. is an option, 0 is "None apply"; the new value follows from the old one.

        Qt has already toggled a clicked button; it is put back first so that ``_show`` (which only
        touches buttons whose cached state differs) leaves every button matching the value.
        """
        if position:
            self._buttons[position - 1].setChecked(position - 1 in self._checked)
        elif self._none is not None:
            self._none.setChecked(self._value == ())
        if not self._multi:
            self._user_set(self._codes[position - 1])
            return
        current = self._value if isinstance(self._value, tuple) else ()
        if position == 0:
            self._user_set(None if current == () and self._value is not None else ())
            return
        code = self._codes[position - 1]
        chosen = [c for c in current if c != code] if code in current else [*current, code]
        self._user_set(tuple(c for c in self._codes if c in chosen))

    def _show(self, value: Value | None) -> None:
        """Touch only buttons whose state differs: refilling the form per document must stay cheap."""
        values = value if isinstance(value, tuple) else () if value is None else (value,)
        wanted = {self._index.get((type(v), v), -1) for v in values}
        self._unknown = -1 in wanted
        for index in self._checked - wanted:
            if index >= 0:
                self._buttons[index].setChecked(False)
        for index in wanted - self._checked:
            if index >= 0:
                self._buttons[index].setChecked(True)
        self._checked = wanted
        if self._none is not None and self._none.isChecked() != (value == ()):
            self._none.setChecked(value == ())

    def shows_value(self) -> bool:
        return not self._unknown

    def _discard_input(self) -> None:
        self._typed = ""
        self._typing.stop()


class _Combo(QComboBox):
    """Hands keys and focus-out to its editor; ignores the wheel so scrolling the form never recodes."""

    def __init__(self, owner: ChoiceCombo) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._owner.combo_key(event):
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._owner.read_only():
            event.ignore()
            return
        super().mousePressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._owner.commit_pending()
        super().focusOutEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


class ChoiceCombo(VariableEditor):
    """A long single-choice list. Type-ahead previews (a label prefix, or digits as the position) and
    commits after a pause, on Enter or on leaving the field, so typing "12" or "ma" saves once."""

    owns_focus = True

    def __init__(self, variable: Variable, parent: QWidget | None = None) -> None:
        super().__init__(variable, parent)
        self._codes: list[Code] = [c.code for c in variable.choices]
        self._labels = [c.label.casefold() for c in variable.choices]
        self._typed = ""
        self._pending = False
        self._unknown = False
        self._typing = QTimer(self, singleShot=True, interval=TYPING_MS)
        self._typing.timeout.connect(self.commit_pending)
        self.combo = _Combo(self)
        self.combo.addItem(NOT_CODED_ITEM)
        for position, category in enumerate(variable.choices, 1):
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            self.combo.addItem(choice_text(variable, position, category, rtl))
        self.combo.setMaxVisibleItems(16)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(min(30, max(len(c.label) for c in variable.choices) + 4))
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.combo.activated.connect(self._activated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addStretch(0)
        self.restyle()

    def restyle(self) -> None:
        muted = muted_colour(self.palette())
        italic = self.combo.font()
        italic.setItalic(True)
        missing = [0] + [i for i, c in enumerate(self._codes, 1) if self.variable.is_missing_code(c)]
        for index in missing:
            self.combo.setItemData(index, italic, Qt.ItemDataRole.FontRole)
            self.combo.setItemData(index, muted, Qt.ItemDataRole.ForegroundRole)

    def focus_widget(self) -> QWidget:
        return self.combo

    def combo_key(self, event: QKeyEvent) -> bool:
        """True when the key was handled here (or swallowed because the form is read-only)."""
        key, text = event.key(), event.text()
        if self._read_only:
            event.ignore()
            return True
        if key in CLEAR_KEYS:
            self._discard_input()
            self._user_set(None)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._pending:
            self.commit_pending()
            return True
        plain = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        commands = event.modifiers() & ~plain
        if len(text) != 1 or not text.isprintable() or commands or (text == " " and not self._typed):
            return False
        index, final = self._type_ahead(text)
        if index is not None:
            self.combo.setCurrentIndex(index)
            self._pending = self._dirty = True
        if final:
            self.commit_pending()
        else:
            self._typing.start()
        return True

    def _type_ahead(self, text: str) -> tuple[int | None, bool]:
        if text.isdigit() and (not self._typed or self._typed.isdigit()):
            self._typed, position, final = position_of(text, len(self._codes), self._typed)
            return (position or None), final and position is not None
        typed = self._typed + text.casefold() if not self._typed.isdigit() else text.casefold()
        index = self._find(typed)
        if index is None and len(typed) > 1:
            typed = text.casefold()
            index = self._find(typed)
        self._typed = typed
        return index, False

    def _find(self, prefix: str) -> int | None:
        for test in (str.startswith, str.__contains__):
            for index, label in enumerate(self._labels, 1):
                if test(label, prefix):
                    return index
        return None

    def commit_pending(self) -> None:
        self._typing.stop()
        self._typed = ""
        if self._pending:
            self._pending = False
            self._activated(self.combo.currentIndex())

    def _activated(self, index: int) -> None:
        self._user_set(None if index <= 0 else self._codes[index - 1])

    def _show(self, value: Value | None) -> None:
        index = 0 if value is None else -1
        for position, code in enumerate(self._codes, 1):
            if code == value and type(code) is type(value):
                index = position
        self._unknown = index < 0
        if self.combo.currentIndex() != index:
            self.combo.setCurrentIndex(index)

    def shows_value(self) -> bool:
        return not self._unknown

    def _discard_input(self) -> None:
        self._typing.stop()
        self._typed = ""
        self._pending = False


def range_hint(variable: Variable) -> str:
    """``"10–80; missing: 999"`` — what the field accepts, shown beside it."""
    low, high = variable.minimum, variable.maximum
    parts = []
    if low is not None and high is not None:
        parts.append(f"{format_number(low)}–{format_number(high)}")
    elif low is not None:
        parts.append(f"≥ {format_number(low)}")
    elif high is not None:
        parts.append(f"≤ {format_number(high)}")
    if variable.missing:
        codes = (format_number(m) if isinstance(m, int | float) else str(m) for m in variable.missing)
        parts.append("missing: " + ", ".join(codes))
    return "; ".join(parts)


class _NumberLine(QLineEdit):
    def __init__(self, owner: NumberEditor) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._owner.commit_pending()
        elif event.key() != Qt.Key.Key_Escape or not self._owner.revert():
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._owner.commit_pending()


class NumberEditor(VariableEditor):
    """A number field that refuses what the codebook refuses (checked by ``validate_value``).

    The validator only stops characters that never belong in a number; a comma is let through so that
    "3,5" is refused with a reason instead of silently becoming 35. A refused entry stays visible,
    framed in red with the reason under it, and the saved value is kept; Escape brings it back.
    """

    owns_focus = True

    def __init__(self, variable: Variable, parent: QWidget | None = None) -> None:
        super().__init__(variable, parent)
        self._error_text: str | None = None
        fm = self.fontMetrics()
        self._pen = max(2, fm.height() // 9)
        self.line = _NumberLine(self)
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.,eE+\-\s]*"), self.line))
        self.line.inputRejected.connect(self._rejected)
        self.line.textEdited.connect(self._text_edited)
        self.line.setFixedWidth(fm.horizontalAdvance("0" * 12) + fm.height())
        self.hint = QLabel(range_hint(variable), self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(self._pen, self._pen, 0, self._pen)
        grid.setHorizontalSpacing(fm.height() // 2)
        grid.addWidget(self.line, 0, 0)
        grid.addWidget(self.hint, 0, 1)
        grid.addWidget(self.error, 1, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        self.restyle()

    def restyle(self) -> None:
        set_text_colour(self.hint, muted_colour(self.palette()))
        set_text_colour(self.error, error_colour(self.palette()))

    def focus_widget(self) -> QWidget:
        return self.line

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.line.setReadOnly(read_only)

    def error_message(self) -> str | None:
        return self._error_text

    def commit_pending(self) -> None:
        if self._read_only:
            return
        text = self.line.text().strip()
        if not text:
            self._set_error(None)
            self._user_set(None)
            return
        number = parse_number(text)
        if number is None:
            reason = " (use a point for decimals)" if "," in text else ""
            self._set_error(f"‘{text}’ is not a number{reason}")
            return
        try:
            value = validate_value(self.variable, number)
        except ValidationError as exc:
            self._set_error(" ".join(exc.problems))
            return
        self._set_error(None)
        self._user_set(value)

    def revert(self) -> bool:
        """Escape: back to the saved value; False when there was nothing to revert."""
        if self._error_text is None and self.line.text() == self._text_of(self._value):
            return False
        self._set_error(None)
        self._show(self._value)
        return True

    def _text_edited(self, _text: str) -> None:
        self._dirty = True
        self._set_error(None)

    def _rejected(self) -> None:
        if not self._read_only:
            self._set_error("Only a number can be typed here (digits, a sign and a point for decimals)")

    def _set_error(self, message: str | None) -> None:
        if message == self._error_text:
            return
        self._error_text = message
        self._dirty = self._dirty or message is not None
        self.error.setText(message or "")
        self.error.setVisible(message is not None)
        if message is None:
            self.line.setPalette(QPalette())
        else:
            pal = self.line.palette()
            base, red = pal.color(QPalette.ColorRole.Base), error_colour(pal)
            pal.setColor(QPalette.ColorRole.Base, blend(red, base, 0.14))
            self.line.setPalette(pal)
        self.line.setToolTip(message or "")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._error_text is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(error_colour(self.palette()), self._pen))
        half = self._pen / 2
        painter.drawRoundedRect(QRectF(self.line.geometry()).adjusted(-half, -half, half, half), 3, 3)

    @staticmethod
    def _text_of(value: Value | None) -> str:
        if value is None:
            return ""
        return format_number(value) if isinstance(value, int | float) else str(value)

    def _show(self, value: Value | None) -> None:
        text = self._text_of(value)
        if self.line.text() != text:
            self.line.setText(text)

    def _discard_input(self) -> None:
        self._set_error(None)


class _PlainText(QPlainTextEdit):
    def __init__(self, owner: TextEditor) -> None:
        super().__init__(owner)
        self._owner = owner

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._owner.commit_pending()


class TextEditor(VariableEditor):
    """Free text, committed when the coder pauses (800 ms) or leaves the field; blank means not coded.

    Ctrl+Enter belongs to the window ("document done"), so there is no commit key; Tab moves on.
    """

    owns_focus = True
    IDLE_MS = 800

    def __init__(self, variable: Variable, parent: QWidget | None = None) -> None:
        super().__init__(variable, parent)
        self._loading = False
        self._idle = QTimer(self, singleShot=True, interval=self.IDLE_MS)
        self._idle.timeout.connect(self.commit_pending)
        self.edit = _PlainText(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText("Not coded — type here; saved when you pause or move on")
        self.edit.textChanged.connect(self._text_changed)
        margin = 2 * (self.edit.frameWidth() + self.edit.document().documentMargin())
        self.edit.setFixedHeight(int(self.fontMetrics().lineSpacing() * 3.3 + margin))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)

    def _text_changed(self) -> None:
        if not self._loading and not self._read_only:
            self._dirty = True
            self._idle.start()

    def commit_pending(self) -> None:
        self._idle.stop()
        if self._read_only:
            return
        text = self.edit.toPlainText()
        self._user_set(text if text.strip() else None)

    def _show(self, value: Value | None) -> None:
        text = "" if value is None else str(value)
        current = self.edit.toPlainText()
        if current == text or (value is None and not current.strip()):
            return
        self._loading = True
        try:
            self.edit.setPlainText(text)
        finally:
            self._loading = False

    def _discard_input(self) -> None:
        self._idle.stop()


def make_editor(variable: Variable, parent: QWidget | None = None) -> VariableEditor:
    """The editor a variable's kind calls for."""
    kind = variable.kind
    if kind is Kind.TEXT:
        return TextEditor(variable, parent)
    if kind is Kind.NUMBER:
        return NumberEditor(variable, parent)
    if kind is Kind.SINGLE and len(variable.choices) > MAX_RADIO_CHOICES:
        return ChoiceCombo(variable, parent)
    return ChoiceButtons(variable, parent)
