"""Code point <-> UTF-16 offsets, checked against Python's own UTF-16 encoder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ictool.gui.text_offsets import OffsetMap, utf16_length

FAMILY = "👨\u200d👩\u200d👧"  # three astral people joined by ZWJ: 5 code points, 8 UTF-16 units
SAMPLES = [
    "",
    "plain ASCII only",
    "R: قال إنه انضم عندما كان في السابعة عشرة",
    "smile 🙂 then more 🙂🙂 text",
    f"{FAMILY} family at start and end {FAMILY}",
    "CJK 中文 and an astral CJK 𠀀 extension B character",
    "combining e\u0301 and a\u0308\u0304 marks, Hebrew שלום",
    "🙂",
    "\U0010ffff\U00010000",
    "mixed: I: Tell me. R: مرحبا 🙂 中文 e\u0301 " + FAMILY + " end",
]


def reference_utf16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def reference_codepoint(text: str, u: int) -> int:
    """The code point whose UTF-16 units contain ``u`` (its start), or len(text) at the end."""
    for i in range(len(text) + 1):
        if reference_utf16(text, i) >= u:
            return i if reference_utf16(text, i) == u else i - 1
    return len(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_every_code_point_offset_matches_the_encoder(text: str) -> None:
    m = OffsetMap(text)
    assert m.length == len(text)
    assert m.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        assert m.to_utf16(i) == reference_utf16(text, i)
        assert m.to_codepoint(m.to_utf16(i)) == i


@pytest.mark.parametrize("text", SAMPLES)
def test_every_utf16_offset_maps_to_the_start_of_its_character(text: str) -> None:
    m = OffsetMap(text)
    for u in range(m.utf16_length + 1):
        assert m.to_codepoint(u) == reference_codepoint(text, u)


def test_mid_surrogate_pair() -> None:
    m = OffsetMap("a🙂b")
    assert [m.to_codepoint(u) for u in range(5)] == [0, 1, 1, 2, 3]
    assert m.span_to_codepoints(1, 2) == (1, 2)  # ends inside the pair: widened to the emoji
    assert m.span_to_codepoints(2, 4) == (1, 3)  # starts inside the pair: rounded down
    assert m.span_to_utf16(1, 3) == (1, 4)


def test_family_emoji_offsets() -> None:
    text = f"x{FAMILY}y"
    m = OffsetMap(text)
    assert m.has_astral
    assert m.to_utf16(len(text)) == 1 + 8 + 1
    assert m.span_to_codepoints(*m.span_to_utf16(1, 1 + len(FAMILY))) == (1, 1 + len(FAMILY))


def test_no_astral_text_is_identity_and_stores_nothing() -> None:
    m = OffsetMap("مرحبا e\u0301 中文")
    assert not m.has_astral
    assert [m.to_utf16(i) for i in range(12)] == list(range(12))


def test_out_of_range_indices_are_clamped() -> None:
    m = OffsetMap("a🙂")
    assert m.to_utf16(-5) == 0
    assert m.to_utf16(99) == 3
    assert m.to_codepoint(-1) == 0
    assert m.to_codepoint(99) == 2


def test_lone_surrogate_counts_as_one_unit() -> None:
    m = OffsetMap("a\ud83db")
    assert m.utf16_length == 3
    assert m.to_utf16(3) == 3


ALPHABET = st.sampled_from([*"aZ ,.\n\u0301\u200d", "🙂", "👨", "中", "م", "ש", "𠀀", "\U0010ffff"])
texts = st.one_of(st.text(alphabet=ALPHABET, max_size=60), st.text(max_size=60))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_round_trip_property(text: str) -> None:
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        u = m.to_utf16(i)
        assert u == len(text[:i].encode("utf-16-le", "surrogatepass")) // 2
        assert m.to_codepoint(u) == i


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_span_round_trip_property(text: str, data: st.DataObject) -> None:
    m = OffsetMap(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert m.span_to_codepoints(*m.span_to_utf16(start, end)) == (start, end)
    # Any UTF-16 span widens to whole characters that contain it.
    u0 = data.draw(st.integers(0, m.utf16_length))
    u1 = data.draw(st.integers(u0, m.utf16_length))
    c0, c1 = m.span_to_codepoints(u0, u1)
    assert m.to_utf16(c0) <= u0 and m.to_utf16(c1) >= u1
    assert c1 - c0 <= u1 - u0 + 1
