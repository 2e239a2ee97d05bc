"""Every built-in document kind: golden texts, edge data, traceable figures, names intact.

The kinds come from ``Composer().kinds()``, so a kind whose template lands
later is covered by the same tests.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pydantic import BaseModel

from bulletin import zh
from bulletin.compose import AuditEntry, Composer, build_context, compose
from bulletin.doctree import DocTree, Heading, Paragraph, Table
from bulletin.errors import DataError
from bulletin.indicators import Indicators, Quantity, compute
from bulletin.load import load_path
from bulletin.model import OCCASIONS, Report
from bulletin.source import load_report
from bulletin.textlint import lint_tree
from bulletin.writers.text import to_text
from edge_data import EDGES, all_ahead

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2025-06.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"
COMPOSER = Composer()
KINDS = COMPOSER.kinds()


# ---------------------------------------------------------------------------
# Data


@cache
def _example_data() -> Any:
    return load_path(EXAMPLE).data


@cache
def _load(path: Path) -> Report:
    return load_report(path)


def _example() -> Report:
    return _load(EXAMPLE)


def _report(edit: Callable[[dict[str, Any]], None] | None = None) -> Report:
    """The June example, edited as a mapping; its 上期 file is read once for all tests."""
    data = copy.deepcopy(_example_data())
    if edit is not None:
        edit(data)
    report = load_report(data)
    if "previous" in data:
        report = report.model_copy(update={"previous_report": _example().previous_report})
    return report


# A heading that announces problems or shortcomings.
_PROBLEM_HEADING = re.compile(r"存在的?问题|问题和不足|差距和不足|不足之处")


def _problems(tree: DocTree) -> list[str]:
    return [str(p) for p in lint_tree(tree)]


# ---------------------------------------------------------------------------
# Rendering


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("kind", KINDS)
def test_every_example_renders_without_lint(kind: str, example: Path) -> None:
    """Each kind renders each example file lint-free (a commendation list is in every month)."""
    tree = compose(_load(example), kind, composer=COMPOSER)
    assert tree.title
    assert tree.body
    assert _problems(tree) == []


@pytest.mark.parametrize("edge", list(EDGES), ids=list(EDGES))
@pytest.mark.parametrize("kind", KINDS)
def test_edge_data_renders_without_lint(kind: str, edge: str) -> None:
    """Each kind reads cleanly on edge data: one project, no new starts, no base period…"""
    tree = compose(_report(EDGES[edge]), kind, composer=COMPOSER)
    assert tree.body
    assert _problems(tree) == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_problem_section_when_nothing_lags(kind: str) -> None:
    """With every project ahead and no problems given, no 问题 section is written."""
    tree = compose(_report(all_ahead), kind, composer=COMPOSER)
    hollow = [
        b.label for b in tree.body if isinstance(b, Heading) and _PROBLEM_HEADING.search(b.text)
    ]
    assert hollow == []


def test_problem_section_appears_when_data_supplies_problems() -> None:
    """The check above has teeth: the example, with lagging projects, has the section."""
    tree = compose(_report(), "progress", composer=COMPOSER)
    assert any(isinstance(b, Heading) and b.text == "存在的问题" for b in tree.body)


# ---------------------------------------------------------------------------
# Golden texts


def _golden_diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), f"golden/{name}", "rendered", lineterm=""
    )
    return "\n".join(lines)


@pytest.mark.parametrize("kind", KINDS)
def test_golden_text(kind: str) -> None:
    """The June example renders the reviewed golden text; BULLETIN_UPDATE_GOLDEN=1 rewrites it."""
    golden = GOLDEN / f"{kind}-2025-06.txt"
    actual = to_text(compose(_example(), kind, composer=COMPOSER))
    if os.environ.get("BULLETIN_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    if not golden.exists():
        pytest.skip(f"no golden text for {kind} yet; review one made with BULLETIN_UPDATE_GOLDEN=1")
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, "rendered text differs from the golden:\n" + _golden_diff(
        expected, actual, golden.name
    )


# ---------------------------------------------------------------------------
# Every figure is traceable

# A number, with the unit that makes it a figure of a kind (49.5% is not 49.5亿元).
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:%|个百分点|万亿元|亿元|万元)?")
# Columns whose numbers are positions, not figures.
_STRUCTURAL_COLUMNS = frozenset({"序号", "排名"})


def _tokens(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def _walk(value: Any, seen: set[int]) -> Iterator[Any]:
    """Every object reachable from a report or indicator tree (models, dataclasses, containers)."""
    if id(value) in seen or isinstance(value, str | int | Decimal | dt.date | None):
        yield value
        return
    seen.add(id(value))
    yield value
    children: list[Any] = []
    if isinstance(value, BaseModel):
        children = [getattr(value, name) for name in type(value).model_fields]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, Mapping):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple):
        children = list(value)
    for child in children:
        yield from _walk(child, seen)


def _data_tokens(report: Report, ind: Indicators, period_text: str) -> set[str]:
    """Numbers a document may print that do not pass through a formatting filter."""
    allowed: set[str] = set()
    for value in _walk(report, set()):
        if isinstance(value, str):
            allowed |= _tokens(value)  # 10万吨, 1200套, 〔2025〕15号, writers' own text
        elif isinstance(value, dt.date):
            allowed |= {str(value.year), str(value.month), str(value.day)}
        elif isinstance(value, int) and not isinstance(value, bool):
            allowed.add(str(value))  # year, months, settings, targets
        elif isinstance(value, Decimal):
            # Amounts and targets as the data gives them: 67600 (万元), 282亿元, 282.00亿元.
            allowed.add(zh.fixed(value, 0))
            allowed |= {zh.amount(value, places) for places in (None, 0, 1, 2)}
    allowed.add(zh.fixed(report.settings.lag_threshold) + "个百分点")
    for value in _walk(ind, set()):
        if isinstance(value, Quantity) and value.unit == "个":
            allowed.add(str(value.value))  # counts are printed as they are
        elif isinstance(value, tuple):
            allowed.add(str(len(value)))  # 3个县（区）, 居前3位
    allowed |= _tokens(period_text)
    allowed.add(str(report.period.end_month))  # 截至9月底 of a 前三季度 report
    return allowed


def _table_tokens(ind: Indicators) -> set[str]:
    """Cells of the standard annex tables: data in 万元 and rates, as the tables print them."""
    places = ind.settings.decimals
    schedule = ind.progress.schedule.value
    assert schedule is not None
    allowed: set[str] = set()
    for pf in ind.projects:
        p = pf.project
        allowed |= {zh.fixed(p.total), zh.fixed(p.planned), zh.fixed(p.completed)}
        if pf.completion_rate.value is not None:
            allowed.add(zh.fixed(pf.completion_rate.value, places))
    for u in ind.units:
        allowed |= {str(u.count.value), zh.fixed(u.planned.value), zh.fixed(u.completed.value)}
        for rate in (u.completion_rate.value, u.new_start_rate.value):
            if rate is not None:
                allowed.add(zh.fixed(rate, places))
        if u.completion_rate.value is not None:
            shown = zh.round_half_up(u.completion_rate.value, places)
            allowed.add(zh.fixed(shown - zh.round_half_up(schedule, places), places))
    return allowed


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；！？])", text) if s]


def _untraceable(tree: DocTree, allowed: set[str], table_allowed: set[str]) -> list[str]:
    """Every number not among ``allowed``, with the sentence (or table cell) it is in."""
    found: list[str] = []

    def check_text(text: str, where: str) -> None:
        for sentence in _sentences(text):
            found.extend(
                f"{where}: {token!r} in “{sentence}”"
                for token in _NUMBER.findall(sentence)
                if token not in allowed
            )

    def check_blocks(blocks: tuple[Any, ...], where: str) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                check_text(block.text + "".join(r.text for r in block.body), where)
            elif isinstance(block, Paragraph):
                check_text(block.text, where)
            elif isinstance(block, Table):
                check_table(block, where)

    def check_table(table: Table, where: str) -> None:
        check_text(table.title + table.note, where)
        for row in table.rows:
            for column, cell in zip(table.columns, row, strict=True):
                if column.title in _STRUCTURAL_COLUMNS:
                    continue
                found.extend(
                    f"{where}, {column.title}: {token!r} in “{cell}”"
                    for token in _NUMBER.findall(cell)
                    if token not in allowed and token not in table_allowed
                )

    for part in (tree.title, tree.subtitle, *tree.byline, tree.recipients, tree.salutation):
        check_text(part, "标题与主送")
    check_blocks(tree.body, "正文")
    for title in tree.attachment_notes:
        check_text(title, "附件说明")
    check_text(tree.signature + tree.date + tree.note, "落款")
    for attachment in tree.attachments:
        check_text(attachment.title, f"附件{attachment.number}")
        check_blocks(attachment.blocks, f"附件{attachment.number}")
    if tree.masthead:
        check_text(tree.masthead.number, "版头")
    if tree.imprint:
        check_text(tree.imprint.print_date, "版记")
    return found


def _audited(kind: str, report: Report) -> tuple[DocTree, set[str]]:
    """Render through ``Composer.render``: the tree and the numbers the audit trail printed."""
    ind = compute(report)
    tree, entries = COMPOSER.render(kind, build_context(report, ind))
    return tree, _printed_tokens(entries)


def _printed_tokens(entries: list[AuditEntry]) -> set[str]:
    printed: set[str] = set()
    for entry in entries:
        tokens = _tokens(entry.printed)
        printed |= tokens
        if entry.label.endswith("之差"):
            # ``ppv`` prints the size of a gap; the template writes 个百分点 after it.
            printed |= {t + "个百分点" for t in tokens}
    return printed


def _traceability_problems(kind: str, report: Report) -> list[str]:
    ind = compute(report)
    tree, printed = _audited(kind, report)
    period_text = build_context(report, ind)["period_text"]
    allowed = printed | _data_tokens(report, ind, period_text)
    return _untraceable(tree, allowed, _table_tokens(ind))


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_comes_from_the_indicators_or_the_data(kind: str) -> None:
    """Each number printed is an audited figure or a data value; an invented one is named."""
    problems = _traceability_problems(kind, _example())
    assert problems == [], "figures from nowhere:\n" + "\n".join(problems)


def test_an_invented_figure_is_reported_with_its_sentence(tmp_path: Path) -> None:
    """A template typing a figure of its own is caught, and the message quotes the sentence."""
    (tmp_path / "progress.j2").write_text(
        '{% extends "builtin/progress.j2" %}\n'
        "{% block opening %}全市重点项目完成投资88.88亿元。其余正常。{% endblock %}\n",
        encoding="utf-8",
    )
    report = _example()
    ind = compute(report)
    tree, entries = Composer([tmp_path]).render("progress", build_context(report, ind))
    printed = _printed_tokens(entries)
    allowed = printed | _data_tokens(report, ind, "1—6月")
    problems = _untraceable(tree, allowed, _table_tokens(ind))
    assert problems == ["正文: '88.88亿元' in “全市重点项目完成投资88.88亿元。”"]


# ---------------------------------------------------------------------------
# Names with markup characters

PROJECT = "东城区智慧停车场&<一期>\"P\"'Q'项目"
UNIT = "南湖&<区>\"甲\"'乙'"
REGION = '示例&<"丙">\'市'
# (full name, a fragment that only occurs inside it)
NAMES = ((PROJECT, "智慧停车场&"), (UNIT, "南湖&"), (REGION, "示例&"))
#: The names each kind is known to print; other kinds need only keep intact what they print.
EXPECTED: Mapping[str, tuple[str, ...]] = {
    "progress": (PROJECT, UNIT, REGION),
    "commendation": (UNIT, REGION),
}


def _special_names(d: dict[str, Any]) -> None:
    d["document"]["region"] = REGION
    d["document"]["issuer"] = REGION + "重点项目建设领导小组办公室"
    d["document"].pop("issuer_mark", None)
    for unit in d["units"]:
        if unit["name"] == "南湖区":
            unit["name"] = UNIT
    for p in d["projects"]:
        if p["unit"] == "南湖区":
            p["unit"] = UNIT
        if p["name"] == "东城区智慧停车场建设项目":
            p["name"] = PROJECT
    for unit in d["commendations"]["units"]:
        if unit["name"] == "南湖区":
            unit["name"] = UNIT


def _check_names(text: str, kind: str) -> None:
    for name, fragment in NAMES:
        assert text.count(fragment) == text.count(name), f"{name!r} came out altered"
    for expected in EXPECTED.get(kind, ()):
        assert expected in text
    assert not re.search(r"&(?:amp|lt|gt|quot|apos|#\d+);", text)


@pytest.mark.parametrize("kind", KINDS)
def test_names_with_markup_characters_come_out_intact_in_text(kind: str) -> None:
    """``& < > " '`` in a project, a unit and the region print as written."""
    tree = compose(_report(_special_names), kind, composer=COMPOSER)
    _check_names(to_text(tree), kind)


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        # A long name may be broken between words inside its cell; it reads back whole.
        parts += [cell.text.replace("\n", "") for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", KINDS)
def test_names_with_markup_characters_come_out_intact_in_docx(kind: str) -> None:
    """The .docx is well-formed XML and python-docx reads the names back unchanged."""
    try:
        from bulletin.writers.docx import write_docx
    except ImportError:
        pytest.skip("the .docx writer is not there yet")
    data = write_docx(compose(_report(_special_names), kind, composer=COMPOSER))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        ElementTree.fromstring(package.read("word/document.xml"))  # raises if mis-escaped
    _check_names(_docx_text(data), kind)


def test_a_ledger_of_preliminary_projects_only_reads_well() -> None:
    """Only 前期 projects with no plan: no 0万元, no empty 开工 section, no crash."""

    def preliminary_only(d: dict[str, Any]) -> None:
        d["projects"] = [p for p in d["projects"] if p["stage"] == "前期"]
        for p in d["projects"]:
            p["planned"] = p["completed"] = 0
        for key in ("targets", "previous", "last_year"):
            d.pop(key, None)
        for unit in d["units"]:
            unit.pop("targets", None)
            unit.pop("last_year", None)
        d["meeting"].pop("visits", None)

    for kind in ("progress", "speech", "news"):
        tree = compose(_report(preliminary_only), kind, composer=COMPOSER)
        assert [str(p) for p in lint_tree(tree)] == []
        assert "0万元" not in to_text(tree)


def test_no_projects_is_a_located_data_error() -> None:
    """A file with no projects gets a clear error naming ``projects``, not a document of zeros."""

    def no_projects(d: dict[str, Any]) -> None:
        d["projects"] = []
        d["meeting"].pop("visits", None)  # a visit names a project of the ledger

    with pytest.raises(DataError, match="projects: 没有项目"):
        compose(_report(no_projects), "progress", composer=COMPOSER)


# ---------------------------------------------------------------------------
# Every number printed in a golden document is in its 数据核对表

# What a body may print that is no figure: dates and periods, annex numbers, and
# the amount ranges of the size bands (5亿～10亿元), which are settings.
_NOT_FIGURES = re.compile(
    r"\d{4}年|\d+—\d+月份?|\d+月(?:份|底|\d+日|上旬|中旬|下旬)?|\d+日|〔\d{4}〕\d+号|附件\d+"
    r"|\d+(?:\.\d+)?[万亿]～"
)


def _golden_documents() -> Iterator[tuple[str, Report, str]]:
    """Every document a golden file holds: the examples, the occasions, the situations."""
    for month in ("02", "06"):
        report = _load(ROOT / "examples" / f"2025-{month}.yaml")
        for kind in KINDS:
            yield f"{kind}-2025-{month}", report, kind
    june = _example()
    assert june.meeting is not None
    for occasion in OCCASIONS:
        meeting = june.meeting.model_copy(update={"kind": occasion})
        yield f"speech-{occasion}", june.model_copy(update={"meeting": meeting}), "speech"
    for path in sorted((GOLDEN.parent / "fixtures" / "situations").glob("*.yaml")):
        for kind in KINDS:
            yield f"{path.stem}-{kind}", _load(path), kind


_GOLDEN_DOCUMENTS = list(_golden_documents())


def _unlisted_numbers(report: Report, kind: str) -> list[str]:
    """Numbers of the body (headings and paragraphs) that the 数据核对表 does not list."""
    tree = compose(report, kind, composer=COMPOSER, audit=True)
    rows = tree.attachments[-1].blocks[0].rows
    listed: set[str] = set()
    for row in rows:
        tokens = _tokens(row[2])
        listed |= tokens
        if row[1].endswith("之差"):
            listed |= {t + "个百分点" for t in tokens}  # ppv prints the size; 个百分点 follows
    # The writer's own words (names, remarks, reasons) and the size bands' thresholds.
    for value in _walk(report, set()):
        if isinstance(value, str):
            listed |= _tokens(value)
    for threshold in (*report.settings.size_bands, *report.settings.size_counts):
        listed |= {zh.amount(threshold, places) for places in (0, None)}
    found = []
    for block in tree.body:
        if isinstance(block, Heading):
            text = block.text + "".join(r.text for r in block.body)
        elif isinstance(block, Paragraph):
            text = block.text
        else:
            continue
        for sentence in _sentences(text):
            found += [
                f"{token!r} in “{sentence}”"
                for token in _NUMBER.findall(_NOT_FIGURES.sub("", sentence))
                if token not in listed
            ]
    return found


@pytest.mark.parametrize(
    ("report", "kind"),
    [(r, k) for _, r, k in _GOLDEN_DOCUMENTS],
    ids=[name for name, _, _ in _GOLDEN_DOCUMENTS],
)
def test_every_number_of_a_golden_document_is_in_its_audit_table(report: Report, kind: str) -> None:
    """Each number of a body, headings and counts included, is a row of the 数据核对表."""
    missing = _unlisted_numbers(report, kind)
    assert missing == [], "numbers not in the 数据核对表:\n" + "\n".join(missing)
