"""Bad input besides data files — templates, manifests, output names — each with its message.

Each folder in ``tests/bad/commands`` is one case: the files a secretary
has, ``case.toml`` (the command's ``args``, its ``exit`` code, and the
files it ``creates``), and ``expected``, the exact text on stderr.  The
command runs in a copy of the folder; nothing but the files named in
``creates`` may appear, and nothing there may change.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import REPO

CASES = sorted(p for p in (REPO / "tests" / "bad" / "commands").iterdir() if p.is_dir())


def _listing(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_every_case_has_its_command_and_its_message() -> None:
    """At least ten cases, each with case.toml and expected."""
    assert len(CASES) >= 10
    for case in CASES:
        assert (case / "case.toml").is_file() and (case / "expected").is_file(), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_input_gives_its_exact_message_and_writes_nothing_else(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command exits as expected, prints exactly its expected text, leaves no stray file."""
    spec = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
    work = tmp_path / case.name
    shutil.copytree(case, work)
    (work / "case.toml").unlink()
    (work / "expected").unlink()
    before = _listing(work)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, spec["args"], prog_name="bulletin")
    assert result.exit_code == spec["exit"], result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output
    assert result.stderr == (case / "expected").read_text(encoding="utf-8")
    after = _listing(work)
    created = set(spec.get("creates", ()))
    assert set(after) - set(before) - {"out/.bulletin-manifest.json"} == created
    assert {name: after.get(name) for name in before if "manifest" not in name} == {
        name: data for name, data in before.items() if "manifest" not in name
    }
