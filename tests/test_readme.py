"""The README's promises to a new user stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_opens_with_an_install_and_run_and_a_test_command() -> None:
    """The first two shell blocks install and render, then install test extras and run pytest."""
    main, tests = _commands()[:2]
    assert "pip install ." in main and "bulletin render examples/" in main
    assert 'pip install ".[test]"' in tests and "pytest" in tests


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    """.ci/run executes exactly the README's test command."""
    tests = _commands()[1]
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_readme_main_command_names_an_existing_example() -> None:
    """The example file the README renders exists."""
    main = _commands()[0]
    (path,) = re.findall(r"examples/\S+\.yaml", main)
    assert (ROOT / path).is_file()


def test_readme_links_the_json_schema() -> None:
    """The README links the committed JSON Schema."""
    assert "(schema/bulletin.schema.json)" in README
    assert (ROOT / "schema" / "bulletin.schema.json").is_file()


def test_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example runs as written and writes the .docx it names."""
    (example,) = re.findall(r"```python\n(.+?)\n```", README, flags=re.S)[:1]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    exec(compile(example, "README.md", "exec"), {})
    assert (tmp_path / "2025-06-progress.docx").stat().st_size > 10_000
