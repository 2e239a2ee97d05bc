"""YAML text → plain mapping plus the source position of every key and value.

The only module that imports ``yaml``.  It uses the safe loader (the C one when
PyYAML was built with libyaml) and never interprets meaning: it hands back
Python values and a :class:`LineMap`, and turns every way a file can fail to
be YAML — missing, not UTF-8, tabs, syntax, empty — into a :class:`DataError`
whose diagnostics name the line.

Two departures from plain ``yaml.safe_load``, both so that no number or date
is silently mangled: floats come back as ``Decimal`` built from the literal
text (``0.1`` stays ``0.1``), and a date-shaped scalar that is not a real date
(``2025-13-01``) comes back as the string, for validation to reject by name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from bulletin.errors import DataError, Diagnostic, PathPart, Severity

__all__ = ["KeyPath", "LineMap", "Loaded", "load_bytes", "load_path", "load_text"]

#: A path into the loaded data: mapping keys and sequence indexes.
KeyPath = tuple[PathPart, ...]
Position = tuple[int, int]

try:  # libyaml is an optional speed-up; the pure loader behaves the same.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps numbers exact and bad dates as text."""


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    # .inf, .nan and base-60 floats: let PyYAML read them, then keep the text form.
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    return Decimal(str(value))


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        # datetime refuses month 13 with a bare ValueError; keep the text so the
        # model can say "无效日期 '2025-13-01'" at the right line.
        return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass(frozen=True, slots=True)
class LineMap:
    """1-based ``(line, column)`` of each value and each mapping key, by key path.

    ``values[()]`` is the document's top node.  ``keys`` holds the position of
    the key itself (``completed:``), which is where an unknown key is reported.
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
    #: Faults found while loading that do not stop validation (duplicate keys).
    problems: tuple[Diagnostic, ...] = ()

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


def _position(node: yaml.Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(
    node: yaml.Node, path: KeyPath, lines: LineMap, duplicates: list[tuple[KeyPath, Position]]
) -> None:
    lines.values[path] = _position(node)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*path, key)
            if key in seen:
                duplicates.append((child, _position(key_node)))
                continue  # the first occurrence keeps its position
            seen.add(key)
            lines.keys[child] = _position(key_node)
            _walk(value_node, child, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, duplicates)


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
    ("expected ',' or ']'", "方括号列表未正确闭合"),
    ("expected ',' or '}'", "花括号映射未正确闭合"),
    ("could not determine a constructor", "不支持的 YAML 标签（!!…），请只写普通数据"),
    ("found character '%' that cannot start any token", "值不能以 % 开头，请加引号"),
    ("found character '@' that cannot start any token", "值不能以 @ 开头，请加引号"),
    ("found character '`' that cannot start any token", "值不能以 ` 开头，请加引号"),
]

_TAB_MESSAGE = "YAML 不允许用制表符缩进，请改用空格"


def _syntax_diagnostic(error: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = str(getattr(error, "problem", None) or error).strip()
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    if line is not None:
        source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
        if "\t" in indent or "'\\t'" in problem:
            tab_column = indent.find("\t") + 1 if "\t" in indent else column
            return Diagnostic(_TAB_MESSAGE, file=file, line=line, column=tab_column)
    if "'\\t'" in problem:
        return Diagnostic(_TAB_MESSAGE, file=file, line=line, column=column)
    for needle, message in _PROBLEMS:
        if needle in problem:
            return Diagnostic(message, file=file, line=line, column=column)
    return Diagnostic(f"YAML 语法错误：{problem}", file=file, line=line, column=column)


def _tab_lines(text: str) -> Iterator[Position]:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            yield number, indent.index("\t") + 1


def load_text(text: str, file: str = "<data>") -> Loaded:
    """Parse YAML ``text``; ``file`` is the name diagnostics carry.

    Raises :class:`DataError` for a syntax error, tab indentation, an empty
    document or a top level that is not a mapping.  Duplicate keys are kept in
    :attr:`Loaded.problems` so that validation reports them with the rest.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        tabs = list(_tab_lines(text))
        if tabs:
            # PyYAML notices a tab only where it breaks the grammar, sometimes
            # lines later; name every line indented by a tab instead.
            raise DataError(
                [Diagnostic(_TAB_MESSAGE, file=file, line=ln, column=col) for ln, col in tabs]
            ) from None
        raise DataError([_syntax_diagnostic(error, text, file)]) from None
    finally:
        loader.dispose()
    if node is None or data is None:
        raise DataError([Diagnostic("文件为空，没有任何数据", file=file)])
    lines = LineMap()
    duplicates: list[tuple[KeyPath, Position]] = []
    try:
        _walk(node, (), lines, duplicates)
    except RecursionError:
        # An alias inside its own anchor (a: &a [*a]) makes an endless structure.
        raise DataError(
            [Diagnostic("YAML 锚点引用了自身（&名称 … *名称），数据无法展开", file=file)]
        ) from None
    # YAML keeps the last of two equal keys; a ledger must not lose the first.
    problems = tuple(
        Diagnostic(
            f"重复的键 '{path[-1]}'（第 {lines.keys[path][0]} 行已写过，后写的会覆盖先写的）",
            file=file,
            line=line,
            column=column,
            path=path,
        )
        for path, (line, column) in duplicates
    )
    loaded = Loaded(data, lines, file, problems)
    if not isinstance(data, dict):
        raise DataError([loaded.diagnostic((), f"文件顶层应为映射（键: 值），得到{_kind(data)}")])
    return loaded


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return f" {value!r}"


_BOM = "\ufeff"
_NEWLINE = re.compile(rb"\r\n|\r|\n")


def load_bytes(raw: bytes, file: str = "<data>") -> Loaded:
    """Decode ``raw`` as UTF-8 (a BOM is allowed) and parse it with :func:`load_text`."""
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


def load_path(path: str | os.PathLike[str], file: str | None = None) -> Loaded:
    """Read and parse the file at ``path``; ``file`` (default ``str(path)``) names it."""
    name = file if file is not None else os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError([Diagnostic("文件不存在", file=name)]) from None
    except IsADirectoryError:
        raise DataError([Diagnostic("这是一个目录，不是数据文件", file=name)]) from None
    except OSError as error:
        raise DataError([Diagnostic(f"无法读取文件：{error.strerror}", file=name)]) from None
    return load_bytes(raw, name)
