"""The .docx rendered by LibreOffice and measured: 22 lines × 28 characters, sizes, folios."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest

from bulletin.doctree import DocTree
from bulletin.layout import GBT9704
from bulletin.writers.docx import write_docx
from bulletin.writers.pdf import convert_docx
from docx_samples import commendation_tree, news_tree, progress_tree, speech_tree

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
    import bulletin

    report = bulletin.load_report(REPO_EXAMPLE)
    return render(bulletin.compose_document(report, "progress"))


REPO_EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"


def _example_body_pages(rendered: Rendered) -> list[int]:
    """Pages of the main text, up to the one with the 成文日期 of the June example."""
    for i in range(len(rendered.pages)):
        if any(line.text == "2025年7月8日" for line in rendered.body_lines(i)):
            return list(range(i + 1))
    pytest.fail("the 成文日期 was not found")


def test_example_bulletin_pages_have_22_lines(bulletin_pdf: Rendered) -> None:
    """The example's 通报: every full body page after the first holds 22 lines on the grid."""
    pages = _example_body_pages(bulletin_pdf)
    assert len(pages) >= 3
    for page in pages[1:-1]:
        lines = bulletin_pdf.body_lines(page)
        slots = [(line.bottom - lines[0].bottom) / PITCH for line in lines]
        assert all(abs(s - round(s)) < 0.1 for s in slots), f"page {page + 1} is off the grid"
        assert len(lines) == 22, f"page {page + 1} has {len(lines)} lines"


def test_example_bulletin_full_lines_hold_28_characters(bulletin_pdf: Rendered) -> None:
    """The example's 通报: a full line of Chinese body text holds 28 characters."""
    measured = [
        line
        for page in _example_body_pages(bulletin_pdf)
        for line in bulletin_pdf.body_lines(page)
        if abs(line.x0 - LEFT) < TOLERANCE
        and line.in_measure()
        and abs(float(line.in_measure()[-1]["x1"]) - RIGHT) < 3 * TOLERANCE
        and not re.search(r"[0-9A-Za-z%]", line.text)
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
        lowest = max(page, key=lambda line: line.bottom)  # the footer, on any orientation
        text = "".join(str(c["text"]) for c in lowest.chars)
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
