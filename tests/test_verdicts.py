"""Verdicts in templates: say() prints a verdict only when its rule holds, and audits it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from bulletin.compose import Composer, build_context
from bulletin.errors import TemplateError
from bulletin.indicators import compute
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.writers.text import to_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"


@cache
def _example() -> Report:
    return load_report(EXAMPLE)


def _user_template(tmp_path: Path, body: str) -> Composer:
    (tmp_path / "verdict.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}' + body + "{% endblock %}", encoding="utf-8"
    )
    return Composer([tmp_path])


def _render(tmp_path: Path, body: str, report: Report | None = None, audit: bool = True):
    report = report or _example()
    composer = _user_template(tmp_path, body)
    return composer.render("verdict", build_context(report, compute(report), audit=audit))


def test_say_prints_a_verdict_that_holds_and_audits_it(tmp_path: Path) -> None:
    """A holding verdict is printed and listed with its rule and the figures behind it."""
    tree, entries = _render(
        tmp_path, '10亿元以上项目{{ say(judge.main_support, "是全年投资的主要支撑") }}。'
    )
    assert "10亿元以上项目是全年投资的主要支撑。" in to_text(tree)
    (entry,) = [e for e in entries if e.label.startswith("判断")]
    assert entry.label == "判断：全年投资的主要支撑"
    assert entry.printed == "是全年投资的主要支撑"
    assert "50%" in entry.formula and "settings.main_support_share" in entry.formula
    assert "总投资10亿元及以上项目年度计划投资占全部项目的比重 80.7%" in entry.inputs


def test_say_refuses_a_verdict_that_does_not_hold(tmp_path: Path) -> None:
    """Asserting a verdict the data contradict stops the render with the rule in the message."""
    with pytest.raises(TemplateError, match="不成立的判断“投资完成低于序时进度”"):
        _render(tmp_path, '全市{{ say(judge.behind_schedule, "进度滞后") }}。')


def test_say_wants_a_finding(tmp_path: Path) -> None:
    """A plain string in place of a finding is a template fault with a clear message."""
    with pytest.raises(TemplateError, match=r"say\(\) 的第一个参数须是一项判断"):
        _render(tmp_path, '{{ say("main_support", "是主要支撑") }}')


def test_a_verdict_tested_but_not_printed_is_not_audited(tmp_path: Path) -> None:
    """Only what is printed through say() is in the 数据核对表; a plain test is not."""
    _, entries = _render(
        tmp_path, "{% if judge.good_momentum.holds %}平{% endif %}{{ words.scope }}。"
    )
    assert not [e for e in entries if e.label.startswith("判断")]


def test_words_and_time_reach_the_templates(tmp_path: Path) -> None:
    """words and time are in the context: scope, units' noun, office, time words."""
    tree, _ = _render(
        tmp_path,
        "{{ words.scope }}|{{ words.units }}|{{ words.office }}|{{ time.since }}"
        "|{{ spoken_time.next_stage }}",
    )
    assert (
        "全市|县（区）、示例高新区|示例市重点项目建设领导小组办公室|2025年以来|下半年"
        in to_text(tree)
    )


def test_the_audit_table_of_a_built_in_document_lists_its_verdicts() -> None:
    """--audit: the 数据核对表 has a row per verdict printed, with its rule and figures."""
    from bulletin.compose import compose
    from bulletin.doctree import Table

    tree = compose(_example(), "progress", audit=True)
    (table,) = [b for b in tree.attachments[-1].blocks if isinstance(b, Table)]
    rows = {row[1]: row for row in table.rows if row[1].startswith("判断：")}
    support = rows["判断：全年投资的主要支撑"]
    assert support[2] == "是全年投资的主要支撑"
    assert "settings.main_support_share" in support[3]
    assert "80.7%" in support[4]
    momentum = rows["判断：总体进展顺利、保持良好势头"]
    assert momentum[2] == "总体进展顺利" and "51.6%" in momentum[4]
    # Only what the text asserts: 双过半 missed is not in a bulletin that met it.
    assert "判断：未实现“时间过半、任务过半”" not in rows


@pytest.mark.parametrize(("completed", "nothing"), [(0, True), (1, False)])
def test_nothing_invested_is_said_of_nothing_not_of_a_rate_that_prints_as_zero(
    completed: int, nothing: bool
) -> None:
    """1万元 of a plan of thousands prints 0.0%, but has been invested: 尚未完成投资 was said."""
    import yaml

    from bulletin.api import compose_document, write_text

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("previous", None)
    lagging = [p for p in data["projects"] if p.get("stage") == "续建"]
    for project in lagging[:3]:  # three lagging the furthest, one by nothing or by 1万元
        project["completed"] = completed
        project["started"] = True
    text = write_text(compose_document(load_report(data, filename=str(EXAMPLE)), "progress"))
    lag = next(line for line in text.splitlines() if "个项目投资进度滞后" in line)
    assert ("尚未完成投资" in lag) is nothing
    assert ("0.0%" in lag) is not nothing
