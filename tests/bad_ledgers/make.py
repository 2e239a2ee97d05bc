"""Writes the bad workbooks of this folder (run to regenerate; the .expected are by hand)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).parent
HEADER = [
    "序号",
    "项目名称",
    "所属县区",
    "建设性质",
    "总投资",
    "年度计划投资",
    "1—6月完成投资",
    "是否开工",
    "开工时间",
]
GOOD = [1, "东城区老旧小区改造工程", "东城区", "续建", 12000, 3000, 1500, "是", 2]


def book(
    name: str,
    sheets: dict[str, list[list[Any]]],
    title: str = "示例市2025年1—6月重点项目建设进展情况表",
) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in sheets.items():
        ws = wb.create_sheet(sheet)
        ws.append([title])
        ws.append(["单位：万元"])
        for row in rows:
            ws.append(row)
    wb.save(HERE / name)


def main() -> None:
    book(
        "amount_text.xlsx",
        {
            "1—6月": [
                HEADER,
                GOOD,
                [2, "西城区燃气管网改造", "西城区", "新建", 8000, "约5000", 0, "否", None],
            ]
        },
    )
    book(
        "stage_unknown.xlsx",
        {"1—6月": [HEADER, [1, "东城区污水处理厂", "东城区", "开工中", 9000, 2000, 800, "是", 3]]},
    )
    book(
        "yes_no_unknown.xlsx",
        {
            "1—6月": [
                HEADER,
                [1, "东城区污水处理厂", "东城区", "续建", 9000, 2000, 800, "待定中", 3],
            ]
        },
    )
    book(
        "month_unreadable.xlsx",
        {
            "1—6月": [
                HEADER,
                [1, "东城区污水处理厂", "东城区", "新建", 9000, 2000, 800, "是", "春节后"],
            ]
        },
    )
    book(
        "planned_empty.xlsx",
        {"1—6月": [HEADER, [1, "东城区污水处理厂", "东城区", "续建", 9000, None, 800, "是", 3]]},
    )
    book(
        "name_empty.xlsx",
        {"1—6月": [HEADER, GOOD, [2, None, "东城区", "续建", 9000, 2000, 800, "是", 3]]},
    )
    book(
        "negative_amount.xlsx",
        {"1—6月": [HEADER, [1, "东城区污水处理厂", "东城区", "续建", 9000, 2000, -800, "是", 3]]},
    )
    book(
        "total_missing.xlsx",
        {
            "1—6月": [
                [h for h in HEADER if h != "总投资"],
                [1, "东城区污水处理厂", "东城区", "续建", 2000, 800, "是", 3],
            ]
        },
    )
    book("no_header.xlsx", {"Sheet1": [["编号", "名目", "金额"], [1, "甲", 100]]})
    book("duplicate_project.xlsx", {"1—6月": [HEADER, GOOD, GOOD]})
    book(
        "several_faults.xlsx",
        {
            "东城区": [
                [h for h in HEADER if h != "所属县区"],
                [1, "东城区污水处理厂", "续建", 9000, "二千", 800, "是", 3],
                [2, "东城区体育馆", "筹备", 5000, 1000, 300, "是", 13],
            ],
            "西城区": [
                [h for h in HEADER if h != "所属县区"],
                [1, "西城区学校", "新建", "1.2亿", 3000, 100, "√", "2025年4月"],
                [2, "西城区医院", "在建", 8000, 2000, "'", "×", None],
            ],
        },
    )
    book(
        "text_direction_override.xlsx",
        {
            "1—6月": [
                HEADER,
                GOOD,
                # Pasted from a web page: shows as 程工造改网管气燃 in Word.
                [2, "西城区\u202e燃气管网改造工程", "西城区", "续建", 8000, 2000, 600, "是", 3],
            ]
        },
    )
    book(
        "header_month_differs.xlsx",
        {"1—6月": [HEADER, GOOD]},
        title="示例市2025年1—5月重点项目建设进展情况表",
    )
    book(
        "formula_error.xlsx",
        {
            "1—6月": [
                HEADER,
                GOOD,
                # A formula's error as Excel stores it (t="e"): calamine reads it as empty.
                [2, "西城区燃气管网改造", "西城区", "新建", 8000, 2000, "#DIV/0!", "是", 3],
                [3, "西城区学校", "西城区", "新建", 6000, "#N/A", 100, "是", 4],
                [4, "西城区医院", "西城区", "新建", 6000, "#REF!", 100, "是", 4],
            ]
        },
    )


if __name__ == "__main__":
    main()
