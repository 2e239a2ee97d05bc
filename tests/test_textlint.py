"""Text lint: each rule catches its mistake and leaves correct text alone."""

from __future__ import annotations

import pytest

from bulletin.doctree import DocTree, Heading, Paragraph, Run, number_headings
from bulletin.textlint import lint_text, lint_tree


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("完成投资,占计划", "中文之间用了半角标点"),
        ("主要是:东城区", "中文之间用了半角标点"),
        ("东城区(46.8%)", "中文之间用了半角标点"),
        ("占年度计划的51.9％", "用了全角百分号 ％"),
        ("1－5月", "用了全角连字符 －"),
        ("1-5月全市", "时间段用了短横线"),
        ("完成投资None亿元", "出现 None"),
        ("完成率nan", "出现 nan"),
        ("完成{{ x }}", "残留模板语法"),
        ("进展顺利。。", "标点重复"),
        ("增长2%个百分点", "百分点写成了%"),
        ("增长-5.9%", "负增长写法"),
        ("总投资4,041亿元", "数字用了千分位"),
        ("新开工二个项目", "量词前用了“二”"),
        ("\n1、加快建设", "标题序号写成“1、”"),
        ("其中：。", "空的“其中”"),
    ],
    ids=lambda v: v if len(v) < 12 else v[:12],
)
def test_rule_catches_its_mistake(text: str, rule: str) -> None:
    """Each rule reports the mistake it names."""
    assert rule in {p.rule for p in lint_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "截至6月底，全市累计完成投资149.23亿元，占年度计划的51.9%，超序时进度1.9个百分点。",
        "1—6月，新开工项目22个、续建项目41个，同比增长11.0%。",
        "二十二个项目；第二，强化保障；二是加快进度。",
        "完成投资1.20亿元（东城区）。",
    ],
    ids=["progress", "period", "two", "parens"],
)
def test_correct_text_passes(text: str) -> None:
    """Well-written sentences raise no problem."""
    assert lint_text(text) == []


def _tree(*blocks: Heading | Paragraph) -> DocTree:
    return number_headings(DocTree(kind="t", title="标题", body=blocks))


def test_empty_section_is_reported() -> None:
    """A stand-alone heading followed by a heading of the same level is an empty section."""
    tree = _tree(Heading(1, "总体"), Heading(1, "问题"), Paragraph((Run("内容。"),)))
    assert [p.rule for p in lint_tree(tree)] == ["正文空章节"]


def test_run_in_heading_is_not_empty() -> None:
    """A run-in heading carries its own body and is never an empty section."""
    tree = _tree(Heading(1, "总体"), Heading(2, "投资。", body=(Run("完成。"),)))
    assert lint_tree(tree) == []


def test_numbering_gap_is_reported() -> None:
    """Markers that skip a number (一、 then 三、) are reported."""
    tree = DocTree(
        kind="t",
        title="标题",
        body=(
            Heading(1, "甲", marker="一、", body=(Run("文。"),)),
            Heading(1, "乙", marker="三、", body=(Run("文。"),)),
        ),
    )
    assert [p.rule for p in lint_tree(tree)] == ["正文标题序号不连续"]
