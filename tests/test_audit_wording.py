"""Sentences an audit on unseen ledgers found false or unreadable, each on both sides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bulletin.compose import Composer, compose
from bulletin.doctree import Heading, Paragraph
from bulletin.model import Report

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
    lines: list[str] = []
    for block in compose(report, kind, composer=COMPOSER).body:
        if isinstance(block, Heading):
            lines.append(block.label + "".join(r.text for r in block.body))
        elif isinstance(block, Paragraph):
            lines.append(block.text)
    return "\n".join(lines)


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


def _visits(categories: list[str | None]) -> Report:
    """A 观摩推进会 that saw one project of each of ``categories`` (None: no category)."""
    projects = [
        _p("东城区", "续建", 1000, 480, start_month=1, name=f"观摩项目{i}甲号", category=c)
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
