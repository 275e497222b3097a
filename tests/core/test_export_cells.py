"""Safe cells: formula-looking text, characters XML forbids, Excel's length limit."""

from __future__ import annotations

import pytest

from ictool.core.export.cells import (
    EXCEL_MAX_CHARS,
    TRUNCATION_MARKER,
    csv_text,
    excel_number,
    needs_quote_prefix,
    xlsx_text,
    xml_safe,
)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x")', "+1+2", "-cmd", "@SUM(A1)", "\tx", "\rx", "=1", "-", "+"],
)
def test_formula_looking_text_is_quoted_in_csv(text: str) -> None:
    assert needs_quote_prefix(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["-3", "+1", "-2.5", "1e5", "-.5", "plain", "", "a=b", " =x"])
def test_numbers_and_plain_text_are_left_alone(text: str) -> None:
    assert not needs_quote_prefix(text)
    assert csv_text(text) == text


def test_xml_forbidden_characters_are_removed_and_cr_becomes_lf() -> None:
    assert xml_safe("a\x00b\x01c\x1fd\ufffee\uffff\ud800f\tg\nh") == "abcdef\tg\nh"
    assert xlsx_text("line\r\nnext\rlast\x07") == "line\nnext\nlast"
    assert xlsx_text("مرحبا 🙂 שלום") == "مرحبا 🙂 שלום"
    assert xlsx_text('=HYPERLINK("x")') == '=HYPERLINK("x")'  # xlsx keeps it: it is written as a string cell


def test_long_text_is_cut_with_a_marker_counting_utf16_units() -> None:
    exact = "a" * EXCEL_MAX_CHARS
    assert xlsx_text(exact) == exact
    cut = xlsx_text("a" * 40_000)
    assert len(cut) == EXCEL_MAX_CHARS and cut.endswith(TRUNCATION_MARKER)
    emoji = xlsx_text("🙂" * 20_000)  # 40,000 UTF-16 units
    units = len(emoji.encode("utf-16-le")) // 2
    assert units <= EXCEL_MAX_CHARS and emoji.endswith(TRUNCATION_MARKER)
    assert emoji.startswith("🙂" * 100)


def test_csv_drops_only_lone_surrogates() -> None:
    assert csv_text("a\ud800b\x01c") == "ab\x01c"


def test_huge_integers_become_text_for_excel() -> None:
    assert excel_number(2**53) == str(2**53)
    assert excel_number(-(2**60)) == str(-(2**60))
    assert excel_number(12) == 12 and excel_number(1.5) == 1.5
