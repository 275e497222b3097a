"""Convert between code-point offsets (the core's evidence spans) and Qt's UTF-16 offsets.

The core stores evidence as Python string indices of the stored text, i.e. Unicode code
points. Qt (``QTextCursor.position``, ``QTextDocument``) counts UTF-16 code units, in which
every astral character (U+10000 and above: most emoji, some CJK extensions, historic scripts)
takes two units. The two counts agree up to the first astral character and then drift by one
per astral character, so a naive ``cursor.position()`` would silently shift every quote that
follows an emoji.

``OffsetMap`` is built once per document: it records the positions of the astral characters
in a sorted list, and each conversion is one ``bisect`` (O(log k) for k astral characters). A
text without astral characters - the usual transcript - stores nothing and converts with a
couple of comparisons, so the map can be built on every document switch.

Out-of-range indices are clamped rather than raising: they come from Qt positions (the end
of the document, a stale cursor) where clamping is the useful answer.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units in ``text`` (what Qt reports as its length).

    ``surrogatepass`` counts a lone surrogate (possible in a Python string) as one unit,
    as Qt would, instead of raising.
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class OffsetMap:
    """Two-way code point <-> UTF-16 offset conversion for one text.

    ``_astral_cp`` holds the code-point index of each astral character, ascending;
    ``_astral_u16`` the UTF-16 index where that character starts (``cp + k`` for the k-th).
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.utf16_length = utf16_length(text)
        self._astral_cp: list[int] = []
        self._astral_u16: list[int] = []
        if self.utf16_length != self.length:
            self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
            self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]

    @property
    def has_astral(self) -> bool:
        """True if any offset past the first astral character differs between the two counts."""
        return bool(self._astral_cp)

    def to_utf16(self, index: int) -> int:
        """UTF-16 offset of code-point ``index`` (clamped to ``0..length``)."""
        index = min(max(index, 0), self.length)
        if not self._astral_cp:
            return index
        # Every astral character strictly before ``index`` adds one extra unit.
        return index + bisect_left(self._astral_cp, index)

    def to_codepoint(self, index: int) -> int:
        """Code-point offset of UTF-16 ``index`` (clamped to ``0..utf16_length``).

        An index between the two halves of a surrogate pair maps to the start of that
        character: the astral characters starting strictly before ``index`` are subtracted,
        and for a mid-pair index that includes the character itself, which lands on its start.
        """
        index = min(max(index, 0), self.utf16_length)
        if not self._astral_u16:
            return index
        return index - bisect_left(self._astral_u16, index)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A code-point span ``[start, end)`` in UTF-16 offsets."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoints(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 span in code points, widened to whole characters.

        The start rounds down and the end rounds up, so a selection that ends inside a
        surrogate pair still contains the whole emoji rather than losing it.
        """
        cp_start = self.to_codepoint(start)
        cp_end = self.to_codepoint(end)
        if self.to_utf16(cp_end) < min(max(end, 0), self.utf16_length):
            cp_end += 1
        return cp_start, cp_end
