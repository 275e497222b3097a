"""Right-to-left names inside left-to-right sentences: one place for how the app composes them.

Why: a line such as ``003-مقابلة · recruitment · group الأسرة`` or ``Coders: Jonas, أمينة, ليلى.``
is run through the Unicode bidirectional algorithm as a whole. Without help, the first strong
character can turn the whole line right to left, and neighbouring Arabic names (with the commas
between them) merge into one right-to-left run that is shown in reverse order. Two things keep such
a line readable:

- every user-supplied piece (a name, a label, a document id) is wrapped in a first-strong isolate
  (U+2068 … U+2069): it is laid out in its own direction and never reorders its neighbours, and it
  does not decide the direction of the line (``isolate``);
- the composed line itself is laid out left to right, aligned left (``left_to_right``), since its
  wording ("Coders:", "group", the numbers) is the app's English.

Text shown alone (a table cell holding one name, a transcript) keeps its own direction: it needs
neither.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolate(text: str) -> str:
    """``text`` as a first-strong isolate: laid out in its own direction without reordering its
    neighbours (an empty text stays empty, so no invisible characters appear on their own)."""
    return f"{FSI}{text}{PDI}" if text else text


def strip_isolates(text: str) -> str:
    """``text`` without isolate marks: for accessible names and messages that a screen reader or
    a test reads as plain words."""
    return text.replace(FSI, "").replace(PDI, "")


def left_to_right(label: QLabel) -> QLabel:
    """Lay ``label``'s composed line out left to right and aligned left, whatever its pieces say.

    Rich text takes its paragraph direction from the document, so a label meant for rich text should
    also wrap it in ``ltr_html``; the layout direction covers plain text and the alignment.
    """
    label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    vertical = label.alignment() & Qt.AlignmentFlag.AlignVertical_Mask
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | vertical)
    return label


def ltr_html(inner_html: str) -> str:
    """A rich-text paragraph laid out left to right (its isolated pieces keep their own direction)."""
    return f'<p dir="ltr" align="left" style="margin:0">{inner_html}</p>'


def is_right_to_left(text: str) -> bool:
    """Whether ``text`` reads right to left, by its first strong character (as the Unicode
    bidirectional algorithm decides a paragraph's direction); False when it has none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def quoted(text: str) -> str:
    """``“text”`` with the quote isolated inside its marks.

    Without the isolate an Arabic quote inside English quotation marks took both marks into its
    right-to-left run, and they were drawn together at one end of the line.
    """
    return f"“{isolate(text)}”"
