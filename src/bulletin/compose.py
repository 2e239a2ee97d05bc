"""Composing: the Jinja environment, template lookup and rendering to a DocTree.

This is the only module that imports ``jinja2``.  A template renders to a light
markup (see :func:`parse_blocks`); the fixed parts of an official document
(title, 主送, 署名, 日期, 附件, 版头, 版记) are Jinja blocks declared in
``_base.j2`` and wrapped in private markers, so one render yields every part
and a user template can extend a built-in one and override a single block.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from bulletin import zh
from bulletin.doctree import (
    Attachment,
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

# Private-use characters mark structure in the rendered text.  Data can never
# produce them: ``_escape_data`` strips them from every string a template reads.
_PART_OPEN, _PART_NAME_END, _PART_CLOSE = "\ue000", "\ue001", "\ue002"
_NODE_OPEN, _NODE_CLOSE = "\ue003", "\ue004"
_ESC_STAR, _ESC_HASH = "\ue005", "\ue006"
_PUA = re.compile("[\ue000-\ue00f]")
_VALUE_ESCAPES = str.maketrans({"*": _ESC_STAR, "#": _ESC_HASH})
_UNESCAPE = str.maketrans({_ESC_STAR: "*", _ESC_HASH: "#"})

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
    raise _Fail(str(message))


class _Raw(str):
    """Template output that is structure, not data: ``_finalize`` leaves it alone."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One figure a document printed, and how it was obtained (数据核对表)."""

    label: str
    printed: str
    formula: str
    inputs: str


@dataclass(slots=True)
class _RenderState:
    """What one render collects besides text: nodes and the audit trail."""

    nodes: list[Table | Attachment] = field(default_factory=list)
    audit: dict[tuple[str, str], AuditEntry] = field(default_factory=dict)

    def placeholder(self, node: Table | Attachment) -> _Raw:
        self.nodes.append(node)
        return _Raw(f"\n\n{_NODE_OPEN}{len(self.nodes) - 1}{_NODE_CLOSE}\n\n")


class _Count(int):
    """A count read from an indicator (``q.value``), remembering the indicator.

    It behaves as the int it is; when a template prints it, ``_finalize``
    records the figure for the 数据核对表 as the filters do for the rest.
    """

    figure: Any

    def __new__(cls, value: int, figure: Any) -> _Count:
        count = super().__new__(cls, value)
        count.figure = figure
        return count


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    if value is None:
        # A template must say what to write when a value is absent; printing
        # "None" into a speech is the bug this catches.
        raise ValueError("模板输出了空值（None）：请用 {% if … %} 判断可选数据")
    if isinstance(value, _Count):
        state = context.get("_state")
        if isinstance(state, _RenderState):
            _record(state, value.figure, str(int(value)), None)
        return int(value)
    return value


def _escape_data(value: Any) -> Any:
    """Make a data string inert as markup: no private markers, no ``#`` or ``*``."""
    if isinstance(value, _Raw):
        return value
    if isinstance(value, str):
        return _PUA.sub("", value).translate(_VALUE_ESCAPES)
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return tuple(_escape_data(v) for v in value)
    return value


class _Environment(SandboxedEnvironment):
    """The sandbox, with every string read from the data escaped on the way in.

    Escaping where data is *read* (attribute and item access) rather than where
    it is printed leaves the template's own markup, including what macros
    return, untouched, while a name like ``# 1号楼`` stays a name.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if attribute == "value" and type(value) is int and _is_figure(obj):
            return _Count(value, obj)
        return _escape_data(value)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return _escape_data(super().getitem(obj, argument))


def _runs(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    pos = 0
    for match in _BOLD_RE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()].translate(_UNESCAPE)))
        runs.append(Run(match.group(1).translate(_UNESCAPE), emphasis="bold"))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:].translate(_UNESCAPE)))
    return tuple(runs)


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


def parse_blocks(text: str, nodes: Sequence[Table | Attachment] = ()) -> list[Block | Attachment]:
    """Parse rendered markup into blocks.

    Paragraphs are separated by blank lines; the lines of one paragraph are
    joined without spaces (Chinese has none).  A paragraph whose first line
    starts with ``#``–``####`` is a heading of that level; if more lines follow
    in the same paragraph they are its run-in body.  ``**text**`` is emphasis.
    A paragraph that is a node placeholder becomes that node.
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
            blocks.append(
                Heading(
                    level=len(heading.group(1)),
                    text=heading.group(2).translate(_UNESCAPE),
                    body=_runs(body) if body else (),
                )
            )
        else:
            blocks.append(Paragraph(_runs("".join(lines))))
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
    ) -> None:
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
                    jinja2.FileSystemLoader([str(p) for p in self.search_path]),
                    jinja2.PrefixLoader(
                        {"builtin": jinja2.FileSystemLoader(str(self.search_path[-1]))}
                    ),
                ]
            ),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
        )
        self.rounding = rounding
        base_filters = dict(filters if filters is not None else zh.make_filters(rounding))
        base_filters.setdefault("ppv", partial(_pp_value, mode=rounding))
        self._env.filters.update({name: _auditing(fn) for name, fn in base_filters.items()})

    def kinds(self) -> list[str]:
        """Return the kinds found on the search path (templates not starting with ``_``)."""
        names = {
            Path(n).stem
            for n in self._env.list_templates(extensions=["j2"])
            if "/" not in n and not n.startswith("_")
        }
        builtin = [k for k in BUILTIN_KINDS if k in names]
        return builtin + sorted(names.difference(BUILTIN_KINDS))

    def template_path(self, kind: str) -> str:
        """Return the file a kind's template is loaded from."""
        template = self._load(kind)
        return template.filename or f"{kind}.j2"

    def _load(self, kind: str) -> jinja2.Template:
        name = f"{resolve_kind(kind)}.j2"
        try:
            return self._env.get_template(name)
        except jinja2.TemplateNotFound as exc:
            if exc.name == name:
                known = "、".join(self.kinds())
                raise TemplateError(f"找不到文书类型 {kind!r} 的模板（可用：{known}）") from None
            raise TemplateError(f"找不到被引用的模板 {exc.name!r}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"模板语法错误：{exc.message}", exc.filename or exc.name, exc.lineno
            ) from None

    def render(self, kind: str, context: Mapping[str, Any]) -> tuple[DocTree, list[AuditEntry]]:
        """Render ``kind`` with ``context``; return the numbered tree and the audit trail.

        Raises :class:`TemplateError` naming the template file and line.
        """
        template = self._load(kind)
        state = _RenderState()
        findings = context.get("judge")
        places = context.get("places", 1)
        helpers = {
            "say": lambda finding, text: _say(
                state, findings, finding, text, places if isinstance(places, int) else 1
            ),
            "table": lambda *a, **k: state.placeholder(_make_table(*a, **k)),
            "attachment": lambda title, number=None: state.placeholder(
                Attachment(number=int(number or 0), title=str(title).translate(_UNESCAPE))
            ),
            "raw": _Raw,
            "fail": _fail,
            "part": lambda name: _Raw(f"{_PART_OPEN}{name}{_PART_NAME_END}"),
            "end": lambda: _Raw(_PART_CLOSE),
            "_state": state,
        }
        names = {t.filename for t in [template] if t.filename}
        try:
            rendered = template.render({**context, **helpers})
        except TemplateError:
            raise
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"模板语法错误：{exc.message}", exc.filename or exc.name, exc.lineno
            ) from None
        except Exception as exc:
            filename, lineno = _template_location(exc, names)
            if isinstance(exc, _Fail):
                raise TemplateError(str(exc), filename, lineno) from None
            message = (
                exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
            )
            raise TemplateError(f"模板渲染失败：{message}", filename, lineno) from None
        return _assemble(resolve_kind(kind), _split_parts(rendered), state), list(
            state.audit.values()
        )


def _is_figure(value: object) -> bool:
    return hasattr(value, "formula") and hasattr(value, "label") and hasattr(value, "value")


def _auditing(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a formatting filter so it accepts indicators and records what it printed."""

    @jinja2.pass_context
    def wrapper(context: jinja2.runtime.Context, value: Any, *args: Any, **kwargs: Any) -> Any:
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
                _record(state, figures[0], str(printed), None)
            else:
                label = "与".join(str(f.label) for f in figures) + "之差"
                formula = " − ".join(str(f.label) for f in figures) + "（先修约，后相减）"
                given = args[1] if len(args) > 1 else kwargs.get("places", 1)
                places = given if isinstance(given, int) else 1
                inputs = " − ".join(zh.fixed(f.value, places) for f in figures)
                _record(state, None, str(printed), label, formula, inputs)
        return printed

    return wrapper


def _record(
    state: _RenderState,
    value: Any,
    printed: str,
    label: str | None,
    formula: str = "",
    inputs: str = "",
) -> str:
    figure_label = label or str(getattr(value, "label", ""))
    formula = formula or str(getattr(value, "formula", ""))
    numerator = getattr(value, "numerator", None)
    denominator = getattr(value, "denominator", None)
    if not inputs and numerator is not None and denominator is not None:
        inputs = f"{numerator} ÷ {denominator}"
    key = (figure_label, printed)
    if figure_label and key not in state.audit:
        state.audit[key] = AuditEntry(figure_label, printed, formula, inputs)
    return printed


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
    entry = AuditEntry(f"判断：{real.name}", printed.translate(_UNESCAPE), real.rule, "")
    if (entry.label, entry.printed) not in state.audit:
        evidence = "；".join(_evidence(fig, places) for fig in real.figures if _shown_ok(fig))
        state.audit[(entry.label, entry.printed)] = replace(entry, inputs=evidence)
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
            cols.append(Column(str(title_), align, float(width)))
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


def _assemble(kind: str, parts: Mapping[str, str], state: _RenderState) -> DocTree:
    body: list[Block] = []
    for block in parse_blocks(parts.get("body", ""), state.nodes):
        if isinstance(block, Attachment):
            raise ValueError("附件只能写在 attachments 块中")
        body.append(block)

    attachments: list[Attachment] = []
    for block in parse_blocks(parts.get("attachments", ""), state.nodes):
        if isinstance(block, Attachment):
            attachments.append(Attachment(number=len(attachments) + 1, title=block.title))
        elif attachments:
            current = attachments[-1]
            attachments[-1] = Attachment(current.number, current.title, (*current.blocks, block))
        else:
            raise ValueError("attachments 块须以 attachment(…) 开始")

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
    """
    from bulletin.judge import assess

    period = report.period
    findings = assess(report, ind)
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
    }


def compose(
    report: Report,
    kind: str = "progress",
    *,
    indicators: Indicators | None = None,
    composer: Composer | None = None,
    audit: bool = False,
    source_hash: str = "",
) -> DocTree:
    """Compose a document of ``kind`` from ``report``; returns a numbered DocTree.

    ``indicators`` default to ``compute(report)``; ``composer`` to one with the
    built-in templates only.  With ``audit`` a 数据核对表 listing every figure
    printed is appended as the last attachment.
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
    tree, entries = composer.render(kind, build_context(report, ind, audit=audit))
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
