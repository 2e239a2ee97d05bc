"""Ledger headers and cells as offices type them, which a second audit brought.

Dashes an input method gives for ——, dates in words (二〇二五年三月), a
开工情况 that names the month, this year's completion given as a 其中 of the
since-start total, and words under a completion header.  Each asserts what is
read, and the other side: what must still not be read.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from bulletin.api import compose_document, write_text
from bulletin.errors import DataError
from bulletin.source import check_file, load_report
from bulletin.sources.fields import match_column, plain_dates
from bulletin.sources.ledger import _region


def _book(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def _june(tmp_path: Path, *rows: list[object]) -> Path:
    """A county's 1—6月 ledger of the usual columns and ``rows``."""
    return _table(tmp_path, "示例县2025年1—6月重点项目进展表", [*_HEAD, "1—6月完成投资"], *rows)


def _errors(path: Path) -> list[str]:
    return [str(d) for d in check_file(path) if d.severity == "error"]


_HEAD = ["序号", "项目名称", "所属县区", "建设性质", "总投资", "年度计划投资"]


def _table(tmp_path: Path, title: str, header: list[object], *rows: list[object]) -> Path:
    """A one-sheet ledger: title, one header row, the rows."""
    return _book(tmp_path / "l.xlsx", [[title], header, *rows])


@pytest.mark.parametrize(
    "header",
    ["1―6月完成投资", "1一6月完成投资", "1‒6月完成投资", "1−6月完成投资", "一至六月完成投资"],
)
def test_a_completion_header_with_any_dash_is_read_with_its_months(
    tmp_path: Path, header: str
) -> None:
    """― (U+2015, what an IME gives for ——) or 一 typed for the dash: before, the
    column was not read and the document said 尚未完成投资."""
    path = _table(
        tmp_path,
        "示例县2025年重点项目进展表",
        [*_HEAD, header],
        [1, "甲", "城关镇", "续建", 3000, 1000, 600],
        [2, "乙", "新集镇", "续建", 2000, 800, 300],
    )
    report = load_report(path)
    assert [p.completed for p in report.projects] == [600, 300]
    assert report.period.month == 6
    text = write_text(compose_document(report, "progress"))
    assert "尚未完成投资" not in text and "完成投资900万元" in text


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("二〇二五年三月十五日", "2025年3月15日"),
        ("二○二五年十二月", "2025年12月"),
        ("2025年十一月份", "2025年11月份"),
        ("1一6月", "1—6月"),
        ("一至九月", "1至9月"),
        # Not dates: a quarter, an ordinal, a — between words.
        ("一季度", "一季度"),
        ("第一批项目", "第一批项目"),
        ("统一规划", "统一规划"),
        ("统一月报表", "统一月报表"),  # 一月 inside a word is no month
        ("开工时间：三月", "开工时间：3月"),
    ],
)
def test_dates_in_words_are_read_as_digits(text: str, plain: str) -> None:
    assert plain_dates(text) == plain


def test_a_title_with_its_year_in_words_gives_region_year_and_period(tmp_path: Path) -> None:
    assert _region("平安县二〇二五年上半年重点项目建设进展情况表") == "平安县"
    path = _table(
        tmp_path,
        "平安县二〇二五年上半年重点项目建设进展情况表",
        [*_HEAD[1:], "开工时间", "上半年完成投资"],
        ["甲", "城关镇", "新开工", 3000, 1000, "二〇二五年三月", 600],
        ["乙", "新集镇", "新开工", 2000, 800, "二〇二四年十一月", 300],
    )
    report = load_report(path)
    assert (report.period.year, report.period.month) == (2025, 6)
    assert report.document.issuer.startswith("平安县")
    # 2024年11月 is no start this year: the 新开工 project gets a warning, not a month.
    assert [p.start_month for p in report.projects] == [3, None]


@pytest.mark.parametrize(
    ("said", "started", "start", "planned"),
    [
        ("2025年3月已开工", True, 3, None),
        ("已于4月开工", True, 4, None),
        ("4月开工", True, 4, None),
        ("5月份开工建设", True, 5, None),
        ("计划9月开工", False, None, 9),
        ("预计2025年10月开工", False, None, 10),
        ("是（3月）", True, 3, None),
        ("已开工(2025年4月)", True, 4, None),
        ("已开工", True, None, None),
        ("在建", True, None, None),
        ("已完工", True, None, None),
        ("未开工", False, None, None),
        # A start in an earlier year is a start, with no month of this one.
        ("2024年11月开工", True, None, None),
    ],
)
def test_a_start_cell_that_names_the_month_gives_the_month(
    tmp_path: Path, said: str, started: bool, start: int | None, planned: int | None
) -> None:
    path = _table(
        tmp_path,
        "江州市2025年1—10月重点项目表",
        [*_HEAD[1:], "开工情况", "1—10月完成投资"],
        ["甲", "东区", "新开工", 3000, 1000, said, 600 if started else 0],
    )
    assert _errors(path) == []
    no_months = [d for d in check_file(path) if "没有“开工时间”列" in str(d)]
    assert len(no_months) == (start is None)
    (project,) = load_report(path).projects
    assert (project.started, project.start_month, project.planned_start) == (
        started,
        start,
        planned,
    )


def test_a_start_column_of_its_own_wins_over_the_month_in_words(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "江州市2025年1—10月重点项目表",
        [*_HEAD[1:], "开工情况", "开工时间", "1—10月完成投资"],
        ["甲", "东区", "新开工", 3000, 1000, "3月已开工", "2025年2月", 600],
    )
    assert load_report(path).projects[0].start_month == 2


def test_a_start_cell_in_other_words_is_still_refused(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "江州市2025年1—10月重点项目表",
        [*_HEAD[1:], "开工情况", "1—10月完成投资"],
        ["甲", "东区", "新开工", 3000, 1000, "13月开工", 600],
    )
    assert _errors(path) == [
        f"{path}:台账!F3: 是否开工: 应为 是 或 否（也认 √、已开工、未开工、3月已开工），"
        "得到 '13月开工'"
    ]


@pytest.mark.parametrize("part", ["其中：2025年完成投资", "其中：本年完成", "其中:今年完成投资"])
def test_this_years_part_of_the_since_start_total_is_this_years_completion(
    tmp_path: Path, part: str
) -> None:
    path = _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD, "开工以来累计完成投资", part],
        [1, "甲", "城关镇", "续建", 3000, 1000, 2500, 600],
        [2, "乙", "新集镇", "续建", 2000, 800, 300, 300],
    )
    assert [p.completed for p in load_report(path).projects] == [600, 300]


@pytest.mark.parametrize(
    "path",
    [
        ["其中：中央资金"],
        ["其中：2025年完成中央投资"],
        ["其中：6月完成"],
        ["年度计划投资", "其中", "省级资金"],
    ],
)
def test_other_parts_are_still_no_field(path: list[str]) -> None:
    assert match_column(path) is None


def test_a_completion_column_of_its_own_wins_over_a_part(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD, "1—6月完成投资", "其中：本年新开工项目完成"],
        [1, "甲", "城关镇", "续建", 3000, 1000, 600, 100],
    )
    assert [p.completed for p in load_report(path).projects] == [600]


def test_words_under_a_completion_header_are_the_progress(tmp_path: Path) -> None:
    """1—6月完成情况 › 完成投资 | 形象进度: the words are no amount (before: 应为数字)."""
    path = _book(
        tmp_path / "l.xlsx",
        [
            ["示例县2025年1—6月重点项目进展表"],
            [*_HEAD, "1—6月完成情况", ""],
            ["", "", "", "", "", "", "完成投资", "形象进度"],
            [1, "甲", "城关镇", "续建", 3000, 1000, 600, "主体完工"],
        ],
        merges=("G2:H2", *(f"{c}2:{c}3" for c in "ABCDEF")),
    )
    assert _errors(path) == []
    (project,) = load_report(path).projects
    assert (project.completed, project.progress) == (600, "主体完工")


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (["上年同期", "完成投资"], "last_year.completed"),  # a parent still names the amount
        (["2025年", "计划投资"], "planned"),
        (["责任", "单位"], "responsible_unit"),  # a weak leaf still takes its parent
    ],
)
def test_a_parent_still_says_which_amount(path: list[str], key: str) -> None:
    found = match_column(path)
    assert found is not None and found[0].key == key


@pytest.mark.parametrize(("planned", "first"), [(500, False), ("约500", True)])
def test_the_import_hint_says_the_cells_come_first_when_they_are_wrong(
    tmp_path: Path, planned: object, first: bool
) -> None:
    """bulletin import stops at a cell's error too: suggesting it plainly sends a
    secretary from one refusal to another."""
    path = _table(
        tmp_path,
        "2025年1—6月重点项目进展表",
        [*_HEAD[1:], "1—6月完成投资"],
        ["甲", "东区", "续建", 3000, planned, 100],
    )
    (region,) = [e for e in _errors(path) if "找不到地区名称" in e]
    assert ("在改正各单元格的错误后运行 bulletin import" in region) is first
    assert "bulletin import l.xlsx -o 数据.yaml" in region


@pytest.mark.parametrize(
    ("header", "warned"),
    [
        ("累计完成投资", True),
        ("累计完成", True),
        ("1—6月累计完成投资", False),
        ("本年累计完成投资", False),
        ("截至6月累计完成投资", False),
        ("完成投资", False),
    ],
)
def test_a_cumulative_completion_without_its_period_is_read_with_a_warning(
    tmp_path: Path, header: str, warned: bool
) -> None:
    """累计完成投资 alone may be since the works began: it is read as this year's, and said."""
    path = _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD, header],
        [1, "甲", "城关镇", "续建", 3000, 1000, 600],
    )
    assert [p.completed for p in load_report(path).projects] == [600]
    said = [str(d) for d in check_file(path) if "未写明是本年还是开工以来" in str(d)]
    assert said == (
        [
            f"{path}:台账!G2: 警告：表头“{header}”未写明是本年还是开工以来的累计，"
            "按本年累计完成投资读取；如为开工以来累计，请把表头改为“开工以来累计完成投资”，并加本年完成投资列"
        ]
        if warned
        else []
    )


def test_a_cumulative_completion_named_in_the_mapping_is_not_questioned(tmp_path: Path) -> None:
    _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD, "累计完成投资"],
        [1, "甲", "城关镇", "续建", 3000, 1000, 600],
    )
    data = tmp_path / "d.yaml"
    data.write_text("ledger:\n  file: l.xlsx\n  columns:\n    completed: G\n", encoding="utf-8")
    assert [p.completed for p in load_report(data).projects] == [600]
    assert not [d for d in check_file(data) if "未写明" in str(d)]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (["2025年度目标任务", "投资"], "planned"),
        (["年度目标任务投资"], "planned"),
        (["年度目标任务", "形象进度"], "progress"),
        (["年度目标任务"], None),  # most often the year's works, in words
    ],
)
def test_the_years_target_task_is_the_plan_only_where_it_says_money(
    path: list[str], key: str | None
) -> None:
    found = match_column(path)
    assert (found[0].key if found is not None else None) == key


def test_a_target_task_not_read_says_how_to_read_it() -> None:
    from bulletin.sources.layout import _why_not

    assert _why_not(("年度目标任务",)).startswith("年度目标任务，多为文字，不读取")
    assert _why_not(("资金来源",)) == "未识别，不读取"


@pytest.mark.parametrize(
    ("word", "stage"), [("投产", "竣工"), ("已投产", "竣工"), ("部分投产", "续建")]
)
def test_in_production_is_finished_and_part_of_it_is_not(
    tmp_path: Path, word: str, stage: str
) -> None:
    path = _table(
        tmp_path,
        "江州市2025年1—10月重点项目表",
        [*_HEAD[1:], "1—10月完成投资"],
        ["甲", "东区", word, 3000, 1000, 600],
    )
    assert load_report(path).projects[0].stage == stage


@pytest.mark.parametrize(
    ("path", "key"),
    [
        # A weak leaf its parent rules out: since the works began is no year's figure.
        (["开工以来", "累计完成"], None),
        (["开工至今", "完成投资"], None),
        (["本年", "累计完成"], "completed"),
        # The parent says 完成, the leaf the period.
        (["投资完成情况", "1-9月"], "completed"),
        (["2025年投资完成情况", "1—9月", "金额"], "completed"),
        (["投资完成情况", "本年"], "completed"),
        (["投资完成情况", "累计"], None),
        (["投资完成情况", "开工以来累计"], None),
        (["投资完成情况", "1-9月", "占年度计划%"], None),
        (["行业分类"], "category"),
    ],
)
def test_a_parent_and_its_leaf_read_together(path: list[str], key: str | None) -> None:
    found = match_column(path)
    assert (found[0].key if found is not None else None) == key


def test_months_side_by_side_under_the_completion_are_not_the_years(tmp_path: Path) -> None:
    """2025年完成投资 › 1月 … 6月 | 累计: the 累计 column is the year's so far; a month's
    column (the first of them, before) is no completion of the period."""
    from bulletin.sources.importer import describe_ledger

    months = [f"{m}月" for m in range(1, 7)]
    path = _book(
        tmp_path / "l.xlsx",
        [
            ["示例县2025年1—6月重点项目进展表"],
            [*_HEAD, "2025年完成投资", *[""] * 6],
            ["", "", "", "", "", "", *months, "累计"],
            [1, "甲", "城关镇", "续建", 3000, 1000, 10, 20, 30, 40, 50, 60, 210],
        ],
        merges=("G2:M2", *(f"{c}2:{c}3" for c in "ABCDEF")),
    )
    assert [p.completed for p in load_report(path).projects] == [210]
    notes = {c.header: c.note for c in describe_ledger(path).sheets[0].columns}
    assert notes["2025年完成投资 › 1月"] == "单月的数，不是本年累计，不读取"


@pytest.mark.parametrize("mapped", [False, True])
def test_two_columns_as_good_for_one_amount_are_said(tmp_path: Path, mapped: bool) -> None:
    """年度计划投资 beside 2025年计划投资: the first is taken and a warning names the
    other, unless the mapping says which; then that one is read, unsaid."""
    _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD, "2025年计划投资", "1—6月完成投资"],
        [1, "甲", "城关镇", "续建", 3000, 1000, 1200, 600],
    )
    data = tmp_path / "d.yaml"
    data.write_text(
        "ledger:\n  file: l.xlsx\n" + ("  columns: {年度计划投资: G}\n" if mapped else ""),
        encoding="utf-8",
    )
    said = [str(d) for d in check_file(data) if "都像" in str(d)]
    assert said == (
        []
        if mapped
        else [
            f"{tmp_path / 'l.xlsx'}:台账!G2: 警告：“年度计划投资”（F 列）与“2025年计划投资”"
            "（G 列）都像年度计划投资，取 F 列；如应取 G 列，请在读取方式的 columns 中写 "
            "年度计划投资: G"
        ]
    )
    assert [p.planned for p in load_report(data).projects] == [1200 if mapped else 1000]


def test_one_column_for_each_amount_says_nothing_of_it(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD, "1—5月完成投资", "1—6月完成投资"],  # not as good: the later 1—N月 wins
        [1, "甲", "城关镇", "续建", 3000, 1000, 500, 600],
    )
    assert not [d for d in check_file(path) if "都像" in str(d)]
    assert [p.completed for p in load_report(path).projects] == [600]


@pytest.mark.parametrize("months", ["1月—6月", "1月至6月", "1月-6月", "一月至六月"])
def test_a_range_with_both_its_months_written_is_the_period(tmp_path: Path, months: str) -> None:
    """1月—6月 is 1—6月, not 1月 (the period was January, the header not read)."""
    path = _table(
        tmp_path,
        f"示例县2025年{months}重点项目进展表",
        [*_HEAD, f"{months}完成投资"],
        [1, "甲", "城关镇", "续建", 3000, 1000, 600],
    )
    report = load_report(path)
    assert (report.period.month, report.projects[0].completed) == (6, 600)


@pytest.mark.parametrize(
    ("line", "total"),
    [
        ("单位：亿元", 30000),
        ("单位（亿元）", 30000),
        ("金额单位：（亿元）", 30000),
        ("单位：亿", 30000),
        ("单位：万元", 3),
        ("填报单位：万安县发改局", 3),  # no unit line: the amounts stay 万元
    ],
)
def test_the_unit_line_as_offices_write_it(tmp_path: Path, line: str, total: int) -> None:
    path = _book(
        tmp_path / "l.xlsx",
        [
            ["示例县2025年1—6月重点项目进展表"],
            [line],
            [*_HEAD, "1—6月完成投资"],
            [1, "甲", "城关镇", "续建", 3, 1, 0.5],
        ],
    )
    assert load_report(path).projects[0].total == total


@pytest.mark.parametrize(
    ("path", "key"),
    [
        # A parent's time holds beneath it: last year's, not this year's (was completed).
        (["上年同期", "1—6月完成投资"], "last_year.completed"),
        (["上年", "1—6月完成"], "last_year.completed"),
        (["开工以来", "1—6月完成"], None),
        # The path from the leaf up: 1—9月完成 says it under 2025年投资计划 too (was none).
        (["2025年投资计划", "1—9月完成", "金额"], "completed"),
        (["2025年投资计划及完成情况", "1—9月完成", "金额"], "completed"),
        (["2025年投资计划", "年度计划"], "planned"),
        # A parent does not turn money into words (was 形象进度).
        (["1—6月进展情况", "完成投资"], "completed"),
        (["1—6月进展情况", "形象进度"], "progress"),
        (["1—6月进展情况", "存在问题"], "problems"),
    ],
)
def test_each_parent_of_a_column_says_what_it_can(path: list[str], key: str | None) -> None:
    found = match_column(path)
    assert (found[0].key if found is not None else None) == key


def test_a_completion_under_the_years_plan_header_is_read(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "l.xlsx",
        [
            ["示例县2025年1—9月重点项目进展表"],
            [*_HEAD[:-1], "2025年投资计划及完成情况", "", ""],
            ["", "", "", "", "", "年度计划", "1—9月完成", ""],
            ["", "", "", "", "", "", "金额（万元）", "占比（%）"],
            [1, "甲", "城关镇", "续建", 3000, 1000, 600, 60],
        ],
        merges=("F2:H2", "G3:H3", "F3:F4", *(f"{c}2:{c}4" for c in "ABCDE")),
    )
    (project,) = load_report(path).projects
    assert (project.planned, project.completed) == (1000, 600)


@pytest.mark.parametrize("dimension", [True, False], ids=["dimension", "no-dimension"])
@pytest.mark.parametrize(
    ("far", "area"), [("XFD1048576", "A1:XFD1048576"), ("H1048576", "A1:H1048576")]
)
def test_a_stray_cell_far_away_is_refused_before_it_fills_memory(
    tmp_path: Path, far: str, area: str, dimension: bool
) -> None:
    """One value at XFD1048576 made calamine ask for 500 GB and end the process (and the
    server it ran in); at H1048576 it took 450 MB. Refused, saying where and what to do."""
    import re
    import zipfile

    path = _june(
        tmp_path,
        [1, "甲", "城关镇", "续建", 3000, 1000, 600],
    )
    wb = openpyxl.load_workbook(path)
    wb.active[far] = "x"
    wb.save(path)
    if not dimension:  # a writer that leaves the used area out: the cells are scanned
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = re.sub(rb"<dimension[^>]*/>", b"", parts[sheet])
        assert b"<dimension" not in parts[sheet]
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    assert _errors(path) == [
        f"{path}: 工作表 台账 的已用区域为 {area}，远超任何台账，未读取："
        "多半是远处的单元格里误填了内容或设了格式；"
        "请在 Excel 或 WPS 中删除表格以外的行和列后保存，再试"
    ]


@pytest.mark.parametrize(
    "row",
    [
        ["其中：", "省级项目", "甲县", "续建", 100, 50, 40],
        ["其中", "省级项目", "", "", 100, 50, 40],
        ["小计", "产业项目", "甲县", "续建", 300, 150, 70],
        ["", "合计：", "", "", 300, 150, 70],
    ],
    ids=["其中-in-序号", "bare-其中", "小计-in-序号", "合计-colon"],
)
def test_a_total_or_part_marked_in_the_number_column_is_no_project(
    tmp_path: Path, row: list[object]
) -> None:
    """其中 / 小计 in the 序号 column, the group's words in the name column: the row was
    a project, counted on top of the two it sums (or refused for its blank unit)."""
    path = _june(
        tmp_path,
        [1, "甲", "甲县", "续建", 200, 100, 30],
        [2, "乙", "甲县", "续建", 100, 50, 40],
        row,
    )
    assert _errors(path) == []
    assert [p.name for p in load_report(path).projects] == ["甲", "乙"]


def test_a_project_numbered_in_the_number_column_is_still_one(tmp_path: Path) -> None:
    path = _june(
        tmp_path,
        [1, "其中心城区供水工程", "甲县", "续建", 200, 100, 30],
        [2, "小计量泵生产线", "甲县", "续建", 100, 50, 40],
    )
    assert [p.name for p in load_report(path).projects] == ["其中心城区供水工程", "小计量泵生产线"]


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ("1-99999999999", "表头行号 99999999999 超出工作表的最大行号 1048576"),
        ("2-40", "表头最多 10 行，得到第 2—40 行"),
        ("2", None),
    ],
)
def test_header_rows_beyond_any_sheet_are_refused_at_once(
    tmp_path: Path, rows: str, said: str | None
) -> None:
    """header_rows: 1-99999999999 ran for ten minutes and more, saying nothing."""
    _june(tmp_path, [1, "甲", "城关镇", "续建", 3000, 1000, 600])
    data = tmp_path / "d.yaml"
    data.write_text(f"ledger:\n  file: l.xlsx\n  header_rows: {rows}\n", encoding="utf-8")
    found = [str(d) for d in check_file(data) if "表头" in str(d) and "行" in str(d)]
    assert [f for f in found if said is not None and said in f] == ([found[0]] if said else [])
    if said is None:
        assert [p.name for p in load_report(data).projects] == ["甲"]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (["累计完成投资", "其中：今年以来"], "completed"),  # the parent says 完成 (was none)
        (["累计完成投资（含以前年度）"], None),  # since the works began, said in brackets
        (["累计完成投资", "含以前年度"], None),
        (["片区"], "unit"),
        (["所属片区"], "unit"),
    ],
)
def test_what_the_third_audit_read_wrong(path: list[str], key: str | None) -> None:
    found = match_column(path)
    assert (found[0].key if found is not None else None) == key


@pytest.mark.parametrize(
    ("header", "values", "key", "read"),
    [
        # A city's ledger: the county column is the unit, not the town before it.
        (["乡镇", "所属县区"], ["城关镇", "平安县"], "unit", "平安县"),
        (["乡镇"], ["城关镇"], "unit", "城关镇"),
        # 责任单位 is the responsible unit, not the 主管部门 beside it.
        (["主管部门", "责任单位"], ["市发改委", "县发改局"], "responsible_unit", "县发改局"),
        (["主管部门"], ["市发改委"], "responsible_unit", "市发改委"),
    ],
)
def test_the_more_particular_of_two_columns_wins(
    tmp_path: Path, header: list[str], values: list[str], key: str, read: str
) -> None:
    path = _table(
        tmp_path,
        "示例市2025年1—6月重点项目进展表",
        ["项目名称", *header, "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
        ["甲", *values, "续建", 3000, 1000, 600],
    )
    assert getattr(load_report(path).projects[0], key) == read


@pytest.mark.parametrize("header", ["截至目前累计完成投资", "累计完成投资"])
def test_a_cumulative_up_to_now_is_questioned_too(tmp_path: Path, header: str) -> None:
    path = _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD, header],
        [1, "甲", "城关镇", "续建", 3000, 1000, 600],
    )
    assert [d for d in check_file(path) if "未写明是本年还是开工以来" in str(d)]


@pytest.mark.parametrize(
    ("cell", "start", "planned"),
    [
        ("已于3月开工", 3, None),
        ("5月已开工", 5, None),
        ("2025年4月开工", 4, None),
        ("计划10月开工", None, 10),
        ("计划12月", None, 12),  # was dropped: the 通报 said 均未填报计划开工月份
        ("预计2025年11月", None, 11),
        ("3月", 3, None),
    ],
)
def test_a_start_time_cell_in_words_gives_the_start_or_the_plan(
    tmp_path: Path, cell: str, start: int | None, planned: int | None
) -> None:
    path = _table(
        tmp_path,
        "示例县2025年1—9月重点项目进展表",
        [*_HEAD, "开工时间", "1—9月完成投资"],
        [1, "甲", "城关镇", "新开工", 3000, 1000, cell, 0 if planned else 600],
    )
    assert _errors(path) == []
    (project,) = load_report(path).projects
    assert (project.start_month, project.planned_start) == (start, planned)
    assert project.started is (start is not None)


@pytest.mark.parametrize(
    "header", [["年初计划投资", "调整后计划投资"], ["年度计划投资", "调整后年度计划投资"]]
)
def test_the_plan_as_adjusted_is_the_years_plan(tmp_path: Path, header: list[str]) -> None:
    """The plan adjusted mid-year is what the year is measured by (the first was taken)."""
    path = _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        [*_HEAD[:-1], *header, "1—6月完成投资"],
        [1, "甲", "城关镇", "续建", 3000, 1000, 1200, 600],
    )
    assert [p.planned for p in load_report(path).projects] == [1200]
    assert not [d for d in check_file(path) if "都像" in str(d)]


def test_a_unit_line_down_the_sheet_is_no_category(tmp_path: Path) -> None:
    path = _june(
        tmp_path,
        [1, "甲", "城关镇", "续建", 3000, 1000, 600],
        ["单位：万元"],
        [2, "乙", "城关镇", "续建", 2000, 800, 300],
    )
    assert [p.category for p in load_report(path).projects] == [None, None]


@pytest.mark.parametrize("twice", [True, False])
def test_a_key_written_twice_in_a_mapping_file_is_said(tmp_path: Path, twice: bool) -> None:
    """header_rows: 2, later header_rows: 3: the last won unsaid, and a project was lost."""
    from bulletin.sources.importer import read_mapping

    _june(tmp_path, [1, "甲", "城关镇", "续建", 3000, 1000, 600])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("header_rows: 2\n" + ("header_rows: 3\n" if twice else ""), encoding="utf-8")
    data = tmp_path / "d.yaml"
    data.write_text("ledger:\n  file: l.xlsx\n  mapping: m.yaml\n", encoding="utf-8")
    said = [str(d) for d in check_file(data) if "重复的键" in str(d)]
    assert said == (
        [f"{mapping}:2:1: header_rows: 重复的键 'header_rows'（第 1 行已写过，后写的会覆盖先写的）"]
        if twice
        else []
    )
    if twice:
        with pytest.raises(DataError):
            read_mapping(mapping)
    else:
        assert read_mapping(mapping).header_rows == (1, 1)


_START = ("开工时间", "开工月份", "start_month")
_DUE = ("计划竣工时间", "计划竣工年月", "planned_completion")


@pytest.mark.parametrize(
    ("column", "cell", "read"),
    [
        (_START, "2025-02-28", 2),
        (_START, "2025-02-29", None),  # not a leap year
        (_START, "2025-02-30", None),
        (_START, "2025年4月31日", None),
        (_START, "2025年4月30日", 4),
        (_START, "2-29", 2),  # no year: a leap day may be meant
        (_START, "6/31", None),
        (_START, "2025.6.0", None),
        (_DUE, "2026-11-31", None),
        (_DUE, "2026-11-30", "2026-11"),
    ],
)
def test_a_date_with_no_such_day_is_refused(
    tmp_path: Path, column: tuple[str, str, str], cell: str, read: int | str | None
) -> None:
    """2025-02-30 is a slip of the keys: its month is not trusted (it was read as 2月); the
    year and month of a completion to come are checked by the same calendar."""
    header, label, key = column
    path = _table(
        tmp_path,
        "示例县2025年1—9月重点项目进展表",
        [*_HEAD, header, "1—9月完成投资"],
        [1, "甲", "城关镇", "新开工", 3000, 1000, cell, 600],
    )
    if read is None:
        (error,) = _errors(path)
        assert error.endswith(f"l.xlsx:台账!G3: {label}: 没有这一天：{cell}，请核对日期")
    else:
        assert _errors(path) == []
        assert getattr(load_report(path).projects[0], key) == read


def _rewrite_sheet(path: Path, change: Callable[[bytes], bytes]) -> None:
    """The workbook at ``path`` with its first sheet's XML changed as a crafted file's is."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = change(parts[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


_FAR = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


@pytest.mark.parametrize(
    "change",
    [
        # The used area said small, a cell far beyond it: calamine places it by its reference.
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:G3"/>', xml).replace(
            b"</sheetData>", _FAR + b"</sheetData>"
        ),
        # The far cell in the middle of the sheet, under a row tag that says row 2.
        lambda xml: xml.replace(
            b'<row r="3"',
            b'<row r="2"><c r="A1048576"><v>1</v></c><c r="XFD2"><v>1</v></c></row><row r="3"',
        ),
    ],
    ids=["dimension-says-less", "far-cell-mid-sheet"],
)
def test_a_far_cell_the_dimension_does_not_say_is_refused_too(
    tmp_path: Path, change: Callable[[bytes], bytes]
) -> None:
    """A crafted .xlsx whose <dimension> lies ended the process (calamine asked for 512 GB):
    the cells' own references are measured, and the file refused as an honest one is."""
    path = _june(tmp_path, [1, "甲", "城关镇", "续建", 3000, 1000, 600])
    _rewrite_sheet(path, change)
    result = subprocess.run(
        [sys.executable, "-c", "from bulletin.cli import main; main()", "check", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 1, result.stderr  # not killed by a signal
    assert f"{path}: 工作表 台账 的已用区域为 A1:XFD1048576，远超任何台账，未读取" in result.stderr


def test_cells_without_references_are_counted_in_their_rows(tmp_path: Path) -> None:
    """A writer that leaves out r= places cells one after another: 20,000 of them in one row,
    under 300 rows, span 6,000,000 cells and are refused; the ledger's own rows are not."""
    path = _june(tmp_path, [1, "甲", "城关镇", "续建", 3000, 1000, 600])
    assert _errors(path) == []
    wide = b"<row>" + b"<c><v>1</v></c>" * 20_000 + b"</row>"
    _rewrite_sheet(path, lambda xml: xml.replace(b"</sheetData>", wide * 300 + b"</sheetData>"))
    (error,) = _errors(path)
    assert "的已用区域为 A1:ACOF303，远超任何台账，未读取" in error


@pytest.mark.parametrize(
    ("header", "cells", "stages"),
    [
        ("项目类型", ["续建项目", "新开工项目", "竣工投产"], ["续建", "新开工", "竣工"]),
        ("类型", ["在建", "储备", "新建"], ["续建", "前期", "新开工"]),
        ("项目类型", ["产业项目", "续建项目", "民生项目"], None),  # a category, one stage word
        ("项目类型", ["续建项目", "", ""], None),  # one cell says too little
    ],
    ids=["category-header-stage-cells", "unmatched-header", "categories", "one-cell"],
)
def test_a_column_whose_cells_all_say_a_stage_is_the_stage(
    tmp_path: Path, header: str, cells: list[str], stages: list[str] | None
) -> None:
    """项目类型 over 续建项目, 新开工项目: a header read as the category, cells that all name a
    stage; the ledger was refused for a missing stage column. The other side: categories, or
    one stage word among them, stay what they were."""
    path = _table(
        tmp_path,
        "示例县2025年1—6月重点项目进展表",
        ["序号", "项目名称", "所属县区", header, "总投资", "年度计划投资", "1—6月完成投资"],
        *(
            [index, f"项目{index}", "城关镇", cell, 3000, 1000, 600]
            for index, cell in enumerate(cells, 1)
        ),
    )
    if stages is None:
        assert any("表头中找不到 项目阶段 列" in e for e in _errors(path))
    else:
        assert _errors(path) == []
        assert [p.stage for p in load_report(path).projects] == stages
