"""Shared test fixtures: where the repository's example data lives, and a minimal valid report."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def body_lines(tree: Any) -> list[str]:
    """A body as printed: one heading (numbered, with run-in text) or paragraph a line."""
    from bulletin.doctree import Heading, Paragraph

    lines: list[str] = []
    for block in tree.body:
        if isinstance(block, Heading):
            lines.append(block.label + "".join(r.text for r in block.body))
        elif isinstance(block, Paragraph):
            lines.append(block.text)
    return lines


def minimal_report_data() -> dict[str, Any]:
    """A small valid data file as a mapping (a fresh copy each call)."""
    return {
        "document": {"region": "示例市", "issuer": "示例市重点项目建设领导小组办公室"},
        "period": {"year": 2025, "month": 6},
        "units": ["东城区", "西城区"],
        "projects": [
            {
                "name": "东城区老旧小区改造工程",
                "unit": "东城区",
                "stage": "续建",
                "total": 12000,
                "planned": 3000,
                "completed": 1500,
                "started": True,
                "start_month": 2,
            }
        ],
    }


def month_data(month: int, completed: int = 1500) -> dict[str, Any]:
    """The minimal report for ``month`` of 2025, its one project having ``completed``."""
    data = minimal_report_data()
    data["period"]["month"] = month
    data["projects"][0]["completed"] = completed
    return data


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` as a YAML data file at ``path``; return the path."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session", autouse=True)
def _template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled templates go to a folder of the test run, not the user's cache folder."""
    folder = tmp_path_factory.mktemp("bulletin-cache")
    before = os.environ.get("BULLETIN_CACHE_DIR")
    os.environ["BULLETIN_CACHE_DIR"] = str(folder)  # subprocesses inherit it
    yield folder
    if before is None:
        del os.environ["BULLETIN_CACHE_DIR"]
    else:
        os.environ["BULLETIN_CACHE_DIR"] = before


@pytest.fixture
def minimal_data() -> dict[str, Any]:
    """A small valid data file as a mapping, for tests to alter."""
    return minimal_report_data()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, so relative paths read as users type them."""
    monkeypatch.chdir(REPO)
    return REPO
