"""Editors for categorical variables: radio/check buttons with key hints, and a type-ahead list."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from ictool.core.codebook.model import Code, Kind, Value, Variable
from ictool.gui.widgets.editor_base import (
    CLEAR_KEYS,
    NOT_CODED_ITEM,
    TYPING_MS,
    VariableEditor,
    choice_text,
    digit_of,
    keys_by_code,
    muted_colour,
    no_choice_message,
    pick_message,
    position_of,
    set_text_colour,
)

#: Below this many characters' width a choice's label wraps rather than pushing the form wider.
MIN_LABEL_CHARS = 14


class _Wrapping:
    """What a radio button and a check box need to wrap their label at the width the form gives.

    Qt's own buttons never wrap: one 270-character choice made the form 1,694 px wide in a 463 px pane,
    and every row was cut off. These take the width they are given, grow in height instead, and are
    clicked anywhere on their text.
    """

    EXCLUSIVE = False

    def _wrap_height(self) -> None:
        """Ask the layout for a height that depends on the width (called by the button's __init__)."""
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self._button().setSizePolicy(policy)

    # Qt's virtuals: PySide finds these overrides through the mixin, before the Qt button class.
    def sizeHint(self) -> QSize:
        return self.hint()

    def minimumSizeHint(self) -> QSize:
        return self.minimum_hint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.height_for(width)

    def hitButton(self, pos: QPoint) -> bool:
        return self._button().rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint()

    def _metrics(self) -> tuple[int, int, int]:
        """(indicator width, indicator height, spacing to the label) of this style."""
        button = self._button()
        style, opt = button.style(), QStyleOptionButton()
        button.initStyleOption(opt)  # type: ignore[attr-defined]
        PM = QStyle.PixelMetric
        if self.EXCLUSIVE:
            w, h, gap = (
                PM.PM_ExclusiveIndicatorWidth,
                PM.PM_ExclusiveIndicatorHeight,
                PM.PM_RadioButtonLabelSpacing,
            )
        else:
            w, h, gap = PM.PM_IndicatorWidth, PM.PM_IndicatorHeight, PM.PM_CheckBoxLabelSpacing
        return (
            style.pixelMetric(w, opt, button),
            style.pixelMetric(h, opt, button),
            style.pixelMetric(gap, opt, button),
        )

    def _button(self) -> QAbstractButton:
        assert isinstance(self, QAbstractButton)
        return self

    def _rects(self, width: int) -> tuple[QRect, QRect]:
        """Indicator and text rectangles (left to right) for a button ``width`` wide."""
        button = self._button()
        iw, ih, gap = self._metrics()
        fm = button.fontMetrics()
        x = iw + gap
        text_width = max(1, width - x)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        height = fm.boundingRect(QRect(0, 0, text_width, 1_000_000), int(flags), button.text()).height()
        line = fm.height()
        indicator = QRect(0, max(0, (line - ih) // 2), iw, ih)  # beside the first line
        return indicator, QRect(x, max(0, (ih - line) // 2), text_width, max(height, line))

    def hint(self) -> QSize:
        button = self._button()
        iw, _, gap = self._metrics()
        width = iw + gap + button.fontMetrics().horizontalAdvance(button.text()) + 2
        return QSize(width, self.height_for(width))

    def minimum_hint(self) -> QSize:
        button = self._button()
        iw, _, gap = self._metrics()
        fm = button.fontMetrics()
        width = (
            iw + gap + min(fm.horizontalAdvance(button.text()) + 2, fm.averageCharWidth() * MIN_LABEL_CHARS)
        )
        return QSize(width, self.height_for(width))

    def height_for(self, width: int) -> int:
        indicator, text = self._rects(width)
        return max(indicator.bottom(), text.bottom()) + 1

    def paint(self) -> None:
        button = self._button()
        painter = QStylePainter(button)
        opt = QStyleOptionButton()
        button.initStyleOption(opt)  # type: ignore[attr-defined]
        indicator, text = self._rects(button.width())
        direction = button.layoutDirection()
        opt.rect = QStyle.visualRect(direction, button.rect(), indicator)
        PE = QStyle.PrimitiveElement
        painter.drawPrimitive(PE.PE_IndicatorRadioButton if self.EXCLUSIVE else PE.PE_IndicatorCheckBox, opt)
        align = QStyle.visualAlignment(direction, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        button.style().drawItemText(
            painter,
            QStyle.visualRect(direction, button.rect(), text),
            int(align | Qt.TextFlag.TextWordWrap),
            button.palette(),
            button.isEnabled(),
            button.text(),
            QPalette.ColorRole.WindowText,
        )


class WrappingRadioButton(_Wrapping, QRadioButton):
    EXCLUSIVE = True

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        QRadioButton.__init__(self, text, parent)
        self._wrap_height()


class WrappingCheckBox(_Wrapping, QCheckBox):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        QCheckBox.__init__(self, text, parent)
        self._wrap_height()


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
        #: digit -> position, when digits pick by code (see ``keys_by_code``)
        self._by_code = {c: i for i, c in enumerate(self._codes, 1)} if keys_by_code(variable) else None
        #: (type, code) -> button index; the type keeps code 1 and code "1" apart.
        self._index: dict[tuple[type, object], int] = {
            (type(code), code): i for i, code in enumerate(self._codes)
        }
        self._checked: set[int] = set()
        self._unknown = False
        self._typed = ""
        self._typing = QTimer(self, singleShot=True, interval=TYPING_MS)
        self._typing.timeout.connect(self._typing_paused)
        button_type = WrappingCheckBox if self._multi else WrappingRadioButton
        self._buttons: list[QAbstractButton] = []
        for position, category in enumerate(variable.choices, 1):
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            button = button_type(choice_text(variable, position, category, rtl), self)
            button.clicked.connect(partial(self._clicked, position))
            if variable.is_missing_code(category.code):
                # Muted and "— missing", never italic: most italic fonts have no Arabic or Hebrew
                # glyphs, and a missing code's label was drawn as boxes.
                button.setProperty("missingCode", True)
            self._buttons.append(button)
        self._none: QCheckBox | None = None
        if self._multi:
            self._none = WrappingCheckBox("0  None apply", self)
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
        digit = digit_of(text)
        if digit is None or self._read_only:
            return False
        if self._by_code is not None:  # the code picks at once
            position = 0 if digit == 0 and self._multi else self._by_code.get(digit)
            if position is None:
                self._no_choice(str(digit))
            else:
                self._pick(position, str(digit))
            return True
        text = str(digit)
        before, self._typed, position, final = position_of(text, len(self._codes), self._typed)
        if before is not None:  # "2" after "1" in a list of ten: the 1 counts, then 2 starts anew
            self._typing.stop()
            self._pick(before, str(before))
        if position is None or (position == 0 and not self._multi):
            self._typed = ""
            self._dirty = False
            self._no_choice(text)
            return True
        if final:
            self._typed = ""
            self._typing.stop()
            self._pick(position, str(position))
        else:
            self._dirty = True
            self._typing.start()
        return True

    def commit_pending(self) -> None:
        """Commit a position still waiting for its typing pause: leaving the variable (Tab, Ctrl+U,
        another document, Mark done, closing) must not drop the digit the coder typed."""
        if self._typing.isActive() or self._typed:
            self._typing.stop()
            self._typing_paused()

    def _typing_paused(self) -> None:
        typed, self._typed = self._typed, ""
        if typed:
            self._pick(int(typed), typed)

    def _keys(self) -> list[int]:
        """The digits (or positions) that pick something here, for "No choice 9 here (1–5)"."""
        keys = (
            [int(c) for c in self._by_code]
            if self._by_code is not None
            else list(range(1, len(self._codes) + 1))
        )
        return [0, *keys] if self._multi else keys

    def _no_choice(self, typed: str) -> None:
        QApplication.beep()
        self.said.emit(no_choice_message(typed, self._keys()))

    def _pick(self, position: int, typed: str) -> None:
        """A key picked ``position``: apply it like a click, then name what it picked."""
        self._clicked(position)
        if position == 0:
            self.said.emit(pick_message(self.variable, typed, None, "" if self._value == () else "unticked"))
            return
        category = self.variable.choices[position - 1]
        state = ""
        if self._multi:
            state = "ticked" if position - 1 in self._checked else "unticked"
        self.said.emit(pick_message(self.variable, typed, category, state))

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
        self._by_code = {c: i for i, c in enumerate(self._codes, 1)} if keys_by_code(variable) else None
        self._labels = [c.label.casefold() for c in variable.choices]
        self._typed = ""
        #: Every key typed since the last commit ("ma", "14"): named in the status bar with the pick.
        self._keys_typed = ""
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
        """ "not coded" and missing codes in the muted colour. Only "— not coded —" (the app's own
        English) is italic: italic fonts often lack Arabic glyphs, so a label would turn into boxes."""
        muted = muted_colour(self.palette())
        italic = self.combo.font()
        italic.setItalic(True)
        self.combo.setItemData(0, italic, Qt.ItemDataRole.FontRole)
        missing = [0] + [i for i, c in enumerate(self._codes, 1) if self.variable.is_missing_code(c)]
        for index in missing:
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
        if not self._pending:
            self._keys_typed = ""
        index, final = self._type_ahead(text)
        if index is not None:
            self._keys_typed += text
            self.combo.setCurrentIndex(index)
            self._pending = self._dirty = True
        elif digit_of(text) is not None:  # a digit that picks nothing: say so, change nothing
            QApplication.beep()
            keys = [int(c) for c in self._by_code] if self._by_code else range(1, len(self._codes) + 1)
            self.said.emit(no_choice_message(str(digit_of(text)), keys))
        if final:
            self.commit_pending()
        else:
            self._typing.start()
        return True

    def _type_ahead(self, text: str) -> tuple[int | None, bool]:
        digit = digit_of(text)
        if digit is not None and self._by_code is not None and not self._typed:
            return self._by_code.get(digit), True  # by code: one digit picks at once
        if digit is not None and (not self._typed or self._typed.isdecimal()):
            text = str(digit)
            # A digit that cannot extend the position replaces it (one choice: the last one typed wins,
            # with no extra save for the one it replaces); the keys named are then this digit's.
            before, self._typed, position, final = position_of(text, len(self._codes), self._typed)
            if before is not None:
                self._keys_typed = ""
            return (position or None), final and position is not None
        typed = self._typed + text.casefold() if not self._typed.isdecimal() else text.casefold()
        index = self._find(typed)
        if index is None and len(typed) > 1:
            typed = text.casefold()
            index = self._find(typed)
        if typed == text.casefold():  # a new prefix: the status bar names only its keys
            self._keys_typed = ""
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
            index = self.combo.currentIndex()
            self._activated(index)
            if index > 0 and self._keys_typed:
                category = self.variable.choices[index - 1]
                self.said.emit(pick_message(self.variable, self._keys_typed.strip(), category))
            self._keys_typed = ""

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
        self._keys_typed = ""
        self._pending = False
