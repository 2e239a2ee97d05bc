"""--script hant: Traditional characters by OpenCC s2t; a clear message without OpenCC."""

from __future__ import annotations

import builtins
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bulletin import script
from bulletin.cli import main
from bulletin.doctree import Column, DocTree, Heading, Metadata, Paragraph, Run, Table
from bulletin.errors import OutputError
from conftest import month_data, write_yaml

pytest.importorskip("opencc", reason="OpenCC is in the test extra")

TREE = DocTree(
    kind="progress",
    title="关于全市重点项目建设进展情况的通报",
    title_lines=("关于全市", "重点项目建设进展情况的通报"),
    body=(
        Paragraph((Run("后来，各县区发展势头良好。"), Run("头发", "kai"))),
        Heading(2, "项目开复工", body=(Run("干部带头。"),), marker="（一）"),
        Table((Column("项目名称"),), (("东城区体育馆",), ("ABC 2025",))),
    ),
    signature="示例市重点项目建设领导小组办公室",
    metadata=Metadata(kind="progress", source_hash="sha256:ab"),
)


@pytest.fixture(autouse=True)
def fresh_converter() -> Any:
    script._converter.cache_clear()
    yield
    script._converter.cache_clear()


def test_every_text_of_the_tree_turns_traditional() -> None:
    """Title, its lines, runs, headings, run-in text, table cells and signature are converted."""
    tree = script.to_traditional(TREE)
    assert tree.title == "關於全市重點項目建設進展情況的通報"
    assert tree.title_lines == ("關於全市", "重點項目建設進展情況的通報")
    paragraph = tree.body[0]
    assert isinstance(paragraph, Paragraph)
    assert [r.text for r in paragraph.runs] == ["後來，各縣區發展勢頭良好。", "頭髮"]
    assert paragraph.runs[1].emphasis == "kai"
    heading = tree.body[1]
    assert isinstance(heading, Heading)
    assert (heading.marker, heading.text, heading.body[0].text) == (
        "（一）",
        "項目開復工",
        "幹部帶頭。",
    )
    table = tree.body[2]
    assert isinstance(table, Table)
    assert table.columns[0].title == "項目名稱"
    assert table.rows == (("東城區體育館",), ("ABC 2025",))
    assert tree.signature == "示例市重點項目建設領導小組辦公室"
    assert tree.metadata == TREE.metadata  # ASCII fields untouched


def test_plain_s2t_keeps_mainland_wording() -> None:
    """项目 becomes 項目 and 软件 軟件: characters change, words do not (not the Taiwan set)."""
    tree = script.to_traditional(DocTree(kind="news", title="项目软件信息"))
    assert tree.title == "項目軟件信息"


def test_missing_opencc_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without OpenCC the error names the package and the extra, no traceback."""
    real = builtins.__import__

    def no_opencc(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "opencc":
            raise ImportError("No module named 'opencc'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_opencc)
    with pytest.raises(OutputError, match=r"pip install 'bulletin\[hant\]'"):
        script.to_traditional(TREE)


@pytest.fixture
def june(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small June file; the working directory is an empty output folder."""
    write_yaml(tmp_path / "2025-05.yaml", month_data(5, 1000))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return write_yaml(tmp_path / "2025-06.yaml", month_data(6))


def test_cli_hant_without_opencc_writes_nothing(
    june: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bulletin render --script hant without OpenCC: one line saying what to install, exit 1."""
    monkeypatch.setattr(script, "_converter", _missing)
    result = CliRunner().invoke(main, ["render", str(june), "--script", "hant"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "繁体输出需要 OpenCC：pip install 'bulletin[hant]'（或 pip install opencc）。"
    ]
    assert list(Path().iterdir()) == []


def _missing() -> Any:
    raise OutputError(
        "繁体输出需要 OpenCC：pip install 'bulletin[hant]'（或 pip install opencc）。"
    )


def test_cli_hant_docx_is_traditional_in_gbk_faces(june: Path) -> None:
    """The .docx is in Traditional characters, set in 仿宋/楷体 (GBK), proofed as zh-HK."""
    result = CliRunner().invoke(main, ["render", str(june), "--script", "hant", "-o", "t.docx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(Path("t.docx").read_bytes())) as z:
        document = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    assert "進展情況的通報" in document and "进展情况" not in document
    assert "_GB2312" not in styles and 'w:eastAsia="仿宋"' in styles
    assert 'w:eastAsia="zh-HK"' in styles


def test_cli_hant_text_and_batch_rewrite_on_change(june: Path, tmp_path: Path) -> None:
    """--script hant reaches text output too; switching script remakes a batch output."""
    runner = CliRunner()
    result = runner.invoke(main, ["render", str(june), "--script", "hant", "-f", "txt"])
    assert result.exit_code == 0, result.output
    assert "重點項目" in Path("2025-06-progress.txt").read_text(encoding="utf-8")
    out = tmp_path / "out"
    first = runner.invoke(main, ["batch", str(june), "-o", str(out), "-f", "txt"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["batch", str(june), "-o", str(out), "-f", "txt"])
    assert "未变化" in again.output
    hant = runner.invoke(
        main, ["batch", str(june), "-o", str(out), "-f", "txt", "--script", "hant"]
    )
    assert hant.exit_code == 0, hant.output
    assert "未变化" not in hant.output
    assert "重點項目" in (out / "2025-06-progress.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [("对标对表、找准差距", "對標對表、找準差距"), ("要对标对表抓落实", "要對標對表抓落實")],
    ids=["before-a-comma", "inside-a-sentence"],
)
def test_phrases_of_official_writing_keep_their_sense(simplified: str, traditional: str) -> None:
    """对标对表 is not 對錶 (setting a watch), which s2t's phrase table would make of it."""
    tree = script.to_traditional(DocTree(kind="news", title=simplified))
    assert tree.title == traditional
