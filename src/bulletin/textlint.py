"""Text lint: the mistakes a careful secretary would circle in red.

Used by the tests on every built-in document and available to users
(``bulletin render --lint``).  It checks punctuation, leftovers of templating,
empty sections and heading numbering; it never changes the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.doctree import Block, DocTree, Heading, Paragraph, iter_text

__all__ = ["LintProblem", "lint_text", "lint_tree"]

_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("中文之间用了半角标点", re.compile(f"(?<={_CJK})[,:;()?!]|[,:;()?!](?={_CJK})")),
    ("用了全角百分号 ％", re.compile("％")),
    ("用了全角连字符 －", re.compile("－")),
    ("时间段用了短横线", re.compile(r"\d+-\d+月")),
    ("出现 None", re.compile(r"None")),
    ("出现 nan", re.compile(r"(?i)(?<![a-z])nan(?![a-z])")),
    ("残留模板语法", re.compile(r"\{\{|\}\}|\{%|%\}")),
    ("标点重复", re.compile(r"([。，、；：！？])\1|[。，、；：][。，、；：]")),
    ("百分点写成了%", re.compile(r"\d%个百分点|个百分点%")),
    ("负增长写法", re.compile(r"增长-|下降-")),
    ("数字用了千分位", re.compile(r"\d,\d{3}(?!\d)")),
    ("量词前用了“二”", re.compile(r"(?<![一二三四五六七八九十第])二[个项名家位]")),
    ("标题序号写成“1、”", re.compile(r"(?:^|\n)\s*\d+、")),
    ("空的“其中”", re.compile(r"其中[：:]\s*(?:[。；]|$)")),
)

_MARKER_RES: dict[int, re.Pattern[str]] = {
    1: re.compile(r"^([一二三四五六七八九十百]+)、"),
    2: re.compile(r"^（([一二三四五六七八九十百]+)）"),
    3: re.compile(r"^(\d+)\."),
    4: re.compile(r"^（(\d+)）"),
}


@dataclass(frozen=True, slots=True)
class LintProblem:
    """One problem: what rule, and the text around it."""

    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.rule}：…{self.excerpt}…"


def lint_text(text: str) -> list[LintProblem]:
    """Return the punctuation and leftover problems found in ``text``."""
    problems: list[LintProblem] = []
    for rule, pattern in _RULES:
        for match in pattern.finditer(text):
            start, end = max(match.start() - 8, 0), min(match.end() + 8, len(text))
            problems.append(LintProblem(rule, text[start:end].replace("\n", " ")))
    return problems


def _cn_value(text: str) -> int:
    digits = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _structure_problems(blocks: tuple[Block, ...], where: str) -> list[LintProblem]:
    problems: list[LintProblem] = []
    expected = [1, 1, 1, 1]
    for i, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        level = block.level
        match = _MARKER_RES[level].match(block.label)
        if match is None or _cn_value(match.group(1)) != expected[level - 1]:
            problems.append(LintProblem(f"{where}标题序号不连续", block.label[:20]))
        expected[level - 1] += 1
        for lower in range(level, 4):
            expected[lower] = 1
        if block.body:
            continue
        # A stand-alone heading needs content before the next heading of the
        # same or a higher level (or the end): otherwise the section is empty.
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is None or (isinstance(following, Heading) and following.level <= level):
            problems.append(LintProblem(f"{where}空章节", block.label[:20]))
    return problems


def lint_tree(tree: DocTree) -> list[LintProblem]:
    """Return every lint problem of a composed document."""
    problems = _structure_problems(tree.body, "正文")
    for attachment in tree.attachments:
        problems += _structure_problems(attachment.blocks, f"附件{attachment.number}")
        if not attachment.blocks:
            problems.append(LintProblem("空附件", attachment.title))
    for block in tree.body:
        if isinstance(block, Paragraph) and not block.text.strip():
            problems.append(LintProblem("空段落", ""))
    texts = [tree.title, tree.recipients, tree.salutation, *tree.byline, *iter_text(tree.body)]
    texts += [tree.signature, tree.date, tree.note]
    for attachment in tree.attachments:
        texts += [attachment.title, *iter_text(attachment.blocks)]
    problems += lint_text("\n".join(t for t in texts if t))
    return problems
