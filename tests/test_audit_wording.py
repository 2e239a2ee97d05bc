"""Sentences an audit on unseen ledgers found false or unreadable, each on both sides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bulletin.compose import Composer, compose
from bulletin.doctree import Heading, Paragraph
from bulletin.model import Report
from bulletin.source import load_report
from conftest import body_lines

CTX = {"amount_unit": "万元"}
COMPOSER = Composer()


def _p(unit: str, stage: str, planned: int, completed: int, **extra: Any) -> dict[str, Any]:
    """One project in 万元; started unless it is 前期 or said otherwise."""
    return {
        "name": extra.pop("name", None) or f"{unit}{stage}工程",
        "unit": unit,
        "stage": stage,
        "total": extra.pop("total", planned * 4),
        "planned": planned,
        "completed": completed,
        "started": extra.pop("started", stage != "前期"),
        **extra,
    }


def _report(projects: list[dict[str, Any]], month: int = 6, **top: Any) -> Report:
    """1—``month``月 2025 of 示例市, with a 推进会 and one commendee; ``top`` replaces keys."""
    for i, p in enumerate(projects):
        if p["name"].endswith("工程"):
            p["name"] = f"{p['name']}{'甲乙丙丁戊己庚辛壬癸'[i % 10]}段"
    data: dict[str, Any] = {
        "document": {"region": "示例市", "issuer": "示例市重点项目建设领导小组办公室"},
        "period": {"year": 2025, "month": month},
        "units": list(dict.fromkeys(p["unit"] for p in projects)),
        "projects": projects,
        "meeting": {"name": "全市重点项目建设推进会", "date": "2025-07-10", "speaker": "市长 王某"},
        "commendations": {"units": [{"name": projects[0]["unit"], "reason": "进度快"}]},
    }
    data.update(top)
    return Report.model_validate(data, context=CTX)


def _body(report: Report, kind: str) -> str:
    """The body's headings and paragraphs, one a line."""
    return "\n".join(body_lines(compose(report, kind, composer=COMPOSER)))


def _december(completed: int) -> Report:
    """December: one unit's two projects of 1000 each, ``completed`` in total."""
    return _report(
        [
            _p("东城区", "续建", 1000, completed // 2, start_month=1),
            _p("西城区", "续建", 1000, completed - completed // 2, start_month=1),
        ],
        month=12,
    )


def _due(started: int, due: int = 3) -> Report:
    """June; ``due`` new projects planned to start in March, ``started`` of them have."""
    return _report(
        [_p("东城区", "续建", 1000, 400, start_month=1)]
        + [
            _p(
                "西城区",
                "新开工",
                1000,
                0,
                planned_start=3,
                started=i < started,
                name=f"西城区第{i + 1}标段工程",
            )
            for i in range(due)
        ]
    )


def _lagging(lagging: int, projects: int = 2) -> Report:
    """June; ``lagging`` of ``projects`` started projects at 30% (20 behind), the rest at 60%."""
    return _report(
        [
            _p(
                "东城区" if i % 2 else "西城区",
                "续建",
                1000,
                300 if i < lagging else 600,
                start_month=1,
            )
            for i in range(projects)
        ]
    )


def _visits(categories: list[str | None], big: int = 0) -> Report:
    """A 观摩推进会 that saw one project of each of ``categories`` (None: no category),
    the first ``big`` of them of 2亿元, the rest of 4000万元."""
    projects = [
        _p(
            "东城区",
            "续建",
            1000,
            480,
            start_month=1,
            name=f"观摩项目{i}甲号",
            category=c,
            total=20000 if i < big else 4000,
        )
        for i, c in enumerate(categories)
    ]
    for p in projects:
        if p["category"] is None:
            del p["category"]
    named = sorted({c for c in categories if c})
    return _report(
        projects,
        categories=named,
        meeting={
            "name": "全市重点项目建设观摩推进会",
            "kind": "观摩推进会",
            "date": "2025-07-10",
            "speaker": "市长 王某",
            "visits": [p["name"] for p in projects],
        },
    )


def _lag_tie(tied: int) -> Report:
    """June; one project at 20%, ``tied`` at 30%, one at 35% — all lagging, more than list_max."""
    rates = [200] + [300] * tied + [350]
    return _report(
        [
            _p(
                "东城区",
                "续建",
                1000,
                c,
                start_month=1,
                name=f"滞后项目{'甲乙丙丁戊己庚辛壬癸'[i]}号",
            )
            for i, c in enumerate(rates)
        ]
    )


def _target(target: int) -> Report:
    """June; a plan of 2000 in all, 900 done, and a year's target of ``target``."""
    return _report(
        [
            _p("东城区", "续建", 1000, 450, start_month=1),
            _p("西城区", "续建", 1000, 450, start_month=1),
        ],
        targets={"investment": target},
    )


def _due_named(digit: bool) -> Report:
    """June; two projects due in March, not started, named with or without a final digit."""
    ends = ("1", "2") if digit else ("一期", "二期")
    return _report(
        [_p("东城区", "续建", 1000, 500, start_month=1)]
        + [
            _p("东城区", "新开工", 1000, 0, planned_start=3, started=False, name=f"东城区道路{e}")
            for e in ends
        ]
    )


def _tied_behind(second: int) -> Report:
    """June; 东城区 and 西城区 at 45%, a third unit at ``second`` per mille, 南城区 ahead."""
    return _report(
        [
            _p("东城区", "续建", 1000, 450, start_month=1),
            _p("西城区", "续建", 1000, 450, start_month=1),
            _p("北城区", "续建", 1000, second, start_month=1),
            _p("南城区", "续建", 1000, 700, start_month=1),
        ]
    )


def _unscheduled(new: int) -> Report:
    """June; ``new`` new projects, none with a planned start month, none started."""
    return _report(
        [_p("东城区", "续建", 1000, 500, start_month=1)]
        + [
            _p("东城区", "新开工", 1000, 0, started=False, name=f"东城区厂房{'一二三'[i]}期")
            for i in range(new)
        ]
    )


def _small_visits(big: bool) -> Report:
    """A 观摩推进会 that saw two projects under 1亿元 and, if ``big``, one of 2亿元."""
    return _visits(["产业"] * (3 if big else 2), big=1 if big else 0)


def _many_behind() -> Report:
    """June; seven units behind 序时进度 and six ahead (both more than list_max), 东城区 last."""
    behind = ["东城区", "西城区", "南城区", "北城区", "中城区", "新城区", "老城区"]
    ahead = ["甲区", "乙区", "丙区", "丁区", "戊区", "己区"]
    return _report(
        [_p(u, "续建", 1000, 300 if u == "东城区" else 400, start_month=1) for u in behind]
        + [_p(u, "续建", 1000, 700, start_month=1) for u in ahead]
    )


def _prelim_spending(built: bool) -> Report:
    """April; money spent on two 前期 projects only, one new project due and not started;
    with ``built``, a 续建 project has also resumed."""
    projects = [
        _p("东城区", "前期", 1000, 50, name="东城区物流园前期"),
        _p("西城区", "前期", 1000, 50, name="西城区水厂前期"),
        _p("东城区", "新开工", 1000, 0, planned_start=3, started=False, name="东城区新建厂房"),
    ]
    if built:
        projects.append(_p("西城区", "续建", 1000, 0, start_month=4, name="西城区续建道路"))
    return _report(projects, month=4)


def _next_year(total: int, planned: int) -> Report:
    """A 年度总结表彰大会 next January, with next year's plan of ``total`` and ``planned``."""
    return _report(
        [_p("东城区", "续建", 1000, 1000, start_month=1)],
        month=12,
        document={
            "region": "示例市",
            "issuer": "示例市重点项目建设领导小组办公室",
            "date": "2026-01-10",
        },
        meeting={
            "name": "全市重点项目建设年度总结表彰大会",
            "kind": "年度总结表彰大会",
            "date": "2026-01-15",
            "speaker": "市长 王某",
        },
        next_year={"projects": 20, "total": total, "planned": planned},
    )


def _visit_lagging(lagging: bool) -> Report:
    """A 观摩推进会 that saw one project whose remark reads as progress, lagging or not,
    beside a second project at 60%."""
    return _report(
        [
            _p("东城区", "续建", 1000, 300 if lagging else 600, start_month=1, name="观摩厂房"),
            _p("西城区", "续建", 1000, 600, start_month=1, name="西城区道路"),
        ],
        meeting={
            "name": "全市重点项目建设观摩推进会",
            "kind": "观摩推进会",
            "date": "2025-07-10",
            "speaker": "市长 王某",
            "visits": [{"project": "观摩厂房", "remark": "主体结构已封顶"}],
        },
    )


Case = tuple[str, Callable[[], Report], str, str, bool]

CASES: list[Case] = [
    # Year over: 96% of the plan is a miss, and no 稳步推进/有序推进 heading says otherwise.
    ("december-96-no-orderly", lambda: _december(1920), "speech", "投资稳步推进", False),
    ("december-96-no-orderly-2", lambda: _december(1920), "speech", "投资有序推进", False),
    ("december-96-missed", lambda: _december(1920), "speech", "没有完成年度计划", True),
    ("december-100-met", lambda: _december(2000), "speech", "完成年度", True),
    # 部分 only when some, not all, of the projects due have failed to start.
    ("all-due-unstarted-not-partial", lambda: _due(0), "speech", "部分项目没有按期开工", False),
    ("all-due-unstarted-said", lambda: _due(0), "speech", "都没有按期开工", True),
    ("some-due-unstarted-partial", lambda: _due(1), "speech", "部分项目没有按期开工", True),
    ("one-due-unstarted-single", lambda: _due(2), "speech", "个别项目没有按期开工", True),
    # Every project lagging is not 部分项目: two of two, then one of two.
    ("all-lagging-not-partial", lambda: _lagging(2), "speech", "部分项目进展缓慢", False),
    ("all-lagging-bulletin", lambda: _lagging(2), "progress", "部分项目投资进度滞后", False),
    ("one-of-two-lagging", lambda: _lagging(1), "speech", "个别项目进展缓慢", True),
    ("some-lagging-bulletin", lambda: _lagging(2, 3), "progress", "部分项目投资进度滞后", True),
    # A cut through a tie names all the tied projects, or counts them.
    ("lag-tie-named-together", lambda: _lag_tie(4), "progress", "滞后项目戊号", True),
    (
        "lag-tie-rates",
        lambda: _lag_tie(4),
        "progress",
        "分别为20.0%、30.0%、30.0%、30.0%、30.0%",
        True,
    ),
    (
        "lag-tie-past-list-max",
        lambda: _lag_tie(7),
        "progress",
        "等8个项目，完成率在20.0%～30.0%之间",
        True,
    ),
    ("lag-short-list-rates", lambda: _lag_tie(0), "progress", "完成率分别为20.0%、35.0%", True),
    ("lag-no-tie-at-cut", lambda: _lag_tie(1), "progress", "滞后项目丁号", False),
    # A target equal to the plan repeats the completion rate: left out.
    ("target-equal-to-plan", lambda: _target(2000), "progress", "年度投资目标", False),
    (
        "target-other-than-plan",
        lambda: _target(2500),
        "progress",
        "占年度投资目标2500万元的36.0%",
        True,
    ),
    # A name ending in a digit is not run into the count after it.
    ("digit-name-count", lambda: _due_named(True), "speech", "东城区道路2等2个项目", True),
    ("plain-name-count", lambda: _due_named(False), "speech", "东城区道路二期2个项目", True),
    # Every unit behind equally far: 均落后, not 其中 naming them all again.
    (
        "all-behind-tied",
        lambda: _tied_behind(450),
        "progress",
        "3个区投资完成率低于序时进度，均落后5.0个百分点",
        True,
    ),
    (
        "all-behind-tied-speech",
        lambda: _tied_behind(450),
        "speech",
        "投资完成率低于序时进度，均落后5.0个百分点",
        True,
    ),
    (
        "worst-of-several",
        lambda: _tied_behind(480),
        "progress",
        "其中东城区、西城区均落后5.0个百分点",
        True,
    ),
    (
        "many-behind-counted",
        lambda: _many_behind(),
        "speech",
        "13个地方中有7个投资完成率低于序时进度，其中东城区落后20.0个百分点",
        True,
    ),
    ("many-behind-not-listed", lambda: _many_behind(), "speech", "东城区、", False),
    # Spending on 前期 work alone is not praised as 成效 in any kind.
    ("prelim-only-speech", lambda: _prelim_spending(False), "speech", "取得了一定成效", False),
    ("prelim-only-news", lambda: _prelim_spending(False), "news", "成效", False),
    ("prelim-only-progress", lambda: _prelim_spending(False), "progress", "取得一定进展", False),
    ("prelim-and-resumed", lambda: _prelim_spending(True), "speech", "取得了一定成效", True),
    # Next year's round plan figures print whole, others with two decimals.
    (
        "next-year-round",
        lambda: _next_year(2000000, 400000),
        "speech",
        "总投资200亿元，年度计划投资40亿元",
        True,
    ),
    (
        "next-year-decimals",
        lambda: _next_year(2012000, 405000),
        "speech",
        "总投资201.20亿元，年度计划投资40.50亿元",
        True,
    ),
    # A remark from a lagging visited project is a problem only with its figures.
    (
        "visit-remark-with-its-shortfall",
        lambda: _visit_lagging(True),
        "speech",
        "观摩厂房主体结构已封顶，投资完成率只有30.0%，低于序时进度20.0个百分点",
        True,
    ),
    ("visit-remark-alone-no-problem", lambda: _visit_lagging(True), "speech", "已封顶。", False),
    ("visit-remark-on-track", lambda: _visit_lagging(False), "speech", "投资完成率只有", False),
    # 均 needs more than one.
    ("one-unscheduled-no-jun", lambda: _unscheduled(1), "progress", "均未填报", False),
    ("two-unscheduled-jun", lambda: _unscheduled(2), "progress", "均未填报", True),
    # Visits all under 1亿元 are said to be so once.
    (
        "visits-all-small",
        lambda: _small_visits(False),
        "speech",
        "总投资都在1亿元以下，全是小项目",
        True,
    ),
    ("visits-all-small-no-share", lambda: _small_visits(False), "speech", "占比100.0%", False),
    ("visits-mostly-small", lambda: _small_visits(True), "speech", "小项目占大多数", True),
    # Visited projects without a category are not 未分类类项目.
    ("visits-uncategorised", lambda: _visits([None, None]), "speech", "未分类", False),
    ("visits-uncategorised-comma", lambda: _visits([None, None]), "speech", "，；", False),
    ("visits-one-category", lambda: _visits(["产业", "产业"]), "speech", "都是产业类项目", True),
    ("visits-two-categories", lambda: _visits(["产业", "民生"]), "speech", "产业类1个", True),
    (
        "visits-some-uncategorised",
        lambda: _visits(["产业", None]),
        "speech",
        "都是产业类项目",
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "kind", "phrase", "present"), CASES, ids=[c[0] for c in CASES]
)
def test_sentence_follows_the_figures(
    name: str, build: Callable[[], Report], kind: str, phrase: str, present: bool
) -> None:
    """Each phrase is printed exactly when the ledger's figures support it."""
    body = _body(build(), kind)
    assert (phrase in body) is present, body


def test_newly_lagging_projects_are_counted_once(tmp_path: Path) -> None:
    """新增滞后项目N个 with more than list_max of them says N once, not again after 等."""
    projects = [
        _p("东城区", "续建", 1000, 300, start_month=1, name=f"东城区滞后工程{'甲乙丙丁戊己'[i]}段")
        for i in range(6)
    ]

    def write(name: str, month: int, completed: int) -> None:
        data = {
            "document": {"region": "示例市", "issuer": "示例市重点项目建设领导小组办公室"},
            "period": {"year": 2025, "month": month},
            "units": ["东城区"],
            "projects": [p | {"completed": completed} for p in projects],
        }
        if month == 7:
            data["previous"] = "2025-06.yaml"
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    write("2025-06.yaml", 6, 450)  # 45% at 50.0%: not lagging
    write("2025-07.yaml", 7, 460)  # 46% at 58.3%: lagging
    body = _body(load_report(tmp_path / "2025-07.yaml"), "progress")
    named = "、".join(f"东城区滞后工程{c}段" for c in "甲乙丙")
    said = f"新增投资进度滞后项目6个，包括{named}等。"
    assert said in body, body


def _september(as_of: str | None) -> Report:
    """1—9月, cut off at ``as_of`` (None: the month's end)."""
    period: dict[str, Any] = {"year": 2025, "month": 9}
    if as_of is not None:
        period["as_of"] = as_of
    return _report(
        [
            _p("东城区", "续建", 1000, 700, start_month=1),
            _p("西城区", "续建", 1000, 600, start_month=1),
        ],
        month=9,
        period=period,
        meeting={"name": "全市重点项目建设推进会", "date": "2025-09-20", "speaker": "市长 王某"},
    )


@pytest.mark.parametrize("kind", ["speech", "news"])
@pytest.mark.parametrize(
    ("as_of", "named", "not_named"),
    [
        pytest.param(None, "前三季度", "1—9月份", id="month-end-quarter-name"),
        pytest.param("2025-09-30", "前三季度", "1—9月份", id="last-day-quarter-name"),
        pytest.param("2025-09-15", "1—9月份", "前三季度", id="mid-month-months"),
    ],
)
def test_a_quarter_is_named_only_once_it_is_over(
    kind: str, as_of: str | None, named: str, not_named: str
) -> None:
    """前三季度 says the quarter is over: data cut off on 9月15日 is 1—9月份."""
    body = _body(_september(as_of), kind)
    assert named in body
    assert not_named not in body


@pytest.mark.parametrize(
    ("as_of", "label"),
    [
        pytest.param(None, "2025年前三季度", id="month-end"),
        pytest.param("2025-09-15", "2025年1—9月", id="mid-month"),
    ],
)
def test_a_commendation_title_names_the_quarter_only_once_it_is_over(
    as_of: str | None, label: str
) -> None:
    """The 表彰通报's title follows the same rule as the speech."""
    document = compose(_september(as_of), "commendation", composer=COMPOSER)
    assert f"关于表彰{label}全市" in document.title


def _site_visit(completed: int) -> Report:
    """June's 观摩推进会 over two projects of 1000, ``completed`` done on each (序时进度 50%)."""
    projects = [
        _p("东城区", "续建", 1000, completed, start_month=1, name="观摩项目甲号"),
        _p("西城区", "续建", 1000, completed, start_month=1, name="观摩项目乙号"),
    ]
    return _report(
        projects,
        meeting={
            "name": "全市重点项目建设观摩推进会",
            "kind": "观摩推进会",
            "date": "2025-07-10",
            "speaker": "市长 王某",
            "visits": [p["name"] for p in projects],
        },
    )


@pytest.mark.parametrize(
    ("completed", "heading"),
    [
        pytest.param(500, "项目建设有进展、有成效", id="on-schedule"),
        pytest.param(499, "项目建设有进展，也有差距", id="just-behind"),
        pytest.param(240, "项目建设有进展，也有差距", id="far-behind"),
    ],
)
def test_a_site_visit_heading_claims_results_only_at_pace(completed: int, heading: str) -> None:
    """观摩推进会: 有成效 in the first heading only while investment keeps up with 序时进度."""
    first = next(
        line
        for line in _body(_site_visit(completed), "speech").splitlines()
        if "从观摩情况看" in line
    )
    assert first.endswith(heading)


@pytest.mark.parametrize("marked", [False, True], ids=["audit-table", "marked-in-text"])
def test_a_count_of_what_a_verdict_names_is_a_figure_for_checking(marked: bool) -> None:
    """全市有7个项目…: the count of lagging projects is listed in the 数据核对表 and marked."""
    report = _lag_tie(5)
    assert "全市有7个项目投资完成率低于序时进度" in _body(report, "speech")
    tree = compose(report, "speech", composer=COMPOSER, audit=True, mark_figures=marked)
    rows = tree.attachments[-1].blocks[0].rows
    assert ("部分项目投资进度滞后的个数", "7") in [(row[1], row[2]) for row in rows]
    if marked:
        runs = [
            r
            for b in tree.body
            for r in (
                b.runs if isinstance(b, Paragraph) else b.body if isinstance(b, Heading) else ()
            )
        ]
        assert any(r.text == "7" and r.figure and "滞后的个数" in r.figure.label for r in runs)


def _ranked(*completed: int) -> Report:
    """June (序时进度 50.0%); one unit per figure, each with one 续建 project of a 1000 plan."""
    names = ["东城区", "西城区", "南城区", "北城区", "中城区", "新城区"]
    return _report([_p(names[i], "续建", 1000, c, start_month=1) for i, c in enumerate(completed)])


@pytest.mark.parametrize(
    ("completed", "said", "unsaid"),
    [
        pytest.param(
            (600, 400),
            "东城区投资进度最快。东城区投资完成率为60.0%，超序时进度10.0个百分点。",
            ("前列", "首位"),
            id="two-units",
        ),
        pytest.param(
            (600, 550, 400),
            "东城区投资完成率为60.0%，超序时进度10.0个百分点。",
            ("前列", "首位", "西城区投资完成率"),
            id="three-units",
        ),
        pytest.param(
            (600, 550, 400, 300),
            "东城区投资完成率为60.0%，居全市首位。",
            ("居全市前列", "最快"),
            id="four-units",
        ),
        pytest.param(
            (600, 550, 520, 400, 300, 200),
            "东城区、西城区投资完成率分别为60.0%、55.0%，居全市前列。",
            ("南城区投资完成率", "最快"),
            id="six-units-top-third",
        ),
    ],
)
def test_front_ranks_need_enough_units_to_rank(
    completed: tuple[int, ...], said: str, unsaid: tuple[str, ...]
) -> None:
    """居全市前列 among two is no ranking: under 4 units the highest is named as such."""
    body = _body(_ranked(*completed), "speech")
    assert said in body
    assert [word for word in unsaid if word in body] == [], body


@pytest.mark.parametrize(
    ("completed", "said"),
    [
        pytest.param((600, 400), "分地区看，东城区投资完成率最高，为60.0%。", id="two-units"),
        pytest.param(
            (600, 550, 400, 300), "分地区看，东城区投资完成率居全市首位，为60.0%。", id="four"
        ),
    ],
)
def test_a_news_item_without_a_meeting_names_the_highest_unit_plainly(
    completed: tuple[int, ...], said: str
) -> None:
    """The progress news item (no meeting) says 最高 of two units, 首位 of four."""
    report = _ranked(*completed).model_copy(update={"meeting": None})
    assert said in _body(report, "news")


@pytest.mark.parametrize(
    ("completed", "news", "commendation"),
    [
        pytest.param(
            (460, 460, 520, 520),
            "王某肯定了上半年全市重点项目建设取得的成效，同时指出，",
            "重点项目建设取得一定成效。",
            id="near-schedule-half-the-units-behind",
        ),
        pytest.param(
            (440, 440, 440, 520),
            "王某听取了上半年全市重点项目建设情况汇报，指出，",
            "重点项目建设取得一定进展。",
            id="three-of-four-units-behind",
        ),
        pytest.param(
            (300, 300, 300, 520),
            "王某听取了上半年全市重点项目建设情况汇报，指出，投资进度总体偏慢",
            "重点项目建设取得一定进展。",
            id="far-behind-schedule",
        ),
    ],
)
def test_praise_of_results_follows_the_figures(
    completed: tuple[int, ...], news: str, commendation: str
) -> None:
    """肯定了…成效 (news) and 取得一定成效 (表彰通报) only near 序时进度 with most units on it."""
    report = _ranked(*completed)
    news_body, honours = _body(report, "news"), _body(report, "commendation")
    assert news in news_body
    assert commendation in honours
    if "听取" in news:
        assert "肯定" not in news_body and "成效" not in honours.split("。")[0]


def _no_start_months(target: bool) -> Report:
    """June; four new projects without a planned start month, three started; a 续建 project."""
    projects = [_p("东城区", "续建", 1000, 500, start_month=1)] + [
        _p(
            "西城区",
            "新开工",
            1000,
            400 if i < 3 else 0,
            started=i < 3,
            name=f"西城区厂房{'一二三四'[i]}期",
            **({"start_month": 3} if i < 3 else {}),
        )
        for i in range(4)
    ]
    return _report(projects, **({"targets": {"new_starts": 4}} if target else {}))


@pytest.mark.parametrize("target", [False, True], ids=["no-target", "target-of-the-plan"])
def test_without_start_months_the_new_starts_are_counted_once(target: bool) -> None:
    """No planned start months: the speech and the 通报 count the year's new starts once."""
    report = _no_start_months(target)
    speech = _body(report, "speech")
    assert "今年计划新开工项目4个，已开工3个，开工率75.0%，新开工" in speech
    assert "从全年看" not in speech
    lines = _body(report, "progress").splitlines()
    start = next(line for line in lines if "项目开工情况" in line).split("续建项目")[0]
    assert start.count("4个") == 1 and start.count("3个") == 1, start
    if target:
        assert "截至6月底已开工3个，完成年度新开工目标的75.0%" in start


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("speech", "；各地投资完成率均为40.0%，都没有达到序时进度。"),
        ("progress", "；各区投资完成率均为40.0%，都低于序时进度。"),
    ],
)
def test_units_at_one_rate_are_said_to_be_level(kind: str, said: str) -> None:
    """Every unit at 40.0%: they are level, and the city's gap is not repeated for them."""
    body = _body(_ranked(400, 400, 400, 400), kind)
    paragraph = next(line for line in body.splitlines() if said in line)
    assert paragraph.count("10.0个百分点") == 1, paragraph
    assert "均落后" not in body


def test_units_nearly_level_are_still_compared() -> None:
    """One unit at 40.1%: not level, so the worst is named with its gap."""
    body = _body(_ranked(401, 400, 400, 400), "progress")
    assert "投资完成率均为40.0%" not in body
    assert "其中西城区、南城区、北城区均落后10.0个百分点" in body


def test_heading_counts_and_a_tied_subset_are_figures_for_checking() -> None:
    """（二）7个项目投资进度滞后 and 等6个项目 (a tie at the cut) are rows of the 数据核对表."""
    report = _lag_tie(5)
    lines = _body(report, "progress").splitlines()
    heading = next(line for line in lines if "项目投资进度滞后。" in line)
    assert "7个项目投资进度滞后。" in heading and "等6个项目" in heading
    tree = compose(report, "progress", composer=COMPOSER, audit=True)
    rows = [(row[1], row[2]) for row in tree.attachments[-1].blocks[0].rows]
    assert ("部分项目投资进度滞后的个数", "7") in rows
    assert ("列举的差距较大的滞后项目个数", "6") in rows
