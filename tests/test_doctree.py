"""Document-tree helpers: heading numbering and title line breaks."""

from __future__ import annotations

import pytest

from bulletin.doctree import (
    DocTree,
    Heading,
    Paragraph,
    Run,
    break_name,
    break_signature,
    break_title,
    number_headings,
)


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


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("示例市重点项目建设领导小组办公室", ("示例市重点项目建设领导小组办公室",)),
        (
            "中共示例市委示例市人民政府重点项目建设工作领导小组办公室",
            ("中共示例市委示例市人民政府", "重点项目建设工作领导小组办公室"),
        ),
        (
            # Never 办/公室 nor 委/员会: organs stay whole.
            "示例市发展和改革委员会示例市重点项目建设领导小组办公室",
            ("示例市发展和改革委员会", "示例市重点项目建设领导小组办公室"),
        ),
        (
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八",
            ("一二三四五六七八九十一二三四", "五六七八九十一二三四五六七八"),
        ),
    ],
    ids=["fits", "party-and-government", "two-offices", "no-organ-break"],
)
def test_a_long_signature_breaks_after_whole_organs(name: str, lines: tuple[str, ...]) -> None:
    """A 署名 wider than its 26 characters takes balanced lines of whole organs (else halves)."""
    assert break_signature(name, 26) == lines
    assert "".join(lines) == name


@pytest.mark.parametrize(
    ("name", "room", "lines"),
    [
        ("市住房和城乡建设局建设管理科科长", 14.5, ("市住房和城乡建设局", "建设管理科科长")),
        (
            "示例市第二人民医院门诊综合楼及配套地下停车场建设工程（二期）",
            19.5,
            ("示例市第二人民医院门诊综合楼及", "配套地下停车场建设工程（二期）"),
        ),
    ],
    ids=["unit-and-post", "project"],
)
def test_a_long_name_breaks_into_even_lines_between_words(
    name: str, room: float, lines: tuple[str, ...]
) -> None:
    """A cell's name takes lines as even as its word boundaries allow, not greedy ones."""
    assert break_name(name, room, 0.25) == lines
