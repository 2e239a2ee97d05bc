"""Indicators: every figure of a small hand-computed report, edge cases and seed 004."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from bulletin.indicators import (
    DoubleHalf,
    Gap,
    Growth,
    Indicators,
    Quantity,
    Ratio,
    compute,
)
from bulletin.model import Report

CTX = {"amount_unit": "万元"}

# 示例市, 1—6月 2025: 序时进度 6/12 = 50%.  13 projects in three districts, and
# 北城区 with none.  Amounts in 万元.  Index in the list is in brackets.
#
#  id   unit  stage   level category  total   planned completed started start
#  [0]  E1 东  续建   省级  产业转型  120000  20000   12000     yes
#  [1]  E2 东  新开工 市级  产业转型   60000  10000    3000     yes     3
#  [2]  E3 东  新开工 县级  社会民生   30000   5000       0     no      5
#  [3]  E4 东  前期   县级  基础设施    8000   1000       0     no
#  [4]  E5 东  竣工   市级  社会民生   15000   4000    4000     no(!)   竣工 5月
#  [5]  W1 西  续建   省级  产业转型  200000  30000   18000     yes
#  [6]  W2 西  续建   县级  社会民生    9000   2000     400     no
#  [7]  W3 西  新开工 市级  产业转型   50000   8000    1600     yes     4
#  [8]  W4 西  新开工 —     —          20000      0       0     yes     9 (early)
#  [9]  S1 南  续建   省级  基础设施  100000  10000    5000     yes
#  [10] S2 南  续建   县级  社会民生    5000   2000    1000     yes
#  [11] S3 南  前期   县级  产业转型    3000      0       0     no
#  [12] S4 南  竣工   市级  基础设施   50000   3000    1500     yes     竣工 7月 (after period)


def _project(
    name: str,
    unit: str,
    stage: str,
    level: str | None,
    category: str | None,
    total: int,
    planned: int,
    completed: int | str,
    started: bool,
    **extra: Any,
) -> dict[str, Any]:
    p: dict[str, Any] = {
        "name": name,
        "unit": unit,
        "stage": stage,
        "total": total,
        "planned": planned,
        "completed": completed,
        "started": started,
        **extra,
    }
    if level is not None:
        p["level"] = level
    if category is not None:
        p["category"] = category
    return p


PROJECTS = [
    _project("E1", "东城区", "续建", "省级", "产业转型", 120000, 20000, 12000, True),
    _project(
        "E2", "东城区", "新开工", "市级", "产业转型", 60000, 10000, 3000, True, planned_start=3
    ),
    _project(
        "E3",
        "东城区",
        "新开工",
        "县级",
        "社会民生",
        30000,
        5000,
        0,
        False,
        planned_start=5,
        problems=["征地拆迁未完成"],
    ),
    _project("E4", "东城区", "前期", "县级", "基础设施", 8000, 1000, 0, False),
    _project(
        "E5", "东城区", "竣工", "市级", "社会民生", 15000, 4000, 4000, False, completed_month=5
    ),
    _project("W1", "西城区", "续建", "省级", "产业转型", 200000, 30000, 18000, True),
    _project("W2", "西城区", "续建", "县级", "社会民生", 9000, 2000, 400, False),
    _project(
        "W3", "西城区", "新开工", "市级", "产业转型", 50000, 8000, 1600, True, planned_start=4
    ),
    _project(
        "W4", "西城区", "新开工", None, None, 20000, 0, 0, True, planned_start=9, start_month=5
    ),
    _project("S1", "南城区", "续建", "省级", "基础设施", 100000, 10000, 5000, True),
    _project("S2", "南城区", "续建", "县级", "社会民生", 5000, 2000, 1000, True),
    _project("S3", "南城区", "前期", "县级", "产业转型", 3000, 0, 0, False),
    _project(
        "S4", "南城区", "竣工", "市级", "基础设施", 50000, 3000, 1500, True, completed_month=7
    ),
]


def small_data(**changes: Any) -> dict[str, Any]:
    """The small report as a mapping; ``changes`` replace top-level keys."""
    data: dict[str, Any] = {
        "document": {"region": "示例市", "issuer": "示例市重点项目建设领导小组办公室"},
        "period": {"year": 2025, "month": 6},
        "settings": {"top_n": 1},
        "categories": ["产业转型", "社会民生", "基础设施"],
        "units": [
            {"name": "东城区", "targets": {"investment": 50000, "new_starts": 2}},
            "西城区",
            "南城区",
            "北城区",
        ],
        "projects": PROJECTS,
        "last_year": {"completed": 37200, "started": 8},
        "previous": {"completed": 31000, "started": 7, "projects": 13},
    }
    data.update(changes)
    return data


def build(data: dict[str, Any]) -> Report:
    """A validated Report from a mapping."""
    return Report.model_validate(data, context=CTX)


@pytest.fixture(scope="module")
def ind() -> Indicators:
    """The indicators of the small report."""
    return compute(build(small_data()))


def r4(value: Decimal | None) -> Decimal | None:
    """A percentage rounded half-up to 4 decimals, for comparing with hand figures."""
    return None if value is None else value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def r1(value: Decimal | None) -> Decimal | None:
    """A percentage rounded half-up to 1 decimal, as a document prints it."""
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


Get = Callable[[Indicators], Any]


def half(ind: Indicators) -> DoubleHalf:
    """The 双过半 figures, which a June report must have."""
    assert ind.progress.double_half is not None
    return ind.progress.double_half


QUANTITIES: list[tuple[str, Get, int | str]] = [
    # Portfolio: 13 projects; Σ total 233000 + 279000 + 158000 = 670000.
    ("all.count", lambda i: i.portfolio.all.count, 13),
    ("all.total", lambda i: i.portfolio.all.total, "670000"),
    # Σ planned 40000 (东) + 40000 (西) + 15000 (南) = 95000.
    ("all.planned", lambda i: i.portfolio.all.planned, "95000"),
    # Σ completed 19000 + 20000 + 7500 = 46500.
    ("all.completed", lambda i: i.portfolio.all.completed, "46500"),
    # 建设项目: all but E4, S3 → 11; Σ total 670000 − 8000 − 3000.
    ("construction.count", lambda i: i.portfolio.construction.count, 11),
    ("construction.total", lambda i: i.portfolio.construction.total, "659000"),
    # By stage: 前期 E4 S3; 新开工 E2 E3 W3 W4; 续建 E1 W1 W2 S1 S2; 竣工 E5 S4.
    ("stage.前期.count", lambda i: i.portfolio.by_stage["前期"].count, 2),
    ("stage.前期.total", lambda i: i.portfolio.by_stage["前期"].total, "11000"),
    ("stage.新开工.count", lambda i: i.portfolio.by_stage["新开工"].count, 4),
    # 60000 + 30000 + 50000 + 20000
    ("stage.新开工.total", lambda i: i.portfolio.by_stage["新开工"].total, "160000"),
    # 10000 + 5000 + 8000 + 0
    ("stage.新开工.planned", lambda i: i.portfolio.by_stage["新开工"].planned, "23000"),
    ("stage.新开工.completed", lambda i: i.portfolio.by_stage["新开工"].completed, "4600"),
    ("stage.续建.count", lambda i: i.portfolio.by_stage["续建"].count, 5),
    # 120000 + 200000 + 9000 + 100000 + 5000
    ("stage.续建.total", lambda i: i.portfolio.by_stage["续建"].total, "434000"),
    ("stage.续建.planned", lambda i: i.portfolio.by_stage["续建"].planned, "64000"),
    # 12000 + 18000 + 400 + 5000 + 1000
    ("stage.续建.completed", lambda i: i.portfolio.by_stage["续建"].completed, "36400"),
    ("stage.竣工.count", lambda i: i.portfolio.by_stage["竣工"].count, 2),
    ("stage.竣工.total", lambda i: i.portfolio.by_stage["竣工"].total, "65000"),
    # By level: 省级 E1 W1 S1; 市级 E2 W3 S4 E5; 县级 E3 E4 W2 S2 S3; 未定级 W4.
    ("level.省级.count", lambda i: i.portfolio.by_level["省级"].count, 3),
    ("level.省级.total", lambda i: i.portfolio.by_level["省级"].total, "420000"),
    ("level.省级.completed", lambda i: i.portfolio.by_level["省级"].completed, "35000"),
    ("level.市级.count", lambda i: i.portfolio.by_level["市级"].count, 4),
    # 60000 + 50000 + 50000 + 15000
    ("level.市级.total", lambda i: i.portfolio.by_level["市级"].total, "175000"),
    ("level.市级.completed", lambda i: i.portfolio.by_level["市级"].completed, "10100"),
    ("level.县级.count", lambda i: i.portfolio.by_level["县级"].count, 5),
    ("level.县级.total", lambda i: i.portfolio.by_level["县级"].total, "55000"),
    ("level.未定级.count", lambda i: i.portfolio.by_level["未定级"].count, 1),
    # By category: 产业转型 E1 E2 W1 W3 S3; 社会民生 E3 E5 W2 S2; 基础设施 E4 S1 S4; 未分类 W4.
    ("category.产业转型.count", lambda i: i.portfolio.by_category["产业转型"].count, 5),
    # 120000 + 60000 + 200000 + 50000 + 3000
    ("category.产业转型.total", lambda i: i.portfolio.by_category["产业转型"].total, "433000"),
    ("category.产业转型.planned", lambda i: i.portfolio.by_category["产业转型"].planned, "68000"),
    ("category.社会民生.count", lambda i: i.portfolio.by_category["社会民生"].count, 4),
    ("category.社会民生.total", lambda i: i.portfolio.by_category["社会民生"].total, "59000"),
    ("category.基础设施.count", lambda i: i.portfolio.by_category["基础设施"].count, 3),
    ("category.基础设施.total", lambda i: i.portfolio.by_category["基础设施"].total, "158000"),
    ("category.未分类.count", lambda i: i.portfolio.by_category["未分类"].count, 1),
    # Starts: 新开工 E2 E3 W3 W4 = 4, started E2 W3 W4 = 3.
    ("starts.new_year", lambda i: i.starts.new_year, 4),
    ("starts.new_started_year", lambda i: i.starts.new_started_year, 3),
    # Due by June: E2 (3月), E3 (5月), W3 (4月); W4 is planned for September.
    ("starts.new_due", lambda i: i.starts.new_due, 3),
    ("starts.new_planned", lambda i: i.starts.new_planned, 3),
    ("starts.new_started", lambda i: i.starts.new_started, 2),
    # W4 started in May, ahead of its September plan.
    ("starts.early_started", lambda i: i.starts.early_started, 1),
    # 续建 E1 W1 W2 S1 S2 = 5, resumed all but W2 = 4.
    ("starts.continuing", lambda i: i.starts.continuing, 5),
    ("starts.resumed", lambda i: i.starts.resumed, 4),
    # 建设项目 11; started E1 E2 E5(竣工, flag no) W1 W3 W4 S1 S2 S4 = 9.
    ("starts.construction", lambda i: i.starts.construction, 11),
    ("starts.started", lambda i: i.starts.started, 9),
    ("starts.target", lambda i: i.starts.target, "unset"),
    # Bands: ≥10亿 E1 W1 S1(exactly 100000); 5–10亿 E2 W3 S4(exactly 50000);
    # 1–5亿 E3 E5 W4; <1亿 E4 W2 S2 S3.
    ("band0.count", lambda i: i.bands[0].count, 3),
    ("band0.total", lambda i: i.bands[0].total, "420000"),
    ("band1.count", lambda i: i.bands[1].count, 3),
    ("band1.total", lambda i: i.bands[1].total, "160000"),
    ("band2.count", lambda i: i.bands[2].count, 3),
    ("band2.total", lambda i: i.bands[2].total, "65000"),
    ("band3.count", lambda i: i.bands[3].count, 4),
    # 8000 + 9000 + 5000 + 3000
    ("band3.total", lambda i: i.bands[3].total, "25000"),
    # Units.  东城区: 5 projects, Σ total 233000, planned 40000, completed 19000.
    ("东城区.count", lambda i: i.units[0].count, 5),
    ("东城区.total", lambda i: i.units[0].total, "233000"),
    ("东城区.planned", lambda i: i.units[0].planned, "40000"),
    ("东城区.completed", lambda i: i.units[0].completed, "19000"),
    # 建设项目 E1 E2 E3 E5, started E1 E2 E5.
    ("东城区.construction", lambda i: i.units[0].construction, 4),
    ("东城区.started", lambda i: i.units[0].started, 3),
    ("东城区.target_investment", lambda i: i.units[0].target_investment, "50000"),
    ("东城区.target_new_starts", lambda i: i.units[0].target_new_starts, 2),
    ("西城区.count", lambda i: i.units[1].count, 4),
    ("西城区.total", lambda i: i.units[1].total, "279000"),
    ("西城区.completed", lambda i: i.units[1].completed, "20000"),
    ("西城区.target_investment", lambda i: i.units[1].target_investment, "unset"),
    ("南城区.count", lambda i: i.units[2].count, 4),
    ("南城区.total", lambda i: i.units[2].total, "158000"),
    ("南城区.planned", lambda i: i.units[2].planned, "15000"),
    ("南城区.completed", lambda i: i.units[2].completed, "7500"),
    ("南城区.new_planned", lambda i: i.units[2].new_planned, 0),
    ("北城区.count", lambda i: i.units[3].count, 0),
    ("北城区.total", lambda i: i.units[3].total, "0"),
]


@pytest.mark.parametrize(
    ("get", "expected"), [q[1:] for q in QUANTITIES], ids=[q[0] for q in QUANTITIES]
)
def test_quantity_of_small_report(ind: Indicators, get: Get, expected: int | str) -> None:
    """Each count and amount equals the hand-computed figure, in its own unit."""
    q = get(ind)
    if expected == "unset":
        assert q is None
        return
    assert isinstance(q, Quantity)
    if isinstance(expected, int):
        assert q.unit == "个"
        assert type(q.value) is int
        assert q.value == expected
    else:
        assert q.unit == "万元"
        assert isinstance(q.value, Decimal)
        assert q.value == Decimal(expected)


# (id, getter, numerator, denominator, value rounded to 4 places or None)
RATIOS: list[tuple[str, Get, str, str, str | None]] = [
    # 46500 ÷ 95000 = 48.947368…%
    ("completion_rate", lambda i: i.progress.completion_rate, "46500", "95000", "48.9474"),
    # 6 months of 12
    ("schedule", lambda i: i.progress.schedule, "6", "12", "50.0000"),
    ("all.count_share", lambda i: i.portfolio.all.count_share, "13", "13", "100.0000"),
    # 2 of 13 in 前期 → 15.3846%
    (
        "stage.前期.count_share",
        lambda i: i.portfolio.by_stage["前期"].count_share,
        "2",
        "13",
        "15.3846",
    ),
    # 434000 ÷ 670000 = 64.776119…%
    (
        "stage.续建.total_share",
        lambda i: i.portfolio.by_stage["续建"].total_share,
        "434000",
        "670000",
        "64.7761",
    ),
    # 36400 ÷ 64000 = 56.875%
    (
        "stage.续建.completion_rate",
        lambda i: i.portfolio.by_stage["续建"].completion_rate,
        "36400",
        "64000",
        "56.8750",
    ),
    # 4600 ÷ 23000 = 20%
    (
        "stage.新开工.completion_rate",
        lambda i: i.portfolio.by_stage["新开工"].completion_rate,
        "4600",
        "23000",
        "20.0000",
    ),
    # 5500 ÷ 7000 = 78.571428…%
    (
        "stage.竣工.completion_rate",
        lambda i: i.portfolio.by_stage["竣工"].completion_rate,
        "5500",
        "7000",
        "78.5714",
    ),
    # 5 of 13 产业转型 → 38.4615%; 433000 ÷ 670000 = 64.626866%
    (
        "category.产业转型.count_share",
        lambda i: i.portfolio.by_category["产业转型"].count_share,
        "5",
        "13",
        "38.4615",
    ),
    (
        "category.产业转型.total_share",
        lambda i: i.portfolio.by_category["产业转型"].total_share,
        "433000",
        "670000",
        "64.6269",
    ),
    # 68000 ÷ 95000 = 71.578947…%
    (
        "category.产业转型.planned_share",
        lambda i: i.portfolio.by_category["产业转型"].planned_share,
        "68000",
        "95000",
        "71.5789",
    ),
    # 35000 ÷ 46500 = 75.268817…%
    (
        "level.省级.completed_share",
        lambda i: i.portfolio.by_level["省级"].completed_share,
        "35000",
        "46500",
        "75.2688",
    ),
    # 35000 ÷ 60000 = 58.3333%
    (
        "level.省级.completion_rate",
        lambda i: i.portfolio.by_level["省级"].completion_rate,
        "35000",
        "60000",
        "58.3333",
    ),
    # W4 alone has no plan: undefined, not 0
    (
        "level.未定级.completion_rate",
        lambda i: i.portfolio.by_level["未定级"].completion_rate,
        "0",
        "0",
        None,
    ),
    # 新开工率 (to_date): 2 of the 3 due started → 66.6667%
    ("starts.new_start_rate", lambda i: i.starts.new_start_rate, "2", "3", "66.6667"),
    # year basis: 3 of 4 → 75%
    ("starts.new_start_rate_year", lambda i: i.starts.new_start_rate_year, "3", "4", "75.0000"),
    # 复工率 4 of 5 → 80%
    ("starts.resume_rate", lambda i: i.starts.resume_rate, "4", "5", "80.0000"),
    # 开工率 on 建设项目 9 of 11 → 81.8182%
    ("starts.start_rate", lambda i: i.starts.start_rate, "9", "11", "81.8182"),
    # 开复工率 (2 + 4) ÷ (3 + 5) = 75%
    ("starts.start_resume_rate", lambda i: i.starts.start_resume_rate, "6", "8", "75.0000"),
    # Bands: <1亿 4 of 13 → 30.7692%; ≥10亿 420000 ÷ 670000 = 62.686567%
    ("band3.count_share", lambda i: i.bands[3].count_share, "4", "13", "30.7692"),
    ("band0.total_share", lambda i: i.bands[0].total_share, "420000", "670000", "62.6866"),
    # 东城区 19000 ÷ 40000 = 47.5%; 3 of 4 建设项目 started = 75%; 1 of 2 due = 50%
    ("东城区.completion_rate", lambda i: i.units[0].completion_rate, "19000", "40000", "47.5000"),
    ("东城区.start_rate", lambda i: i.units[0].start_rate, "3", "4", "75.0000"),
    ("东城区.new_start_rate", lambda i: i.units[0].new_start_rate, "1", "2", "50.0000"),
    ("东城区.resume_rate", lambda i: i.units[0].resume_rate, "1", "1", "100.0000"),
    # target 50000: 19000 ÷ 50000 = 38%; new starts 1 (E2) of target 2 = 50%
    ("东城区.target_rate", lambda i: i.units[0].target_rate, "19000", "50000", "38.0000"),
    (
        "东城区.new_start_target_rate",
        lambda i: i.units[0].new_start_target_rate,
        "1",
        "2",
        "50.0000",
    ),
    # 西城区 20000 ÷ 40000 = 50%; W3 only due, started → 100%; 1 of 2 续建 resumed
    ("西城区.completion_rate", lambda i: i.units[1].completion_rate, "20000", "40000", "50.0000"),
    ("西城区.new_start_rate", lambda i: i.units[1].new_start_rate, "1", "1", "100.0000"),
    ("西城区.start_rate", lambda i: i.units[1].start_rate, "3", "4", "75.0000"),
    ("西城区.resume_rate", lambda i: i.units[1].resume_rate, "1", "2", "50.0000"),
    # 南城区 7500 ÷ 15000 = 50%; no new starts planned → undefined
    ("南城区.completion_rate", lambda i: i.units[2].completion_rate, "7500", "15000", "50.0000"),
    ("南城区.new_start_rate", lambda i: i.units[2].new_start_rate, "0", "0", None),
    ("南城区.start_rate", lambda i: i.units[2].start_rate, "3", "3", "100.0000"),
    # 北城区 has no projects: every rate undefined; its share of count is 0 of 13
    ("北城区.completion_rate", lambda i: i.units[3].completion_rate, "0", "0", None),
    ("北城区.new_start_rate", lambda i: i.units[3].new_start_rate, "0", "0", None),
    ("北城区.count_share", lambda i: i.units[3].count_share, "0", "13", "0.0000"),
    # 双过半: the 50% threshold, and new starts over the year 3 of 4
    ("double_half.threshold", lambda i: half(i).threshold, "1", "2", "50.0000"),
    ("double_half.starts", lambda i: half(i).starts, "3", "4", "75.0000"),
    # 环比 base rate: 31000 ÷ this year's plan 95000 = 32.631579%
    (
        "mom.completion_rate",
        lambda i: i.comparisons.mom.completion_rate,
        "31000",
        "95000",
        "32.6316",
    ),
    # E2: 3000 ÷ 10000 = 30%
    (
        "project.E2.completion_rate",
        lambda i: i.projects[1].completion_rate,
        "3000",
        "10000",
        "30.0000",
    ),
    ("project.W4.completion_rate", lambda i: i.projects[8].completion_rate, "0", "0", None),
]


@pytest.mark.parametrize(
    ("get", "numerator", "denominator", "expected"),
    [r[1:] for r in RATIOS],
    ids=[r[0] for r in RATIOS],
)
def test_ratio_of_small_report(
    ind: Indicators, get: Get, numerator: str, denominator: str, expected: str | None
) -> None:
    """Each rate keeps numerator and denominator and equals the hand figure; 0/0 is undefined."""
    r = get(ind)
    assert isinstance(r, Ratio)
    assert (r.numerator, r.denominator) == (Decimal(numerator), Decimal(denominator))
    assert r4(r.value) == (None if expected is None else Decimal(expected))
    assert r.defined is (expected is not None)


# (id, getter, value rounded to 4 places or None)
GAPS: list[tuple[str, Get, str | None]] = [
    # 48.947368 − 50 = −1.052632 个百分点
    ("progress.schedule_gap", lambda i: i.progress.schedule_gap, "-1.0526"),
    ("double_half.investment_gap", lambda i: half(i).investment_gap, "-1.0526"),
    ("double_half.starts_gap", lambda i: half(i).starts_gap, "25.0000"),
    ("东城区.schedule_gap", lambda i: i.units[0].schedule_gap, "-2.5000"),
    ("北城区.schedule_gap", lambda i: i.units[3].schedule_gap, None),
    # 48.947368 − 32.631579 = 16.315789 (15500 ÷ 95000)
    ("mom.completion_rate_change", lambda i: i.comparisons.mom.completion_rate_change, "16.3158"),
    ("project.E3.schedule_gap", lambda i: i.projects[2].schedule_gap, "-50.0000"),
]


@pytest.mark.parametrize(("get", "expected"), [g[1:] for g in GAPS], ids=[g[0] for g in GAPS])
def test_gap_of_small_report(ind: Indicators, get: Get, expected: str | None) -> None:
    """Each 个百分点 gap is the raw difference of its two rates, both kept for printing."""
    g = get(ind)
    assert isinstance(g, Gap)
    assert g.unit == "个百分点"
    assert r4(g.value) == (None if expected is None else Decimal(expected))
    if g.value is not None:
        assert g.minuend.value is not None and g.subtrahend.value is not None
        assert g.value == g.minuend.value - g.subtrahend.value


# (id, getter, current, base, growth rounded to 4 places or None, change)
GROWTHS: list[tuple[str, Get, str, str | None, str | None]] = [
    # 同比: (46500 − 37200) ÷ 37200 = 25%
    ("yoy.completed", lambda i: i.comparisons.yoy.completed, "46500", "37200", "25.0000"),
    # 9 started now, 8 a year ago → 12.5%
    ("yoy.started", lambda i: i.comparisons.yoy.started, "9", "8", "12.5000"),
    # the file gives no project count for last year
    ("yoy.projects", lambda i: i.comparisons.yoy.projects, "13", None, None),
    # 环比: (46500 − 31000) ÷ 31000 = 50%
    ("mom.completed", lambda i: i.comparisons.mom.completed, "46500", "31000", "50.0000"),
    # 9 vs 7 → 28.5714%
    ("mom.started", lambda i: i.comparisons.mom.started, "9", "7", "28.5714"),
    # 13 vs 13 → 0%, defined
    ("mom.projects", lambda i: i.comparisons.mom.projects, "13", "13", "0.0000"),
]


@pytest.mark.parametrize(
    ("get", "current", "base", "expected"), [g[1:] for g in GROWTHS], ids=[g[0] for g in GROWTHS]
)
def test_growth_of_small_report(
    ind: Indicators, get: Get, current: str, base: str | None, expected: str | None
) -> None:
    """同比 and 环比 growth is (current − base) ÷ base, None without a base."""
    g = get(ind)
    assert isinstance(g, Growth)
    assert Decimal(g.current) == Decimal(current)
    assert (None if g.base is None else Decimal(g.base)) == (
        None if base is None else Decimal(base)
    )
    assert r4(g.value) == (None if expected is None else Decimal(expected))
    if base is not None:
        assert g.change == Decimal(current) - Decimal(base)


def names(items: Any) -> list[str]:
    """Project or unit names of a sequence of figures or rank entries."""
    out = []
    for item in items:
        if hasattr(item, "project"):
            out.append(item.project.name)
        elif hasattr(item, "rank"):
            out.append(item.unit.name)
        else:
            out.append(item.name)
    return out


LISTS: list[tuple[str, Get, list[str]]] = [
    # Printed 50.0 ties: 西城区 (completed 20000) before 南城区 (7500); 东城区 47.5.
    (
        "completion.entries",
        lambda i: i.rankings.by_completion.entries,
        ["西城区", "南城区", "东城区"],
    ),
    ("completion.unranked", lambda i: i.rankings.by_completion.unranked, ["北城区"]),
    # top_n = 1: both units sharing first place.
    ("completion.top", lambda i: i.rankings.by_completion.top, ["西城区", "南城区"]),
    ("completion.bottom", lambda i: i.rankings.by_completion.bottom, ["东城区"]),
    # 西城区 100%, 东城区 50%; 南城区 has no planned new starts, 北城区 no projects.
    ("new_start.entries", lambda i: i.rankings.by_new_start.entries, ["西城区", "东城区"]),
    ("new_start.unranked", lambda i: i.rankings.by_new_start.unranked, ["南城区", "北城区"]),
    ("new_start.top", lambda i: i.rankings.by_new_start.top, ["西城区"]),
    ("new_start.bottom", lambda i: i.rankings.by_new_start.bottom, ["东城区"]),
    # 47.5 < 50.0; 西城区 and 南城区 print 50.0 = 序时进度, not behind.
    ("units_behind", lambda i: i.units_behind, ["东城区"]),
    # Printed gaps: E3 −50, W2 −30, W3 −30 (file order), E2 −20; E1 W1 S1 S2 are
    # not behind; E4/S3 are 前期, W4 has no plan, E5/S4 are 竣工.
    # E3 (new start due, not started) and W2 (续建 not resumed) are reported as
    # not started, not as lagging.
    ("lagging", lambda i: i.lagging, ["W3", "E2"]),
    ("due_not_started", lambda i: i.starts.due_not_started, ["E3"]),
    # top_n = 1
    ("largest", lambda i: i.largest, ["W1"]),
    # E5 finished in May; S4 is marked 竣工 in July, after the period.
    ("finished", lambda i: i.finished, ["E5"]),
    ("units", lambda i: i.units, ["东城区", "西城区", "南城区", "北城区"]),
    ("by_stage", lambda i: list(i.portfolio.by_stage.values()), ["前期", "新开工", "续建", "竣工"]),
    ("by_level", lambda i: list(i.portfolio.by_level.values()), ["省级", "市级", "县级", "未定级"]),
    (
        "by_category",
        lambda i: list(i.portfolio.by_category.values()),
        ["产业转型", "社会民生", "基础设施", "未分类"],
    ),
]


@pytest.mark.parametrize(("get", "expected"), [x[1:] for x in LISTS], ids=[x[0] for x in LISTS])
def test_list_of_small_report(ind: Indicators, get: Get, expected: list[str]) -> None:
    """Rankings, named projects and breakdowns list the hand-picked members in order."""
    assert names(get(ind)) == expected


def test_completion_ranking_shares_first_place(ind: Indicators) -> None:
    """Equal printed rates share a rank and the next rank is skipped (1, 1, 3)."""
    entries = ind.rankings.by_completion.entries
    assert [(e.rank, e.tied) for e in entries] == [(1, True), (1, True), (3, False)]


def test_flags_of_small_report(ind: Indicators) -> None:
    """Yes/no judgements: behind schedule, 双过半, full resumption, project flags."""
    dh = ind.progress.double_half
    assert dh is not None
    # 48.9 < 50.0: not met; new starts 75.0 ≥ 50.0: met.
    assert (dh.met, dh.investment_met, dh.starts_met) == (False, False, True)
    assert dh.starts is ind.starts.new_start_rate_year
    assert dh.investment is ind.progress.completion_rate
    assert ind.progress.behind_schedule is True
    assert ind.starts.all_resumed is False  # W2 not resumed
    assert ind.starts.basis == "to_date"
    assert [u.behind_schedule for u in ind.units] == [True, False, False, None]
    assert [u.has_projects for u in ind.units] == [True, True, True, False]
    assert [pf.start_due for pf in ind.projects[:4]] == [None, True, True, None]
    assert ind.projects[8].start_due is False  # W4, planned for September
    assert ind.starts.due_not_started[0].project.problems == ["征地拆迁未完成"]
    assert (ind.comparisons.yoy.source, ind.comparisons.mom.source) == ("inline", "inline")
    # 同比 without a plan for last year: no base completion rate.
    assert ind.comparisons.yoy.completion_rate is None
    assert (ind.year, ind.end_month, ind.scope) == (2025, 6, "全市")


def test_bands_carry_bounds_as_data(ind: Indicators) -> None:
    """Size bands are ≥10亿, 5–10亿, 1–5亿, <1亿 with numeric bounds in 万元, lower inclusive."""
    bounds = [(b.lower, b.upper) for b in ind.bands]
    assert bounds == [
        (Decimal(100000), None),
        (Decimal(50000), Decimal(100000)),
        (Decimal(10000), Decimal(50000)),
        (None, Decimal(10000)),
    ]
    assert sum(b.count.value for b in ind.bands) == 13


def test_every_figure_is_unformatted_and_explained(ind: Indicators) -> None:
    """all_figures lists numbers (Decimal/int/None), never text, each with a label and formula."""
    figures = ind.all_figures()
    assert len(figures) == len({id(f) for f in figures})
    labels = [f.label for f in figures]
    assert len(labels) == len(set(labels)), "labels name one figure each"
    for f in figures:
        assert f.label and f.formula
        assert isinstance(f.value, Decimal | int | type(None))
    assert ind.progress.completion_rate in figures
    assert ind.progress.completion_rate.label == "全市重点项目投资完成率"
    assert ind.progress.completion_rate.formula == "累计完成投资 ÷ 年度计划投资"


def test_ratio_value_is_unrounded() -> None:
    """A ratio keeps 28 significant digits: 47 ÷ 99 = 47.474747…%."""
    r = Ratio("x", "a ÷ b", Decimal(47), Decimal(99))
    assert r.value == Decimal("47.47474747474747474747474747")
    assert r.exact is not None and r.exact * 99 == 4700


def test_compute_is_pure() -> None:
    """Computing twice from the same report gives equal figures and leaves the report unchanged."""
    report = build(small_data())
    before = report.model_dump()
    a, b = compute(report), compute(report)
    assert [(f.label, f.value) for f in a.all_figures()] == [
        (f.label, f.value) for f in b.all_figures()
    ]
    assert report.model_dump() == before


# --- edge cases ------------------------------------------------------------


def test_no_planned_new_starts_is_undefined_not_zero() -> None:
    """Without 新开工 projects the 新开工率 is undefined (None), never 0, and nothing crashes."""
    projects = [p for p in PROJECTS if p["stage"] != "新开工"]
    ind = compute(build(small_data(projects=projects)))
    for r in (ind.starts.new_start_rate, ind.starts.new_start_rate_year):
        assert r.value is None and not r.defined
    dh = ind.progress.double_half
    assert dh is not None and dh.starts_met is None and dh.starts_gap.value is None
    assert ind.rankings.by_new_start.entries == ()
    assert names(ind.rankings.by_new_start.unranked) == ["东城区", "西城区", "南城区", "北城区"]
    assert ind.starts.due_not_started == ()


def test_no_projects_at_all() -> None:
    """An empty ledger yields zero counts and undefined rates without error."""
    ind = compute(build(small_data(projects=[])))
    assert ind.portfolio.all.count.value == 0
    assert ind.progress.completion_rate.value is None
    assert ind.progress.behind_schedule is None
    assert ind.portfolio.all.count_share.value is None
    assert ind.comparisons.yoy.completed.value == Decimal(-100)
    assert ind.rankings.by_completion.entries == ()
    assert ind.largest == () and ind.lagging == ()


def test_double_half_only_at_june() -> None:
    """双过半 is judged only when the period ends in June."""
    ind = compute(build(small_data(period={"year": 2025, "month": 5})))
    assert ind.progress.double_half is None
    assert ind.progress.schedule.numerator == 5


@pytest.mark.parametrize(
    ("basis", "numerator", "denominator"),
    [
        # to_date: E2 E3 W3 due, E2 W3 started.
        ("to_date", 2, 3),
        # year: E2 E3 W3 W4, E2 W3 W4 started.
        ("year", 3, 4),
    ],
    ids=["to_date", "year"],
)
def test_new_start_rate_basis(basis: str, numerator: int, denominator: int) -> None:
    """settings.start_rate_basis picks the denominator of the 新开工率, stated in the formula."""
    ind = compute(build(small_data(settings={"start_rate_basis": basis})))
    r = ind.starts.new_start_rate
    assert (r.numerator, r.denominator) == (Decimal(numerator), Decimal(denominator))
    assert ("截至6月" in r.formula) is (basis == "to_date")


@pytest.mark.parametrize(
    ("period", "numerator", "denominator"),
    [
        # 2025-06-30 is day 181 of 365
        ({"year": 2025, "month": 6}, 181, 365),
        # 2024 is a leap year: 2024-06-30 is day 182 of 366
        ({"year": 2024, "month": 6}, 182, 366),
        # as_of 2025-03-05: 31 + 28 + 5 = 64
        ({"year": 2025, "quarter": 1, "as_of": "2025-03-05"}, 64, 365),
        ({"year": 2025, "full_year": True}, 365, 365),
    ],
    ids=["june", "leap-june", "as-of", "full-year"],
)
def test_schedule_by_days(period: dict[str, Any], numerator: int, denominator: int) -> None:
    """序时进度 by days is the day of the year of as_of (or the period's end) ÷ days in the year."""
    ind = compute(build(small_data(period=period, settings={"schedule_basis": "days"})))
    s = ind.progress.schedule
    assert (s.numerator, s.denominator) == (Decimal(numerator), Decimal(denominator))


@pytest.mark.parametrize(
    ("planned_start", "started", "lagging"),
    [
        # Due but not started: counted in due_not_started, never as lagging.
        (6, False, False),
        (7, False, False),  # planned for July: not yet due, not lagging
        (7, True, True),  # started early: judged like any project under way
    ],
    ids=["due", "not-yet-due", "started-early"],
)
def test_new_start_lags_only_once_under_way(
    planned_start: int, started: bool, lagging: bool
) -> None:
    """A 新开工 project is judged for lagging once due or started, not before."""
    project = _project(
        "N", "东城区", "新开工", None, None, 50000, 10000, 0, started, planned_start=planned_start
    )
    ind = compute(build(small_data(projects=[project])))
    assert ind.projects[0].lagging is lagging


@pytest.mark.parametrize(
    ("completed", "lagging"),
    [
        # 序时进度 50.0; threshold 10 个百分点; planned 10000.
        ("4000", False),  # 40.0: exactly 10 behind, not more
        ("3996", False),  # 39.96 prints 40.0: a reader sees 10.0
        ("3994", True),  # 39.94 prints 39.9: 10.1 behind
        ("6000", False),
    ],
    ids=["exactly-threshold", "prints-at-threshold", "beyond", "ahead"],
)
def test_lagging_threshold(completed: str, lagging: bool) -> None:
    """A project lags when its printed rate is more than lag_threshold below printed 序时进度."""
    project = _project("P", "东城区", "续建", None, None, 50000, 10000, completed, True)
    ind = compute(build(small_data(projects=[project])))
    assert ind.projects[0].lagging is lagging
    assert names(ind.lagging) == (["P"] if lagging else [])


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        # planned 10000 each; 东 and 西 complete the same, so file order decides.
        (("5000", "5000", "5000"), [(1, "东城区"), (1, "西城区"), (1, "南城区")]),
        # 南 ties on rate but completes more: it goes first within the tie.
        (("5000", "5000", "5000.4"), [(1, "南城区"), (1, "东城区"), (1, "西城区")]),
        # 50.004% prints 50.0: still a tie as a reader sees it.
        (("5000", "4000", "5000.4"), [(1, "南城区"), (1, "东城区"), (3, "西城区")]),
        (("4000", "6000", "5000"), [(1, "西城区"), (2, "南城区"), (3, "东城区")]),
    ],
    ids=["file-order", "completed-desc", "printed-tie", "no-tie"],
)
def test_ranking_tie_rule(completed: tuple[str, str, str], expected: list[tuple[int, str]]) -> None:
    """Equal printed rates share a rank; within a tie, completed desc, then file order."""
    projects = [
        _project(f"P{n}", unit, "续建", None, None, 50000, 10000, done, True)
        for n, (unit, done) in enumerate(
            zip(("东城区", "西城区", "南城区"), completed, strict=True)
        )
    ]
    ind = compute(build(small_data(projects=projects)))
    got = [(e.rank, e.unit.name) for e in ind.rankings.by_completion.entries]
    assert got == expected


def test_yoy_from_loaded_report() -> None:
    """同比 from a loaded last-year report uses its totals, and its plan for the base rate."""
    last = build(small_data(period={"year": 2024, "month": 6}, projects=PROJECTS[:2]))
    report = build(small_data(last_year="2024.yaml")).model_copy(update={"last_year_report": last})
    yoy = compute(report).comparisons.yoy
    assert yoy.source == "report"
    # last year: E1 + E2 completed 12000 + 3000 = 15000, both started, 2 projects
    assert (yoy.completed.base, yoy.started.base, yoy.projects.base) == (Decimal(15000), 2, 2)
    # (46500 − 15000) ÷ 15000 = 210%
    assert yoy.completed.value == Decimal(210)
    # 15000 ÷ (20000 + 10000) = 50%
    assert yoy.completion_rate is not None and yoy.completion_rate.value == Decimal(50)


def test_yoy_from_projects_is_like_for_like() -> None:
    """Without a file-level base, 同比 compares the projects that give last year's figure."""
    projects = [dict(p) for p in PROJECTS]
    projects[0]["last_year"] = {"completed": 10000}  # E1 now 12000
    projects[5]["last_year"] = {"completed": 20000}  # W1 now 18000
    ind = compute(build(small_data(projects=projects, last_year=None)))
    yoy = ind.comparisons.yoy
    assert yoy.source == "projects"
    # (12000 + 18000) vs (10000 + 20000): 0%
    assert (yoy.completed.current, yoy.completed.base) == (Decimal(30000), Decimal(30000))
    assert yoy.completed.value == 0
    assert yoy.started.value is None and yoy.completion_rate is None
    assert "2个项目" in yoy.completed.formula


def test_no_base_means_no_growth() -> None:
    """Without any base the comparisons are unavailable and every growth is None."""
    ind = compute(build(small_data(last_year=None, previous=None)))
    for c in (ind.comparisons.yoy, ind.comparisons.mom):
        assert not c.available
        assert c.completed.value is None and c.completed.change is None
        assert c.completion_rate is None and c.completion_rate_change is None


def test_undeclared_unit_and_category_are_kept() -> None:
    """Projects naming a unit or category not declared still count, after the declared ones."""
    report = build(small_data())
    extra = report.projects[0].model_copy(update={"unit": "开发区", "category": "其他"})
    report = report.model_copy(update={"projects": [*report.projects, extra]})
    ind = compute(report)
    assert names(ind.units)[-1] == "开发区"
    assert ind.units[-1].count.value == 1
    # 未分类 first appears with W4, 其他 with the added project.
    assert list(ind.portfolio.by_category) == ["产业转型", "社会民生", "基础设施", "未分类", "其他"]


# --- seed 004 ---------------------------------------------------------------


def seed_004() -> Report:
    """248 provincial projects: 78 前期, 100 续建 all resumed, 70 新开工 of which 55 started."""
    projects: list[dict[str, Any]] = []
    # 135 产业转型, 82 社会民生, 31 基础设施, spread over the stages in order.
    categories = ["产业转型"] * 135 + ["社会民生"] * 82 + ["基础设施"] * 31
    stages = ["前期"] * 78 + ["续建"] * 100 + ["新开工"] * 70
    for n, (stage, category) in enumerate(zip(stages, categories, strict=True)):
        new_index = n - 178
        started = stage == "续建" or (stage == "新开工" and new_index < 55)
        extra = {"planned_start": 3} if stage == "新开工" else {}
        projects.append(
            _project(
                f"项目{n}", "太原市", stage, "省级", category, 10000, 1000, 0, started, **extra
            )
        )
    return build(
        {
            "document": {"region": "山西省", "issuer": "山西省发展和改革委员会"},
            "period": {"year": 2020, "quarter": 1},
            "categories": ["产业转型", "社会民生", "基础设施"],
            "units": ["太原市"],
            "projects": projects,
        }
    )


def test_seed_004_provincial_figures() -> None:
    """Seed 004: 135/248 = 54.4%, 82/248 = 33.1%, 开工率 155/170 = 91.2%, 续建全面复工."""
    ind = compute(seed_004())
    cats = ind.portfolio.by_category
    assert ind.portfolio.all.count.value == 248
    assert ind.portfolio.by_stage["前期"].count.value == 78
    assert ind.portfolio.construction.count.value == 170
    assert r1(cats["产业转型"].count_share.value) == Decimal("54.4")
    assert r1(cats["社会民生"].count_share.value) == Decimal("33.1")
    assert (ind.starts.started.value, ind.starts.construction.value) == (155, 170)
    assert r1(ind.starts.start_rate.value) == Decimal("91.2")
    assert ind.starts.all_resumed is True
    assert ind.scope == "全省"


# --- module boundaries -------------------------------------------------------


def test_import_loads_neither_jinja_nor_docx() -> None:
    """Importing bulletin.indicators loads no template engine and no Word library."""
    code = (
        "import sys, bulletin.indicators\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'jinja2', 'docx', 'lxml'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


@pytest.mark.parametrize(
    ("completed", "behind", "met"),
    [
        # planned 10000, 序时进度 6/12 prints 50.0
        ("4996", False, True),  # 49.96 prints 50.0: level with 序时进度, 双过半 met
        ("4994", True, False),  # 49.94 prints 49.9
        ("5000", False, True),
    ],
    ids=["prints-equal", "prints-below", "exact"],
)
def test_judgements_use_printed_rates(completed: str, behind: bool, met: bool) -> None:
    """Behind 序时进度 and 双过半 compare the rates as printed, as a reader checks them."""
    project = _project("P", "东城区", "续建", None, None, 50000, 10000, completed, True)
    ind = compute(build(small_data(projects=[project])))
    assert ind.progress.behind_schedule is behind
    assert ind.units[0].behind_schedule is behind
    assert half(ind).investment_met is met


def test_bottom_leaves_out_units_in_top() -> None:
    """With top_n = 2 of three ranked units, the bottom holds only the one not in the top."""
    projects = [
        _project(f"P{n}", unit, "续建", None, None, 50000, 10000, done, True)
        for n, (unit, done) in enumerate(
            zip(("东城区", "西城区", "南城区"), ("6000", "5000", "4000"), strict=True)
        )
    ]
    ranking = compute(build(small_data(projects=projects, settings={"top_n": 2})))
    by = ranking.rankings.by_completion
    assert names(by.top) == ["东城区", "西城区"]
    assert names(by.bottom) == ["南城区"]


def test_completion_stage_without_completion_month_is_still_under_way() -> None:
    """A 竣工-stage project with no completed_month is planned to finish, not finished."""
    data = small_data()
    s4 = next(p for p in data["projects"] if p["name"] == "S4")
    s4.pop("completed_month")
    ind = compute(build(data))
    assert [pf.project.name for pf in ind.finished] == ["E5"]
    s4_figures = next(pf for pf in ind.projects if pf.project.name == "S4")
    # Started and at 50.0% against 序时进度 50.0%: under way, judged, not behind.
    assert s4_figures.lagging is False
