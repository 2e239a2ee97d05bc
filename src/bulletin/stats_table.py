"""The ``bulletin stats`` view: every indicator as plain-text tables aligned for CJK terminals.

Rounding is the report's own (``settings.decimals`` for percentages,
``settings.rounding``), done here at display and nowhere else; amounts are in
万元 with two decimals.  An undefined rate prints as ``—``, and gaps in
个百分点 are the differences of the printed rates (R4.4).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from bulletin.indicators import Gap, Group, Growth, Indicators, ProjectFigures, Ranking, Ratio

__all__ = ["Section", "display_width", "render_stats", "stats_sections"]

_NONE = "—"
_CENT = Decimal("0.01")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: 2 for wide and full-width characters, else 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], left: int = 1) -> list[str]:
    """Lines of an aligned table; the first ``left`` columns are text, the rest numbers."""
    body = [list(r) for r in rows]
    widths = [display_width(h) for h in headers]
    for row in body:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [_pad(c, w, i >= left) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(headers), rule, *(line(r) for r in body)]


class _Fmt:
    """Display rounding of one report."""

    def __init__(self, ind: Indicators) -> None:
        self.quantum = Decimal(1).scaleb(-ind.settings.decimals)
        self.mode = ROUND_HALF_UP if ind.settings.rounding == "half_up" else ROUND_HALF_EVEN

    def shown(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.mode)

    def pct(self, r: Ratio | Growth | None) -> str:
        v = None if r is None else r.value
        return _NONE if v is None else f"{self.shown(v)}%"

    def pp(self, g: Gap | None) -> str:
        """The gap of the printed rates, signed, in 个百分点."""
        if g is None:
            return _NONE
        a, b = g.minuend.value, g.subtrahend.value
        if a is None or b is None:
            return _NONE
        d = self.shown(a) - self.shown(b)
        return f"+{d}" if d > 0 else str(d)

    @staticmethod
    def amount(value: Decimal | int | None) -> str:
        if value is None:
            return _NONE
        return str(Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP))

    def fraction(self, r: Ratio) -> str:
        return f"{self.pct(r)}（{_int(r.numerator)}/{_int(r.denominator)}）"


def _int(d: Decimal) -> str:
    """A numerator or denominator as written: 20, not 2E+1; decimals kept."""
    return format(d.normalize(), "f")


def _yes(flag: bool | None) -> str:
    return _NONE if flag is None else ("是" if flag else "否")


def _group_rows(f: _Fmt, label: str, groups: Iterable[Group]) -> list[list[str]]:
    return [
        [
            f"{label}{g.name}" if label else g.name,
            str(g.count.value),
            f.pct(g.count_share),
            f.amount(g.total.value),
            f.pct(g.total_share),
            f.amount(g.planned.value),
            f.amount(g.completed.value),
            f.pct(g.completion_rate),
        ]
        for g in groups
    ]


def _ranks(ranking: Ranking) -> dict[int, str]:
    """Rank text by unit index; a shared rank says so."""
    return {e.unit.index: f"{e.rank}{'（并列）' if e.tied else ''}" for e in ranking.entries}


def _project_rows(f: _Fmt, items: Iterable[ProjectFigures]) -> list[list[str]]:
    return [
        [
            pf.project.name,
            pf.project.unit,
            pf.project.stage,
            f.amount(pf.project.total),
            f.pct(pf.completion_rate),
            f.pp(pf.schedule_gap),
        ]
        for pf in items
    ]


@dataclass(frozen=True, slots=True)
class Section:
    """One table of the stats: a title, headers, rows as printed; ``left`` text columns."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    left: int = 1
    note: str = ""
    #: The first column of figures, where it is not ``left``: a 指标/数值 table's values
    #: are printed flush left (words and figures mix there), but a sheet keeps its
    #: figures as numbers.
    figures: int | None = None

    @property
    def first_figure(self) -> int:
        """The first column whose cells may be figures."""
        return self.left if self.figures is None else self.figures


def stats_sections(ind: Indicators) -> tuple[str, list[Section]]:
    """The stats' heading and its tables, the figures as ``bulletin stats`` prints them."""
    sections: list[Section] = []

    def add(
        title: str,
        headers: list[str],
        rows: list[list[str]],
        left: int = 1,
        figures: int | None = None,
    ) -> None:
        sections.append(Section(title, headers, rows, left, figures=figures))

    f = _Fmt(ind)
    period = f"{ind.year}年1月" if ind.end_month == 1 else f"{ind.year}年1—{ind.end_month}月"
    heading = f"{ind.scope}重点项目统计（{period}，金额单位：万元）"

    p = ind.portfolio
    rows = _group_rows(f, "", [p.all, p.construction])
    rows += _group_rows(f, "阶段：", p.by_stage.values())
    rows += _group_rows(f, "级别：", p.by_level.values())
    rows += _group_rows(f, "类别：", p.by_category.values())
    rows += _group_rows(f, "规模：", ind.bands)
    add(
        "项目盘子",
        ["分组", "个数", "个数占比", "总投资", "投资占比", "年度计划", "累计完成", "完成率"],
        rows,
    )

    pr = ind.progress
    rows = [
        ["投资完成率", f.fraction(pr.completion_rate)],
        ["序时进度", f.fraction(pr.schedule)],
        ["较序时进度（个百分点）", f.pp(pr.schedule_gap)],
        ["落后序时进度", _yes(pr.behind_schedule)],
    ]
    if pr.target is not None:
        rows.append(["年度投资目标", f.amount(pr.target.value)])
        rows.append(["目标完成率", f.pct(pr.target_rate)])
    if pr.double_half is not None:
        dh = pr.double_half
        rows.append(["“双过半”（投资）", f"{_yes(dh.investment_met)}，{f.pp(dh.investment_gap)}"])
        rows.append(["“双过半”（新开工）", f"{_yes(dh.starts_met)}，{f.pp(dh.starts_gap)}"])
    add("投资进度", ["指标", "数值"], rows, 2, figures=1)

    s = ind.starts
    basis = "截至本期应开工" if s.basis == "to_date" else "全年计划"
    rows = [
        [f"新开工率（{basis}）", f.fraction(s.new_start_rate)],
        ["新开工率（全年口径）", f.fraction(s.new_start_rate_year)],
        ["提前开工新开工项目", str(s.early_started.value)],
        ["复工率（续建）", f.fraction(s.resume_rate)],
        ["开工率（建设项目）", f.fraction(s.start_rate)],
        ["开复工率", f.fraction(s.start_resume_rate)],
    ]
    if s.target_rate is not None:
        rows.append(["新开工目标完成率", f.fraction(s.target_rate)])
    add("开工情况", ["指标", "数值"], rows, 2, figures=1)

    rows = []
    for c in (ind.comparisons.yoy, ind.comparisons.mom):
        if not c.available:
            rows.append([c.kind, "无基期数据", _NONE, _NONE, _NONE])
            continue
        rows.append(
            [
                c.kind,
                f"累计完成投资 {f.amount(c.completed.base)}",
                f.pct(c.completed),
                f"已开工 {c.started.base if c.started.base is not None else _NONE}",
                f.pct(c.started),
            ]
        )
        if c.completion_rate is not None:
            rows.append(
                [
                    c.kind,
                    "基期投资完成率",
                    f.pct(c.completion_rate),
                    "变化",
                    f.pp(c.completion_rate_change),
                ]
            )
    add("同比、环比", ["比较", "基期", "增长", "基期", "增长"], rows, 2)

    by_completion = _ranks(ind.rankings.by_completion)
    by_new = _ranks(ind.rankings.by_new_start)
    rows = [
        [
            u.name,
            str(u.count.value),
            f.amount(u.total.value),
            f.amount(u.planned.value),
            f.amount(u.completed.value),
            f.pct(u.completion_rate),
            f.pp(u.schedule_gap),
            by_completion.get(u.index, _NONE),
            f.pct(u.new_start_rate),
            by_new.get(u.index, _NONE),
            f.pct(u.target_rate),
        ]
        for u in ind.units
    ]
    add(
        "各单位",
        [
            "单位",
            "个数",
            "总投资",
            "年度计划",
            "累计完成",
            "完成率",
            "较序时",
            "排名",
            "新开工率",
            "排名",
            "目标完成率",
        ],
        rows,
    )
    behind = "、".join(u.name for u in ind.units_behind) or "无"
    last = sections[-1]
    sections[-1] = Section(
        last.title, last.headers, last.rows, last.left, f"落后序时进度的单位：{behind}"
    )

    project_headers = ["项目", "单位", "阶段", "总投资", "完成率", "较序时"]
    named: list[tuple[str, Sequence[ProjectFigures]]] = [
        (f"滞后项目（低于序时进度超过{ind.settings.lag_threshold}个百分点）", ind.lagging),
        ("总投资最大的项目", ind.largest),
        ("本期竣工项目", ind.finished),
    ]
    for title, items in named:
        add(title, project_headers, _project_rows(f, items), 3)
    rows = []
    if s.due_not_started:
        rows = [
            [
                pf.project.name,
                pf.project.unit,
                f"{pf.project.planned_start}月" if pf.project.planned_start else _NONE,
                "；".join(pf.project.problems) or _NONE,
            ]
            for pf in s.due_not_started
        ]
    add("应开工未开工项目", ["项目", "单位", "计划开工", "存在问题"], rows, 4)
    return heading, sections


def render_stats(ind: Indicators) -> str:
    """Every indicator of ``ind`` as plain-text sections and tables, ending in a newline."""
    heading, sections = stats_sections(ind)
    out = [heading]
    for section in sections:
        out += ["", f"【{section.title}】"]
        out += _table(section.headers, section.rows, section.left) if section.rows else ["无"]
        if section.note:
            out.append(section.note)
    return "\n".join(out) + "\n"
