"""The data model: amount parsing, string forms, period kinds, schema, allowed keys."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bulletin.model import (
    Document,
    Period,
    Person,
    Report,
    Unit,
    allowed_keys,
    json_schema,
    parse_amount,
)

VALID_AMOUNTS = [
    pytest.param("742亿元", "7420000", id="yi-yuan"),
    pytest.param("5000万元", "5000", id="wan-yuan"),
    pytest.param("3.2亿", "32000", id="yi-without-yuan"),
    pytest.param("5000元", "0.5", id="yuan"),
    pytest.param("1.5万亿", "150000000", id="wan-yi"),
    pytest.param("1,000.50万", "1000.5", id="comma-and-trailing-zero"),
    pytest.param(" 12 ", "12", id="spaces"),
    pytest.param(5000, "5000", id="int"),
    pytest.param(0, "0", id="zero"),
    pytest.param(0.1, "0.1", id="yaml-float-through-str"),
    pytest.param(Decimal("2.50"), "2.5", id="decimal"),
    pytest.param("-0", "0", id="negative-zero"),
]


@pytest.mark.parametrize(("value", "expected"), VALID_AMOUNTS)
def test_parse_amount_reads_numbers_and_units(value: object, expected: str) -> None:
    """Amounts become plain Decimals in 万元: no float, no trailing zeros, no exponent."""
    result = parse_amount(value)
    assert isinstance(result, Decimal)
    assert str(result) == expected


@pytest.mark.parametrize(
    "text",
    [
        "32000",  # plain: passed through as it is
        "12.5",
        "0.000000000125",  # 12 places, the most
        "1000000000000",  # the largest amount, 1亿亿元
        "0",
        "32000.0",  # a trailing zero: normalised
        "1.50",
        "1E+3",  # an exponent
        "1E-7",
        "0E-12",
        "-0",  # a sign
    ],
)
def test_a_decimal_amount_is_what_its_text_gives(text: str) -> None:
    """A workbook's Decimal takes a short way when already plain: the same Decimal,
    digit for digit, as the full reading of it (which a subclass of Decimal gets)."""
    fast, full = parse_amount(Decimal(text)), parse_amount(_FullWay(text))
    assert fast.as_tuple() == full.as_tuple()
    assert str(fast) == str(full)


class _FullWay(Decimal):
    """A Decimal that parse_amount reads the full way: the short one is for Decimal itself."""


@pytest.mark.parametrize(
    "text", ["1000000000000.5", "1E+13", "-5", "0.0000000000001", "0.0000000001250"]
)
def test_a_decimal_amount_out_of_range_is_refused_as_the_full_reading_refuses(text: str) -> None:
    """The short way never lets through what the full reading refuses."""
    with pytest.raises(ValueError) as full:
        parse_amount(_FullWay(text))
    with pytest.raises(ValueError) as fast:
        parse_amount(Decimal(text))
    assert str(fast.value) == str(full.value)


INVALID_AMOUNTS = [
    pytest.param("1.2.3", "无法识别的金额 '1.2.3'", id="two-points"),
    pytest.param("亿元", "无法识别的金额 '亿元'", id="unit-only"),
    pytest.param("十亿元", "无法识别的金额 '十亿元'", id="chinese-numeral"),
    pytest.param("abc", "无法识别的金额 'abc'", id="letters"),
    pytest.param(-5, "金额不能为负数，得到 -5", id="negative-int"),
    pytest.param("-3亿", "金额不能为负数，得到 '-3亿'", id="negative-string"),
    pytest.param(Decimal("-2.5E+3"), "金额不能为负数，得到 -2500", id="negative-decimal-plain"),
    pytest.param(
        Decimal("1E+20"),
        "金额过大：100000000000000000000 超过1亿亿元，请检查数字和单位",
        id="huge-decimal",
    ),
    pytest.param(
        1e17, "金额过大：100000000000000000 超过1亿亿元，请检查数字和单位", id="huge-float"
    ),
    pytest.param(True, "金额应为数字或带单位的字符串，得到 True", id="boolean"),
    pytest.param(None, "金额应为数字或带单位的字符串，得到 None", id="none"),
    pytest.param(float("inf"), "金额应为有限的数值，得到 inf", id="infinity"),
    pytest.param([1], "金额应为数字或带单位的字符串，得到 [1]", id="list"),
]


@pytest.mark.parametrize(("value", "message"), INVALID_AMOUNTS)
def test_parse_amount_rejects_with_the_value(value: object, message: str) -> None:
    """A bad amount raises ValueError whose Chinese message shows the value."""
    with pytest.raises(ValueError, match="^" + message.replace("[", r"\[").replace("]", r"\]")):
        parse_amount(value)


@pytest.mark.parametrize(
    ("unit", "value", "expected"),
    [
        pytest.param("亿元", 3, "30000", id="bare-number-in-yi"),
        pytest.param("元", 5000, "0.5", id="bare-number-in-yuan"),
        pytest.param("亿元", "5000万元", "5000", id="explicit-unit-wins"),
    ],
)
def test_parse_amount_default_unit(unit: str, value: object, expected: str) -> None:
    """A bare number is read in the given unit; a written unit overrides it."""
    assert str(parse_amount(value, unit)) == expected


def test_amount_unit_of_the_file_applies_to_bare_numbers(minimal_data: dict[str, Any]) -> None:
    """``amount_unit: 亿元`` makes bare numbers 亿元 when validated through the loader path."""
    from bulletin.model import validate_report

    minimal_data["amount_unit"] = "亿元"
    minimal_data["projects"][0].update(total=2, planned="3000万元", completed=0.1)
    report, faults = validate_report(minimal_data)
    assert faults == []
    assert report is not None
    project = report.projects[0]
    assert (project.total, project.planned, project.completed) == (
        Decimal(20000),
        Decimal(3000),
        Decimal(1000),
    )


@pytest.mark.parametrize(
    ("text", "title", "name"),
    [
        pytest.param("市委书记 王某某", "市委书记", "王某某", id="title-and-name"),
        pytest.param("市委副书记、市长 陈某", "市委副书记、市长", "陈某", id="compound-title"),
        pytest.param("王某某", "", "王某某", id="name-only"),
    ],
)
def test_person_from_one_string(text: str, title: str, name: str) -> None:
    """A person may be written "职务 姓名"; the last word is the name."""
    person = Person.model_validate(text)
    assert (person.title, person.name) == (title, name)


def test_unit_from_plain_name() -> None:
    """A unit may be written as just its name."""
    assert Unit.model_validate("东城区").name == "东城区"


@pytest.mark.parametrize(
    ("period", "kind", "end"),
    [
        pytest.param({"year": 2025, "month": 4}, "month", 4, id="month"),
        pytest.param({"year": 2025, "quarter": 3}, "quarter", 9, id="quarter"),
        pytest.param({"year": 2025, "half": 1}, "half", 6, id="half"),
        pytest.param({"year": 2025, "full_year": True}, "year", 12, id="full-year"),
    ],
)
def test_period_kind_and_end_month(period: dict[str, Any], kind: str, end: int) -> None:
    """Each way of naming the period gives its kind and last month."""
    parsed = Period.model_validate(period)
    assert (parsed.kind, parsed.end_month) == (kind, end)


@pytest.mark.parametrize(
    "period",
    [
        pytest.param({"year": 2025}, id="none"),
        pytest.param({"year": 2025, "month": 6, "quarter": 2}, id="two"),
    ],
)
def test_period_needs_exactly_one_kind(period: dict[str, Any]) -> None:
    """A period with no kind or two kinds is refused."""
    with pytest.raises(ValueError, match="须且只须写"):
        Period.model_validate(period)


def test_schema_has_identity_and_chinese_descriptions() -> None:
    """The published schema names itself and describes fields in Chinese."""
    schema = json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["$id"] and schema["title"]
    project = schema["$defs"]["Project"]
    assert project["description"] == "重点项目"
    assert project["properties"]["completed"]["description"].startswith("本年累计完成投资")
    # The loader's own fields are not part of the format.
    assert "previous_report" not in schema["properties"]
    assert "source_file" not in schema["properties"]


def test_schema_accepts_the_string_forms() -> None:
    """People and units written as one string are valid in the schema too."""
    defs = json_schema()["$defs"]
    for name in ("Person", "Speaker", "Unit"):
        assert {"type": "string"}.items() <= defs[name]["anyOf"][0].items()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param((), "projects", id="top"),
        pytest.param(("projects", 3), "completed", id="project"),
        pytest.param(("highlights", 0), "heading", id="union-item"),
        pytest.param(("previous",), "started", id="optional-union"),
        pytest.param(("meeting", "speakers", 1), "topic", id="nested-list"),
    ],
)
def test_allowed_keys_follow_the_model(path: tuple[str | int, ...], expected: str) -> None:
    """The keys allowed at a path are the fields of the model found there."""
    keys = allowed_keys(path)
    assert keys is not None and expected in keys
    assert "previous_report" not in keys


def test_allowed_keys_of_a_scalar_is_none() -> None:
    """Below a scalar field there are no keys."""
    assert allowed_keys(("projects", 0, "name")) is None


def test_report_is_frozen(minimal_data: dict[str, Any]) -> None:
    """A validated report cannot be changed by accident downstream."""
    report = Report.model_validate(minimal_data)
    with pytest.raises(ValueError, match="frozen"):
        report.projects[0].completed = Decimal(1)  # type: ignore[misc]


def test_parse_amount_rejects_amounts_beyond_chinese_numerals() -> None:
    """An amount over 1亿亿元 is a typo, refused with the value shown."""
    with pytest.raises(ValueError, match="金额过大：'200000000亿元'"):
        parse_amount("200000000亿元")
    assert parse_amount("9999亿元") == Decimal(99990000)


@pytest.mark.parametrize(
    ("number", "numbers", "kind", "expected"),
    [
        ("示重办〔2025〕15号", {}, "progress", "示重办〔2025〕15号"),
        ("示重办〔2025〕15号", {}, "commendation", None),
        (
            "示重办〔2025〕15号",
            {"commendation": "示重办〔2025〕16号"},
            "commendation",
            "示重办〔2025〕16号",
        ),
        (
            "示重办〔2025〕15号",
            {"progress": "示重办〔2025〕17号"},
            "progress",
            "示重办〔2025〕17号",
        ),
        (None, {"督查通报": "示督〔2025〕3号"}, "督查通报", "示督〔2025〕3号"),
        (None, {}, "progress", None),
    ],
    ids=[
        "single-number-is-progress",
        "commendation-never-borrows-it",
        "commendation-own",
        "per-kind-overrides-single",
        "own-kind",
        "none",
    ],
)
def test_each_kind_has_its_own_document_number(
    number: str | None, numbers: dict[str, str], kind: str, expected: str | None
) -> None:
    """document.number is the progress bulletin's; numbers gives each kind its own."""
    document = Document(region="示例市", issuer="办公室", number=number, numbers=numbers)
    assert document.number_for(kind) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(Decimal("1E+999999999"), "金额过大", id="huge-exponent"),
        pytest.param(10**5000, "金额过大", id="five-thousand-digit-int"),
        pytest.param(Decimal("1E-999999999"), "小数位数过多", id="tiny-exponent"),
        pytest.param("0.0000000000001", "小数位数过多", id="thirteen-decimals"),
    ],
)
def test_absurd_amounts_are_refused_at_once(value: object, message: str) -> None:
    """Amounts whose digits could not be printed in a lifetime are refused, not formatted."""
    with pytest.raises(ValueError, match=message):
        parse_amount(value)
