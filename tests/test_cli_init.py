"""``bulletin init``: a working starter folder with a one-block template; never over files."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.starter import files
from conftest import EXAMPLES

STARTER_FILES = [
    "README.md",
    "bulletin.schema.json",
    "data/2025-05.yaml",
    "data/2025-06.yaml",
    "templates/progress.j2",
    "台账模板.xlsx",
]


@pytest.fixture
def starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder made by ``bulletin init``, as the working directory."""
    result = CliRunner().invoke(main, ["init", str(tmp_path / "工作")])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "工作")
    return tmp_path / "工作"


def test_init_writes_the_starter_files(starter: Path) -> None:
    """The folder holds the data, the template, the guide and the schema, and nothing else."""
    found = sorted(p.relative_to(starter).as_posix() for p in starter.rglob("*") if p.is_file())
    assert found == sorted(STARTER_FILES)
    guide = (starter / "README.md").read_text(encoding="utf-8")
    for command in ("bulletin check", "bulletin render", "bulletin batch", "--templates templates"):
        assert command in guide


@pytest.mark.parametrize("name", ["2025-05.yaml", "2025-06.yaml"], ids=["may", "june"])
def test_starter_data_is_the_example_without_previous(name: str) -> None:
    """The shipped data equals the example file but for the header comments and ``previous``."""
    shipped = dict(files())[PurePosixPath("data", name)]
    example = (EXAMPLES / name).read_text(encoding="utf-8").split("\n")
    ours = shipped.decode("utf-8").split("\n")
    dropped = [line for line in example if line.startswith("previous: ")]
    assert len(dropped) == 1
    assert ours[0] == "# yaml-language-server: $schema=../bulletin.schema.json"
    at = example.index(dropped[0])
    assert ours[2:] == example[2:at] + example[at + 2 :]


def test_starter_renders_with_its_template(starter: Path) -> None:
    """The starter template replaces the opening of the built-in 通报 and keeps the rest."""
    runner = CliRunner()
    plain = runner.invoke(main, ["render", "data/2025-06.yaml", "-o", "plain.txt"])
    custom = runner.invoke(
        main, ["render", "data/2025-06.yaml", "--templates", "templates", "-o", "custom.txt"]
    )
    assert plain.exit_code == 0 and custom.exit_code == 0, custom.output
    plain_text = Path("plain.txt").read_text(encoding="utf-8")
    custom_text = Path("custom.txt").read_text(encoding="utf-8")
    assert "一切围绕项目转" in custom_text and "一切围绕项目转" not in plain_text
    opening, tail = plain_text.split("一、", 1)
    assert "认真落实" in opening and "认真落实" not in custom_text.split("一、", 1)[0]
    assert custom_text.split("一、", 1)[1] == tail


def test_starter_june_uses_may_by_name(starter: Path, tmp_path: Path) -> None:
    """June names no previous, yet renders as the example that names May explicitly."""
    runner = CliRunner()
    runner.invoke(main, ["render", "data/2025-06.yaml", "-o", "starter.txt"])
    runner.invoke(main, ["render", str(EXAMPLES / "2025-06.yaml"), "-o", "example.txt"])
    assert Path("starter.txt").read_bytes() == Path("example.txt").read_bytes()


def test_starter_batch_and_check_pass(starter: Path) -> None:
    """The README's check and batch commands run clean in the starter folder."""
    runner = CliRunner()
    check = runner.invoke(main, ["check", "data/2025-05.yaml", "data/2025-06.yaml"])
    assert check.exit_code == 0, check.output
    batch = runner.invoke(
        main, ["batch", "data", "-o", "输出", "-k", "通报", "-k", "讲话", "-t", "templates"]
    )
    assert batch.exit_code == 0, batch.output
    assert len(list(Path("输出").glob("*.docx"))) == 4


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    """A folder with something in it is refused with exit 1, and nothing in it changes."""
    keep = tmp_path / "target" / "notes.txt"
    keep.parent.mkdir()
    keep.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(keep.parent)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{keep.parent}: 目录已存在且不为空，未写入任何文件（请指定新目录或空目录）\n"
    )
    assert [p.name for p in keep.parent.iterdir()] == ["notes.txt"]
    assert keep.read_text(encoding="utf-8") == "mine"


def test_init_refuses_a_file(tmp_path: Path) -> None:
    """A file at the path is a usage error (exit 2) and stays as it was."""
    keep = tmp_path / "target"
    keep.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(keep)])
    assert result.exit_code == 2
    assert keep.read_text(encoding="utf-8") == "mine"


def test_init_into_empty_folder(tmp_path: Path) -> None:
    """An existing empty folder is fine."""
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["init", str(tmp_path / "empty")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "empty" / "templates" / "progress.j2").is_file()
