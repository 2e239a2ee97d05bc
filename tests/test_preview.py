"""Drafts for a front end: a folder's data files, which kinds can be made and why not, files."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from bulletin import preview
from bulletin.compose import Composer
from bulletin.errors import DataError
from bulletin.writers.text import to_text
from conftest import EXAMPLES, minimal_report_data

COMPOSER = Composer()


def _write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def example() -> preview.Draft:
    """The June example, read with the months it names."""
    return preview.open_draft(EXAMPLES / "2025-06.yaml")


def test_data_files_lists_yaml_and_workbooks_only(tmp_path: Path) -> None:
    """Only data files right in the folder are listed: no other files, sub-folders, lock files."""
    for name in ("b.yaml", "a.yml", "台账.xlsx", "旧.xls", "表.ods", "notes.txt", ".h.yaml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "~$台账.xlsx").write_text("lock", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yaml").write_text("x", encoding="utf-8")
    assert preview.data_files(tmp_path) == ["a.yml", "b.yaml", "台账.xlsx", "旧.xls", "表.ods"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"2025-05.yaml": {}, "2025-06.yaml": {"previous": "2025-05.yaml"}}, "2025-06.yaml"),
        ({"本月.yaml": {"previous": "上月.yaml"}, "上月.yaml": {}}, "本月.yaml"),
        ({"数据.yaml": {"ledger": "台账.xlsx"}, "台账.xlsx": None}, "数据.yaml"),
        ({"数据.yaml": {"ledger": {"file": "zz.xlsx"}}, "zz.xlsx": None}, "数据.yaml"),
        ({"台账.xlsx": None}, "台账.xlsx"),
        ({"a.yaml": {}, "b.yaml": {}}, "b.yaml"),
    ],
    ids=["chain", "named-not-by-date", "ledger", "ledger-block", "workbook-alone", "unrelated"],
)
def test_default_file_is_the_one_nothing_else_names(
    tmp_path: Path, files: dict[str, dict[str, object] | None], expected: str
) -> None:
    """The file opened first is a YAML no other file names as previous, last_year or ledger."""
    for name, data in files.items():
        if data is None:
            (tmp_path / name).write_bytes(b"PK")
        else:
            _write(tmp_path, name, data)
    assert preview.default_file(tmp_path, preview.data_files(tmp_path)) == expected


def test_the_examples_folder_opens_on_june() -> None:
    """In the examples folder, June (named by no other month) is offered first."""
    assert preview.default_file(EXAMPLES, preview.data_files(EXAMPLES)) == "2025-06.yaml"


def test_file_names_are_period_and_kind(example: preview.Draft) -> None:
    """Downloads are named as offices name them: 2025-06-进展通报.docx, 2025-06-会议新闻稿.md."""
    names = []
    for kind in ("progress", "speech", "commendation", "news"):
        made = example.document(kind, COMPOSER)
        assert isinstance(made, preview.Document)
        names.append(made.file_name("docx"))
    assert names == [
        "2025-06-进展通报.docx",
        "2025-06-讲话.docx",
        "2025-06-表彰通报.docx",
        "2025-06-会议新闻稿.docx",
    ]


def test_quarterly_file_is_named_by_its_last_month(tmp_path: Path) -> None:
    """A file for the first quarter is named 2025-03, as the month its figures run to."""
    data = minimal_report_data()
    data["period"] = {"year": 2025, "quarter": 1}
    draft = preview.open_draft(_write(tmp_path, "q1.yaml", data))
    assert draft.stem == "2025-03"


def test_a_kind_the_data_cannot_make_says_why(tmp_path: Path) -> None:
    """Without a 表彰名单 the 表彰通报 is refused with the template's sentence, no path in it."""
    draft = preview.open_draft(_write(tmp_path, "data.yaml", minimal_report_data()))
    reason = draft.document("commendation", COMPOSER)
    assert isinstance(reason, str)
    assert "表彰名单" in reason and "commendations" in reason
    assert "/" not in reason and ".j2" not in reason
    assert isinstance(draft.document("progress", COMPOSER), preview.Document)


def test_without_a_meeting_the_speech_and_news_say_so(tmp_path: Path) -> None:
    """No meeting: speech and news are still drafted, with a notice that asks for the meeting."""
    draft = preview.open_draft(_write(tmp_path, "data.yaml", minimal_report_data()))
    for kind in ("speech", "news"):
        made = draft.document(kind, COMPOSER)
        assert isinstance(made, preview.Document)
        assert any("没有会议信息" in w for w in made.warnings)
    progress = draft.document("progress", COMPOSER)
    assert isinstance(progress, preview.Document)
    assert not any("会议" in w for w in progress.warnings)


def test_a_user_template_failure_is_located_by_file_name_and_line(tmp_path: Path) -> None:
    """A fault in the user's own template names its file and line, not the folder it is in."""
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "progress.j2").write_text(
        '{% extends "builtin/progress.j2" %}\n{% block title %}{{ nothing.here }}{% endblock %}\n',
        encoding="utf-8",
    )
    draft = preview.open_draft(_write(tmp_path, "data.yaml", minimal_report_data()))
    reason = draft.document("progress", Composer([templates]))
    assert isinstance(reason, str)
    assert reason.startswith("progress.j2:2: ")
    assert str(tmp_path) not in reason


def test_bad_data_raises_every_error_located_by_file_name(tmp_path: Path) -> None:
    """open_draft names the file as shown, not where it is kept, in every diagnostic."""
    data = minimal_report_data()
    data["projects"][0]["planned"] = "约5000"
    data["projects"][0]["unit"] = "不存在区"
    with pytest.raises(DataError) as caught:
        preview.open_draft(_write(tmp_path, "data.yaml", data), "本月.yaml")
    messages = [str(d) for d in caught.value.errors]
    assert len(messages) == 2
    assert all(m.startswith("本月.yaml:") for m in messages)
    assert not any(str(tmp_path) in m for m in messages)


def test_previous_month_is_taken_from_beside_the_file(tmp_path: Path) -> None:
    """A monthly file with no previous key reads last month's file beside it, as render does."""
    for name in ("2025-05.yaml", "2025-06.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    june = yaml.safe_load((tmp_path / "2025-06.yaml").read_text(encoding="utf-8"))
    june.pop("previous")
    may = yaml.safe_load((tmp_path / "2025-05.yaml").read_text(encoding="utf-8"))
    may.pop("previous")
    _write(tmp_path, "2025-06.yaml", june)
    _write(tmp_path, "2025-05.yaml", may)
    draft = preview.open_draft(tmp_path / "2025-06.yaml")
    assert draft.report.previous_report is not None
    assert draft.report.previous_report.period.month == 5


def test_documents_are_composed_once_per_kind_and_options(example: preview.Draft) -> None:
    """The same kind and options twice give the same document; other options, another."""
    first = example.document("progress", COMPOSER)
    assert example.document("progress", COMPOSER) is first
    assert example.document("progress", COMPOSER, audit=True) is not first


def test_document_bytes_in_every_text_format(example: preview.Draft) -> None:
    """md and txt are the text writers' output; docx is a Word file holding the title."""
    from docx import Document

    made = example.document("progress", COMPOSER)
    assert isinstance(made, preview.Document)
    assert made.data("txt").decode("utf-8") == to_text(made.tree)
    assert made.data("md").decode("utf-8").startswith("**")
    paragraphs = [p.text for p in Document(io.BytesIO(made.data("docx"))).paragraphs]
    assert any("进展情况的通报" in p for p in paragraphs)


def test_reading_copy_changes_only_a_speech(example: preview.Draft) -> None:
    """阅读版 gives a speech the large-type layout; other kinds are laid out as usual."""
    from docx import Document

    def body_size(data: bytes) -> object:
        styles = Document(io.BytesIO(data)).styles
        return styles["Normal"].font.size

    speech = example.document("speech", COMPOSER)
    progress = example.document("progress", COMPOSER)
    assert isinstance(speech, preview.Document) and isinstance(progress, preview.Document)
    assert body_size(speech.data("docx", reading_copy=True)) != body_size(speech.data("docx"))
    # Bytes apart from the time written (two writes may straddle a second).
    assert _parts(progress.data("docx", reading_copy=True)) == _parts(progress.data("docx"))


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def test_zip_keeps_chinese_names() -> None:
    """The .zip of several documents keeps their Chinese names readable."""
    data = preview.zip_files([("2025-06-讲话.docx", b"a"), ("2025-06-进展通报.docx", b"b")])
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["2025-06-讲话.docx", "2025-06-进展通报.docx"]
    assert archive.read("2025-06-进展通报.docx") == b"b"


def test_a_chosen_occasion_reaches_the_speech_only_where_known(example: preview.Draft) -> None:
    """The occasion picked is set as meeting.kind when the model knows it; others leave it be."""
    assert example.report.meeting is not None
    assert example.report.meeting.kind != "季度调度会"
    assert example._with_occasion("季度调度会").meeting.kind == "季度调度会"  # type: ignore[union-attr]
    assert example._with_occasion("运动会") is example.report
    assert example._with_occasion("") is example.report


def _example_ledger(path: Path) -> Path:
    from bulletin.source import load_report
    from bulletin.writers.xlsx import ledger_workbook

    projects = load_report(EXAMPLES / "2025-06.yaml").projects
    ledger_workbook(projects, path, title="示例市2025年1—6月重点项目台账")
    return path


@pytest.mark.parametrize(
    ("chosen", "ledger", "expected"),
    [
        ("台账.xlsx", None, ["台账.xlsx"]),
        ("数据.yaml", "台账.xlsx", ["台账.xlsx"]),
        ("数据.yaml", {"file": "台账.xlsx", "sheet": "台账"}, []),
        ("数据.yaml", None, []),
    ],
    ids=["workbook-alone", "named-by-yaml", "ledger-block", "no-workbook"],
)
def test_ledgers_read_are_those_the_chosen_file_reads(
    tmp_path: Path, chosen: str, ledger: object, expected: list[str]
) -> None:
    """The workbook chosen, or named plainly by the YAML chosen, is described column by column."""
    _example_ledger(tmp_path / "台账.xlsx")
    data = minimal_report_data()
    if ledger is not None:
        data["ledger"] = ledger
    _write(tmp_path, "数据.yaml", data)
    views = preview.ledgers_read(tmp_path, chosen)
    assert [v.file for v in views] == expected
    if views:
        [sheet] = views[0].sheets
        read = {c.letter: (c.header, c.label) for c in sheet.columns if c.field}
        assert read["B"] == ("项目名称", "项目名称")
        assert read["L"] == ("本年累计完成投资", "本年累计完成投资")
        assert sheet.projects == 96
        assert str(tmp_path) not in repr(views)


def test_a_file_that_is_no_workbook_is_not_described(tmp_path: Path) -> None:
    """A .xlsx that is not a workbook gets no view (its error comes with the draft)."""
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    assert preview.ledgers_read(tmp_path, "坏.xlsx") == []


FRONT_ENDS = ["preview.py", "web.py"]


@pytest.mark.parametrize("module", FRONT_ENDS, ids=lambda m: m.removesuffix(".py"))
def test_front_ends_reach_the_workbook_readers_only_through_the_public_api(module: str) -> None:
    """No run-time import of bulletin.sources in a front end: it asks bulletin.describe_ledger."""
    import ast

    tree = ast.parse((Path(preview.__file__).parent / module).read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for stmt in ast.walk(tree)
        if isinstance(stmt, ast.If) and ast.unparse(stmt.test) == "TYPE_CHECKING"
        for node in ast.walk(stmt)
    }
    reached = [
        f"{node.lineno}: {node.module}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("bulletin.sources")
        and id(node) not in typing_only
    ]
    assert reached == []


def test_the_occasion_is_the_one_the_data_gives(
    example: preview.Draft, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft's occasion is its meeting.kind when the model knows it, the default without one."""
    import dataclasses

    def with_meeting(**update: object) -> preview.Draft:
        meeting = example.report.meeting
        assert meeting is not None
        changed = meeting.model_copy(update=update) if update else None
        report = example.report.model_copy(update={"meeting": changed})
        return dataclasses.replace(example, report=report)

    monkeypatch.setattr(preview, "occasions", lambda: ("推进会", "观摩推进会"))
    assert example.occasion == getattr(example.report.meeting, "kind", "推进会")
    assert with_meeting(kind="观摩推进会").occasion == "观摩推进会"
    assert with_meeting(kind="茶话会").occasion == "推进会"
    assert with_meeting().occasion == ""
    monkeypatch.setattr(preview, "occasions", lambda: ())
    assert with_meeting(kind="观摩推进会").occasion == ""
