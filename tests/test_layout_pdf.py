"""The .docx rendered by LibreOffice and measured: 22 lines × 28 characters, sizes, folios."""

from __future__ import annotations

import io
import itertools
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import docx
import pytest

from bulletin.doctree import (
    Attachment,
    Column,
    DocTree,
    Heading,
    Paragraph,
    Run,
    Table,
    break_title,
)
from bulletin.layout import GBT9704
from bulletin.writers.docx import write_docx
from bulletin.writers.pdf import DOC_FILTER, convert_docx, convert_many
from docx_samples import commendation_tree, news_tree, progress_tree, prose, speech_tree

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("soffice") or shutil.which("libreoffice")),
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer",
    ),
]

pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber is in the test extra")

PT_PER_MM = 72 / 25.4
LEFT = GBT9704.margin_left * PT_PER_MM
RIGHT = (GBT9704.page_width - GBT9704.margin_right) * PT_PER_MM
TOP = GBT9704.margin_top * PT_PER_MM
BOTTOM = (GBT9704.page_height - GBT9704.margin_bottom) * PT_PER_MM
PITCH = GBT9704.line_pitch
INDENT = GBT9704.indent_chars * GBT9704.body.size
TOLERANCE = 1.5  # pt


@dataclass
class Line:
    """Characters sharing a baseline, left to right."""

    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(str(c["text"]) for c in self.chars).replace(" ", "")

    @property
    def x0(self) -> float:
        return float(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        return float(self.chars[-1]["x1"])

    @property
    def bottom(self) -> float:
        return float(self.chars[0]["bottom"])

    @property
    def sizes(self) -> set[float]:
        return {round(float(c["size"]), 1) for c in self.chars if str(c["text"]).strip()}

    def in_measure(self) -> list[dict[str, Any]]:
        """Characters inside the type area: a full stop hanging past the margin is not counted."""
        return [
            c for c in self.chars if float(c["x1"]) <= RIGHT + TOLERANCE and str(c["text"]).strip()
        ]


def lines_of(page: Any) -> list[Line]:
    by_baseline: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        key = round(float(char["bottom"]))
        by_baseline.setdefault(key, []).append(char)
    return [Line(sorted(cs, key=lambda c: float(c["x0"]))) for _, cs in sorted(by_baseline.items())]


@dataclass
class Rendered:
    docx: bytes
    pages: list[list[Line]]  # every page's lines, footer included
    sizes: list[tuple[float, float]]  # every page's width and height

    def body_lines(self, page: int) -> list[Line]:
        return [line for line in self.pages[page] if line.bottom < BOTTOM + TOLERANCE]

    def folio(self, page: int) -> Line:
        below = [line for line in self.pages[page] if line.bottom > BOTTOM + TOLERANCE]
        assert below, f"page {page + 1} has no page number"
        return below[-1]


def render(tree: DocTree) -> Rendered:
    data = write_docx(tree)
    pdf = convert_docx(data, "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [lines_of(page) for page in document.pages]
        sizes = [(float(page.width), float(page.height)) for page in document.pages]
    return Rendered(data, pages, sizes)


@pytest.fixture(scope="module")
def progress() -> Rendered:
    return render(progress_tree(masthead=False))


def body_pages(rendered: Rendered) -> list[int]:
    """Indices of the pages of the main text, up to the one holding the 成文日期."""
    for i in range(len(rendered.pages)):
        if any(line.text == "2025年7月10日" for line in rendered.body_lines(i)):
            return list(range(i + 1))
    pytest.fail("the date line was not found")


def full_lines(rendered: Rendered) -> Iterator[tuple[int, Line]]:
    """Lines of justified body text that are neither a paragraph's first nor its last line.

    They start at the left margin and run to the right one.  Lines holding
    digits or Latin letters are left out: those are half-width, so their
    character count says nothing about the grid.
    """
    for page in body_pages(rendered):
        for line in rendered.body_lines(page):
            if (
                abs(line.x0 - LEFT) < TOLERANCE
                and line.in_measure()
                and abs(float(line.in_measure()[-1]["x1"]) - RIGHT) < 3 * TOLERANCE
                and line.text.isascii() is False
                and not re.search(r"[0-9A-Za-z]", line.text)
            ):
                yield page, line


def test_every_full_body_page_has_22_lines_on_the_grid(progress: Rendered) -> None:
    """Each body page but the last spans 22 lines of 28.95 pt, the first at the type area's top."""
    pages = body_pages(progress)
    assert len(pages) >= 4
    for page in pages[:-1]:
        lines = progress.body_lines(page)
        first = lines[0].bottom
        slots = [(line.bottom - first) / PITCH for line in lines]
        assert all(abs(s - round(s)) < 0.1 for s in slots), f"page {page + 1} is off the grid"
        assert round(slots[-1]) + 1 == 22, f"page {page + 1} spans {round(slots[-1]) + 1} lines"
        assert first - TOP < PITCH, f"page {page + 1} starts below the first grid line"
        if page > 0:  # page 1 has a blank line under the title
            assert len(lines) == 22, f"page {page + 1} has {len(lines)} lines"


def test_every_full_body_line_holds_28_characters(progress: Rendered) -> None:
    """A justified line that is not a paragraph's first or last holds exactly 28 characters."""
    measured = list(full_lines(progress))
    assert len(measured) >= 60
    wrong = [
        (p + 1, len(line.in_measure()), line.text)
        for p, line in measured
        if len(line.in_measure()) != 28
    ]
    assert not wrong


def test_first_lines_are_indented_two_characters_and_hold_26(progress: Rendered) -> None:
    """A paragraph's first line starts two characters in and holds 26 characters."""
    firsts = [
        line
        for page in body_pages(progress)
        for line in progress.body_lines(page)
        if abs(line.x0 - LEFT - INDENT) < TOLERANCE
        and abs(line.x1 - RIGHT) < 3 * TOLERANCE
        and not re.search(r"[0-9A-Za-z]", line.text)
    ]
    assert len(firsts) >= 5
    assert {len(line.in_measure()) for line in firsts} == {26}


def test_every_page_shows_its_number_between_em_dashes(progress: Rendered) -> None:
    """Page N shows `— N —` in 14 pt: odd pages at the right, even pages at the left."""
    assert len(progress.pages) >= 6
    for i in range(len(progress.pages)):
        folio = progress.folio(i)
        text = "".join(str(c["text"]) for c in folio.chars)
        assert re.fullmatch(rf"\u2014 ?{i + 1} ?\u2014", text), f"page {i + 1}: {text!r}"
        assert folio.sizes == {14.0}
        if (i + 1) % 2:
            assert abs(folio.x1 - (RIGHT - 14)) < 2 * TOLERANCE
        else:
            assert abs(folio.x0 - (LEFT + 14)) < 2 * TOLERANCE


def test_title_is_22_pt_and_body_16_pt(progress: Rendered) -> None:
    """Font sizes on the page: title 22 pt, body and headings 16 pt, table text 12 pt."""
    first_page = progress.body_lines(0)
    assert first_page[0].text == "关于2025年上半年全市重点项目"
    assert first_page[0].sizes == {22.0}
    body = [line for page in body_pages(progress) for line in progress.body_lines(page)][3:]
    assert {size for line in body for size in line.sizes} == {16.0}
    annex = progress.body_lines(body_pages(progress)[-1] + 1)
    assert any(line.sizes == {12.0} for line in annex)


def test_imprint_sits_low_on_the_last_page(progress: Rendered) -> None:
    """版记 is on the last page, in its lower part, after the annex table."""
    last = progress.body_lines(len(progress.pages) - 1)
    cc = [line for line in last if line.text.startswith("抄送：")]
    assert cc, "no 抄送 line on the last page"
    assert cc[0].bottom > (TOP + BOTTOM) / 2


def test_docx_round_trips_through_libreoffice(progress: Rendered) -> None:
    """LibreOffice saves our .docx as .docx again; python-docx reads both with the same text."""
    again = convert_docx(progress.docx, "docx")
    ours = docx.Document(io.BytesIO(progress.docx))
    theirs = docx.Document(io.BytesIO(again))
    assert [p.text for p in theirs.paragraphs if p.text] == [
        p.text for p in ours.paragraphs if p.text
    ]
    assert len(theirs.tables) == len(ours.tables)
    assert {"Heading 1", "Heading 2", "Heading 3"} <= {s.name for s in theirs.styles}


@pytest.mark.parametrize(
    "tree",
    [speech_tree(), commendation_tree(), news_tree(), progress_tree()],
    ids=["speech", "commendation", "news", "progress-with-masthead"],
)
def test_each_kind_renders_its_first_page(tree: DocTree) -> None:
    """Every kind renders: the title in 22 pt on page 1, a page number on every page."""
    rendered = render(tree)
    title_start = tree.title.split("\n")[0]
    titles = [line for line in rendered.body_lines(0) if line.text == title_start]
    assert titles and titles[0].sizes == {22.0}
    for i in range(len(rendered.pages)):
        rendered.folio(i)
    if tree.masthead:
        mark = rendered.body_lines(0)[0]
        assert mark.text == tree.masthead.issuer_mark  # one line, narrowed to fit
        colors = {tuple(c["non_stroking_color"]) for c in mark.chars}
        assert colors == {(1, 0, 0)}


def test_wide_annex_is_landscape_and_the_document_returns_to_portrait() -> None:
    """A wide table's attachment is on landscape pages; the 版记 after it is portrait again."""
    rendered = render(progress_tree(wide=True, masthead=False))
    landscape = [i for i, (width, height) in enumerate(rendered.sizes) if width > height]
    assert landscape, "no landscape page"
    annex = [i for i, page in enumerate(rendered.pages) if any(ln.text == "附件" for ln in page)]
    assert annex == [landscape[0]]
    assert landscape == list(range(landscape[0], landscape[-1] + 1))
    last = len(rendered.pages) - 1
    assert last not in landscape
    assert any(line.text.startswith("抄送：") for line in rendered.pages[last])


# ---------------------------------------------------------------------------
# The real progress bulletin of the example data, not a sample tree


@pytest.fixture(scope="module")
def bulletin_pdf() -> Rendered:
    """The example's 进展通报, the same rendering the millimetre tests below read."""
    measured = _measured("progress")
    return Rendered(b"", measured.pages, measured.sizes)


REPO_EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"


def _example_body_pages(rendered: Rendered) -> list[int]:
    """Pages of the main text, up to the one with the 成文日期 of the June example."""
    for i in range(len(rendered.pages)):
        if any(line.text == "2025年7月8日" for line in rendered.body_lines(i)):
            return list(range(i + 1))
    pytest.fail("the 成文日期 was not found")


def test_example_bulletin_pages_have_22_lines(bulletin_pdf: Rendered) -> None:
    """The example's 通报: every full body page after the first holds 22 lines on the grid.

    A page may end one line short when the next one starts with a heading kept
    with its text (a heading never ends a page alone), or with the 附件说明,
    whose blank line above then ends the page.
    """
    pages = _example_body_pages(bulletin_pdf)
    assert len(pages) >= 3
    headings = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
    for page in pages[1:-1]:
        lines = bulletin_pdf.body_lines(page)
        slots = [(line.bottom - lines[0].bottom) / PITCH for line in lines]
        assert all(abs(s - round(s)) < 0.1 for s in slots), f"page {page + 1} is off the grid"
        next_first = bulletin_pdf.body_lines(page + 1)[0].text
        # The blank line above the 附件说明 may be the page's last, unprinted;
        # a short last paragraph moves whole to keep with the 署名 on the next page.
        short_ok = (
            headings.match(next_first) or next_first.startswith("附件：") or page + 1 == pages[-1]
        )
        expected = {22, 21} if short_ok else {22}
        assert len(lines) in expected, f"page {page + 1} has {len(lines)} lines"


def test_example_bulletin_full_lines_hold_28_characters(bulletin_pdf: Rendered) -> None:
    """The example's 通报: a full line of Chinese body text holds 28 characters."""
    lines = [
        (line, following)
        for page in _example_body_pages(bulletin_pdf)
        for line, following in itertools.pairwise([*bulletin_pdf.body_lines(page), None])
    ]
    measured = [
        line
        for line, following in lines
        if abs(line.x0 - LEFT) < TOLERANCE
        and line.in_measure()
        and abs(float(line.in_measure()[-1]["x1"]) - RIGHT) < 3 * TOLERANCE
        and not re.search(r"[0-9A-Za-z%]", line.text)
        # A number that did not fit moves whole to the next line, and the
        # line before it is spread to the margin: not a full line of text.
        and not (following is not None and re.match(r"[0-9A-Za-z]", following.text))
    ]
    assert len(measured) >= 10
    counts = [len(line.in_measure()) for line in measured]
    assert counts == [28] * len(counts), [
        line.text for line in measured if len(line.in_measure()) != 28
    ]


def test_example_bulletin_numbers_every_page_and_sizes_title_and_body(
    bulletin_pdf: Rendered,
) -> None:
    """Every page of the example's 通报, landscape annex pages too, shows `— N —`; 22/16 pt."""
    for i, page in enumerate(bulletin_pdf.pages):
        if bulletin_pdf.sizes[i][0] > bulletin_pdf.sizes[i][1]:
            # Turned along the left edge (see the landscape folio test below).
            turned = [c for line in page for c in line.chars if not c.get("upright", True)]
            text = "".join(str(c["text"]) for c in sorted(turned, key=lambda c: c["top"]))
        else:
            text = "".join(str(c["text"]) for c in bulletin_pdf.folio(i).chars)
        assert re.fullmatch(rf"\u2014 ?{i + 1} ?\u2014", text), f"page {i + 1}: {text!r}"
    first = bulletin_pdf.body_lines(0)
    titles = [line for line in first if line.text.startswith("关于2025年")]
    assert titles and titles[0].sizes == {22.0}
    body = [
        line
        for page in _example_body_pages(bulletin_pdf)[1:]
        for line in bulletin_pdf.body_lines(page)
    ]
    assert {size for line in body for size in line.sizes} == {16.0}


# ---------------------------------------------------------------------------
# The example's documents measured element by element, in millimetres, against
# shared/spec/gbt9704-layout.md.  Positions are of the characters' em boxes as
# the PDF places them (pdfplumber); rules are the PDF's drawn lines; the
# page-number dashes are found as ink on the rasterised page.

MM_PER_PT = 25.4 / 72
CHAR_MM = GBT9704.body.size * MM_PER_PT  # one body character, 16 pt = 5.64 mm
IMPRINT_CHAR_MM = GBT9704.imprint.size * MM_PER_PT  # 14 pt = 4.94 mm
PITCH_MM = GBT9704.line_pitch * MM_PER_PT  # 10.21 mm
TYPE_LEFT_MM = GBT9704.margin_left
TYPE_RIGHT_MM = GBT9704.page_width - GBT9704.margin_right
TYPE_TOP_MM = GBT9704.margin_top
TYPE_BOTTOM_MM = GBT9704.page_height - GBT9704.margin_bottom
TYPE_CENTRE_MM = (TYPE_LEFT_MM + TYPE_RIGHT_MM) / 2
MM_TOLERANCE = 0.5


def mm(points: float) -> float:
    return float(points) * MM_PER_PT


@dataclass
class Measured:
    """One rendered example document: its pages as PDF objects, read in millimetres."""

    pdf: bytes
    tree: DocTree
    pages: list[list[Line]]
    sizes: list[tuple[float, float]]  # mm
    rules: list[list[dict[str, Any]]]  # horizontal lines and edges of each page, in pt

    def __repr__(self) -> str:
        return f"<{self.tree.kind}: {len(self.pages)} pages>"

    def find(self, text: str, *, start: bool = False, last: bool = False) -> tuple[int, Line]:
        """The first (or last) line whose text is (or starts with) ``text``, and its page index."""
        found = [
            (i, line)
            for i, page in enumerate(self.pages)
            for line in page
            if line.text == text.replace(" ", "") or (start and line.text.startswith(text))
        ]
        if not found:
            pytest.fail(f"no line {'starting with ' if start else ''}{text!r}")
        return found[-1] if last else found[0]

    def _dark(self, page: int, box: tuple[float, float, float, float]) -> list[tuple[int, int]]:
        """Pixels (x, y) of ``box`` (pt) holding dark ink, at 600 dpi."""
        with pdfplumber.open(io.BytesIO(self.pdf)) as document:
            image = document.pages[page].crop(box).to_image(resolution=600).original
        gray = image.convert("L")
        width, height = gray.size
        return [(x, y) for y in range(height) for x in range(width) if gray.getpixel((x, y)) < 128]

    def ink_rows_mm(self, page: int, box: tuple[float, float, float, float]) -> list[float]:
        """Heights (mm from the paper's top) of the rows of ``box`` (pt) holding dark ink."""
        rows = sorted({y for _, y in self._dark(page, box)})
        return [mm(box[1]) + (y + 0.5) * 25.4 / 600 for y in rows]

    def ink_columns_mm(self, page: int, box: tuple[float, float, float, float]) -> list[float]:
        """Distances (mm from the paper's left) of the columns of ``box`` holding dark ink."""
        columns = sorted({x for x, _ in self._dark(page, box)})
        return [mm(box[0]) + (x + 0.5) * 25.4 / 600 for x in columns]


def measure(tree: DocTree) -> Measured:
    return _read_pdf(convert_docx(write_docx(tree), "pdf"), tree)


def _read_pdf(pdf: bytes, tree: DocTree) -> Measured:
    pages, sizes, rules = [], [], []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            pages.append(lines_of(page))
            sizes.append((mm(page.width), mm(page.height)))
            rules.append(
                [
                    {**e, "stroking_color": e.get("stroking_color")}
                    for e in page.edges
                    if e["orientation"] == "h"
                ]
            )
    return Measured(pdf, tree, pages, sizes, rules)


def _example_tree(kind: str) -> DocTree:
    import yaml

    import bulletin

    data = yaml.safe_load(REPO_EXAMPLE.read_text(encoding="utf-8"))
    data["previous"] = str(REPO_EXAMPLE.with_name("2025-05.yaml"))
    if kind == "commendation":
        # Ten units put the list into an attachment table, so its columns are measured too.
        extra = [
            {"name": u["name"], "reason": "项目推进有力，投资完成进度快于序时进度"}
            for u in data["units"]
        ]
        data["commendations"]["units"] = (data["commendations"]["units"] + extra)[:10]
    report = bulletin.load_report(data)
    return bulletin.compose_document(report, kind)


_MEASURED: dict[str, Measured] = {}


def _measured(kind: str) -> Measured:
    """The example's document of ``kind``, rendered once per test process."""
    if kind not in _MEASURED:
        _MEASURED[kind] = measure(_example_tree(kind))
    return _MEASURED[kind]


@pytest.fixture(scope="module", params=["progress", "commendation"])
def bulletin_doc(request: pytest.FixtureRequest) -> Measured:
    """The example's 进展通报 and 表彰通报 (with 版头), rendered and read."""
    return _measured(str(request.param))


def _first_char_mm(line: Line) -> float:
    return mm(line.chars[0]["x0"])


def test_date_starts_two_characters_right_of_the_signature(bulletin_doc: Measured) -> None:
    """成文日期's first character is 2 characters (11.3 mm) right of the 署名's (defect 1)."""
    tree = bulletin_doc.tree
    page, signature = bulletin_doc.find(tree.signature, last=True)
    date_page, date = bulletin_doc.find(tree.date)
    assert date_page == page
    step = _first_char_mm(date) - _first_char_mm(signature)
    assert abs(step - 2 * CHAR_MM) < 0.3, f"date starts {step:.2f} mm right of the 署名"
    # The longer of the two ends two characters from the right margin.
    right = max(mm(signature.x1), mm(date.x1))
    assert abs(TYPE_RIGHT_MM - right - 2 * CHAR_MM) < MM_TOLERANCE
    # One blank line above the 署名, the date on the next line.
    assert abs(mm(date.bottom - signature.bottom) - PITCH_MM) < 0.2


def _masthead_rule(doc: Measured) -> dict[str, Any]:
    red = [
        e
        for e in doc.rules[0]
        if e["stroking_color"] is not None and tuple(e["stroking_color"])[:3] == (1, 0, 0)
    ]
    assert red, "no red rule on page 1"
    return red[0]


def test_red_rule_lies_4_mm_below_the_document_number(bulletin_doc: Measured) -> None:
    """The 版头's red rule is 156 mm wide and about 4 mm below the 发文字号 (defect 2)."""
    masthead = bulletin_doc.tree.masthead
    assert masthead is not None and masthead.number
    _, number = bulletin_doc.find(masthead.number)
    rule = _masthead_rule(bulletin_doc)
    gap = mm(rule["top"]) - mm(number.bottom)
    assert abs(gap - 4.0) < MM_TOLERANCE, f"red rule {gap:.2f} mm below the number"
    assert abs(mm(rule["x0"]) - TYPE_LEFT_MM) < 0.2
    assert abs(mm(rule["x1"] - rule["x0"]) - 156) < 0.2


def test_masthead_mark_and_number_are_red_centred_and_two_lines_apart(
    bulletin_doc: Measured,
) -> None:
    """The issuer mark is red and centred; the number 16 pt, centred, two blank lines below it."""
    masthead = bulletin_doc.tree.masthead
    assert masthead is not None
    page, mark = bulletin_doc.find(masthead.issuer_mark)
    assert page == 0
    assert {tuple(c["non_stroking_color"]) for c in mark.chars} == {(1, 0, 0)}
    assert abs((mm(mark.x0) + mm(mark.x1)) / 2 - TYPE_CENTRE_MM) < MM_TOLERANCE
    _, number = bulletin_doc.find(masthead.number)
    assert number.sizes == {16.0}
    assert abs((mm(number.x0) + mm(number.x1)) / 2 - TYPE_CENTRE_MM) < MM_TOLERANCE
    assert mm(number.bottom - mark.bottom) > 2 * PITCH_MM


def test_cc_continuation_hangs_under_the_first_name(bulletin_doc: Measured) -> None:
    """版记: a 抄送 line that wraps continues under the first name after `抄送：` (defect 3)."""
    page, first = bulletin_doc.find("抄送：", start=True)
    lines = bulletin_doc.pages[page]
    second = lines[lines.index(first) + 1]
    assert not second.text.startswith(bulletin_doc.tree.imprint.printer)  # type: ignore[union-attr]
    name_at = mm(first.chars[3]["x0"])  # after 抄、送、：
    assert abs(name_at - (TYPE_LEFT_MM + 4 * IMPRINT_CHAR_MM)) < 0.3
    assert abs(mm(second.x0) - name_at) < 0.3, f"continuation at {mm(second.x0):.1f} mm"
    assert first.sizes == second.sizes == {14.0}


def test_imprint_rules_are_0_35_and_0_25_mm_and_end_on_the_type_area(
    bulletin_doc: Measured,
) -> None:
    """版记: rules of 0.35 mm above and below, 0.25 mm between; the last on the type area's edge."""
    _check_imprint_rules(bulletin_doc)


def _check_imprint_rules(doc: Measured) -> None:
    page, cc = doc.find("抄送：", start=True)
    assert page == len(doc.pages) - 1, "the 版记 is not on the last page"
    below = sorted(
        (e for e in doc.rules[page] if e["top"] > cc.bottom - 30 and e["x1"] - e["x0"] > 400),
        key=lambda e: e["top"],
    )
    # Word stores border widths in eighths of a point: 0.25 mm is 6/8 pt, 0.265 mm.
    widths = {
        round(e["top"], 1): e["linewidth"]
        for e in below
        if "linewidth" in e and mm(e["linewidth"]) > 0.2
    }
    tops = sorted(widths)
    assert len(tops) == 3, tops
    assert [round(mm(widths[t]), 2) for t in tops] == pytest.approx([0.35, 0.25, 0.35], abs=0.02)
    assert abs(mm(tops[-1]) - TYPE_BOTTOM_MM) < MM_TOLERANCE, f"last rule at {mm(tops[-1]):.2f} mm"
    for rule in below:
        if mm(rule.get("linewidth", 0)) > 0.2:  # the three rules span the type area
            assert abs(mm(rule["x0"]) - TYPE_LEFT_MM) < 0.2
            assert abs(mm(rule["x1"] - rule["x0"]) - 156) < 0.2
    # Nothing of the 版记 reaches into the page number's place below the type area.
    _, last = doc.find(doc.tree.imprint.printer, start=True, last=True)  # type: ignore[union-attr]
    assert mm(last.bottom) < TYPE_BOTTOM_MM


@pytest.fixture(scope="module", params=["progress", "commendation"])
def bulletin_via_doc(request: pytest.FixtureRequest) -> Measured:
    """The example's 通报 saved as Word 97–2003 (``-f doc``), opened again and rendered."""
    tree = _example_tree(str(request.param))
    doc = convert_docx(write_docx(tree), DOC_FILTER)
    # LibreOffice tells the .doc by its content, whatever the name it is given.
    return _read_pdf(convert_docx(doc, "pdf"), tree)


def test_doc_output_keeps_the_imprint_at_the_foot_of_the_type_area(
    bulletin_via_doc: Measured,
) -> None:
    """-f doc: the 版记's last rule is on the type area's lower edge, as in the .docx.

    LibreOffice's Word 97 export used to put it at the paper's edge, 35 mm low.
    """
    _check_imprint_rules(bulletin_via_doc)


def _folio_dash_mm(doc: Measured, page: int) -> float:
    """Distance of page ``page``'s dash ink below the type area's lower edge."""
    below = [line for line in doc.pages[page] if mm(line.bottom) > TYPE_BOTTOM_MM + 1]
    assert below, f"page {page + 1} has no page number"
    folio = below[-1]
    dash = folio.chars[0]
    assert dash["text"] == "\u2014"
    rows = doc.ink_rows_mm(page, (dash["x0"], dash["top"], dash["x1"], dash["bottom"]))
    assert rows, f"page {page + 1}: no ink in the dash"
    return (rows[0] + rows[-1]) / 2 - TYPE_BOTTOM_MM


def test_page_number_dashes_lie_7_mm_below_the_type_area(bulletin_doc: Measured) -> None:
    """The dashes of `— N —` are 7 mm below the type area on every portrait page (defect 9)."""
    portrait = [i for i, (w, h) in enumerate(bulletin_doc.sizes) if w < h]
    for page in portrait:
        gap = _folio_dash_mm(bulletin_doc, page)
        assert abs(gap - 7.0) < MM_TOLERANCE, f"page {page + 1}: dashes {gap:.2f} mm below"


def test_landscape_pages_keep_the_folio_where_portrait_pages_have_it(
    bulletin_doc: Measured,
) -> None:
    """A landscape page's folio is on the long edge that is a portrait page's foot (defect 9).

    Turned to read the table, the page's left edge is the foot of the bound
    portrait sheet: the number runs along it, 7 mm outside the type area, at
    the outer end (odd pages at the bottom, even pages at the top).
    """
    landscape = [i for i, (w, h) in enumerate(bulletin_doc.sizes) if w > h]
    if bulletin_doc.tree.kind == "progress":
        assert landscape
    for page in landscape:
        turned = [
            c
            for line in bulletin_doc.pages[page]
            for c in line.chars
            if not c.get("upright", True) and str(c["text"]).strip()
        ]
        digits = "".join(c["text"] for c in turned if str(c["text"]).isdigit())
        assert digits == str(page + 1), f"page {page + 1}: turned text {digits!r}"
        left = GBT9704.margin_bottom  # the landscape page's left margin is the portrait bottom
        box = (
            min(c["x0"] for c in turned),
            min(c["top"] for c in turned),
            max(c["x1"] for c in turned),
            max(c["bottom"] for c in turned),
        )
        columns = bulletin_doc.ink_columns_mm(page, box)
        dash_at = left - (columns[0] + columns[-1]) / 2
        assert abs(dash_at - 7.0) < 1.0, f"page {page + 1}: folio {dash_at:.2f} mm outside"
        top, bottom = mm(box[1]), mm(box[3])
        if (page + 1) % 2:
            assert abs(GBT9704.page_width - GBT9704.margin_right - bottom - IMPRINT_CHAR_MM) < 1
        else:
            assert abs(top - GBT9704.margin_left - IMPRINT_CHAR_MM) < 1


def _under_titles(doc: Measured) -> list[tuple[int, Line, float]]:
    """Each attachment's title, with the top (mm) of what comes next: a rule or characters."""
    found = []
    for attachment in doc.tree.attachments:
        lines = break_title(attachment.title)
        page, title = doc.find(lines[-1])
        rules = [mm(e["top"]) for e in doc.rules[page] if e["top"] > title.bottom]
        text = [mm(line.chars[0]["top"]) for line in doc.pages[page] if line.bottom > title.bottom]
        found.append((page, title, min(rules + text)))
    return found


def test_attachment_content_starts_a_blank_line_below_its_title(bulletin_doc: Measured) -> None:
    """An attachment's title stands one blank line above its table or text (defect 9)."""
    found = _under_titles(bulletin_doc)
    assert found
    for page, title, below in found:
        gap = below - mm(title.bottom)
        assert PITCH_MM <= gap <= PITCH_MM + 4, f"page {page + 1}: title {gap:.2f} mm above"
        assert abs((mm(title.x0) + mm(title.x1)) / 2 - _centre_of(bulletin_doc, page)) < 0.6


def _centre_of(doc: Measured, page: int) -> float:
    width, height = doc.sizes[page]
    if width > height:  # margins turn with the paper: left 35 mm, right 37 mm
        return (GBT9704.margin_bottom + width - GBT9704.margin_top) / 2
    return TYPE_CENTRE_MM


def test_annex_names_stay_whole_in_their_column(bulletin_doc: Measured) -> None:
    """Every name in an annex table's name column is on one line, not broken mid-word (defect 5)."""
    checked = 0
    for attachment in bulletin_doc.tree.attachments:
        for table in (b for b in attachment.blocks if isinstance(b, Table)):
            named = [
                i
                for i, c in enumerate(table.columns)
                if c.title in ("项目名称", "单位名称", "县（区）", "姓名")
            ]
            if not named:
                continue
            names = {row[named[0]] for row in table.rows}
            checked += len(names)
            whole = {
                line_text
                for page in bulletin_doc.pages
                for line in page
                for line_text in _cells_text(line)
            }
            broken = sorted(n for n in names if n not in whole)
            assert not broken, f"{len(broken)} names broken, e.g. {broken[:3]}"
    assert checked >= 9


def _cells_text(line: Line) -> list[str]:
    """The text of a table line split where characters are far apart (between cells)."""
    pieces: list[list[dict[str, Any]]] = [[]]
    for a, b in zip(line.chars, line.chars[1:], strict=False):
        pieces[-1].append(a)
        if float(b["x0"]) - float(a["x1"]) > 4:
            pieces.append([])
    if line.chars:
        pieces[-1].append(line.chars[-1])
    return ["".join(str(c["text"]) for c in p).strip() for p in pieces]


def test_title_breaks_between_words_centred_at_22_pt(bulletin_doc: Measured) -> None:
    """The title is 22 pt, centred, broken only between words (重点项目建设 stays whole)."""
    lines = bulletin_doc.tree.title_lines or (bulletin_doc.tree.title,)
    for text in lines:
        page, line = bulletin_doc.find(text)
        assert page == 0
        assert line.sizes == {22.0}
        assert abs((mm(line.x0) + mm(line.x1)) / 2 - TYPE_CENTRE_MM) < MM_TOLERANCE
    joined = "\n".join(lines)
    for word in ("重点项目建设", "重点项目", "进展情况", "先进单位"):
        for cut in range(1, len(word)):
            assert word[:cut] + "\n" + word[cut:] not in joined, f"{word} split: {lines}"


def test_recipients_flush_left_one_blank_line_below_the_title(bulletin_doc: Measured) -> None:
    """主送机关 starts at the left margin, one blank line under the title, and ends in `：`."""
    lines = bulletin_doc.tree.title_lines or (bulletin_doc.tree.title,)
    _, title = bulletin_doc.find(lines[-1])
    _, recipients = bulletin_doc.find(bulletin_doc.tree.recipients)
    assert recipients.text.endswith("：")
    assert abs(mm(recipients.x0) - TYPE_LEFT_MM) < 0.2
    assert 1.5 * PITCH_MM < mm(recipients.bottom - title.bottom) < 2.5 * PITCH_MM


def test_attachment_label_is_flush_left_on_a_new_page_title_on_line_3(
    bulletin_doc: Measured,
) -> None:
    """附件N: 16 pt, flush left on its page's first line; the title two lines lower."""
    for attachment in bulletin_doc.tree.attachments:
        label = "附件" if len(bulletin_doc.tree.attachments) == 1 else f"附件{attachment.number}"
        page, line = bulletin_doc.find(label)
        assert bulletin_doc.pages[page][0] is line  # first on its page
        assert line.sizes == {16.0}
        width, height = bulletin_doc.sizes[page]
        left = GBT9704.margin_bottom if width > height else TYPE_LEFT_MM
        top = GBT9704.margin_left if width > height else TYPE_TOP_MM
        assert abs(mm(line.x0) - left) < 0.2
        assert mm(line.bottom) - top < PITCH_MM
        _, title = bulletin_doc.find(break_title(attachment.title)[0])
        assert 1.5 * PITCH_MM < mm(title.bottom - line.bottom) < 2.6 * PITCH_MM


def test_attachment_notes_align_continuations_under_the_first_name(
    bulletin_doc: Measured,
) -> None:
    """附件说明: indented 2 characters after one blank line; later names start under the first."""
    notes = bulletin_doc.tree.attachment_notes
    if not notes:
        pytest.skip("this document has no 附件说明")
    page, first = bulletin_doc.find("附件：", start=True)
    assert abs(mm(first.x0) - TYPE_LEFT_MM - 2 * CHAR_MM) < 0.2
    lines = bulletin_doc.pages[page]
    i = lines.index(first)
    if i > 0:  # at the top of a page, the blank line above ended the page before
        assert mm(first.bottom - lines[i - 1].bottom) > 1.5 * PITCH_MM  # a blank line above
    name = first.text[len("附件：") :]
    name_x = mm(first.chars[len(first.text) - len(name)]["x0"])
    if len(notes) > 1:
        name_x = mm(first.chars[first.text.index(".") + 1]["x0"])
        second = lines[i + 1]
        assert second.text.startswith("2.")
        assert abs(mm(second.chars[2]["x0"]) - name_x) < 0.3


def test_every_portrait_page_is_a4_with_text_inside_the_type_area(
    bulletin_doc: Measured,
) -> None:
    """Pages are A4; body lines run from 28 mm to 184 mm (a hanging mark may pass the edge)."""
    for page, (width, height) in enumerate(bulletin_doc.sizes):
        assert {round(width), round(height)} == {210, 297}
        if width > height:
            continue
        for line in bulletin_doc.pages[page]:
            if mm(line.bottom) > TYPE_BOTTOM_MM:
                continue
            assert mm(line.x0) >= TYPE_LEFT_MM - 0.2, (page + 1, line.text)
            inside = line.in_measure()
            if inside:
                assert mm(inside[-1]["x1"]) <= TYPE_RIGHT_MM + 0.6, (page + 1, line.text)
            assert mm(line.chars[0]["top"]) >= TYPE_TOP_MM, (page + 1, line.text)


@pytest.fixture(scope="module", params=["speech", "news"])
def other_doc(request: pytest.FixtureRequest) -> Measured:
    """The example's 讲话 and 新闻稿, rendered and read."""
    return _measured(str(request.param))


def test_speech_and_news_title_blocks(other_doc: Measured) -> None:
    """Title 22 pt centred; a speech's speaker and date 16 pt centred, 同志们： flush left.

    Body paragraphs start two characters in; every page shows its number.
    """
    tree = other_doc.tree
    for text in tree.title_lines or (tree.title,):
        page, line = other_doc.find(text)
        assert page == 0 and line.sizes == {22.0}
        assert abs((mm(line.x0) + mm(line.x1)) / 2 - TYPE_CENTRE_MM) < MM_TOLERANCE
    previous = line
    for text in tree.byline:
        _, line = other_doc.find(text)
        assert line.sizes == {16.0}
        assert abs((mm(line.x0) + mm(line.x1)) / 2 - TYPE_CENTRE_MM) < MM_TOLERANCE
        assert 0.9 * PITCH_MM < mm(line.bottom - previous.bottom) < 1.6 * PITCH_MM
        previous = line
    if tree.salutation:
        _, salutation = other_doc.find(tree.salutation)
        assert abs(mm(salutation.x0) - TYPE_LEFT_MM) < 0.2
    first = next(b for b in tree.body if isinstance(b, Paragraph))
    _, opening = other_doc.find(first.text[:10], start=True)
    assert abs(mm(opening.x0) - TYPE_LEFT_MM - 2 * CHAR_MM) < 0.2
    for i in range(len(other_doc.pages)):
        gap = _folio_dash_mm(other_doc, i)
        assert abs(gap - 7.0) < MM_TOLERANCE, f"page {i + 1}: dashes {gap:.2f} mm below"


def test_run_in_heading_shares_its_line_with_its_text() -> None:
    """A run-in heading and its text print as one paragraph: the text follows on the same line."""
    doc = _measured("progress")
    run_ins = [b for b in doc.tree.body if isinstance(b, Heading) and b.body and len(b.label) < 20]
    assert len(run_ins) >= 3
    for heading in run_ins[:3]:
        _, line = doc.find(heading.label, start=True)
        assert len(line.text) > len(heading.label), line.text
        assert abs(mm(line.x0) - TYPE_LEFT_MM - 2 * CHAR_MM) < 0.2


def test_issuer_mark_top_lies_35_mm_below_the_type_area(bulletin_doc: Measured) -> None:
    """The red 发文机关标志's top edge (ink) is 35 mm below the type area's (GB/T 9704 7.2.2)."""
    masthead = bulletin_doc.tree.masthead
    assert masthead is not None
    _, mark = bulletin_doc.find(masthead.issuer_mark)
    rows = bulletin_doc.ink_rows_mm(0, (mark.x0, mark.chars[0]["top"] - 5, mark.x1, mark.bottom))
    top = rows[0] - TYPE_TOP_MM
    assert abs(top - 35.0) < 1.0, f"mark's top {top:.2f} mm below the type area"


# ---------------------------------------------------------------------------
# Data that stresses the layout: a 署名 longer than its line, one shorter than
# its date, and an annex whose long names leave the other columns no room.

LONG_SIGNATURE = "中共示例市委示例市人民政府重点项目建设工作领导小组办公室"  # 28 characters
TIGHT_COLUMNS = (
    Column("序号", "center"),
    Column("项目名称", "left", 3.0),
    Column("阶段", "center"),
    Column("年度计划", "right"),
    Column("完成率（%）", "right"),
    Column("状态", "center"),
)
TIGHT_NAMES = (
    "示例市第二人民医院门诊综合楼及配套地下停车场建设工程（二期）",
    "东城区堃园片区智慧停车场及充电桩配套设施建设项目",
    "示例高新区半导体封装测试基地及配套研发中心建设项目",
)


def _stress_tree(signature: str, date: str) -> DocTree:
    """The sample 通报 with ``signature`` and ``date``, and an annex of 30-character names."""
    rows = tuple(
        (str(i), TIGHT_NAMES[i % len(TIGHT_NAMES)], "新开工", "56100", "0.0", "未按期开工")
        for i in range(1, 13)
    )
    base = progress_tree(masthead=False)
    annex = Attachment(1, "2025年上半年全市重点项目建设进展情况表", (Table(TIGHT_COLUMNS, rows),))
    return replace(base, signature=signature, date=date, attachments=(annex,))


@pytest.fixture(scope="module")
def stress_docs() -> dict[str, Measured]:
    """A long 署名 over a short date and a short one over a longer date, in one LibreOffice run."""
    trees = {
        "long": _stress_tree(LONG_SIGNATURE, "2025年7月8日"),
        "short": _stress_tree("示例市发改委", "2025年12月31日"),
    }
    return _measure_many(trees)


_Key = TypeVar("_Key")


def _measure_many(trees: dict[_Key, DocTree]) -> dict[_Key, Measured]:
    """Each tree written and rendered, all in one LibreOffice run."""
    pdfs = convert_many([write_docx(tree) for tree in trees.values()], "pdf")
    measured = {}
    for (key, tree), pdf in zip(trees.items(), pdfs, strict=True):
        assert isinstance(pdf, bytes), pdf
        measured[key] = _read_pdf(pdf, tree)
    return measured


def test_long_signature_breaks_between_organs_each_line_two_characters_from_the_right(
    stress_docs: dict[str, Measured],
) -> None:
    """A 署名 wider than its line prints on lines of whole organs, not wrapped to the margin."""
    doc = stress_docs["long"]
    _, first = doc.find("中共示例市委示例市人民政府")
    _, second = doc.find("重点项目建设工作领导小组办公室")
    for line in (first, second):
        assert abs(TYPE_RIGHT_MM - mm(line.x1) - 2 * CHAR_MM) < 0.3, line.text
    _, date = doc.find("2025年7月8日")
    step = _first_char_mm(date) - min(_first_char_mm(first), _first_char_mm(second))
    assert abs(step - 2 * CHAR_MM) < 0.3, f"date starts {step:.2f} mm right of the 署名"


def test_date_longer_than_signature_ends_two_characters_in_and_keeps_the_step(
    stress_docs: dict[str, Measured],
) -> None:
    """A 署名 shorter than its date: the date 2 characters from the right, 2 right of the 署名.

    GB/T 9704 7.3.5.3: 成文日期右空二字, the 署名's right space grows to keep
    the date's first character two characters right of the 署名's.
    """
    doc = stress_docs["short"]
    _, signature = doc.find("示例市发改委")
    _, date = doc.find("2025年12月31日")
    step = _first_char_mm(date) - _first_char_mm(signature)
    assert abs(step - 2 * CHAR_MM) < 0.3, f"date starts {step:.2f} mm right of the 署名"
    assert abs(TYPE_RIGHT_MM - mm(date.x1) - 2 * CHAR_MM) < 1.0, f"date ends at {mm(date.x1):.1f}"


def test_tight_annex_columns_keep_titles_and_short_cells_on_one_line(
    stress_docs: dict[str, Measured],
) -> None:
    """Columns sized to their content do not wrap it: no 序/号, 新开/工, 年度计/划 (defect 5)."""
    doc = stress_docs["long"]
    cells = {text for page in doc.pages for line in page for text in _cells_text(line)}
    for title in ("序号", "项目名称", "阶段", "年度计划", "状态"):
        assert title in cells, f"column title {title} is broken: {sorted(cells)[:40]}"
    assert "完成率（%）" in cells or {"完成率", "（%）"} <= cells
    assert {"新开工", "未按期开工", "56100"} <= cells
    assert not {"序", "号", "新开", "工"} & cells


def test_landscape_folio_dash_lies_as_far_outside_as_on_portrait_pages(
    bulletin_doc: Measured,
) -> None:
    """The turned folio's dash is as far from the type area as a portrait page's (±0.3 mm)."""
    portrait = [i for i, (w, h) in enumerate(bulletin_doc.sizes) if w < h]
    upright = _folio_dash_mm(bulletin_doc, portrait[0])
    landscape = [i for i, (w, h) in enumerate(bulletin_doc.sizes) if w > h]
    assert landscape or bulletin_doc.tree.kind != "progress"
    for page in landscape:
        dash = next(
            c
            for line in bulletin_doc.pages[page]
            for c in line.chars
            if not c.get("upright", True) and c["text"] == "\u2014"
        )
        columns = bulletin_doc.ink_columns_mm(page, (0, dash["top"], dash["x1"], dash["bottom"]))
        turned = GBT9704.margin_bottom - (columns[0] + columns[-1]) / 2
        assert abs(turned - upright) < 0.3, f"page {page + 1}: {turned:.2f} vs {upright:.2f} mm"


# ---------------------------------------------------------------------------
# A last page nearly full: the 版记 stays when it fits, else goes to a page of its own.


def _filled_tree(extra_lines: int) -> DocTree:
    """The sample 通报 without its attachment, ``extra_lines`` one-line paragraphs longer."""
    base = progress_tree(masthead=False)
    more = tuple(Paragraph((Run(prose(26, skip=i)),)) for i in range(extra_lines))
    return replace(base, body=base.body + more, attachments=(), attachment_notes=())


@pytest.fixture(scope="module")
def filled() -> dict[str, Measured]:
    """Text ending a line above the 版记's place, and just above it; as .docx and as .doc."""
    trees = {"room": _filled_tree(13), "no room": _filled_tree(14)}
    docs = [write_docx(tree) for tree in trees.values()]
    pdfs = convert_many(docs, "pdf")
    via_doc = convert_many([d for d in convert_many(docs, DOC_FILTER) if isinstance(d, bytes)])
    measured = {}
    for (key, tree), pdf, doc_pdf in zip(trees.items(), pdfs, via_doc, strict=True):
        assert isinstance(pdf, bytes) and isinstance(doc_pdf, bytes)
        measured[key] = _read_pdf(pdf, tree)
        measured[key + " (doc)"] = _read_pdf(doc_pdf, tree)
    return measured


@pytest.mark.parametrize("key", ["room", "room (doc)", "no room", "no room (doc)"])
def test_imprint_goes_to_a_page_of_its_own_only_when_the_last_page_has_no_room(
    filled: dict[str, Measured], key: str
) -> None:
    """The 版记 never overlaps the text: it shares the date's page when there is room, else not."""
    doc = filled[key]
    date_page, date = doc.find(doc.tree.date)
    imprint_page, cc = doc.find("抄送：", start=True)
    _check_imprint_rules(doc)
    top_rule = min(
        mm(e["top"])
        for e in doc.rules[imprint_page]
        if e["top"] > cc.bottom - 30 and e["x1"] - e["x0"] > 400
    )
    if imprint_page == date_page:
        assert mm(date.bottom) < top_rule - 2, (
            f"date at {mm(date.bottom):.1f}, 版记 from {top_rule:.1f}"
        )
    room = top_rule - mm(date.bottom)
    if key.startswith("room"):
        assert imprint_page == date_page, f"{room:.1f} mm free, yet the 版记 moved on"
    else:
        # The precondition: the text ends too near the 版记's place to leave it room.
        # (the 版记 of the sample is three lines and its rules, 31.6 mm, tall)
        free = TYPE_BOTTOM_MM - mm(date.bottom)
        assert free < 3 * PITCH_MM + 3, f"the sample leaves {free:.1f} mm, room for the 版记"
        assert imprint_page == date_page + 1 == len(doc.pages) - 1


@pytest.fixture(scope="module")
def signature_pages() -> dict[int, Measured]:
    """The sample 通报 lengthened line by line across the page break, in one LibreOffice run."""
    return _measure_many({n: _filled_tree(n) for n in range(16, 21)})


@pytest.mark.parametrize("extra", range(16, 21), ids=lambda n: f"+{n}-lines")
def test_signature_and_date_never_stand_on_a_page_without_text(
    signature_pages: dict[int, Measured], extra: int
) -> None:
    """The 署名's page also holds the end of the text: never a page of 署名 and 日期 alone."""
    doc = signature_pages[extra]
    page, signature = doc.find(doc.tree.signature, last=True)
    assert doc.find(doc.tree.date)[0] == page
    lines = doc.pages[page]
    above = [line for line in lines[: lines.index(signature)] if mm(line.bottom) > TYPE_TOP_MM]
    assert above, f"page {page + 1} holds only the 署名 and 日期"
    # The text, then one blank line, then the 署名.
    assert abs(mm(signature.bottom - above[-1].bottom) - 2 * PITCH_MM) < 0.3
