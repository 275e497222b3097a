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

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QWidget,
)

from ictool.core.codebook.choices import format_code
from ictool.core.codebook.model import Category, Kind, Value, Variable
from ictool.gui.bidi import isolate

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


def keys_by_code(variable: Variable) -> bool:
    """Digit keys pick a choice by its code when every code is one digit (0–9; 1–9 in a multi-select,
    where 0 is "None apply"); otherwise by the position shown before each choice. So 9 is "Not
    mentioned" only where that is code 9 of a short list: in "Country of origin" (99 Not mentioned) 9
    is position 9. Every digit pick is named in the status bar (``pick_message``) for that reason."""
    low = 1 if variable.kind is Kind.MULTI else 0
    return all(
        isinstance(c.code, int) and not isinstance(c.code, bool) and low <= c.code <= 9
        for c in variable.choices
    )


def choice_text(variable: Variable, position: int, category: Category, rtl: bool = False) -> str:
    """``"2  Man"``: the key that picks it, then the label; a declared missing code says so (it is
    excluded from alpha).

    The key is the choice's code when codes are single digits, else its position; then the code, when
    it is not the number shown, follows the label ("14  Not mentioned (code 99)"), so the codes of the
    codebook are always on screen. A directional mark starts the text so the key hint sits next to the
    indicator even when the label is Arabic or Hebrew (else its first letter would turn the line around).
    """
    by_code = keys_by_code(variable)
    key = format_code(category.code) if by_code else str(position)
    code = "" if key == format_code(category.code) else f" (code {format_code(category.code)})"
    suffix = " — missing" if variable.is_missing_code(category.code) else ""
    return f"{RLM if rtl else LRM}{key}  {category.label}{code}{suffix}"


def digit_of(text: str) -> int | None:
    """The digit a key typed (Western or Arabic-Indic), or None."""
    return int(text) if len(text) == 1 and text.isdecimal() else None


def position_of(text: str, count: int, started: str) -> tuple[int | None, str, int | None, bool]:
    """Digits typed so far → (position typed before, buffer, position or None, final).

    ``final`` means no further digit can make a longer valid position, so the caller commits at once
    instead of waiting for the typing pause (with up to nine choices every digit is final).

    A digit that cannot extend the buffer ("2" after "1" with ten choices) starts a new one, and the
    position typed before it is handed back first instead of being thrown away: in a multi-select,
    typing 1 then 2 quickly ticks both (it used to store only 2).
    """
    before: int | None = None
    buffer = started + text
    if not buffer.isdecimal() or int(buffer) > count:
        before = int(started) if started.isdecimal() and 0 < int(started) <= count else None
        buffer = text
    position = int(buffer)
    if position > count:
        return before, "", None, True
    return before, buffer, position, position == 0 or position * 10 > count


def key_ranges(keys: Iterable[int]) -> str:
    """``"1–3, 9"``: the digits (or positions) that pick something, runs written as ranges."""
    runs: list[list[int]] = []
    for key in sorted(set(keys)):
        if runs and key == runs[-1][1] + 1:
            runs[-1][1] = key
        else:
            runs.append([key, key])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def pick_message(variable: Variable, typed: str, category: Category | None, state: str = "") -> str:
    """``"Main role: 9 → Guard (code 9)"``: what a key just picked, for the status bar.

    Digits mean the code in one list and the position in another (see ``keys_by_code``); naming the
    choice and its code after every pick lets the coder see at once when a key meant something else.
    ``category`` None is "None apply" (multi-select 0); ``state`` adds "ticked" / "unticked".
    """
    if category is None:
        picked = "None apply"
    else:
        picked = f"{isolate(category.label)} (code {format_code(category.code)})"
    return f"{isolate(variable.display_label)}: {typed} → {picked}" + (f", {state}" if state else "")


def no_choice_message(typed: str, keys: Iterable[int]) -> str:
    """``"No choice 9 here (1–5)"``: a digit that picks nothing is said, not silently dropped."""
    return f"No choice {typed} here ({key_ranges(keys)})"


class VariableEditor(QWidget):
    """Protocol: ``set_value`` shows without emitting; ``edited(value)`` means the coder acted."""

    edited = Signal(object)
    #: A short status-bar message about a key the coder pressed ("Main role: 9 → Guard (code 9)").
    said = Signal(str)
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

    def has_input(self) -> bool:
        """The editor shows something other than its value: typing, a pending pick, a refused entry."""
        return self._dirty

    def problem(self) -> str | None:
        """Why the entry shown cannot be saved (it stays shown until corrected or reverted); None if fine."""
        return None

    def typed_text(self) -> str:
        """The entry as typed (for a refused entry: what would be lost)."""
        return ""

    def revert(self) -> bool:
        """Back to the saved value; False when there was nothing to revert."""
        return False

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
