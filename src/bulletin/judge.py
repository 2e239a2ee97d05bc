"""Every verdict the documents may state, as a named rule over the indicators; it formats no figure.

``assess(report, ind)`` returns :class:`Findings`: for each rule a
:class:`Finding` saying whether it holds, the rule in words (with its
threshold from ``settings``) and the figures and subjects (units, projects,
a size band) it looked at.  A template asserts a verdict — 顺利, 前列, 主要支撑,
全面, 均… — only through ``say(judge.<key>, "…")``, which refuses a finding
that does not hold and lists the verdict in the 数据核对表; where no rule holds
the template states the plain fact or nothing.

The findings also carry the words the data decide: :class:`Words` (the
scope word 全市/全县…, the authorities 市委、市政府, the collective noun of the
units 县（区）/乡镇（街道）/单位 from their kinds, the issuing office) and
:class:`Timeframe` (今年 or 2025年, 明年 or 今年, whether the year's data are
complete, whether ``as_of`` falls mid-month), from the document's or the
meeting's date.

Rules compare rates as printed (``Indicators.shown``), as the reader does.
Adding a rule: write a function ``(basis, found) -> Verdict`` under the
``@_rule(key, name)`` decorator; it sees the findings of the rules above it in
``found``.  Month-on-month rules (环比) read ``basis.ind.comparisons.mom``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from bulletin.indicators import (
    NO_CATEGORY,
    Changes,
    Figure,
    Indicators,
    ProjectFigures,
    Quantity,
    RankEntry,
    RankMove,
    Ratio,
    UnitFigures,
)
from bulletin.model import Report, Unit

__all__ = [
    "RULES",
    "SHORTFALLS",
    "Basis",
    "Finding",
    "Findings",
    "Timeframe",
    "Verdict",
    "Words",
    "assess",
    "unit_noun",
]

_HUNDRED = Decimal(100)


# ---------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class Finding:
    """One verdict: whether rule ``key`` holds for this report, and on what.

    ``name`` is the verdict in Chinese (主要支撑), ``rule`` its condition in
    words with the thresholds used.  ``figures`` are the indicators the rule
    read; ``subjects`` what the verdict names (units as :class:`UnitFigures`
    or :class:`RankEntry`, projects as :class:`ProjectFigures`, a
    size band (``indicators.Band``), or the keys of other findings), in the order a text names
    them; ``noun`` the collective noun for units among the subjects, and
    ``place_word`` how a speech speaks of them: 地方 when every one is a
    place (county, town, park), 单位 when one is a department or of a kind
    of its own, "" without units among the subjects.
    """

    key: str
    name: str
    rule: str
    holds: bool
    figures: tuple[Figure, ...] = ()
    subjects: tuple[Any, ...] = ()
    noun: str = ""
    place_word: str = ""

    def __bool__(self) -> bool:
        return self.holds

    @property
    def count(self) -> Quantity:
        """How many the verdict names: a figure, so a text that prints it lists it for checking."""
        return Quantity(
            f"{self.name}的个数", len(self.subjects), "个", f"逐个列出（{self.rule}）后计数"
        )


@dataclass(frozen=True, slots=True)
class Words:
    """Words the data decide: scope, authorities, the units' collective noun, the office.

    ``scope`` is 全市/全县/… (``document.scope`` or the region's last
    character); ``authorities`` 市委、市政府 or "" when the level is unknown;
    ``units`` the collective noun of all units (县（区）, 乡镇（街道）,
    县（区）、园区), ``unit_column`` the same for a table header ("单位" when the
    kinds are mixed); ``all_units`` how a text addresses them all: 各县（区）, or
    the unit's own name when there is only one ("" when that is the region
    itself); ``office`` the issuer, for where
    the text speaks of itself.
    """

    scope: str
    authorities: str
    units: str
    unit_column: str
    all_units: str
    office: str


@dataclass(frozen=True, slots=True)
class Timeframe:
    """The period as seen from the day a text is dated.

    ``year_over``: the text is dated in a later year than the period's;
    ``year_complete``: the data cover the whole year (to 31 December), so the
    year's plan is met or missed; ``mid_month``: ``as_of`` falls before the
    last day of its month.  Words: ``this_year`` 今年 or 2025年 (written),
    ``this_year_spoken`` 今年/去年/2025年, ``since`` 2025年以来 or 2025年,
    ``since_spoken`` 今年以来/去年/2025年, ``coming_year`` 明年/今年/2026年,
    ``next_stage`` 下半年/明年/今年/下一阶段.
    """

    year: int
    end_month: int
    said_on: dt.date | None
    year_over: bool
    year_complete: bool
    mid_month: bool
    this_year: str
    this_year_spoken: str
    since: str
    since_spoken: str
    coming_year: str
    next_stage: str


class Findings(Mapping[str, Finding]):
    """Every finding of one report by rule key, with its :class:`Words` and :class:`Timeframe`.

    ``time`` is seen from the document's date, ``spoken_time`` from the
    meeting's (a speech or news report), or the document's without a meeting.
    Templates read a finding as ``judge.main_support``.
    """

    __slots__ = ("_found", "spoken_time", "time", "words")

    def __init__(
        self,
        found: Mapping[str, Finding],
        words: Words,
        time: Timeframe,
        spoken_time: Timeframe,
    ) -> None:
        self._found = dict(found)
        self.words = words
        self.time = time
        self.spoken_time = spoken_time

    def __getitem__(self, key: str) -> Finding:
        return self._found[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def holding(self) -> list[Finding]:
        """The findings that hold, in rule order."""
        return [f for f in self._found.values() if f.holds]


# ---------------------------------------------------------------------------
# Vocabulary

# Words that name a park's kind; a unit named …高新区 is a park, not a district.
_PARK_WORDS = (
    "经济技术开发区",
    "高新技术产业开发区",
    "工业园区",
    "产业园区",
    "开发区",
    "高新区",
    "经开区",
    "园区",
    "工业园",
    "产业园",
    "新区",
    "保税区",
    "试验区",
    "示范区",
)
_DEPT_SUFFIXES = ("委员会", "办公室", "部门", "局", "委", "办", "厅", "署")
_COUNTY_ORDER = "县旗市区"
_DEFAULT_KIND = "县（区）"


def _kind_of(unit: Unit) -> str:
    """The unit's kind as given, or read from the end of its name when not given."""
    if "kind" in unit.model_fields_set:
        return unit.kind
    name = unit.name
    for word in _PARK_WORDS:
        if name.endswith(word) and len(name) > len(word):
            return "开发区" if word.endswith("开发区") else "园区"
    if name.endswith(("街道", "街道办事处", "街道办")):
        return "街道"
    for suffix in ("镇", "乡", "苏木"):
        if name.endswith(suffix):
            return "乡" if suffix == "苏木" else suffix
    if name.endswith("县级市"):
        return "县级市"
    for char in _COUNTY_ORDER:
        if name.endswith(char):
            return char
    if name.endswith(_DEPT_SUFFIXES):
        return "部门"
    return _DEFAULT_KIND


# Kept: a document asks this of every unit each rule names (a few hundred
# times), of the same few kinds.
@lru_cache(maxsize=256)
def _category(kind: str) -> tuple[str, frozenset[str]]:
    """(category, the kind's words in it): county, town, park, dept or other."""
    k = kind.strip()
    if any(k.endswith(w) for w in _PARK_WORDS):
        return "park", frozenset({k})
    if k.endswith("部门"):
        return "dept", frozenset({"部门"})
    if k in ("县级市", "市辖区"):
        return "county", frozenset({k[-1]})
    # A kind word made only of 县/市/区/旗 (县（市、区）, 自治县) is county level; one
    # only of 乡/镇/街道 a township; anything else (片区, 社区) is its own word.
    bare = k.replace("自治", "")
    for mark in "（）()、，, 级":
        bare = bare.replace(mark, "")
    town_words = bare.replace("街道", "").replace("苏木", "乡").replace("街", "")
    if bare and set(bare) <= set(_COUNTY_ORDER):
        return "county", frozenset(bare)
    if bare and set(town_words) <= {"乡", "镇"} and (town_words or "街" in bare):
        found = set(town_words) | ({"街道"} if "街" in bare else set())
        return "town", frozenset(found)
    return "other", frozenset({k})


def _category_noun(category: str, words: set[str]) -> str:
    if category == "county":
        chars = [c for c in _COUNTY_ORDER if c in words]
        first, rest = chars[0], chars[1:]
        return first + (f"（{'、'.join(rest)}）" if rest else "")
    if category == "town":
        if "乡" not in words and "镇" not in words:
            return "街道"
        head = "乡镇" if {"乡", "镇"} <= words else "乡" if "乡" in words else "镇"
        return head + ("（街道）" if "街道" in words else "")
    if category == "park":
        return next(iter(words)) if len(words) == 1 else "园区"
    if category == "dept":
        return "部门"
    return next(iter(words)) if len(words) == 1 else "单位"


def unit_noun(units: Sequence[Unit], *, table: bool = False) -> str:
    """The collective noun for ``units``: 县（区）, 县（市、区）, 乡镇（街道）, 县（区）、园区…

    From each unit's kind (or, without one, its name).  Kinds of more than one
    category are joined (县（区）、园区), a category of one unit by its name
    (县（区）、示例高新区), three categories or more are 单位; ``table`` asks for
    one word for a column header or a count, which is then 单位.  No units: 单位.
    """
    order: list[str] = []
    words: dict[str, set[str]] = {}
    members: dict[str, list[str]] = {}
    for unit in units:
        category, found = _category(_kind_of(unit))
        if category not in words:
            order.append(category)
            words[category] = set()
            members[category] = []
        words[category] |= found
        members[category].append(unit.name)
    if not order or (len(order) > 1 and table) or len(order) > 2:
        # Three kinds and more read as a list, not a noun: 各单位.
        return "单位"
    # The kind with more units first, so that 各 stands before a noun; beside
    # it a kind with one unit is named: 各县（区）、示例高新区.
    order.sort(key=lambda c: -len(members[c]))
    name_lone = len(order) == 2 and len(members[order[0]]) > 1
    return "、".join(
        members[c][0] if name_lone and len(members[c]) == 1 else _category_noun(c, words[c])
        for c in order
    )


_AUTHORITIES = {
    "省": "省委、省政府",
    "市": "市委、市政府",
    "州": "州委、州政府",
    "盟": "盟委、行署",
    "县": "县委、县政府",
    "区": "区委、区政府",
    "旗": "旗委、旗政府",
}


def _words(report: Report, scope: str) -> Words:
    doc = report.document
    level = scope[1:] if scope.startswith("全") else ""
    authorities = doc.authorities or _AUTHORITIES.get(level, "")
    units = list(report.units)
    named = {u.name for u in units}
    units += [Unit(name=p.unit) for p in report.projects if p.unit not in named]
    # A unit only projects name is added once (dict keeps the first mention).
    units = list({u.name: u for u in units}.values())
    if doc.unit_noun:
        noun = column = doc.unit_noun
    else:
        noun, column = unit_noun(units), unit_noun(units, table=True)
    all_units = units[0].name if len(units) == 1 else "各" + noun
    if len(units) == 1 and units[0].name == doc.region:
        # A county's ledger read as one unit (``unit: 青川县``): the county is
        # the issuer's own area, not a unit the text addresses.
        all_units = ""
    return Words(scope, authorities, noun, column, all_units, doc.issuer)


def _timeframe(report: Report, said_on: dt.date | None) -> Timeframe:
    period = report.period
    year, end = period.year, period.end_month
    as_of = period.as_of
    last_day = calendar.monthrange(year, end)[1]
    year_complete = end == 12 and (as_of is None or as_of >= dt.date(year, 12, 31))
    mid_month = as_of is not None and as_of < dt.date(year, end, last_day)
    later = said_on is not None and said_on.year > year
    next_year = said_on is not None and said_on.year == year + 1
    coming = "今年" if next_year else (f"{year + 1}年" if later else "明年")
    if end == 12:
        next_stage = coming
    elif end == 6:
        next_stage = "下半年"
    else:
        next_stage = "下一阶段"
    return Timeframe(
        year=year,
        end_month=end,
        said_on=said_on,
        year_over=later,
        year_complete=year_complete,
        mid_month=mid_month,
        this_year=f"{year}年" if later else "今年",
        this_year_spoken="去年" if next_year else (f"{year}年" if later else "今年"),
        since=f"{year}年" if later else f"{year}年以来",
        since_spoken="去年" if next_year else (f"{year}年" if later else "今年以来"),
        coming_year=coming,
        next_stage=next_stage,
    )


# ---------------------------------------------------------------------------
# Rules


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a rule function returns; the decorator makes it a :class:`Finding`."""

    holds: bool
    rule: str
    figures: tuple[Figure, ...] = ()
    subjects: tuple[Any, ...] = ()
    noun: str = ""


class Basis:
    """What every rule reads: the report, its indicators, settings, time and words."""

    __slots__ = ("ind", "report", "settings", "time", "units_of", "words")

    def __init__(self, report: Report, ind: Indicators, words: Words, time: Timeframe) -> None:
        self.report = report
        self.ind = ind
        self.settings = report.settings
        self.words = words
        self.time = time
        self.units_of = {u.name: u for u in report.units}

    def shown(self, ratio: Ratio) -> Decimal | None:
        """The rate as printed; None when undefined."""
        value = ratio.value
        return None if value is None else self.ind.shown(value)

    def noun(self, units: Sequence[UnitFigures]) -> str:
        """The collective noun for these units (a count's measure: 3个县（区）)."""
        override = self.report.document.unit_noun
        return override or unit_noun([u.unit for u in units], table=True)


RuleFn = Callable[[Basis, Mapping[str, Finding]], Verdict]


@dataclass(frozen=True, slots=True)
class _Rule:
    key: str
    name: str
    fn: RuleFn


#: Every rule, in evaluation order; a rule may read the findings above it.
RULES: dict[str, _Rule] = {}


def _rule(key: str, name: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        if key in RULES:
            raise ValueError(f"rule {key!r} registered twice")
        RULES[key] = _Rule(key, name, fn)
        return fn

    return register


def _num(d: Decimal) -> str:
    """A threshold as rule text: 50, 5.5 (never 5E+1)."""
    return format(d.normalize(), "f") if d else "0"


def _schedule_open(b: Basis) -> bool:
    """序时进度 still below 100%: at 100% the year's plan, not the schedule, is the measure."""
    schedule = b.shown(b.ind.progress.schedule)
    return schedule is not None and schedule < _HUNDRED


# --- investment -------------------------------------------------------------


@_rule("invested", "已完成投资")
def _invested(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pr = b.ind.progress
    return Verdict(pr.completed.value > 0, "累计完成投资大于0", (pr.completed,))


@_rule("nothing_invested", "尚未完成投资")
def _nothing_invested(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pr = b.ind.progress
    return Verdict(pr.completed.value == 0, "累计完成投资为0", (pr.completed,))


@_rule("some_results", "取得一定成效")
def _some_results(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st, built = b.ind.starts, b.ind.portfolio.construction
    # Money spent on 前期 work alone (nothing started, nothing built) is not
    # 成效 of project construction: 600万元 of 前期 spending at 4% of the plan
    # was praised as 取得了一定成效.
    holds = built.completed.value > 0 or st.started.value > 0
    return Verdict(
        holds,
        "前期项目以外的项目累计完成投资大于0，或已有建设项目开工（复工）",
        (built.completed, st.started),
    )


@_rule("ahead_of_schedule", "投资完成快于序时进度")
def _ahead(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pr = b.ind.progress
    rate, schedule = b.shown(pr.completion_rate), b.shown(pr.schedule)
    holds = rate is not None and schedule is not None and rate > schedule and _schedule_open(b)
    return Verdict(
        holds,
        "投资完成率高于序时进度（均按修约后比较），且序时进度不到100%",
        (pr.completion_rate, pr.schedule),
    )


@_rule("on_schedule", "投资完成达到序时进度")
def _on_schedule(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pr = b.ind.progress
    rate, schedule = b.shown(pr.completion_rate), b.shown(pr.schedule)
    holds = rate is not None and schedule is not None and rate >= schedule and _schedule_open(b)
    return Verdict(
        holds,
        "投资完成率不低于序时进度（均按修约后比较），且序时进度不到100%",
        (pr.completion_rate, pr.schedule),
    )


@_rule("behind_schedule", "投资完成低于序时进度")
def _behind(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pr = b.ind.progress
    return Verdict(
        bool(pr.behind_schedule),
        "投资完成率低于序时进度（均按修约后比较）",
        (pr.completion_rate, pr.schedule),
    )


@_rule("orderly_investment", "项目投资有序推进")
def _orderly_investment(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pr = b.ind.progress
    rate, schedule = b.shown(pr.completion_rate), b.shown(pr.schedule)
    limit = b.settings.orderly_gap
    # Once 序时进度 reaches 100% the year is over: a shortfall is a missed plan
    # (year_plan_missed), never "orderly" however small it is.
    holds = (
        pr.completed.value > 0
        and rate is not None
        and schedule is not None
        and schedule - rate <= limit
        and (_schedule_open(b) or rate >= _HUNDRED)
    )
    return Verdict(
        holds,
        f"已完成投资，且投资完成率低于序时进度不超过{_num(limit)}个百分点（settings.orderly_gap）；"
        "序时进度已到100%时须完成年度计划",
        (pr.completed, pr.completion_rate, pr.schedule),
    )


def _double_half(b: Basis, met: bool) -> Verdict:
    dh = b.ind.progress.double_half
    rule = f"统计期截至6月，投资完成率{'不低于' if met else '低于'}50%（按修约后比较）"
    if dh is None:
        return Verdict(False, rule)
    return Verdict(dh.investment_met is met, rule, (dh.investment, dh.threshold))


@_rule("double_half_met", "实现“时间过半、任务过半”")
def _double_half_met(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _double_half(b, True)


@_rule("double_half_missed", "未实现“时间过半、任务过半”")
def _double_half_missed(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _double_half(b, False)


def _against_plan(b: Basis, test: Callable[[Decimal], bool], rule: str) -> Verdict:
    """A verdict on the printed 投资完成率 against the whole year's plan (100%)."""
    pr = b.ind.progress
    rate = b.shown(pr.completion_rate)
    return Verdict(rate is not None and test(rate), rule, (pr.completion_rate, pr.plan))


@_rule("year_plan_met", "完成年度计划")
def _year_plan_met(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _against_plan(b, lambda r: r >= _HUNDRED, "投资完成率不低于100%（按修约后比较）")


@_rule("year_plan_exceeded", "超额完成年度计划")
def _year_plan_exceeded(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _against_plan(b, lambda r: r > _HUNDRED, "投资完成率高于100%（按修约后比较）")


@_rule("year_plan_missed", "未完成年度计划")
def _year_plan_missed(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _against_plan(
        b,
        lambda r: b.time.year_complete and r < _HUNDRED,
        "数据截至12月31日（全年），投资完成率低于100%（按修约后比较）",
    )


@_rule("target_met", "完成年度投资目标")
def _target_met(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pr = b.ind.progress
    if pr.target_rate is None:
        return Verdict(False, "年度投资目标完成率不低于100%")
    rate = b.shown(pr.target_rate)
    return Verdict(
        rate is not None and rate >= _HUNDRED,
        "年度投资目标完成率不低于100%（按修约后比较）",
        (pr.target_rate,),
    )


def _yoy_shown(b: Basis) -> Decimal | None:
    yoy = b.ind.comparisons.yoy
    if not yoy.whole or yoy.completed.value is None:
        return None
    return b.ind.shown(yoy.completed.value)


@_rule("yoy_growth", "累计完成投资同比增长")
def _yoy_growth(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    shown = _yoy_shown(b)
    return Verdict(
        shown is not None and shown > 0,
        "上年同期数覆盖全部项目，累计完成投资同比增长率（修约后）大于0",
        (b.ind.comparisons.yoy.completed,),
    )


@_rule("yoy_decline", "累计完成投资同比下降")
def _yoy_decline(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    shown = _yoy_shown(b)
    return Verdict(
        shown is not None and shown < 0,
        "上年同期数覆盖全部项目，累计完成投资同比增长率（修约后）小于0",
        (b.ind.comparisons.yoy.completed,),
    )


@_rule("yoy_partial", "同比只覆盖部分项目（同口径）")
def _yoy_partial(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    yoy = b.ind.comparisons.yoy
    figures = (yoy.completed,) + ((yoy.compared,) if yoy.compared is not None else ())
    return Verdict(
        yoy.source == "projects" and not yoy.whole and yoy.completed.defined,
        "同比由部分项目自报的上年同期数计算（同口径），不代表全部项目",
        figures,
    )


# --- starts -------------------------------------------------------------------


@_rule("all_due_started", "应开工项目全部开工")
def _all_due_started(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st = b.ind.starts
    basis = "截至本期应开工" if st.basis == "to_date" else "全年计划"
    return Verdict(
        st.new_planned.value > 0 and st.new_started.value == st.new_planned.value,
        f"{basis}的新开工项目至少1个，且已全部开工",
        (st.new_planned, st.new_started),
    )


@_rule("none_due_started", "应开工项目均未开工")
def _none_due_started(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st = b.ind.starts
    return Verdict(
        st.new_planned.value > 0 and st.new_started.value == 0,
        "新开工率分母中的项目至少1个，且1个也没有开工",
        (st.new_planned, st.new_started),
    )


@_rule("none_due_yet", "新开工项目均未到计划开工时间")
def _none_due_yet(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st = b.ind.starts
    holds = st.new_year.value > 0 and st.unscheduled.value == 0 and st.new_due.value == 0
    return Verdict(
        holds,
        "每个新开工项目都填了计划开工月份，且都晚于本期末月",
        (st.new_year, st.unscheduled, st.new_due),
    )


@_rule("early_starts", "项目提前开工")
def _early_starts(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st = b.ind.starts
    return Verdict(
        st.early_started.value > 0,
        "有已开工的新开工项目，其填报的计划开工月份晚于本期末月",
        (st.early_started,),
    )


@_rule("all_resumed", "续建项目全面复工")
def _all_resumed(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st = b.ind.starts
    return Verdict(st.all_resumed, "续建项目至少1个，且已全部复工", (st.continuing, st.resumed))


@_rule("low_resume", "续建项目复工偏慢")
def _low_resume(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st = b.ind.starts
    rate = b.shown(st.resume_rate)
    limit = b.settings.resume_rate_good
    return Verdict(
        rate is not None and rate < limit,
        f"续建项目复工率低于{_num(limit)}%（settings.resume_rate_good）",
        (st.resume_rate,),
    )


@_rule("orderly_starts", "项目开复工有序推进")
def _orderly_starts(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    st = b.ind.starts
    s = b.settings
    new_rate, resume_rate = b.shown(st.new_start_rate), b.shown(st.resume_rate)
    # New projects whose rate cannot be computed (no month due yet, or none
    # recorded) leave the verdict open: nothing says they are on time.
    holds = (
        (st.new_year.value == 0 or new_rate is not None)
        and (new_rate is not None or resume_rate is not None)
        and (st.new_started.value + st.resumed.value) > 0
        and (new_rate is None or new_rate >= s.start_rate_good)
        and (resume_rate is None or resume_rate >= s.resume_rate_good)
    )
    return Verdict(
        holds,
        f"新开工率不低于{_num(s.start_rate_good)}%（settings.start_rate_good）、"
        f"续建项目复工率不低于{_num(s.resume_rate_good)}%（settings.resume_rate_good）；"
        "有新开工项目时新开工率须有定义，没有续建项目时复工率不论；至少有1个项目开工或复工",
        (st.new_start_rate, st.resume_rate),
    )


# --- structure ----------------------------------------------------------------


@_rule("main_support", "全年投资的主要支撑")
def _main_support(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    # Only bands that carry some of the plan compete: the one band with any
    # plan is not a "main" support, it is all there is.
    bands = [band for band in b.ind.bands if band.planned.value > 0]
    limit = b.settings.main_support_share
    rule = (
        f"至少两个规模档有年度计划投资；该档年度计划投资占全部项目的比重不低于{_num(limit)}%"
        "（settings.main_support_share），且是各档中最大的"
    )
    if len(bands) < 2:
        return Verdict(False, rule)
    shares = [(b.shown(band.planned_share) or Decimal(0), band) for band in bands]
    best = max(share for share, _ in shares)
    leaders = [band for share, band in shares if share == best]
    holds = best >= limit and len(leaders) == 1
    return Verdict(
        holds,
        rule,
        tuple(band.planned_share for band in bands),
        (leaders[0],) if holds else (),
    )


# --- units --------------------------------------------------------------------


def _behind_units(b: Basis) -> list[UnitFigures]:
    """Units behind 序时进度, furthest behind first (file order on a tie)."""
    return sorted(
        b.ind.units_behind,
        key=lambda u: (b.shown(u.completion_rate) or Decimal(0), u.index),
    )


@_rule("units_behind", "部分单位投资完成率低于序时进度")
def _units_behind(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    behind = _behind_units(b)
    return Verdict(
        bool(behind),
        "至少1个单位投资完成率低于序时进度（均按修约后比较）",
        (*(u.completion_rate for u in behind), b.ind.progress.schedule),
        tuple(behind),
        b.noun(behind),
    )


@_rule("worst_units", "投资完成率最低的单位")
def _worst_units(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    behind = _behind_units(b)
    if not behind:
        return Verdict(False, "低于序时进度的单位中投资完成率最低者（并列者一同列出）")
    low = b.shown(behind[0].completion_rate)
    worst = [u for u in behind if b.shown(u.completion_rate) == low]
    return Verdict(
        True,
        "低于序时进度的单位中投资完成率最低者（并列者一同列出）",
        tuple(u.completion_rate for u in worst),
        tuple(worst),
        b.noun(worst),
    )


@_rule("all_units_behind", "各单位投资完成率均低于序时进度")
def _all_units_behind(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    rk = b.ind.rankings.by_completion
    behind = _behind_units(b)
    holds = len(rk.entries) >= 2 and len(behind) == len(rk.entries) and not rk.unranked
    return Verdict(
        holds,
        "参与排名的单位至少2个、都低于序时进度，且没有未参与排名的单位",
        tuple(e.rate for e in rk.entries),
        tuple(behind),
        b.noun(behind),
    )


@_rule("all_units_on_schedule", "各单位投资完成率均达到序时进度")
def _all_units_on_schedule(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    rk = b.ind.rankings.by_completion
    holds = len(rk.entries) >= 2 and not b.ind.units_behind
    return Verdict(
        holds,
        "参与排名的单位至少2个，且没有一个低于序时进度（均按修约后比较）",
        (*(e.rate for e in rk.entries), b.ind.progress.schedule),
        tuple(e.unit for e in rk.entries),
        b.noun([e.unit for e in rk.entries]),
    )


@_rule("units_level", "各单位投资完成率相同")
def _units_level(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    """Every unit prints the same rate: a text says 均为… once, not a gap for each."""
    rk = b.ind.rankings.by_completion
    holds = (
        len(rk.entries) >= 2 and not rk.unranked and len({b.shown(e.rate) for e in rk.entries}) == 1
    )
    return Verdict(
        holds,
        "参与排名的单位至少2个、没有未参与排名的单位，投资完成率（按修约后）都相同",
        tuple(e.rate for e in rk.entries),
        tuple(rk.entries),
        b.noun([e.unit for e in rk.entries]),
    )


@_rule("leading_units", "部分单位走在前列")
def _leading_units(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    """The units at the front of the ranking, as 居前列 (or 居首位 for one) says.

    前列 is a place among many: with fewer than ``settings.leading_min_units``
    ranked units (default 4) no unit is said to be there — of two, one is
    simply the higher (``top_unit``).  A unit is at the front when it is
    within the top third: the units printing a rate at or above its own are
    at most a third of those ranked (so a tie is in or out whole), its rank
    is within ``settings.top_n``, and its rate is at or above 序时进度 and
    above 0.  Of 4 or 5 units that is the first alone, of 6 to 8 the first
    two, of 9 or more the first three.
    """
    rk = b.ind.rankings.by_completion
    schedule = b.shown(b.ind.progress.schedule)
    n, least = b.settings.top_n, b.settings.leading_min_units
    ranked = len(rk.entries)
    # Ranked units all print a rate: ``shown`` holds no None.
    shown = [b.shown(e.rate) or Decimal(0) for e in rk.entries]
    leading: list[RankEntry] = []
    if ranked >= least:
        for e, rate in zip(rk.entries, shown, strict=True):
            at_or_above = sum(1 for other in shown if other >= rate)
            if (
                schedule is not None
                and e.rank <= n
                and at_or_above * 3 <= ranked
                and rate >= schedule
                and rate > 0
            ):
                leading.append(e)
    holds = bool(leading) and ranked > len(leading)
    return Verdict(
        holds,
        f"参与排名的单位至少{least}个（settings.leading_min_units）；排名前{n}位（settings.top_n）、"
        "且投资完成率不低于它的单位不超过参与排名单位的三分之一（并列者同进同出），"
        "投资完成率不低于序时进度且大于0的单位，至少1个",
        (*(e.rate for e in leading), b.ind.progress.schedule),
        tuple(leading),
        b.noun([e.unit for e in leading]),
    )


@_rule("top_unit", "投资完成率最高的单位")
def _top_unit(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    """The unit (or units tied) with the highest rate, where it is also at or above 序时进度.

    A fact, not a place: what a text says of the best of two or three units,
    where 前列 (``leading_units``) would be no ranking.  Not when every unit
    prints the same rate: then none is the highest (``units_level``).
    """
    rk = b.ind.rankings.by_completion
    schedule = b.shown(b.ind.progress.schedule)
    shown = [b.shown(e.rate) for e in rk.entries]
    best = shown[0] if shown else None
    top = [e for e, rate in zip(rk.entries, shown, strict=True) if rate == best]
    holds = (
        len(rk.entries) >= 2
        and best is not None
        and schedule is not None
        and best > 0
        and best >= schedule
        and len(top) < len(rk.entries)
    )
    return Verdict(
        holds,
        "参与排名的单位至少2个、投资完成率不全相同；投资完成率最高（并列者同列）、"
        "不低于序时进度且大于0的单位",
        (*(e.rate for e in top), b.ind.progress.schedule) if holds else (),
        tuple(top) if holds else (),
        b.noun([e.unit for e in top]) if holds else "",
    )


def _start_entries(b: Basis) -> tuple[RankEntry, ...]:
    return b.ind.rankings.by_new_start.entries


def _named(b: Basis, holds: bool, rule: str, entries: Sequence[RankEntry]) -> Verdict:
    """A verdict naming ranked units, with their rates as the evidence."""
    return Verdict(
        holds,
        rule,
        tuple(e.rate for e in entries),
        tuple(entries),
        b.noun([e.unit for e in entries]),
    )


@_rule("all_units_started", "有新开工任务的单位均已全部开工")
def _all_units_started(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    entries = _start_entries(b)
    holds = len(entries) >= 2 and all(b.shown(e.rate) == _HUNDRED for e in entries)
    return _named(
        b, holds, "有新开工任务（新开工率有定义）的单位至少2个，新开工率都是100%", entries
    )


@_rule("units_fully_started", "单位应开工项目已全部开工")
def _units_fully_started(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    full = [e for e in _start_entries(b) if b.shown(e.rate) == _HUNDRED]
    return _named(b, bool(full), "新开工率为100%的单位（应开工项目至少1个）", full)


@_rule("units_none_started", "单位应开工项目均未开工")
def _units_none_started(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    none = [e for e in _start_entries(b) if e.unit.new_started.value == 0]
    return _named(b, bool(none), "应开工项目至少1个、1个也没有开工的单位", none)


@_rule("low_start_units", "单位新开工率相对较低")
def _low_start_units(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    overall = b.shown(b.ind.starts.new_start_rate)
    low = [
        e
        for e in reversed(_start_entries(b))
        if overall is not None and (rate := b.shown(e.rate)) is not None and 0 < rate < overall
    ]
    return _named(
        b, bool(low), "新开工率低于全部项目新开工率、但已有项目开工的单位，最低者在前", low
    )


# --- projects -----------------------------------------------------------------


@_rule("lagging_projects", "部分项目投资进度滞后")
def _lagging_projects(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    due = {pf.index for pf in b.ind.starts.due_not_started}
    lag = [pf for pf in b.ind.lagging if pf.index not in due]
    return Verdict(
        bool(lag),
        f"已开工的在建项目投资完成率低于序时进度超过{_num(b.settings.lag_threshold)}个百分点"
        "（settings.lag_threshold），差距最大的在前",
        tuple(pf.completion_rate for pf in lag),
        tuple(lag),
    )


def _overdue_key(pf: ProjectFigures) -> tuple[int, Decimal, int]:
    # Longest overdue first, then the larger plan: the ones a reader asks about.
    return (pf.project.planned_start or 12, -pf.project.planned, pf.index)


@_rule("overdue_starts", "部分项目未按期开工")
def _overdue_starts(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    due = sorted(b.ind.starts.due_not_started, key=_overdue_key)
    return Verdict(
        bool(due),
        "计划开工月份不晚于本期末月、尚未开工的新开工项目，计划开工早的、计划投资大的在前",
        (b.ind.starts.new_due,),
        tuple(due),
    )


# --- targets ------------------------------------------------------------------


def _growth_vs_target(b: Basis) -> tuple[Decimal, Decimal] | None:
    """(printed 同比 growth, printed growth target) when both exist for the whole portfolio."""
    pr, yoy = b.ind.progress, b.ind.comparisons.yoy
    if pr.growth_target is None or not yoy.whole or yoy.completed.value is None:
        return None
    target = b.shown(pr.growth_target)
    assert target is not None  # a target of 100 is never 0
    return b.ind.shown(yoy.completed.value), target


@_rule("growth_target_met", "投资增速达到增长目标")
def _growth_target_met(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pair = _growth_vs_target(b)
    pr = b.ind.progress
    figures = (b.ind.comparisons.yoy.completed, *_some(pr.growth_target))
    return Verdict(
        pair is not None and pair[0] >= pair[1],
        "有投资增长目标（targets.growth），同比覆盖全部项目，累计完成投资同比增长率不低于目标"
        "（均按修约后比较）",
        figures,
    )


@_rule("growth_target_missed", "投资增速低于增长目标")
def _growth_target_missed(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pair = _growth_vs_target(b)
    pr = b.ind.progress
    figures = (b.ind.comparisons.yoy.completed, *_some(pr.growth_target))
    return Verdict(
        pair is not None and pair[0] < pair[1],
        "有投资增长目标（targets.growth），同比覆盖全部项目，累计完成投资同比增长率低于目标"
        "（均按修约后比较）",
        figures,
    )


def _some(*figures: Figure | None) -> tuple[Figure, ...]:
    return tuple(f for f in figures if f is not None)


def _starts_half(b: Basis, met: bool) -> Verdict:
    dh = b.ind.progress.double_half
    rule = (
        "统计期截至6月，有计划新开工项目，新开工项目开工率（全年口径）"
        f"{'不低于' if met else '低于'}50%（按修约后比较）"
    )
    if dh is None or dh.starts_met is None:
        return Verdict(False, rule)
    return Verdict(dh.starts_met is met, rule, (dh.starts, dh.threshold))


@_rule("starts_half_met", "新开工项目开工过半")
def _starts_half_met(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _starts_half(b, True)


@_rule("starts_half_missed", "新开工项目开工未过半")
def _starts_half_missed(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _starts_half(b, False)


# --- structure of the portfolio -------------------------------------------------


@_rule("many_preliminary", "前期项目占比较高")
def _many_preliminary(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    pre = b.ind.portfolio.by_stage["前期"]
    share = b.shown(pre.count_share)
    limit = b.settings.preliminary_share
    return Verdict(
        pre.count.value > 0 and share is not None and share >= limit,
        f"前期项目个数占全部项目的比重不低于{_num(limit)}%（settings.preliminary_share，按修约后比较）",
        (pre.count, pre.count_share),
    )


@_rule("portfolio_changed", "项目盘子有变化")
def _portfolio_changed(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    mom = b.ind.comparisons.mom
    ch = b.ind.changes
    changed = mom.projects.change not in (None, 0) or (ch is not None and bool(ch.added))
    return Verdict(
        changed,
        "与上期相比，重点项目个数有增减，或有新列入的项目",
        (mom.projects,),
        tuple(ch.added) if ch is not None else (),
    )


# --- since the previous period (环比) -------------------------------------------


@_rule("period_invested", "本期完成投资")
def _period_invested(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    ch = b.ind.changes
    return Verdict(
        ch is not None and ch.completed.value > 0,
        "有上期数据，本期累计完成投资比上期增加（本期自身完成投资大于0）",
        (ch.completed,) if ch is not None else (),
    )


@_rule("period_stalled", "本期没有新增投资")
def _period_stalled(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    ch = b.ind.changes
    open_plan = not found["year_plan_met"].holds
    return Verdict(
        ch is not None and ch.completed.value <= 0 and open_plan and found["invested"].holds,
        "有上期数据，已完成过投资、年度计划尚未完成，本期累计完成投资却没有比上期增加",
        (ch.completed,) if ch is not None else (),
    )


def _moves(b: Basis, up: bool) -> list[RankMove]:
    ch = b.ind.changes
    if ch is None:
        return []
    least = b.settings.rank_move_min
    return [m for m in ch.rank_moves if (m.steps >= least if up else -m.steps >= least)]


@_rule("units_moved_up", "单位排名前移")
def _units_moved_up(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    moves = _moves(b, True)
    return Verdict(
        bool(moves),
        f"与上期相比，投资完成率排名前移至少{b.settings.rank_move_min}位"
        "（settings.rank_move_min）的单位，前移多的在前",
        tuple(m.moved for m in moves),
        tuple(moves),
        b.noun([m.unit for m in moves]),
    )


@_rule("units_moved_down", "单位排名后退")
def _units_moved_down(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    moves = _moves(b, False)
    return Verdict(
        bool(moves),
        f"与上期相比，投资完成率排名后退至少{b.settings.rank_move_min}位"
        "（settings.rank_move_min）的单位，后退多的在前",
        tuple(m.moved for m in moves),
        tuple(moves),
        b.noun([m.unit for m in moves]),
    )


def _units_named(b: Basis, units: Sequence[UnitFigures], rule: str) -> Verdict:
    """A verdict naming units, with their completion rates as the evidence."""
    return Verdict(
        bool(units), rule, tuple(u.completion_rate for u in units), tuple(units), b.noun(units)
    )


@_rule("units_caught_up", "单位赶上序时进度")
def _units_caught_up(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    ch = b.ind.changes
    return _units_named(
        b,
        list(ch.caught_up) if ch is not None and _schedule_open(b) else [],
        "上期投资完成率低于当时的序时进度、本期不低于序时进度的单位（均按修约后比较）",
    )


@_rule("units_fell_behind", "单位落到序时进度以下")
def _units_fell_behind(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    ch = b.ind.changes
    return _units_named(
        b,
        list(ch.fell_behind) if ch is not None else [],
        "上期投资完成率不低于当时的序时进度、本期低于序时进度的单位（均按修约后比较）",
    )


def _projects_changed(
    b: Basis, pick: Callable[[Changes], tuple[ProjectFigures, ...]], count: str, rule: str
) -> Verdict:
    """A verdict on projects that changed since the previous period, with their count."""
    ch = b.ind.changes
    if ch is None:
        return Verdict(False, rule)
    projects = pick(ch)
    return Verdict(bool(projects), rule, (getattr(ch, count),), tuple(projects))


@_rule("projects_started_since", "上期以来新开工（复工）项目")
def _projects_started_since(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _projects_changed(
        b,
        lambda ch: ch.started,
        "started_count",
        "上期未开工（复工）、本期已开工（复工）的建设项目至少1个",
    )


@_rule("projects_newly_lagging", "新增滞后项目")
def _projects_newly_lagging(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _projects_changed(
        b,
        lambda ch: ch.newly_lagging,
        "newly_lagging_count",
        "本期投资进度滞后、上期不滞后的项目至少1个（滞后见“部分项目投资进度滞后”；"
        "本期刚开工的不算），差距大的在前",
    )


@_rule("projects_recovered", "项目摆脱滞后")
def _projects_recovered(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    return _projects_changed(
        b, lambda ch: ch.recovered, "recovered_count", "上期投资进度滞后、本期不再滞后的项目至少1个"
    )


# --- the projects a 观摩 visited ------------------------------------------------


@_rule("visits_small_dominate", "观摩项目中小项目占大多数")
def _visits_small_dominate(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    v = b.ind.visits
    limit = b.settings.small_project_share
    share = b.shown(v.small_share) if v is not None else None
    return Verdict(
        share is not None and share > limit,
        f"观摩项目中总投资1亿元以下的项目个数占比高于{_num(limit)}%"
        "（settings.small_project_share，按修约后比较）",
        (v.small, v.small_share) if v is not None else (),
    )


@_rule("visits_all_categories", "观摩项目涵盖各类项目")
def _visits_all_categories(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    v = b.ind.visits
    # Projects with no category are no 类 of their own: 涵盖了产业、未分类各类 reads as nonsense.
    kinds = [
        name
        for name, g in b.ind.portfolio.by_category.items()
        if g.count.value > 0 and name != NO_CATEGORY
    ]
    seen = [name for name, g in v.by_category.items() if g.count.value > 0] if v else []
    return Verdict(
        len(kinds) >= 2 and set(kinds) <= set(seen),
        "有项目的类别（不计未填类别的项目）至少2个，观摩项目每一类都有",
        (v.all.count,) if v is not None else (),
        tuple(kinds),
    )


@_rule("visits_all_units", "观摩项目覆盖各单位")
def _visits_all_units(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    v = b.ind.visits
    with_projects = [u for u in b.ind.units if u.has_projects]
    seen = {pf.project.unit for pf in v.projects} if v is not None else set()
    return Verdict(
        len(with_projects) >= 2 and all(u.name in seen for u in with_projects),
        "有项目的单位至少2个，每个单位都有项目被观摩",
        (v.all.count,) if v is not None else (),
        tuple(with_projects),
        b.noun(with_projects),
    )


# --- overall ------------------------------------------------------------------


@_rule("good_momentum", "总体进展顺利、保持良好势头")
def _good_momentum(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    ind, s = b.ind, b.settings
    rk = ind.rankings.by_completion
    behind_share_ok = True
    if rk.entries:
        share = Decimal(len(ind.units_behind)) * _HUNDRED / Decimal(len(rk.entries))
        behind_share_ok = share <= s.momentum_units_behind
    new_rate = b.shown(ind.starts.new_start_rate)
    rate, schedule = b.shown(ind.progress.completion_rate), b.shown(ind.progress.schedule)
    holds = (
        ind.progress.completed.value > 0
        and rate is not None
        and schedule is not None
        and rate >= schedule
        and behind_share_ok
        and not found["yoy_decline"].holds
        and (new_rate is None or new_rate >= s.start_rate_good)
    )
    return Verdict(
        holds,
        "已完成投资；投资完成率不低于序时进度；低于序时进度的单位不超过参与排名单位的"
        f"{_num(s.momentum_units_behind)}%（settings.momentum_units_behind）；"
        "同比（覆盖全部项目时）不下降；"
        f"新开工率不低于{_num(s.start_rate_good)}%（settings.start_rate_good，没有时不论）",
        (
            ind.progress.completion_rate,
            ind.progress.schedule,
            ind.comparisons.yoy.completed,
            ind.starts.new_start_rate,
        ),
        tuple(ind.units_behind),
    )


@_rule("results_creditable", "取得的成效值得肯定")
def _results_creditable(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    """Whether a text may 肯定 the period's 成效: the figures, not the money spent, decide.

    Construction has results (``some_results``), investment keeps near
    序时进度 (``orderly_investment``: at most ``settings.orderly_gap`` points
    behind, the year's plan met once 序时进度 is 100%), and no more than
    ``settings.momentum_units_behind`` per cent of the ranked units (when
    there are two or more) are behind 序时进度.  A month at 49% against 67%
    with most units behind gets the report heard and its problems named, not
    praised.
    """
    ind, s = b.ind, b.settings
    ranked = len(ind.rankings.by_completion.entries)
    behind = len(ind.units_behind)
    # One unit is the whole: its standing is the overall figure's.
    units_ok = ranked < 2 or Decimal(behind) * _HUNDRED / Decimal(ranked) <= s.momentum_units_behind
    holds = found["some_results"].holds and found["orderly_investment"].holds and units_ok
    return Verdict(
        holds,
        "“取得一定成效”成立，且“项目投资有序推进”成立（投资完成率低于序时进度不超过"
        f"{_num(s.orderly_gap)}个百分点，settings.orderly_gap）；参与排名的单位有2个以上时，"
        f"低于序时进度的不超过{_num(s.momentum_units_behind)}%（settings.momentum_units_behind）",
        (ind.progress.completion_rate, ind.progress.schedule),
        tuple(ind.units_behind),
    )


#: The findings that make a shortfall: any one of them gives a text its 问题 part.
SHORTFALLS = (
    "behind_schedule",
    "double_half_missed",
    "year_plan_missed",
    "units_behind",
    "lagging_projects",
    "overdue_starts",
    "yoy_decline",
    "low_resume",
    "growth_target_missed",
    "starts_half_missed",
    "many_preliminary",
    "period_stalled",
)


@_rule("shortfall", "存在差距和不足")
def _shortfall(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    holding = [key for key in SHORTFALLS if found[key].holds]
    return Verdict(
        bool(holding),
        "下列任一判断成立：" + "、".join(RULES[key].name for key in SHORTFALLS),
        tuple(fig for key in holding for fig in found[key].figures),
        tuple(holding),
    )


# --- commendation -------------------------------------------------------------


@_rule("many_commended", "涌现出一批先进")
def _many_commended(b: Basis, found: Mapping[str, Finding]) -> Verdict:
    c = b.report.commendations
    n = len(c.units) + len(c.individuals) if c is not None else 0
    return Verdict(
        n >= b.settings.batch_min,
        f"受表彰的单位和个人合计不少于{b.settings.batch_min}个（settings.batch_min）",
    )


# ---------------------------------------------------------------------------


def assess(report: Report, ind: Indicators) -> Findings:
    """Every rule of :data:`RULES` over ``report`` and its indicators; pure."""
    words = _words(report, ind.scope)
    time = _timeframe(report, report.document.date)
    meeting = report.meeting
    spoken = _timeframe(report, meeting.date if meeting is not None else report.document.date)
    basis = Basis(report, ind, words, time)
    found: dict[str, Finding] = {}
    for rule in RULES.values():
        v = rule.fn(basis, found)
        found[rule.key] = Finding(
            rule.key,
            rule.name,
            v.rule,
            v.holds,
            v.figures,
            v.subjects,
            v.noun,
            _place_word(v.subjects),
        )
    return Findings(found, words, time, spoken)


def _subject_unit(subject: Any) -> Unit | None:
    if isinstance(subject, UnitFigures):
        return subject.unit
    if isinstance(subject, RankEntry | RankMove):
        return subject.unit.unit
    return None


def _place_word(subjects: Sequence[Any]) -> str:
    """地方 when the units named are all places (县、乡镇、园区), else 单位; "" without units."""
    units = [u for u in map(_subject_unit, subjects) if u is not None]
    if not units:
        return ""
    places = all(_category(_kind_of(u))[0] in ("county", "town", "park") for u in units)
    return "地方" if places else "单位"
