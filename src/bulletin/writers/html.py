"""HTML writer: the tree as an escaped fragment for a preview, figures marked with their audit.

It adds no content and computes nothing: every character comes from the tree,
escaped (``& < > " '``) so that no name in the data can become markup.  Each
run that is a computed figure (:attr:`~bulletin.doctree.Run.figure`) becomes a
``<span class="fig">`` whose ``data-*`` attributes hold the 数据核对表 entry,
for a page to show on hover.  The class names are the page's stylesheet's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape

from bulletin.doctree import Attachment, Block, DocTree, Heading, Paragraph, Run, Table

__all__ = ["to_html"]


def _e(text: str) -> str:
    return escape(text, quote=True)


def _run(run: Run) -> str:
    text = _e(run.text)
    if run.emphasis == "bold":
        text = f"<strong>{text}</strong>"
    elif run.emphasis is not None:
        text = f'<span class="{run.emphasis}">{text}</span>'
    figure = run.figure
    if figure is None:
        return text
    return (
        f'<span class="fig" tabindex="0" data-kind="{figure.kind}" data-label="{_e(figure.label)}"'
        f' data-formula="{_e(figure.formula)}" data-inputs="{_e(figure.inputs)}">{text}</span>'
    )


def _runs(runs: Iterable[Run]) -> str:
    return "".join(_run(r) for r in runs)


def _table(table: Table) -> str:
    out = ['<div class="table">']
    if table.title:
        out.append(f'<p class="table-title">{_e(table.title)}</p>')
    out.append("<table><thead><tr>")
    out += [f'<th class="{c.align}">{_e(c.title)}</th>' for c in table.columns]
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        cells = (
            f'<td class="{c.align}">{_e(cell)}</td>'
            for c, cell in zip(table.columns, row, strict=True)
        )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if table.note:
        out.append(f'<p class="table-note">{_e(table.note)}</p>')
    out.append("</div>")
    return "".join(out)


def _blocks(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Heading):
            level = f"h{block.level}"
            label = _e(block.marker) + _runs(block.runs) if block.runs else _e(block.label)
            if block.body:
                yield (
                    f'<p class="body runin"><span class="{level}">{label}</span>'
                    f"{_runs(block.body)}</p>"
                )
            else:
                yield f'<p class="{level}">{label}</p>'
        elif isinstance(block, Paragraph):
            yield f'<p class="{block.role}">{_runs(block.runs)}</p>'
        else:
            yield _table(block)


def _attachment(attachment: Attachment, alone: bool) -> str:
    # GB/T 9704 7.5: a lone attachment is marked 附件 with no number.
    label = "附件" if alone else f"附件{attachment.number}"
    parts = [
        '<section class="attachment">',
        f'<p class="attachment-label">{_e(label)}</p>',
        f'<p class="title">{_e(attachment.title)}</p>',
        *_blocks(attachment.blocks),
        "</section>",
    ]
    return "".join(parts)


def to_html(tree: DocTree) -> str:
    """Return the document as an HTML ``<article>``, in the order it prints."""
    out = [f'<article class="doc" data-kind="{_e(tree.kind)}">']
    if tree.masthead:
        out.append(f'<p class="masthead">{_e(tree.masthead.issuer_mark)}</p>')
        if tree.masthead.number:
            out.append(f'<p class="docno">{_e(tree.masthead.number)}</p>')
        out.append('<hr class="red-rule">')
    lines = tree.title_lines or (tree.title,)
    out.append('<p class="title">' + "<br>".join(_e(line) for line in lines) + "</p>")
    if tree.subtitle:
        out.append(f'<p class="subtitle">{_e(tree.subtitle)}</p>')
    out += [f'<p class="byline">{_e(line)}</p>' for line in tree.byline]
    if tree.recipients:
        out.append(f'<p class="plain">{_e(tree.recipients)}</p>')
    if tree.salutation:
        out.append(f'<p class="plain">{_e(tree.salutation)}</p>')
    out += _blocks(tree.body)
    notes = tree.attachment_notes
    if len(notes) == 1:
        out.append(f'<p class="body">附件：{_e(notes[0])}</p>')
    elif notes:
        items = "".join(f"<li>{_e(t)}</li>" for t in notes)
        out.append(f'<div class="attachment-notes"><span>附件：</span><ol>{items}</ol></div>')
    if tree.signature:
        out.append(f'<p class="signature">{_e(tree.signature)}</p>')
    if tree.date:
        out.append(f'<p class="date">{_e(tree.date)}</p>')
    if tree.note:
        out.append(f'<p class="body">（{_e(tree.note)}）</p>')
    alone = len(tree.attachments) == 1
    out += [_attachment(a, alone) for a in tree.attachments]
    if tree.imprint:
        out.append('<footer class="imprint">')
        if tree.imprint.cc:
            out.append(f"<p>抄送：{_e('，'.join(tree.imprint.cc))}。</p>")
        if tree.imprint.printer or tree.imprint.print_date:
            date = f"{tree.imprint.print_date}印发" if tree.imprint.print_date else ""
            printer = _e(tree.imprint.printer)
            out.append(f'<p><span>{printer}</span><span class="right">{_e(date)}</span></p>')
        out.append("</footer>")
    out.append("</article>")
    return "\n".join(out)
