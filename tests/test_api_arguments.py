"""The library's functions refuse arguments they cannot use with their own error, saying which."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import bulletin
from conftest import EXAMPLES, minimal_report_data, write_yaml

REPORT = bulletin.load_report(minimal_report_data())
TREE = bulletin.compose_document(REPORT, "progress")

CALLS: list[Any] = [
    pytest.param(
        lambda: bulletin.load_report(None),  # type: ignore[arg-type]
        "load_report(): source 应为数据文件的路径或映射（dict），得到 None",
        id="load-none",
    ),
    pytest.param(
        lambda: bulletin.load_report(b"a: 1"),  # type: ignore[arg-type]
        "load_report(): source 应为数据文件的路径或映射（dict），得到 b'a: 1'",
        id="load-bytes",
    ),
    pytest.param(
        lambda: bulletin.load_report(""),
        "load_report(): source 应为数据文件的路径，得到 ''",
        id="load-empty",
    ),
    pytest.param(
        lambda: bulletin.compute_indicators(None),  # type: ignore[arg-type]
        "compute_indicators(): report 应为由 load_report 得到的 Report，得到 None",
        id="indicators-none",
    ),
    pytest.param(
        lambda: bulletin.compute_indicators({"projects": []}),  # type: ignore[arg-type]
        "compute_indicators(): report 应为由 load_report 得到的 Report，得到 {'projects': []}",
        id="indicators-dict",
    ),
    pytest.param(
        lambda: bulletin.compose_document(REPORT, kind=None),  # type: ignore[arg-type]
        "compose_document(): kind 应为文书类型的名称（如 progress、讲话），得到 None",
        id="compose-kind-none",
    ),
    pytest.param(
        lambda: bulletin.compose_document(None),  # type: ignore[arg-type]
        "compose_document(): report 应为由 load_report 得到的 Report，得到 None",
        id="compose-report-none",
    ),
    pytest.param(
        lambda: bulletin.compose_document(REPORT, templates=[None]),  # type: ignore[list-item]
        "compose_document(): templates 应为路径的列表，得到 None",
        id="compose-templates",
    ),
    pytest.param(
        lambda: bulletin.render(REPORT, format="html"),  # type: ignore[arg-type]
        "render(): format 应为docx、txt、md、pdf、doc 之一，得到 'html'",
        id="render-html",
    ),
    pytest.param(
        lambda: bulletin.render(None),  # type: ignore[arg-type]
        "render(): source 应为数据文件的路径或映射（dict），得到 None",
        id="render-none",
    ),
    pytest.param(
        lambda: bulletin.write_text(TREE, format="html"),  # type: ignore[arg-type]
        "write_text(): format 应为txt、md 之一，得到 'html'",
        id="write-text-html",
    ),
    pytest.param(
        lambda: bulletin.write_docx(None),  # type: ignore[arg-type]
        "write_docx(): tree 应为由 compose_document 得到的 DocTree，得到 None",
        id="write-docx-none",
    ),
    pytest.param(
        lambda: bulletin.data_hash(None),  # type: ignore[arg-type]
        "data_hash(): report 应为由 load_report 得到的 Report，得到 None",
        id="data-hash-none",
    ),
]


@pytest.mark.parametrize(("call", "says"), CALLS)
def test_a_wrong_argument_is_an_argument_error_naming_it(
    call: Callable[[], Any], says: str
) -> None:
    """Not an AttributeError from inside: the library's ArgumentError (also a TypeError)."""
    with pytest.raises(bulletin.ArgumentError) as caught:
        call()
    assert str(caught.value) == says
    assert isinstance(caught.value, bulletin.BulletinError | TypeError)


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (
            {"format": "html"},
            "render_batch(): format 应为docx、txt、md、pdf、doc 之一，得到 'html'",
        ),
        ({"jobs": 0}, "render_batch(): jobs 应为不小于 1 的整数或 None，得到 0"),
        ({"jobs": True}, "render_batch(): jobs 应为不小于 1 的整数或 None，得到 True"),
        (
            {"kinds": [None]},
            "render_batch(): kind 应为文书类型的名称（如 progress、讲话），得到 None",
        ),
        ({"out_dir": None}, "render_batch(): out_dir 应为输出目录的路径，得到 None"),
    ],
    ids=["format-html", "no-jobs", "jobs-bool", "kind-none", "no-folder"],
)
def test_render_batch_refuses_before_writing(
    tmp_path: Path, arguments: dict[str, Any], says: str
) -> None:
    """No .html full of Word bytes, no folder: the refusal comes first."""
    data = write_yaml(tmp_path / "2025-06.yaml", minimal_report_data())
    given = {"out_dir": tmp_path / "out", **arguments}
    with pytest.raises(bulletin.ArgumentError) as caught:
        bulletin.render_batch([data], **given)
    assert str(caught.value) == says
    assert not (tmp_path / "out").exists()


def test_one_path_is_one_data_file_not_its_characters(tmp_path: Path) -> None:
    """``render_batch("a/2025-06.yaml", …)`` and ``kinds="讲话"`` mean one file and one kind."""
    data = write_yaml(tmp_path / "2025-06.yaml", minimal_report_data())
    results = bulletin.render_batch(str(data), tmp_path / "out", kinds="progress", jobs=1)
    assert [(Path(r.source).name, r.kind, r.status) for r in results] == [
        ("2025-06.yaml", "progress", "written")
    ]
    folder = bulletin.compose_document(REPORT, templates=str(EXAMPLES.parent / "templates"))
    assert folder.title == TREE.title


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_render_to_pdf_returns_a_pdf() -> None:
    """``format="pdf"`` converts, rather than returning the text silently."""
    assert bulletin.render(REPORT, format="pdf").startswith(b"%PDF-")
