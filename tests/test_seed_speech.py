"""A ledger modelled on seed 002's second speech yields its figures, in sentences its reader knows.

The fixture (tests/fixtures/seed002-speech2.yaml) has 99 projects, 47 of them in
前期, 88 of 1亿元 or more and 13 of 10亿元 or more; 40.92亿元 completed of a
182.7亿元 plan by the end of May, 28.15亿元 in the same months of last year;
86 projects in the previous period; a growth target of 40.5%.  Every figure
below is worked out by hand from those numbers.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest

from bulletin.compose import compose
from bulletin.doctree import DocTree, Heading, Paragraph
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.textlint import lint_tree

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "seed002-speech2.yaml"
JUNE = HERE.parent / "examples" / "2025-06.yaml"


def _half_up(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


# The seed's figures, by hand.
PRELIMINARY_SHARE = _half_up(Decimal(47) * 100 / 99)  # 47.47… → 47.5
COMPLETION_RATE = _half_up(Decimal("40.92") * 100 / Decimal("182.7"))  # 22.397… → 22.4
SCHEDULE = _half_up(Decimal(5) * 100 / 12)  # 41.666… → 41.7
SCHEDULE_GAP = SCHEDULE - COMPLETION_RATE  # printed values: 41.7 − 22.4 = 19.3
GROWTH = _half_up((Decimal("40.92") - Decimal("28.15")) * 100 / Decimal("28.15"))  # 45.36… → 45.4


@cache
def _report() -> Report:
    return load_report(FIXTURE)


@cache
def _speech() -> DocTree:
    return compose(_report(), "speech")


def _paragraphs(tree: DocTree) -> list[str]:
    out = []
    for block in tree.body:
        if isinstance(block, Heading):
            out.append(block.text + "".join(r.text for r in block.body))
        elif isinstance(block, Paragraph):
            out.append(block.text)
    return out


def test_the_fixture_is_the_seeds_ledger() -> None:
    """The ledger holds what the seed says: 99 projects, 47 前期, 88 over 1亿元, 13 over 10亿元."""
    projects = _report().projects
    assert len(projects) == 99
    assert sum(p.stage == "前期" for p in projects) == 47
    assert sum(p.total >= 10000 for p in projects) == 88
    assert sum(p.total >= 100000 for p in projects) == 13
    assert sum(p.completed for p in projects) == Decimal(409200)  # 40.92亿元
    assert sum(p.planned for p in projects) == Decimal(1827000)  # 182.7亿元


def test_hand_computed_figures() -> None:
    """The figures the speech must state, worked out by hand."""
    assert (
        Decimal("47.5"),
        Decimal("22.4"),
        Decimal("19.3"),
        Decimal("45.4"),
    ) == (PRELIMINARY_SHARE, COMPLETION_RATE, SCHEDULE_GAP, GROWTH)


@pytest.mark.parametrize(
    "sentence",
    [
        # 还有47个项目尚在办理前期手续，占项目总数的47.5％ (seed), in our words:
        f"全市99个重点项目中，还有47个项目处在前期阶段，占项目总数的{PRELIMINARY_SHARE}%",
        # 投资过亿元的项目88个，过10亿元的项目13个 (seed):
        "投资过亿元的项目88个，过10亿元的项目13个",
        # 完成固定资产投资40.92亿元，占计划的22.4％，增长45.36％，超目标4.86个百分点 (seed):
        f"累计完成投资40.92亿元，占年度计划的{COMPLETION_RATE}%，同比增长{GROWTH}%，超目标4.9个百分点",
        f"全市投资完成率落后序时进度{SCHEDULE_GAP}个百分点",
        # 重点项目增至99个 (seed):
        "重点项目由1—4月的86个增至99个",
        # 永昌县属完成投资8.94亿元，增长42.1％ (seed):
        "永安县完成投资8.94亿元，增长42.1%",
    ],
    ids=["preliminary-share", "size-counts", "completion", "schedule-gap", "more-projects", "unit"],
)
def test_the_speech_states_the_seeds_figures(sentence: str) -> None:
    """Each of the seed's statements is in the speech, within one paragraph."""
    assert any(sentence in text for text in _paragraphs(_speech())), sentence


def test_the_share_of_preliminary_projects_is_a_problem() -> None:
    """47.5% in 前期 is news: it is said in the 问题 part, not among the achievements."""
    texts = _paragraphs(_speech())
    problems = next(i for i, t in enumerate(texts) if t.startswith(("正视", "找准")))
    where = next(i for i, t in enumerate(texts) if f"{PRELIMINARY_SHARE}%" in t)
    assert where > problems


def test_a_small_share_of_preliminary_projects_is_not_news() -> None:
    """At 9.4% (the June example) the share of 前期 projects is not said."""
    text = "\n".join(_paragraphs(compose(load_report(JUNE), "speech")))
    assert "前期阶段" not in text


def test_the_seed_speech_reads_cleanly() -> None:
    """The speech for the seed's ledger passes the text lint."""
    assert [str(p) for p in lint_tree(_speech())] == []
