"""``bulletin render``: one document, its name and format, edited files kept, located errors."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result

from bulletin.cli import main
from bulletin.writers.docx import read_properties
from conftest import REPO, month_data, write_yaml


def _render(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["render", *map(str, args)], env=env)


@pytest.fixture
def june(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small June file (May beside it); the working directory is an empty output folder."""
    data = tmp_path / "data"
    data.mkdir()
    write_yaml(data / "2025-05.yaml", month_data(5, 1000))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return write_yaml(data / "2025-06.yaml", month_data(6))


def test_default_output_is_stem_kind_docx_in_current_folder(june: Path) -> None:
    """Without -o the .docx lands in the current folder as <stem>-progress.docx, and we say so."""
    result = _render(june)
    assert result.exit_code == 0, result.output
    assert result.stderr == "已生成：2025-06-progress.docx\n"
    assert result.stdout == ""
    props = read_properties("2025-06-progress.docx")
    assert (props["generator"], props["kind"]) == ("bulletin", "progress")


@pytest.mark.parametrize(
    ("args", "written", "starts"),
    [
        (["--kind", "讲话", "--format", "txt"], "2025-06-speech.txt", "在"),
        (["-k", "通报", "-f", "md"], "2025-06-progress.md", "# 关于2025年1—6月"),
        (["-k", "新闻稿", "-o", "稿.txt"], "稿.txt", ""),
        (["-k", "speech", "-o", "out"], "out/2025-06-speech.docx", "PK"),
        (["-o", "a/b/c.md"], "a/b/c.md", "# 关于2025年1—6月"),
    ],
    ids=["speech-txt", "progress-md", "news-format-from-suffix", "into-a-folder", "new-folders"],
)
def test_kinds_formats_and_names(june: Path, args: list[str], written: str, starts: str) -> None:
    """Chinese kind names, --format or the -o suffix, and -o as a folder all work."""
    Path("out").mkdir()
    result = _render(june, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"已生成：{Path(written)}\n"
    assert Path(written).read_bytes().decode("utf-8", "replace").startswith(starts)


def test_data_warnings_are_printed_located(june: Path) -> None:
    """A warning about the data (June below May, its previous by name) is printed with its place."""
    write_yaml(june.with_name("2025-05.yaml"), month_data(5, 2000))
    result = _render(june, "-f", "txt")
    assert result.exit_code == 0, result.output
    lines = june.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == "completed: 1500")
    column = lines[line - 1].index("1500") + 1
    warning, written = result.stderr.splitlines()
    assert warning.startswith(f"{june}:{line}:{column}: projects[0].completed: 警告：累计完成投资")
    assert written == "已生成：2025-06-progress.txt"


def test_edited_docx_is_kept_unless_forced(june: Path) -> None:
    """Rendering over an edited .docx writes .new.docx beside it; --force replaces it."""
    assert _render(june).exit_code == 0
    document = docx.Document("2025-06-progress.docx")
    document.add_paragraph("手工加的一段。")
    document.save("2025-06-progress.docx")
    edited = Path("2025-06-progress.docx").read_bytes()
    result = _render(june)
    assert result.exit_code == 0, result.output
    assert Path("2025-06-progress.docx").read_bytes() == edited
    assert result.stderr.startswith(
        "已另存为 2025-06-progress.new.docx：2025-06-progress.docx 在生成后被修改过"
    )
    assert Path("2025-06-progress.new.docx").is_file()
    forced = _render(june, "--force")
    assert forced.stderr == "已生成：2025-06-progress.docx\n"
    props = read_properties("2025-06-progress.docx")
    assert props["content_hash"] == props["document_hash"]


def test_rerender_of_unedited_output_replaces_it(june: Path) -> None:
    """An output nobody touched is simply replaced: no .new file."""
    assert _render(june, "-f", "txt").exit_code == 0
    assert _render(june, "-f", "txt").stderr == "已生成：2025-06-progress.txt\n"
    assert sorted(p.name for p in Path().iterdir()) == [
        ".bulletin-manifest.json",
        "2025-06-progress.txt",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-k", "progres"], "Did you mean 'progress'?"),
        (["-k", "通知"], "没有文书类型 '通知'"),
        (["-f", "odt"], "'-f' / '--format' 的值有误：'odt' 不是可选的值"),
        (["-k", "progress", "--reading-copy"], "大字阅读版只用于讲话"),
        (["-k", "讲话", "--reading-copy", "-f", "txt"], "大字阅读版只用于 docx、pdf 或 doc"),
        (["--templates", "no-such"], "'-t' / '--templates' 的值有误：'no-such' 不存在"),
        (["--reference-doc", "no-such.docx"], "'--reference-doc' 的值有误：'no-such.docx' 不存在"),
    ],
    ids=[
        "misspelt-kind",
        "unknown-kind",
        "unknown-format",
        "reading-copy-not-speech",
        "reading-copy-text",
        "missing-template-folder",
        "missing-reference-doc",
    ],
)
def test_usage_errors_exit_2(june: Path, args: list[str], message: str) -> None:
    """A bad option is a usage error: exit 2 with its message; nothing is written."""
    result = _render(june, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(Path().iterdir()) == []


def test_bad_data_file_gives_its_located_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every error of a bad file, one located line each, exit 1, no traceback, nothing written."""
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        main, ["render", "tests/bad/several_faults.yaml", "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 1
    assert result.stderr == (REPO / "tests" / "bad" / "several_faults.expected").read_text(
        encoding="utf-8"
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.docx").exists()


def test_missing_data_file_is_one_line(tmp_path: Path) -> None:
    """A data file that does not exist: one line naming it, exit 1."""
    result = _render(tmp_path / "none.yaml", "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'none.yaml'}: 文件不存在\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("{% if %}\n", 3, "模板语法错误"),
        ("{{ no_such_value }}\n", 3, "模板渲染失败"),
        ("{{ fail('缺少会议信息') }}\n", 3, "缺少会议信息"),
    ],
    ids=["syntax", "undefined", "fail-call"],
)
def test_broken_user_template_names_its_file_and_line(
    june: Path, tmp_path: Path, body: str, line: int, message: str
) -> None:
    """An error in a user template is one line starting with the template's file:line."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    template = folder / "progress.j2"
    template.write_text(
        '{% extends "builtin/progress.j2" %}\n{% block opening %}\n' + body + "{% endblock %}\n",
        encoding="utf-8",
    )
    result = _render(june, "--templates", folder)
    assert result.exit_code == 1
    [printed] = result.stderr.splitlines()
    assert printed.startswith(f"{template}:{line}: ")
    assert message in printed


def test_user_kind_from_environment_folder(june: Path, tmp_path: Path) -> None:
    """A template folder named in BULLETIN_TEMPLATES adds its kinds (after --templates ones)."""
    folder = tmp_path / "env-templates"
    folder.mkdir()
    (folder / "brief.j2").write_text(
        '{% extends "builtin/progress.j2" %}\n{% block title %}简报{% endblock %}\n',
        encoding="utf-8",
    )
    result = _render(june, "-k", "brief", "-f", "txt", env={"BULLETIN_TEMPLATES": str(folder)})
    assert result.exit_code == 0, result.output
    assert "简报" in Path("2025-06-brief.txt").read_text(encoding="utf-8")
    missing = _render(june, env={"BULLETIN_TEMPLATES": str(tmp_path / "gone")})
    assert missing.exit_code == 1
    assert (
        missing.stderr == f"环境变量 BULLETIN_TEMPLATES 中的模板目录不存在：{tmp_path / 'gone'}\n"
    )


def test_reading_copy_uses_larger_type(june: Path) -> None:
    """--reading-copy lays a speech out bigger than the standard one."""
    assert _render(june, "-k", "讲话", "-o", "standard.docx").exit_code == 0
    assert _render(june, "-k", "讲话", "--reading-copy", "-o", "large.docx").exit_code == 0

    def body_size(name: str) -> Any:
        return docx.Document(name).styles["Normal"].font.size

    assert body_size("large.docx") > body_size("standard.docx")


def test_audit_appends_the_check_table(june: Path) -> None:
    """--audit appends 数据核对表 as the last attachment."""
    assert _render(june, "--audit", "-f", "txt").exit_code == 0
    assert "数据核对表" in Path("2025-06-progress.txt").read_text(encoding="utf-8")


def test_pdf_without_libreoffice_names_the_package(
    june: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without soffice on PATH, --format pdf fails in one line naming libreoffice-writer."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = _render(june, "-f", "pdf")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "LibreOffice" in line and "libreoffice-writer" in line
    assert list(Path().iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_pdf_through_libreoffice(june: Path) -> None:
    """With LibreOffice installed, --format pdf (or a .pdf name) writes a PDF."""
    result = _render(june, "-k", "讲话", "-o", "讲话.pdf")
    assert result.exit_code == 0, result.output
    assert result.stderr == "已生成：讲话.pdf\n"
    assert Path("讲话.pdf").read_bytes()[:5] == b"%PDF-"


def test_doc_without_libreoffice_names_the_package(
    june: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without soffice on PATH, --format doc fails in one line, writing nothing."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = _render(june, "-f", "doc")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert ".doc" in line and "libreoffice-writer" in line
    assert list(Path().iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_doc_through_libreoffice(june: Path) -> None:
    """--format doc (or a .doc name) writes a Word 97–2003 file holding the document's text."""
    result = _render(june, "-k", "讲话", "-o", "讲话.doc")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith("已生成：讲话.doc\n")
    data = Path("讲话.doc").read_bytes()
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE2 compound file, not a zip
    # Word 97 keeps Chinese text as UTF-16LE in its WordDocument stream.
    assert "同志们：".encode("utf-16-le") in data
