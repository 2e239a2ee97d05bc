"""The document tree: plain nodes between composing and writing.

A :class:`DocTree` is what a template produces and what every writer reads.
It knows nothing of python-docx or Jinja.  Headings carry their level; their
markers (``一、`` ``（一）`` ``1.`` ``（1）``) are assigned by :func:`number_headings`,
so a template can drop or move a section without renumbering by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations, pairwise
from typing import Literal
from unicodedata import east_asian_width

__all__ = [
    "Align",
    "Attachment",
    "AuditEntry",
    "Block",
    "Column",
    "DocTree",
    "Heading",
    "Imprint",
    "Masthead",
    "Metadata",
    "Paragraph",
    "Run",
    "Table",
    "break_name",
    "break_signature",
    "break_title",
    "iter_text",
    "number_headings",
    "text_width",
]

Align = Literal["left", "center", "right"]
Emphasis = Literal["bold", "hei", "kai"]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One figure a document printed, and how it was obtained (数据核对表).

    ``kind`` is ``figure`` for a computed figure (``formula`` is how, ``inputs``
    the numbers), ``verdict`` for a judgement (``formula`` is its rule,
    ``inputs`` the figures it rests on).
    """

    label: str
    printed: str
    formula: str
    inputs: str
    kind: Literal["figure", "verdict"] = "figure"


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one face; ``emphasis`` None means the paragraph's own.

    ``figure`` is set only when the document was composed with its figures
    marked (a preview): the run is then exactly one computed figure, and the
    entry says how it was obtained.  Writers of files ignore it.
    """

    text: str
    emphasis: Emphasis | None = None
    figure: AuditEntry | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph (first line indented two characters unless ``align`` says otherwise).

    ``role`` names the paragraph's function so writers can pick a style:
    ``body`` (正文), ``plain`` (no indent), ``center``, ``closing`` (a speech's last words).
    """

    runs: tuple[Run, ...]
    role: Literal["body", "plain", "center", "closing"] = "body"

    @property
    def text(self) -> str:
        """The paragraph's text without formatting."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of level 1–4.

    ``marker`` is empty until :func:`number_headings` assigns it.  ``body``, when
    non-empty, makes it a run-in heading: heading and body text share one
    paragraph, as 公文 write level 2–4 points.  ``runs`` is ``text`` cut into
    runs where figures in it are marked for a preview (empty otherwise, and
    always the same characters as ``text``).
    """

    level: int
    text: str
    body: tuple[Run, ...] = ()
    marker: str = ""
    runs: tuple[Run, ...] = ()

    @property
    def label(self) -> str:
        """Marker and heading text together, as printed."""
        return f"{self.marker}{self.text}"


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header text, alignment and a relative width."""

    title: str
    align: Align = "left"
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; cells are already formatted strings.

    ``wide`` asks for a landscape page where the writer supports it.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    note: str = ""
    wide: bool = False


Block = Heading | Paragraph | Table


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment (附件): starts on its own page with ``附件N`` and a title."""

    number: int
    title: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Masthead:
    """The 版头: red issuer mark and 发文字号 above a red rule."""

    issuer_mark: str
    number: str = ""


@dataclass(frozen=True, slots=True)
class Imprint:
    """The 版记 at the foot of the last page: 抄送 and 印发."""

    cc: tuple[str, ...] = ()
    printer: str = ""
    print_date: str = ""


@dataclass(frozen=True, slots=True)
class Metadata:
    """Document properties written into the file."""

    title: str = ""
    issuer: str = ""
    kind: str = ""
    source_hash: str = ""
    generator: str = ""


@dataclass(frozen=True, slots=True)
class DocTree:
    """A whole document, top to bottom in the order of GB/T 9704.

    Empty strings and tuples mean the element is absent.
    ``title_lines`` is the title as printed when it takes more than one line
    (see :func:`break_title`); empty means one line.
    ``byline`` holds a speech's speaker and date lines under the title.
    ``attachment_notes`` are the names listed in 附件说明.
    """

    kind: str
    title: str
    title_lines: tuple[str, ...] = ()
    masthead: Masthead | None = None
    subtitle: str = ""
    byline: tuple[str, ...] = ()
    recipients: str = ""
    salutation: str = ""
    body: tuple[Block, ...] = ()
    attachment_notes: tuple[str, ...] = ()
    signature: str = ""
    date: str = ""
    note: str = ""
    attachments: tuple[Attachment, ...] = ()
    imprint: Imprint | None = None
    metadata: Metadata = field(default_factory=Metadata)


# Where a title may break: after these endings, or before these beginnings.
# Breaking only here keeps words such as 情况 or 项目 whole (GB/T 9704 7.3.1).
_BREAK_AFTER = (
    "关于",
    "年",
    "月",
    "季度",
    "上半年",
    "全年",
    "项目",
    "建设",
    "表彰",
    "会议",
    "进展",
)
_BREAK_BEFORE = ("的通报", "的讲话", "的决定", "的意见", "重点项目", "先进", "情况", "上的讲话")
# Phrases read as one word: no break inside them even where the lists above allow one.
_WHOLE = ("重点项目建设", "进展情况", "先进单位", "先进个人", "先进集体")


def _half(ch: str) -> bool:
    return ord(ch) < 0x2000 or east_asian_width(ch) in ("H", "Na")


def text_width(text: str, autospace: float = 0.0) -> float:
    """Printed width of ``text`` in characters of its size: the one width rule of the package.

    Chinese characters and the punctuation set in the Chinese face (“ ” — …
    from U+2000 on) take one; digits, Latin letters and half-width forms, set
    in Times New Roman, take half.  ``autospace`` is added at each change
    between the two, where Word and LibreOffice put extra space (about a
    quarter character) unless told not to.
    """
    return _text_width(text, autospace)


@lru_cache(maxsize=1 << 16)
def _text_width(text: str, autospace: float) -> float:
    # The writer asks for the width of every annex cell, and cells repeat
    # (units, stages, amounts): a 10,000-row annex spent most of its time here.
    if not text:
        return 0 + autospace * 0 if autospace else 0  # as the sum over no characters
    if text.isascii():
        return 0.5 * len(text)  # all half width: no change between the two
    halves = [_half(ch) for ch in text]
    half = sum(halves)
    width = 0.5 * half + (len(text) - half)
    if autospace:
        changes = sum(
            1
            for i, (a, b) in enumerate(pairwise(halves))
            if a != b and not text[i : i + 2].isspace()
        )
        width += autospace * changes
    return width


# Where a name in a table cell may break: before a parenthesis, a number or
# a joining word, after the words names are built of.  Breaking only here
# keeps 工程, 项目 and （二期） whole.
_NAME_BREAK_BEFORE = ("（", "(", "及", "和", "与")
_NAME_BREAK_AFTER = (
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "工程",
    "项目",
    "建设",
    "改造",
    "提升",
    "中心",
    "基地",
    "园",
    "楼",
    "厂",
    "站",
    "线",
    "馆",
    "院",
    "校",
    "局",
    "委",
    "办",
    "公司",
    "集团",
    "产业",
    "及",
    "和",
    "与",
)
# One-character endings that belong to the word before them (建设局, 生产线).
_NAME_SUFFIXES = "局厅委办科处室部院所站馆园楼厂线期号段路桥"


def break_name(name: str, chars_per_line: float, autospace: float = 0.0) -> tuple[str, ...]:
    """Split a name into lines of at most ``chars_per_line`` at word boundaries.

    Two or three lines as even as the boundaries allow (市住房和城乡建设局 /
    建设管理科科长, not …建设局建设 / 管理科科长); a longer name takes as many
    words a line as fit.  A name that fits stays whole; a stretch with no
    boundary is left whole for the renderer to break.
    """
    if text_width(name, autospace) <= chars_per_line:
        return (name,)
    cuts = [
        i
        for i in range(1, len(name))
        if (
            name[:i].endswith(_NAME_BREAK_AFTER)
            or name[i:].startswith(_NAME_BREAK_BEFORE)
            or (name[i].isdigit() and not _half(name[i - 1]))
        )
        and name[i] not in _NAME_SUFFIXES
    ]
    even = _balanced(name, cuts, chars_per_line, autospace)
    if even:
        return even
    lines: list[str] = []
    start = 0
    while text_width(name[start:], autospace) > chars_per_line:
        fitting = [
            c for c in cuts if c > start and text_width(name[start:c], autospace) <= chars_per_line
        ]
        if not fitting:
            break
        lines.append(name[start : fitting[-1]])
        start = fitting[-1]
    lines.append(name[start:])
    return tuple(lines)


def _inside_whole(title: str, cut: int, words: tuple[str, ...] = _WHOLE) -> bool:
    for word in words:
        start = title.find(word)
        while start != -1:
            if start < cut < start + len(word):
                return True
            start = title.find(word, start + 1)
    return False


def _balanced(
    text: str, cuts: list[int], chars_per_line: float, autospace: float = 0.0
) -> tuple[str, ...] | None:
    """The split of ``text`` at ``cuts`` into 2 (else 3) lines that fit and differ least.

    Ties go to the shorter line first, giving the usual trapezoid; None when no
    split fits.
    """
    best: tuple[float, tuple[str, ...]] | None = None
    for size in (2, 3):
        for combo in combinations(cuts, size - 1):
            bounds = (0, *combo, len(text))
            lines = tuple(text[a:b] for a, b in pairwise(bounds))
            widths = [text_width(line, autospace) for line in lines]
            if max(widths) > chars_per_line:
                continue
            # Balanced first; among equals, upper lines not longer than lower ones.
            score = max(widths) - min(widths) + (0.1 if widths[0] > widths[-1] else 0)
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
    return None


def break_title(title: str, chars_per_line: float = 20) -> tuple[str, ...]:
    """Split a long title into balanced lines at word boundaries; one line if it fits.

    Lines break only after or before the phrases a title is built of, never
    inside a phrase read as one word (重点项目建设), and the split whose lines
    differ least in width wins (ties: the shorter line first, giving the usual
    trapezoid).  A title with no acceptable break stays whole.
    """
    if text_width(title) <= chars_per_line:
        return (title,)
    cuts = [
        i
        for i in range(1, len(title))
        if (title[:i].endswith(_BREAK_AFTER) or title[i:].startswith(_BREAK_BEFORE))
        and not _inside_whole(title, i)
    ]
    return _balanced(title, cuts, chars_per_line) or (title,)


# Where a 发文机关署名 too long for its line may break: after the name of an
# organ (中共示例市委 / 示例市人民政府 / …领导小组办公室), never inside one.
_ORGAN_ENDINGS = (
    "委员会",
    "人民政府",
    "政府",
    "办公室",
    "管委会",
    "党委",
    "党组",
    "委",
    "局",
    "厅",
    "院",
    "中心",
    "公司",
    "集团",
)
_ORGAN_WORDS = ("委员会", "管委会", "办公室", "小组办公室", "委办", "政府办")


def break_signature(name: str, chars_per_line: float) -> tuple[str, ...]:
    """Split a 署名 too long for one line into balanced lines, each holding whole organs.

    A name with no such break is cut into equal parts, rather than left for
    the renderer to wrap: the lines' widths then place the 成文日期.
    """
    if text_width(name) <= chars_per_line:
        return (name,)
    cuts = [
        i
        for i in range(1, len(name))
        if name[:i].endswith(_ORGAN_ENDINGS) and not _inside_whole(name, i, _ORGAN_WORDS)
    ]
    found = _balanced(name, cuts, chars_per_line)
    if found:
        return found
    parts = -(-len(name) // max(1, int(chars_per_line)))
    size = -(-len(name) // parts)
    return tuple(name[i : i + size] for i in range(0, len(name), size))


def _numbered(blocks: Iterable[Block]) -> Iterator[Block]:
    from bulletin.zh import heading_marker

    counters = [0, 0, 0, 0]
    for block in blocks:
        if isinstance(block, Heading):
            if not 1 <= block.level <= 4:
                raise ValueError(f"heading level must be 1–4, got {block.level}")
            i = block.level - 1
            counters[i] += 1
            # A new heading restarts the count of every level below it.
            for j in range(i + 1, 4):
                counters[j] = 0
            yield replace(block, marker=heading_marker(block.level, counters[i]))
        else:
            yield block


def number_headings(tree: DocTree) -> DocTree:
    """Return ``tree`` with heading markers assigned by level, per body and attachment."""
    return replace(
        tree,
        body=tuple(_numbered(tree.body)),
        attachments=tuple(replace(a, blocks=tuple(_numbered(a.blocks))) for a in tree.attachments),
    )


def iter_text(blocks: Iterable[Block]) -> Iterator[str]:
    """Yield the printed text of each block (tables row by row, cells tab-separated)."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block.label + "".join(r.text for r in block.body)
        elif isinstance(block, Paragraph):
            yield block.text
        else:
            if block.title:
                yield block.title
            yield "\t".join(c.title for c in block.columns)
            for row in block.rows:
                yield "\t".join(row)
            if block.note:
                yield block.note
