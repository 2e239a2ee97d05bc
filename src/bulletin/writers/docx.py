"""Document tree → .docx laid out to GB/T 9704-2012; the only module that imports python-docx.

python-docx opens the package and keeps its parts; everything in the body is
built as XML text and parsed once with lxml, so a table of ten thousand rows
costs one parse instead of a quadratic walk through ``table.cell(i, j)``.
Every length, face and colour comes from a :class:`~bulletin.layout.Layout`.
The writer adds no content: only the fixed labels of 公文 (``附件：``,
``抄送：``, ``印发``, the dashes of page numbers) are its own.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import itertools
import math
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal, NamedTuple

from bulletin.doctree import (
    Attachment,
    Block,
    DocTree,
    Heading,
    Imprint,
    Masthead,
    Paragraph,
    Run,
    Table,
    break_name,
    break_signature,
    break_title,
    text_width,
)
from bulletin.errors import OutputError, os_reason
from bulletin.layout import (
    ALT_NAMES,
    GBK_FACES,
    GBT9704,
    MM_PER_PT,
    Face,
    Layout,
    mm_to_twips,
    needs_gbk_face,
    pt_to_twips,
    within_gb2312,
)
from bulletin.writers._output import Target, write_output

__all__ = ["read_properties", "write_docx"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_QN = {"w": W_NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_TEXT_TABLE = str.maketrans(_XML_ESCAPES)


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """``xml.sax.saxutils.escape``, without importing it (it loads urllib, http and ssl)."""
    table = str.maketrans({**_XML_ESCAPES, **entities}) if entities else _TEXT_TABLE
    return text.translate(table)


def qn(tag: str) -> str:
    """``w:sectPr`` as lxml names it, ``{namespace}sectPr`` (python-docx's ``qn``, without it)."""
    prefix, _, local = tag.partition(":")
    return f"{{{_QN[prefix]}}}{local}"


# python-docx (about 40 ms to import) is needed only to build the styled
# package, which is then cached on disk, and for a --reference-doc: it is
# imported by _open_template, through which every use of it passes.
docx: Any = None
parse_xml: Any = None
Twips: Any = None
OpcError: Any = Exception
RELATIONSHIP_TYPE: Any = None


def _import_python_docx() -> None:
    global docx, parse_xml, Twips, OpcError, RELATIONSHIP_TYPE
    if docx is None:
        import docx as module
        from docx.opc.constants import RELATIONSHIP_TYPE as relationships
        from docx.opc.exceptions import OpcError as opc_error
        from docx.oxml import parse_xml as parse
        from docx.shared import Twips as twips

        docx, parse_xml, Twips, OpcError, RELATIONSHIP_TYPE = (
            module,
            parse,
            twips,
            opc_error,
            relationships,
        )


_NS_DECL = f'xmlns:w="{W_NS}"'
_DOCUMENT_XML = "word/document.xml"
_CORE_XML = "docProps/core.xml"
# Written into core.xml before the package's hash is known, then replaced;
# and put back in its place when the hash is checked, so the hash stored in
# the package does not change the package's hash.
_CONTENT_PLACEHOLDER = "package=sha256:" + "0" * 64
_PACKAGE_LINE = re.compile(rb"package=sha256:[0-9a-f]{64}")

# Characters XML 1.0 cannot carry at all; they are dropped rather than corrupt the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_RUN_MARKUP = re.compile("[\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


# ---------------------------------------------------------------------------
# Properties in schema order.  Word rejects a file whose pPr/rPr children are
# out of the order the schema lists, so they are assembled from named parts.

_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "pBdr",
    "tabs",
    "autoSpaceDE",
    "autoSpaceDN",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
    "rPr",
    "sectPr",
)
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "color", "spacing", "w", "kern", "sz", "szCs", "lang")


def _ordered(parts: dict[str, str], order: tuple[str, ...], tag: str) -> str:
    unknown = parts.keys() - set(order)
    if unknown:
        raise ValueError(f"unknown {tag} parts: {sorted(unknown)}")
    inner = "".join(parts[k] for k in order if k in parts)
    return f"<w:{tag}>{inner}</w:{tag}>" if inner else ""


def _ppr(**parts: str) -> str:
    return _ordered(parts, _PPR_ORDER, "pPr")


def _rpr(**parts: str) -> str:
    return _ordered(parts, _RPR_ORDER, "rPr")


def _face_parts(face: Face, char_spacing: float | None = None) -> dict[str, str]:
    """rPr parts that set a face completely: fonts, weight, colour, spacing, size."""
    parts = {
        "rFonts": (
            f'<w:rFonts w:ascii="{_attr(face.latin)}" w:hAnsi="{_attr(face.latin)}"'
            f' w:eastAsia="{_attr(face.east_asian)}" w:cs="{_attr(face.latin)}"/>'
        ),
        "b": "<w:b/>" if face.bold else '<w:b w:val="0"/>',
        "bCs": "<w:bCs/>" if face.bold else '<w:bCs w:val="0"/>',
        "color": f'<w:color w:val="{_attr(face.color)}"/>',
        "sz": f'<w:sz w:val="{round(face.size * 2)}"/>',
        "szCs": f'<w:szCs w:val="{round(face.size * 2)}"/>',
    }
    if char_spacing is not None:
        parts["spacing"] = f'<w:spacing w:val="{round(char_spacing * 20)}"/>'
    return parts


def _spacing_exact(line_tw: int) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{line_tw}" w:lineRule="exact"/>'


_SPACING_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def _ind(first: int = 0, left: int = 0, right: int = 0, hanging: int = 0) -> str:
    # Explicit zero "Chars" values stop a reference style's character-based
    # indents from overriding the twips set here (Word prefers the Chars form).
    first_attr = f'w:hanging="{hanging}"' if hanging else f'w:firstLine="{first}"'
    chars = 'w:hangingChars="0"' if hanging else 'w:firstLineChars="0"'
    return (
        f'<w:ind w:left="{left}" w:leftChars="0" w:right="{right}" w:rightChars="0"'
        f" {first_attr} {chars}/>"
    )


def _jc(value: str) -> str:
    return f'<w:jc w:val="{value}"/>'


def _border(side: str, size_eighths: int, color: str = "000000", space: int = 0) -> str:
    return (
        f'<w:{side} w:val="single" w:sz="{size_eighths}" w:space="{space}"'
        f' w:color="{_attr(color)}"/>'
    )


def _eighths(pt: float) -> int:
    """A border width in eighths of a point, within the 2–96 Word accepts."""
    return max(2, min(96, round(pt * 8)))


def _mm_to_pt(mm: float) -> float:
    return mm * 72 / 25.4


# ---------------------------------------------------------------------------
# Styles


@dataclass(frozen=True, slots=True)
class _Style:
    """A style we define: ``key`` is how the writer refers to it."""

    key: str
    style_id: str
    name: str
    ppr: str = ""
    rpr: str = ""
    based_on: str | None = "normal"
    next: str | None = None
    kind: Literal["paragraph", "character"] = "paragraph"
    custom: bool = True


def _style_specs(layout: Layout) -> list[_Style]:
    """Every style the writer uses, defined from the layout; bases before dependants."""
    lp = layout.line_pitch_tw
    indent = layout.indent_tw
    cs = layout.char_spacing
    grid = _spacing_exact(lp)
    no_ind = _ind()
    out_of_outline = '<w:outlineLvl w:val="9"/>'
    number_tw = pt_to_twips(layout.masthead_number.size)
    # masthead_top is to the mark's top edge; the space before counts from the
    # top of its single-spaced line, which lies above the characters' ink by
    # the face's ascent: 3.1 mm with Noto CJK in LibreOffice, less with faces
    # of a smaller ascent such as 方正小标宋.
    mark_before = mm_to_twips(layout.masthead_top - _MARK_LINE_TO_INK_MM)

    def rpr(face: Face, spacing: float | None = 0.0) -> str:
        return _rpr(**_face_parts(face, spacing))

    specs = [
        _Style(
            "normal",
            "Normal",
            "Normal",
            # Widow control off: 公文 fill every page to its 22 lines.
            ppr=_ppr(
                widowControl='<w:widowControl w:val="0"/>', spacing=grid, ind=no_ind, jc=_jc("both")
            ),
            rpr=_rpr(
                **_face_parts(layout.body, cs),
                lang=f'<w:lang w:val="en-US" w:eastAsia="{_attr(layout.lang)}" w:bidi="ar-SA"/>',
            ),
            based_on=None,
            custom=False,
        ),
        _Style("body", "GwBody", "公文正文", ppr=_ppr(ind=_ind(first=indent)), next="body"),
        _Style(
            "body_char",
            "GwBodyChar",
            "公文正文字符",
            rpr=rpr(layout.body, cs),
            kind="character",
            based_on=None,
        ),
        _Style("plain", "GwPlain", "无缩进正文", next="plain"),
        _Style("center", "GwCenter", "居中正文", ppr=_ppr(jc=_jc("center"))),
        # The title's 22 pt glyphs are taller than one grid line would allow in
        # LibreOffice, which would give each title line two; off the grid, its
        # exact spacing keeps the pitch.
        _Style(
            "title",
            "Title",
            "Title",
            ppr=_ppr(
                keepNext="<w:keepNext/>",
                snapToGrid='<w:snapToGrid w:val="0"/>',
                jc=_jc("center"),
                outlineLvl=out_of_outline,
            ),
            rpr=rpr(layout.title),
            next="body",
            custom=False,
        ),
        _Style(
            "subtitle",
            "Subtitle",
            "Subtitle",
            ppr=_ppr(keepNext="<w:keepNext/>", jc=_jc("center"), outlineLvl=out_of_outline),
            rpr=rpr(layout.subtitle, cs),
            next="body",
            custom=False,
        ),
    ]
    for level, face in enumerate(layout.headings, 1):
        specs.append(
            _Style(
                f"heading{level}",
                f"Heading{level}",
                f"heading {level}",
                ppr=_ppr(
                    keepNext="<w:keepNext/>",
                    keepLines='<w:keepLines w:val="0"/>',
                    spacing=grid,
                    ind=_ind(first=indent),
                    outlineLvl=f'<w:outlineLvl w:val="{level - 1}"/>',
                ),
                rpr=rpr(face, cs),
                next="body",
                custom=False,
            )
        )
    specs += [
        _Style(
            "byline",
            "GwByline",
            "讲话人",
            ppr=_ppr(jc=_jc("center"), outlineLvl=out_of_outline),
            rpr=rpr(layout.byline, cs),
        ),
        _Style("recipients", "GwRecipients", "主送机关", next="body"),
        _Style("salutation", "GwSalutation", "称呼", next="body"),
        _Style("attachment_notes", "GwAttachNotes", "附件说明"),
        _Style(
            "signature",
            "GwSignature",
            "发文机关署名",
            # 署名 never ends a page without its date.
            ppr=_ppr(keepNext="<w:keepNext/>", ind=_ind(right=indent), jc=_jc("right")),
        ),
        _Style(
            "date",
            "GwDate",
            "成文日期",
            ppr=_ppr(ind=_ind(right=indent), jc=_jc("right")),
        ),
        _Style("note", "GwNote", "附注", ppr=_ppr(ind=_ind(first=indent))),
        _Style(
            "attachment_label",
            "GwAttachLabel",
            "附件标识",
            ppr=_ppr(keepNext="<w:keepNext/>", outlineLvl=out_of_outline),
            rpr=rpr(layout.attachment_label, cs),
        ),
        _Style(
            "table_caption",
            "GwTableCaption",
            "表题",
            ppr=_ppr(keepNext="<w:keepNext/>", jc=_jc("center"), outlineLvl=out_of_outline),
            rpr=rpr(layout.table_caption, cs),
        ),
        # Tables leave the line grid: single spacing, 小四, no condensing.
        _Style(
            "table_text",
            "GwTableText",
            "表格文字",
            ppr=_ppr(
                snapToGrid='<w:snapToGrid w:val="0"/>', spacing=_SPACING_SINGLE, jc=_jc("left")
            ),
            rpr=rpr(layout.table_text),
        ),
        _Style(
            "table_header",
            "GwTableHeader",
            "表格表头",
            ppr=_ppr(keepNext="<w:keepNext/>", jc=_jc("center")),
            rpr=rpr(layout.table_header),
            based_on="table_text",
        ),
        _Style("table_note", "GwTableNote", "表注", based_on="table_text"),
        _Style(
            "masthead_mark",
            "GwMastheadMark",
            "发文机关标志",
            ppr=_ppr(
                snapToGrid='<w:snapToGrid w:val="0"/>',
                spacing=(
                    f'<w:spacing w:before="{mark_before}" w:after="0"'
                    ' w:line="240" w:lineRule="auto"/>'
                ),
                jc=_jc("center"),
                outlineLvl=out_of_outline,
            ),
            rpr=rpr(layout.masthead_mark),
        ),
        _Style(
            "masthead_number",
            "GwMastheadNumber",
            "发文字号",
            # A line exactly one character tall, off the grid: the rule's space
            # is counted from the line's foot, which then lies at the
            # characters' foot instead of 2.5 mm below them on a 28.95 pt line.
            # The space above keeps the characters where the grid line had them.
            ppr=_ppr(
                pBdr=_masthead_rule(layout),
                snapToGrid='<w:snapToGrid w:val="0"/>',
                spacing=(
                    f'<w:spacing w:before="{(lp - number_tw) // 2}" w:after="0"'
                    f' w:line="{number_tw}" w:lineRule="exact"/>'
                ),
                jc=_jc("center"),
            ),
            rpr=rpr(layout.masthead_number, cs),
        ),
        _Style(
            "imprint",
            "GwImprint",
            "版记",
            ppr=_ppr(
                spacing=_spacing_exact(layout.line_pitch_tw),
                ind=_ind(
                    left=pt_to_twips(layout.imprint.size), right=pt_to_twips(layout.imprint.size)
                ),
                jc=_jc("left"),
            ),
            rpr=rpr(layout.imprint),
        ),
        _Style(
            "footer",
            "Footer",
            "footer",
            ppr=_ppr(snapToGrid='<w:snapToGrid w:val="0"/>', spacing=_SPACING_SINGLE),
            rpr=rpr(layout.page_number),
            custom=False,
        ),
    ]
    return specs


def _style_xml(spec: _Style, ids: dict[str, str]) -> str:
    custom = ' w:customStyle="1"' if spec.custom else ""
    default = ' w:default="1"' if spec.key == "normal" else ""
    parts = [f'<w:name w:val="{_attr(spec.name)}"/>']
    if spec.based_on:
        parts.append(f'<w:basedOn w:val="{ids[spec.based_on]}"/>')
    if spec.next:
        parts.append(f'<w:next w:val="{ids.get(spec.next, spec.style_id)}"/>')
    parts.append("<w:qFormat/>")
    return (
        f'<w:style {_NS_DECL} w:type="{spec.kind}"{default}{custom} w:styleId="{spec.style_id}">'
        + "".join(parts)
        + spec.ppr
        + spec.rpr
        + "</w:style>"
    )


def _install_styles(document: Any, layout: Layout, *, restyle: bool) -> dict[str, str]:
    """Define our styles in ``document``; return style ids by key.

    With ``restyle`` (our own template) existing built-ins are replaced by ours;
    otherwise (a reference document) existing styles are kept as the user made
    them and only missing ones are added.
    """
    styles_el = document.styles.element
    by_name: dict[str, Any] = {}
    for el in styles_el.iterchildren(qn("w:style")):
        name_el = el.find(qn("w:name"))
        if name_el is not None:
            by_name[name_el.get(qn("w:val")).lower()] = el
    ids: dict[str, str] = {}
    specs = _style_specs(layout)
    # Style ids are known up front so `next` may point forward.
    for spec in specs:
        existing = by_name.get(spec.name.lower())
        ids[spec.key] = existing.get(qn("w:styleId")) if existing is not None else spec.style_id
    for spec in specs:
        existing = by_name.get(spec.name.lower())
        if existing is not None and not restyle:
            continue
        new = parse_xml(_style_xml(replace(spec, style_id=ids[spec.key]), ids))
        if existing is not None:
            existing.addprevious(new)
            styles_el.remove(existing)
        else:
            styles_el.append(new)
    if restyle:
        _set_doc_defaults(styles_el, layout)
        _drop_template_styles(styles_el, {ids[spec.key] for spec in specs})
    return ids


def _drop_template_styles(styles_el: Any, keep: set[str]) -> None:
    """Remove python-docx's sample styles (theme fonts, Courier, list numbering) we never use.

    The defaults Word expects (table, list and character defaults) stay;
    Word recreates any other built-in style from its own definition when a
    user picks it.
    """
    for el in list(styles_el.iterchildren(qn("w:style"))):
        if el.get(qn("w:styleId")) not in keep and el.get(qn("w:default")) not in ("1", "true"):
            styles_el.remove(el)


def _set_doc_defaults(styles_el: Any, layout: Layout) -> None:
    """Replace the template's theme-font defaults, which would outrank named fonts."""
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_el.remove(defaults)
    body = layout.body
    new = parse_xml(
        f"<w:docDefaults {_NS_DECL}><w:rPrDefault>"
        + _rpr(
            rFonts=_face_parts(body)["rFonts"],
            sz=f'<w:sz w:val="{round(body.size * 2)}"/>',
            szCs=f'<w:szCs w:val="{round(body.size * 2)}"/>',
            lang=f'<w:lang w:val="en-US" w:eastAsia="{_attr(layout.lang)}" w:bidi="ar-SA"/>',
        )
        + '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )
    styles_el.insert(0, new)


# ---------------------------------------------------------------------------
# Body XML


def _t(text: str) -> str:
    """Run content for ``text``: tabs and line breaks become Word's own elements."""
    if not _NEEDS_RUN_MARKUP.search(text):
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    out: list[str] = []
    for piece in re.split(r"(\t|\r\n|\n|\r)", _XML_INVALID.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r\n", "\r"):
            out.append("<w:br/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def _run(text: str, rpr: str = "") -> str:
    return f"<w:r>{rpr}{_t(text)}</w:r>"


_GBK = dict(GBK_FACES)


def _face_runs(text: str, east_asian: str, parts: dict[str, str] | None = None) -> str:
    """Runs for ``text`` set in the East Asian face ``east_asian``, with rPr ``parts``.

    Letters a GB2312 face lacks (镕, 喆, 堃 …) go into runs of its GBK sibling
    (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体), which has them.
    """
    base = parts or {}
    gbk = _GBK.get(east_asian)
    if gbk is None or within_gb2312(text) or not any(needs_gbk_face(ch) for ch in text):
        return _run(text, _rpr(**base) if base else "")  # an annex cell has no rPr of its own
    swapped = {**base, "rFonts": f'<w:rFonts w:eastAsia="{_attr(gbk)}"/>'}
    return "".join(
        _run("".join(chunk), _rpr(**(swapped if lacking else base)))
        for lacking, chunk in itertools.groupby(text, needs_gbk_face)
    )


def _style_faces(layout: Layout) -> dict[str, str]:
    """The East Asian face each paragraph style sets; the rest take the body's."""
    faces = {
        "title": layout.title,
        "subtitle": layout.subtitle,
        "byline": layout.byline,
        "attachment_label": layout.attachment_label,
        "table_caption": layout.table_caption,
        "table_text": layout.table_text,
        "table_note": layout.table_text,
        "table_header": layout.table_header,
        "imprint": layout.imprint,
        "masthead_mark": layout.masthead_mark,
        "masthead_number": layout.masthead_number,
        **{f"heading{i}": face for i, face in enumerate(layout.headings, 1)},
    }
    return {key: face.east_asian for key, face in faces.items()}


@dataclass(slots=True)
class _P:
    """A paragraph waiting to be rendered, so a section break can still join its pPr."""

    style: str
    runs: str = ""
    ppr: dict[str, str] = field(default_factory=dict)

    def xml(self) -> str:
        ppr = _ppr(pStyle=f'<w:pStyle w:val="{self.style}"/>', **self.ppr)
        return f"<w:p>{ppr}{self.runs}</w:p>"


_Item = _P | str  # a paragraph, or finished XML (a table)


class _BodyBuilder:
    """Collects the body in document order and renders it as one XML string."""

    def __init__(self, layout: Layout, ids: dict[str, str], sections: _Sections) -> None:
        self.layout = layout
        self.ids = ids
        self.items: list[_Item] = []
        self.portrait = sections.portrait
        self.landscape = sections.landscape
        self.section_just_ended = False
        self.faces = _style_faces(layout)

    def face(self, key: str) -> str:
        """The East Asian face of the paragraph style ``key``."""
        return self.faces.get(key, self.layout.body.east_asian)

    # Emphasis in body text: the face changes, the size stays.
    def runs(self, runs: Iterable[Run], face: str, base: dict[str, str] | None = None) -> str:
        out = []
        for run in runs:
            parts = dict(base or {})
            run_face = face
            if run.emphasis == "bold":
                parts["b"] = "<w:b/>"
                parts["bCs"] = "<w:bCs/>"
            elif run.emphasis in ("hei", "kai"):
                # 黑体 and 楷体 are the faces of heading levels 1 and 2.
                run_face = self.layout.headings[0 if run.emphasis == "hei" else 1].east_asian
                parts["rFonts"] = f'<w:rFonts w:eastAsia="{_attr(run_face)}"/>'
            out.append(_face_runs(run.text, run_face, parts))
        return "".join(out)

    def para(self, key: str, text: str = "", **ppr: str) -> None:
        runs = _face_runs(text, self.face(key)) if text else ""
        self.items.append(_P(self.ids[key], runs, ppr))
        self.section_just_ended = False

    def blank(self) -> None:
        self.para("plain")

    def blocks(self, blocks: Iterable[Block], width_tw: int) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                key = {"body": "body", "closing": "body", "plain": "plain", "center": "center"}[
                    block.role
                ]
                self.items.append(_P(self.ids[key], self.runs(block.runs, self.face(key))))
            else:
                self.table(block, width_tw)
            self.section_just_ended = False

    def heading(self, heading: Heading) -> None:
        if not 1 <= heading.level <= 4:
            raise ValueError(f"heading level must be 1–4, got {heading.level}")
        runs = _face_runs(heading.label, self.face(f"heading{heading.level}"))
        ppr: dict[str, str] = {}
        if heading.body:
            # Run-in heading: the paragraph stays in the heading style (so the
            # point is in the outline and navigation pane); its body text takes
            # the body face through a character style.  The pane and a table of
            # contents therefore list the point with its text.  Word's remedy,
            # the style separator (the heading its own paragraph whose mark is
            # hidden, w:vanish + w:specVanish), lists the heading alone, but
            # LibreOffice 7.4 does not join the two paragraphs: measured, the
            # heading stands on a line of its own and the text starts below it
            # at the margin.  One paragraph prints the same in both; see README.
            base = {"rStyle": f'<w:rStyle w:val="{self.ids["body_char"]}"/>'}
            runs += self.runs(heading.body, self.layout.body.east_asian, base)
            ppr["keepNext"] = '<w:keepNext w:val="0"/>'
        self.items.append(_P(self.ids[f"heading{heading.level}"], runs, ppr))

    def table(self, table: Table, width_tw: int) -> None:
        if table.title:
            self.para("table_caption", table.title)
        self.raw_table(_table_xml(table, width_tw, self.layout, self.ids))
        if table.note:
            self.para("table_note", table.note)

    def raw_table(self, xml: str) -> None:
        """Append a finished ``<w:tbl>``, apart from any table just before it.

        Word and LibreOffice join two tables with no paragraph between them
        into one, so a hairline paragraph keeps them apart.
        """
        if self.items and isinstance(self.items[-1], str):
            self.items.append(_tiny_paragraph(self.ids["plain"]))
        self.items.append(xml)
        self.section_just_ended = False

    def end_section(self, xml: str) -> None:
        """Close the section so far with the ``sectPr`` ``xml``; the next one starts a new page."""
        last = self.items[-1] if self.items else None
        if isinstance(last, _P) and "sectPr" not in last.ppr:
            last.ppr["sectPr"] = xml
        else:
            self.items.append(_tiny_paragraph(self.ids["plain"], sect_pr=xml))
        self.section_just_ended = True

    def xml(self) -> str:
        items = list(self.items)
        if not items or not isinstance(items[-1], _P):
            # A document must end in a paragraph; after a table make it hairline.
            items.append(_tiny_paragraph(self.ids["plain"]))
        return "".join(i.xml() if isinstance(i, _P) else i for i in items)


def _tiny_paragraph(style: str, sect_pr: str = "") -> _P:
    """A paragraph one point tall: needed after a table, and next to invisible."""
    ppr = {
        "snapToGrid": '<w:snapToGrid w:val="0"/>',
        "spacing": '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
        "rPr": '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>',
    }
    if sect_pr:
        ppr["sectPr"] = sect_pr
    return _P(style, "", ppr)


# Extra width, in characters, allowed where Chinese meets digits or Latin
# letters in a table cell (LibreOffice always adds about this much there).
_AUTOSPACE = 0.25
# A cell with these marks is prose, broken by the renderer like body text.
_PROSE_MARKS = frozenset("，。；、：！？")


def _header_pieces(title: str) -> list[str]:
    """A column title's unbreakable parts: 完成率（%） may wrap before its parenthesis."""
    cut = title.find("（")
    return [title[:cut], title[cut:]] if cut > 0 else [title]


def _column_widths(table: Table, width_tw: int, layout: Layout) -> list[int]:
    """Column widths in twips, sized from what each column holds.

    Every column gets room for its longest cell on one line, and for its
    title (whole if there is room, else wrapped before a parenthesis); room
    left over is shared by the columns' relative weights.  When the cells do
    not all fit, the widest columns are narrowed to a common width, the
    least that makes the table fit: their names then break between words.
    """
    char = layout.table_text.size * 20
    margin = _cell_room(layout)
    nat: list[float] = []
    floor: list[float] = []
    head_full: list[float] = []
    for i, column in enumerate(table.columns):
        cells = max((text_width(row[i], _AUTOSPACE) for row in table.rows), default=0.0)
        head = [text_width(p, _AUTOSPACE) for p in _header_pieces(column.title)]
        floor.append(max(*head, 1.0) * char + margin)
        nat.append(max(cells * char + margin, floor[-1]))
        head_full.append(max(sum(head) * char + margin, nat[-1]))
    weights = [c.width if c.width > 0 else 1.0 for c in table.columns]
    if sum(head_full) <= width_tw:
        base = head_full
    elif sum(nat) <= width_tw:
        base = nat
    else:
        lo, hi = 0.0, max(nat)
        for _ in range(40):
            cap = (lo + hi) / 2
            if sum(max(f, min(n, cap)) for f, n in zip(floor, nat, strict=True)) > width_tw:
                hi = cap
            else:
                lo = cap
        base = [max(f, min(n, lo)) for f, n in zip(floor, nat, strict=True)]
    spare = max(0.0, width_tw - sum(base))
    widths = [int(b + spare * w / sum(weights)) for b, w in zip(base, weights, strict=True)]
    widths[-1] += width_tw - sum(widths)  # the last column takes the rounding
    return widths


def _cell_room(layout: Layout) -> int:
    """Twips of a cell's width its text cannot use: both margins and both rules.

    LibreOffice takes the rules' width out of the cell as well, so a column
    exactly as wide as its text and margins wraps the last character (序/号,
    新开/工, 年度计/划).
    """
    return 2 * _cell_margin(layout) + 2 * pt_to_twips(layout.table_rule)


def _cell_margin(layout: Layout) -> int:
    return pt_to_twips(layout.table_text.size / 4)


def _cell_chars(width_tw: int, layout: Layout) -> float:
    """How many characters of the table's size a cell of ``width_tw`` holds on a line."""
    return (width_tw - _cell_room(layout)) / (layout.table_text.size * 20)


def _fitted(text: str, chars: float) -> str:
    """``text`` for a cell ``chars`` wide: a name too long for it broken between words."""
    if text_width(text, _AUTOSPACE) <= chars or _PROSE_MARKS.intersection(text):
        return text
    return "\n".join(break_name(text, chars, _AUTOSPACE))


def _table_xml(table: Table, width_tw: int, layout: Layout, ids: dict[str, str]) -> str:
    """The whole ``<w:tbl>`` as one string: header row repeated on every page."""
    if not table.columns:
        raise ValueError("a table needs at least one column")
    n = len(table.columns)
    for i, row in enumerate(table.rows):
        if len(row) != n:
            raise ValueError(f"table row {i + 1} has {len(row)} cells for {n} columns")
    widths = _column_widths(table, width_tw, layout)
    rule = _eighths(layout.table_rule)
    borders = "".join(
        _border(side, rule) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    cell_margin = _cell_margin(layout)
    out = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{width_tw}" w:type="dxa"/>',
        '<w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/>'
        f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0000" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    header_style = ids["table_header"]
    for column, w in zip(table.columns, widths, strict=True):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{header_style}"/></w:pPr>'
            f"{_face_runs(column.title, layout.table_header.east_asian)}</w:p></w:tc>"
        )
    out.append("</w:tr>")
    # Per-column opening and closing text, so a row is a join of cheap strings.
    text_style = ids["table_text"]
    face = layout.table_text.east_asian
    opens = [
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/><w:jc w:val="{c.align}"/></w:pPr>'
        for c, w in zip(table.columns, widths, strict=True)
    ]
    # A column's room is worked out once, not for each of its cells.
    room = [_cell_chars(w, layout) for w in widths]
    # Cells repeat down a column (units, stages, 是/否): each distinct one is made once.
    made: dict[tuple[int, str], str] = {}
    for row in table.rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for i, (open_, cell, chars) in enumerate(zip(opens, row, room, strict=True)):
            xml = made.get((i, cell))
            if xml is None:
                text = _face_runs(_fitted(cell, chars), face) if cell else ""
                xml = made[i, cell] = f"{open_}{text}</w:p></w:tc>"
            out.append(xml)
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _ImprintRow:
    """One row of the 版记: its printed lines, and for the 印发 row the date at the right."""

    lines: tuple[str, ...]
    date: str = ""
    cc: bool = False


def _imprint_rows(imprint: Imprint, layout: Layout) -> list[_ImprintRow]:
    """The 版记's rows, each already broken into its printed lines.

    Broken here, between organs, rather than by the renderer: the 版记 is
    placed by its height (see :func:`_imprint_xml`), which must not depend on
    where Word or LibreOffice would wrap.
    """
    size_tw = pt_to_twips(layout.imprint.size)
    # One character to spare: punctuation rules may not squeeze a full line.
    room = (layout.type_width_tw - 2 * size_tw) / size_tw - 1
    rows: list[_ImprintRow] = []
    if imprint.cc:
        label = "抄送："
        names_room = room - text_width(label)
        names = [f"{name}，" for name in imprint.cc[:-1]] + [f"{imprint.cc[-1]}。"]
        lines: list[str] = []
        for name in names:
            for piece in break_name(name, names_room, _AUTOSPACE):
                if lines and text_width(lines[-1] + piece, _AUTOSPACE) <= names_room:
                    lines[-1] += piece
                else:
                    lines.append(piece)
        rows.append(_ImprintRow((label + lines[0], *lines[1:]), cc=True))
    if imprint.printer or imprint.print_date:
        date = imprint.print_date
        if date and not date.endswith("印发"):
            date += "印发"
        printer = list(break_signature(imprint.printer, room)) if imprint.printer else [""]
        if date and text_width(printer[-1] + date, _AUTOSPACE) + 1 > room:
            printer.append("")  # the date on a line of its own, still at the right
        rows.append(_ImprintRow(tuple(printer), date))
    return rows


def _type_area_corner(sect_pr: Any, layout: Layout) -> tuple[int, int]:
    """The type area's left edge and foot, in twips from the paper's: of ``sect_pr``'s page.

    A reference document keeps its own page and margins, and the 版记 ends on
    its type area; without one (or when it says nothing) the layout's numbers.
    """
    left, foot = layout.margins_tw[3], mm_to_twips(layout.page_height - layout.margin_bottom)
    size = sect_pr.find(qn("w:pgSz")) if sect_pr is not None else None
    mar = sect_pr.find(qn("w:pgMar")) if sect_pr is not None else None
    with contextlib.suppress(TypeError, ValueError):
        if mar is not None and mar.get(qn("w:left")) is not None:
            left = int(mar.get(qn("w:left")))
        if size is not None and mar is not None and size.get(qn("w:h")) and mar.get(qn("w:bottom")):
            foot = int(size.get(qn("w:h"))) - abs(int(mar.get(qn("w:bottom"))))
    return left, foot


# The 版记's text box, apart from the 页码 boxes of the footers (9001, 9002).
_IMPRINT_BOX_ID = 9100


def _imprint_xml(
    imprint: Imprint, layout: Layout, ids: dict[str, str], corner: tuple[int, int]
) -> str:
    """版记: a one-column table whose only borders are its rules, in a text box at the foot.

    Thick rules above and below, a thin one between rows; 印发机关 left and
    印发日期 right on one line through a right tab.  The box is placed from
    the paper's top edge so that its lower edge is the type area's, as GB/T
    9704 asks, and is exactly as tall as the table (lines of the exact pitch
    plus the rules).  Placed so, it survives LibreOffice's Word 97 export,
    which puts a box or floating table aligned to the bottom of the *margin*
    at the bottom of the *paper* instead, 35 mm too low; the text is anchored
    to the box's bottom as well, for renderers that count the rules otherwise.
    Body text keeps clear of the box (top-and-bottom wrapping): a last page
    with no room for it sends it, with its anchor, to a page of its own.
    """
    rows = _imprint_rows(imprint, layout)
    if not rows:
        return ""
    width = layout.type_width_tw
    indent = pt_to_twips(layout.imprint.size)
    outer = _eighths(_mm_to_pt(layout.imprint_rule_outer))
    inner = _eighths(_mm_to_pt(layout.imprint_rule_inner))
    style = ids["imprint"]
    face = layout.imprint.east_asian
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{width - indent}"/></w:tabs>'
    # A long list wraps under its first name, not back under 抄送.
    label = round(text_width("抄送：") * layout.imprint.size * 20)
    hang = _ind(left=indent + label, right=indent, hanging=label)
    cells = []
    for row in rows:
        runs = "<w:r><w:br/></w:r>".join(_face_runs(line, face) for line in row.lines)
        if row.date:
            runs += "<w:r><w:tab/></w:r>" + _face_runs(row.date, face)
        ind = hang if row.cc else ""
        cells.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>"
            f'<w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{tabs}{ind}</w:pPr>{runs}</w:p></w:tc></w:tr>'
        )
    nil = '<w:{} w:val="nil"/>'
    table = (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>'
        # Border children in schema order: top, left, bottom, right, insideH, insideV.
        "<w:tblBorders>"
        + _border("top", outer)
        + nil.format("left")
        + _border("bottom", outer)
        + nil.format("right")
        + _border("insideH", inner)
        + nil.format("insideV")
        + "</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(cells)}</w:tbl>'
    )
    lines = sum(len(row.lines) for row in rows)
    rules_pt = (2 * outer + (len(rows) - 1) * inner) / 8
    height_tw = lines * layout.line_pitch_tw + pt_to_twips(rules_pt)
    left_tw, foot_tw = corner
    emu = [v * _EMU_PER_TWIP for v in (left_tw, foot_tw - height_tw, width, height_tw)]
    # A table must be followed by a paragraph, in a text box too; this one is a hair tall.
    after = _tiny_paragraph(style).xml()
    # The anchor is a hair tall, so a last page whose text ends just above the
    # box still holds it.
    anchor = _tiny_paragraph(ids["plain"])
    return (
        f"<w:p {_NS_DECL} {_DRAWING_NS}>"
        + _ppr(pStyle=f'<w:pStyle w:val="{anchor.style}"/>', **anchor.ppr)
        + '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"'
        ' relativeHeight="3" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{emu[0]}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{emu[1]}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{emu[2]}" cy="{emu[3]}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="{_IMPRINT_BOX_ID}" name="版记"/>'
        "<wp:cNvGraphicFramePr/><a:graphic>"
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu[2]}" cy="{emu[3]}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f"</wps:spPr><wps:txbx><w:txbxContent>{table}{after}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"'
        ' anchor="b"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )


# ---------------------------------------------------------------------------
# Sections and page numbers


class _Sections(NamedTuple):
    """The document's page setup as the body needs it: text, not elements.

    Worked out once, with lxml, when the styled package is built (and kept
    with it) or a reference document is opened, so that writing a document
    from the cached package does not import lxml (about a twelfth of a
    ``bulletin render`` of the example).
    """

    #: The ``sectPr`` of the document's portrait pages, and of a landscape annex.
    portrait: str
    landscape: str
    #: The portrait type area's left edge and foot (see :func:`_type_area_corner`).
    corner: tuple[int, int]


def _sections(sect_pr: Any, layout: Layout, footers: dict[str, str] | None) -> _Sections:
    """:class:`_Sections` of the final ``sect_pr``; landscape ones use ``footers`` (ids by type)."""
    from lxml import etree

    return _Sections(
        etree.tostring(sect_pr, encoding="unicode"),
        etree.tostring(_landscape(sect_pr, footers or {}), encoding="unicode"),
        _type_area_corner(sect_pr, layout),
    )


def _landscape(sect_pr: Any, footers: dict[str, str] | None = None) -> Any:
    """A copy of ``sect_pr`` turned to landscape, with the ``footers`` (ids by type) given.

    The paper turns a quarter clockwise, so the binding margin (left) becomes
    the top; the gap between type area and footer is kept.
    """
    land = deepcopy(sect_pr)
    for ref in land.iterfind(qn("w:footerReference")):
        rid = (footers or {}).get(ref.get(qn("w:type")))
        if rid:
            ref.set(qn("r:id"), rid)
    size = land.find(qn("w:pgSz"))
    if size is not None:
        w, h = size.get(qn("w:w")), size.get(qn("w:h"))
        if w and h and int(w) < int(h):
            size.set(qn("w:w"), h)
            size.set(qn("w:h"), w)
        size.set(qn("w:orient"), "landscape")
    mar = land.find(qn("w:pgMar"))
    if mar is not None:
        old = {
            k: int(mar.get(qn(f"w:{k}"), "0")) for k in ("top", "right", "bottom", "left", "footer")
        }
        new = {
            "top": old["left"],
            "right": old["top"],
            "bottom": old["right"],
            "left": old["bottom"],
        }
        for k, v in new.items():
            mar.set(qn(f"w:{k}"), str(v))
        mar.set(qn("w:footer"), str(max(0, new["bottom"] - (old["bottom"] - old["footer"]))))
    return land


def _folio_runs() -> str:
    """``— N —``: the dashes, a PAGE field, the dashes."""
    # The dashes are East Asian (full-width) characters in 宋体, not Latin em dashes.
    dash = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
    return (
        f'<w:r>{dash}<w:t xml:space="preserve">\u2014 </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{dash}<w:t xml:space="preserve"> \u2014</w:t></w:r>'
    )


def _page_number_xml(layout: Layout, even: bool) -> str:
    """``— N —`` with a PAGE field; odd pages right, even pages left, one character in."""
    indent = pt_to_twips(layout.page_number.size) * layout.page_number_indent_chars
    ind = _ind(left=indent) if even else _ind(right=indent)
    return (
        f"<w:p {_NS_DECL}>"
        + _ppr(pStyle='<w:pStyle w:val="Footer"/>', ind=ind, jc=_jc("left" if even else "right"))
        + _folio_runs()
        + "</w:p>"
    )


_EMU_PER_MM = 36000
_EMU_PER_TWIP = 635
_DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


# A single-spaced line of Times New Roman (and of Liberation Serif, its metric
# twin) is 1.15 em tall; a little room over that.
_FOLIO_LINE_EM = 1.2


def _turned_page_number_xml(layout: Layout, even: bool) -> str:
    """The folio of a landscape page, where it would be on the portrait sheet (GB/T 9704 10.1).

    Turned to read the table, the page's left edge is the bound sheet's foot:
    the number runs down that edge, its dashes ``page_number_gap`` outside the
    type area, at the outer end (odd pages at the bottom, even pages at the
    top), one character in.  A text box whose text is turned a quarter
    clockwise (``vert="vert"``) carries it; LibreOffice renders it the same.
    The text sits at the box's bottom (``anchor="b"``: the line's foot on the
    box's edge nearer the paper's), where the portrait footer's line has its
    foot, so the dashes land where they land on a portrait page in any
    renderer that sets the dashes at the same height above the foot.  The box
    is hardly wider than the line, so a renderer that drops the anchor (a .doc
    saved by LibreOffice keeps the text at the top) puts it nearly there too.
    """
    size_mm = layout.page_number.size * MM_PER_PT
    box_w, box_h = _FOLIO_LINE_EM * size_mm, 12 * size_mm  # across and along the number
    x = layout.footer_distance
    indent = size_mm * layout.page_number_indent_chars
    y = layout.margin_left + indent if even else layout.page_width - layout.margin_right
    y = y if even else y - indent - box_h
    emu = [round(v * _EMU_PER_MM) for v in (x, y, box_w, box_h)]
    para = (
        "<w:p>"
        + _ppr(pStyle='<w:pStyle w:val="Footer"/>', ind=_ind(), jc=_jc("left" if even else "right"))
        + _folio_runs()
        + "</w:p>"
    )
    return (
        f"<w:p {_NS_DECL} {_DRAWING_NS}>"
        + _ppr(pStyle='<w:pStyle w:val="Footer"/>')
        + '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"'
        ' relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{emu[0]}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{emu[1]}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{emu[2]}" cy="{emu[3]}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{9001 + even}" name="页码{2 if even else 1}"/>'
        "<wp:cNvGraphicFramePr/><a:graphic>"
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu[2]}" cy="{emu[3]}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f"</wps:spPr><wps:txbx><w:txbxContent>{para}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"'
        ' anchor="b"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )


def _set_page(section: Any, layout: Layout) -> None:
    width, height = layout.page_tw
    top, right, bottom, left = layout.margins_tw
    section.page_width, section.page_height = Twips(width), Twips(height)
    section.top_margin, section.right_margin = Twips(top), Twips(right)
    section.bottom_margin, section.left_margin = Twips(bottom), Twips(left)
    section.gutter = Twips(0)
    section.header_distance = Twips(mm_to_twips(layout.margin_top / 2))
    section.footer_distance = Twips(mm_to_twips(layout.footer_distance))
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = sect_pr.makeelement(qn("w:docGrid"), {})
        sect_pr.append(grid)
    for name in list(grid.attrib):
        del grid.attrib[name]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(layout.line_pitch_tw))


def _add_page_numbers(document: Any, section: Any, layout: Layout) -> dict[str, str]:
    """Odd and even footers with the folio; returns the ids of the landscape pages' footers."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, even in ((section.footer, False), (section.even_page_footer, True)):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(_page_number_xml(layout, even)))
    turned: dict[str, str] = {}
    for kind, even in (("default", False), ("even", True)):
        part, rid = document.part.add_footer_part()
        element = part.element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(_turned_page_number_xml(layout, even)))
        turned[kind] = rid
    return turned


# ---------------------------------------------------------------------------
# The document


def _width_tw(text: str, face: Face, char_spacing: float, autospace: float = 0.0) -> float:
    """Printed width of ``text`` in twips: its characters, each condensed by ``char_spacing``.

    ``autospace`` (in characters) is added where Chinese meets digits or Latin letters.
    """
    return (text_width(text, autospace) * face.size + len(text) * char_spacing) * 20


# Where Chinese meets digits, Word and LibreOffice add about a fifth to a
# quarter of a character (measured 1.17 mm at 16 pt in LibreOffice, which
# ignores w:autoSpaceDE): a date such as 2025年7月18日 prints one character
# wider than its characters.
_DATE_AUTOSPACE = 0.21


def _signature_lines(signature: str, layout: Layout) -> tuple[str, ...]:
    """The 署名 as printed: one line, or whole organs per line when it is too long for one.

    A line holds the type area less the two characters of the right indent.
    """
    pitch_tw = (layout.body.size + layout.char_spacing) * 20  # one condensed character
    return break_signature(signature, (layout.type_width_tw - 2 * layout.char_tw) / pitch_tw)


def _signature_indents(
    signature: tuple[str, ...], date: str, layout: Layout
) -> tuple[dict[str, str], dict[str, str]]:
    """pPr parts (indent, alignment) of 署名 and 日期 per GB/T 9704 7.3.5.3 (no seal).

    署名 (each of its lines) two characters from the right, the date's first
    character two right of the 署名's (of its widest line).  Both are placed
    from the 署名's start (left indents), never from the date's own width:
    Word and LibreOffice put extra space between Chinese and digits, so a
    date's printed width is only an estimate, while a 署名 of Chinese
    characters measures the same everywhere.  A date that would then end
    within two characters of the margin is set two characters from the right
    (by its estimated width) and the 署名 moved left to keep the step.
    """
    two = 2 * layout.char_tw
    width = layout.type_width_tw
    if not signature:
        return {}, {"ind": _ind(right=two)}
    ws = max(_width_tw(line, layout.body, layout.char_spacing) for line in signature)
    wd = _width_tw(date, layout.body, layout.char_spacing, _DATE_AUTOSPACE) if date else 0.0
    if ws - wd >= two:
        date_left = width - two - ws + two
        return {"ind": _ind(right=two)}, {"ind": _ind(left=round(date_left)), "jc": _jc("left")}
    date_left = round(width - two - wd)
    return (
        {"ind": _ind(left=max(0, date_left - two)), "jc": _jc("left")},
        {"ind": _ind(left=date_left), "jc": _jc("left")},
    )


# From the top of the issuer mark's line to its characters' ink, in mm (see above).
_MARK_LINE_TO_INK_MM = 2.5

# How far the foot of a line exactly one character tall lies below the
# characters, in mm: 1.3 measured in LibreOffice, which keeps the font's
# ascent and cuts the line below; Word is expected to set the characters
# nearer the foot (not measurable here).  Placed for 1.1, the rule lies
# 4.1 mm below the characters in LibreOffice, and about 2.8 mm in Word if
# Word sets them on the foot.
_LINE_FOOT_MM = 1.1


def _masthead_rule(layout: Layout) -> str:
    """The red rule of the 版头, as a paragraph's bottom border ``masthead_rule_gap`` below it."""
    rule = _border(
        "bottom",
        _eighths(layout.masthead_rule_width),
        layout.masthead_rule_color,
        space=round(_mm_to_pt(layout.masthead_rule_gap - _LINE_FOOT_MM)),
    )
    return f"<w:pBdr>{rule}</w:pBdr>"


def _masthead(b: _BodyBuilder, masthead: Masthead, layout: Layout) -> None:
    mark = layout.masthead_mark
    # A long issuer name is narrowed, not wrapped: the mark stays on one line.
    natural = text_width(masthead.issuer_mark) * mark.size * 20
    scale = min(100, int(100 * layout.type_width_tw / natural)) if natural else 100
    parts = {"w": f'<w:w w:val="{scale}"/>'} if scale < 100 else {}
    # Without a number the red rule hangs under the issuer mark itself.
    mark_ppr = {} if masthead.number else {"pBdr": _masthead_rule(layout)}
    runs = _face_runs(masthead.issuer_mark, mark.east_asian, parts)
    b.items.append(_P(b.ids["masthead_mark"], runs, mark_ppr))
    if masthead.number:
        for _ in range(layout.masthead_gap_lines):
            b.blank()
        b.para("masthead_number", masthead.number)
    for _ in range(layout.masthead_gap_lines):
        b.blank()


def _attachment_notes(b: _BodyBuilder, notes: tuple[str, ...], layout: Layout) -> None:
    """``附件：1.<tab>名称``: names, and their continuation lines, share one left edge."""
    c = layout.char_tw
    start = layout.indent_tw
    numbered = len(notes) > 1
    label = 3 * c  # 附件：
    name_at = start + label + (c * 3 // 2 if numbered else 0)
    tabs = f'<w:tabs><w:tab w:val="left" w:pos="{name_at}"/></w:tabs>'
    for i, name in enumerate(notes, 1):
        prefix = ("附件：" if i == 1 else "") + (f"{i}.\t" if numbered else "")
        first_at = start if i == 1 else start + label
        b.para(
            "attachment_notes",
            prefix + name,
            tabs=tabs,
            ind=_ind(left=name_at, hanging=name_at - first_at),
        )


def _attachment(b: _BodyBuilder, attachment: Attachment, layout: Layout, alone: bool) -> None:
    landscape = any(isinstance(x, Table) and x.wide for x in attachment.blocks)
    if landscape and not b.section_just_ended:
        b.end_section(b.portrait)
    label_ppr = {} if b.section_just_ended else {"pageBreakBefore": "<w:pageBreakBefore/>"}
    # GB/T 9704 7.5: a lone attachment is marked 附件 with no number.
    label = "附件" if alone else f"附件{attachment.number}"
    b.para("attachment_label", label, **label_ppr)
    b.blank()
    b.para("title", "\n".join(break_title(attachment.title)))
    if attachment.blocks:
        b.blank()  # as under the document's title
    width = layout.landscape_type_width_tw if landscape else layout.type_width_tw
    b.blocks(attachment.blocks, width)
    if landscape:
        b.end_section(b.landscape)


# The longest last paragraph kept with the 署名 (see _build_body), in lines:
# LibreOffice then leaves at most one line of the page before it empty.
_KEPT_LINES = 2


def _lines_of(text: str, layout: Layout) -> int:
    """About how many lines a body paragraph of ``text`` takes: 26 characters, then 28 a line."""
    pitch = layout.body.size + layout.char_spacing
    per_line = layout.type_width_tw / 20 / pitch
    first = per_line - layout.indent_chars
    width = text_width(text, _DATE_AUTOSPACE)
    return 1 + max(0, math.ceil((width - first) / int(per_line)))


def _build_body(tree: DocTree, layout: Layout, ids: dict[str, str], sections: _Sections) -> str:
    """The body's XML, its sections and 版记 placed by ``sections``."""
    b = _BodyBuilder(layout, ids, sections)
    if tree.masthead:
        _masthead(b, tree.masthead, layout)
    if tree.title:
        b.para("title", "\n".join(tree.title_lines) if tree.title_lines else tree.title)
    if tree.subtitle:
        b.para("subtitle", tree.subtitle)
    for line in tree.byline:
        b.para("byline", line)
    if tree.title and (tree.recipients or tree.salutation or tree.body):
        b.blank()
    if tree.recipients:
        b.para("recipients", tree.recipients)
    if tree.salutation:
        b.para("salutation", tree.salutation)
    b.blocks(tree.body, layout.type_width_tw)
    # The text's last paragraph keeps with the 署名 when it is short: LibreOffice
    # moves a kept paragraph whole (Word only its last line), which would leave
    # a longer one's lines empty at the foot of the page before.
    last = tree.body[-1] if tree.body else None
    short = isinstance(last, Paragraph) and _lines_of(last.text, layout) <= _KEPT_LINES
    text_ends = len(b.items) - (1 if short else 0)
    if tree.attachment_notes:
        b.blank()
        _attachment_notes(b, tree.attachment_notes, layout)
    if tree.signature or tree.date:
        b.blank()
        # The 署名 and 日期 never stand on a page of their own (no 此页无正文):
        # the text's last paragraph, the 附件说明 and the blank lines keep with them.
        for item in b.items[max(0, text_ends) :]:
            if isinstance(item, _P):
                item.ppr["keepNext"] = "<w:keepNext/>"
        signature = _signature_lines(tree.signature, layout) if tree.signature else ()
        sig_ppr, date_ppr = _signature_indents(signature, tree.date, layout)
        if signature:
            b.para("signature", "\n".join(signature), **sig_ppr)
        if tree.date:
            b.para("date", tree.date, **date_ppr)
    if tree.note:
        note = tree.note if tree.note.startswith("（") else f"（{tree.note}）"
        b.para("note", note)
    for attachment in tree.attachments:
        _attachment(b, attachment, layout, alone=len(tree.attachments) == 1)
    if tree.imprint:
        imprint = _imprint_xml(tree.imprint, layout, ids, sections.corner)
        if imprint:
            # The box's anchor, a paragraph of its own after everything else:
            # it is on the last page, and so is the box.
            b.items.append(imprint)
            b.section_just_ended = False
    return b.xml()


def _generator() -> tuple[str, str]:
    # The version the manifest records too; importlib.metadata would cost
    # ~10 ms of every start to read the same number from the installed metadata.
    from bulletin import __version__

    return "bulletin", __version__


def _open_template(reference_doc: str | os.PathLike[str] | None) -> Any:
    _import_python_docx()
    if reference_doc is None:
        return docx.Document()
    try:
        document = docx.Document(os.fspath(reference_doc))
    except OSError as e:
        raise OutputError(f"{os.fspath(reference_doc)}: 无法读取参考文档：{os_reason(e)}") from e
    except (ValueError, KeyError, zipfile.BadZipFile, OpcError) as e:
        # python-docx's own words ("Package not found at …") are no help to a secretary.
        raise OutputError(
            f"{os.fspath(reference_doc)}: 无法读取参考文档：不是 Word 文档（.docx），"
            "或文件已损坏；.doc 或 WPS 文件请先另存为 .docx"
        ) from e
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _set_properties(document: Any, tree: DocTree, created: datetime) -> None:
    name, version = _generator()
    meta = tree.metadata
    props = document.core_properties
    props.title = (meta.title or tree.title).replace("\n", "")
    issuer = meta.issuer or tree.signature or (tree.masthead.issuer_mark if tree.masthead else "")
    props.author = issuer
    props.last_modified_by = issuer
    props.category = meta.kind or tree.kind
    props.identifier = meta.source_hash
    props.language = "zh-CN"
    props.keywords = ""
    props.subject = ""
    props.revision = 1
    props.created = created
    props.modified = created
    # One machine-readable line each; core properties survive Word, WPS and
    # LibreOffice round trips where custom parts may not.
    props.comments = "\n".join(
        [
            f"generator={meta.generator or name}",
            f"version={version}",
            f"kind={meta.kind or tree.kind}",
            f"source={meta.source_hash}",
            _CONTENT_PLACEHOLDER,
        ]
    )


def _zip(parts: Iterable[tuple[str, bytes]], created: datetime) -> bytes:
    """Zip ``parts`` with fixed entry dates, so equal input gives equal bytes."""
    stamp = max(created.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in parts:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def _package_digest(parts: Iterable[tuple[str, bytes]]) -> str:
    """The hash of every part of a package, names and bytes, its own stored hash masked.

    Every part counts: a secretary changes the footer, a style, the
    numbering, the settings or the document properties as easily as the
    body, and each of those is an edit that must not be overwritten.
    """
    digest = hashlib.sha256()
    for name, data in sorted(parts):
        if name == _CORE_XML:
            data = _PACKAGE_LINE.sub(_CONTENT_PLACEHOLDER.encode(), data)
        encoded = name.encode("utf-8", "surrogateescape")
        digest.update(len(encoded).to_bytes(4, "big") + encoded)
        digest.update(len(data).to_bytes(8, "big") + data)
    return "sha256:" + digest.hexdigest()


def _stamped(parts: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """``parts`` with the package's hash written into core.xml in place of the placeholder."""
    line = ("package=" + _package_digest(parts)).encode()
    placeholder = _CONTENT_PLACEHOLDER.encode()
    return [(n, d.replace(placeholder, line) if n == _CORE_XML else d) for n, d in parts]


def _finish(package: bytes, created: datetime) -> bytes:
    """Stamp the package's hash and rewrite the zip with fixed entry dates.

    ``created`` is naive UTC.  Same tree and ``created`` give the same bytes;
    the hash lets a later run tell whether someone edited the file since.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as src:
        parts = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    return _zip(_stamped(parts), created)


# Tokens that stand for the per-document values in the prepared core.xml.
_TOKENS = {
    "title": "@@bulletin-title@@",
    "issuer": "@@bulletin-issuer@@",
    "kind": "@@bulletin-kind@@",
    "source": "@@bulletin-source@@",
    "comments": "@@bulletin-comments@@",
}
_TOKEN_TIME = datetime(2001, 2, 3, 4, 5, 6)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """Everything of our package that does not depend on the document."""

    parts: tuple[tuple[str, bytes], ...]  # in package order; document and core are None
    document_head: bytes
    document_tail: bytes
    core: str
    ids: dict[str, str]
    sections: _Sections


@functools.lru_cache(maxsize=8)
def _prepared(layout: Layout) -> _Prepared:
    """The styled, empty package for ``layout``, built once and kept on disk.

    Opening python-docx's template, installing the styles and saving take
    most of the time of a small document; every document with the same
    layout shares them, and only its body and properties are written anew.
    They are kept in the user's cache folder under a key of everything they
    are made from (the layout, this module and layout.py, python-docx's
    template, the version), so a later process neither builds them nor
    imports python-docx.  The cache holds immutable bytes, invisible to callers.
    """
    from bulletin import cache

    key = _prepared_key(layout)
    stored = cache.load("docx", key)
    if not (isinstance(stored, tuple) and len(stored) == 8):
        stored = _build_prepared(layout)
        cache.store("docx", key, stored)
    parts, head, tail, core, ids, portrait, landscape, corner = stored
    return _Prepared(parts, head, tail, core, ids, _Sections(portrait, landscape, tuple(corner)))


def _prepared_key(layout: Layout) -> str:
    import importlib.util

    from bulletin import __version__
    from bulletin import layout as layout_module

    digest = hashlib.sha256(f"{__version__}\0{layout!r}\0".encode())
    for source in (__file__, layout_module.__file__):
        digest.update(Path(source).read_bytes())
    spec = importlib.util.find_spec("docx")
    if spec is not None and spec.origin:
        template = Path(spec.origin).parent / "templates" / "default.docx"
        with contextlib.suppress(OSError):
            info = template.stat()
            digest.update(f"{template}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def _build_prepared(
    layout: Layout,
) -> tuple[
    tuple[tuple[str, bytes], ...], bytes, bytes, str, dict[str, str], str, str, tuple[int, int]
]:
    """What :func:`_prepared` keeps, as plain data: parts, document head and tail, core, ids, …"""
    from lxml import etree

    document = _open_template(None)
    ids = _install_styles(document, layout, restyle=True)
    section = document.sections[0]
    _set_page(section, layout)
    _set_theme_language(document, layout)
    _drop_thumbnail(document)
    _clean_package(document)
    footers = _add_page_numbers(document, section, layout)
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    sect_pr.addprevious(etree.Comment(_BODY_MARK))
    props = document.core_properties
    props.title = _TOKENS["title"]
    props.author = props.last_modified_by = _TOKENS["issuer"]
    props.category = _TOKENS["kind"]
    props.identifier = _TOKENS["source"]
    props.comments = _TOKENS["comments"]
    props.language = "zh-CN"
    props.keywords = ""
    props.subject = ""
    props.revision = 1
    props.created = props.modified = _TOKEN_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    parts: list[tuple[str, bytes]] = []
    head = tail = b""
    core = ""
    with zipfile.ZipFile(buffer) as z:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == _DOCUMENT_XML:
                head, _, tail = data.partition(f"<!--{_BODY_MARK}-->".encode())
            elif info.filename == _CORE_XML:
                core = data.decode("utf-8")
            elif info.filename == "word/fontTable.xml":
                data = _font_table(layout)
            elif info.filename == "docProps/app.xml":
                data = _APP_XML
            elif info.filename.startswith("word/theme/"):
                data = _theme_fonts(data, layout)
            parts.append((info.filename, data))
    # The sections from the final sectPr as it reads when written out alone.
    sections = _sections(etree.fromstring(etree.tostring(sect_pr)), layout, footers)
    return tuple(parts), head, tail, core, ids, *sections


def _core_xml(template: str, tree: DocTree, created: datetime, digest: str) -> bytes:
    name, version = _generator()
    meta = tree.metadata
    issuer = meta.issuer or tree.signature or (tree.masthead.issuer_mark if tree.masthead else "")
    comments = "\n".join(
        [
            f"generator={meta.generator or name}",
            f"version={version}",
            f"kind={meta.kind or tree.kind}",
            f"source={meta.source_hash}",
            digest,
        ]
    )
    values = {
        "title": (meta.title or tree.title).replace("\n", ""),
        "issuer": issuer,
        "kind": meta.kind or tree.kind,
        "source": meta.source_hash,
        "comments": comments,
    }
    xml = template
    for key, token in _TOKENS.items():
        xml = xml.replace(token, escape(_XML_INVALID.sub("", values[key])))
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return xml.replace(_TOKEN_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"), stamp).encode("utf-8")


def _write_prepared(tree: DocTree, layout: Layout, created: datetime) -> bytes:
    base = _prepared(layout)
    body = _build_body(tree, layout, base.ids, base.sections)
    body_xml = body.encode("utf-8")
    document_xml = base.document_head + body_xml + base.document_tail
    core = _core_xml(base.core, tree, created, _CONTENT_PLACEHOLDER)
    parts = [
        (name, document_xml if name == _DOCUMENT_XML else core if name == _CORE_XML else data)
        for name, data in base.parts
    ]
    return _zip(_stamped(parts), created)


def write_docx(
    tree: DocTree,
    target: Target = None,
    *,
    layout: Layout = GBT9704,
    reference_doc: str | os.PathLike[str] | None = None,
    created: datetime | None = None,
) -> bytes:
    """Lay out ``tree`` as a .docx and return its bytes.

    ``target`` may be None (only return), a binary file object (written to), or
    a path (written atomically: a temporary file in the same directory, then
    renamed).  ``reference_doc`` supplies styles and page setup the way pandoc's
    ``--reference-doc`` does: its styles are kept, ours fill in what it lacks.
    ``created`` fixes the creation time; with it, equal trees give equal bytes.
    Raises :class:`OutputError` when the reference or target cannot be used.
    """
    when = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0, tzinfo=None)
    if reference_doc is None:
        data = _write_prepared(tree, layout, when)
        write_output(data, target)
        return data
    document = _open_template(reference_doc)
    ids = _install_styles(document, layout, restyle=False)
    section = document.sections[0]
    footers = (
        _add_page_numbers(document, section, layout) if section.footer.is_linked_to_previous else {}
    )
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    body_xml = _build_body(tree, layout, ids, _sections(sect_pr, layout, footers))
    _splice_body(document, body_xml, sect_pr)
    _set_properties(document, tree, when)
    buffer = io.BytesIO()
    document.save(buffer)
    data = _finish(buffer.getvalue(), when)
    write_output(data, target)
    return data


_BODY_MARK = "bulletin-body"


def _splice_body(document: Any, xml: str, sect_pr: Any) -> None:
    """Put the body ``xml`` before the final ``sect_pr`` with a single parse.

    Moving parsed elements from one lxml tree into another costs time
    quadratic in the number of nodes (a 10,000-row table took minutes), so the
    whole main part is serialized, the body text inserted, and parsed once.
    """
    from lxml import etree

    part = document.part
    root = part.element
    if root.nsmap.get("w") != W_NS:
        # A foreign prefix for WordprocessingML: our text cannot be inserted
        # as is, so take the slow road of moving elements.
        for child in etree.fromstring(f"<w:body {_NS_DECL}>{xml}</w:body>".encode()):
            sect_pr.addprevious(child)
        return
    mark = etree.Comment(_BODY_MARK)
    sect_pr.addprevious(mark)
    text = etree.tostring(root, encoding="unicode")
    part._element = parse_xml(text.replace(f"<!--{_BODY_MARK}-->", xml, 1))


def _set_theme_language(document: Any, layout: Layout) -> None:
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), layout.lang)


def _drop_thumbnail(document: Any) -> None:
    """The template's preview picture shows python-docx's sample page, not ours."""
    rels = document.part.package.rels
    for rid in [r for r, rel in rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del rels[rid]


_UNUSED_PARTS = (
    # Word 2010's copy of the styles, with the template's theme fonts.
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    # Bullet lists in Symbol; no style of ours numbers anything.
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
    # An empty bibliography (APA style) the template's author left behind.
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)
_M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
# Settings that describe python-docx's template file, not ours: its revision
# ids, the document id every file made from it shares, spelling "checked and
# clean" (Word would not mark errors a secretary makes), a preview picture we
# do not keep, and the equation font (Cambria Math; we set no equations).
_TEMPLATE_SETTINGS = (
    qn("w:rsids"),
    f"{{{_W14_NS}}}docId",
    qn("w:proofState"),
    qn("w:savePreviewPicture"),
    f"{{{_M_NS}}}mathPr",
)
# What the template's docProps/app.xml claimed: written by Microsoft Macintosh
# Word 14 from Normal.dotm, one page of no words.  Ours says who wrote it and
# leaves the counts to Word, which computes them.
_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>bulletin</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _clean_package(document: Any) -> None:
    """Drop template parts and settings we do not use and declare Word 2013+ (no 兼容模式)."""
    rels = document.part.rels
    for rid in [r for r, rel in rels.items() if rel.reltype in _UNUSED_PARTS]:
        del rels[rid]
    settings = document.settings.element
    for tag in _TEMPLATE_SETTINGS:
        for el in settings.findall(tag):
            settings.remove(el)
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        for setting in compat.iterfind(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")


_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _theme_fonts(theme_xml: bytes, layout: Layout) -> bytes:
    """The theme's fonts as the layout's: no Calibri, no ＭＳ ゴシック, no script list.

    Word offers them as 正文 and 标题 fonts; body and heading faces of 公文 are
    what a secretary expects there.
    """
    from lxml import etree

    root = etree.fromstring(theme_xml)
    scheme = root.find(f".//{{{_A_NS}}}fontScheme")
    if scheme is None:
        return theme_xml
    for tag, face in (("majorFont", layout.headings[0]), ("minorFont", layout.body)):
        old = scheme.find(f"{{{_A_NS}}}{tag}")
        new = etree.SubElement(scheme, f"{{{_A_NS}}}{tag}")
        for kind, name in (("latin", face.latin), ("ea", face.east_asian), ("cs", face.latin)):
            etree.SubElement(new, f"{{{_A_NS}}}{kind}", typeface=name)
        if old is not None:
            old.addprevious(new)
            scheme.remove(old)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font_table(layout: Layout) -> bytes:
    """The font table: the fonts the layout names, each Chinese one with its stand-in.

    WPS lists a document's missing fonts from this table; naming our faces
    (and ``w:altName`` for the GB2312 ones) lets it and Word substitute well.
    """
    alt = dict(ALT_NAMES)
    fonts = []
    for name in layout.font_names():
        latin = name.isascii()
        fonts.append(
            f'<w:font w:name="{_attr(name)}">'
            + (f'<w:altName w:val="{_attr(alt[name])}"/>' if name in alt else "")
            + f'<w:charset w:val="{"00" if latin else "86"}"/>'
            + f'<w:family w:val="{"roman" if latin else "modern"}"/>'
            + f'<w:pitch w:val="{"variable" if latin else "fixed"}"/>'
            + "</w:font>"
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:fonts {_NS_DECL}>{''.join(fonts)}</w:fonts>"
    ).encode()


# ---------------------------------------------------------------------------
# Reading back


# A .docx of ours unpacks to well under a megabyte a thousand projects; one
# that unpacks to more than this is not ours, and is not unpacked.
_MAX_UNPACKED = 1 << 30

_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


def read_properties(source: str | os.PathLike[str] | bytes | BinaryIO) -> dict[str, str]:
    """The properties :func:`write_docx` stored, read back from a .docx.

    Keys: ``title``, ``issuer``, ``created``, ``kind``, ``generator``,
    ``version``, ``source_hash``, ``content_hash`` (as written), and
    ``document_hash``, the same hash of the file as it is now: when it
    differs from ``content_hash`` the file was changed after bulletin wrote
    it.  The hash covers every part of the package (a file written before
    it did covers ``word/document.xml`` alone, and is checked so).
    Absent values are empty strings.  Raises :class:`OutputError` for a file
    that is not a .docx.
    """
    from lxml import etree

    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    name = os.fspath(source) if isinstance(source, str | os.PathLike) else "<docx>"
    try:
        with zipfile.ZipFile(opened) as z:
            if sum(i.file_size for i in z.infolist()) > _MAX_UNPACKED:
                raise OutputError(f"{name}: 不是 bulletin 生成的 .docx 文件（解压后过大）")
            parts = [(info.filename, z.read(info)) for info in z.infolist() if not info.is_dir()]
        named = dict(parts)
        document = named[_DOCUMENT_XML]
        core = etree.fromstring(named[_CORE_XML]) if _CORE_XML in named else None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as e:
        raise OutputError(f"{name}: 不是有效的 .docx 文件：{e}") from e

    def core_text(path: str) -> str:
        if core is None:
            return ""
        found = core.find(path, _CORE_NS)
        return (found.text or "").strip() if found is not None else ""

    fields = dict(_parse_comment_lines(core_text("dc:description")))
    return {
        "title": core_text("dc:title"),
        "issuer": core_text("dc:creator"),
        "created": core_text("dcterms:created"),
        "kind": fields.get("kind") or core_text("cp:category"),
        "generator": fields.get("generator", ""),
        "version": fields.get("version", ""),
        "source_hash": fields.get("source") or core_text("dc:identifier"),
        "content_hash": fields.get("package") or fields.get("content", ""),
        "document_hash": (
            _package_digest(parts)
            if "package" in fields
            else "sha256:" + hashlib.sha256(document).hexdigest()
        ),
    }


def _parse_comment_lines(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            yield key.strip(), value.strip()
