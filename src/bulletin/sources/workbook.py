"""Workbook files (.xlsx/.xlsm/.xls/.ods) → sheets of cell values and merged ranges.

The only ``python_calamine`` and ``olefile`` imports.  Calamine reads all
three formats, the cached values of formula cells included, and the merged
ranges of .xlsx and .xls; for .ods, whose merges it does not report, the spans
are read from the file's ``content.xml`` here.  What calamine does not report
at all — hidden rows and columns — is read from each format's own parts: the
XML of .xlsx and .ods, and the BIFF records of .xls (whose compound file
olefile opens).  Every way a file can fail to be a readable
workbook — missing, password-protected, saved as Excel 2003 XML or as a web
page, damaged — becomes a :class:`DataError` that says what to do.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import struct
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias
from xml.etree import ElementTree

from bulletin.errors import DataError, Diagnostic, quote_sheet

__all__ = [
    "MAX_UNPACKED",
    "WORKBOOK_SUFFIXES",
    "Cell",
    "Merge",
    "Sheet",
    "Workbook",
    "is_workbook",
    "read_workbook",
    "read_workbook_bytes",
]

#: File name endings read as workbooks rather than YAML.
#: .et is WPS 表格's own ending: what it holds is often an .xls (or .xlsx) workbook.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")

#: A cell's value as the file stores it; ``""`` for an empty cell.
Cell: TypeAlias = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta
#: A merged range, 0-based and inclusive: (top, left, bottom, right).
Merge: TypeAlias = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: its rows from A1 (ragged ends padded by readers), merges, visibility."""

    name: str
    rows: list[list[Cell]]
    merges: tuple[Merge, ...]
    hidden: bool = False
    #: 0-based indices of the columns hidden in the sheet.
    hidden_columns: frozenset[int] = frozenset()
    #: 0-based (row, column) of formula cells stored without a result (an .xlsx a program
    #: wrote and no spreadsheet saved): they read as empty, but their value is unknown.
    uncalculated: frozenset[tuple[int, int]] = frozenset()
    #: 0-based indices of the rows hidden in the sheet.
    hidden_rows: frozenset[int] = frozenset()
    #: 0-based (row, column) → the error a formula gave (``#DIV/0!``, ``#N/A``): calamine
    #: reads such a cell as empty, which an amount's column would take for nothing.
    errors: Mapping[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Workbook:
    """The worksheets of one file, in workbook order; ``file`` names it in messages."""

    file: str
    sheets: tuple[Sheet, ...]


# Excel saves 'XML 电子表格 2003' as .xml: read as a workbook, it is refused
# with what to do; read as YAML, it would be 'no mapping at the top'.
_REFUSED_SUFFIXES = (".xml",)


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is read as a workbook: by its ending (.xlsx, .xlsm, .xls, .ods,
    .xml), or, where it has another or none, by its first bytes (a zip or compound file)."""
    suffix = Path(path).suffix.lower()
    if suffix in (*WORKBOOK_SUFFIXES, *_REFUSED_SUFFIXES):
        return True
    if suffix in (".yaml", ".yml", ".json"):
        return False
    # A workbook a mail client or a download saved without its ending: no data
    # file starts so (YAML and JSON are text, and these bytes are not).
    try:
        with Path(path).open("rb") as stream:
            head = stream.read(len(_CFB))
    except OSError:
        return False  # the data loader says what is wrong with the path
    return head.startswith((_ZIP, _CFB))


_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再试"
_PASSWORD = (
    "工作簿设有打开密码，无法读取：请在 Excel 或 WPS 中打开，"
    "取消“用密码进行加密”（文件→信息→保护工作簿）后另存，再试"
)


def read_workbook(path: str | os.PathLike[str], file: str | None = None) -> Workbook:
    """Read the workbook at ``path``; ``file`` (default ``str(path)``) names it in messages.

    The file is read as data files are (:func:`bulletin.load.read_limited`): a
    regular file of at most :data:`~bulletin.load.MAX_BYTES`.
    """
    from bulletin.load import read_limited

    name = file if file is not None else os.fspath(path)
    return read_workbook_bytes(read_limited(path, name), name)


#: What the parts of an .xlsx/.ods may unpack to: far beyond any ledger, short
#: of what would fill memory (a zip bomb).
MAX_UNPACKED = 512 * 2**20


_WPS = "WPS 表格（.et）文件无法读取：请在 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再试"


def _refuse(file: str, message: str) -> DataError:
    if Path(file).suffix.lower() == ".et" and message.endswith(_SAVE_AS):
        # WPS's own format, where it is not an .xls inside, no reader here opens.
        message = _WPS
    return DataError([Diagnostic(message, file=file)])


def _sniff(raw: bytes, file: str) -> None:
    """Refuse, with a message a secretary can act on, what is not a workbook calamine reads."""
    if not raw:
        raise _refuse(file, "文件为空，不是工作簿")
    if raw.startswith(_CFB):
        if _ENCRYPTED in raw or _xls_encrypted(raw):
            raise _refuse(file, _PASSWORD)
        return
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
                encrypted = _ods_encrypted(archive)
        except (zipfile.BadZipFile, ValueError):
            raise _refuse(file, f"工作簿已损坏（不是完整的压缩包），无法读取：{_SAVE_AS}") from None
        if unpacked > MAX_UNPACKED:
            raise _refuse(
                file, f"工作簿解压后过大（{unpacked / 2**20:.0f} MB），不像是项目台账，未读取"
            )
        if encrypted:
            raise _refuse(file, _PASSWORD)
        return
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise _refuse(file, f"这是 Excel 2003 XML 格式的表格，无法读取：{_SAVE_AS}")
    if head.startswith(b"<") and (b"<html" in head or b"<table" in head):
        raise _refuse(file, f"这是网页（HTML）格式的表格，只是扩展名像工作簿：{_SAVE_AS}")
    raise _refuse(file, f"不是 Excel 或 WPS 工作簿（.xlsx、.xls、.ods），无法读取：{_SAVE_AS}")


# A BIFF8 (or BIFF5) workbook's BOF record; a FILEPASS record (0x002F) right
# after it means the workbook is encrypted.  calamine reads past that only to
# report 'Cannot detect file format' when given bytes rather than a path.
_BOFS = (b"\x09\x08\x10\x00", b"\x09\x08\x08\x00")


def _xls_encrypted(raw: bytes) -> bool:
    for bof in _BOFS:
        at = raw.find(bof)
        while at != -1:
            if raw[at + 4 + bof[2] : at + 6 + bof[2]] == b"\x2f\x00":
                return True
            at = raw.find(bof, at + 1)
    return False


def _ods_encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether an OpenDocument file's parts are encrypted (saved with a password)."""
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


def read_workbook_bytes(raw: bytes, file: str = "<workbook>") -> Workbook:
    """Read a workbook from its bytes (an upload, say); ``file`` names it in messages."""
    import python_calamine as calamine

    _sniff(raw, file)
    ods = raw.startswith(b"PK") and _is_ods(raw)
    # Read before calamine, which reads an .ods's or .xls's every sheet as it opens
    # the file: a cell far away is refused before it is held (_refuse_far).
    spans, hidden_columns, hidden_rows, errors, reach = (
        _ods_parts(raw) if ods else (None, {}, {}, {}, {})
    )
    if raw.startswith(_CFB):
        hidden_columns, hidden_rows, errors, reach = _xls_parts(raw)
    for name, (down, across) in reach.items():
        _refuse_far(file, name, down, across)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except calamine.PasswordError:
        raise _refuse(file, _PASSWORD) from None
    except Exception as error:  # calamine's errors name no kind a user could act on
        raise _refuse(
            file, f"工作簿已损坏或格式不受支持，无法读取（{error}）：{_SAVE_AS}"
        ) from None
    if raw.startswith(b"PK") and not ods:
        _refuse_far_cells(raw, file)
    uncalculated: dict[str, frozenset[tuple[int, int]]] = {}
    xlsx = _XlsxParts(raw) if raw.startswith(b"PK") and not ods else None
    read: list[tuple[str, bool, list[list[Cell]], tuple[Merge, ...]]] = []
    try:
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue  # chart and macro sheets hold no ledger
            sheet = book.get_sheet_by_name(meta.name)
            rows: list[list[Cell]] = sheet.to_python(skip_empty_area=False)
            merges = (
                spans.get(meta.name, ())
                if spans is not None
                else tuple(
                    (top, left, bottom, right)
                    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ()
                )
            )
            hidden = meta.visible != calamine.SheetVisibleEnum.Visible
            read.append((meta.name, hidden, rows, merges))
    except calamine.CalamineError as error:
        raise _refuse(file, f"工作簿已损坏，无法读取（{error}）：{_SAVE_AS}") from None
    finally:
        book.close()
        if xlsx is not None:
            hidden_columns, uncalculated, hidden_rows, errors = xlsx.result()
    sheets = [
        Sheet(
            name,
            rows,
            merges,
            hidden,
            hidden_columns.get(name, frozenset()),
            uncalculated.get(name, frozenset()),
            hidden_rows.get(name, frozenset()),
            errors.get(name, {}),
        )
        for name, hidden, rows, merges in read
    ]
    return Workbook(file, tuple(sheets))


#: Per sheet, the 0-based (row, column) of each cell holding a formula's error, and the error.
_Errors: TypeAlias = dict[str, dict[tuple[int, int], str]]
#: Per sheet, the rows and columns from A1 that its values reach.
_Reach: TypeAlias = dict[str, tuple[int, int]]
_Parts: TypeAlias = tuple[
    dict[str, frozenset[int]],
    dict[str, frozenset[tuple[int, int]]],
    dict[str, frozenset[int]],
    _Errors,
]


class _XlsxParts:
    """:func:`_xlsx_parts` of an .xlsx, read in a thread of its own while calamine,
    which lets go of the interpreter as it parses, reads the cells: the second
    inflating of a sheet's XML costs a 10,000-row ledger no time on two cores."""

    def __init__(self, raw: bytes) -> None:
        self.found: _Parts = ({}, {}, {}, {})
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(raw,), name="bulletin-xlsx-parts")
        self.thread.start()

    def _run(self, raw: bytes) -> None:
        try:
            self.found = _xlsx_parts(raw)
        except BaseException as error:  # raised where the result is asked for, not printed
            self.error = error

    def result(self) -> _Parts:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.found


# BIFF8 record types (MS-XLS 2.3): a sheet's BOF starts it and EOF ends it
# (a chart's substream may nest inside a sheet's); BOUNDSHEET8 in the
# workbook's globals names each sheet and gives its BOF's offset; ROW and
# COLINFO carry the hidden flags (fDyZero, 0x0020 of ROW's flags at +12;
# fHidden, 0x0001 of COLINFO's at +8).  A FORMULA's cached result (+6, 8 bytes)
# is an error where its last two bytes are 0xFFFF and its first is 2, the
# error's code at +8; a BOOLERR holds one where its fError byte (+7) is 1.
_BOF, _EOF, _BOUNDSHEET, _ROW, _COLINFO = 0x0809, 0x000A, 0x0085, 0x0208, 0x007D
_FORMULA_RECORD, _BOOLERR = 0x0006, 0x0205
# The records of a cell holding a value (row at +0, column at +2); MULRK's last
# column is its last two bytes.  BLANK and MULBLANK only format a cell.
_VALUE_RECORDS = frozenset((0x0203, 0x027E, 0x00FD, 0x0204, _FORMULA_RECORD, _BOOLERR))
_MULRK = 0x00BD
#: BErr codes (MS-XLS 2.5.10) as Excel shows them.
_BIFF_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


def _xls_parts(
    raw: bytes,
) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]], _Errors, _Reach]:
    """Each worksheet's hidden columns, hidden rows, formula errors and the rows and
    columns its values reach, of an .xls (BIFF8).

    Empty for a file that is not BIFF8 (Excel 95's BIFF5 names its sheets in a
    code page) or whose records do not add up: the rows are then read as
    shown, as they were before this was read at all.
    """
    import olefile

    ole: olefile.OleFileIO[str]  # its streams named by str
    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(stream).read()
    except Exception:  # calamine says what is wrong with the file; else no row is hidden
        return {}, {}, {}, {}
    names: dict[int, str] = {}  # a worksheet's BOF offset → its name
    errors: _Errors = {}
    reach: dict[str, list[int]] = {}
    columns: dict[str, set[int]] = {}
    rows: dict[str, set[int]] = {}
    within: list[str | None] = []  # the substreams open here, innermost last
    current: str | None = None
    unpack = struct.unpack_from
    at, end = 0, len(data)
    try:
        while at + 4 <= end:
            kind, length = unpack("<HH", data, at)
            body = at + 4
            if kind == _BOF:
                version = unpack("<H", data, body)[0] if length >= 2 else 0
                if version != 0x0600:
                    return {}, {}, {}, {}
                within.append(current := names.get(at))
            elif kind == _EOF and within:
                within.pop()
                current = within[-1] if within else None
            elif kind == _BOUNDSHEET and length >= 8:
                offset, _state, sheet_type, count, wide = unpack("<IBBBB", data, body)
                if sheet_type == 0:  # a worksheet, not a chart or macro sheet
                    text = data[body + 8 : body + 8 + (2 * count if wide & 1 else count)]
                    names[offset] = text.decode("utf-16-le" if wide & 1 else "latin-1")
            elif current is not None and kind == _ROW and length >= 16:
                if unpack("<H", data, body + 12)[0] & 0x0020:
                    row = unpack("<H", data, body)[0]
                    rows.setdefault(current, set()).add(row)
            elif current is not None and kind == _FORMULA_RECORD and length >= 14:
                result = data[body + 6 : body + 14]
                if result[6:8] == b"\xff\xff" and result[0] == 2:
                    row, col = unpack("<HH", data, body)
                    errors.setdefault(current, {})[(row, col)] = _BIFF_ERRORS.get(
                        result[2], "#错误"
                    )
            elif current is not None and kind == _BOOLERR and length >= 8:
                row, col, _xf, value, is_error = unpack("<HHHBB", data, body)
                if is_error == 1:
                    errors.setdefault(current, {})[(row, col)] = _BIFF_ERRORS.get(value, "#错误")
            elif current is not None and kind == _COLINFO and length >= 10:
                first, last, _width, _xf, flags = unpack("<HHHHH", data, body)
                if flags & 0x0001:
                    span = range(first, min(last + 1, _MAX_COLUMNS))
                    columns.setdefault(current, set()).update(span)
            if current is not None and (kind in _VALUE_RECORDS or kind == _MULRK) and length >= 4:
                row, col = unpack("<HH", data, body)
                if kind == _MULRK and length >= 6:
                    col = unpack("<H", data, body + length - 2)[0]
                far = reach.setdefault(current, [0, 0])
                far[0], far[1] = max(far[0], row + 1), max(far[1], col + 1)
            at = body + length
    except struct.error:
        return {}, {}, {}, {}
    return (
        {name: frozenset(found) for name, found in columns.items()},
        {name: frozenset(found) for name, found in rows.items()},
        errors,
        {name: (far[0], far[1]) for name, far in reach.items()},
    )


def _is_ods(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    except (KeyError, zipfile.BadZipFile):
        return False


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
# LibreOffice marks a formula's error so (its office:value-type says string).
_ERROR_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"
#: The formula errors kept of a sheet: far more than a ledger has cells to fault.
_MAX_ERRORS = 100_000


#: Columns past this are no ledger's; a sheet hiding all 16384 stores no set that big.
_MAX_COLUMNS = 1024
#: Rows likewise: a sheet hiding the empty rest of its 1,048,576 rows keeps no set of them.
_MAX_ROWS = 200_000


def _ods_parts(
    raw: bytes,
) -> tuple[
    dict[str, tuple[Merge, ...]],
    dict[str, frozenset[int]],
    dict[str, frozenset[int]],
    _Errors,
    _Reach,
]:
    """Each sheet's merged ranges (``table:number-*-spanned``), hidden columns and rows,
    formula errors, and the rows and columns its values reach, of an .ods.

    A value's cell counts with its repeats (``number-columns-repeated``, and its
    row's ``number-rows-repeated``), as calamine holds them; the empty cells
    LibreOffice repeats to the sheet's end do not.
    """
    found: dict[str, list[Merge]] = {}
    errors: _Errors = {}
    reach: dict[str, list[int]] = {}
    # The error cell open now: its element, first row and column, and repeats down, across.
    failed: tuple[ElementTree.Element, int, int, int, int] | None = None
    hidden: dict[str, set[int]] = {}
    hidden_rows: dict[str, set[int]] = {}
    column = 0
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("content.xml") as content:
            depth = 0  # tables inside cells (rare) are not sheets
            name = ""
            row = col = 0
            repeat_rows = 1
            for event, element in ElementTree.iterparse(content, events=("start", "end")):
                tag = element.tag
                if tag == _TABLE + "table":
                    if event == "start":
                        depth += 1
                        if depth == 1:
                            name = element.get(_TABLE + "name", "")
                            found.setdefault(name, [])
                            hidden.setdefault(name, set())
                            hidden_rows.setdefault(name, set())
                            far = reach.setdefault(name, [0, 0])
                            row = column = 0
                    else:
                        depth -= 1
                        element.clear()
                    continue
                if depth != 1:
                    continue
                if tag == _TABLE + "table-column" and event == "start":
                    repeat = int(element.get(_TABLE + "number-columns-repeated", "1"))
                    if element.get(_TABLE + "visibility", "visible") != "visible":
                        hidden[name].update(range(column, min(column + repeat, _MAX_COLUMNS)))
                    column += repeat
                elif tag == _TABLE + "table-row":
                    if event == "start":
                        col = 0
                        repeat_rows = int(element.get(_TABLE + "number-rows-repeated", "1"))
                        if element.get(_TABLE + "visibility", "visible") != "visible":
                            hidden_rows[name].update(range(row, min(row + repeat_rows, _MAX_ROWS)))
                    else:
                        row += repeat_rows
                        element.clear()
                elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                    if event != "start":
                        if failed is not None and failed[0] is element:
                            _, top, left, down, across = failed
                            said = "".join(element.itertext()).strip() or "#错误"
                            sheet_errors = errors.setdefault(name, {})
                            for at in range(top, top + down):
                                for to in range(left, left + across):
                                    if len(sheet_errors) < _MAX_ERRORS:
                                        sheet_errors[(at, to)] = said
                            failed = None
                        continue
                    repeat = int(element.get(_TABLE + "number-columns-repeated", "1"))
                    if element.get(_VALUE_TYPE) is not None:
                        far[0], far[1] = max(far[0], row + repeat_rows), max(far[1], col + repeat)
                    if element.get(_ERROR_TYPE) == "error":
                        failed = (
                            element,
                            row,
                            col,
                            min(repeat_rows, _MAX_ROWS),
                            min(repeat, _MAX_COLUMNS),
                        )
                    across = int(element.get(_TABLE + "number-columns-spanned", "1"))
                    down = int(element.get(_TABLE + "number-rows-spanned", "1"))
                    if across > 1 or down > 1:
                        found[name].append((row, col, row + down - 1, col + across - 1))
                    col += repeat
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return {}, {}, {}, {}, {}
    return (
        {sheet: tuple(merges) for sheet, merges in found.items()},
        {sheet: frozenset(columns) for sheet, columns in hidden.items()},
        {sheet: frozenset(rows) for sheet, rows in hidden_rows.items()},
        errors,
        {sheet: (rows, columns) for sheet, (rows, columns) in reach.items()},
    )


_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
# A row tag that hides its row, tried only where the word "hidden" stands (_hidden_rows).
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\shidden\s*=\s*"(?:1|true)"[^>]*>')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")


def _attribute(tag: bytes, name: bytes) -> bytes | None:
    found = re.search(rb"\s" + name + rb'\s*=\s*"([^"]*)"', tag)
    return found.group(1) if found is not None else None


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's name → its part in the archive (``xl/worksheets/sheet1.xml``)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {el.get("Id"): el.get("Target", "") for el in rels}
    parts: dict[str, str] = {}
    for element in book.iter():
        if not element.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        if target:
            parts[element.get("name", "")] = (
                target.lstrip("/") if target.startswith("/") else "xl/" + target
            )
    return parts


def _xlsx_parts(raw: bytes) -> _Parts:
    """Each sheet's hidden columns, formula cells without a result and hidden rows, of an .xlsx.

    calamine reports none of them: the columns are read from the ``<cols>``
    before a sheet's data, the formulas found by their ``<f>`` tags, the rows
    by their ``hidden`` attribute.
    """
    hidden: dict[str, frozenset[int]] = {}
    uncalculated: dict[str, frozenset[tuple[int, int]]] = {}
    hidden_rows: dict[str, frozenset[int]] = {}
    errors: _Errors = {}
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for name, part in _xlsx_sheet_parts(archive).items():
                data = archive.read(part)
                end = _SHEET_DATA.search(data)
                columns: set[int] = set()
                for match in _COL.finditer(data, 0, end.start() if end else len(data)):
                    tag = match.group(1)
                    if _attribute(tag, b"hidden") not in (b"1", b"true"):
                        continue
                    first = int(_attribute(tag, b"min") or 0)
                    last = int(_attribute(tag, b"max") or first)
                    columns.update(range(max(first, 1) - 1, min(last, _MAX_COLUMNS)))
                hidden[name] = frozenset(columns)
                uncalculated[name] = _without_result(data)
                hidden_rows[name] = _hidden_rows(data)
                if b't="e"' in data:  # what a sheet without a formula's error never holds
                    errors[name] = _error_cells(data)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return {}, {}, {}, {}
    return hidden, uncalculated, hidden_rows, errors


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*?\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.DOTALL)


def _error_cells(data: bytes) -> dict[tuple[int, int], str]:
    """The cells of a sheet's XML whose value is an error (``t="e"``), and the error."""
    found: dict[tuple[int, int], str] = {}
    for match in _ERROR_CELL.finditer(data):
        where = _CELL_REF.fullmatch(_attribute(b" " + match.group(1), b"r") or b"")
        value = _VALUE.search(match.group(2))
        if where is None or len(found) >= _MAX_ERRORS:
            continue
        col = 0
        for letter in where.group(1):
            col = col * 26 + letter - 64
        said = value.group(1).decode("utf-8", "replace") if value and value.group(1) else ""
        found[(int(where.group(2)) - 1, col - 1)] = said or "#错误"
    return found


#: The cells a sheet's used area may span: calamine holds the whole rectangle
#: (about 54 bytes a cell), so one stray value at XFD1048576 would ask for 500 GB
#: and end the process. A 10,000-row ledger of 22 columns spans 220,000.
MAX_CELLS = 5_000_000
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# A cell's reference, by its literal start (which re finds quickly): its column letters,
# and then its row's digits.
_REF_LETTERS = re.compile(rb'r="([A-Z]{1,3})\d')
_REF_ROW = re.compile(rb'r="[A-Z]{1,3}(\d+)"')
_ROW_TAG = re.compile(rb'row r="(\d+)"')
_LONGER_ROW = {digits: re.compile(rb'r="[A-Z]{1,3}\d{%d}' % (digits + 1)) for digits in range(8)}
_PREFIXED_BARE_CELL = re.compile(rb"<\w+:c/?>")


def _refuse_far_cells(raw: bytes, file: str) -> None:
    """Refuse an .xlsx a sheet of which spans more than :data:`MAX_CELLS`, before calamine reads it.

    The ``<dimension>`` at the head of a sheet's XML says its used area, but a
    file may say it wrong (or not at all): calamine places each cell by its own
    reference, so the cells' references are what is measured (:func:`_extent`).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for name, part in _xlsx_sheet_parts(archive).items():
                data = archive.read(part)
                rows, columns = _extent(data)
                found = _DIMENSION.search(data, 0, 4096)
                if found is not None:
                    said_rows = int(found.group(4) or found.group(2)) - int(found.group(2)) + 1
                    said_columns = (
                        _number(found.group(3) or found.group(1)) - _number(found.group(1)) + 1
                    )
                    if said_rows * said_columns > rows * columns:
                        rows, columns = said_rows, said_columns  # formatted far away: refused too
                _refuse_far(file, name, rows, columns)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return  # calamine says what is wrong with the file


def _refuse_far(file: str, name: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose cells reach beyond :data:`MAX_CELLS` from A1."""
    if rows * columns > MAX_CELLS:
        area = f"A1:{column_letter(columns - 1)}{rows}"
        raise _refuse(
            file,
            f"工作表 {quote_sheet(name)} 的已用区域为 {area}，远超任何台账，未读取："
            "多半是远处的单元格里误填了内容或设了格式；请在 Excel 或 WPS 中删除"
            "表格以外的行和列后保存，再试",
        )


def _extent(data: bytes) -> tuple[int, int]:
    """The rows and columns from A1 that a sheet's cells reach: what calamine will hold.

    Measured in passes re runs in C over the XML (a 10,000-row sheet in about
    50 ms): the column letters of every reference, the rows by their tags and,
    where that bound would be too coarse, every reference's row.  Cells without
    a reference (which a few writers leave out) are placed one after another,
    so then each row's cells are counted.
    """
    columns = max((_number(letters) for letters in set(_REF_LETTERS.findall(data))), default=0)
    tagged = max(map(int, _ROW_TAG.findall(data)), default=0)
    digits = len(str(tagged))
    if digits < len(_LONGER_ROW) and not _LONGER_ROW[digits].search(data):
        rows = max(tagged, 10**digits - 1)  # no reference reaches a row of more digits
        if rows * columns > MAX_CELLS:
            rows = max(tagged, *map(int, _REF_ROW.findall(data)), 0)
    else:
        rows = max(tagged, *map(int, _REF_ROW.findall(data)), 0)
    prefixed = (root := _ROOT.search(data, 0, 4096)) is not None and root.group(1)
    bare = b"<c>" in data or b"<c/>" in data or (prefixed and _PREFIXED_BARE_CELL.search(data))
    if bare or data.count(b"<c ") != data.count(b'<c r="'):
        chunks = re.split(rb"<(?:\w+:)?row[\s>/]", data)
        rows = max(rows, len(chunks) - 1)
        columns = max(columns, *(len(re.findall(rb"<(?:\w+:)?c[\s>/]", c)) for c in chunks))
    return rows, columns


def _number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384: a column's number, of up to three letters."""
    return (column_index(letters.decode("ascii")) or 0) + 1


def column_letter(index: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int | None:
    """``A`` → 0, ``AA`` → 26; ``None`` if ``letters`` is not a column name."""
    text = letters.strip().upper()
    if not re.fullmatch(r"[A-Z]{1,3}", text):
        return None
    index = 0
    for ch in text:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _hidden_rows(data: bytes) -> frozenset[int]:
    """The 0-based rows a sheet's XML hides (``<row r="12" hidden="1">``).

    The word is looked for first and only its tag matched: the expression run
    over the 7 MB of a 10,000-row sheet would try it at every ``<``.
    """
    found: set[int] = set()
    at = data.find(b"hidden")
    while at != -1:
        start = data.rfind(b"<", 0, at)
        end = data.find(b">", at)
        if end == -1:
            break  # no tag closes after it, nor after any later one
        match = _HIDDEN_ROW.match(data, start, end + 1) if start != -1 else None
        if match is not None:
            number = _attribute(match.group(0), b"r")
            if number is not None and number.isdigit():
                found.add(int(number) - 1)
        at = data.find(b"hidden", at + 6)
    return frozenset(found)


_FORMULA = re.compile(rb"<()f[\s>/]")  # a literal start, which re finds quickly
_PREFIXED_FORMULA = re.compile(rb"<(\w+:)f[\s>/]")
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<|<(?:\w+:)?v\s*/>")
_CELL_REF = re.compile(rb"([A-Z]{1,3})(\d+)")


def _without_result(data: bytes) -> frozenset[tuple[int, int]]:
    """The cells of a sheet's XML holding a formula with no stored result.

    Excel stores a formula's empty-text result as ``t="str"`` with an empty
    ``<v>``; a program that writes formulas only stores no ``<v>`` or an
    empty one on a number cell.
    """
    found: set[tuple[int, int]] = set()
    root = _ROOT.search(data, 0, 4096)
    pattern = _PREFIXED_FORMULA if root is not None and root.group(1) else _FORMULA
    # Only the cells: the data validations after them hold <formula1> tags.
    start = data.find(b"sheetData")
    end = data.rfind(b"sheetData")
    for match in pattern.finditer(data, max(start, 0), end if end > start else len(data)):
        prefix = match.group(1)
        start = data.rfind(b"<" + prefix + b"c ", 0, match.start())
        close = data.find(b"</" + prefix + b"c>", match.end())
        if start == -1 or close == -1:
            continue
        cell = data[start:close]
        head = cell[: cell.find(b">") + 1]
        value = _VALUE.search(cell, match.end() - start)
        if value is not None and (value.group(1) or _attribute(head, b"t") == b"str"):
            continue
        where = _CELL_REF.fullmatch(_attribute(head, b"r") or b"")
        if where is not None:
            col = 0
            for letter in where.group(1):
                col = col * 26 + letter - 64
            found.add((int(where.group(2)) - 1, col - 1))
    return frozenset(found)
