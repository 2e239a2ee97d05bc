"""Work kept between runs in the cache folder: the styled Word package, private folders only."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin import cache
from bulletin.compose import compose
from bulletin.source import load_report
from conftest import EXAMPLES

CREATED = dt.datetime(2025, 7, 8, 9, 0, 0)


def _docx_bytes(monkeypatch: pytest.MonkeyPatch, folder: str) -> bytes:
    """The example's progress bulletin as a fresh process would write it with this cache."""
    from bulletin.writers import docx

    monkeypatch.setenv(cache.CACHE_ENV, folder)
    docx._prepared.cache_clear()  # what a new process starts with
    tree = compose(load_report(EXAMPLES / "2025-06.yaml"), "progress")
    return docx.write_docx(tree, created=CREATED)


def test_the_package_from_the_cache_writes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built fresh, stored, then loaded from disk: the .docx bytes are identical."""
    uncached = _docx_bytes(monkeypatch, "off")
    stored = _docx_bytes(monkeypatch, str(tmp_path))
    assert list(tmp_path.glob("docx/*.pickle"))
    loaded = _docx_bytes(monkeypatch, str(tmp_path))
    assert uncached == stored == loaded


def test_a_broken_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A truncated cache entry is ignored and written anew; the document is unchanged."""
    good = _docx_bytes(monkeypatch, str(tmp_path))
    for entry in tmp_path.glob("docx/*.pickle"):
        entry.write_bytes(entry.read_bytes()[:100])
    assert _docx_bytes(monkeypatch, str(tmp_path)) == good
    assert all(p.stat().st_size > 100 for p in tmp_path.glob("docx/*.pickle"))


def test_a_folder_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached code and pickles are only read from a folder private to the user."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    assert cache.folder("shared") is None
    cache.store("shared", "k", 1)
    assert cache.load("shared", "k") is None
    assert cache.folder("private") == tmp_path / "private"
    cache.store("private", "k", {"a": 1})
    assert cache.load("private", "k") == {"a": 1}


def test_a_second_render_imports_no_python_docx(tmp_path: Path) -> None:
    """Once the package is cached, a new process writes a .docx without importing python-docx."""
    script = (
        "import sys\n"
        "from bulletin.compose import compose\n"
        "from bulletin.source import load_report\n"
        "from bulletin.writers.docx import write_docx\n"
        f"write_docx(compose(load_report({str(EXAMPLES / '2025-06.yaml')!r}), 'progress'))\n"
        "print(sorted(m for m in ('docx', 'babel') if m in sys.modules))\n"
    )
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["['docx']", "[]"]
