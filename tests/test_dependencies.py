"""The declared dependencies admit no release with a known hole in what we rely on."""

from __future__ import annotations

import tomllib
from importlib import metadata

from packaging.requirements import Requirement

from conftest import REPO


def _requirement(name: str) -> Requirement:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (found,) = [r for r in map(Requirement, project["dependencies"]) if r.name.lower() == name]
    return found


def test_jinja2_releases_with_published_sandbox_escapes_are_refused() -> None:
    """User templates run in Jinja's sandbox; releases before 3.1.6 can be escaped from it."""
    jinja2 = _requirement("jinja2")
    assert not any(jinja2.specifier.contains(v) for v in ("3.1.0", "3.1.4", "3.1.5"))
    assert jinja2.specifier.contains("3.1.6")
    assert jinja2.specifier.contains(metadata.version("jinja2"))
