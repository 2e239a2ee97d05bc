"""The 表彰通报 template: its title, the decision, the list in the text or an annex."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bulletin.compose import Composer, compose
from bulletin.doctree import DocTree, Heading, Table
from bulletin.errors import TemplateError
from bulletin.load import load_path
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.textlint import lint_tree
from bulletin.writers.text import to_text
from conftest import body_lines

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"

COMPOSER = Composer()

Edit = Callable[[dict[str, Any]], None]


@cache
def _example_data() -> Any:
    return load_path(EXAMPLE).data


@cache
def _previous() -> Report | None:
    return load_report(EXAMPLE).previous_report


def _with_previous(data: dict[str, Any]) -> Report:
    """Validate an edited copy of the example; its 上期 file is read once for all tests."""
    report = load_report(data)
    if "previous" in data:
        report = report.model_copy(update={"previous_report": _previous()})
    return report


def _compose(*edits: Edit) -> DocTree:
    data = copy.deepcopy(_example_data())
    for edit in edits:
        edit(data)
    tree = compose(_with_previous(data), "commendation", composer=COMPOSER)
    assert [str(p) for p in lint_tree(tree)] == []
    return tree


def _body(tree: DocTree) -> str:
    return "\n".join(body_lines(tree))


def _title(title: str | None) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        if title is None:
            d["commendations"].pop("title")
        else:
            d["commendations"]["title"] = title

    return edit


def _period(**period: Any) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        d["period"] = {"year": 2025, **period}

    return edit


def _units(n: int, *, reasons: bool = True) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        d["commendations"]["units"] = [
            {"name": f"先进单位{i}", "reason": "项目推进有力" if reasons else ""}
            for i in range(1, n + 1)
        ]

    return edit


def _people(n: int) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        d["commendations"]["individuals"] = [
            {"name": f"同志{i}", "unit": "市发展改革委", "reason": "服务项目到位"}
            for i in range(1, n + 1)
        ]

    return edit


@pytest.mark.parametrize(
    ("edits", "title"),
    [
        (
            [_title(None)],
            "关于表彰2025年上半年全市重点项目建设先进单位和先进个人的通报",
        ),
        (
            [_title("2025年上半年重点项目建设先进")],
            "关于表彰2025年上半年全市重点项目建设先进单位和先进个人的通报",
        ),
        (
            [_title(None), _period(month=5)],
            "关于表彰2025年1—5月全市重点项目建设先进单位和先进个人的通报",
        ),
        (
            [_title(None), _period(quarter=3)],
            "关于表彰2025年前三季度全市重点项目建设先进单位和先进个人的通报",
        ),
        (
            [_title(None), _period(full_year=True)],
            "关于表彰2025年度全市重点项目建设先进单位和先进个人的通报",
        ),
        (
            [_title("2024年度重点项目建设先进")],
            "关于表彰2024年度重点项目建设先进单位和先进个人的通报",
        ),
        (
            [_title("重点项目建设突出贡献")],
            "关于表彰2025年上半年全市重点项目建设突出贡献单位和个人的通报",
        ),
        (
            [_title(None), _people(0)],
            "关于表彰2025年上半年全市重点项目建设先进单位的通报",
        ),
        (
            [_title(None), _units(0)],
            "关于表彰2025年上半年全市重点项目建设先进个人的通报",
        ),
    ],
    ids=[
        "default-honour-half-year",
        "honour-already-naming-the-period",
        "month-period",
        "three-quarters",
        "full-year-is-niandu",
        "another-year-kept-whole",
        "honour-not-ending-in-xianjin",
        "units-only",
        "individuals-only",
    ],
)
def test_title(edits: list[Edit], title: str) -> None:
    """The title names the period, the scope, the honour and who is commended."""
    assert _compose(*edits).title == title


@pytest.mark.parametrize(
    ("edits", "phrase"),
    [
        (
            [_units(4), _people(4)],
            "决定对先进单位1等4个先进单位和同志1等4名先进个人予以通报表彰。",
        ),
        ([_units(2), _people(0)], "决定对先进单位1等2个先进单位予以通报表彰。"),
        ([_units(1), _people(1)], "决定对先进单位先进单位1和先进个人同志1同志予以通报表彰。"),
        ([_units(0), _people(12)], "决定对同志1等12名先进个人予以通报表彰（名单见附件）。"),
    ],
    ids=["four-and-four", "two-units", "one-each-named", "twelve-people-in-annex"],
)
def test_decision_counts_who_is_commended(edits: list[Edit], phrase: str) -> None:
    """The decision names the first of each list and counts the rest in Chinese numerals."""
    assert phrase in _body(_compose(*edits))


@pytest.mark.parametrize(("units", "people"), [(8, 8), (8, 0), (0, 8)], ids=["8-8", "8-0", "0-8"])
def test_short_lists_are_in_the_text_with_reasons(units: int, people: int) -> None:
    """Up to eight of each are listed in the text with reasons; headings only when both lists."""
    tree = _compose(_units(units), _people(people))
    body = _body(tree)
    assert tree.attachments == ()
    assert "名单见附件" not in body
    for i in range(1, units + 1):
        assert f"先进单位{i}：项目推进有力。" in body
    for i in range(1, people + 1):
        assert f"同志{i}（市发展改革委）：服务项目到位。" in body
    headings = [b.text for b in tree.body if isinstance(b, Heading)]
    both = bool(units) and bool(people)
    assert headings == (["先进单位", "先进个人"] if both else [])


@pytest.mark.parametrize(("units", "people"), [(9, 2), (2, 9)], ids=["9-units", "9-people"])
def test_long_lists_go_to_an_annex_table(units: int, people: int) -> None:
    """More than eight of either moves both lists to one annex of tables."""
    tree = _compose(_units(units), _people(people))
    body = _body(tree)
    assert "先进单位1：" not in body
    assert not any(isinstance(b, Heading) for b in tree.body)
    (annex,) = tree.attachments
    assert annex.title == "2025年上半年全市重点项目建设先进单位和先进个人名单"
    assert tree.attachment_notes == (annex.title,)
    tables = [b for b in annex.blocks if isinstance(b, Table)]
    assert [len(t.rows) for t in tables] == [units, people]
    assert tables[0].rows[0] == ("1", "先进单位1", "项目推进有力")
    assert tables[1].rows[-1] == (str(people), f"同志{people}", "市发展改革委", "服务项目到位")


def test_entries_without_reasons_are_listed_by_name() -> None:
    """A unit with no reason is listed by its name alone, with no dangling colon."""
    body = _body(_compose(_units(3, reasons=False)))
    assert "\n先进单位2\n" in body
    assert "先进单位2：" not in body


@pytest.mark.parametrize(
    ("edits", "says", "avoids"),
    [
        (
            [_units(2), _people(0)],
            "希望受到表彰的单位珍惜荣誉",
            "个人",
        ),
        (
            [_units(0), _people(2)],
            "希望受到表彰的个人珍惜荣誉",
            "受到表彰的单位",
        ),
    ],
    ids=["units-only", "individuals-only"],
)
def test_hopes_address_only_who_is_commended(edits: list[Edit], says: str, avoids: str) -> None:
    """The closing hopes speak to units, individuals or both, as the lists have them."""
    body = _body(_compose(*edits))
    assert says in body
    assert avoids not in body.split("希望受到表彰的", 1)[1].split("。", 1)[0]


def _behind(d: dict[str, Any]) -> None:
    for p in d["projects"]:
        p["completed"] = Decimal(str(p["planned"])) * Decimal("0.3")


def test_achievements_read_honestly_when_behind_schedule() -> None:
    """Behind 序时进度 the text states the rate without boasting of the schedule."""
    body = _body(_compose(_behind))
    assert "占年度计划的30.0%" in body
    assert "序时进度" not in body
    assert "时间过半" not in body
    # 30% against 50%: progress the figures show, not 成效 to be praised.
    assert "取得一定进展" in body
    assert "成效" not in body.split("。")[0]


def test_achievements_state_the_figures() -> None:
    """The June example states completion, schedule, 同比, starts and finished projects."""
    body = _body(_compose())
    for phrase in (
        "全市96个重点项目累计完成投资148.49亿元",
        "占年度计划的51.6%，超序时进度1.6个百分点，同比增长8.5%",
        "实现了“时间过半、任务过半”",
        "应开工的24个新开工项目已开工20个，新开工率83.3%",
        "5个项目建成竣工",
        "确保完成全年计划投资287.76亿元",
    ):
        assert phrase in body


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.pop("commendations"),
        lambda d: d["commendations"].update(units=[], individuals=[]),
    ],
    ids=["no-commendations", "both-lists-empty"],
)
def test_without_anyone_to_commend_it_fails_clearly(edit: Edit) -> None:
    """No one to commend is an error naming the missing data and the template line."""
    data = copy.deepcopy(_example_data())
    edit(data)
    with pytest.raises(TemplateError, match="commendations") as caught:
        compose(_with_previous(data), "commendation", composer=COMPOSER)
    assert caught.value.filename is not None
    assert caught.value.filename.endswith("commendation.j2")
    assert caught.value.lineno is not None
    assert "None" not in str(caught.value)


def test_names_print_as_data() -> None:
    """A commended name with markup characters stays text, never a heading or emphasis."""

    def edit(d: dict[str, Any]) -> None:
        d["commendations"]["units"] = [{"name": "# 一号**单位**", "reason": "A&B<C>"}]

    text = to_text(_compose(edit))
    assert "# 一号**单位**：A&B<C>。" in text


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ({"commendation": "示重办〔2025〕16号"}, "示重办〔2025〕16号"),
        ({}, ""),
    ],
    ids=["its-own-number", "none-rather-than-the-progress-bulletins"],
)
def test_commendation_masthead_carries_its_own_number(
    numbers: dict[str, str], expected: str
) -> None:
    """The 表彰通报's 版头 shows numbers.commendation, never the progress bulletin's number."""

    def edit(d: dict[str, Any]) -> None:
        d["document"]["numbers"] = numbers

    tree = _compose(edit)
    assert tree.masthead is not None
    assert tree.masthead.number == expected
    progress = compose(
        _with_previous(copy.deepcopy(_example_data())), "progress", composer=COMPOSER
    )
    assert progress.masthead is not None and progress.masthead.number == "示重办〔2025〕15号"
