"""``bulletin check`` and ``bulletin schema``: exit codes, located messages, bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import REPO

BAD = REPO / "tests" / "bad"
CASES = sorted(BAD.glob("*.expected"))


def _relative(name: str) -> str:
    return f"tests/bad/{name}.yaml"


def test_bad_folder_covers_enough_cases() -> None:
    """At least 15 bad inputs, each with its expected text."""
    assert len(CASES) >= 15
    for yaml_file in BAD.glob("*.yaml"):
        assert yaml_file.with_suffix(".expected").exists(), yaml_file.name


def _errors_expected(expected: Path) -> bool:
    """Whether a case expects errors; one of warnings only (a number read so) passes."""
    lines = expected.read_text(encoding="utf-8").splitlines()
    return any(": 警告：" not in line for line in lines)


@pytest.mark.parametrize("expected", CASES, ids=lambda p: p.stem)
def test_bad_input_gives_its_expected_errors(in_repo: Path, expected: Path) -> None:
    """Each bad file gives exactly its expected located messages, no traceback; errors exit 1."""
    result = CliRunner().invoke(main, ["check", _relative(expected.stem)])
    failing = _errors_expected(expected)
    assert result.exit_code == (1 if failing else 0)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr == expected.read_text(encoding="utf-8")
    assert result.stdout.startswith("检查了 1 个文件：")
    assert ("个错误" in result.stdout) == failing


def test_bad_inputs_through_the_installed_command(in_repo: Path) -> None:
    """The real console entry point (a subprocess) prints the same text for all bad files."""
    # The two files of a cycle describe it from whichever end is read first, so
    # they are checked alone (above), not in this batch.
    names = [p.stem for p in CASES if not p.stem.startswith("previous_cycle")]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bulletin.cli import main; main()",
            "check",
            *map(_relative, names),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=in_repo,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    printed = result.stderr.splitlines()
    for path in CASES:
        if path.stem not in names:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            assert line in printed, line
    assert result.stdout.startswith(f"检查了 {len(names)} 个文件：")


def test_examples_pass(in_repo: Path) -> None:
    """The example files check clean: exit 0, no diagnostics, a summary line."""
    files = sorted(str(p.relative_to(in_repo)) for p in (in_repo / "examples").glob("*.yaml"))
    result = CliRunner().invoke(main, ["check", *files])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == "检查了 6 个文件：全部通过\n"


WARNING_FILE = """\
document: {region: 示例市, issuer: 办公室}
period: {year: 2025, month: 6}
units: [东城区]
projects:
  - name: 甲
    unit: 东城区
    stage: 续建
    total: 100
    planned: 50
    completed: 120
    started: true
"""


@pytest.mark.parametrize(
    ("options", "code"),
    [pytest.param([], 0, id="default"), pytest.param(["--strict"], 1, id="strict")],
)
def test_warnings_are_printed_and_pass_unless_strict(
    tmp_path: Path, options: list[str], code: int
) -> None:
    """Warnings go to stderr, one located line each; they fail the check only with --strict."""
    path = tmp_path / "w.yaml"
    path.write_text(WARNING_FILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *options, str(path)])
    assert result.exit_code == code
    assert result.stderr.splitlines() == [
        f"{path}:10:16: projects[0].completed: 警告：本年完成投资 120 万元超过总投资 100 万元",
        f"{path}:11:14: projects[0].started: 警告：已开工但未填开工月份（start_month）",
    ]
    assert result.stdout == "检查了 1 个文件：全部通过，2 个警告\n"


def test_errors_of_all_files_are_reported(in_repo: Path) -> None:
    """Checking several files reports every file's errors, then counts them."""
    result = CliRunner().invoke(
        main, ["check", _relative("empty"), _relative("stage_unknown"), "examples/2025-01.yaml"]
    )
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 2
    assert result.stdout == "检查了 3 个文件：2 个错误\n"


def test_shared_broken_previous_is_reported_once(in_repo: Path) -> None:
    """A cycle seen from both of its files prints each message once: each end's pair."""
    result = CliRunner().invoke(
        main, ["check", _relative("previous_cycle"), _relative("previous_cycle_back")]
    )
    lines = result.stderr.splitlines()
    expected = (BAD / "previous_cycle.expected").read_text(encoding="utf-8").splitlines()
    expected += (BAD / "previous_cycle_back.expected").read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert len(lines) == len(set(lines)) == 4


def test_check_needs_a_file() -> None:
    """Without a file it is a usage error (exit 2)."""
    assert CliRunner().invoke(main, ["check"]).exit_code == 2


def test_schema_to_file(tmp_path: Path) -> None:
    """``bulletin schema -o`` writes the same JSON it prints, and nothing else."""
    runner = CliRunner()
    printed = runner.invoke(main, ["schema"]).stdout
    target = tmp_path / "out" / "s.json"
    result = runner.invoke(main, ["schema", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == printed
    assert json.loads(printed)["title"] == "bulletin 重点项目数据文件"
    assert [p.name for p in target.parent.iterdir()] == ["s.json"]


def test_help_lists_commands_in_chinese() -> None:
    """``bulletin --help`` names check and schema with Chinese summaries."""
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "检查数据文件" in result.stdout and "JSON Schema" in result.stdout
