"""Every statistic the documents state, computed from a Report, each with how it was obtained.

``compute(report)`` is a pure function: it reads a validated
:class:`~bulletin.model.Report` and returns an :class:`Indicators` tree.  It
formats nothing.  Every figure is one of four small value objects that keep
their inputs, a Chinese label and a formula text, so that a document can append
a 数据核对表 and a test can check the arithmetic:

- :class:`Quantity` — a count (``个``, ``int``) or an amount (``万元``, ``Decimal``);
- :class:`Ratio` — ``numerator ÷ denominator × 100`` as an unrounded percentage,
  ``None`` when the denominator is 0 (undefined, never 0);
- :class:`Gap` — the difference of two ratios in 个百分点, raw; documents print
  the gap of the *printed* values (``zh.pp_gap``), so both ratios are kept;
- :class:`Growth` — ``(current − base) ÷ base × 100``, ``None`` without a base.

Judgements that a reader checks against printed figures — who is behind
序时进度, who lags, whether 双过半 is met, who shares a rank — compare the
rates *as printed*: rounded to ``settings.decimals`` by ``settings.rounding``.
Otherwise a unit at 49.96% would be called behind a 序时进度 of 50.0% while the
text prints 50.0% for both.  The values themselves are never rounded here.

Counting rules, where practice differs:

- 建设项目 are all projects not in 前期 (续建, 新开工, 竣工); a 竣工 project counts
  as started whatever its ``started`` flag says, since it cannot be finished
  without having started.
- A 新开工 project is *due* when ``planned_start ≤ period.end_month``; one with no
  ``planned_start`` is planned for the year, due only at the year's end.
- 新开工率 counts, of the 新开工 projects in its denominator (``to_date``: the due
  ones; ``year``: all), those started.  :attr:`Starts.early_started` counts the
  projects started before a planned month the ledger records; one without
  ``planned_start`` is never called early (:attr:`Starts.unscheduled` counts
  those), since nothing says when it was meant to start.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from typing import Literal, TypedDict

from bulletin.model import PeriodTotals, Project, Report, Settings, Unit

__all__ = [
    "NO_CATEGORY",
    "TIE_RULE",
    "Band",
    "Changes",
    "Comparison",
    "Comparisons",
    "DoubleHalf",
    "Figure",
    "Gap",
    "Group",
    "Growth",
    "Indicators",
    "Portfolio",
    "Progress",
    "ProjectFigures",
    "Quantity",
    "RankEntry",
    "RankMove",
    "Ranking",
    "Rankings",
    "Ratio",
    "SizeCount",
    "Starts",
    "UnitFigures",
    "VisitFigures",
    "compute",
]

# 28 significant digits, as the brief asks, independent of whatever context the
# caller's thread has set.
_CTX = Context(prec=28, rounding=ROUND_HALF_EVEN)
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)

STAGES = ("前期", "新开工", "续建", "竣工")
LEVELS = ("省级", "市级", "县级")
_NO_LEVEL = "未定级"
#: The group of projects whose ledger row names no category (not itself a category).
NO_CATEGORY = "未分类"
_NO_CATEGORY = NO_CATEGORY

#: How units with equal rates are ranked; printed in the 数据核对表 if wanted.
TIE_RULE = (
    "按保留小数后的比率排名，比率相同者名次并列，其后名次顺延；"
    "并列者按累计完成投资从高到低排列，再按数据文件中单位的先后排列"
)


# ---------------------------------------------------------------------------
# Value objects


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count (``unit == "个"``, an ``int``) or an amount in 万元 (a ``Decimal``)."""

    label: str
    value: Decimal | int
    unit: Literal["万元", "个"]
    formula: str


@dataclass(frozen=True, slots=True)
class Ratio:
    """A rate or share: ``numerator ÷ denominator × 100``, in percent."""

    label: str
    formula: str
    numerator: Decimal
    denominator: Decimal
    unit: Literal["%"] = "%"

    @property
    def value(self) -> Decimal | None:
        """The percentage, unrounded (28 significant digits); None when the denominator is 0."""
        if not self.denominator:
            return None
        return _CTX.divide(_CTX.multiply(self.numerator, _HUNDRED), self.denominator)

    @property
    def exact(self) -> Fraction | None:
        """The percentage as an exact fraction; None when the denominator is 0."""
        if not self.denominator:
            return None
        return Fraction(self.numerator) * 100 / Fraction(self.denominator)

    @property
    def defined(self) -> bool:
        """Whether the rate exists (its denominator is not 0)."""
        return bool(self.denominator)


@dataclass(frozen=True, slots=True)
class Growth:
    """Growth of ``current`` over ``base``: ``(current − base) ÷ base × 100``, in percent."""

    label: str
    formula: str
    current: Decimal | int
    base: Decimal | int | None
    base_unit: Literal["万元", "个"]
    unit: Literal["%"] = "%"

    @property
    def value(self) -> Decimal | None:
        """The growth rate, unrounded; None when the base is missing or 0."""
        if not self.base:
            return None
        diff = _CTX.subtract(Decimal(self.current), Decimal(self.base))
        return _CTX.divide(_CTX.multiply(diff, _HUNDRED), Decimal(self.base))

    @property
    def change(self) -> Decimal | int | None:
        """``current − base`` in :attr:`base_unit` (增加/减少); None when the base is missing."""
        if self.base is None:
            return None
        return self.current - self.base

    @property
    def defined(self) -> bool:
        """Whether a growth rate exists (a base other than 0)."""
        return bool(self.base)


@dataclass(frozen=True, slots=True)
class Gap:
    """``minuend − subtrahend`` in 个百分点, from the raw rates.

    Documents print the gap of the printed rates (R4.4), so both ratios are
    here for ``zh.pp_gap``; :attr:`value` is the unrounded difference.  The
    minuend may be a growth rate (同比 against a growth target).
    """

    label: str
    formula: str
    minuend: Ratio | Growth
    subtrahend: Ratio
    unit: Literal["个百分点"] = "个百分点"

    @property
    def value(self) -> Decimal | None:
        """The raw difference; None when either rate is undefined."""
        a, b = self.minuend.value, self.subtrahend.value
        if a is None or b is None:
            return None
        return _CTX.subtract(a, b)

    @property
    def defined(self) -> bool:
        """Whether both rates exist."""
        return self.minuend.defined and self.subtrahend.defined


#: Anything the audit table lists.
Figure = Quantity | Ratio | Gap | Growth


# ---------------------------------------------------------------------------
# Result tree


@dataclass(frozen=True, slots=True)
class Group:
    """The figures of a set of projects: all of them, a stage, a level, a category.

    Shares are of all projects.  ``construction``/``started``/``start_rate``
    count 建设项目 (not 前期); ``new_*`` count 新开工 projects on the
    ``settings.start_rate_basis``; ``continuing``/``resumed`` count 续建.
    ``behind_schedule`` is None when the completion rate is undefined.
    """

    name: str
    count: Quantity
    total: Quantity
    planned: Quantity
    completed: Quantity
    count_share: Ratio
    total_share: Ratio
    planned_share: Ratio
    completed_share: Ratio
    completion_rate: Ratio
    schedule_gap: Gap
    behind_schedule: bool | None
    construction: Quantity
    started: Quantity
    start_rate: Ratio
    new_planned: Quantity
    new_started: Quantity
    new_start_rate: Ratio
    continuing: Quantity
    resumed: Quantity
    resume_rate: Ratio


@dataclass(frozen=True, slots=True)
class Band(Group):
    """A size band by total investment: ``lower ≤ total < upper`` in 万元.

    ``lower`` is None for the bottom band and ``upper`` None for the top one.
    """

    lower: Decimal | None
    upper: Decimal | None


@dataclass(frozen=True, slots=True)
class UnitFigures(Group):
    """A county, district or department: its group figures and its own targets.

    ``index`` is its position in ``report.units`` (units only named by projects
    follow, in order of first mention).  The target figures are None when the
    unit has no such target.
    """

    unit: Unit
    index: int
    target_investment: Quantity | None
    target_rate: Ratio | None
    target_new_starts: Quantity | None
    new_start_target_rate: Ratio | None
    target_gap: Gap | None
    yoy: Growth

    @property
    def has_projects(self) -> bool:
        """Whether any project belongs to the unit."""
        return self.count.value != 0


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    """One project with its rates.

    ``index`` is its position in ``report.projects``.  ``start_due`` is None for
    a project not in 新开工, else whether its planned start has come.
    ``lagging``: a started project under construction (续建, 新开工, or 竣工
    not yet finished) with a plan, whose printed rate is more than
    ``settings.lag_threshold`` 个百分点 below printed 序时进度.  A project not
    started is never lagging: it is reported as not started instead.
    """

    project: Project
    index: int
    completion_rate: Ratio
    schedule_gap: Gap
    start_due: bool | None
    lagging: bool


@dataclass(frozen=True, slots=True)
class Portfolio:
    """The project portfolio (项目盘子) and its breakdowns.

    ``by_stage`` always holds the four stages and ``by_level`` the three
    levels (then 未定级 if a project has none); ``by_category`` holds
    ``report.categories`` in order, then categories only projects name, then
    未分类 if a project has none.  Read-only mappings.
    """

    all: Group
    construction: Group
    by_stage: Mapping[str, Group]
    by_level: Mapping[str, Group]
    by_category: Mapping[str, Group]


@dataclass(frozen=True, slots=True)
class DoubleHalf:
    """双过半 at the end of June: time half gone, task at least half done.

    ``investment`` is the 投资完成率; ``starts`` the 新开工率 on the year's
    planned new starts, which some documents also require.  ``*_met`` compare
    the printed rates with 50% and are None when the rate is undefined.
    """

    threshold: Ratio
    investment: Ratio
    investment_gap: Gap
    investment_met: bool | None
    starts: Ratio
    starts_gap: Gap
    starts_met: bool | None

    @property
    def met(self) -> bool | None:
        """Whether the investment half is done (the 双过半 proper); None if undefined."""
        return self.investment_met


@dataclass(frozen=True, slots=True)
class Progress:
    """Investment progress of the whole portfolio against plan, time and target.

    ``target``/``target_rate`` are None without ``targets.investment``;
    ``double_half`` is None unless the period ends in June.  ``plan`` is the
    whole year's plan as a rate (100%) and ``plan_gap`` the completion rate's
    distance from it, for saying at the year's end by how much the plan was
    exceeded or missed.  ``growth_target`` is ``targets.growth`` as a rate and
    ``growth_gap`` the 同比 growth of completed investment against it (both
    None without a growth target).
    """

    planned: Quantity
    completed: Quantity
    completion_rate: Ratio
    schedule: Ratio
    schedule_gap: Gap
    behind_schedule: bool | None
    target: Quantity | None
    target_rate: Ratio | None
    double_half: DoubleHalf | None
    plan: Ratio
    plan_gap: Gap
    growth_target: Ratio | None = None
    growth_gap: Gap | None = None


@dataclass(frozen=True, slots=True)
class Starts:
    """Starts of the whole portfolio: 新开工率, 复工率, 开工率, 开复工率.

    ``new_year``/``new_started_year``: all 新开工 projects and those started;
    ``new_due``: those due by the period's end.  ``new_planned``/``new_started``
    are the 新开工率 denominator and numerator on ``basis`` (``to_date``: the
    due ones; ``year``: all), ``new_start_rate_year`` the rate on the year
    whatever the basis, ``early_started`` those started before the planned
    month the ledger gives.  ``unscheduled``/``unscheduled_started``: 新开工
    projects with no ``planned_start``, and those of them started.
    ``continuing``/``resumed``/``resume_rate``: 续建 and 复工率, ``all_resumed``
    when every one of at least one 续建 project has resumed.
    ``construction``/``started``/``start_rate``: 开工率 of 建设项目.
    ``target``/``target_rate`` are None without ``targets.new_starts``;
    ``target_gap`` compares ``target_rate`` with 序时进度.
    ``due_not_started`` lists, in file order, the 新开工 projects due and not
    started (their problems are on ``project.problems``).
    """

    basis: Literal["to_date", "year"]
    new_year: Quantity
    new_started_year: Quantity
    new_due: Quantity
    new_planned: Quantity
    new_started: Quantity
    new_start_rate: Ratio
    new_start_rate_year: Ratio
    early_started: Quantity
    unscheduled: Quantity
    unscheduled_started: Quantity
    continuing: Quantity
    resumed: Quantity
    resume_rate: Ratio
    all_resumed: bool
    construction: Quantity
    started: Quantity
    start_rate: Ratio
    start_resume_rate: Ratio
    due_not_started: tuple[ProjectFigures, ...]
    target: Quantity | None
    target_rate: Ratio | None
    target_gap: Gap | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """This period against a base period (同比: last year's; 环比: the previous).

    ``source`` says where the base came from: ``inline`` figures in the file,
    a loaded ``report``, or the sum of the ``projects``' own ``last_year``
    figures (同比 only, like for like: ``completed`` then sums only the
    projects that give one); None when there is no base, and then every
    growth is undefined.  ``completion_rate`` is the base period's
    投资完成率 (None when its plan is unknown; 环比 falls back on this year's
    plan, which a previous month of the same year shares).  ``compared`` counts
    the projects a like-for-like (``projects``) comparison covers, None
    otherwise; :attr:`whole` says whether the base speaks for every project.
    """

    kind: Literal["同比", "环比"]
    source: Literal["inline", "report", "projects"] | None
    completed: Growth
    started: Growth
    projects: Growth
    completion_rate: Ratio | None
    completion_rate_change: Gap | None
    compared: Quantity | None = None
    portfolio_size: int = 0

    @property
    def whole(self) -> bool:
        """Whether the base covers the whole portfolio (totals, or every project like for like)."""
        if self.source in ("inline", "report"):
            return True
        return self.compared is not None and self.compared.value == self.portfolio_size

    @property
    def available(self) -> bool:
        """Whether any base figure exists."""
        return self.source is not None


@dataclass(frozen=True, slots=True)
class Comparisons:
    """同比 (``yoy``) and 环比 (``mom``)."""

    yoy: Comparison
    mom: Comparison


@dataclass(frozen=True, slots=True)
class RankEntry:
    """One unit's place: ``rank`` is shared by equal printed rates (1, 1, 3)."""

    rank: int
    unit: UnitFigures
    rate: Ratio
    tied: bool


@dataclass(frozen=True, slots=True)
class Ranking:
    """Units ranked by one rate, best first, under :data:`TIE_RULE`.

    ``unranked`` are the units whose rate is undefined (no projects, or a 0
    denominator), in file order.  ``top`` are the entries ranked within
    ``settings.top_n`` (more than N on a tie at the cut); ``bottom`` those within
    N from the end, in ranking order, leaving out any already in ``top``.
    """

    label: str
    tie_rule: str
    entries: tuple[RankEntry, ...]
    unranked: tuple[UnitFigures, ...]
    top: tuple[RankEntry, ...]
    bottom: tuple[RankEntry, ...]


@dataclass(frozen=True, slots=True)
class Rankings:
    """Unit rankings by 投资完成率, by 新开工率 and by the completion of their own targets."""

    by_completion: Ranking
    by_new_start: Ranking
    by_target: Ranking


@dataclass(frozen=True, slots=True)
class SizeCount:
    """Projects whose total investment is at least ``threshold`` 万元 (投资过亿元的项目88个)."""

    threshold: Decimal
    count: Quantity
    share: Ratio


@dataclass(frozen=True, slots=True)
class RankMove:
    """A unit whose place in the 投资完成率 ranking changed since the previous period.

    ``moved`` is the number of places, as a figure (前移3位).
    """

    unit: UnitFigures
    before: int
    now: int
    moved: Quantity

    @property
    def steps(self) -> int:
        """Places gained (前移) when positive, lost (后退) when negative."""
        return self.before - self.now


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed since the previous period (``previous``), for the 环比 parts of a text.

    ``first_month``–``last_month`` is the span this period adds to the
    previous one (6—6 for June after May; 4—6 for 上半年 after 一季度); both
    None when ``previous`` gives inline figures that say no ``month``.
    ``completed`` is the span's own investment (cumulative now − cumulative
    then) and ``completed_share`` its share of the year's plan.  The rest
    needs the previous period's ledger (``detailed``; empty otherwise), each
    matched by name (and unit): ``rank_moves`` are the units whose place in
    the 投资完成率 ranking moved, most places first; ``caught_up`` and
    ``fell_behind`` the units that crossed 序时进度 (as printed, each period
    against its own); ``started`` the projects started (or resumed) since,
    ``finished`` those finished since; ``newly_lagging`` those lagging now
    and not before (leaving out those just started), ``recovered`` those
    lagging before and not now;
    ``added`` the projects new in the ledger.  The counts are figures for
    the 数据核对表.
    """

    first_month: int | None
    last_month: int | None
    base_month: int | None
    completed: Quantity
    completed_share: Ratio
    projects_before: Quantity | None
    detailed: bool
    rank_moves: tuple[RankMove, ...]
    caught_up: tuple[UnitFigures, ...]
    fell_behind: tuple[UnitFigures, ...]
    started: tuple[ProjectFigures, ...]
    started_count: Quantity
    finished: tuple[ProjectFigures, ...]
    newly_lagging: tuple[ProjectFigures, ...]
    newly_lagging_count: Quantity
    recovered: tuple[ProjectFigures, ...]
    recovered_count: Quantity
    added: tuple[ProjectFigures, ...]


@dataclass(frozen=True, slots=True)
class VisitFigures:
    """The projects a 观摩推进会 visited (``meeting.visits``), as a portfolio of their own.

    ``projects`` are the visited projects found in the ledger, in visit order;
    ``all`` their group figures, ``bands`` their size bands (the same bounds
    as the whole portfolio's), ``by_category`` their categories.
    ``new_this_year`` counts the 新开工 ones, ``finishing`` those to be
    finished this year (stage 竣工), ``small`` those under 1亿元 total and
    ``small_share`` their share of the visited; ``scored`` the visited
    projects with a score and the score, best first (visit order on a tie).
    """

    projects: tuple[ProjectFigures, ...]
    all: Group
    bands: tuple[Band, ...]
    by_category: Mapping[str, Group]
    new_this_year: Quantity
    finishing: Quantity
    small: Quantity
    small_share: Ratio
    scored: tuple[tuple[ProjectFigures, Decimal], ...]


@dataclass(frozen=True, slots=True)
class Indicators:
    """Everything a document may state about one report.

    ``scope`` is the region word of labels (``全市`` for 示例市).
    ``units_behind`` are units whose printed 投资完成率 is below the printed
    序时进度, in file order.  ``lagging`` are the projects flagged
    :attr:`ProjectFigures.lagging`, most behind first (file order on a tie).  ``largest`` are the
    ``settings.top_n`` largest projects by total investment (file order on a
    tie).  ``finished`` are the 竣工 projects whose ``completed_month`` is
    recorded and not after the period's end; a 竣工 project without it is
    planned to finish this year and still under construction.
    ``size_counts`` count the projects at or over each of
    ``settings.size_counts`` (smallest first); ``changes`` is what changed
    since ``previous`` (None without one, or when it is not an earlier period
    of the same year); ``visits`` the projects a 观摩 visited (None without).
    """

    year: int
    end_month: int
    scope: str
    settings: Settings
    portfolio: Portfolio
    progress: Progress
    starts: Starts
    bands: tuple[Band, ...]
    comparisons: Comparisons
    units: tuple[UnitFigures, ...]
    rankings: Rankings
    units_behind: tuple[UnitFigures, ...]
    projects: tuple[ProjectFigures, ...]
    lagging: tuple[ProjectFigures, ...]
    largest: tuple[ProjectFigures, ...]
    finished: tuple[ProjectFigures, ...]
    size_counts: tuple[SizeCount, ...] = ()
    changes: Changes | None = None
    visits: VisitFigures | None = None

    def shown(self, value: Decimal) -> Decimal:
        """``value`` (a percentage) as the documents print it: settings.decimals, settings.rounding.

        Verdicts compare printed values, as the reader does (see the module notes).
        """
        quantum = Decimal(1).scaleb(-self.settings.decimals)
        mode = ROUND_HALF_UP if self.settings.rounding == "half_up" else ROUND_HALF_EVEN
        return value.quantize(quantum, rounding=mode)

    def all_figures(self) -> list[Figure]:
        """Every figure computed, once each, in document order (for a 数据核对表)."""
        seen: set[int] = set()
        out: list[Figure] = []
        for fig in self._walk():
            if id(fig) not in seen:
                seen.add(id(fig))
                out.append(fig)
        return out

    def _walk(self) -> Iterator[Figure]:
        p = self.portfolio
        for group in (p.all, p.construction, *p.by_stage.values(), *p.by_level.values()):
            yield from _group_figures(group)
        for group in p.by_category.values():
            yield from _group_figures(group)
        pr = self.progress
        yield from (pr.planned, pr.completed, pr.completion_rate, pr.schedule, pr.schedule_gap)
        yield from (pr.plan, pr.plan_gap)
        yield from _present(pr.target, pr.target_rate, pr.growth_target, pr.growth_gap)
        if pr.double_half is not None:
            d = pr.double_half
            yield from (d.threshold, d.investment, d.investment_gap, d.starts, d.starts_gap)
        s = self.starts
        yield from (
            s.new_year,
            s.new_started_year,
            s.new_due,
            s.new_planned,
            s.new_started,
            s.new_start_rate,
            s.new_start_rate_year,
            s.early_started,
            s.unscheduled,
            s.unscheduled_started,
            s.continuing,
            s.resumed,
            s.resume_rate,
            s.construction,
            s.started,
            s.start_rate,
            s.start_resume_rate,
        )
        yield from _present(s.target, s.target_rate, s.target_gap)
        for band in self.bands:
            yield from _group_figures(band)
        for size in self.size_counts:
            yield from (size.count, size.share)
        for c in (self.comparisons.yoy, self.comparisons.mom):
            yield from (c.completed, c.started, c.projects)
            yield from _present(c.compared)
            yield from _present(c.completion_rate, c.completion_rate_change)
        for u in self.units:
            yield from _group_figures(u)
            yield from _present(
                u.target_investment,
                u.target_rate,
                u.target_new_starts,
                u.new_start_target_rate,
                u.target_gap,
            )
            yield u.yoy
        ch = self.changes
        if ch is not None:
            yield from (ch.completed, ch.completed_share, ch.started_count)
            yield from _present(ch.projects_before)
            yield from (ch.newly_lagging_count, ch.recovered_count)
            yield from (m.moved for m in ch.rank_moves)
        v = self.visits
        if v is not None:
            yield from _group_figures(v.all)
            yield from (v.new_this_year, v.finishing, v.small, v.small_share)
        for pf in self.projects:
            yield pf.completion_rate
            yield pf.schedule_gap


def _group_figures(g: Group) -> Iterator[Figure]:
    yield from (
        g.count,
        g.total,
        g.planned,
        g.completed,
        g.count_share,
        g.total_share,
        g.planned_share,
        g.completed_share,
        g.completion_rate,
        g.schedule_gap,
        g.construction,
        g.started,
        g.start_rate,
        g.new_planned,
        g.new_started,
        g.new_start_rate,
        g.continuing,
        g.resumed,
        g.resume_rate,
    )


def _present(*figs: Figure | None) -> Iterator[Figure]:
    return (f for f in figs if f is not None)


# ---------------------------------------------------------------------------
# Computation


class _Acc:
    """Running sums for one group; one pass over the projects fills them all."""

    __slots__ = (
        "completed",
        "construction",
        "continuing",
        "count",
        "new_due",
        "new_early",
        "new_planned",
        "new_started",
        "new_started_year",
        "new_unscheduled",
        "new_unscheduled_started",
        "new_year",
        "planned",
        "resumed",
        "started",
        "total",
    )

    def __init__(self) -> None:
        self.count = 0
        self.total = _ZERO
        self.planned = _ZERO
        self.completed = _ZERO
        self.construction = 0
        self.started = 0
        self.new_year = 0
        self.new_started_year = 0
        self.new_due = 0
        self.new_early = 0
        self.new_unscheduled = 0
        self.new_unscheduled_started = 0
        self.new_planned = 0
        self.new_started = 0
        self.continuing = 0
        self.resumed = 0


class _Flags:
    """What one project contributes to the counts, decided once."""

    __slots__ = (
        "construction",
        "continuing",
        "new",
        "new_counted",
        "new_due",
        "new_early",
        "new_started",
        "new_started_year",
        "new_unscheduled",
        "resumed",
        "started",
    )

    def __init__(self, p: Project, end_month: int, basis: str) -> None:
        self.construction = p.stage != "前期"
        self.started = self.construction and (p.started or p.stage == "竣工")
        self.new = p.stage == "新开工"
        self.new_started_year = self.new and p.started
        self.new_due = _start_due(p, end_month)
        self.new_counted = self.new and (basis == "year" or self.new_due)
        self.new_started = self.new_counted and p.started
        self.new_unscheduled = self.new and p.planned_start is None
        self.new_early = (
            self.new_started_year and p.planned_start is not None and p.planned_start > end_month
        )
        self.continuing = p.stage == "续建"
        self.resumed = self.continuing and p.started


def _start_due(p: Project, end_month: int) -> bool:
    # No planned month means "some time this year": due only in December.
    planned_start = p.planned_start if p.planned_start is not None else 12
    return p.stage == "新开工" and planned_start <= end_month


def _add(acc: _Acc, p: Project, f: _Flags) -> None:
    acc.count += 1
    acc.total += p.total
    acc.planned += p.planned
    acc.completed += p.completed
    acc.construction += f.construction
    acc.started += f.started
    acc.new_year += f.new
    acc.new_started_year += f.new_started_year
    acc.new_due += f.new_due
    acc.new_early += f.new_early
    acc.new_unscheduled += f.new_unscheduled
    acc.new_unscheduled_started += f.new_unscheduled and p.started
    acc.new_planned += f.new_counted
    acc.new_started += f.new_started
    acc.continuing += f.continuing
    acc.resumed += f.resumed


def _acc_for(accs: dict[str, _Acc], key: str) -> _Acc:
    """The accumulator of ``key``, added in order of first appearance."""
    acc = accs.get(key)
    if acc is None:
        acc = accs[key] = _Acc()
    return acc


class _Ctx:
    """What every group builder needs: labels, the schedule, the totals, the print precision."""

    def __init__(self, report: Report, scope: str, schedule: Ratio, all_acc: _Acc) -> None:
        self.report = report
        self.scope = scope
        self.settings = report.settings
        self.end_month = report.period.end_month
        self.schedule = schedule
        self.all = all_acc
        self.quantum = Decimal(1).scaleb(-self.settings.decimals)
        self.rounding = ROUND_HALF_UP if self.settings.rounding == "half_up" else ROUND_HALF_EVEN
        # A project lags when its printed rate is below this: printed 序时进度
        # minus the threshold (12 months or 365 days, never 0).
        self.lag_limit = self.shown(schedule.value or _ZERO) - self.settings.lag_threshold
        if self.settings.start_rate_basis == "to_date":
            self.new_what = f"截至{self.end_month}月应开工的新开工项目"
        else:
            self.new_what = "全年计划新开工项目"

    def shown(self, value: Decimal) -> Decimal:
        """``value`` as a document prints it (settings.decimals, settings.rounding)."""
        return value.quantize(self.quantum, rounding=self.rounding)

    def below(self, a: Ratio, b: Ratio) -> bool | None:
        """Whether ``a`` prints lower than ``b``; None when either is undefined."""
        va, vb = a.value, b.value
        if va is None or vb is None:
            return None
        return self.shown(va) < self.shown(vb)


class _GroupFields(TypedDict):
    name: str
    count: Quantity
    total: Quantity
    planned: Quantity
    completed: Quantity
    count_share: Ratio
    total_share: Ratio
    planned_share: Ratio
    completed_share: Ratio
    completion_rate: Ratio
    schedule_gap: Gap
    behind_schedule: bool | None
    construction: Quantity
    started: Quantity
    start_rate: Ratio
    new_planned: Quantity
    new_started: Quantity
    new_start_rate: Ratio
    continuing: Quantity
    resumed: Quantity
    resume_rate: Ratio


def _ratio(label: str, formula: str, numerator: Decimal | int, denominator: Decimal | int) -> Ratio:
    return Ratio(label, formula, Decimal(numerator), Decimal(denominator))


def _group_fields(c: _Ctx, name: str, subject: str, sel: str, a: _Acc) -> _GroupFields:
    """The figures of one group; ``subject`` starts labels, ``sel`` names the selection."""
    completion = _ratio(
        f"{subject}投资完成率", "累计完成投资 ÷ 年度计划投资", a.completed, a.planned
    )
    return _GroupFields(
        name=name,
        count=Quantity(f"{subject}个数", a.count, "个", f"{sel}个数"),
        total=Quantity(f"{subject}总投资", a.total, "万元", f"Σ {sel}总投资"),
        planned=Quantity(f"{subject}年度计划投资", a.planned, "万元", f"Σ {sel}年度计划投资"),
        completed=Quantity(f"{subject}累计完成投资", a.completed, "万元", f"Σ {sel}累计完成投资"),
        count_share=_ratio(
            f"{subject}个数占全部项目的比重", "项目个数 ÷ 全部项目个数", a.count, c.all.count
        ),
        total_share=_ratio(
            f"{subject}总投资占全部项目的比重", "总投资 ÷ 全部项目总投资", a.total, c.all.total
        ),
        planned_share=_ratio(
            f"{subject}年度计划投资占全部项目的比重",
            "年度计划投资 ÷ 全部项目年度计划投资",
            a.planned,
            c.all.planned,
        ),
        completed_share=_ratio(
            f"{subject}累计完成投资占全部项目的比重",
            "累计完成投资 ÷ 全部项目累计完成投资",
            a.completed,
            c.all.completed,
        ),
        completion_rate=completion,
        schedule_gap=Gap(
            f"{subject}投资完成率与序时进度之差",
            "投资完成率 − 序时进度",
            completion,
            c.schedule,
        ),
        behind_schedule=c.below(completion, c.schedule),
        construction=Quantity(
            f"{subject}中建设项目个数",
            a.construction,
            "个",
            f"{sel}中阶段为续建、新开工、竣工的个数",
        ),
        started=Quantity(
            f"{subject}中已开工建设项目个数",
            a.started,
            "个",
            f"{sel}中已开工（含竣工）的建设项目个数",
        ),
        start_rate=_ratio(
            f"{subject}开工率",
            "已开工建设项目个数 ÷ 建设项目个数（续建、新开工、竣工，不含前期）",
            a.started,
            a.construction,
        ),
        new_planned=Quantity(
            f"{subject}中{c.new_what}个数", a.new_planned, "个", f"{sel}中{c.new_what}个数"
        ),
        new_started=Quantity(
            f"{subject}中{c.new_what}已开工个数",
            a.new_started,
            "个",
            f"{sel}中{c.new_what}已开工个数",
        ),
        new_start_rate=_ratio(
            f"{subject}新开工率",
            f"已开工的{c.new_what}个数 ÷ {c.new_what}个数",
            a.new_started,
            a.new_planned,
        ),
        continuing=Quantity(f"{subject}中续建项目个数", a.continuing, "个", f"{sel}中续建项目个数"),
        resumed=Quantity(
            f"{subject}中已复工续建项目个数", a.resumed, "个", f"{sel}中已复工续建项目个数"
        ),
        resume_rate=_ratio(
            f"{subject}复工率", "已复工续建项目个数 ÷ 续建项目个数", a.resumed, a.continuing
        ),
    )


def _scope(region: str) -> str:
    # 示例市 → 全市; a name without an administrative suffix stands for itself.
    if region and region[-1] in "省市县区州盟旗":
        return "全" + region[-1]
    return region


def _amount_text(wan: Decimal) -> str:
    """A band bound as label text: 亿元 from 1亿 up, else 万元 (R3.1)."""
    if wan >= 10000:
        return f"{_plain(wan / 10000)}亿元"
    return f"{_plain(wan)}万元"


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _schedule(report: Report) -> Ratio:
    period = report.period
    if report.settings.schedule_basis == "days":
        year = period.year
        last_day = calendar.monthrange(year, period.end_month)[1]
        day = period.as_of or dt.date(year, period.end_month, last_day)
        days = 366 if calendar.isleap(year) else 365
        if day.year < year:
            elapsed = 0
        elif day.year > year:
            elapsed = days
        else:
            elapsed = day.timetuple().tm_yday
        return _ratio("序时进度", f"已过天数（截至{day.isoformat()}）÷ 全年天数", elapsed, days)
    as_of = period.as_of
    end = period.end_month
    last = calendar.monthrange(period.year, end)[1]
    if as_of is not None and (as_of.year, as_of.month) == (period.year, end) and as_of.day < last:
        # Data cut in the middle of the month: that month counts for the part gone.
        return _ratio(
            "序时进度",
            f"已过月数（{end - 1}个整月 + {as_of.day}/{last}个月）÷ 12",
            (end - 1) * last + as_of.day,
            12 * last,
        )
    return _ratio("序时进度", "已过月数 ÷ 12", end, 12)


def _category_subject(scope: str, name: str) -> str:
    return f"{scope}{name}项目" if name.endswith("类") else f"{scope}{name}类项目"


def _finished(p: Project, end_month: int) -> bool:
    """A 竣工 project counts as finished once its completion month is recorded and past."""
    return p.stage == "竣工" and p.completed_month is not None and p.completed_month <= end_month


def _project_figures(c: _Ctx, i: int, p: Project) -> ProjectFigures:
    rate = _ratio(f"{p.name}投资完成率", "累计完成投资 ÷ 年度计划投资", p.completed, p.planned)
    gap = Gap(f"{p.name}投资完成率与序时进度之差", "投资完成率 − 序时进度", rate, c.schedule)
    start_due = _start_due(p, c.end_month) if p.stage == "新开工" else None
    # Only projects under construction can lag in investment: one not yet
    # started is counted as not started (due or not), one finished is done.
    judged = p.started and p.stage != "前期" and not _finished(p, c.end_month)
    lagging = False
    if judged and p.planned > 0:
        v = rate.value
        assert v is not None  # planned > 0
        lagging = c.shown(v) < c.lag_limit
    return ProjectFigures(p, i, rate, gap, start_due, lagging)


class _Base:
    """Another period's totals: any may be unknown."""

    __slots__ = ("completed", "planned", "projects", "started")

    def __init__(
        self,
        completed: Decimal | None,
        started: int | None,
        projects: int | None,
        planned: Decimal | None,
    ) -> None:
        self.completed = completed
        self.started = started
        self.projects = projects
        self.planned = planned


def _report_base(report: Report) -> _Base:
    with localcontext(_CTX):
        completed = sum((p.completed for p in report.projects), _ZERO)
        planned = sum((p.planned for p in report.projects), _ZERO)
    started = sum(
        1 for p in report.projects if p.stage == "竣工" or (p.stage != "前期" and p.started)
    )
    return _Base(completed, started, len(report.projects), planned)


def _inline_base(t: PeriodTotals) -> _Base:
    return _Base(t.completed, t.started, t.projects, t.planned)


def _comparison(
    c: _Ctx,
    all_group: Group,
    kind: Literal["同比", "环比"],
    inline: str | PeriodTotals | None,
    loaded: Report | None,
    current_plan_fallback: bool,
) -> Comparison:
    """同比 or 环比 of completed investment, started and project counts."""
    report = c.report
    base_name = "上年同期" if kind == "同比" else "上期"
    source: Literal["inline", "report", "projects"] | None
    compared: Quantity | None = None
    current_completed = c.all.completed
    completed_note = ""
    if isinstance(inline, PeriodTotals):
        source, base = "inline", _inline_base(inline)
    elif loaded is not None:
        source, base = "report", _report_base(loaded)
    elif kind == "同比" and any(p.last_year is not None for p in report.projects):
        # Like for like: only projects that report last year's figure, both sides.
        source = "projects"
        with localcontext(_CTX):
            pairs = [(p.completed, p.last_year.completed) for p in report.projects if p.last_year]
            current_completed = sum((now for now, _ in pairs), _ZERO)
            base = _Base(sum((then for _, then in pairs), _ZERO), None, None, None)
        completed_note = f"（同口径：填报上年同期数的{len(pairs)}个项目）"
        compared = Quantity(
            f"{c.scope}填报上年同期数的项目个数",
            len(pairs),
            "个",
            "填写了 last_year 的项目个数",
        )
    else:
        source, base = None, _Base(None, None, None, None)

    growth_formula = f"（本期 − {base_name}）÷ {base_name}"
    completed = Growth(
        f"{c.scope}累计完成投资{kind}增长率",
        growth_formula + completed_note,
        current_completed,
        base.completed,
        "万元",
    )
    started = Growth(
        f"{c.scope}已开工建设项目个数{kind}增长率",
        growth_formula,
        c.all.started,
        base.started,
        "个",
    )
    projects = Growth(
        f"{c.scope}重点项目个数{kind}增长率", growth_formula, c.all.count, base.projects, "个"
    )
    plan = base.planned
    if plan is None and current_plan_fallback and base.completed is not None:
        plan = c.all.planned
    rate: Ratio | None = None
    change: Gap | None = None
    if base.completed is not None and plan is not None and source != "projects":
        rate = _ratio(
            f"{base_name}{c.scope}重点项目投资完成率",
            f"{base_name}累计完成投资 ÷ 年度计划投资",
            base.completed,
            plan,
        )
        change = Gap(
            f"{c.scope}投资完成率比{base_name}变化",
            f"本期投资完成率 − {base_name}投资完成率",
            all_group.completion_rate,
            rate,
        )
    return Comparison(
        kind, source, completed, started, projects, rate, change, compared, c.all.count
    )


def _progress(c: _Ctx, g: Group, new_start_rate_year: Ratio, yoy: Growth) -> Progress:
    target = c.report.targets.investment
    growth_target = growth_gap = None
    if c.report.targets.growth is not None:
        growth_target = _ratio(
            f"{c.scope}投资增长目标", "数据文件 targets.growth", c.report.targets.growth, 100
        )
        growth_gap = Gap(
            f"{c.scope}累计完成投资同比增长率与增长目标之差",
            "同比增长率 − 增长目标",
            yoy,
            growth_target,
        )
    target_q = target_rate = None
    if target is not None:
        target_q = Quantity(f"{c.scope}年度投资目标", target, "万元", "数据文件 targets.investment")
        target_rate = _ratio(
            f"{c.scope}年度投资目标完成率",
            "累计完成投资 ÷ 年度投资目标",
            g.completed.value,
            target,
        )
    double_half = None
    if c.end_month == 6:
        half = _ratio("“双过半”目标", "时间过半：6 ÷ 12", 1, 2)
        starts = new_start_rate_year
        double_half = DoubleHalf(
            threshold=half,
            investment=g.completion_rate,
            investment_gap=Gap(
                f"{c.scope}投资完成率与“双过半”目标之差",
                "投资完成率 − 50%",
                g.completion_rate,
                half,
            ),
            investment_met=_not(c.below(g.completion_rate, half)),
            starts=starts,
            starts_gap=Gap(
                f"{c.scope}新开工项目开工率与“双过半”目标之差", "开工率 − 50%", starts, half
            ),
            starts_met=_not(c.below(starts, half)),
        )
    plan = _ratio("年度计划", "全年计划投资 ÷ 全年计划投资", 1, 1)
    return Progress(
        plan=plan,
        plan_gap=Gap(
            f"{c.scope}投资完成率与年度计划之差", "投资完成率 − 100%", g.completion_rate, plan
        ),
        planned=g.planned,
        completed=g.completed,
        completion_rate=g.completion_rate,
        schedule=c.schedule,
        schedule_gap=g.schedule_gap,
        behind_schedule=g.behind_schedule,
        target=target_q,
        target_rate=target_rate,
        double_half=double_half,
        growth_target=growth_target,
        growth_gap=growth_gap,
    )


def _not(b: bool | None) -> bool | None:
    return None if b is None else not b


def _starts(c: _Ctx, g: Group, projects: Sequence[ProjectFigures]) -> Starts:
    a = c.all
    scope = c.scope
    new_year = Quantity(
        f"{scope}全年计划新开工项目个数", a.new_year, "个", "阶段为新开工的项目个数"
    )
    new_started_year = Quantity(
        f"{scope}已开工新开工项目个数", a.new_started_year, "个", "阶段为新开工且已开工的项目个数"
    )
    target = c.report.targets.new_starts
    target_q = target_rate = None
    if target is not None:
        target_q = Quantity(
            f"{scope}新开工项目目标个数", target, "个", "数据文件 targets.new_starts"
        )
        target_rate = _ratio(
            f"{scope}新开工目标完成率",
            "已开工新开工项目个数 ÷ 新开工目标个数",
            a.new_started_year,
            target,
        )
    return Starts(
        basis=c.settings.start_rate_basis,
        new_year=new_year,
        new_started_year=new_started_year,
        new_due=Quantity(
            f"{scope}截至{c.end_month}月应开工新开工项目个数",
            a.new_due,
            "个",
            f"阶段为新开工且计划开工月份≤{c.end_month}的项目个数",
        ),
        new_planned=g.new_planned,
        new_started=g.new_started,
        new_start_rate=g.new_start_rate,
        new_start_rate_year=_ratio(
            f"{scope}新开工率（全年口径）",
            "已开工新开工项目个数 ÷ 全年计划新开工项目个数",
            a.new_started_year,
            a.new_year,
        ),
        early_started=Quantity(
            f"{scope}提前开工新开工项目个数",
            a.new_early,
            "个",
            f"阶段为新开工、已开工且计划开工月份晚于{c.end_month}月的项目个数",
        ),
        unscheduled=Quantity(
            f"{scope}未填计划开工月份的新开工项目个数",
            a.new_unscheduled,
            "个",
            "阶段为新开工且未填计划开工月份的项目个数",
        ),
        unscheduled_started=Quantity(
            f"{scope}未填计划开工月份的已开工新开工项目个数",
            a.new_unscheduled_started,
            "个",
            "阶段为新开工、未填计划开工月份且已开工的项目个数",
        ),
        continuing=g.continuing,
        resumed=g.resumed,
        resume_rate=g.resume_rate,
        all_resumed=a.continuing > 0 and a.resumed == a.continuing,
        construction=g.construction,
        started=g.started,
        start_rate=g.start_rate,
        start_resume_rate=_ratio(
            f"{scope}开复工率",
            f"（已开工的{c.new_what} + 已复工续建项目）÷（{c.new_what} + 续建项目）",
            a.new_started + a.resumed,
            a.new_planned + a.continuing,
        ),
        due_not_started=tuple(pf for pf in projects if pf.start_due and not pf.project.started),
        target=target_q,
        target_rate=target_rate,
        target_gap=None
        if target_rate is None
        else Gap(
            f"{scope}新开工目标完成率与序时进度之差",
            "新开工目标完成率 − 序时进度",
            target_rate,
            c.schedule,
        ),
    )


def _ranking(
    c: _Ctx, label: str, units: Sequence[UnitFigures], rate_of: Callable[[UnitFigures], Ratio]
) -> Ranking:
    ranked: list[tuple[Decimal, UnitFigures, Ratio]] = []
    unranked: list[UnitFigures] = []
    for u in units:
        rate = rate_of(u)
        v = rate.value
        if u.has_projects and v is not None:
            ranked.append((c.shown(v), u, rate))
        else:
            unranked.append(u)
    ranked.sort(key=lambda t: (-t[0], -t[1].completed.value, t[1].index))
    keys = [k for k, _, _ in ranked]
    ties = Counter(keys)
    entries: list[RankEntry] = []
    for pos, (key, u, rate) in enumerate(ranked):
        rank = entries[-1].rank if entries and keys[pos - 1] == key else pos + 1
        entries.append(RankEntry(rank, u, rate, ties[key] > 1))
    n = c.settings.top_n
    top = tuple(e for e in entries if e.rank <= n)
    # Counted from the end, equal rates share a place as well: a unit is in the
    # bottom N when fewer than N units print a lower rate.
    worse: dict[Decimal, int] = {}
    for k in sorted(ties):
        worse[k] = sum(ties[other] for other in worse)
    in_top = {id(e) for e in top}
    bottom = tuple(
        e for e, k in zip(entries, keys, strict=True) if worse[k] < n and id(e) not in in_top
    )
    return Ranking(label, TIE_RULE, tuple(entries), tuple(unranked), top, bottom)


def compute(report: Report) -> Indicators:
    """Every figure of ``report``; pure, one pass over the projects."""
    with localcontext(_CTX):
        return _compute(report)


def _compute(report: Report) -> Indicators:
    settings = report.settings
    end_month = report.period.end_month
    scope = report.document.scope or _scope(report.document.region)
    schedule = _schedule(report)
    thresholds = sorted({t for t in settings.size_bands if t > 0}, reverse=True)

    all_acc, cons_acc = _Acc(), _Acc()
    stage_acc = {s: _Acc() for s in STAGES}
    level_acc = {lv: _Acc() for lv in LEVELS}
    cat_acc = {cat: _Acc() for cat in report.categories}
    units: dict[str, Unit] = {u.name: u for u in report.units}
    unit_acc = {name: _Acc() for name in units}
    band_acc = [_Acc() for _ in range(len(thresholds) + 1)]

    for p in report.projects:
        f = _Flags(p, end_month, settings.start_rate_basis)
        _add(all_acc, p, f)
        if f.construction:
            _add(cons_acc, p, f)
        _add(stage_acc[p.stage], p, f)
        _add(_acc_for(level_acc, p.level or _NO_LEVEL), p, f)
        _add(_acc_for(cat_acc, p.category or _NO_CATEGORY), p, f)
        if p.unit not in units:
            units[p.unit] = Unit(name=p.unit)
            unit_acc[p.unit] = _Acc()
        _add(unit_acc[p.unit], p, f)
        band = next((i for i, t in enumerate(thresholds) if p.total >= t), len(thresholds))
        _add(band_acc[band], p, f)

    c = _Ctx(report, scope, schedule, all_acc)

    def group(name: str, subject: str, sel: str, acc: _Acc) -> Group:
        return Group(**_group_fields(c, name, subject, sel, acc))

    all_group = group("全部", f"{scope}重点项目", "全部项目", all_acc)
    portfolio = Portfolio(
        all=all_group,
        construction=group(
            "建设项目", f"{scope}建设项目", "阶段为续建、新开工、竣工的项目", cons_acc
        ),
        by_stage={
            s: group(s, f"{scope}{s}项目", f"阶段为{s}的项目", a) for s, a in stage_acc.items()
        },
        by_level={
            lv: group(lv, f"{scope}{lv}重点项目", f"级别为{lv}的项目", a)
            for lv, a in level_acc.items()
        },
        by_category={
            cat: group(cat, _category_subject(scope, cat), f"类别为{cat}的项目", a)
            for cat, a in cat_acc.items()
        },
    )

    bands = _bands(c, thresholds, band_acc, f"{scope}总投资")
    projects = tuple(_project_figures(c, i, p) for i, p in enumerate(report.projects))
    yoy = _comparison(c, all_group, "同比", report.last_year, report.last_year_report, False)
    mom = _comparison(c, all_group, "环比", report.previous, report.previous_report, True)
    unit_figs = _unit_figures(c, units, unit_acc)
    starts = _starts(c, all_group, projects)
    by_completion = _ranking(c, "投资完成率排名", unit_figs, lambda u: u.completion_rate)
    units_behind = tuple(u for u in unit_figs if u.behind_schedule)
    lagging = tuple(
        sorted(
            (pf for pf in projects if pf.lagging),
            key=lambda pf: (pf.schedule_gap.value or _ZERO, pf.index),
        )
    )
    finished = tuple(pf for pf in projects if _finished(pf.project, end_month))
    return Indicators(
        year=report.period.year,
        end_month=end_month,
        scope=scope,
        settings=settings,
        portfolio=portfolio,
        progress=_progress(c, all_group, starts.new_start_rate_year, yoy.completed),
        starts=starts,
        bands=bands,
        comparisons=Comparisons(yoy=yoy, mom=mom),
        units=unit_figs,
        rankings=Rankings(
            by_completion=by_completion,
            by_new_start=_ranking(c, "新开工率排名", unit_figs, lambda u: u.new_start_rate),
            by_target=_ranking(
                c,
                "年度投资目标完成率排名",
                [u for u in unit_figs if u.target_rate is not None],
                lambda u: u.target_rate or u.completion_rate,
            ),
        ),
        units_behind=units_behind,
        projects=projects,
        lagging=lagging,
        largest=tuple(sorted(projects, key=lambda pf: (-pf.project.total, pf.index)))[
            : settings.top_n
        ],
        finished=finished,
        size_counts=_size_counts(c),
        changes=_changes(c, projects, unit_figs, by_completion, lagging, finished),
        visits=_visits(c, thresholds, projects),
    )


def _bands(
    c: _Ctx, thresholds: Sequence[Decimal], accs: Sequence[_Acc], what: str
) -> tuple[Band, ...]:
    """Size bands by total investment, largest first; ``what`` starts their labels."""
    bands: list[Band] = []
    for i, acc in enumerate(accs):
        lower = thresholds[i] if i < len(thresholds) else None
        upper = thresholds[i - 1] if i > 0 else None
        if lower is not None and upper is not None:
            text = f"{_amount_text(lower)}～{_amount_text(upper)}"
            sel = f"总投资≥{_plain(lower)}万元且<{_plain(upper)}万元的项目"
        elif lower is not None:
            text = f"{_amount_text(lower)}及以上"
            sel = f"总投资≥{_plain(lower)}万元的项目"
        elif upper is not None:
            text = f"{_amount_text(upper)}以下"
            sel = f"总投资<{_plain(upper)}万元的项目"
        else:
            text, sel = "", "全部项目"
        fields = _group_fields(c, text, f"{what}{text}项目", sel, acc)
        bands.append(Band(**fields, lower=lower, upper=upper))
    return tuple(bands)


def _unit_figures(
    c: _Ctx, units: Mapping[str, Unit], accs: Mapping[str, _Acc]
) -> tuple[UnitFigures, ...]:
    report = c.report
    last_year_units = _last_year_by_unit(report)
    out: list[UnitFigures] = []
    for index, (name, unit) in enumerate(units.items()):
        acc = accs[name]
        fields = _group_fields(c, name, f"{name}重点项目", f"所属单位为{name}的项目", acc)
        t = unit.targets
        target_inv = target_rate = target_ns = ns_rate = target_gap = None
        if t is not None and t.investment is not None:
            target_inv = Quantity(
                f"{name}年度投资目标", t.investment, "万元", "数据文件 units.targets"
            )
            target_rate = _ratio(
                f"{name}年度投资目标完成率",
                "累计完成投资 ÷ 年度投资目标",
                acc.completed,
                t.investment,
            )
            target_gap = Gap(
                f"{name}年度投资目标完成率与序时进度之差",
                "年度投资目标完成率 − 序时进度",
                target_rate,
                c.schedule,
            )
        if t is not None and t.new_starts is not None:
            target_ns = Quantity(
                f"{name}计划新开工项目个数目标", t.new_starts, "个", "数据文件 units.targets"
            )
            ns_rate = _ratio(
                f"{name}新开工目标完成率",
                "已开工新开工项目个数 ÷ 新开工目标个数",
                acc.new_started_year,
                t.new_starts,
            )
        base, note = last_year_units.get(name, (None, ""))
        yoy = Growth(
            f"{name}累计完成投资同比增长率",
            f"（本期 − 上年同期）÷ 上年同期{note}",
            acc.completed,
            base,
            "万元",
        )
        out.append(
            UnitFigures(
                **fields,
                unit=unit,
                index=index,
                target_investment=target_inv,
                target_rate=target_rate,
                target_new_starts=target_ns,
                new_start_target_rate=ns_rate,
                target_gap=target_gap,
                yoy=yoy,
            )
        )
    return tuple(out)


def _last_year_by_unit(report: Report) -> dict[str, tuple[Decimal, str]]:
    """Each unit's completed investment a year before, and where it came from.

    ``units[].last_year`` first, then a ``last_year`` file's projects of the
    unit.  The projects' own ``last_year`` figures are not summed per unit:
    they are a like-for-like base (同口径), said as such for the whole only.
    """
    found: dict[str, tuple[Decimal, str]] = {}
    for u in report.units:
        if u.last_year is not None:
            found[u.name] = (u.last_year.completed, "（上年同期数：units.last_year）")
    before = report.last_year_report
    if before is not None:
        sums: dict[str, Decimal] = {}
        for p in before.projects:
            sums[p.unit] = sums.get(p.unit, _ZERO) + p.completed
        for name, total in sums.items():
            found.setdefault(name, (total, "（上年同期数：上年数据文件中该单位项目合计）"))
    return found


def _size_counts(c: _Ctx) -> tuple[SizeCount, ...]:
    """投资过亿元的项目88个: projects at or over each threshold of settings.size_counts."""
    out: list[SizeCount] = []
    for threshold in sorted({t for t in c.settings.size_counts if t > 0}):
        n = sum(1 for p in c.report.projects if p.total >= threshold)
        text = _amount_text(threshold)
        count = Quantity(
            f"{c.scope}总投资{text}及以上的项目个数",
            n,
            "个",
            f"总投资≥{_plain(threshold)}万元的项目个数",
        )
        share = _ratio(
            f"{c.scope}总投资{text}及以上的项目个数占全部项目的比重",
            "项目个数 ÷ 全部项目个数",
            n,
            c.all.count,
        )
        out.append(SizeCount(threshold, count, share))
    return tuple(out)


def _key(p: Project) -> tuple[str, str]:
    return (p.name, p.unit)


def _span_text(first: int, last: int) -> str:
    return f"{first}月" if first == last else f"{first}—{last}月"


def _changes(
    c: _Ctx,
    projects: Sequence[ProjectFigures],
    units: Sequence[UnitFigures],
    ranking: Ranking,
    lagging: Sequence[ProjectFigures],
    finished: Sequence[ProjectFigures],
) -> Changes | None:
    """What changed since ``previous``: the own investment, the units and projects that moved."""
    report = c.report
    before = report.previous_report
    inline = report.previous if isinstance(report.previous, PeriodTotals) else None
    first: int | None = None
    base_month: int | None = None
    count_before: int | None
    if before is not None:
        if before.period.year != report.period.year or before.period.end_month >= c.end_month:
            return None
        base_month = before.period.end_month
        first = base_month + 1
        with localcontext(_CTX):
            then = sum((p.completed for p in before.projects), _ZERO)
        span = _span_text(first, c.end_month)
        base_name = f"1—{base_month}月" if base_month > 1 else "1月"
        count_before = len(before.projects)
    elif inline is not None and inline.completed is not None:
        then = inline.completed
        span, base_name = "本期", "上期"
        count_before = inline.projects
        if inline.month is not None and inline.month < c.end_month:
            base_month, first = inline.month, inline.month + 1
            span = _span_text(first, c.end_month)
            base_name = f"1—{base_month}月" if base_month > 1 else "1月"
    else:
        return None
    with localcontext(_CTX):
        own = c.all.completed - then
    completed = Quantity(
        f"{c.scope}重点项目{span}完成投资",
        own,
        "万元",
        f"截至本期累计完成投资 − 截至{base_name}累计完成投资",
    )
    share = _ratio(
        f"{c.scope}重点项目{span}完成投资占年度计划的比重",
        f"{span}完成投资 ÷ 年度计划投资",
        own,
        c.all.planned,
    )
    moves: list[RankMove] = []
    caught_up: list[UnitFigures] = []
    fell_behind: list[UnitFigures] = []
    started: list[ProjectFigures] = []
    done: list[ProjectFigures] = []
    newly: list[ProjectFigures] = []
    recovered: list[ProjectFigures] = []
    added: list[ProjectFigures] = []
    if before is not None:
        prev = _compute(before)
        was_rank = {e.unit.name: e.rank for e in prev.rankings.by_completion.entries}
        for e in ranking.entries:
            rank = was_rank.get(e.unit.name)
            if rank is not None and rank != e.rank:
                moved = Quantity(
                    f"{e.unit.name}投资完成率排名{'前移' if rank > e.rank else '后退'}位次",
                    abs(rank - e.rank),
                    "个",
                    f"{base_name}名次（第{rank}位）与本期名次（第{e.rank}位）之差",
                )
                moves.append(RankMove(e.unit, rank, e.rank, moved))
        moves.sort(key=lambda m: (-abs(m.steps), -m.steps, m.now))
        was_behind = {u.unit.name: u.behind_schedule for u in prev.units}
        for u in units:
            then_behind = was_behind.get(u.name)
            if then_behind is None or u.behind_schedule is None:
                continue
            if then_behind and not u.behind_schedule:
                caught_up.append(u)
            elif u.behind_schedule and not then_behind:
                fell_behind.append(u)
        was = {_key(pf.project): pf for pf in prev.projects}
        was_lagging = {_key(pf.project) for pf in prev.lagging}
        was_finished = {_key(pf.project) for pf in prev.finished}
        is_lagging = {_key(pf.project) for pf in lagging}
        for pf in projects:
            key = _key(pf.project)
            old = was.get(key)
            if old is None:
                added.append(pf)
                continue
            p = pf.project
            if p.stage != "前期" and p.started and not old.project.started:
                started.append(pf)
            # A project that has just started was not under way before: it
            # cannot have "become" a laggard, only started late.
            fresh = p.stage != "前期" and p.started and not old.project.started
            if key in is_lagging and key not in was_lagging and not fresh:
                newly.append(pf)
            elif key in was_lagging and key not in is_lagging:
                recovered.append(pf)
        done = [pf for pf in finished if _key(pf.project) not in was_finished]
        newly.sort(key=lambda pf: (pf.schedule_gap.value or _ZERO, pf.index))
    return Changes(
        first_month=first,
        last_month=c.end_month if first is not None else None,
        base_month=base_month,
        completed=completed,
        completed_share=share,
        projects_before=None
        if count_before is None
        else Quantity(
            f"{base_name}{c.scope}重点项目个数",
            count_before,
            "个",
            "上期数据文件的项目个数" if before is not None else "数据文件 previous.projects",
        ),
        detailed=before is not None,
        rank_moves=tuple(moves),
        caught_up=tuple(caught_up),
        fell_behind=tuple(fell_behind),
        started=tuple(started),
        started_count=_count(
            f"{c.scope}{span}开工（复工）项目个数",
            started,
            f"截至{base_name}未开工、本期已开工（复工）的建设项目个数",
        ),
        finished=tuple(done),
        newly_lagging=tuple(newly),
        newly_lagging_count=_count(
            f"{c.scope}{span}新增投资进度滞后项目个数",
            newly,
            f"本期滞后、{base_name}不滞后的项目个数",
        ),
        recovered=tuple(recovered),
        recovered_count=_count(
            f"{c.scope}{span}摆脱滞后的项目个数",
            recovered,
            f"{base_name}滞后、本期不再滞后的项目个数",
        ),
        added=tuple(added),
    )


def _count(label: str, items: Sequence[object], formula: str) -> Quantity:
    return Quantity(label, len(items), "个", formula)


def _visits(
    c: _Ctx, thresholds: Sequence[Decimal], projects: Sequence[ProjectFigures]
) -> VisitFigures | None:
    """The visited projects' own figures, in visit order; None without visits."""
    meeting = c.report.meeting
    if meeting is None or not meeting.visits:
        return None
    by_name: dict[str, ProjectFigures] = {}
    for pf in projects:
        by_name.setdefault(pf.project.name, pf)
    seen: set[int] = set()
    chosen: list[ProjectFigures] = []
    scores: dict[int, Decimal] = {}
    for visit in meeting.visits:
        found = by_name.get(visit.project)
        if found is None or found.index in seen:
            continue
        seen.add(found.index)
        chosen.append(found)
        if visit.score is not None:
            scores[found.index] = visit.score
    acc = _Acc()
    band_acc = [_Acc() for _ in range(len(thresholds) + 1)]
    cat_acc: dict[str, _Acc] = {cat: _Acc() for cat in c.report.categories}
    for pf in chosen:
        p = pf.project
        f = _Flags(p, c.end_month, c.settings.start_rate_basis)
        _add(acc, p, f)
        band = next((i for i, t in enumerate(thresholds) if p.total >= t), len(thresholds))
        _add(band_acc[band], p, f)
        _add(_acc_for(cat_acc, p.category or _NO_CATEGORY), p, f)
    # Shares within the visited set, not of the whole portfolio.
    vc = _Ctx(c.report, c.scope, c.schedule, acc)
    what = "观摩项目"
    group = Group(**_group_fields(vc, "观摩项目", f"{c.scope}{what}", "观摩的项目", acc))
    small_n = sum(1 for pf in chosen if pf.project.total < 10000)
    return VisitFigures(
        projects=tuple(chosen),
        all=group,
        bands=_bands(vc, thresholds, band_acc, f"{what}中总投资"),
        by_category={
            cat: Group(
                **_group_fields(vc, cat, f"{what}中{cat}类项目", f"类别为{cat}的观摩项目", a)
            )
            for cat, a in cat_acc.items()
        },
        new_this_year=Quantity(
            f"{what}中新开工项目个数", acc.new_year, "个", "阶段为新开工的观摩项目个数"
        ),
        finishing=Quantity(
            f"{what}中本年计划竣工项目个数",
            sum(1 for pf in chosen if pf.project.stage == "竣工"),
            "个",
            "阶段为竣工（本年计划竣工）的观摩项目个数",
        ),
        small=Quantity(
            f"{what}中总投资1亿元以下的项目个数", small_n, "个", "总投资<10000万元的观摩项目个数"
        ),
        small_share=_ratio(
            f"{what}中总投资1亿元以下的项目个数占比",
            "总投资1亿元以下的观摩项目个数 ÷ 观摩项目个数",
            small_n,
            len(chosen),
        ),
        scored=tuple(
            (pf, scores[pf.index])
            for pf in sorted(
                (pf for pf in chosen if pf.index in scores),
                key=lambda pf: (-scores[pf.index], chosen.index(pf)),
            )
        ),
    )
