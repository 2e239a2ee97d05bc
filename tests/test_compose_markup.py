"""The markup templates write, parsed into document-tree blocks."""

from __future__ import annotations

import pytest

from bulletin.compose import parse_blocks
from bulletin.doctree import Heading, Paragraph, Run


def test_blank_lines_separate_paragraphs_and_lines_join() -> None:
    """Lines of one paragraph join without spaces; a blank line starts a new one."""
    blocks = parse_blocks("全市共有\n  重点项目96个。\n\n第二段。\n")
    assert blocks == [Paragraph((Run("全市共有重点项目96个。"),)), Paragraph((Run("第二段。"),))]


@pytest.mark.parametrize(
    ("markup", "level"),
    [("# 总体进展", 1), ("## 项目建设", 2), ("### 工业项目", 3), ("#### 细项", 4)],
    ids=["level-1", "level-2", "level-3", "level-4"],
)
def test_hashes_give_heading_level(markup: str, level: int) -> None:
    """One to four leading hashes make a heading of that level, unnumbered."""
    (block,) = parse_blocks(markup)
    assert isinstance(block, Heading)
    assert (block.level, block.text, block.body, block.marker) == (
        level,
        markup.lstrip("# "),
        (),
        "",
    )


def test_lines_after_a_heading_are_its_run_in_body() -> None:
    """A heading followed by lines in the same paragraph is a run-in heading."""
    (block,) = parse_blocks("## 项目建设提速。\n全市完成投资\n53.2亿元。")
    assert block == Heading(2, "项目建设提速。", body=(Run("全市完成投资53.2亿元。"),))


def test_double_stars_mark_emphasis() -> None:
    """``**text**`` becomes an emphasised run between plain ones."""
    (block,) = parse_blocks("我们要**真抓实干**，确保完成。")
    assert isinstance(block, Paragraph)
    assert block.runs == (Run("我们要"), Run("真抓实干", emphasis="bold"), Run("，确保完成。"))
