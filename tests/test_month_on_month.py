"""Consecutive months read differently: what changed leads, headings move, wording turns."""

from __future__ import annotations

import importlib.util
import itertools
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from bulletin.compose import Composer, _vary, compose
from bulletin.doctree import DocTree, Heading, Paragraph
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.writers.text import to_text
from conftest import body_lines

ROOT = Path(__file__).resolve().parent.parent
MONTHS = ["01", "02", "03", "04", "05", "06"]
COMPOSER = Composer()


@cache
def _report(month: str) -> Report:
    return load_report(ROOT / "examples" / f"2025-{month}.yaml")


@cache
def _tree(month: str, kind: str) -> DocTree:
    return compose(_report(month), kind, composer=COMPOSER)


def _headings(tree: DocTree, level: int) -> list[str]:
    return [b.text for b in tree.body if isinstance(b, Heading) and b.level == level]


def _part(tree: DocTree, index: int) -> list[str]:
    """The paragraphs of the ``index``-th level-1 part (0-based), its heading first."""
    parts: list[list[str]] = []
    for block, text in zip(
        [b for b in tree.body if isinstance(b, Heading | Paragraph)], body_lines(tree), strict=True
    ):
        if isinstance(block, Heading) and block.level == 1:
            parts.append([])
        if parts:
            parts[-1].append(text)
    return parts[index]


def test_may_and_june_lead_with_what_changed() -> None:
    """June after May: the speech's 成绩 and the 通报's 总体 open on June's own figures."""
    speech = _part(_tree("06", "speech"), 0)
    assert speech[1].startswith("今年以来") and "6月份，全市重点项目完成投资40.57亿元" in speech[1]
    assert "占年度计划的14.1%" in speech[1]
    overview = _part(_tree("06", "progress"), 0)
    assert overview[1].startswith("（一）6月份进展。全市重点项目完成投资40.57亿元")


def test_the_problems_lead_with_what_fell_back() -> None:
    """June's 问题 parts open on the units that lost places since May."""
    speech = _part(_tree("06", "speech"), 1)
    assert "6月份，石桥县、东城区排名比1—5月均后退2位" in speech[1]
    problems = _part(_tree("06", "progress"), 2)
    assert problems[1] == "与1—5月相比，石桥县、东城区排名均后退2位。"


@pytest.mark.parametrize(("before", "after"), list(itertools.pairwise(MONTHS)))
def test_consecutive_months_differ_in_substance(before: str, after: str) -> None:
    """Each month states its own span's figures; the speech's points are not last month's."""
    for kind in ("speech", "progress"):
        text = to_text(_tree(after, kind))
        span = f"{int(after)}月份"
        assert f"{span}，全市重点项目完成投资" in text or f"（一）{span}进展。" in text, kind
    assert _headings(_tree(before, "speech"), 2) != _headings(_tree(after, "speech"), 2)


def test_without_a_previous_period_there_is_no_change_to_state() -> None:
    """January has no previous month: no span of its own, the portfolio is stated instead."""
    text = to_text(_tree("01", "progress"))
    assert "月份进展" not in text and "（一）项目安排。" in text


def test_the_same_file_always_reads_the_same() -> None:
    """Wording is chosen by the period, never at random: two renders are identical."""
    for kind in ("speech", "progress", "news"):
        again = compose(load_report(ROOT / "examples" / "2025-05.yaml"), kind, composer=Composer())
        assert to_text(again) == to_text(_tree("05", kind))


def test_a_phrasing_turns_with_the_period() -> None:
    """vary() gives the same option for the same period and another for the next."""
    options = ("甲", "乙", "丙")
    picks = [_vary(2025 * 12 + month, *options) for month in range(1, 13)]
    assert all(a != b for a, b in itertools.pairwise(picks))
    assert _vary(2025 * 12 + 5, *options) == _vary(2025 * 12 + 5, *options)
    assert set(picks) == set(options)


def _sameness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sameness", ROOT / "benchmarks" / "sameness.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_template_repeats_at_most_a_quarter_of_its_sentences() -> None:
    """benchmarks/sameness.py: the speech and the 通报 repeat ≤ 25% of their own sentences."""
    sameness = _sameness()
    rows = list(sameness.measure(sameness.months(), ("speech", "progress")))
    assert len(rows) == 10
    worst = max(repeated / total for _kind, _month, repeated, total, _r, _t in rows)
    assert worst <= 0.25, rows


def test_the_sameness_measure_leaves_out_the_writers_text() -> None:
    """A sentence of the writer's highlights is not counted as the template's own."""
    sameness = _sameness()
    report = _report("06")
    every = sameness.sentences(_tree("06", "speech"))
    own = sameness.own(every, sameness.writer_pieces(report))
    assert "项目推进机制更加健全。" in every and "项目推进机制更加健全。" not in own
    assert len(own) < len(every)


def test_january_is_not_compared_with_last_years_december_beside_it(tmp_path: Path) -> None:
    """A 2024-12.yaml beside 2025-01.yaml is last year's total, no 环比 base for January."""
    january = (ROOT / "examples" / "2025-01.yaml").read_text(encoding="utf-8")
    (tmp_path / "2025-01.yaml").write_text(january, encoding="utf-8")
    december = january.replace("year: 2025", "year: 2024").replace("month: 1\n", "month: 12\n")
    (tmp_path / "2024-12.yaml").write_text(december, encoding="utf-8")
    report = load_report(tmp_path / "2025-01.yaml", default_previous=tmp_path / "2024-12.yaml")
    assert report.previous_report is None
    text = to_text(compose(report, "progress", composer=COMPOSER))
    assert "1—12月" not in text and text == to_text(_tree("01", "progress"))
