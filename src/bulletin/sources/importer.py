"""``bulletin import``: a workbook ledger as a data YAML to keep, and its column mapping shown.

The YAML is written by hand here (no ``yaml`` import outside the loader):
plain scalars where they read back as the same string, JSON-quoted
otherwise; the result is read back through the loader before it is
returned, so what is written always loads as what was read.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from bulletin.errors import DataError, Diagnostic, format_path, quote_sheet
from bulletin.load import LineMap, Loaded, data_of, load_path
from bulletin.sources.fields import by_key
from bulletin.sources.layout import Grid, cell_name
from bulletin.sources.ledger import (
    LedgerLoaded,
    Spec,
    default_issuer,
    first_samples,
    spec_from,
    workbook_loaded,
)
from bulletin.sources.workbook import read_workbook

__all__ = [
    "ColumnView",
    "LedgerView",
    "SheetView",
    "describe_ledger",
    "import_ledger",
    "mapping_text",
    "read_mapping",
    "show_mapping",
    "spec_of",
    "to_yaml",
]

_ORDER = (
    "amount_unit",
    "document",
    "period",
    "categories",
    "units",
    "targets",
    "meeting",
    "projects",
)


def read_mapping(path: str | os.PathLike[str] | None) -> Spec:
    """The reading instructions in a mapping file; raises :class:`DataError` with each fault."""
    if path is None:
        return Spec()
    loaded = load_path(path)
    spec, problems = spec_from(loaded)
    # A key written twice (header_rows: 2, later header_rows: 3) is the loader's
    # to say: the last would win unsaid.
    problems = [d for d in loaded.problems if d.severity == "error"] + problems
    if problems:
        raise DataError(problems)
    return spec


def spec_of(mapping: str | os.PathLike[str] | Mapping[str, Any] | None) -> Spec:
    """Reading instructions from a mapping file's path, or from its contents as a mapping."""
    if mapping is None or isinstance(mapping, str | os.PathLike):
        return read_mapping(mapping)
    spec, problems = spec_from(Loaded(dict(mapping), LineMap(), "<mapping>"))
    if problems:
        raise DataError(problems)
    return spec


def import_ledger(
    path: str | os.PathLike[str], spec: Spec | None = None
) -> tuple[str, LedgerLoaded, list[Any]]:
    """The data YAML for the workbook at ``path``, what was read, and its diagnostics.

    Raises :class:`DataError` when the workbook has errors (every one, at its cell).
    """
    from bulletin.validate import validate

    loaded = workbook_loaded(path, os.fspath(path), spec)
    report, diagnostics = validate(loaded)
    diagnostics = loaded.finish(diagnostics)
    name = Path(path).name
    header = (
        f"# 由 bulletin import 从 {name} 生成；金额单位：万元。\n"
        "# 请核对 document（发文机关、字号、主送等）和 period，\n"
        "# 再补充 meeting、highlights 等撰稿内容。\n"
    )
    gaps = loaded.ledger.gaps if loaded.ledger is not None else []
    if report is None:
        # What the sheets do not say (the region, the period) is the file's to say:
        # written empty, to fill in, when it is all that stops the import.
        left = [fault for _path, fault in gaps]
        if not gaps or any(d.severity == "error" and d not in left for d in diagnostics):
            raise DataError(diagnostics)
        data = copy.deepcopy(loaded.data)
        keys = [path for path, _fault in gaps]
        placeholder = default_issuer(str(data["document"].get("region")))
        if ("document", "region") in keys and data["document"].get("issuer") == placeholder:
            keys.insert(1, ("document", "issuer"))  # named after the region it lacks
        for part, key in keys:
            data[str(part)][key] = None
        missing = "、".join(f"{part}.{key}" for part, key in keys)
        header += f"# 台账中没有 {missing}，请填写后再使用。\n"
        diagnostics = [d for d in diagnostics if d not in left] + [
            Diagnostic(
                f"台账中没有 {missing}：已留空，请在生成的数据文件中填写",
                file=loaded.file,
                severity="warning",
            )
        ]
        loaded = replace(loaded, data=data)
    text = header + to_yaml(loaded.data)
    _check_reads_back(data_of(text, name), loaded.data, name)
    return text, loaded, diagnostics


def _check_reads_back(back: Mapping[str, Any], data: Mapping[str, Any], file: str) -> None:
    """What is written must read back (the loader raises if not) and as what was read.

    Compared section by section: ``==`` answers for the 10,000 projects at C
    speed; only a section that differs is walked, allowing for the amounts
    written as bare numbers of 万元.
    """
    for key in {**data, **back}:
        if key in data and key in back and back[key] == data[key]:
            continue
        path = _difference(back.get(key, _MISSING), data.get(key, _MISSING), (key,))
        if path is not None:
            raise DataError(
                [
                    Diagnostic(
                        f"生成的数据文件读回后与台账不一致（{format_path(path)}），未输出；"
                        "请把台账发给 bulletin 的维护者",
                        file=file,
                    )
                ]
            )


_MISSING: Any = object()


def _difference(back: Any, data: Any, path: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The first path where ``back`` is not what ``data`` is written as, or ``None``."""
    if isinstance(data, Mapping) and isinstance(back, Mapping):
        for key in {**data, **back}:
            item = _amount(key, data[key]) if key in data else _MISSING
            found = _difference(back.get(key, _MISSING), item, (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(data, list) and isinstance(back, list):
        if len(data) != len(back):
            return path
        for index, (one, other) in enumerate(zip(back, data, strict=True)):
            found = _difference(one, other, (*path, index))
            if found is not None:
                return found
        return None
    return None if back is not _MISSING and data is not _MISSING and back == data else path


@dataclass(frozen=True, slots=True)
class ColumnView:
    """One column as read: letter, header path, the field it is read as (``None``: not read)."""

    letter: str
    header: str
    field: str | None
    label: str
    unit: str
    sample: str
    note: str


@dataclass(frozen=True, slots=True)
class SheetView:
    """One sheet read as a ledger: where its header is, its columns, how many projects."""

    name: str
    header_rows: tuple[int, int]
    unit: str
    columns: tuple[ColumnView, ...]
    projects: int
    first_row: int


@dataclass(frozen=True, slots=True)
class LedgerView:
    """What reading a workbook found, for a person to confirm before it is used.

    ``diagnostics`` are every error and warning of the workbook (validation
    included), each at its sheet and cell; ``ok`` is whether none is an error.
    """

    file: str
    sheets: tuple[SheetView, ...]
    skipped: tuple[tuple[str, str], ...]
    months: int | None
    region: str | None
    cover: int
    projects: int
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """Whether the workbook can be used as it is (no errors, warnings allowed)."""
        return not any(d.severity == "error" for d in self.diagnostics)


def describe_ledger(
    path: str | os.PathLike[str], spec: Spec | None = None, file: str | None = None
) -> LedgerView:
    """How the workbook at ``path`` is read, sheet by sheet and column by column.

    Raises :class:`DataError` only for a file that is no readable workbook.
    """
    from bulletin.validate import validate

    name = file if file is not None else os.fspath(path)
    book = read_workbook(path, name)
    try:
        loaded = workbook_loaded(path, name, spec, book=book)
    except DataError as error:  # no sheet had a header: nothing to show but why
        return LedgerView(name, (), (), None, None, 0, 0, error.diagnostics)
    ledger = loaded.ledger
    assert ledger is not None
    _report, found = validate(loaded)
    diagnostics = tuple(loaded.finish(found))
    grids = {s.name: Grid(s) for s in book.sheets}
    sheets = []
    tables = sorted(
        [*ledger.layouts, *ledger.tables],
        key=lambda t: (ledger.sheet_order.get(t.sheet, 0), (t.header or (0, 0))[0]),
    )
    for at, layout in enumerate(tables):
        assert layout.header is not None
        # A sheet's rows down to the header of its next table, if it has one.
        after = tables[at + 1] if at + 1 < len(tables) else None
        end = (
            after.header[0]
            if after is not None and after.header is not None and after.sheet == layout.sheet
            else None
        )
        rows = [
            c.row
            for c in ledger.cells
            if c.sheet == layout.sheet
            and layout.data_start <= c.row
            and (end is None or c.row < end)
        ]
        samples = first_samples(grids[layout.sheet], rows, layout.columns)
        columns = tuple(
            ColumnView(
                c.letter,
                c.header,
                c.field.key if c.field is not None else None,
                c.field.label if c.field is not None else "",
                c.unit_name,
                samples.get(c.index, "").replace("\n", " / "),
                c.note,
            )
            for c in layout.columns
        )
        sheets.append(
            SheetView(
                layout.sheet, layout.header, layout.unit_name, columns, len(rows), layout.data_start
            )
        )
    region = loaded.data.get("document", {}).get("region")
    return LedgerView(
        name,
        tuple(sheets),
        tuple(ledger.skipped),
        ledger.months[0] if ledger.months is not None else None,
        region if isinstance(region, str) and region != "—" else None,
        len(ledger.cover),
        len(ledger.projects),
        diagnostics,
    )


def show_mapping(path: str | os.PathLike[str], spec: Spec | None = None) -> str:
    """The ``--show-mapping`` text: per sheet, column letter → header path → field → sample."""
    return mapping_text(describe_ledger(path, spec))


def mapping_text(view: LedgerView) -> str:
    """:func:`show_mapping`'s text of a ledger already described."""
    from bulletin.stats_table import display_width

    lines: list[str] = []
    for sheet in view.sheets:
        top, bottom = sheet.header_rows
        rows = f"第 {top + 1} 行" if top == bottom else f"第 {top + 1}—{bottom + 1} 行"
        lines.append(f"工作表 {quote_sheet(sheet.name)}：表头在{rows}，金额单位 {sheet.unit}")
        table = [("列", "表头", "读作", "示例")]
        for c in sheet.columns:
            target = c.label or "—"
            if c.field is not None and c.unit != "万元" and by_key(c.field).kind == "amount":
                target += f"（{c.unit}，换算为万元）"
            if c.note:
                target += f"（{c.note}）"
            table.append((c.letter, c.header, target, c.sample))
        widths = [max(display_width(r[i]) for r in table) for i in range(4)]
        for row in table:
            cells = [c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append(f"  读出 {sheet.projects} 个项目（自第 {sheet.first_row + 1} 行起）")
        lines.append("")
    for name, why in view.skipped:
        lines.append(f"工作表 {quote_sheet(name)}：{why}")
    if view.months is not None:
        lines.append(f"统计期：1—{view.months}月")
    if view.region:
        lines.append(f"地区：{view.region}")
    if view.cover:
        lines.append(f"封面：读出 {view.cover} 项（发文机关、统计期等）")
    lines += [str(d) for d in view.diagnostics]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------
# A small YAML writer for data files

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9.+~=][^#:\n]*(?<!\s)$")
_RESOLVES = re.compile(
    r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|"
    r"null|Null|NULL|~)$"
)
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?$")


# What YAML reads as a line break (and so folds) though JSON leaves it as it is.
_BREAKS = re.compile("[\x85\u2028\u2029]")


def _text(text: str) -> str:
    if _BREAKS.search(text):
        return _BREAKS.sub(
            lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)
        )
    if (
        _PLAIN.match(text)
        and not _RESOLVES.match(text)
        and ": " not in text
        and " #" not in text
        and not _DATE_LIKE.match(text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: Any, texts: dict[str, str] | None = None) -> str:
    """``value`` as a YAML scalar; ``texts`` remembers strings already written."""
    if type(value) is str:
        if texts is None:
            return _text(value)
        found = texts.get(value)
        if found is None:
            found = texts[value] = _text(value)
        return found
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        # 3.2 亿元 is 32000.0 万元 to Decimal; the file says 32000, as a person would.
        return "0" if value == 0 else format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(str(value))


#: The keys whose "5000万元" is written as the bare number (the header says 万元).
_AMOUNT_KEYS = frozenset({"total", "planned", "completed", "investment"})


def _amount(key: Any, value: Any) -> Any:
    """An amount at ``key`` as the number of 万元 it is written as; any other value as it is.

    Only at an amount's key: a 备注 that says 500万元 stays text.
    """
    if key in _AMOUNT_KEYS and isinstance(value, str) and value.endswith("万元"):
        try:
            return Decimal(value.removesuffix("万元"))
        except ArithmeticError:
            return value
    return value


def _emit(
    value: Any, indent: int, out: list[str], key_path: tuple[str, ...], texts: dict[str, str]
) -> None:
    pad = "  " * indent
    if type(value) is dict or isinstance(value, Mapping):
        for key, item in value.items():
            item = _amount(key, item)
            if type(item) is dict or isinstance(item, list | Mapping):
                if item:
                    out.append(f"{pad}{_scalar(key, texts)}:")
                    _emit(item, indent + 1, out, (*key_path, str(key)), texts)
                else:
                    out.append(
                        f"{pad}{_scalar(key, texts)}: {'[]' if isinstance(item, list) else '{}'}"
                    )
            else:
                out.append(f"{pad}{_scalar(key, texts)}: {_scalar(item, texts)}")
    elif isinstance(value, list):
        for item in value:
            if (type(item) is dict or isinstance(item, Mapping)) and item:
                inner: list[str] = []
                _emit(item, indent + 1, inner, key_path, texts)
                first = inner[0][len(pad) + 2 :]
                out.append(f"{pad}- {first}")
                out.extend(inner[1:])
                if key_path == ("projects",):
                    out.append("")
            else:
                out.append(f"{pad}- {_scalar(item, texts)}")


def to_yaml(data: Mapping[str, Any]) -> str:
    """``data`` (plain values: mappings, lists, strings, numbers, dates) as YAML text."""
    ordered = {k: data[k] for k in _ORDER if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    out: list[str] = []
    # A ledger repeats its units, stages and leaders thousands of times: each
    # distinct string is judged plain or quoted once.
    texts: dict[str, str] = {}
    for key, value in ordered.items():
        _emit({key: value}, 0, out, (), texts)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def where(sheet: str, row: int, col: int) -> str:
    """A cell reference users can paste into Excel's name box."""
    return f"{quote_sheet(sheet)}!{cell_name(row, col)}"
