"""Ledger sheets in sections: group headings with their subtotals, a section above the
header, a second table with its own header, and the cells of the rows under them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.source import load_report
from test_ledger_unseen import _book as _workbook
from test_ledger_unseen import _said


def _book(path: Path, rows: list[list[object]]) -> Path:
    return _workbook(path, {"台账": rows})


_TITLE = ["示例市2025年1—6月重点项目"]
_HEAD = ["序号", "项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"]


@pytest.mark.parametrize("typed", [None, "—"], ids=["empty", "dash"])
def test_a_missing_plan_says_to_write_0_where_a_total_says_only_that_it_is_missing(
    tmp_path: Path, typed: object
) -> None:
    """An empty or dashed 年度计划投资 (a 前期 project's) asks for 0; a 总投资 has no such
    hint, since every project has one."""
    path = _book(
        tmp_path / "l.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "前期", 100, typed, 0],
            [2, "乙", "东城区", "前期", typed, 50, 0],
        ],
    )
    got = "'—'" if typed else None
    said = [s for s in _said(path) if "必填" in s]
    assert said == [
        f"台账!F3: 年度计划投资: 必填，{f'得到 {got}' if got else '不能为空'}（没有的请填 0）",
        f"台账!E4: 总投资: 必填，{f'得到 {got}' if got else '不能为空'}",
    ]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("老旧小区\u00a0改造工程", "老旧小区改造工程"),
        ("老旧小区\u3000改造工程（\u00a0二期）", "老旧小区改造工程（二期）"),
        ("5G\u00a0基站建设", "5G 基站建设"),
        ("Phase\u2002II 厂房", "Phase II 厂房"),
        ("滨江路 \u00a0改造", "滨江路改造"),
        ("滨江路 改造", "滨江路 改造"),
        ("S312线 改建", "S312线 改建"),
    ],
    ids=[
        "nbsp-in-cjk",
        "ideographic-and-bracket",
        "after-latin",
        "en-space",
        "run",
        "plain",
        "plain-latin",
    ],
)
def test_odd_spaces_in_a_name_are_plain_and_fine_names_unchanged(
    tmp_path: Path, typed: str, read: str
) -> None:
    """A no-break or full-width space between 汉字 goes, elsewhere it is a plain space;
    a name typed with plain spaces is read as typed; the unit the same way."""
    path = _book(
        tmp_path / "l.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, typed, "东城\u00a0区", "续建", 100, 50, 20],
            [2, "乙", "东城区", "续建", 100, 50, 20],
        ],
    )
    projects = load_report(path).projects
    assert [p.name for p in projects] == [read, "乙"]
    assert [p.unit for p in projects] == ["东城区", "东城区"]


def test_a_leaders_full_width_space_is_kept(tmp_path: Path) -> None:
    """The other side: 分管领导 市长　王某 keeps the space that parts title from name."""
    path = _book(
        tmp_path / "l.xlsx",
        [
            _TITLE,
            [*_HEAD, "分管领导"],
            [1, "甲", "东城区", "续建", 100, 50, 20, "副市长\u3000王某"],
        ],
    )
    assert load_report(path).projects[0].leader == "副市长\u3000王某"
