"""Validation: pydantic faults in Chinese at their line, cross-checks, warnings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bulletin.load import load_text
from bulletin.validate import validate, validate_mapping
from conftest import minimal_report_data

Change = Callable[[dict[str, Any]], None]


def _messages(data: dict[str, Any]) -> list[str]:
    _report, diagnostics = validate_mapping(data, "d.yaml")
    return [str(d) for d in diagnostics]


def _project(**fields: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        data["projects"][0].update(fields)

    return change


def _set(*path: str | int, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
        target[path[-1]] = value

    return change


def _drop(*path: str | int) -> Change:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return change


ERRORS = [
    pytest.param(_drop("document"), "d.yaml: 缺少必填字段 'document'", id="missing-top"),
    pytest.param(
        _drop("projects", 0, "name"),
        "d.yaml: projects[0]: 缺少必填字段 'name'",
        id="missing-nested",
    ),
    pytest.param(
        _project(compelted=1),
        "d.yaml: projects[0].compelted: 未知字段 'compelted'，是否要写 'completed'？",
        id="typo-suggestion",
    ),
    pytest.param(_set("zzz", value=1), "d.yaml: zzz: 未知字段 'zzz'", id="unknown-no-suggestion"),
    pytest.param(
        _project(stage="续建中"),
        "d.yaml: projects[0].stage: 应为 '前期'、'新开工'、'续建'、'竣工' 之一，"
        "得到 '续建中'，是否要写 '续建'？",
        id="literal",
    ),
    pytest.param(
        _set("amount_unit", value="美金"),
        "d.yaml: amount_unit: 应为 '元'、'万元'、'亿元' 之一，得到 '美金'",
        id="literal-no-suggestion",
    ),
    pytest.param(
        _set("period", "month", value=13),
        "d.yaml: period.month: 月份应在 1—12 之间，得到 13",
        id="month-13",
    ),
    pytest.param(
        _project(start_month=0),
        "d.yaml: projects[0].start_month: 月份应在 1—12 之间，得到 0",
        id="month-0",
    ),
    pytest.param(
        _project(planned_start="三月"),
        "d.yaml: projects[0].planned_start: 月份应为 1—12 的整数，得到 '三月'",
        id="month-text",
    ),
    pytest.param(
        lambda d: d.update(period={"year": 2025, "quarter": 5}),
        "d.yaml: period.quarter: 季度应在 1—4 之间，得到 5",
        id="quarter",
    ),
    pytest.param(
        _set("settings", "top_n", value=0),
        "d.yaml: settings.top_n: 应不小于 1，得到 0",
        id="generic-bound",
    ),
    pytest.param(
        _set("document", "date", value="2025-13-01"),
        "d.yaml: document.date: 无效日期 '2025-13-01'，应写成 2025-07-15 这样的形式",
        id="date",
    ),
    pytest.param(
        _project(started="maybe"),
        "d.yaml: projects[0].started: 应为 true 或 false，得到 'maybe'",
        id="bool",
    ),
    pytest.param(_project(name=""), "d.yaml: projects[0].name: 不能为空", id="empty-text"),
    pytest.param(
        _project(planned_completion="2026年底"),
        "d.yaml: projects[0].planned_completion: 应写成 年-月，如 2026-12，得到 '2026年底'",
        id="pattern",
    ),
    pytest.param(
        _set("document", value=["示例市"]),
        "d.yaml: document: 应为映射（键: 值），得到列表",
        id="list-for-mapping",
    ),
    pytest.param(
        _set("units", value={"东城区": 1}),
        "d.yaml: units: 应为列表（每项以 - 开头），得到映射",
        id="mapping-for-list",
    ),
    pytest.param(
        _set("previous", value=5),
        "d.yaml: previous: 应为文字或映射（键: 值），得到 5",
        id="union-no-branch-fits",
    ),
    pytest.param(
        _set("tasks", value=[{"heading": "甲", "bodyy": "乙"}]),
        "d.yaml: tasks[0].bodyy: 未知字段 'bodyy'，是否要写 'body'？",
        id="union-branch-chosen-by-shape",
    ),
    pytest.param(
        _set("targets", "growth", value="很多"),
        "d.yaml: targets.growth: 应为数字，得到 '很多'",
        id="decimal",
    ),
    pytest.param(
        _project(total="十亿元"),
        "d.yaml: projects[0].total: 无法识别的金额 '十亿元'："
        "应写阿拉伯数字，可带单位元、万元、亿元（如 742亿元、5000万元）",
        id="amount",
    ),
    pytest.param(
        _project(unit="东成区"),
        "d.yaml: projects[0].unit: 单位 '东成区' 不在 units 列表中，是否要写 '东城区'？",
        id="unit-not-listed",
    ),
    pytest.param(
        _project(unit="南郊区"),
        "d.yaml: projects[0].unit: 单位 '南郊区' 不在 units 列表中，请先在 units 中列出",
        id="unit-not-listed-no-suggestion",
    ),
    pytest.param(
        lambda d: (d.update(categories=["产业转型", "基础设施"]), _project(category="民生")(d)),
        "d.yaml: projects[0].category: 类别 '民生' 不在 categories 列表中"
        "（可选：产业转型、基础设施）",
        id="category-not-listed",
    ),
    pytest.param(
        lambda d: d["projects"].append(dict(d["projects"][0])),
        "d.yaml: projects[1].name: 项目 '东城区老旧小区改造工程'（东城区）重复："
        "与projects[0] 同名同单位，会被重复统计",
        id="duplicate-project",
    ),
    pytest.param(
        lambda d: d["units"].append("东城区"),
        "d.yaml: units[2]: 单位 '东城区' 重复：与units[0] 相同",
        id="duplicate-unit",
    ),
]


@pytest.mark.parametrize(("change", "expected"), ERRORS)
def test_each_fault_has_its_chinese_message(change: Change, expected: str) -> None:
    """One fault in an otherwise valid file gives exactly one located Chinese message."""
    data = minimal_report_data()
    change(data)
    assert _messages(data) == [expected]


def test_valid_data_has_no_diagnostics() -> None:
    """The minimal report validates cleanly into a Report."""
    report, diagnostics = validate_mapping(minimal_report_data())
    assert diagnostics == []
    assert report is not None and report.projects[0].name == "东城区老旧小区改造工程"


SEVERAL = """\
document:
  region: 示例市
period:
  year: 2025
  month: 13
units: [东城区]
projects:
  - name: 甲项目
    unit: 东城区
    stage: 续建
    total: 100
    planned: 50
    compelted: 1
  - name: 甲项目
    unit: 东城区
    stage: 续建
    total: abc
    planned: 50
  - name: 乙项目
    unit: 西城区
    stage: 续建
    total: 100
    planned: 50
"""


def test_all_faults_of_a_file_in_one_run_in_line_order() -> None:
    """Structural errors and cross-checks are reported together, each at its line."""
    _report, diagnostics = validate(load_text(SEVERAL, "d.yaml"))
    assert [str(d) for d in diagnostics] == [
        "d.yaml:2:3: document: 缺少必填字段 'issuer'",
        "d.yaml:5:10: period.month: 月份应在 1—12 之间，得到 13",
        "d.yaml:13:5: projects[0].compelted: 未知字段 'compelted'，是否要写 'completed'？",
        "d.yaml:14:11: projects[1].name: 项目 '甲项目'（东城区）重复：与第 8 行的 projects[0] "
        "同名同单位，会被重复统计",
        "d.yaml:17:12: projects[1].total: 无法识别的金额 'abc'："
        "应写阿拉伯数字，可带单位元、万元、亿元（如 742亿元、5000万元）",
        "d.yaml:20:11: projects[2].unit: 单位 '西城区' 不在 units 列表中，是否要写 '东城区'？",
    ]


def test_missing_field_is_located_at_its_parent_mapping() -> None:
    """A missing key is reported where the mapping that lacks it begins."""
    text = SEVERAL.replace(
        "document:\n  region: 示例市\n", "document:\n  region: 示例市\n  issuer: 办\n"
    )
    _report, diagnostics = validate(
        load_text(text.replace("  - name: 乙项目\n    unit:", "  - unit:"), "d.yaml")
    )
    assert "d.yaml:20:5: projects[2]: 缺少必填字段 'name'" in [str(d) for d in diagnostics]


def test_cross_checks_survive_a_broken_structure() -> None:
    """Even when units is malformed and projects are not mappings, nothing crashes."""
    data = minimal_report_data()
    data["units"] = [None, 3, {"name": 5}]
    data["projects"].append("not a project")
    report, diagnostics = validate_mapping(data, "d.yaml")
    assert report is None
    assert diagnostics and all(d.severity == "error" for d in diagnostics)


WARNINGS = [
    pytest.param(
        _project(completed=20000),
        "projects[0].completed: 警告：本年完成投资 20000 万元超过总投资 12000 万元",
        id="completed-over-total",
    ),
    pytest.param(
        _project(planned="2亿"),
        "projects[0].planned: 警告：年度计划投资 20000 万元超过总投资 12000 万元",
        id="planned-over-total",
    ),
    pytest.param(
        _project(stage="前期"),
        "projects[0].started: 警告：阶段为前期，却标记为已开工（started: true）",
        id="preparatory-started",
    ),
    pytest.param(
        _project(stage="竣工", started=False, start_month=None),
        "projects[0].stage: 警告：阶段为竣工，却未标记为已开工（started）",
        id="finished-not-started",
    ),
    pytest.param(
        _project(start_month=None),
        "projects[0].started: 警告：已开工但未填开工月份（start_month）",
        id="started-without-month",
    ),
    pytest.param(
        _project(start_month=9),
        "projects[0].start_month: 警告：开工月份 9 晚于统计期截止月份 6",
        id="start-after-period",
    ),
    pytest.param(
        _project(stage="新开工"),
        "targets.new_starts: 警告：计划新开工 0 个，少于阶段为新开工的项目 1 个",
        id="new-starts-target-too-small",
    ),
    pytest.param(
        _project(name="东城区朱镕路改造工程"),
        "projects[0].name: 警告：“镕”不在 GB2312 字符集中，仿宋_GB2312、楷体_GB2312 没有这些字，"
        "文中这几个字改用仿宋、楷体排印",
        id="name-outside-gb2312",
    ),
    pytest.param(
        _set("document", "issuer", value="示例市喆堃喆办公室"),
        "document.issuer: 警告：“喆”“堃”不在 GB2312 字符集中，仿宋_GB2312、楷体_GB2312 没有这些字，"
        "文中这几个字改用仿宋、楷体排印",
        id="issuer-outside-gb2312-each-character-once",
    ),
    pytest.param(
        _project(name="东城区𠀾路工程"),
        "projects[0].name: 警告：“𠀾”不在 GB2312 字符集中，仿宋_GB2312、楷体_GB2312 没有这些字，"
        "文中这几个字改用仿宋、楷体排印；其中“𠀾”连 GBK 也没有，可能显示为方框，请核对",
        id="name-outside-gbk",
    ),
    pytest.param(
        _set("document", "numbers", value={"commendaton": "示重办〔2025〕16号"}),
        "document.numbers.commendaton: 警告：'commendaton' 不是内置文书类型"
        "（progress、commendation、speech、news），是不是 commendation？",
        id="numbers-unknown-kind",
    ),
    pytest.param(
        lambda d: d["document"].update(
            number="示重办〔2025〕15号", numbers={"commendation": "示重办〔2025〕15号"}
        ),
        "document.numbers.commendation: 警告：发文字号 示重办〔2025〕15号 已是 progress 的字号："
        "一个字号只属于一份文书",
        id="numbers-shared-by-two-documents",
    ),
]


@pytest.mark.parametrize(("change", "expected"), WARNINGS)
def test_sanity_warnings(change: Change, expected: str) -> None:
    """Doubtful but possible data validates, with one warning naming the field."""
    data = minimal_report_data()
    data["targets"] = {"new_starts": 0}
    change(data)
    report, diagnostics = validate_mapping(data, "d.yaml")
    assert report is not None
    assert [str(d) for d in diagnostics] == [f"d.yaml: {expected}"]
    assert diagnostics[0].severity == "warning"


def test_unit_targets_over_city_target_warns() -> None:
    """Unit investment targets adding up to more than the city's is a warning."""
    data = minimal_report_data()
    data["targets"] = {"investment": "1亿"}
    data["units"] = [
        {"name": "东城区", "targets": {"investment": 6000}},
        {"name": "西城区", "targets": {"investment": 5000}},
    ]
    _report, diagnostics = validate_mapping(data, "d.yaml")
    assert [str(d) for d in diagnostics] == [
        "d.yaml: targets.investment: 警告：各单位投资目标合计 11000 万元，超过全市目标 10000 万元"
    ]


def test_warnings_wait_for_errors_to_be_fixed() -> None:
    """A file with errors gets no warnings, which could only be noise on top."""
    data = minimal_report_data()
    _project(completed=20000, stage="开工")(data)
    _report, diagnostics = validate_mapping(data, "d.yaml")
    assert [d.severity for d in diagnostics] == ["error"]


@pytest.mark.parametrize(
    "text",
    ["1—6月全市重点项目", "阿依古丽·买买提", "“时间过半、任务过半”", "Ⅱ期 ①号 ℃ ％"],
    ids=["dash", "middle-dot", "quotes", "symbols"],
)
def test_gb2312_punctuation_and_symbols_do_not_warn(text: str) -> None:
    """Marks and symbols the GB2312 faces print (— · “” ①) are not reported as missing."""
    data = minimal_report_data()
    data["projects"][0]["name"] = text
    _report, diagnostics = validate_mapping(data, "d.yaml")
    assert [str(d) for d in diagnostics] == []


def test_numbers_per_kind_distinct_do_not_warn() -> None:
    """The progress bulletin's number and the commendation's own number are both fine."""
    data = minimal_report_data()
    data["document"].update(
        number="示重办〔2025〕15号", numbers={"commendation": "示重办〔2025〕16号"}
    )
    _report, diagnostics = validate_mapping(data, "d.yaml")
    assert diagnostics == []


def test_gb2312_warning_is_located_at_its_line() -> None:
    """The warning for a name the GB2312 faces lack names the file, line and column."""
    text = (
        "document: {region: 示例市, issuer: 办公室}\n"
        "period: {year: 2025, month: 6}\n"
        "units: [东城区]\n"
        "projects:\n"
        "  - name: 东城区镕城路工程\n"
        "    unit: 东城区\n"
        "    stage: 续建\n"
        "    total: 100\n"
        "    planned: 50\n"
        "    completed: 10\n"
        "    started: true\n"
        "    start_month: 2\n"
    )
    _report, diagnostics = validate(load_text(text, "d.yaml"))
    assert [str(d) for d in diagnostics] == [
        "d.yaml:5:11: projects[0].name: 警告：“镕”不在 GB2312 字符集中，"
        "仿宋_GB2312、楷体_GB2312 没有这些字，文中这几个字改用仿宋、楷体排印"
    ]
