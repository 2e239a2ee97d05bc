"""The command line as a whole: quick --help, one-line errors, tracebacks only with --verbose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import EXAMPLES

HEAVY = ("pydantic", "yaml", "docx", "jinja2", "lxml")


@pytest.mark.parametrize(
    "args",
    [["--help"], ["render", "--help"], ["batch", "--help"], ["init", "--help"], ["--version"]],
    ids=["main", "render", "batch", "init", "version"],
)
def test_help_imports_no_heavy_module(args: list[str]) -> None:
    """Help and version run without importing pydantic, PyYAML, python-docx, Jinja or lxml."""
    code = (
        "import sys\n"
        "from bulletin.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_help_is_chinese_first() -> None:
    """Every command is listed with its Chinese summary."""
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("batch", "check", "init", "render", "schema", "stats", "templates"):
        line = next(line for line in result.stdout.splitlines() if line.split()[:1] == [command])
        assert any("\u4e00" <= ch <= "\u9fff" for ch in line), line


@pytest.fixture
def broken_compose(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make composing raise an unexpected exception (a bug, not a user error)."""
    import bulletin.compose

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(bulletin.compose, "compose", boom)


def test_internal_error_is_one_line_without_traceback(broken_compose: None, tmp_path: Path) -> None:
    """A bug surfaces as one 内部错误 line with the --verbose hint, exit 1, no traceback."""
    result = CliRunner().invoke(
        main, ["render", str(EXAMPLES / "2025-06.yaml"), "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 1
    assert result.stderr == "内部错误：RuntimeError: boom second line（加 --verbose 查看详情）\n"
    assert not (tmp_path / "x.docx").exists()


def test_verbose_shows_the_traceback(broken_compose: None, tmp_path: Path) -> None:
    """With --verbose the traceback comes first, then the same line without the hint."""
    result = CliRunner().invoke(
        main,
        ["--verbose", "render", str(EXAMPLES / "2025-06.yaml"), "-o", str(tmp_path / "x.docx")],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("内部错误：RuntimeError: boom second line\n")


def test_batch_internal_error_names_the_file(broken_compose: None, tmp_path: Path) -> None:
    """In a batch a bug fails that file with a 内部错误 line; --verbose adds its traceback."""
    args = ["batch", str(EXAMPLES / "2025-01.yaml"), "-o", str(tmp_path), "--jobs", "1"]
    quiet = CliRunner().invoke(main, args)
    assert quiet.exit_code == 1
    assert (
        f"失败：{EXAMPLES / '2025-01.yaml'}（进展通报）\n内部错误：RuntimeError: boom"
        in quiet.stderr
    )
    assert "Traceback" not in quiet.stderr
    loud = CliRunner().invoke(main, ["-v", *args])
    assert "Traceback (most recent call last):" in loud.stderr


def test_user_error_with_verbose_keeps_the_message(tmp_path: Path) -> None:
    """--verbose on a user error still ends with the located message."""
    result = CliRunner().invoke(main, ["-v", "render", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert result.stderr.endswith(f"{tmp_path / 'none.yaml'}: 文件不存在\n")


def test_unknown_command_is_a_usage_error() -> None:
    """A misspelt command exits 2 with the suggestion, in Chinese."""
    result = CliRunner().invoke(main, ["rendr"])
    assert result.exit_code == 2
    assert "错误：没有命令 'rendr'（您是不是要用 render？）" in result.stderr


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("东\x1b[31m城区", "东\\x1b[31m城区", id="escape-sequence"),
        pytest.param("东\x07城区", "东\\x07城区", id="bell"),
        pytest.param("东\u202e城区", "东\\u202e城区", id="bidi-override"),
        pytest.param("东\n城区", "东\\x0a城区", id="newline-keeps-one-line"),
    ],
)
def test_diagnostics_never_print_control_characters(raw: str, shown: str) -> None:
    """A name quoted in a message prints its control characters as escapes, on one line."""
    from bulletin.errors import Diagnostic

    text = str(Diagnostic(f"单位 '{raw}' 不在 units 列表中", file="d.yaml", line=3))
    assert text == f"d.yaml:3: 单位 '{shown}' 不在 units 列表中"


def test_check_echoes_a_terminal_sequence_harmlessly(tmp_path: Path) -> None:
    """``bulletin check`` of a unit named with ESC prints the escape, never the raw byte."""
    from conftest import minimal_report_data, write_yaml

    data = minimal_report_data()
    data["projects"][0]["unit"] = "东城区\x1b]0;pwned\x07"
    path = write_yaml(tmp_path / "d.yaml", data)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "东城区\\x1b]0;pwned\\x07" in result.stderr


def test_a_huge_name_is_quoted_short() -> None:
    """A diagnostic quoting a 100,000-character name prints its start and how long it was."""
    from bulletin.errors import Diagnostic

    text = str(Diagnostic(f"单位 '{'东' * 100_000}' 不在 units 列表中", file="d.yaml", line=3))
    assert len(text) < 400
    assert text.endswith("……（共 100,018 字，以下从略）")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        pytest.param(["render"], "错误：缺少参数 'DATA'", id="missing-argument"),
        pytest.param(
            ["render", "x.yaml", "--bogus"], "错误：没有选项 '--bogus'", id="unknown-option"
        ),
        pytest.param(
            ["render", "x.yaml", "--forc"],
            "错误：没有选项 '--forc'（您是不是要用 --force、--format？）",
            id="misspelt-option",
        ),
        pytest.param(
            ["render", "x.yaml", "-o"], "错误：选项 '-o' 后面要写值", id="option-without-value"
        ),
        pytest.param(
            ["render", "a.yaml", "b.yaml"], "错误：多余的参数：b.yaml", id="extra-argument"
        ),
        pytest.param(
            ["render", "x.yaml", "-t", "no-such"],
            "错误：'-t' / '--templates' 的值有误：'no-such' 不存在",
            id="missing-folder",
        ),
    ],
)
def test_usage_errors_are_said_in_chinese(args: list[str], said: str) -> None:
    """Click's usage errors reach the user in Chinese, with the usage line and where help is."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == said
    assert not any(word in result.stderr for word in ("Usage:", "Error:", "Try '"))


def test_a_reference_doc_that_is_no_docx_is_said_in_chinese(tmp_path: Path) -> None:
    """--reference-doc naming a file that is no .docx: one Chinese line, not python-docx's."""
    fake = tmp_path / "参考.docx"
    fake.write_text("不是 Word 文档", encoding="utf-8")
    data = tmp_path / "2025-06.yaml"
    data.write_bytes((EXAMPLES / "2025-06.yaml").read_bytes())
    (tmp_path / "2025-05.yaml").write_bytes((EXAMPLES / "2025-05.yaml").read_bytes())
    result = CliRunner().invoke(
        main, ["render", str(data), "--reference-doc", str(fake), "-o", str(tmp_path / "out.docx")]
    )
    assert result.exit_code == 1
    assert "不是 Word 文档（.docx），或文件已损坏" in result.stderr
    assert "Package not found" not in result.stderr
    assert not (tmp_path / "out.docx").exists()
