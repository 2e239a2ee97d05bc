"""Where outputs go: ``-o`` as a folder, a name without extension, folders made only for output."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bulletin.cli import main
from conftest import minimal_report_data, write_yaml


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A small valid data file."""
    return write_yaml(tmp_path / "2025-06.yaml", minimal_report_data())


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """A data file with one error."""
    broken = minimal_report_data()
    broken["period"]["month"] = 13
    return write_yaml(tmp_path / "bad.yaml", broken)


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("output", "extra", "written"),
    [
        ("new/", [], "new/2025-06-progress.docx"),
        ("new/", ["-f", "md"], "new/2025-06-progress.md"),
        ("通报", [], "通报.docx"),
        ("通报", ["-f", "txt"], "通报.txt"),
        ("2025.06通报", [], "2025.06通报.docx"),
        ("a/b/c.md", [], "a/b/c.md"),
    ],
    ids=[
        "folder-slash",
        "folder-slash-md",
        "no-extension",
        "no-extension-txt",
        "dot-in-name",
        "deep",
    ],
)
def test_render_output_is_where_the_secretary_meant(
    tmp_path: Path, data: Path, output: str, extra: list[str], written: str
) -> None:
    """A trailing slash means a folder; a name without extension gets the format's."""
    out = tmp_path / "out"
    out.mkdir()
    result = _run("render", data, "-o", f"{out}/{output}", *extra)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"已生成：{out / written}\n"
    outputs = [f for f in _files(out) if (out / f).is_file() and not Path(f).name.startswith(".")]
    assert outputs == [written]


def test_a_copy_beside_a_name_without_extension_is_named_for_it(tmp_path: Path, data: Path) -> None:
    """An edited ``通报.txt`` (``-o 通报 -f txt``) gets ``通报.new.txt`` beside, not ``.new``."""
    target = tmp_path / "通报"
    assert _run("render", data, "-o", target, "-f", "txt").exit_code == 0
    (tmp_path / "通报.txt").write_text("改过了\n", encoding="utf-8")
    again = _run("render", data, "-o", target, "-f", "txt")
    assert again.exit_code == 0
    assert (tmp_path / "通报.new.txt").is_file()
    assert (tmp_path / "通报.txt").read_text(encoding="utf-8") == "改过了\n"


@pytest.mark.parametrize(
    ("output", "extra", "says"),
    [
        ("x.html", [], "不支持的输出扩展名 .html（可用：.docx、.txt、.md、.pdf、.doc）"),
        (
            "x.txt",
            ["-f", "docx"],
            "扩展名 .txt 与 --format docx 不符，请改用 .docx 或去掉 --format",
        ),
    ],
    ids=["unknown-extension", "extension-against-format"],
)
def test_an_output_name_that_contradicts_the_format_is_a_usage_error(
    tmp_path: Path, data: Path, output: str, extra: list[str], says: str
) -> None:
    """No Word bytes in a file named .html or .txt: the command refuses before writing."""
    result = _run("render", data, "-o", tmp_path / output, *extra)
    assert result.exit_code == 2
    assert says in result.stderr
    assert not (tmp_path / output).exists()


def test_bad_data_creates_no_folder(tmp_path: Path, bad: Path) -> None:
    """A render or batch that writes nothing leaves no new folder behind."""
    render = _run("render", bad, "-o", tmp_path / "new" / "sub" / "x.docx")
    batch = _run("batch", bad, "-o", tmp_path / "out" / "deep")
    assert (render.exit_code, batch.exit_code) == (1, 1)
    assert "bad.yaml:" in render.stderr and "bad.yaml:" in batch.stderr
    assert not (tmp_path / "new").exists()
    assert not (tmp_path / "out").exists()


def _refuse_mkdir(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (
            ["render", "{data}", "-o", "{locked}/sub/x.docx"],
            "{locked}/sub: 无法创建输出目录：没有权限",
        ),
        (
            ["batch", "{data}", "-o", "{locked}/sub"],
            "{locked}/sub: 无法创建输出目录：没有权限",
        ),
        (["init", "{locked}/sub"], "{locked}/sub: 无法创建目录：没有权限"),
        (
            ["schema", "-o", "{locked}/sub/s.json"],
            "{locked}/sub/s.json: 无法创建所在目录：没有权限",
        ),
    ],
    ids=["render", "batch", "init", "schema"],
)
def test_a_folder_that_cannot_be_made_is_a_located_error(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], says: str
) -> None:
    """An unwritable place names the folder and why, exit 1, no internal error."""
    locked = tmp_path / "locked"
    locked.mkdir()
    args = [a.format(data=data, locked=locked) for a in command]
    _refuse_mkdir(monkeypatch)
    result = _run(*args)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == says.format(locked=locked) + "\n"
    assert _files(locked) == []


@pytest.mark.parametrize(
    "command",
    [
        ["render", "{data}", "-o", "{file}/sub/x.docx"],
        ["batch", "{data}", "-o", "{file}/sub"],
        ["init", "{file}/sub"],
    ],
    ids=["render", "batch", "init"],
)
def test_a_file_where_a_folder_should_be_is_a_located_error(
    tmp_path: Path, data: Path, command: list[str]
) -> None:
    """A file in the way of the output folder is named, and nothing is written."""
    file = tmp_path / "taken"
    file.write_text("mine", encoding="utf-8")
    result = _run(*(a.format(data=data, file=file) for a in command))
    assert result.exit_code == 1
    assert (
        result.stderr.rstrip().endswith(f"{file}: 已有同名文件，无法创建输出目录")
        or result.stderr == f"{file}: 已有同名文件，无法创建目录\n"
    )
    assert file.read_text(encoding="utf-8") == "mine"


def _read_fifo(path: Path) -> Callable[[], bytes]:
    """Start reading the pipe at ``path`` in a thread; the returned call gives what came."""
    import threading

    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(path.read_bytes()), daemon=True)
    reader.start()

    def result() -> bytes:
        reader.join(timeout=30)
        return got[0] if got else b""

    return result


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(
    "command",
    [["render", "{data}", "-f", "txt", "-o", "{pipe}"], ["schema", "-o", "{pipe}"]],
    ids=["render", "schema"],
)
def test_a_pipe_or_device_is_written_in_place_not_replaced(
    tmp_path: Path, data: Path, command: list[str]
) -> None:
    """``-o /dev/stdout`` or a pipe gets the bytes; no file is renamed over it, no record kept."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = _read_fifo(pipe)
    result = _run(*(a.format(data=data, pipe=pipe) for a in command))
    assert result.exit_code == 0, result.output
    assert received().strip()
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-06.yaml", "pipe"]


def test_a_template_folder_that_is_no_template_folder_is_refused(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-t ~`` would hash every file below it: a folder of far too many files is an error."""
    from bulletin import batch

    monkeypatch.setattr(batch, "_MAX_TEMPLATE_ENTRIES", 50)
    big = tmp_path / "home"
    for i in range(60):
        (big / f"d{i % 6}").mkdir(parents=True, exist_ok=True)
        (big / f"d{i % 6}" / f"f{i}.txt").write_text("x", encoding="utf-8")
    result = _run("batch", data, "-o", tmp_path / "out", "-t", big)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{big}: 模板目录中的文件超过 50 个，不像是模板目录；请指定只放模板的目录\n"
    )


def test_templates_lists_a_file_name_with_control_characters_printably(tmp_path: Path) -> None:
    """A template named with an ESC sequence cannot colour the terminal through ``templates``."""
    (tmp_path / "x\x1b[31mred.j2").write_text("{{ part('body') }}{{ end() }}", encoding="utf-8")
    result = _run("templates", "-t", tmp_path)
    assert result.exit_code == 0
    assert "\x1b" not in result.output
    assert "x\\x1b[31mred" in result.output


@pytest.mark.parametrize(
    ("command", "starts"),
    [
        (["render", "{data}", "-o", "-", "-f", "txt"], "关于2025年".encode()),
        (["render", "{data}", "-o", "-", "-f", "md"], b"# "),
        (["render", "{data}", "-o", "-"], b"PK"),
        (["render", "{data}", "-o", "-", "-f", "docx", "-k", "讲话"], b"PK"),
        (["schema", "-o", "-"], b"{"),
        (["import", "{ledger}", "-o", "-"], b"#"),
        (["stats", "{data}", "-f", "xlsx", "--xlsx", "-"], b"PK"),
    ],
    ids=["render-txt", "render-md", "render-docx", "render-docx-kind", "schema", "import", "xlsx"],
)
def test_a_dash_is_standard_output(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], starts: bytes
) -> None:
    """``-o -`` writes to stdout (text as UTF-8, binary as is), not a file named ``-``."""
    import io

    import docx

    from test_ledger import _office_ledger

    ledger = _office_ledger(tmp_path / "台账.xlsx")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    args = [a.format(data=data, ledger=ledger) for a in command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(starts)
    assert list(work.iterdir()) == []
    if command[0] == "render":
        assert "已生成" not in result.stderr
        fmt = args[args.index("-f") + 1] if "-f" in args else "docx"
        again = CliRunner().invoke(main, [*args[:2], "-o", f"file.{fmt}", *args[4:]])
        written = (work / f"file.{fmt}").read_bytes()
        if fmt == "docx":
            shown = docx.Document(io.BytesIO(result.stdout_bytes))
            assert [p.text for p in shown.paragraphs] == [
                p.text for p in docx.Document(work / "file.docx").paragraphs
            ]
        else:
            assert result.stdout_bytes == written, again.output
            result.stdout_bytes.decode("utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["batch", "-o", "-"],
            "'-o' / '--output-dir' 的值有误："
            "批量生成要写多个文件，不能写到标准输出（-）：请给出输出目录",
        ),
        (
            ["stats", "--xlsx", "-"],
            "'--xlsx' 的值有误：工作簿和统计表的文字不能都写到标准输出（-）："
            "只要工作簿请加 -f xlsx",
        ),
    ],
    ids=["batch-writes-many-files", "stats-listing-and-workbook"],
)
def test_a_dash_that_cannot_be_one_stdout_is_refused(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], says: str
) -> None:
    """``batch -o -`` (many files), ``stats --xlsx -`` (and the listing): said; nothing written."""
    monkeypatch.chdir(tmp_path)
    result = _run(args[0], data, *args[1:])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"错误：{says}"
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-06.yaml"]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["render", "{data}", "-o", "-"], "Word 文件（docx）"),
        (["stats", "{data}", "-f", "xlsx", "--xlsx", "-"], "Excel 工作簿（xlsx）"),
    ],
    ids=["docx", "xlsx"],
)
def test_a_binary_file_is_not_sent_to_a_terminal(
    tmp_path: Path, data: Path, command: list[str], what: str
) -> None:
    """Stdout a terminal: a .docx or workbook is refused in Chinese; text goes there as it is."""
    import subprocess
    import sys

    def run(args: list[str]) -> tuple[int, str, bytes]:
        main_fd, terminal = os.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-c", "from bulletin.cli import main; main()", *args],
                stdout=terminal,
                stderr=subprocess.PIPE,
                cwd=tmp_path,
                timeout=120,
                check=False,
            )
            os.close(terminal)
            shown = b""
            while True:
                try:
                    chunk = os.read(main_fd, 65536)
                except OSError:  # the terminal's other end is closed: all read
                    break
                if not chunk:
                    break
                shown += chunk
        finally:
            os.close(main_fd)
        return done.returncode, done.stderr.decode("utf-8"), shown

    code, stderr, shown = run([a.format(data=data) for a in command])
    assert code == 2, stderr
    assert stderr.splitlines()[-1] == (
        f"错误：'-o' / '--output' 的值有误：标准输出是终端，{what}不能显示在屏幕上："
        "请重定向到文件（如 > 文件名）或管道，或写 -o 文件名"
        if command[0] == "render"
        else f"错误：'--xlsx' 的值有误：标准输出是终端，{what}不能显示在屏幕上："
        "请重定向到文件（如 > 文件名）或管道，或写 --xlsx 文件名"
    )
    assert shown == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-06.yaml"]
    code, stderr, shown = run(["render", str(data), "-o", "-", "-f", "txt"])
    assert code == 0, stderr
    assert "示例市".encode() in shown


@pytest.mark.parametrize(
    "command",
    [["render", "{data}", "-o", "-", "-f", "txt", "--audit"], ["stats", "{data}"], ["schema"]],
    ids=["render", "stats", "schema"],
)
def test_a_reader_that_stops_reading_ends_the_command_quietly(
    tmp_path: Path, data: Path, command: list[str]
) -> None:
    """``… -o - | head -1``: the pipe closed early is no internal error, and no traceback."""
    import subprocess
    import sys

    run = subprocess.Popen(
        [sys.executable, "-c", "from bulletin.cli import main; main()"]
        + [a.format(data=data) for a in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()  # as head does once it has its line
    with run.stderr:
        stderr = run.stderr.read().decode("utf-8")
    assert run.wait(timeout=120) == 141, stderr
    assert stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-06.yaml"]
