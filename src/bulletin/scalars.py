"""How a value written in a ledger is read: numbers, yes/no, dates — one set of rules.

Everything that decides what ``067600``, ``67,600``, ``0x10`` or ``true`` means
lives here, so that the YAML loader (for unquoted values) and the model (for
fields that want a number) read a figure the same way.  The rules, as a
secretary would expect them:

* **Numbers are decimal.**  A leading zero does not make a number octal:
  ``067600`` is 67600.  Written unquoted and longer than two digits, it is read
  so *with a warning*, because other programs that read YAML 1.1 (and older
  versions of this one) take it for octal 28544; ``01``–``09``, the usual way
  to write a month, are read silently.  ``0x10``, ``0o17`` and base-60 ``1:30``
  are not numbers but text, which a number field refuses by name.
* **Commas only group thousands**: ``67,600`` and ``1,234,567.5`` are read
  (ASCII or full-width commas, every three digits); any other comma
  (``67,6``, ``1,2,3``) is refused, since it may be a decimal comma or a slip.
* **true and false are not numbers**: a month, a count or an amount written as
  ``true`` is refused.  Only ``true``/``false`` (any capitalisation YAML
  allows) are yes/no; ``yes``, ``no``, ``on``, ``off`` stay text, which a yes/no
  field still understands.
* **Nothing**: ``~``, ``null`` or an empty value.
* **Dates**: ``2025-07-15``; an impossible date (``2025-13-01``) stays text so
  that the date field can name it.
* A quoted value is always text; an amount or count field reads the number in
  it by the same rules, without the leading-zero warning (no YAML program
  reads a quoted value as octal).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

__all__ = ["MAX_DIGITS", "NumberError", "plain", "read_number", "whole"]


class NumberError(ValueError):
    """A number written so that its meaning is unclear; the message says how to write it."""


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?([0-9]+(?:_[0-9]+)*)\Z")
_DECIMAL = re.compile(
    r"[-+]?(?:[0-9]+(?:_[0-9]+)*(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?|\.[0-9]+(?:_[0-9]+)*)"
    r"(?:[eE][-+]?[0-9]+)?\Z"
)
_SPECIAL = {
    ".inf": "Infinity",
    ".Inf": "Infinity",
    ".INF": "Infinity",
    "+.inf": "Infinity",
    "+.Inf": "Infinity",
    "+.INF": "Infinity",
    "-.inf": "-Infinity",
    "-.Inf": "-Infinity",
    "-.INF": "-Infinity",
    ".nan": "NaN",
    ".NaN": "NaN",
    ".NAN": "NaN",
}
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?\Z"
)
_NUMERIC_START = frozenset("0123456789+-.")
#: More digits than this (or an exponent beyond it) is not a figure anyone
#: wrote: it is read as text, for a number field to refuse, instead of a
#: number whose printing would take minutes.
MAX_DIGITS = 30


def plain(text: str) -> tuple[object, str | None]:
    """The value of an unquoted YAML scalar, and a warning about how it was read (or ``None``).

    Returns ``None``, a ``bool``, an ``int``, a ``Decimal`` (never a float), a
    ``date``/``datetime`` or the text itself.
    """
    if text in _NULLS:
        return None, None
    first = text[0]
    if first not in _NUMERIC_START:
        found = _BOOLS.get(text)
        return (text, None) if found is None else (found, None)
    if len(text) > MAX_DIGITS + 8:
        return text, None
    if text.isascii() and text.isdigit() and (len(text) <= 2 or text[0] != "0"):
        return int(text), None  # the usual amount or month, as the pattern below reads it
    match = _INT.match(text)
    if match is not None:
        digits = match.group(1)
        value = int(text.replace("_", ""))
        if len(digits) > 2 and digits[0] == "0":
            return value, (
                f"以 0 开头的数字 {text} 按十进制读作 {value}"
                "（有的软件会把它当作八进制数，建议去掉开头的 0）"
            )
        return value, None
    if _DECIMAL.match(text):
        number = Decimal(text.replace("_", ""))
        if abs(number.adjusted()) > MAX_DIGITS:  # 1e999999999, 1e-999999999
            return text, None
        return number, None
    special = _SPECIAL.get(text)
    if special is not None:
        return Decimal(special), None
    return _date(text), None


def _date(text: str) -> object:
    match = _DATE.match(text)
    try:
        if match is not None:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        stamp = _TIMESTAMP.match(text)
        if stamp is None:
            return text
        year, month, day, hour, minute, second = (int(g) for g in stamp.groups()[:6])
        fraction = int((stamp.group(7) or "0")[:6].ljust(6, "0"))
        zone: dt.tzinfo | None = None
        if stamp.group(8) == "Z":
            zone = dt.UTC
        elif stamp.group(8):
            offset = dt.timedelta(hours=int(stamp.group(10)), minutes=int(stamp.group(11) or 0))
            zone = dt.timezone(-offset if stamp.group(9) == "-" else offset)
        return dt.datetime(year, month, day, hour, minute, second, fraction, tzinfo=zone)
    except ValueError:
        # Month 13 or 2 February 30: the text, so that the date field can name it.
        return text


# Digits (any script Python reads as decimal digits: 67600 and full-width ６７６００),
# commas (ASCII or full-width) and at most one decimal point.
_NUMBER_TEXT = re.compile(r"([+-]?)(\d[\d,，_]*)(?:[.．](\d+))?\Z")
_GROUPED = re.compile(r"\d{1,3}(?:[,，]\d{3})+\Z")
_COMMA_MESSAGE = "逗号只能用作千位分隔符（每三位一个，如 67,600）；小数点请写“.”"


def read_number(text: str) -> Decimal | None:
    """The number a text such as ``67,600`` or ``-12.5`` writes, or ``None`` if it writes none.

    Raises :class:`NumberError` for a comma that does not separate thousands
    (``67,6``, ``1,2,3``).
    """
    match = _NUMBER_TEXT.match(text.strip())
    if match is None:
        return None
    sign, whole_part, fraction = match.groups()
    if len(whole_part) + len(fraction or "") > MAX_DIGITS + 10:
        raise NumberError(f"数字过长（{len(whole_part) + len(fraction or '')} 位），不像是一个数")
    if "," in whole_part or "，" in whole_part:
        if not _GROUPED.match(whole_part):
            raise NumberError(f"{_COMMA_MESSAGE}，得到 {text.strip()!r}")
        whole_part = whole_part.replace(",", "").replace("，", "")
    if whole_part.endswith("_") or "__" in whole_part:
        return None
    try:
        return Decimal(f"{sign}{whole_part}" + (f".{fraction}" if fraction else ""))
    except InvalidOperation:
        return None


def whole(value: object) -> object:
    """``value`` as an ``int`` where it writes a whole number; anything else unchanged.

    For fields that want a whole number (months, counts, years): ``6``,
    ``6.0``, ``"06"`` and ``"1,200"`` become ints; ``true``, ``6.5`` and ``"0x10"``
    come back as they are, for the field to refuse by name.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        # Far beyond any count: left as it is, for the field to refuse.
        finite = value.is_finite() and abs(value.adjusted()) <= MAX_DIGITS
        return int(value) if finite and value == value.to_integral_value() else value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        try:
            number = read_number(value)
        except NumberError:
            return value
        if (
            number is not None
            and abs(number.adjusted()) <= MAX_DIGITS
            and number == number.to_integral_value()
        ):
            return int(number)
    return value
