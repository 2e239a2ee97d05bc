"""The same document through docxtpl: a template .docx with Jinja tags, and its context.

For a fair comparison docxtpl is given the content ready-made, taken from our
composed :class:`~bulletin.doctree.DocTree`: every paragraph our writer prints
(版头, title, 主送, body with run-in headings, 附件说明, 署名, 日期, attachment
labels and titles, table notes, 版记) and both annex tables with the same
columns and rows.  The template is built once with python-docx, one tagged
paragraph per paragraph of the tree and a ``{%tr for r in … %}`` row loop
per table, with fonts, sizes and alignment set on the template runs and cells
so the rendered XML carries formatting comparable to ours.

:func:`outline` reads paragraph texts and table row counts back from either
output, for the sanity check that both files hold the same content.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

if TYPE_CHECKING:
    from bulletin.doctree import DocTree, Table

__all__ = ["build_template", "context", "outline", "render"]

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_FANGSONG, _HEITI, _KAITI, _XBS = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"


def _face(run: Any, east_asian: str, size: float, *, bold: bool = False, red: bool = False) -> None:
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.font.bold = bold
    if red:
        run.font.color.rgb = RGBColor(0xFF, 0, 0)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def _para(
    doc: Any,
    tag: str,
    face: str = _FANGSONG,
    size: float = 16,
    *,
    align: str | None = None,
    style: str | None = None,
    indent: bool = False,
    bold: bool = False,
    red: bool = False,
) -> Any:
    p = doc.add_paragraph(style=style)
    if align:
        p.alignment = _ALIGN[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if tag:
        _face(p.add_run(tag), face, size, bold=bold, red=red)
    return p


def _heading_face(level: int) -> str:
    return {1: _HEITI, 2: _KAITI}.get(level, _FANGSONG)


def _table(doc: Any, table: Table, var: str, width_tw: int) -> None:
    """Header row of tags, then a ``{%tr for %}`` row, the tagged row and ``{%tr endfor %}``."""
    n = len(table.columns)
    total = sum(c.width for c in table.columns)
    widths = [int(width_tw * c.width / total) for c in table.columns]
    t = doc.add_table(rows=4, cols=n)
    t.style = "Table Grid"
    t.autofit = False
    header, loop, row, end = t.rows
    loop.cells[0].paragraphs[0].add_run(f"{{%tr for r in {var}.rows %}}")
    end.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for j, column in enumerate(table.columns):
        for r in (header, row):
            cell = r.cells[j]
            cell.width = Twips(widths[j])
            p = cell.paragraphs[0]
            if r is header:
                p.alignment = _ALIGN["center"]
                _face(p.add_run(f"{{{{ {var}.columns[{j}] }}}}"), _HEITI, 10.5)
            else:
                p.alignment = _ALIGN[column.align]
                _face(p.add_run(f"{{{{ r[{j}] }}}}"), _FANGSONG, 10.5)
    header._tr.get_or_add_trPr().append(header._tr.makeelement(qn("w:tblHeader"), {}))


def _block_paragraphs(blocks: tuple[Any, ...], var: str, doc: Any, width_tw: int) -> None:
    from bulletin.doctree import Heading, Paragraph, Table

    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            p = doc.add_paragraph(style=f"Heading {block.level}")
            p.paragraph_format.first_line_indent = Pt(32)
            _face(p.add_run(f"{{{{ {var}[{i}].label }}}}"), _heading_face(block.level), 16)
            if block.body:
                _face(p.add_run(f"{{{{ {var}[{i}].text }}}}"), _FANGSONG, 16)
        elif isinstance(block, Paragraph):
            _para(doc, f"{{{{ {var}[{i}].text }}}}", indent=True)
        else:
            assert isinstance(block, Table)
            if block.title:
                _para(doc, f"{{{{ {var}[{i}].title }}}}", _HEITI, 14, align="center")
            _table(doc, block, f"{var}[{i}]", width_tw)
            if block.note:
                _para(doc, f"{{{{ {var}[{i}].note }}}}", size=12)


def _notes(tree: DocTree) -> list[str]:
    numbered = len(tree.attachment_notes) > 1
    return [
        ("附件：" if i == 1 else "") + (f"{i}.\t" if numbered else "") + name
        for i, name in enumerate(tree.attachment_notes, 1)
    ]


def _imprint_lines(tree: DocTree) -> list[str]:
    imp = tree.imprint
    if imp is None:
        return []
    lines = []
    if imp.cc:
        lines.append("抄送：" + "，".join(imp.cc) + "。")
    if imp.printer or imp.print_date:
        date = imp.print_date
        if date and not date.endswith("印发"):
            date += "印发"
        lines.append(imp.printer + ("\t" + date if date else ""))
    return lines


def _blocks_context(blocks: tuple[Any, ...]) -> list[dict[str, Any]]:
    from bulletin.doctree import Heading, Paragraph

    out: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append({"label": block.label, "text": "".join(r.text for r in block.body)})
        elif isinstance(block, Paragraph):
            out.append({"text": block.text})
        else:
            out.append(
                {
                    "title": block.title,
                    "note": block.note,
                    "columns": [c.title for c in block.columns],
                    "rows": block.rows,
                }
            )
    return out


def context(tree: DocTree) -> dict[str, Any]:
    """The docxtpl context: the tree's text and table cells, nothing recomputed."""
    return {
        "masthead_mark": tree.masthead.issuer_mark if tree.masthead else "",
        "masthead_number": tree.masthead.number if tree.masthead else "",
        "title": tree.title,
        "recipients": tree.recipients,
        "body": _blocks_context(tree.body),
        "notes": _notes(tree),
        "signature": tree.signature,
        "date": tree.date,
        "attachments": [
            {"label": f"附件{a.number}", "title": a.title, "blocks": _blocks_context(a.blocks)}
            for a in tree.attachments
        ],
        "imprint": _imprint_lines(tree),
    }


def build_template(tree: DocTree, path: Path) -> Path:
    """Write a docxtpl template for documents shaped like ``tree`` (same paragraphs and tables)."""
    from bulletin.doctree import Table

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    section.top_margin, section.bottom_margin = Twips(2098), Twips(1984)
    section.left_margin, section.right_margin = Twips(1587), Twips(1474)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    if tree.masthead:
        _para(doc, "{{ masthead_mark }}", _XBS, 36, align="center", red=True)
        doc.add_paragraph()
        doc.add_paragraph()
        if tree.masthead.number:
            _para(doc, "{{ masthead_number }}", align="center")
            doc.add_paragraph()
            doc.add_paragraph()
    _para(doc, "{{ title }}", _XBS, 22, align="center", style="Title")
    doc.add_paragraph()
    if tree.recipients:
        _para(doc, "{{ recipients }}")
    _block_paragraphs(tree.body, "body", doc, 8845)
    if tree.attachment_notes:
        doc.add_paragraph()
        for i in range(len(tree.attachment_notes)):
            _para(doc, f"{{{{ notes[{i}] }}}}", indent=True)
    doc.add_paragraph()
    if tree.signature:
        _para(doc, "{{ signature }}", align="right")
    if tree.date:
        _para(doc, "{{ date }}", align="right")
    for k, attachment in enumerate(tree.attachments):
        wide = any(isinstance(b, Table) and b.wide for b in attachment.blocks)
        if wide:
            s = doc.add_section(WD_SECTION.NEW_PAGE)
            s.orientation = WD_ORIENT.LANDSCAPE
            s.page_width, s.page_height = Twips(16838), Twips(11906)
        else:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        var = f"attachments[{k}]"
        _para(doc, f"{{{{ {var}.label }}}}", _HEITI)
        doc.add_paragraph()
        _para(doc, f"{{{{ {var}.title }}}}", _XBS, 22, align="center", style="Title")
        _block_paragraphs(attachment.blocks, f"{var}.blocks", doc, 13000 if wide else 8845)
        if wide:
            s = doc.add_section(WD_SECTION.NEW_PAGE)
            s.orientation = WD_ORIENT.PORTRAIT
            s.page_width, s.page_height = Twips(11906), Twips(16838)
    lines = _imprint_lines(tree)
    if lines:
        t = doc.add_table(rows=len(lines), cols=1)
        for i, row in enumerate(t.rows):
            _face(row.cells[0].paragraphs[0].add_run(f"{{{{ imprint[{i}] }}}}"), _FANGSONG, 14)
        doc.add_paragraph()
    doc.save(str(path))
    return path


def render(template: Path, ctx: dict[str, Any]) -> bytes:
    """Render ``template`` with ``ctx`` as a docxtpl user would (autoescaped); return the bytes."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template))
    tpl.render(ctx, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def outline(data: bytes) -> tuple[list[str], list[int]]:
    """Non-empty paragraph texts outside tables, and the row count of each table, in order.

    Line breaks inside a paragraph (a long title broken into balanced lines)
    are layout, not content, and are dropped.  Tables are counted wherever
    they are: our 版记 sits in a text box anchored to the foot of the page,
    docxtpl's template has it in the body.
    """
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    texts = [p.text.replace("\n", "") for p in document.paragraphs if p.text.strip()]
    tables = document.element.body.iter(qn("w:tbl"))
    return texts, [len(t.findall(qn("w:tr"))) for t in tables]


def main(argv: list[str]) -> int:
    """``docxtpl_side.py TEMPLATE CONTEXT.json OUT.docx``: one render as a whole process.

    What a docxtpl user runs: load the context, render, save.  The benchmark
    times this process against ``bulletin render``; nothing of bulletin is
    imported here.
    """
    template, context_file, out = argv
    ctx = json.loads(Path(context_file).read_text(encoding="utf-8"))
    Path(out).write_bytes(render(Path(template), ctx))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
