"""The ledger columns bulletin knows: each project field, its canonical header, its synonyms.

A column is matched on its whole header path (``2025年1—6月完成投资 › 金额``)
joined and normalised; the field whose pattern scores highest wins the
column, and each field takes its best column.  Synonyms are the words real
台账 use; a column none of them fits is ignored (and shown by
``bulletin import --show-mapping``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "FIELDS",
    "ONE_MONTH",
    "Field",
    "Kind",
    "by_key",
    "field_for",
    "is_breakdown",
    "match_column",
    "normalize",
    "plain_dates",
    "strip_units",
]

Kind = Literal[
    "text", "amount", "stage", "level", "yesno", "month", "yearmonth", "list", "seq", "years"
]


@dataclass(frozen=True, slots=True)
class Field:
    """One column a ledger may have: where it goes in a project, and how it is written."""

    #: Key in a project mapping; ``last_year.completed`` is nested.
    key: str
    #: The header bulletin writes in its template and names in messages.
    label: str
    kind: Kind
    #: (pattern, score) on the normalised joined header path; the highest match counts.
    patterns: tuple[tuple[re.Pattern[str], int], ...]
    #: A header matching this is never this field (开工至报告期累计 is not this year's).
    exclude: re.Pattern[str] | None = None
    required: bool = False


def _p(*pairs: tuple[str, int]) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple((re.compile(text), score) for text, score in pairs)


# Dashes and tildes of a 1—N月 range, as typed in Word, WPS and by hand
# (― U+2015 is what a Chinese IME gives for ——, − what Excel's autocorrect does).
DASH = "—–－\\-~～〜至到―‒‐‑−"
# 开工, 复工, 开复工 and 开（复）工, as headers write them.
_START = r"开(\(?复\)?)?工"
_SINCE_START = re.compile(
    _START + r"(以来|至今|至|累计)|自开工|建设以来|"
    # 今年以来, 年初至今: this year's, not since the start.
    r"(?<!年初|今年|本年|当年)以来|(?<!年初|今年|本年)至今|项目累计|总累计|"
    r"历年|开累|截[至止]上年|(含|包括)(以前|往年|上年|历年)|以前年度"
)
_MONTHLY_ONLY = re.compile(rf"(?<![{DASH}\d])(当月|本月|([2-9]|1[0-2])月份?(当月)?完成)")

FIELDS: tuple[Field, ...] = (
    Field("seq", "序号", "seq", _p((r"^(序号|编号|序|顺序号|no\.?)$", 100))),
    Field(
        "name",
        "项目名称",
        "text",
        _p(
            (r"^(项目名称|项目|建设项目|项目名|名称|项目全称|建设项目名称|重点项目名称)$", 100),
            (r"项目名称", 90),
        ),
        re.compile(r"单位|类别|编号|代码|个数|数量|领导"),
        required=True,
    ),
    Field(
        "unit",
        "所属县区",
        "text",
        _p(
            (
                # In a city's ledger a 县区 column beside a 乡镇 one is the unit.
                r"所属县|县\(市、?区\)|县\(区\)|县市区|县区|区县|所在县",
                95,
            ),
            (
                r"所属地区|所属区域|所属乡镇|所属镇街|所在镇街|所属街镇|所在地区|^区域$|^地区$|^属地$|"
                r"所属地|^县别$|^区划$|^片区$|所属片区|所在片区|"
                r"^(乡镇|镇街|街镇|镇乡|乡\(镇\)|镇\(乡\)|乡镇街道|镇\(街道\)|乡镇\((街道|场)\)|"
                r"(所属|所在)?街道(办事处)?)$",
                90,
            ),
            (r"所属单位|^申报地区$", 70),
            (r"建设地点|项目地点|建设地址|^地点$|所在地|建设区域", 60),
            (r"^单位$|^地区单位$|^填报单位$", 50),
        ),
        required=True,
    ),
    Field(
        "category",
        "项目类别",
        "text",
        _p(
            (
                r"项目类别|项目类型|^类别$|所属行业|^行业$|行业类别|行业分类|产业类别|产业类型|项目分类",
                90,
            ),
            (r"^领域$|^分类$|^类型$|^板块$|^产业$|行业领域|所属领域|^项目领域$", 80),
        ),
        re.compile(r"部门|单位|级别"),
    ),
    Field(
        "level",
        "项目级别",
        "level",
        _p((r"项目级别|^级别$|层级|重点级别|项目等级|^等级$|^类级$", 90)),
    ),
    Field(
        "stage",
        "项目阶段",
        "stage",
        _p(
            (
                r"建设性质|项目阶段|建设阶段|进展阶段|项目状态|建设状态|项目性质|^阶段$|^性质$|^状态$|"
                r"建设类型|建设进度阶段",
                90,
            ),
        ),
    ),
    Field(
        "owner",
        "建设单位",
        "text",
        _p((r"建设单位|业主单位|实施单位|项目单位|项目业主|^业主$|建设主体|实施主体|项目法人", 90)),
        re.compile(r"领导"),
    ),
    Field(
        "responsible_unit",
        "责任单位",
        "text",
        _p(
            (r"责任单位|牵头单位", 96),
            (
                r"责任部门|牵头部门|主管部门|责任主体|推进单位|服务单位|包联单位|包抓单位|帮包单位",
                95,
            ),
        ),
        re.compile(r"领导|人$"),
    ),
    Field(
        "leader",
        "包联领导",
        "text",
        _p(
            (
                r"(包联|包抓|挂钩|联系|包保|分包|帮包|联系服务|牵头|责任|分管|包挂)(市|县|区)?级?领导|"
                r"^(市|县|区)级领导$|领导包联|包联(市|县|区)?领导",
                96,
            ),
        ),
    ),
    Field(
        "content",
        "建设内容及规模",
        "text",
        _p((r"建设内容|建设规模|主要内容|内容及规模|规模及内容", 90)),
    ),
    Field(
        "years",
        "建设起止年限",
        "years",
        _p((r"起止年限|建设年限|建设期限|起止年份|建设周期|起止时间|建设起止", 90)),
    ),
    Field(
        "total",
        "总投资",
        "amount",
        _p((r"^(项目)?(计划)?总投资(额)?(估算)?$", 100), (r"总投资", 80)),
        re.compile(r"完成|累计|到位|年度|本年|今年|\d{4}年|月|其中"),
        required=True,
    ),
    Field(
        "planned",
        "年度计划投资",
        "amount",
        _p(
            # The plan as adjusted mid-year is the one the year is measured by
            # (年初计划投资 beside 调整后计划投资).
            (r"调整后[^月]*计划|计划[^月]*\(?调整后\)?$|调整计划投资|计划投资调整", 105),
            (rf"(年度|本年度?|今年|全年|\d{{4}}年度?)[^{DASH}月]*计划(完成)?投资", 100),
            (r"(年度|本年度?|今年|全年|\d{4}年度?)投资计划", 100),
            # 年度投资目标, not 年度目标任务 (often the year's works, in words)
            # unless it says money: 年度目标任务 › 投资.
            (r"(年度|本年度?|今年|全年|\d{4}年度?)(计划)?投资目标$", 95),
            (r"(年度|本年度?|今年|全年|\d{4}年度?)(目标任务|任务目标)(计划)?(投资|金额)$", 95),
            (r"年计划(投资)?|^计划投资(额)?$|^投资计划$|^年度计划$|^计划$", 80),
            (r"计划投资", 60),
        ),
        re.compile(rf"总投资|累计|已完成|完成率|1[{DASH}]\d{{1,2}}月|开工|竣工|上年|去年"),
        required=True,
    ),
    Field(
        "last_year.completed",
        "上年同期完成投资",
        "amount",
        _p((r"(上年|去年)同期", 110), (r"(上年|去年)1?[—–\-~～]?\d{0,2}月?(累计)?完成", 100)),
    ),
    Field(
        "completed",
        "本年累计完成投资",
        "amount",
        _p(
            (rf"1[{DASH}]\d{{1,2}}月份?(累计)?(已)?完成", 100),
            (r"(本年|今年|年初至|年初以来|本年度|年内|当年|\d{4}年)[^月]*完成", 100),
            (r"截[至止]\d{1,2}月(底|末)?(累计)?(已)?完成", 90),
            # 投资完成情况 › 1—9月: the parent says 完成, the leaf its period.
            (
                rf"完成(投资)?(情况|额)?(1[{DASH}]\d{{1,2}}月份?|本年|今年|年初至今)(累计)?(完成)?(金额|投资)?$",
                100,
            ),
            (r"^(已)?完成(投资)?(额)?$|完成投资|已完成", 70),
            (r"累计完成", 60),
        ),
        re.compile(
            _SINCE_START.pattern + r"|" + _MONTHLY_ONLY.pattern + r"|上年|去年|计划|其中|资金来源"
        ),
    ),
    Field(
        "started",
        "是否开工",
        "yesno",
        _p(
            (
                "是否"
                + _START
                + "|"
                + _START
                + r"情况|是否复工|开工状态|是否已开工|^开工$|^已开工$",
                90,
            ),
        ),
    ),
    Field(
        "planned_start",
        "计划开工月份",
        "month",
        _p((r"(计划|预计|拟)" + _START + r"(时间|月份|日期|年月)?", 95)),
    ),
    Field(
        "start_month",
        "开工月份",
        "month",
        _p((r"(实际)?" + _START + r"(时间|月份|日期|年月)|^开工月$", 90)),
        re.compile(r"计划|预计|拟|是否"),
    ),
    Field(
        "planned_completion",
        "计划竣工年月",
        "yearmonth",
        _p((r"(计划|预计|拟)(竣工|完工|建成)(投产|投用)?(时间|年月|日期|年份|月份)?", 95)),
    ),
    Field(
        "completed_month",
        "竣工月份",
        "month",
        _p((r"(实际)?(竣工|完工|建成)(投产|投用)?(时间|月份|日期|年月)", 85)),
        re.compile(r"计划|预计|拟"),
    ),
    Field(
        "progress",
        "形象进度",
        "text",
        _p(
            (
                r"形象进度|工程进度|进展情况|项目进展|建设进展|进度情况|目前进展|当前进度|推进情况|"
                r"项目进度|建设情况",
                85,
            ),
        ),
    ),
    Field(
        "problems",
        "存在问题",
        "list",
        _p(
            (r"存在(的)?问题|困难问题|问题及建议|需协调|需要协调|制约因素|困难和问题", 90),
            (r"^问题$|问题", 70),
        ),
    ),
    Field("notes", "备注", "text", _p((r"^备注$|备注", 90))),
)

_BY_KEY = {f.key: f for f in FIELDS}
_BY_LABEL = {f.label: f for f in FIELDS}


def by_key(key: str) -> Field:
    """The field with model key ``key`` (``planned``, ``last_year.completed``)."""
    return _BY_KEY[key]


def field_for(name: str) -> Field | None:
    """The field a mapping file means by ``name``: its key (``planned``) or label (年度计划投资)."""
    name = name.strip()
    return _BY_KEY.get(name) or _BY_LABEL.get(name) or _match_label(name)


def _match_label(name: str) -> Field | None:
    found = match_column([name])
    return found[0] if found is not None and found[1] >= 90 else None


_SPACE = re.compile(r"\s+")
# The dashes NFKC leaves as they are, made the one the patterns name.
_ODD_DASHES = str.maketrans(dict.fromkeys("―‒‐‑⁃−", "—"))
_ZH_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_ZH_MONTH = r"十[一二]?|[一二三四五六七八九]"
# 二〇二五年, as a title or a cell writes the year in words.
_ZH_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})(?=\s*年)")
# 三月, 十二月, 一至六月: months in words, at the start or after 年, a space, a dash or a
# bracket (not 统一月报, 第一月, nor 一季度).
_ZH_MONTHS = re.compile(
    rf"(?<![^\s\d年{DASH}(（:：,，、])({_ZH_MONTH})(?:\s*([{DASH}])\s*({_ZH_MONTH}))?(?=\s*月)"
)
_ZH_DAY = re.compile(
    r"(?<=月)\s*([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=\s*[日号])"
)
# 1月—6月, 1月至6月: the range with its first 月 written too.
_MONTH_TO_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}})\s*月\s*([{DASH}])\s*(\d{{1,2}})\s*月")
# 1一6月: the dash typed as 一 (yi) between a range's months.
_YI_DASH = re.compile(r"(?<=\d)\s*一\s*(?=\d{1,2}\s*月)")
_UNIT_PAREN = re.compile(
    r"[(\[【]\s*(单位[:：]?)?\s*(万亿元|亿元|万元|元|万|亿|%|个|项|月|年|年月|月份|是/否|是否)\s*[)\]】]"
)
_UNIT_TAIL = re.compile(r"[/／]?(万亿元|亿元|万元)$")


def normalize(text: str) -> str:
    """Header text as matched: NFKC (full-width brackets and digits made plain), one
    dash, dates in digits (:func:`plain_dates`), no spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_ODD_DASHES)
    text = text.replace("（", "(").replace("）", ")")
    if "年" in text or "月" in text:
        text = plain_dates(text)
    return _SPACE.sub("", text).lower()


def _zh_number(words: str) -> str:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23: a month's or a day's number in words."""
    if "十" not in words:
        return _ZH_DIGIT[words]
    tens, _ten, ones = words.partition("十")
    return str(int(_ZH_DIGIT[tens] if tens else "1") * 10 + (int(_ZH_DIGIT[ones]) if ones else 0))


def plain_dates(text: str) -> str:
    """Years, months and days in words written in digits, and the 1—N月 dash made one.

    ``二〇二五年三月十五日`` → ``2025年3月15日``, ``一至六月`` → ``1至6月``,
    ``1一6月`` and ``1月—6月`` → ``1—6月``; a ledger typed in Word's date style reads as one
    typed in digits.
    """
    text = text.translate(_ODD_DASHES)
    if "一" in text:
        text = _YI_DASH.sub("—", text)
    text = _ZH_YEAR.sub(lambda m: "".join(_ZH_DIGIT[c] for c in m.group(1)), text)
    text = _ZH_MONTHS.sub(
        lambda m: (
            _zh_number(m.group(1)) + (m.group(2) + _zh_number(m.group(3)) if m.group(3) else "")
        ),
        text,
    )
    text = _MONTH_TO_MONTH.sub(r"\1\2\3月", text)
    return _ZH_DAY.sub(lambda m: _zh_number(m.group(1)), text)


def strip_units(text: str) -> str:
    """``总投资(亿元)`` → ``总投资``: the unit is read separately."""
    return _UNIT_TAIL.sub("", _UNIT_PAREN.sub("", text))


_PERCENT = re.compile(r"%|百分比|比例|比重|完成率|占比|占.{0,8}(比|%)|进度率|增速|增长|同比|环比")


def is_breakdown(path: Sequence[str]) -> bool:
    """Whether a header path is a part of another column: ``其中：…``, or under a ``其中``
    cell (其中 › 省级资金)."""
    return any(normalize(part).startswith("其中") for part in path)


def match_column(path: list[str]) -> tuple[Field, int] | None:
    """The field a column's header path means, with its score; ``None`` when none fits.

    The leaf is tried alone and the whole path joined (``1—6月完成投资`` over
    ``金额``); a percentage column (占年度计划%, 完成率) is no amount at all,
    and a breakdown (``其中：…``, or a column under a ``其中`` cell) no field of its own.
    """
    parts = [strip_units(normalize(p)) for p in path if p.strip()]
    if not parts:
        return None
    leaf = parts[-1]
    joined = "".join(parts)
    if _PERCENT.search(leaf):
        return None
    if is_breakdown(parts):
        return _this_years_part(parts)
    if len(parts) > 1 and ONE_MONTH.match(leaf):
        return None  # 2025年完成投资 › 1月, 2月 … 累计: one month's, not the year's so far
    if _PERCENT.search(joined) and not re.search("投资|金额", leaf):
        return None
    # A parent's time holds for what is under it: 上年同期 › 1—6月完成投资 is last
    # year's, 开工以来 › 累计完成 since the works began; neither is this year's.
    skip = _BY_KEY["completed"] if _INHERITED.search("".join(parts[:-1])) else None
    best = _best(leaf, skip=skip)
    if best is not None and (best[1] >= 90 or (best[0].kind != "amount" and best[1] >= 80)):
        # A leaf that says it all (项目名称 under 基本情况) needs no parent; nor
        # do words (形象进度 under 1—6月完成情况).
        return best
    # Then the path from the leaf up, one parent at a time: 1—9月完成 › 金额 says it
    # under 2025年投资计划 too. A parent can say which amount an amount is, not
    # turn a column of money into words (完成投资 under 1—6月进展情况).
    amount = best is not None and best[0].kind == "amount"
    for start in range(len(parts) - 2, -1, -1):
        found = _best("".join(parts[start:]), skip=skip, amounts_only=amount)
        if found is not None and (best is None or found[1] > best[1]):
            best = found
    return best


# Time words of a parent that rule out this year's completion beneath it.
_INHERITED = re.compile(_SINCE_START.pattern + r"|上年|去年")


def _best(
    candidate: str, *, skip: Field | None = None, amounts_only: bool = False
) -> tuple[Field, int] | None:
    best: tuple[Field, int] | None = None
    for field in FIELDS:
        if field is skip or (amounts_only and field.kind != "amount"):
            continue
        if field.exclude is not None and field.exclude.search(candidate):
            continue
        for pattern, score in field.patterns:
            if pattern.search(candidate) and (best is None or score > best[1]):
                best = (field, score)
    return best


#: A month's own column under a completion header (1月, 当月): not the year's so far.
ONE_MONTH = re.compile(r"^(\d{1,2}月份?|当月|本月)(完成)?(投资|金额)?$")
_PART_WORD = re.compile(r"^其中[:：,，、]?")
# 其中：中央资金完成, 其中：政府投资: a part by source of money, not by period.
_BY_SOURCE = re.compile(
    r"资金|中央|省级|市级|县级|国债|专项债|债券|贷款|政府|社会|民间|外资|自筹|银行"
)


def _this_years_part(parts: list[str]) -> tuple[Field, int] | None:
    """A 其中 column that is this year's completion: 开工以来累计完成投资 | 其中：2025年完成.

    The one part a ledger gives of a since-start total that is a field of its
    own; it scores under a completion column of its own, which wins if both are there.
    """
    first = next(i for i, part in enumerate(parts) if part.startswith("其中"))
    rest = "".join(_PART_WORD.sub("", part) for part in parts[first:])
    if not rest or _BY_SOURCE.search(rest):
        return None
    completed = _BY_KEY["completed"]
    if "完成" not in rest and any("完成" in part for part in parts[:first]):
        rest += "完成"  # 累计完成投资 › 其中：今年以来: the parent says what is done
    found = _best(rest)
    if found is None or found[0] is not completed or found[1] < 100:
        return None
    return (completed, 95)
