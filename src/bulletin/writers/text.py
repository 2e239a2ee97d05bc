"""Plain-text and Markdown writers: the tree as text for pasting into OA systems and chat.

They add no content: every character comes from the tree.  The plain form is
also what golden tests compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bulletin.doctree import Attachment, Block, DocTree, Heading, Paragraph, Table

__all__ = ["to_markdown", "to_text"]

_INDENT = "\u3000\u3000"  # two full-width spaces: the first-line indent of 公文


def _text_blocks(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Heading):
            body = "".join(r.text for r in block.body)
            yield f"{_INDENT}{block.label}{body}"
        elif isinstance(block, Paragraph):
            indent = "" if block.role in ("plain", "center") else _INDENT
            yield indent + block.text
        else:
            lines = [block.title] if block.title else []
            lines.append("\t".join(c.title for c in block.columns))
            lines.extend("\t".join(row) for row in block.rows)
            if block.note:
                lines.append(block.note)
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


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("#", "\\#")


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
