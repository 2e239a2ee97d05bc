"""Reading written values: YAML 1.2 numbers, decimal leading zeros, thousands commas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulletin.scalars import NumberError, plain, read_number, whole

PLAIN = [
    pytest.param("67600", 67600, False, id="int"),
    pytest.param("067600", 67600, True, id="leading-zero-is-decimal-with-warning"),
    pytest.param("0010", 10, True, id="leading-zeros-not-octal"),
    pytest.param("010", 10, True, id="three-digit-leading-zero"),
    pytest.param("08", 8, False, id="zero-padded-month-silent"),
    pytest.param("02", 2, False, id="zero-padded-two-digits-silent"),
    pytest.param("0", 0, False, id="zero"),
    pytest.param("-5", -5, False, id="negative"),
    pytest.param("1_000", 1000, False, id="underscore-groups"),
    pytest.param("0.1", Decimal("0.1"), False, id="decimal-exact"),
    pytest.param("1.5e+3", Decimal("1.5E+3"), False, id="exponent"),
    pytest.param(".inf", Decimal("Infinity"), False, id="infinity"),
    pytest.param("0x10", "0x10", False, id="hex-is-text"),
    pytest.param("0o17", "0o17", False, id="octal-prefix-is-text"),
    pytest.param("1:30", "1:30", False, id="base-60-is-text"),
    pytest.param("67,600", "67,600", False, id="thousands-left-to-the-field"),
    pytest.param("67,6", "67,6", False, id="decimal-comma-is-text"),
    pytest.param("true", True, False, id="true"),
    pytest.param("FALSE", False, False, id="false-capitals"),
    pytest.param("yes", "yes", False, id="yes-is-text"),
    pytest.param("off", "off", False, id="off-is-text"),
    pytest.param("~", None, False, id="tilde-null"),
    pytest.param("null", None, False, id="null"),
    pytest.param("2025-07-15", dt.date(2025, 7, 15), False, id="date"),
    pytest.param("2025-13-01", "2025-13-01", False, id="impossible-date-is-text"),
    pytest.param("2026-12", "2026-12", False, id="year-month-is-text"),
    pytest.param("东城区", "东城区", False, id="chinese-text"),
]


@pytest.mark.parametrize(("text", "value", "warns"), PLAIN)
def test_unquoted_values_are_read_by_our_rules(text: str, value: object, warns: bool) -> None:
    """Each unquoted form means what a secretary means, warning only where YAML 1.1 differs."""
    got, note = plain(text)
    assert got == value
    assert type(got) is type(value)
    assert (note is not None) == warns
    if warns:
        assert f"按十进制读作 {value}" in str(note)


NUMBERS = [
    pytest.param("67600", Decimal(67600), id="plain"),
    pytest.param("67,600", Decimal(67600), id="thousands"),
    pytest.param("1,234,567.5", Decimal("1234567.5"), id="millions-with-fraction"),
    pytest.param("67，600", Decimal(67600), id="full-width-comma"),
    pytest.param("067600", Decimal(67600), id="leading-zero-decimal"),
    pytest.param(" -12.5 ", Decimal("-12.5"), id="sign-and-spaces"),
    pytest.param("abc", None, id="not-a-number"),
    pytest.param("0x10", None, id="hex-not-a-number"),
    pytest.param("1:30", None, id="base-60-not-a-number"),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_read_number(text: str, expected: Decimal | None) -> None:
    """A text writes a number with optional thousands commas, or none at all."""
    assert read_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("67,6", id="decimal-comma"),
        pytest.param("1,2,3", id="commas-between-digits"),
        pytest.param("6760,0", id="comma-in-the-wrong-place"),
        pytest.param("67,6000", id="four-digit-group"),
    ],
)
def test_commas_that_do_not_group_thousands_are_refused(text: str) -> None:
    """A comma that is not a thousands separator is an error naming the value, not a guess."""
    with pytest.raises(NumberError, match="逗号只能用作千位分隔符") as caught:
        read_number(text)
    assert repr(text) in str(caught.value)


WHOLE = [
    pytest.param(6, 6, id="int"),
    pytest.param(Decimal("6.0"), 6, id="integral-decimal"),
    pytest.param("06", 6, id="padded-text"),
    pytest.param("1,200", 1200, id="thousands-text"),
    pytest.param(True, True, id="true-stays-for-the-field-to-refuse"),
    pytest.param(Decimal("6.5"), Decimal("6.5"), id="fraction-stays"),
    pytest.param("0x10", "0x10", id="hex-stays"),
    pytest.param("1,2", "1,2", id="bad-comma-stays"),
]


@pytest.mark.parametrize(("value", "expected"), WHOLE)
def test_whole_numbers(value: object, expected: object) -> None:
    """Whole-number fields take ints in any plain form; anything else is left to be refused."""
    got = whole(value)
    assert got == expected
    assert type(got) is type(expected)


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_and_plain_digits_agree(n: int) -> None:
    """Any whole number reads the same with and without thousands commas (oracle: format)."""
    assert read_number(f"{n:,}") == read_number(str(n)) == Decimal(n)
    assert plain(str(n)) == (n, None)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1" * 5000, id="five-thousand-digits"),
        pytest.param("1e999999999", id="huge-exponent"),
        pytest.param("1e-999999999", id="tiny-exponent"),
    ],
)
def test_absurd_numbers_are_text_not_numbers(text: str) -> None:
    """A number nobody wrote stays text (a number field refuses it) instead of hanging a print."""
    assert plain(text) == (text, None)
    assert whole(text) == text


def test_overlong_digits_are_refused_by_name() -> None:
    """Thousands of digits in a quoted amount are an error, not a 5,000-digit figure."""
    with pytest.raises(NumberError, match="数字过长（5000 位）"):
        read_number("1" * 5000)
