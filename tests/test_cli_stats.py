"""`bulletin stats`: prints the indicators of a data file, or one located error line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bulletin.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"


def test_stats_prints_indicators() -> None:
    """The command prints the stats view of the example file and exits 0."""
    result = CliRunner().invoke(main, ["stats", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("全市重点项目统计（2025年1—6月")
    for section in ("【项目盘子】", "【投资进度】", "【各单位】", "【应开工未开工项目】"):
        assert section in result.output


def test_stats_on_missing_file_is_one_line_error(tmp_path: Path) -> None:
    """A missing file gives exit code 1 and a message naming the file, no traceback."""
    missing = tmp_path / "none.yaml"
    result = CliRunner().invoke(main, ["stats", str(missing)])
    assert result.exit_code == 1
    assert "none.yaml" in result.output
    assert "Traceback" not in result.output
