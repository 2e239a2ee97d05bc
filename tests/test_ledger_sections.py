"""Ledger sheets in sections: group headings with their subtotals, a section above the
header, a second table with its own header, and the cells of the rows under them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bulletin.source import check_file, load_report
from bulletin.sources.ledger import read_ledger
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


def _groups(first: list[object], second: list[object], total: int = 60) -> list[list[object]]:
    """Two groups, each under a heading row that carries the group's sums; stages blank."""
    return [
        _TITLE,
        _HEAD,
        first,
        [1, "甲", "东城区", None, 100, 50, 20],
        [2, "乙", "西城区", None, 200, 80, 30],
        second,
        [3, "丙", "东城区", None, 50, 20, 10],
        ["合计", None, None, None, 350, 150, total],
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            ["", "一、续建项目（2个）", "", "", 300, 130, 50],
            ["", "二、新开工项目（1个）", "", "", 50, 20, 10],
        ),
        (
            ["", "（一）续建项目 2个", "", "", 300, 130, 50],
            ["", "（二）新开工项目 1个", "", "", 50, 20, 10],
        ),
        (["", "一、续建项目", "", "", 300, 130, 50], ["", "二、新开工项目", "", "", 50, 20, 10]),
        (
            ["一", "续建项目（2项）", "", "", 300, 130, 50],
            ["二", "新开工项目（1项）", "", "", 50, 20, 10],
        ),
        (
            ["", "续建项目（2个）", "", "", 300, 130, 50],
            ["", "新开工项目（1个）", "", "", 50, 20, 10],
        ),
        (
            ["一、续建项目（2个）", "", "", "", 300, 130, 50],
            ["二、新开工项目（1个）", "", "", "", 50, 20, 10],
        ),
        (["", "续建项目小计", "", "", 300, 130, 50], ["", "新开工项目小计", "", "", 50, 20, 10]),
        (
            ["", "一、续建项目小计", "", "", 300, 130, 50],
            ["", "二、新开工项目小计", "", "", 50, 20, 10],
        ),
    ],
    ids=[
        "numbered-counted",
        "bracket-numbered-bare-count",
        "numbered",
        "ordinal-in-seq",
        "counted",
        "in-seq-column",
        "subtotal-above",
        "numbered-subtotal",
    ],
)
def test_a_group_heading_with_its_sums_is_a_heading_and_no_project(
    tmp_path: Path, first: list[object], second: list[object]
) -> None:
    """一、续建项目（2个） | sums: the rows under it are 续建, the row is no project, and the
    合计 is checked against the projects alone (it agrees)."""
    path = _book(tmp_path / "g.xlsx", _groups(first, second))
    projects = load_report(path).projects
    assert [(p.name, p.stage) for p in projects] == [
        ("甲", "续建"),
        ("乙", "续建"),
        ("丙", "新开工"),
    ]
    assert not [s for s in _said(path) if "合计" in s or "错误" in s]


def test_the_total_beside_heading_rows_is_still_checked(tmp_path: Path) -> None:
    """The other side: a 合计 that differs from the projects' sum (not the headings') is said."""
    rows = _groups(
        ["", "一、续建项目（2个）", "", "", 300, 130, 50],
        ["", "二、新开工项目（1个）", "", "", 50, 20, 10],
        total=110,
    )
    path = _book(tmp_path / "g.xlsx", rows)
    assert [s for s in _said(path) if "合计" in s] == [
        "台账!G8: 本年累计完成投资: 警告：合计行为 110 万元，各项目之和为 60 万元，相差 50 万元"
    ]
    assert len(load_report(path).projects) == 3


@pytest.mark.parametrize(
    "row",
    [
        ["", "一、二期厂房建设", "东城区", "续建", 100, 50, 20],
        [2, "一、二期厂房建设", None, None, 100, 50, 20],
        ["", "老旧小区改造（3个）", "东城区", "续建", 100, 50, 20],
    ],
    ids=["numbered-name-with-its-unit", "numbered-in-seq", "counted-name-with-its-unit"],
)
def test_a_project_named_like_a_heading_is_a_project(tmp_path: Path, row: list[object]) -> None:
    """A row with its own unit or stage, or its own number, is a project whatever its name."""
    path = _book(
        tmp_path / "p.xlsx",
        [_TITLE, _HEAD, ["一、续建项目"], [1, "甲", "东城区", None, 100, 50, 20], row],
    )
    projects = read_ledger(path).projects
    assert [(p["name"], p["stage"]) for p in projects] == [("甲", "续建"), (row[1], "续建")]


def test_a_subtotal_under_its_projects_says_nothing_of_the_rows_after_it(tmp_path: Path) -> None:
    """续建项目小计 below its projects closes the group: the row after it with no stage is a
    fault, not a 续建 project."""
    path = _book(
        tmp_path / "s.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            ["", "续建项目小计", "", "", 100, 50, 20],
            [2, "乙", "西城区", None, 200, 80, 30],
        ],
    )
    assert "台账!D5: 项目阶段: 必填，不能为空（前期、新开工、续建、竣工）" in _said(path)


def test_a_breakdown_of_the_total_by_count_is_no_heading(tmp_path: Path) -> None:
    """合计, 其中：续建项目（1个）, 新开工项目（1个）, then the projects: the breakdown's last
    line does not make the blank stage below it 新开工."""
    path = _book(
        tmp_path / "b.xlsx",
        [
            _TITLE,
            _HEAD,
            ["合计", None, None, None, 300, 130, 50],
            ["", "其中：续建项目（1个）", "", "", 100, 50, 20],
            ["", "新开工项目（1个）", "", "", 200, 80, 30],
            [1, "甲", "东城区", "续建", 100, 50, 20],
            [2, "乙", "西城区", None, 200, 80, 30],
        ],
    )
    assert "台账!D7: 项目阶段: 必填，不能为空（前期、新开工、续建、竣工）" in _said(path)


def _sections(above: list[list[object]]) -> list[list[object]]:
    """A title, ``above``, a two-row header, then 新开工 projects and a 二、续建项目 section."""
    return [
        _TITLE,
        *above,
        ["序号", "项目名称", "所属县区", "建设性质", "总投资", "投资情况", None],
        [None, None, None, None, None, "年度计划投资", "1—6月完成投资"],
        [1, "甲", "东城区", None, 100, 50, 20],
        [2, "乙", "西城区", None, 200, 80, 30],
        ["二、续建项目"],
        [3, "丙", "东城区", None, 50, 20, 10],
    ]


@pytest.mark.parametrize(
    "above",
    [[["一、新开工项目"]], [["单位：万元"], ["（一）新开工项目（2个）"]], [["一、新开工"]]],
    ids=["heading", "under-the-unit-line", "short"],
)
def test_a_section_heading_above_the_header_is_the_first_sections(
    tmp_path: Path, above: list[list[object]]
) -> None:
    """一、新开工项目 between the title and the header: the projects under the header are
    新开工 until 二、续建项目; the heading is no line of the title (nor of the header)."""
    path = _book(tmp_path / "s.xlsx", _sections(above))
    report = load_report(path)
    assert [(p.name, p.stage) for p in report.projects] == [
        ("甲", "新开工"),
        ("乙", "新开工"),
        ("丙", "续建"),
    ]
    assert (report.projects[0].planned, report.period.month) == (50, 6)
    from bulletin.sources.importer import describe_ledger

    assert [c.header for c in describe_ledger(path).sheets[0].columns][:2] == ["序号", "项目名称"]


def test_a_titles_second_line_is_no_section(tmp_path: Path) -> None:
    """The other side: （一）1—6月进展情况 under the title is the title's, which gives the
    period; the projects' blank stages stay faults."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            ["示例市2025年重点项目"],
            ["（一）1—6月进展情况"],
            _HEAD,
            [1, "甲", "东城区", None, 100, 50, 20],
        ],
    )
    assert "台账!D4: 项目阶段: 必填，不能为空（前期、新开工、续建、竣工）" in _said(path)
    assert read_ledger(path).months is not None


def test_a_heading_counting_its_started_projects_is_still_a_heading(tmp_path: Path) -> None:
    """一、续建项目（2个） with 2 in 是否开工 (the started ones, counted): a heading, not a
    project with a faulty yes/no cell."""
    path = _book(
        tmp_path / "y.xlsx",
        [
            _TITLE,
            [*_HEAD, "是否开工"],
            ["", "一、续建项目（2个）", "", "", 300, 130, 50, 2],
            [1, "甲", "东城区", None, 100, 50, 20, "是"],
            [2, "乙", "西城区", None, 200, 80, 30, "是"],
        ],
    )
    assert [(p.name, p.stage) for p in load_report(path).projects] == [
        ("甲", "续建"),
        ("乙", "续建"),
    ]


_SECOND = ["序号", "项目名称", "建设性质", "所属县区", "年度计划投资", "总投资", "1—6月完成投资"]


def test_a_second_table_in_another_column_order_is_read_by_its_own_header(
    tmp_path: Path,
) -> None:
    """A second header further down, its columns in another order: the rows under it are
    read by it, and each table's 合计 is checked against its own projects."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _HEAD,
            ["合计", None, None, None, 300, 130, 50],
            [1, "甲", "东城区", "续建", 100, 50, 20],
            [2, "乙", "西城区", "新建", 200, 80, 30],
            [],
            ["二、前期项目"],
            _SECOND,
            ["合计", None, None, None, 30, 500, 0],
            [1, "丙", None, "东城区", 30, 500, 0],
        ],
    )
    projects = load_report(path).projects
    assert [(p.name, p.unit, p.stage, p.total, p.planned) for p in projects] == [
        ("甲", "东城区", "续建", 100, 50),
        ("乙", "西城区", "新开工", 200, 80),
        ("丙", "东城区", "前期", 500, 30),
    ]
    assert not [s for s in _said(path) if "合计" in s or "错误" in s]


def test_a_second_table_with_other_columns_is_refused_at_its_header(tmp_path: Path) -> None:
    """A second header lacking a column the first has: an error naming its row, and the rows
    under it not read as the first table's."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            ["序号", "项目名称", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            [2, "乙", "续建", 200, 80, 30],
        ],
    )
    assert _said(path)[-1] == (
        "台账!A4: 第 4 行是又一个表头，与第 2 行的表头列不同（没有 所属县区 列）："
        "其下各行未读取；请把这张表移到另一个工作表，或使两个表头的列相同"
    )
    assert [p["name"] for p in read_ledger(path).projects] == ["甲"]


def test_a_second_table_under_a_two_row_header_is_read_by_it(tmp_path: Path) -> None:
    """The second header two rows deep (项目名称 merged down, 投资情况（亿元） over its
    columns): the rows under it are read by its paths and units, its own rows no project."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            ["序号", "项目名称", "投资情况（亿元）", None, None, "建设性质", "所属县区"],
            [None, None, "年度计划投资", "总投资", "1—6月完成投资", None, None],
            [2, "乙", 0.3, 1.2, 0.1, "续建", "西城区"],
        ],
    )
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for cells in ("A4:A5", "B4:B5", "C4:E4", "F4:F5", "G4:G5"):
        ws.merge_cells(cells)
    wb.save(path)
    projects = load_report(path).projects
    assert [(p.name, p.unit, p.total, p.planned, p.completed) for p in projects] == [
        ("甲", "东城区", 100, 50, 20),
        ("乙", "西城区", 12000, 3000, 1000),
    ]


def test_words_in_a_projects_amount_cells_make_no_header(tmp_path: Path) -> None:
    """The other side: a project whose amounts say 待定 is a project, its cells at fault."""
    path = _book(
        tmp_path / "w.xlsx",
        [_TITLE, _HEAD, [1, "甲", "东城区", "续建", "待定", "待定", 0]],
    )
    said = _said(path)
    assert "台账!E3: 总投资: 应为数字，得到 '待定'" in said
    assert [p["name"] for p in read_ledger(path).projects] == ["甲"]


def test_a_second_header_whose_parents_stand_above_its_name_row_is_read_whole(
    tmp_path: Path,
) -> None:
    """投资情况（亿元） over the second header's amounts, on a row above 项目名称: that row
    is the header's too (its unit read), not a project."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            [None, None, "投资情况（亿元）", None, None, "基本情况", None],
            ["序号", "项目名称", "年度计划投资", "总投资", "1—6月完成投资", "建设性质", "所属县区"],
            [2, "乙", 0.3, 1.2, 0.1, "续建", "西城区"],
        ],
    )
    wb = openpyxl.load_workbook(path)
    for cells in ("C4:E4", "F4:G4"):
        wb.active.merge_cells(cells)
    wb.save(path)
    projects = load_report(path).projects
    assert [(p.name, p.unit, p.total, p.planned, p.completed) for p in projects] == [
        ("甲", "东城区", 100, 50, 20),
        ("乙", "西城区", 12000, 3000, 1000),
    ]


def test_a_section_heading_with_no_title_above_it_is_a_heading(tmp_path: Path) -> None:
    """一、新开工项目 on the sheet's first line, no title: the heading, not the title (the
    first section's stage was lost, and the sheet refused for a missing 项目阶段 column)."""
    _book(tmp_path / "s.xlsx", _sections([["一、新开工项目"]])[1:])
    mapping = tmp_path / "d.yaml"
    mapping.write_text(
        "document: {region: 示例市}\nperiod: {year: 2025, month: 6}\nledger: s.xlsx\n",
        encoding="utf-8",
    )
    assert [(p.name, p.stage) for p in load_report(mapping).projects] == [
        ("甲", "新开工"),
        ("乙", "新开工"),
        ("丙", "续建"),
    ]


def _two_tables(tmp_path: Path, second: list[object] = _SECOND) -> Path:
    """One project under the first header, one 前期 project under ``second``."""
    return _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            second,
            [1, "丙", "前期", "东城区", 30, 500, 0],
        ],
    )


@pytest.mark.parametrize(("months", "said"), [(6, False), (5, True)])
def test_a_second_table_of_another_period_is_said(tmp_path: Path, months: int, said: bool) -> None:
    """Last month's table pasted under this month's: its 1—5月 is not the sheet's 1—6月."""
    second = [*_SECOND[:-1], f"1—{months}月完成投资"]
    path = _two_tables(tmp_path, second)
    differs = [s for s in _said(path) if "不符" in s]
    assert differs == (
        ["台账!G4: 第 4 行的表头为 1—5月，与第 2 行表头的 1—6月 不符"] if said else []
    )


def test_show_mapping_shows_each_tables_header(tmp_path: Path) -> None:
    """A secretary confirming the columns sees the second table's, which are read by it."""
    from bulletin.sources.importer import describe_ledger, show_mapping

    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            [2, "乙", "西城区", "新建", 200, 80, 30],
            _SECOND,
            [1, "丙", "前期", "东城区", 30, 500, 0],
        ],
    )
    view = describe_ledger(path)
    assert [(s.header_rows, s.projects, s.first_row) for s in view.sheets] == [
        ((1, 1), 2, 2),
        ((4, 4), 1, 5),
    ]
    assert [c.label for c in view.sheets[1].columns][2:4] == ["项目阶段", "所属县区"]
    text = show_mapping(path)
    assert "表头在第 2 行" in text and "表头在第 5 行" in text
    assert "读出 1 个项目（自第 6 行起）" in text


@pytest.mark.parametrize("columns", [None, "columns: {总投资: E}"])
def test_a_mapping_of_columns_says_it_is_the_first_tables(
    tmp_path: Path, columns: str | None
) -> None:
    _two_tables(tmp_path)
    data = tmp_path / "d.yaml"
    data.write_text(
        "ledger:\n  file: t.xlsx\n" + (f"  {columns}\n" if columns else ""), encoding="utf-8"
    )
    said = [str(d) for d in check_file(data) if "只用于" in str(d)]
    assert len(said) == (columns is not None)
    assert [p.total for p in load_report(data).projects] == [100, 500]


@pytest.mark.parametrize(
    "second",
    ["      市级重点项目", "市级重点项目", "市级重点项目（1个）"],
    ids=["indented", "plain", "counted"],
)
def test_the_lines_of_a_breakdown_under_the_total_are_parts_of_it(
    tmp_path: Path, second: str
) -> None:
    """合计, 其中：省级重点项目, then 市级重点项目 without 其中, unnumbered, then the numbered
    projects: both lines break the total down, no project, and the 合计 agrees."""
    path = _book(
        tmp_path / "b.xlsx",
        [
            _TITLE,
            _HEAD,
            ["", "合计", None, None, 300, 130, 50],
            ["", "其中：省级重点项目", None, None, 100, 50, 20],
            ["", second, None, None, 200, 80, 30],
            [1, "甲", "东城区", "续建", 100, 50, 20],
            [2, "乙", "西城区", "新建", 200, 80, 30],
        ],
    )
    assert [p.name for p in load_report(path).projects] == ["甲", "乙"]
    assert [s for s in _said(path) if "警告" not in s or "合计" in s] == []


@pytest.mark.parametrize(
    "after",
    [["", "其中：省级重点项目", None, None, 100, 50, 20], [1, "甲", "东城区", "续建", 100, 50, 20]],
    ids=["own-unit-and-stage-after-the-breakdown", "unnumbered-after-a-project"],
)
def test_a_line_that_is_no_part_of_a_breakdown_is_a_project(
    tmp_path: Path, after: list[object]
) -> None:
    """The other side: an unnumbered row with its own unit and stage after 其中 is a project
    (the sheet need not number its projects); one without them after a project, not a 其中
    row, is a project still, its blank cells faults."""
    own = after[0] == ""
    row = ["", "丙", "东城区" if own else None, "续建" if own else None, 200, 80, 30]
    path = _book(
        tmp_path / "p.xlsx", [_TITLE, _HEAD, ["", "合计", None, None, 300, 130, 50], after, row]
    )
    names = [p["name"] for p in read_ledger(path).projects]
    assert names == (["丙"] if own else ["甲", "丙"])
    assert ("台账!C5: 所属县区: 必填，不能为空" in _said(path)) is not own


def test_nothing_is_passed_over_where_no_column_tells_a_project_from_a_heading(
    tmp_path: Path,
) -> None:
    """A sheet named for its unit, its stage from 建设起止年限: no unit or stage column, so
    a row after a 其中 row and a counted name are projects, as they were."""
    path = _workbook(
        tmp_path / "u.xlsx",
        {
            "东城区": [
                _TITLE,
                ["项目名称", "建设起止年限", "总投资", "年度计划投资", "1—6月完成投资"],
                ["合计", None, 300, 130, 50],
                ["其中：省级重点项目", None, 100, 50, 20],
                ["甲", "2024—2026", 100, 50, 20],
                ["老旧小区改造（3个）", "2025—2026", 200, 80, 30],
            ]
        },
    )
    projects = load_report(path).projects
    assert [(p.name, p.unit, p.stage) for p in projects] == [
        ("甲", "东城区", "续建"),
        ("老旧小区改造（3个）", "东城区", "新开工"),
    ]


_UNNUMBERED = ["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"]


@pytest.mark.parametrize(
    "heading",
    [["续建项目（2个）"], ["续建项目（2个）", None, None, 300, 130, 50], ["续建项目（2项）"]],
    ids=["alone", "with-its-sums", "items"],
)
def test_a_counted_heading_on_a_sheet_without_numbers_is_a_heading(
    tmp_path: Path, heading: list[object]
) -> None:
    """No 序号 column: 续建项目（2个） in the name column, no unit or stage of its own, heads
    the rows under it (they are 续建), and is no project."""
    path = _book(
        tmp_path / "h.xlsx",
        [
            _TITLE,
            _UNNUMBERED,
            heading,
            ["甲", "东城区", None, 100, 50, 20],
            ["乙", "西城区", None, 200, 80, 30],
            ["新开工项目（1个）"],
            ["丙", "东城区", None, 50, 20, 10],
        ],
    )
    assert [(p.name, p.stage) for p in load_report(path).projects] == [
        ("甲", "续建"),
        ("乙", "续建"),
        ("丙", "新开工"),
    ]


def test_a_counted_name_with_its_unit_on_a_sheet_without_numbers_is_a_project(
    tmp_path: Path,
) -> None:
    """The other side: 老旧小区改造（3个） with its own unit and stage is a project."""
    path = _book(
        tmp_path / "p.xlsx",
        [_TITLE, _UNNUMBERED, ["老旧小区改造（3个）", "东城区", "续建", 100, 50, 20]],
    )
    assert [p.name for p in load_report(path).projects] == ["老旧小区改造（3个）"]


@pytest.mark.parametrize(
    "above",
    [
        [["表二：基础设施项目", None, None, None, None, None, "单位：亿元"]],
        [["表二：基础设施项目"], ["单位：亿元"]],
        [[None, None, None, None, None, None, "单位：亿元"]],
    ],
    ids=["title-and-unit", "title-over-unit", "unit-alone"],
)
def test_a_second_tables_title_and_unit_lines_are_its_own(
    tmp_path: Path, above: list[list[object]]
) -> None:
    """表二：基础设施项目 | 单位：亿元 over a second header: the lines are that table's, no
    project, and its amounts are read in 亿元 (the first table's stay in 万元)."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            [None, None, None, None, None, None, "单位：万元"],
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            [],
            *above,
            _SECOND,
            [1, "乙", "新建", "西城区", 0.3, 1.2, 0.1],
        ],
    )
    projects = load_report(path).projects
    assert [(p.name, p.unit, p.total, p.planned, p.completed) for p in projects] == [
        ("甲", "东城区", 100, 50, 20),
        ("乙", "西城区", 12000, 3000, 1000),
    ]
    assert [s for s in _said(path) if "警告" not in s] == []


@pytest.mark.parametrize("heading", [False, True], ids=["right-above", "under-a-heading"])
def test_a_project_above_a_second_header_is_no_title(tmp_path: Path, heading: bool) -> None:
    """The other side: a project of its name alone just above a second header (or above a
    heading over it) is a project, its empty cells faults; a numbered heading there heads
    the rows under the header."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _HEAD,
            [1, "甲", "东城区", "续建", 100, 50, 20],
            ["", "城区污水处理厂提标改造工程"],
            *([["二、前期项目"]] if heading else []),
            _SECOND,
            [1, "丙", "前期" if not heading else None, "西城区", 30, 500, 0],
        ],
    )
    assert "台账!E4: 总投资: 必填，不能为空" in _said(path)
    projects = read_ledger(path).projects
    assert [(p["name"], p.get("stage")) for p in projects] == [
        ("甲", "续建"),
        ("城区污水处理厂提标改造工程", None),
        ("丙", "前期"),
    ]


_NO_STAGE = ["序号", "项目名称", "所属县区", "总投资", "年度计划投资", "1—6月完成投资"]
_NO_STAGE_SECOND = ["序号", "项目名称", "总投资", "所属县区", "年度计划投资", "1—6月完成投资"]


@pytest.mark.parametrize(
    ("above", "stage"),
    [
        ([["表二：城区其他重点项目"]], None),
        ([["二、续建项目"]], "续建"),
        ([["表二：城区其他重点项目"], ["二、续建项目"]], "续建"),
    ],
    ids=["titled-only", "headed", "titled-and-headed"],
)
def test_the_first_tables_heading_does_not_carry_into_the_second(
    tmp_path: Path, above: list[list[object]], stage: str | None
) -> None:
    """一、新开工项目 over the first table says nothing of a second table's rows (they were
    read as 新开工); a heading between the two tables heads the second."""
    path = _book(
        tmp_path / "t.xlsx",
        [
            _TITLE,
            _NO_STAGE,
            ["一、新开工项目"],
            [1, "甲", "东城区", 100, 50, 20],
            [],
            *above,
            _NO_STAGE_SECOND,
            [1, "乙", 300, "西城区", 120, 10],
        ],
    )
    projects = read_ledger(path).projects
    assert [(p["name"], p.get("stage")) for p in projects] == [("甲", "新开工"), ("乙", stage)]
