"""``bulletin batch``: reruns skip what is up to date, edited files are kept, failures are named."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from bulletin.cli import main
from bulletin.writers.docx import read_properties
from conftest import EXAMPLES, REPO, month_data, write_yaml


def _batch(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["batch", *map(str, args)])


@pytest.fixture
def examples(tmp_path: Path) -> list[Path]:
    """A copy of the six example months (each naming the one before as ``previous``)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        shutil.copy2(path, folder / path.name)
    return sorted(folder.glob("*.yaml"))


@pytest.fixture
def small(tmp_path: Path) -> list[Path]:
    """Two small months; June names no previous, so May is its previous by file name."""
    folder = tmp_path / "small"
    folder.mkdir()
    return [
        write_yaml(folder / "2025-05.yaml", month_data(5, 1000)),
        write_yaml(folder / "2025-06.yaml", month_data(6)),
    ]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _statuses(result: Result) -> dict[str, str]:
    """Output file name → status word, from the summary table."""
    rows = [line.split() for line in result.stdout.splitlines()[1:-1]]
    return {Path(row[4]).name if row[4] != "—" else row[0]: row[2] for row in rows}


def test_second_run_over_examples_writes_nothing(examples: list[Path], tmp_path: Path) -> None:
    """A rerun reports every output 未变化 and leaves every file, manifest included, untouched."""
    out = tmp_path / "out"
    first = _batch(*examples, "-o", out, "--jobs", "2")
    assert first.exit_code == 0, first.output
    assert set(_statuses(first).values()) == {"已生成"}
    assert len(list(out.glob("*.docx"))) == 6
    before = _snapshot(out)
    second = _batch(*examples, "-o", out, "--jobs", "2")
    assert second.exit_code == 0, second.output
    assert _statuses(second) == {f"2025-0{m}-progress.docx": "未变化" for m in range(1, 7)}
    assert second.stdout.splitlines()[-1] == "共 6 个文件：未变化 6"
    assert _snapshot(out) == before


@pytest.mark.parametrize("touched", ["2025-03.yaml", "2025-06.yaml"], ids=["march", "june"])
def test_touching_one_input_regenerates_only_that_one(
    examples: list[Path], tmp_path: Path, touched: str
) -> None:
    """``touch`` (content unchanged) remakes that file's output and no other."""
    out = tmp_path / "out"
    assert _batch(*examples, "-o", out).exit_code == 0
    path = next(p for p in examples if p.name == touched)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    result = _batch(*examples, "-o", out)
    assert result.exit_code == 0, result.output
    made = {name for name, status in _statuses(result).items() if status == "已生成"}
    assert made == {touched.replace(".yaml", "-progress.docx")}


@pytest.mark.parametrize(
    ("changed", "regenerated"),
    [
        ("2025-06.yaml", {"2025-06"}),
        ("2025-05.yaml", {"2025-05", "2025-06"}),
        # June is made from June and May only: March's figures reach no later document.
        ("2025-03.yaml", {"2025-03", "2025-04"}),
    ],
    ids=["june-alone", "may-and-june-that-names-it", "march-and-april-that-names-it"],
)
def test_changed_input_regenerates_it_and_the_files_naming_it(
    examples: list[Path], tmp_path: Path, changed: str, regenerated: set[str]
) -> None:
    """A changed file is regenerated with the months that name it; the rest are unchanged."""
    out = tmp_path / "out"
    assert _batch(*examples, "-o", out, "--format", "txt").exit_code == 0
    before = _snapshot(out)
    path = examples[0].parent / changed
    path.write_text(path.read_text(encoding="utf-8") + "# 已核对\n", encoding="utf-8")
    result = _batch(*examples, "-o", out, "--format", "txt")
    assert result.exit_code == 0, result.output
    expected = {
        f"2025-0{m}-progress.txt": "已生成" if f"2025-0{m}" in regenerated else "未变化"
        for m in range(1, 7)
    }
    assert _statuses(result) == expected
    after = _snapshot(out)
    for name, status in expected.items():
        assert (after[name] == before[name]) == (status == "未变化"), name


def test_default_previous_change_regenerates_the_month_after(
    small: list[Path], tmp_path: Path
) -> None:
    """June names no previous: a change to May (its previous by name) regenerates June too."""
    out = tmp_path / "out"
    assert _batch(*small, "-o", out, "-f", "md").exit_code == 0
    write_yaml(small[0], month_data(5, 1200))
    result = _batch(*small, "-o", out, "-f", "md")
    assert _statuses(result) == {"2025-05-progress.md": "已生成", "2025-06-progress.md": "已生成"}
    assert _statuses(_batch(*small, "-o", out, "-f", "md")) == {
        "2025-05-progress.md": "未变化",
        "2025-06-progress.md": "未变化",
    }


def test_edited_docx_is_kept_and_the_new_one_written_beside(
    small: list[Path], tmp_path: Path
) -> None:
    """An edited .docx stays byte-identical, the new one is .new.docx and the message says so."""
    out = tmp_path / "out"
    assert _batch(*small, "-o", out).exit_code == 0
    target = out / "2025-06-progress.docx"
    document = docx.Document(str(target))
    document.add_paragraph("处室补充的一段话。")
    document.save(str(target))
    edited = target.read_bytes()

    result = _batch(*small, "-o", out)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == edited
    beside = out / "2025-06-progress.new.docx"
    props = read_properties(beside)
    assert props["content_hash"] == props["document_hash"]
    assert _statuses(result) == {
        "2025-05-progress.docx": "未变化",
        "2025-06-progress.new.docx": "已另存",
    }
    assert f"已另存为 {beside}：{target} 在生成后被修改过" in result.stderr
    assert "--force" in result.stderr

    again = _batch(*small, "-o", out)
    assert _statuses(again)["2025-06-progress.new.docx"] == "未变化"
    assert not (out / "2025-06-progress.new-2.docx").exists()

    forced = _batch(*small, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert _statuses(forced)["2025-06-progress.docx"] == "已生成"
    props = read_properties(target)
    assert props["content_hash"] == props["document_hash"]
    assert "处室补充的一段话。" not in [p.text for p in docx.Document(str(target)).paragraphs]


def test_failing_file_does_not_stop_the_others(small: list[Path], tmp_path: Path) -> None:
    """A broken file fails alone: the others are written, exit 1 names it with its located error."""
    bad = tmp_path / "small" / "yaml_syntax.yaml"
    shutil.copy(REPO / "tests" / "bad" / "yaml_syntax.yaml", bad)
    expected = (REPO / "tests" / "bad" / "yaml_syntax.expected").read_text(encoding="utf-8")
    expected = expected.replace("tests/bad/yaml_syntax.yaml", str(bad))
    result = _batch(*small, bad, "-o", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 1
    assert _statuses(result) == {
        "2025-05-progress.docx": "已生成",
        "2025-06-progress.docx": "已生成",
        str(bad): "失败",
    }
    assert f"失败：{bad}（进展通报）\n{expected}" in result.stderr
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "2025-06-progress.docx").is_file()


def test_missing_data_file_is_a_failure_not_a_crash(small: list[Path], tmp_path: Path) -> None:
    """A data file that does not exist fails with its name and 文件不存在; the rest are written."""
    missing = tmp_path / "small" / "2025-07.yaml"
    result = _batch(*small, missing, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert f"{missing}: 文件不存在" in result.stderr
    assert _statuses(result)[str(missing)] == "失败"


def test_several_kinds_and_chinese_names(small: list[Path], tmp_path: Path) -> None:
    """--kind repeats and takes Chinese names; a progress counter goes to stderr."""
    result = _batch(
        *small, "-o", tmp_path / "out", "-k", "通报", "-k", "讲话", "-k", "progress", "-f", "txt"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == [
        "2025-05-progress.txt",
        "2025-05-speech.txt",
        "2025-06-progress.txt",
        "2025-06-speech.txt",
    ]
    assert "[4/4] 已生成" in result.stderr


def test_folder_argument_means_its_yaml_files(small: list[Path], tmp_path: Path) -> None:
    """A folder given as DATA stands for the .yaml files in it."""
    result = _batch(small[0].parent, "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.md"))) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-k", "通知"], "没有文书类型 '通知'"),
        (["-k", "speach"], "Did you mean 'speech'?"),
        (["--jobs", "0"], "'-j' / '--jobs' 的值有误：0 超出允许的范围（x>=1）"),
        (["-f", "odt"], "'-f' / '--format' 的值有误：'odt' 不是可选的值"),
    ],
    ids=["unknown-chinese-kind", "misspelt-kind", "zero-jobs", "unknown-format"],
)
def test_usage_errors_exit_2(
    small: list[Path], tmp_path: Path, args: list[str], message: str
) -> None:
    """A bad option is a usage error: exit 2, its message, nothing written."""
    result = _batch(*small, "-o", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["pdf", "doc"])
def test_pdf_without_libreoffice_names_the_package(
    small: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Without soffice on PATH, --format pdf or doc stops at once with the package to install."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = _batch(*small, "-o", tmp_path / "out", "-f", fmt)
    assert result.exit_code == 1
    assert "libreoffice-writer" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "change",
    ["template-edited", "audit-added", "reference-doc-edited"],
)
def test_template_or_option_change_regenerates(
    small: list[Path], tmp_path: Path, change: str
) -> None:
    """Editing a template on the search path or changing an option regenerates every output."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    template = folder / "progress.j2"
    template.write_text('{% extends "builtin/progress.j2" %}\n', encoding="utf-8")
    reference = tmp_path / "reference.docx"
    docx.Document().save(str(reference))
    args = [*small, "-o", tmp_path / "out", "-t", folder, "--reference-doc", reference]
    assert _batch(*args).exit_code == 0
    assert set(_statuses(_batch(*args)).values()) == {"未变化"}
    if change == "template-edited":
        template.write_text(
            '{% extends "builtin/progress.j2" %}\n{% block title %}月报{% endblock %}\n',
            encoding="utf-8",
        )
    elif change == "audit-added":
        args.append("--audit")
    else:
        document = docx.Document(str(reference))
        document.styles["Normal"].font.name = "Arial"
        document.save(str(reference))
    result = _batch(*args)
    assert result.exit_code == 0, result.output
    assert set(_statuses(result).values()) == {"已生成"}
