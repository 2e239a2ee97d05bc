"""Property tests for bulletin.zh against independent oracles (cn2an, fractions, the calendar)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from functools import partial
from itertools import pairwise
from typing import Any, get_args

import cn2an
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bulletin import zh

D = Decimal
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CN_DIGITS = "零一二三四五六七八九"
WEEKDAYS = "一二三四五六日"

integers_1e12 = st.integers(min_value=-(10**12), max_value=10**12)
integers_1e16 = st.integers(min_value=0, max_value=10**16)
# Numbers with long zero runs and empty sections are where numerals go wrong; draw them
# digit by digit with zeros favoured, as well as uniformly.
sparse_integers = st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=16).map(
    lambda ds: int("".join(ds))
)
places = st.integers(min_value=0, max_value=3)
modes = st.sampled_from(["half_up", "half_even"])


def decimals(lo: int = -(10**6), hi: int = 10**6, max_places: int = 4) -> st.SearchStrategy[D]:
    """Finite Decimals with up to max_places decimals, as YAML strings reach the library."""
    return st.integers(0, max_places).flatmap(
        lambda p: st.integers(lo * 10**p, hi * 10**p).map(lambda units: D(units).scaleb(-p))
    )


def expected_ling_count(n: int) -> int:
    """Number of 零 that R1.5 requires in the numeral for n, computed from its digits."""
    digits = str(n)[::-1]
    nonzero = [p for p, c in enumerate(digits) if c != "0"]
    count = 0
    for low, high in pairwise(nonzero):
        run = high - low - 1
        if run == 0:
            continue
        # No 零 when the lower digit is a section's 千 and the zeros above it are the
        # trailing zeros of a section that still has a non-zero digit (一千万一千).
        if low % 4 == 3 and run < 4:
            continue
        count += 1
    return count


def round_fraction(exact: Fraction, p: int, mode: str = "half_up") -> D:
    """Round an exact rational: half up on the magnitude, or half to even."""
    magnitude = abs(exact) * 10**p
    floor = magnitude.numerator // magnitude.denominator
    rest = magnitude - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and (mode == "half_up" or floor % 2)):
        floor += 1
    return D(-floor if exact < 0 else floor).scaleb(-p)


# ---------------------------------------------------------------- numerals


@FAST
@given(integers_1e12)
@example(10)
@example(110)
@example(100_001_000)
@example(10**12)
@example(-(10**12))
def test_cn_number_parses_back_with_cn2an(n: int) -> None:
    """cn2an reads every integer numeral up to 10**12 back to the same value."""
    assert cn2an.cn2an(zh.cn_number(n), "strict") == n


@FAST
@given(st.one_of(integers_1e16, sparse_integers))
@example(10**16)
@example(10**16 - 1)
@example(1_000_010_000_000)
@example(1_000_100_000_000)
def test_cn_number_structure_matches_digit_oracle(n: int) -> None:
    """Digits appear in order, 零 appears once per required run, 十 leads only at the top (R1.5)."""
    text = zh.cn_number(n)
    if n == 0:
        assert text == "零"
        return
    assert text.count("零") == expected_ling_count(n)
    assert "零零" not in text and not text.endswith("零")
    spelled = [CN_DIGITS.index(c) for c in text if c in CN_DIGITS and c != "零"]
    digits = [int(c) for c in str(n) if c != "0"]
    leads_with_shi = len(str(n)) % 4 == 2 and str(n)[0] == "1"
    assert text.startswith("十") == leads_with_shi
    assert spelled == (digits[1:] if leads_with_shi else digits)
    # 十 inside a number always carries its digit: 一百一十, never 一百十.
    assert all(text[i - 1] in CN_DIGITS[1:] for i, c in enumerate(text) if c == "十" and i > 0)


@FAST
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_cn_number_parses_back_up_to_16_digits(n: int) -> None:
    """cn2an also reads the numerals back up to its own 16-digit limit."""
    assert cn2an.cn2an(zh.cn_number(n), "strict") == n


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param(t, v, id=t)
        for t, v in [
            ("一百零五", 105),
            ("一千零一", 1001),
            ("一万零一", 10_001),
            ("一百万零一百", 1_000_100),
            ("一亿零一千", 100_001_000),
            ("一千万一千", 10_001_000),
            ("一百万一千", 1_001_000),
            ("十万零一十", 100_010),
            ("一亿零一十万", 100_100_000),
            ("一千零一十", 1010),
            ("一百一十", 110),
            ("十一万", 110_000),
            ("十亿", 10**9),
            ("三千零五十二", 3052),
        ]
    ],
)
def test_spec_r15_cases_agree_with_cn2an(text: str, value: int) -> None:
    """Each R1.5 example is what cn_number prints and what cn2an reads back."""
    assert zh.cn_number(value) == text
    assert cn2an.cn2an(text, "strict") == value


def test_cn2an_agrees_on_shi_at_start_and_yi_shi_inside() -> None:
    """cn2an reads 十 at the start and 一十 inside as the spec writes them."""
    assert cn2an.cn2an("十一", "strict") == 11
    assert cn2an.cn2an("十万", "strict") == 100_000
    assert cn2an.cn2an("一百一十", "strict") == 110


@FAST
@given(decimals(-(10**8), 10**8, 4))
@example(D("95.06"))
@example(D("0.05"))
@example(D("-0.5"))
def test_decimal_numerals_parse_back(value: D) -> None:
    """Decimal numerals (点, 零 for zero digits, 负) parse back to the same value."""
    text = zh.cn_number(value)
    assert "〇" not in text
    whole, _, fraction = f"{abs(value):f}".partition(".")
    integer_text, _, fraction_text = text.removeprefix("负").partition("点")
    assert text.startswith("负") == (value < 0)
    assert cn2an.cn2an(integer_text, "strict") == int(whole)
    assert fraction_text == "".join(CN_DIGITS[int(c)] for c in fraction)
    # cn2an cannot read a fraction that ends in 零 (五点一零), which cn_number keeps as written.
    if not fraction.endswith("0"):
        assert D(str(cn2an.cn2an(text, "strict"))) == value


@FAST
@given(st.integers(min_value=1000, max_value=9999))
def test_cn_year_digits_with_ideographic_zero(year: int) -> None:
    """cn_year maps every digit, zero to U+3007, never 零, ○ or O (R1.6)."""
    text = zh.cn_year(year)
    assert len(text) == 4
    assert "".join(str("〇一二三四五六七八九".index(c)) for c in text) == str(year)
    assert not {"零", "○", "O", "0"} & set(text)


@FAST
@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["个", "项", "年", "个季度"]))
def test_cn_count_says_liang_only_for_two(n: int, measure: str) -> None:
    """cn_count is cn_number + measure, but 两 for 2 and for a leading 二千/二万/二亿 (R1.7)."""
    text = zh.cn_count(n, measure)
    assert text.endswith(measure)
    spelled = zh.cn_number(n)
    if n == 2:
        spelled = "两"
    elif spelled.startswith(("二千", "二万", "二亿")):
        spelled = "两" + spelled[1:]
    assert text == spelled + measure
    assert re.search(r"(?<![十零])二" + re.escape(measure) + "$", text) is None


@FAST
@given(st.integers(min_value=1, max_value=10**4), st.integers(min_value=1, max_value=4))
def test_heading_marker_round_trips(n: int, level: int) -> None:
    """Every heading marker carries n back: Chinese for levels 1–2, Arabic for 3–4 (R2.1)."""
    marker = zh.heading_marker(level, n)
    if level == 1:
        assert marker.endswith("、")
        assert cn2an.cn2an(marker[:-1], "strict") == n
    elif level == 2:
        assert marker[0] + marker[-1] == "（）"
        assert cn2an.cn2an(marker[1:-1], "strict") == n
    elif level == 3:
        assert marker == f"{n}."
    else:
        assert marker == f"（{n}）"


@FAST
@given(
    st.lists(
        st.sampled_from(["抓开工。", "抓进度；", "强服务", "优环境，", "严考核 "]), min_size=1
    ),
    st.sampled_from(["是", "要", "第"]),
)
def test_enumeration_numbers_items_in_one_style(items: list[str], style: Any) -> None:
    """enumeration gives item k the prefix k in the chosen style and nothing else (R2.2)."""
    text = zh.enumeration(items, style)
    parts = text[:-1].split("；")
    assert len(parts) == len(items)
    for k, part in enumerate(parts, 1):
        assert part.startswith(zh.enum_prefix(k, style))
        assert part[-1] not in "。；;，, "


# ---------------------------------------------------------------- rounding and percentages


@FAST
@given(decimals(), places, modes)
@example(D("82.5"), 0, "half_up")
@example(D("-1.25"), 1, "half_up")
@example(D("0.35"), 1, "half_even")
def test_round_half_up_matches_fraction_oracle(value: D, p: int, mode: Any) -> None:
    """round_half_up agrees with exact rational rounding in both modes (R7.2)."""
    result = zh.round_half_up(value, p, mode)
    assert result == round_fraction(Fraction(value), p, mode)
    assert result.as_tuple().exponent == -p
    assert not (result.is_zero() and result.is_signed())


@FAST
@given(decimals(), places)
def test_fixed_is_a_plain_decimal(value: D, p: int) -> None:
    """fixed prints digits, one optional minus and point, nothing else: no grouping, no -0."""
    text = zh.fixed(value, p)
    assert re.fullmatch(r"-?\d+" + (rf"\.\d{{{p}}}" if p else ""), text)
    assert D(text) == zh.round_half_up(value, p)
    assert not re.fullmatch(r"-0(\.0*)?", text)


@FAST
@given(
    st.integers(min_value=0, max_value=10**5),
    st.integers(min_value=1, max_value=10**5),
    places,
    modes,
)
@example(165, 200, 0, "half_up")
@example(47, 99, 1, "half_up")
@example(135, 248, 0, "half_up")
def test_ratio_percent_matches_fraction_oracle(num: int, den: int, p: int, mode: Any) -> None:
    """ratio_percent is num/den × 100 rounded once from the exact ratio (R7.1, R7.4)."""
    text = zh.ratio_percent(num, den, p, mode=mode)
    assert text.endswith("%") and "％" not in text
    assert D(text[:-1]) == round_fraction(Fraction(num * 100, den), p, mode)


@FAST
@given(decimals(-200, 200, 3), places, st.booleans())
def test_growth_words_match_sign_of_printed_value(rate: D, p: int, price: bool) -> None:
    """growth prints |rounded| with 增长/上涨 above zero, 下降 below, 持平 at zero (R4.6)."""
    text = zh.growth(rate, p, price)
    shown = zh.round_half_up(rate, p)
    if shown.is_zero():
        assert text == "持平"
        return
    verb = ("上涨" if price else "增长") if shown > 0 else "下降"
    assert text == f"{verb}{zh.fixed(abs(shown), p)}%"
    assert "-" not in text


@FAST
@given(
    decimals(-100, 300, 3), decimals(-100, 300, 3), places, st.sampled_from(["target", "schedule"])
)
@example(D("97.16"), D("83.33"), 1, "schedule")
@example(D("13.54"), D("17.6"), 2, "target")
def test_pp_gap_equals_difference_of_printed_values(
    actual: D, reference: D, p: int, kind: Any
) -> None:
    """A reader subtracting the printed percentages gets the printed gap (R4.4)."""
    gap_text = zh.pp_gap(actual, reference, p, kind)
    shown_actual = D(zh.percent(actual, p)[:-1])
    shown_reference = D(zh.percent(reference, p)[:-1])
    difference = shown_actual - shown_reference
    noun = "目标" if kind == "target" else "序时进度"
    if difference == 0:
        assert gap_text == ("完成" if kind == "target" else "达到") + noun
        return
    verb = "超" if difference > 0 else "低于"
    assert gap_text == f"{verb}{noun}{zh.fixed(abs(difference), p)}个百分点"


@FAST
@given(decimals(-100, 100, 2), decimals(-100, 100, 2), places)
def test_pp_gap_change_picks_one_phrase_by_signs(current: D, earlier: D, p: int) -> None:
    """kind='change' says 降幅 only between two declines and 由负转正/由正转负 only across zero."""
    text = zh.pp_gap(current, earlier, p, "change", than="上月")
    c, e = zh.round_half_up(current, p), zh.round_half_up(earlier, p)
    if c == e:
        assert text == "增速与上月持平"
    elif c < 0 and e < 0:
        assert text.startswith("降幅比上月" + ("收窄" if c > e else "扩大"))
    elif c > 0 > e:
        assert text.startswith("增速由负转正，上月为下降")
    elif c < 0 < e:
        assert text.startswith("增速由正转负，上月为增长")
    else:
        assert text == f"增速比上月{'提高' if c > e else '回落'}{zh.fixed(abs(c - e), p)}个百分点"
    assert "-" not in text


@FAST
@given(decimals(1, 10**6, 2), decimals(1, 10**6, 2))
def test_growth_between_matches_exact_rate(current: D, previous: D) -> None:
    """growth_between words (current − previous)/previous computed exactly, rounded once."""
    exact = (Fraction(current) - Fraction(previous)) * 100 / Fraction(previous)
    shown = round_fraction(exact, 1)
    expected = "持平" if shown == 0 else f"{'增长' if shown > 0 else '下降'}{abs(shown)}%"
    assert zh.growth_between(current, previous) == expected


# ---------------------------------------------------------------- amounts


UNIT_OF = {"万元": 1, "亿元": 10**4, "万亿元": 10**8}


@FAST
@given(decimals(0, 10**10, 3), st.sampled_from([None, 0, 1, 2]))
@example(D("9999.6"), None)
@example(D("99999999.996"), None)
@example(D(10**8), 0)
def test_amount_parses_back_within_half_a_unit(value_wan: D, p: int | None) -> None:
    """amount's digits × unit are the value rounded once in the unit auto chose (R3.1)."""
    text = zh.amount(value_wan, p)
    match = re.fullmatch(r"(\d+(?:\.(\d+))?)(万元|亿元|万亿元)", text)
    assert match, text
    number, decimals_part, unit = match.groups()
    expected_places = p if p is not None else {"万元": 0, "亿元": 2, "万亿元": 2}[unit]
    assert len(decimals_part or "") == expected_places
    in_unit = value_wan / UNIT_OF[unit]
    assert D(number) == zh.round_half_up(in_unit, expected_places)
    # The unit is the largest the rounded value reaches: no 10000万元, no 0.5亿元.
    assert D(number) < 10_000 or unit == "万亿元"
    assert unit == "万元" or D(number) >= 1


@FAST
@given(
    st.lists(decimals(0, 10**9, 2), min_size=1, max_size=12),
    st.sampled_from([None, 0, 1, 2]),
)
def test_amount_list_is_one_unit_and_precision(values: list[D], p: int | None) -> None:
    """amount_list prints every value in the same unit with the same decimals (R3.1)."""
    texts = zh.amount_list(values, p)
    shapes = {(re.sub(r"[\d.]", "", t), len(t.split(".")[1]) if "." in t else 0) for t in texts}
    assert len(shapes) == 1
    unit = shapes.pop()[0]
    assert unit == zh.choose_amount_unit(values)


@FAST
@given(decimals(0, 10**9, 2), decimals(0, 10**9, 2), st.sampled_from([None, 0, 1]))
def test_amount_range_has_scale_on_both_ends(a: D, b: D, p: int | None) -> None:
    """amount_range writes 万/亿 after both numbers and 元 only at the end (R3.6)."""
    lo, hi = min(a, b), max(a, b)
    text = zh.amount_range(lo, hi, p)
    assert re.fullmatch(r"[\d.]+(万|亿|万亿)～[\d.]+\1元", text), text


# ---------------------------------------------------------------- periods and dates

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))


@FAST
@given(dates)
def test_dates_and_weekdays_match_the_calendar(d: dt.date) -> None:
    """cn_date is 年月日 without padding and weekday_line names the calendar's weekday (R6.5)."""
    assert zh.cn_date(d) == f"{d.year}年{d.month}月{d.day}日"
    assert zh.weekday_line(d) == f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


@FAST
@given(dates)
def test_as_of_says_month_end_only_on_the_last_day(d: dt.date) -> None:
    """as_of says 月底 exactly when the next day is in another month (R6.3)."""
    month_end = (d + dt.timedelta(days=1)).month != d.month
    expected = f"截至{d.month}月底" if month_end else f"截至{d.month}月{d.day}日"
    assert zh.as_of(d) == expected


@FAST
@given(
    st.integers(min_value=1000, max_value=9999),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["month", "auto"]),
)
def test_period_label_month_spans(year: int, end_month: int, kind: Any) -> None:
    """Month periods are 1—m月 with U+2014, or 1月 alone; never a hyphen (R6.1)."""
    label = zh.period_label(year, end_month, kind)
    if kind == "month" or end_month not in (3, 6, 9, 12):
        assert label == ("1月" if end_month == 1 else f"1—{end_month}月")
    assert "-" not in label and "－" not in label


@FAST
@given(
    st.text(alphabet="示重办市委政府发", min_size=1, max_size=5),
    st.integers(min_value=1000, max_value=9999),
    st.integers(min_value=1, max_value=9999),
    st.sampled_from(["[{}]", "({})", "（{}）", "【{}】", "〔{}〕"]),
    st.sampled_from(["", "第"]),
    st.integers(min_value=0, max_value=3),
)
def test_normalize_doc_number_repairs_typed_variants(
    prefix: str, year: int, seq: int, brackets: str, di: str, zeros: int
) -> None:
    """normalize_doc_number turns every typed variant into doc_number's form (R6.5)."""
    typed = prefix + brackets.format(year) + di + "0" * zeros + f"{seq}号"
    assert zh.normalize_doc_number(typed) == zh.doc_number(prefix, year, seq)


# ---------------------------------------------------------------- forbidden output

FORBIDDEN = ["增长-5.9%", "％", "－", "1-5月", "二〇二五年3月", "4,041亿元", "88个亿", "1、"]
FORBIDDEN_PATTERNS = [
    re.compile(r"(增长|上涨|下降|提高|回落|收窄|扩大|超|低于)[-－]"),  # signed number after a word
    re.compile(r"\d[-－]\d+月"),  # hyphen in a period
    re.compile(r"〇.*\d"),  # Chinese-numeral year next to Arabic month or day
    re.compile(r"\d,\d"),  # digit grouping
    re.compile(r"个亿"),  # spoken 88个亿
    # 二个 as a whole numeral; 二十二个 and 一百零二个 are correct Chinese.
    re.compile(r"(?<![十零])二个"),
    re.compile(r"\d、"),  # 1、 heading
    re.compile(r"^\(|（[一二三四五六七八九十]+）、"),  # (一) or （一）、
    re.compile(r"[○O]"),
    re.compile(r"-0(?:\.0+)?(?![\d.])"),  # negative zero
]


def assert_clean(text: str) -> None:
    """Fail if text contains any form the spec lists under AVOID."""
    for bad in FORBIDDEN:
        if bad == "二个":
            continue
        assert bad not in text, (bad, text)
    for pattern in FORBIDDEN_PATTERNS:
        assert pattern.search(text) is None, (pattern.pattern, text)


STYLES: tuple[zh.EnumStyle, ...] = ("是", "要", "第")
APPROXES: tuple[zh.Approx | None, ...] = (None, *get_args(zh.Approx))
UNITS: tuple[zh.AmountUnit, ...] = ("万元", "亿元", "万亿元")
GAP_KINDS: tuple[zh.GapKind, ...] = ("target", "schedule", "change")
PERIOD_KINDS: tuple[zh.PeriodKind, ...] = ("month", "auto")


def calls(value: D, other: D, count: int, p: int, d: dt.date) -> Iterator[Callable[[], str]]:
    """Every public formatting function applied to one draw of inputs."""
    lo, hi = min(value, other), max(value, other)
    positive = abs(other) + 1
    yield partial(zh.fixed, value, p)
    yield partial(zh.cn_number, value)
    yield partial(zh.cn_count, count)
    yield partial(zh.cn_count, count, "项")
    yield partial(zh.cn_ordinal, count + 1)
    yield partial(zh.cn_year, d.year)
    for level in (1, 2, 3, 4):
        yield partial(zh.heading_marker, level, count + 1)
    for style in STYLES:
        yield partial(zh.enumeration, ["甲", "乙"] * (count % 3 + 1), style)
        yield partial(zh.enum_prefix, count + 1, style)
    for approx in APPROXES:
        yield partial(zh.amount, abs(value), None, "auto", approx)
        yield partial(zh.quantity, abs(value), "平方米", 0, "auto", approx)
    for unit in UNITS:
        yield partial(zh.amount, value, p, unit)
    yield partial(zh.choose_amount_unit, [value, other])
    yield lambda: "".join(zh.amount_list([value, other], p))
    yield partial(zh.amount_range, lo, hi, p)
    yield partial(zh.percent, value, p)
    yield partial(zh.percent_range, lo, hi, p)
    yield partial(zh.ratio_percent, value, positive, p)
    yield partial(zh.share, value, positive, "项目总数", p)
    for price in (False, True):
        yield partial(zh.growth, value, p, price)
        yield partial(zh.growth_between, abs(value) + 1, positive, p, price)
        yield partial(zh.growth_vs_target, value, other, p, price=price)
    for kind in GAP_KINDS:
        yield partial(zh.pp_gap, value, other, p, kind, than="1—4月份")
        yield partial(zh.percent_vs, value, other, p, kind)
    yield partial(zh.multiple, abs(value), p)
    for period in PERIOD_KINDS:
        yield partial(zh.period_label, d.year, d.month, period, with_year=True)
    yield partial(zh.month_span, 1, d.month, fen=True)
    yield partial(zh.quarter_label, count % 4 + 1)
    yield partial(zh.cn_date, d)
    yield partial(zh.weekday_line, d)
    yield partial(zh.as_of, d, with_year=True)
    yield partial(zh.as_of, d.month)
    yield partial(zh.doc_number, "示重办", d.year, count + 1)
    yield partial(zh.normalize_doc_number, f"示重办[{d.year}]第0{count + 1}号")


@settings(max_examples=200, deadline=None)
@given(
    decimals(-(10**9), 10**9, 3),
    decimals(-(10**9), 10**9, 3),
    st.integers(min_value=0, max_value=10**6),
    places,
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
)
@example(D("-5.9"), D("33"), 2, 1, dt.date(2025, 5, 31))
@example(D("4041"), D("-0.04"), 22, 0, dt.date(2025, 3, 5))
@example(D(880_000), D(0), 102, 1, dt.date(2025, 1, 1))
def test_no_public_function_prints_an_avoided_form(
    value: D, other: D, count: int, p: int, d: dt.date
) -> None:
    """No function prints 增长-5.9%, ％, －, 1-5月, 二〇二五年3月, 4,041亿元, 88个亿, 二个, 1、"""
    for call in calls(value, other, count, p, d):
        try:
            text = call()
        except ValueError:
            # Refusing an input (余 with decimals, a zero base) is the allowed alternative.
            continue
        assert isinstance(text, str)
        assert_clean(text)


def test_forbidden_patterns_catch_the_seed_mistakes() -> None:
    """The avoided-form check itself flags each seed mistake and passes correct Chinese."""
    for bad in [*FORBIDDEN, "二个", "(一)", "（一）、", "1－5月", "二〇二五年3月5日", "-0.0"]:
        with pytest.raises(AssertionError):
            bad_text = "一二个" if bad == "二个" else bad
            assert_clean(bad_text)
    for good in [
        "二十二个",
        "一百零二个",
        "两个",
        "1—5月",
        "二〇二五",
        "4041亿元",
        "-5.9%",
        "（一）",
    ]:
        assert_clean(good)


@FAST
@given(st.integers(min_value=0, max_value=10**4))
def test_filters_and_functions_agree(n: int) -> None:
    """Each filter is the documented function (or that function bound to a rounding mode)."""
    assert zh.FILTERS["cn"](n) == zh.cn_number(n)
    assert zh.FILTERS["count"](n, "项") == zh.cn_count(n, "项")
    assert zh.FILTERS["pct"](D(n) / 7) == zh.percent(D(n) / 7)
    assert zh.FILTERS["amount"](D(n) * 13) == zh.amount(D(n) * 13)
    assume(n > 0)
    assert zh.FILTERS["ratio"](n, 7) == zh.ratio_percent(n, 7)
