"""Speech occasions (meeting.kind): each reads as its meeting does, from the same data."""

from __future__ import annotations

import copy
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import bulletin
from bulletin import preview
from bulletin.compose import Composer, compose
from bulletin.doctree import DocTree, Heading
from bulletin.errors import DataError
from bulletin.load import load_path
from bulletin.model import OCCASIONS, Report
from bulletin.source import load_report
from bulletin.textlint import lint_tree
from bulletin.writers.text import to_text

ROOT = Path(__file__).resolve().parent.parent
JUNE = ROOT / "examples" / "2025-06.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"
FULL_YEAR = (
    Path(__file__).resolve().parent / "fixtures" / "situations" / "full-year-next-january.yaml"
)
COMPOSER = Composer()
#: Golden file names by occasion.
SLUGS = {
    "推进会": "push",
    "观摩推进会": "site-visit",
    "季度调度会": "quarterly",
    "年度总结表彰大会": "year-end",
}


@cache
def _june() -> Report:
    return load_report(JUNE)


@cache
def _speech(occasion: str) -> DocTree:
    report = _june()
    assert report.meeting is not None
    meeting = report.meeting.model_copy(update={"kind": occasion})
    return compose(report.model_copy(update={"meeting": meeting}), "speech", composer=COMPOSER)


def _level(tree: DocTree, level: int) -> list[str]:
    return [b.text for b in tree.body if isinstance(b, Heading) and b.level == level]


def test_the_occasions_are_public_default_first() -> None:
    """bulletin.OCCASIONS names the four occasions; the page offers the same, 推进会 first."""
    assert (
        bulletin.OCCASIONS
        == OCCASIONS
        == ("推进会", "观摩推进会", "季度调度会", "年度总结表彰大会")
    )
    assert preview.occasions() == OCCASIONS


@pytest.mark.parametrize("occasion", OCCASIONS)
def test_golden_speech_for_each_occasion(occasion: str) -> None:
    """The June example as each occasion's speech is the reviewed golden text."""
    golden = GOLDEN / f"speech-2025-06-{SLUGS[occasion]}.txt"
    actual = to_text(_speech(occasion))
    if os.environ.get("BULLETIN_UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("occasion", OCCASIONS)
def test_each_occasion_reads_cleanly(occasion: str) -> None:
    """No empty part, no stray punctuation, headings in order, for every occasion."""
    assert [str(p) for p in lint_tree(_speech(occasion))] == []


# (occasion, phrases only that occasion's speech has)
OWN: list[tuple[str, tuple[str, ...]]] = [
    (
        "观摩推进会",
        ("会前，大家实地观摩了8个重点项目", "北山县抽水蓄能电站地下厂房开挖完成", "得分居前3位"),
    ),
    (
        "季度调度会",
        ("主要任务是调度上半年重点项目建设情况", "由高到低依次是", "三季度是冲刺全年目标的关键期"),
    ),
    (
        "年度总结表彰大会",
        ("表彰先进", "4个先进单位和4名先进个人进行了表彰", "向他们表示热烈的祝贺"),
    ),
    ("推进会", ("主要任务是回顾总结上半年重点项目建设工作",)),
]


@pytest.mark.parametrize(("occasion", "phrases"), OWN, ids=[o for o, _ in OWN])
def test_each_occasion_says_what_its_meeting_is_for(
    occasion: str, phrases: tuple[str, ...]
) -> None:
    """An occasion's own phrases are in its speech and in no other occasion's."""
    for phrase in phrases:
        assert phrase in to_text(_speech(occasion)), phrase
        for other in OCCASIONS:
            if other != occasion:
                assert phrase not in to_text(_speech(other)), (other, phrase)


def test_occasions_differ_in_their_parts() -> None:
    """The four speeches have four different sets of level-1 headings."""
    assert len({tuple(_level(_speech(o), 1)) for o in OCCASIONS}) == 4


def test_a_visited_project_in_trouble_is_a_problem_not_an_achievement() -> None:
    """A visit to a lagging project is reported in the 问题 part with what was seen."""
    tree = _speech("观摩推进会")
    text = to_text(tree)
    seen = "白河县锂电池材料产业园设备采购合同迟迟未签"
    assert seen in text
    assert text.index(seen) > text.index(_level(tree, 1)[1])


def test_a_site_visit_without_visits_reads_as_a_meeting() -> None:
    """观摩推进会 with no visits recorded says nothing about what was seen."""
    data = copy.deepcopy(load_path(JUNE).data)
    data.pop("previous")
    data["meeting"].pop("visits")
    tree = compose(load_report(data), "speech", composer=COMPOSER)
    assert "观摩了" not in to_text(tree)
    assert [str(p) for p in lint_tree(tree)] == []


def test_a_visit_to_a_project_not_in_the_ledger_is_a_located_error() -> None:
    """A misspelt visited project is an error at its place, with the close name suggested."""
    data: dict[str, Any] = copy.deepcopy(load_path(JUNE).data)
    data.pop("previous")
    data["meeting"]["visits"][0]["project"] = "北山县抽水蓄能电厂"
    with pytest.raises(DataError) as raised:
        load_report(data)
    (diagnostic,) = raised.value.errors
    assert diagnostic.path == ("meeting", "visits", 0, "project")
    assert "北山县抽水蓄能电站" in diagnostic.message


def test_the_year_end_meeting_reviews_commends_and_plans() -> None:
    """A 年度总结表彰大会 on a full year: the year's result, the commended, next year's plan."""
    text = to_text(compose(load_report(FULL_YEAR), "speech", composer=COMPOSER))
    for phrase in (
        "全面总结去年重点项目建设工作",
        "超额完成年度投资计划",
        "会议对东城区、北山县、南湖县3个先进单位和1名先进个人进行了表彰",
        "今年，全市拟安排重点项目10个，总投资110亿元，年度计划投资18亿元",
    ):
        assert phrase in text, phrase
