"""Errors and diagnostics that name their place: file, line and column (or cell), key path.

Every user-facing failure is a :class:`BulletinError`; its ``str()`` is the one
line the CLI prints.  Data problems are collected as :class:`Diagnostic` values
so that every fault in a file is reported in one run.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ArgumentError",
    "BulletinError",
    "DataError",
    "Diagnostic",
    "OutputError",
    "TemplateError",
    "format_path",
    "os_reason",
    "printable",
    "quote_sheet",
]

Severity = Literal["error", "warning"]
PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """Render a key path the way users read it: ``projects[3].completed``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


# The system's reasons in the words of the office: its own are English.
_OS_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EFBIG: "文件超过了系统允许的大小",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "是一个文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "已经存在",
    errno.EBUSY: "正被其他程序占用",
    errno.ETXTBSY: "正被其他程序占用",
    errno.EIO: "读写出错（磁盘或网络故障）",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EXDEV: "不能跨磁盘移动",
    errno.EADDRINUSE: "端口已被占用",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
}


def os_reason(error: OSError) -> str:
    """Why the system refused, in Chinese: ``磁盘已满``, ``没有权限`` (else its own words)."""
    known = _OS_REASONS.get(error.errno) if error.errno is not None else None
    if known is not None:
        return known
    return f"系统错误（{error.strerror or error}）"


# What must not reach a terminal raw: control characters (ESC starts colour
# and cursor sequences, BEL rings) and the bidirectional overrides that make
# text display in another order than it reads.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), safe for a terminal.

    A message quotes names from the data; one holding ``\\e[31m`` must print
    those characters, not turn the terminal red.  ``keep_newlines`` leaves line
    breaks between the lines of a multi-line message.
    """
    if keep_newlines:
        return "\n".join(_UNPRINTABLE.sub(_escape, line) for line in text.split("\n"))
    return _UNPRINTABLE.sub(_escape, text)


# A sheet name Excel writes without quotes in a reference: letters (any
# script), digits and underscores, not starting with a digit, and not itself
# a cell reference such as AB12.
_BARE_SHEET = re.compile(r"^[^\W\d]\w*$")
# R and C alone are references too, in Excel's R1C1 notation: a row and a column.
_CELL_LIKE = re.compile(r"^[A-Za-z]{1,3}\d+$|^[Rr]\d*(?:[Cc]\d*)?$|^[Cc]\d*$")


def quote_sheet(name: str) -> str:
    """A sheet name as Excel writes it before ``!``: ``东城区``, ``'1—6月'``, ``'O''Neil'``."""
    if _BARE_SHEET.match(name) and not _CELL_LIKE.match(name):
        return name
    return "'" + name.replace("'", "''") + "'"


#: The longest message a diagnostic prints, in characters.
_LONGEST = 300


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One located problem in a data file.

    ``line`` and ``column`` are 1-based; ``None`` where the fault has no node
    (a missing file, an empty document).  A fault in a workbook has ``sheet``
    and ``cell`` (``H12``) instead, and prints as ``台账.xlsx:'1—6月'!H12``, a
    reference Excel's name box accepts; ``cell`` is ``None`` for a whole sheet.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: tuple[PathPart, ...] = ()
    severity: Severity = "error"
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file or "<data>"
        if self.sheet is not None:
            where += ":" + quote_sheet(self.sheet)
            if self.cell is not None:
                where += "!" + self.cell
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = format_path(self.path)
        prefix = "警告：" if self.severity == "warning" else ""
        message = self.message
        if len(message) > _LONGEST:  # a name of 100,000 characters quoted whole helps no one
            message = f"{message[:_LONGEST]}……（共 {len(message):,} 字，以下从略）"
        # One line, printable whatever the data's names hold.
        return printable(
            f"{where}: {key}: {prefix}{message}" if key else f"{where}: {prefix}{message}"
        )


class BulletinError(Exception):
    """Base of every error a user may see; ``str()`` is a complete message."""


class DataError(BulletinError):
    """A data file could not be loaded or failed validation.

    ``diagnostics`` holds every error found (and any warnings), in file order.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.errors))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """Only the diagnostics of severity ``error``."""
        return tuple(d for d in self.diagnostics if d.severity == "error")


class TemplateError(BulletinError):
    """A template failed to load or render; names the template file and line."""

    def __init__(
        self, message: str, filename: str | None = None, lineno: int | None = None
    ) -> None:
        self.filename = filename
        self.lineno = lineno
        #: The message without its location.
        self.message = message
        where = _as_typed(filename) if filename else "<template>"
        if lineno is not None:
            where += f":{lineno}"
        super().__init__(f"{where}: {message}")


def _as_typed(filename: str) -> str:
    """A template's path as the user would have typed it: relative, when under the working folder.

    Templates are looked up by absolute path (a cached environment must not
    depend on the working folder), but ``-t templates`` should be answered
    with ``templates/progress.j2:3``, as data files are.
    """
    import os
    from pathlib import Path

    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive
        return filename
    absolute = Path(filename).is_absolute()
    return relative if absolute and not relative.startswith("..") else filename


class ArgumentError(BulletinError, TypeError, ValueError):
    """A library function was given an argument it cannot use (``load_report(None)``).

    Also a :class:`TypeError` and a :class:`ValueError`, so that code
    catching those for a wrong argument keeps working.
    """


class OutputError(BulletinError):
    """An output could not be written (permissions, missing LibreOffice, …)."""
