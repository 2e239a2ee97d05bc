"""Ledger layouts found by an independent audit: each read as the office means it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bulletin.source import check_file, load_report, read_source
from bulletin.sources.importer import describe_ledger


def _ledger(path: Path, rows: list[list[object]], title: str = "示例市2025年1—6月重点项目") -> Path:
    """A one-sheet ledger: a title row, then ``rows`` (header first)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append([title])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


_HEADER = ["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"]


@pytest.mark.parametrize(
    "rows",
    ["2-3", "2—3", "2～3", "2－3", "2:3", "2至3"],
    ids=["hyphen", "em-dash", "wave-dash", "full-width-hyphen", "colon", "zhi"],
)
def test_header_rows_written_as_a_range_are_read(tmp_path: Path, rows: str) -> None:
    """header_rows: 2-3 (as the README shows it) names a two-row header, whatever the dash."""
    _ledger(
        tmp_path / "l.xlsx",
        [
            ["项目名称", "所属县区", "建设性质", "总投资", "投资情况", None],
            [None, None, None, None, "年度计划投资", "1—6月完成投资"],
            ["甲", "东城区", "续建", 100, 50, 20],
        ],
    )
    data = tmp_path / "d.yaml"
    data.write_text(
        "document: {region: 示例市, issuer: 示例市重点项目办}\nperiod: {year: 2025, month: 6}\n"
        f"ledger: {{file: l.xlsx, header_rows: '{rows}'}}\n",
        encoding="utf-8",
    )
    (project,) = load_report(data).projects
    assert (project.name, project.planned, project.completed) == ("甲", 50, 20)


def test_cover_sheet_period_row_gives_year_and_month(tmp_path: Path) -> None:
    """A 封面 row 统计期 | 2025年1—9月 gives the period of a workbook read directly."""
    header = [*_HEADER[:-1], "本年累计完成投资"]
    path = _ledger(tmp_path / "l.xlsx", [header, ["甲", "东城区", "续建", 100, 50, 20]], "项目表")
    wb = openpyxl.load_workbook(path)
    cover = wb.create_sheet("封面")
    cover.append(["地区", "示例市"])
    cover.append(["统计期", "2025年1—9月"])
    wb.save(path)
    period = load_report(path).period
    assert (period.year, period.month) == (2025, 9)


@pytest.mark.parametrize(
    ("total", "subtotal"),
    [
        ("合计（2个）", "东城区小计（1个）"),
        ("全市合计(2个项目)", "小计（1个）"),
        ("总计（共2个）", "东城区小计"),
    ],
    ids=["count-in-brackets", "half-width-brackets", "gong"],
)
def test_total_rows_with_a_count_are_no_projects(tmp_path: Path, total: str, subtotal: str) -> None:
    """合计（2个） and 东城区小计（1个） rows are no projects; the 合计 is still checked."""
    path = _ledger(
        tmp_path / "l.xlsx",
        [
            ["序号", "项目名称", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            [None, total, None, 300, 130, 51],
            ["（一）东城区（1个）"],
            [1, "甲", "续建", 100, 50, 20],
            [None, subtotal, None, 100, 50, 20],
            ["（二）西城区（1个）"],
            [1, "乙", "续建", 200, 80, 30],
        ],
    )
    report, warnings = read_source(path)
    assert [(p.name, p.unit) for p in report.projects] == [("甲", "东城区"), ("乙", "西城区")]
    assert [str(w) for w in warnings if "合计" in str(w)] == [
        f"{path}:台账!F3: 本年累计完成投资: "
        "警告：合计行为 51 万元，各项目之和为 50 万元，相差 1 万元"
    ]


def test_group_heading_fills_the_empty_cells_of_its_column(tmp_path: Path) -> None:
    """Under （一）东城区 a blank 所属县区 cell is 东城区; a filled one keeps its own value."""
    path = _ledger(
        tmp_path / "l.xlsx",
        [
            ["序号", *_HEADER],
            ["（一）东城区"],
            [1, "甲", None, "续建", 100, 50, 20],
            [2, "乙", "南湖区", "续建", 100, 50, 20],
            ["（二）西城区"],
            [1, "丙", None, "续建", 200, 80, 30],
        ],
    )
    assert [(p.name, p.unit) for p in load_report(path).projects] == [
        ("甲", "东城区"),
        ("乙", "南湖区"),
        ("丙", "西城区"),
    ]


@pytest.mark.parametrize(
    ("completed", "months"),
    [("前三季度完成投资", 9), ("上半年完成投资", 6), ("1—9月完成投资", 9)],
    ids=["three-quarters", "half", "months"],
)
def test_filing_date_above_the_header_is_no_period(
    tmp_path: Path, completed: str, months: int
) -> None:
    """填报日期：2025年10月8日 over the header is not 1—10月; the header's 前三季度 is 1—9月."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C1"] = "附件2"
    ws["C2"] = "示例市2025年第三季度重点项目建设情况统计表"
    ws.merge_cells("C2:H2")
    ws["C3"] = "填报单位（盖章）：示例市发展和改革委员会"
    ws["H3"] = "金额单位：万元"
    ws["C4"] = "填报日期：2025年10月8日"
    for col, text in enumerate([*_HEADER[:-1], completed], 3):
        ws.cell(6, col, text)
    for col, value in enumerate(["甲", "东城区", "续建", 100, 50, 20], 3):
        ws.cell(7, col, value)
    wb.save(tmp_path / "q.xlsx")
    report = load_report(tmp_path / "q.xlsx")
    assert (report.document.region, report.period.year, report.period.end_month) == (
        "示例市",
        2025,
        months,
    )


FIXTURES = Path(__file__).parent / "fixtures" / "workbooks"


@pytest.mark.parametrize("name", ["password.xls", "password.ods"], ids=["xls", "ods"])
def test_password_protected_xls_and_ods_say_so(name: str) -> None:
    """An .xls or .ods saved by LibreOffice with a password is refused as such, not as damaged."""
    (message,) = [str(d) for d in check_file(FIXTURES / name)]
    assert message.startswith(f"{FIXTURES / name}: 工作簿设有打开密码，无法读取")


def test_latest_month_sheet_is_read_beside_a_spare_sheet(tmp_path: Path) -> None:
    """Sheets 1—5月 and 1—6月 and a spare Sheet3 with only a header: the 1—6月 sheet is read."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, completed in (("1—5月", 15), ("1—6月", 20), ("Sheet3", None)):
        ws = wb.create_sheet(name)
        ws.append(["示例市2025年重点项目"])
        ws.append([*_HEADER[:-1], "本年累计完成投资"])
        if completed is not None:
            ws.append(["甲", "东城区", "续建", 100, 50, completed])
    wb.save(tmp_path / "m.xlsx")
    report = load_report(tmp_path / "m.xlsx")
    assert [(p.name, p.completed) for p in report.projects] == [("甲", 20)]
    assert report.period.end_month == 6
    view = describe_ledger(tmp_path / "m.xlsx")
    assert view.skipped == (
        ("1—5月", "其他月份的工作表，不读取"),
        ("Sheet3", "工作簿按月份分表，只读 6月 的工作表，不读取"),
    )


def _two_months(path: Path, hide: bool) -> Path:
    """Last month's 1—8月 column kept (hidden or not) before this month's 1—9月."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["示例市2025年1—9月重点项目进展表"])
    ws.append([*_HEADER[:-1], "1—8月完成投资", "1—9月完成投资"])
    ws.append(["甲", "东城区", "续建", 100, 50, 15, 20])
    ws.column_dimensions["F"].hidden = hide
    wb.save(path)
    return path


@pytest.mark.parametrize("hide", [True, False], ids=["hidden", "shown"])
def test_this_months_completion_wins_over_last_months_column(tmp_path: Path, hide: bool) -> None:
    """Of 1—8月 and 1—9月 completion columns, 1—9月 is read, whether 1—8月 is hidden or not."""
    path = _two_months(tmp_path / "h.xlsx", hide)
    report = load_report(path)
    assert (report.projects[0].completed, report.period.end_month) == (20, 9)


def test_hidden_column_loses_to_a_shown_one_in_each_format(tmp_path: Path) -> None:
    """Two 总投资 columns, the first hidden: the shown one is read from .xlsx, .xls and .ods."""
    from test_ledger import _convert

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["示例市2025年1—6月重点项目"])
    ws.append(["项目名称", "所属县区", "建设性质", "总投资", "总投资", "年度计划投资"])
    ws.append(["甲", "东城区", "续建", 999, 100, 50])
    ws.column_dimensions["D"].hidden = True
    wb.save(tmp_path / "t.xlsx")
    ods = _convert(tmp_path / "t.xlsx", "ods", tmp_path / "out")
    xls = _convert(tmp_path / "t.xlsx", "xls", tmp_path / "out")
    for path in (tmp_path / "t.xlsx", xls, ods):
        assert load_report(path).projects[0].total == 100, path.name


def _formula_ledger(path: Path) -> Path:
    """Completion as =一季度+二季度 and 备注 as a formula giving empty text, as openpyxl saves
    them: formulas only, no results."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "公式"
    ws.append(["示例市2025年1—6月重点项目"])
    ws.append([*_HEADER, "一季度", "二季度", "备注"])
    ws.append(["甲", "东城区", "续建", 100, 50, "=G3+H3", 5, 15, '=IF(G3>0,"","无")'])
    ws.append(["乙", "西城区", "续建", 200, 80, "=G4+H4", 10, 20, '=IF(G4>0,"","无")'])
    ws.append(["合计", None, None, "=SUM(D3:D4)", "=SUM(E3:E4)", "=SUM(F3:F4)"])
    wb.save(path)
    return path


def test_formula_cells_without_results_are_an_error_at_the_first(tmp_path: Path) -> None:
    """Formulas saved by a program without results: one error per column, not a silent 0."""
    path = _formula_ledger(tmp_path / "f.xlsx")
    advice = (
        "公式没有计算结果{}：文件只存了公式、没有存结果，程序生成而未经 Excel 或 WPS 保存的文件"
        "如此；请在 Excel 或 WPS 中打开、保存后再试"
    )
    assert [str(d) for d in check_file(path) if d.severity == "error"] == [
        f"{path}:公式!F3: 本年累计完成投资: " + advice.format("（F3 等 2 个单元格）"),
        f"{path}:公式!I3: 备注: " + advice.format("（I3 等 2 个单元格）"),
    ]


def test_formula_cells_saved_by_a_spreadsheet_are_read(tmp_path: Path) -> None:
    """The same ledger once LibreOffice has saved it: results read, the empty text is empty."""
    from test_ledger import _convert

    path = _convert(_formula_ledger(tmp_path / "f.xlsx"), "xlsx", tmp_path / "out")
    report = load_report(path)
    assert [(p.completed, p.notes) for p in report.projects] == [(20, None), (30, None)]


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("缺.xlsx", "ledger: 台账文件 '缺.xlsx' 不存在（相对于本文件所在目录）"),
        ("../外.xlsx", "ledger: 台账文件 '../外.xlsx' 不在本文件所在的文件夹内"),
        ("坏.xlsx", "工作簿已损坏（不是完整的压缩包）"),
    ],
    ids=["missing", "outside", "damaged"],
)
def test_unread_ledger_is_one_error_not_three(tmp_path: Path, target: str, says: str) -> None:
    """A ledger that cannot be read is said once, not followed by 缺少 projects and units."""
    folder = tmp_path / "数据"
    folder.mkdir()
    (folder / "坏.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    _ledger(tmp_path / "外.xlsx", [_HEADER, ["甲", "东城区", "续建", 100, 50, 20]])
    data = folder / "d.yaml"
    data.write_text(
        "document: {region: 示例市, issuer: 示例市重点项目办}\nperiod: {year: 2025, month: 6}\n"
        f"ledger: {target}\n",
        encoding="utf-8",
    )
    (message,) = [str(d) for d in check_file(data)]
    assert says in message


@pytest.mark.parametrize(
    ("start", "completion", "read"),
    [
        (2025.3, 2026.12, (3, None, "2026-12")),
        # November is after 1—6月: the month a start is planned for.
        (2025.11, 2026.6, (None, 11, "2026-06")),
        (3, 2027, (3, None, "2027-12")),
        ("2025.1", "2027", (1, None, "2027-12")),
    ],
    ids=["dotted-numbers", "november", "year-alone", "dotted-text"],
)
def test_dotted_year_month_as_excel_keeps_it(
    tmp_path: Path, start: object, completion: object, read: tuple[int | None, int | None, str]
) -> None:
    """2025.3 typed in a cell (the number 2025.3) is 2025年3月; a year alone is its December."""
    path = _ledger(
        tmp_path / "d.xlsx",
        [
            [*_HEADER, "开工时间", "计划竣工时间"],
            ["甲", "东城区", "续建", 100, 50, 20, start, completion],
        ],
    )
    (project,) = load_report(path).projects
    assert (project.start_month, project.planned_start, project.planned_completion) == read


def test_dotted_number_that_may_be_october_is_asked_about(tmp_path: Path) -> None:
    """2025.1 as a number may be 2025.10 as Excel keeps it: a located question, not January."""
    path = _ledger(
        tmp_path / "d.xlsx",
        [[*_HEADER, "开工时间"], ["甲", "东城区", "续建", 100, 50, 20, 2025.1]],
    )
    assert [str(d) for d in check_file(path)] == [
        f"{path}:台账!G3: 开工月份: 2025.1 是 2025年1月 还是 2025年10月？"
        "Excel 把 2025.10 也存作 2025.1，请写成 2025年1月 或 2025年10月"
    ]


@pytest.mark.parametrize(
    ("earlier", "planned"),
    [("2024年1—6月完成投资", "2025年计划投资"), ("2024年1—6月完成投资", "年度计划投资")],
    ids=["years-in-both", "year-in-title-only"],
)
def test_an_earlier_years_column_is_last_years_completion(
    tmp_path: Path, earlier: str, planned: str
) -> None:
    """2024年1—6月完成投资 beside 2025年1—6月完成投资 is last year's, not this year's."""
    path = _ledger(
        tmp_path / "y.xlsx",
        [
            ["项目名称", "所属县区", "建设性质", "总投资", planned, earlier, "2025年1—6月完成投资"],
            ["甲", "东城区", "续建", 30000, 10000, 4000, 5000],
        ],
        "泰和市2025年1—6月重点项目投资同比情况",
    )
    (project,) = load_report(path).projects
    assert (project.completed, project.last_year and project.last_year.completed) == (5000, 4000)
    column = {c.letter: c for c in describe_ledger(path).sheets[0].columns}["F"]
    assert column.field == "last_year.completed"


@pytest.mark.parametrize(
    "header",
    ["乡镇", "乡镇（街道）", "镇街", "乡（镇）"],
    ids=["township", "township-street", "town-street", "xiang-zhen"],
)
def test_a_township_column_is_the_unit(tmp_path: Path, header: str) -> None:
    """A county's ledger names its units in a 乡镇 column, whatever the sheet is called."""
    path = _ledger(
        tmp_path / "t.xlsx",
        [
            ["项目名称", header, "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            ["甲", "安和镇", "新建", 1000, 500, 100],
            ["乙", "远山乡", "续建", 1000, 500, 100],
        ],
        "安远县2025年1—6月新开工项目",
    )
    assert [p.unit for p in load_report(path).projects] == ["安和镇", "远山乡"]


@pytest.mark.parametrize(
    "sheet",
    ["新开工", "续建项目", "前期项目", "省级重点项目"],
    ids=["new-starts", "continuing", "early", "provincial"],
)
def test_a_sheet_named_for_a_stage_or_level_is_no_unit(tmp_path: Path, sheet: str) -> None:
    """A sheet called 新开工 holds new starts of every unit: its name is no unit of theirs."""
    path = _ledger(
        tmp_path / "s.xlsx",
        [
            ["项目名称", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            ["甲", "新建", 1, 1, 0],
        ],
    )
    wb = openpyxl.load_workbook(path)
    wb.active.title = sheet
    wb.save(path)
    # The title's region is the one unit, with a warning saying so.
    assert [p.unit for p in load_report(path).projects] == ["示例市"]
    assert next(str(d) for d in check_file(path)) == (
        f"{path}:{sheet}!A1: 警告：表头中没有“所属县区”列：各项目按 示例市 计，不分县区排名；"
        "如需分县区，请加“所属县区”列"
    )


def test_a_ledger_without_units_or_a_region_says_how_to_give_them(tmp_path: Path) -> None:
    """No 所属县区 column and no region in the title: an error that names the mapping lines."""
    path = _ledger(
        tmp_path / "s.xlsx",
        [
            ["项目名称", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            ["甲", "新建", 1, 1, 0],
        ],
        "2025年1—6月重点项目",
    )
    messages = [str(d) for d in check_file(path) if d.severity == "error"]
    assert any("表头中找不到 所属县区 列" in m for m in messages)
    assert any(
        "如 所属县区: H；台账只有一个县区（或不分县区）时，可写 unit: 名称；" in m for m in messages
    )


@pytest.mark.parametrize(
    ("title", "region"),
    [
        ("云州市2025年1—6月重点项目建设情况表", "云州市"),
        ("杭州市2025年1—6月重点项目", "杭州市"),
        ("黔东南州2025年1—6月重点项目", "黔东南州"),
        ("清河县城关镇2025年1—6月重点项目进展表", "清河县"),
        ("清河县石桥乡2025年1—6月重点项目进展表", "清河县"),
        ("2025年河阳市重点项目1-6月份进展情况表", "河阳市"),
        ("2025年1—6月河阳市重点项目", "河阳市"),
        ("关于2025年度清河县重点项目1—6月进展情况", "清河县"),
    ],
    ids=[
        "zhou-shi",
        "hangzhou",
        "prefecture",
        "county-town",
        "county-township",
        "year-first",
        "period-first",
        "guanyu-year",
    ],
)
def test_region_read_from_the_title(tmp_path: Path, title: str, region: str) -> None:
    """The title's region is the whole name: 云州市 (not 云州), 清河县 of 清河县城关镇."""
    path = _ledger(tmp_path / "r.xlsx", [_HEADER, ["甲", "东城区", "续建", 100, 50, 20]], title)
    assert load_report(path).document.region == region


def test_group_rows_numbered_in_the_seq_column_are_no_projects(tmp_path: Path) -> None:
    """一、 | 产业项目 | … its subtotal, and （一） | 工业项目: headings, not projects."""
    path = _ledger(
        tmp_path / "g.xlsx",
        [
            [
                "序号",
                "项目名称",
                "建设地点",
                "建设性质",
                "总投资",
                "2025年计划投资",
                "1—6月完成投资",
            ],
            ["", "全县合计", None, None, 158000, 61000, 27650],
            ["一、", "产业项目", None, None, 98000, 41000, 19650],
            ["（一）", "工业项目"],
            ["1.", "新型建材项目", "城关镇", "新建", 30000, 12000, 5200],
            ["2.", "冷链物流园", "河口镇", "续建", 18000, 9000, 6450],
            ["（二）", "文旅项目"],
            ["3.", "青龙山景区提升", "青龙乡", "在建", 50000, 20000, 8000],
            ["二", "基础设施项目", None, None, 60000, 20000, 8000],
            ["4.", "污水处理厂提标", "城关镇", "续建", 25000, 8000, 6000],
            ["5.", "S312线改建", "河口镇", "前期", 35000, 12000, 2000],
        ],
        "平安县2025年1—6月县级重点项目推进情况表",
    )
    report, warnings = read_source(path)
    assert [(p.name, p.category) for p in report.projects] == [
        ("新型建材项目", "工业"),
        ("冷链物流园", "工业"),
        ("青龙山景区提升", "文旅"),
        ("污水处理厂提标", "基础设施"),
        ("S312线改建", "基础设施"),
    ]
    assert not [str(w) for w in warnings if "合计" in str(w)]  # 全县合计 agrees with them


@pytest.mark.parametrize(
    ("stage", "completed", "started"),
    [
        ("在建", 9100, True),
        ("竣工", 7800, True),
        ("新建", 4500, True),
        ("新建", 0, False),
        ("续建", 0, False),
        ("前期", 300, False),
    ],
    ids=["building", "finished", "new-with-money", "new-without", "continuing-without", "early"],
)
def test_without_a_start_column_started_follows_the_money(
    tmp_path: Path, stage: str, completed: int, started: bool
) -> None:
    """No 是否开工 or 开工时间 column: a project with this year's investment has started."""
    path = _ledger(
        tmp_path / "n.xlsx",
        [[*_HEADER], ["甲", "东城区", stage, 32000, 12000, completed]],
    )
    report, warnings = read_source(path)
    assert report.projects[0].started is started
    assert (
        f"{path}:台账!A2: 警告：表头中没有“是否开工”或“开工时间”列：本年有完成投资的新开工、"
        "续建项目和竣工项目按已开工（复工）计，其余按未开工计"
    ) in [str(w) for w in warnings]


def test_a_wps_et_file_is_read_like_the_workbook_inside(tmp_path: Path) -> None:
    """台账.et (WPS 表格's own ending) renders and checks as the workbook it holds."""
    _ledger(tmp_path / "l.xlsx", [_HEADER, ["甲", "东城区", "续建", 100, 50, 20]])
    (tmp_path / "l.xlsx").rename(tmp_path / "台账.et")
    (project,) = load_report(tmp_path / "台账.et").projects
    assert (project.name, project.completed) == ("甲", 20)


@pytest.mark.parametrize(
    "raw",
    [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, b"WPS spreadsheet"],
    ids=["compound-file-not-read", "not-a-workbook"],
)
def test_an_et_file_that_cannot_be_read_says_to_save_it_as_xlsx(tmp_path: Path, raw: bytes) -> None:
    """An .et that no reader opens is refused as a WPS 表格 file, never read as YAML."""
    (tmp_path / "台账.et").write_bytes(raw)
    (message,) = [str(d) for d in check_file(tmp_path / "台账.et")]
    assert message.startswith(f"{tmp_path / '台账.et'}: WPS 表格（.et）文件无法读取")
    assert "“另存为”Excel 工作簿（.xlsx）" in message


def _hidden_row_ledger(path: Path) -> Path:
    """Four projects, the third (已调出) in a hidden row, as offices keep a project taken out."""
    _ledger(
        path,
        [
            ["序号", *_HEADER],
            [1, "西凉物流港", "凉州区", "续建", 56000, 12000, 7000],
            [2, "西凉职教园", "古浪县", "新开工", 30000, 8000, 1000],
            [3, "（已调出）西凉旧城改造", "凉州区", "续建", 20000, 3000, 0],
            [4, "西凉数据中心", "古浪县", "前期", 100000, 2000, 0],
        ],
    )
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[5].hidden = True
    wb.save(path)
    return path


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_a_project_in_a_hidden_row_is_read_and_named(tmp_path: Path, fmt: str) -> None:
    """A hidden row's project counts (as Excel's SUM counts it) with a warning at its cell."""
    from test_ledger import _convert

    path = _hidden_row_ledger(tmp_path / "h.xlsx")
    if fmt != "xlsx":
        path = _convert(path, fmt, tmp_path / "out")
    report, warnings = read_source(path)
    assert len(report.projects) == 4
    assert [str(w) for w in warnings if "隐藏" in str(w)] == [
        f"{path}:台账!B5: 警告：第 5 行是隐藏行，其中的项目“（已调出）西凉旧城改造”仍按项目读入；"
        "已调出的项目请删除该行，或在读取方式的 skip_rows 中列出 5"
    ]


def test_what_fails_beside_calamine_is_raised_by_the_read_not_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The .xlsx parts calamine does not report are read in a thread beside it: what goes
    wrong there reaches the caller, as it would without the thread, and no traceback
    of a thread is printed; none is left running."""
    import threading

    from bulletin.sources import workbook

    path = _hidden_row_ledger(tmp_path / "h.xlsx")

    def broken(raw: bytes) -> object:
        raise MemoryError("parts")

    monkeypatch.setattr(workbook, "_xlsx_parts", broken)
    with pytest.raises(MemoryError, match="parts"):
        workbook.read_workbook(path)
    assert capsys.readouterr().err == ""
    assert not [t for t in threading.enumerate() if t.name == "bulletin-xlsx-parts"]


def test_a_hidden_row_listed_in_skip_rows_is_left_out(tmp_path: Path) -> None:
    """skip_rows: [5], as the warning advises, leaves the hidden project out and says nothing."""
    _hidden_row_ledger(tmp_path / "h.xlsx")
    data = tmp_path / "d.yaml"
    data.write_text(
        "document: {region: 西凉市, issuer: 西凉市重点项目办}\nperiod: {year: 2025, month: 6}\n"
        "ledger: {file: h.xlsx, skip_rows: [5]}\n",
        encoding="utf-8",
    )
    report, warnings = read_source(data)
    assert [p.name for p in report.projects] == ["西凉物流港", "西凉职教园", "西凉数据中心"]
    assert not [w for w in warnings if "隐藏" in str(w)]


def test_towns_are_called_towns_in_the_bulletin(tmp_path: Path) -> None:
    """A county ledger of 镇 and 乡: the 通报 speaks of 各乡镇, not 各县（区）."""
    import bulletin

    path = _ledger(
        tmp_path / "t.xlsx",
        [
            ["项目名称", "乡镇", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            ["甲", "城关镇", "续建", 1000, 500, 300],
            ["乙", "青龙乡", "续建", 1000, 500, 100],
        ],
        "平安县2025年1—6月重点项目",
    )
    text = bulletin.render(path, format="txt").decode("utf-8")
    assert "二、各乡镇进展情况" in text
    assert "县（区）" not in text


def test_a_project_placed_in_two_units_is_an_error_at_its_cell(tmp_path: Path) -> None:
    """建设地点 河口镇、青龙乡 is no one unit: the ranking would list it as a third place."""
    path = _ledger(
        tmp_path / "u.xlsx",
        [
            ["项目名称", "建设地点", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            ["甲", "城关镇", "续建", 1000, 500, 300],
            ["S312线改建", "河口镇、青龙乡", "前期", 35000, 12000, 2000],
            ["S313线改建", "河口镇\n青龙乡", "前期", 35000, 12000, 2000],
        ],
        "平安县2025年1—6月重点项目",
    )
    assert [str(d) for d in check_file(path) if d.severity == "error"] == [
        f"{path}:台账!B{row}: 所属县区: 一个项目只能属于一个单位，得到 '河口镇、青龙乡'"
        "（请填牵头的一个，其余可写入备注）"
        for row in (4, 5)
    ]


@pytest.mark.parametrize(
    ("header", "cells", "said"),
    [
        (["是否开工"], [["是"], ["是"], ["否"]], ["A2: 警告：表头中没有“开工时间”列"]),
        ([], [[], [], []], ["A2: 警告：表头中没有“是否开工”或“开工时间”列"]),
        (
            ["是否开工", "开工时间"],
            [["是", 3], ["是", None], ["否", None]],
            ["G4: 是否开工: 警告：已开工但未填开工月份"],
        ),
    ],
    ids=["no-month-column", "no-start-columns", "a-month-left-empty"],
)
def test_start_months_a_ledger_cannot_have_are_said_once(
    tmp_path: Path, header: list[str], cells: list[list[object]], said: list[str]
) -> None:
    """No 开工时间 column: one warning at the header, not 已开工但未填开工月份 on every row."""
    rows = [[f"项目{i}", "东城区", "续建", 100, 50, 20, *extra] for i, extra in enumerate(cells)]
    path = _ledger(tmp_path / "s.xlsx", [[*_HEADER, *header], *rows])
    shown = [str(w).removeprefix(f"{path}:台账!") for w in read_source(path)[1]]
    assert [w for w in shown if "开工" in w] == [
        next(w for w in shown if w.startswith(s)) for s in said
    ]


@pytest.mark.parametrize(
    ("filed", "months", "year"),
    [
        ("填报日期：2025年7月3日", 6, 2025),
        ("填报日期：2026年1月5日", 12, 2025),
        ("报送时间：2025-06-30", 6, 2025),
    ],
    ids=["after-the-period", "next-january", "on-the-last-day"],
)
def test_a_table_without_a_year_takes_it_from_its_filing_date(
    tmp_path: Path, filed: str, months: int, year: int
) -> None:
    """江东县重点项目…统计表 filed 2025年7月3日 is 2025's; 1—12月 filed in January, last year's."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附表1"
    ws["A1"] = "江东县重点项目建设进展情况统计表"
    ws["A2"] = "填报单位（盖章）：江东县发展和改革局"
    ws["F2"] = filed
    ws.append([*_HEADER[:-1], f"1—{months}月完成投资"])
    ws.append(["甲", "江城镇", "续建", 100, 50, 20])
    wb.save(tmp_path / "f.xlsx")
    report, warnings = read_source(tmp_path / "f.xlsx")
    assert (report.period.year, report.period.end_month) == (year, months)
    assert (
        f"{tmp_path / 'f.xlsx'}:附表1!F2: 警告：标题和表头中没有年份，统计年度按填报日期推定为 "
        f"{year}年；如有误，请在封面工作表写“年度 | {year}”"
    ) in [str(w) for w in warnings]


def test_a_data_files_year_wins_over_a_filing_date_unsaid(tmp_path: Path) -> None:
    """ledger: 表.xlsx under period 2025: a 填报日期 of 2026年1月 is neither a fault nor a note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "江东县重点项目建设进展情况统计表"
    ws["F2"] = "填报日期：2026年7月3日"
    ws.append([*_HEADER])
    ws.append(["甲", "江城镇", "续建", 100, 50, 20])
    wb.save(tmp_path / "f.xlsx")
    data = tmp_path / "d.yaml"
    data.write_text(
        "document: {region: 江东县, issuer: 江东县发改局}\nperiod: {year: 2025, month: 6}\n"
        "ledger: f.xlsx\n",
        encoding="utf-8",
    )
    report, warnings = read_source(data)
    assert report.period.year == 2025
    assert [str(w) for w in warnings if "年" in str(w) and "开工" not in str(w)] == []


def test_names_broken_over_lines_in_a_cell_are_one_name(tmp_path: Path) -> None:
    """山阳大道⏎改造工程 (Alt+Enter for the column's width) is one name; 5G⏎Park keeps a space."""
    path = _ledger(
        tmp_path / "n.xlsx",
        [
            [*_HEADER, "责任单位"],
            ["山阳大道\n改造工程", "山东\n区", "续建", 8000, 3000, 1500, "市住建局\n市城管局"],
            ["5G\nPark 二期", "山东区", "续建", 8000, 3000, 1500, None],
        ],
    )
    projects = load_report(path).projects
    assert [(p.name, p.unit) for p in projects] == [
        ("山阳大道改造工程", "山东区"),
        ("5G Park 二期", "山东区"),
    ]
    assert projects[0].responsible_unit == "市住建局、市城管局"


@pytest.mark.parametrize(
    ("header", "written", "read"),
    [
        ("开工时间", "计划8月", None),
        ("开工时间", "预计2025年9月", None),
        ("计划开工时间", "计划8月", 8),
        ("计划开工时间", "拟于2025年9月", 9),
    ],
    ids=["start-planned", "start-expected", "planned-start-planned", "planned-start-intended"],
)
def test_a_planned_month_in_a_start_column_is_no_start(
    tmp_path: Path, header: str, written: str, read: int | None
) -> None:
    """开工时间 计划8月 (not begun yet) is no start month; under 计划开工时间 it is August."""
    path = _ledger(
        tmp_path / "p.xlsx",
        [[*_HEADER, "是否开工", header], ["甲", "东城区", "新开工", 100, 50, 0, "否", written]],
    )
    (project,) = load_report(path).projects
    key = "start_month" if header == "开工时间" else "planned_start"
    assert getattr(project, key) == read


def test_a_street_column_is_the_unit(tmp_path: Path) -> None:
    """A district's ledger names its 街道 in a column headed 街道."""
    path = _ledger(
        tmp_path / "s.xlsx",
        [
            ["项目名称", "街道", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"],
            ["云溪一号", "东街道", "续建", 3000, 1000, 200],
        ],
        "云溪区2025年1—6月重点项目",
    )
    assert [p.unit for p in load_report(path).projects] == ["东街道"]


@pytest.mark.parametrize(
    "header",
    ["2025年度投资目标", "年度投资目标", "本年投资目标（万元）"],
    ids=["year-target", "annual-target", "this-year-target"],
)
def test_a_years_investment_target_is_the_annual_plan(tmp_path: Path, header: str) -> None:
    """年度投资目标 heads the year's planned investment in some ledgers (not 目标任务, in words)."""
    path = _ledger(
        tmp_path / "t.xlsx",
        [
            ["项目名称", "所属县区", "建设性质", "总投资", header, "截至6月底完成投资"],
            ["甲", "东城区", "续建", 100, 50, 20],
        ],
    )
    (project,) = load_report(path).projects
    assert (project.planned, project.completed) == (50, 20)


@pytest.mark.parametrize(
    "raw",
    [b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600],
    ids=["empty", "compound-file-without-a-workbook"],
)
def test_xls_flags_that_cannot_be_read_hide_nothing(raw: bytes) -> None:
    """The hidden flags are an extra: a stream olefile cannot open hides no row or column."""
    from bulletin.sources.workbook import _xls_parts

    assert _xls_parts(raw) == ({}, {}, {}, {})


def _written_by_xlsxwriter(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook holding control characters in cells, as Excel stores them (``_x0007_``);
    openpyxl refuses to write them."""
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for index, row in enumerate(rows):
            sheet.write_row(index, 0, row)
    book.close()
    return path


def test_a_cell_holding_a_character_no_document_may_hold_is_an_error_at_the_cell(
    tmp_path: Path,
) -> None:
    """A bell, an escape or a direction override in a cell: located as a data file's text is;
    a cell's line break (Alt+Enter, stored as \\r\\n) and tab are ordinary text."""
    header = [*_HEADER, "建设单位", "存在问题"]
    path = _written_by_xlsxwriter(
        tmp_path / "c.xlsx",
        {
            "台账": [
                ["示例市2025年1—6月重点项目"],
                header,
                ["甲\x07工程", "东城区", "续建", 100, 50, 20, "市住建局", "征地\r\n拆迁\t慢"],
                ["乙工程", "西城区", "续建", 100, 50, 10, "市城投、市\u2067水务局", "无"],
                ["丙工程", "西城区", "续建", 100, 50, 10, "市交投", "资金\x1b[31m"],
            ],
            "封面": [["地区", "示例市"], ["发文机关", "示例市重点办\u202e"]],
        },
    )
    errors = [str(d) for d in check_file(path) if d.severity == "error"]
    assert errors == [
        f"{path}:台账!A3: 项目名称: 文字中有不可见的控制字符 U+0007，不能写入文书，请删除",
        f"{path}:台账!G4: 建设单位: 文字中有不可见的文字方向控制字符 U+2067（会使文字倒序显示），"
        "不能写入文书，请删除",
        f"{path}:台账!H5: 存在问题: 文字中有不可见的控制字符 U+001B，不能写入文书，请删除",
        f"{path}:封面!B2: 发文机关: 文字中有不可见的文字方向控制字符 U+202E（会使文字倒序显示），"
        "不能写入文书，请删除",
    ]


def test_a_cell_line_break_and_tab_are_no_fault(tmp_path: Path) -> None:
    """The same ledger without those characters reads without an error."""
    path = _written_by_xlsxwriter(
        tmp_path / "c.xlsx",
        {
            "台账": [
                ["示例市2025年1—6月重点项目"],
                [*_HEADER, "存在问题"],
                ["甲工程", "东城区", "续建", 100, 50, 20, "征地\r\n拆迁\t慢"],
            ]
        },
    )
    assert not [d for d in check_file(path) if d.severity == "error"]


@pytest.mark.parametrize(
    ("stage", "start", "expected"),
    [
        ("续建", "2024年5月", []),
        ("续建", "", ["B3: 是否开工: 警告：已开工但未填开工月份（start_month）"]),
        (
            "新开工",
            "2024年5月",
            [
                "E3: 开工月份: 警告：开工时间 2024年5月 在统计年度 2025年之前，而项目阶段为新开工："
                "请核对阶段或开工时间",
            ],
        ),
    ],
    ids=["continuing-begun-last-year", "continuing-no-month", "new-begun-last-year"],
)
def test_a_start_in_an_earlier_year_is_a_start_not_a_missing_month(
    tmp_path: Path, stage: str, start: str, expected: list[str]
) -> None:
    """A 续建 project's 开工时间 2024年5月 was filled in: no 未填开工月份 warning; for a
    新开工 project the earlier year contradicts the stage, and is said at its cell."""
    path = _ledger(
        tmp_path / "s.xlsx",
        [
            ["项目名称", "是否开工", "所属县区", "建设性质", "开工时间", *_HEADER[3:]],
            ["甲工程", "是", "东城区", stage, start, 1000, 500, 100],
        ],
    )
    warnings = [str(d) for d in check_file(path) if d.severity == "warning"]
    assert [w.removeprefix(f"{path}:台账!") for w in warnings] == expected
