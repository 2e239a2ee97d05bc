"""The document tree: plain nodes between composing and writing.

A :class:`DocTree` is what a template produces and what every writer reads.
It knows nothing of python-docx or Jinja.  Headings carry their level; their
markers (``一、`` ``（一）`` ``1.`` ``（1）``) are assigned by :func:`number_headings`,
so a template can drop or move a section without renumbering by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

__all__ = [
    "Align",
    "Attachment",
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
    "iter_text",
    "number_headings",
]

Align = Literal["left", "center", "right"]
Emphasis = Literal["bold", "hei", "kai"]


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one face; ``emphasis`` None means the paragraph's own."""

    text: str
    emphasis: Emphasis | None = None


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
    paragraph, as 公文 write level 2–4 points.
    """

    level: int
    text: str
    body: tuple[Run, ...] = ()
    marker: str = ""

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
    ``byline`` holds a speech's speaker and date lines under the title.
    ``attachment_notes`` are the names listed in 附件说明.
    """

    kind: str
    title: str
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
