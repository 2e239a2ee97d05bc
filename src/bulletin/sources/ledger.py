"""A workbook ledger as data: sheets chosen, headers detected, rows read, faults at their cells.

Three ways in share this module: a workbook read directly (its document
parts from a 封面/说明 sheet or defaults), a data YAML whose ``ledger:`` names
the workbook its projects come from, and ``bulletin import``.  Each yields a
:class:`~bulletin.load.Loaded` whose diagnostics name the cell
(``台账.xlsx:'1—6月'!H12: 年度计划投资: …``), so validation, cross-checks and
warnings work as for YAML, and every fault of a workbook comes in one run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from bulletin.errors import DataError, Diagnostic, Severity, quote_sheet
from bulletin.load import KeyPath, LineMap, Loaded, cell_text_fault, load_path
from bulletin.sources.fields import DASH, FIELDS, by_key, field_for, normalize, plain_dates
from bulletin.sources.layout import (
    Column,
    Grid,
    Layout,
    Override,
    cell_name,
    column_index,
    detect,
    text_of,
)
from bulletin.sources.rows import (
    CellRef,
    Fault,
    RowCells,
    read_rows,
    stage_from_sheet_name,
    stage_word,
    unit_from_sheet_name,
)
from bulletin.sources.workbook import Sheet, Workbook, read_workbook

__all__ = [
    "LedgerLoaded",
    "LedgerRead",
    "Spec",
    "attach_ledger",
    "default_issuer",
    "read_ledger",
    "spec_from",
    "workbook_loaded",
]

# Sheets that sum or explain the others: read only when no other sheet holds projects.
_SKIP_SHEET = re.compile(
    r"汇总|说明|封面|目录|填表|模板|字典|下拉|参数|选项|数据源|附注|基本信息|文件信息|"
    r"总表|总览|统计表|^(合计|总计|全市|全县|全区|全旗|全州)$"
)
_COVER_SHEET = re.compile(r"^(说明|基本信息|文件信息|参数|文件要素)$|封面")
_PERIOD_SHEET = re.compile(r"^(20\d\d年?)?(1\s*[—–\-~～至]\s*)?(\d{1,2})月份?$")
_REQUIRED = ("name", "stage", "total", "planned")


@dataclass
class Spec:
    """How to read a workbook: what a mapping file or ``ledger:`` block says (all optional)."""

    sheets: list[str] | None = None
    header_rows: tuple[int, int] | None = None
    columns: dict[str, str] = field(default_factory=dict)
    skip_rows: set[int] = field(default_factory=set)
    amount_unit: str | None = None
    unit: str | None = None


@dataclass
class LedgerRead:
    """Everything read from a workbook: projects with their cells, and what the sheets said."""

    file: str
    projects: list[dict[str, Any]] = field(default_factory=list)
    cells: list[RowCells] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: By project index, the fields whose cell was faulty (their model errors are not
    #: repeated); only projects with some, not an empty set for each of 10,000.
    faulty: dict[int, set[str]] = field(default_factory=dict)
    #: Projects of sheets without a 开工时间 column: no start month is said missing per row.
    no_start_month: set[int] = field(default_factory=set)
    layouts: list[Layout] = field(default_factory=list)
    #: Further tables' headers, below a sheet's first (its layout in ``layouts``).
    tables: list[Layout] = field(default_factory=list)
    #: Sheets not read, and why.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    sheet_order: dict[str, int] = field(default_factory=dict)
    #: The period the headers say: (year or None, month or None) and their cells.
    year: tuple[int, CellRef] | None = None
    #: Whether ``year`` is only the 填报日期's (a data file's own year then wins unsaid).
    year_filed: bool = False
    months: tuple[int, CellRef] | None = None
    #: Every sheet's 1—N月 header as ``months`` is the first's: each is checked
    #: against the data file's period, not only the first.
    sheet_months: list[tuple[int, CellRef]] = field(default_factory=list)
    #: What the sheets do not say and a data file must (the region, the period): the
    #: key path and its fault, which ``bulletin import`` leaves in the file to fill in.
    gaps: list[tuple[KeyPath, Diagnostic]] = field(default_factory=list)
    #: What a 封面/说明 sheet says (document parts, period, meeting), by key path.
    cover: dict[KeyPath, tuple[Any, CellRef]] = field(default_factory=dict)
    title: tuple[str, CellRef] | None = None

    def title_region(self) -> str | None:
        """The region the workbook's title names (示例市 of 示例市2025年…), if any.

        Not a unit's own: where each county's sheet is titled 东城区2025年…, the first
        title names one unit of several, and the bulletin is no 东城区 one.
        """
        region = _region(self.title[0]) if self.title is not None else None
        return None if region is not None and region == self.unit_titled() else region

    def unit_titled(self) -> str | None:
        """The title's region where it is one of the projects' several units."""
        region = _region(self.title[0]) if self.title is not None else None
        units = {p.get("unit") for p in self.projects} - {None}
        return region if region in units and len(units) > 1 else None

    def fault(self, where: CellRef, label: str, message: str, severity: Severity = "error") -> None:
        """Record a diagnostic at a cell."""
        self.diagnostics.append(
            Diagnostic(
                message,
                file=self.file,
                sheet=where[0],
                cell=where[1],
                path=(label,) if label else (),
                severity=severity,
            )
        )

    def units(self) -> list[str]:
        """The units the projects name, in order of first appearance."""
        return list(
            dict.fromkeys(p["unit"] for p in self.projects if isinstance(p.get("unit"), str))
        )

    def categories(self) -> list[str]:
        """The categories the projects name, in order of first appearance."""
        return list(
            dict.fromkeys(
                p["category"] for p in self.projects if isinstance(p.get("category"), str)
            )
        )


# ---------------------------------------------------------------------------
# The mapping: a file of its own or the ledger: block


# Excel's last row, and more rows than any header has (a block of rows is walked).
_LAST_ROW = 1_048_576
_HEADER_DEPTH = 10


def _header_rows(value: object) -> tuple[int, int] | str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "表头行应写成 3 或 3-4 这样的行号"
    rows: tuple[int, int] | None = None
    if isinstance(value, int):
        if value < 1:
            return "表头行号应从 1 起"
        rows = (value, value)
    elif (
        isinstance(value, list)
        and value
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value)
    ):
        rows = (min(value), max(value))
    elif isinstance(value, str):
        found = re.fullmatch(rf"\s*(\d+)\s*(?:[{DASH}:：]\s*(\d+))?\s*", value)
        if found is not None and 1 <= int(found.group(1)) <= int(found.group(2) or found.group(1)):
            rows = (int(found.group(1)), int(found.group(2) or found.group(1)))
    if rows is None:
        return f"表头行应写成 3 或 3-4 这样的行号，得到 {value!r}"
    if rows[1] > _LAST_ROW:
        return f"表头行号 {rows[1]} 超出工作表的最大行号 {_LAST_ROW}"
    if rows[1] - rows[0] >= _HEADER_DEPTH:
        return f"表头最多 {_HEADER_DEPTH} 行，得到第 {rows[0]}—{rows[1]} 行"
    return (rows[0] - 1, rows[1] - 1)


_SPEC_KEYS = {
    "sheets",
    "sheet",
    "header_rows",
    "columns",
    "skip_rows",
    "amount_unit",
    "unit",
    "file",
    "mapping",
}


def spec_from(
    loaded: Loaded, at: KeyPath = (), *, strict: bool = True
) -> tuple[Spec, list[Diagnostic]]:
    """The reading instructions at ``at`` in ``loaded`` (a mapping file, or a data file's block).

    ``strict`` checks keys and kinds too (a mapping file); a data file's
    ``ledger:`` block has those checked by the model with the rest of the file.
    """
    node: Any = loaded.data
    for part in at:
        node = node.get(part) if isinstance(node, Mapping) else None
    spec = Spec()
    problems: list[Diagnostic] = []
    if not isinstance(node, Mapping):
        if strict and node is not None:
            problems.append(loaded.diagnostic(at, "应为映射（键: 值）"))
        return spec, problems

    def bad(key: str, message: str) -> None:
        problems.append(loaded.diagnostic((*at, key), message))

    for key in node:
        if strict and key not in _SPEC_KEYS:
            problems.append(loaded.diagnostic((*at, key), f"未知字段 '{key}'", at_key=True))
    sheets = node.get("sheets", node.get("sheet"))
    if isinstance(sheets, str):
        spec.sheets = [sheets]
    elif isinstance(sheets, list) and all(isinstance(s, str | int) for s in sheets):
        spec.sheets = [str(s) for s in sheets]
    elif sheets is not None and strict:
        bad("sheets", "应为工作表名称或名称列表")
    rows = _header_rows(node.get("header_rows"))
    if isinstance(rows, str):
        bad("header_rows", rows)
    else:
        spec.header_rows = rows
    columns = node.get("columns")
    if isinstance(columns, Mapping):
        for name, where in columns.items():
            if field_for(str(name)) is None:
                known = "、".join(f.label for f in FIELDS if f.kind != "seq")
                bad_at = (*at, "columns", str(name))
                problems.append(
                    loaded.diagnostic(bad_at, f"未知字段 '{name}'（可用：{known}）", at_key=True)
                )
            elif not isinstance(where, str | int) or isinstance(where, bool):
                problems.append(
                    loaded.diagnostic((*at, "columns", str(name)), "应写列字母（如 H）或表头文字")
                )
            else:
                spec.columns[str(name)] = str(where)
    elif columns is not None:
        bad("columns", "应为映射：字段: 列")
    skip = node.get("skip_rows")
    if isinstance(skip, list) and all(isinstance(r, int) and not isinstance(r, bool) for r in skip):
        spec.skip_rows = set(skip)
    elif isinstance(skip, int) and not isinstance(skip, bool):
        spec.skip_rows = {skip}
    elif skip is not None:
        bad("skip_rows", "应为行号列表，如 [12, 40]")
    unit = node.get("amount_unit")
    if unit in ("元", "万元", "亿元"):
        spec.amount_unit = str(unit)
    elif unit is not None and strict:
        bad("amount_unit", f"应为 '元'、'万元'、'亿元' 之一，得到 {unit!r}")
    if isinstance(node.get("unit"), str) and node["unit"].strip():
        spec.unit = node["unit"].strip()
    return spec, problems


def _merge(base: Spec, over: Spec) -> Spec:
    return Spec(
        sheets=over.sheets or base.sheets,
        header_rows=over.header_rows or base.header_rows,
        columns={**base.columns, **over.columns},
        skip_rows=base.skip_rows | over.skip_rows,
        amount_unit=over.amount_unit or base.amount_unit,
        unit=over.unit or base.unit,
    )


# ---------------------------------------------------------------------------
# Reading a workbook


def _period_sheet(name: str) -> int | None:
    found = _PERIOD_SHEET.match(normalize(name))
    return int(found.group(3)) if found is not None else None


def _choose_sheets(
    book: Workbook, spec: Spec, month: int | None, result: LedgerRead
) -> list[tuple[Sheet, Layout, Grid]]:
    """The sheets holding projects, each with its detected layout."""
    override = Override(spec.header_rows, spec.columns, spec.amount_unit)
    by_name = {s.name: s for s in book.sheets}
    if spec.sheets:
        chosen: list[tuple[Sheet, Layout, Grid]] = []
        for name in spec.sheets:
            sheet = by_name.get(name)
            if sheet is None:
                names = "、".join(s.name for s in book.sheets)
                first = book.sheets[0].name if book.sheets else name
                result.fault((first, "A1"), "", f"没有名为 '{name}' 的工作表（有：{names}）")
                continue
            grid = Grid(sheet)
            chosen.append((sheet, detect(sheet, override, grid), grid))
        return chosen
    candidates: list[tuple[Sheet, Layout, Grid]] = []
    by_words: list[tuple[Sheet, Layout, Grid]] = []
    for sheet in book.sheets:
        if sheet.hidden:
            result.skipped.append((sheet.name, "隐藏的工作表，不读取"))
            continue
        grid = Grid(sheet)
        layout = detect(sheet, override, grid)
        if layout.header is None or "name" not in layout.fields:
            if not _COVER_SHEET.search(sheet.name):
                result.skipped.append((sheet.name, "没有找到含“项目名称”的表头，不读取"))
            continue
        if _SKIP_SHEET.search(sheet.name):
            by_words.append((sheet, layout, grid))
            continue
        candidates.append((sheet, layout, grid))
    if not candidates:
        candidates = by_words  # a workbook whose only ledger is its 汇总 sheet
    else:
        result.skipped += [(s.name, "汇总、说明类工作表，不读取") for s, _l, _g in by_words]
    months = {s.name: _period_sheet(s.name) for s, _l, _g in candidates}
    if len(candidates) > 1 and sum(m is not None for m in months.values()) > 1:
        # Sheets named 1—5月, 1—6月: one per month, not per unit; read one.
        named = {m for m in months.values() if m is not None}
        wanted = month if month in named else max(named)
        keep = [c for c in candidates if months[c[0].name] == wanted]
        result.skipped += [
            (
                s.name,
                "其他月份的工作表，不读取"
                if months[s.name] is not None
                else f"工作簿按月份分表，只读 {wanted}月 的工作表，不读取",
            )
            for s, _l, _g in candidates
            if (s, _l, _g) not in keep
        ]
        candidates = keep
    return candidates


def _stage_by_cells(layout: Layout, grid: Grid) -> None:
    """A column whose header names no stage but whose cells all say one (项目类型: 续建项目,
    新开工项目, 竣工投产) is the stage column: its header alone was read as the category."""
    for column in layout.columns:
        if column.field is not None and column.field.key != "category":
            continue
        said = [
            normalize(text_of(value))
            for row in range(layout.data_start, grid.height)
            if (value := grid.value(row, column.index)) != "" and isinstance(value, str)
        ]
        stages = [stage_word(text) for text in said if text not in ("合计", "小计")]
        if len(stages) >= 2 and all(stages):
            if column.field is not None:
                layout.fields.pop(column.field.key, None)
            column.field = by_key("stage")
            column.note = "表头未写明，按单元格内容读作项目阶段"
            layout.fields["stage"] = column
            return


def _no_header(spec: Spec) -> str:
    """Why no sheet has a ledger's header: the mapping's rows, where it gave them, else the book."""
    if spec.header_rows is not None:
        top, bottom = spec.header_rows
        rows = f"第 {top + 1} 行" if top == bottom else f"第 {top + 1}—{bottom + 1} 行"
        return (
            f"读取方式指定的表头行（{rows}）中没有“项目名称”列：请核对 header_rows"
            "（表头所在的行号），或在 columns 中写明项目名称所在的列（如 项目名称: B）"
        )
    return (
        "没有找到台账表头：各工作表中都没有含“项目名称”的表头行"
        "（可在读取方式中用 header_rows 指定表头行、columns 指定各列）"
    )


def read_ledger(
    path: str | os.PathLike[str],
    file: str | None = None,
    spec: Spec | None = None,
    *,
    year: int | None = None,
    month: int | None = None,
    units: Sequence[str] | None = None,
    book: Workbook | None = None,
) -> LedgerRead:
    """Read the ledger at ``path``; ``year``/``month`` are the period if known already.

    ``units`` (the data file's, when it lists them) decide which sheet names
    are units.  Raises :class:`DataError` only for a file that is no readable
    workbook; every fault of its content is in the result's diagnostics.
    """
    name = file if file is not None else os.fspath(path)
    book = book if book is not None else read_workbook(path, name)
    spec = spec or Spec()
    result = LedgerRead(name)
    result.sheet_order = {s.name: i for i, s in enumerate(book.sheets)}
    for sheet in book.sheets:
        if _COVER_SHEET.search(sheet.name):
            _read_cover(sheet, result)
    chosen = _choose_sheets(book, spec, month, result)
    if not chosen:
        if not spec.sheets:  # a sheet the mapping names and the book has not is said already
            first = book.sheets[0].name if book.sheets else "Sheet1"
            result.fault((first, "A1"), "", _no_header(spec))
        return result
    per_unit = len(chosen) > 1
    titled = _titled_units(chosen) if per_unit and spec.unit is None else {}
    for sheet, layout, grid in chosen:
        if "stage" not in layout.fields:
            _stage_by_cells(layout, grid)
        result.layouts.append(layout)
        for (row, col), message in layout.problems:
            result.fault((sheet.name, cell_name(row, col)), "", message)
        for (row, col), message in layout.doubts.values():
            result.fault((sheet.name, cell_name(row, col)), "", message, "warning")
        if year is None and layout.year is not None:
            year = layout.year[0]
        sheet_unit = spec.unit
        if sheet_unit is None and "unit" not in layout.fields:
            named = unit_from_sheet_name(sheet.name)
            if named is not None and layout.title:
                # A sheet named 西城 whose title says 示例市西城区…: the unit is 西城区.
                full = re.search(re.escape(named) + r"(区|县|镇|乡|街道|旗)", layout.title)
                if full is not None and not named.endswith(full.group(1)):
                    named = full.group(0)
            if named is not None and (per_unit or units is None or named in units):
                sheet_unit = named
            elif named is None:
                sheet_unit = titled.get(sheet.name)
        if sheet_unit is None and "unit" not in layout.fields and not per_unit:
            # A county's own ledger (临河县2025年…) lists no 所属县区: all is the county's.
            region = _region(layout.title) if layout.title else None
            if region is not None and (units is None or region in units):
                sheet_unit = region
                result.fault(
                    (sheet.name, cell_name(*layout.title_cell)),
                    "",
                    f"表头中没有“所属县区”列：各项目按 {region} 计，不分县区排名；"
                    "如需分县区，请加“所属县区”列",
                    "warning",
                )
        # A workbook with a sheet per stage (续建项目, 新开工项目) and no stage column.
        sheet_stage = stage_from_sheet_name(sheet.name) if "stage" not in layout.fields else None
        rows = read_rows(
            grid,
            layout,
            year=year,
            default_unit=sheet_unit,
            skip_rows=spec.skip_rows,
            default_stage=sheet_stage,
        )
        result.tables += rows.tables
        for table in rows.tables if spec.columns else ():
            # Letters written for the first table may name other fields in one
            # whose columns are in another order: the mapping is the first's.
            result.fault(
                (sheet.name, cell_name((table.header or (0, 0))[0], 0)),
                "",
                f"读取方式的 columns 只用于第 {(layout.header or (0, 0))[0] + 1} 行的表头；"
                f"第 {(table.header or (0, 0))[0] + 1} 行的表头按其表头文字识别"
                f"（运行 bulletin import {Path(result.file).name} --show-mapping 核对）",
                "warning",
            )
        # Group headings (一、新开工项目, （一）东城区) may stand in for a column.
        given = {
            k for k in ("stage", "unit") if rows.projects and all(k in p for p in rows.projects)
        }
        if sheet.name in titled:
            given.add("unit")
        if sheet_stage is not None:
            given.add("stage")
        elif "stage" in given and "stage" not in layout.fields and "years" in layout.fields:
            column = layout.fields["years"]
            result.fault(
                (sheet.name, cell_name(layout.header[0] if layout.header else 0, column.index)),
                "",
                f"没有项目阶段列，按 {column.letter} 列的建设起止年限推定：起于本年为新开工，"
                "起于往年、止于本年为竣工，其余为续建，起于以后为前期",
                "warning",
            )
        if any("start_month" in p for p in rows.projects):
            given.add("start_month")  # a 开工情况 gave the months (3月已开工)
        _check_layout(result, sheet, layout, spec, per_unit, units, given)
        offset = len(result.projects)
        if "start_month" not in layout.fields:
            result.no_start_month.update(range(offset, offset + len(rows.projects)))
        result.no_start_month.update(offset + index for index in rows.earlier_start)
        result.projects += rows.projects
        result.cells += rows.cells
        # A column missing altogether is said once, at the header, not per row.
        absent = {k for k in ("name", "unit", *_REQUIRED) if k not in layout.fields} - given
        if absent:
            result.faulty.update(
                (index, set(absent)) for index in range(offset, offset + len(rows.projects))
            )
        for fault in rows.faults:
            _record(result, fault, offset)
        for index, key in rows.quiet:
            result.faulty.setdefault(offset + index, set()).add(key)
    return result


def _titled_units(chosen: Sequence[tuple[Sheet, Layout, Grid]]) -> dict[str, str]:
    """By sheet, the unit each title names, where sheets called Sheet1, Sheet2 … list no
    所属县区 and their titles name several places (安宁市平安县2025年…, 长宁县2025年…).

    One place in every title is the region's own ledger, split: no unit of it.
    """
    found = {
        sheet.name: place
        for sheet, layout, _grid in chosen
        if "unit" not in layout.fields
        and unit_from_sheet_name(sheet.name) is None
        and (place := _title_place(layout.title)) is not None
    }
    return found if len(set(found.values())) > 1 else {}


def _title_place(title: str) -> str | None:
    """The most particular place a title opens with: 平安县 of 安宁市平安县2025年…, of
    平安县2025年… too; 安宁市 of 安宁市2025年…."""
    region = _region(title) if title else None
    if region is None:
        return None
    rest = plain_dates(title[title.find(region) + len(region) :]).lstrip()
    # A year or period after the region ends its places (2025年城市… names none).
    inner = _region(rest) if rest and not rest[0].isdigit() else None
    return inner or region


def _record(result: LedgerRead, fault: Fault, offset: int) -> None:
    severity: Severity = "warning" if fault.severity == "warning" else "error"
    result.fault(fault.where, fault.label, fault.message, severity)
    if fault.project is not None and severity == "error":
        result.faulty.setdefault(offset + fault.project, set()).add(fault.key)


def _check_layout(
    result: LedgerRead,
    sheet: Sheet,
    layout: Layout,
    spec: Spec,
    per_unit: bool,
    units: Sequence[str] | None,
    given: set[str],
) -> None:
    """Columns a ledger cannot do without (unless ``given`` otherwise), and its period."""
    top = layout.header[0] if layout.header is not None else 0
    corner = (sheet.name, cell_name(top, 0))
    missing = [by_key(k).label for k in _REQUIRED if k not in layout.fields and k not in given]
    if "unit" not in layout.fields and spec.unit is None and "unit" not in given:
        named = unit_from_sheet_name(sheet.name)
        if named is None or not (per_unit or units is None or named in units):
            missing.append(by_key("unit").label)
    if missing:
        # The example names a missing field, so that it can be copied as it is.
        alone = (
            "；台账只有一个县区（或不分县区）时，可写 unit: 名称"
            if by_key("unit").label in missing
            else ""
        )
        result.fault(
            corner,
            "",
            f"表头中找不到 {'、'.join(missing)} 列"
            f"（可在读取方式的 columns 中指定列字母或表头文字，如 {missing[0]}: H{alone}；"
            f"运行 bulletin import {Path(result.file).name} --show-mapping 查看各列的识别结果）",
        )
    if "completed" not in layout.fields and not missing:
        result.fault(
            corner,
            "",
            f"表头中找不到 {by_key('completed').label} 列（如 1—6月完成投资），完成投资按 0 计"
            "（“开工以来累计”的列不是本年的，不读取）",
            "warning",
        )
    completed = layout.fields.get("completed")
    mapped = {field_for(name) for name in spec.columns}
    if (
        completed is not None
        and by_key("completed") not in mapped
        and _BARE_CUMULATIVE.search(normalize("".join(completed.path)))
    ):
        # 累计完成投资 alone may be since the works began, which is no year's figure.
        result.fault(
            (sheet.name, cell_name(top, completed.index)),
            "",
            f"表头“{completed.header}”未写明是本年还是开工以来的累计，按本年累计完成投资读取；"
            "如为开工以来累计，请把表头改为“开工以来累计完成投资”，并加本年完成投资列",
            "warning",
        )
    if not missing and "started" not in layout.fields and "start_month" not in layout.fields:
        result.fault(
            corner,
            "",
            "表头中没有“是否开工”或“开工时间”列：本年有完成投资的新开工、续建项目和竣工项目"
            "按已开工（复工）计，其余按未开工计",
            "warning",
        )
    elif not missing and "start_month" not in layout.fields and "start_month" not in given:
        result.fault(
            corner,
            "",
            "表头中没有“开工时间”列：已开工项目均无开工月份（如需写入，请加“开工时间”列）",
            "warning",
        )
    if layout.months is not None:
        months, (row, col) = layout.months
        where = (sheet.name, cell_name(row, col))
        result.sheet_months.append((months, where))
        if result.months is None:
            result.months = (months, where)
        elif result.months[0] != months:
            result.fault(
                where,
                "",
                f"表头为 1—{months}月，与 {quote_sheet(result.months[1][0])} 工作表的 "
                f"1—{result.months[0]}月 不符",
            )
    if layout.title_months is not None and layout.months is not None:
        stated, (row, col) = layout.title_months
        if stated != layout.months[0]:
            result.fault(
                (sheet.name, cell_name(row, col)),
                "",
                f"标题为 1—{stated}月，表头为 1—{layout.months[0]}月，不一致",
            )
    if layout.year is not None and result.year is None:
        year, (row, col) = layout.year
        result.year = (year, (sheet.name, cell_name(row, col)))
        result.year_filed = layout.year_filed
    if result.title is None and layout.title:
        row, col = layout.title_cell
        result.title = (layout.title, (sheet.name, cell_name(row, col)))


# ---------------------------------------------------------------------------
# The 封面 / 说明 sheet: document parts as 项目 | 内容 rows

_COVER_KEYS: dict[str, KeyPath] = {
    "地区": ("document", "region"),
    "地区名称": ("document", "region"),
    "发文机关": ("document", "issuer"),
    "发文单位": ("document", "issuer"),
    "署名": ("document", "issuer"),
    "发文机关标志": ("document", "issuer_mark"),
    "发文字号": ("document", "number"),
    "文号": ("document", "number"),
    "主送": ("document", "recipients"),
    "主送机关": ("document", "recipients"),
    "抄送": ("document", "cc"),
    "抄送机关": ("document", "cc"),
    "成文日期": ("document", "date"),
    "发文日期": ("document", "date"),
    "印发机关": ("document", "printer"),
    "印发日期": ("document", "print_date"),
    "版头": ("document", "header"),
    "红头": ("document", "header"),
    "附注": ("document", "note"),
    "年度": ("period", "year"),
    "统计年度": ("period", "year"),
    "月份": ("period", "month"),
    "统计月份": ("period", "month"),
    "截至月份": ("period", "month"),
    "统计期": ("period", ""),
    "截至日期": ("period", "as_of"),
    "数据截至": ("period", "as_of"),
    "年度投资目标": ("targets", "investment"),
    "投资目标": ("targets", "investment"),
    "计划新开工": ("targets", "new_starts"),
    "新开工目标": ("targets", "new_starts"),
    "计划新开工项目": ("targets", "new_starts"),
    "会议名称": ("meeting", "name"),
    "会议日期": ("meeting", "date"),
    "会议地点": ("meeting", "place"),
    "讲话人": ("meeting", "speaker"),
    "讲话领导": ("meeting", "speaker"),
    "主持人": ("meeting", "host"),
}
_LISTS = {("document", "recipients"), ("document", "cc")}
_DATE_TEXT = re.compile(r"^(20\d\d)\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$")


def _read_cover(sheet: Sheet, result: LedgerRead) -> None:
    for row, cells in enumerate(sheet.rows):
        filled = [(c, v) for c, v in enumerate(cells) if text_of(v)]
        if len(filled) < 2:
            continue
        (_kc, key), (vc, value) = filled[0], filled[1]
        path = _COVER_KEYS.get(normalize(text_of(key)).rstrip(":："))
        if path is None:
            continue
        where = (sheet.name, cell_name(row, vc))
        if isinstance(value, str) and (fault := cell_text_fault(value)) is not None:
            result.fault(where, text_of(key).strip(), fault[0])
            value = fault[1]
        if path in _LISTS:
            parts = re.split(r"[、，,；;\n]", text_of(value))
            result.cover.setdefault(path, ([p.strip() for p in parts if p.strip()], where))
            continue
        elif path == ("document", "header"):
            value = normalize(text_of(value)) in ("是", "√", "有", "true", "1", "印制")
        elif path[0] in ("targets",) and path[1] == "investment":
            value = text_of(value)
            value = value if re.search("元|万|亿", value) else f"{value}万元"
        elif isinstance(value, str) and _DATE_TEXT.match(value.strip()):
            y, m, d = _DATE_TEXT.match(value.strip()).groups()  # type: ignore[union-attr]
            value = f"{y}-{int(m):02d}-{int(d):02d}"
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, dt.datetime):
            value = value.date()
        elif isinstance(value, str):
            value = value.strip()
        if path == ("period", ""):
            found = re.search(
                rf"(20\d\d)\s*年(?:\s*1\s*[{DASH}]\s*(\d{{1,2}})\s*月)?",
                plain_dates(text_of(value)),
            )
            if found is not None:
                result.cover[("period", "year")] = (int(found.group(1)), where)
                if found.group(2):
                    result.cover[("period", "month")] = (int(found.group(2)), where)
            continue
        result.cover.setdefault(path, (value, where))


# ---------------------------------------------------------------------------
# As a Loaded: diagnostics at cells


_NO_CELLS = RowCells("", 0, {})
_PROJECT_REF = re.compile(r"(第 \d+ 行的 )?projects\[(\d+)\]")
_MISSING = re.compile(r"缺少必填字段 '([\w.]+)'")


@dataclass(frozen=True, slots=True)
class LedgerLoaded(Loaded):
    """A data mapping some of whose values came from a workbook: those are located at cells.

    Paths under ``projects`` (and what a 封面 sheet gave) are reported at
    their cell in ``ledger``; the rest as the YAML loader places them.
    """

    ledger: LedgerRead | None = None
    #: Other paths read from cells (the 封面 sheet, the period of a header).
    refs: Mapping[KeyPath, tuple[CellRef, str]] = field(default_factory=dict)

    def diagnostic(
        self,
        path: KeyPath,
        message: str,
        *,
        at_key: bool = False,
        severity: Severity = "error",
    ) -> Diagnostic:
        """A diagnostic about ``path``: at its cell when it came from the workbook."""
        ledger = self.ledger
        if ledger is None:
            return Loaded.diagnostic(self, path, message, at_key=at_key, severity=severity)
        message = _PROJECT_REF.sub(lambda m: self._ref(int(m.group(2))), message)
        if len(path) >= 2 and path[0] == "projects" and isinstance(path[1], int):
            index = path[1]
            cells = ledger.cells[index] if 0 <= index < len(ledger.cells) else _NO_CELLS
            key = ".".join(str(p) for p in path[2:4] if isinstance(p, str))
            missing = _MISSING.search(message)
            if missing is not None and not key:
                key = missing.group(1)
                message = _MISSING.sub(f"缺少{_label(key)}", message)
            where = cells.get(key) or cells.get(key.split(".")[0]) or cells.get("")
            label = _label(key) if key else ""
            if where is not None:
                return Diagnostic(
                    message,
                    file=ledger.file,
                    sheet=where[0],
                    cell=where[1],
                    path=(label,) if label else (),
                    severity=severity,
                )
        for cut in range(len(path), 0, -1):
            found = self.refs.get(path[:cut])
            if found is not None:
                (sheet, cell), label = found
                return Diagnostic(
                    message,
                    file=ledger.file,
                    sheet=sheet,
                    cell=cell,
                    path=(label,) if label else path,
                    severity=severity,
                )
        return Loaded.diagnostic(self, path, message, at_key=at_key, severity=severity)

    def unknowable(self, path: KeyPath) -> bool:
        """A project's start month, where the ledger has no 开工时间 column or gives a
        month of an earlier year (a 续建 project's): no warning asks for it."""
        ledger = self.ledger
        return (
            ledger is not None
            and len(path) == 3
            and path[0] == "projects"
            and path[2] == "start_month"
            and path[1] in ledger.no_start_month
        )

    def _ref(self, index: int) -> str:
        ledger = self.ledger
        if ledger is None or not 0 <= index < len(ledger.cells):
            return f"projects[{index}]"
        sheet, cell = ledger.cells[index][""]
        return f"{quote_sheet(sheet)}!{cell}"

    def finish(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """A validation's diagnostics in sheet order, those repeating a cell's fault left out."""
        ledger = self.ledger
        kept = list(diagnostics)
        if ledger is not None:
            repeated = self._repeated()
            kept = [d for d in kept if not (d.severity == "error" and d in repeated)]
            order = ledger.sheet_order

            def position(d: Diagnostic) -> tuple[int, int, int, int]:
                if d.file != ledger.file or d.sheet is None:
                    return (1, 0, 0, 0)
                match = re.match(r"([A-Z]+)(\d+)", d.cell or "A0")
                col = column_index(match.group(1)) if match else 0
                row = int(match.group(2)) if match else 0
                return (0, order.get(d.sheet, 0), row, col or 0)

            kept.sort(key=position)
        return kept

    def _repeated(self) -> set[Diagnostic]:
        # The model's error for a value already faulted at its cell says the
        # same thing less well (缺少 planned, after 应为数字 at H12).
        ledger = self.ledger
        found: set[Diagnostic] = set()
        if ledger is None:
            return found
        for index, keys in ledger.faulty.items():
            for key in keys:
                top = key.split(".")[0]
                found.add(self.diagnostic(("projects", index), f"缺少必填字段 '{top}'"))
        return found


def _label(key: str) -> str:
    try:
        return by_key(key).label
    except KeyError:
        return key


def _loaded(
    data: dict[str, Any],
    lines: LineMap,
    file: str,
    ledger: LedgerRead,
    problems: Sequence[Diagnostic] = (),
    refs: Mapping[KeyPath, tuple[CellRef, str]] | None = None,
) -> LedgerLoaded:
    return LedgerLoaded(
        data,
        lines,
        file,
        (*problems, *ledger.diagnostics),
        ledger,
        dict(refs or {}),
    )


def _unit_kind(name: str) -> str:
    if re.search("高新区|开发区|经开区|园区|工业园|示范区|新区|管委会", name):
        return "园区"
    for suffix in ("县", "区", "市", "旗", "镇", "乡", "街道"):
        if name.endswith(suffix):
            return suffix
    return "县（区）"


def _end_month(period: object) -> int | None:
    if not isinstance(period, Mapping):
        return None
    for key, factor in (("month", 1), ("quarter", 3), ("half", 6)):
        value = period.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value * factor
    return 12 if period.get("full_year") is True else None


def _check_period(ledger: LedgerRead, period: object, where: str) -> None:
    """The 1—N月 and year the headers state against the data file's period."""
    end = _end_month(period)
    for months, cell in ledger.sheet_months if end is not None else ():
        if months != end:
            ledger.fault(cell, "", f"表头为 1—{months}月，与{where}的统计期 1—{end}月 不符")
    year = period.get("year") if isinstance(period, Mapping) else None
    stated = ledger.year is not None and not ledger.year_filed
    if stated and ledger.year is not None and isinstance(year, int) and ledger.year[0] != year:
        ledger.fault(
            ledger.year[1], "", f"表头为 {ledger.year[0]}年，与{where}的统计年度 {year}年 不符"
        )


_AMOUNT_KEYS = ("total", "planned", "completed")


def _projects_into(data: dict[str, Any], ledger: LedgerRead) -> None:
    if data.get("amount_unit", "万元") != "万元":
        # The file reads bare numbers in its own unit; the ledger's are 万元.
        for project in ledger.projects:
            for key in _AMOUNT_KEYS:
                if isinstance(project.get(key), Decimal):
                    project[key] = f"{format(project[key], 'f')}万元"
            if "last_year" in project:
                value = project["last_year"]["completed"]
                project["last_year"]["completed"] = f"{format(value, 'f')}万元"
    data["projects"] = ledger.projects
    if "units" not in data:
        data["units"] = [{"name": u, "kind": _unit_kind(u)} for u in ledger.units()]
    if "categories" not in data and ledger.categories():
        data["categories"] = ledger.categories()


# A completion header with 累计 and no period: neither 1—6月, 本年, 2025年 nor 截至6月.
_BARE_CUMULATIVE = re.compile(
    rf"^(?!.*(\d[{DASH}]\d|本年|今年|年初|年度|当年|年内|\d{{4}}年|半年|季度|截[至止]\d|\d月)).*累计"
)


def default_issuer(region: str) -> str:
    """The issuer a ledger's documents are signed by when nothing names one."""
    return f"{region}重点项目建设领导小组办公室"


def _region(title: str) -> str | None:
    """The region a title opens with: 示例市 of 示例市东城区2025年…, else a county's name.

    云州市 is a 市 (not 云州); 清河县城关镇2025年… is the 清河县 sheet of one of its towns.
    A year, a 1—N月 or 关于 before it is passed over (2025年1—8月河阳市重点项目…); 全市
    names no region. A year in words (二〇二五年) is read as one in digits.
    """
    title = re.sub(
        rf"^\s*(?:(?:附件\s*\d*\s*[:：]?|20\d\d\s*年度?|关于|1\s*[{DASH}]\s*\d{{1,2}}\s*月份?)\s*)+",
        "",
        plain_dates(title),
    )
    party = re.match(r"中共(.{1,8}?(?:[市县区旗]|州(?!市)))委", title)
    if party is not None:
        return party.group(1)  # 中共青州市委 青州市人民政府2025年…
    if re.match(r"\s*全", title):
        return None
    for pattern in (
        r"^\s*(.{1,8}?(?:[市盟]|州(?!市)))",
        r"^\s*(.{1,8}?[县区旗])(?=\s*(?:20\d\d|重点|关于|[^\d年月]{1,6}?(?:镇|乡|街道)))",
    ):
        found = re.match(pattern, title)
        if found is not None and not re.search(r"\d|年|月", found.group(1)):
            return found.group(1)
    return None


def workbook_loaded(
    path: str | os.PathLike[str],
    file: str | None = None,
    spec: Spec | None = None,
    *,
    inherit: Mapping[str, Any] | None = None,
    book: Workbook | None = None,
) -> LedgerLoaded:
    """A workbook read directly as a whole data file.

    The document parts come from a 封面/说明 sheet, else from the title
    (``示例市2025年…`` → 示例市) with the default issuer, else from ``inherit``
    (the data file that names this one as its previous period); the period
    from the headers' ``1—N月`` and year.  What cannot be found is an error
    saying where to write it, and that ``bulletin import`` makes a data file.
    """
    name = file if file is not None else os.fspath(path)
    ledger = read_ledger(path, name, spec, book=book)
    if not ledger.layouts:
        raise DataError(ledger.diagnostics)  # nothing read: that fault says it all
    data: dict[str, Any] = {}
    refs: dict[KeyPath, tuple[CellRef, str]] = {}
    for key_path, (value, where) in ledger.cover.items():
        data.setdefault(str(key_path[0]), {})[key_path[1]] = value
        refs[key_path] = (where, "")
    inherited = inherit or {}
    document = data.setdefault("document", {})
    first = ledger.layouts[0].sheet if ledger.layouts else "Sheet1"
    anchor = ledger.title[1] if ledger.title is not None else (first, "A1")
    hint = f"或运行 bulletin import {Path(name).name} -o 数据.yaml 生成数据文件后补充"
    if any(d.severity == "error" for d in ledger.diagnostics):
        # import stops at the cells' errors too: it is no way round them.
        hint = (
            f"或在改正各单元格的错误后运行 bulletin import {Path(name).name} -o 数据.yaml "
            "生成数据文件后补充"
        )
    if "region" not in document:
        region = ledger.title_region()
        doc = inherited.get("document")
        if region is None and isinstance(doc, Mapping) and isinstance(doc.get("region"), str):
            region = doc["region"]
            document.setdefault("issuer", doc.get("issuer"))
        if region is None:
            said = ledger.unit_titled()
            ledger.fault(
                anchor,
                "",
                (
                    f"找不到地区名称：标题中的 {said} 是台账中的一个单位，不是本级地区；"
                    if said
                    else "找不到地区名称：标题中没有（如“示例市2025年重点项目…”），"
                )
                + f"也没有“封面”工作表；请在封面工作表写“地区 | 示例市”，{hint}",
            )
            ledger.gaps.append((("document", "region"), ledger.diagnostics[-1]))
            document["region"] = "—"
        else:
            document["region"] = region
        refs[("document", "region")] = (anchor, "")
    if "issuer" not in document or document["issuer"] is None:
        document["issuer"] = default_issuer(document["region"])
    period = data.setdefault("period", {})
    # What the headers say fills what the 封面 sheet does not; a gap is a fault
    # (with a placeholder, so that the model does not repeat it less well).
    gaps = (
        ("year", ledger.year, "统计年度：标题和表头中没有“2025年”这样的年份", "年度 | 2025", 2000),
        ("month", ledger.months, "统计期：表头和标题中没有“1—6月”这样的累计月份", "月份 | 6", 12),
    )
    for key, found, missing, example, placeholder in gaps:
        if key == "month" and any(k in period for k in ("month", "quarter", "half", "full_year")):
            _check_period(ledger, period, "封面")
            continue
        if key in period:
            continue
        if found is not None:
            period[key] = found[0]
            refs[("period", key)] = (found[1], "")
            if key == "year" and ledger.year_filed:
                ledger.fault(
                    found[1],
                    "",
                    f"标题和表头中没有年份，统计年度按填报日期推定为 {found[0]}年；"
                    f"如有误，请在封面工作表写“年度 | {found[0]}”",
                    "warning",
                )
        else:
            ledger.fault(anchor, "", f"找不到{missing}；请在封面工作表写“{example}”，{hint}")
            ledger.gaps.append((("period", key), ledger.diagnostics[-1]))
            period[key] = placeholder
    for key in ("units", "categories"):
        if key in inherited and key not in data:
            data[key] = inherited[key]
    _projects_into(data, ledger)
    return _loaded(data, LineMap(), name, ledger, refs=refs)


def _unread(loaded: Loaded, problems: Sequence[Diagnostic]) -> Loaded:
    """``loaded`` with why its ledger was not read, and no projects or units from it.

    Empty lists stand in for them, so that the model does not follow the
    reason with 缺少必填字段 'projects' and 'units'.
    """
    data = dict(loaded.data) if isinstance(loaded.data, Mapping) else {}
    data.setdefault("projects", [])
    data.setdefault("units", [])
    return replace(loaded, data=data, problems=(*loaded.problems, *problems))


def attach_ledger(
    loaded: Loaded, base: Path | None, allow: Sequence[Path] = ()
) -> tuple[Loaded, list[Path]]:
    """A data file whose ``ledger:`` names a workbook, with its projects read from it.

    Returns the combined data (projects located at their cells) and the files
    read besides the data file.  The workbook (and a mapping file) must lie
    in the data file's folder or an ``allow`` folder, as every referenced file
    must (:func:`bulletin.source.confine`): nothing else is opened.  Without a
    ``ledger`` key, ``loaded`` comes back as it is.
    """
    from bulletin.source import confine
    from bulletin.sources.workbook import WORKBOOK_SUFFIXES

    data = loaded.data
    if not isinstance(data, Mapping) or data.get("ledger") is None:
        return loaded, []
    block = data["ledger"]
    target = (
        block
        if isinstance(block, str)
        else block.get("file")
        if isinstance(block, Mapping)
        else None
    )
    if not isinstance(target, str) or not target.strip():
        return loaded, []  # the model reports the malformed block
    problems: list[Diagnostic] = []
    if "projects" in data:
        problems.append(
            loaded.diagnostic(
                ("ledger",), "已写 ledger（从台账读取项目），不能再写 projects", at_key=True
            )
        )
    if base is None:
        problems.append(
            loaded.diagnostic(("ledger",), "数据不是从文件读取的，无法按相对路径找到台账")
        )
        return _unread(loaded, problems), []
    spec, found = (
        spec_from(loaded, ("ledger",), strict=False) if isinstance(block, Mapping) else (Spec(), [])
    )
    problems += found
    read: list[Path] = []
    mapping = block.get("mapping") if isinstance(block, Mapping) else None
    if isinstance(mapping, str) and mapping.strip():
        mapping_path = confine(base, mapping.strip(), allow)
        if isinstance(mapping_path, str):
            problems.append(loaded.diagnostic(("ledger", "mapping"), f"读取方式文件{mapping_path}"))
        else:
            read.append(mapping_path)
            try:
                mapped = load_path(
                    mapping_path, os.fspath(Path(loaded.file).parent / mapping.strip())
                )
            except DataError as error:
                problems += error.diagnostics
            else:
                file_spec, found = spec_from(mapped)
                problems += [d for d in mapped.problems if d.severity == "error"] + found
                spec = _merge(file_spec, spec)
    display = os.fspath(Path(loaded.file).parent / target.strip())
    path = confine(base, target.strip(), allow, WORKBOOK_SUFFIXES)
    if isinstance(path, str):
        problems.append(loaded.diagnostic(("ledger",), f"台账文件{path}"))
        return _unread(loaded, problems), read
    if not path.is_file():
        problems.append(
            loaded.diagnostic(
                ("ledger",), f"台账文件 '{target.strip()}' 不存在（相对于本文件所在目录）"
            )
        )
        return _unread(loaded, problems), read
    read.append(path)
    period = data.get("period")
    year = period.get("year") if isinstance(period, Mapping) else None
    units = data.get("units")
    unit_names = (
        [u if isinstance(u, str) else u.get("name") for u in units]
        if isinstance(units, list)
        else None
    )
    try:
        ledger = read_ledger(
            path,
            display,
            spec,
            year=year if isinstance(year, int) else None,
            month=_end_month(period),
            units=[u for u in unit_names if isinstance(u, str)] if unit_names else None,
        )
    except DataError as error:
        problems += error.diagnostics
        return _unread(loaded, problems), read
    combined = {k: v for k, v in data.items() if k != "projects"}
    document = combined.get("document")
    if document is None or isinstance(document, Mapping):
        # What the file leaves out, the workbook's title says, as when it is read directly.
        document = dict(document or {})
        region = ledger.title_region()
        if "region" not in document and region is not None:
            document["region"] = region
        if "issuer" not in document and isinstance(document.get("region"), str):
            document["issuer"] = default_issuer(document["region"])
        if document:
            combined["document"] = document
    if period is None:
        combined["period"] = {}
        if ledger.year is not None:
            combined["period"]["year"] = ledger.year[0]
        if ledger.months is not None:
            combined["period"]["month"] = ledger.months[0]
    else:
        _check_period(ledger, period, "数据文件")
    _projects_into(combined, ledger)
    return (
        _loaded(combined, loaded.lines, loaded.file, ledger, (*loaded.problems, *problems)),
        read,
    )


def first_samples(grid: Grid, rows: Sequence[int], columns: Sequence[Column]) -> dict[int, str]:
    """A value from each column's first project row (of ``rows``), to show beside the mapping."""
    found: dict[int, str] = {}
    for row in rows[:50]:
        for column in columns:
            if column.index not in found:
                text = text_of(grid.value(row, column.index))
                if text:
                    found[column.index] = text[:20] + ("…" if len(text) > 20 else "")
    return found
