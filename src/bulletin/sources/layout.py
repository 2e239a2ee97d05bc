"""Where a sheet's header is, what each column holds, and in which unit: header detection.

The header is found around the cell that says 项目名称 (or, failing that, the
row naming most known columns): it grows upwards over parent rows
(``投资情况（万元）`` above ``总投资``) but not over the title or the ``单位：``
line, and downwards over vertically merged cells and sub-header rows
(``金额`` / ``占年度计划%`` below ``1—6月完成投资``).  Each column's header
path runs through merged cells — and through parents centred across
columns without a merge, which WPS users often do — and is matched to a
field by :mod:`bulletin.sources.fields`.  A group heading between the title
and the header (``一、新开工项目``, a sheet in sections) is kept for the rows
under the header, not read as a line of the title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from bulletin.model import AMOUNT_UNITS
from bulletin.sources.fields import (
    DASH,
    ONE_MONTH,
    Field,
    by_key,
    field_for,
    is_breakdown,
    match_column,
    normalize,
)
from bulletin.sources.workbook import Cell, Sheet, column_index, column_letter

__all__ = [
    "Column",
    "Grid",
    "Layout",
    "Override",
    "cell_name",
    "column_index",
    "column_letter",
    "detect",
    "header_at",
    "text_of",
]

#: How far down a sheet the header is looked for.
_SEARCH_ROWS = 60
#: Most rows a header block spans.
_MAX_HEADER_ROWS = 4

# 单位：万元, 单位（亿元）, 金额单位：（亿元）, 单位：亿 — not 填报单位：万安县.
_UNIT_LINE = re.compile(
    r"(?:金额)?单位\s*[:：]?\s*[(\[【]?\s*(万亿元|亿元|万元|元|万亿|亿|万)\s*[)\]】]?\s*(?:$|[,，;；、。\s])"
)
_UNIT_IN_HEADER = re.compile(
    r"[(（\[【/／:：]\s*(?:单位[:：]?)?\s*(万亿元|亿元|万元|元|万|亿)\s*[)）\]】]?|(万亿元|亿元|万元)\s*$"
)
_MONTHS = re.compile(rf"1\s*[{DASH}]\s*(\d{{1,2}})\s*月|截[至止]\s*(\d{{1,2}})\s*月")
_YEAR = re.compile(r"(20\d\d)\s*年")
_FILED = re.compile(r"(?:日期|时间)[:：]\s*(20\d\d)\s*[年./\-]\s*(\d{1,2})(?!\d)")
# 附件1 above a table's title names the attachment, not the table.
_ATTACHMENT = re.compile(r"^(附件|附表)\s*\d*[:：]?$")
_META = re.compile(
    r"^(填报|填表|制表|审核|统计|报送)(单位|日期|时间|人)?(\([^)]*\))?[:：]|^单位[:：]|^金额单位"
)


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) → ``H12``."""
    return f"{column_letter(col)}{row + 1}"


def text_of(value: Cell) -> str:
    """A cell as header text: strings stripped, whole numbers without ``.0``."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Grid:
    """A sheet's cells with merged ranges resolved: a covered cell reads its range's value."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.rows = sheet.rows
        self.height = len(sheet.rows)
        self.width = max((len(r) for r in sheet.rows), default=0)
        #: Covered cell → the top-left cell of its merged range.
        self.cover: dict[tuple[int, int], tuple[int, int]] = {}
        #: Top-left cell of a merged range → its (bottom, right).
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}
        for top, left, bottom, right in sheet.merges:
            self.spans[(top, left)] = (bottom, right)
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    if (r, c) != (top, left):
                        self.cover[(r, c)] = (top, left)

    def raw(self, row: int, col: int) -> Cell:
        """The value stored in the cell itself (``""`` for a covered or empty cell)."""
        if 0 <= row < self.height:
            cells = self.rows[row]
            if 0 <= col < len(cells):
                return cells[col]
        return ""

    def value(self, row: int, col: int) -> Cell:
        """The cell's value, a covered cell reading its merged range's."""
        origin = self.cover.get((row, col))
        return self.raw(*origin) if origin is not None else self.raw(row, col)

    def origin(self, row: int, col: int) -> tuple[int, int]:
        """The cell that holds what (row, col) shows: itself, or its range's top-left."""
        return self.cover.get((row, col), (row, col))

    def span(self, row: int, col: int) -> int:
        """How many columns the merged range starting at (row, col) spans (1 if none)."""
        found = self.spans.get((row, col))
        return found[1] - col + 1 if found is not None else 1

    def texts(self, row: int) -> list[tuple[int, str]]:
        """``(column, text)`` of the non-empty cells that hold their own value in ``row``."""
        cells = self.rows[row] if 0 <= row < self.height else []
        found = []
        for col, value in enumerate(cells):
            if value == "" or value is None or (row, col) in self.cover:
                continue
            text = text_of(value)
            if text:
                found.append((col, text))
        return found


# A line break typed into a header cell, with the spaces around it.
_BREAK = re.compile(r"\s*[\r\n]+\s*")


@dataclass
class Column:
    """One column of a sheet's ledger: its header path and what bulletin reads from it."""

    index: int
    path: tuple[str, ...]
    field: Field | None = None
    #: Multiplier to 万元 for an amount column, and the unit's name.
    unit: Decimal = Decimal(1)
    unit_name: str = "万元"
    #: Why a column with a header is not read (shown by ``--show-mapping``).
    note: str = ""
    hidden: bool = False

    @property
    def letter(self) -> str:
        """The column's letter, ``H``."""
        return column_letter(self.index)

    @property
    def header(self) -> str:
        """The header path as shown to users: ``2025年1—6月完成投资 › 金额``.

        A header's own line breaks (Alt+Enter: ``项目⏎名称``) are left out, so that it
        shows on one line of a listing.
        """
        return " › ".join(_BREAK.sub("", part) for part in self.path)


@dataclass
class Override:
    """What a mapping file says about one sheet's layout (all optional)."""

    header_rows: tuple[int, int] | None = None  # 0-based top, bottom
    columns: dict[str, str] = field(default_factory=dict)  # field key → letter or header text
    amount_unit: str | None = None


@dataclass
class Layout:
    """A sheet's header block and columns; ``None`` header when none was found."""

    sheet: str
    header: tuple[int, int] | None = None
    columns: list[Column] = field(default_factory=list)
    fields: dict[str, Column] = field(default_factory=dict)
    #: The sheet's own unit for amounts (the ``单位：`` line), and where it was said.
    unit_name: str = "万元"
    unit_cell: tuple[int, int] | None = None
    #: Text above the header (title rows), for the period, year and region.
    title: str = ""
    title_cell: tuple[int, int] = (0, 0)
    #: N of 1—N月 and the year, with the cell each was read from.
    months: tuple[int, tuple[int, int]] | None = None
    #: The 1—N月 a title states, to check against the header's.
    title_months: tuple[int, tuple[int, int]] | None = None
    year: tuple[int, tuple[int, int]] | None = None
    #: The year and month of a 填报日期 line above the header, and its cell.
    filed: tuple[int, int, tuple[int, int]] | None = None
    #: Whether ``year`` was inferred from ``filed`` (said in a warning).
    year_filed: bool = False
    #: Group headings between the title and the header (一、新开工项目), with their
    #: cells: the first group's, said of the rows under the header.
    headings: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    problems: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    #: Warnings at header cells, by field key: two columns as good as each other for
    #: one amount (a mapping that names the field's column settles it).
    doubts: dict[str, tuple[tuple[int, int], str]] = field(default_factory=dict)

    @property
    def data_start(self) -> int:
        """The first row below the header."""
        return self.header[1] + 1 if self.header is not None else 0


def _anchors(grid: Grid) -> list[tuple[int, int]]:
    found = []
    for row in range(min(grid.height, _SEARCH_ROWS)):
        for col, text in grid.texts(row):
            matched = match_column([text])
            if matched is not None and matched[0].key == "name" and matched[1] >= 90:
                found.append((row, col))
    return found


def _title_like(grid: Grid, row: int, col: int, text: str, first: int) -> bool:
    if len(text) < 6:
        return False
    wide = grid.span(row, col) >= max(2, int(grid.width * 0.8))
    return wide or col == first


def _is_parent_row(grid: Grid, row: int) -> bool:
    """A row above the header's top that still belongs to it (not a title or 单位 line)."""
    if any(
        isinstance(v, int | float) and not isinstance(v, bool) for v in grid.rows[row] if v != ""
    ):
        return False
    texts = [(c, t) for c, t in grid.texts(row) if not _META.search(normalize(t))]
    if not texts:
        return False
    first = min(c for c, _ in texts)
    if len(texts) == 1 and _title_like(grid, row, texts[0][0], texts[0][1], first):
        return False
    if len(texts) == 1 and _GROUP_NUMBER.match(texts[0][1]):
        return False  # 一、前期 over the header: the first group's heading
    return not any(_title_like(grid, row, c, t, 0) and grid.span(row, c) > 1 for c, t in texts)


_SUBHEADER_WORDS = re.compile(
    r"金额|占|比|计划|完成|合计|小计|其中|资金|投资|时间|月|数量|%|个数|内容|万元|亿元|情况|规模"
)
_ROW_WORDS = re.compile(r"^(合计|总计|小计|全市|其中|注|说明|填报)|合计$|小计$")
_HEADING = re.compile(
    r"^([一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+[、.．]\D|[①-⑳])"
)
# 一、 and （一）: what numbers a group of projects (projects are numbered 1, 2, 3).
_GROUP_NUMBER = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])")


def _is_subheader_row(grid: Grid, row: int, name_col: int, top: int) -> bool:
    """A row below the header's anchor row that names sub-columns rather than a project."""
    if row >= grid.height:
        return False
    origin = grid.origin(row, name_col)
    if grid.raw(*origin) != "" and origin[0] > top - 1 and origin[0] == row:
        return False  # a project name
    cells = [v for v in grid.rows[row] if v != ""]
    if not cells or any(isinstance(v, int | float) and not isinstance(v, bool) for v in cells):
        return False
    texts = grid.texts(row)
    if not texts:
        return False
    if len(texts) == 1 and _HEADING.match(texts[0][1]):
        return False
    if any(_ROW_WORDS.search(normalize(t)) for _c, t in texts):
        return False  # a 合计 row, a note: data, not header
    under_parent = 0
    for col, text in texts:
        above = grid.origin(row - 1, col)
        spans = grid.span(*above) > 1 or (
            grid.value(row - 1, col) != ""
            and (
                grid.value(row - 1, col - 1) == grid.value(row - 1, col)
                or grid.value(row - 1, col + 1) == ""
            )
        )
        if spans or _SUBHEADER_WORDS.search(text):
            under_parent += 1
    return under_parent * 2 >= len(texts)


def _block(grid: Grid, anchor: tuple[int, int]) -> tuple[int, int]:
    row, col = anchor
    top = bottom = row
    for c in range(grid.width):
        found = grid.spans.get((row, c))
        if found is not None and found[0] > bottom:
            bottom = min(found[0], row + _MAX_HEADER_ROWS - 1)
    while top > 0 and row - top < _MAX_HEADER_ROWS - 1 and _is_parent_row(grid, top - 1):
        top -= 1
    for r in range(top, row):
        for c in range(grid.width):
            found = grid.spans.get((r, c))
            if found is not None and found[0] > bottom:
                bottom = min(found[0], top + _MAX_HEADER_ROWS - 1)
    if (row, col) in grid.spans and grid.spans[(row, col)][0] > row:
        return top, bottom  # the merged 项目名称 cell says how deep the header is
    while bottom - top < _MAX_HEADER_ROWS - 1 and _is_subheader_row(grid, bottom + 1, col, top):
        bottom += 1
    return top, bottom


def _header_cells(grid: Grid, top: int, bottom: int) -> dict[tuple[int, int], str]:
    """Each header cell's text, merged ranges resolved and parents centred across filled in."""
    cells: dict[tuple[int, int], str] = {}
    for r in range(top, bottom + 1):
        for c in range(grid.width):
            cells[(r, c)] = text_of(grid.value(r, c))

    def own_below(r: int, c: int) -> bool:
        return any(
            (rr, c) not in grid.cover and grid.raw(rr, c) != "" for rr in range(r + 1, bottom + 1)
        )

    for r in range(top, bottom):
        for c in range(1, grid.width):
            if (
                not cells[(r, c)]
                and (r, c) not in grid.cover
                and cells[(r, c - 1)]
                and own_below(r, c)
                and own_below(r, c - 1)
            ):
                cells[(r, c)] = cells[(r, c - 1)]
    return cells


def _unit_of(text: str) -> str | None:
    for match in _UNIT_IN_HEADER.finditer(normalize(text)):
        return match.group(1) or match.group(2)
    return None


def _header_rows(grid: Grid) -> tuple[int, int] | None:
    anchors = _anchors(grid)
    best: tuple[int, tuple[int, int]] | None = None
    for anchor in anchors:
        top, bottom = _block(grid, anchor)
        cells = _header_cells(grid, top, bottom)
        count = len({_match(_path(cells, top, bottom, c)) for c in range(grid.width)} - {None})
        if best is None or count > best[0]:
            best = (count, (top, bottom))
    if best is not None and best[0] >= 3:
        return best[1]
    # No 项目名称 cell: the row naming most known columns.
    scored = []
    for row in range(min(grid.height, _SEARCH_ROWS)):
        keys = {_match((t,)) for _c, t in grid.texts(row)} - {None}
        if len(keys) >= 3:
            scored.append((len(keys), -row, row))
    if scored:
        row = max(scored)[2]
        return _block(grid, (row, 0))
    return best[1] if best is not None and best[0] >= 2 else None


def _match(path: tuple[str, ...]) -> str | None:
    found = match_column(list(path))
    return found[0].key if found is not None else None


def _path(cells: dict[tuple[int, int], str], top: int, bottom: int, col: int) -> tuple[str, ...]:
    parts: list[str] = []
    for r in range(top, bottom + 1):
        text = cells.get((r, col), "")
        if text and not _META.search(normalize(text)) and (not parts or parts[-1] != text):
            parts.append(text)
    return tuple(parts)


def detect(sheet: Sheet, override: Override | None = None, grid: Grid | None = None) -> Layout:
    """The header block and columns of ``sheet``; ``override`` (a mapping file) wins."""
    grid = grid or Grid(sheet)
    override = override or Override()
    layout = Layout(sheet.name)
    rows = override.header_rows or _header_rows(grid)
    if rows is None:
        return layout
    top, bottom = rows
    layout.header = rows
    cells = _header_cells(grid, top, bottom)
    _read_above(grid, layout, top, bottom)
    if override.amount_unit:
        layout.unit_name = override.amount_unit
    _read_columns(grid, layout, cells, top, bottom)
    _earlier_years(layout)
    _apply_columns(layout, override, grid, bottom)
    _find_period(layout)
    return layout


def header_at(grid: Grid, layout: Layout, row: int) -> Layout | None:
    """The header that starts at ``row`` below ``layout``'s, if one does: its own columns.

    A second table on the sheet, its columns in another order, under a header
    of its own: the row names the project-name column and two more, or is the
    parent row of the one that does (``投资情况（亿元）`` over its amounts), and
    holds no number.  Its block runs down over merged cells and sub-header
    rows but not above ``row`` (the rows above are read already).  The title,
    the sheet's unit and the period stay ``layout``'s; ``None`` when the row is
    no header.
    """
    if any(isinstance(v, int | float) and not isinstance(v, bool) for v in grid.rows[row]):
        return None
    anchor = _name_cell(grid, row)
    if anchor is None:
        anchor = _name_cell(grid, row + 1)
        if anchor is None or _block(grid, anchor)[0] > row:
            return None  # no header below either, or one this row is no part of
    _top, bottom = _block(grid, anchor)
    found = replace(layout, header=(row, bottom), columns=[], fields={}, problems=[], doubts={})
    _read_columns(grid, found, _header_cells(grid, row, bottom), row, bottom)
    _earlier_years(found)
    return found if len(found.fields) >= 3 else None


def _name_cell(grid: Grid, row: int) -> tuple[int, int] | None:
    """The cell of ``row`` that says 项目名称 (or a header as sure of it), if one does."""
    if row >= grid.height:
        return None
    for col, text in grid.texts(row):
        matched = match_column([text])
        if matched is not None and matched[0].key == "name" and matched[1] >= 90:
            return (row, col)
    return None


def _read_columns(
    grid: Grid, layout: Layout, cells: dict[tuple[int, int], str], top: int, bottom: int
) -> None:
    """Each column's header path, field (the best column of a field wins it) and unit."""
    for col in range(grid.width):
        path = _path(cells, top, bottom, col)
        if not path:
            continue
        column = Column(col, path, hidden=col in grid.sheet.hidden_columns)
        found = match_column(list(path))
        unit = None
        for part in reversed(path):
            unit = _unit_of(part)
            if unit:
                break
        column.unit_name = unit or layout.unit_name
        column.unit = AMOUNT_UNITS[column.unit_name]
        layout.columns.append(column)
        if found is not None:
            column.field = found[0]
            score = found[1]
            held = layout.fields.get(found[0].key)
            if held is None or _rank(column, score) > _rank(held, _score(held)):
                if held is not None:
                    held.note = _second(held, column, found[0].label)
                    held.field = None
                layout.fields[found[0].key] = column
            else:
                column.note = _second(column, held, found[0].label)
                column.field = None
                if found[0].kind == "amount" and _rank(column, score) == _rank(held, _score(held)):
                    # 年度计划投资 beside 调整后年度计划投资: the first is taken, and said,
                    # since the other may be the one meant.
                    layout.doubts.setdefault(
                        found[0].key,
                        (
                            (top, col),
                            f"“{held.header}”（{held.letter} 列）与“{column.header}”"
                            f"（{column.letter} 列）都像{found[0].label}，取 {held.letter} 列；"
                            f"如应取 {column.letter} 列，请在读取方式的 columns 中写 "
                            f"{found[0].label}: {column.letter}",
                        ),
                    )
        else:
            column.note = _why_not(path)


_IGNORED = (
    (re.compile(r"%|百分比|比例|比重|完成率|占比|占.{0,8}比"), "百分比，由数据计算，不读取"),
    (
        # 今年以来 and 年初以来 are this year's (读作本年累计), not since the start.
        re.compile(
            r"开(\(?复\)?)?工(以来|至今|至)|自开工|(?<!年初|今年|本年|当年)以来|开累|历年|"
            r"(含|包括)(以前|往年|上年|历年)|以前年度"
        ),
        "开工以来累计，不是本年的，不读取",
    ),
)


def _why_not(path: tuple[str, ...]) -> str:
    text = "".join(normalize(p) for p in path)
    leaf = normalize(path[-1])
    for pattern, why in _IGNORED:
        if pattern.search(leaf) or pattern.search(text):
            return why
    if is_breakdown(path):
        return "其中的分项，不读取"
    if len(path) > 1 and ONE_MONTH.match(leaf):
        return "单月的数，不是本年累计，不读取"
    if re.search("目标任务|任务目标", text):
        return (
            "年度目标任务，多为文字，不读取"
            "（如为年度计划投资，请在读取方式的 columns 中指定 年度计划投资）"
        )
    return "未识别，不读取"


def _rank(column: Column, score: int) -> tuple[int, bool, int]:
    """Of two columns for one field: the better match, then a shown one, then the later 1—N月.

    A ledger keeps last month's 1—8月 column (often hidden) beside 1—9月.
    """
    return (score, not column.hidden, column_months(column) or 0)


def column_months(column: Column) -> int | None:
    """The N of the 1—N月 (or 截至N月) a column's header names, if it names one."""
    found = _MONTHS.search("".join(normalize(p) for p in column.path))
    return int(found.group(1) or found.group(2)) if found is not None else None


def _second(column: Column, kept: Column, label: str) -> str:
    """Why ``column`` is not read: ``kept`` is the same field, named ``label``."""
    note = f"与 {kept.letter} 列同为{label}，取 {kept.letter} 列"
    return note + "；本列是隐藏列" if column.hidden else note


def _score(column: Column) -> int:
    found = match_column(list(column.path))
    return found[1] if found is not None else 0


def _earlier_years(layout: Layout) -> None:
    """2024年1—6月完成投资 beside 2025年1—6月完成投资 is last year's, not this year's.

    The report's year is the latest one the title or an investment header
    names; a completion column naming an earlier year is the last year's
    (上年同期) when it is the year before, and no field at all otherwise.
    """
    completed = by_key("completed")

    def year_of(text: str) -> int | None:
        found = _YEAR.search(normalize(text))
        return int(found.group(1)) if found is not None else None

    candidates = [
        (column, found[1])
        for column in layout.columns
        if (found := match_column(list(column.path))) is not None and found[0] is completed
    ]
    stated = [y for c, _s in candidates if (y := year_of("".join(c.path))) is not None]
    planned = layout.fields.get("planned")
    for text in (layout.title, "".join(planned.path) if planned is not None else ""):
        if (y := year_of(text)) is not None:
            stated.append(y)
    if not stated:
        return
    now = max(stated)
    current = [(c, s) for c, s in candidates if (y := year_of("".join(c.path))) is None or y >= now]
    earlier = [(c, s) for c, s in candidates if (c, s) not in current]
    if not earlier:
        return
    last_year = by_key("last_year.completed")
    for column, _s in earlier:
        column.field = None
        year = year_of("".join(column.path))
        if year == now - 1 and last_year.key not in layout.fields:
            column.field = last_year
            column.note = ""
            layout.fields[last_year.key] = column
        else:
            column.note = f"{year}年的完成投资，不是 {now}年的，不读取"
    layout.fields.pop(completed.key, None)
    for column, score in current:
        column.field = None
        held = layout.fields.get(completed.key)
        if held is None or _rank(column, score) > _rank(held, _score(held)):
            if held is not None:
                held.note = _second(held, column, completed.label)
                held.field = None
            column.field, column.note = completed, ""
            layout.fields[completed.key] = column
        else:
            column.note = _second(column, held, completed.label)


def _apply_columns(layout: Layout, override: Override, grid: Grid, bottom: int) -> None:
    """Columns named in a mapping file take their fields, by letter or header text."""
    for name, where in override.columns.items():
        target = field_for(name)
        if target is None:
            layout.problems.append((((layout.header or (0, 0))[0], 0), f"未知字段 '{name}'"))
            continue
        index = column_index(where)
        if index is not None and index >= grid.width:
            # Past the last column that holds anything: every row would be
            # "必填，不能为空", blaming the ledger for the mapping's slip.
            last = column_letter(grid.width - 1) if grid.width else "A"
            layout.problems.append(
                (
                    ((layout.header or (0, 0))[0], 0),
                    f"映射中 {target.label} 对应的 {where.strip().upper()} 列超出表格"
                    f"（表格最右为 {last} 列），请核对列号",
                )
            )
            continue
        column = next((c for c in layout.columns if c.index == index), None)
        if index is not None and column is None:
            column = Column(index, (f"{column_letter(index)}列",))
            column.unit_name, column.unit = layout.unit_name, AMOUNT_UNITS[layout.unit_name]
            layout.columns.append(column)
            layout.columns.sort(key=lambda c: c.index)
        if column is None:
            wanted = normalize(where).replace("›", "").replace(">", "")
            column = next(
                (c for c in layout.columns if normalize("".join(c.path)) == wanted), None
            ) or next((c for c in layout.columns if wanted in normalize("".join(c.path))), None)
        if column is None:
            layout.problems.append(
                (
                    ((layout.header or (0, 0))[0], 0),
                    f"映射中 {target.label} 对应的列 '{where}' 在表头中找不到",
                )
            )
            continue
        previous = layout.fields.get(target.key)
        if previous is not None and previous is not column:
            previous.field = None
            previous.note = f"映射指定 {target.label} 取 {column.letter} 列"
        for key, held in list(layout.fields.items()):
            if held is column and key != target.key:
                del layout.fields[key]
        column.field = target
        column.note = "映射指定"
        layout.fields[target.key] = column
        layout.doubts.pop(target.key, None)


def _read_above(grid: Grid, layout: Layout, top: int, bottom: int) -> None:
    """The title and the ``单位：`` line above the header (or in its corner)."""
    titles: list[str] = []
    for row in range(0, bottom + 1):
        texts = grid.texts(row)
        if row < top and len(texts) == 1 and _section(texts[0][1]):
            # 一、新开工项目 under the title (or with none above it): a sheet in
            # sections whose first heading stands above the header, not the title.
            layout.headings.append((texts[0][1], (row, texts[0][0])))
            continue
        for col, text in texts:
            unit = _UNIT_LINE.search(normalize(text))
            if unit is not None:
                layout.unit_name = unit.group(1)
                layout.unit_cell = (row, col)
            elif row < top and not _ATTACHMENT.match(normalize(text)):
                if _META.search(normalize(text)):
                    # 填报日期：2025年10月8日 is no period of the table, but its year may be.
                    date = _FILED.search(normalize(text))
                    if date is not None and layout.filed is None:
                        layout.filed = (int(date.group(1)), int(date.group(2)), (row, col))
                    continue
                if not titles:
                    layout.title_cell = (row, col)
                titles.append(text)
    layout.title = " ".join(titles)


def _section(text: str) -> bool:
    """一、新开工项目: a group's heading; （一）1—6月进展情况 is the title's second line."""
    plain = normalize(text)
    return (
        _GROUP_NUMBER.match(plain) is not None
        and _MONTHS.search(plain) is None
        and _YEAR.search(plain) is None
    )


def _find_period(layout: Layout) -> None:
    completed = layout.fields.get("completed")
    header_row = layout.header[0] if layout.header is not None else 0
    sources: list[tuple[str, tuple[int, int]]] = []
    if completed is not None:
        sources += [(part, (header_row, completed.index)) for part in completed.path]
    sources.append((layout.title, layout.title_cell))
    sources.append((layout.sheet, (0, 0)))
    for text, where in sources:
        found = _MONTHS.search(normalize(text))
        if found is not None and layout.months is None:
            layout.months = (int(found.group(1) or found.group(2)), where)
    if layout.months is None and completed is not None:
        for part in completed.path:  # 前三季度完成投资, 上半年完成
            stated = _title_months(normalize(part))
            if stated is not None:
                layout.months = (stated, (header_row, completed.index))
                break
    title = normalize(layout.title)
    found = _MONTHS.search(title)
    stated = int(found.group(1) or found.group(2)) if found is not None else _title_months(title)
    if stated is not None:
        layout.title_months = (stated, layout.title_cell)
        if layout.months is None:
            layout.months = layout.title_months
    planned = layout.fields.get("planned")
    if planned is not None:
        sources.insert(0, ("".join(planned.path), (header_row, planned.index)))
    for text, where in sources:
        found = _YEAR.search(normalize(text))
        if found is not None:
            layout.year = (int(found.group(1)), where)
            break
    if layout.year is None and layout.filed is not None:
        # Filed before the period ends (1—12月 in January): the year before.
        year, month, where = layout.filed
        ends = layout.months[0] if layout.months is not None else month
        layout.year = (year if month >= ends else year - 1, where)
        layout.year_filed = True


_PERIOD_WORDS = (
    (re.compile(r"前三季度"), 9),
    (re.compile(r"(一|第一|1)季度"), 3),
    (re.compile(r"上半年|半年"), 6),
    (re.compile(r"全年"), 12),
)
_MONTH_OF_YEAR = re.compile(r"20\d\d年(\d{1,2})月(?:份|底|末)?")


def _title_months(title: str) -> int | None:
    """The cumulative months a title states without 1—N月: 2025年6月, 上半年, 前三季度."""
    found = _MONTH_OF_YEAR.search(title)
    if found is not None and 1 <= int(found.group(1)) <= 12:
        return int(found.group(1))
    for pattern, months in _PERIOD_WORDS:
        if pattern.search(title):
            return months
    return None


def required_missing(layout: Layout, keys: Sequence[str]) -> list[str]:
    """Labels of the required fields in ``keys`` the layout has no column for."""
    return [by_key(k).label for k in keys if k not in layout.fields]
