"""The built wheel installs in a fresh venv; its ``bulletin`` command works away from the repo."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel (``python -m build``, else ``pip wheel``)."""
    out = tmp_path_factory.mktemp("dist")
    if importlib.util.find_spec("build.__main__") is not None:
        _run(sys.executable, "-m", "build", "--wheel", "--outdir", out, REPO)
    else:
        _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, REPO)
    [built] = out.glob("bulletin-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", venv)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel)
    return bin_dir


def test_wheel_ships_templates_and_starter(wheel: Path) -> None:
    """The wheel holds every built-in template, the starter files and the py.typed marker."""
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.name for p in (REPO / "templates").glob("*.j2")}
    assert {"_base.j2", "progress.j2", "speech.j2"} <= templates
    for name in templates:
        assert f"bulletin/templates/{name}" in names
    for name in (
        "README.md",
        "data/2025-05.yaml",
        "data/2025-06.yaml",
        "templates/progress.j2",
    ):
        assert f"bulletin/starter/{name}" in names
    assert "bulletin/py.typed" in names


def test_wheel_ships_the_page_of_serve(wheel: Path) -> None:
    """The page's HTML, script and style are package data, found from an installed wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    page = {p.name for p in (REPO / "src" / "bulletin" / "webpage").iterdir()}
    assert page == {"index.html", "page.css", "page.js"}
    for name in page:
        assert f"bulletin/webpage/{name}" in names


def test_installed_serve_without_the_web_extra_names_it(installed: Path, tmp_path: Path) -> None:
    """Installed without [web], ``bulletin serve`` says which pip command adds the page."""
    done = subprocess.run(
        [installed / "bulletin", "serve", "--no-browser"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 1
    assert 'pip install "bulletin[web]"' in done.stderr


def test_readme_command_in_fresh_venv(installed: Path, tmp_path: Path) -> None:
    """The README's render command, run outside the repo, writes 2025-06-progress.docx."""
    work = tmp_path / "work"
    shutil.copytree(EXAMPLES, work / "examples", ignore=shutil.ignore_patterns("*.py"))
    bulletin = installed / "bulletin"
    done = _run(bulletin, "render", "examples/2025-06.yaml", "--kind", "progress", cwd=work)
    assert done.stderr == "已生成：2025-06-progress.docx\n"
    assert (work / "2025-06-progress.docx").read_bytes()[:2] == b"PK"
    _run(
        bulletin,
        "render",
        "examples/2025-06.yaml",
        "--kind",
        "progress",
        "-o",
        "OUT.docx",
        cwd=work,
    )
    assert (work / "OUT.docx").read_bytes()[:2] == b"PK"


def test_installed_templates_come_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    """``bulletin templates`` points into the installed package, not the source tree."""
    done = _run(installed / "bulletin", "templates", cwd=tmp_path)
    assert str(REPO) not in done.stdout
    assert "site-packages" in done.stdout


def test_installed_init_then_batch(installed: Path, tmp_path: Path) -> None:
    """``bulletin init`` from the wheel gives a folder whose batch command works."""
    bulletin = installed / "bulletin"
    _run(bulletin, "init", "起步", cwd=tmp_path)
    done = _run(
        bulletin,
        "batch",
        "data",
        "-o",
        "输出",
        "-k",
        "通报",
        "-t",
        "templates",
        "--jobs",
        "2",
        cwd=tmp_path / "起步",
    )
    assert done.stdout.splitlines()[-1] == "共 2 个文件：已生成 2"
    assert sorted(p.name for p in (tmp_path / "起步" / "输出").glob("*.docx")) == [
        "2025-05-progress.docx",
        "2025-06-progress.docx",
    ]
