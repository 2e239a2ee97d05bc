"""Fifteen situations a ledger can be in, as all four kinds: goldens, and what each must say."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from bulletin.compose import Composer, compose
from bulletin.doctree import DocTree, Heading, Paragraph
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.textlint import lint_tree
from bulletin.writers.text import to_text
from conftest import body_lines

HERE = Path(__file__).resolve().parent
SITUATIONS = HERE / "fixtures" / "situations"
GOLDEN = HERE / "golden" / "situations"
NAMES = sorted(p.stem for p in SITUATIONS.glob("*.yaml"))
KINDS = ("progress", "speech", "news", "commendation")
COMPOSER = Composer()


@cache
def _report(name: str) -> Report:
    return load_report(SITUATIONS / f"{name}.yaml")


@cache
def _tree(name: str, kind: str) -> DocTree:
    return compose(_report(name), kind, composer=COMPOSER)


def _body(name: str, kind: str) -> str:
    """The text of the body only (no annex tables), one block a line."""
    return "\n".join(body_lines(_tree(name, kind)))


def test_there_are_the_fifteen_situations() -> None:
    """The situations the issue names each have a fixture."""
    expected = sorted(
        [
            "all-ahead",
            "all-behind",
            "one-unit",
            "towns-and-parks",
            "quarter",
            "half-year",
            "full-year-next-january",
            "december-89",
            "january",
            "no-start-months",
            "tiny-county",
            "zero-month",
            "yoy-subset",
            "year-basis-mid-month",
            "county-issuer",
        ]
    )
    assert expected == NAMES


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_golden_text(name: str, kind: str) -> None:
    """Each situation renders its reviewed golden text (BULLETIN_UPDATE_GOLDEN=1 rewrites)."""
    golden = GOLDEN / f"{name}-{kind}.txt"
    actual = to_text(_tree(name, kind))
    if os.environ.get("BULLETIN_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_lint_free(name: str, kind: str) -> None:
    """No empty part, no None, no stray punctuation, numbering in order."""
    assert [str(p) for p in lint_tree(_tree(name, kind))] == []


ALL = KINDS
# (situation, kinds, phrases that must be in the body, phrases that must not)
EXPECTATIONS: list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    (
        "all-ahead",
        ("progress",),
        ("总体进展顺利", "均达到序时进度"),
        ("存在的问题", "低于序时进度"),
    ),
    ("all-ahead", ("speech",), ("保持了良好势头", "决不能有松口气"), ("正视", "找准短板", "落后")),
    (
        "all-behind",
        ("progress",),
        ("均低于序时进度", "同比下降41.0%"),
        ("总体进展顺利", "走在前列"),
    ),
    (
        "all-behind",
        ("speech",),
        ("都没有达到序时进度",),
        ("走在前列", "良好势头", "在肯定成绩的同时"),
    ),
    (
        "all-behind",
        ("news",),
        ("听取了1—8月份全市重点项目建设情况汇报，指出，",),
        ("肯定", "好的势头"),
    ),
    (
        "one-unit",
        ("progress",),
        ("开发区党工委、管委会", "以来，各有关部门认真落实"),
        ("各部门进展情况", "附件2"),
    ),
    ("one-unit", ALL, ("全区",), ("全市", "区委", "各部门、")),
    ("one-unit", ("speech",), (), ("走在前列",)),
    ("towns-and-parks", ALL, ("全县",), ("全市", "县（区）", "市委")),
    ("towns-and-parks", ("progress",), ("各乡镇（街道）、开发区进展情况", "24个单位中有20个"), ()),
    ("towns-and-parks", ("speech",), ("除河口镇、青石镇、龙泉镇、双河镇外",), ()),
    ("quarter", ("progress",), ("前三季度全市", "有新开工任务的2个区"), ()),
    ("quarter", ("speech", "news"), ("前三季度",), ("下半年",)),
    (
        "half-year",
        ("progress",),
        ("序时进度为49.6%", "距“时间过半、任务过半”目标还差0.1个百分点"),
        (),
    ),
    ("half-year", ("speech", "news"), ("下半年",), ("实现“双过半”", "实现“时间过半")),
    (
        "full-year-next-january",
        ("progress",),
        ("超额完成年度计划", "2025年，各县（区）"),
        ("今年以来", "明年", "序时进度为100.0%", "超序时进度"),
    ),
    (
        "full-year-next-january",
        ("speech",),
        ("去年", "今年项目建设", "超额完成年度投资计划"),
        ("明年", "今年以来", "确保完成全年"),
    ),
    (
        "full-year-next-january",
        ("news", "commendation"),
        ("今年",),
        ("明年", "确保完成全年计划投资"),
    ),
    (
        "december-89",
        ("progress",),
        ("为年度计划的89.0%，未完成年度计划，差11.0个百分点",),
        ("超序时进度", "序时进度为100.0%", "总体进展顺利"),
    ),
    ("december-89", ("speech",), ("没有完成年度计划", "明年"), ("良好势头", "确保完成全年")),
    ("january", ("progress",), ("1月全市", "均未到计划开工时间，其中1个已提前开工"), ()),
    ("no-start-months", ALL, (), ("未到计划开工时间", "提前开工", "应开工的新开工项目")),
    ("no-start-months", ("speech",), (), ("开复工有序推进",)),
    ("tiny-county", ALL, ("万元", "全县"), ("亿元", "全市")),
    ("tiny-county", ("progress",), ("各乡镇进展情况",), ("县（区）",)),
    (
        "zero-month",
        ALL,
        (),
        (
            "0万元",
            "0.0%",
            "取得一定成效",
            "取得了一定成效",
            "明显成效",
            "取得一定进展",
            "有序推进",
            "走在前列",
            "已开工0个",
        ),
    ),
    ("zero-month", ("progress", "speech"), ("尚未起步",), ()),
    (
        "yoy-subset",
        ("progress",),
        ("填报上年同期数的3个项目，同口径累计完成投资同比增长91.4%",),
        ("；累计完成投资同比",),
    ),
    ("yoy-subset", ("speech", "news", "commendation"), (), ("同比", "91.4%")),
    ("year-basis-mid-month", ALL, ("截至9月15日",), ("9月底前",)),
    (
        "year-basis-mid-month",
        ("progress",),
        (
            "占全年计划的50.0%",
            "计划9月及以前开工的新开工项目中，截至9月15日仍未开工的是",
            "2个项目尚未开工",
            "序时进度为70.8%",
        ),
        ("未按期开工", "应开工项目"),
    ),
    ("county-issuer", ALL, ("全县",), ("全市", "市委", "市重点项目")),
    (
        "county-issuer",
        ("progress",),
        (
            "县委、县政府",
            "青山县重点项目建设领导小组办公室将继续",
            "各乡镇（街道）、青山县交通运输局",
        ),
        ("县（区）",),
    ),
]


@pytest.mark.parametrize(
    ("name", "kinds", "present", "absent"),
    EXPECTATIONS,
    ids=[
        f"{e[0]}-{'+'.join(e[1]) if e[1] != ALL else 'all'}-{i}" for i, e in enumerate(EXPECTATIONS)
    ],
)
def test_situation_says_what_the_data_support(
    name: str, kinds: tuple[str, ...], present: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    """Each situation's texts state what its data hold, and none of what they contradict."""
    for kind in kinds:
        body = _body(name, kind)
        for phrase in present:
            assert phrase in body, f"{kind}: {phrase!r} missing"
        for phrase in absent:
            assert phrase not in body, f"{kind}: {phrase!r} printed"


def test_no_problem_part_only_when_nothing_falls_short() -> None:
    """A situation with a shortfall has a 问题 part in the bulletin and the speech; others none."""
    for name in NAMES:
        ahead = name == "all-ahead"
        for kind, heading in (("progress", "存在的问题"), ("speech", "正视问题|正视差距|找准短板")):
            has = bool(re.search(heading, _body(name, kind)))
            assert has is not ahead, f"{name}/{kind}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_every_figure_is_traceable(name: str, kind: str) -> None:
    """Each number printed is an audited figure or a data value, in every situation."""
    from test_documents import _traceability_problems

    problems = _traceability_problems(kind, _report(name))
    assert problems == [], "figures from nowhere:\n" + "\n".join(problems)


def figures_said_twice(tree: DocTree) -> list[str]:
    """Figures printed twice within one paragraph (or run-in heading), with the paragraph."""
    from collections import Counter

    found = []
    for block in tree.body:
        if isinstance(block, Heading):
            runs = block.body
        elif isinstance(block, Paragraph):
            runs = block.runs
        else:
            continue
        labels = Counter(r.figure.label for r in runs if r.figure and r.figure.kind == "figure")
        found += [
            f"{label}: {''.join(r.text for r in runs)[:60]}" for label, n in labels.items() if n > 1
        ]
    return found


ROOT = HERE.parent
OTHER_DATA = [
    *sorted((ROOT / "examples").glob("2025-*.yaml")),
    HERE / "fixtures" / "seed002-speech2.yaml",
    *(SITUATIONS / f"{name}.yaml" for name in NAMES),
]


# The seed's ledger has no 表彰名单, so no 表彰通报.
TWICE_CASES = [
    (path, kind)
    for path in OTHER_DATA
    for kind in KINDS
    if not (path.stem.startswith("seed002") and kind == "commendation")
]


@pytest.mark.parametrize(
    ("path", "kind"), TWICE_CASES, ids=[f"{p.stem}-{k}" for p, k in TWICE_CASES]
)
def test_no_figure_is_said_twice_in_a_paragraph(path: Path, kind: str) -> None:
    """A paragraph states each figure once: the examples, the seed's ledger, every situation."""
    tree = compose(load_report(path), kind, composer=COMPOSER, mark_figures=True)
    assert figures_said_twice(tree) == []


def test_a_figure_said_twice_is_found(tmp_path: Path) -> None:
    """The check above catches a template that states one figure twice in a paragraph."""
    (tmp_path / "progress.j2").write_text(
        '{% extends "builtin/progress.j2" %}{% block opening %}'
        "完成投资{{ ind.progress.completed | amount }}，即{{ ind.progress.completed | amount }}。"
        "{% endblock %}",
        encoding="utf-8",
    )
    tree = compose(_report("quarter"), "progress", composer=Composer([tmp_path]), mark_figures=True)
    assert [line.split(":")[0] for line in figures_said_twice(tree)] == ["全市重点项目累计完成投资"]
