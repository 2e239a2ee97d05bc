"""A sheet's rows below the header → project mappings, each value with its cell.

Rows that are no project are passed over: blank rows, the 1 2 3 numbering
row under a header, group headings (``一、产业类项目``, which may carry the
stage, unit or category of the rows under them, and the group's sums beside
them: ``一、续建项目（3个）``), 小计 and ``其中：`` rows, and notes
(``填报说明：…``).  A 合计 row is kept aside and checked against the
sum of the rows it covers.  Each value is converted in the office's terms —
amounts in the column's unit (``'1,200'`` stored as text too), stage words
(新建 → 新开工, 在建 → 续建, 建成 → 竣工, 储备 → 前期), yes/no words (是, √,
已开工), months and dates — and a value that cannot be read becomes a
diagnostic at its cell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

from bulletin.load import cell_text_fault
from bulletin.model import AMOUNT_UNITS
from bulletin.sources.fields import Field, by_key, normalize
from bulletin.sources.layout import (
    _GROUP_NUMBER,
    _HEADING,
    _UNIT_LINE,
    Column,
    Grid,
    Layout,
    cell_name,
    column_months,
    header_at,
    text_of,
)
from bulletin.sources.workbook import Cell

__all__ = [
    "CellRef",
    "Fault",
    "SheetRows",
    "read_rows",
    "stage_from_sheet_name",
    "stage_word",
    "unit_from_sheet_name",
]

#: (sheet, cell) of a value: ``("1—6月", "H12")``.
CellRef = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Fault:
    """A value that could not be read, at its cell, about a field (its label)."""

    where: CellRef
    label: str
    message: str
    severity: str = "error"
    #: Index of the project among the sheet's and the field key (``None``: not a project's).
    project: int | None = None
    key: str = ""


class RowCells:
    """The cell of each field of one project row: ``cells.get("planned")`` → ``("1—6月", "H12")``.

    ``""`` names the row's project-name cell.  Built lazily from the row and
    the sheet's column letters, since most are never asked for.
    """

    __slots__ = ("letters", "row", "sheet")

    def __init__(self, sheet: str, row: int, letters: dict[str, str]) -> None:
        self.sheet = sheet
        self.row = row
        self.letters = letters

    def get(self, key: str, default: CellRef | None = None) -> CellRef | None:
        """The cell of field ``key`` in this row, or ``default``."""
        letter = self.letters.get(key)
        return (self.sheet, f"{letter}{self.row + 1}") if letter is not None else default

    def __getitem__(self, key: str) -> CellRef:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found


@dataclass
class SheetRows:
    """What one sheet yielded: projects (mappings), the cell of each value, faults."""

    projects: list[dict[str, Any]] = field(default_factory=list)
    #: Per project: field key → cell; ``""`` → the row's project-name cell.
    cells: list[RowCells] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    #: (project index, field key) of values a fault names with others', not one by one.
    quiet: list[tuple[int, str]] = field(default_factory=list)
    #: Projects whose start cell names a month of an earlier year (续建 begun in 2024):
    #: they have a start, only none this year.
    earlier_start: set[int] = field(default_factory=set)
    #: The headers of further tables on the sheet, each read by its own columns.
    tables: list[Layout] = field(default_factory=list)


_BLANKS = {"", "-", "—", "——", "/", "／", "无", "暂无", "－", "–", "\\", "空"}
_STAGES = {
    "前期": "前期",
    "储备": "前期",
    "拟建": "前期",
    "谋划": "前期",
    "预备": "前期",
    "前期工作": "前期",
    "前期推进": "前期",
    "新开工": "新开工",
    "新建": "新开工",
    "新开": "新开工",
    "计划新开工": "新开工",
    # To begin this year, not begun: a new start planned (开工时间 says if it began).
    "拟开工": "新开工",
    "待开工": "新开工",
    "续建": "续建",
    "在建": "续建",
    "续建在建": "续建",
    # Part of it at work, the rest still being built: not yet finished.
    "部分投产": "续建",
    "部分投用": "续建",
    "部分建成": "续建",
    "竣工": "竣工",
    "建成": "竣工",
    "完工": "竣工",
    "已竣工": "竣工",
    "已建成": "竣工",
    "建成投产": "竣工",
    "竣工投产": "竣工",
    "竣工投用": "竣工",
    "投产": "竣工",
    "投用": "竣工",
    "已投产": "竣工",
    "建成投用": "竣工",
}
_LEVELS = {
    "省级": "省级",
    "省": "省级",
    "省重点": "省级",
    "省级重点": "省级",
    "市级": "市级",
    "市": "市级",
    "市重点": "市级",
    "市级重点": "市级",
    "县级": "县级",
    "县": "县级",
    "区级": "县级",
    "县区级": "县级",
    "县(区)级": "县级",
    "县重点": "县级",
    "区重点": "县级",
}
# A digit is the whole cell: 13月开工 is no 1.
# 在建, 完工: a project at work or finished has begun.
_YES = re.compile(
    r"^(是|√|✓|✔|☑|y|yes|true|1$|对|有|已开工|已复工|已开复工|开工|已开|已|●|"
    r"在建|部分开工|完工|竣工|建成|投产)"
)
_NO = re.compile(r"^(否|×|✗|✕|✘|☐|n|no|false|0$|无|未|没有|不|○)")
_TOTAL = re.compile(r"^(合计|总计|全市合计|总合计|全县合计|全区合计|共计|总计合计)$|合计$|总计$")
_SUBTOTAL = re.compile(r"小计$|^小计")
_NOTE = re.compile(
    r"^(注\s*\d*\s*[:：、.．]|注$|备注[:：]|说明[:：]|填报说明|填表说明|"
    r"(填报|填表|制表|审核|联系|统计|单位负责|负责)人?[:：]|联系电话|数据来源)"
)
# First characters and endings of the rows that are no project: 合计, 小计,
# 其中, notes; a label without one is a project name, not normalised to test.
_MARKS = frozenset("合总小其注备说填制审联统单负数共全")
_ENDS = ("计", "人", "：", ":", "）", ")")
# 合计（45个）, 东城区小计（3个）: the count in brackets after a total's word.
_COUNT = re.compile(r"\([^()]*\)$")
# 一、 一 （一） (一): a group's number in the 序号 column (projects are 1, 2, 3).
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+[、.．]?|\([一二三四五六七八九十]+\)[、.．]?)$")
# The 栏次 row under a statistics office's header: 甲 乙 1 2 3 4=3/2 5=4÷2×100%.
_NUMBERING = re.compile(r"^(\d+|[甲乙丙丁戊己庚辛壬癸]|[①-⑳]|\d+\s*[=＝][\d\s+\-−×*/÷（）()%.]+)$")
# 西城区合计, 东城区 总计: one unit's total in a ledger of several, not the grand total.
_UNIT_TOTAL = re.compile(r"^(?!全).{1,12}?(区|县|镇|乡|街道|园区|旗)(合计|总计)$")
# 1-1, 1.2, 1－3 in the 序号 column: a part of project 1 (a 打捆 project's), not one of its own.
_PART_NUMBER = re.compile(r"^(\d+)\s*[-—－.．]\s*\d+$")
# 市级重点项目（1个）, 续建项目 3项: a group's count, on a breakdown of the total (a 其中
# row without the word) or on the heading of the group, beside its sums.
_COUNT_ONLY = re.compile(r"(?:[(（]\s*共?\s*\d+\s*[个项](项目)?\s*[)）]|项目\s*共?\d+\s*[个项])$")
# What a label must begin or end with to be looked at as a group's: most names do not.
_GROUP_FIRST = frozenset("一二三四五六七八九十(（")
_COUNT_LAST = frozenset("个项)）")
# The cells a project has and a group's sums have not: its words, stage and level
# (a subtotal row may count its started projects in 是否开工).
_OWN_KINDS = frozenset({"text", "stage", "level"})
_GENERIC_SHEET = re.compile(
    r"^(sheet\d*|工作表\d*|表\d*|台账|项目|明细|清单|全市|总表|重点项目|项目台账|数据|\d+)$"
)
_SHEET_NOISE = re.compile(
    r"20\d\d年?|\d+\s*[—–\-~～至]\s*\d+月份?|\d+月份?|重点项目|项目|台账|明细|清单|表$"
)
# Two places or more, each a unit's name: 河口镇、青龙乡, 东城区/西城区.
_SEVERAL_UNITS = re.compile(
    r"^[^、，,/／;；]+?(区|县|市|旗|镇|乡|街道)(\s*[、，,/／;；]\s*[^、，,/／;；]+?(区|县|市|旗|镇|乡|街道))+$"
)
_UNIT_WORD = re.compile(r"(区|县|市|旗|镇|乡|街道|园区|开发区|新区|管委会|示范区)$")
_MONTH_TEXT = re.compile(
    r"^(?:(20\d\d)\s*[年./\-]\s*)?(\d{1,2})\s*(?:月份?)?"
    r"(?:[./\-]\s*(?P<day>\d{1,2})\s*日?|(?P<day_said>\d{1,2})日|(上|中|下)旬|底|末|初)?$"
)
_YEAR_MONTH_TEXT = re.compile(
    r"^(20\d\d)\s*(?:年|[./\-])\s*(?:(\d{1,2})\s*(?:月份?)?"
    r"(?:[./\-]\s*(?P<day>\d{1,2})\s*日?|(?P<day_said>\d{1,2})日|(上|中|下)旬|底|末|初)?)?"
    r"\s*(?:年)?(?:底|末)?$"
)


def _how_many(row: int, col: int, cells: int) -> str:
    """（G5 等 3 个单元格） after a fault said once for a column's cells; nothing for one."""
    return f"（{cell_name(row, col)} 等 {cells} 个单元格）" if cells > 1 else ""


def _no_such_day(found: re.Match[str], year: int | None, month: int) -> bool:
    """Whether a date's day (of _MONTH_TEXT or _YEAR_MONTH_TEXT) is none of its month's:
    2025-02-30 is a typing slip, not February.  Without a year, 2-29 may be a leap day."""
    day = found.group("day") or found.group("day_said")
    if day is None or not 1 <= month <= 12:
        return False
    last = calendar.monthrange(year if year is not None else 2024, month)[1]
    return not 1 <= int(day) <= last


# 计划8月, 预计2025年9月, 拟于9月: a month intended, not one that happened.
_PLANNED = re.compile(r"^(计划|预计|拟)(于|在)?")
# 开工情况 as words with a month: 2025年3月已开工, 已于4月开工, 计划9月开工,
# 是（3月）, 已开工(2025年4月).
_START_WORDS = re.compile(
    r"^(?P<plan>(计划|预计|拟)(于|在)?)?(已于|已经|已|于)?(?:(?P<year>20\d\d)年)?"
    r"(?P<month>\d{1,2})月份?(底|末|初|上旬|中旬|下旬)?(已经|已)?(开(\(?复\)?)?工|复工)(建设)?$|"
    r"^(是|√|已开工|已复工|已开复工)[(,，:：]?(?:(?P<year2>20\d\d)年)?(?P<month2>\d{1,2})月份?"
    r"(开工|复工)?\)?$"
)


@dataclass(frozen=True, slots=True)
class _StartSaid:
    """What a 开工情况 cell that names a month says: begun in it, or to begin in it."""

    started: bool
    year: int | None
    month: int

    def in_year(self, year: int | None) -> bool:
        """Whether the month is of ``year`` (or no year is known, of either)."""
        return self.year is None or year is None or self.year == year


def _start_said(text: str) -> _StartSaid | None:
    """What a normalised cell like 2025年3月已开工 or 计划9月开工 says; ``None`` if it is none."""
    said = _START_WORDS.match(text)
    if said is None or not 1 <= int(month := said["month"] or said["month2"]) <= 12:
        return None
    year = said["year"] or said["year2"]
    return _StartSaid(said["plan"] is None, int(year) if year else None, int(month))


_LIST_SPLIT = re.compile(r"\r?\n|[；;](?=\s*(?:\d+|[一二三四五六七八九十]+|[①-⑳])[、.．)）])")
_LIST_MARK = re.compile(r"^\s*(?:(?:\d+|[一二三四五六七八九十]+)[、.．)）]|[(（]\d+[)）]|[①-⑳])\s*")


# Fields that are one name: a line break in the cell is only the column's width
# (Alt+Enter), except between the units or leaders a cell lists one per line.
_ONE_LINE = {
    "name": "",
    "unit": "",
    "category": "",
    "owner": "、",
    "responsible_unit": "、",
    "leader": "、",
}
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


def _one_line(text: str, key: str) -> str:
    """山阳大道⏎改造工程 → 山阳大道改造工程; 5G⏎Park → 5G Park; 市住建局⏎市城管局 → 两者以、分开."""
    parts = [p for p in _LINE_BREAK.split(text) if p]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if out[-1:].isascii() and out[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum():
            out += " " + part
        elif part[:1] in "(（":
            out += part
        elif key == "unit" and _UNIT_WORD.search(out) and _UNIT_WORD.search(part):
            out += "、" + part  # 河口镇⏎青龙乡: two units, said so by _SEVERAL_UNITS
        else:
            out += _ONE_LINE[key] + part
    return out


# Spaces other than the plain one, which a name copied from a web page or Word
# brings (U+00A0), or a full-width or thin space typed to align it.
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
#: The texts that name a project or group projects, whose odd spaces are made plain
#: (a leader's 市长　王某 keeps its full-width space, which parts title from name).
_PLAIN_SPACED = frozenset({"name", "unit", "category"})


def _plain_spaces(text: str) -> str:
    """甲\u00a0工程 → 甲工程, Phase\u00a0II → Phase II; plain spaces are left as typed.

    An odd space between two wide characters (汉字, full-width brackets) is no
    word gap but layout, and goes; elsewhere it is a plain space.  Otherwise one
    name would be two projects or two units, by a character no one sees.
    """

    def plain(run: re.Match[str]) -> str:
        if _ODD_SPACE.search(run.group()) is None:
            return run.group()
        before, after = text[run.start() - 1 : run.start()], text[run.end() : run.end() + 1]
        if before and after and _wide(before) and _wide(after):
            return ""
        return " "

    return _SPACES.sub(plain, text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _sheet_words(name: str) -> tuple[str, str] | None:
    """What a sheet's name says beyond its number, year, period and 项目 (as typed and
    normalised): 东城区 of ``2.东城区重点项目（12个）``; ``None`` for Sheet1 or 台账."""
    bare = normalize(name)
    if _GENERIC_SHEET.match(bare):
        return None
    stripped = re.sub(r"^\s*\d+\s*[.、．\-_ ]\s*|[(（][^)）]*[)）]", "", name.strip())
    stripped = _SHEET_NOISE.sub("", stripped).strip(" -—_()（）")
    plain = normalize(stripped)
    if not plain or _GENERIC_SHEET.match(plain):
        return None
    return stripped, plain


def unit_from_sheet_name(name: str) -> str | None:
    """The unit a sheet is named after: ``东城区``, ``2.东城区重点项目（12个）`` → 东城区."""
    words = _sheet_words(name)
    if words is None:
        return None
    stripped, plain = words
    if plain in _STAGES or plain in _LEVELS or plain.removesuffix("重点") in _LEVELS:
        return None  # 新开工, 续建项目, 省级重点项目: sheets by stage or level, of every unit
    return stripped


def stage_word(text: str) -> str | None:
    """The stage a cell's normalised text says: 续建, 续建项目, 在建, 续建（复工） → 续建."""
    stage = _STAGES.get(text) or _STAGES.get(re.sub(r"(项目|类)+$", "", text))
    if stage is None:
        # 续建（复工）, 新建(当年开工): the stage word, explained in brackets.
        stage = _STAGES.get(re.sub(r"\s*[(（][^()（）]*[)）]$", "", text))
    return stage


def stage_from_sheet_name(name: str) -> str | None:
    """The stage a sheet is named after: ``续建项目``, ``2.新开工项目（12个）`` → 续建, 新开工."""
    words = _sheet_words(name)
    return _STAGES.get(words[1]) if words is not None else None


def _number(value: Cell) -> Decimal | None:
    """A numeric cell as an exact Decimal, as Excel shows it (15 significant digits)."""
    if type(value) is float and -1e15 < value < 1e15:  # the usual cell, and finite
        return Decimal(int(value)) if value.is_integer() else Decimal(format(value, ".15g"))
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return Decimal(int(value))
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return Decimal(format(value, ".15g"))
    return None


def _plain(number: Decimal) -> str:
    if number == 0:
        return "0"
    return format(number.normalize(), "f")


# 1,200 and 12,000.5: separators every three digits (1,2000 and 12,00 are typing slips).
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?(万亿元|万亿|亿元|亿|万元|万|元)?$")
_AMOUNT_TEXT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(万亿元|万亿|亿元|亿|万元|万|元)?$")


_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class _Amount:
    wan: Decimal
    as_text: bool  # stored as text: Excel's SUM leaves it out


def _amount(value: Cell, column: Column) -> _Amount | str | None:
    """An amount in 万元; ``None`` for an empty cell; a message for a value that is not one."""
    number = _number(value)
    if number is not None:
        if number < 0:
            return f"金额不能为负数，得到 {_plain(number)}"
        return _Amount(number * column.unit, False)
    if isinstance(value, str):
        # ６５００ and ３００．５ typed with a Chinese input method are 6500 and 300.5.
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", value))
        if text in _BLANKS:
            return None
        if "," in text:
            if not _GROUPED.match(text):
                return f"应为数字，得到 {value.strip()!r}（千位分隔符的位置不对）"
            text = text.replace(",", "")
        match = _AMOUNT_TEXT.match(text)
        if match is None:
            return f"应为数字，得到 {value.strip()!r}"
        unit = AMOUNT_UNITS[match.group(2)] if match.group(2) else column.unit
        if match.group(1).startswith("-"):
            return f"金额不能为负数，得到 {value.strip()!r}"
        return _Amount(Decimal(match.group(1)) * unit, True)
    if value == "" or value is None:
        return None
    return f"应为数字，得到 {text_of(value)!r}"


class _Reader:
    """Reads one sheet's rows; ``year`` is the report's, for dates in month columns."""

    def __init__(
        self,
        grid: Grid,
        layout: Layout,
        year: int | None,
        default_unit: str | None,
        skip_rows: set[int],
        default_stage: str | None = None,
    ) -> None:
        self.grid = grid
        self.layout = layout
        self.year = year
        self.default_unit = default_unit
        self.default_stage = default_stage
        self.skip = skip_rows
        self.out = SheetRows()
        self.group: dict[str, str] = {}
        #: The keys of ``group`` said since the last project: what heads a second table
        #: (二、续建项目 above its header) rather than the first table's rows.
        self.fresh: set[str] = set()
        #: (row, amounts by field key) of 合计 rows, and project rows covered so far.
        self.pending: list[int] = []
        self.text_cells: dict[str, list[tuple[str, Decimal]]] = {}
        self.uncalculated = grid.sheet.uncalculated
        #: Rows with a cell a merge covers or a formula without a result (the title's
        #: merge covers none of the projects'): only theirs are looked at cell by cell.
        self.errors = grid.sheet.errors
        self.odd_rows = (
            {row for row, _col in grid.cover}
            | {row for row, _col in self.uncalculated}
            | {row for row, _col in self.errors}
        )
        #: Per field, the (row, column, project) of formula cells without a result.
        self.formulas: dict[str, list[tuple[int, int, int]]] = {}
        #: Per field, the (row, column, project, error) of cells holding a formula's error.
        self.failed: dict[str, list[tuple[int, int, int, str]]] = {}
        self.reading = False  # within a project row
        #: After a 其中 row, until a project: its lines break the total down, head no group.
        self.breakdown = False
        #: Whether the sheet puts its 小计 rows above their projects, as its first says.
        self.subtotals_above: bool | None = None
        self.last_number = ""  # the 序号 of the row read last, for its parts (1-1, 1-2)
        self.normalized: dict[tuple[type, Cell], str] = {}
        for heading, _cell in layout.headings:
            self._remember(_HEADING.sub("", heading))
        self.parts_of = ""  # the project whose parts were said to be left to it
        # A project's texts are its cells' (stripped, joined, split): a sheet
        # none of whose cells holds a faulty character needs no row checked.
        texts = "".join([v for r in grid.rows for v in r if isinstance(v, str)])
        self.faulty_texts = cell_text_fault(texts) is not None
        # The same for odd spaces: on a sheet with one, names go through _text, which
        # makes them plain, rather than being read as they are by the row loop.
        self.odd_spaces = _ODD_SPACE.search(texts) is not None
        self._use(layout)

    def _use(self, layout: Layout) -> None:
        """Read the rows from here on by ``layout``'s columns (a second header's, below)."""
        self.layout = layout
        #: Each header column's index and last header text, normalised once.
        self.headers = [(c.index, normalize(c.path[-1])) for c in layout.columns if c.path]
        name_col = layout.fields.get("name")
        self.name_header = (
            (name_col.path[-1].strip(), normalize(name_col.path[-1]))
            if name_col is not None and name_col.path
            else None
        )
        self.plan = [
            (
                key,
                column.index,
                column,
                by_key(key),
                _CONVERTERS[by_key(key).kind],
                _blank_is_none(by_key(key)),
                None if self.odd_spaces and key in _PLAIN_SPACED else _usual(by_key(key)),
            )
            for key, column in layout.fields.items()
            if by_key(key).kind != "seq"
        ]
        indices = [index for _key, index, *_rest in self.plan]
        #: The cells a row needs (a shorter row is padded), and the fields' values of one:
        #: taken at once in C, rather than looked up one by one.
        self.width = max(indices, default=-1) + 1
        self.fetch: Callable[[Sequence[Cell]], Sequence[Cell]] = (
            operator.itemgetter(*indices)
            if len(indices) > 1
            else lambda cells: tuple(cells[i] for i in indices)  # itemgetter(i) gives no tuple
        )
        #: Whether the sheet has a column of a project's own besides its name (a unit's,
        #: a stage's), which a heading or a total's breakdown leaves blank.
        self.own = {
            index
            for key, index, _c, fld, *_r in self.plan
            if fld.kind in _OWN_KINDS and key != "name"
        }
        self.has_own = bool(self.own)
        name = layout.fields.get("name")
        self.letters = {key: column.letter for key, column in layout.fields.items()}
        self.letters[""] = name.letter if name is not None else "A"
        if "last_year.completed" in self.letters:
            self.letters["last_year"] = self.letters["last_year.completed"]
        #: The amount columns, whose cells hold text in a header row and numbers in a project's,
        #: and their cells of a row, taken at once in C (a header is looked for on every row).
        self.amount_indices = [
            index for _k, index, _c, fld, *_r in self.plan if fld.kind == "amount"
        ]
        amounts = self.amount_indices
        self.amounts: Callable[[Sequence[Cell]], Sequence[Cell]] = (
            operator.itemgetter(*amounts)
            if len(amounts) > 1
            else lambda cells: tuple(cells[i] for i in amounts)
        )

    def where(self, row: int, col: int) -> CellRef:
        return (self.layout.sheet, cell_name(*self.grid.origin(row, col)))

    def fault(self, row: int, col: int, fld: Field, message: str, severity: str = "error") -> None:
        index = len(self.out.projects) if self.reading else None
        self.out.faults.append(
            Fault(self.where(row, col), fld.label, message, severity, index, fld.key)
        )

    def run(self) -> SheetRows:
        name_col, name_index, seq_index = self._indices()
        totals: list[tuple[int, int]] = []  # (row, projects read before it)
        table_start = 0  # the first project under the header
        header_end = -1  # the last row of a second table's header
        numbering_allowed = 2
        rows = self.grid.rows
        for row in range(self.layout.data_start, self.grid.height):
            if row + 1 in self.skip or row <= header_end:
                continue
            cells = rows[row]
            # The cells neither "" nor None (which no reader should give, but one
            # may), counted in C rather than by a generator over 220,000 cells.
            filled = len(cells) - cells.count("") - cast("list[object]", cells).count(None)
            if not filled:
                continue
            if self._continues_last(row, cells, name_index):
                continue
            if numbering_allowed:
                numbering_allowed -= 1
                if self._numbering([v for v in cells if v != "" and v is not None]):
                    numbering_allowed = 0
                    continue
            label = ""
            if 0 <= name_index < len(cells) and cells[name_index] != "":
                named = cells[name_index]
                label = named.strip() if type(named) is str else text_of(named)
                first = cells[0] if name_index > 0 else ""
                if isinstance(first, str) and first.strip() and first.strip()[:1] in "合总小其":
                    # 合计, 其中：, 小计 in the 序号 column, the group's words beside it.
                    mark = normalize(first).rstrip(":：")
                    if _TOTAL.search(mark) or mark.startswith("其中"):
                        label = first
                    elif _SUBTOTAL.search(mark):
                        label = f"{label}小计"
            texts = None
            if not label:
                texts = self.grid.texts(row)
                label = texts[0][1] if texts else ""
            if label[:1] in _MARKS or label.endswith(_ENDS):
                norm = normalize(label).rstrip(":：")
                if _NOTE.match(norm):
                    continue
                norm = _COUNT.sub("", norm)
                if _UNIT_TOTAL.match(norm):
                    continue
                if _TOTAL.search(norm) and not _SUBTOTAL.search(norm):
                    totals.append((row, len(self.out.projects)))
                    continue
                # A part or a subtotal has no number of its own; a project numbered
                # 3 whose name starts 其中心… or 小计量… is a project.
                numbered = 0 <= seq_index < len(cells) and type(cells[seq_index]) in (int, float)
                if norm.startswith("其中") and not numbered:
                    self.breakdown = True
                    continue
                if _SUBTOTAL.search(norm) and not numbered:
                    self._subtotal(label, len(self.out.projects) - table_start)
                    continue
            below = self._titled_header(row) if filled <= 2 else None
            if below is None:
                if filled == 1 and self._group(row, texts or self.grid.texts(row), name_col):
                    continue
                if self._repeated_header(cells, label):
                    continue
                try:
                    words = str in map(type, self.amounts(cells))  # the usual row: numbers
                except IndexError:
                    words = True  # a row shorter than the header: looked at cell by cell
                if words and self._header_like(cells):
                    below = header_at(self.grid, self.layout, row)
            if below is not None:
                at = (below.header or (row, row))[0]  # under a title line, the header's own row
                if not self._same_fields(at, below):
                    break  # said at the row: what is under it is another kind of table
                self._same_months(at, below)
                # A second table, its columns in another order: its rows by its header,
                # and its 合计 checked against its own projects.
                self._check_totals(totals, table_start)
                totals, table_start = [], len(self.out.projects)
                # The first table's headings (一、新开工项目) are not the second's: only
                # what was said between its last project and this header heads its rows.
                self.group = {k: v for k, v in self.group.items() if k in self.fresh}
                self._use(below)
                self.out.tables.append(below)
                name_col, name_index, seq_index = self._indices()
                header_end = below.data_start - 1
                numbering_allowed = 2
                continue
            if self._group_sums(row, cells, label, seq_index):
                continue
            if self.breakdown and self._breaks_down(row, cells, seq_index):
                continue
            if self._part_of_last(row, cells, seq_index):
                continue
            if (
                0 <= seq_index < len(cells)
                and isinstance(cells[seq_index], str)  # projects are numbered 1, 2, 3
                and self._numbered_heading(row, cells, name_index)
            ):
                continue
            self.reading = True
            self.breakdown = False
            self._project(row)
            self.reading = False
        self._check_totals(totals, table_start)
        self._fault_formulas()
        return self.out

    def _indices(self) -> tuple[Column | None, int, int]:
        """The name column, its index and the 序号 column's (-1: none) by the layout in use."""
        name = self.layout.fields.get("name")
        seq = self.layout.fields.get("seq")
        return name, name.index if name is not None else -1, seq.index if seq is not None else -1

    def _header_like(self, cells: list[Cell]) -> bool:
        """Whether a row may be a header: words where a project has its amounts."""
        for index in self.amount_indices:
            value = cells[index] if index < len(cells) else ""
            if type(value) is str:
                text = value.strip()
                if text and text not in _BLANKS and not text[0].isdigit() and text[0] not in "+-.":
                    return True
        return False

    def _titled_header(self, row: int) -> Layout | None:
        """表二：基础设施项目 | 单位：亿元 just above a second header: the table's title and
        unit lines, read with its header (their unit its amounts'), else ``None``.

        One line or two, of words only: a title (six characters or more, in no
        column of a project's own: its unit's, or its name's unless merged across)
        and a ``单位：`` line.  A numbered heading there (二、前期项目) heads the rows
        under the header instead, and a project's name alone is a project.
        """
        grid = self.grid
        unit: tuple[str, tuple[int, int]] | None = None
        name = self.layout.fields.get("name")
        for at in (row, row + 1):
            # A project's cells, and its name's unless a title's merge spans it.
            mine = self.own | (
                {name.index} if name is not None and grid.span(at, name.index) < 2 else set()
            )
            texts = grid.texts(at)
            if (
                not texts
                or len(texts) > 2
                or any(
                    isinstance(v, int | float) and not isinstance(v, bool) for v in grid.rows[at]
                )
            ):
                return None
            titled = False
            for col, text in texts:
                plain = normalize(text)
                said = _UNIT_LINE.search(plain)
                if said is not None:
                    unit = (said.group(1), (at, col))
                elif titled or len(plain) < 6 or _GROUP_NUMBER.match(plain) or col in mine:
                    return None
                else:
                    titled = True
            top = at + 1
            if top < grid.height and self._header_like(grid.rows[top]):
                layout = self.layout
                if unit is not None:
                    layout = replace(layout, unit_name=unit[0], unit_cell=unit[1])
                below = header_at(grid, layout, top)
                if below is not None:
                    return below
        return None

    def _same_fields(self, row: int, below: Layout) -> bool:
        """Whether a second header names the fields the first does; if not, a fault at it.

        The sheet's checks (a column missing, no start months) are the first
        header's: a second table with other columns cannot be read as its rows.
        """
        have, has = set(self.layout.fields), set(below.fields)
        if have == has:
            return True
        first = (self.layout.header or (0, 0))[0]
        missing = "、".join(by_key(k).label for k in self.layout.fields if k not in has)
        extra = "、".join(by_key(k).label for k in below.fields if k not in have)
        differs = "；".join(
            part
            for part in (
                f"没有 {missing} 列" if missing else "",
                f"多了 {extra} 列" if extra else "",
            )
            if part
        )
        self.out.faults.append(
            Fault(
                (self.layout.sheet, cell_name(row, 0)),
                "",
                f"第 {row + 1} 行是又一个表头，与第 {first + 1} 行的表头列不同（{differs}）："
                "其下各行未读取；请把这张表移到另一个工作表，或使两个表头的列相同",
            )
        )
        return False

    def _same_months(self, row: int, below: Layout) -> None:
        """A fault at a second header whose 1—N月 is not the first's (last month's table)."""
        first, second = (layout.fields.get("completed") for layout in (self.layout, below))
        if first is None or second is None:
            return
        was, now = column_months(first), column_months(second)
        if was is not None and now is not None and was != now:
            self.out.faults.append(
                Fault(
                    (self.layout.sheet, cell_name(row, second.index)),
                    "",
                    f"第 {row + 1} 行的表头为 1—{now}月，与第 "
                    f"{(self.layout.header or (0, 0))[0] + 1} 行表头的 1—{was}月 不符",
                )
            )

    def _fault_formulas(self) -> None:
        """One error per column for its formula cells without a result, at the first; one
        likewise for its cells holding a formula's error (#DIV/0!, #N/A)."""
        for key, cells in self.formulas.items():
            row, col, project = cells[0]
            count = _how_many(row, col, len(cells))
            self.out.faults.append(
                Fault(
                    self.where(row, col),
                    by_key(key).label,
                    f"公式没有计算结果{count}：文件只存了公式、没有存结果，"
                    "程序生成而未经 Excel 或 WPS 保存的文件如此；"
                    "请在 Excel 或 WPS 中打开、保存后再试",
                    "error",
                    project,
                    key,
                )
            )
            self.out.quiet += [(index, key) for _r, _c, index in cells[1:]]
        for key, failed in self.failed.items():
            row, col, project, _error = failed[0]
            count = _how_many(row, col, len(failed))
            said = "、".join(dict.fromkeys(error for *_rest, error in failed))
            self.out.faults.append(
                Fault(
                    self.where(row, col),
                    by_key(key).label,
                    f"公式出错（{said}）{count}：请在 Excel 或 WPS 中改正公式，或填入数值后再试",
                    "error",
                    project,
                    key,
                )
            )
            self.out.quiet += [(index, key) for _r, _c, index, _e in failed[1:]]

    def _continues_last(self, row: int, cells: list[Cell], name_index: int) -> bool:
        """A row under a project whose name cell (merged down) covers it: its own cells
        (形象进度 on a second line, say) add to that project's texts."""
        cover = self.grid.cover
        if (
            not self.out.projects
            or not cover
            or not 0 <= name_index < len(cells)
            or cells[name_index] != ""
            or (row, name_index) not in cover
            or self.grid.origin(row, name_index)[0] >= row
        ):
            return False
        project = self.out.projects[-1]
        for key, index, _column, fld, _convert, _blank, _usual in self.plan:
            if index >= len(cells) or cells[index] in ("", None) or (row, index) in cover:
                continue
            text = text_of(cells[index]).strip()
            if fld.kind == "list":
                project[key] = [*project.get(key, []), text]
            elif fld.kind == "text" and key not in ("name", "unit"):
                before = project.get(key)
                project[key] = f"{before}；{text}" if before else text
        return True

    def _repeated_header(self, cells: list[Cell], label: str) -> bool:
        """A header row repeated mid-table (a page's header, pasted): most of its filled
        cells say their column's header again.

        Looked at only when the name cell says the name column's header: a project's
        name is passed by its length, or by lacking one of the header's characters,
        before anything is normalised.
        """
        if self.name_header is None:
            return False
        raw, plain = self.name_header
        if label != raw and (
            len(label) > 2 * len(raw) + 4
            or not all(map(label.lower().__contains__, plain))
            or normalize(label) != plain
        ):
            return False
        said = same = 0
        for index, header in self.headers:
            value = cells[index] if index < len(cells) else ""
            if value != "" and value is not None:
                said += 1
                same += self._normalized(value) == header
        return said >= 2 and same * 2 > said

    def _normalized(self, value: Cell) -> str:
        """``normalize(text_of(value))``, worked out once per distinct value of the sheet."""
        key = (type(value), value)  # 1, 1.0 and True are equal keys, not equal texts
        found = self.normalized.get(key)
        if found is None:
            found = self.normalized[key] = normalize(text_of(value))
        return found

    def _part_of_last(self, row: int, cells: list[Cell], seq_index: int) -> bool:
        """A row numbered 1-1 under project 1: a part of it, which the ledger's 合计 and
        project count leave to the project; said once, at the first part."""
        if seq_index < 0:
            return False
        value = cells[seq_index] if seq_index < len(cells) else ""
        if type(value) is int or (type(value) is float and value.is_integer()):
            self.last_number = str(int(value))  # the usual 序号: a project's own number
            return False
        mark = self._normalized(value)
        part = _PART_NUMBER.match(mark)
        if part is None or part.group(1) != self.last_number:
            self.last_number = mark
            return False
        if self.parts_of != self.last_number:
            self.parts_of = self.last_number
            name = self.out.projects[-1].get("name", "") if self.out.projects else ""
            self.out.faults.append(
                Fault(
                    self.where(row, seq_index),
                    "",
                    f"序号 {mark} 等行是项目 {part.group(1)}“{name}”的子项目，"
                    "不单独计为项目（其金额已含在该项目中）",
                    "warning",
                )
            )
        return True

    def _group_sums(self, row: int, cells: list[Cell], label: str, seq_index: int) -> bool:
        """一、续建项目（3个） beside the group's sums: the heading of the projects under it
        (what it says of them remembered, as a heading row's), and their subtotal, no project.

        A row is one when it is numbered as a group (一、, （一）, or 一 in the 序号
        column) or counts its projects (（3个）, 3项, where the sheet numbers its
        projects or has a column of their own, as a unit's), and fills none of a
        project's own cells: a project has its number, its unit or its stage.  A
        count right after a 其中 row is a breakdown of the total (其中：续建项目（20个）,
        新开工项目（10个）): no heading, or the last would say the stage of the projects
        after it.
        """
        numbered = label[:1] in _GROUP_FIRST and _GROUP_NUMBER.match(label) is not None
        counted = (
            (seq_index >= 0 or self.has_own)
            and label[-1:] in _COUNT_LAST
            and _COUNT_ONLY.search(normalize(label))
        )
        if not numbered and not counted:
            return False
        mark = cells[seq_index] if 0 <= seq_index < len(cells) else ""
        if mark not in ("", None) and not (
            isinstance(mark, str) and (mark.strip() == label or _ORDINAL.match(normalize(mark)))
        ):
            return False  # its own number: a project's
        if self._owns_cells(row, cells):
            return False
        if numbered or not self.breakdown:
            self._remember(_HEADING.sub("", label))
        return True

    def _owns_cells(self, row: int, cells: list[Cell]) -> bool:
        """Whether a row fills a cell only a project has: its unit, stage, level or words."""
        cover = self.grid.cover
        for _key, index, _column, fld, *_rest in self.plan:
            if fld.kind not in _OWN_KINDS or fld.key == "name" or index >= len(cells):
                continue
            if cells[index] not in ("", None) and (row, index) not in cover:
                return True
        return False

    def _breaks_down(self, row: int, cells: list[Cell], seq_index: int) -> bool:
        """其中：省级重点项目, then 市级重点项目 under it: the next part of the total, no project.

        A line after a 其中 row (and its siblings) with no number of its own and
        none of a project's own cells is one: the projects below are numbered, or
        have their unit or stage, and end the breakdown.  On a sheet with no such
        column nothing tells the two apart, and the line is read as a project.
        """
        mark = cells[seq_index] if 0 <= seq_index < len(cells) else ""
        return self.has_own and mark in ("", None) and not self._owns_cells(row, cells)

    def _subtotal(self, label: str, read: int) -> None:
        """续建项目小计: a group's sums, no project; above its projects, their heading too.

        A sheet puts its 小计 rows all above their groups or all below, as its
        first shows (below, it follows the group's projects); one numbered as a
        group (一、续建项目小计) opens its group wherever the others stand.
        """
        if self.subtotals_above is None:
            self.subtotals_above = read == 0
        if self.subtotals_above or _GROUP_NUMBER.match(label) is not None:
            self._remember(_HEADING.sub("", label))

    def _numbering(self, values: list[Cell]) -> bool:
        if len(values) < 3:
            return False
        shown = [text_of(v) for v in values]
        return all(_NUMBERING.match(t) for t in shown)

    def _group(self, row: int, texts: list[tuple[int, str]], name: Column | None) -> bool:
        """A heading row over a group of projects; remembers what it says of them."""
        if len(texts) != 1:
            return False
        col, text = texts[0]
        merged = self.grid.span(row, col) > 1
        in_name = name is not None and col == name.index
        if in_name and not merged and not _HEADING.match(text):
            return False  # a project with nothing but its name
        if any(
            isinstance(v, int | float) and not isinstance(v, bool)
            for c, v in enumerate(self.grid.rows[row])
            if c != col and v != ""
        ):
            return False
        self._remember(_HEADING.sub("", text))
        return True

    def _numbered_heading(self, row: int, cells: list[Cell], name_index: int) -> bool:
        """一、 | 产业项目 | its subtotals: a heading numbered in the 序号 column, no project."""
        seq = self.layout.fields.get("seq")
        if seq is None or not 0 <= seq.index < len(cells) or not 0 <= name_index < len(cells):
            return False
        mark = cells[seq.index]
        if not isinstance(mark, str) or not _ORDINAL.match(normalize(mark)):
            return False
        self._remember(text_of(cells[name_index]))
        return True

    def _remember(self, words: str) -> None:
        """What a group heading's words say of the projects under it."""
        if _UNIT_LINE.search(normalize(words)):
            return  # 单位：万元 repeated down the sheet heads no group: it is no category
        words = re.sub(r"[(（][^)）]*[)）]\s*$", "", words).strip()
        # 新开工项目 5个 and 续建项目小计: the count and the word for the sums go too.
        words = re.sub(r"\s*共?\d+\s*[个项]$|\s*(小计|合计)$", "", words).strip()
        words = re.sub(r"(项目|类)+$", "", words).strip()
        plain = normalize(words)
        if plain in _STAGES:
            self.group["stage"] = _STAGES[plain]
            self.fresh.add("stage")
        elif plain in _LEVELS or plain.removesuffix("重点") in _LEVELS:
            self.group["level"] = _LEVELS.get(plain) or _LEVELS[plain.removesuffix("重点")]
            self.fresh.add("level")
        elif _UNIT_WORD.search(words):
            self.group["unit"] = words
            self.fresh.add("unit")
        elif words:
            self.group["category"] = words
            self.fresh.add("category")

    def _project(self, row: int) -> None:
        layout = self.layout
        project: dict[str, Any] = {}
        grid = self.grid
        cells = grid.rows[row]
        if len(cells) < self.width:
            cells = [*cells, *[""] * (self.width - len(cells))]  # a ragged end reads as empty
        values: Sequence[Cell] = self.fetch(cells)
        unknown: set[str] = set()
        if row in self.odd_rows:
            values = self._resolved(row, values, unknown)
        for (key, _index, column, fld, convert, blank_is_none, usual), value in zip(
            self.plan, values, strict=True
        ):
            if value == "":
                if blank_is_none or key in unknown:
                    continue  # half a ledger's cells: no converter call for what reads as nothing
            # The usual cells, read here without a call: what _text and _amount
            # make of a one-line text and of a number not negative.
            elif usual is _TEXT and type(value) is str:
                text = value.strip()
                if text and "\n" not in text and text not in _BLANKS:
                    project[key] = text
                    continue
            elif usual is _UNIT and type(value) is str:
                text = value.strip()
                if text and "\n" not in text and _SEVERAL_UNITS.match(text) is None:
                    project[key] = text  # a unit keeps even a blank word: it is required
                    continue
            elif usual is _NUMBER and type(value) is float and 0 <= value < 1e15:
                whole = value.is_integer()
                number = Decimal(int(value)) if whole else Decimal(format(value, ".15g"))
                project[key] = number * column.unit
                continue
            elif type(usual) is dict and type(value) is str:
                word = usual.get(value)
                if word is not None:
                    project[key] = word
                    continue
            converted = convert(self, row, column, fld, value)
            if converted is not None:
                if key == "last_year.completed":
                    project["last_year"] = {"completed": converted}
                else:
                    project[key] = converted
        if self.faulty_texts:
            texts = [v for v in project.values() if isinstance(v, str)]
            texts += [item for v in project.values() if isinstance(v, list) for item in v]
            if texts and cell_text_fault("".join(texts)) is not None:
                self._fault_texts(row, project)
        if "name" not in project:
            if not unknown and all(value == "" or value is None for value in values):
                return  # nothing in the fields' cells: a row of other columns' notes
            name_col = layout.fields.get("name")
            if name_col is not None and "name" not in unknown:
                self.fault(row, name_col.index, by_key("name"), "项目名称为空")
        self.fresh.clear()
        if self.group:
            # A heading stands in for its column, or for the blank cells of it.
            for key in ("stage", "unit", "category", "level"):
                if key not in project and key in self.group:
                    project[key] = self.group[key]
        if "unit" not in project and "unit" not in layout.fields and self.default_unit:
            project["unit"] = self.default_unit
        if "stage" not in project and "stage" not in layout.fields and self.default_stage:
            project["stage"] = self.default_stage
        years = project.pop("years", None)
        if "stage" not in project and "stage" not in layout.fields and years and self.year:
            project["stage"] = _stage_from_years(years, self.year)
        index = len(self.out.projects)
        said = project.get("start_month")
        if isinstance(said, _StartSaid):
            # 开工时间 计划10月: the month planned, when no column of its own gives it.
            del project["start_month"]
            if "planned_start" not in project and said.in_year(self.year):
                project["planned_start"] = said.month
        month = project.get("start_month")
        end = layout.months[0] if layout.months is not None else None
        if "started" in layout.fields:
            said = project.get("started")
            if isinstance(said, _StartSaid):
                # 3月已开工 is 是 and a start month; 计划9月开工 否 and a planned one,
                # when no column of its own gives them (and the month is this year's).
                project["started"] = said.started
                key = "start_month" if said.started else "planned_start"
                if key not in project and said.in_year(self.year):
                    project[key] = said.month
        elif month is not None and end is not None and month > end:
            # 开工时间 5月 in a 1—3月 ledger is the start to come, not one made.
            project["started"] = False
            del project["start_month"]
            column = layout.fields["start_month"]
            if "planned_start" not in project and "planned_start" not in layout.fields:
                project["planned_start"] = month
            self.fault(
                row,
                column.index,
                by_key("start_month"),
                f"开工时间 {month}月 晚于统计期 1—{end}月：按计划开工月份读取，项目按未开工计",
                "warning",
            )
        elif month is not None:
            project["started"] = True
        else:
            # No month of this year (no column, an empty cell, or a month of an
            # earlier year, as a 续建 project's): this year's money and a
            # finished project say it has started, rather than none having begun.
            stage = project.get("stage")
            money = project.get("completed")
            project["started"] = stage == "竣工" or (
                stage in ("新开工", "续建") and isinstance(money, Decimal) and money > 0
            )
        if index in self.out.earlier_start and project.get("stage") == "新开工":
            column = layout.fields["start_month"]
            self.fault(
                row,
                column.index,
                by_key("start_month"),
                f"开工时间 {text_of(cells[column.index])} "
                f"在统计年度 {self.year}年之前，"
                "而项目阶段为新开工：请核对阶段或开工时间",
                "warning",
            )
        if row in grid.sheet.hidden_rows and "name" in project:
            # Offices hide the row of a project taken out; Excel's SUM still counts it.
            name_col = layout.fields["name"]
            self.out.faults.append(
                Fault(
                    self.where(row, name_col.index),
                    "",
                    f"第 {row + 1} 行是隐藏行，其中的项目“{project['name']}”仍按项目读入；"
                    f"已调出的项目请删除该行，或在读取方式的 skip_rows 中列出 {row + 1}",
                    "warning",
                )
            )
        self.out.projects.append(project)
        self.out.cells.append(RowCells(layout.sheet, row, self.letters))

    def _resolved(self, row: int, values: Sequence[Cell], unknown: set[str]) -> list[Cell]:
        """The row's field values with merged cells read and formulas without a result
        noted (their keys put in ``unknown``): asked only of a row that has either."""
        grid = self.grid
        resolved = list(values)
        for at, (key, index, *_rest) in enumerate(self.plan):
            if resolved[at] != "":
                continue
            if (row, index) in grid.cover and grid.origin(row, index)[1] == index:
                # A merge down the column (a unit over its projects) gives each row
                # its value; one across (a name over an empty 建设单位) is its first
                # column's.
                resolved[at] = grid.value(row, index)
            if resolved[at] == "" and grid.origin(row, index) in self.uncalculated:
                origin = grid.origin(row, index)
                self.formulas.setdefault(key, []).append((*origin, len(self.out.projects)))
                unknown.add(key)
            elif resolved[at] == "" and (error := self.errors.get(grid.origin(row, index))):
                origin = grid.origin(row, index)
                self.failed.setdefault(key, []).append((*origin, len(self.out.projects), error))
                unknown.add(key)
        return resolved

    def _fault_texts(self, row: int, project: dict[str, Any]) -> None:
        """A fault at each cell whose text holds a character no document may hold; it is left out.

        Checked once over the whole row first: a ledger's rows almost never hold one.
        """
        for key, _index, column, fld, _convert, _blank, _usual in self.plan:
            value = project.get(key)
            items = value if isinstance(value, list) else [value]
            cleaned: list[Any] = []
            for item in items:
                found = cell_text_fault(item) if isinstance(item, str) else None
                if found is not None:
                    self.fault(row, column.index, fld, found[0])
                    item = found[1]
                cleaned.append(item)
            if isinstance(value, list):
                project[key] = cleaned
            elif isinstance(value, str):
                project[key] = cleaned[0]

    # -- converters: value or None; faults recorded at the cell ---------------

    def _text(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        if value == "":
            if fld.key == "unit" and not self.default_unit and "unit" not in self.group:
                self.fault(row, column.index, fld, "必填，不能为空")
            return None
        if isinstance(value, dt.date):
            text = value.isoformat()[:10]
        else:
            text = text_of(value).strip() if value != "" else ""
        if fld.key in _ONE_LINE and "\n" in text:
            text = _one_line(text, fld.key)
        if fld.key in _PLAIN_SPACED and _ODD_SPACE.search(text) is not None:
            text = _plain_spaces(text)
        if not text or (text in _BLANKS and fld.key not in ("name", "unit")):
            if fld.key == "unit" and not self.default_unit and "unit" not in self.group:
                self.fault(row, column.index, fld, "必填，不能为空")
            return None
        if fld.key == "unit" and _SEVERAL_UNITS.match(text):
            # 河口镇、青龙乡 would be ranked as a third place beside the two.
            self.fault(
                row,
                column.index,
                fld,
                f"一个项目只能属于一个单位，得到 {text!r}（请填牵头的一个，其余可写入备注）",
            )
            return None
        return text

    def _amount(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        found = _amount(value, column)
        if isinstance(found, str):
            self.fault(row, column.index, fld, found)
            return None
        if found is None:
            if fld.required:
                shown = text_of(value).strip() if value not in ("", None) else ""
                message = f"必填，得到 {shown!r}" if shown else "必填，不能为空"
                if fld.key != "total":
                    # A dash or an empty cell is no amount: for the year's money the office
                    # means none (a 前期 project's plan), which is written as 0.  Every
                    # project has a total, so there the cell is a gap to fill, not a zero.
                    message += "（没有的请填 0）"
                self.fault(row, column.index, fld, message)
            return _ZERO if fld.key == "completed" else None
        if found.as_text:
            self.text_cells.setdefault(fld.key, []).append(
                (cell_name(*self.grid.origin(row, column.index)), found.wan)
            )
        return found.wan

    def _stage(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        if isinstance(value, str) and value in _STAGES:
            return _STAGES[value]  # the common case, written as the template has it
        text = normalize(text_of(value)) if value != "" else ""
        if not text:
            if fld.key in self.group:
                return self.group[fld.key]
            self.fault(row, column.index, fld, "必填，不能为空（前期、新开工、续建、竣工）")
            return None
        stage = stage_word(text)
        if stage is None:
            self.fault(
                row,
                column.index,
                fld,
                f"应为 前期、新开工、续建、竣工 之一（也认 新建、在建、建成、储备），"
                f"得到 {text_of(value)!r}",
            )
            return None
        return stage

    def _level(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        if isinstance(value, str) and value in _LEVELS:
            return _LEVELS[value]
        text = normalize(text_of(value)) if value != "" else ""
        if not text or text in _BLANKS:
            return self.group.get("level")
        level = _LEVELS.get(text) or _LEVELS.get(re.sub(r"(项目|重点项目)$", "", text))
        if level is None:
            self.fault(
                row, column.index, fld, f"应为 省级、市级、县级 之一，得到 {text_of(value)!r}"
            )
        return level

    def _yesno(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value in _YES_NO:
            return _YES_NO[value]
        number = _number(value)
        if number is not None and number in (0, 1):
            return number == 1
        text = normalize(text_of(value)) if value != "" else ""
        if not text or text in ("-", "—", "/"):
            return False
        said = _start_said(text)
        if said is not None:
            return said
        if _NO.match(text):
            return False
        if _YES.match(text):
            return True
        self.fault(
            row,
            column.index,
            fld,
            f"应为 是 或 否（也认 √、已开工、未开工、3月已开工），得到 {text_of(value)!r}",
        )
        return None

    def _month(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        if type(value) is float and value.is_integer() and 1 <= value <= 12:
            return int(value)  # the usual cell: a month's number
        if value == "" or value is None:
            return None
        year: int | None = None
        month: int | None = None
        if isinstance(value, dt.datetime | dt.date):
            year, month = value.year, value.month
        elif (number := _number(value)) is not None:
            if number == number.to_integral_value() and 1 <= number <= 12:
                month = int(number)
            elif (typed := self._dotted(row, column, fld, value)) is not None:
                if not isinstance(typed, tuple):
                    return None  # faulted
                year, month = typed
        else:
            text = normalize(text_of(value))
            if text in _BLANKS or text in ("未开工", "未开", "未竣工", "未定", "待定"):
                return None
            said = _START_WORDS.match(text)
            words = _start_said(text)
            if words is not None:
                # 已于3月开工, 2025年4月开工: the month in words of a start.
                year, month = words.year, words.month
                if not words.started and fld.key == "start_month":
                    return words  # 计划10月开工: one to come
            planned = _PLANNED.match(text) if said is None else None
            if planned is not None:
                text = text[planned.end() :]
            found = _MONTH_TEXT.match(text) if said is None else None
            if found is not None:
                year = int(found.group(1)) if found.group(1) else None
                month = int(found.group(2))
                if _no_such_day(found, year, month):
                    self.fault(row, column.index, fld, f"没有这一天：{text_of(value)}，请核对日期")
                    return None
                if planned is not None and fld.key == "start_month":
                    # 开工时间 计划8月: not begun, so no start month yet, but a planned one.
                    return _StartSaid(False, year, month)
        if month is None or not 1 <= month <= 12:
            self.fault(
                row, column.index, fld, f"应为月份（如 3、3月、2025年3月），得到 {text_of(value)!r}"
            )
            return None
        if year is not None and self.year is not None and year != self.year:
            if year > self.year:
                self.fault(row, column.index, fld, f"{text_of(value)} 在统计年度 {self.year}年之后")
            # Another year's month is no month of this year: a 续建 project
            # begun in 2023 has no start month in 2025.
            if year < self.year and fld.key == "start_month":
                self.out.earlier_start.add(len(self.out.projects))
            return None
        return month

    def _dotted(
        self, row: int, column: Column, fld: Field, value: Cell
    ) -> tuple[int, int] | bool | None:
        """2025.3 typed into a cell, which Excel keeps as the number 2025.3: (2025, 3).

        Excel keeps 2025.10 as 2025.1 too, so 2025.1 is a fault (``False``), not
        January; ``None`` when the number is no year and month.
        """
        if not isinstance(value, float) or not 2000 < value < 2100:
            return None
        whole, _dot, fraction = format(value, ".15g").partition(".")
        if fraction == "1":
            self.fault(
                row,
                column.index,
                fld,
                f"{whole}.1 是 {whole}年1月 还是 {whole}年10月？Excel 把 {whole}.10 也存作 "
                f"{whole}.1，请写成 {whole}年1月 或 {whole}年10月",
            )
            return False
        if fraction.isdigit() and 1 <= int(fraction) <= 12:
            return (int(whole), int(fraction))
        return None

    def _year_month(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        if value == "" or value is None:
            return None
        if isinstance(value, dt.datetime | dt.date):
            return f"{value.year}-{value.month:02d}"
        if isinstance(value, float) and not value.is_integer():
            typed = self._dotted(row, column, fld, value)
            if isinstance(typed, tuple):
                return f"{typed[0]}-{typed[1]:02d}"
            if typed is not None:
                return None  # faulted
        text = normalize(text_of(value))
        if text in _BLANKS:
            return None
        if re.fullmatch(r"20\d\d", text):
            return f"{text}-12"  # a year alone: by its end
        found = _YEAR_MONTH_TEXT.match(text)
        if found is None:
            self.fault(
                row,
                column.index,
                fld,
                f"应为年月（如 2026-12、2026年12月），得到 {text_of(value)!r}",
            )
            return None
        month = int(found.group(2)) if found.group(2) else 12
        if not 1 <= month <= 12:
            self.fault(row, column.index, fld, f"月份应在 1—12 之间，得到 {text_of(value)!r}")
            return None
        if _no_such_day(found, int(found.group(1)), month):
            self.fault(row, column.index, fld, f"没有这一天：{text_of(value)}，请核对日期")
            return None
        return f"{found.group(1)}-{month:02d}"

    def _list(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        text = text_of(value) if value != "" else ""
        items = [_LIST_MARK.sub("", part).strip() for part in _LIST_SPLIT.split(text)]
        items = [item for item in items if item and item not in _BLANKS]
        return items or None

    def _seq(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        return None

    def _years(self, row: int, column: Column, fld: Field, value: Cell) -> Any:
        """建设起止年限 (2024—2026, 2024-2026年, 2025年) as (first year, last year)."""
        found = re.findall(r"20\d\d", text_of(value)) if value != "" else []
        if not found:
            return None
        return (int(found[0]), int(found[-1]))

    # -- 合计 rows ---------------------------------------------------------

    def _check_totals(self, totals: list[tuple[int, int]], start: int) -> None:
        """Each 合计 row of a table against the table's projects, from ``start`` on."""
        projects = self.out.projects
        boundary = start
        for index, (row, before) in enumerate(totals):
            if before == boundary:
                # Above its projects (合计 first, as many tables have it): it covers
                # those down to the next 合计.
                end = totals[index + 1][1] if index + 1 < len(totals) else len(projects)
                covered = projects[before:end]
            else:
                covered = projects[boundary:before]
            boundary = before
            for key in ("total", "planned", "completed", "last_year.completed"):
                column = self.layout.fields.get(key)
                if column is not None:
                    self._check_total(row, column, by_key(key), covered)

    def _check_total(
        self, row: int, column: Column, fld: Field, covered: list[dict[str, Any]]
    ) -> None:
        stated = _amount(self.grid.value(row, column.index), column)
        if not isinstance(stated, _Amount):
            return
        total = sum((v for p in covered if (v := _wan(p, fld.key)) is not None), Decimal(0))
        if total == stated.wan:
            return
        message = (
            f"合计行为 {_plain(stated.wan)} 万元，各项目之和为 {_plain(total)} 万元，"
            f"相差 {_plain(abs(total - stated.wan))} 万元"
        )
        as_text = self.text_cells.get(fld.key, [])
        if as_text:
            names = "、".join(c for c, _v in as_text[:5]) + ("等" if len(as_text) > 5 else "")
            # Said as the cause only where it is one: a 合计 typed by hand, or
            # summing other rows, differs for reasons these cells do not explain.
            if sum((v for _c, v in as_text), Decimal(0)) == total - stated.wan:
                message += f"：{names} 的数字以文本形式保存，Excel 求和时未计入"
        self.fault(row, column.index, fld, message, "warning")


def _wan(project: dict[str, Any], key: str) -> Decimal | None:
    value = project.get("last_year", {}).get("completed") if "." in key else project.get(key)
    return value if isinstance(value, Decimal) else None


_CONVERTERS: dict[str, Callable[[_Reader, int, Column, Field, Cell], Any]] = {
    "text": _Reader._text,
    "amount": _Reader._amount,
    "stage": _Reader._stage,
    "level": _Reader._level,
    "yesno": _Reader._yesno,
    "month": _Reader._month,
    "yearmonth": _Reader._year_month,
    "list": _Reader._list,
    "seq": _Reader._seq,
    "years": _Reader._years,
}


_TEXT = "text"
_UNIT = "unit"
_NUMBER = "number"


#: The words of a yes/no cell its converter reads first.
_YES_NO = {"是": True, "否": False}
#: Per field kind, the table of words its converter reads first.
_WORD_TABLES: dict[str, dict[str, Any]] = {"stage": _STAGES, "level": _LEVELS, "yesno": _YES_NO}


def _usual(fld: Field) -> str | dict[str, Any] | None:
    """Which usual cell of ``fld`` the row loop reads itself (``None``: its converter does).

    A text (the unit's checked for two places, as _text does), a number of
    an amount other than the nested last year's, and a stage, level or yes/no
    written as the template has it: the word's table, which its converter
    looks in first.
    """
    if fld.kind == "text":
        return _UNIT if fld.key == "unit" else _TEXT
    if fld.kind == "amount" and "." not in fld.key:
        return _NUMBER
    return _WORD_TABLES.get(fld.kind)


def _blank_is_none(fld: Field) -> bool:
    """Whether an empty cell of ``fld`` reads as nothing, with no fault and no stand-in.

    Not so for the unit (required unless a heading or the sheet gives it), the
    stage and level (a group heading's), yes/no (an empty cell is 否), and
    required amounts and the completed investment (0).
    """
    if fld.kind in ("text", "month", "yearmonth", "list", "years"):
        return fld.key != "unit"
    return fld.kind == "amount" and not fld.required and fld.key != "completed"


def _stage_from_years(years: tuple[int, int], year: int) -> str:
    """The stage a ledger without one implies by its 建设起止年限, for the report's year.

    Begun later: 前期; begun this year: 新开工; begun before and ending this
    year: 竣工 (the stage of projects due to finish this year); else 续建.
    """
    first, last = years
    if first > year:
        return "前期"
    if first == year:
        return "新开工"
    return "竣工" if last == year else "续建"


def read_rows(
    grid: Grid,
    layout: Layout,
    *,
    year: int | None = None,
    default_unit: str | None = None,
    skip_rows: set[int] | None = None,
    default_stage: str | None = None,
) -> SheetRows:
    """The projects below ``layout``'s header, with cells and faults.

    ``default_unit`` is the unit of projects the sheet gives none for (the
    sheet's own name, or the mapping's ``unit``), ``default_stage`` the stage
    of a sheet without a stage column named for one (续建项目); ``skip_rows``
    are 1-based.
    """
    return _Reader(grid, layout, year, default_unit, skip_rows or set(), default_stage).run()
