"""Plain-text and Markdown writers: the tree as text for pasting into OA systems and chat.

They add no content: every character comes from the tree.  The plain form is
also what golden tests compare.  Text of the tree is written so that it
cannot become structure in the format written: in plain text no newline or
tab of a name splits a paragraph or a table row; in Markdown every
character a renderer would read as markup (emphasis, links, HTML, lists,
headings, tables, autolinks) is escaped, so ``<script>``, ``[x](javascript:…)``
or ``# 假标题 **粗**`` print as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bulletin.doctree import Attachment, Block, DocTree, Heading, Paragraph, Table

__all__ = ["to_markdown", "to_text"]

_INDENT = "\u3000\u3000"  # two full-width spaces: the first-line indent of 公文

# Control characters have no place in a document (the loader refuses them in
# data files; a mapping given to the library may still hold them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"\r\n?|\n")
_BLANK_LINES = re.compile(r"\n\s*\n")
_CELL_BREAKS = re.compile(r"[\t\r\n]+")


def _plain(text: str) -> str:
    """Text for a plain-text file: no control characters, no blank line inside it."""
    return _BLANK_LINES.sub("\n", _BREAKS.sub("\n", _CONTROL.sub("", text)))


def _cell(text: str) -> str:
    """A table cell of a plain-text file: one line, no tab (both would cut the row)."""
    return _CELL_BREAKS.sub(" ", _CONTROL.sub("", text)).strip()


def _text_blocks(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Heading):
            body = "".join(r.text for r in block.body)
            yield _plain(f"{_INDENT}{block.label}{body}")
        elif isinstance(block, Paragraph):
            indent = "" if block.role in ("plain", "center") else _INDENT
            yield _plain(indent + block.text)
        else:
            lines = [_plain(block.title)] if block.title else []
            lines.append("\t".join(_cell(c.title) for c in block.columns))
            lines.extend("\t".join(map(_cell, row)) for row in block.rows)
            if block.note:
                lines.append(_plain(block.note))
            yield "\n".join(lines)


def _attachment_notes(titles: tuple[str, ...]) -> list[str]:
    if len(titles) == 1:
        return [f"{_INDENT}附件：{titles[0]}"]
    pad = _INDENT + "\u3000" * 3  # continuation lines align under the first name
    return [
        (f"{_INDENT}附件：" if i == 1 else pad) + f"{i}. {title}"
        for i, title in enumerate(titles, 1)
    ]


def to_text(tree: DocTree) -> str:
    """Return the document as plain text, paragraphs separated by blank lines."""
    out: list[str] = []
    if tree.masthead:
        out.append(tree.masthead.issuer_mark)
        if tree.masthead.number:
            out.append(tree.masthead.number)
    out.append(tree.title)
    if tree.subtitle:
        out.append(tree.subtitle)
    out.extend(tree.byline)
    if tree.recipients:
        out.append(tree.recipients)
    if tree.salutation:
        out.append(tree.salutation)
    out.extend(_text_blocks(tree.body))
    if tree.attachment_notes:
        out.append("\n".join(_attachment_notes(tree.attachment_notes)))
    closing = [s for s in (tree.signature, tree.date) if s]
    if closing:
        out.append("\n".join(closing))
    if tree.note:
        out.append(f"{_INDENT}（{tree.note}）")
    for attachment in tree.attachments:
        out.append(_attachment_text(attachment, alone=len(tree.attachments) == 1))
    if tree.imprint:
        imprint = []
        if tree.imprint.cc:
            imprint.append("抄送：" + "，".join(tree.imprint.cc) + "。")
        if tree.imprint.printer or tree.imprint.print_date:
            date = f"{tree.imprint.print_date}印发" if tree.imprint.print_date else ""
            imprint.append(f"{tree.imprint.printer}\u3000\u3000{date}".strip("\u3000"))
        out.append("\n".join(imprint))
    return "\n\n".join(s for s in out if s) + "\n"


def _attachment_text(attachment: Attachment, *, alone: bool) -> str:
    # GB/T 9704 7.5: a lone attachment is marked 附件 with no number.
    label = "附件" if alone else f"附件{attachment.number}"
    parts = [label, attachment.title, *_text_blocks(attachment.blocks)]
    return "\n\n".join(parts)


# Markdown punctuation that is markup wherever it stands (CommonMark, GFM and
# the common extensions: ~~strike~~, $math$, ^sup^, ==mark==, {attributes}).
_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|&#$^={}@])")
# Markup only at the start of a line: a list item, a thematic break, a numbered item.
_MD_LINE_START = re.compile(r"^([-+]|\d{1,9}[.)](?=\s|$))")
# What GFM turns into a link by itself.
_MD_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|file|javascript)(:)|(www)(\.)")


def _md_escape(text: str) -> str:
    """``text`` as Markdown that renders as exactly this text, never as markup.

    One line (a newline or tab would end a table row or start a block), no
    leading spaces (four make code), every special character backslashed.
    """
    text = _CELL_BREAKS.sub(" ", _CONTROL.sub("", text)).strip(" ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_AUTOLINK.sub(lambda m: f"{m[1] or m[3]}\\{m[2] or m[4]}", text)
    start = _MD_LINE_START.match(text)
    if start:
        marker = start[1]
        text = f"{marker[:-1]}\\{marker[-1]}{text[start.end() :]}"
    return text


def _md_blocks(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Heading):
            body = "".join(
                f"**{_md_escape(r.text)}**" if r.emphasis else _md_escape(r.text)
                for r in block.body
            )
            if body:
                yield f"**{_md_escape(block.label)}**{body}"
            else:
                yield "#" * (block.level + 1) + " " + _md_escape(block.label)
        elif isinstance(block, Paragraph):
            yield "".join(
                f"**{_md_escape(r.text)}**" if r.emphasis else _md_escape(r.text)
                for r in block.runs
            )
        else:
            yield _md_table(block)


def _md_table(table: Table) -> str:
    align = {"left": ":---", "center": ":---:", "right": "---:"}
    lines = [f"**{_md_escape(table.title)}**", ""] if table.title else []
    lines.append("| " + " | ".join(_md_escape(c.title) for c in table.columns) + " |")
    lines.append("| " + " | ".join(align[c.align] for c in table.columns) + " |")
    lines.extend("| " + " | ".join(_md_escape(cell) for cell in row) + " |" for row in table.rows)
    if table.note:
        lines += ["", _md_escape(table.note)]
    return "\n".join(lines)


def to_markdown(tree: DocTree) -> str:
    """Return the document as Markdown: title as ``#``, headings one level below."""
    out: list[str] = []
    if tree.masthead:
        out.append(f"**{_md_escape(tree.masthead.issuer_mark)}**")
        if tree.masthead.number:
            out.append(_md_escape(tree.masthead.number))
    out.append(f"# {_md_escape(tree.title)}")
    if tree.subtitle:
        out.append(_md_escape(tree.subtitle))
    out.extend(_md_escape(line) for line in tree.byline)
    if tree.recipients:
        out.append(_md_escape(tree.recipients))
    if tree.salutation:
        out.append(_md_escape(tree.salutation))
    out.extend(_md_blocks(tree.body))
    notes = tree.attachment_notes
    if len(notes) == 1:
        out.append(f"附件：{_md_escape(notes[0])}")
    elif notes:
        numbered = (f"{i}. {_md_escape(t)}" for i, t in enumerate(notes, 1))
        out.append("附件：\n\n" + "\n".join(numbered))
    closing = [_md_escape(s) for s in (tree.signature, tree.date) if s]
    if closing:
        out.append("  \n".join(closing))
    if tree.note:
        out.append(f"（{_md_escape(tree.note)}）")
    for attachment in tree.attachments:
        label = "附件" if len(tree.attachments) == 1 else f"附件{attachment.number}"
        out.append(f"## {label}　{_md_escape(attachment.title)}")
        out.extend(_md_blocks(attachment.blocks))
    if tree.imprint:
        out.append("---")
        if tree.imprint.cc:
            out.append("抄送：" + _md_escape("，".join(tree.imprint.cc)) + "。")
        if tree.imprint.printer:
            date = f"　{tree.imprint.print_date}印发" if tree.imprint.print_date else ""
            out.append(_md_escape(tree.imprint.printer) + date)
    return "\n\n".join(out) + "\n"
