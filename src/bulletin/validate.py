"""Loaded data → Report plus located diagnostics: translated errors, cross-checks, warnings.

Structural faults come from the model (:func:`bulletin.model.validate_report`)
and are put into Chinese and placed on their line here.  The cross-checks that
make a file wrong even when every field is well formed — a unit not in
``units``, a category not in ``categories``, a project listed twice — run on
the raw mapping, defensively, so that they are reported alongside structural
errors in the same run.  Sanity checks that may be legitimate (completed above
total, a 竣工 project not marked started, …) are warnings and run only on a
valid report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from bulletin.errors import Diagnostic, PathPart
from bulletin.load import KeyPath, Loaded, load_mapping
from bulletin.model import FieldError, Report, allowed_keys, validate_report

#: The warning for a project started with no start month (a ledger without the column
#: says it once at its header instead).
STARTED_WITHOUT_MONTH = "已开工但未填开工月份（start_month）"

__all__ = ["validate", "validate_mapping"]

_MONTH_FIELDS = {"month", "start_month", "planned_start", "completed_month"}
_RANGES = {
    "quarter": "季度应在 1—4 之间",
    "half": "半年应为 1 或 2",
    "year": "年度应在 2000—2100 之间",
}


def validate(loaded: Loaded) -> tuple[Report | None, list[Diagnostic]]:
    """Validate a loaded file: the report (``None`` if any error) and all diagnostics.

    Diagnostics (errors and warnings) come in file order.
    """
    data = loaded.data
    diagnostics = list(loaded.problems)
    report, faults = validate_report(data)
    diagnostics += _translate(loaded, faults)
    diagnostics += _cross_check(loaded)
    if report is not None and not any(d.severity == "error" for d in diagnostics):
        diagnostics += _warnings(loaded, report)
    else:
        report = None
    diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0))
    return report, diagnostics


def validate_mapping(
    data: Mapping[str, Any], file: str = "<data>"
) -> tuple[Report | None, list[Diagnostic]]:
    """Validate a mapping built in code; diagnostics carry paths but no lines."""
    return validate(load_mapping(data, file))


# --- structural errors ------------------------------------------------------


def _show(value: object) -> str:
    """A value as a message quotes it: strings in quotes, containers by kind."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    return repr(str(value))


def _suggest(word: str, choices: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


class _Located:
    """Where a pydantic location really points in the data, and any union passed."""

    def __init__(self, data: Any, fault: FieldError) -> None:
        self.path: list[PathPart] = []
        #: (path, raw value, branch tag) for each union branch named in ``loc``.
        self.branches: list[tuple[KeyPath, Any, str]] = []
        self.value: Any = data
        last = len(fault.loc) - 1
        current = data
        for index, part in enumerate(fault.loc):
            in_list = (
                isinstance(part, int) and isinstance(current, list) and 0 <= part < len(current)
            )
            in_map = isinstance(part, str) and isinstance(current, dict) and part in current
            if in_list or in_map:
                self.path.append(part)
                current = current[part]
            elif index == last and fault.type == "missing" and isinstance(part, str):
                self.path.append(part)
                current = None
            else:
                self.branches.append((tuple(self.path), current, str(part)))
        self.value = current

    def consistent(self) -> bool:
        """Whether every union branch taken matches the kind of value written."""
        return all(_branch_fits(tag, raw) for _path, raw, tag in self.branches)


def _branch_fits(tag: str, raw: Any) -> bool:
    if tag in ("str", "constrained-str"):
        return isinstance(raw, str)
    if tag == "none":
        return raw is None
    if tag[:1].isupper():  # a model class name
        return isinstance(raw, dict)
    return True  # function-before[...] and other non-branch steps


def _branch_words(tag: str) -> str:
    if tag in ("str", "constrained-str"):
        return "文字"
    if tag[:1].isupper():
        return "映射（键: 值）"
    return tag


def _translate(loaded: Loaded, faults: Sequence[FieldError]) -> Iterator[Diagnostic]:
    unions: dict[KeyPath, tuple[Any, list[str]]] = {}
    kept_paths: list[KeyPath] = []
    for fault in faults:
        located = _Located(loaded.data, fault)
        if not located.consistent():
            # An error inside the branch the user did not mean; remember the
            # union in case no branch fits at all.
            path, raw, _tag = located.branches[0]
            tags = unions.setdefault(path, (raw, []))[1]
            tags += [tag for _p, _r, tag in located.branches[:1] if tag not in tags]
            continue
        path = tuple(located.path)
        kept_paths.append(path)
        yield _diagnostic(loaded, fault, path, located.value)
    for path, (raw, tags) in unions.items():
        if any(kept[: len(path)] == path for kept in kept_paths):
            continue
        expected = "或".join(dict.fromkeys(_branch_words(tag) for tag in tags))
        yield loaded.diagnostic(path, f"应为{expected}，得到{_show_kind(raw)}")


def _show_kind(value: object) -> str:
    shown = _show(value)
    return shown if shown in ("列表", "映射", "空值") else f" {shown}"


def _diagnostic(loaded: Loaded, fault: FieldError, path: KeyPath, value: Any) -> Diagnostic:
    kind = fault.type
    field = path[-1] if path else ""
    got = _show_kind(value)
    if kind == "missing":
        return loaded.diagnostic(path[:-1], f"缺少必填字段 '{field}'")
    if kind == "extra_forbidden":
        message = f"未知字段 '{field}'"
        suggestion = _suggest(str(field), allowed_keys(path[:-1]) or [])
        if suggestion:
            message += f"，是否要写 '{suggestion}'？"
        return loaded.diagnostic(path, message, at_key=True)
    return loaded.diagnostic(path, _message(kind, fault, field, value, got))


def _message(kind: str, fault: FieldError, field: PathPart, value: Any, got: str) -> str:
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(fault.ctx.get("expected", "")))
        message = f"应为 {'、'.join(repr(c) for c in choices)} 之一，得到{got}"
        suggestion = _suggest(value, choices) if isinstance(value, str) else None
        return message + (f"，是否要写 '{suggestion}'？" if suggestion else "")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if field in _MONTH_FIELDS:
            return f"月份应在 1—12 之间，得到{got}"
        if field in _RANGES:
            return f"{_RANGES[str(field)]}，得到{got}"
        bound = next(iter(fault.ctx.values()), "")
        words = {
            "greater_than_equal": "不小于",
            "less_than_equal": "不大于",
            "greater_than": "大于",
            "less_than": "小于",
        }
        return f"应{words[kind]} {bound}，得到{got}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        if field in _MONTH_FIELDS:
            return f"月份应为 1—12 的整数，得到{got}"
        return f"应为整数，得到{got}"
    if kind.startswith(("date_", "datetime_")):
        return f"无效日期 {_show(value)}，应写成 2025-07-15 这样的形式"
    if kind in ("bool_parsing", "bool_type"):
        return f"应为 true 或 false，得到{got}"
    if kind == "string_type":
        if field == "planned_completion":
            return f"应写成 年-月，如 2026-12，得到{got}"
        return f"应为文字，得到{got}"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_pattern_mismatch":
        if field == "planned_completion":
            return f"应写成 年-月，如 2026-12，得到{got}"
        return f"格式不对，得到{got}"
    if kind == "list_type":
        return f"应为列表（每项以 - 开头），得到{got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"应为映射（键: 值），得到{got}"
    if kind.startswith(("decimal_", "float_")):
        return f"应为数字，得到{got}"
    if kind in ("value_error", "assertion_error"):
        return str(fault.ctx.get("error", fault.message))
    return f"{fault.message}（得到{got}）"


# --- cross-checks on the raw mapping -----------------------------------------


def _names(items: object, key: str = "name") -> list[tuple[int, str]]:
    """``(index, name)`` of list items written as a string or a mapping with ``key``."""
    if not isinstance(items, list):
        return []
    found = []
    for index, item in enumerate(items):
        name = item.get(key) if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            found.append((index, name.strip()))
    return found


def _duplicates(
    loaded: Loaded, section: str, entries: list[tuple[int, str]], what: str, sub: tuple[str, ...]
) -> Iterator[Diagnostic]:
    first: dict[str, int] = {}
    for index, name in entries:
        if name in first:
            line = loaded.lines.value((section, first[name], *sub))
            where = f"第 {line[0]} 行的 " if line else ""
            yield loaded.diagnostic(
                (section, index, *sub),
                f"{what} '{name}' 重复：与{where}{section}[{first[name]}] 相同",
            )
        else:
            first[name] = index


def _cross_check(loaded: Loaded) -> Iterator[Diagnostic]:
    data = loaded.data
    raw_units = data.get("units")
    units = _names(raw_units)
    unit_names = [name for _i, name in units]
    unit_sub = (
        ()
        if isinstance(raw_units, list) and raw_units and isinstance(raw_units[0], str)
        else ("name",)
    )
    yield from _duplicates(loaded, "units", units, "单位", unit_sub)
    categories = _names(data.get("categories"))
    category_names = [name for _i, name in categories]
    yield from _duplicates(loaded, "categories", categories, "类别", ())
    projects = data.get("projects")
    if not isinstance(projects, list):
        return
    seen: dict[tuple[str, str], int] = {}
    for index, project in enumerate(projects):
        if not isinstance(project, dict):
            continue
        unit = project.get("unit")
        unit = unit.strip() if isinstance(unit, str) else None
        if unit and isinstance(raw_units, list) and unit not in unit_names:
            message = f"单位 '{unit}' 不在 units 列表中"
            suggestion = _suggest(unit, unit_names)
            message += f"，是否要写 '{suggestion}'？" if suggestion else "，请先在 units 中列出"
            yield loaded.diagnostic(("projects", index, "unit"), message)
        category = project.get("category")
        if isinstance(category, str) and category_names and category.strip() not in category_names:
            message = f"类别 '{category.strip()}' 不在 categories 列表中"
            suggestion = _suggest(category.strip(), category_names)
            message += (
                f"，是否要写 '{suggestion}'？"
                if suggestion
                else f"（可选：{'、'.join(category_names)}）"
            )
            yield loaded.diagnostic(("projects", index, "category"), message)
        name = project.get("name")
        if isinstance(name, str) and name.strip() and unit:
            key = (name.strip(), unit)
            if key in seen:
                other = seen[key]
                line = loaded.lines.value(("projects", other))
                where = f"第 {line[0]} 行的 " if line else ""
                yield loaded.diagnostic(
                    ("projects", index, "name"),
                    f"项目 '{key[0]}'（{unit}）重复：与{where}projects[{other}] "
                    "同名同单位，会被重复统计",
                )
            else:
                seen[key] = index
    yield from _visit_check(loaded, projects)


def _visit_check(loaded: Loaded, projects: list[Any]) -> Iterator[Diagnostic]:
    """Each project a 观摩 visited (meeting.visits) is one of the ledger's, by name."""
    meeting = loaded.data.get("meeting")
    visits = meeting.get("visits") if isinstance(meeting, dict) else None
    visited = _names(visits, "project")
    if not visited:
        return  # no need to gather 10,000 projects' names for a meeting that visited none
    names = [name for _i, name in _names(projects)]
    known = set(names)
    for index, name in visited:
        if name not in known:
            path: KeyPath = ("meeting", "visits", index)
            if isinstance(visits, list) and isinstance(visits[index], dict):
                path = (*path, "project")
            suggestion = _suggest(name, names)
            message = f"观摩项目 '{name}' 不在 projects 中"
            message += f"，是否要写 '{suggestion}'？" if suggestion else "，请写台账中的项目名称"
            yield loaded.diagnostic(path, message)


# --- warnings on a valid report -----------------------------------------------


def _warnings(loaded: Loaded, report: Report) -> Iterator[Diagnostic]:
    def warn(path: KeyPath, message: str) -> Diagnostic:
        return loaded.diagnostic(path, message, severity="warning")

    end = report.period.end_month
    as_of = report.period.as_of
    if as_of is not None and (as_of.year, as_of.month) != (report.period.year, end):
        # The cut-off date of the data lies in the period's last month; another
        # would put the 序时进度 at 0% or 100% and the text's dates at odds.
        yield loaded.diagnostic(
            ("period", "as_of"),
            f"截至日期 {as_of.isoformat()} 不在统计期的最后一个月"
            f"（{report.period.year}年{end}月）内：请改为该月中的日期，或删去（默认为月末）",
        )
    for index, project in enumerate(report.projects):
        here: KeyPath = ("projects", index)
        if project.completed > project.total:
            yield warn(
                (*here, "completed"),
                f"本年完成投资 {project.completed} 万元超过总投资 {project.total} 万元",
            )
        if project.planned > project.total:
            yield warn(
                (*here, "planned"),
                f"年度计划投资 {project.planned} 万元超过总投资 {project.total} 万元",
            )
        if project.stage == "前期" and project.started:
            yield warn((*here, "started"), "阶段为前期，却标记为已开工（started: true）")
        if project.stage == "竣工" and not project.started:
            yield warn((*here, "stage"), "阶段为竣工，却未标记为已开工（started）")
        if (
            project.started
            and project.start_month is None
            and not loaded.unknowable((*here, "start_month"))
        ):
            yield warn((*here, "started"), STARTED_WITHOUT_MONTH)
        if project.start_month is not None and project.start_month > end:
            yield warn(
                (*here, "start_month"),
                f"开工月份 {project.start_month} 晚于统计期截止月份 {end}",
            )
        if project.completed_month is not None and project.completed_month > end:
            yield warn(
                (*here, "completed_month"),
                f"竣工月份 {project.completed_month} 晚于统计期截止月份 {end}",
            )
    targets = report.targets
    new_starts = sum(p.stage == "新开工" for p in report.projects)
    if targets.new_starts is not None and targets.new_starts < new_starts:
        yield warn(
            ("targets", "new_starts"),
            f"计划新开工 {targets.new_starts} 个，少于阶段为新开工的项目 {new_starts} 个",
        )
    unit_targets = [
        u.targets.investment for u in report.units if u.targets and u.targets.investment
    ]
    if targets.investment is not None and sum(unit_targets, Decimal(0)) > targets.investment:
        yield warn(
            ("targets", "investment"),
            f"各单位投资目标合计 {sum(unit_targets, Decimal(0))} 万元，"
            f"超过全市目标 {targets.investment} 万元",
        )
    yield from _number_warnings(loaded, report)
    yield from _face_warnings(loaded, (), loaded.data)
    unit_starts = [u.targets.new_starts for u in report.units if u.targets and u.targets.new_starts]
    if targets.new_starts is not None and sum(unit_starts) > targets.new_starts:
        yield warn(
            ("targets", "new_starts"),
            f"各单位计划新开工合计 {sum(unit_starts)} 个，超过全市目标 {targets.new_starts} 个",
        )


# Kinds that print a 版头 with a 发文字号, and the others a number could be meant for.
_NUMBERED_KINDS = ("progress", "commendation", "speech", "news")


def _number_warnings(loaded: Loaded, report: Report) -> Iterator[Diagnostic]:
    """``document.numbers``: known kinds, and one 发文字号 per document."""
    doc = report.document
    for kind in doc.numbers:
        if kind not in _NUMBERED_KINDS:
            close = _suggest(kind, _NUMBERED_KINDS)
            hint = f"，是不是 {close}？" if close else "；用自己模板的类型时可忽略"
            yield loaded.diagnostic(
                ("document", "numbers", kind),
                f"'{kind}' 不是内置文书类型（{'、'.join(_NUMBERED_KINDS)}）{hint}",
                at_key=True,
                severity="warning",
            )
    owner: dict[str, str] = {}
    for kind in dict.fromkeys(("progress", *doc.numbers)):
        number = doc.number_for(kind)
        if not number:
            continue
        if number in owner:
            path: KeyPath = (
                ("document", "numbers", kind) if kind in doc.numbers else ("document", "number")
            )
            yield loaded.diagnostic(
                path,
                f"发文字号 {number} 已是 {owner[number]} 的字号：一个字号只属于一份文书",
                severity="warning",
            )
        else:
            owner[number] = kind


# The key of the value a walk starts from: its path is the walk's own.
_HERE: Any = object()
# Values that hold no text, passed over before the slower checks.
_PLAIN_VALUES = frozenset({int, bool, float, Decimal, type(None), dt.date})


def _face_warnings(loaded: Loaded, path: KeyPath, value: Any) -> Iterator[Diagnostic]:
    """Text with characters the GB2312 faces lack (镕, 喆, 堃 …), located in the data."""
    from bulletin.layout import in_gbk, needs_gbk_face, within_gb2312

    # A ledger holds a hundred thousand strings: walk them with a stack of
    # iterators rather than nested generators, keep the non-ASCII ones with
    # where they are (a path is built only for one found wanting), and let one
    # encode of them all answer for the usual ledger, wholly GB2312, before any
    # string by itself or any character is looked at.  Strings are found in
    # file order (data built in code has no lines to sort by).  Each is kept
    # in three lists, not as a tuple of where and what: fifty thousand tuples
    # kept alive would set the collector going a hundred times.
    texts: list[str] = []
    heres: list[KeyPath] = []
    keys: list[Any] = []
    stack: list[tuple[KeyPath, Iterator[tuple[Any, Any]]]] = [(path, iter([(_HERE, value)]))]
    while stack:
        here, items = stack[-1]
        for key, item in items:
            kind = type(item)
            if kind is str:  # half the values of a ledger: asked first
                if not item.isascii():
                    texts.append(item)
                    heres.append(here)
                    keys.append(key)
                continue
            if kind in _PLAIN_VALUES:
                continue
            if isinstance(item, str):
                if not item.isascii():
                    texts.append(item)
                    heres.append(here)
                    keys.append(key)
            elif isinstance(item, Mapping):
                stack.append((here if key is _HERE else (*here, key), iter(item.items())))
                break
            elif isinstance(item, list):
                stack.append((here if key is _HERE else (*here, key), enumerate(item)))
                break
        else:
            stack.pop()
    if within_gb2312("\n".join(texts)):
        return
    found = [
        (here if key is _HERE else (*here, key), text)
        for here, key, text in zip(heres, keys, texts, strict=True)
        if not within_gb2312(text)
    ]
    for here, text in found:
        missing = "".join(dict.fromkeys(ch for ch in text if needs_gbk_face(ch)))
        if not missing:
            continue
        beyond = "".join(ch for ch in missing if not in_gbk(ch))
        message = (
            f"“{'”“'.join(missing)}”不在 GB2312 字符集中，仿宋_GB2312、楷体_GB2312 没有这些字，"
            "文中这几个字改用仿宋、楷体排印"
        )
        if beyond:
            message += f"；其中“{'”“'.join(beyond)}”连 GBK 也没有，可能显示为方框，请核对"
        yield loaded.diagnostic(here, message, severity="warning")
