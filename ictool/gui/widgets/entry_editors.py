"""Editors for typed values: a validated number field and an autosaving text box."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QRegularExpression, Qt, QTimer
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ictool.core.codebook.model import Value, Variable
from ictool.core.codebook.values import format_number, read_number, validate_value
from ictool.core.errors import ValidationError
from ictool.gui.widgets.editor_base import (
    VariableEditor,
    blend,
    error_colour,
    muted_colour,
    set_text_colour,
)


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
        # Western and Arabic-Indic digits, the Arabic decimal point and minus: what read_number reads
        chars = r"[0-9\x{0660}-\x{0669}\x{06F0}-\x{06F9}\x{066B}\x{2212}.,eE+\-\s]*"
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(chars), self.line))
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

    def problem(self) -> str | None:
        return self._error_text

    def typed_text(self) -> str:
        return self.line.text()

    def commit_pending(self) -> None:
        """Save what is typed; a refused entry stays in the field with its reason, never dropped."""
        if self._read_only:
            return
        text = self.line.text().strip()
        if not text:
            self._set_error(None)
            self._user_set(None)
            return
        number, reason = read_number(text)
        if number is None:
            self._set_error(f"‘{text}’ {reason}")
            return
        try:
            value = validate_value(self.variable, number)
        except ValidationError as exc:
            # The core names the variable by its internal name (‘year_joining’); the coder knows it
            # by its label, the one written above this field and in "Correct the value first".
            name, label = f"‘{self.variable.name}’", f"‘{self.variable.display_label}’"
            self._set_error(" ".join(problem.replace(name, label) for problem in exc.problems))
            return
        self._set_error(None)
        self._user_set(value)

    def revert(self) -> bool:
        """Escape (or Undo on a refused entry): back to the saved value; False when nothing to revert."""
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
