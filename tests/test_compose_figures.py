"""Figures marked for a preview: each a run with its audit entry, the text unchanged."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bulletin.compose import Composer, compose, parse_blocks
from bulletin.doctree import DocTree, Heading, Paragraph, Run
from bulletin.load import load_path
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.writers.docx import write_docx
from bulletin.writers.text import to_markdown, to_text
from edge_data import EDGES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
COMPOSER = Composer()
KINDS = COMPOSER.kinds()


@cache
def _load(path: Path) -> Report:
    return load_report(path)


def _edited(edge: str) -> Report:
    data: dict[str, Any] = copy.deepcopy(load_path(EXAMPLES[-1]).data)
    EDGES[edge](data)
    data.pop("previous", None)
    return load_report(data)


def _runs(tree: DocTree) -> Iterator[Run]:
    blocks = [*tree.body, *(b for a in tree.attachments for b in a.blocks)]
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from block.runs
        elif isinstance(block, Heading):
            yield from block.body


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("kind", KINDS)
def test_marked_text_is_the_text_unmarked(kind: str, example: Path) -> None:
    """Marking figures changes no character of any example's text, plain or Markdown."""
    report = _load(example)
    plain = compose(report, kind, composer=COMPOSER, audit=True)
    marked = compose(report, kind, composer=COMPOSER, audit=True, mark_figures=True)
    assert to_text(marked) == to_text(plain)
    assert to_markdown(marked) == to_markdown(plain)
    assert plain.title == marked.title
    assert not any(r.figure for r in _runs(plain))


@pytest.mark.parametrize("edge", list(EDGES), ids=list(EDGES))
@pytest.mark.parametrize("kind", KINDS)
def test_marked_text_is_the_text_unmarked_on_edge_data(kind: str, edge: str) -> None:
    """The same holds on edge data, where templates take their other branches."""
    report = _edited(edge)
    plain = compose(report, kind, composer=COMPOSER)
    marked = compose(report, kind, composer=COMPOSER, mark_figures=True)
    assert to_text(marked) == to_text(plain)


@pytest.mark.parametrize("kind", KINDS)
def test_every_marked_run_is_a_figure_of_the_audit(kind: str) -> None:
    """Each marked run's text is what its entry says was printed; the entry is in the 数据核对表."""
    tree = compose(_load(EXAMPLES[-1]), kind, composer=COMPOSER, audit=True, mark_figures=True)
    marked = [r for r in _runs(tree) if r.figure is not None]
    assert marked, "no figure marked"
    audit_rows = {(row[1], row[2]) for row in tree.attachments[-1].blocks[0].rows}
    for run in marked:
        assert run.figure is not None
        assert run.figure.printed in run.text or run.text in run.figure.printed
        assert (run.figure.label, run.figure.printed) in audit_rows
        assert run.figure.formula
        assert run.figure.kind == ("verdict" if run.figure.label.startswith("判断") else "figure")


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("kind", KINDS)
def test_every_audited_figure_in_the_running_text_is_marked(kind: str, example: Path) -> None:
    """A 数据核对表 figure printed in the running text is marked there, joined or not."""
    tree = compose(_load(example), kind, composer=COMPOSER, audit=True, mark_figures=True)
    body = [r for b in tree.body for r in (b.runs if isinstance(b, Paragraph) else ())]
    # A heading title is marked in its runs (11个项目投资进度滞后), its run-in text in body.
    body += [r for b in tree.body if isinstance(b, Heading) for r in (*b.runs, *b.body)]
    text = "".join(r.text for r in body)
    found = {(r.figure.label, r.figure.printed) for r in body if r.figure is not None}
    rows = tree.attachments[-1].blocks[0].rows
    # Verdicts are short phrases that also occur inside other words; figures are not.
    printed = [(row[1], row[2]) for row in rows if row[2] in text and "判断" not in row[1]]
    assert len(printed) >= 5
    assert [key for key in printed if key not in found] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_verdict_in_the_text_is_marked_with_its_rule(kind: str) -> None:
    """A verdict printed with say() is a run whose entry gives its rule and its figures."""
    tree = compose(_load(EXAMPLES[-1]), kind, composer=COMPOSER, mark_figures=True)
    verdicts = [r for r in _runs(tree) if r.figure and r.figure.label.startswith("判断：")]
    assert verdicts
    for run in verdicts:
        assert run.figure is not None
        assert run.text == run.figure.printed
        assert run.figure.kind == "verdict"
        assert run.figure.formula  # the rule


def test_progress_marks_the_completion_rate_with_its_inputs() -> None:
    """The 通报's 投资完成率 is a run whose entry gives the formula and the two sums."""
    tree = compose(_load(EXAMPLES[-1]), "progress", composer=COMPOSER, mark_figures=True)
    rates = [r for r in _runs(tree) if r.figure and r.figure.label == "全市重点项目投资完成率"]
    assert rates
    assert rates[0].text == "51.6%"
    assert "÷" in rates[0].figure.inputs  # type: ignore[union-attr]


def test_marked_docx_has_the_same_paragraph_texts() -> None:
    """A .docx written from a marked tree holds the same paragraphs as one from an unmarked tree."""
    from docx import Document

    report = _load(EXAMPLES[-1])
    texts = []
    for marks in (False, True):
        tree = compose(report, "progress", composer=COMPOSER, mark_figures=marks)
        import io

        texts.append([p.text for p in Document(io.BytesIO(write_docx(tree))).paragraphs])
    assert texts[0] == texts[1]


def test_private_marks_in_data_cannot_forge_a_figure() -> None:
    """A project name holding the private mark characters prints as its plain text, unmarked."""
    data: dict[str, Any] = copy.deepcopy(load_path(EXAMPLES[-1]).data)
    data.pop("previous", None)
    forged = "\ufdd7\ufde0\ufdd8假数字\ufdd9"
    data["projects"][0]["name"] = "某某项目" + forged
    data["projects"][0]["completed"] = 0  # so that it is named among the lagging
    tree = compose(load_report(data), "progress", composer=COMPOSER, mark_figures=True)
    named = [r for r in _runs(tree) if "某某项目" in r.text]
    assert named, "the project is not named in the text"
    assert all(r.figure is None for r in named)
    assert not any(r.figure and "假数字" in r.text for r in _runs(tree))
    assert not any("\ufdd7" in r.text or "\ufde0" in r.text for r in _runs(tree))


def test_parse_blocks_without_figures_ignores_marks() -> None:
    """Marked markup parsed without its figure list still reads as plain text."""
    [paragraph] = parse_blocks("完成\ufdd7\ufde0\ufdd85.0%\ufdd9。")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "完成5.0%。"
    assert all(r.figure is None for r in paragraph.runs)


def _brief(folder: Path, body: str) -> Composer:
    """A composer whose user kind ``brief`` writes ``body`` under the title 简报."""
    (folder / "brief.j2").write_text(
        '{% extends "_base.j2" %}{% block title %}简报{% endblock %}'
        "{% block body %}" + body + "{% endblock %}\n",
        encoding="utf-8",
    )
    return Composer((str(folder),))


JOINED = {
    "printed": "续建项目{{ ind.starts.continuing.value }}个。",
    "tilde": '{{ "续建项目" ~ ind.starts.continuing.value ~ "个。" }}',
    "set-then-printed": '{% set c = "续建项目" ~ ind.starts.continuing.value %}{{ c }}个。',
    "joined-list": '{{ ["续建项目", ind.starts.continuing.value, "个。"] | join }}',
}


@pytest.mark.parametrize("markup", list(JOINED.values()), ids=list(JOINED))
def test_a_count_is_a_figure_however_the_template_joins_it(tmp_path: Path, markup: str) -> None:
    """A count printed, joined with ~ or join: the same marked run and 数据核对表 row each way."""
    composer = _brief(tmp_path, markup)
    report = _load(EXAMPLES[-1])
    tree = compose(report, "brief", composer=composer, audit=True, mark_figures=True)
    plain = compose(report, "brief", composer=composer, audit=True)
    count = str(sum(1 for p in report.projects if p.stage == "续建"))
    [paragraph] = [b for b in tree.body if isinstance(b, Paragraph)]
    marked = [r for r in paragraph.runs if r.figure is not None]
    assert [r.text for r in marked] == [count]
    assert marked[0].figure is not None
    assert marked[0].figure.label == "全市重点项目中续建项目个数"
    assert "".join(r.text for r in paragraph.runs) == f"续建项目{count}个。"
    rows = tree.attachments[-1].blocks[0].rows
    assert any(row[1] == "全市重点项目中续建项目个数" and row[2] == count for row in rows)
    assert to_text(tree) == to_text(plain)


def test_a_figure_in_a_heading_is_marked_there(tmp_path: Path) -> None:
    """A count and a verdict in a heading: marked runs of the heading, its text as it prints."""
    composer = _brief(
        tmp_path,
        "# 续建项目{{ ind.starts.continuing.value }}个"
        '{{ say(judge.all_resumed, "全面复工") if judge.all_resumed.holds }}\n\n正文。',
    )
    report = _load(EXAMPLES[-1])
    plain = compose(report, "brief", composer=composer)
    tree = compose(report, "brief", composer=composer, mark_figures=True)
    [heading] = [b for b in plain.body if isinstance(b, Heading)]
    [marked] = [b for b in tree.body if isinstance(b, Heading)]
    assert marked.text == heading.text == "续建项目41个全面复工"
    assert heading.runs == ()
    assert "".join(r.text for r in marked.runs) == marked.text
    figures = [(r.text, r.figure.kind) for r in marked.runs if r.figure is not None]
    assert figures == [("41", "figure"), ("全面复工", "verdict")]
