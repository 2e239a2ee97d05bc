"""Shared test fixtures: where the repository's example data lives, and a minimal valid report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


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


@pytest.fixture
def minimal_data() -> dict[str, Any]:
    """A small valid data file as a mapping, for tests to alter."""
    return minimal_report_data()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, so relative paths read as users type them."""
    monkeypatch.chdir(REPO)
    return REPO
