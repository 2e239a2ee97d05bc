"""The figures the seeds state and what changed since the last period, each computed by hand."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from bulletin.indicators import Indicators, compute
from bulletin.model import Report

CTX = {"amount_unit": "万元"}


def _p(
    unit: str = "东城区",
    stage: str = "续建",
    planned: int = 1000,
    completed: int | str = 500,
    started: bool = True,
    total: int = 20000,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "unit": unit,
        "stage": stage,
        "total": total,
        "planned": planned,
        "completed": completed,
        "started": started,
        **extra,
    }


def _report(projects: list[dict[str, Any]], month: int = 6, **top: Any) -> Report:
    """1—``month``月 2025 of 示例市; projects are named 项目0, 项目1, … in order."""
    projects = copy.deepcopy(projects)
    for i, p in enumerate(projects):
        p.setdefault("name", f"项目{i}")
    units = list(dict.fromkeys(p["unit"] for p in projects))
    data: dict[str, Any] = {
        "document": {"region": "示例市", "issuer": "示例市重点项目建设领导小组办公室"},
        "period": {"year": 2025, "month": month},
        "units": top.pop("units", units),
        "projects": projects,
    }
    data.update(top)
    return Report.model_validate(data, context=CTX)


def _ind(report: Report) -> Indicators:
    return compute(report)


def _pct(value: Decimal | None) -> Decimal:
    assert value is not None
    return value.quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------
# What the seeds state


def test_size_counts_are_cumulative() -> None:
    """过亿元 counts every project of 1亿 and more, 过10亿元 those of 10亿 and more: 4, 2 of 5."""
    totals = [5000, 10000, 99999, 100000, 250000]
    ind = _ind(_report([_p(total=t) for t in totals]))
    over = {sc.threshold: sc for sc in ind.size_counts}
    assert over[Decimal(10000)].count.value == 4  # 10000, 99999, 100000, 250000
    assert over[Decimal(100000)].count.value == 2  # 100000, 250000
    assert _pct(over[Decimal(10000)].share.value) == Decimal("80.00")  # 4 ÷ 5
    assert _pct(over[Decimal(100000)].share.value) == Decimal("40.00")  # 2 ÷ 5
    assert over[Decimal(10000)].count.label == "全市总投资1亿元及以上的项目个数"


def test_size_counts_follow_the_setting() -> None:
    """settings.size_counts chooses the thresholds: 5亿元 and over is 2 of the five."""
    totals = [5000, 10000, 99999, 100000, 250000]
    ind = _ind(_report([_p(total=t) for t in totals], settings={"size_counts": ["5亿元"]}))
    assert [(sc.threshold, sc.count.value) for sc in ind.size_counts] == [(Decimal(50000), 3)]


def test_preliminary_share_of_all_projects() -> None:
    """3 前期 projects of 8 are 37.5% of the portfolio."""
    projects = [_p(stage="前期", started=False, completed=0) for _ in range(3)]
    projects += [_p() for _ in range(5)]
    pre = _ind(_report(projects)).portfolio.by_stage["前期"]
    assert (pre.count.value, _pct(pre.count_share.value)) == (3, Decimal("37.50"))


def test_growth_against_the_growth_target() -> None:
    """同比 (1225 − 1000) ÷ 1000 = 22.5% against a target of 20%: 2.5 个百分点 above."""
    ind = _ind(
        _report(
            [_p(planned=3000, completed=1225)],
            last_year={"completed": 1000},
            targets={"growth": 20},
        )
    )
    pr = ind.progress
    assert pr.growth_target is not None and pr.growth_gap is not None
    assert _pct(pr.growth_target.value) == Decimal("20.00")
    assert _pct(ind.comparisons.yoy.completed.value) == Decimal("22.50")
    assert _pct(pr.growth_gap.value) == Decimal("2.50")
    assert pr.growth_gap.label == "全市累计完成投资同比增长率与增长目标之差"


def test_no_growth_target_no_gap() -> None:
    """Without targets.growth there is nothing to compare with."""
    pr = _ind(_report([_p()], last_year={"completed": 400})).progress
    assert pr.growth_target is None and pr.growth_gap is None


def test_new_starts_against_their_target_and_time() -> None:
    """3 of a target of 5 new starts is 60.0%, 10 个百分点 ahead of 序时进度 50.0% in June."""
    projects = [_p(stage="新开工", planned_start=3, started=i < 3) for i in range(4)]
    st = _ind(_report(projects, targets={"new_starts": 5})).starts
    assert st.target_rate is not None and st.target_gap is not None
    assert _pct(st.target_rate.value) == Decimal("60.00")
    assert _pct(st.target_gap.value) == Decimal("10.00")


def test_units_against_their_own_targets() -> None:
    """东城区 has done 700 of its 2000 target (35.0%), 15 个百分点 behind 序时进度 50.0%."""
    units = [{"name": "东城区", "targets": {"investment": 2000}}, "西城区"]
    report = _report([_p(completed=700), _p("西城区")], units=units)
    east, west = _ind(report).units
    assert east.target_rate is not None and east.target_gap is not None
    assert _pct(east.target_rate.value) == Decimal("35.00")
    assert _pct(east.target_gap.value) == Decimal("-15.00")
    assert west.target_gap is None


def test_units_ranked_by_their_targets() -> None:
    """Only units with a target are ranked by it, highest completion of it first."""
    units = [
        {"name": "东城区", "targets": {"investment": 2000}},
        {"name": "西城区", "targets": {"investment": 1000}},
        "南湖区",
    ]
    projects = [_p(completed=700), _p("西城区", completed=600), _p("南湖区", completed=900)]
    ranking = _ind(_report(projects, units=units)).rankings.by_target
    assert [(e.unit.name, _pct(e.rate.value)) for e in ranking.entries] == [
        ("西城区", Decimal("60.00")),
        ("东城区", Decimal("35.00")),
    ]


def test_unit_growth_from_the_units_own_figure() -> None:
    """东城区 700 against 500 a year before: 同比 40.0%; a unit without a figure has none."""
    units = [{"name": "东城区", "last_year": {"completed": 500}}, "西城区"]
    east, west = _ind(_report([_p(completed=700), _p("西城区")], units=units)).units
    assert _pct(east.yoy.value) == Decimal("40.00")
    assert east.yoy.label == "东城区累计完成投资同比增长率"
    assert not west.yoy.defined


def test_unit_growth_from_a_last_year_file() -> None:
    """With a last-year report, each unit's base is its projects there: (900 − 600) ÷ 600 = 50%."""
    before = _report([_p(completed=400), _p(completed=200), _p("西城区", completed=300)])
    now = _report([_p(completed=500), _p(completed=400), _p("西城区", completed=300)])
    east, west = _ind(now.model_copy(update={"last_year_report": before})).units
    assert _pct(east.yoy.value) == Decimal("50.00")
    assert _pct(west.yoy.value) == Decimal("0.00")


def test_projects_own_last_year_is_no_unit_base() -> None:
    """Projects' own last-year figures are a like-for-like base for the whole, not a unit's."""
    east = _ind(_report([_p(last_year={"completed": 100})])).units[0]
    assert not east.yoy.defined


def test_start_rate_by_level() -> None:
    """省级: 2 建设项目, 1 started = 50.0%; 市级: 1 of 1 = 100.0%; 前期 left out."""
    projects = [
        _p(level="省级"),
        _p(level="省级", stage="新开工", started=False, planned_start=9, completed=0),
        _p(level="省级", stage="前期", started=False, completed=0),
        _p(level="市级"),
    ]
    levels = _ind(_report(projects)).portfolio.by_level
    assert _pct(levels["省级"].start_rate.value) == Decimal("50.00")
    assert _pct(levels["市级"].start_rate.value) == Decimal("100.00")
    assert not levels["县级"].start_rate.defined


def test_shares_by_category_of_plan_and_of_completion() -> None:
    """甲 plans 1000 of 4000 (25.0%), does 300 of 1200 (25.0%); 乙 3000 (75.0%), 900 (75.0%)."""
    projects = [
        _p(category="甲", planned=1000, completed=300),
        _p(category="乙", planned=1000, completed=100),
        _p(category="乙", planned=2000, completed=800),
    ]
    cats = _ind(_report(projects, categories=["甲", "乙"])).portfolio.by_category
    assert _pct(cats["甲"].planned_share.value) == Decimal("25.00")
    assert _pct(cats["乙"].planned_share.value) == Decimal("75.00")
    assert _pct(cats["甲"].completed_share.value) == Decimal("25.00")  # 300 ÷ 1200
    assert _pct(cats["乙"].completed_share.value) == Decimal("75.00")  # 900 ÷ 1200


def test_number_of_projects_against_the_previous_period() -> None:
    """3 projects before, 5 now: +2 (增至5个), and the count before is a figure."""
    report = _report(
        [_p() for _ in range(5)], previous={"month": 5, "projects": 3, "completed": 1000}
    )
    ind = _ind(report)
    assert ind.comparisons.mom.projects.change == 2
    assert ind.changes is not None and ind.changes.projects_before is not None
    assert ind.changes.projects_before.value == 3


def test_schedule_counts_a_mid_month_cut_for_the_part_gone() -> None:
    """Months basis, as_of 15 September: (8 + 15/30) ÷ 12 = 70.83%, not the whole 9 months."""
    report = _report([_p()], period={"year": 2025, "month": 9, "as_of": "2025-09-15"})
    schedule = _ind(report).progress.schedule
    assert _pct(schedule.value) == Decimal("70.83")
    assert "8个整月 + 15/30个月" in schedule.formula


def test_schedule_at_the_months_end_is_whole_months() -> None:
    """as_of on the last day of the month: 9 ÷ 12 = 75.00%."""
    report = _report([_p()], period={"year": 2025, "month": 9, "as_of": "2025-09-30"})
    assert _pct(_ind(report).progress.schedule.value) == Decimal("75.00")


# ---------------------------------------------------------------------------
# What changed since the previous period


def _june_after_may(
    before: list[dict[str, Any]], now: list[dict[str, Any]], **top: Any
) -> Indicators:
    may = _report(before, month=5, **top)
    june = _report(now, **top)
    return _ind(june.model_copy(update={"previous_report": may}))


def test_the_periods_own_investment_and_its_share_of_the_plan() -> None:
    """900 now, 600 at the end of May: June's own 300 is 15.0% of the 2000 plan."""
    ch = _june_after_may(
        [_p(completed=400), _p(completed=200)], [_p(completed=500), _p(completed=400)]
    ).changes
    assert ch is not None
    assert (ch.first_month, ch.last_month, ch.base_month) == (6, 6, 5)
    assert ch.completed.value == 300
    assert _pct(ch.completed_share.value) == Decimal("15.00")
    assert ch.completed.label == "全市重点项目6月完成投资"


def test_a_quarter_after_a_quarter_spans_its_three_months() -> None:
    """上半年 after 一季度: the span is 4—6月."""
    q1 = _report([_p(completed=200)], period={"year": 2025, "quarter": 1})
    h1 = _report([_p(completed=500)], period={"year": 2025, "half": 1})
    ch = _ind(h1.model_copy(update={"previous_report": q1})).changes
    assert ch is not None and (ch.first_month, ch.last_month) == (4, 6)
    assert ch.completed.value == 300


def test_inline_previous_figures_give_the_own_investment_only() -> None:
    """Inline totals with a month: June's own investment, but no unit or project changes."""
    ch = _ind(_report([_p(completed=500)], previous={"month": 5, "completed": 350})).changes
    assert ch is not None and not ch.detailed
    assert (ch.first_month, ch.completed.value) == (6, 150)
    assert ch.rank_moves == () and ch.started == ()


def test_no_changes_without_an_earlier_period_of_the_year() -> None:
    """No previous, or a previous of last year, gives no changes."""
    assert _ind(_report([_p()])).changes is None
    december = _report([_p()], period={"year": 2024, "month": 12})
    january = _report([_p()], month=1).model_copy(update={"previous_report": december})
    assert _ind(january).changes is None


def test_rank_moves_with_their_places() -> None:
    """May: 东城区 1st, 西城区 2nd, 南湖区 3rd; June: 南湖区 1st (+2), 东城区 3rd (−2)."""
    may = [_p(completed=400), _p("西城区", completed=350), _p("南湖区", completed=300)]
    june = [_p(completed=500), _p("西城区", completed=510), _p("南湖区", completed=520)]
    ch = _june_after_may(may, june).changes
    assert ch is not None
    moves = {m.unit.name: (m.before, m.now, m.steps, m.moved.value) for m in ch.rank_moves}
    assert moves == {"南湖区": (3, 1, 2, 2), "东城区": (1, 3, -2, 2)}
    assert [m.unit.name for m in ch.rank_moves] == [
        "南湖区",
        "东城区",
    ]  # more places first, up first


def test_units_crossing_the_schedule_either_way() -> None:
    """序时进度 41.7% in May, 50.0% in June: 东城区 40.0% → 50.0% is up, 西城区 42.0% → 49.9%."""
    may = [_p(completed=400), _p("西城区", completed=420)]
    june = [_p(completed=500), _p("西城区", completed=499)]
    ch = _june_after_may(may, june).changes
    assert ch is not None
    assert [u.name for u in ch.caught_up] == ["东城区"]
    assert [u.name for u in ch.fell_behind] == ["西城区"]


def test_projects_started_finished_and_added_since() -> None:
    """项目0 starts in June, 项目1 is finished in June, 项目2 is new to the ledger."""
    may = [
        _p(stage="新开工", started=False, completed=0, planned_start=6),
        _p(stage="竣工", completed=800),
    ]
    june = [*may, _p("西城区")]
    june[0] = {**may[0], "started": True, "start_month": 6, "completed": 100}
    june[1] = {**may[1], "completed": 1000, "completed_month": 6}
    ch = _june_after_may(may, june, units=["东城区", "西城区"]).changes
    assert ch is not None
    assert [pf.project.name for pf in ch.started] == ["项目0"]
    assert ch.started_count.value == 1
    assert [pf.project.name for pf in ch.finished] == ["项目1"]
    assert [pf.project.name for pf in ch.added] == ["项目2"]


def test_projects_newly_lagging_and_recovered() -> None:
    """Lag limit: May 41.7 − 10 = 31.7%, June 50.0 − 10 = 40.0%.

    项目0: 35.0% (fine) → 39.9% (lagging): newly lagging.  项目1: 30.0% (lagging) → 45.0%:
    recovered.  项目2: not started in May, 10.0% in June: lagging, but only just started.
    """
    may = [
        _p(completed=350),
        _p(completed=300),
        _p(stage="新开工", started=False, completed=0, planned_start=6),
    ]
    june = [
        _p(completed=399),
        _p(completed=450),
        _p(stage="新开工", started=True, start_month=6, completed=100, planned_start=6),
    ]
    ch = _june_after_may(may, june).changes
    assert ch is not None
    assert [pf.project.name for pf in ch.newly_lagging] == ["项目0"]
    assert [pf.project.name for pf in ch.recovered] == ["项目1"]
    assert (ch.newly_lagging_count.value, ch.recovered_count.value) == (1, 1)


# ---------------------------------------------------------------------------
# The projects a 观摩 visited


def _visited(
    projects: list[dict[str, Any]], visits: list[dict[str, Any]], **top: Any
) -> Indicators:
    meeting = {
        "name": "观摩推进会",
        "kind": "观摩推进会",
        "date": "2025-07-10",
        "speaker": "书记 甲",
        "visits": visits,
    }
    return _ind(_report(projects, meeting=meeting, **top))


def test_visited_projects_as_a_portfolio_of_their_own() -> None:
    """Three of four projects visited: totals 5000 + 8000 + 150000; 2 of 3 under 1亿 = 66.7%."""
    projects = [
        _p(total=5000, stage="新开工", planned_start=3),
        _p(total=8000, stage="竣工"),
        _p(total=150000),
        _p(total=30000),
    ]
    v = _visited(
        projects, [{"project": "项目0"}, {"project": "项目1"}, {"project": "项目2"}]
    ).visits
    assert v is not None
    assert [pf.project.name for pf in v.projects] == ["项目0", "项目1", "项目2"]
    assert (v.all.count.value, v.all.total.value) == (3, 163000)
    assert (v.small.value, _pct(v.small_share.value)) == (2, Decimal("66.67"))
    assert (v.new_this_year.value, v.finishing.value) == (1, 1)
    assert [b.count.value for b in v.bands] == [1, 0, 0, 2]  # 10亿+, 5亿–10亿, 1亿–5亿, <1亿


def test_visits_are_ranked_by_score_and_unknown_names_left_out() -> None:
    """Scores order the visited, best first; a project visited twice counts once."""
    projects = [_p(), _p(), _p()]
    visits = [
        {"project": "项目0", "score": "88"},
        {"project": "项目1", "score": "93.5"},
        {"project": "项目0", "score": "70"},
        {"project": "项目2"},
    ]
    v = _visited(projects, visits).visits
    assert v is not None
    assert v.all.count.value == 3
    assert [(pf.project.name, score) for pf, score in v.scored] == [
        ("项目1", Decimal("93.5")),
        ("项目0", Decimal("88")),
    ]


@pytest.mark.parametrize("meeting", [None, {"visits": []}], ids=["no-meeting", "no-visits"])
def test_no_visits_no_visit_figures(meeting: dict[str, Any] | None) -> None:
    """Without visits there are no visit figures."""
    if meeting is None:
        assert _ind(_report([_p()])).visits is None
    else:
        assert _visited([_p()], meeting["visits"]).visits is None
