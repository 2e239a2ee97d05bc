"""Composing: the Jinja environment, template lookup and rendering to a DocTree.

This is the only module that imports ``jinja2``.  A template renders to a light
markup (see :func:`parse_blocks`); the fixed parts of an official document
(title, 主送, 署名, 日期, 附件, 版头, 版记) are Jinja blocks declared in
``_base.j2`` and wrapped in private markers, so one render yields every part
and a user template can extend a built-in one and override a single block.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import os
import re
import sys
import threading
import time
import types
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import jinja2
from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from jinja2.sandbox import SandboxedEnvironment, is_internal_attribute

from bulletin import zh
from bulletin.doctree import (
    Attachment,
    AuditEntry,
    Block,
    Column,
    DocTree,
    Heading,
    Imprint,
    Masthead,
    Metadata,
    Paragraph,
    Run,
    Table,
    break_title,
    number_headings,
)
from bulletin.errors import DataError, Diagnostic, TemplateError

if TYPE_CHECKING:
    from bulletin.indicators import Indicators
    from bulletin.judge import Finding, Words
    from bulletin.model import Report

__all__ = [
    "BUILTIN_KINDS",
    "KIND_ALIASES",
    "AuditEntry",
    "Composer",
    "RenderLimits",
    "build_context",
    "builtin_template_dir",
    "compose",
    "parse_blocks",
    "resolve_kind",
    "shared_composer",
]

#: Built-in document kinds, in the order the CLI lists them.
BUILTIN_KINDS: tuple[str, ...] = ("speech", "progress", "commendation", "news")

#: Chinese names accepted wherever a kind is asked for.
KIND_ALIASES: Mapping[str, str] = {
    "讲话": "speech",
    "通报": "progress",
    "进展通报": "progress",
    "表彰通报": "commendation",
    "新闻稿": "news",
    "会议新闻稿": "news",
}

# Noncharacters mark structure in the rendered text: U+FDD0–U+FDEF are set
# aside by Unicode for a program's internal use, so no real text needs them
# (private-use characters, by contrast, are how offices type rare characters
# in names, and are kept).  Data never carries them: ``_escape_text`` drops
# them from every string a template is given.
_PART_OPEN, _PART_NAME_END, _PART_CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
_NODE_OPEN, _NODE_CLOSE = "\ufdd3", "\ufdd4"
_ESC_STAR, _ESC_HASH = "\ufdd5", "\ufdd6"
# A figure marked for a preview: open, its number in digits of its own, the
# printed text, close.  Unescaping deletes marks, so wherever text is not split
# into runs (titles, headings, cells) a marked render reads as an unmarked one.
_MARK_OPEN, _MARK_TEXT, _MARK_CLOSE = "\ufdd7", "\ufdd8", "\ufdd9"
_MARK_DIGITS = "".join(chr(0xFDE0 + d) for d in range(10))
# The two escape marks are kept, so escaping twice changes nothing.
# The marks of parts and tables: printed by a template, they would cut a document apart.
_STRUCTURE = re.compile(f"[{_PART_OPEN}-{_NODE_CLOSE}]")
_RESERVED = re.compile("[\ufdd0-\ufdd4\ufdd7-\ufdef\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_VALUE_ESCAPES = str.maketrans({"*": _ESC_STAR, "#": _ESC_HASH})
_UNESCAPE = str.maketrans(
    {
        _ESC_STAR: "*",
        _ESC_HASH: "#",
        **dict.fromkeys(_MARK_OPEN + _MARK_TEXT + _MARK_CLOSE + _MARK_DIGITS),
    }
)
_TO_MARK_DIGITS = str.maketrans("0123456789", _MARK_DIGITS)
_FROM_MARK_DIGITS = str.maketrans(_MARK_DIGITS, "0123456789")
_MARK_RE = re.compile(f"{_MARK_OPEN}([{_MARK_DIGITS}]+){_MARK_TEXT}(.*?){_MARK_CLOSE}", re.S)

_PART_RE = re.compile(f"{_PART_OPEN}([a-z_]+){_PART_NAME_END}(.*?){_PART_CLOSE}", re.S)
_NODE_RE = re.compile(f"^{_NODE_OPEN}(\\d+){_NODE_CLOSE}$")
_HEADING_RE = re.compile(r"^(#{1,4})\s+(.*)$")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def resolve_kind(kind: str) -> str:
    """Return the canonical kind for ``kind`` or a Chinese alias; unknown names pass through."""
    return KIND_ALIASES.get(kind.strip(), kind.strip())


def builtin_template_dir() -> Path:
    """Return the folder of built-in templates, in a wheel or in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "templates"


class _Fail(Exception):
    """Raised by a template's ``fail(message)``: the data cannot make this document."""


def _fail(message: str) -> None:
    raise _Fail(str(message).translate(_UNESCAPE))


class _Raw(str):
    """Template output that is structure, not data: ``_finalize`` leaves it alone."""

    __slots__ = ()


@dataclass(slots=True)
class _RenderState:
    """What one render collects besides text: nodes and the audit trail."""

    nodes: list[Table | Attachment] = field(default_factory=list)
    audit: dict[tuple[str, str], AuditEntry] = field(default_factory=dict)
    #: Where the template placed each node: its template and the line of the compiled code.
    where: dict[int, tuple[jinja2.Template, int] | None] = field(default_factory=dict)
    #: Whether printed figures are marked in the text (a preview), and those marked so far.
    marks: bool = False
    marked: list[AuditEntry] = field(default_factory=list)
    #: The names the template is given, for the close one to a name misspelt.
    names: tuple[str, ...] = ()

    def placeholder(self, node: Table | Attachment) -> _Raw:
        self.nodes.append(node)
        return _Raw(f"\n\n{_NODE_OPEN}{len(self.nodes) - 1}{_NODE_CLOSE}\n\n")

    def mark(self, entry: AuditEntry | None, text: str) -> str:
        """``text`` as printed, marked as the figure ``entry`` when this render marks figures."""
        if not self.marks or entry is None or not text:
            return text
        self.marked.append(entry)
        number = str(len(self.marked) - 1).translate(_TO_MARK_DIGITS)
        return f"{_MARK_OPEN}{number}{_MARK_TEXT}{text}{_MARK_CLOSE}"


class _Printed(str):
    """A filter's output that is one recorded figure, in a render that marks figures.

    It compares, measures and slices as the printed text; converted to a
    string — printed, joined with ``~`` or ``join`` — it is the marked text,
    so a figure keeps its mark inside the sentences templates build.  An
    operation that makes a new string (``+``, ``replace``, ``trim``) drops
    the mark and keeps the text.
    """

    marked: str

    def __new__(cls, text: str, marked: str) -> _Printed:
        printed = super().__new__(cls, text)
        printed.marked = marked
        return printed

    def __str__(self) -> str:
        return self.marked


class _Count(int):
    """A count read from an indicator (``q.value``), remembering the indicator.

    It behaves as the int it is; when a template prints it, ``_finalize``
    records the figure for the 数据核对表 as the filters do for the rest.
    Converted to a string inside a render — joined with ``~`` or ``join``
    into a sentence printed later — it is recorded there and then, and in a
    render that marks figures it is the marked text, as a filter's
    :class:`_Printed` output is.
    """

    figure: Any

    def __new__(cls, value: int, figure: Any) -> _Count:
        count = super().__new__(cls, value)
        count.figure = figure
        return count

    def __str__(self) -> str:
        text = int.__repr__(self)
        state = _STATE.get()
        if state is None:
            return text
        return state.mark(_record(state, self.figure, text, None), text)


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    if isinstance(context.environment, _Environment):
        context.environment._as_text(value)
    if value is None:
        # A template must say what to write when a value is absent; printing
        # "None" into a speech is the bug this catches.
        raise ValueError("模板输出了空值（None）：请用 {% if … %} 判断可选数据")
    if isinstance(value, _Count):
        state = context.get("_state")
        if isinstance(state, _RenderState):
            entry = _record(state, value.figure, int.__repr__(value), None)
            return state.mark(entry, int.__repr__(value))
        return int(value)
    if isinstance(value, _Printed):
        return value.marked
    if type(value) is str and _STRUCTURE.search(value):
        # Data is stripped of them, so only the template can print one
        # ("\ufdd2"): it would cut the document's parts apart.  (Figure marks
        # pass: our filters' output joined by the template carries them.)
        raise ValueError("模板输出了 bulletin 内部使用的字符（U+FDD0—U+FDD4），请删除")
    if isinstance(value, str) and _SURROGATE.search(value):
        # Only the template can print one (data is escaped): "\ud800" is no
        # character and no file can hold it.
        raise ValueError("模板输出了无效字符（孤立的 UTF-16 代理项，如 \\ud800）")
    return value


def _escape_text(text: str) -> str:
    """A data string made inert as markup: no structure marks, no ``#`` or ``*``.

    A lone surrogate (``"\ud800"`` in a YAML string) is no character and could
    not be written to any file; it becomes U+FFFD, as a decoder would write it.
    """
    return _SURROGATE.sub("\ufffd", _RESERVED.sub("", text)).translate(_VALUE_ESCAPES)


# Values that are immutable and print no data text of their own.
_SCALARS = (int, float, complex, Decimal, Fraction, bool, bytes, dt.date, dt.time, dt.timedelta)
_SCALAR_TYPES = frozenset((*_SCALARS, type(None)))
# Structure our own helpers return (``annex_projects()``): nodes placed whole.
_NODES = (Table, Column, Attachment, Paragraph, Heading, Run)


def _freeze(value: Any) -> Any:
    """How every value of the data reaches a template: read-only, and its text escaped.

    Strings are escaped (:func:`_escape_text`), lists become tuples, mappings
    and sets read-only ones (their keys escaped too), other objects a
    :class:`_ReadOnly` view whose attributes, items, iteration and method
    results pass through here in turn.  This is the one place data enters a
    template, so no way of reaching a value (``.items()``, a key, a loop)
    bypasses the escaping, and a template cannot change what the next
    document — or another kind in the same batch — is made from.
    """
    if type(value) in _SCALAR_TYPES:
        return value
    if isinstance(value, str):
        return value if isinstance(value, _Raw) else _escape_text(value)
    if isinstance(value, (_ReadOnly, _ReadOnlyCall, _FrozenMapping, Undefined, *_NODES)):
        return value
    if type(value) in (list, tuple):
        return tuple(map(_freeze, value))
    if isinstance(value, Mapping):
        items = {_freeze(k): _freeze(v) for k, v in value.items()}
        plain = type(value) in (dict, MappingProxyType)
        return _FrozenMapping(items, None if plain else value)
    if isinstance(value, set | frozenset):
        return frozenset(map(_freeze, value))
    if isinstance(value, (*_SCALARS, Enum)):
        return value
    if callable(value) and not isinstance(value, type):
        return _ReadOnlyCall(value)
    return _ReadOnly(value)


def _internal(target: Any, name: str) -> bool:
    """Whether the sandbox refuses ``name`` on ``target`` (a view must not hide the type it checks).

    The sandbox decides by the object's type (a generator's ``gi_frame``, a
    type's ``mro``); behind a view it would see only the view, so the view
    asks for the object it stands for.  A module offers nothing at all.
    """
    kind = type(target)
    known = _INTERNAL.get((kind, name))
    if known is not None:
        return known
    refused = (
        name.startswith("_")
        or is_internal_attribute(target, name)
        or isinstance(target, types.ModuleType)
    )
    # The verdict depends on the type alone (isinstance checks and the name),
    # so it is kept per type and name: a render asks it ~1,000 times, of a few
    # dozen pairs.  Not for an object whose __class__ differs from its type,
    # which isinstance would also consult; and only so many pairs, so that a
    # template making up names cannot grow the table without end.
    if target.__class__ is kind and len(_INTERNAL) < _INTERNAL_MAX:
        _INTERNAL[kind, name] = refused
    return refused


_INTERNAL: dict[tuple[type, str], bool] = {}
_INTERNAL_MAX = 4096


def _unwrap(value: Any) -> Any:
    """The data object behind a read-only view (for our own filters' bookkeeping)."""
    return value._ro_target if isinstance(value, _ReadOnly) else value


class _ReadOnly:
    """A template's view of one data object: it reads, and what it reads is frozen.

    No public attribute of its own, so every name is the object's; dunders
    forward what templates use (printing, truth, length, iteration,
    comparison).  There is no way back to the object: names starting with
    ``_`` are refused here and by the sandbox.
    """

    __slots__ = ("_ro_cache", "_ro_target")

    def __init__(self, target: Any) -> None:
        self._ro_target = target
        self._ro_cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self._ro_cache[name]  # only names allowed below get there
        except KeyError:
            pass
        if _internal(self._ro_target, name):
            raise AttributeError(name)
        value = self._ro_cache[name] = _freeze(getattr(self._ro_target, name))
        return value

    def __getitem__(self, key: Any) -> Any:
        return _freeze(self._ro_target[_unwrap(key)])

    def __iter__(self) -> Iterator[Any]:
        return map(_freeze, iter(self._ro_target))

    def __len__(self) -> int:
        return len(self._ro_target)

    def __bool__(self) -> bool:
        return bool(self._ro_target)

    def __contains__(self, item: Any) -> bool:
        return _unwrap(item) in self._ro_target

    def __eq__(self, other: object) -> bool:
        return bool(self._ro_target == _unwrap(other))

    def __ne__(self, other: object) -> bool:
        return bool(self._ro_target != _unwrap(other))

    def __lt__(self, other: Any) -> bool:
        return bool(self._ro_target < _unwrap(other))

    def __le__(self, other: Any) -> bool:
        return bool(self._ro_target <= _unwrap(other))

    def __gt__(self, other: Any) -> bool:
        return bool(self._ro_target > _unwrap(other))

    def __ge__(self, other: Any) -> bool:
        return bool(self._ro_target >= _unwrap(other))

    def __hash__(self) -> int:
        return hash(self._ro_target)

    def __str__(self) -> str:
        return _escape_text(str(self._ro_target))

    def __repr__(self) -> str:
        return _escape_text(repr(self._ro_target))


class _ReadOnlyCall:
    """A data object's method (or our context's functions): called as is, its result frozen."""

    __slots__ = ("_ro_target",)

    def __init__(self, target: Callable[..., Any]) -> None:
        self._ro_target = target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        unwrapped = {k: _unwrap(v) for k, v in kwargs.items()}
        return _freeze(self._ro_target(*map(_unwrap, args), **unwrapped))

    def __str__(self) -> str:
        return _escape_text(str(self._ro_target))


class _FrozenMapping(Mapping[Any, Any]):
    """A read-only mapping: not a ``dict``, so not even ``dict.update(m, …)`` can change it.

    A mapping of ours with attributes besides its items (``judge.words``)
    keeps them, frozen; its methods stay out of reach.
    """

    __slots__ = ("_items", "_source")

    def __init__(self, items: dict[Any, Any], source: Any = None) -> None:
        self._items = items
        self._source = source

    def __getattr__(self, name: str) -> Any:
        if self._source is None or _internal(self._source, name):
            raise AttributeError(name)
        value = getattr(self._source, name)
        if callable(value):
            raise AttributeError(name)
        return _freeze(value)

    def __getitem__(self, key: Any) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(self._items)


@dataclass(frozen=True, slots=True)
class RenderLimits:
    """How long and how large one render may grow before it is stopped with a located error.

    ``seconds``: wall time of the render (the built-in bulletin of 10,000
    projects composes in well under a second); ``output``: characters of
    rendered text; ``size``: length of any one string or list a template
    builds (``"x" * n``, ``center(n)``, …); ``memory``: bytes of address space
    the render may add to the process, enforced on Linux with ``RLIMIT_AS``
    while rendering.  That limit is the whole process's, so by default
    (``None``) it is set only in processes bulletin runs itself (the command
    line, batch workers, ``bulletin serve``: 1 GB) and a program calling the
    library keeps its own; a number sets it anyway, 0 leaves it unbounded.
    """

    seconds: float = 30.0
    output: int = 20_000_000
    size: int = 10_000_000
    memory: int | None = None

    def memory_bound(self) -> int:
        """The bytes :attr:`memory` allows in this process (0: unbounded)."""
        from bulletin import process

        if self.memory is not None:
            return self.memory
        return _OWN_PROCESS_MEMORY if process.owned() else 0


# What a render may add to the address space of a process bulletin runs itself.
_OWN_PROCESS_MEMORY = 1 << 30


class _Overrun(Exception):
    """A render went past one of its :class:`RenderLimits`."""


@dataclass(frozen=True, slots=True)
class _Budget:
    limits: RenderLimits
    deadline: float


# The limits of the render running in this thread (or task), if any.
_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "bulletin_render_budget", default=None
)
# What the render running in this thread (or task) collects, for a count
# turned into text where no filter or finalize sees it (``"共" ~ n ~ "个"``).
_STATE: contextvars.ContextVar[_RenderState | None] = contextvars.ContextVar(
    "bulletin_render_state", default=None
)
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*)(?:\.(\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")


_MISSING: Any = object()
# What a template would call to change a list, mapping or set of the data.
_MUTATORS = frozenset(
    [
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "clear",
        "sort",
        "reverse",
        "update",
        "setdefault",
        "popitem",
        "add",
        "discard",
    ]
)
# Strings shorter than this are not worth a look at the limits.
_SHORT = 4096
_SIZED = frozenset((str, bytes, list, tuple, dict, set))


def _size(value: Any) -> int:
    return len(value) if type(value) in _SIZED or isinstance(value, str) else 0


_CONTAINERS = frozenset((list, tuple, dict, set, frozenset))


def _text_size(value: Any, limit: int) -> int:
    """About how long ``str(value)`` of a list or mapping is, counted no further than ``limit``.

    Counted by walking it, every path anew: a list holding one list twice, 40
    times over, is short to build and 2**40 items long as text, which Python
    would write out in one call no clock could stop.
    """
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            total += len(item) + 2
        elif kind is dict:
            total += 2 + 2 * len(item)
            stack += item.keys()
            stack += item.values()
        elif kind in _CONTAINERS:
            total += 2 + len(item)
            stack += item
        else:
            total += 1
    return total


#: Built-in filters that take a list apart or count it, never writing it out as text.
_STRUCTURAL_FILTERS = frozenset(
    (
        "do_first",
        "do_last",
        "do_list",
        "do_reverse",
        "do_batch",
        "do_slice",
        "do_select",
        "do_reject",
        "do_selectattr",
        "do_rejectattr",
        "do_map",
        "do_groupby",
        "do_dictsort",
        "do_items",
        "do_default",
        "do_random",
        "do_sum",
        "do_min",
        "do_max",
        "do_unique",
        "do_sort",
        "do_attr",
        "len",
        "do_count",
    )
)


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles templates with a look at the render's clock on entering every frame.

    Every loop body, macro, block and ``with`` is a frame, so an endless loop
    — even one that calls nothing and prints nothing — meets the check on
    each turn.
    """

    def enter_frame(self, frame: Frame) -> None:
        super().enter_frame(frame)
        self.writeline("environment._tick()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # As Jinja's own, with each part's length as text looked at first.
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}((")
        for arg in node.nodes:
            self.write("environment._as_text(")
            self.visit(arg, frame)
            self.write("), ")
        self.write("))")


class _AddressSpace:
    """Bounds the process's address space while renders run (Linux only).

    One process-wide limit, set when the first of any concurrent renders
    starts and lifted when the last ends, so threads rendering at once share
    it and never lift it under each other.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._saved: tuple[int, int] | None = None

    @contextlib.contextmanager
    def bounded(self, extra: int) -> Iterator[None]:
        if extra <= 0 or not sys.platform.startswith("linux"):
            yield
            return
        with self._lock:
            if self._users == 0:
                self._saved = _lower_address_space(extra)
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0 and self._saved is not None:
                    _set_address_space(self._saved)
                    self._saved = None


def _lower_address_space(extra: int) -> tuple[int, int] | None:
    """Allow ``extra`` bytes beyond what the process maps now; the limit it replaced."""
    import resource

    try:
        with Path("/proc/self/statm").open(encoding="ascii") as f:
            used = int(f.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = used + extra if hard == resource.RLIM_INFINITY else min(used + extra, hard)
        if soft != resource.RLIM_INFINITY and soft <= wanted:
            return None  # already bounded at least as tightly
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (OSError, ValueError):
        return None
    return soft, hard


def _set_address_space(limits: tuple[int, int]) -> None:
    import resource

    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_AS, limits)


_ADDRESS_SPACE = _AddressSpace()


def _format_width(fmt: str) -> int:
    """The widest field a format string asks for (``%0999d``, ``{:>999}``)."""
    widths = [int(d) for m in _PERCENT_SPEC.finditer(fmt) for d in m.groups() if d]
    widths += [int(d) for spec in _BRACE_SPEC.findall(fmt) for d in re.findall(r"\d+", spec)]
    return max(widths, default=0)


def _asked_size(name: str, owner: Any, args: Sequence[Any]) -> int:
    """Roughly how long ``owner.name(*args)`` (or the filter ``name``) is about to make its result.

    Only the calls whose result can be far longer than their inputs: a
    padding width, a format width, a separator times a count, lorem ipsum.
    """
    width = max((a for a in args if type(a) is int), default=0)
    text = owner if isinstance(owner, str) else ""
    if name in ("center", "ljust", "rjust", "zfill", "do_center"):
        return width
    if name == "expandtabs":
        return text.count("\t") * width
    if name == "do_indent":
        return (text.count("\n") + 1) * width
    if name in ("format", "format_map", "do_format"):
        return _format_width(text)
    if name in ("join", "do_join") and args and hasattr(args[0], "__len__"):
        return len(text) * len(args[0])
    if name in ("replace", "do_replace") and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        return (text.count(old) if old else len(text) + 1) * len(new)
    if name == "generate_lorem_ipsum":
        return width * 1000
    return 0


class _Environment(SandboxedEnvironment):
    """The sandbox, with a clock and size limits on what templates do.

    The data reaches templates already frozen (:func:`_freeze`).  Every
    attribute, item, call, operator and filter is a point where the render's
    :class:`RenderLimits` are checked, so a user template with an endless
    loop or a runaway string ends in a located error, not a hang.
    """

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def _tick(self) -> None:
        budget = _BUDGET.get()
        if budget is not None and time.monotonic() > budget.deadline:
            raise _Overrun(
                f"模板运行超过 {budget.limits.seconds:g} 秒仍未结束，已停止（是否有死循环？）"
            )

    def _as_text(self, value: Any) -> Any:
        """``value``, about to be written out as text, unless that text would be too long."""
        budget = _BUDGET.get()
        if budget is not None and type(value) in _CONTAINERS:
            self._within(None, _text_size(value, budget.limits.size))
        return value

    def _within(self, value: Any, estimate: int = 0) -> Any:
        """``value``, unless it (or ``estimate``, of what is about to be made) is too long."""
        budget = _BUDGET.get()
        if budget is not None and max(_size(value), estimate) > budget.limits.size:
            raise _Overrun(f"模板生成的文字或列表过长（超过 {budget.limits.size} 个），已停止")
        return value

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        return self.undefined(
            f"模板不能读取 {type(_unwrap(obj)).__name__} 的属性 '{attribute}'（沙箱不允许）",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Most reads are of the data's views, whose names are all safe but
        # the underscored ones: read those directly (the sandbox's checks
        # would find nothing to refuse).
        value = _MISSING
        if type(obj) is _ReadOnly and attribute[:1] != "_":
            # A name in the view's cache was read (and so allowed) before.
            value = obj._ro_cache.get(attribute, _MISSING)
            if value is _MISSING:
                if _internal(obj._ro_target, attribute):
                    return self.unsafe_undefined(obj._ro_target, attribute)
                with contextlib.suppress(AttributeError):
                    value = obj.__getattr__(attribute)
        if value is _MISSING:
            if type(obj) is str and attribute in ("format", "format_map"):
                self._within(None, _format_width(obj))  # the sandbox wraps the method itself
            if attribute in _MUTATORS and isinstance(obj, tuple | frozenset | _FrozenMapping):
                return self.undefined(
                    obj=obj,
                    name=attribute,
                    hint=f"数据是只读的，模板不能改动它（.{attribute}）；"
                    "需要改动的列表请先复制一份：{% set xs = report.projects | list %}",
                )
            value = super().getattr(obj, attribute)
        if type(value) is int:
            if attribute == "value" and _is_figure(obj):
                return _Count(value, _unwrap(obj))
        elif type(value) is str and len(value) > _SHORT:
            self._within(value)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self._within(super().getitem(obj, argument))

    def call(
        __self,  # Jinja's own signature: no keyword argument of the call can clash
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        __self._tick()
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        if owner is None:  # str.format as the sandbox wraps it
            owner = getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
        if isinstance(owner, str) or name == "generate_lorem_ipsum":
            __self._within(None, _asked_size(name, owner, (*args, *kwargs.values())))
            for arg in (*args, *kwargs.values()):  # "{}".format(a_list)
                __self._as_text(arg)
        return __self._within(super().call(__context, __obj, *args, **kwargs))

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        self._tick()
        estimate = 0
        if operator == "*":
            if type(left) is int and type(right) is int:
                estimate = (left.bit_length() + right.bit_length()) // 8
            elif type(right) is int:
                estimate = _size(left) * right
            elif type(left) is int:
                estimate = _size(right) * left
        elif operator == "**" and type(left) is int and type(right) is int and abs(left) > 1:
            estimate = left.bit_length() * right // 8
        elif operator == "+":
            estimate = _size(left) + _size(right)
        elif operator == "%" and isinstance(left, str):
            estimate = _format_width(left)
            self._as_text(right)
        self._within(None, estimate)
        return self._within(super().call_binop(context, operator, left, right))


def _bounded_filter(env: _Environment, fn: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter with the render's limits checked on its arguments and its result."""
    name = getattr(fn, "__name__", "")

    @functools.wraps(fn)  # keeps Jinja's pass_context marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        env._tick()
        values = [a for a in args if not isinstance(a, EvalContext | jinja2.Environment)]
        values += kwargs.values()
        if name == "do_join" and values:
            owner, rest = (values[1] if len(values) > 1 else ""), values[:1]
        else:
            owner, rest = (values[0] if values else None), values[1:]
        env._within(None, _asked_size(name, owner, rest))
        if name not in _STRUCTURAL_FILTERS:
            for value in values:
                env._as_text(value)
        return env._within(fn(*args, **kwargs))

    return bounded


def _runs(text: str, figures: Sequence[AuditEntry] = ()) -> tuple[Run, ...]:
    runs: list[Run] = []
    pos = 0
    for match in _BOLD_RE.finditer(text):
        if match.start() > pos:
            runs += _figure_runs(text[pos : match.start()], None, figures)
        runs += _figure_runs(match.group(1), "bold", figures)
        pos = match.end()
    if pos < len(text):
        runs += _figure_runs(text[pos:], None, figures)
    return tuple(runs)


def _figure_runs(
    text: str, emphasis: Literal["bold"] | None, figures: Sequence[AuditEntry]
) -> list[Run]:
    """Runs of ``text``: each marked figure a run of its own, carrying its audit entry."""
    runs: list[Run] = []
    pos = 0
    for match in _MARK_RE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()].translate(_UNESCAPE), emphasis))
        index = int(match.group(1).translate(_FROM_MARK_DIGITS))
        entry = figures[index] if index < len(figures) else None
        runs.append(Run(match.group(2).translate(_UNESCAPE), emphasis, entry))
        pos = match.end()
    if pos < len(text) or not runs:
        runs.append(Run(text[pos:].translate(_UNESCAPE), emphasis))
    return runs


def _paragraphs(text: str) -> Iterator[list[str]]:
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            lines.append(line)
        elif lines:
            yield lines
            lines = []
    if lines:
        yield lines


def parse_blocks(
    text: str,
    nodes: Sequence[Table | Attachment] = (),
    figures: Sequence[AuditEntry] = (),
) -> list[Block | Attachment]:
    """Parse rendered markup into blocks.

    Paragraphs are separated by blank lines; the lines of one paragraph are
    joined without spaces (Chinese has none).  A paragraph whose first line
    starts with ``#``–``####`` is a heading of that level; if more lines follow
    in the same paragraph they are its run-in body.  ``**text**`` is emphasis.
    A paragraph that is a node placeholder becomes that node.  A figure marked
    in the text (``figures`` holds the marked ones, in order) becomes a run of
    its own carrying its audit entry.
    """
    blocks: list[Block | Attachment] = []
    for lines in _paragraphs(text):
        node = _NODE_RE.match(lines[0]) if len(lines) == 1 else None
        if node:
            blocks.append(nodes[int(node.group(1))])
            continue
        heading = _HEADING_RE.match(lines[0])
        if heading:
            body = "".join(lines[1:])
            title = _figure_runs(heading.group(2), None, figures)
            blocks.append(
                Heading(
                    level=len(heading.group(1)),
                    text=heading.group(2).translate(_UNESCAPE),
                    body=_runs(body, figures) if body else (),
                    runs=tuple(title) if any(r.figure for r in title) else (),
                )
            )
        else:
            blocks.append(Paragraph(_runs("".join(lines), figures)))
    return blocks


def _split_parts(rendered: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _PART_RE.finditer(rendered)}


def _line(text: str) -> str:
    return "".join(part.strip() for part in text.splitlines()).translate(_UNESCAPE)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(s.strip().translate(_UNESCAPE) for s in text.splitlines() if s.strip())


def _template_location(exc: BaseException, names: set[str]) -> tuple[str | None, int | None]:
    # Jinja rewrites tracebacks so that template frames carry the template's
    # file name and line; the innermost such frame is where the fault is.
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in names or filename.endswith((".j2", ".jinja", ".jinja2")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _close(name: object, names: Iterable[str]) -> str:
    """``（您是不是要用 'x'？）`` for the name closest to ``name``, or nothing."""
    import difflib

    if not isinstance(name, str):
        return ""
    found = difflib.get_close_matches(name, [n for n in names if n[:1] != "_"], n=1)
    return f"（您是不是要用 '{found[0]}'？）" if found else ""


class _Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined (any use of it fails), failing in the office's words.

    Says which variable, attribute or element was not there, of what, and
    the close name for a typo.
    """

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        hint, name, owner = self._undefined_hint, self._undefined_name, self._undefined_obj
        if hint:
            return hint
        if owner is jinja2.utils.missing:
            state = _STATE.get()
            return f"模板中没有变量 '{name}'{_close(name, state.names if state else ())}"
        target = _unwrap(owner)
        what = type(target).__name__
        if not isinstance(name, str):
            listed = isinstance(target, Sequence) and not isinstance(target, str)
            if listed and isinstance(name, int):
                return f"列表只有 {len(target)} 项，没有下标为 {name} 的一项（下标从 0 起）"
            return f"{what} 中没有 {name!r} 这一项"
        if isinstance(target, Mapping):
            return f"{what} 中没有 '{name}' 这一项{_close(name, map(str, target))}"
        return f"{what} 没有属性 '{name}'{_close(name, dir(target))}"


_BLOCK_OPEN = re.compile(r"The innermost block that needs to be closed is '(\w+)'")
_UNKNOWN_TAG = re.compile(r"Encountered unknown tag '(\w+)'")
_NOT_NAMED = re.compile(r"No (filter|test) named '([^']*)'")
# Jinja's names of the tokens that close a tag.
_CLOSERS = {"end of print statement": "}}", "end of statement block": "%}"}
_EXPECTED = re.compile(r"expected token '(end of print statement|end of statement block)'")


def _syntax_message(exc: jinja2.TemplateSyntaxError, env: jinja2.Environment) -> str:
    """A syntax error said in Chinese for the common kinds, else in Jinja's own words.

    Decided by Jinja's class and the opening words of its message, which
    are stable across its releases; a message not recognised is kept whole.
    """
    message = exc.message or ""
    named = _NOT_NAMED.match(message)
    if named:
        kind, name = named.groups()
        known = env.filters if kind == "filter" else env.tests
        what = "过滤器" if kind == "filter" else "测试"
        return f"没有名为 '{name}' 的{what}{_close(name, known)}"
    block = _BLOCK_OPEN.search(message)
    opened = f"{{% {block.group(1)} %}}" if block else ""
    closing = f"{{% end{block.group(1)} %}}" if block else ""
    if message.startswith("Unexpected end of template"):
        if block:
            return f"模板到末尾了，{opened} 还没有结束：缺少 {closing}"
        return "模板意外结束"
    tag = _UNKNOWN_TAG.match(message)
    if tag:
        name = tag.group(1)
        if block and "nesting mistake" in message:  # an outer block waits for this tag
            return f"{{% {name} %}} 与前面的 {opened} 不配对：{opened} 要先用 {closing} 结束"
        if name.startswith("end") and len(name) > 3:
            # A child template's own block is always open: no news in saying so.
            inner = f"（{opened} 要用 {closing} 结束）" if block and opened != "{% block %}" else ""
            return f"{{% {name} %}} 前面没有与之配对的 {{% {name[3:]} %}}{inner}"
        if name in ("else", "elif"):
            return f"{{% {name} %}} 前面没有与之配对的 {{% if %}}"
        return f"没有标签 {{% {name} %}}（拼错了？）"
    expected = _EXPECTED.match(message)
    if expected:
        closer = _CLOSERS[expected.group(1)]
        opener = "{{" if closer == "}}" else "{%"
        if message.startswith("unexpected end of template"):
            return f"模板到末尾了，{opener} 还没有用 {closer} 结束"
        return f"{opener} … {closer} 中的写法有误，或没有用 {closer} 结束"
    if message.startswith(("unexpected '", "unexpected char", "Expected an expression")):
        return f"表达式没有写完，或有多余的符号（Jinja：{message}）"
    return message


class _CheckedLoader(jinja2.FileSystemLoader):
    """Template files, refused with their line when they are no UTF-8 or hold bulletin's marks.

    A file is read only when it lies inside the folder it was found in, links
    followed: a link to ``/etc/passwd`` in a template folder is not included.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        self._confined(template)
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            path = next(
                (Path(d) / template for d in self.searchpath if (Path(d) / template).is_file()),
                Path(template),
            )
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            raise jinja2.TemplateSyntaxError(
                f"模板文件不是 UTF-8 编码：字节偏移 {exc.start} 处的 0x{exc.object[exc.start]:02X}"
                " 无法解码（如用 GBK 保存，请另存为 UTF-8）",
                line,
                template,
                os.fspath(path),
            ) from None
        found = _RESERVED.search(source)
        if found:
            raise jinja2.TemplateSyntaxError(
                f"模板中有 bulletin 内部使用的字符 U+{ord(found.group()):04X}，请删除",
                source.count("\n", 0, found.start()) + 1,
                template,
                filename,
            )
        return source, filename, uptodate

    def _confined(self, template: str) -> None:
        """Refuse ``template`` where the first folder holding it holds it only through a link."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if not path.is_file():
                continue
            if not path.resolve().is_relative_to(Path(folder).resolve()):
                raise TemplateError(
                    "模板文件链接到模板目录以外，为安全起见未读取（请把它复制进模板目录）",
                    filename=os.fspath(path),
                )
            return


class Composer:
    """Renders document kinds from templates; one instance per template search path.

    ``template_dirs`` are searched in order before the built-in templates.
    Templates run in Jinja's sandbox with ``StrictUndefined``; data is only
    ever passed as values, never rendered as a template.
    """

    def __init__(
        self,
        template_dirs: Sequence[str | os.PathLike[str]] = (),
        *,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        rounding: zh.Rounding = "half_up",
        limits: RenderLimits = RenderLimits(),
    ) -> None:
        self.limits = limits
        self.search_path: tuple[Path, ...] = (
            *(Path(d) for d in template_dirs),
            builtin_template_dir(),
        )
        for folder in self.search_path[:-1]:
            if not folder.is_dir():
                raise TemplateError(f"模板目录不存在：{folder}", filename=str(folder))
        self._env = _Environment(
            # User folders first, then the built-ins; ``builtin/<name>`` always
            # reaches a built-in, so a user's ``progress.j2`` can extend
            # ``builtin/progress.j2`` without extending itself.
            loader=jinja2.ChoiceLoader(
                [
                    _CheckedLoader([str(p) for p in self.search_path]),
                    jinja2.PrefixLoader({"builtin": _CheckedLoader(str(self.search_path[-1]))}),
                ]
            ),
            undefined=_Undefined,
            bytecode_cache=_bytecode_cache(),
            finalize=_finalize,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
            # Jinja folds constant expressions while compiling, outside any
            # render's limits: ``"x" | center(10**10)`` would fill the memory
            # before a render even starts.
            optimized=False,
        )
        self.rounding = rounding
        base_filters = dict(filters if filters is not None else zh.make_filters(rounding))
        base_filters.setdefault("ppv", partial(_pp_value, mode=rounding))
        base_filters.setdefault("tally", _tally)
        base_filters.setdefault("datum", _datum)
        env = self._env
        env.filters.update({name: _bounded_filter(env, fn) for name, fn in env.filters.items()})
        env.filters.update({name: _auditing(fn) for name, fn in base_filters.items()})

    def kinds(self) -> list[str]:
        """Return the kinds found on the search path (templates not starting with ``_``)."""
        # Only a folder's own .j2 files are kinds: no walk down a folder
        # given by mistake (``-t /`` would take for ever).
        names = {
            path.stem
            for folder in self.search_path
            for path in folder.glob("*.j2")
            if not path.name.startswith("_") and path.is_file()
        }
        builtin = [k for k in BUILTIN_KINDS if k in names]
        return builtin + sorted(names.difference(BUILTIN_KINDS))

    def template_path(self, kind: str) -> str:
        """Return the file a kind's template is loaded from."""
        template = self._load(kind)
        return template.filename or f"{kind}.j2"

    def check_kind(self, kind: str) -> str:
        """The canonical name of ``kind`` (``讲话`` → ``speech``), or :class:`TemplateError`.

        A kind is a template the search path holds by itself, not a part
        of others (``_base``, whose masthead is no document) nor a file
        below a folder (``builtin/progress``).  The command line asks this
        too, so both refuse in the same words.
        """
        canonical = resolve_kind(kind)
        known = self.kinds()
        if canonical in known:
            return canonical
        raise _unknown_kind(kind, known)

    def _load(self, kind: str) -> jinja2.Template:
        canonical = resolve_kind(kind)
        # Whatever is no kind's own file is refused before any lookup (the
        # check without listing the folders, as every render passes here).
        if canonical[:1] == "_" or "/" in canonical or "\\" in canonical:
            raise _unknown_kind(kind, self.kinds())
        name = f"{canonical}.j2"
        try:
            return self._env.get_template(name)
        except jinja2.TemplateNotFound as exc:
            if exc.name == name:
                raise _unknown_kind(kind, self.kinds()) from None
            raise TemplateError(f"找不到被引用的模板 {exc.name!r}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise self._syntax_error(exc) from None

    def _syntax_error(self, exc: jinja2.TemplateSyntaxError) -> TemplateError:
        message = f"模板语法错误：{_syntax_message(exc, self._env)}"
        return TemplateError(message, exc.filename or exc.name, exc.lineno)

    def render(
        self, kind: str, context: Mapping[str, Any], *, mark_figures: bool = False
    ) -> tuple[DocTree, list[AuditEntry]]:
        """Render ``kind`` with ``context``; return the numbered tree and the audit trail.

        With ``mark_figures`` every figure (and verdict) printed as it came
        from its filter is a run of its own carrying its audit entry
        (:attr:`Run.figure`); the text is the same either way.  Raises
        :class:`TemplateError` naming the template file and line.
        """
        template = self._load(kind)
        state = _RenderState(marks=mark_figures)
        findings = context.get("judge")
        places = context.get("places", 1)

        def place(node: Table | Attachment) -> _Raw:
            # Where the template placed it, for an error about its place.
            state.where[len(state.nodes)] = _caller_location()
            return state.placeholder(node)

        helpers = {
            "say": lambda finding, text: _say(
                state, findings, finding, text, places if isinstance(places, int) else 1
            ),
            "table": lambda *a, **k: place(_make_table(*a, **k)),
            "attachment": lambda title, number=None: place(
                Attachment(number=int(number or 0), title=str(title).translate(_UNESCAPE))
            ),
            "raw": _Raw,
            "fail": _fail,
            "part": lambda name: _Raw(f"{_PART_OPEN}{name}{_PART_NAME_END}"),
            "end": lambda: _Raw(_PART_CLOSE),
            # The kind being written: parts such as the 发文字号 differ by kind.
            "kind": resolve_kind(kind),
            "_state": state,
        }
        names = {t.filename for t in [template] if t.filename}
        # Frozen here, once: whatever a template reaches from the data is escaped
        # text in read-only containers (see _freeze).
        frozen = {name: _freeze(value) for name, value in context.items()}
        state.names = (*frozen, *helpers, *self._env.globals)
        state_token = _STATE.set(state)
        try:
            rendered = self._generate(template, {**frozen, **helpers})
        except TemplateError:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise self._syntax_error(exc) from None
        except Exception as exc:
            filename, lineno = _template_location(exc, names)
            if isinstance(exc, jinja2.TemplateNotFound):
                raise TemplateError(f"找不到被引用的模板 {exc.name!r}", filename, lineno) from None
            if isinstance(exc, _Fail | _Overrun):
                raise TemplateError(str(exc), filename, lineno) from None
            if isinstance(exc, MemoryError):
                bound = self.limits.memory_bound()
                over = f"（超过 {bound >> 20} MB）" if bound else ""
                message = f"模板占用内存过多{over}，已停止"
                raise TemplateError(message, filename, lineno) from None
            if isinstance(exc, RecursionError):
                message = "模板递归过深（宏或循环调用了自身？），已停止"
                raise TemplateError(message, filename, lineno) from None
            message = (
                exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
            )
            raise TemplateError(f"模板渲染失败：{message}", filename, lineno) from None
        finally:
            _STATE.reset(state_token)
        tree = _assemble(resolve_kind(kind), _split_parts(rendered), state, template.filename)
        return tree, list(state.audit.values())

    def _generate(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """Render within :attr:`limits`: the clock, the output's length, the memory."""
        limits = self.limits
        token = _BUDGET.set(_Budget(limits, time.monotonic() + limits.seconds))
        try:
            with _ADDRESS_SPACE.bounded(limits.memory_bound()):
                chunks: list[str] = []
                length = 0
                stream: Generator[str, None, None] = template.generate(context)  # type: ignore[assignment]
                for chunk in stream:
                    length += len(chunk)
                    if length > limits.output:
                        # Thrown in at the template's own output, so the error names its line.
                        stream.throw(
                            _Overrun(
                                f"模板输出超过 {limits.output} 个字符，已停止（是否有死循环？）"
                            )
                        )
                    chunks.append(chunk)
                return "".join(chunks)
        finally:
            _BUDGET.reset(token)


def _unknown_kind(kind: str, known: Sequence[str]) -> TemplateError:
    """The refusal of a kind that is none of ``known``, with the close one for a typo."""
    import difflib

    close = difflib.get_close_matches(kind, [*known, *KIND_ALIASES], n=1)
    part = (
        "以 _ 开头的模板是其他模板共用的部分，不能单独生成一篇文书。"
        if re.split(r"[/\\]", kind.strip())[-1].startswith("_")
        else ""
    )
    hint = f"您是不是要用 '{close[0]}'？（Did you mean '{close[0]}'?）" if close else ""
    return TemplateError(
        f"没有文书类型 '{kind}'（可用：{'、'.join(known)}；中文名：{'、'.join(KIND_ALIASES)}）。"
        f"{part}{hint}"
    )


def _caller_location() -> tuple[jinja2.Template, int] | None:
    """The innermost template frame calling us: its template and the compiled code's line.

    Only that: mapping the line back to the template's own is done by
    :func:`_template_line` when an error needs it, since Jinja parses the
    whole template's line table for each mapping (a tenth of a render that
    places two tables, paid for nothing when the tables are where they belong).
    """
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template, frame.f_lineno
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _template_line(place: tuple[jinja2.Template, int] | None) -> tuple[str | None, int | None]:
    """The template file and line of a place :func:`_caller_location` found."""
    if place is None:
        return None, None
    template, code_line = place
    return template.filename, template.get_corresponding_lineno(code_line)


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, keyed by name and checked against the source.

    Compiling ``progress.j2`` with its base and macros is most of a one-shot
    render; Jinja stores each template's code with a checksum of its source,
    so an edited template (even one with the same modification time) is
    compiled anew.  A cache that cannot be read or written is no cache: a
    render never fails for it.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The on-disk template cache of this process, if a private folder for it can be had."""
    from bulletin import __version__, cache

    # Code compiled by another Jinja, Python or bulletin goes to another
    # folder, never mixed; this module's own text counts too, since its
    # environment and code generator shape the compiled code.
    tag = f"{jinja2.__version__}-{sys.version_info[0]}.{sys.version_info[1]}-{__version__}"
    digest = hashlib.sha256(tag.encode() + Path(__file__).read_bytes()).hexdigest()
    folder = cache.folder(f"templates-{digest[:12]}")
    return None if folder is None else _TemplateCache(str(folder), "%s.jinja")


def _is_figure(value: object) -> bool:
    value = _unwrap(value)
    return hasattr(value, "formula") and hasattr(value, "label") and hasattr(value, "value")


def _auditing(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a formatting filter so it accepts indicators and records what it printed."""

    @jinja2.pass_context
    def wrapper(context: jinja2.runtime.Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        # Our own filters get the data behind the views: their output is
        # figures, and the audit trail wants the indicators' own labels.
        value = _unwrap(value) if _is_figure(value) else value
        args = tuple(_unwrap(a) if _is_figure(a) else a for a in args)
        figures = [a for a in (value, *args) if _is_figure(a)]
        if not figures:
            return fn(value, *args, **kwargs)
        for figure in figures:
            if figure.value is None:
                raise ValueError(f"指标“{figure.label}”无定义（分母为0），模板须先判断 .defined")
        unwrap = [a.value if _is_figure(a) else a for a in (value, *args)]
        printed = fn(*unwrap, **kwargs)
        state = context.get("_state")
        if isinstance(state, _RenderState):
            if len(figures) == 1:
                entry = _record(state, figures[0], str(printed), None)
            else:
                label = "与".join(str(f.label) for f in figures) + "之差"
                formula = " − ".join(str(f.label) for f in figures) + "（先修约，后相减）"
                given = args[1] if len(args) > 1 else kwargs.get("places", 1)
                places = given if isinstance(given, int) else 1
                inputs = " − ".join(zh.fixed(f.value, places) for f in figures)
                entry = _record(state, None, str(printed), label, formula, inputs)
            if state.marks and entry is not None and isinstance(printed, str) and printed:
                return _Printed(printed, state.mark(entry, printed))
        return printed

    return wrapper


def _record(
    state: _RenderState,
    value: Any,
    printed: str,
    label: str | None,
    formula: str = "",
    inputs: str = "",
) -> AuditEntry | None:
    figure_label = label or str(getattr(value, "label", ""))
    formula = formula or str(getattr(value, "formula", ""))
    numerator = getattr(value, "numerator", None)
    denominator = getattr(value, "denominator", None)
    if not inputs and numerator is not None and denominator is not None:
        inputs = f"{numerator} ÷ {denominator}"
    key = (figure_label, printed)
    if not figure_label:
        return None
    if key not in state.audit:
        state.audit[key] = AuditEntry(figure_label, printed, formula, inputs)
    return state.audit[key]


def _say(state: _RenderState, findings: Any, finding: Any, text: Any, places: int) -> str:
    """``say(judge.key, "phrase")``: print a verdict's phrase, only if its rule holds.

    The verdict goes into the 数据核对表 with its rule and the figures that
    made it hold.  A template asserting a verdict that does not hold is a
    template fault, stopped here rather than printed.
    """
    key = getattr(finding, "key", None)
    real: Finding | None = None
    if isinstance(findings, Mapping) and isinstance(key, str):
        real = findings.get(key)
    if real is None:
        raise _Fail("say() 的第一个参数须是一项判断，如 say(judge.main_support, …)")
    if not real.holds:
        raise _Fail(f"模板断言了不成立的判断“{real.name}”（{real.key}）：{real.rule}")
    printed = str(text)
    entry = AuditEntry(
        f"判断：{real.name}", printed.translate(_UNESCAPE), real.rule, "", kind="verdict"
    )
    if (entry.label, entry.printed) not in state.audit:
        evidence = "；".join(_evidence(fig, places) for fig in real.figures if _shown_ok(fig))
        state.audit[(entry.label, entry.printed)] = replace(entry, inputs=evidence)
    if state.marks and printed:
        return _Printed(printed, state.mark(state.audit[(entry.label, entry.printed)], printed))
    return printed


def _shown_ok(figure: Any) -> bool:
    return getattr(figure, "value", None) is not None


def _evidence(figure: Any, places: int) -> str:
    """A figure as the 数据核对表 shows what a verdict rests on: 全市…投资完成率 51.6%."""
    value = figure.value
    unit = getattr(figure, "unit", "")
    if unit == "%" and hasattr(figure, "current"):
        shown = zh.growth(value, places)
    elif unit == "%":
        shown = zh.percent(value, places)
    elif unit == "个百分点":
        shown = zh.fixed(value, places) + "个百分点"
    elif unit == "个":
        shown = f"{value}个"
    else:
        shown = f"{zh.fixed(value)}万元"
    return f"{figure.label} {shown}"


def shared_composer(
    template_dirs: Sequence[str | os.PathLike[str]] = (), rounding: zh.Rounding = "half_up"
) -> Composer:
    """A Composer for these folders and rounding, reused by later calls in this process.

    Compiling the templates is most of the cost of composing a small
    document; sharing the compiled templates changes no result, since Jinja
    reloads a template whose file has changed.
    """
    key = tuple(os.fspath(Path(d).resolve()) for d in template_dirs)
    return _shared_composer(key, rounding)


@functools.lru_cache(maxsize=8)
def _shared_composer(template_dirs: tuple[str, ...], rounding: zh.Rounding) -> Composer:
    return Composer(template_dirs, rounding=rounding)


def _tally(items: Any, what: Any) -> _Count:
    """``names | tally("先进单位")``: how many a text lists, a figure for the 数据核对表.

    Every count a template prints is then in the table (列举的先进单位个数 4),
    however it is joined into the sentence.
    """
    from bulletin.indicators import Quantity

    n = len(items)
    return _Count(n, Quantity(f"列举的{what}个数", n, "个", "逐个列出后计数"))


def _datum(value: Any, label: Any) -> Any:
    """``plan.total | datum("明年计划总投资")``: a value of the data file, as a figure.

    A count comes back as a count a template prints (and the table lists), an
    amount in 万元 as a figure for ``amount``; the formula says where it is from.
    """
    from bulletin.indicators import Quantity

    value = _unwrap(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _Count(value, Quantity(str(label), value, "个", "数据文件所填"))
    return Quantity(str(label), Decimal(value), "万元", "数据文件所填")


def _pp_value(a: Any, b: Any, places: int = 1, *, mode: zh.Rounding = "half_up") -> str:
    """The size of the gap between two percentages as printed: |round(a) − round(b)|."""
    diff = zh.round_half_up(a, places, mode) - zh.round_half_up(b, places, mode)
    return zh.fixed(abs(diff), places, mode=mode)


def _make_table(
    columns: Sequence[Any] | Table,
    rows: Sequence[Sequence[Any]] = (),
    title: str = "",
    note: str = "",
    wide: bool = False,
) -> Table:
    if isinstance(columns, Table):
        return columns
    cols: list[Column] = []
    for col in columns:
        if isinstance(col, Column):
            cols.append(col)
        elif isinstance(col, str):
            cols.append(Column(col.translate(_UNESCAPE)))
        else:
            # A column may be given as (title,), (title, align) or (title, align, width).
            title_, align, width = (*col, *("", "left", 1.0)[len(col) :])[:3]
            cols.append(Column(str(title_).translate(_UNESCAPE), align, float(width)))
    body = tuple(
        tuple("" if c is None else str(c).translate(_UNESCAPE) for c in row) for row in rows
    )
    for i, row in enumerate(body):
        if len(row) != len(cols):
            raise ValueError(f"表格第{i + 1}行有{len(row)}列，表头有{len(cols)}列")
    return Table(
        columns=tuple(cols),
        rows=body,
        title=title.translate(_UNESCAPE),
        note=note.translate(_UNESCAPE),
        wide=wide,
    )


def _misplaced(state: _RenderState, node: Table | Attachment, message: str) -> TemplateError:
    index = next(i for i, n in enumerate(state.nodes) if n is node)
    return TemplateError(message, *_template_line(state.where.get(index)))


def _assemble(
    kind: str, parts: Mapping[str, str], state: _RenderState, filename: str | None = None
) -> DocTree:
    for name, text in parts.items():
        if name not in ("body", "attachments") and _NODE_OPEN in text:
            index = int(text.split(_NODE_OPEN, 1)[1].split(_NODE_CLOSE, 1)[0])
            raise _misplaced(
                state,
                state.nodes[index],
                f"表格和附件只能写在 body 或 attachments 块中（不能在 {name} 中）",
            )
    body: list[Block] = []
    for block in parse_blocks(parts.get("body", ""), state.nodes, state.marked):
        if isinstance(block, Attachment):
            raise _misplaced(
                state, block, "附件 attachment(…) 只能写在 attachments 块中，不能写在正文中"
            )
        body.append(block)

    attachments: list[Attachment] = []
    for block in parse_blocks(parts.get("attachments", ""), state.nodes, state.marked):
        if isinstance(block, Attachment):
            attachments.append(Attachment(number=len(attachments) + 1, title=block.title))
        elif attachments:
            current = attachments[-1]
            attachments[-1] = Attachment(current.number, current.title, (*current.blocks, block))
        else:
            raise TemplateError("attachments 块须以 attachment(…) 开始", filename)

    masthead_lines = _lines(parts.get("masthead", ""))
    masthead = (
        Masthead(
            issuer_mark=masthead_lines[0],
            number=masthead_lines[1] if len(masthead_lines) > 1 else "",
        )
        if masthead_lines
        else None
    )
    cc = _line(parts.get("cc", ""))
    printer = _line(parts.get("printer", ""))
    print_date = _line(parts.get("print_date", ""))
    imprint = (
        Imprint(cc=tuple(s for s in cc.split("，") if s), printer=printer, print_date=print_date)
        if (cc or printer)
        else None
    )
    title = _line(parts.get("title", ""))
    tree = DocTree(
        kind=kind,
        title=title,
        title_lines=break_title(title) if title else (),
        masthead=masthead,
        subtitle=_line(parts.get("subtitle", "")),
        byline=_lines(parts.get("byline", "")),
        recipients=_line(parts.get("recipients", "")),
        salutation=_line(parts.get("salutation", "")),
        body=tuple(body),
        attachment_notes=tuple(a.title for a in attachments),
        signature=_line(parts.get("signature", "")),
        date=_line(parts.get("date", "")),
        note=_line(parts.get("note", "")),
        attachments=tuple(attachments),
        imprint=imprint,
        metadata=Metadata(title=_line(parts.get("title", "")), kind=kind),
    )
    return number_headings(tree)


# ---------------------------------------------------------------------------
# From a report to a tree


def _annex_projects(ind: Indicators) -> Table:
    """附件1: every project with its figures, in 万元 as a 通报 table keeps them."""
    places = ind.settings.decimals
    finished = {pf.index for pf in ind.finished}
    rows: list[tuple[str, ...]] = []
    for i, pf in enumerate(ind.projects, 1):
        p = pf.project
        rate = pf.completion_rate.value
        if p.stage == "前期":
            status = "前期工作"
        elif pf.start_due and not p.started:
            status = "未按期开工"
        elif pf.lagging:
            status = "滞后"
        elif pf.index in finished:
            status = "已竣工"
        else:
            status = "已开工" if p.started else "未开工"
        rows.append(
            (
                str(i),
                p.name,
                p.unit,
                p.stage,
                zh.fixed(p.total),
                zh.fixed(p.planned),
                zh.fixed(p.completed),
                "—" if rate is None else zh.fixed(rate, places),
                status,
            )
        )
    # Widths by the longest cell each column holds (未按期开工, 新开工, 100.0)
    # so that no short word wraps on the landscape page.
    columns = (
        Column("序号", "center", 0.7),
        Column("项目名称", "left", 3.4),
        Column("所属单位", "center", 1.2),
        Column("阶段", "center", 0.9),
        Column("总投资", "right", 1.0),
        Column("年度计划", "right", 1.0),
        Column("累计完成", "right", 1.0),
        Column("完成率（%）", "right", 0.9),
        Column("状态", "center", 1.3),
    )
    return Table(columns, tuple(rows), note="金额单位：万元。", wide=True)


def _annex_units(ind: Indicators, words: Words | None = None) -> Table:
    """附件2: units ranked by 投资完成率, units without projects last; headed by the units' noun."""
    places = ind.settings.decimals
    schedule = ind.progress.schedule.value
    rows: list[tuple[str, ...]] = []
    by_start = {e.unit.index: e for e in ind.rankings.by_new_start.entries}
    for entry in ind.rankings.by_completion.entries:
        u = entry.unit
        rate = entry.rate.value
        gap = "—"
        if rate is not None and schedule is not None:
            gap = zh.fixed(
                zh.round_half_up(rate, places) - zh.round_half_up(schedule, places), places
            )
        start = by_start.get(u.index)
        start_rate = start.rate.value if start is not None else None
        rows.append(
            (
                str(entry.rank),
                u.name,
                str(u.count.value),
                zh.fixed(u.planned.value),
                zh.fixed(u.completed.value),
                "—" if rate is None else zh.fixed(rate, places),
                gap,
                "—" if start_rate is None else zh.fixed(start_rate, places),
            )
        )
    for u in ind.rankings.by_completion.unranked:
        rows.append(("—", u.name, str(u.count.value), "0", "0", "—", "—", "—"))
    columns = (
        Column("排名", "center", 0.7),
        Column(words.unit_column if words else "县（区）", "center", 1.4),
        Column("项目数", "right", 0.9),
        Column("年度计划", "right", 1.1),
        Column("累计完成", "right", 1.1),
        Column("完成率（%）", "right", 1.0),
        Column("与序时进度比（个百分点）", "right", 1.5),
        Column("新开工率（%）", "right", 1.0),
    )
    note = "金额单位：万元。" + ind.rankings.by_completion.tie_rule + "。"
    return Table(columns, tuple(rows), note=note)


def _audit_table(entries: Sequence[AuditEntry]) -> Table:
    columns = (
        Column("序号", "center", 0.5),
        Column("指标", "left", 2.6),
        Column("文中表述", "left", 2.2),
        Column("计算方法", "left", 2.2),
        Column("计算数据", "left", 2.0),
    )
    rows = tuple(
        (str(i), e.label, e.printed, e.formula, e.inputs) for i, e in enumerate(entries, 1)
    )
    return Table(columns, rows, note="文中数据均由项目台账计算，四舍五入，只修约一次。", wide=True)


def build_context(report: Report, ind: Indicators, *, audit: bool = False) -> dict[str, Any]:
    """Return the variables every template sees.

    ``report``, ``doc``, ``period``, ``meeting``, ``settings``, ``targets``:
    the data; ``ind``: the indicators; ``period_text``: ``1—6月`` etc.;
    ``places``: decimals for percentages; ``annex_projects()``/``annex_units()``:
    the standard annex tables; ``audit``: whether a 数据核对表 is appended.
    ``judge``: the findings (``judge.main_support`` …, asserted in the text
    only through ``say(judge.…, "phrase")``), ``words`` and ``time``/``spoken_time``:
    the vocabulary and time words the data decide (see :mod:`bulletin.judge`).
    ``occasion``: the speech's occasion (``meeting.kind``, 推进会 without a
    meeting); ``vary(a, b, …)``: one of several phrasings, chosen by the
    period (see :func:`_vary`).
    """
    from bulletin.judge import assess

    period = report.period
    findings = assess(report, ind)
    occasion = report.meeting.kind if report.meeting is not None else "推进会"
    return {
        "report": report,
        "doc": report.document,
        "period": period,
        "meeting": report.meeting,
        "settings": report.settings,
        "targets": report.targets,
        "commendations": report.commendations,
        "ind": ind,
        "scope": ind.scope,
        "period_text": zh.period_label(period.year, period.end_month, period.kind),
        "places": report.settings.decimals,
        "annex_projects": lambda: _annex_projects(ind),
        "annex_units": lambda: _annex_units(ind, findings.words),
        "audit": audit,
        "judge": findings,
        "words": findings.words,
        "time": findings.time,
        "spoken_time": findings.spoken_time,
        "occasion": occasion,
        "vary": partial(_vary, period.year * 12 + period.end_month),
    }


def _vary(period_index: int, *options: str) -> str:
    """One of ``options``, chosen by the period: the same data always read the same,
    and the next month (or quarter) reads differently.

    The choice moves one option on per month, from a start that depends on
    the options themselves (so that two sets of alternatives do not turn in
    step); it is never random.
    """
    if not options:
        raise _Fail("vary() 至少要给出一种写法")
    start = zlib.crc32("|".join(map(str, options)).encode("utf-8"))
    return str(options[(start + period_index) % len(options)])


def compose(
    report: Report,
    kind: str = "progress",
    *,
    indicators: Indicators | None = None,
    composer: Composer | None = None,
    audit: bool = False,
    source_hash: str = "",
    mark_figures: bool = False,
) -> DocTree:
    """Compose a document of ``kind`` from ``report``; returns a numbered DocTree.

    ``indicators`` default to ``compute(report)``; ``composer`` to one with the
    built-in templates only.  With ``audit`` a 数据核对表 listing every figure
    printed is appended as the last attachment.  With ``mark_figures`` each
    figure in the text is a run carrying its audit entry (for a preview).
    """
    from bulletin.indicators import compute

    if not report.projects:
        # Every document states figures of the projects; with none there is
        # nothing true to write, so say so instead of printing 0个 and 0.0%.
        raise DataError(
            [Diagnostic("没有项目，无法生成文书", file=report.source_file, path=("projects",))]
        )
    ind = indicators if indicators is not None else compute(report)
    composer = composer or Composer(rounding=report.settings.rounding)
    tree, entries = composer.render(
        kind, build_context(report, ind, audit=audit), mark_figures=mark_figures
    )
    if audit and entries:
        n = len(tree.attachments) + 1
        tree = replace(
            tree,
            attachments=(*tree.attachments, Attachment(n, "数据核对表", (_audit_table(entries),))),
            attachment_notes=(*tree.attachment_notes, "数据核对表"),
        )
    return replace(
        tree,
        metadata=Metadata(
            title=tree.title,
            issuer=report.document.issuer,
            kind=tree.kind,
            source_hash=source_hash,
        ),
    )
