"""Table-driven tests for bulletin.zh: the examples of the numbers-and-phrasing spec and seeds."""

from __future__ import annotations

import ast
import datetime as dt
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bulletin import zh
from bulletin.zh import (
    FILTERS,
    amount,
    amount_list,
    amount_range,
    as_of,
    choose_amount_unit,
    cn_count,
    cn_date,
    cn_number,
    cn_ordinal,
    cn_year,
    doc_number,
    enum_prefix,
    enumeration,
    fixed,
    growth,
    growth_between,
    growth_vs_target,
    heading_marker,
    make_filters,
    month_span,
    multiple,
    normalize_doc_number,
    percent,
    percent_range,
    percent_vs,
    period_label,
    pp_gap,
    quantity,
    quarter_label,
    ratio_percent,
    round_half_up,
    share,
    weekday_line,
)

D = Decimal
ZH_SOURCE = Path(zh.__file__)


# ---------------------------------------------------------------- numerals (R1.5–R1.7)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        pytest.param(0, "零", id="zero"),
        pytest.param(10, "十", id="ten-at-start"),
        pytest.param(11, "十一", id="eleven-at-start"),
        pytest.param(19, "十九", id="nineteen"),
        pytest.param(20, "二十", id="twenty-er-before-shi"),
        pytest.param(100_000, "十万", id="shi-wan"),
        pytest.param(110_000, "十一万", id="shi-yi-wan"),
        pytest.param(10**9, "十亿", id="shi-yi"),
        pytest.param(110, "一百一十", id="yi-shi-inside"),
        pytest.param(1010, "一千零一十", id="yi-qian-ling-yi-shi"),
        pytest.param(100_010, "十万零一十", id="shi-wan-ling-yi-shi"),
        pytest.param(100_100_000, "一亿零一十万", id="yi-yi-ling-yi-shi-wan"),
        pytest.param(105, "一百零五", id="one-ling-inside-section"),
        pytest.param(1001, "一千零一", id="one-ling-for-a-run"),
        pytest.param(10_001, "一万零一", id="ling-across-wan"),
        pytest.param(1_000_100, "一百万零一百", id="ling-before-short-section"),
        pytest.param(100_001_000, "一亿零一千", id="ling-for-empty-wan-section"),
        pytest.param(10_001_000, "一千万一千", id="no-ling-at-qian-boundary"),
        pytest.param(1_001_000, "一百万一千", id="no-ling-after-trailing-zeros"),
        pytest.param(3052, "三千零五十二", id="san-qian-ling-wu-shi-er"),
        pytest.param(37_000, "三万七千", id="no-trailing-ling"),
        pytest.param(10**12, "一万亿", id="yi-wan-yi"),
        pytest.param(10**13, "十万亿", id="shi-wan-yi"),
        pytest.param(1_000_010_000_000, "一万亿零一千万", id="ling-for-empty-yi-section"),
        pytest.param(1_000_100_000_000, "一万零一亿", id="wan-ling-yi-yi"),
        pytest.param(1_000_000_000_001, "一万亿零一", id="one-ling-for-long-run"),
        pytest.param(10**16, "一亿亿", id="upper-bound"),
        pytest.param(
            10**16 - 1,
            "九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九",
            id="all-nines",
        ),
        pytest.param(-5, "负五", id="negative"),
        pytest.param(D("95.06"), "九十五点零六", id="decimal-ling-not-circle"),
        pytest.param(D("0.46"), "零点四六", id="pure-decimal"),
        pytest.param(D("-0.5"), "负零点五", id="negative-decimal"),
        pytest.param(D("5.0"), "五点零", id="decimal-digits-as-written"),
        pytest.param(D("-0"), "零", id="negative-zero"),
        pytest.param(D("1E+3"), "一千", id="exponent-form"),
    ],
)
def test_cn_number_spells_spec_examples(n: int | Decimal, expected: str) -> None:
    """cn_number writes counting numerals with 十/一十 and 零 as R1.5 says."""
    assert cn_number(n) == expected


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        pytest.param(10**16 + 1, ValueError, id="above-1e16"),
        pytest.param(-(10**16) - 1, ValueError, id="below-minus-1e16"),
        pytest.param(D("NaN"), ValueError, id="nan"),
        pytest.param(D("Infinity"), ValueError, id="infinity"),
        pytest.param(1.5, TypeError, id="float"),
        pytest.param(True, TypeError, id="bool"),
        pytest.param("12", TypeError, id="string"),
    ],
)
def test_cn_number_refuses_bad_input(bad: Any, error: type[Exception]) -> None:
    """cn_number refuses out-of-range, non-finite and non-Decimal input."""
    with pytest.raises(error):
        cn_number(bad)


@pytest.mark.parametrize(
    ("n", "measure", "expected"),
    [
        pytest.param(2, "个", "两个", id="liang-ge"),
        pytest.param(2, "项", "两项", id="liang-xiang"),
        pytest.param(2, "年", "两年", id="liang-nian"),
        pytest.param(2, "大重点", "两大重点", id="liang-da"),
        pytest.param(2, "个季度", "两个季度", id="liang-ge-jidu"),
        pytest.param(1, "个", "一个", id="one"),
        pytest.param(3, "个方面", "三个方面", id="san-ge-fangmian"),
        pytest.param(12, "个", "十二个", id="twelve"),
        pytest.param(20, "个", "二十个", id="twenty"),
        pytest.param(22, "个", "二十二个", id="twenty-two-keeps-er"),
        pytest.param(102, "个", "一百零二个", id="hundred-and-two"),
        pytest.param(200, "个", "二百个", id="two-hundred-keeps-er"),
        pytest.param(2000, "个", "两千个", id="liang-qian"),
        pytest.param(20000, "个", "两万个", id="liang-wan"),
        pytest.param(2500, "项", "两千五百项", id="liang-qian-wubai"),
        pytest.param(200000000, "元", "两亿元", id="liang-yi"),
    ],
)
def test_cn_count_uses_liang_only_for_two(n: int, measure: str, expected: str) -> None:
    """cn_count says 两 for two and a leading 2 before 千/万/亿, 二 elsewhere (R1.7)."""
    assert cn_count(n, measure) == expected


@pytest.mark.parametrize(
    ("n", "measure", "error"),
    [
        pytest.param(2, "季度", ValueError, id="liang-jidu-is-wrong"),
        pytest.param(2, "月", ValueError, id="month-reads-as-ordinal"),
        pytest.param(2, "", ValueError, id="empty-measure"),
        pytest.param(-1, "个", ValueError, id="negative"),
        pytest.param(D(2), "个", TypeError, id="decimal-not-a-count"),
    ],
)
def test_cn_count_refuses_ambiguous_or_bad_counts(n: Any, measure: str, error: type) -> None:
    """cn_count refuses 两季度-style nouns, empty measures and non-int counts."""
    with pytest.raises(error):
        cn_count(n, measure)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        pytest.param(1, "第一", id="first"),
        pytest.param(2, "第二", id="second-er-not-liang"),
        pytest.param(11, "第十一", id="eleventh"),
        pytest.param(20, "第二十", id="twentieth"),
    ],
)
def test_cn_ordinal(n: int, expected: str) -> None:
    """cn_ordinal writes 第 + numeral with 二, never 两."""
    assert cn_ordinal(n) == expected


def test_cn_ordinal_starts_at_one() -> None:
    """cn_ordinal refuses 0."""
    with pytest.raises(ValueError):
        cn_ordinal(0)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param(2025, "二〇二五", id="2025"),
        pytest.param(2012, "二〇一二", id="2012"),
        pytest.param(2000, "二〇〇〇", id="2000-three-circles"),
        pytest.param(1990, "一九九〇", id="1990"),
    ],
)
def test_cn_year_reads_digits_with_ideographic_zero(year: int, expected: str) -> None:
    """cn_year spells each digit and uses U+3007 for zero (R1.6)."""
    text = cn_year(year)
    assert text == expected
    assert not {"零", "○", "O", "0"} & set(text)


# ---------------------------------------------------------------- headings and lists (R2)


@pytest.mark.parametrize(
    ("level", "n", "expected"),
    [
        pytest.param(1, 1, "一、", id="l1-1"),
        pytest.param(1, 10, "十、", id="l1-10"),
        pytest.param(1, 21, "二十一、", id="l1-21"),
        pytest.param(2, 1, "（一）", id="l2-1"),
        pytest.param(2, 11, "（十一）", id="l2-11"),
        pytest.param(3, 1, "1.", id="l3-1"),
        pytest.param(3, 11, "11.", id="l3-11"),
        pytest.param(4, 1, "（1）", id="l4-1"),
        pytest.param(4, 11, "（11）", id="l4-11"),
    ],
)
def test_heading_marker_follows_gbt9704(level: int, n: int, expected: str) -> None:
    """heading_marker gives 一、 （一） 1. （1） for levels 1–4 and any n (R2.1)."""
    assert heading_marker(level, n) == expected


@pytest.mark.parametrize(
    ("level", "n"),
    [
        pytest.param(0, 1, id="level-0"),
        pytest.param(5, 1, id="level-5"),
        pytest.param(1, 0, id="n-0"),
    ],
)
def test_heading_marker_refuses_bad_level_or_number(level: int, n: int) -> None:
    """heading_marker refuses levels outside 1–4 and numbers below 1."""
    with pytest.raises(ValueError):
        heading_marker(level, n)


@pytest.mark.parametrize(
    ("n", "style", "expected"),
    [
        pytest.param(1, "是", "一是", id="yi-shi"),
        pytest.param(2, "是", "二是", id="er-shi-not-liang"),
        pytest.param(11, "是", "十一是", id="shi-yi-shi"),
        pytest.param(2, "要", "二要", id="er-yao"),
        pytest.param(3, "第", "第三，", id="di-san-comma"),
    ],
)
def test_enum_prefix(n: int, style: Any, expected: str) -> None:
    """enum_prefix writes 一是 / 一要 / 第一， (R2.2)."""
    assert enum_prefix(n, style) == expected


@pytest.mark.parametrize(
    ("items", "style", "end", "expected"),
    [
        pytest.param(
            ["抓开工。", "抓进度；", "抓服务"],
            "是",
            "。",
            "一是抓开工；二是抓进度；三是抓服务。",
            id="shi-strips-item-punctuation",
        ),
        pytest.param(
            ["压实责任", "强化督导"], "要", "。", "一要压实责任；二要强化督导。", id="yao"
        ),
        pytest.param(
            ["提高站位，", "狠抓落实"], "第", "。", "第一，提高站位；第二，狠抓落实。", id="di"
        ),
        pytest.param(["完善机制 ；  "], "是", "；", "一是完善机制；", id="custom-end-and-spaces"),
    ],
)
def test_enumeration_joins_one_style(items: list[str], style: Any, end: str, expected: str) -> None:
    """enumeration numbers every item in one style and owns the punctuation (R2.2)."""
    assert enumeration(items, style, end) == expected


def test_enumeration_custom_separator() -> None:
    """enumeration takes another separator, e.g. full stops between 第一， items."""
    assert enumeration(["甲", "乙"], "第", sep="。") == "第一，甲。第二，乙。"


@pytest.mark.parametrize(
    ("items", "style", "error"),
    [
        pytest.param([], "是", ValueError, id="empty-list"),
        pytest.param(["甲", "。"], "是", ValueError, id="empty-item"),
        pytest.param("甲乙", "是", TypeError, id="bare-string"),
        pytest.param(["甲", 2], "是", TypeError, id="non-string-item"),
        pytest.param(["甲"], "者", ValueError, id="unknown-style"),
    ],
)
def test_enumeration_refuses_bad_lists(items: Any, style: Any, error: type) -> None:
    """enumeration refuses empty lists, empty items, bare strings and unknown styles."""
    with pytest.raises(error):
        enumeration(items, style)


# ---------------------------------------------------------------- rounding (R7)


@pytest.mark.parametrize(
    ("value", "places", "mode", "expected"),
    [
        pytest.param(D("1.25"), 1, "half_up", D("1.3"), id="tie-up"),
        pytest.param(D("-1.25"), 1, "half_up", D("-1.3"), id="tie-on-magnitude"),
        pytest.param(D("82.5"), 0, "half_up", D("83"), id="82.5-to-83"),
        pytest.param(D("82.5"), 0, "half_even", D("82"), id="82.5-half-even"),
        pytest.param(D("1.050"), 1, "half_even", D("1.0"), id="gbt8170-1.050"),
        pytest.param(D("0.35"), 1, "half_even", D("0.4"), id="gbt8170-0.35"),
        pytest.param(D("15.4546"), 0, "half_up", D("15"), id="round-once-not-in-steps"),
        pytest.param(D("-0.04"), 1, "half_up", D("0.0"), id="no-negative-zero"),
        pytest.param(7, 2, "half_up", D("7.00"), id="int-gets-places"),
        pytest.param(
            D("1E+30"), 2, "half_up", D("1" + "0" * 30 + ".00"), id="beyond-default-precision"
        ),
    ],
)
def test_round_half_up(value: Decimal, places: int, mode: Any, expected: Decimal) -> None:
    """round_half_up rounds once on the magnitude, half up unless half_even is asked for."""
    result = round_half_up(value, places, mode)
    assert result == expected
    assert result.as_tuple().exponent == -places
    assert not (result.is_zero() and result.is_signed())


@pytest.mark.parametrize(
    ("value", "places", "error"),
    [
        pytest.param(1.25, 1, TypeError, id="float"),
        pytest.param(D("1.25"), -1, ValueError, id="negative-places"),
        pytest.param(D("1.25"), 1.0, TypeError, id="float-places"),
    ],
)
def test_round_half_up_refuses_floats_and_bad_places(value: Any, places: Any, error: type) -> None:
    """round_half_up refuses floats and negative or non-int places."""
    with pytest.raises(error):
        round_half_up(value, places)


def test_round_half_up_refuses_unknown_mode() -> None:
    """round_half_up names the allowed modes when given another."""
    with pytest.raises(ValueError, match="half_up"):
        round_half_up(D(1), 0, "banker")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        pytest.param(D("1234.5"), 2, "1234.50", id="pads-places"),
        pytest.param(12_345_678, 0, "12345678", id="no-grouping"),
        pytest.param(D("-0.001"), 2, "0.00", id="no-minus-zero"),
        pytest.param(D("0.46"), 2, "0.46", id="leading-zero-kept"),
        pytest.param(D("1E+3"), 0, "1000", id="no-exponent"),
        pytest.param(D("-2.345"), 2, "-2.35", id="negative-half-up"),
    ],
)
def test_fixed(value: Decimal | int, places: int, expected: str) -> None:
    """fixed prints a plain number with fixed decimals, no separators and no -0 (R3.3, R3.7)."""
    assert fixed(value, places) == expected


# ---------------------------------------------------------------- amounts (R3)


@pytest.mark.parametrize(
    ("value_wan", "places", "unit", "approx", "expected"),
    [
        pytest.param(D(7_420_000), 0, "auto", None, "742亿元", id="742-yi"),
        pytest.param(D(7_420_000), None, "auto", None, "742.00亿元", id="yi-default-2-places"),
        pytest.param(D(16_400), 2, "auto", None, "1.64亿元", id="1.64-yi"),
        pytest.param(D(22_185_000), 1, "auto", None, "2218.5亿元", id="2218.5-yi"),
        pytest.param(D(409_200), 2, "auto", None, "40.92亿元", id="40.92-yi"),
        pytest.param(D(40_410_000), 0, "auto", None, "4041亿元", id="4041-no-grouping"),
        pytest.param(D(5000), None, "auto", None, "5000万元", id="below-1yi-in-wan"),
        pytest.param(D("5000.4"), None, "auto", None, "5000万元", id="wan-default-0-places"),
        pytest.param(D(10**8), 0, "auto", None, "1万亿元", id="1-wan-yi"),
        pytest.param(D(370_000_000), 1, "auto", None, "3.7万亿元", id="3.7-wan-yi"),
        pytest.param(D(880_000), 0, "auto", None, "88亿元", id="88-yi-not-ge-yi"),
        pytest.param(D("9999.6"), None, "auto", None, "1.00亿元", id="rounds-up-into-yi"),
        pytest.param(D("99999999.996"), None, "auto", None, "1.00万亿元", id="into-wan-yi"),
        pytest.param(D(5000), 2, "亿元", None, "0.50亿元", id="fixed-unit-yi"),
        pytest.param(D(7_420_000), None, "万元", None, "7420000万元", id="fixed-unit-wan"),
        pytest.param(D(-3000), None, "auto", None, "-3000万元", id="negative"),
        pytest.param(D(1_830_000), 0, "auto", "以上", "183亿元以上", id="yishang-after"),
        pytest.param(D(66_000_000), None, "auto", "余", "6600余亿元", id="yu-before-yi"),
        pytest.param(D(3000), None, "auto", "多", "3000多万元", id="duo-before-wan"),
        pytest.param(D(1_000_000), 0, "auto", "近", "近100亿元", id="jin-before"),
        pytest.param(D(1_000_000), 0, "auto", "约", "约100亿元", id="yue-before"),
        pytest.param(D(1_000_000), 0, "auto", "超过", "超过100亿元", id="chaoguo-before"),
        pytest.param(D(80_000), 0, "auto", "不低于", "不低于8亿元", id="budiyu-before"),
        pytest.param(D(10_000), 0, "auto", "过", "过1亿元", id="guo-before"),
        pytest.param(D(2_000_000), 0, "auto", "左右", "200亿元左右", id="zuoyou-after"),
    ],
)
def test_amount(
    value_wan: Decimal, places: int | None, unit: Any, approx: Any, expected: str
) -> None:
    """amount picks 万元/亿元/万亿元, fixed decimals and places approximation words (R3.1–R3.5)."""
    assert amount(value_wan, places, unit, approx) == expected


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        pytest.param(
            {"value_wan": D(66_000_000), "places": 1, "approx": "余"},
            ValueError,
            id="yu-with-decimals",
        ),
        pytest.param({"value_wan": D(1), "unit": "元"}, ValueError, id="unknown-unit"),
        pytest.param({"value_wan": D(1), "approx": "大约"}, ValueError, id="unknown-approx"),
        pytest.param({"value_wan": D(1), "places": -1}, ValueError, id="negative-places"),
        pytest.param({"value_wan": 1.0}, TypeError, id="float"),
    ],
)
def test_amount_refuses_bad_arguments(kwargs: dict[str, Any], error: type) -> None:
    """amount refuses 余 with decimals, unknown units and words, and floats."""
    with pytest.raises(error):
        amount(**kwargs)


@pytest.mark.parametrize(
    ("value", "unit", "places", "scale", "approx", "expected"),
    [
        pytest.param(16_400_000, "平方米", 0, "auto", "左右", "1640万平方米左右", id="1640-wan-m2"),
        pytest.param(9_900_000, "平方米", 0, "auto", "以上", "990万平方米以上", id="990-wan-m2"),
        pytest.param(8892, "元", 0, "auto", None, "8892元", id="plain-below-wan"),
        pytest.param(48_000, "户", 1, "auto", None, "4.8万户", id="4.8-wan-hu"),
        pytest.param(480, "户", 0, "auto", "多", "480多户", id="480-duo-hu"),
        pytest.param(700_000, "人", 0, "auto", "近", "近70万人", id="jin-70-wan"),
        pytest.param(1_500_000, "吨", 0, "", None, "1500000吨", id="fixed-plain-scale"),
        pytest.param(D(9999.6), "人", 0, "auto", None, "1万人", id="rounds-into-wan"),
    ],
)
def test_quantity(
    value: Decimal | int, unit: str, places: int, scale: Any, approx: Any, expected: str
) -> None:
    """quantity scales base units to 万/亿 and places approximation words as amount does."""
    assert quantity(D(value), unit, places, scale, approx) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([D(5000), D(7_420_000)], "亿元", id="half-reach-yi"),
        pytest.param([D(3000), D(5000), D(7_420_000)], "万元", id="most-below-yi"),
        pytest.param([D(20_000), D(30_000), D(500)], "亿元", id="median-in-yi"),
        pytest.param([D(10**8), D(2 * 10**8)], "万亿元", id="wan-yi"),
        pytest.param([D(0), D(0)], "万元", id="all-zero"),
        pytest.param([], "万元", id="empty"),
        pytest.param([D(0), D(0), D(0), D(40_000)], "亿元", id="zeros-ignored"),
    ],
)
def test_choose_amount_unit(values: list[Decimal], expected: str) -> None:
    """choose_amount_unit picks the largest unit at least half the non-zero values reach."""
    assert choose_amount_unit(values) == expected


def test_amount_list_uses_one_unit_and_precision() -> None:
    """amount_list prints a list in one unit with the same decimals (同类别同形式)."""
    assert amount_list([D(5000), D(7_420_000), D(16_400)]) == ["0.50亿元", "742.00亿元", "1.64亿元"]
    assert amount_list([D(5000), D(7_420_000)], 1) == ["0.5亿元", "742.0亿元"]
    assert amount_list([D(5000), D(16_400)], unit="万元") == ["5000万元", "16400万元"]


@pytest.mark.parametrize(
    ("lo", "hi", "places", "expected"),
    [
        pytest.param(D(20_000), D(60_000), 0, "2亿～6亿元", id="2-6-yi"),
        pytest.param(D(90_000), D(160_000), 0, "9亿～16亿元", id="9-16-yi"),
        pytest.param(D(13), D(17), None, "13万～17万元", id="13-17-wan"),
        pytest.param(D(5000), D(20_000), 1, "0.5亿～2.0亿元", id="unit-of-larger-end"),
        pytest.param(D(20_000), D(60_000), None, "2.00亿～6.00亿元", id="default-places"),
    ],
)
def test_amount_range_puts_scale_on_both_ends(
    lo: Decimal, hi: Decimal, places: int | None, expected: str
) -> None:
    """amount_range writes 万/亿 on each endpoint and 元 once (R3.6)."""
    assert amount_range(lo, hi, places) == expected


def test_amount_range_refuses_reversed_range() -> None:
    """amount_range refuses lo > hi."""
    with pytest.raises(ValueError, match="reversed"):
        amount_range(D(6), D(2))


def test_amount_range_other_separator() -> None:
    """amount_range accepts the — separator GB/T 15835 also allows."""
    assert amount_range(D(20_000), D(60_000), 0, sep="—") == "2亿—6亿元"


# ---------------------------------------------------------------- percentages (R4)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        pytest.param(D("47.47"), 1, "47.5%", id="one-decimal"),
        pytest.param(D(3), 1, "3.0%", id="keeps-trailing-zero"),
        pytest.param(D("54.4355"), 0, "54%", id="integer"),
        pytest.param(D("45.36"), 2, "45.36%", id="two-decimals"),
        pytest.param(D("-5.94"), 1, "-5.9%", id="negative-level"),
    ],
)
def test_percent_uses_half_width_sign(value: Decimal, places: int, expected: str) -> None:
    """percent prints fixed decimals and a half-width % (R4.1, R4.2)."""
    assert percent(value, places) == expected


def test_percent_range() -> None:
    """percent_range puts % on both ends (R3.6)."""
    assert percent_range(D(15), D(30), 0) == "15%～30%"
    with pytest.raises(ValueError):
        percent_range(D(30), D(15))


@pytest.mark.parametrize(
    ("num", "den", "places", "mode", "expected"),
    [
        pytest.param(47, 99, 1, "half_up", "47.5%", id="seed-47-of-99"),
        pytest.param(135, 248, 0, "half_up", "54%", id="seed-135-of-248"),
        pytest.param(165, 200, 0, "half_up", "83%", id="seed-165-of-200-half-up"),
        pytest.param(165, 200, 0, "half_even", "82%", id="seed-165-of-200-half-even"),
        pytest.param(129, 270, 0, "half_up", "48%", id="jiangmen-not-truncated"),
        pytest.param(155, 170, 1, "half_up", "91.2%", id="seed-155-of-170"),
        pytest.param(82, 248, 1, "half_up", "33.1%", id="seed-82-of-248"),
        pytest.param(794, 1000, 1, "half_up", "79.4%", id="seed-794-of-1000"),
        pytest.param(79, 93, 2, "half_up", "84.95%", id="79-of-93"),
        pytest.param(3, 7, 1, "half_up", "42.9%", id="zigong-3-of-7"),
        pytest.param(5, 12, 1, "half_up", "41.7%", id="5-of-12"),
        pytest.param(D("2218.5"), D("6826"), 1, "half_up", "32.5%", id="decimal-inputs"),
    ],
)
def test_ratio_percent_rounds_once(
    num: Decimal | int, den: Decimal | int, places: int, mode: Any, expected: str
) -> None:
    """ratio_percent divides exactly and rounds once at display (R7.1, R7.4)."""
    assert ratio_percent(num, den, places, mode=mode) == expected


def test_ratio_percent_refuses_zero_denominator() -> None:
    """ratio_percent raises ValueError for an undefined rate."""
    with pytest.raises(ValueError, match="undefined"):
        ratio_percent(1, 0)


@pytest.mark.parametrize(
    ("num", "den", "whole", "places", "expected"),
    [
        pytest.param(47, 99, "项目总数", 1, "占项目总数的47.5%", id="seed-share"),
        pytest.param(135, 248, "项目总数", 0, "占项目总数的54%", id="integer-share"),
        pytest.param(D("40.92"), D("182.7"), "年度计划", 1, "占年度计划的22.4%", id="plan-share"),
        pytest.param(5, 12, "", 1, "占比41.7%", id="bare-zhanbi"),
    ],
)
def test_share(
    num: Decimal | int, den: Decimal | int, whole: str, places: int, expected: str
) -> None:
    """share writes 占…的x% or 占比x% (R4.8)."""
    assert share(num, den, whole, places) == expected


@pytest.mark.parametrize(
    ("rate", "places", "price", "prefix", "expected"),
    [
        pytest.param(D("5.3"), 1, False, "", "增长5.3%", id="growth"),
        pytest.param(D("-5.9"), 1, False, "", "下降5.9%", id="decline-no-minus"),
        pytest.param(D("0.04"), 1, False, "", "持平", id="flat-after-rounding"),
        pytest.param(D("-0.04"), 1, False, "", "持平", id="flat-negative-side"),
        pytest.param(D(3), 1, True, "", "上涨3.0%", id="price-rise-keeps-.0"),
        pytest.param(D(-2), 1, True, "", "下降2.0%", id="price-fall"),
        pytest.param(D(19), 0, False, "", "增长19%", id="integer"),
        pytest.param(D("45.36"), 2, False, "同比", "同比增长45.36%", id="tongbi-prefix"),
        pytest.param(D(200), 0, False, "", "增长200%", id="times-three-in-percent"),
        pytest.param(D(0), 1, False, "同比", "同比持平", id="prefixed-flat"),
    ],
)
def test_growth_words_follow_sign(
    rate: Decimal, places: int, price: bool, prefix: str, expected: str
) -> None:
    """growth chooses 增长/上涨/下降/持平 from the rounded sign and prints |rate| (R4.6)."""
    assert growth(rate, places, price, prefix=prefix) == expected


def test_growth_refuses_undefined_rate() -> None:
    """growth(None) raises ValueError rather than printing a guess."""
    with pytest.raises(ValueError, match="undefined"):
        growth(None)


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        pytest.param(D(120), D(100), "增长20.0%", id="rise"),
        pytest.param(D(95), D(100), "下降5.0%", id="fall"),
        pytest.param(D(100), D(100), "持平", id="flat"),
        pytest.param(D("16.4"), D("9.76"), "增长68.0%", id="seed-highway"),
    ],
)
def test_growth_between(current: Decimal, previous: Decimal, expected: str) -> None:
    """growth_between computes (current − previous)/previous and words it (R4.7)."""
    assert growth_between(current, previous) == expected


@pytest.mark.parametrize(
    "previous", [pytest.param(D(0), id="zero"), pytest.param(D(-5), id="negative")]
)
def test_growth_between_refuses_non_positive_base(previous: Decimal) -> None:
    """growth_between raises ValueError when no growth rate exists."""
    with pytest.raises(ValueError):
        growth_between(D(5), previous)


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        pytest.param(D(2), "增长1倍", id="double"),
        pytest.param(D(3), "增长2倍", id="triple"),
        pytest.param(D("2.5"), "增长1.5倍", id="two-and-a-half"),
        pytest.param(D("2.04"), "增长1倍", id="rounds-to-whole"),
        pytest.param(D("1.5"), "增长50.0%", id="below-double-in-percent"),
        pytest.param(D("0.8"), "下降20.0%", id="never-xiajiang-bei"),
        pytest.param(D(1), "持平", id="same"),
    ],
)
def test_multiple(ratio: Decimal, expected: str) -> None:
    """multiple says 增长n倍 from ×2 up and % below, never 下降n倍 (R4.6)."""
    assert multiple(ratio) == expected


# ---------------------------------------------------------------- gaps in 个百分点 (R4.3–R4.6)


@pytest.mark.parametrize(
    ("actual", "reference", "places", "kind", "kwargs", "expected"),
    [
        pytest.param(D(19), D(17), 0, "target", {}, "超目标2个百分点", id="seed-19-vs-17"),
        pytest.param(D("45.36"), D("40.5"), 2, "target", {}, "超目标4.86个百分点", id="seed-45.36"),
        pytest.param(D("86.1"), D(16), 1, "target", {}, "超目标70.1个百分点", id="seed-86.1"),
        pytest.param(D(47), D("16.23"), 2, "target", {}, "超目标30.77个百分点", id="seed-47"),
        pytest.param(
            D("13.54"), D("17.6"), 2, "target", {}, "低于目标4.06个百分点", id="seed-13.54"
        ),
        pytest.param(
            D("13.54"),
            D("17.6"),
            2,
            "target",
            {"target_word": "目标值"},
            "低于目标值4.06个百分点",
            id="seed-13.54-mubiaozhi",
        ),
        pytest.param(D("17.87"), D(27), 2, "target", {}, "低于目标9.13个百分点", id="seed-17.87"),
        pytest.param(
            D("0.1"),
            D(17),
            1,
            "target",
            {"target_word": "目标值"},
            "低于目标值16.9个百分点",
            id="seed-0.1",
        ),
        pytest.param(
            D("-31.7"),
            D(33),
            1,
            "target",
            {"target_word": "目标值"},
            "低于目标值64.7个百分点",
            id="seed-decline-signed",
        ),
        pytest.param(
            D("-0.3"),
            D(20),
            1,
            "target",
            {"target_word": "目标值"},
            "低于目标值20.3个百分点",
            id="seed-minus-0.3",
        ),
        pytest.param(
            D(20),
            D(15),
            0,
            "target",
            {"above": "高于"},
            "高于目标5个百分点",
            id="gaoyu-wording",
        ),
        pytest.param(D("17.04"), D(17), 1, "target", {}, "完成目标", id="equal-after-rounding"),
        pytest.param(
            D("97.16"),
            D("83.33"),
            1,
            "schedule",
            {},
            "超序时进度13.9个百分点",
            id="jiangmen-from-printed-values",
        ),
        pytest.param(
            D("48.56"),
            D(50),
            2,
            "schedule",
            {"target_word": "均衡进度"},
            "低于均衡进度1.44个百分点",
            id="hanzhong",
        ),
        pytest.param(
            D("45.2"),
            D(500) / 12,
            1,
            "schedule",
            {"target_word": "时序进度"},
            "超时序进度3.5个百分点",
            id="county-1-5-months",
        ),
        pytest.param(
            D("43.2"), D(400) / 12, 1, "schedule", {}, "超序时进度9.9个百分点", id="1-4-months"
        ),
        pytest.param(
            D("22.4"), D(500) / 12, 1, "schedule", {}, "低于序时进度19.3个百分点", id="seed-22.4"
        ),
        pytest.param(
            D("22.4"),
            D(500) / 12,
            1,
            "schedule",
            {"below": "落后"},
            "落后序时进度19.3个百分点",
            id="luohou",
        ),
        pytest.param(D(50), D(50), 1, "schedule", {}, "达到序时进度", id="equal-schedule"),
    ],
)
def test_pp_gap_from_printed_values(
    actual: Decimal,
    reference: Decimal,
    places: int,
    kind: Any,
    kwargs: dict[str, Any],
    expected: str,
) -> None:
    """pp_gap subtracts the printed values and words the gap by its sign (R4.3–R4.6)."""
    assert pp_gap(actual, reference, places, kind, **kwargs) == expected


@pytest.mark.parametrize(
    ("current", "earlier", "than", "kwargs", "expected"),
    [
        pytest.param(D("5.6"), D(5), "1—4月份", {}, "增速比1—4月份提高0.6个百分点", id="rise"),
        pytest.param(D("4.4"), D(5), "1—4月份", {}, "增速比1—4月份回落0.6个百分点", id="fall"),
        pytest.param(
            D("4.4"),
            D(5),
            "1—4月份",
            {"below": "放缓"},
            "增速比1—4月份放缓0.6个百分点",
            id="fangman-wording",
        ),
        pytest.param(D(5), D("5.04"), "1—4月份", {}, "增速与1—4月份持平", id="flat"),
        pytest.param(
            D(-3), D(-7), "1—4月份", {}, "降幅比1—4月份收窄4.0个百分点", id="decline-narrows"
        ),
        pytest.param(
            D(-7), D(-3), "1—4月份", {}, "降幅比1—4月份扩大4.0个百分点", id="decline-widens"
        ),
        pytest.param(
            D(2), D("-5.4"), "1—4月份", {}, "增速由负转正，1—4月份为下降5.4%", id="neg-to-pos"
        ),
        pytest.param(
            D(-2), D(3), "1—4月份", {}, "增速由正转负，1—4月份为增长3.0%", id="pos-to-neg"
        ),
        pytest.param(
            D(0), D(-3), "1—4月份", {}, "增速比1—4月份提高3.0个百分点", id="decline-to-flat"
        ),
        pytest.param(D("5.6"), D(5), "", {}, "增速提高0.6个百分点", id="no-period"),
        pytest.param(D(2), D(-1), "", {}, "增速由负转正", id="turn-no-period"),
        pytest.param(D(5), D(5), "", {}, "增速持平", id="flat-no-period"),
        pytest.param(
            D("82.5"),
            D("79.4"),
            "上月",
            {"subject": "开工率"},
            "开工率比上月提高3.1个百分点",
            id="other-subject",
        ),
    ],
)
def test_pp_gap_change_between_rates(
    current: Decimal, earlier: Decimal, than: str, kwargs: dict[str, Any], expected: str
) -> None:
    """pp_gap(kind='change') says 提高/回落/持平, 降幅收窄/扩大 or 由负转正/由正转负 (R4.6)."""
    assert pp_gap(current, earlier, 1, "change", than=than, **kwargs) == expected


def test_pp_gap_refuses_unknown_kind() -> None:
    """pp_gap names the allowed kinds when given another."""
    with pytest.raises(ValueError, match="target"):
        pp_gap(D(1), D(2), kind="goal")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rate", "target", "places", "word", "expected"),
    [
        pytest.param(
            D("-31.7"), D(33), 1, "目标值", "下降31.7%，低于目标值64.7个百分点", id="seed-decline"
        ),
        pytest.param(D(19), D(17), 0, "目标", "增长19%，超目标2个百分点", id="seed-19"),
        pytest.param(
            D("-0.3"), D(20), 1, "目标值", "下降0.3%，低于目标值20.3个百分点", id="seed-0.3"
        ),
        pytest.param(
            D("13.54"),
            D("17.6"),
            2,
            "目标值",
            "增长13.54%，低于目标值4.06个百分点",
            id="seed-13.54",
        ),
    ],
)
def test_growth_vs_target(
    rate: Decimal, target: Decimal, places: int, word: str, expected: str
) -> None:
    """growth_vs_target joins the growth phrase and the signed gap to the target (R4.5)."""
    assert growth_vs_target(rate, target, places, target_word=word) == expected


def test_percent_vs_schedule_uses_printed_values() -> None:
    """percent_vs prints 97.2%，超序时进度13.9个百分点 (not 13.8) for 97.16 vs 83.33 (R4.4)."""
    assert percent_vs(D("97.16"), D("83.33")) == "97.2%，超序时进度13.9个百分点"
    assert (
        percent_vs(D("48.56"), D(50), 2, target_word="均衡进度")
        == "48.56%，低于均衡进度1.44个百分点"
    )


# ---------------------------------------------------------------- periods and dates (R6)


@pytest.mark.parametrize(
    ("end_month", "kind", "kwargs", "expected"),
    [
        pytest.param(1, "month", {}, "1月", id="one-month"),
        pytest.param(2, "month", {}, "1—2月", id="jan-feb"),
        pytest.param(5, "month", {}, "1—5月", id="em-dash"),
        pytest.param(5, "month", {"fen": True}, "1—5月份", id="yuefen"),
        pytest.param(12, "month", {}, "1—12月", id="twelve-months"),
        pytest.param(3, "quarter", {}, "一季度", id="q1"),
        pytest.param(6, "quarter", {}, "上半年", id="q2-cumulative"),
        pytest.param(9, "quarter", {}, "前三季度", id="q3-cumulative"),
        pytest.param(12, "quarter", {}, "全年", id="q4-cumulative"),
        pytest.param(6, "half", {}, "上半年", id="half"),
        pytest.param(12, "half", {}, "全年", id="half-year-end"),
        pytest.param(12, "year", {}, "全年", id="year"),
        pytest.param(9, "auto", {}, "前三季度", id="auto-quarter"),
        pytest.param(5, "auto", {}, "1—5月", id="auto-month"),
        pytest.param(5, "month", {"with_year": True}, "2025年1—5月", id="with-year"),
        pytest.param(6, "half", {"with_year": True}, "2025年上半年", id="with-year-half"),
    ],
)
def test_period_label(end_month: int, kind: Any, kwargs: dict[str, Any], expected: str) -> None:
    """period_label names the cumulative period from January (R6.1, R6.2)."""
    assert period_label(2025, end_month, kind, **kwargs) == expected


@pytest.mark.parametrize(
    ("year", "end_month", "kind"),
    [
        pytest.param(2025, 5, "quarter", id="no-quarter-ends-in-may"),
        pytest.param(2025, 9, "half", id="no-half-ends-in-sept"),
        pytest.param(2025, 6, "year", id="year-ends-in-dec"),
        pytest.param(2025, 13, "month", id="month-13"),
        pytest.param(2025, 0, "month", id="month-0"),
        pytest.param(25, 5, "month", id="two-digit-year"),
        pytest.param(2025, 5, "week", id="unknown-kind"),
    ],
)
def test_period_label_refuses_impossible_periods(year: int, end_month: int, kind: Any) -> None:
    """period_label refuses periods that do not exist and two-digit years."""
    with pytest.raises(ValueError):
        period_label(year, end_month, kind)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(3, 5, "3—5月", id="span"),
        pytest.param(5, 5, "5月", id="single"),
    ],
)
def test_month_span(start: int, end: int, expected: str) -> None:
    """month_span joins months with the 一字线 U+2014."""
    assert month_span(start, end) == expected


def test_month_span_refuses_reversed_months() -> None:
    """month_span refuses a span that ends before it starts."""
    with pytest.raises(ValueError):
        month_span(5, 3)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        pytest.param(q, name, id=f"q{q}")
        for q, name in enumerate(["一季度", "二季度", "三季度", "四季度"], 1)
    ],
)
def test_quarter_label(q: int, expected: str) -> None:
    """quarter_label names a single quarter with 二 (二季度, never 两季度)."""
    assert quarter_label(q) == expected


def test_quarter_label_refuses_fifth_quarter() -> None:
    """quarter_label refuses numbers outside 1–4."""
    with pytest.raises(ValueError):
        quarter_label(5)


@pytest.mark.parametrize(
    ("d", "date_text", "weekday_text"),
    [
        pytest.param(
            dt.date(2025, 3, 5), "2025年3月5日", "2025年3月5日 星期三", id="seed-dateline"
        ),
        pytest.param(
            dt.date(2024, 12, 31), "2024年12月31日", "2024年12月31日 星期二", id="two-digit-parts"
        ),
        pytest.param(dt.date(2025, 1, 1), "2025年1月1日", "2025年1月1日 星期三", id="no-padding"),
        pytest.param(
            dt.datetime(2025, 3, 9, 9, 28), "2025年3月9日", "2025年3月9日 星期日", id="datetime"
        ),
    ],
)
def test_dates_without_padding(d: dt.date, date_text: str, weekday_text: str) -> None:
    """cn_date and weekday_line write 年月日 in Arabic without zero padding (R6.5, R6.6)."""
    assert cn_date(d) == date_text
    assert weekday_line(d) == weekday_text


@pytest.mark.parametrize(
    "bad", [pytest.param("2025-03-05", id="string"), pytest.param(20250305, id="int")]
)
def test_dates_refuse_non_dates(bad: Any) -> None:
    """cn_date and weekday_line refuse anything but a date."""
    with pytest.raises(TypeError):
        cn_date(bad)
    with pytest.raises(TypeError):
        weekday_line(bad)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        pytest.param(dt.date(2025, 3, 31), {}, "截至3月底", id="month-end"),
        pytest.param(dt.date(2024, 2, 29), {}, "截至2月底", id="leap-february"),
        pytest.param(dt.date(2025, 2, 28), {}, "截至2月底", id="february"),
        pytest.param(dt.date(2024, 2, 28), {}, "截至2月28日", id="not-the-end-in-a-leap-year"),
        pytest.param(dt.date(2025, 3, 15), {}, "截至3月15日", id="mid-month"),
        pytest.param(3, {}, "截至3月底", id="bare-month"),
        pytest.param(dt.date(2025, 6, 30), {"with_year": True}, "截至2025年6月底", id="with-year"),
    ],
)
def test_as_of(value: dt.date | int, kwargs: dict[str, Any], expected: str) -> None:
    """as_of writes 截至…月底 on a month's last day and 截至…月…日 otherwise (R6.3)."""
    assert as_of(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "error"),
    [
        pytest.param(13, {}, ValueError, id="month-13"),
        pytest.param(3, {"with_year": True}, ValueError, id="year-needs-date"),
        pytest.param(True, {}, TypeError, id="bool"),
    ],
)
def test_as_of_refuses_bad_input(value: Any, kwargs: dict[str, Any], error: type) -> None:
    """as_of refuses impossible months and a year without a date."""
    with pytest.raises(error):
        as_of(value, **kwargs)


def test_doc_number() -> None:
    """doc_number writes 六角括号 and no padding: 示重办〔2025〕12号 (R6.5)."""
    assert doc_number("示重办", 2025, 12) == "示重办〔2025〕12号"
    assert doc_number("市委办", 2025, 9) == "市委办〔2025〕9号"


@pytest.mark.parametrize(
    ("prefix", "year", "seq"),
    [
        pytest.param("示重办", 25, 1, id="two-digit-year"),
        pytest.param("示重办", 2025, 0, id="seq-0"),
    ],
)
def test_doc_number_refuses_bad_parts(prefix: str, year: int, seq: int) -> None:
    """doc_number refuses short years and numbers below 1."""
    with pytest.raises(ValueError):
        doc_number(prefix, year, seq)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("示重办[2025]第012号", "示重办〔2025〕12号", id="square-di-padding"),
        pytest.param("示重办(2025)12号", "示重办〔2025〕12号", id="ascii-parens"),
        pytest.param("市委办（20２5）9号", "市委办〔2025〕9号", id="fullwidth-parens-digits"),
        pytest.param("示重办【二〇二五】3号", "示重办〔2025〕3号", id="lenticular-chinese-year"),
        pytest.param("示重办 〔2025〕 12", "示重办〔2025〕12号", id="spaces-missing-hao"),
        pytest.param("示重办〔2025〕12号", "示重办〔2025〕12号", id="already-right"),
    ],
)
def test_normalize_doc_number(text: str, expected: str) -> None:
    """normalize_doc_number repairs brackets, 第, padding and full-width digits."""
    assert normalize_doc_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("示重办12号", id="no-year"),
        pytest.param("示重办[25]12号", id="short-year"),
        pytest.param("示重办[2025]第000号", id="zero"),
    ],
)
def test_normalize_doc_number_refuses_non_numbers(text: str) -> None:
    """normalize_doc_number raises ValueError on text that is not a 发文字号."""
    with pytest.raises(ValueError):
        normalize_doc_number(text)


# ---------------------------------------------------------------- floats never enter (R7.1)

FLOAT_CALLS: list[tuple[str, Callable[[], object]]] = [
    ("fixed", lambda: fixed(1.5)),  # type: ignore[arg-type]
    ("cn_number", lambda: cn_number(1.5)),  # type: ignore[arg-type]
    ("cn_count", lambda: cn_count(2.0)),  # type: ignore[arg-type]
    ("amount", lambda: amount(1.5)),  # type: ignore[arg-type]
    ("amount_range", lambda: amount_range(D(1), 2.0)),  # type: ignore[arg-type]
    ("choose_amount_unit", lambda: choose_amount_unit([D(1), 2.0])),  # type: ignore[list-item]
    ("quantity", lambda: quantity(1.5, "吨")),  # type: ignore[arg-type]
    ("percent", lambda: percent(47.5)),  # type: ignore[arg-type]
    ("ratio_percent", lambda: ratio_percent(47.0, 99)),  # type: ignore[arg-type]
    ("share", lambda: share(47, 99.0)),  # type: ignore[arg-type]
    ("growth", lambda: growth(5.3)),  # type: ignore[arg-type]
    ("growth_between", lambda: growth_between(1.2, D(1))),  # type: ignore[arg-type]
    ("pp_gap", lambda: pp_gap(D(1), 0.5)),  # type: ignore[arg-type]
    ("multiple", lambda: multiple(2.0)),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("call", [pytest.param(c, id=name) for name, c in FLOAT_CALLS])
def test_floats_raise_type_error(call: Callable[[], object]) -> None:
    """Every numeric function raises TypeError for a float and says it got one."""
    with pytest.raises(TypeError, match="float"):
        call()


# ---------------------------------------------------------------- filters and module boundary


def test_filters_cover_the_documented_names() -> None:
    """FILTERS maps the documented Jinja filter names to callables."""
    expected = {
        "cn", "count", "ordinal", "cn_year", "marker", "enum", "enum_prefix", "fixed",
        "amount", "amount_unit", "amount_range", "quantity", "pct", "pct_range", "ratio",
        "share", "growth", "growth_between", "growth_vs", "times", "pp", "pct_vs",
        "period", "months", "quarter", "date", "weekday", "as_of", "docno", "docno_fix",
    }  # fmt: skip
    assert set(FILTERS) == expected
    assert all(callable(f) for f in FILTERS.values())


def test_filters_are_read_only() -> None:
    """FILTERS cannot be changed in place by one document for all others."""
    with pytest.raises(TypeError):
        FILTERS["pct"] = str  # type: ignore[index]


def test_make_filters_binds_rounding_mode() -> None:
    """make_filters('half_even') rounds ties to even in every rounding filter."""
    even = make_filters("half_even")
    assert even["ratio"](165, 200, 0) == "82%"
    assert even["pct"](D("82.5"), 0) == "82%"
    assert FILTERS["ratio"](165, 200, 0) == "83%"
    with pytest.raises(ValueError):
        make_filters("ceiling")  # type: ignore[arg-type]


def test_filters_render_in_jinja() -> None:
    """The filters work as written in a template, with arguments after the value."""
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    template = env.from_string(
        "{{ 2 | marker(1) }}{{ y | period(m) }}，共{{ n | count('项') }}，"
        "总投资{{ total | amount(0) }}，{{ a | share(b) }}，"
        "{{ g | growth_vs(t, target_word='目标值') }}"
    )
    text = template.render(y=2025, m=5, n=2, total=D(7_420_000), a=47, b=99, g=D("-31.7"), t=D(33))
    assert text == (
        "（一）1—5月，共两项，总投资742亿元，占项目总数的47.5%，下降31.7%，低于目标值64.7个百分点"
    )


def test_zh_imports_only_stdlib() -> None:
    """zh imports nothing from bulletin and no third-party module."""
    tree = ast.parse(ZH_SOURCE.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            assert node.module is not None
            roots.add(node.module.split(".")[0])
    assert roots - set(sys.stdlib_module_names) - {"__future__"} == set()


def test_zh_has_one_line_module_docstring_and_sorted_all() -> None:
    """zh states what it owns in one line and exports an isort-sorted __all__ of real names."""
    doc = ast.get_docstring(ast.parse(ZH_SOURCE.read_text(encoding="utf-8")))
    assert doc is not None and "\n" not in doc.strip()

    def isort_key(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert list(zh.__all__) == sorted(zh.__all__, key=isort_key)
    assert all(hasattr(zh, name) for name in zh.__all__)


FILTERS_DOC = Path(__file__).resolve().parents[1] / "docs" / "filters.md"


def test_filters_doc_examples_render_as_documented() -> None:
    """Each docs/filters.md example renders to the output it shows; every filter has a row."""
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    rows = [
        line
        for line in FILTERS_DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    assert {row.split("`")[1] for row in rows} == set(FILTERS)
    examples = [
        (source.replace("\\|", "|"), shown)
        for row in rows
        for source, shown in re.findall(r"`(\{\{.*?\}\})` → `(.*?)`", row)
    ]
    assert len(examples) >= len(FILTERS)
    for source, shown in examples:
        assert env.from_string(source).render(D=Decimal, date=dt.date) == shown, source
