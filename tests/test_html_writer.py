"""The HTML preview writer: the printed text, escaped, headings numbered, figures audited."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bulletin.compose import compose
from bulletin.doctree import (
    Attachment,
    AuditEntry,
    Column,
    DocTree,
    Heading,
    Imprint,
    Masthead,
    Paragraph,
    Run,
    Table,
)
from bulletin.source import load_report
from bulletin.writers.html import to_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2025-06.yaml"
NASTY = "<script>alert('x')</script> & \"引号\" 'single'"


class _Collect(HTMLParser):
    """Element tags, attributes and the text between them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(fragment: str) -> _Collect:
    parser = _Collect()
    parser.feed(fragment)
    return parser


def _tree_with(text: str) -> DocTree:
    entry = AuditEntry(text, "12.5%", f"{text} ÷ 计划", f"{text} ÷ 8")
    return DocTree(
        kind="progress",
        title=f"关于{text}的通报",
        masthead=Masthead(text, "示重办〔2025〕1号"),
        recipients=f"{text}：",
        body=(
            Heading(1, text, marker="一、"),
            Heading(2, "投资。", body=(Run(text),), marker="（一）"),
            Paragraph((Run(text), Run("12.5%", figure=entry), Run(text, "bold"))),
            Table((Column(text),), ((text,),), title=text, note=text),
        ),
        attachment_notes=(text,),
        signature=text,
        date="2025年7月8日",
        attachments=(Attachment(1, text, (Paragraph((Run(text),)),)),),
        imprint=Imprint(cc=(text,), printer=text, print_date="2025年7月8日"),
    )


@pytest.mark.parametrize(
    "text",
    [NASTY, "甲&乙<丙>丁", '"双"', "'单'", "</p><p onclick=x>"],
    ids=["script", "amp-lt-gt", "double-quote", "single-quote", "closing-tag"],
)
def test_every_string_of_the_tree_comes_out_as_text(text: str) -> None:
    """Names with < > & " ' are escaped everywhere: no element or attribute comes from the data."""
    fragment = to_html(_tree_with(text))
    parsed = _parse(fragment)
    assert {tag for tag, _ in parsed.tags} <= {
        "article", "p", "hr", "span", "strong", "div", "table", "thead", "tbody", "tr",
        "th", "td", "section", "footer", "br",
    }  # fmt: skip
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    # The text survives intact: every occurrence reads back as the data wrote it.
    assert "".join(parsed.text).count(text) >= 10
    for _, attrs in parsed.tags:
        if "data-label" in attrs:
            assert attrs["data-label"] == text
            assert attrs["data-formula"] == f"{text} ÷ 计划"


def test_a_figure_is_a_span_with_its_audit_entry() -> None:
    """A run with a figure becomes a focusable span holding label, formula and inputs."""
    fragment = to_html(_tree_with("东城区"))
    [(tag, attrs)] = [(t, a) for t, a in _parse(fragment).tags if a.get("class") == "fig"]
    assert tag == "span"
    assert attrs == {
        "class": "fig",
        "tabindex": "0",
        "data-kind": "figure",
        "data-label": "东城区",
        "data-formula": "东城区 ÷ 计划",
        "data-inputs": "东城区 ÷ 8",
    }
    assert re.search(r'class="fig"[^>]*>12\.5%</span>', fragment)


def test_headings_print_their_numbers() -> None:
    """Headings show the markers the library assigned (一、 （一）), run-in bodies beside them."""
    fragment = to_html(_tree_with("东城区"))
    assert '<p class="h1">一、东城区</p>' in fragment
    assert '<span class="h2">（一）投资。</span>东城区' in fragment


def test_a_lone_attachment_is_marked_without_a_number() -> None:
    """GB/T 9704 7.5: one attachment reads 附件, several 附件1, 附件2."""
    assert '<p class="attachment-label">附件</p>' in to_html(_tree_with("甲"))


def test_the_example_preview_holds_the_printed_text() -> None:
    """The example's preview reads, tags aside, as its text: title, numbered headings, figures."""
    tree = compose(load_report(EXAMPLE), "progress", mark_figures=True)
    fragment = to_html(tree)
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    assert "关于2025年1—6月全市重点项目建设进展情况的通报" in text.replace("\n", "")
    assert "一、总体进展情况" in text
    assert fragment.count('class="fig"') >= 30
    for block in tree.body:
        if isinstance(block, Paragraph):
            assert block.text in text


def test_a_figure_in_a_heading_is_a_span_after_its_number() -> None:
    """A heading whose text has marked runs prints its number, then the runs, the figure a span."""
    entry = AuditEntry("续建项目个数", "41", "全部项目中续建项目个数", "")
    heading = Heading(
        1, "续建项目41个", marker="一、", runs=(Run("续建项目"), Run("41", figure=entry), Run("个"))
    )
    fragment = to_html(DocTree(kind="progress", title="通报", body=(heading,)))
    assert re.search(r'<p class="h1">一、续建项目<span class="fig"[^>]*>41</span>个</p>', fragment)
