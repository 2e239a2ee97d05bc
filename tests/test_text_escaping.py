"""Text of the tree never becomes structure: Markdown escaped, plain text keeps rows, paragraphs."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from bulletin.compose import compose
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
    number_headings,
)
from bulletin.load import load_path
from bulletin.source import load_report
from bulletin.writers.text import to_markdown, to_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"

HOSTILE = [
    "<script>alert(1)</script>",
    "[点这里](javascript:alert(1))",
    "![图](http://evil.example/x.png)",
    "_斜体_与*斜体*",
    "`代码`",
    "~~删除~~",
    "# 假标题 **粗**",
    "1. 第一项",
    "- 列表项",
    "> 引用",
    "---",
    "https://evil.example/a",
    "www.evil.example",
    "someone@evil.example",
    "&lt;b&gt; &amp;",
    "    缩进四格",
    "$x^2$ ==标记== {.类}",
    "反斜杠\\结尾\\",
    "竖线|分隔",
]
# What our own structure may render to; anything else came from the text.
ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "strong", "br", "hr", "ol", "li"}
ALLOWED_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}


class _Tags(HTMLParser):
    """The tags of rendered HTML, and its text.

    GFM links every e-mail address in any text, whatever is escaped (its
    spec: "recognised within any text node"); such a link shows the address
    as written, so it is not counted as markup.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.fullmatch(r"mailto:[\w.+-]+@[\w.-]+", href):
            return
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _render(markdown: str) -> _Tags:
    """``markdown`` rendered as GitHub renders it (raw HTML allowed, so none is hidden)."""
    parsed = _Tags()
    parsed.feed(
        cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    )
    return parsed


def _hostile_tree() -> DocTree:
    name = "、".join(HOSTILE)
    table = Table(
        (Column("项目" + HOSTILE[0]), Column("单位|甲", "right")),
        tuple((text, "东城区\n工程\t二期") for text in HOSTILE),
        title="表" + HOSTILE[1],
        note="注" + HOSTILE[6],
    )
    return number_headings(
        DocTree(
            kind="progress",
            title=name,
            masthead=Masthead(HOSTILE[2], HOSTILE[3]),
            byline=(HOSTILE[4],),
            recipients=HOSTILE[5],
            body=(
                Heading(1, HOSTILE[6]),
                Heading(2, HOSTILE[7], body=(Run(HOSTILE[8]), Run(HOSTILE[9], "bold"))),
                *(Paragraph((Run(text),)) for text in HOSTILE),
                Paragraph((Run(HOSTILE[10]), Run(HOSTILE[11], "bold"), Run(HOSTILE[12]))),
            ),
            attachment_notes=(HOSTILE[13], HOSTILE[14]),
            signature=HOSTILE[15],
            date=HOSTILE[16],
            note=HOSTILE[17],
            attachments=(Attachment(1, HOSTILE[13], (table,)), Attachment(2, HOSTILE[14])),
            imprint=Imprint(cc=(HOSTILE[0], HOSTILE[18]), printer=HOSTILE[1], print_date="2025年"),
        )
    )


def test_markdown_of_hostile_text_renders_as_that_text_and_only_our_structure() -> None:
    """Rendered by cmark-gfm, no link, image, HTML, emphasis, list or row comes from the text."""
    tree = _hostile_tree()
    rendered = _render(to_markdown(tree))
    assert set(rendered.tags) <= ALLOWED_TAGS, sorted(set(rendered.tags) - ALLOWED_TAGS)
    text = "".join(rendered.text)
    for hostile in HOSTILE:
        assert hostile.strip() in text, hostile
    assert rendered.tags.count("tr") == 1 + len(HOSTILE)
    assert rendered.tags.count("td") == 2 * len(HOSTILE)
    assert rendered.tags.count("li") == 2  # the two attachment notes, our list
    assert rendered.tags.count("h2") == 2 + 1  # 一、 and the two attachment titles, one level down
    assert "东城区 工程 二期" in text


def test_markdown_of_a_bulletin_from_hostile_data_is_text_only() -> None:
    """End to end: names and writer's items full of markup come out of to_markdown as text."""
    data = copy.deepcopy(load_path(EXAMPLE).data)
    data.pop("previous", None)
    renamed = {}
    for project, hostile in zip(data["projects"], HOSTILE * 10, strict=False):
        renamed[project["name"]] = project["name"] + hostile
        project["name"] = renamed[project["name"]]
    for visit in data["meeting"].get("visits", []):  # a visit names its project
        visit["project"] = renamed.get(visit["project"], visit["project"])
    data["problems"] = ["# 假标题 **粗**", "[x](javascript:alert(1)) <script>x</script>"]
    tree = compose(load_report(data), "progress")
    plain = _render(to_markdown(tree))
    structure = _render(to_markdown(compose(load_report(load_path(EXAMPLE).data), "progress")))
    assert set(plain.tags) <= ALLOWED_TAGS
    assert plain.tags.count("tr") == structure.tags.count("tr")
    assert plain.tags.count("h2") == structure.tags.count("h2")
    text = "".join(plain.text)
    assert "# 假标题 **粗**" in text and "[x](javascript:alert(1)) <script>x</script>" in text


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("东城区\n工程", "东城区 工程"),
        ("东城区\r\n工程", "东城区 工程"),
        ("甲\t乙", "甲 乙"),
        ("响铃\x07与\x1b[31m颜色", "响铃与[31m颜色"),
    ],
    ids=["newline", "crlf", "tab", "control-characters"],
)
def test_a_plain_text_table_keeps_one_line_and_one_column_per_cell(cell: str, shown: str) -> None:
    """A newline or tab in a name would cut the row; a control character would reach a terminal."""
    table = Table((Column("项目"), Column("单位")), ((cell, "东城区"), ("二号", "西城区")))
    text = to_text(DocTree(kind="progress", title="表", body=(table,)))
    lines = text.splitlines()
    header = lines.index("项目\t单位")
    assert lines[header + 1 : header + 3] == [f"{shown}\t东城区", "二号\t西城区"]


def test_a_plain_text_paragraph_gains_no_paragraph_break_from_its_text() -> None:
    """A blank line inside a paragraph's text stays inside that paragraph."""
    tree = DocTree(
        kind="progress",
        title="题",
        body=(Paragraph((Run("第一句。\n\n第二句。"),)), Paragraph((Run("另一段。"),))),
    )
    paragraphs = to_text(tree).strip().split("\n\n")
    assert paragraphs == ["题", "\u3000\u3000第一句。\n第二句。", "\u3000\u3000另一段。"]


def test_escaping_leaves_ordinary_text_readable() -> None:
    """Figures, dates and Chinese punctuation are not backslashed: the source still reads well."""
    tree = DocTree(
        kind="progress", title="题", body=(Paragraph((Run("完成53.2亿元，占35.4%（2025-06）。"),)),)
    )
    assert "完成53.2亿元，占35.4%（2025-06）。" in to_markdown(tree)
    assert re.search(r"\\[\u4e00-\u9fff]", to_markdown(tree)) is None
