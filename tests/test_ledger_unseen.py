"""Ledger layouts an independent audit brought that the other ledger tests did not show.

Each builds the layout, and asserts what is read (projects, amounts, starts) and
what is said: a check that passes must not be followed by a false document.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bulletin.errors import DataError
from bulletin.source import check_file, load_report
from bulletin.sources.ledger import _region, read_ledger


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _said(path: Path) -> list[str]:
    return [str(d).removeprefix(f"{path}:") for d in check_file(path)]


_HEAD = ["序号", "项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"]


@pytest.mark.parametrize("header", ["今年以来完成投资", "本年以来完成投资", "年初以来完成投资"])
def test_this_years_since_january_is_this_years_completion(tmp_path: Path, header: str) -> None:
    """今年以来 is since 1 January, not since the start of works (开工以来, not read)."""
    path = _book(
        tmp_path / "l.xlsx",
        {
            "台账": [
                ["示例县2025年1—6月重点项目进展表"],
                [*_HEAD[:-1], header, "开工以来累计完成投资"],
                [1, "甲", "城关镇", "续建", 3000, 1000, 600, 2500],
                [2, "乙", "新集镇", "续建", 2000, 800, 300, 300],
            ]
        },
    )
    assert [p.completed for p in load_report(path).projects] == [600, 300]


def _starts(tmp_path: Path, months: int, starts: list[object], money: int = 100) -> Path:
    rows: list[list[object]] = [
        [f"江州市2025年1—{months}月重点项目表"],
        [
            "项目名称",
            "所属县区",
            "建设性质",
            "开工时间",
            "总投资",
            "年度计划投资",
            f"1—{months}月完成投资",
        ],
    ]
    for i, start in enumerate(starts):
        rows.append([f"项目{i}", "东区", "续建", start, 1000, 500, money])
    return _book(tmp_path / "s.xlsx", {"台账": rows})


def test_a_continuing_project_begun_in_an_earlier_year_has_resumed_with_money(
    tmp_path: Path,
) -> None:
    """No 是否开工 column: 续建 with 开工时间 in 2024 (any form) or none, and money this
    year, has resumed; before, only the one dated this year counted."""
    import datetime as dt

    path = _starts(
        tmp_path, 10, ["2024-11", "2024年11月", dt.datetime(2024, 11, 5), None, "2025-02"]
    )
    assert [p.started for p in load_report(path).projects] == [True] * 5
    assert [p.start_month for p in load_report(path).projects] == [None] * 4 + [2]


def test_a_continuing_project_without_money_this_year_has_not_resumed(tmp_path: Path) -> None:
    """The other side: 续建 begun in 2024 with nothing spent this year is not counted as resumed."""
    path = _starts(tmp_path, 10, ["2024年11月", None], money=0)
    assert [p.started for p in load_report(path).projects] == [False, False]


@pytest.mark.parametrize(("month", "started"), [(3, True), (4, False)], ids=["in", "after"])
def test_a_start_month_after_the_period_is_a_planned_start(
    tmp_path: Path, month: int, started: bool
) -> None:
    """开工时间 4月 in a 1—3月 ledger is the start to come: not started, its planned month."""
    path = _starts(tmp_path, 3, [f"2025年{month}月"], money=0)
    (project,) = load_report(path).projects
    assert project.started is started
    assert (project.start_month, project.planned_start) == ((3, None) if started else (None, 4))
    if not started:
        assert (
            "台账!D3: 开工月份: 警告：开工时间 4月 晚于统计期 1—3月："
            "按计划开工月份读取，项目按未开工计" in _said(path)
        )


def test_the_parts_of_a_bundled_project_are_not_projects_of_their_own(tmp_path: Path) -> None:
    """1 | 老旧小区改造（打捆） then 1-1, 1-2: one project, as the ledger's 合计 counts it."""
    path = _book(
        tmp_path / "b.xlsx",
        {
            "台账": [
                ["平山县2025年1—6月重点项目建设进展情况表"],
                _HEAD,
                [1, "老旧小区改造（打捆）", "城关镇", "续建", 8000, 3000, 1800],
                ["1-1", "东街小区改造", "城关镇", "续建", 5000, 2000, 1200],
                ["1-2", "西街小区改造", "城关镇", "续建", 3000, 1000, 600],
                [2, "站前广场", "南关镇", "新建", 12000, 5000, 2500],
                ["3-1", "文体中心", "南关镇", "续建", 4000, 1000, 500],
                ["全县合计", None, None, None, 24000, 9000, 4800],
            ]
        },
    )
    report = load_report(path)
    # 3-1 follows project 2, not a project 3: it is read as one.
    assert [p.name for p in report.projects] == ["老旧小区改造（打捆）", "站前广场", "文体中心"]
    assert [s for s in _said(path) if "开工" not in s or "子项目" in s] == [
        "台账!A4: 警告：序号 1-1 等行是项目 1“老旧小区改造（打捆）”的子项目，"
        "不单独计为项目（其金额已含在该项目中）"
    ]


@pytest.mark.parametrize("summary", ["总表", "台账总表", "全县总表", "合计", "统计表"])
def test_a_summary_sheet_beside_the_unit_sheets_is_not_read_twice(
    tmp_path: Path, summary: str
) -> None:
    """A 总表 repeating the county sheets' projects is left out; a sheet 西城 titled 示例市西城区
    is 西城区."""
    head = ["序号", "项目名称", "建设性质", "总投资", "年度计划投资", "1—5月完成投资"]
    path = _book(
        tmp_path / "t.xlsx",
        {
            summary: [
                ["示例市2025年1—5月重点项目建设情况总表"],
                ["序号", "所属县区", *head[1:]],
                [1, "东城区", "甲", "新建", 3000, 1200, 600],
                [2, "西城区", "乙", "续建", 8000, 3000, 900],
            ],
            "东城区": [
                ["示例市东城区2025年1—5月重点项目"],
                head,
                [1, "甲", "新建", 3000, 1200, 600],
            ],
            "西城": [["示例市西城区2025年1—5月重点项目"], head, [1, "乙", "续建", 8000, 3000, 900]],
        },
    )
    assert [(p.name, p.unit) for p in load_report(path).projects] == [
        ("甲", "东城区"),
        ("乙", "西城区"),
    ]


def test_a_sheet_named_for_summing_is_read_when_it_is_the_only_ledger(tmp_path: Path) -> None:
    """The other side: a workbook whose one ledger is its 总表 is read."""
    path = _book(
        tmp_path / "t.xlsx",
        {
            "总表": [
                ["示例市2025年1—6月重点项目"],
                _HEAD,
                [1, "甲", "东城区", "新建", 3000, 1200, 600],
            ]
        },
    )
    assert [p.name for p in load_report(path).projects] == ["甲"]


def _with_rows(tmp_path: Path, rows: list[list[object]]) -> Path:
    return _book(tmp_path / "r.xlsx", {"台账": [["示例市2025年1—6月重点项目"], _HEAD, *rows]})


_A = [1, "甲工程", "东城区", "续建", 10000, 5000, 3000]
_B = [2, "乙工程", "西城区", "续建", 20000, 10000, 2000]


_TOTAL = ["合计", None, None, None, 30000, 15000, 5000]


@pytest.mark.parametrize(
    "rows",
    [
        [["甲", "乙", "丙", "丁", 1, 2, "3=2/1"], _A, _B, _TOTAL],
        [_A, _B, ["", "西城区 合计（1个）", "", "", 20000, 10000, 2000], _TOTAL],
        [
            _A,
            _B,
            _TOTAL,
            ["", "其中：省级重点项目（1个）", "", "", 10000, 5000, 3000],
            ["", "市级重点项目（1个）", "", "", 20000, 10000, 2000],
        ],
        [_A, _HEAD, _B, _TOTAL],
    ],
    ids=["statistics-columns-row", "a-units-total", "breakdown-without-qizhong", "repeated-header"],
)
def test_rows_that_are_no_projects_are_passed_over(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    """A 栏次 row, one unit's 合计, a breakdown by count and a repeated header: no project,
    no fault, and the grand 合计 still checked against the projects (it agrees)."""
    path = _with_rows(tmp_path, rows)
    assert [p.name for p in load_report(path).projects] == ["甲工程", "乙工程"]
    assert not [s for s in _said(path) if "开工" not in s]


def test_a_grand_total_that_differs_is_still_said(tmp_path: Path) -> None:
    """The other side: the 合计 beside a unit's is checked, and a gap not made by text
    numbers is said without a false cause."""
    path = _with_rows(
        tmp_path,
        [_A, [*_B[:4], "20,000", 10000, 2000], ["合计", None, None, None, 30000, 15000, 4000]],
    )
    said = [s for s in _said(path) if "合计" in s]
    assert said == [
        "台账!G5: 本年累计完成投资: 警告：合计行为 4000 万元，各项目之和为 5000 万元，"
        "相差 1000 万元"
    ]


@pytest.mark.parametrize(
    ("title", "region"),
    [
        ("附件2：青州市2025年重点项目进展表", "青州市"),
        ("中共青州市委 青州市人民政府2025年重点项目", "青州市"),
        ("2025年1—4月 怀远县重点项目建设进度表", "怀远县"),
        ("2025年全市重点项目", None),
    ],
)
def test_region_after_what_titles_put_first(title: str, region: str | None) -> None:
    assert _region(title) == region


def test_a_county_ledger_without_a_unit_column_is_the_countys(tmp_path: Path) -> None:
    """临河县2025年… with no 所属县区: every project is 临河县's, said once as a warning."""
    path = _book(
        tmp_path / "c.xlsx",
        {
            "1-8月": [
                ["临河县2025年1—8月重点项目推进情况"],
                ["项目名称", "建设性质", "总投资", "年度计划投资", "1—8月完成投资"],
                ["甲", "续建", 100, 50, 20],
            ]
        },
    )
    assert [p.unit for p in load_report(path).projects] == ["临河县"]
    assert _said(path)[0] == (
        "'1-8月'!A1: 警告：表头中没有“所属县区”列：各项目按 临河县 计，不分县区排名；"
        "如需分县区，请加“所属县区”列"
    )


@pytest.mark.parametrize("header", ["所属镇街", "所属\n镇街", "所在镇街"])
def test_town_and_street_headers_are_the_unit(tmp_path: Path, header: str) -> None:
    path = _book(
        tmp_path / "u.xlsx",
        {
            "台账": [
                ["滨海新区2025年1—6月重点项目"],
                ["项目名称", header, "建设性质", "总投资", "年度计划投资"],
                ["甲", "港城街道", "续建", 100, 50],
            ]
        },
    )
    assert [p.unit for p in load_report(path).projects] == ["港城街道"]
    # --show-mapping lists the header on one line, without the cell's own break.
    from bulletin.sources.importer import describe_ledger

    shown = [c.header for c in describe_ledger(path).sheets[0].columns]
    assert shown[1] == header.replace("\n", "")


@pytest.mark.parametrize(
    ("word", "stage"),
    [
        ("续建（复工）", "续建"),
        ("新建(当年开工)", "新开工"),
        ("拟开工", "新开工"),
        ("部分投产", "续建"),
        ("部分建成", "续建"),
    ],
)
def test_a_stage_word_explained_in_brackets_is_read(tmp_path: Path, word: str, stage: str) -> None:
    """Also the words for a start to come (拟开工) and a project partly at work (部分投产)."""
    path = _with_rows(tmp_path, [[1, "甲", "东城区", word, 100, 50, 20]])
    assert [p.stage for p in load_report(path).projects] == [stage]


def test_a_dash_for_a_required_amount_says_what_to_write(tmp_path: Path) -> None:
    path = _with_rows(tmp_path, [[1, "甲", "东城区", "前期", 100, "—", 0]])
    assert "台账!F3: 年度计划投资: 必填，得到 '—'（没有的请填 0）" in _said(path)


def _no_region(path: Path, planned: object = 50) -> Path:
    return _book(
        path,
        {
            "台账": [
                ["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "完成投资"],
                ["甲", "东城区", "续建", 100, planned, 20],
            ]
        },
    )


def test_import_leaves_what_the_ledger_does_not_say_to_fill_in(tmp_path: Path) -> None:
    """No region or period anywhere: bulletin import (which the message of render and check
    suggests) writes the file with them empty and says so; filled in, it renders."""
    from click.testing import CliRunner

    import bulletin
    from bulletin.cli import main

    out = tmp_path / "d.yaml"
    result = CliRunner().invoke(
        main, ["import", str(_no_region(tmp_path / "l.xlsx")), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "台账中没有 document.region、document.issuer、period.year、period.month：已留空" in (
        result.output
    )
    text = out.read_text(encoding="utf-8")
    assert "  region: null\n  issuer: null\n" in text and "  year: null\n  month: null\n" in text
    filled = (
        text.replace("region: null", "region: 示例市")
        .replace("issuer: null", "issuer: 示例市重点项目办")
        .replace("year: null", "year: 2025")
        .replace("month: null", "month: 6")
    )
    out.write_text(filled, encoding="utf-8")
    assert "示例市" in bulletin.render(out, format="txt").decode("utf-8")


def test_import_still_stops_at_an_error_in_the_cells(tmp_path: Path) -> None:
    """The other side: with a faulty cell too, nothing is written and every error is said."""
    from click.testing import CliRunner

    from bulletin.cli import main

    out = tmp_path / "d.yaml"
    path = _no_region(tmp_path / "l.xlsx", planned="约50")
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()
    assert "应为数字，得到 '约50'" in result.output and "找不到地区名称" in result.output


def test_a_name_merged_across_an_empty_column_is_only_the_name(tmp_path: Path) -> None:
    """项目名称 merged over B:C into an empty 建设单位: no owner; a 所属县区 merged down
    over two projects is each one's."""
    path = _book(
        tmp_path / "m.xlsx",
        {
            "台账": [
                ["示例市2025年1—6月重点项目"],
                ["项目名称", "建设单位", "所属县区", "建设性质", "总投资", "年度计划投资"],
                ["甲工程", None, "东城区", "续建", 100, 50],
                ["乙工程", "乙公司", None, "续建", 100, 50],
            ]
        },
    )
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("A3:B3")
    wb.active.merge_cells("C3:C4")
    wb.save(path)
    assert [(p.owner, p.unit) for p in load_report(path).projects] == [
        (None, "东城区"),
        ("乙公司", "东城区"),
    ]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("３００．５", "300.5"),
        ("１２，０００", "12000"),
        ("12,000.5", "12000.5"),
        ("1 200", "1200"),
    ],
)
def test_amounts_typed_as_text_are_read(tmp_path: Path, typed: str, read: str) -> None:
    """Full-width digits and point (a Chinese input method's), separators every three digits."""
    path = _with_rows(tmp_path, [[1, "甲", "东城区", "续建", 100000, typed, 0]])
    assert str(load_report(path).projects[0].planned) == read


@pytest.mark.parametrize("typed", ["1,2000", "12,00"])
def test_a_separator_out_of_place_is_a_slip_not_a_number(tmp_path: Path, typed: str) -> None:
    """1,2000 may be 12000 or 1200: said at the cell, not read as either."""
    path = _with_rows(tmp_path, [[1, "甲", "东城区", "续建", 100000, typed, 0]])
    assert f"台账!F3: 年度计划投资: 应为数字，得到 '{typed}'（千位分隔符的位置不对）" in _said(path)


def test_a_data_file_naming_only_its_ledger_reads_as_the_ledger_does(tmp_path: Path) -> None:
    """ledger: 台账.xlsx alone (or with the region alone): the document parts the file
    leaves out come from the workbook's title, as when it is read directly."""
    import bulletin

    _with_rows(tmp_path, [_A, _B])
    alone = tmp_path / "a.yaml"
    alone.write_text("ledger: r.xlsx\n", encoding="utf-8")
    region_only = tmp_path / "b.yaml"
    region_only.write_text("document: {region: 示例市}\nledger: r.xlsx\n", encoding="utf-8")
    direct = bulletin.render(tmp_path / "r.xlsx", format="txt")
    assert bulletin.render(alone, format="txt") == direct
    assert bulletin.render(region_only, format="txt") == direct


def test_a_second_line_under_a_project_merged_down_adds_to_its_texts(tmp_path: Path) -> None:
    """A project's cells merged over two rows, its 形象进度 and 存在问题 on both: one project
    whose texts hold both lines; before, the second was lost and could be read as a heading."""
    path = _book(
        tmp_path / "c.xlsx",
        {
            "台账": [
                ["示例市2025年1—6月重点项目"],
                [*_HEAD, "形象进度", "存在问题"],
                [1, "甲工程", "东城区", "续建", 100, 50, 20, "设备安装", "资金不足"],
                [None, None, None, None, None, None, None, "（实际）完成80%", "用地未批"],
                [2, "乙工程", "西城区", "续建", 100, 50, 20, "主体施工", None],
            ]
        },
    )
    wb = openpyxl.load_workbook(path)
    for column in "ABCDEFG":
        wb.active.merge_cells(f"{column}3:{column}4")
    wb.save(path)
    report = load_report(path)
    assert [(p.name, p.progress, p.problems, p.category) for p in report.projects] == [
        ("甲工程", "设备安装；（实际）完成80%", ["资金不足", "用地未批"], None),
        ("乙工程", "主体施工", [], None),
    ]


def _with_parts(tmp_path: Path, levels: int) -> Path:
    """年度计划投资 with a breakdown beside its 合计: 其中：中央预算内投资 in the header's
    second row, or 其中 over 中央预算内投资 and 省级资金 in its second and third."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    ws.append(["示例市2025年1—6月重点项目"])
    ws.append([*_HEAD[:5], "年度计划投资", None, None, "1—6月完成投资"])
    if levels == 2:
        ws.append([None] * 5 + ["合计", "其中：中央预算内投资", "省级资金", None])
    else:
        ws.append([None] * 5 + ["合计", "其中", None, None])
        ws.append([None] * 6 + ["中央预算内投资", "省级资金", None])
        ws.merge_cells("G3:H3")
        ws.merge_cells("F3:F4")
    ws.merge_cells("F2:H2")
    for col in "ABCDEI":
        ws.merge_cells(f"{col}2:{col}{levels + 1}")
    ws.append([1, "甲工程", "东城区", "续建", 10000, 5000, 1200, 600, 3000])
    ws.append([2, "乙工程", "西城区", "续建", 20000, 8000, 300, 100, 2000])
    path = tmp_path / "parts.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("levels", [2, 3])
def test_a_part_of_the_plan_is_not_the_plan(tmp_path: Path, levels: int) -> None:
    """The plan is read from its 合计, and --show-mapping says the columns under 其中 are
    its parts, not the same field again."""
    from bulletin.sources.importer import describe_ledger

    path = _with_parts(tmp_path, levels)
    assert [p.planned for p in load_report(path).projects] == [5000, 8000]
    columns = {c.letter: c for c in describe_ledger(path).sheets[0].columns}
    assert columns["F"].field == "planned"
    assert columns["G"].note == "其中的分项，不读取"
    if levels == 3:  # 省级资金 sits under 其中 too; in two levels it is a part unsaid
        assert columns["H"].note == "其中的分项，不读取"


_NO_STAGE = ["序号", "项目名称", "所属县区", "总投资", "年度计划投资", "1—6月完成投资"]


def test_sheets_named_for_a_stage_give_their_projects_it(tmp_path: Path) -> None:
    """续建项目, 2.新开工项目（1个） and 前期 sheets without a 建设性质 column: each sheet's
    name is the stage of its projects (the workbook was refused for the missing column)."""
    path = _book(
        tmp_path / "s.xlsx",
        {
            name: [["示例市2025年1—6月重点项目"], _NO_STAGE, [None, project, "东城区", 100, 50, 20]]
            for name, project in (("续建项目", "甲"), ("2.新开工项目（1个）", "乙"), ("前期", "丙"))
        },
    )
    assert [(p.name, p.unit, p.stage) for p in load_report(path).projects] == [
        ("甲", "东城区", "续建"),
        ("乙", "东城区", "新开工"),
        ("丙", "东城区", "前期"),
    ]


def test_a_sheet_named_for_no_stage_gives_none_and_a_stage_column_wins(tmp_path: Path) -> None:
    """The other side: a sheet called 产业项目 says no stage (the column is missing still);
    a 续建项目 sheet's own 建设性质 column is read, not its name."""
    path = _book(
        tmp_path / "s.xlsx",
        {
            "产业项目": [
                ["示例市2025年1—6月重点项目"],
                _NO_STAGE,
                [1, "甲", "东城区", 100, 50, 20],
            ],
            "续建项目": [
                ["示例市2025年1—6月重点项目"],
                _HEAD,
                [1, "乙", "东城区", "新建", 1, 1, 0],
            ],
        },
    )
    assert next(s for s in _said(path) if "项目阶段" in s).startswith(
        "产业项目!A2: 表头中找不到 项目阶段 列"
    )
    projects = {p["name"]: p for p in read_ledger(path).projects}
    assert "stage" not in projects["甲"] and projects["乙"]["stage"] == "新开工"


_COUNTY_HEAD = ["序号", "项目名称", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"]


@pytest.mark.parametrize("region", ["示例市", ""], ids=["region-then-county", "county-alone"])
def test_county_sheets_named_sheet1_take_the_county_their_title_names(
    tmp_path: Path, region: str
) -> None:
    """Sheet1, Sheet2 with no 所属县区, titled 示例市东城区2025年… and 示例市西城区…: each
    title's county is its projects' unit (the workbook was refused for a missing column)."""
    path = _book(
        tmp_path / "c.xlsx",
        {
            f"Sheet{i}": [
                [f"{region}{county}2025年1—6月重点项目进展情况表"],
                _COUNTY_HEAD,
                [1, name, "续建", 100, 50, 20],
            ]
            for i, (county, name) in enumerate((("东城区", "甲"), ("西城区", "乙")), 1)
        },
    )
    projects = read_ledger(path).projects
    assert [(p["name"], p["unit"]) for p in projects] == [("甲", "东城区"), ("乙", "西城区")]
    if region:
        assert load_report(path).document.region == "示例市"
    else:  # 东城区 is one unit of two, not the region (test_ledger's no-region test)
        with pytest.raises(DataError, match="标题中的 东城区 是台账中的一个单位"):
            load_report(path)


def test_sheets_titled_with_one_place_give_no_units(tmp_path: Path) -> None:
    """The other side: Sheet1 and Sheet2 both titled 示例市2025年… are one region's ledger
    in two: no unit from the title, and the missing 所属县区 column is said."""
    path = _book(
        tmp_path / "c.xlsx",
        {
            f"Sheet{i}": [["示例市2025年1—6月重点项目"], _COUNTY_HEAD, [1, name, "续建", 1, 1, 0]]
            for i, name in ((1, "甲"), (2, "乙"))
        },
    )
    assert any("表头中找不到 所属县区 列" in s for s in _said(path))
