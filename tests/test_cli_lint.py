"""``bulletin render`` reports what the text lint finds, so a user's template mistakes show."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import REPO

EXAMPLE = REPO / "examples" / "2025-06.yaml"


@pytest.fixture
def sloppy_templates(tmp_path: Path) -> Path:
    """A user progress template whose opening uses an ASCII comma and a full-width percent."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "progress.j2").write_text(
        '{% extends "builtin/progress.j2" %}\n'
        "{% block opening %}\n今年以来,各地加快推进，完成率超过50％。\n{% endblock %}\n",
        encoding="utf-8",
    )
    return folder


def test_render_warns_about_lint_problems(
    tmp_path: Path, sloppy_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems of a user template are printed as 文字检查 warnings; the file is still written."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["render", str(EXAMPLE), "--templates", str(sloppy_templates), "-o", "out.docx"]
    )
    assert result.exit_code == 0, result.output
    assert "文字检查：中文之间用了半角标点" in result.stderr
    assert "文字检查：用了全角百分号 ％" in result.stderr
    assert (tmp_path / "out.docx").is_file()


def test_builtin_templates_render_without_lint_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built-in progress bulletin of the example raises no lint warning."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", str(EXAMPLE), "-o", "out.txt"])
    assert result.exit_code == 0, result.output
    assert "文字检查" not in result.stderr
