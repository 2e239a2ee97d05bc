"""Workbooks out: the ledger template ``init`` writes, a ledger of projects, the stats tables.

The only ``xlsxwriter`` import.  The ledger sheet uses the canonical headers
of :mod:`bulletin.sources.fields`, so that a workbook written here reads back
with no mapping; the template adds dropdowns for 阶段/级别/是否开工, a ≥ 0
rule on amounts, a frozen header, a 封面 sheet for the document parts and a
填表说明 sheet.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

from bulletin.sources.fields import by_key

if TYPE_CHECKING:
    from bulletin.indicators import Indicators
    from bulletin.model import Project, Report

__all__ = ["LEDGER_FIELDS", "ledger_workbook", "stats_workbook"]

#: The ledger's columns, in order.
LEDGER_FIELDS = (
    "seq",
    "name",
    "unit",
    "category",
    "level",
    "stage",
    "owner",
    "responsible_unit",
    "leader",
    "total",
    "planned",
    "completed",
    "last_year.completed",
    "started",
    "start_month",
    "planned_start",
    "planned_completion",
    "completed_month",
    "content",
    "progress",
    "problems",
    "notes",
)

_CHOICES = {
    "stage": ["前期", "新开工", "续建", "竣工"],
    "level": ["省级", "市级", "县级"],
    "started": ["是", "否"],
}
_WIDTHS = {"name": 34, "content": 30, "progress": 24, "problems": 30, "notes": 18}
_HEADER_ROW = 2  # 0-based: title, 单位 line, header
_TEMPLATE_ROWS = 300

_GUIDE = (
    ("填写", "每行一个项目，从第 4 行起；不要改动第 3 行的表头文字，可以增删列。"),
    ("金额", "总投资、年度计划投资、本年累计完成投资、上年同期完成投资均以万元计，填数字。"),
    ("项目阶段", "前期、新开工、续建、竣工（也认 新建、在建、建成、储备）。"),
    ("项目级别", "省级、市级、县级。"),
    ("是否开工", "是 或 否；续建项目填是否已复工。"),
    ("月份", "开工月份、计划开工月份、竣工月份填本年的月份数字 1—12。"),
    ("计划竣工年月", "写成 2026-12。"),
    ("存在问题", "一个单元格内可写多条，每条一行（Alt+回车换行）。"),
    ("所属县区", "每个项目填所属县（区）；也可以每个县区一张工作表，以县区名作工作表名。"),
    ("封面", "在“封面”工作表填写地区、发文机关、年度、月份等，bulletin 直接据此生成文书。"),
    ("使用", "bulletin check 台账.xlsx 检查；bulletin render 台账.xlsx 生成进展通报；"),
    ("", "bulletin import 台账.xlsx -o data.yaml 转为数据文件。"),
)

_COVER = (
    ("地区", "示例市"),
    ("发文机关", "示例市重点项目建设领导小组办公室"),
    ("发文字号", ""),
    ("主送", "各县（区）人民政府、市直有关部门"),
    ("成文日期", ""),
    ("年度", ""),
    ("月份", ""),
)


def _cell(project: Project, key: str) -> Any:
    if key == "last_year.completed":
        return project.last_year.completed if project.last_year is not None else None
    value = getattr(project, key)
    if key == "started":
        return "是" if value else "否"
    if key == "problems":
        return "\n".join(value) or None
    return value


def ledger_workbook(
    projects: Sequence[Project] = (),
    target: str | os.PathLike[str] | BinaryIO | None = None,
    *,
    title: str = "重点项目建设进展情况表",
    cover: Sequence[tuple[str, Any]] | None = None,
    template: bool | None = None,
) -> bytes:
    """A ledger workbook of ``projects`` (none: the blank template); its bytes.

    ``cover`` rows fill the 封面 sheet (default: placeholders to fill in).
    A path target is written atomically.
    """
    import xlsxwriter

    template = not projects if template is None else template
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    amount = book.add_format({"num_format": "0.####", "valign": "top", "border": 1})
    plain = book.add_format({"valign": "top", "border": 1})
    heading = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    sheet = book.add_worksheet("台账")
    last = len(LEDGER_FIELDS) - 1
    sheet.merge_range(0, 0, 0, last, title, heading)
    sheet.write(1, 0, "单位：万元")
    for col, key in enumerate(LEDGER_FIELDS):
        fld = by_key(key)
        sheet.write(_HEADER_ROW, col, fld.label, bold)
        sheet.set_column(col, col, _WIDTHS.get(key, max(8, len(fld.label) * 2 + 2)))
    sheet.freeze_panes(_HEADER_ROW + 1, 2)
    for index, project in enumerate(projects):
        row = _HEADER_ROW + 1 + index
        for col, key in enumerate(LEDGER_FIELDS):
            if key == "seq":
                sheet.write_number(row, col, index + 1, plain)
                continue
            value = _cell(project, key)
            if value is None:
                sheet.write_blank(row, col, None, plain)
            elif isinstance(value, Decimal):
                sheet.write_number(row, col, float(value), amount)
                if Decimal(repr(float(value))) != value:  # more digits than a double keeps
                    sheet.write_string(row, col, format(value, "f"), plain)
            elif isinstance(value, int):
                sheet.write_number(row, col, value, plain)
            else:
                sheet.write_string(row, col, str(value), wrap)
    rows = max(len(projects), _TEMPLATE_ROWS if template else 0)
    first, end = _HEADER_ROW + 1, _HEADER_ROW + rows
    if rows:
        for col, key in enumerate(LEDGER_FIELDS):
            fld = by_key(key)
            rule: dict[str, Any] | None = None
            if key in _CHOICES:
                rule = {"validate": "list", "source": _CHOICES[key]}
                rule["error_message"] = f"{fld.label}应为 {'、'.join(_CHOICES[key])} 之一"
            elif fld.kind == "amount":
                rule = {"validate": "decimal", "criteria": ">=", "value": 0}
                rule["error_message"] = "金额应为不小于 0 的数字（万元）"
            elif fld.kind == "month":
                rule = {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 12}
                rule["error_message"] = "月份应为 1—12 的整数"
            if rule is not None:
                sheet.data_validation(first, col, end, col, rule)
    info = book.add_worksheet("封面")
    info.set_column(0, 0, 14)
    info.set_column(1, 1, 50)
    info.write(0, 0, "项目", bold)
    info.write(0, 1, "内容", bold)
    for row, (key, value) in enumerate(cover if cover is not None else _COVER, 1):
        info.write(row, 0, key)
        if value not in (None, ""):
            info.write(row, 1, str(value) if not isinstance(value, int | float) else value)
    guide = book.add_worksheet("填表说明")
    guide.set_column(0, 0, 14)
    guide.set_column(1, 1, 90)
    for row, (key, text) in enumerate(_GUIDE):
        guide.write(row, 0, key, book.add_format({"bold": True}) if key else None)
        guide.write(row, 1, text)
    book.close()
    return _finish(buffer.getvalue(), target)


def _finish(data: bytes, target: str | os.PathLike[str] | BinaryIO | None) -> bytes:
    if target is None:
        return data
    if hasattr(target, "write"):
        target.write(data)
        return data
    from bulletin.writers._output import write_output

    write_output(data, target)
    return data


def stats_workbook(
    ind: Indicators,
    report: Report,
    target: str | os.PathLike[str] | BinaryIO | None = None,
) -> bytes:
    """The indicator tables (as ``bulletin stats`` prints them) and the project annex; bytes."""
    import xlsxwriter

    from bulletin.stats_table import stats_sections

    heading, sections = stats_sections(ind)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "border": 1, "align": "center"})
    title = book.add_format({"bold": True, "font_size": 14})
    cell = book.add_format({"border": 1})
    formats: dict[str, Any] = {}
    sheet = book.add_worksheet("统计指标")
    sheet.write(0, 0, heading, title)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 12, 13)
    row = 2
    for section in sections:
        sheet.write(row, 0, section.title, title)
        row += 1
        for col, text in enumerate(section.headers):
            sheet.write(row, col, text, bold)
        row += 1
        for values in section.rows or [["无"]]:
            for col, text in enumerate(values):
                figure = _numeric(text) if col >= section.first_figure else None
                if figure is not None:
                    value, num_format = figure
                    if num_format not in formats:
                        formats[num_format] = book.add_format(
                            {"border": 1, "num_format": num_format}
                        )
                    sheet.write_number(row, col, value, formats[num_format])
                else:
                    sheet.write_string(row, col, text, cell)
            row += 1
        if section.note:
            sheet.write(row, 0, section.note)
            row += 1
        row += 1
    annex = book.add_worksheet("项目")
    headers = [by_key(k).label for k in LEDGER_FIELDS if k != "seq"] + ["投资完成率%"]
    for col, text in enumerate(headers):
        annex.write(0, col, text, bold)
    annex.freeze_panes(1, 1)
    annex.set_column(0, 0, 34)
    for index, project in enumerate(report.projects, 1):
        for col, key in enumerate(k for k in LEDGER_FIELDS if k != "seq"):
            value = _cell(project, key)
            if isinstance(value, Decimal | int):
                annex.write_number(index, col, float(value))
            elif value is not None:
                annex.write_string(index, col, str(value))
        if project.planned:
            rate = project.completed / project.planned * 100
            shown = rate.quantize(
                Decimal(1).scaleb(-ind.settings.decimals), rounding=_rounding(ind)
            )
            annex.write_number(index, len(headers) - 1, float(shown))
    book.close()
    return _finish(buffer.getvalue(), target)


def _rounding(ind: Indicators) -> str:
    from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP

    return ROUND_HALF_UP if ind.settings.rounding == "half_up" else ROUND_HALF_EVEN


# A figure as the stats tables print it: a sign, digits, a percent and what is said
# of it in brackets (51.6%, +1.6, -3.4, 83.3%（20/24）, 1（并列）).
_FIGURE = re.compile(r"^([+-]?)(\d+)(?:\.(\d+))?(%?)(（[^（）\"]*）)?$")


def _numeric(text: str) -> tuple[float, str] | None:
    """A printed figure as a number and the number format that shows it as printed:
    51.6% is 0.516 shown as ``0.0%``, so Excel sorts and sums what it shows; the words
    after a figure (（20/24）, （并列）) are part of its format.  ``None`` for words."""
    found = _FIGURE.match(text.strip())
    if found is None:
        return None
    sign, whole, fraction, percent, after = found.groups()
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    if percent:
        value /= 100
    if sign == "-":
        value = -value
    shown = "0" + ("." + "0" * len(fraction) if fraction else "") + percent
    if after:
        shown += f'"{after}"'
    if sign == "+":
        shown = f"+{shown};-{shown};{shown}"
    return float(value), shown
