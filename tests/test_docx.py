"""The Word writer read back as XML: page, styles, fonts, outline, page numbers, tables, parts."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from bulletin.doctree import (
    Attachment,
    Column,
    DocTree,
    Heading,
    Imprint,
    Masthead,
    Paragraph,
    Run,
    Table,
    text_width,
)
from bulletin.errors import OutputError
from bulletin.layout import GBT9704, READING_COPY
from bulletin.writers.docx import read_properties, write_docx
from docx_samples import commendation_tree, news_tree, progress_tree, speech_tree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CREATED = datetime(2025, 7, 10, 8, 30, tzinfo=UTC)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


class Styles:
    """Effective style properties, following ``basedOn`` like Word does."""

    def __init__(self, data: bytes) -> None:
        root = part(data, "word/styles.xml")
        self.by_id = {s.get(w("styleId")): s for s in root.iterfind("w:style", NS)}
        self.by_name = {
            s.find("w:name", NS).get(w("val")).lower(): s for s in root.iterfind("w:style", NS)
        }

    def style(self, name: str) -> etree._Element:
        return self.by_name[name.lower()]

    def find(self, name: str, path: str) -> etree._Element | None:
        style: etree._Element | None = self.style(name)
        while style is not None:
            found = style.find(path, NS)
            if found is not None:
                return found
            based = style.find("w:basedOn", NS)
            style = self.by_id.get(based.get(w("val"))) if based is not None else None
        return None

    def attr(self, name: str, path: str, attr: str) -> str | None:
        found = self.find(name, path)
        return found.get(w(attr)) if found is not None else None


@pytest.fixture(scope="module")
def progress() -> bytes:
    return write_docx(progress_tree(), created=CREATED)


@pytest.fixture(scope="module")
def styles(progress: bytes) -> Styles:
    return Styles(progress)


@pytest.fixture(scope="module")
def body(progress: bytes) -> etree._Element:
    return part(progress, "word/document.xml").find("w:body", NS)


def text_of(p: etree._Element) -> str:
    """A paragraph's text as printed: tabs and line breaks included."""
    marks = {w("t"): None, w("instrText"): "", w("tab"): "\t", w("br"): "\n"}
    out = []
    for run in p.iterfind("w:r", NS):
        for el in run.iter(*marks):
            mark = marks[el.tag]
            out.append(el.text or "" if mark is None else mark)
    return "".join(out)


def paragraphs_text(element: etree._Element) -> list[str]:
    return [text_of(p) for p in element.iterfind(".//w:p", NS)]


def test_page_is_a4_with_gbt9704_margins_and_line_grid(body: etree._Element) -> None:
    """The section is A4 with margins 37/35/28/26 mm and a 22-line grid of 28.95 pt."""
    sect = body.find("w:sectPr", NS)
    size, margins, grid = (sect.find(f"w:{t}", NS) for t in ("pgSz", "pgMar", "docGrid"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    got = {k: margins.get(w(k)) for k in ("top", "bottom", "left", "right")}
    assert got == {"top": "2098", "bottom": "1984", "left": "1588", "right": "1474"}
    assert (grid.get(w("type")), grid.get(w("linePitch"))) == ("lines", "579")


FONTS = [
    # style name, East Asian face, size in half-points, bold
    ("Normal", "仿宋_GB2312", "32", "0"),
    ("公文正文", "仿宋_GB2312", "32", "0"),
    ("Title", "方正小标宋简体", "44", "0"),
    ("heading 1", "黑体", "32", "0"),
    ("heading 2", "楷体_GB2312", "32", "0"),
    ("heading 3", "仿宋_GB2312", "32", None),
    ("heading 4", "仿宋_GB2312", "32", "0"),
    ("主送机关", "仿宋_GB2312", "32", "0"),
    ("发文机关署名", "仿宋_GB2312", "32", "0"),
    ("成文日期", "仿宋_GB2312", "32", "0"),
    ("附件说明", "仿宋_GB2312", "32", "0"),
    ("附件标识", "黑体", "32", "0"),
    ("讲话人", "楷体_GB2312", "32", "0"),
    ("表格文字", "仿宋_GB2312", "24", "0"),
    ("表格表头", "黑体", "24", "0"),
    ("版记", "仿宋_GB2312", "28", "0"),
    ("发文机关标志", "方正小标宋简体", "52", "0"),
    ("footer", "宋体", "28", "0"),
]


@pytest.mark.parametrize(("name", "east_asian", "size", "bold"), FONTS, ids=[f[0] for f in FONTS])
def test_each_style_sets_latin_and_east_asian_fonts_and_size(
    styles: Styles, name: str, east_asian: str, size: str, bold: str | None
) -> None:
    """Every style names Times New Roman for ASCII/hAnsi and its GB/T 9704 face for East Asian."""
    fonts = styles.find(name, "w:rPr/w:rFonts")
    assert fonts is not None
    assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == "Times New Roman"
    assert fonts.get(w("eastAsia")) == east_asian
    assert fonts.get(w("asciiTheme")) is None and fonts.get(w("eastAsiaTheme")) is None
    assert styles.attr(name, "w:rPr/w:sz", "val") == size
    assert styles.attr(name, "w:rPr/w:b", "val") == bold


@pytest.mark.parametrize(("level", "outline"), [(1, "0"), (2, "1"), (3, "2"), (4, "3")])
def test_heading_styles_are_word_builtins_with_outline_levels(
    styles: Styles, level: int, outline: str
) -> None:
    """Heading 1–4 keep Word's built-in ids (shown as 标题 1–4) and carry outline levels 1–4."""
    style = styles.style(f"heading {level}")
    assert style.get(w("styleId")) == f"Heading{level}"
    assert style.get(w("customStyle")) is None
    assert styles.attr(f"heading {level}", "w:pPr/w:outlineLvl", "val") == outline
    assert styles.attr(f"heading {level}", "w:rPr/w:color", "val") == "000000"
    assert styles.attr(f"heading {level}", "w:pPr/w:ind", "firstLine") == "640"


@pytest.mark.parametrize("name", ["Title", "Normal", "公文正文", "附件标识", "讲话人"])
def test_title_and_body_styles_stay_out_of_the_outline(styles: Styles, name: str) -> None:
    """The document title and body text are not outline entries (level 9 or none)."""
    assert styles.attr(name, "w:pPr/w:outlineLvl", "val") in (None, "9")


def test_body_style_is_on_the_grid_condensed_justified_and_indented(styles: Styles) -> None:
    """Body: exact 28.95 pt lines, −0.25 pt character spacing, justified, 2-character indent."""
    assert styles.attr("公文正文", "w:pPr/w:spacing", "line") == "579"
    assert styles.attr("公文正文", "w:pPr/w:spacing", "lineRule") == "exact"
    assert styles.attr("公文正文", "w:rPr/w:spacing", "val") == "-5"
    assert styles.attr("公文正文", "w:pPr/w:jc", "val") == "both"
    assert styles.attr("公文正文", "w:pPr/w:ind", "firstLine") == "640"
    assert styles.attr("Normal", "w:rPr/w:lang", "eastAsia") == "zh-CN"
    assert styles.attr("Normal", "w:pPr/w:widowControl", "val") == "0"


def test_title_is_centred_and_tables_leave_the_grid(styles: Styles) -> None:
    """The title is centred; table text is single-spaced off the line grid."""
    assert styles.attr("Title", "w:pPr/w:jc", "val") == "center"
    assert styles.attr("表格文字", "w:pPr/w:snapToGrid", "val") == "0"
    assert styles.attr("表格文字", "w:pPr/w:spacing", "lineRule") == "auto"


def test_odd_and_even_footers_hold_page_fields_between_em_dashes(progress: bytes) -> None:
    """Two footers: odd right and even left, one character in, each `— PAGE —`."""
    settings = part(progress, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    sect = part(progress, "word/document.xml").find("w:body/w:sectPr", NS)
    refs = {
        r.get(w("type")): r.get(f"{{{NS_R}}}id") for r in sect.iterfind("w:footerReference", NS)
    }
    assert set(refs) == {"default", "even"}
    rels = part(progress, "word/_rels/document.xml.rels")
    target = {r.get("Id"): r.get("Target") for r in rels}
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = part(progress, "word/" + target[refs[kind]])
        p = footer.find("w:p", NS)
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == align
        assert p.find("w:pPr/w:ind", NS).get(w(side)) == "280"
        instr = "".join(t.text for t in p.iterfind(".//w:instrText", NS))
        assert instr.strip() == "PAGE"
        texts = [t.text for t in p.iterfind(".//w:t", NS)]
        assert texts[0] == "\u2014 " and texts[-1] == " \u2014"
        begin = p.find(".//w:fldChar", NS)
        assert begin.get(w("fldCharType")) == "begin"


NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_annex_table_repeats_its_header_row_and_aligns_columns(body: etree._Element) -> None:
    """The annex table's first row is a repeated header; number columns are right-aligned."""
    table = body.find("w:tbl", NS)
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert len(rows) == 61
    aligns = [c.find("w:p/w:pPr/w:jc", NS).get(w("val")) for c in rows[1].iterfind("w:tc", NS)]
    assert aligns == ["center", "left", "center", "right", "right", "right"]
    widths = [int(g.get(w("w"))) for g in table.iterfind("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == GBT9704.type_width_tw
    assert widths[1] == max(widths)  # the project name gets the widest column


def test_table_text_with_markup_characters_comes_out_intact(progress: bytes) -> None:
    """Names containing & < > " ' are escaped in XML and read back unchanged."""
    document = docx.Document(io.BytesIO(progress))
    names = [row.cells[1].text.replace("\n", "") for row in document.tables[0].rows]
    assert '示例县第7号重点项目 & <配套> "工程"' in names


def test_run_in_heading_keeps_heading_style_with_body_runs_in_body_face(
    body: etree._Element,
) -> None:
    """A run-in heading is one Heading-style paragraph; its body runs take the body face."""
    for p in body.iterfind("w:p", NS):
        if text_of(p).startswith("（二）投资完成好于预期。"):
            break
    else:
        pytest.fail("run-in heading not found")
    assert p.find("w:pPr/w:pStyle", NS).get(w("val")) == "Heading2"
    runs = p.findall("w:r", NS)
    assert "".join(runs[0].itertext()) == "（二）投资完成好于预期。"
    assert runs[0].find("w:rPr", NS) is None
    assert runs[1].find("w:rPr/w:rStyle", NS).get(w("val")) == "GwBodyChar"


def test_document_order_follows_gbt9704(progress: bytes) -> None:
    """Masthead, title, 主送, body, 附件说明, 署名, 日期, attachment, 版记 appear in that order."""
    texts = [t for t in paragraphs_text(part(progress, "word/document.xml")) if t]
    order = [
        "示例市重点项目建设领导小组办公室文件",
        "示重办〔2025〕12号",
        "关于2025年上半年全市重点项目\n建设进展情况的通报",
        "各县（市、区）人民政府，市直有关单位：",
        "一、总体进展情况",
        "附件：2025年上半年全市重点项目建设进展情况表",
        "示例市重点项目建设领导小组办公室",
        "2025年7月10日",
        "附件",
        "抄送：市委办公室，市人大常委会办公室，市政府办公室，\n市政协办公室。",
    ]
    positions = [next(i for i, t in enumerate(texts) if t == want) for want in order]
    assert positions == sorted(positions)
    assert "示例市重点项目建设领导小组办公室\t2025年7月10日印发" in texts


def test_masthead_is_red_with_a_red_rule_under_the_number(
    styles: Styles, body: etree._Element
) -> None:
    """The issuer mark is red; the number's paragraph carries the red bottom rule."""
    assert styles.attr("发文机关标志", "w:rPr/w:color", "val") == "FF0000"
    assert styles.attr("发文机关标志", "w:pPr/w:jc", "val") == "center"
    rule = styles.find("发文字号", "w:pPr/w:pBdr/w:bottom")
    assert rule is not None and rule.get(w("color")) == "FF0000"
    first = body.find("w:p", NS)
    assert "".join(first.itertext()) == "示例市重点项目建设领导小组办公室文件"
    scale = first.find("w:r/w:rPr/w:w", NS)
    assert scale is not None and int(scale.get(w("val"))) < 100  # 18 characters of 26 pt narrowed


def test_imprint_has_thick_outer_and_thin_inner_rules(body: etree._Element) -> None:
    """版记: rules of 0.35 mm above and below, 0.25 mm between, in a box ending at the type area.

    The box is placed from the paper's top (what LibreOffice's .doc export
    keeps) and is as tall as its lines and rules, so its foot is 262 mm down.
    """
    imprint = body.findall(".//w:tbl", NS)[-1]
    assert "抄送" in "".join(imprint.itertext())
    borders = imprint.find("w:tblPr/w:tblBorders", NS)
    sizes = {
        side: borders.find(f"w:{side}", NS).get(w("sz")) for side in ("top", "bottom", "insideH")
    }
    assert sizes == {"top": "8", "bottom": "8", "insideH": "6"}
    box = next(a for a in body.iter(f"{{{WP}}}anchor") if a.find(f".//{{{W}}}tbl") is not None)
    assert box.find(f"{{{WP}}}positionV").get("relativeFrom") == "page"
    top = int(box.find(f"{{{WP}}}positionV/{{{WP}}}posOffset").text)
    height = int(box.find(f"{{{WP}}}extent").get("cy"))
    rows = imprint.findall("w:tr", NS)
    lines = sum(len(r.findall(".//w:br", NS)) + 1 for r in rows)
    rules_pt = (8 + 8 + 6 * (len(rows) - 1)) / 8
    assert height == pytest.approx((lines * 28.95 + rules_pt) * 12700, abs=1300)
    assert (top + height) / 36000 == pytest.approx(297 - 35, abs=0.05)
    assert box.find(f"{{{WP}}}wrapTopAndBottom") is not None


@pytest.mark.parametrize(
    ("cc", "lines"),
    [
        (("市委办公室", "市政府办公室"), ["抄送：市委办公室，市政府办公室。"]),
        (
            ("市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室"),
            ["抄送：市委办公室，市人大常委会办公室，市政府办公室，", "市政协办公室。"],
        ),
        (
            ("示例市发展和改革委员会重点项目建设推进服务中心综合科",) * 2,
            [
                "抄送：示例市发展和改革委员会重点项目",
                "建设推进服务中心综合科，",
                "示例市发展和改革委员会重点项目",
                "建设推进服务中心综合科。",
            ],
        ),
    ],
    ids=["one-line", "breaks-between-organs", "organ-longer-than-a-line"],
)
def test_cc_list_breaks_between_organs_at_most_25_characters_a_line(
    cc: tuple[str, ...], lines: list[str]
) -> None:
    """抄送 lines are broken by the writer between organs (a too long organ between words)."""
    tree = DocTree(kind="progress", title="T", imprint=Imprint(cc=cc, printer="办公室"))
    root = part(write_docx(tree), "word/document.xml")
    cc_text = next(t for t in paragraphs_text(root) if t.startswith("抄送："))
    assert cc_text.split("\n") == lines


SIGNATURES = [
    # 署名, 日期, which one ends two characters from the right margin
    ("示例市重点项目建设领导小组办公室", "2025年7月10日", "signature"),
    ("示例市人民政府", "2025年3月5日", "date"),
    ("市政府", "2025年12月31日", "date"),
]


def _start_tw(p: etree._Element, text: str) -> float:
    """Where a paragraph's text starts (twips from the left margin), from its indents."""
    ind = p.find("w:pPr/w:ind", NS)
    jc = p.find("w:pPr/w:jc", NS)
    if jc is not None and jc.get(w("val")) == "left":
        return int(ind.get(w("left")))
    printed = (text_width(text) * 16 - 0.25 * len(text)) * 20
    return GBT9704.type_width_tw - int(ind.get(w("right"))) - printed


@pytest.mark.parametrize(
    ("signature", "date", "from_right"), SIGNATURES, ids=["long", "close", "short"]
)
def test_signature_and_date_indents_follow_the_two_character_rule(
    signature: str, date: str, from_right: str
) -> None:
    """署名 two characters from the right, the date starting two characters right of it.

    The date is always placed by a left indent, from the 署名's start, so the
    step does not depend on how wide a renderer prints digits next to Chinese.
    A date longer than the 署名 ends two characters from the right (by its
    width with that extra space, a fifth of a character at each change) and
    the 署名 moves left with it.
    """
    tree = DocTree(
        kind="progress",
        title="T",
        body=(Paragraph((Run("正文。"),)),),
        signature=signature,
        date=date,
    )
    body = part(write_docx(tree), "word/document.xml").find("w:body", NS)
    paragraphs = {text_of(p): p for p in body.iterfind("w:p", NS)}
    sig, day = paragraphs[signature], paragraphs[date]
    assert day.find("w:pPr/w:jc", NS).get(w("val")) == "left"
    assert _start_tw(day, date) - _start_tw(sig, signature) == pytest.approx(640, abs=1)
    if from_right == "signature":
        assert sig.find("w:pPr/w:ind", NS).get(w("right")) == "640"
    else:
        printed = (text_width(date, 0.21) * 16 - 0.25 * len(date)) * 20
        end = _start_tw(day, date) + printed
        assert end == pytest.approx(GBT9704.type_width_tw - 640, abs=1)
    assert Styles(write_docx(tree)).find("发文机关署名", "w:pPr/w:keepNext") is not None


def test_a_signature_too_long_for_its_line_is_set_on_lines_of_whole_organs() -> None:
    """A 28-character 署名 prints as two right-aligned lines; the date steps from the wider."""
    signature = "中共示例市委示例市人民政府重点项目建设工作领导小组办公室"
    tree = DocTree(kind="progress", title="T", signature=signature, date="2025年7月8日")
    body = part(write_docx(tree), "word/document.xml").find("w:body", NS)
    [sig] = [p for p in body.iterfind("w:p", NS) if "中共" in text_of(p)]
    lines = ["".join(t.text or "" for t in r.iterfind("w:t", NS)) for r in sig.iterfind("w:r", NS)]
    assert "".join(lines) == signature
    assert sig.find(".//w:br", NS) is not None
    assert sig.find("w:pPr/w:ind", NS).get(w("right")) == "640"
    [day] = [p for p in body.iterfind("w:p", NS) if text_of(p) == "2025年7月8日"]
    wider = (15 * 16 - 0.25 * 15) * 20  # 重点项目建设工作领导小组办公室
    start = GBT9704.type_width_tw - 640 - wider
    assert int(day.find("w:pPr/w:ind", NS).get(w("left"))) == pytest.approx(start + 640, abs=1)


def test_attachment_notes_align_names_under_the_first() -> None:
    """附件说明: `附件：1.`, a tab to the names' column; later items hang from that column."""
    tree = commendation_tree()
    body = part(write_docx(tree), "word/document.xml").find("w:body", NS)
    notes = [
        p
        for p in body.iterfind("w:p", NS)
        if p.find("w:pPr/w:pStyle", NS).get(w("val")) == "GwAttachNotes"
    ]
    assert [text_of(n) for n in notes] == [
        "附件：1.\t2024年度全市重点项目建设先进集体名单",
        "2.\t2024年度全市重点项目建设先进个人名单",
    ]
    inds = [n.find("w:pPr/w:ind", NS) for n in notes]
    lefts = {i.get(w("left")) for i in inds}
    assert len(lefts) == 1  # wrapped names and later names share one left edge
    first_lines = [int(i.get(w("left"))) - int(i.get(w("hanging"))) for i in inds]
    assert first_lines == [640, 640 + 3 * 320]  # 附件 two characters in; 2. under 1.


def test_speech_has_byline_in_kai_centred_and_salutation_flush_left() -> None:
    """A speech prints speaker and date lines centred in 楷体, then 同志们： without indent."""
    data = write_docx(speech_tree())
    styles = Styles(data)
    body = part(data, "word/document.xml").find("w:body", NS)
    by_text = {text_of(p): p for p in body.iterfind("w:p", NS)}
    for line in ("市委书记　张三", "（2025年6月12日）"):
        assert by_text[line].find("w:pPr/w:pStyle", NS).get(w("val")) == "GwByline"
    assert styles.attr("讲话人", "w:pPr/w:jc", "val") == "center"
    salutation = by_text["同志们："].find("w:pPr/w:pStyle", NS).get(w("val"))
    assert salutation == "GwSalutation"
    assert styles.attr("称呼", "w:pPr/w:ind", "firstLine") == "0"


def test_reading_copy_enlarges_body_and_widens_line_pitch() -> None:
    """READING_COPY sets body and headings to 18 pt on a wider exact line pitch."""
    data = write_docx(speech_tree(), layout=READING_COPY)
    styles = Styles(data)
    assert styles.attr("公文正文", "w:rPr/w:sz", "val") == "36"
    assert styles.attr("heading 1", "w:rPr/w:sz", "val") == "36"
    assert styles.attr("公文正文", "w:pPr/w:spacing", "line") == str(READING_COPY.line_pitch_tw)
    assert READING_COPY.line_pitch_tw > GBT9704.line_pitch_tw


def test_attachments_start_on_new_pages_and_wide_tables_get_landscape_sections() -> None:
    """附件N starts a page; a wide table's attachment sits in its own landscape section."""
    wide = progress_tree(wide=True, masthead=False)
    tree = replace(
        wide,
        attachments=(
            *wide.attachments,
            Attachment(2, "说明", (Paragraph((Run("附件二的正文。"),)),)),
        ),
    )
    body = part(write_docx(tree), "word/document.xml").find("w:body", NS)
    sections = body.findall(".//w:pPr/w:sectPr", NS)
    assert len(sections) == 2  # the body's portrait section, then the landscape attachment
    portrait, landscape = (s.find("w:pgSz", NS) for s in sections)
    assert portrait.get(w("orient")) is None and portrait.get(w("w")) == "11906"
    assert (landscape.get(w("orient")), landscape.get(w("w")), landscape.get(w("h"))) == (
        "landscape",
        "16838",
        "11906",
    )
    assert all(s.find("w:footerReference", NS) is not None for s in sections)
    final = body.find("w:sectPr/w:pgSz", NS)
    assert final.get(w("orient")) is None  # back to portrait after the wide attachment
    table = body.find("w:tbl", NS)
    assert int(table.find("w:tblPr/w:tblW", NS).get(w("w"))) == GBT9704.landscape_type_width_tw
    labels = {text_of(p): p for p in body.iterfind("w:p", NS)}
    # After a section break the page is new already; otherwise the label breaks the page.
    assert labels["附件1"].find("w:pPr/w:pageBreakBefore", NS) is None
    assert labels["附件2"].find("w:pPr/w:pageBreakBefore", NS) is None
    portrait_tree = progress_tree(masthead=False)
    body = part(write_docx(portrait_tree), "word/document.xml").find("w:body", NS)
    label = next(p for p in body.iterfind("w:p", NS) if text_of(p) == "附件")
    assert label.find("w:pPr/w:pageBreakBefore", NS) is not None


@pytest.mark.parametrize(
    ("tree", "labels"),
    [(progress_tree(), ["附件"]), (commendation_tree(), ["附件1", "附件2"])],
    ids=["alone", "two"],
)
def test_attachment_labels_are_numbered_only_when_there_are_several(
    tree: DocTree, labels: list[str]
) -> None:
    """A lone attachment is marked 附件; several are 附件1, 附件2 (GB/T 9704 7.5)."""
    body = part(write_docx(tree), "word/document.xml").find("w:body", NS)
    found = [
        text_of(p)
        for p in body.iterfind("w:p", NS)
        if p.find("w:pPr/w:pStyle", NS).get(w("val")) == "GwAttachLabel"
    ]
    assert found == labels


def test_properties_record_generator_source_and_content_hash(progress: bytes) -> None:
    """Core properties name title and issuer; comments carry generator, source and content hash."""
    props = read_properties(progress)
    assert props["title"] == "关于2025年上半年全市重点项目建设进展情况的通报"
    assert props["issuer"] == "示例市重点项目建设领导小组办公室"
    assert props["generator"] == "bulletin"
    assert props["version"]
    assert props["kind"] == "progress"
    assert props["source_hash"] == "sha256:" + "ab" * 32
    assert props["created"] == "2025-07-10T08:30:00Z"
    assert props["content_hash"].startswith("sha256:")
    assert props["content_hash"] == props["document_hash"]


def test_hand_edit_changes_the_document_hash(progress: bytes, tmp_path: Path) -> None:
    """Editing and saving the document makes its hash differ from the one written."""
    document = docx.Document(io.BytesIO(progress))
    document.add_paragraph("秘书手工补充的一段。")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    props = read_properties(edited)
    assert props["content_hash"] != props["document_hash"]


def test_same_tree_and_time_give_identical_bytes() -> None:
    """Output is deterministic: zip dates come from ``created``, not the clock."""
    first = write_docx(progress_tree(), created=CREATED)
    time.sleep(1.1)
    assert write_docx(progress_tree(), created=CREATED) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 7, 10, 8, 30, 0)}
        assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_path_target_is_written_atomically(tmp_path: Path) -> None:
    """A path target receives the same bytes, through a rename, leaving no temporary file."""
    target = tmp_path / "通报.docx"
    target.write_bytes(b"old")
    data = write_docx(news_tree(), target, created=CREATED)
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["通报.docx"]


def test_file_object_target_receives_the_bytes() -> None:
    """A binary file object is written to; the bytes are also returned."""
    buffer = io.BytesIO()
    data = write_docx(news_tree(), buffer, created=CREATED)
    assert buffer.getvalue() == data


def test_unwritable_target_raises_output_error(tmp_path: Path) -> None:
    """A target in a missing folder fails with an OutputError naming the path."""
    target = tmp_path / "missing" / "out.docx"
    with pytest.raises(OutputError, match=r"out\.docx"):
        write_docx(news_tree(), target)


def test_reference_doc_styles_are_kept_and_missing_ones_added(tmp_path: Path) -> None:
    """With a reference .docx its own Heading 1 stays; styles it lacks are created."""
    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.name = "Arial"
    heading.font.size = docx.shared.Pt(20)
    reference.add_paragraph("样例正文将被删除")
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    data = write_docx(progress_tree(), reference_doc=path)
    styles = Styles(data)
    assert styles.attr("heading 1", "w:rPr/w:rFonts", "ascii") == "Arial"
    assert styles.attr("heading 1", "w:rPr/w:sz", "val") == "40"
    assert styles.attr("公文正文", "w:pPr/w:ind", "firstLine") == "640"
    assert "样例正文将被删除" not in paragraphs_text(part(data, "word/document.xml"))


def test_missing_reference_doc_raises_output_error(tmp_path: Path) -> None:
    """A reference document that cannot be read is reported, not a traceback."""
    with pytest.raises(OutputError, match="参考文档"):
        write_docx(news_tree(), reference_doc=tmp_path / "none.docx")


def test_line_breaks_tabs_and_control_characters_in_text() -> None:
    """A newline in a title becomes a line break; characters XML cannot hold are dropped."""
    tree = DocTree(kind="news", title="第一行\n第二行", body=(Paragraph((Run("甲\x01乙\t丙"),)),))
    body = part(write_docx(tree), "word/document.xml").find("w:body", NS)
    title = body.find("w:p", NS)
    assert title.find(".//w:br", NS) is not None
    assert "甲乙\t丙" in [text_of(p) for p in body.iterfind("w:p", NS)]


def test_table_row_with_wrong_cell_count_is_rejected() -> None:
    """A row whose cells do not match the columns is a programming error, reported clearly."""
    table = Table((Column("甲"), Column("乙")), (("1", "2"), ("3",)))
    tree = DocTree(kind="progress", title="T", body=(table,))
    with pytest.raises(ValueError, match="row 2 has 1 cells for 2 columns"):
        write_docx(tree)


def test_adjacent_tables_are_kept_apart() -> None:
    """Two tables in a row get a paragraph between them, so Word does not merge them."""
    table = Table((Column("甲"),), (("1",),))
    tree = DocTree(kind="progress", title="T", body=(table, table))
    body = part(write_docx(tree), "word/document.xml").find("w:body", NS)
    tags = [etree.QName(c).localname for c in body]
    first = tags.index("tbl")
    assert tags[first + 1] == "p" and tags[first + 2] == "tbl"


def test_ten_thousand_row_table_is_written_in_linear_time() -> None:
    """A 10,000-row annex is built as XML text and parsed once: seconds, not minutes."""
    tree = progress_tree(rows=10_000, masthead=False)
    start = time.perf_counter()
    data = write_docx(tree)
    elapsed = time.perf_counter() - start
    rows = part(data, "word/document.xml").find("w:body/w:tbl", NS).findall("w:tr", NS)
    assert len(rows) == 10_001
    assert elapsed < 15, f"10,000 rows took {elapsed:.1f} s"


@pytest.mark.parametrize(
    "tree", [speech_tree(), commendation_tree(), news_tree(), progress_tree()], ids=lambda t: t.kind
)
def test_every_kind_reopens_in_python_docx(tree: DocTree) -> None:
    """Each kind of document is a valid package python-docx can open and read back."""
    document = docx.Document(io.BytesIO(write_docx(tree)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert tree.title.replace("\n", "") in text.replace("\n", "")


def test_heading_levels_outside_one_to_four_are_rejected() -> None:
    """A heading of level 5 cannot be laid out and says so."""
    tree = DocTree(kind="news", title="T", body=(Heading(5, "x"),))
    with pytest.raises(ValueError, match="1–4"):
        write_docx(tree)


def test_masthead_without_number_puts_the_rule_under_the_mark() -> None:
    """With no 发文字号 the red rule hangs under the issuer mark."""
    tree = DocTree(kind="progress", title="T", masthead=Masthead("示例市人民政府"))
    first = part(write_docx(tree), "word/document.xml").find("w:body/w:p", NS)
    assert first.find("w:pPr/w:pBdr/w:bottom", NS).get(w("color")) == "FF0000"


def test_imprint_adds_the_printing_word_once() -> None:
    """印发 is appended to the print date unless the tree already has it."""
    for date in ("2025年7月10日", "2025年7月10日印发"):
        tree = DocTree(
            kind="progress", title="T", imprint=Imprint(printer="办公室", print_date=date)
        )
        texts = paragraphs_text(part(write_docx(tree), "word/document.xml"))
        assert "办公室\t2025年7月10日印发" in texts


def test_writer_alone_imports_python_docx() -> None:
    """Importing the layout, the PDF helper and the tree does not load python-docx."""
    code = (
        "import sys, bulletin.layout, bulletin.writers.pdf, bulletin.doctree;"
        "print('docx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# Fonts named anywhere in the package (WPS reports missing ones), compatibility mode

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def package_fonts(data: bytes) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Every font the package names, with the parts naming it; and the font table's altNames.

    Looks at every XML part: run fonts (``w:rFonts``, theme references
    resolved through the theme), symbol fonts, DrawingML typefaces, the
    equation font of the settings, the font table's names.
    """
    named: dict[str, set[str]] = {}
    alt: dict[str, str] = {}
    theme: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml_parts = {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}
    for name, blob in xml_parts.items():
        root = etree.fromstring(blob)
        for scheme, prefix in (("majorFont", "major"), ("minorFont", "minor")):
            for el in root.iterfind(f".//{{{A}}}{scheme}/*"):
                kind = {"latin": "HAnsi", "ea": "EastAsia", "cs": "Bidi"}.get(
                    etree.QName(el).localname
                )
                if kind:
                    theme[prefix + kind] = el.get("typeface", "")
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            fonts: list[str] = []
            if el.tag == w("rFonts"):
                fonts += [el.get(w(a)) for a in _FONT_ATTRIBUTES if el.get(w(a))]
            if el.tag == w("sym") and el.get(w("font")):
                fonts.append(el.get(w("font")))
            if el.tag == w("font") and el.get(w("name")):
                fonts.append(el.get(w("name")))
            if el.tag == w("altName"):
                parent = el.getparent()
                alt[parent.get(w("name"))] = el.get(w("val"))
            if etree.QName(el).namespace == A and el.get("typeface"):
                fonts.append(el.get("typeface"))
            if el.tag == f"{{{M}}}mathFont" and el.get(f"{{{M}}}val"):
                fonts.append(el.get(f"{{{M}}}val"))
            for font in fonts:
                named.setdefault(font, set()).add(name)
    for name, blob in xml_parts.items():
        for el in etree.fromstring(blob).iter(w("rFonts")):
            for a in _THEME_ATTRIBUTES:
                if el.get(w(a)):
                    ref = el.get(w(a)).replace("Ascii", "HAnsi")
                    named.setdefault(theme.get(ref, f"<theme {ref}>"), set()).add(name)
    return named, alt


FONT_TREES = [
    (progress_tree(), GBT9704),
    (progress_tree(masthead=False, wide=True, rows=20), GBT9704),
    (commendation_tree(), GBT9704),
    (speech_tree(), GBT9704),
    (speech_tree(), READING_COPY),
    (news_tree(), GBT9704),
]


@pytest.mark.parametrize(
    ("tree", "layout"),
    FONT_TREES,
    ids=["progress", "progress-landscape", "commendation", "speech", "reading-copy", "news"],
)
def test_package_names_only_the_layouts_fonts_with_fallbacks(tree: DocTree, layout: Any) -> None:
    """Every font in every part is one the layout uses or a declared fallback (issue 17, 7).

    No Calibri, Cambria, ＭＳ ゴシック, Symbol or Courier from python-docx's
    template; the font table declares each face, 仿宋_GB2312 and 楷体_GB2312
    with 仿宋 and 楷体 as their altName; Word opens it without 兼容模式.
    """
    data = write_docx(tree, layout=layout)
    named, alt = package_fonts(data)
    allowed = set(layout.font_names())
    stray = {
        font: sorted(parts)
        for font, parts in named.items()
        if font not in allowed | set(alt.values())
    }
    assert not stray
    table = part(data, "word/fontTable.xml")
    declared = {f.get(w("name")) for f in table.iterfind("w:font", NS)}
    used = {f for f, parts in named.items() if parts - {"word/fontTable.xml"}}
    assert used <= declared
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "Times New Roman"} <= used
    compat = part(data, "word/settings.xml").find(
        "w:compat/w:compatSetting[@w:name='compatibilityMode']", NS
    )
    assert compat is not None and compat.get(w("val")) == "15"


@pytest.mark.parametrize(
    ("part_name", "leftover"),
    [
        ("docProps/app.xml", b"Microsoft Macintosh Word"),
        ("docProps/app.xml", b"<AppVersion>14"),
        ("word/settings.xml", b"<w:rsids>"),
        ("word/settings.xml", b"w14:docId"),
        ("word/settings.xml", b"w:proofState"),
        ("word/settings.xml", b"Cambria Math"),
        ("word/_rels/document.xml.rels", b"customXml"),
    ],
    ids=[
        "app-name",
        "app-version",
        "revision-ids",
        "document-id",
        "proof-state",
        "math-font",
        "bibliography",
    ],
)
def test_package_carries_nothing_of_python_docxs_template(part_name: str, leftover: bytes) -> None:
    """No claim to be Mac Word 14, no template revision or document ids, no bibliography."""
    data = write_docx(news_tree())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert leftover not in z.read(part_name)
        assert not [n for n in z.namelist() if n.startswith("customXml/")]
        assert b"<Application>bulletin</Application>" in z.read("docProps/app.xml")


def test_the_font_check_sees_a_template_font() -> None:
    """The package scan finds a font named only in the theme, so the test above can fail."""
    data = write_docx(news_tree())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/theme/theme1.xml"] = parts["word/theme/theme1.xml"].replace(
        b'typeface="Times New Roman"', b'typeface="Calibri"', 1
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, blob in parts.items():
            z.writestr(n, blob)
    named, _ = package_fonts(out.getvalue())
    assert "Calibri" in named


def _runs_with_faces(body: etree._Element) -> list[tuple[str, str | None]]:
    """Every run's text with the East Asian face it sets itself (None: its style's)."""
    out = []
    for r in body.iter(w("r")):
        text = "".join(t.text or "" for t in r.iterfind("w:t", NS))
        fonts = r.find("w:rPr/w:rFonts", NS)
        out.append((text, fonts.get(w("eastAsia")) if fonts is not None else None))
    return out


def test_letters_the_gb2312_faces_lack_are_set_in_their_gbk_faces() -> None:
    """镕, 喆 … go into 仿宋 runs in 仿宋_GB2312 text and 楷体 runs in a 楷体_GB2312 heading."""
    table = Table((Column("序号"), Column("项目名称")), (("1", "朱镕路改造工程"),))
    tree = DocTree(
        kind="progress",
        title="T",
        body=(
            Paragraph((Run("感谢张喆同志。"), Run("王堃", "hei"))),
            Heading(2, "刘昇同志", marker="（一）"),
            table,
        ),
        imprint=Imprint(cc=("赟垚办公室",), printer="办公室", print_date="2025年7月1日"),
    )
    runs = _runs_with_faces(part(write_docx(tree), "word/document.xml").find("w:body", NS))
    assert ("感谢张", None) in runs and ("喆", "仿宋") in runs and ("同志。", None) in runs
    assert ("王堃", "黑体") in runs  # 黑体 has the GBK set: no change
    assert ("（一）刘", None) in runs and ("昇", "楷体") in runs
    assert ("朱", None) in runs and ("镕", "仿宋") in runs
    assert ("赟垚", "仿宋") in runs


def test_text_within_gb2312_keeps_its_style_face() -> None:
    """Ordinary text, punctuation (— · “”) included, sets no face of its own."""
    tree = DocTree(
        kind="progress", title="T", body=(Paragraph((Run("1—6月，阿依古丽·买买提“过半”。"),)),)
    )
    runs = _runs_with_faces(part(write_docx(tree), "word/document.xml").find("w:body", NS))
    assert all(face is None for text, face in runs if text)


@pytest.mark.parametrize(
    ("last", "kept"),
    [("确保目标任务如期完成。", True), ("确保目标任务如期完成，" * 10, False)],
    ids=["short-last-paragraph-kept", "long-last-paragraph-left-to-fill-its-page"],
)
def test_text_end_keeps_with_signature_and_date(last: str, kept: bool) -> None:
    """The 附件说明, the blank lines and a short last paragraph keep with the 署名 and 日期."""
    tree = replace(
        progress_tree(masthead=False),
        body=(Paragraph((Run("一段正文。"),)), Paragraph((Run(last),))),
    )
    paragraphs = body_paragraphs(write_docx(tree))
    keeps = {
        text_of(p) or "(blank)": p.find("w:pPr/w:keepNext", NS) is not None
        for p in paragraphs[: [text_of(p) for p in paragraphs].index(tree.signature) + 1]
    }
    assert keeps[last] is kept
    assert keeps["附件：2025年上半年全市重点项目建设进展情况表"] and keeps["(blank)"]
    assert not keeps["一段正文。"]


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").findall("w:body/w:p", NS)


def test_imprint_ends_on_a_reference_docs_own_type_area(tmp_path: Path) -> None:
    """With a reference .docx of other margins, the 版记's box ends on its type area's foot."""
    reference = docx.Document()
    section = reference.sections[0]
    section.page_height, section.bottom_margin = docx.shared.Mm(297), docx.shared.Mm(30)
    section.left_margin = docx.shared.Mm(25)
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    root = part(write_docx(progress_tree(), reference_doc=path), "word/document.xml")
    box = next(a for a in root.iter(f"{{{WP}}}anchor") if a.find(f".//{{{W}}}tbl") is not None)
    top = int(box.find(f"{{{WP}}}positionV/{{{WP}}}posOffset").text)
    left = int(box.find(f"{{{WP}}}positionH/{{{WP}}}posOffset").text)
    height = int(box.find(f"{{{WP}}}extent").get("cy"))
    assert (top + height) / 36000 == pytest.approx(297 - 30, abs=0.05)
    assert left / 36000 == pytest.approx(25, abs=0.05)
