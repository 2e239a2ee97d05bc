"""The 讲话 and 会议新闻稿 templates: golden texts, every example lint-free, and edge data."""

from __future__ import annotations

import copy
import difflib
import os
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bulletin.compose import Composer, compose
from bulletin.doctree import DocTree, Heading, Paragraph
from bulletin.load import load_path
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.textlint import lint_tree
from bulletin.writers.text import to_text
from edge_data import EDGES as COMMON_EDGES
from edge_data import all_ahead, no_new_starts, no_previous, one_project, unit_without_projects

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("2025-0[1-6].yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"
COMPOSER = Composer()
KINDS = ("speech", "news")

Edit = Callable[[dict[str, Any]], None]


# ---------------------------------------------------------------------------
# Data


@cache
def _example(path: Path) -> Report:
    """An example file as loaded, with its 上期 files: read once for all tests."""
    return load_report(path)


@cache
def _data(month: str) -> Any:
    return load_path(ROOT / "examples" / f"2025-{month}.yaml").data


def _compose(kind: str, *edits: Edit, month: str = "06") -> DocTree:
    """An example edited as a mapping, composed, and checked lint-free on the way."""
    data = copy.deepcopy(_data(month))
    data.pop("previous", None)  # 环比 is not stated by these kinds; no file to read
    for edit in edits:
        edit(data)
    tree = compose(load_report(data), kind, composer=COMPOSER)
    assert [str(p) for p in lint_tree(tree)] == []
    return tree


def _text(tree: DocTree) -> str:
    return to_text(tree)


def _parts(tree: DocTree) -> list[str]:
    """The speech's level-1 parts, each as its heading and everything under it."""
    parts: list[str] = []
    for block in tree.body:
        if isinstance(block, Heading) and block.level == 1:
            parts.append("")
        if not parts:
            continue
        if isinstance(block, Heading):
            parts[-1] += block.label + "".join(r.text for r in block.body) + "\n"
        elif isinstance(block, Paragraph):
            parts[-1] += block.text + "\n"
    return parts


def _headings(tree: DocTree, level: int) -> list[str]:
    return [b.text for b in tree.body if isinstance(b, Heading) and b.level == level]


def _no_meeting(d: dict[str, Any]) -> None:
    d.pop("meeting")


def _no_writer_text(d: dict[str, Any]) -> None:
    for key in ("highlights", "problems", "tasks", "requirements"):
        d.pop(key)


def _no_problems(d: dict[str, Any]) -> None:
    d["problems"] = []


def _yoy_decline(d: dict[str, Any]) -> None:
    d["last_year"]["completed"] = 2000000


def _below_half(d: dict[str, Any]) -> None:
    for p in d["projects"]:
        p["completed"] = Decimal(str(p["completed"])) * Decimal("0.9")


def _plain_tasks(d: dict[str, Any]) -> None:
    d["tasks"] = ["抓开工，促进项目早落地。", "抓进度，多形成实物量。", "抓服务，解决实际困难。"]
    d["requirements"] = ["各地要压实责任。", "有关部门要加强督导。"]


EDGES: Mapping[str, Edit] = {
    **COMMON_EDGES,
    "no-meeting": _no_meeting,
    "no-writer-text": _no_writer_text,
    "yoy-decline": _yoy_decline,
    "double-half-missed": _below_half,
    "plain-string-tasks": _plain_tasks,
}


# ---------------------------------------------------------------------------
# Golden texts and every example


@pytest.mark.parametrize("month", ["06", "02"])
@pytest.mark.parametrize("kind", KINDS)
def test_golden_text(kind: str, month: str) -> None:
    """The example renders exactly the reviewed golden text (BULLETIN_UPDATE_GOLDEN=1 rewrites)."""
    golden = GOLDEN / f"{kind}-2025-{month}.txt"
    report = _example(ROOT / "examples" / f"2025-{month}.yaml")
    actual = to_text(compose(report, kind, composer=COMPOSER))
    if os.environ.get("BULLETIN_UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    diff = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), f"golden/{golden.name}", "rendered", lineterm=""
    )
    assert actual == expected, "rendered text differs from the golden:\n" + "\n".join(diff)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("kind", KINDS)
def test_every_example_is_lint_free(kind: str, example: Path) -> None:
    """Every monthly example gives a text the lint finds nothing in."""
    tree = compose(_example(example), kind, composer=COMPOSER)
    assert tree.title and tree.body
    assert [str(p) for p in lint_tree(tree)] == []


@pytest.mark.parametrize("edge", list(EDGES), ids=list(EDGES))
@pytest.mark.parametrize("kind", KINDS)
def test_edge_data_is_lint_free(kind: str, edge: str) -> None:
    """Edge data reads cleanly: no empty part, no None, no stray punctuation."""
    tree = _compose(kind, EDGES[edge])
    assert tree.title and tree.body


# ---------------------------------------------------------------------------
# The speech


@pytest.mark.parametrize(
    "written",
    ["市委书记 周明远", "市委书记\u3000周明远", "市委书记  周明远", " 市委书记 \u3000周明远 "],
    ids=["ascii-space", "full-width-space", "two-spaces", "spaces-around"],
)
def test_speech_byline_sets_one_full_width_space_whatever_the_data_has(written: str) -> None:
    """市委书记　周明远: one full-width space between title and name, whatever the data has."""

    def speaker(data: dict[str, Any]) -> None:
        data["meeting"]["speaker"] = written

    tree = _compose("speech", speaker)
    assert tree.byline[0] == "市委书记\u3000周明远"
    assert "市委书记周明远出席会议并讲话" in _text(_compose("news", speaker))


def test_speech_has_byline_and_salutation_but_no_document_furniture() -> None:
    """A speech has speaker and date under the title, 同志们：, and no 主送, 署名, 版头 or 版记."""
    tree = _compose("speech")
    assert tree.title == "在全市重点项目建设观摩推进会上的讲话"
    assert tree.byline == ("市委书记\u3000周明远", "（2025年7月15日）")
    assert tree.salutation == "同志们："
    assert (tree.recipients, tree.signature, tree.date, tree.note) == ("", "", "", "")
    assert tree.masthead is None and tree.imprint is None


def test_speech_has_four_parts_in_order() -> None:
    """成绩, 问题, 任务, 要求, numbered 一 to 四, then a closing paragraph to 同志们."""
    tree = _compose("speech")
    assert _headings(tree, 1) == [
        "从观摩情况看，上半年项目建设有进展、有成效",
        "找准短板，以更大力度补齐项目建设弱项",
        "聚焦重点，扎实推进下半年项目建设",
        "强化保障，确保各项任务落地见效",
    ]
    last = tree.body[-1]
    assert isinstance(last, Paragraph) and last.text.startswith("同志们，")


def test_speech_opening_names_the_other_speakers_without_titles() -> None:
    """Speakers in a row with one topic share a clause; their verbs take 了."""
    text = _text(_compose("speech"))
    assert (
        "刚才，赵文彬同志通报了上半年全市重点项目建设进展情况，孙海涛、何晓峰同志作了交流发言，"
        "吴志刚同志作了表态发言，讲得都很好。下面，我讲几点意见。"
    ) in text


def test_speech_weaves_the_achievement_figures_into_sentences() -> None:
    """Completion against 序时进度, 同比, 双过半, starts and the best units are in part 一."""
    achievements = _parts(_compose("speech"))[0]
    for phrase in (
        "累计完成投资148.49亿元，占年度计划的51.6%，快于序时进度1.6个百分点，同比增长8.5%",
        "实现了“时间过半、任务过半”的目标",
        "续建项目41个，已全面复工",
        "北山县、南湖区、示例高新区投资完成率分别为62.5%、60.2%、55.6%，居全市前列",
        "项目推进机制更加健全。",  # a highlight of the data, as a point
    ):
        assert phrase in achievements


def test_speech_leads_the_problems_with_what_the_figures_show() -> None:
    """Units behind, lagging and not-started projects lead the writer's problems."""
    problems = _parts(_compose("speech"))[1]
    assert "东城区、白河县、云台县投资完成率低于序时进度，其中云台县落后19.0个百分点" in problems
    assert "云台县中药材加工产业园、石桥县粮食仓储物流园4个项目还没有开工" in problems
    assert "推进进度不够均衡。" in problems


def test_speech_states_the_figures_as_points_without_writer_problems() -> None:
    """Without problems in the data, each lagging figure becomes a point of its own."""
    problems = _parts(_compose("speech", _no_problems))[1].splitlines()
    assert [line.split("。")[0] for line in problems[2:7]] == [
        "（一）部分地方投资进度落后",
        "（二）投资增速低于增长目标",
        "（三）部分项目进展缓慢",
        "（四）部分项目没有按期开工",
        "（五）观摩中发现的问题",
    ]


def test_speech_names_the_few_units_on_schedule_when_most_are_behind() -> None:
    """With most units behind, the speech says 除…外 rather than listing seven names."""
    text = _text(_compose("speech", month="05"))
    assert "除北山县、南湖区外，其他地方投资完成率都低于序时进度" in text


def test_speech_lists_units_behind_when_a_unit_has_no_projects() -> None:
    """其他地方 would take in a unit without projects; then the names are listed."""
    text = _text(_compose("speech", unit_without_projects, month="05"))
    assert "除北山县" not in text
    assert "云台县、白河县、西城区等7个地方投资完成率低于序时进度，其中云台县落后" in text
    assert "临港新区" not in text


def test_speech_drops_the_problem_part_when_nothing_lags() -> None:
    """Every project ahead: no 问题 part, a caution instead, and no lagging claim anywhere."""
    tree = _compose("speech", all_ahead)
    text = _text(tree)
    assert len(_headings(tree, 1)) == 3
    assert "正视问题" not in text
    for claim in ("低于序时进度", "落后", "没有开工", "进展缓慢"):
        assert claim not in text, claim
    assert "决不能有松口气、歇歇脚的想法" in _parts(tree)[0]


def test_speech_puts_a_fall_on_last_year_among_the_problems() -> None:
    """A 同比 decline is not praised in part 一; part 二 states it."""
    parts = _parts(_compose("speech", _yoy_decline))
    assert "同比" not in parts[0]
    assert "累计完成投资同比下降" in parts[1]


def test_speech_says_when_double_half_is_missed() -> None:
    """Below 50% at mid-year, part 二 says 双过半 was not reached; part 一 does not claim it."""
    parts = _parts(_compose("speech", _below_half))
    assert "双过半" not in parts[0] and "时间过半、任务过半" not in parts[0]
    assert "全市投资完成率落后序时进度3.6个百分点，没有实现“时间过半、任务过半”的目标" in parts[1]


def test_speech_enumerates_plain_string_tasks() -> None:
    """Plain-string tasks are one 一是…；二是… paragraph, announced in Chinese numerals."""
    parts = _parts(_compose("speech", _plain_tasks))
    assert (
        "要重点抓好以下三个方面的工作：一是抓开工，促进项目早落地；二是抓进度，多形成实物量；"
        "三是抓服务，解决实际困难。"
    ) in parts[2]
    assert "一是各地要压实责任；二是有关部门要加强督导。" in parts[3]


def test_speech_writes_generic_points_without_writer_text() -> None:
    """No highlights, tasks or requirements: parts 三 and 四 still have points, in our words."""
    tree = _compose("speech", _no_writer_text)
    assert len(_headings(tree, 1)) == 4
    assert {"紧盯开工抓推进。", "压实责任。"} <= set(_headings(tree, 2))


def test_speech_without_meeting_falls_back_on_a_generic_title() -> None:
    """No meeting data: a generic title, no byline, and no speakers named."""
    tree = _compose("speech", _no_meeting)
    assert tree.title == "在全市重点项目建设推进会上的讲话"
    assert tree.byline == ()
    text = _text(tree)
    assert "刚才" not in text and "下面，我讲几点意见。" in text


@pytest.mark.parametrize(
    ("edit", "absent"),
    [(one_project, "走在前列"), (no_new_starts, "新开工"), (no_previous, "同比")],
    ids=["one-project", "no-planned-new-starts", "no-previous-period"],
)
def test_speech_leaves_out_what_the_data_cannot_support(edit: Edit, absent: str) -> None:
    """One unit ranks nobody, no new starts gives no 新开工 clause, no base gives no 同比."""
    assert absent not in _text(_compose("speech", edit))


# ---------------------------------------------------------------------------
# The news report


def test_news_leads_with_date_place_speaker_and_host() -> None:
    """The lead has the date, place and meeting; a title with 、 runs into the name."""
    tree = _compose("news")
    assert tree.title == "全市重点项目建设观摩推进会召开"
    assert (tree.byline, tree.recipients, tree.signature, tree.date) == ((), "", "", "")
    lead = tree.body[0]
    assert isinstance(lead, Paragraph)
    assert lead.text.startswith(
        "7月15日，全市重点项目建设观摩推进会在示例市行政中心第一会议室召开。"
    )
    assert "与会人员实地观摩了8个重点项目" in lead.text
    assert lead.text.endswith("市委书记周明远出席会议并讲话，市委副书记、市长陈立新主持会议。")


def test_news_reports_the_figures_and_the_speech_points() -> None:
    """Figures in news register, then 指出 / 强调 一是… / 要求, then speakers and attendees."""
    texts = [b.text for b in _compose("news").body if isinstance(b, Paragraph)]
    assert texts[1].startswith("会上，市发展改革委主任赵文彬通报了上半年全市重点项目建设进展情况。")
    assert "超序时进度1.6个百分点，同比增长8.5%，实现“时间过半、任务过半”目标" in texts[1]
    assert "推进进度不够均衡、要素保障存在短板、项目储备后劲不足等问题" in texts[2]
    assert texts[3].startswith(
        "周明远强调，下半年要重点抓好以下工作：一是全力推动计划内项目应开尽开；"
    )
    assert texts[4].startswith("周明远要求，要压实工作责任，强化督导考核，守牢安全底线。")
    assert texts[5] == (
        "会上，南湖区区长孙海涛、示例高新区管委会主任何晓峰作交流发言，白河县县长吴志刚作表态发言。"
    )
    assert texts[6].endswith("部分重点项目业主单位负责同志参加会议。")


def test_news_separates_people_with_commas_when_a_title_has_its_own() -> None:
    """市委副书记、市长 in a list of people: the people are separated by ，, not 、."""

    def titles(d: dict[str, Any]) -> None:
        for s in d["meeting"]["speakers"]:
            if s["name"] == "孙海涛":
                s["title"] = "南湖区委副书记、区长"

    text = _text(_compose("news", titles))
    assert "南湖区委副书记、区长孙海涛，示例高新区管委会主任何晓峰作交流发言" in text


def test_news_without_problems_to_report_only_cautions() -> None:
    """Nothing lags and no problems given: the speech's points carry no 指出…问题."""
    text = _text(_compose("news", all_ahead))
    assert "指出" not in text and "问题" not in text
    assert "保持清醒头脑" in text


def test_news_without_meeting_is_a_progress_item() -> None:
    """No meeting to report: a headline with the figure, sourced to the issuing office."""
    tree = _compose("news", _no_meeting)
    assert tree.title == "上半年全市重点项目完成投资148.49亿元"
    first = tree.body[0]
    assert isinstance(first, Paragraph)
    assert first.text.startswith("据示例市重点项目建设领导小组办公室统计，截至6月底，")


def test_news_says_when_double_half_is_missed() -> None:
    """Below 50% at mid-year the figures paragraph says so once, not as a second gap."""
    text = _text(_compose("news", _below_half))
    assert "低于序时进度3.6个百分点" in text
    assert "未实现“时间过半、任务过半”目标" in text
    assert "还差" not in text


# ---------------------------------------------------------------------------
# Names

SPECIAL = {
    "unit": "南湖&<区>\"甲\"'乙'",
    "project": "东城区智慧停车场&<一期>\"P\"'Q'项目",
    "speaker": '周&<明>"远"\'',
    "place": "行政中心&<一>\"号\"'楼'",
    "attendee": "各县&<区>\"主要\"'负责同志'",
}


def _special_names(d: dict[str, Any]) -> None:
    for unit in d["units"]:
        if unit["name"] == "南湖区":
            unit["name"] = SPECIAL["unit"]
    for p in d["projects"]:
        if p["unit"] == "南湖区":
            p["unit"] = SPECIAL["unit"]
        if p["name"] == "东城区智慧停车场建设项目":
            p["name"] = SPECIAL["project"]
    meeting = d["meeting"]
    meeting["speaker"] = {"title": "市委书记", "name": SPECIAL["speaker"]}
    meeting["place"] = SPECIAL["place"]
    meeting["attendees"] = [SPECIAL["attendee"]]


@pytest.mark.parametrize(
    ("kind", "names"),
    [("speech", ("unit", "project", "speaker")), ("news", ("speaker", "place", "attendee"))],
    ids=KINDS,
)
def test_names_with_markup_characters_come_out_intact(kind: str, names: tuple[str, ...]) -> None:
    """``& < > " '`` in names print as written, never as entities."""
    text = _text(_compose(kind, _special_names))
    for key in names:
        assert SPECIAL[key] in text, key
    assert not re.search(r"&(?:amp|lt|gt|quot|apos|#\d+);", text)
