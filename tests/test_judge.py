"""The judgement layer: each rule on both sides of its threshold, the words and the time words."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from bulletin.indicators import compute
from bulletin.judge import RULES, SHORTFALLS, Findings, assess, unit_noun
from bulletin.model import Report, Unit

CTX = {"amount_unit": "万元"}


def _p(
    unit: str = "东城区",
    stage: str = "续建",
    planned: int | str = 1000,
    completed: int | str = 500,
    started: bool = True,
    total: int = 20000,
    **extra: Any,
) -> dict[str, Any]:
    """One project; amounts in 万元."""
    return {
        "name": f"{unit}{stage}项目{extra.pop('n', '')}",
        "unit": unit,
        "stage": stage,
        "total": total,
        "planned": planned,
        "completed": completed,
        "started": started,
        **extra,
    }


def _new(unit: str = "东城区", started: bool = True, planned_start: int | None = 3, **kw: Any):
    extra = {"planned_start": planned_start} if planned_start is not None else {}
    return _p(unit, "新开工", started=started, **extra, **kw)


def _report(projects: list[dict[str, Any]], month: int = 6, **top: Any) -> Report:
    """A report of ``projects`` for 1—``month``月 2025 in 示例市; ``top`` replaces keys."""
    names = list(dict.fromkeys(p["unit"] for p in projects))
    for i, p in enumerate(projects):
        p["name"] = f"{p['name']}{i}"
    data: dict[str, Any] = {
        "document": {"region": "示例市", "issuer": "示例市重点项目建设领导小组办公室"},
        "period": {"year": 2025, "month": month},
        "units": names,
        "projects": projects,
    }
    data.update(top)
    return Report.model_validate(data, context=CTX)


def _find(report: Report) -> Findings:
    return assess(report, compute(report))


def _holds(key: str, report: Report) -> bool:
    return _find(report)[key].holds


Case = tuple[str, Callable[[], Report], bool]


def _units(*rates: tuple[str, int | str]) -> list[dict[str, Any]]:
    """One 续建 project per (unit, completed of a 1000 plan)."""
    return [_p(unit, completed=completed) for unit, completed in rates]


def _four(first: int, second: int = 450) -> list[tuple[str, int]]:
    """Four units: the first at ``first``, the second at ``second``, two more at 400 and 300."""
    return [("东城区", first), ("西城区", second), ("南湖区", 400), ("北山县", 300)]


CASES: list[Case] = [
    # 投资: 序时进度 of 1—6月 is 50.0%.
    ("invested", lambda: _report([_p(completed="0.01")]), True),
    ("invested", lambda: _report([_p(completed=0)]), False),
    ("nothing_invested", lambda: _report([_p(completed=0)]), True),
    ("nothing_invested", lambda: _report([_p(completed=1)]), False),
    ("some_results", lambda: _report([_p(completed=0, started=True)]), True),
    ("some_results", lambda: _report([_p(completed=0, started=False)]), False),
    # Spending on 前期 work alone is no 成效; the same spending on a 续建 project is.
    ("some_results", lambda: _report([_p(stage="前期", completed=100, started=False)]), False),
    ("some_results", lambda: _report([_p(completed=100, started=False)]), True),
    # 肯定成效: within orderly_gap (5) of 序时进度, at most half the units behind.
    ("results_creditable", lambda: _report([_p(completed=450)]), True),
    ("results_creditable", lambda: _report([_p(completed=449)]), False),
    (
        "results_creditable",
        lambda: _report(_units(*_four(600, 600)[:2], ("南湖区", 480), ("北山县", 480))),
        True,
    ),
    (
        "results_creditable",
        lambda: _report(_units(("东城区", 700), ("西城区", 480), ("南湖区", 480), ("北山县", 480))),
        False,
    ),
    (
        "results_creditable",
        lambda: _report([_p(stage="前期", completed=600, started=False)]),
        False,
    ),
    ("results_creditable", lambda: _report([_p(completed=960)], month=12), False),
    ("ahead_of_schedule", lambda: _report([_p(completed=501)]), True),
    ("ahead_of_schedule", lambda: _report([_p(completed="500.4")]), False),
    ("ahead_of_schedule", lambda: _report([_p(completed=1100)], month=12), False),
    ("on_schedule", lambda: _report([_p(completed="499.5")]), True),
    ("on_schedule", lambda: _report([_p(completed="499.4")]), False),
    ("on_schedule", lambda: _report([_p(completed=1000)], month=12), False),
    ("behind_schedule", lambda: _report([_p(completed="499.4")]), True),
    ("behind_schedule", lambda: _report([_p(completed="499.5")]), False),
    ("orderly_investment", lambda: _report([_p(completed=450)]), True),
    ("orderly_investment", lambda: _report([_p(completed=449)]), False),
    (
        "orderly_investment",
        lambda: _report([_p(completed=0)], month=1, settings={"orderly_gap": 20}),
        False,
    ),
    # At year end 序时进度 is 100%: 96% is a missed plan, not orderly progress.
    ("orderly_investment", lambda: _report([_p(completed=960)], month=12), False),
    ("orderly_investment", lambda: _report([_p(completed=1000)], month=12), True),
    ("double_half_met", lambda: _report([_p(completed=500)]), True),
    ("double_half_met", lambda: _report([_p(completed=499)]), False),
    ("double_half_met", lambda: _report([_p(completed=900)], month=5), False),
    ("double_half_missed", lambda: _report([_p(completed=499)]), True),
    ("double_half_missed", lambda: _report([_p(completed=500)]), False),
    ("double_half_missed", lambda: _report([_p(completed=100)], month=7), False),
    ("year_plan_met", lambda: _report([_p(completed="999.5")], month=12), True),
    ("year_plan_met", lambda: _report([_p(completed="999.4")], month=12), False),
    ("year_plan_exceeded", lambda: _report([_p(completed="1000.5")], month=12), True),
    ("year_plan_exceeded", lambda: _report([_p(completed=1000)], month=12), False),
    ("year_plan_missed", lambda: _report([_p(completed=999)], month=12), True),
    ("year_plan_missed", lambda: _report([_p(completed="999.5")], month=12), False),
    ("year_plan_missed", lambda: _report([_p(completed=890)], month=11), False),
    (
        "year_plan_missed",
        lambda: _report(
            [_p(completed=890)], period={"year": 2025, "month": 12, "as_of": "2025-12-15"}
        ),
        False,
    ),
    ("target_met", lambda: _report([_p(completed=1000)], targets={"investment": 1000}), True),
    ("target_met", lambda: _report([_p(completed=999)], targets={"investment": 1000}), False),
    ("target_met", lambda: _report([_p(completed=1000)]), False),
    # 同比
    ("yoy_growth", lambda: _report([_p(completed=500)], last_year={"completed": 400}), True),
    ("yoy_growth", lambda: _report([_p(completed=500)], last_year={"completed": 500}), False),
    (
        "yoy_growth",
        lambda: _report([_p(completed=500, last_year={"completed": 100}), _p("西城区")]),
        False,
    ),
    ("yoy_decline", lambda: _report([_p(completed=500)], last_year={"completed": 600}), True),
    ("yoy_decline", lambda: _report([_p(completed=500)], last_year={"completed": 500}), False),
    (
        "yoy_partial",
        lambda: _report([_p(completed=500, last_year={"completed": 100}), _p("西城区")]),
        True,
    ),
    (
        "yoy_partial",
        lambda: _report(
            [_p(last_year={"completed": 100}), _p("西城区", last_year={"completed": 100})]
        ),
        False,
    ),
    ("yoy_partial", lambda: _report([_p()], last_year={"completed": 100}), False),
    # 开工: new projects planned for March are due by June.
    ("all_due_started", lambda: _report([_new(), _new()]), True),
    ("all_due_started", lambda: _report([_new(), _new(started=False)]), False),
    ("all_due_started", lambda: _report([_new(planned_start=9)]), False),
    ("none_due_started", lambda: _report([_new(started=False), _new(started=False)]), True),
    ("none_due_started", lambda: _report([_new(), _new(started=False)]), False),
    ("none_due_yet", lambda: _report([_new(planned_start=7), _new(planned_start=9)]), True),
    ("none_due_yet", lambda: _report([_new(planned_start=7), _new(planned_start=6)]), False),
    ("none_due_yet", lambda: _report([_new(planned_start=7), _new(planned_start=None)]), False),
    ("early_starts", lambda: _report([_new(planned_start=7)]), True),
    ("early_starts", lambda: _report([_new(planned_start=None)]), False),
    ("early_starts", lambda: _report([_new(planned_start=7, started=False)]), False),
    ("all_resumed", lambda: _report([_p(), _p()]), True),
    ("all_resumed", lambda: _report([_p(), _p(started=False)]), False),
    ("low_resume", lambda: _report([_p(started=i < 8) for i in range(10)]), True),
    ("low_resume", lambda: _report([_p(started=i < 9) for i in range(10)]), False),
    ("orderly_starts", lambda: _report([_new(started=i < 8) for i in range(10)]), True),
    ("orderly_starts", lambda: _report([_new(started=i < 7) for i in range(10)]), False),
    ("orderly_starts", lambda: _report([_p(started=i < 8) for i in range(10)]), False),
    ("orderly_starts", lambda: _report([_p(), _new(planned_start=None)]), False),
    ("orderly_starts", lambda: _report([_p(), _p()]), True),
    # 规模: bands 10亿+, 5亿～10亿, 1亿～5亿, below 1亿 (totals in 万元).
    (
        "main_support",
        lambda: _report(
            [_p(total=200000, planned=500), _p(total=60000, planned=300), _p(planned=200)]
        ),
        True,
    ),
    (
        "main_support",
        lambda: _report(
            [_p(total=200000, planned=499), _p(total=60000, planned=300), _p(planned=201)]
        ),
        False,
    ),
    ("main_support", lambda: _report([_p(total=200000, planned=500), _p(planned=500)]), False),
    ("main_support", lambda: _report([_p(total=200000), _p(total=200000)]), False),
    (
        "main_support",
        lambda: _report([_p(total=200000), _p("西城区", "前期", planned=0, completed=0)]),
        False,  # the other band has no plan: nothing to be the main support against
    ),
    # 单位: each unit one 续建 project with a plan of 1000.
    ("units_behind", lambda: _report(_units(("东城区", 600), ("西城区", 499))), True),
    ("units_behind", lambda: _report(_units(("东城区", 600), ("西城区", "499.5"))), False),
    ("worst_units", lambda: _report(_units(("东城区", 300), ("西城区", 400))), True),
    ("worst_units", lambda: _report(_units(("东城区", 500), ("西城区", 600))), False),
    ("all_units_behind", lambda: _report(_units(("东城区", 300), ("西城区", 499))), True),
    ("all_units_behind", lambda: _report(_units(("东城区", 300), ("西城区", 500))), False),
    ("all_units_behind", lambda: _report(_units(("东城区", 300))), False),
    ("all_units_on_schedule", lambda: _report(_units(("东城区", 500), ("西城区", 700))), True),
    ("all_units_on_schedule", lambda: _report(_units(("东城区", 499), ("西城区", 700))), False),
    ("all_units_on_schedule", lambda: _report(_units(("东城区", 700))), False),
    ("units_level", lambda: _report(_units(("东城区", 400), ("西城区", "400.4"))), True),
    ("units_level", lambda: _report(_units(("东城区", 400), ("西城区", "400.5"))), False),
    ("units_level", lambda: _report(_units(("东城区", 400))), False),
    # 前列 among at least settings.leading_min_units (4) units, within the top third.
    ("leading_units", lambda: _report(_units(*_four(600))), True),
    ("leading_units", lambda: _report(_units(*_four(600)[:3])), False),  # 3 units: no 前列
    ("leading_units", lambda: _report(_units(("东城区", 600), ("西城区", 400))), False),
    (
        "leading_units",
        lambda: _report(_units(*_four(600)[:3]), settings={"leading_min_units": 3}),
        True,
    ),
    ("leading_units", lambda: _report(_units(*_four(499))), False),  # the first is behind
    ("leading_units", lambda: _report(_units(*_four(600, 600))), False),  # a tie of 2 in 4
    ("leading_units", lambda: _report(_units(*_four(600, 600), ("东湖区", 300))), False),
    (
        "leading_units",
        lambda: _report(_units(*_four(600, 600), ("东湖区", 300), ("西湖区", 300))),
        True,  # 2 of 6 are a third
    ),
    # The highest of two or three units is a plain fact, at or above 序时进度.
    ("top_unit", lambda: _report(_units(("东城区", 600), ("西城区", 400))), True),
    ("top_unit", lambda: _report(_units(("东城区", 500), ("西城区", 400))), True),
    ("top_unit", lambda: _report(_units(("东城区", 499), ("西城区", 400))), False),
    ("top_unit", lambda: _report(_units(("东城区", 600), ("西城区", 600))), False),  # level
    ("top_unit", lambda: _report(_units(("东城区", 600))), False),
    ("all_units_started", lambda: _report([_new("东城区"), _new("西城区")]), True),
    (
        "all_units_started",
        lambda: _report([_new("东城区"), _new("西城区"), _new("西城区", started=False)]),
        False,
    ),
    ("all_units_started", lambda: _report([_new("东城区")]), False),
    ("units_fully_started", lambda: _report([_new("东城区"), _new("西城区", False)]), True),
    ("units_fully_started", lambda: _report([_new("东城区", False), _new("东城区")]), False),
    ("units_none_started", lambda: _report([_new("东城区"), _new("西城区", False)]), True),
    ("units_none_started", lambda: _report([_new("东城区"), _new("西城区")]), False),
    (
        "low_start_units",
        lambda: _report(
            [
                *(_new("东城区"), _new("东城区")),
                *(_new("西城区"), _new("西城区", False)),
                _new("南湖区", False),
            ]
        ),
        True,
    ),
    (
        "low_start_units",
        lambda: _report([_new("东城区"), _new("西城区", False)]),
        False,  # the one below the whole rate started nothing: not "relatively low"
    ),
    # 项目: lag threshold 10 below a printed 序时进度 of 50.0%.
    ("lagging_projects", lambda: _report([_p(completed="399.4"), _p()]), True),
    ("lagging_projects", lambda: _report([_p(completed="399.5"), _p()]), False),
    ("overdue_starts", lambda: _report([_new(planned_start=6, started=False)]), True),
    ("overdue_starts", lambda: _report([_new(planned_start=7, started=False)]), False),
    # 势头
    ("good_momentum", lambda: _report(_units(("东城区", 600), ("西城区", 500))), True),
    ("good_momentum", lambda: _report(_units(("东城区", 600), ("西城区", 300))), False),
    (
        "good_momentum",
        lambda: _report(_units(("东城区", 700), ("西城区", 400), ("南湖区", 490))),
        False,  # 2 of 3 units behind, over the 50% allowed
    ),
    (
        "good_momentum",
        lambda: _report(_units(("东城区", 700), ("西城区", 490))),
        True,  # 1 of 2 behind: exactly the 50% allowed
    ),
    (
        "good_momentum",
        lambda: _report(_units(("东城区", 600)), last_year={"completed": 700}),
        False,
    ),
    (
        "good_momentum",
        lambda: _report([_p(completed=800), *(_new(started=i < 7) for i in range(10))]),
        False,  # 新开工率 70% < 80%
    ),
    ("good_momentum", lambda: _report([_p(completed=0)], month=1), False),
    ("shortfall", lambda: _report(_units(("东城区", 600), ("西城区", 500))), False),
    ("shortfall", lambda: _report(_units(("东城区", 700), ("西城区", 490))), True),
    ("shortfall", lambda: _report([_p(started=i < 8) for i in range(10)]), True),
    (
        "many_commended",
        lambda: _report(
            [_p()],
            commendations={
                "units": [{"name": "甲"}, {"name": "乙"}],
                "individuals": [{"name": "丙"}],
            },
        ),
        True,
    ),
    (
        "many_commended",
        lambda: _report([_p()], commendations={"units": [{"name": "甲"}, {"name": "乙"}]}),
        False,
    ),
]


def _then(now: Report, before: Report) -> Report:
    """``now`` with ``before`` attached as its previous period (as the loader attaches a file)."""
    return now.model_copy(update={"previous_report": before})


def _months(before: list[dict[str, Any]], now: list[dict[str, Any]], **top: Any) -> Report:
    """A 1—6月 report whose previous period (1—5月) has the projects ``before``."""
    return _then(_report(now, **top), _report(before, month=5))


def _visiting(projects: list[dict[str, Any]], visited: list[int], **top: Any) -> Report:
    """A report whose meeting visited the projects at ``visited`` (indices)."""
    report = _report(copy.deepcopy(projects), **top)
    meeting = {
        "name": "观摩推进会",
        "kind": "观摩推进会",
        "date": "2025-07-10",
        "speaker": "书记 甲",
        "visits": [{"project": report.projects[i].name} for i in visited],
    }
    return _report(projects, meeting=meeting, **top)


# Changes since the previous period: June against May, plans of 1000 (序时进度 50.0% and 41.7%).
CASES += [
    # 同比 against the growth target (targets.growth, %).
    (
        "growth_target_met",
        lambda: _report([_p(completed=550)], last_year={"completed": 500}, targets={"growth": 10}),
        True,
    ),
    (
        "growth_target_met",
        lambda: _report([_p(completed=549)], last_year={"completed": 500}, targets={"growth": 10}),
        False,  # 9.8% < 10%
    ),
    (
        "growth_target_met",
        lambda: _report([_p(completed=550)], last_year={"completed": 500}),
        False,
    ),
    (
        "growth_target_missed",
        lambda: _report([_p(completed=549)], last_year={"completed": 500}, targets={"growth": 10}),
        True,
    ),
    (
        "growth_target_missed",
        lambda: _report(
            [_p(completed="549.76")], last_year={"completed": 500}, targets={"growth": 10}
        ),
        False,  # 9.952% prints 10.0%: not below the target as the reader sees it
    ),
    # The new-start half of 双过半: started 新开工 ÷ all 新开工 at the end of June.
    ("starts_half_met", lambda: _report([_new(), _new(started=False, planned_start=9)]), True),
    (
        "starts_half_met",
        lambda: _report([_new(), *(_new(started=False, planned_start=9) for _ in range(2))]),
        False,
    ),
    ("starts_half_met", lambda: _report([_new()], month=5), False),
    (
        "starts_half_missed",
        lambda: _report([_new(), *(_new(started=False, planned_start=9) for _ in range(2))]),
        True,
    ),
    (
        "starts_half_missed",
        lambda: _report([_new(), _new(started=False, planned_start=9)]),
        False,
    ),
    # 前期 share: 3 of 10 is 30.0%, the default threshold.
    (
        "many_preliminary",
        lambda: _report([*(_p(stage="前期") for _ in range(3)), *(_p() for _ in range(7))]),
        True,
    ),
    (
        "many_preliminary",
        lambda: _report([*(_p(stage="前期") for _ in range(2)), *(_p() for _ in range(7))]),
        False,  # 22.2%
    ),
    (
        "many_preliminary",
        lambda: _report(
            [*(_p(stage="前期") for _ in range(3)), *(_p() for _ in range(7))],
            settings={"preliminary_share": 31},
        ),
        False,
    ),
    ("portfolio_changed", lambda: _report([_p()], previous={"projects": 2}), True),
    ("portfolio_changed", lambda: _report([_p()], previous={"projects": 1}), False),
    ("portfolio_changed", lambda: _months([_p()], [_p(), _p("西城区")]), True),
    ("portfolio_changed", lambda: _months([_p()], [_p()]), False),
    ("period_invested", lambda: _months([_p(completed=400)], [_p(completed=500)]), True),
    ("period_invested", lambda: _months([_p(completed=500)], [_p(completed=500)]), False),
    ("period_invested", lambda: _report([_p(completed=500)]), False),
    ("period_stalled", lambda: _months([_p(completed=500)], [_p(completed=500)]), True),
    ("period_stalled", lambda: _months([_p(completed=400)], [_p(completed=500)]), False),
    (
        "period_stalled",
        lambda: _months([_p(completed=0)], [_p(completed=0)]),
        False,  # nothing invested at all: that is said as such, not as a stall
    ),
    (
        "period_stalled",
        lambda: _report([_p(completed=500)], previous={"month": 5, "completed": 500}),
        True,
    ),
]
# Units' places (plans of 1000): May 东城区 400, 西城区 350, 南湖区 300; June as given.
_MAY = [("东城区", 400), ("西城区", 350), ("南湖区", 300)]
CASES += [
    (
        "units_moved_up",
        lambda: _months(_units(*_MAY), _units(("东城区", 500), ("西城区", 510), ("南湖区", 520))),
        True,  # 南湖区 3rd → 1st
    ),
    (
        "units_moved_up",
        lambda: _months(_units(*_MAY), _units(("东城区", 500), ("西城区", 520), ("南湖区", 510))),
        False,  # 西城区 moves one place only
    ),
    (
        "units_moved_up",
        lambda: _months(
            _units(*_MAY),
            _units(("东城区", 500), ("西城区", 520), ("南湖区", 510)),
            settings={"rank_move_min": 1},
        ),
        True,
    ),
    (
        "units_moved_down",
        lambda: _months(_units(*_MAY), _units(("东城区", 500), ("西城区", 510), ("南湖区", 520))),
        True,  # 东城区 1st → 3rd
    ),
    ("units_moved_down", lambda: _months(_units(*_MAY), _units(*_MAY)), False),
    (
        "units_caught_up",
        lambda: _months(_units(("东城区", 400)), _units(("东城区", 500))),
        True,  # 40.0% < 41.7% in May, 50.0% ≥ 50.0% in June
    ),
    (
        "units_caught_up",
        lambda: _months(_units(("东城区", 400)), _units(("东城区", 499))),
        False,
    ),
    ("units_caught_up", lambda: _months(_units(("东城区", 420)), _units(("东城区", 600))), False),
    (
        "units_fell_behind",
        lambda: _months(_units(("东城区", 420)), _units(("东城区", 499))),
        True,  # 42.0% ≥ 41.7%, then 49.9% < 50.0%
    ),
    (
        "units_fell_behind",
        lambda: _months(_units(("东城区", 420)), _units(("东城区", 500))),
        False,
    ),
    (
        "projects_started_since",
        lambda: _months([_new(started=False)], [_new(started=True)]),
        True,
    ),
    ("projects_started_since", lambda: _months([_new()], [_new()]), False),
    (
        "projects_newly_lagging",
        lambda: _months([_p(completed=400)], [_p(completed=399)]),
        True,  # 40.0% then fine (≥ 31.7%); 39.9% < 40.0% now
    ),
    (
        "projects_newly_lagging",
        lambda: _months([_p(completed=400)], [_p(completed=400)]),
        False,
    ),
    (
        "projects_newly_lagging",
        lambda: _months([_p(started=False, completed=0)], [_p(completed=100)]),
        False,  # just resumed: it started late, it did not fall behind
    ),
    (
        "projects_recovered",
        lambda: _months([_p(completed=300)], [_p(completed=400)]),
        True,  # 30.0% < 31.7% in May; 40.0% is not below 40.0% in June
    ),
    ("projects_recovered", lambda: _months([_p(completed=300)], [_p(completed=399)]), False),
]
# Visits: totals 5000 (under 1亿) and 20000.
CASES += [
    (
        "visits_small_dominate",
        lambda: _visiting([_p(total=5000), _p(total=5000), _p(total=20000)], [0, 1, 2]),
        True,  # 66.7% > 50%
    ),
    (
        "visits_small_dominate",
        lambda: _visiting([_p(total=5000), _p(total=20000)], [0, 1]),
        False,  # 50.0% is not more than half
    ),
    ("visits_small_dominate", lambda: _report([_p(total=5000)]), False),
    (
        "visits_all_categories",
        lambda: _visiting(
            [_p(category="甲"), _p(category="乙"), _p(category="乙")],
            [0, 1],
            categories=["甲", "乙"],
        ),
        True,
    ),
    (
        "visits_all_categories",
        lambda: _visiting(
            [_p(category="甲"), _p(category="乙"), _p(category="乙")],
            [1, 2],
            categories=["甲", "乙"],
        ),
        False,
    ),
    ("visits_all_units", lambda: _visiting([_p("东城区"), _p("西城区")], [0, 1]), True),
    ("visits_all_units", lambda: _visiting([_p("东城区"), _p("西城区")], [0]), False),
]


def _case_id(case: Case) -> str:
    key, _, holds = case
    return f"{key}-{'holds' if holds else 'fails'}"


@pytest.mark.parametrize(("key", "build", "expected"), CASES, ids=[_case_id(c) for c in CASES])
def test_rule_on_each_side_of_its_threshold(
    key: str, build: Callable[[], Report], expected: bool
) -> None:
    """Each rule holds on one side of its threshold and not on the other."""
    assert _holds(key, build()) is expected


def test_every_rule_is_tried_both_ways() -> None:
    """No rule is left without a case where it holds and one where it does not."""
    seen = {(key, expected) for key, _, expected in CASES}
    missing = [
        f"{key}-{side}" for key in RULES for side in (True, False) if (key, side) not in seen
    ]
    assert missing == []


def test_a_finding_names_its_subjects_and_figures() -> None:
    """units_behind names the units furthest behind first and keeps their rates as evidence."""
    found = _find(_report(_units(("东城区", 400), ("西城区", 600), ("南湖县", 300))))
    behind = found["units_behind"]
    assert [u.name for u in behind.subjects] == ["南湖县", "东城区"]
    assert [f.label for f in behind.figures][:2] == [
        "南湖县重点项目投资完成率",
        "东城区重点项目投资完成率",
    ]
    assert behind.noun == "县（区）"
    assert "序时进度" in behind.rule


def test_worst_units_are_named_together_on_a_tie() -> None:
    """Two units equally far behind are both the worst."""
    found = _find(_report(_units(("东城区", 300), ("西城区", 300), ("南湖区", 400))))
    assert [u.name for u in found["worst_units"].subjects] == ["东城区", "西城区"]


def test_leading_units_leave_out_a_top_unit_behind_schedule() -> None:
    """A unit in the top third but below 序时进度 is not called 走在前列."""
    found = _find(
        _report(
            _units(
                ("东城区", 700),
                ("西城区", 450),
                ("南湖区", 400),
                ("北山县", 300),
                ("东湖区", 300),
                ("西湖区", 300),
            )
        )
    )
    assert [e.unit.name for e in found["leading_units"].subjects] == ["东城区"]


@pytest.mark.parametrize(
    ("units", "named"),
    [(4, 1), (5, 1), (6, 2), (8, 2), (9, 3), (24, 3)],
    ids=lambda v: str(v),
)
def test_leading_units_are_the_top_third_at_most_top_n(units: int, named: int) -> None:
    """前列 names the first third of the ranked units (all ahead of 序时进度), at most top_n."""
    rates = [(f"第{i}区", 990 - i * 10) for i in range(units)]
    found = _find(_report(_units(*rates)))
    assert len(found["leading_units"].subjects) == named


def test_main_support_names_the_band() -> None:
    """The band that is the main support is the finding's subject."""
    found = _find(_report([_p(total=200000, planned=800), _p(planned=200)]))
    (band,) = found["main_support"].subjects
    assert band.lower == Decimal(100000)


def test_shortfall_lists_what_falls_short() -> None:
    """The shortfall names the findings behind it, in the order of SHORTFALLS."""
    found = _find(_report([_new(planned_start=3, started=False), _p(completed=100)]))
    assert found["shortfall"].subjects == tuple(k for k in SHORTFALLS if found[k].holds)
    assert {"behind_schedule", "overdue_starts"} <= set(found["shortfall"].subjects)


def test_thresholds_come_from_settings() -> None:
    """A stricter main_support_share turns the verdict off, and the rule text says the value."""
    projects = [_p(total=200000, planned=600), _p(planned=400)]
    assert _holds("main_support", _report(projects))
    strict = _find(_report(projects, settings={"main_support_share": 61}))["main_support"]
    assert not strict.holds and "61%" in strict.rule


def test_rule_texts_are_chinese_sentences_with_names() -> None:
    """Every finding has a Chinese name and rule for the 数据核对表."""
    found = _find(_report(_units(("东城区", 600), ("西城区", 400))))
    for finding in found.values():
        assert finding.name and finding.rule
        assert not finding.rule.isascii()


# ---------------------------------------------------------------------------
# Words


def _unit(name: str, kind: str | None = None) -> Unit:
    return Unit(name=name) if kind is None else Unit(name=name, kind=kind)


@pytest.mark.parametrize(
    ("units", "noun", "column"),
    [
        ([("东城区", "区"), ("北山县", "县")], "县（区）", "县（区）"),
        ([("东城区", None), ("北山县", None)], "县（区）", "县（区）"),
        (
            [("东城区", "区"), ("北山县", "县"), ("青石市", "县级市")],
            "县（市、区）",
            "县（市、区）",
        ),
        ([("青石镇", None), ("白水乡", None)], "乡镇", "乡镇"),
        ([("青石镇", None), ("城关街道", None)], "镇（街道）", "镇（街道）"),
        (
            [("青石镇", "镇"), ("白水乡", "乡"), ("城关街道", "街道")],
            "乡镇（街道）",
            "乡镇（街道）",
        ),
        ([("城关街道", None)], "街道", "街道"),
        ([("东城区", "区"), ("示例高新区", "园区")], "区、园区", "单位"),
        ([("东城区", "区"), ("西城区", "区"), ("示例高新区", "园区")], "区、示例高新区", "单位"),
        (
            [("东城区", "区"), ("西城区", "区"), ("甲园", "园区"), ("乙园", "园区")],
            "区、园区",
            "单位",
        ),
        ([("示例高新区", None), ("临港开发区", None)], "园区", "园区"),
        ([("临港开发区", None), ("滨海开发区", None)], "开发区", "开发区"),
        ([("市交通运输局", None), ("市水利局", None)], "部门", "部门"),
        ([("北山县", "县"), ("南湖县", "县（区）")], "县（区）", "县（区）"),
        ([("甲", "片区"), ("乙", "片区")], "片区", "片区"),
        ([("甲", "片区"), ("乙", "社区")], "单位", "单位"),
        ([("东城区", "区"), ("青石镇", "镇"), ("甲园", "园区")], "单位", "单位"),
        ([("甲园", "园区"), ("东城区", "区"), ("西城区", "区")], "区、甲园", "单位"),
        ([("东城区", "市辖区"), ("北山县", "自治县")], "县（区）", "县（区）"),
    ],
    ids=[
        "county-and-district",
        "kinds-from-names",
        "county-level-city",
        "townships",
        "towns-and-subdistricts",
        "all-three-township-kinds",
        "subdistricts-only",
        "a-district-and-a-park",
        "districts-and-a-park",
        "districts-and-parks",
        "parks-of-two-kinds",
        "parks-of-one-kind",
        "departments",
        "default-kind-word",
        "a-kind-of-its-own",
        "kinds-of-their-own",
        "three-categories",
        "the-larger-kind-first",
        "long-kind-words",
    ],
)
def test_unit_noun_comes_from_the_kinds(
    units: list[tuple[str, str | None]], noun: str, column: str
) -> None:
    """The collective noun follows the units' kinds, or their names when no kind is given."""
    given = [_unit(name, kind) for name, kind in units]
    assert unit_noun(given) == noun
    assert unit_noun(given, table=True) == column


def test_unit_noun_override_wins() -> None:
    """document.unit_noun replaces the noun everywhere, subsets included."""
    report = _report(
        _units(("青石镇", 300), ("白水乡", 600)),
        document={"region": "示例县", "issuer": "示例县重点办", "unit_noun": "乡镇（场）"},
    )
    found = _find(report)
    assert (found.words.units, found.words.unit_column) == ("乡镇（场）", "乡镇（场）")
    assert found["units_behind"].noun == "乡镇（场）"


@pytest.mark.parametrize(
    ("document", "scope", "authorities"),
    [
        ({"region": "示例市"}, "全市", "市委、市政府"),
        ({"region": "青山县"}, "全县", "县委、县政府"),
        ({"region": "东湖区"}, "全区", "区委、区政府"),
        ({"region": "示例省"}, "全省", "省委、省政府"),
        ({"region": "示例自治州"}, "全州", "州委、州政府"),
        ({"region": "示例园"}, "示例园", ""),
        ({"region": "青山县", "scope": "全县域"}, "全县域", ""),
        (
            {"region": "示例高新区", "scope": "全区", "authorities": "区党工委、管委会"},
            "全区",
            "区党工委、管委会",
        ),
    ],
    ids=[
        "city",
        "county",
        "district",
        "province",
        "prefecture",
        "no-level",
        "scope-given",
        "both-given",
    ],
)
def test_scope_and_authorities(document: dict[str, str], scope: str, authorities: str) -> None:
    """The scope word and the authorities follow the region, unless the document gives them."""
    found = _find(_report([_p()], document={"issuer": "某办公室", **document}))
    assert (found.words.scope, found.words.authorities) == (scope, authorities)
    assert found.words.office == "某办公室"


# ---------------------------------------------------------------------------
# Time


@pytest.mark.parametrize(
    ("period", "date", "expected"),
    [
        (
            {"month": 6},
            "2025-07-08",
            ("今年", "今年", "2025年以来", "今年以来", "明年", "下半年", False, False),
        ),
        (
            {"month": 12},
            "2025-12-30",
            ("今年", "今年", "2025年以来", "今年以来", "明年", "明年", False, True),
        ),
        (
            {"full_year": True},
            "2026-01-10",
            ("2025年", "去年", "2025年", "去年", "今年", "今年", True, True),
        ),
        (
            {"full_year": True},
            "2027-03-01",
            ("2025年", "2025年", "2025年", "2025年", "2026年", "2026年", True, True),
        ),
        (
            {"quarter": 3},
            None,
            ("今年", "今年", "2025年以来", "今年以来", "明年", "下一阶段", False, False),
        ),
    ],
    ids=[
        "july-on-june",
        "december-in-december",
        "full-year-next-january",
        "two-years-on",
        "undated",
    ],
)
def test_time_words_follow_the_date(
    period: dict[str, Any], date: str | None, expected: tuple[Any, ...]
) -> None:
    """今年/去年/明年 and whether the year is over follow the document's date."""
    document = {"region": "示例市", "issuer": "某办"}
    if date:
        document["date"] = date
    t = _find(_report([_p()], period={"year": 2025, **period}, document=document)).time
    assert (
        t.this_year,
        t.this_year_spoken,
        t.since,
        t.since_spoken,
        t.coming_year,
        t.next_stage,
        t.year_over,
        t.year_complete,
    ) == expected


def test_spoken_time_follows_the_meeting() -> None:
    """A meeting next January makes the speech's 今年 the new year, whatever the document's date."""
    report = _report(
        [_p()],
        period={"year": 2025, "month": 12},
        document={"region": "示例市", "issuer": "某办", "date": "2025-12-31"},
        meeting={"name": "会", "date": "2026-01-12", "speaker": "书记 甲"},
    )
    found = _find(report)
    assert (found.time.coming_year, found.spoken_time.coming_year) == ("明年", "今年")


@pytest.mark.parametrize(
    ("as_of", "mid"),
    [("2025-09-15", True), ("2025-09-30", False), (None, False)],
    ids=["mid-month", "month-end", "none"],
)
def test_mid_month_as_of(as_of: str | None, mid: bool) -> None:
    """An as_of before the month's last day is mid-month."""
    period: dict[str, Any] = {"year": 2025, "month": 9}
    if as_of:
        period["as_of"] = as_of
    assert _find(_report([_p()], period=period)).time.mid_month is mid


def test_assess_is_pure() -> None:
    """Assessing twice gives equal findings; nothing in the report changes."""
    report = _report(_units(("东城区", 600), ("西城区", 400)))
    before = report.model_dump()
    a, b = _find(report), _find(report)
    assert {k: v.holds for k, v in a.items()} == {k: v.holds for k, v in b.items()}
    assert report.model_dump() == before


@pytest.mark.parametrize(
    ("unit", "addressed"),
    [("示例市", "各有关部门"), ("城关镇", "城关镇、各有关部门"), (None, "各县（区）、各有关部门")],
    ids=["the-region-itself", "one-town", "two-districts"],
)
def test_a_ledger_of_the_region_alone_addresses_only_the_departments(
    unit: str | None, addressed: str
) -> None:
    """A county's ledger read as one unit (``unit: 青川县``) does not address the county
    beside its departments (青川县、各有关部门); one town or several districts are addressed."""
    import bulletin

    projects = [_p(unit), _p(unit)] if unit else [_p("东城区"), _p("西城区")]
    report = _report(projects)
    text = bulletin.render(report.model_dump(mode="json"), format="txt").decode("utf-8")
    assert f"2025年以来，{addressed}认真落实" in text
    assert f"进度。{addressed}要对照年度计划" in text


@pytest.mark.parametrize(
    ("planned_start", "said"),
    [
        (8, "今年计划新开工项目2个，截至3月底已开工1个。其中1个未填报计划开工月份，已开工。"),
        (2, "另有1个新开工项目未填报计划开工月份，其中已开工1个，未计入新开工率。"),
    ],
    ids=["none-due-yet", "one-due"],
)
def test_new_starts_without_a_planned_month_are_among_the_count_or_beside_it(
    planned_start: int, said: str
) -> None:
    """Two new starts, one with no planned month (started): where none is due yet the count
    is of both and it is one of them (其中), not one more (另有, as beside the due ones)."""
    import bulletin

    due = _p("东城区", "新开工", started=False, completed=0, planned_start=planned_start)
    if planned_start <= 3:
        due.update(started=True, start_month=planned_start, completed=100)
    unscheduled = _p("西城区", "新开工", started=True, start_month=2)
    report = _report([due, unscheduled], month=3)
    text = bulletin.render(report.model_dump(mode="json"), format="txt").decode("utf-8")
    assert said in text
