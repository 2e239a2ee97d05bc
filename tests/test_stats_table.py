"""The stats view: CJK-aware alignment and the figures it prints, rounded at display."""

from __future__ import annotations

import pytest

from bulletin.indicators import compute
from bulletin.stats_table import display_width, render_stats
from test_indicators import build, small_data


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc", 3),
        ("东城区", 6),
        ("5G基站", 6),
        ("（并列）", 8),  # full-width parentheses are wide too
        ("—", 1),  # the em dash is ambiguous width: one column in most terminals
    ],
    ids=["empty", "ascii", "cjk", "mixed", "fullwidth", "ambiguous"],
)
def test_display_width(text: str, width: int) -> None:
    """Wide and full-width characters take two columns, others one."""
    assert display_width(text) == width


@pytest.fixture(scope="module")
def text() -> str:
    """The stats view of the small report."""
    return render_stats(compute(build(small_data())))


@pytest.mark.parametrize(
    "fragment",
    [
        "全市重点项目统计（2025年1—6月，金额单位：万元）",
        # 46500 ÷ 95000 = 48.947…% → 48.9%, with its inputs
        "48.9%（46500/95000）",
        "50.0%（6/12）",
        # printed gap 48.9 − 50.0
        "-1.1",
        # 新开工率 2 of 3 due → 66.7%; 开工率 9 of 11 → 81.8%
        "66.7%（2/3）",
        "81.8%（9/11）",
        # 同比 (46500 − 37200) ÷ 37200 = 25.0%
        "25.0%",
        "1（并列）",
        "落后序时进度的单位：东城区",
        "征地拆迁未完成",
        "规模：10亿元及以上",
        "670000.00",
    ],
)
def test_stats_view_prints_figure(text: str, fragment: str) -> None:
    """The view prints each figure rounded by the report's settings, with its inputs."""
    assert fragment in text


def test_undefined_rate_prints_dash(text: str) -> None:
    """A unit without projects shows — for its rates, never 0."""
    row = next(line for line in text.splitlines() if line.startswith("北城区"))
    assert "—" in row
    assert "0.0%" not in row


def test_unit_table_columns_line_up(text: str) -> None:
    """Every line of the unit table has the same display width (right-aligned last column)."""
    lines = text.splitlines()
    start = lines.index("【各单位】") + 1
    table = lines[start : start + 2 + 4]
    assert table[-1].startswith("北城区")
    assert len({display_width(line) for line in table}) == 1


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [
        ("51.6%", 0.516, "0.0%"),
        ("100.0%", 1.0, "0.0%"),
        ("+1.6", 1.6, "+0.0;-0.0;0.0"),
        ("-3.4", -3.4, "0.0"),
        ("2820000.00", 2820000.0, "0.00"),
        ("96", 96.0, "0"),
        ("83.3%（20/24）", 0.833, '0.0%"（20/24）"'),
        ("1（并列）", 1.0, '0"（并列）"'),
    ],
)
def test_a_printed_figure_is_a_number_shown_as_printed(text: str, value: float, shown: str) -> None:
    """stats --xlsx writes a figure as a number whose format prints it as bulletin stats does."""
    from bulletin.writers.xlsx import _numeric

    found = _numeric(text)
    assert found is not None
    assert found[0] == pytest.approx(value) and found[1] == shown


@pytest.mark.parametrize(
    "text", ["否", "是，+1.6", "累计完成投资 1368600.00", "2号园区", "5%以上", "1.2.3"]
)
def test_words_and_figures_in_words_stay_text(text: str) -> None:
    """What is not one figure (with at most a bracket after it) is written as the text it is."""
    from bulletin.writers.xlsx import _numeric

    assert _numeric(text) is None
