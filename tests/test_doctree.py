"""Document-tree helpers: heading numbering and title line breaks."""

from __future__ import annotations

import pytest

from bulletin.doctree import DocTree, Heading, Paragraph, Run, break_title, number_headings


def test_headings_are_numbered_by_level_and_restart_below() -> None:
    """一、（一）（二）二、（一）1.: a higher heading restarts the counts below it."""
    tree = number_headings(
        DocTree(
            kind="t",
            title="t",
            body=(
                Heading(1, "a"),
                Heading(2, "b"),
                Heading(2, "c"),
                Paragraph((Run("x"),)),
                Heading(1, "d"),
                Heading(2, "e"),
                Heading(3, "f"),
                Heading(4, "g"),
            ),
        )
    )
    markers = [b.marker for b in tree.body if isinstance(b, Heading)]
    assert markers == ["一、", "（一）", "（二）", "二、", "（一）", "1.", "（1）"]


def test_skipping_a_level_down_is_allowed() -> None:
    """A level-3 heading straight under a level-1 one is numbered 1."""
    tree = number_headings(DocTree(kind="t", title="t", body=(Heading(1, "a"), Heading(3, "b"))))
    assert [b.marker for b in tree.body if isinstance(b, Heading)] == ["一、", "1."]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("全市重点项目建设推进会召开", ("全市重点项目建设推进会召开",)),
        (
            "关于2025年1—6月全市重点项目建设进展情况的通报",
            ("关于2025年1—6月全市", "重点项目建设进展情况的通报"),
        ),
        (
            "关于表彰2025年上半年全市重点项目建设先进单位和先进个人的通报",
            # After 全市: 重点项目建设 is one word (issue 17).
            ("关于表彰2025年上半年全市", "重点项目建设先进单位和先进个人的通报"),
        ),
    ],
    ids=["fits", "progress", "commendation"],
)
def test_long_titles_break_between_words(title: str, lines: tuple[str, ...]) -> None:
    """A title wider than a line breaks at a word boundary into balanced lines."""
    assert break_title(title) == lines
    assert "".join(lines) == title


def test_title_without_a_break_point_stays_whole() -> None:
    """With no acceptable break a title is left on one (overflowing) line, never cut mid-word."""
    title = "示" * 30
    assert break_title(title) == (title,)
