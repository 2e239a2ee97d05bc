"""Reading a data file end to end: referenced files, cycles, cross-file warnings, hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bulletin.errors import DataError
from bulletin.source import check_file, check_files, load_report, read_source, source_hash
from conftest import EXAMPLES, minimal_report_data


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _month(month: int, completed: int = 1500, **top: Any) -> dict[str, Any]:
    data = minimal_report_data()
    data["period"]["month"] = month
    data["projects"][0]["completed"] = completed
    data.update(top)
    return data


def test_examples_chain_is_attached() -> None:
    """June's report carries May's as previous_report, and May's carries April's."""
    report, warnings = read_source(EXAMPLES / "2025-06.yaml")
    assert warnings == ()
    assert report.source_file == str(EXAMPLES / "2025-06.yaml")
    assert report.previous_report is not None
    assert report.previous_report.period.month == 5
    assert report.previous_report.previous_report is not None
    assert report.previous_report.previous_report.period.month == 4
    assert report.last_year_report is None  # given inline in the examples


def test_relative_paths_are_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A previous file is found beside the naming file, whatever the working directory."""
    sub = tmp_path / "data"
    sub.mkdir()
    _write(sub / "05.yaml", _month(5, 1000))
    _write(sub / "06.yaml", _month(6, previous="05.yaml"))
    monkeypatch.chdir(tmp_path)
    report = load_report("data/06.yaml")
    assert report.previous_report is not None
    assert report.previous_report.source_file == str(Path("data") / "05.yaml")


def test_missing_previous_is_an_error_at_its_key(tmp_path: Path) -> None:
    """A previous file that does not exist is reported at the line of ``previous``."""
    path = _write(tmp_path / "06.yaml", _month(6, previous="gone.yaml"))
    line = path.read_text(encoding="utf-8").splitlines().index("previous: gone.yaml") + 1
    with pytest.raises(DataError) as caught:
        read_source(path, filename="06.yaml")
    assert (
        str(caught.value)
        == f"06.yaml:{line}:11: previous: 上期文件 'gone.yaml' 不存在（相对于本文件所在目录）"
    )


def test_errors_of_a_referenced_file_are_reported_with_it(tmp_path: Path) -> None:
    """A broken last_year file gives its own located errors and a note at the reference."""
    _write(tmp_path / "2024.yaml", _month(6, stage_typo=1))
    path = _write(tmp_path / "06.yaml", _month(6, last_year="2024.yaml"))
    diagnostics = [str(d) for d in check_file(path)]
    assert len(diagnostics) == 2
    assert diagnostics[0].startswith(f"{tmp_path / '2024.yaml'}:")
    assert diagnostics[0].endswith("stage_typo: 未知字段 'stage_typo'")
    assert diagnostics[1].endswith("last_year: 上年同期文件 '2024.yaml' 有错误")


def test_cycles_are_refused(tmp_path: Path) -> None:
    """Two files naming each other as previous stop with an error, not a recursion."""
    _write(tmp_path / "a.yaml", _month(6, previous="b.yaml"))
    _write(tmp_path / "b.yaml", _month(5, previous="a.yaml"))
    messages = [d.message for d in check_file(tmp_path / "a.yaml")]
    assert messages == ["上期文件循环引用：a.yaml → b.yaml → a.yaml", "上期文件 'b.yaml' 有错误"]


def test_self_reference_is_a_cycle(tmp_path: Path) -> None:
    """A file naming itself as previous is a cycle too."""
    _write(tmp_path / "a.yaml", _month(6, previous="a.yaml"))
    assert [d.message for d in check_file(tmp_path / "a.yaml")] == [
        "上期文件循环引用：a.yaml → a.yaml"
    ]


CROSS_FILE = [
    pytest.param(
        {"previous": "other.yaml"},
        _month(6),
        "previous: 警告：上期文件的统计期（2025年1—6月）不早于本期（2025年1—6月）",
        id="previous-not-earlier",
    ),
    pytest.param(
        {"previous": "other.yaml"},
        _month(5, completed=2000),
        "projects[0].completed: 警告：累计完成投资 1500 万元少于上期的 2000 万元"
        "（本年累计数不应减少）",
        id="cumulative-decreased",
    ),
    pytest.param(
        {"last_year": "other.yaml"},
        _month(5),
        "last_year: 警告：上年同期文件的统计期应为 2024年1—6月，实为 2025年1—5月",
        id="last-year-wrong-period",
    ),
]


@pytest.mark.parametrize(("reference", "other", "expected"), CROSS_FILE)
def test_warnings_across_files(
    tmp_path: Path, reference: dict[str, str], other: dict[str, Any], expected: str
) -> None:
    """Figures that disagree with the referenced file are warnings of the naming file."""
    _write(tmp_path / "other.yaml", other)
    path = _write(tmp_path / "main.yaml", _month(6, **reference))
    report, warnings = read_source(path, filename="main.yaml")
    assert [str(w).split(": ", 1)[1] for w in warnings] == [expected]
    assert report is not None


def test_load_report_from_mapping_resolves_only_with_a_filename(tmp_path: Path) -> None:
    """A mapping's previous file is found beside ``filename``, and left alone without one."""
    _write(tmp_path / "05.yaml", _month(5, 1000))
    data = _month(6, previous="05.yaml")
    with_name = load_report(data, filename=str(tmp_path / "06.yaml"))
    assert with_name.previous_report is not None
    without = load_report(data)
    assert without.previous_report is None
    assert without.previous == "05.yaml"


def test_load_report_raises_every_error() -> None:
    """load_report raises one DataError holding all the errors of the data."""
    data = _month(13, stage_typo=1)
    with pytest.raises(DataError) as caught:
        load_report(data, filename="x.yaml")
    assert [d.path for d in caught.value.errors] == [("period", "month"), ("stage_typo",)]


def test_check_file_never_raises_for_bad_data(tmp_path: Path) -> None:
    """check_file returns the problems of a missing or broken file instead of raising."""
    assert [d.message for d in check_file(tmp_path / "none.yaml")] == ["文件不存在"]


def test_check_files_keeps_the_order_given() -> None:
    """check_files answers each path in the order given, as it was written."""
    paths = [str(EXAMPLES / "2025-02.yaml"), str(EXAMPLES / "2025-01.yaml")]
    assert check_files(paths) == [(paths[0], []), (paths[1], [])]


def test_source_hash_follows_referenced_files(tmp_path: Path) -> None:
    """The hash changes when a previous file changes, and is stable otherwise."""
    _write(tmp_path / "05.yaml", _month(5, 1000))
    path = _write(tmp_path / "06.yaml", _month(6, previous="05.yaml"))
    first = source_hash(path)
    assert source_hash(path) == first and len(first) == 64
    _write(tmp_path / "05.yaml", _month(5, 1200))
    assert source_hash(path) != first


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("previous: a.yaml\n", id="self-cycle"),
        pytest.param("previous: none.yaml\n", id="missing-reference"),
        pytest.param("a: [\n", id="broken-yaml"),
    ],
)
def test_source_hash_works_on_bad_files(tmp_path: Path, text: str) -> None:
    """Hashing never fails on a file that would not validate."""
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    assert len(source_hash(tmp_path / "a.yaml")) == 64
