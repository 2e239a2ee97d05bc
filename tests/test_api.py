"""The public API, used only through ``import bulletin`` and the names in ``bulletin.__all__``."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import bulletin
from conftest import EXAMPLES, minimal_report_data


def test_all_is_sorted_and_every_name_resolves() -> None:
    """``__all__`` is sorted as ruff sorts it, and each name is importable from the package."""
    assert bulletin.__all__ == sorted(
        bulletin.__all__, key=lambda n: (not n.isupper(), not n[:1].isupper(), n)
    )
    for name in bulletin.__all__:
        assert getattr(bulletin, name) is not None, name


def test_import_is_cheap() -> None:
    """``import bulletin`` loads no third-party library until a function needs one."""
    code = (
        "import sys, bulletin; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pydantic', 'yaml', 'docx', 'jinja2', 'lxml', 'click')); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "source",
    [minimal_report_data(), EXAMPLES / "2025-06.yaml", str(EXAMPLES / "2025-06.yaml")],
    ids=["mapping", "path", "str-path"],
)
def test_end_to_end(source: Any, tmp_path: Path) -> None:
    """Load, compute, compose, then docx to bytes, a file object and a path, and text."""
    report = bulletin.load_report(source)
    assert isinstance(report, bulletin.Report)
    indicators = bulletin.compute_indicators(report)
    assert isinstance(indicators, bulletin.Indicators)
    tree = bulletin.compose_document(report, "通报", indicators=indicators)
    assert isinstance(tree, bulletin.DocTree)
    assert tree.title.endswith("重点项目建设进展情况的通报")

    data = bulletin.write_docx(tree)
    assert data[:2] == b"PK"
    stream = io.BytesIO()
    assert bulletin.write_docx(tree, stream) == stream.getvalue()
    bulletin.write_docx(tree, tmp_path / "out.docx", layout=bulletin.GBT9704)
    assert (tmp_path / "out.docx").read_bytes()[:2] == b"PK"

    text = bulletin.write_text(tree)
    assert text.splitlines()[0] in (tree.title, tree.masthead.issuer_mark if tree.masthead else "")
    markdown = bulletin.write_text(tree, tmp_path / "out.md", format="md")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == markdown
    assert f"# {tree.title}" in markdown
    assert bulletin.render(report, "progress", format="txt").decode("utf-8") == text


def test_data_hash_follows_the_file(tmp_path: Path) -> None:
    """data_hash changes with the data; a report from a path and from its mapping both get one."""
    by_path = bulletin.data_hash(bulletin.load_report(EXAMPLES / "2025-06.yaml"))
    by_map = bulletin.data_hash(bulletin.load_report(minimal_report_data()))
    other = minimal_report_data()
    other["projects"][0]["completed"] = 1600
    assert by_path != by_map != bulletin.data_hash(bulletin.load_report(other))


def test_composer_reuse_gives_the_same_document() -> None:
    """A Composer passed in gives the same tree as composing without one."""
    report = bulletin.load_report(minimal_report_data())
    composer = bulletin.Composer()
    assert bulletin.compose_document(report, "speech", composer=composer) == (
        bulletin.compose_document(report, "讲话")
    )


def test_reading_copy_layout_is_public() -> None:
    """The reading-copy layout is larger than GB/T 9704's and writes a .docx."""
    tree = bulletin.compose_document(bulletin.load_report(minimal_report_data()), "speech")
    assert bulletin.READING_COPY.body.size > bulletin.GBT9704.body.size
    assert bulletin.write_docx(tree, layout=bulletin.READING_COPY)[:2] == b"PK"


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (lambda: bulletin.load_report({"units": []}), bulletin.DataError, "<data>"),
        (lambda: bulletin.load_report("no/such.yaml"), bulletin.DataError, "文件不存在"),
        (
            lambda: bulletin.compose_document(bulletin.load_report(minimal_report_data()), "x"),
            bulletin.TemplateError,
            "没有文书类型 'x'",
        ),
        (
            lambda: bulletin.render_batch([EXAMPLES / "2025-06.yaml"], "out", kinds=["x"]),
            bulletin.TemplateError,
            "没有文书类型 'x'",
        ),
    ],
    ids=["invalid-mapping", "missing-file", "unknown-kind", "batch-unknown-kind"],
)
def test_errors_are_bulletin_errors(call: Any, error: type[Exception], text: str) -> None:
    """User errors raise the public error classes, all BulletinError, with a located message."""
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, bulletin.BulletinError)
    assert text in str(caught.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda kind: bulletin.render(minimal_report_data(), kind, format="txt"),
        lambda kind: bulletin.compose_document(bulletin.load_report(minimal_report_data()), kind),
        lambda kind: bulletin.render_batch([EXAMPLES / "2025-06.yaml"], "out", kinds=[kind]),
    ],
    ids=["render", "compose_document", "render_batch"],
)
@pytest.mark.parametrize("kind", ["_base", "_macros", "builtin/progress"])
def test_a_part_of_a_template_is_no_kind_for_the_library_either(
    call: Any, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partial (``_base``: the masthead parts) is refused as the command line refuses it."""
    from click.testing import CliRunner

    from bulletin.cli import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(bulletin.TemplateError) as caught:
        call(kind)
    said = CliRunner().invoke(main, ["render", str(EXAMPLES / "2025-06.yaml"), "-k", kind])
    assert said.exit_code == 2
    assert caught.value.message in said.stderr
    assert caught.value.message.startswith(f"没有文书类型 '{kind}'")
    assert list(tmp_path.iterdir()) == []


def test_data_error_lists_located_diagnostics() -> None:
    """A DataError carries every diagnostic as a Diagnostic with file, line and key path."""
    with pytest.raises(bulletin.DataError) as caught:
        bulletin.load_report(Path(__file__).parent / "bad" / "several_faults.yaml")
    diagnostics = caught.value.diagnostics
    assert len(diagnostics) > 1
    assert all(isinstance(d, bulletin.Diagnostic) and d.line for d in diagnostics)


def test_render_batch_writes_and_then_skips(tmp_path: Path) -> None:
    """render_batch writes each kind for each file, then reports them unchanged on a rerun."""
    data = tmp_path / "2025-06.yaml"
    import json

    data.write_text(json.dumps(minimal_report_data(), ensure_ascii=False), encoding="utf-8")
    seen: list[bulletin.BatchResult] = []
    first = bulletin.render_batch(
        [data],
        tmp_path / "out",
        kinds=["讲话", "progress"],
        format="md",
        jobs=1,
        on_result=seen.append,
    )
    assert [(r.kind, r.status) for r in first] == [("speech", "written"), ("progress", "written")]
    assert seen == first
    assert (tmp_path / "out" / "2025-06-speech.md").is_file()
    again = bulletin.render_batch([data], tmp_path / "out", kinds=["讲话", "progress"], format="md")
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert [r.status_text for r in again] == ["未变化", "未变化"]


def _with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = minimal_report_data()
    change(data)
    return data


def _project(key: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["projects"][0].__setitem__(key, value)


def _cyclic(data: dict[str, Any]) -> None:
    problems: list[Any] = []
    problems.append(problems)
    data["projects"][0]["problems"] = problems


MAPPING_FAULTS = [
    pytest.param(
        _project("name", "东城区\x1b[31m老旧小区改造工程"),
        ["<data>: projects[0].name: 文字中有不可见的控制字符 U+001B，不能写入文书，请删除"],
        id="escape-sequence-in-a-name",
    ),
    pytest.param(
        _project("name", "东城区\ud800老旧小区改造工程"),
        [
            "<data>: projects[0].name: 文字中有无效字符 U+D800（孤立的 UTF-16 代理项，不是字符），"
            "不能写入文书，请删除"
        ],
        id="lone-surrogate-in-a-name",
    ),
    pytest.param(
        _project("备注\udcff", "x"),
        [
            "<data>: projects[0].备注\\udcff: 键中有无效字符 U+DCFF（孤立的 UTF-16 代理项，"
            "不是字符），不能写入文书，请删除"
        ],
        id="lone-surrogate-in-a-key",
    ),
    pytest.param(
        _project("name", "东城区\u202e老旧小区改造工程"),
        [
            "<data>: projects[0].name: 文字中有不可见的文字方向控制字符 U+202E"
            "（会使文字倒序显示），不能写入文书，请删除"
        ],
        id="direction-override-in-a-name",
    ),
    pytest.param(
        _project(5, "x"), ["<data>: projects[0]: 键应为文字，得到 5"], id="number-as-a-key"
    ),
    pytest.param(
        _cyclic,
        [
            "<data>: projects[0].problems[0]: 列表或映射包含了它自身，数据无法展开",
            "<data>: projects[0].problems[0]: 应为文字，得到空值",
        ],
        id="list-containing-itself",
    ),
]


@pytest.mark.parametrize(("change", "messages"), MAPPING_FAULTS)
def test_a_mapping_from_code_is_refused_as_its_text_would_be_in_a_file(
    change: Callable[[dict[str, Any]], None], messages: list[str]
) -> None:
    """Control characters, surrogates and odd keys in a dict: located Chinese errors, no render."""
    data = _with(change)
    with pytest.raises(bulletin.DataError) as caught:
        bulletin.render(data, format="txt")
    assert str(caught.value).splitlines() == messages
