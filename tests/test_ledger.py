"""Workbook ledgers read as they are: headers, rows, units, totals, formats, located errors."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.errors import DataError, Diagnostic, quote_sheet
from bulletin.source import check_file, load_report, read_source, source_hash
from bulletin.sources.ledger import read_ledger
from conftest import EXAMPLES

BAD = Path(__file__).parent / "bad_ledgers"
SOFFICE = shutil.which("soffice")


def _office_ledger(path: Path) -> Path:
    """A ledger laid out as offices do: title and 单位 rows, a three-level merged header,
    亿元 beside 万元, 合计 on top, group headings, 小计 and 其中 rows, a text number,
    blank rows, a notes row, one sheet per county, a 汇总 sheet and a hidden list sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    counties = {
        "东城区": [
            ("东城区老旧小区改造工程", "在建", 1.2, 3000, 1500, "√", "2025-02"),
            ("东城区智慧停车场", "储备", "0.5", 800, 0, "否", None),
        ],
        "西城区": [
            ("西城区燃气管网改造", "新建", 2, 5000, "1,200", "已开工", "2025年4月"),
            ("西城区全民健身中心", "建成", 0.62, 2000, 2000, "是", 3),
        ],
    }
    for county, projects in counties.items():
        ws = wb.create_sheet(county)
        ws["A1"] = f"示例市{county}2025年1—6月重点项目建设进展情况表"
        ws.merge_cells("A1:I1")
        ws["H2"] = "单位：万元"
        ws["A4"] = "序号"
        ws["B4"] = "项目名称"
        ws["C4"] = "建设性质"
        ws["D4"] = "总投资（亿元）"
        ws["E4"] = "投资情况"
        ws["E5"] = "2025年计划投资"
        ws["F5"] = "2025年1—6月完成投资"
        ws["F6"] = "金额"
        ws["G6"] = "占年度计划%"
        ws["H4"] = "是否开工"
        ws["I4"] = "开工时间"
        for col in "ABCDHI":
            ws.merge_cells(f"{col}4:{col}6")
        ws.merge_cells("E4:G4")
        ws.merge_cells("E5:E6")
        ws.merge_cells("F5:G5")
        ws.append(["合计", None, None, None, "=SUM(E10:E14)", "=SUM(F10:F14)"])  # row 7
        ws.append([])  # a blank row
        ws.append(["一、产业类项目"])  # row 9
        ws.merge_cells("A9:I9")
        for index, (name, stage, total, planned, completed, started, month) in enumerate(projects):
            ws.append([index + 1, name, stage, total, planned, completed, None, started, month])
        ws.append([None, "小计", None, None, 0, 0])
        ws.append([None, "其中：省级项目", None, None, 0, 0])
        ws.append([])
        ws.append(["填报说明：本表由各县区发展改革局填报。"])
    summary = wb.create_sheet("汇总")
    summary.append(["项目名称", "总投资", "年度计划投资", "建设性质"])
    summary.append(["（各县区合计）", 1, 1, "续建"])
    hidden = wb.create_sheet("下拉")
    hidden.append(["项目名称", "建设性质", "总投资"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


_JUNE_HEAD = ["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"]


def _one_sheet(path: Path, sheet: str, title: str, *rows: list[Any]) -> Path:
    """A workbook of one sheet: a title, the usual June header, and ``rows``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in ([title], _JUNE_HEAD, *rows):
        ws.append(row)
    wb.save(path)
    return path


def _convert(source: Path, fmt: str, out: Path) -> Path:
    """``source`` saved by LibreOffice as ``fmt`` (which also caches formula values)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    out.mkdir(exist_ok=True)
    profile = (out / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / f"{source.stem}.{fmt}"


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_office_ledger_is_read_in_each_format(tmp_path: Path, fmt: str) -> None:
    """The office's layout reads the same from .xlsx, .xls and .ods, as LibreOffice saves them."""
    source = _office_ledger(tmp_path / "台账.xlsx")
    path = _convert(source, fmt, tmp_path / "out")
    report, warnings = read_source(path)
    projects = {p.name: p for p in report.projects}
    assert [p.unit for p in report.projects] == ["东城区", "东城区", "西城区", "西城区"]
    old = projects["东城区老旧小区改造工程"]
    assert (old.stage, old.total, old.planned, old.completed) == ("续建", 12000, 3000, 1500)
    assert (old.started, old.start_month) == (True, 2)
    assert projects["东城区智慧停车场"].stage == "前期"
    assert projects["东城区智慧停车场"].total == Decimal(5000)  # '0.5' 亿元 stored as text
    gas = projects["西城区燃气管网改造"]
    assert (gas.stage, gas.completed, gas.started, gas.start_month) == ("新开工", 1200, True, 4)
    assert projects["西城区全民健身中心"].stage == "竣工"
    assert report.period.year == 2025 and report.period.month == 6
    assert report.document.region == "示例市"
    # The 合计 formulas were cached by LibreOffice; Excel's SUM left out the text '1,200'.
    shown = [str(w) for w in warnings]
    assert (
        f"{path}:西城区!F7: 本年累计完成投资: 警告：合计行为 2000 万元，各项目之和为 3200 万元，"
        "相差 1200 万元：F10 的数字以文本形式保存，Excel 求和时未计入"
    ) in shown
    assert not any("东城区!" in w for w in shown)  # its 合计 agrees


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_a_formulas_error_is_a_fault_in_each_format(tmp_path: Path, fmt: str) -> None:
    """=1/0 and =NA() computed by LibreOffice: each format stores the error its own way, and
    calamine reads every one as an empty cell, which an amount took for 0 (not said)."""
    source = _one_sheet(
        tmp_path / "台账.xlsx",
        "台账",
        "示例市2025年1—6月重点项目建设进展情况表",
        ["甲项目", "东城区", "续建", 10000, 5000, "=E3/0"],
        ["乙项目", "西城区", "新建", 8000, "=NA()", 1000],
        ["丙项目", "西城区", "新建", 8000, 3000, "=E5/2"],  # a formula that works
    )
    path = _convert(source, fmt, tmp_path / "out")
    errors = [str(d) for d in check_file(path) if d.severity == "error"]
    assert errors == [
        f"{path}:台账!F3: 本年累计完成投资: 公式出错（#DIV/0!）：请在 Excel 或 WPS 中改正公式，"
        "或填入数值后再试",
        f"{path}:台账!E4: 年度计划投资: 公式出错（#N/A）：请在 Excel 或 WPS 中改正公式，"
        "或填入数值后再试",
    ]
    projects = read_ledger(path).projects
    assert projects[2]["completed"] == 1500


@pytest.mark.parametrize(
    ("fmt", "far", "area"),
    [
        ("xls", "IV65536", "A1:IV65536"),  # the most an .xls holds: 1.2 GB and 2.5 s read
        ("ods", "IV65536", "A1:IV65536"),
        ("ods", "XFD1048576", "A1:XFD1048576"),  # calamine: "Cannot detect file format"
        ("xls", "B4000", None),  # the other side: 8,000 cells, read
        ("ods", "B4000", None),
    ],
)
def test_a_far_cell_in_an_xls_or_ods_is_refused_before_it_is_read(
    tmp_path: Path, fmt: str, far: str, area: str | None
) -> None:
    """calamine reads an .xls's or .ods's every sheet as it opens the file: the cells a sheet
    reaches are measured first, from its records or its XML, and a far one refused."""
    source = _one_sheet(
        tmp_path / "台账.xlsx",
        "台账",
        "示例市2025年1—6月重点项目建设进展情况表",
        ["甲项目", "东城区", "续建", 10000, 5000, 2500],
    )
    wb = openpyxl.load_workbook(source)
    wb.active[far] = "备注"
    wb.save(source)
    path = _convert(source, fmt, tmp_path / "out")
    errors = [str(d) for d in check_file(path) if d.severity == "error"]
    if area is None:
        assert errors == []
    else:
        assert errors == [
            f"{path}: 工作表 台账 的已用区域为 {area}，远超任何台账，未读取："
            "多半是远处的单元格里误填了内容或设了格式；"
            "请在 Excel 或 WPS 中删除表格以外的行和列后保存，再试"
        ]


def test_show_mapping_names_every_column(tmp_path: Path) -> None:
    """--show-mapping lists letter, header path, field and a sample; unread columns say why."""
    path = _office_ledger(tmp_path / "台账.xlsx")
    result = CliRunner().invoke(main, ["import", str(path), "--show-mapping"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "工作表 东城区：表头在第 4—6 行，金额单位 万元" in lines
    row = next(line for line in lines if line.strip().startswith("F "))
    assert "投资情况 › 2025年1—6月完成投资 › 金额" in row and "本年累计完成投资" in row
    assert "1500" in row
    row = next(line for line in lines if line.strip().startswith("G "))
    assert "百分比，由数据计算，不读取" in row
    assert any("总投资（亿元）" in line and "换算为万元" in line for line in lines)
    assert "工作表 汇总：汇总、说明类工作表，不读取" in lines
    assert "工作表 下拉：隐藏的工作表，不读取" in lines


def test_show_mapping_exits_1_when_the_ledger_would_not_import(tmp_path: Path) -> None:
    """The mapping is still shown, with the errors under it; the exit status says they are
    errors (warnings alone, as the office ledger's, leave it 0 — the test above)."""
    path = _office_ledger(tmp_path / "台账.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["西城区"]["E10"] = "约5000"
    wb.save(path)
    result = CliRunner().invoke(main, ["import", str(path), "--show-mapping"])
    assert result.exit_code == 1, result.output
    assert "工作表 东城区：表头在第 4—6 行，金额单位 万元" in result.output
    assert "台账.xlsx:西城区!E10: 年度计划投资: 应为数字，得到 '约5000'" in result.output


@pytest.mark.parametrize("name", sorted(p.stem for p in BAD.glob("*.xlsx")), ids=lambda n: n)
def test_bad_ledger_gives_its_located_message(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each bad workbook yields exactly its expected messages, every one at a sheet and cell."""
    monkeypatch.chdir(BAD)
    diagnostics = check_file(f"{name}.xlsx")
    expected = (BAD / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert [str(d) for d in diagnostics] == expected
    assert all(d.sheet and d.cell for d in diagnostics)
    with pytest.raises(DataError):
        load_report(f"{name}.xlsx")


def test_bad_ledger_folder_is_complete() -> None:
    """Every bad workbook has its expected file and vice versa."""
    workbooks = {p.stem for p in BAD.glob("*.xlsx")}
    assert workbooks == {p.stem for p in BAD.glob("*.expected")}
    assert len(workbooks) >= 10


def _yaml_and_ledger(tmp_path: Path) -> tuple[Path, Path]:
    """The June example, and the same with its projects moved into a workbook."""
    from bulletin.writers.xlsx import ledger_workbook

    for month in (4, 5, 6):
        shutil.copy(EXAMPLES / f"2025-0{month}.yaml", tmp_path)
    shutil.copy(EXAMPLES / "2025-03.yaml", tmp_path)
    shutil.copy(EXAMPLES / "2025-02.yaml", tmp_path)
    shutil.copy(EXAMPLES / "2025-01.yaml", tmp_path)
    yaml_path = tmp_path / "2025-06.yaml"
    report = load_report(yaml_path)
    ledger_workbook(report.projects, tmp_path / "台账.xlsx", title="示例市2025年1—6月重点项目台账")
    text = yaml_path.read_text(encoding="utf-8")
    cut = text.index("\nprojects:")
    ledger_yaml = tmp_path / "ledger-06.yaml"
    ledger_yaml.write_text(text[:cut] + "\nledger: 台账.xlsx\n", encoding="utf-8")
    return yaml_path, ledger_yaml


@pytest.mark.parametrize("kind", ["progress", "speech", "news", "commendation"])
def test_same_ledger_as_yaml_and_workbook_gives_the_same_text(tmp_path: Path, kind: str) -> None:
    """The example rendered from its YAML projects and from a workbook is byte-identical text."""
    import bulletin

    yaml_path, ledger_yaml = _yaml_and_ledger(tmp_path)
    a = bulletin.render(yaml_path, kind, format="txt")
    b = bulletin.render(ledger_yaml, kind, format="txt")
    assert a == b
    assert len(a) > 1000


def test_workbook_bytes_count_in_the_source_hash(tmp_path: Path) -> None:
    """Editing the workbook a data file names changes its source hash (batch remakes it)."""
    _yaml, ledger_yaml = _yaml_and_ledger(tmp_path)
    before = source_hash(ledger_yaml)
    wb = openpyxl.load_workbook(tmp_path / "台账.xlsx")
    wb["台账"]["L4"] = 9999
    wb.save(tmp_path / "台账.xlsx")
    assert source_hash(ledger_yaml) != before


def test_ledger_outside_the_data_folder_is_refused(tmp_path: Path) -> None:
    """A ledger: path leading out of the data file's folder is an error, and is not read."""
    _yaml, ledger_yaml = _yaml_and_ledger(tmp_path)
    sub = tmp_path / "sub"
    sub.mkdir()
    moved = sub / "data.yaml"
    moved.write_text(
        ledger_yaml.read_text(encoding="utf-8")
        .replace("ledger: 台账.xlsx", "ledger: ../台账.xlsx")
        .replace("previous: 2025-05.yaml", ""),
        encoding="utf-8",
    )
    messages = [str(d) for d in check_file(moved)]
    assert any(
        "ledger: 台账文件 '../台账.xlsx' 不在本文件所在的文件夹内，为安全起见未读取" in m
        for m in messages
    ), messages


def test_header_period_is_checked_against_the_data_file(tmp_path: Path) -> None:
    """A workbook whose header says 1—5月 named by a June data file is an error at that header."""
    from bulletin.writers.xlsx import ledger_workbook

    _yaml, ledger_yaml = _yaml_and_ledger(tmp_path)
    report = load_report(tmp_path / "2025-06.yaml")
    ledger_workbook(report.projects, tmp_path / "台账.xlsx", title="示例市2025年1—5月重点项目台账")
    messages = [str(d) for d in check_file(ledger_yaml)]
    assert "台账.xlsx:台账!A1: 表头为 1—5月，与数据文件的统计期 1—6月 不符" in [
        m.replace(str(tmp_path) + "/", "") for m in messages
    ]


def test_every_sheets_period_is_checked_against_the_data_file(tmp_path: Path) -> None:
    """One sheet per county, each saying 1—5月 under a June data file: each is an error at its
    own header (only the first sheet's was said, and the second's May figures read as June's)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for county, months in (("东城区", 5), ("西城区", 5), ("南城区", 6)):
        ws = wb.create_sheet(county)
        ws.append([f"示例市{county}2025年重点项目建设进展情况表"])
        ws.append(["项目名称", "建设性质", "总投资", "年度计划投资", f"1—{months}月完成投资"])
        ws.append([county + "甲项目", "续建", 10000, 5000, 2500])
    wb.save(tmp_path / "台账.xlsx")
    data = tmp_path / "d.yaml"
    data.write_text(
        "document: {region: 示例市, issuer: 示例市重点项目办}\nperiod: {year: 2025, month: 6}\n"
        "ledger: 台账.xlsx\n",
        encoding="utf-8",
    )
    errors = [
        str(d).replace(str(tmp_path) + "/", "") for d in check_file(data) if d.severity == "error"
    ]
    assert sorted(errors) == [
        "台账.xlsx:东城区!E2: 表头为 1—5月，与数据文件的统计期 1—6月 不符",
        "台账.xlsx:南城区!E2: 表头为 1—6月，与 东城区 工作表的 1—5月 不符",
        "台账.xlsx:西城区!E2: 表头为 1—5月，与数据文件的统计期 1—6月 不符",
    ]


def test_mapping_overrides_columns_by_letter_and_header(tmp_path: Path) -> None:
    """A mapping names a field's column by letter or header text, and the header rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["示例市2025年1—6月项目表"])
    ws.append(["名目", "县区", "阶段", "盘子", "今年要投", "已投"])
    ws.append(["甲项目", "东城区", "续建", 100, 50, 20])
    wb.save(tmp_path / "l.xlsx")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "header_rows: 2\ncolumns:\n  name: A\n  total: 盘子\n  年度计划投资: E\n  completed: F\n",
        encoding="utf-8",
    )
    data = tmp_path / "d.yaml"
    data.write_text(
        "document: {region: 示例市, issuer: 示例市重点项目办}\nperiod: {year: 2025, month: 6}\n"
        "ledger: {file: l.xlsx, mapping: m.yaml}\n",
        encoding="utf-8",
    )
    report = load_report(data)
    (project,) = report.projects
    assert (project.name, project.unit, project.total, project.planned, project.completed) == (
        "甲项目",
        "东城区",
        100,
        50,
        20,
    )
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "l.xlsx"), "-m", str(mapping), "--show-mapping"]
    )
    assert "映射指定" in result.output


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        (
            "columns:\n  planned: Z\n",
            "l.xlsx:数据!A2: 映射中 年度计划投资 对应的 Z 列超出表格"
            "（表格最右为 F 列），请核对列号",
        ),
        (
            "header_rows: 1\n",
            "l.xlsx:数据!A1: 读取方式指定的表头行（第 1 行）中没有“项目名称”列：请核对 header_rows"
            "（表头所在的行号），或在 columns 中写明项目名称所在的列（如 项目名称: B）",
        ),
        ("sheets: [台账]\n", "l.xlsx:数据!A1: 没有名为 '台账' 的工作表（有：数据）"),
    ],
    ids=["letter-past-the-table", "header-rows-without-the-name", "no-such-sheet"],
)
def test_a_mapping_that_misses_the_ledger_is_blamed_not_the_ledger(
    tmp_path: Path, mapping: str, expected: str
) -> None:
    """A slip in the mapping is said as the mapping's, once: not as "没有找到台账表头" nor as
    every row's "必填，不能为空"."""
    _one_sheet(
        tmp_path / "l.xlsx",
        "数据",
        "示例市2025年1—6月项目表",
        ["甲项目", "东城区", "续建", 100, 50, 20],
        ["乙项目", "西城区", "续建", 100, 50, 20],
    )
    (tmp_path / "m.yaml").write_text(mapping, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "l.xlsx"), "-m", str(tmp_path / "m.yaml")]
    )
    assert result.exit_code == 1
    errors = [
        line.replace(str(tmp_path) + "/", "")
        for line in result.output.splitlines()
        if "警告" not in line and "l.xlsx:" in line
    ]
    assert errors == [expected], result.output


def test_import_writes_a_data_file_that_reads_back(tmp_path: Path) -> None:
    """bulletin import -o writes YAML whose projects equal the workbook's."""
    path = _office_ledger(tmp_path / "台账.xlsx")
    out = tmp_path / "data.yaml"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [p.model_dump() for p in load_report(out).projects] == [
        p.model_dump() for p in load_report(path).projects
    ]
    # 1.2 in the 亿元 column is written as a person writes 12000 万元.
    text = out.read_text(encoding="utf-8")
    assert "    total: 12000\n" in text
    assert not re.search(r"(total|planned|completed): \d+\.0\n", text)


@pytest.mark.parametrize(
    "title", [None, "2025年全市重点项目1—6月进展情况表"], ids=["none", "quanshi"]
)
def test_direct_render_of_a_workbook_without_region_says_what_is_missing(
    tmp_path: Path, title: str | None
) -> None:
    """No region in the title (全市 is none) and no 封面 sheet: the message names it and
    suggests import."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title is not None:
        ws.append([title])
    ws.append(["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"])
    ws.append(["甲", "东城区", "续建", 100, 50, 20])
    wb.save(tmp_path / "台账.xlsx")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "台账.xlsx")])
    assert result.exit_code == 1
    assert (
        "找不到地区名称" in result.output
        and "bulletin import 台账.xlsx -o 数据.yaml" in result.output
    )
    assert "Sheet!A1" in result.output


@pytest.mark.parametrize("name", ["台账", "台账.dat", "台账.xlsx.download"])
def test_a_workbook_without_its_ending_is_read_as_a_workbook(tmp_path: Path, name: str) -> None:
    """A workbook saved without .xlsx (a mail client's download) is known by its first bytes:
    check reads its projects rather than failing on it as a YAML file."""
    path = _office_ledger(tmp_path / "台账.xlsx").rename(tmp_path / name)
    result = CliRunner().invoke(main, ["stats", str(path)])
    assert result.exit_code == 0, result.output
    assert "应为" not in result.output and "UTF-8" not in result.output
    assert len(load_report(path).projects) == 4


def test_a_text_file_without_an_ending_is_still_read_as_yaml(tmp_path: Path) -> None:
    """Only a zip's or compound file's first bytes make a workbook: text stays a data file."""
    path = tmp_path / "数据"
    path.write_text("projects: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:"), result.output
    assert "工作簿" not in result.output


def test_excel_2003_xml_and_password_protected_files_get_clear_messages(tmp_path: Path) -> None:
    """An Excel 2003 XML file (as .xls or under its own .xml) and a password-protected
    workbook are refused with what to do."""
    from msoffcrypto.format.ooxml import OOXMLFile

    for name in ("旧格式.xls", "台账.xml"):
        xml = tmp_path / name
        xml.write_text(
            '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>\n',
            encoding="utf-8",
        )
        assert [str(d) for d in check_file(xml)] == [
            f"{xml}: 这是 Excel 2003 XML 格式的表格，无法读取："
            "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再试"
        ]
    plain = _office_ledger(tmp_path / "plain.xlsx")
    locked = tmp_path / "加密.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    (message,) = [str(d) for d in check_file(locked)]
    assert message.startswith(f"{locked}: 工作簿设有打开密码，无法读取")


def test_load_report_accepts_workbook_bytes_source(tmp_path: Path) -> None:
    """bulletin.load_report reads a workbook path as it reads YAML."""
    import bulletin

    path = _office_ledger(tmp_path / "台账.xlsx")
    assert len(bulletin.load_report(path).projects) == 4


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("东城区", "东城区"),
        ("1—6月", "'1—6月'"),
        ("Sheet1", "Sheet1"),
        ("AB12", "'AB12'"),
        ("O'Neil", "'O''Neil'"),
        ("项目 台账", "'项目 台账'"),
        ("R", "'R'"),
        ("c", "'c'"),
        ("R2C3", "'R2C3'"),
        ("Rc", "'Rc'"),
        ("RD", "RD"),
        ("CR", "CR"),
    ],
    ids=[
        "chinese",
        "digit-first",
        "sheet1",
        "cell-like",
        "apostrophe",
        "space",
        "r1c1-row",
        "r1c1-column",
        "r1c1-cell",
        "r1c1-relative",
        "not-r1c1",
        "not-r1c1-either",
    ],
)
def test_sheet_names_are_quoted_as_excel_does(name: str, quoted: str) -> None:
    """A diagnostic's sheet is quoted only where Excel's name box needs it."""
    assert quote_sheet(name) == quoted
    diagnostic = Diagnostic(
        "应为数字", file="台账.xlsx", sheet=name, cell="H12", path=("年度计划投资",)
    )
    assert str(diagnostic) == f"台账.xlsx:{quoted}!H12: 年度计划投资: 应为数字"


def test_template_from_writer_reads_back_without_mapping(tmp_path: Path) -> None:
    """The 台账模板 layout, filled in, imports with no mapping: every canonical header is known."""
    from bulletin.sources.ledger import read_ledger
    from bulletin.writers.xlsx import LEDGER_FIELDS, ledger_workbook

    data = ledger_workbook(title="示例市2025年1—6月重点项目台账")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["台账", "封面", "填表说明"]
    ws = wb["台账"]
    assert ws.freeze_panes == "C4"
    kinds = {str(dv.sqref)[0]: dv.type for dv in ws.data_validations.dataValidation}
    assert kinds["F"] == "list" and kinds["J"] == "decimal"
    ws.append(
        [1, "甲项目", "东城区", None, "市级", "在建", None, None, None, 100, 50, 20, None, "是", 2]
    )
    wb.save(tmp_path / "模板.xlsx")
    ledger = read_ledger(tmp_path / "模板.xlsx")
    layout = ledger.layouts[0]
    assert set(layout.fields) == set(LEDGER_FIELDS)
    assert ledger.projects[0]["stage"] == "续建"
    assert not [d for d in ledger.diagnostics if d.severity == "error"]


def _rows(*rows: list[Any]) -> list[list[Any]]:
    return [list(r) for r in rows]


def test_stats_xlsx_writes_the_tables_and_the_annex(tmp_path: Path) -> None:
    """stats --xlsx writes each indicator table as printed and one annex row per project."""
    out = tmp_path / "s.xlsx"
    result = CliRunner().invoke(main, ["stats", str(EXAMPLES / "2025-06.yaml"), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["统计指标", "项目"]
    rows = list(wb["统计指标"].iter_rows(values_only=True))
    titles = [r[0] for r in rows if r[0] and r[1] is None]
    for title in ("项目盘子", "投资进度", "开工情况", "各单位", "应开工未开工项目"):
        assert title in titles
    total = next(r for r in rows if r[0] == "全部")
    assert total[1] == 96 and "全部" in result.output
    # Percentages are numbers Excel can sort and sum, shown as printed (they were text).
    printed = next(line for line in result.output.splitlines() if line.startswith("全部"))
    assert printed.split()[-1] == "51.6%"
    sheet = wb["统计指标"]
    rate = next(r for r in sheet.iter_rows() if r[0].value == "全部")[7]
    assert (rate.value, rate.number_format) == (pytest.approx(0.516), "0.0%")
    rate = next(r for r in sheet.iter_rows() if r[0].value == "投资完成率")[1]
    assert (rate.value, rate.number_format) == (
        pytest.approx(0.516),
        '0.0%"（1484860/2877600）"',
    )
    report = load_report(EXAMPLES / "2025-06.yaml")
    annex = list(wb["项目"].iter_rows(values_only=True))
    assert len(annex) == 1 + len(report.projects)
    assert annex[1][0] == report.projects[0].name
    assert Decimal(str(annex[1][9])) == report.projects[0].planned


def test_previous_may_name_last_months_workbook(tmp_path: Path) -> None:
    """previous: 2025-05.xlsx reads May's ledger as the 环比 base, document parts inherited."""
    from bulletin.writers.xlsx import ledger_workbook

    for month in (4, 5, 6):
        shutil.copy(EXAMPLES / f"2025-0{month}.yaml", tmp_path)
    may = load_report(tmp_path / "2025-05.yaml")
    ledger_workbook(may.projects, tmp_path / "2025-05.xlsx", title="2025年1—5月重点项目台账")
    june = tmp_path / "2025-06.yaml"
    june.write_text(
        june.read_text(encoding="utf-8").replace(
            "previous: 2025-05.yaml", "previous: 2025-05.xlsx"
        ),
        encoding="utf-8",
    )
    (tmp_path / "2025-05.yaml").unlink()
    report, warnings = read_source(june)
    assert warnings == ()
    previous = report.previous_report
    assert previous is not None and previous.period.month == 5
    assert [p.completed for p in previous.projects] == [p.completed for p in may.projects]
    assert previous.document.region == "示例市"  # from the June file: the title names none


def test_describe_ledger_is_what_a_web_page_shows(tmp_path: Path) -> None:
    """describe_ledger lists sheets, columns as read, skipped sheets and located diagnostics."""
    import bulletin

    path = _office_ledger(tmp_path / "台账.xlsx")
    view = bulletin.describe_ledger(path)
    assert view.ok and view.projects == 4 and view.months == 6 and view.region == "示例市"
    east = view.sheets[0]
    assert (east.name, east.header_rows, east.projects) == ("东城区", (3, 5), 2)
    by_letter = {c.letter: c for c in east.columns}
    assert (by_letter["D"].field, by_letter["D"].unit, by_letter["D"].sample) == (
        "total",
        "亿元",
        "1.2",
    )
    assert by_letter["G"].field is None and "百分比" in by_letter["G"].note
    assert ("汇总", "汇总、说明类工作表，不读取") in view.skipped
    wb = openpyxl.load_workbook(path)
    wb["西城区"]["E10"] = "约5000"
    wb.save(path)
    view = bulletin.describe_ledger(path, filename="上传的台账.xlsx")
    assert not view.ok
    (error,) = [d for d in view.diagnostics if d.severity == "error"]
    assert (error.sheet, error.cell, error.path) == ("西城区", "E10", ("年度计划投资",))
    assert str(error) == "上传的台账.xlsx:西城区!E10: 年度计划投资: 应为数字，得到 '约5000'"


def test_load_report_takes_a_mapping_for_a_workbook(tmp_path: Path) -> None:
    """bulletin.load_report(workbook, mapping={...}) reads columns the headers do not name."""
    import bulletin

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "东城区"
    ws.append(["示例市2025年1—6月项目表"])
    ws.append(["名目", "阶段", "盘子", "今年要投", "已投"])
    ws.append(["甲项目", "续建", 100, 50, 20])
    wb.save(tmp_path / "l.xlsx")
    with pytest.raises(DataError) as caught:
        bulletin.load_report(tmp_path / "l.xlsx")
    assert "没有找到台账表头" in str(caught.value)
    mapping = {
        "header_rows": 2,
        "columns": {"name": "A", "total": "C", "planned": "D", "completed": "E"},
    }
    report = bulletin.load_report(tmp_path / "l.xlsx", mapping=mapping)
    (project,) = report.projects
    assert (project.name, project.unit, project.planned) == ("甲项目", "东城区", 50)


@pytest.mark.parametrize(
    ("title", "months"),
    [
        ("示例市2025年6月重点项目进展表", 6),
        ("示例市2025年上半年重点项目", 6),
        ("示例市2025年前三季度重点项目", 9),
        ("示例市2025年一季度重点项目", 3),
    ],
    ids=["month", "half", "three-quarters", "quarter"],
)
def test_period_from_title_words(tmp_path: Path, title: str, months: int) -> None:
    """A title's 2025年6月, 上半年, 前三季度, 一季度 give the period when no header says 1—N月."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "本年累计完成投资"])
    ws.append(["甲", "东城区", "续建", 100, 50, 20])
    wb.save(tmp_path / "t.xlsx")
    assert load_report(tmp_path / "t.xlsx").period.end_month == months


def test_sheet_named_with_number_and_count_gives_its_unit(tmp_path: Path) -> None:
    """Sheets named 1.东城区（2个） and 2.西城区重点项目 give the units 东城区 and 西城区."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("1.东城区（2个）", "2.西城区重点项目"):
        ws = wb.create_sheet(name)
        ws.append(["示例市2025年1—6月重点项目"])
        ws.append(["项目名称", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"])
        ws.append([f"{name}项目", "续建", 100, 50, 20])
    wb.save(tmp_path / "s.xlsx")
    assert [p.unit for p in load_report(tmp_path / "s.xlsx").projects] == ["东城区", "西城区"]


def test_since_start_column_is_not_this_years_completed(tmp_path: Path) -> None:
    """Only a 开工至报告期累计 column: a warning, and 0 this year, not the sum since start."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["示例市2025年1—6月重点项目"])
    ws.append(
        ["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "开工至报告期累计完成投资"]
    )
    ws.append(["甲", "东城区", "续建", 100, 50, 80])
    wb.save(tmp_path / "c.xlsx")
    report, warnings = read_source(tmp_path / "c.xlsx")
    assert report.projects[0].completed == 0
    assert any("找不到 本年累计完成投资 列" in str(w) and "!A2" in str(w) for w in warnings)


def test_group_headings_stand_in_for_stage_and_unit_columns(tmp_path: Path) -> None:
    """一、新开工项目 over （一）东城区 give the stage and unit of the rows under them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "全市"
    ws.append(["示例市2025年1—6月重点项目建设进展情况表"])
    ws.append(["序号", "项目名称", "总投资（万元）", "年度计划投资", "1—6月完成投资"])
    for row in (
        ["一、新开工项目"],
        ["（一）东城区"],
        [1, "甲", 100, 50, 20],
        ["（二）西城区"],
        [2, "乙", 200, 80, 30],
        ["二、续建项目"],
        ["（一）东城区"],
        [3, "丙", 300, 90, 40],
    ):
        ws.append(row)
    ws.merge_cells("A3:E3")
    wb.save(tmp_path / "g.xlsx")
    report = load_report(tmp_path / "g.xlsx")
    assert [(p.name, p.stage, p.unit) for p in report.projects] == [
        ("甲", "新开工", "东城区"),
        ("乙", "新开工", "西城区"),
        ("丙", "续建", "东城区"),
    ]
    assert [u.name for u in report.units] == ["东城区", "西城区"]


def test_damaged_and_oversized_workbooks_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cut-off .xlsx and one that would unpack beyond the limit get a message, nothing read."""
    from bulletin.sources import workbook

    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    assert [str(d) for d in check_file(broken)] == [
        f"{broken}: 工作簿已损坏（不是完整的压缩包），无法读取："
        "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再试"
    ]
    path = _office_ledger(tmp_path / "台账.xlsx")
    monkeypatch.setattr(workbook, "MAX_UNPACKED", 1000)
    (message,) = [str(d) for d in check_file(path)]
    assert message.startswith(f"{path}: 工作簿解压后过大")


def _county_ledger(path: Path) -> Path:
    """A county's own table: 附件1 and a 填报单位 line over the title, 单位：万元、%, 建设年限
    instead of a stage column, 2025年 › 计划投资 / 1-6月完成 / 完成比例(%), 合  计 first, a note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "青川县"
    ws["A1"] = "附件1"
    ws["A2"] = "青川县2025年重点项目建设进度表"
    ws.merge_cells("A2:K2")
    ws["A3"] = "填报单位：青川县发展和改革局"
    ws["I3"] = "单位：万元、%"
    header = ["序号", "项目名称", "建设单位", "建设内容及规模", "建设年限", "总投资", "2025年"]
    for col, text in enumerate([*header, None, None, "形象进度", "备注"], 1):
        ws.cell(4, col, text)
    for col in "ABCDEFJK":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("G4:I4")
    ws["G5"], ws["H5"], ws["I5"] = "计划投资", "1-6月完成", "完成比例(%)"
    ws.append(["合  计", None, None, None, None, "=SUM(F7:F8)", "=SUM(G7:G8)", "=SUM(H7:H8)"])
    ws.append(
        [
            1,
            "青川县城南污水处理厂",
            "青川县水务公司",
            "日处理2万吨",
            "2024-2026",
            12000,
            3000,
            1500,
            50,
            "主体完工",
        ]
    )
    ws.append(
        [
            2,
            "青川县第三中学",
            "青川县教育局",
            "建筑面积3万平方米",
            "2025-2026年",
            8000,
            "2,000",
            600,
            30,
            "基础施工",
        ]
    )
    ws.append([None, "注：1.本表数据截至6月30日。"])
    wb.save(path)
    return path


def test_county_table_with_years_instead_of_stages(tmp_path: Path) -> None:
    """The county's table reads: region, period, units, stages from 建设年限, columns by path."""
    path = _county_ledger(tmp_path / "青川县.xlsx")
    report, warnings = read_source(path)
    assert report.document.region == "青川县" and report.period.end_month == 6
    assert [
        (p.name, p.stage, p.unit, p.owner, p.planned, p.completed) for p in report.projects
    ] == [
        ("青川县城南污水处理厂", "续建", "青川县", "青川县水务公司", 3000, 1500),
        ("青川县第三中学", "新开工", "青川县", "青川县教育局", 2000, 600),
    ]
    assert report.projects[0].progress == "主体完工"
    assert any("!E4: 警告：没有项目阶段列，按 E 列的建设起止年限推定" in str(w) for w in warnings)
    if SOFFICE is not None:  # formulas cached: the 合计 of 计划投资 misses the text 2,000
        saved = _convert(path, "xlsx", tmp_path / "out")
        _report, warnings = read_source(saved)
        assert any(
            "青川县!G6: 年度计划投资: 警告：合计行为 3000 万元，各项目之和为 5000 万元" in str(w)
            and "G8 的数字以文本形式保存" in str(w)
            for w in warnings
        )


def _large_ledger(path: Path, cells: dict[str, Any], hidden: int | None = None) -> Path:
    """A 10,000-row ledger, every row well formed but for ``cells`` (Excel references)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "1—6月"
    ws.append(["示例市2025年1—6月重点项目建设进展情况表"])
    ws.append(["单位：万元"])
    header = (
        "序号 项目名称 所属县区 建设性质 总投资 年度计划投资 1—6月完成投资 是否开工 开工时间 备注"
    )
    ws.append(header.split())
    for i in range(1, 10_001):
        unit = "东城区" if i % 2 else "西城区"
        ws.append([i, f"项目{i:05d}", unit, "续建", 1000 + i, 500.5, 100, "是", 3, ""])
    for ref, value in cells.items():
        ws[ref] = value
    if hidden is not None:
        ws.row_dimensions[hidden].hidden = True
    wb.save(path)
    return path


def test_faults_deep_in_a_10000_row_ledger_are_located_to_their_cells(tmp_path: Path) -> None:
    """Bad cells in rows 9,000–9,009 of a 10,000-row ledger: each message exact, at its cell."""
    path = _large_ledger(
        tmp_path / "台账.xlsx",
        {
            "F9000": "约5000",
            "E9001": None,
            "G9002": -5.5,
            "I9003": 13,
            "I9004": 2025.1,
            "C9005": None,
            "D9006": "在建中",
            "E9007": 1e15,
            "J9008": "无",
            "B9009": "—",
        },
    )
    at = f"{path}:'1—6月'!"
    assert [str(d) for d in check_file(path)] == [
        f"{at}F9000: 年度计划投资: 应为数字，得到 '约5000'",
        f"{at}E9001: 总投资: 必填，不能为空",
        f"{at}G9002: 本年累计完成投资: 金额不能为负数，得到 -5.5",
        f"{at}I9003: 开工月份: 应为月份（如 3、3月、2025年3月），得到 '13'",
        f"{at}I9004: 开工月份: 2025.1 是 2025年1月 还是 2025年10月？Excel 把 2025.10 也存作 "
        "2025.1，请写成 2025年1月 或 2025年10月",
        f"{at}C9005: 所属县区: 必填，不能为空",
        f"{at}D9006: 项目阶段: 应为 前期、新开工、续建、竣工 之一（也认 新建、在建、建成、储备），"
        "得到 '在建中'",
        f"{at}E9007: 总投资: 金额过大：1000000000000000 超过1亿亿元，请检查数字和单位",
    ]


def test_warnings_deep_in_a_10000_row_ledger_are_located_to_their_cells(tmp_path: Path) -> None:
    """A valid 10,000-row ledger: its warnings at rows 9,000–9,003, each at its cell."""
    path = _large_ledger(
        tmp_path / "台账.xlsx", {"G9000": 20000, "B9002": "项目镕09001"}, hidden=9003
    )
    at = f"{path}:'1—6月'!"
    assert [str(d) for d in check_file(path)] == [
        f"{at}G9000: 本年累计完成投资: 警告：本年完成投资 20000 万元超过总投资 9997 万元",
        f"{at}B9002: 项目名称: 警告：“镕”不在 GB2312 字符集中，仿宋_GB2312、楷体_GB2312 "
        "没有这些字，文中这几个字改用仿宋、楷体排印",
        f"{at}B9003: 警告：第 9003 行是隐藏行，其中的项目“项目09000”仍按项目读入；"
        "已调出的项目请删除该行，或在读取方式的 skip_rows 中列出 9003",
    ]
    report = load_report(path)
    assert len(report.projects) == 10_000
    assert report.projects[8998].planned == Decimal("500.5")
    assert report.projects[8996].completed == 20000


def _small_ledger(path: Path, name: str, notes: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["示例市2025年1—6月重点项目建设进展情况表"])
    ws.append(["项目名称", "所属县区", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"])
    ws["G2"] = "备注"
    ws.append([name, "东城区", "续建", 100, 50, 20, notes])
    wb.save(path)
    return path


def test_import_writes_what_reads_back_as_the_workbook_said(tmp_path: Path) -> None:
    """A 备注 of 500万元 stays text; a name holding U+2028 keeps it (YAML would fold it)."""
    from bulletin.load import load_path
    from bulletin.sources.importer import import_ledger

    path = _small_ledger(tmp_path / "台账.xlsx", "甲\u2028乙工程", "500万元")
    text, _loaded, _diagnostics = import_ledger(path)
    out = tmp_path / "data.yaml"
    out.write_text(text, encoding="utf-8")
    (project,) = load_path(out).data["projects"]
    assert project["name"] == "甲\u2028乙工程"
    assert project["notes"] == "500万元"
    assert load_report(out).projects[0].notes == "500万元"


def test_import_refuses_to_give_a_text_that_reads_back_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the writer to lose a character, the import says so instead of handing it out."""
    from bulletin.sources import importer

    path = _small_ledger(tmp_path / "台账.xlsx", "甲工程", "")
    written = importer.to_yaml
    monkeypatch.setattr(importer, "to_yaml", lambda data: written(data).replace("甲工程", "甲"))
    with pytest.raises(DataError) as error:
        importer.import_ledger(path)
    assert [str(d) for d in error.value.diagnostics] == [
        "台账.xlsx: 生成的数据文件读回后与台账不一致（projects[0].name），未输出；"
        "请把台账发给 bulletin 的维护者"
    ]


@pytest.mark.parametrize(
    ("titles", "region"),
    [
        (("东城区2025年1—6月重点项目表", "西城区2025年1—6月重点项目表"), None),
        (("示例市东城区2025年1—6月重点项目表", "示例市西城区2025年1—6月重点项目表"), "示例市"),
        (("东城区2025年1—6月重点项目表", "东城区2025年1—6月重点项目表"), "东城区"),
    ],
    ids=["county-titles", "city-and-county-titles", "one-county-of-towns"],
)
def test_a_title_naming_one_unit_of_several_is_no_region(
    tmp_path: Path, titles: tuple[str, str], region: str | None
) -> None:
    """Sheets per county titled 东城区2025年…: the bulletin is not 东城区's (it was made so,
    东城区 ranked among the others); a county's own ledger of its towns keeps its name."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    units = ("东城区", "西城区") if region != "东城区" else ("城关镇", "河口镇")
    for title, unit in zip(titles, units, strict=True):
        ws = wb.create_sheet(unit)
        ws.append([title])
        ws.append(["项目名称", "建设性质", "总投资", "年度计划投资", "1—6月完成投资"])
        ws.append([unit + "甲项目", "续建", 10000, 5000, 2500])
    wb.save(tmp_path / "台账.xlsx")
    errors = [str(d) for d in check_file(tmp_path / "台账.xlsx") if d.severity == "error"]
    if region is None:
        assert len(errors) == 1
        assert errors[0].endswith(
            "台账.xlsx:东城区!A1: 找不到地区名称："
            "标题中的 东城区 是台账中的一个单位，不是本级地区；"
            "也没有“封面”工作表；请在封面工作表写“地区 | 示例市”，"
            "或运行 bulletin import 台账.xlsx -o 数据.yaml 生成数据文件后补充"
        )
    else:
        assert errors == []
        report = load_report(tmp_path / "台账.xlsx")
        assert report.document.region == region
        assert {p.unit for p in report.projects} == set(units)
