"""Chinese numerals, amounts, percentages, direction words, periods and dates, printed per spec."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache, partial
from types import MappingProxyType
from typing import Final, Literal, TypeAlias, get_args

__all__ = [
    "FILTERS",
    "AmountUnit",
    "Approx",
    "EnumStyle",
    "GapKind",
    "PeriodKind",
    "QuantityScale",
    "Rounding",
    "amount",
    "amount_list",
    "amount_range",
    "as_of",
    "choose_amount_unit",
    "cn_count",
    "cn_date",
    "cn_number",
    "cn_ordinal",
    "cn_year",
    "doc_number",
    "enum_prefix",
    "enumeration",
    "fixed",
    "growth",
    "growth_between",
    "growth_vs_target",
    "heading_marker",
    "make_filters",
    "month_span",
    "multiple",
    "normalize_doc_number",
    "percent",
    "percent_range",
    "percent_vs",
    "period_label",
    "pp_gap",
    "quantity",
    "quarter_label",
    "ratio_percent",
    "round_half_up",
    "share",
    "weekday_line",
]

Rounding: TypeAlias = Literal["half_up", "half_even"]
AmountUnit: TypeAlias = Literal["万元", "亿元", "万亿元"]
QuantityScale: TypeAlias = Literal["auto", "", "万", "亿", "万亿"]
Approx: TypeAlias = Literal["以上", "余", "多", "近", "约", "左右", "超过", "不低于", "过"]
EnumStyle: TypeAlias = Literal["是", "要", "第"]
GapKind: TypeAlias = Literal["target", "schedule", "change"]
PeriodKind: TypeAlias = Literal["month", "quarter", "half", "year", "auto"]

_MODES: Final[Mapping[str, str]] = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}

_DIGITS: Final = "零一二三四五六七八九"
# Digit-by-digit numbering takes U+3007, never 零, ○ (U+25CB) or the letter O (spec R1.6).
_YEAR_DIGITS: Final = "〇一二三四五六七八九"
_MAX_NUMERAL: Final = 10**16

_SCALE_EXPONENT: Final[Mapping[str, int]] = {"": 0, "万": 4, "亿": 8, "万亿": 12}
_NEXT_SCALE: Final[Mapping[str, str]] = {"": "万", "万": "亿", "亿": "万亿"}
_UNIT_SCALE: Final[Mapping[str, str]] = {"万元": "万", "亿元": "亿", "万亿元": "万亿"}
_SCALE_UNIT: Final[Mapping[str, AmountUnit]] = {"万": "万元", "亿": "亿元", "万亿": "万亿元"}
_AMOUNT_PLACES: Final[Mapping[str, int]] = {"万元": 0, "亿元": 2, "万亿元": 2}
_APPROX_BEFORE: Final = frozenset({"近", "约", "超过", "不低于", "过"})
_APPROX_AFTER: Final = frozenset({"以上", "左右"})
# 余 and 多 sit between the digits and 万/亿 (6600余亿元), so they need a whole number.
_APPROX_INSIDE: Final = frozenset({"余", "多"})

# Nouns that read as an ordinal right after a numeral (二季度 = Q2, 二月 = February),
# so a count of two needs 个 in between: 两个季度, not 两季度.
_ORDINAL_NOUNS: Final = frozenset({"季度", "月", "月份"})
_TRAILING_PUNCT: Final = "。；;，,、.．!！?？:："

_QUARTER_NAMES: Final[Mapping[int, str]] = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}
_CUMULATIVE: Final[Mapping[str, Mapping[int, str]]] = {
    "quarter": {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"},
    "half": {6: "上半年", 12: "全年"},
    "year": {12: "全年"},
    "auto": {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"},
}
#: 星期一 … 星期日, by ``date.weekday()``.
_WEEKDAYS: Final = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


# ---------------------------------------------------------------- numbers


def _dec(value: object, name: str = "value") -> Decimal:
    """Return ``value`` as a finite Decimal; floats and bools are refused."""
    if isinstance(value, float):
        raise TypeError(
            f"{name} must be a Decimal or int, got float {value!r}; "
            "build it from the source text with Decimal(str(x)) before it reaches zh"
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or int, got {type(value).__name__} {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    return value


def _places(places: object) -> int:
    count = _int(places, "places")
    if count < 0:
        raise ValueError(f"places must be 0 or more, got {places!r}")
    return count


def _rounding(mode: str) -> str:
    try:
        return _MODES[mode]
    except KeyError:
        raise ValueError(f"mode must be one of {sorted(_MODES)}, got {mode!r}") from None


def round_half_up(value: Decimal | int, places: int, mode: Rounding = "half_up") -> Decimal:
    """Round once, for display, to ``places`` decimals.

    ``half_up`` is 四舍五入 on the magnitude (-1.25 → -1.3, GB/T 8170 3.2.5);
    ``half_even`` is 奇进偶舍 (1.05 → 1.0).  The result always has exactly
    ``places`` decimals and never carries the sign of a zero.
    """
    # The usual call (a finite Decimal, a place count, a known mode) is checked
    # here without the general checks' calls: an annex of 100 projects rounds
    # 500 figures for each document of a batch.
    number = value if type(value) is Decimal and value.is_finite() else _dec(value)
    digits = places if type(places) is int and places >= 0 else _places(places)
    rounding = _MODES.get(mode) or _rounding(mode)
    # A private context: the caller's precision or traps must not change a printed figure.
    precision = max(28, number.adjusted() + digits + 3)
    result = number.quantize(_unit(digits), rounding=rounding, context=_context(precision))
    return result.copy_abs() if result.is_zero() else result


# A 10,000-project annex rounds 40,000 figures: the context and the quantum
# are made once per precision and place count, not for every figure.
@lru_cache(maxsize=64)
def _context(precision: int) -> Context:
    return Context(prec=precision)


@lru_cache(maxsize=64)
def _unit(digits: int) -> Decimal:
    return Decimal(1).scaleb(-digits, context=Context(prec=28))


def fixed(value: Decimal | int, places: int = 0, *, mode: Rounding = "half_up") -> str:
    """``1234.5`` → ``"1234.50"`` at 2 places: no digit grouping (R3.3), no ``-0``."""
    return f"{round_half_up(value, places, mode):f}"


def _section(n: int, leading: bool) -> str:
    """Spell 1–9999 as one 4-digit section; zero-padding inside is handled by the caller."""
    parts: list[str] = []
    pending_zero = False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_DIGITS[digit] + unit)
    text = "".join(parts)
    # 十一, 十万 at the head of a number; 一百一十 inside (R1.5).
    return text[1:] if leading and 10 <= n <= 19 else text


def _spell_int(n: int, leading: bool = True) -> str:
    """Spell 1 ≤ n ≤ 10**16 with one 零 per run of zeros, including a whole empty section."""
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        text = _spell_int(high, leading) + "亿"
        if low:
            # 零 when the 亿 section is empty or the lower part does not start at 千万.
            if low < 10**7 or high % 10**4 == 0:
                text += "零"
            text += _spell_int(low, leading=False)
        return text
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _section(high, leading) + "万"
        if low:
            if low < 1000:
                text += "零"
            text += _section(low, leading=False)
        return text
    return _section(n, leading)


def cn_number(n: int | Decimal) -> str:
    """Counting numeral: 十一, 一百一十, 一亿零一千, 负五, 九十五点零六.

    Decimals are read digit by digit exactly as the Decimal is written
    (``Decimal("5.0")`` → 五点零); quantize first to choose the digits.
    Magnitudes above 10**16 (一亿亿) raise ValueError.
    """
    number = _dec(n, "n")
    if abs(number) > _MAX_NUMERAL:
        raise ValueError(f"n must be at most 10**16 in magnitude, got {n!r}")
    sign = "负" if number < 0 and not number.is_zero() else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    text = _spell_int(int(whole)) if int(whole) else "零"
    if fraction:
        text += "点" + "".join(_DIGITS[int(c)] for c in fraction)
    return sign + text


def cn_count(n: int, measure: str = "个") -> str:
    """Count with a measure word: 两个, 两项, 十二个, 二十个, 两千个, 两万个 (R1.7).

    A leading 2 reads 两 before a measure word or before 千, 万 and 亿
    (两千个, 两万个, 两亿元); 二十 and 二百 keep 二, as counts usually write them.

    Nouns that read as ordinals after a bare numeral (季度, 月, 月份) raise
    ValueError: pass ``"个季度"`` to get 两个季度.
    """
    count = _int(n, "n")
    if count < 0:
        raise ValueError(f"a count cannot be negative, got {n!r}")
    if not measure:
        raise ValueError("measure must not be empty: a bare 两 is not a count")
    if measure in _ORDINAL_NOUNS:
        raise ValueError(f"{measure!r} after a numeral reads as an ordinal; use '个{measure}'")
    if count == 2:
        return "两" + measure
    spelled = cn_number(count)
    if spelled.startswith(("二千", "二万", "二亿")):
        spelled = "两" + spelled[1:]
    return spelled + measure


def cn_ordinal(n: int) -> str:
    """Ordinal in Chinese: 第二, 第十一 (二, never 两, in sequences)."""
    if _int(n, "n") < 1:
        raise ValueError(f"an ordinal starts at 1, got {n!r}")
    return "第" + cn_number(n)


def cn_year(year: int) -> str:
    """Year digit by digit with 〇 (U+3007): 2025 → 二〇二五 (no 年; R1.6)."""
    if _int(year, "year") < 0:
        raise ValueError(f"year must not be negative, got {year!r}")
    return "".join(_YEAR_DIGITS[int(c)] for c in str(year))


# ---------------------------------------------------------------- headings and lists


def heading_marker(level: int, n: int) -> str:
    """GB/T 9704 heading number: level 1 一、 2 （一） 3 1. 4 （1） (R2.1)."""
    _int(level, "level")
    if _int(n, "n") < 1:
        raise ValueError(f"heading numbers start at 1, got {n!r}")
    if level == 1:
        return cn_number(n) + "、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"level must be 1, 2, 3 or 4, got {level!r}")


def enum_prefix(n: int, style: EnumStyle = "是") -> str:
    """Prefix of item ``n`` in a paragraph list: 一是 / 一要 / 第一，."""
    if _int(n, "n") < 1:
        raise ValueError(f"list items are numbered from 1, got {n!r}")
    if style == "是":
        return cn_number(n) + "是"
    if style == "要":
        return cn_number(n) + "要"
    if style == "第":
        return cn_ordinal(n) + "，"
    raise ValueError(f"style must be '是', '要' or '第', got {style!r}")


def enumeration(
    items: Sequence[str], style: EnumStyle = "是", end: str = "。", *, sep: str = "；"
) -> str:
    """Join items as 一是A；二是B。 with one style for the whole list (R2.2).

    Trailing punctuation of each item is dropped so the separators are the
    only ones; an empty list or an empty item raises ValueError (a template
    must not leave 主要有：。 behind).
    """
    if isinstance(items, str):
        raise TypeError("items must be a sequence of strings, not one string")
    parts: list[str] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, str):
            raise TypeError(f"item {number} must be a string, got {type(item).__name__}")
        text = item.strip().rstrip(_TRAILING_PUNCT).rstrip()
        if not text:
            raise ValueError(f"item {number} is empty")
        parts.append(enum_prefix(number, style) + text)
    if not parts:
        raise ValueError("an enumeration needs at least one item")
    return sep.join(parts) + end


# ---------------------------------------------------------------- amounts


def _auto_scale(magnitude: Decimal, floor: str) -> str:
    scale = floor
    while scale in _NEXT_SCALE and magnitude >= Decimal(10) ** _SCALE_EXPONENT[_NEXT_SCALE[scale]]:
        scale = _NEXT_SCALE[scale]
    return scale


def _scaled(
    value: Decimal,
    scale: str,
    auto: bool,
    places: int | None,
    default_places: Callable[[str], int],
    approx: str | None,
    mode: Rounding,
) -> tuple[str, str]:
    """Return (digits, scale) of ``value`` (in base units) written in ``scale``.

    In auto mode a value that rounds up to 10000 of its scale moves to the
    next one, so 9999.6万元 prints as 1.00亿元 rather than 10000万元.
    """
    if approx is not None and approx not in get_args(Approx):
        raise ValueError(f"approx must be one of {list(get_args(Approx))}, got {approx!r}")
    while True:
        use_places = places
        if use_places is None:
            use_places = 0 if approx in _APPROX_INSIDE else default_places(scale)
        elif approx in _APPROX_INSIDE and use_places != 0:
            raise ValueError(f"{approx} follows a round number; use places=0, got {places!r}")
        shown = round_half_up(value.scaleb(-_SCALE_EXPONENT[scale]), use_places, mode)
        if auto and scale in _NEXT_SCALE and abs(shown) >= 10000:
            scale = _NEXT_SCALE[scale]
            continue
        return f"{shown:f}", scale


def _attach(digits: str, scale: str, unit: str, approx: str | None) -> str:
    if approx is None:
        return f"{digits}{scale}{unit}"
    if approx in _APPROX_INSIDE:
        return f"{digits}{approx}{scale}{unit}"
    if approx in _APPROX_BEFORE:
        return f"{approx}{digits}{scale}{unit}"
    assert approx in _APPROX_AFTER, approx
    return f"{digits}{scale}{unit}{approx}"


def _amount_parts(
    value_wan: Decimal | int,
    places: int | None,
    unit: str,
    approx: str | None,
    mode: Rounding,
) -> tuple[str, str]:
    value = _dec(value_wan, "value_wan")
    if places is not None:
        _places(places)
    if unit == "auto":
        scale = _amount_scale(abs(value))
    elif unit in _UNIT_SCALE:
        scale = _UNIT_SCALE[unit]
    else:
        raise ValueError(f"unit must be 'auto', '万元', '亿元' or '万亿元', got {unit!r}")
    return _scaled(
        value.scaleb(4),
        scale,
        unit == "auto",
        places,
        lambda s: _AMOUNT_PLACES[_SCALE_UNIT[s]],
        approx,
        mode,
    )


def _amount_scale(magnitude_wan: Decimal) -> str:
    return _auto_scale(magnitude_wan.scaleb(4), "万")


def amount(
    value_wan: Decimal | int,
    places: int | None = None,
    unit: AmountUnit | Literal["auto"] = "auto",
    approx: Approx | None = None,
    *,
    mode: Rounding = "half_up",
) -> str:
    """Money from the 万元 ledger value: 5000万元, 742.00亿元, 1.20万亿元 (R3.1–R3.4).

    ``auto`` picks 万元 below 1亿元, 亿元 below 1万亿元, else 万亿元; pass a
    unit (e.g. from :func:`choose_amount_unit`) to fix it for a document or
    list.  Default places: 万元 0, 亿元 and 万亿元 2; always printed in full
    (``Decimal("742")`` → 742.00亿元; pass ``places=0`` for round plan
    figures).  ``approx`` goes where the spec puts it: 183亿元以上,
    6600余亿元 (whole numbers only), 近100亿元, 约, 超过, 不低于, 过, 左右.
    """
    digits, scale = _amount_parts(value_wan, places, unit, approx, mode)
    return _attach(digits, scale, "元", approx)


def choose_amount_unit(values: Iterable[Decimal | int]) -> AmountUnit:
    """One unit for a list: the largest unit that at least half the non-zero values reach.

    ``[5000, 7420000]`` (万元) → 亿元; ``[3000, 5000, 7420000]`` → 万元.
    No non-zero value → 万元.
    """
    magnitudes = sorted((abs(_dec(v, "values[]")) for v in values), reverse=True)
    magnitudes = [m for m in magnitudes if not m.is_zero()]
    if not magnitudes:
        return "万元"
    return _SCALE_UNIT[_amount_scale(magnitudes[(len(magnitudes) - 1) // 2])]


def amount_list(
    values: Iterable[Decimal | int],
    places: int | None = None,
    unit: AmountUnit | Literal["auto"] = "auto",
    *,
    mode: Rounding = "half_up",
) -> list[str]:
    """Format every value in one unit and one precision (同类别同形式, R3.1)."""
    numbers = [_dec(v, "values[]") for v in values]
    fixed_unit = choose_amount_unit(numbers) if unit == "auto" else unit
    return [amount(v, places, fixed_unit, mode=mode) for v in numbers]


def amount_range(
    lo: Decimal | int,
    hi: Decimal | int,
    places: int | None = None,
    unit: AmountUnit | Literal["auto"] = "auto",
    *,
    sep: str = "～",
    mode: Rounding = "half_up",
) -> str:
    """Range of 万元 values with 万/亿 on both ends and 元 once: 2亿～6亿元, 13万～17万元 (R3.6).

    The unit is the one :func:`amount` would choose for the larger end.
    """
    low, high = _dec(lo, "lo"), _dec(hi, "hi")
    if low > high:
        raise ValueError(f"range is reversed: lo={lo!r} > hi={hi!r}")
    big = high if abs(high) >= abs(low) else low
    _, scale = _amount_parts(big, places, unit, None, mode)
    chosen = _SCALE_UNIT[scale]
    low_digits, _ = _amount_parts(low, places, chosen, None, mode)
    high_digits, _ = _amount_parts(high, places, chosen, None, mode)
    return f"{low_digits}{scale}{sep}{high_digits}{scale}元"


def quantity(
    value: Decimal | int,
    unit: str,
    places: int = 0,
    scale: QuantityScale = "auto",
    approx: Approx | None = None,
    *,
    mode: Rounding = "half_up",
) -> str:
    """A physical quantity given in base units: 16400000 平方米 → 1640万平方米 (R1.4, R3.4).

    ``auto`` moves to 万/亿/万亿 from 10**4/10**8/10**12 base units; ``places``
    is fixed for every scale (pass ``places=1`` for 4.8万户).
    """
    number = _dec(value)
    _places(places)
    if scale == "auto":
        chosen = _auto_scale(abs(number), "")
    elif scale in _SCALE_EXPONENT:
        chosen = scale
    else:
        raise ValueError(f"scale must be 'auto', '', '万', '亿' or '万亿', got {scale!r}")
    digits, chosen = _scaled(
        number, chosen, scale == "auto", places, lambda _s: places, approx, mode
    )
    return _attach(digits, chosen, unit, approx)


# ---------------------------------------------------------------- percentages


def percent(value: Decimal | int, places: int = 1, *, mode: Rounding = "half_up") -> str:
    """A percentage number printed with half-width %: ``Decimal("47.47")`` → 47.5% (R4.1, R4.2)."""
    return fixed(value, places, mode=mode) + "%"


def percent_range(
    lo: Decimal | int,
    hi: Decimal | int,
    places: int = 1,
    *,
    sep: str = "～",
    mode: Rounding = "half_up",
) -> str:
    """15%～30%: % on both ends (R3.6)."""
    if _dec(lo, "lo") > _dec(hi, "hi"):
        raise ValueError(f"range is reversed: lo={lo!r} > hi={hi!r}")
    return percent(lo, places, mode=mode) + sep + percent(hi, places, mode=mode)


def _ratio(num: Decimal | int, den: Decimal | int) -> Decimal:
    numerator, denominator = _dec(num, "num"), _dec(den, "den")
    if denominator.is_zero():
        raise ValueError("den is zero: the rate is undefined; the caller must say so in words")
    # Enough digits that the one rounding at display decides every tie correctly.
    with localcontext(Context(prec=60)):
        return numerator * 100 / denominator


def ratio_percent(
    num: Decimal | int, den: Decimal | int, places: int = 1, *, mode: Rounding = "half_up"
) -> str:
    """num/den as a percentage rounded once: 47/99 → 47.5%, 165/200 at 0 places → 83%."""
    return percent(_ratio(num, den), places, mode=mode)


def share(
    num: Decimal | int,
    den: Decimal | int,
    whole: str = "项目总数",
    places: int = 1,
    *,
    mode: Rounding = "half_up",
) -> str:
    """占项目总数的47.5% (R4.8); an empty ``whole`` gives 占比47.5%."""
    shown = ratio_percent(num, den, places, mode=mode)
    return f"占{whole}的{shown}" if whole else f"占比{shown}"


def growth(
    rate: Decimal | int | None,
    places: int = 1,
    price: bool = False,
    *,
    prefix: str = "",
    mode: Rounding = "half_up",
) -> str:
    """Signed rate in words: 增长5.3% / 下降5.9% / 持平 (0 after rounding); prices 上涨 (R4.6).

    ``prefix`` goes before the verb (``"同比"`` → 同比增长5.3%).  ``None`` (no
    comparable base) raises ValueError rather than printing a guess.
    """
    if rate is None:
        raise ValueError("growth rate is undefined (no comparable base); say so in words")
    shown = round_half_up(rate, places, mode)
    if shown.is_zero():
        return f"{prefix}持平"
    verb = ("上涨" if price else "增长") if shown > 0 else "下降"
    return f"{prefix}{verb}{fixed(abs(shown), places, mode=mode)}%"


def _growth_rate(current: Decimal | int, previous: Decimal | int) -> Decimal:
    if _dec(previous, "previous") <= 0:
        raise ValueError(
            f"previous must be positive for a growth rate, got {previous!r}; say so in words"
        )
    return _ratio(_dec(current, "current") - _dec(previous), previous)


def growth_between(
    current: Decimal | int,
    previous: Decimal | int,
    places: int = 1,
    price: bool = False,
    *,
    prefix: str = "",
    mode: Rounding = "half_up",
) -> str:
    """Growth from two levels, (current − previous)/previous: 增长/下降/持平 (R4.7).

    A zero or negative ``previous`` raises ValueError: no meaningful rate exists.
    """
    return growth(_growth_rate(current, previous), places, price, prefix=prefix, mode=mode)


def multiple(ratio: Decimal | int, places: int = 1, *, mode: Rounding = "half_up") -> str:
    """Growth from a ratio current/previous: ×2 → 增长1倍, ×2.5 → 增长1.5倍 (R4.6).

    From ×2 up the growth is said in 倍 (= ratio − 1), whole multiples without
    decimals; below ×2 it falls back to :func:`growth` in % (×1.5 → 增长50.0%,
    ×0.8 → 下降20.0%), since 下降n倍 is never right.
    """
    value = _dec(ratio, "ratio")
    if value < 0:
        raise ValueError(f"ratio must not be negative, got {ratio!r}")
    if value < 2:
        return growth((value - 1) * 100, places, mode=mode)
    times = round_half_up(value - 1, places, mode)
    text = f"{times:f}" if times != times.to_integral_value() else f"{int(times)}"
    return f"增长{text}倍"


_GAP_NOUN: Final[Mapping[str, str]] = {"target": "目标", "schedule": "序时进度"}
_GAP_EQUAL: Final[Mapping[str, str]] = {"target": "完成", "schedule": "达到"}


def pp_gap(
    actual: Decimal | int,
    reference: Decimal | int,
    places: int = 1,
    kind: GapKind = "target",
    *,
    target_word: str | None = None,
    above: str | None = None,
    below: str | None = None,
    subject: str = "增速",
    than: str = "",
    mode: Rounding = "half_up",
) -> str:
    """Gap between two percentages in 个百分点, computed from the printed values (R4.3–R4.6).

    Both sides are rounded to ``places`` first, so 97.16 vs 83.33 gives
    13.9 (97.2 − 83.3), never 13.8.

    - ``target``: 超目标x个百分点 / 低于目标x个百分点 / 完成目标;
      ``target_word="目标值"`` for 低于目标值…, ``above="高于"``.
    - ``schedule``: 超序时进度x / 低于序时进度x (``below="落后"``) / 达到序时进度;
      ``target_word`` for 时间进度, 均衡进度.
    - ``change`` (``actual`` = current rate, ``reference`` = earlier rate, ``than``
      = the earlier period, e.g. "1—4月份"): 增速比1—4月份提高/回落x个百分点,
      增速与1—4月份持平; both negative: 降幅比…收窄/扩大x个百分点; sign change:
      增速由负转正，1—4月份为下降5.4%.  ``above``/``below`` replace 提高/回落
      (加快/放缓); ``subject`` replaces 增速.
    """
    current = round_half_up(actual, places, mode)
    earlier = round_half_up(reference, places, mode)
    if kind == "change":
        return _rate_change(current, earlier, places, above, below, subject, than, mode)
    if kind not in _GAP_NOUN:
        raise ValueError(f"kind must be 'target', 'schedule' or 'change', got {kind!r}")
    noun = _GAP_NOUN[kind] if target_word is None else target_word
    gap = current - earlier
    if gap.is_zero():
        return _GAP_EQUAL[kind] + noun
    verb = (above or "超") if gap > 0 else (below or "低于")
    return f"{verb}{noun}{fixed(abs(gap), places, mode=mode)}个百分点"


def _rate_change(
    current: Decimal,
    earlier: Decimal,
    places: int,
    above: str | None,
    below: str | None,
    subject: str,
    than: str,
    mode: Rounding,
) -> str:
    compare = f"比{than}" if than else ""
    points = f"{fixed(abs(current - earlier), places, mode=mode)}个百分点"
    if current == earlier:
        return f"{subject}与{than}持平" if than else f"{subject}持平"
    if current < 0 and earlier < 0:
        # Between two declines the reader follows the size of the fall, not the signed rate.
        return f"降幅{compare}{'收窄' if current > earlier else '扩大'}{points}"
    if (current > 0 > earlier) or (current < 0 < earlier):
        turn = "由负转正" if current > 0 else "由正转负"
        before = f"，{than}为{growth(earlier, places, mode=mode)}" if than else ""
        return f"{subject}{turn}{before}"
    verb = (above or "提高") if current > earlier else (below or "回落")
    return f"{subject}{compare}{verb}{points}"


def growth_vs_target(
    rate: Decimal | int,
    target: Decimal | int,
    places: int = 1,
    *,
    target_word: str = "目标",
    price: bool = False,
    prefix: str = "",
    mode: Rounding = "half_up",
) -> str:
    """下降31.7%，低于目标值64.7个百分点: growth, then the signed gap to the target (R4.5)."""
    said = growth(rate, places, price, prefix=prefix, mode=mode)
    gap = pp_gap(rate, target, places, "target", target_word=target_word, mode=mode)
    return f"{said}，{gap}"


def percent_vs(
    value: Decimal | int,
    reference: Decimal | int,
    places: int = 1,
    kind: GapKind = "schedule",
    *,
    target_word: str | None = None,
    above: str | None = None,
    below: str | None = None,
    mode: Rounding = "half_up",
) -> str:
    """97.2%，超序时进度13.9个百分点: a rate, then its gap from the printed reference."""
    gap = pp_gap(
        value, reference, places, kind, target_word=target_word, above=above, below=below, mode=mode
    )
    return f"{percent(value, places, mode=mode)}，{gap}"


# ---------------------------------------------------------------- periods and dates


def _month(value: object, name: str = "month") -> int:
    month = _int(value, name)
    if not 1 <= month <= 12:
        raise ValueError(f"{name} must be 1–12, got {value!r}")
    return month


def _four_digit_year(year: object) -> int:
    # GB/T 15835 5.1.4 wants the full year; a two-digit one is always a data error.
    full = _int(year, "year")
    if not 1000 <= full <= 9999:
        raise ValueError(f"year must have four digits, got {year!r}")
    return full


def month_span(start: int, end: int, *, fen: bool = False) -> str:
    """3—5月 with the 一字线 U+2014 (R6.1); one month → 3月; ``fen`` adds 份."""
    first, last = _month(start, "start"), _month(end, "end")
    if first > last:
        raise ValueError(f"months are reversed: {start} > {end}")
    text = f"{first}月" if first == last else f"{first}—{last}月"
    return text + ("份" if fen else "")


def quarter_label(q: int) -> str:
    """A single quarter: 1 → 一季度, 2 → 二季度 (二, not 两: R1.7)."""
    if _int(q, "q") not in _QUARTER_NAMES:
        raise ValueError(f"quarter must be 1–4, got {q!r}")
    return _QUARTER_NAMES[q]


def period_label(
    year: int,
    end_month: int,
    kind: PeriodKind = "month",
    *,
    with_year: bool = False,
    fen: bool = False,
) -> str:
    """Cumulative period from January to ``end_month`` (R6.1, R6.2).

    ``month``: 1—6月 (1月 when end_month is 1; ``fen`` → 1—6月份).
    ``quarter``: 3 一季度, 6 上半年, 9 前三季度, 12 全年; ``half``: 6 上半年,
    12 全年; ``year``: 12 全年; other months raise ValueError.  ``auto`` uses
    the quarter names where they exist and months elsewhere.  ``with_year``
    puts the year in front: 2025年1—5月, 2025年上半年.
    """
    _four_digit_year(year)
    _month(end_month, "end_month")
    if kind == "month":
        label = month_span(1, end_month, fen=fen)
    elif kind in _CUMULATIVE:
        names = _CUMULATIVE[kind]
        if end_month in names:
            label = names[end_month]
        elif kind == "auto":
            label = month_span(1, end_month, fen=fen)
        else:
            raise ValueError(f"no {kind} period ends in month {end_month}")
    else:
        raise ValueError(f"kind must be one of {list(get_args(PeriodKind))}, got {kind!r}")
    return f"{year}年{label}" if with_year else label


def _date(d: object) -> dt.date:
    if not isinstance(d, dt.date):
        raise TypeError(f"expected a date, got {type(d).__name__} {d!r}")
    return d


def cn_date(d: dt.date) -> str:
    """2025年3月5日: Arabic digits, no zero padding (GB/T 9704 7.3.5.4, R6.5)."""
    d = _date(d)
    return f"{d.year}年{d.month}月{d.day}日"


def weekday_line(d: dt.date) -> str:
    """Dateline with weekday: 2025年3月5日 星期三 (R6.6)."""
    return f"{cn_date(d)} {_WEEKDAYS[_date(d).weekday()]}"


def as_of(d_or_month: dt.date | int, *, with_year: bool = False) -> str:
    """截至3月底 (a month, or a date on its last day) / 截至3月15日 (R6.3: 截至, not 截止)."""
    if isinstance(d_or_month, dt.date):
        d = d_or_month
        last = calendar.monthrange(d.year, d.month)[1]
        day = "底" if d.day == last else f"{d.day}日"
        year = f"{d.year}年" if with_year else ""
        return f"截至{year}{d.month}月{day}"
    if with_year:
        raise ValueError("with_year needs a date, not a bare month")
    return f"截至{_month(d_or_month)}月底"


def doc_number(prefix: str, year: int, seq: int) -> str:
    """发文字号 示重办〔2025〕12号: 六角括号, no 第, no padding (R6.5)."""
    _four_digit_year(year)
    if _int(seq, "seq") < 1:
        raise ValueError(f"seq must be 1 or more, got {seq!r}")
    return f"{prefix.strip()}〔{year}〕{seq}号"


_DOC_NUMBER: Final = re.compile(
    r"""^\s*(?P<prefix>.*?)\s*
    [\[(（【〔［〖{｛]\s*(?P<year>[0-9０-９〇零○OoＯ一二三四五六七八九]{4})\s*[\])）】〕］〗}｝]
    \s*第?\s*(?P<seq>[0-9０-９]+)\s*号?\s*$""",
    re.VERBOSE,
)
_DIGIT_FOLD: Final = str.maketrans(
    "０１２３４５６７８９〇零○OoＯ一二三四五六七八九", "0123456789000000123456789"
)


def normalize_doc_number(text: str) -> str:
    """Repair a typed 发文字号: 示重办[2025]第012号 / (2025) / 【二〇二五】 → 示重办〔2025〕12号.

    Raises ValueError when no bracketed four-digit year and number are found.
    """
    match = _DOC_NUMBER.match(text)
    if match is None:
        raise ValueError(f"not a document number: {text!r}")
    year = int(match["year"].translate(_DIGIT_FOLD))
    seq = int(match["seq"].translate(_DIGIT_FOLD))
    return doc_number(match["prefix"], year, seq)


# ---------------------------------------------------------------- Jinja filters

_ROUNDED: Final = frozenset(
    {
        "fixed",
        "amount",
        "amount_range",
        "quantity",
        "pct",
        "pct_range",
        "ratio",
        "share",
        "growth",
        "growth_between",
        "growth_vs",
        "times",
        "pp",
        "pct_vs",
    }
)


def make_filters(mode: Rounding = "half_up") -> dict[str, Callable[..., str]]:
    """Filter name → function for a Jinja environment, every rounding one bound to ``mode``.

    For one unit per list in a template: ``{% set u = values | amount_unit %}``
    then ``{{ v | amount(unit=u) }}``.
    """
    _rounding(mode)
    table: dict[str, Callable[..., str]] = {
        "cn": cn_number,
        "count": cn_count,
        "ordinal": cn_ordinal,
        "cn_year": cn_year,
        "marker": heading_marker,
        "enum": enumeration,
        "enum_prefix": enum_prefix,
        "fixed": fixed,
        "amount": amount,
        "amount_unit": choose_amount_unit,
        "amount_range": amount_range,
        "quantity": quantity,
        "pct": percent,
        "pct_range": percent_range,
        "ratio": ratio_percent,
        "share": share,
        "growth": growth,
        "growth_between": growth_between,
        "growth_vs": growth_vs_target,
        "times": multiple,
        "pp": pp_gap,
        "pct_vs": percent_vs,
        "period": period_label,
        "months": month_span,
        "quarter": quarter_label,
        "date": cn_date,
        "weekday": weekday_line,
        "as_of": as_of,
        "docno": doc_number,
        "docno_fix": normalize_doc_number,
    }
    if mode != "half_up":
        for name in _ROUNDED:
            table[name] = partial(table[name], mode=mode)
    return table


FILTERS: Final[Mapping[str, Callable[..., str]]] = MappingProxyType(make_filters())
