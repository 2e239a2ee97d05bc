"""The typed report: what a secretary keeps about her projects, validated.

This module owns the data model (pydantic, the only ``pydantic`` import) and
the parsing of amounts.  It does no I/O and computes no statistics: the loader
hands it a mapping, indicators read the result.  Every amount is a ``Decimal``
in 万元 (the ledger unit); floats never enter.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    Strict,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue, SkipJsonSchema
from pydantic_core import CoreSchema

from bulletin.scalars import read_number, whole

__all__ = [
    "AMOUNT_UNITS",
    "OCCASIONS",
    "Amount",
    "Commendations",
    "Commendee",
    "Document",
    "FieldError",
    "Ledger",
    "LedgerMapping",
    "Meeting",
    "NextYearPlan",
    "Occasion",
    "Period",
    "PeriodTotals",
    "Person",
    "Project",
    "ProjectLastYear",
    "Report",
    "Settings",
    "Speaker",
    "Targets",
    "TextItem",
    "Unit",
    "UnitLastYear",
    "UnitTargets",
    "Visit",
    "allowed_keys",
    "json_schema",
    "parse_amount",
    "validate_report",
]

#: Multipliers to 万元 of the units an amount may carry.
AMOUNT_UNITS: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
    "万亿元": Decimal(100000000),
    "万亿": Decimal(100000000),
}

# The number part is read by bulletin.scalars (thousands commas checked there).
_AMOUNT_RE = re.compile(r"^\s*([+-]?\d[\d,，]*(?:\.\d+)?)\s*(万亿元|万亿|亿元|亿|万元|万|元)?\s*$")


def parse_amount(value: object, default_unit: str = "万元") -> Decimal:
    """Return ``value`` as a ``Decimal`` number of 万元.

    A bare number is in ``default_unit``; a string may carry its unit
    (``742亿元``, ``5000万元``, ``3.2亿``) and thousands commas (``67,600``) as
    :mod:`bulletin.scalars` reads them.  ``true``/``false`` are not amounts.
    Floats go through ``str`` so that ``0.1`` stays ``0.1``.  Raises
    ``ValueError`` with a Chinese message naming the bad value.
    """
    if type(value) is int and 0 <= value <= _LARGEST and AMOUNT_UNITS[default_unit] == 1:
        # The common case, a ledger's whole 万元, without the string round trip:
        # the same Decimal the general path makes of it (exponent 0).
        return Decimal(value)
    if type(value) is Decimal and AMOUNT_UNITS[default_unit] == 1:
        # A workbook's amount, already plain (digits, a point and at most 12
        # more not ending in 0: no sign, exponent or trailing zero) and in
        # range: the Decimal the general path makes of it, digit for digit,
        # without normalising and formatting it back.  Its text says so at
        # half the cost of its digit tuple.
        whole, point, fraction = str(value).partition(".")
        if (
            whole.isdigit()
            and (not point or (fraction.isdigit() and len(fraction) <= 12 and fraction[-1] != "0"))
            and value <= _LARGEST
        ):
            return value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"金额应为数字或带单位的字符串，得到 {value!r}")
    if isinstance(value, int) and value.bit_length() > 100:
        raise ValueError("金额过大：数字位数过多，请检查数字和单位")
    if isinstance(value, Decimal) and value.is_finite():
        number = value  # what Decimal(str(value)) gives back, digit for digit (a workbook's)
        unit = default_unit
    elif isinstance(value, int | float | Decimal):
        text = str(value)
        unit = default_unit
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"无法识别的金额 {value!r}") from None
        if not number.is_finite():
            raise ValueError(f"金额应为有限的数值，得到 {text}")
    elif isinstance(value, str):
        match = _AMOUNT_RE.match(value)
        # A comma that does not group thousands (67,6 or 1,2,3) raises here.
        found = read_number(match.group(1)) if match is not None else None
        if match is None or found is None:
            raise ValueError(
                f"无法识别的金额 {value!r}："
                "应写阿拉伯数字，可带单位元、万元、亿元（如 742亿元、5000万元）"
            )
        number = found
        unit = match.group(2) or default_unit
    else:
        raise ValueError(f"金额应为数字或带单位的字符串，得到 {value!r}")
    if number.adjusted() > 20:
        raise ValueError("金额过大：数字位数过多，请检查数字和单位")
    if number != 0 and number.as_tuple().exponent < -12:  # type: ignore[operator]
        raise ValueError("金额的小数位数过多（最多 12 位），请检查数字")
    if number < 0:
        raise ValueError(f"金额不能为负数，得到 {_shown(value)}")
    amount = _plain(number * AMOUNT_UNITS[unit])
    if amount > _LARGEST:
        # A typo (extra digits, 元 read as 万元) rather than a real project.
        raise ValueError(f"金额过大：{_shown(value)} 超过1亿亿元，请检查数字和单位")
    return amount


def _shown(value: object) -> str:
    """An amount as a message quotes it: text in quotes as written, a number in plain
    digits (``Decimal('1E+20')`` or ``1e+20`` would mean nothing to a secretary)."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float | Decimal):
        return f"{Decimal(str(value)):f}"
    return repr(value)


#: The largest amount accepted, in 万元 (1亿亿元): Chinese numerals stop at 10^16 元.
_LARGEST = Decimal(10) ** 12


def _plain(number: Decimal) -> Decimal:
    """``number`` without trailing zeros or an exponent: 32000.0 → 32000, 0.50 → 0.5."""
    if number == 0:
        return Decimal(0)  # also turns -0 into 0
    return Decimal(format(number.normalize(), "f"))


def _amount_before(value: object, info: ValidationInfo) -> Decimal:
    context = info.context
    unit = context.get("amount_unit", "万元") if type(context) is dict else "万元"
    return parse_amount(value, unit if type(unit) is str else str(unit))


_AMOUNT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": _AMOUNT_RE.pattern},
    ],
    "description": (
        "金额：数字按文件的 amount_unit（默认万元）计；"
        "也可写带单位的字符串，如 742亿元、5000万元、3.2亿"
    ),
}

#: An amount in 万元; accepts numbers and strings with units.
Amount = Annotated[Decimal, BeforeValidator(_amount_before), WithJsonSchema(_AMOUNT_SCHEMA)]

# Whole numbers (months, counts, years): ``6``, ``6.0``, ``"06"`` and ``"1,200"``
# are read by bulletin.scalars; ``true``, ``6.5`` and ``"0x10"`` are refused
# (strict), never read as 1 or 16.  Bounds sit inside, so the schema shows them.
Month = Annotated[int, Field(ge=1, le=12), Strict(), BeforeValidator(whole)]
Year = Annotated[int, Field(ge=2000, le=2100), Strict(), BeforeValidator(whole)]
Quarter = Annotated[int, Field(ge=1, le=4), Strict(), BeforeValidator(whole)]
Half = Annotated[int, Field(ge=1, le=2), Strict(), BeforeValidator(whole)]
Count = Annotated[int, Field(ge=0), Strict(), BeforeValidator(whole)]
TopN = Annotated[int, Field(ge=1, le=20), Strict(), BeforeValidator(whole)]
Places = Annotated[int, Field(ge=0, le=2), Strict(), BeforeValidator(whole)]
Text = Annotated[str, Field(min_length=1)]


# Empty defaults as functions of our own: pydantic asks each default factory
# for its signature, which for a built-in type (list, dict) Python reads from
# its text and compiles, and for a model class builds from its fields: 17 of
# them took ~2 ms of every start.  These answer at once.
def _list() -> list[Any]:
    return []


def _dict() -> dict[str, Any]:
    return {}


def _settings() -> Settings:
    return Settings()


def _targets() -> Targets:
    return Targets()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _described(text: str) -> ConfigDict:
    # Class docstrings are for programmers; the schema speaks to secretaries.
    return ConfigDict(json_schema_extra={"description": text})


class _FromString(_Model):
    """A model that may also be written as one string (see ``_from_string``)."""

    _string_form: ClassVar[str] = ""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The string form is accepted by the before-validator; say so in the
        # schema, or editors would flag every "市委书记 王某某" as wrong.
        schema = handler(core_schema)
        return {"anyOf": [{"type": "string", "description": cls._string_form}, schema]}


class Person(_FromString):
    """A person with a title: ``市委书记 王某某``."""

    model_config = _described("人员：职务和姓名")

    _string_form: ClassVar[str] = "职务和姓名，以空格（半角或全角）分隔，如 市委书记　王某某"

    title: str = Field("", description="职务，如 市委书记")
    name: Text = Field(description="姓名")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        # "市委书记 王某某" is how secretaries write it; the last word is the name.
        # Any run of spaces separates them, half- or full-width (市委书记　王某某, as a
        # Word document has it): the speech's byline sets its own space between.
        if isinstance(value, str):
            words = value.split()
            return {"title": " ".join(words[:-1]), "name": words[-1] if words else ""}
        return value


class Speaker(Person):
    """Another speaker at a meeting, with what they spoke about."""

    model_config = _described("其他发言人及发言内容")

    topic: str | None = Field(None, description="发言内容摘要，如 通报全市重点项目进展情况")


class Document(_Model):
    """The fixed parts of the official document."""

    model_config = _described("公文要素：发文机关、发文字号、主送、抄送、印发等")

    region: Text = Field(description="地区名称，如 示例市")
    issuer: Text = Field(description="发文机关（署名），如 示例市重点项目建设领导小组办公室")
    issuer_mark: str | None = Field(None, description="版头的发文机关标志，默认为发文机关加“文件”")
    number: str | None = Field(
        None,
        description="进展通报的发文字号，如 示重办〔2025〕12号（其他文书的字号写在 numbers 中）",
    )
    numbers: dict[Text, Text] = Field(
        default_factory=_dict,
        description=(
            "各类文书各自的发文字号，按文书类型，如 {progress: 示重办〔2025〕15号,"
            " commendation: 示重办〔2025〕16号}；一个字号只属于一份文书"
        ),
    )
    recipients: list[Text] = Field(default_factory=_list, description="主送机关")
    cc: list[Text] = Field(default_factory=_list, description="抄送机关")
    printer: str | None = Field(None, description="印发机关，默认为发文机关")
    print_date: dt.date | None = Field(None, description="印发日期，默认为成文日期")
    date: dt.date | None = Field(None, description="成文日期")
    header: bool = Field(False, description="是否印制版头（红头）")
    note: str | None = Field(None, description="附注")

    def number_for(self, kind: str) -> str | None:
        """The 发文字号 of the document of ``kind``, or None.

        ``numbers`` names one per kind; the single ``number`` is the progress
        bulletin's, so a 表彰通报 never carries the progress bulletin's number.
        """
        if kind in self.numbers:
            return self.numbers[kind]
        return self.number if kind == "progress" else None

    scope: str | None = Field(
        None, description="文中指称本地区的范围词，如 全市、全县；默认由地区名称的最后一字得出"
    )
    authorities: str | None = Field(
        None, description="本级党委、政府的简称，如 市委、市政府；默认由范围词得出"
    )
    unit_noun: str | None = Field(
        None,
        description=(
            "文中对各单位的统称，如 县（市、区）、乡镇（街道）、单位；"
            "默认由各单位的类别（units.kind）或名称得出"
        ),
    )


PeriodKind = Literal["month", "quarter", "half", "year"]


class Period(_Model):
    """The reporting period; always cumulative from January (1—N月)."""

    model_config = _described("统计期：自1月起累计")

    year: Year = Field(description="年度")
    month: Month | None = Field(None, description="累计月份 N，表示 1—N月")
    quarter: Quarter | None = Field(
        None, description="季度：1 一季度，2 上半年，3 前三季度，4 全年"
    )
    half: Half | None = Field(None, description="半年：1 上半年，2 全年")
    full_year: bool = Field(False, description="全年")
    as_of: dt.date | None = Field(None, description="数据截至日期，默认为期末")

    @model_validator(mode="after")
    def _one_kind(self) -> Period:
        chosen = [k for k in ("month", "quarter", "half") if getattr(self, k) is not None]
        if self.full_year:
            chosen.append("full_year")
        if len(chosen) != 1:
            raise ValueError("period 须且只须写 month、quarter、half、full_year 之一")
        return self

    @property
    def kind(self) -> PeriodKind:
        """Which of month, quarter, half or year the file gave."""
        if self.month is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        if self.half is not None:
            return "half"
        return "year"

    @property
    def end_month(self) -> int:
        """The last month the cumulative period covers (1–12)."""
        if self.month is not None:
            return self.month
        if self.quarter is not None:
            return self.quarter * 3
        if self.half is not None:
            return self.half * 6
        return 12


class Settings(_Model):
    """How indicators are computed where practice differs."""

    model_config = _described("计算口径设置")

    schedule_basis: Literal["months", "days"] = Field(
        "months", description="序时进度口径：months 按已过月数÷12，days 按已过天数÷全年天数"
    )
    start_rate_basis: Literal["to_date", "year"] = Field(
        "to_date", description="新开工率分母：to_date 截至本期应开工项目，year 全年计划新开工项目"
    )
    lag_threshold: Decimal = Field(
        Decimal(10), ge=0, description="项目完成率低于序时进度多少个百分点视为滞后"
    )
    size_bands: list[Amount] = Field(
        default_factory=lambda: [Decimal(100000), Decimal(50000), Decimal(10000)],
        description="规模分档的下限（万元，从大到小），默认 10亿、5亿、1亿",
    )
    rounding: Literal["half_up", "half_even"] = Field(
        "half_up", description="修约规则，默认四舍五入"
    )
    top_n: TopN = Field(3, description="排名中点名的前后各几位")
    leading_min_units: Annotated[int, Field(ge=2, le=100), Strict(), BeforeValidator(whole)] = (
        Field(
            4,
            description=(
                "参与排名的单位达到此数，才说某些单位“居前列”“居首位”，且只说排在前三分之一的；"
                "单位更少时只说投资完成率最高的是哪个单位"
            ),
        )
    )
    decimals: Places = Field(1, description="百分数保留小数位数")
    main_support_share: Decimal = Field(
        Decimal(50),
        ge=0,
        le=100,
        description=(
            "某一规模档的年度计划投资占全部项目的比重（%）不低于此值、且是最大的一档时，"
            "才称其为全年投资的“主要支撑”"
        ),
    )
    orderly_gap: Decimal = Field(
        Decimal(5),
        ge=0,
        description=(
            "已完成投资、且投资完成率低于序时进度不超过此值（个百分点）时，才称项目投资“有序推进”，"
            "新闻稿、表彰通报才“肯定”取得的成效"
        ),
    )
    start_rate_good: Decimal = Field(
        Decimal(80),
        ge=0,
        le=100,
        description="新开工率（%）不低于此值时，才称项目开工“有序推进”",
    )
    resume_rate_good: Decimal = Field(
        Decimal(90),
        ge=0,
        le=100,
        description="续建项目复工率（%）不低于此值时，才称复工“有序推进”；低于此值列入存在的问题",
    )
    momentum_units_behind: Decimal = Field(
        Decimal(50),
        ge=0,
        le=100,
        description=(
            "称“总体进展顺利”“保持良好势头”时，低于序时进度的单位最多占参与排名单位的比重（%）；"
            "此外还须全部项目投资完成率达到序时进度、同比不下降、新开工率不低于 start_rate_good；"
            "新闻稿、表彰通报“肯定”成效时也用此比重（另须投资完成率低于序时进度不超过 orderly_gap）"
        ),
    )
    list_max: Annotated[int, Field(ge=1, le=50), Strict(), BeforeValidator(whole)] = Field(
        5,
        description="正文中一次列举名称的最多个数；超过时只点名前 top_n 个，写作“等N个”",
    )
    batch_min: Annotated[int, Field(ge=2, le=100), Strict(), BeforeValidator(whole)] = Field(
        3, description="受表彰的单位和个人合计达到此数，才说“涌现出一批”"
    )
    preliminary_share: Decimal = Field(
        Decimal(30),
        ge=0,
        le=100,
        description=(
            "前期项目个数占全部项目的比重（%）不低于此值时，才说“还有N个项目处于前期阶段，"
            "占项目总数的X%”，并列入存在的问题；低于此值不是新闻，不说"
        ),
    )
    size_counts: list[Amount] = Field(
        default_factory=lambda: [Decimal(10000), Decimal(100000)],
        description=(
            "“投资过亿元的项目N个、过10亿元的项目N个”所用的门槛（万元，总投资不低于此值），"
            "默认 1亿、10亿"
        ),
    )
    rank_move_min: Annotated[int, Field(ge=1, le=50), Strict(), BeforeValidator(whole)] = Field(
        2, description="单位投资完成率排名比上期前移或后退至少几位，才在文中点名"
    )
    small_project_share: Decimal = Field(
        Decimal(50),
        ge=0,
        le=100,
        description=(
            "观摩项目中总投资1亿元以下的项目个数占比（%）高于此值时，才说“小项目占大多数”"
        ),
    )


class UnitTargets(_Model):
    """A unit's own targets for the year."""

    model_config = _described("单位年度目标")

    investment: Amount | None = Field(None, description="年度投资目标")
    new_starts: Count | None = Field(None, description="计划新开工项目个数")


class UnitLastYear(_Model):
    """A unit's figure for the same period last year."""

    model_config = _described("单位上年同期数据")

    completed: Amount = Field(description="上年同期累计完成投资")


class Unit(_FromString):
    """A county, district or department that owns projects."""

    model_config = _described("县（区）、部门或园区")

    _string_form: ClassVar[str] = "单位名称，如 东城区"

    name: Text = Field(description="单位名称，如 东城区")
    kind: str = Field(
        "县（区）",
        description=(
            "单位类别：县、县级市、区、乡、镇、街道、园区、部门等；"
            "不填时由名称末尾得出（如 青石镇 为镇），得不出时按县（区）"
        ),
    )
    targets: UnitTargets | None = None
    last_year: UnitLastYear | None = Field(None, description="上年同期（用于各单位同比）")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class ProjectLastYear(_Model):
    """A project's figures for the same period last year."""

    model_config = _described("项目上年同期数据")

    completed: Amount = Field(description="上年同期累计完成投资")


Stage = Literal["前期", "新开工", "续建", "竣工"]
Level = Literal["省级", "市级", "县级"]


class Project(_Model):
    """One key project as the ledger records it."""

    model_config = _described("重点项目")

    name: Text = Field(description="项目名称")
    unit: Text = Field(description="所属单位（须在 units 中）")
    category: str | None = Field(None, description="类别（须在 categories 中），如 产业转型")
    level: Level | None = Field(None, description="级别：省级、市级、县级")
    stage: Stage = Field(
        description="阶段：前期、新开工、续建、竣工（本年计划竣工；竣工后填 completed_month）"
    )
    total: Amount = Field(description="总投资")
    planned: Amount = Field(description="年度计划投资")
    completed: Amount = Field(Decimal(0), description="本年累计完成投资（截至本期）")
    started: bool = Field(False, description="是否已开工（续建项目为是否已复工）")
    start_month: Month | None = Field(None, description="本年开工（复工）月份")
    planned_start: Month | None = Field(None, description="计划开工月份（本年）")
    planned_completion: str | None = Field(
        None, pattern=r"^\d{4}-(0?[1-9]|1[0-2])$", description="计划竣工年月，如 2026-12"
    )
    completed_month: Month | None = Field(
        None, description="实际竣工月份（已竣工的项目填写；未填写的竣工阶段项目视为仍在建设）"
    )
    leader: str | None = Field(None, description="包联领导")
    responsible_unit: str | None = Field(None, description="责任单位")
    owner: str | None = Field(None, description="建设单位（业主单位）")
    content: str | None = Field(None, description="建设内容及规模")
    progress: str | None = Field(None, description="形象进度")
    problems: list[Text] = Field(default_factory=_list, description="存在的问题")
    notes: str | None = Field(None, description="备注")
    last_year: ProjectLastYear | None = Field(None, description="上年同期")


class PeriodTotals(_Model):
    """Figures of another period given inline (for 环比 or 同比)."""

    model_config = _described("另一统计期的汇总数字（用于环比、同比）")

    completed: Amount | None = Field(None, description="累计完成投资")
    started: Count | None = Field(None, description="已开工项目个数")
    projects: Count | None = Field(None, description="项目个数")
    planned: Amount | None = Field(None, description="年度计划投资")
    month: Month | None = Field(
        None, description="统计期末月份（上期用：如 4 表示 1—4月，文中据此说“5月份完成投资…”）"
    )


class Targets(_Model):
    """The year's targets."""

    model_config = _described("年度目标")

    investment: Amount | None = Field(None, description="年度投资目标")
    new_starts: Count | None = Field(None, description="计划新开工项目个数")
    growth: Decimal | None = Field(None, description="投资增长目标（%）")
    others: dict[str, str] = Field(default_factory=_dict, description="其他目标，名称: 说明")


#: The occasions a speech is written for (``meeting.kind``), the default first.
Occasion = Literal["推进会", "观摩推进会", "季度调度会", "年度总结表彰大会"]
OCCASIONS: tuple[str, ...] = typing.get_args(Occasion)


class Visit(_FromString):
    """A project the meeting saw on site (观摩), with what was seen there."""

    model_config = _described("观摩项目：项目名称、观摩所见、评比得分")

    _string_form: ClassVar[str] = "观摩项目的名称（须与 projects 中的项目名称一致）"

    project: Text = Field(description="观摩项目的名称（须与 projects 中的项目名称一致）")
    remark: str = Field("", description="观摩所见，如 主体结构已封顶，设备进场安装")
    score: Decimal | None = Field(None, ge=0, description="观摩评比得分")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"project": value} if isinstance(value, str) else value


class Meeting(_Model):
    """The meeting a speech is given at and a news report describes."""

    model_config = _described("会议")

    name: Text = Field(description="会议名称，如 全市重点项目建设推进会")
    kind: Occasion = Field(
        "推进会",
        description=(
            "会议类型（讲话的写法随之不同）：推进会（默认）、观摩推进会（写观摩所见，"
            "见 visits）、季度调度会、年度总结表彰大会（回顾全年、表彰先进、部署明年）"
        ),
    )
    date: dt.date = Field(description="会议日期")
    place: str | None = Field(None, description="会议地点")
    speaker: Person = Field(description="讲话人")
    host: Person | None = Field(None, description="主持人")
    speakers: list[Speaker] = Field(default_factory=_list, description="其他发言人")
    attendees: list[Text] = Field(default_factory=_list, description="出席人员")
    visits: list[Visit] = Field(
        default_factory=_list, description="观摩推进会实地观摩的项目，按观摩顺序"
    )


class NextYearPlan(_Model):
    """The next year's key-project plan, for a year-end speech."""

    model_config = _described("下一年度重点项目安排（年度总结讲话用）")

    projects: Count | None = Field(None, description="拟安排重点项目个数")
    total: Amount | None = Field(None, description="总投资")
    planned: Amount | None = Field(None, description="年度计划投资")
    new_starts: Count | None = Field(None, description="计划新开工项目个数")


class TextItem(_Model):
    """A point the writer supplies: a heading and its body."""

    model_config = _described("撰稿要点：标题和正文")

    heading: Text = Field(description="要点标题")
    body: str = Field("", description="正文")


class Commendee(_Model):
    """An advanced unit or individual and why."""

    model_config = _described("受表彰的单位或个人")

    name: Text = Field(description="名称或姓名")
    unit: str | None = Field(None, description="所在单位及职务（个人）")
    reason: str = Field("", description="表彰理由")


class Commendations(_Model):
    """Who is commended, for the 表彰通报."""

    model_config = _described("表彰名单")

    title: str = Field("重点项目建设先进", description="荣誉称号前缀，如 重点项目建设先进")
    units: list[Commendee] = Field(default_factory=_list, description="先进单位")
    individuals: list[Commendee] = Field(default_factory=_list, description="先进个人")


WriterText = list[str | TextItem]


class LedgerMapping(_Model):
    """How to read a workbook ledger where its layout is not detected by itself."""

    model_config = _described("台账（Excel）读取方式：只在自动识别不对时填写")

    sheets: list[Text] | None = Field(
        None, description="读取的工作表名称（默认：各可见工作表，跳过汇总、说明等）"
    )
    header_rows: str | int | list[int] | None = Field(
        None, description="表头所在行，如 3 或 3-4（第 3 至 4 行）"
    )
    columns: dict[str, Text] = Field(
        default_factory=_dict,
        description="字段: 列，列写字母（如 H）或表头文字；字段写 planned 或 年度计划投资 等",
    )
    skip_rows: list[int] = Field(default_factory=_list, description="不读取的行号")
    amount_unit: Literal["元", "万元", "亿元"] | None = Field(
        None, description="表头未注明单位的金额列所用单位（默认按“单位：”行，否则万元）"
    )
    unit: str | None = Field(None, description="全部项目所属的单位（台账没有所属县区列时）")


class Ledger(_FromString, LedgerMapping):
    """A workbook the projects are read from, instead of a ``projects`` list."""

    model_config = _described("从 Excel/WPS 台账读取项目（代替 projects）")

    _string_form: ClassVar[str] = "台账文件的相对路径，如 台账.xlsx"

    file: Text = Field(description="台账文件的相对路径，如 台账.xlsx")
    sheet: Text | None = Field(None, description="只读这一个工作表")
    mapping: str | None = Field(None, description="读取方式文件（YAML）的相对路径")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"file": value} if isinstance(value, str) else value


class Report(_Model):
    """A whole data file: everything the four documents are computed from."""

    model_config = _described("重点项目数据文件")

    amount_unit: Literal["元", "万元", "亿元"] = Field(
        "万元", description="不带单位的数字金额所用单位，默认万元"
    )
    document: Document
    period: Period
    settings: Settings = Field(default_factory=_settings)
    categories: list[Text] = Field(default_factory=_list, description="项目类别列表")
    units: list[Unit] = Field(description="县（区）、部门列表")
    targets: Targets = Field(default_factory=_targets)
    projects: list[Project] = Field(description="重点项目")
    ledger: Ledger | None = Field(
        None, description="从 Excel/WPS 台账读取项目（代替 projects）：文件路径或读取方式"
    )
    previous: str | PeriodTotals | None = Field(
        None, description="上期（环比）：另一个数据文件的相对路径，或内联数字"
    )
    last_year: str | PeriodTotals | None = Field(
        None, description="上年同期（同比）：另一个数据文件的相对路径，或内联数字"
    )
    meeting: Meeting | None = None
    highlights: WriterText = Field(default_factory=_list, description="主要成绩（撰稿人补充）")
    problems: WriterText = Field(default_factory=_list, description="存在问题（撰稿人补充）")
    tasks: WriterText = Field(default_factory=_list, description="下步任务")
    requirements: WriterText = Field(default_factory=_list, description="工作要求")
    commendations: Commendations | None = None
    next_year: NextYearPlan | None = Field(None, description="下一年度重点项目安排")

    # Filled by the loader, not part of the YAML format: the file this report
    # was read from, and the reports ``previous``/``last_year`` name.
    source_file: SkipJsonSchema[str | None] = Field(None, exclude=True)
    previous_report: SkipJsonSchema[Report | None] = Field(None, exclude=True)
    last_year_report: SkipJsonSchema[Report | None] = Field(None, exclude=True)


#: Where the published schema says it lives; editors only need it to be stable.
SCHEMA_ID = "urn:bulletin:schema:report"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a data file, with Chinese descriptions.

    Point an editor at it with ``# yaml-language-server: $schema=…``; the
    repository keeps a copy in ``schema/bulletin.schema.json``.
    """
    schema = Report.model_json_schema()
    # A file lists its projects or names the ledger they (and, when not
    # given, the units and period) are read from.
    from_ledger = ("projects", "units", "period")
    schema["required"] = [k for k in schema["required"] if k not in from_ledger]
    schema["anyOf"] = [{"required": list(from_ledger)}, {"required": ["ledger"]}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "bulletin 重点项目数据文件",
        **{key: value for key, value in schema.items() if key != "title"},
    }


@dataclass(frozen=True, slots=True)
class FieldError:
    """One structural fault pydantic found, as plain data (no pydantic types).

    ``loc`` is pydantic's location, which may include union-branch tags such as
    ``'TextItem'`` between the real keys; the validator sorts those out.
    """

    type: str
    loc: tuple[str | int, ...]
    message: str
    input: Any
    ctx: Mapping[str, Any]


def validate_report(data: Mapping[str, Any]) -> tuple[Report | None, list[FieldError]]:
    """Validate a loaded mapping: the report, or ``None`` and every structural fault.

    Bare amounts are read in the file's own ``amount_unit`` when it is valid.
    """
    unit = data.get("amount_unit", "万元")
    context = {"amount_unit": unit if isinstance(unit, str) and unit in AMOUNT_UNITS else "万元"}
    try:
        return Report.model_validate(data, context=context), []
    except ValidationError as error:
        faults = [
            FieldError(
                type=detail["type"],
                loc=tuple(detail["loc"]),
                message=detail["msg"],
                input=detail.get("input"),
                ctx=dict(detail.get("ctx") or {}),
            )
            for detail in error.errors(include_url=False)
        ]
        return None, faults


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows: Optional, unions, Annotated opened."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def allowed_keys(path: tuple[str | int, ...]) -> list[str] | None:
    """The keys a mapping at ``path`` may have, or ``None`` if no model is there.

    ``path`` is a real key path (``("projects", 3)``); used to suggest the key
    a typo meant.
    """
    current: list[Any] = [Report]
    for part in path:
        following: list[Any] = []
        for kind in current:
            if isinstance(part, int) and typing.get_origin(kind) is list:
                following += _unwrap(typing.get_args(kind)[0])
            elif isinstance(part, str) and isinstance(kind, type) and issubclass(kind, BaseModel):
                field = kind.model_fields.get(part)
                if field is not None:
                    following += _unwrap(field.annotation)
        current = following
    for kind in current:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return [name for name, field in kind.model_fields.items() if not field.exclude]
    return None
