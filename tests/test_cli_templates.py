"""``bulletin templates``: built-in kinds with their files, and where user templates are found."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from bulletin.cli import main
from bulletin.compose import builtin_template_dir


def test_lists_builtin_kinds_with_files_and_search_order() -> None:
    """Each built-in kind shows its Chinese names and file; the lookup order is spelled out."""
    result = CliRunner().invoke(main, ["templates"], env={"BULLETIN_TEMPLATES": None})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    builtin = builtin_template_dir()
    for kind, names in [
        ("speech", "讲话"),
        ("progress", "通报、进展通报"),
        ("commendation", "表彰通报"),
        ("news", "新闻稿、会议新闻稿"),
    ]:
        at = next(i for i, line in enumerate(lines) if line.split()[:1] == [kind])
        assert lines[at].split() == [kind, names]
        assert lines[at + 1].strip() == str(builtin / f"{kind}.j2")
    assert "  1. --templates 指定的目录：（未指定）" in lines
    assert f"  2. 环境变量 BULLETIN_TEMPLATES（以 {os.pathsep!r} 分隔）：（未设置）" in lines
    assert f"  3. 内置模板：{builtin}" in lines


def test_user_folders_add_and_replace_kinds(tmp_path: Path) -> None:
    """--templates and BULLETIN_TEMPLATES folders are listed in order, with their kinds."""
    first, second = tmp_path / "mine", tmp_path / "shared"
    first.mkdir()
    second.mkdir()
    (first / "progress.j2").write_text('{% extends "builtin/progress.j2" %}', encoding="utf-8")
    (second / "weekly.j2").write_text('{% extends "builtin/progress.j2" %}', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["templates", "--templates", str(first)], env={"BULLETIN_TEMPLATES": str(second)}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == ["progress"])
    assert lines[at + 1].strip() == str(first / "progress.j2")
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == ["weekly"])
    assert lines[at].split() == ["weekly", "（自定义）"]
    assert lines[at + 1].strip() == str(second / "weekly.j2")
    assert f"  1. --templates 指定的目录：{first}" in lines
    assert any(line.endswith(f"：{second}") and "BULLETIN_TEMPLATES" in line for line in lines)


def test_missing_environment_folder_is_one_line(tmp_path: Path) -> None:
    """A folder in BULLETIN_TEMPLATES that does not exist: exit 1, one line naming it."""
    result = CliRunner().invoke(
        main, ["templates"], env={"BULLETIN_TEMPLATES": str(tmp_path / "gone")}
    )
    assert result.exit_code == 1
    assert result.stderr == f"环境变量 BULLETIN_TEMPLATES 中的模板目录不存在：{tmp_path / 'gone'}\n"
