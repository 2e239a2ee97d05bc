"""YAML text → plain mapping plus the source position of every key and value, in one pass.

The only module that imports ``yaml``, and only its event parser (libyaml's
when PyYAML was built with it): no PyYAML constructor or resolver runs.  The
values are built from the events as they come, with their positions, and
every unquoted scalar is read by the rules of :mod:`bulletin.scalars` (YAML
1.2 numbers and booleans, decimal with a warning where YAML 1.1 would read
octal), so no number or date is silently mangled: floats come back as exact
``Decimal``, an impossible date as its text.

Every way a file can fail to be YAML — missing, too large, not UTF-8, tabs,
control characters, syntax, an anchor that expands without end, nesting too
deep, an empty document — is a :class:`DataError` whose diagnostics name the
line.  Nothing here interprets meaning.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from bulletin.errors import DataError, Diagnostic, PathPart, Severity, os_reason, printable
from bulletin.scalars import plain

__all__ = [
    "MAX_ALIAS_VALUES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "KeyPath",
    "LineMap",
    "Loaded",
    "data_of",
    "load_bytes",
    "load_mapping",
    "load_path",
    "load_text",
    "not_a_file",
]

#: A path into the loaded data: mapping keys and sequence indexes.
KeyPath = tuple[PathPart, ...]
Position = tuple[int, int]

#: The largest data file read, in bytes.  A ledger of 10,000 projects is about
#: 3.5 MB; anything far beyond is a wrong file, and reading it would only fill memory.
MAX_BYTES = 32 * 2**20
#: How many values aliases (``*name``) may stand for in one file, all uses
#: together.  Ordinary reuse stays far below; nested aliases that double at
#: every level (a "billion laughs" file) reach it within a few lines.
MAX_ALIAS_VALUES = 100_000
#: How deeply lists and mappings may nest.  A ledger needs four or five levels.
MAX_DEPTH = 64

try:  # libyaml is an optional speed-up; PyYAML's own parser gives the same events.
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]

    def _parser(text: str) -> Any:
        return _CParser(text)

except ImportError:  # pragma: no cover - depends on how PyYAML was built

    def _parser(text: str) -> Any:
        return yaml.BaseLoader(text)


_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = (None, "!")
_MAP_TAGS = (None, "!", "tag:yaml.org,2002:map")
_SEQ_TAGS = (None, "!", "tag:yaml.org,2002:seq")
# Control characters a double-quoted scalar can write as escapes (\e, \x07, \0,
# \r, \N); tab and newline are ordinary text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What YAML does not allow literally in a file (libyaml's "special characters").
# Characters no text of a document has a use for, however written: the
# direction embeddings, overrides and isolates that make a name display in
# another order than it reads (东城区\u202e工程 shows 程工区城东 in Word), and
# the two noncharacters, which a .docx cannot hold.  (The marks U+200E/U+200F,
# which text pasted from web pages carries, reorder nothing of a Chinese name.)
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A line that looks like a key of its own ("unit: 东城区", "- name: 甲"): inside a
# quoted text it means the closing quote is missing.
_KEY_LIKE = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"{}\[\],]+:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class LineMap:
    """1-based ``(line, column)`` of each value and each mapping key, by key path.

    ``values[()]`` is the document's top node.  ``keys`` holds the position of
    the key itself (``completed:``), which is where an unknown key is reported.
    Values reached through an alias (``*name``) are placed at the alias.
    """

    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)

    def value(self, path: KeyPath) -> Position | None:
        """Position of the value at ``path``, or of its nearest located ancestor."""
        for cut in range(len(path), -1, -1):
            found = self.values.get(path[:cut])
            if found is not None:
                return found
        return None

    def key(self, path: KeyPath) -> Position | None:
        """Position of the key that ends ``path``; falls back to :meth:`value`."""
        return self.keys.get(path) or self.value(path)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A parsed data file: its data, where everything is, and what to call it."""

    data: Any
    lines: LineMap
    file: str
    #: Faults found while loading that do not stop validation: duplicate keys
    #: and control characters in a text (errors), numbers read with a warning.
    problems: tuple[Diagnostic, ...] = ()

    def unknowable(self, path: KeyPath) -> bool:
        """Whether the source can hold no value at ``path``, so that a warning asking for
        one is not said: a data file can hold any; a ledger may lack the column."""
        return False

    def diagnostic(
        self,
        path: KeyPath,
        message: str,
        *,
        at_key: bool = False,
        severity: Severity = "error",
    ) -> Diagnostic:
        """A diagnostic about ``path`` located at its value (or its key)."""
        pos = self.lines.key(path) if at_key else self.lines.value(path)
        line, column = pos if pos is not None else (None, None)
        return Diagnostic(
            message,
            file=self.file,
            line=line,
            column=column,
            path=path,
            severity=severity,
        )


class _Stop(Exception):
    """Loading cannot go on; carries the one located diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_NO_KEY: Any = object()
_NO_POSITION: Position = (0, 0)
_MERGE: Any = object()


class _Frame:
    """A mapping or list being filled, as the events arrive."""

    __slots__ = ("anchor", "container", "is_map", "key", "merges", "path", "seen", "size")

    def __init__(self, container: dict[Any, Any] | list[Any], path: KeyPath, anchor: str | None):
        self.container = container
        self.path = path
        self.is_map = isinstance(container, dict)
        self.key: Any = _NO_KEY
        self.seen: dict[str, Position] = {}
        self.merges: list[tuple[Any, Position]] = []
        #: Values this node stands for, aliases expanded: what a walk over it costs.
        self.size = 1
        self.anchor = anchor


def _position(event: Any) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _control_name(text: str) -> str:
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""


class _Builder:
    """Turns the parser's events into values and positions."""

    def __init__(self, text: str, file: str, located: bool = True) -> None:
        self.text = text
        self.file = file
        #: Whether the usual keys and values get their positions (what a diagnostic needs).
        self.located = located
        self.lines = LineMap()
        self.problems: list[Diagnostic] = []
        self.duplicates: list[tuple[KeyPath, Position]] = []
        #: The start and end line of a quoted text that spans lines and holds a
        #: line like "key: value": where a closing quote is probably missing.
        self.open_quote: tuple[int, int] | None = None
        # A literal NEL (\x85) may stand in any scalar; otherwise only a
        # double-quoted one can hold a control character.
        self.check_all = "\x85" in text
        # Only a double-quoted scalar's escapes can make a character the file
        # does not hold: without one in the file, no other scalar is searched.
        self.invisible = _INVISIBLE.search(text) is not None
        #: Whether a scalar not double-quoted may hold a character checked for.
        self.check_plain = self.check_all or self.invisible
        self.starts: list[int] | None = None

    def stop(self, message: str, pos: Position | None, path: KeyPath = ()) -> _Stop:
        line, column = pos if pos is not None else (None, None)
        return _Stop(Diagnostic(message, file=self.file, line=line, column=column, path=path))

    def note(self, path: KeyPath, pos: Position, message: str, severity: Severity) -> None:
        self.problems.append(
            Diagnostic(
                message, file=self.file, line=pos[0], column=pos[1], path=path, severity=severity
            )
        )

    def build(self) -> Any:
        """The document's top value (``None`` for an empty one), all else in ``self``."""
        values = self.lines.values
        keys = self.lines.keys
        anchors: dict[str, tuple[Any, int]] = {}
        open_anchors: set[str] = set()
        stack: list[_Frame] = []
        top: _Frame | None = None
        root: Any = None
        expanded = 0
        documents = 0
        check_plain = self.check_plain
        located = self.located
        parser = _parser(self.text)
        try:
            while True:
                event = parser.get_event()
                kind = type(event)
                if kind is ScalarEvent:
                    if top is not None and top.is_map and top.key is _NO_KEY:
                        text = event.value
                        if (
                            event.tag is None
                            and not event.style
                            and not check_plain
                            and text != "<<"
                            and text not in top.seen
                        ):
                            # The usual key, plain and new: what key() does for it.
                            if located:
                                mark = event.start_mark
                                pos = (mark.line + 1, mark.column + 1)
                                top.seen[text] = pos
                                keys[(*top.path, text)] = pos
                            else:
                                top.seen[text] = _NO_POSITION
                            top.key = text
                        else:
                            self.key(top, event, keys)
                        continue
                    if event.tag is None and not event.style:
                        value, note = plain(event.value)
                    else:
                        value, note = self.scalar(event)
                    size = 1
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    is_map = kind is MappingStartEvent
                    if top is not None and top.is_map and top.key is _NO_KEY:
                        raise self.stop("键应为文字，不能是列表或映射", _position(event), top.path)
                    if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                        raise self.stop(_TAG_MESSAGE, _position(event))
                    if len(stack) >= MAX_DEPTH:
                        raise self.stop(
                            f"列表和映射嵌套超过 {MAX_DEPTH} 层，数据无法读取", _position(event)
                        )
                    container: dict[Any, Any] | list[Any] = {} if is_map else []
                    path = self.attach(top, container, _position(event), values)
                    if top is None:
                        root = container
                    stack.append(top)  # type: ignore[arg-type]
                    top = _Frame(container, path, event.anchor)
                    if event.anchor is not None:
                        open_anchors.add(event.anchor)
                    continue
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    assert top is not None
                    done = top
                    if done.merges:
                        self.merge(done)
                    if done.anchor is not None:
                        anchors[done.anchor] = (done.container, done.size)
                        open_anchors.discard(done.anchor)
                    top = stack.pop()
                    if top is not None:
                        top.size += done.size
                    continue
                elif kind is AliasEvent:
                    pos = _position(event)
                    if top is not None and top.is_map and top.key is _NO_KEY:
                        raise self.stop("键应为文字，不能是别名（*名称）", pos, top.path)
                    if event.anchor in open_anchors:
                        # An alias inside its own anchor (a: &a [*a]) makes an endless structure.
                        raise self.stop("YAML 锚点引用了自身（&名称 … *名称），数据无法展开", pos)
                    found = anchors.get(event.anchor)
                    if found is None:
                        raise self.stop("引用了未定义的锚点（*别名）", pos)
                    value, size = found
                    note = None
                    expanded += size
                    if expanded > MAX_ALIAS_VALUES:
                        raise self.stop(
                            f"别名（*名称）展开后的数据超过 {MAX_ALIAS_VALUES:,} 项，"
                            "文件可能有误或被恶意构造，未读取",
                            pos,
                        )
                elif kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.stop("文件中只能有一个 YAML 文档（多了 ---）", _position(event))
                    continue
                elif kind is StreamEndEvent:
                    break
                else:
                    continue
                # A scalar or an alias: a value in the current container.
                if top is None:
                    root = value
                    values[()] = _position(event)
                    continue
                if top.is_map:
                    key = top.key
                    top.key = _NO_KEY
                    if key is _MERGE:
                        top.merges.append((value, _position(event)))
                        top.size += size
                        continue
                    path = (*top.path, key)
                    if located and path not in values:
                        mark = event.start_mark
                        values[path] = (mark.line + 1, mark.column + 1)
                    top.container[key] = value
                else:
                    path = (*top.path, len(top.container))
                    if located:
                        mark = event.start_mark
                        values[path] = (mark.line + 1, mark.column + 1)
                    top.container.append(value)  # type: ignore[union-attr]
                top.size += size
                if kind is ScalarEvent and (
                    note is not None
                    or (isinstance(value, str) and (check_plain or event.style == '"'))
                ):
                    self.check_scalar(event, value, path, note)
        finally:
            parser.dispose()
        return root

    def attach(
        self,
        top: _Frame | None,
        container: dict[Any, Any] | list[Any],
        pos: Position,
        values: dict[KeyPath, Position],
    ) -> KeyPath:
        """Put a new container into the current one; its path."""
        if top is None:
            values[()] = pos
            return ()
        if top.is_map:
            key = top.key
            top.key = _NO_KEY
            if key is _MERGE:
                top.merges.append((container, pos))
                return (*top.path, "<<")
            path = (*top.path, key)
            top.container[key] = container
        else:
            path = (*top.path, len(top.container))
            top.container.append(container)  # type: ignore[union-attr]
        values.setdefault(path, pos)
        return path

    def key(self, top: _Frame, event: Any, keys: dict[KeyPath, Position]) -> None:
        """A scalar in key position: the key of the next value."""
        pos = _position(event)
        text = event.value
        if event.tag not in _PLAIN_TAGS and event.tag != _STR_TAG:
            raise self.stop(_TAG_MESSAGE, pos, top.path)
        if text == "<<" and not event.style:
            top.key = _MERGE
            return
        path = (*top.path, text)
        if (event.style == '"' or self.check_all) and _CONTROL.search(text):
            self.note(path, pos, _control_message(text), "error")
        elif (event.style == '"' or self.invisible) and _INVISIBLE.search(text):
            self.note(path, pos, _invisible_message(text), "error")
        first = top.seen.get(text)
        if first is not None:
            self.duplicates.append((path, pos))
        else:
            top.seen[text] = pos
            keys[path] = pos
        top.key = text

    def scalar(self, event: Any) -> tuple[Any, str | None]:
        """A scalar's value (text, unless unquoted and untagged) and a warning about it."""
        tag = event.tag
        if not event.style and tag is None:
            return plain(event.value)
        if tag not in _PLAIN_TAGS and tag != _STR_TAG:
            raise self.stop(_TAG_MESSAGE, _position(event))
        if event.style in ('"', "'"):
            start, end = event.start_mark.line, event.end_mark.line
            if end > start and self.open_quote is None and self._holds_key_line(start, end):
                self.open_quote = (start + 1, end + 1)
        return event.value, None

    def check_scalar(self, event: Any, value: Any, path: KeyPath, note: str | None) -> None:
        """Warnings and errors about one scalar that do not stop the reading."""
        if note is not None:
            self.note(path, _position(event), note, "warning")
        if (
            isinstance(value, str)
            and (event.style == '"' or self.check_all)
            and _CONTROL.search(value)
        ):
            self.note(path, _position(event), _control_message(value), "error")
        elif (
            isinstance(value, str)
            and (event.style == '"' or self.invisible)
            and _INVISIBLE.search(value)
        ):
            self.note(path, _position(event), _invisible_message(value), "error")

    def _holds_key_line(self, start: int, end: int) -> bool:
        """Whether a line after the first of lines ``start``–``end`` (0-based) looks like a key."""
        if self.starts is None:
            self.starts = _line_starts(self.text)
        starts = self.starts
        first = starts[start + 1] if start + 1 < len(starts) else len(self.text)
        last = starts[end + 1] if end + 1 < len(starts) else len(self.text)
        return any(_KEY_LIKE.match(line) for line in _split_lines(self.text[first:last]))

    def merge(self, frame: _Frame) -> None:
        """Apply ``<<: *base`` merges: keys written in the mapping win, then earlier sources."""
        mapping: dict[Any, Any] = frame.container  # type: ignore[assignment]
        own = set(mapping)
        for value, pos in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise self.stop("合并键 << 的值应为映射（或映射的列表）", pos, frame.path)
                for key, item in source.items():
                    if key not in own:
                        own.add(key)
                        mapping[key] = item


_TAG_MESSAGE = "不支持的 YAML 标签（!!…），请只写普通数据"


def _invisible_message(text: str) -> str:
    found = _INVISIBLE.search(text)
    code = ord(found.group()) if found else 0
    if code in (0xFFFE, 0xFFFF):
        return f"文字中有非字符 U+{code:04X}（不是可写入文书的字符），请删除"
    return (
        f"文字中有不可见的文字方向控制字符 U+{code:04X}（会使文字倒序显示），不能写入文书，请删除"
    )


def _control_message(text: str) -> str:
    return (
        f"文字中有不可见的控制字符 {_control_name(text)}"
        "（多由 \\e、\\x07、\\0 这类转义写成），不能写入文书，请删除"
    )


# ---------------------------------------------------------------------------
# Syntax errors in the words a secretary can act on

#: PyYAML's problem texts, in the words a secretary can act on.
_PROBLEMS: list[tuple[str, str]] = [
    (
        "mapping values are not allowed",
        "此处不能出现冒号（键: 值）：可能是缩进不对，或值中含冒号需加引号",
    ),
    ("could not find expected ':'", "缺少冒号 ':'（应写成 键: 值）"),
    ("did not find expected key", "缩进不一致：此处应为与上一行对齐的键"),
    ("did not find expected '-' indicator", "缩进不一致：此处应为与上一行对齐的列表项 '-'"),
    ("expected <block end>", "缩进不一致：此行的缩进与上文不匹配"),
    ("found unexpected end of stream", "文件意外结束：引号或括号未闭合"),
    ("found undefined alias", "引用了未定义的锚点（*别名）"),
    ("expected a single document", "文件中只能有一个 YAML 文档（多了 ---）"),
    ("found another document", "文件中只能有一个 YAML 文档（多了 ---）"),
    ("found unknown escape character", "双引号字符串中有无效的转义字符（\\）"),
    ("exceeded maximum nesting depth", f"列表和映射嵌套超过 {MAX_DEPTH} 层，数据无法读取"),
    ("expected ',' or ']'", "方括号列表未正确闭合"),
    ("expected ',' or '}'", "花括号映射未正确闭合"),
    ("found character '%' that cannot start any token", "值不能以 % 开头，请加引号"),
    ("found character '@' that cannot start any token", "值不能以 @ 开头，请加引号"),
    ("found character '`' that cannot start any token", "值不能以 ` 开头，请加引号"),
    # libyaml's own words for the same and the rest (what the C parser says).
    (
        "did not find expected comment or line break",
        "此处应换行（或是 # 注释）：同一行的值后面多了内容，值中含这些字符时请加引号",
    ),
    (
        "did not find expected node content",
        "此处缺少值：列表或映射没有写完（多了逗号或 -，或少了括号）",
    ),
    (
        "found invalid Unicode character escape code",
        "双引号字符串中的 \\u 转义不是有效的字符（如孤立的代理项 \\ud800）",
    ),
    ("did not find expected hexdecimal number", "双引号字符串中的 \\x、\\u 转义后应为十六进制数字"),
    (
        "block sequence entries are not allowed",
        "此处不能开始列表项（-）：可能是缩进不对，或 - 前少了换行",
    ),
    (
        "mapping keys are not allowed",
        "此处不能开始一个键（?）：可能是缩进不对，或值中含 ? 需加引号",
    ),
    ("found unexpected ':'", "此处不能出现冒号：值中含冒号时请加引号"),
    (
        "did not find expected alphabetic or numeric character",
        "锚点或别名（&名称、*名称）的名称应由字母或数字组成；值以 & 或 * 开头时请加引号",
    ),
    (
        "did not find expected whitespace or line break",
        "此处应有空格或换行（如 &名称、!标签 之后）；值中含这些字符时请加引号",
    ),
    ("found an indentation indicator equal to 0", "块文字（| 或 >）后的缩进数字不能为 0"),
    (
        "did not find expected <document start>",
        "文件中只能有一个 YAML 文档：文档结束标记（...）或 % 开头的指令行之后不能再写数据",
    ),
    (
        "directive",
        "以 % 开头的行是 YAML 指令，数据文件中不应有：请删除，或给以 % 开头的值加引号",
    ),
    ("did not find expected version number", "以 % 开头的行是 YAML 指令，数据文件中不应有，请删除"),
    (
        "found unexpected non-alphabetical character",
        "以 % 开头的行是 YAML 指令，数据文件中不应有，请删除",
    ),
    ("tag", "不支持的 YAML 标签（!…），请只写普通数据"),
    ("did not find the expected '>'", "不支持的 YAML 标签（!<…>），请只写普通数据"),
    ("did not find URI escaped octet", "不支持的 YAML 标签（!…），请只写普通数据"),
]

_TAB_MESSAGE = "YAML 不允许用制表符缩进，请改用空格"
_UNCLOSED_QUOTE = "引号未闭合：此处开始的引号直到文件末尾都没有结束"


def _line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def _split_lines(text: str) -> list[str]:
    """The file's lines as YAML counts them (CR, LF, CRLF, NEL, LS, PS end a line)."""
    return _LINE_BREAK.split(text)


def _syntax_diagnostic(
    error: yaml.YAMLError, text: str, file: str, open_quote: tuple[int, int] | None
) -> Diagnostic:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    context = str(getattr(error, "context", None) or "")
    problem = str(getattr(error, "problem", None) or error).strip()
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    if "quoted scalar" in context and "end of stream" in problem:
        # Reported where the quote opens, not at the end of the file where it is noticed.
        start = getattr(error, "context_mark", None) or mark
        assert start is not None
        return Diagnostic(_UNCLOSED_QUOTE, file=file, line=start.line + 1, column=start.column + 1)
    if open_quote is not None and line is not None and line > open_quote[0]:
        # A quote left open earlier swallowed the lines up to the next quote,
        # and the error shows only where the text no longer parses.
        return Diagnostic(
            f"引号未闭合：此处开始的引号到第 {open_quote[1]} 行才结束，其间的内容被当成了文字",
            file=file,
            line=open_quote[0],
        )
    if line is not None:
        lines = _split_lines(text)
        source_line = lines[line - 1] if line <= len(lines) else ""
        indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
        if "\t" in indent or "'\\t'" in problem:
            tab_column = indent.find("\t") + 1 if "\t" in indent else column
            return Diagnostic(_TAB_MESSAGE, file=file, line=line, column=tab_column)
    if "'\\t'" in problem:
        return Diagnostic(_TAB_MESSAGE, file=file, line=line, column=column)
    if problem == "found character that cannot start any token" and line is not None:
        # libyaml does not say which character: the one at the place does.
        lines = _split_lines(text)
        source_line = lines[line - 1] if line <= len(lines) else ""
        character = source_line[column - 1 : column] if column else ""
        shown = printable(character) if character.strip() else "空白"
        return Diagnostic(
            f"值不能以 {shown} 开头，请给这个值加引号", file=file, line=line, column=column
        )
    for needle, message in _PROBLEMS:
        if needle in problem:
            return Diagnostic(message, file=file, line=line, column=column)
    return Diagnostic(f"YAML 语法错误：{problem}", file=file, line=line, column=column)


def _tab_lines(text: str) -> Iterator[Position]:
    for number, line in enumerate(_split_lines(text), 1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            yield number, indent.index("\t") + 1


#: At most this many literal control characters are listed one by one.
_CONTROL_LISTED = 10


def _forbidden_characters(text: str, file: str) -> list[Diagnostic]:
    """Each literal control character in ``text``, located (the parser only says one exists)."""
    found: list[Diagnostic] = []
    total = 0
    line_starts = _line_starts(text)
    for match in _FORBIDDEN.finditer(text):
        total += 1
        if len(found) < _CONTROL_LISTED:
            line = bisect.bisect_right(line_starts, match.start())
            column = match.start() - line_starts[line - 1] + 1
            found.append(
                Diagnostic(
                    f"文件中有不可见的控制字符 U+{ord(match.group()):04X}，请删除",
                    file=file,
                    line=line,
                    column=column,
                )
            )
    if total > len(found):
        found.append(
            Diagnostic(
                f"文件中共有 {total} 个控制字符（以上只列出前 {_CONTROL_LISTED} 个），"
                "可能不是文本文件",
                file=file,
            )
        )
    return found


def load_text(text: str, file: str = "<data>") -> Loaded:
    """Parse YAML ``text``; ``file`` is the name diagnostics carry.

    Raises :class:`DataError` for a syntax error, tab indentation, a control
    character in the file, an alias that expands too far, nesting too deep, an
    empty document or a top level that is not a mapping.  Duplicate keys,
    control characters written as escapes and numbers read with a warning are
    kept in :attr:`Loaded.problems` so that validation reports them with the rest.
    """
    builder = _Builder(text, file)
    try:
        data = builder.build()
    except _Stop as stop:
        raise DataError([stop.diagnostic]) from None
    except yaml.reader.ReaderError:
        raise DataError(_forbidden_characters(text, file)) from None
    except yaml.YAMLError as error:
        tabs = list(_tab_lines(text))
        if tabs:
            # PyYAML notices a tab only where it breaks the grammar, sometimes
            # lines later; name every line indented by a tab instead.
            raise DataError(
                [Diagnostic(_TAB_MESSAGE, file=file, line=ln, column=col) for ln, col in tabs]
            ) from None
        raise DataError([_syntax_diagnostic(error, text, file, builder.open_quote)]) from None
    if data is None:
        raise DataError([Diagnostic("文件为空，没有任何数据", file=file)])
    lines = builder.lines
    # YAML keeps the last of two equal keys; a ledger must not lose the first.
    problems = [
        Diagnostic(
            f"重复的键 '{path[-1]}'（第 {lines.keys[path][0]} 行已写过，后写的会覆盖先写的）",
            file=file,
            line=line,
            column=column,
            path=path,
        )
        for path, (line, column) in builder.duplicates
    ]
    problems += builder.problems
    if builder.open_quote is not None:
        start, end = builder.open_quote
        problems.append(
            Diagnostic(
                f"此处开始的引号到第 {end} 行才结束，其间有“键: 值”样的行：可能少写了结尾的引号",
                file=file,
                line=start,
                severity="warning",
            )
        )
    loaded = Loaded(data, lines, file, tuple(problems))
    if not isinstance(data, dict):
        raise DataError([loaded.diagnostic((), f"文件顶层应为映射（键: 值），得到{_kind(data)}")])
    return loaded


def data_of(text: str, file: str = "<data>") -> dict[str, Any]:
    """The data :func:`load_text` reads from ``text``, without positions or problems.

    For a check that text reads back as meant (``bulletin import``): building
    the positions of 200,000 keys and values is most of what a load costs.
    Raises :class:`DataError` exactly when :func:`load_text` does, with its
    diagnostics (it is asked again for them).
    """
    try:
        data = _Builder(text, file, located=False).build()
    except (_Stop, yaml.YAMLError):
        data = None
    if not isinstance(data, dict):
        return dict(load_text(text, file).data)  # raises, as it would
    return data


def _kind(value: object) -> str:
    # What the top level is, never what it says: a file named by mistake
    # (a key, a password file) must not be echoed into the message.
    if isinstance(value, list):
        return "列表"
    if isinstance(value, str):
        return "一段文字"
    if isinstance(value, bool):
        return " true 或 false"
    return "单个值"


_BOM = "\ufeff"
_NEWLINE = re.compile(rb"\r\n|\r|\n")


def load_bytes(raw: bytes, file: str = "<data>") -> Loaded:
    """Decode ``raw`` as UTF-8 (a BOM is allowed) and parse it with :func:`load_text`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2].count(b"\0") == 1:
        # What Windows Notepad saves as “Unicode”: not GBK, whatever the hint below says.
        message = "文件是 UTF-16 编码（记事本的“Unicode”），请另存为 UTF-8"
        raise DataError([Diagnostic(message, file=file, line=1, column=1)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = len(_NEWLINE.findall(before)) + 1
        line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        message = (
            f"文件不是 UTF-8 编码：字节偏移 {error.start} 处的 0x{raw[error.start]:02X} 无法解码"
            "（如用 GBK 保存，请另存为 UTF-8）"
        )
        raise DataError([Diagnostic(message, file=file, line=line, column=column)]) from None
    return load_text(text.removeprefix(_BOM), file)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def not_a_file(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it is there but no regular file: ``是文件夹``, ``是设备文件`` …

    ``None`` for a regular file and for nothing there.  Asks the file system
    only (links followed); nothing is opened, as opening a pipe may wait for
    a writer and reading a device may never end.
    """
    try:
        mode = Path(path).stat().st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "是文件夹"
    if stat.S_ISFIFO(mode):
        return "是命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备文件"
    if stat.S_ISSOCK(mode):
        return "是套接字"
    return "不是普通文件"


def read_limited(path: str | os.PathLike[str], name: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`DataError` (named ``name``) for a missing file, a folder,
    anything that is not a regular file (a device or pipe would block or
    never end), a file larger than ``limit`` and any other read failure.
    """
    what = not_a_file(path)
    if what is not None and what != "是文件夹":
        # Not even opened: a writer waiting at a named pipe would be let through.
        raise DataError([Diagnostic(f"{what}，不能作为数据文件读取", file=name)])
    try:
        # Non-blocking, so that opening a named pipe (made since) returns at
        # once; reading a regular file is not affected.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:  # noqa: PTH123 - a descriptor, not a path
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise DataError([Diagnostic("不是普通文件，不能作为数据文件读取", file=name)])
            if info.st_size > limit:
                raise DataError([_too_large(name, info.st_size, limit)])
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise DataError([Diagnostic("文件不存在", file=name)]) from None
    except IsADirectoryError:
        raise DataError([Diagnostic("这是一个目录，不是数据文件", file=name)]) from None
    except OSError as error:
        raise DataError([Diagnostic(f"无法读取文件：{os_reason(error)}", file=name)]) from None
    except ValueError:  # a NUL in the name
        raise DataError([Diagnostic("文件名中有无效字符", file=name)]) from None
    if len(raw) > limit:  # grew while being read
        raise DataError([_too_large(name, len(raw), limit)])
    return raw


def _too_large(name: str, size: int, limit: int) -> Diagnostic:
    return Diagnostic(
        f"文件过大（{_megabytes(size)}，上限 {_megabytes(limit)}），不像是项目台账，未读取",
        file=name,
    )


def load_path(path: str | os.PathLike[str], file: str | None = None) -> Loaded:
    """Read and parse the file at ``path``; ``file`` (default ``str(path)``) names it.

    The file must be a regular file of at most :data:`MAX_BYTES`.
    """
    name = file if file is not None else os.fspath(path)
    return load_bytes(read_limited(Path(path), name), name)


# ---------------------------------------------------------------------------
# A mapping built in code (the library's ``load_report(dict)``) meets the rules
# a file's text meets in the parser: plain text keys, no control characters,
# no lone surrogates, no nesting without end.

_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown_key(key: str) -> str:
    # A key with a lone surrogate cannot be printed (or encoded) as it is.
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


def _text_fault(text: str) -> str | None:
    found = _SURROGATE.search(text)
    if found:
        return (
            f"文字中有无效字符 U+{ord(found.group()):04X}（孤立的 UTF-16 代理项，不是字符），"
            "不能写入文书，请删除"
        )
    found = _CONTROL.search(text)
    if found:
        return f"文字中有不可见的控制字符 U+{ord(found.group()):04X}，不能写入文书，请删除"
    if _INVISIBLE.search(text):
        return _invisible_message(text)
    return None


# A workbook cell's text may break lines with \r\n (Excel's Alt+Enter) and hold
# tabs; every other control character, and what _INVISIBLE names, is a fault.
_CELL_FAULT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def cell_text_fault(text: str) -> tuple[str, str] | None:
    """What is wrong with a workbook cell's ``text``, and the text without it; ``None`` if nothing.

    The same faults, in the same words, as a data file's text has (a control
    character, a direction override, a noncharacter); a cell's line breaks
    and tabs are ordinary text.
    """
    if _CELL_FAULT.search(text) is None:
        return None
    control = _CONTROL.search(text.replace("\r", ""))
    if control is not None:
        message = f"文字中有不可见的控制字符 U+{ord(control.group()):04X}，不能写入文书，请删除"
    else:
        message = _invisible_message(text)
    return message, _CELL_FAULT.sub("", text)


def load_mapping(data: Mapping[str, Any], file: str = "<data>") -> Loaded:
    """A mapping built in code, as :class:`Loaded` (no lines): checked as a file's text is.

    Keys must be text; no text may hold a control character or a lone
    surrogate; lists and mappings nest at most :data:`MAX_DEPTH` deep and never
    contain themselves.  Each fault is an error in :attr:`Loaded.problems`, at
    its key path; the characters at fault are left out of the text (a key or a
    container at fault, out of its mapping), so that validation adds no second
    message about them.  The mapping itself is not changed.
    """
    problems: list[Diagnostic] = []

    def fault(path: KeyPath, message: str) -> None:
        problems.append(Diagnostic(message, file=file, path=path))

    def walk(value: Any, path: KeyPath, open_ids: tuple[int, ...]) -> Any:
        if isinstance(value, str):
            message = _text_fault(value)
            if message is None:
                return value
            fault(path, message)
            # Validated without the characters, so that nothing else is said of them.
            return _INVISIBLE.sub("", _CONTROL.sub("", _SURROGATE.sub("", value)))
        if not isinstance(value, Mapping | list | tuple):
            return value
        if id(value) in open_ids:
            fault(path, "列表或映射包含了它自身，数据无法展开")
            return _OMITTED
        if len(path) >= MAX_DEPTH:
            fault(path, f"列表和映射嵌套超过 {MAX_DEPTH} 层，数据无法读取")
            return _OMITTED
        inner = (*open_ids, id(value))
        if isinstance(value, Mapping):
            mapping: dict[str, Any] = {}
            for key, item in value.items():
                if not isinstance(key, str):
                    fault(path, f"键应为文字，得到 {key!r:.40}")
                    continue
                message = _text_fault(key)
                if message is not None:
                    fault((*path, _shown_key(key)), "键中" + message.removeprefix("文字中"))
                    continue
                checked = walk(item, (*path, key), inner)
                if checked is not _OMITTED:
                    mapping[key] = checked
            return mapping
        items = [walk(item, (*path, index), inner) for index, item in enumerate(value)]
        # Each item keeps its index, for the messages about the items after it.
        return [None if item is _OMITTED else item for item in items]

    checked = walk(data, (), ())
    return Loaded(checked if isinstance(checked, dict) else {}, LineMap(), file, tuple(problems))


_OMITTED: Any = object()
