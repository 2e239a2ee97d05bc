"""Safe writes: a failure anywhere in writing leaves no partial file and the older output intact."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import bulletin
from bulletin.cli import main
from conftest import minimal_report_data


def _fail_in_docx_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    import bulletin.writers.docx as writer

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("writer broke")

    monkeypatch.setattr(writer, "_zip", broken)


def _fail_in_text_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    import bulletin.writers.text as writer

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("writer broke")

    monkeypatch.setattr(writer, "to_text", broken)


def _fail_half_way_through_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import bulletin.writers._output as output

    real = os.fdopen

    class HalfWriter:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])
            self.stream.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: HalfWriter(real(fd, mode)))


def _fail_at_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Path, target: Any) -> Path:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "replace", broken)


INJECTIONS: list[tuple[str, str, Callable[[pytest.MonkeyPatch], None], str]] = [
    ("docx", "docx-writer", _fail_in_docx_writer, "内部错误：RuntimeError: writer broke"),
    ("txt", "text-writer", _fail_in_text_writer, "内部错误：RuntimeError: writer broke"),
    ("docx", "half-written", _fail_half_way_through_the_file, "无法写入文件：磁盘已满"),
    ("txt", "half-written-text", _fail_half_way_through_the_file, "无法写入文件：磁盘已满"),
    ("docx", "rename", _fail_at_rename, "无法写入文件：没有权限"),
]


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """A small data file written as JSON-compatible YAML."""
    import json

    path = tmp_path / "2025-06.yaml"
    path.write_text(json.dumps(minimal_report_data(), ensure_ascii=False), encoding="utf-8")
    return path


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    ("format", "inject", "message"),
    [(f, i, m) for f, _, i, m in INJECTIONS],
    ids=[name for _, name, _, _ in INJECTIONS],
)
@pytest.mark.parametrize("command", ["render", "batch"])
def test_failure_leaves_older_output_intact(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    format: str,
    inject: Callable[[pytest.MonkeyPatch], None],
    message: str,
) -> None:
    """The failed run says why, exits 1, and the folder is byte-for-byte as before: no temp file."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"2025-06-progress.{format}"
    if command == "render":
        args = ["render", str(data_file), "-f", format, "-o", str(target), "--force"]
    else:
        args = ["batch", str(data_file), "-f", format, "-o", str(out), "--jobs", "1", "--force"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = _listing(out)
    assert target.name in before

    inject(monkeypatch)
    result = CliRunner().invoke(main, args)
    monkeypatch.undo()

    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert _listing(out) == before


@pytest.mark.parametrize(
    ("inject", "error"),
    [(_fail_in_docx_writer, RuntimeError), (_fail_half_way_through_the_file, bulletin.OutputError)],
    ids=["docx-writer", "half-written"],
)
def test_library_write_leaves_no_partial_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    inject: Callable[[pytest.MonkeyPatch], None],
    error: type[Exception],
) -> None:
    """bulletin.write_docx to a path writes all or nothing."""
    tree = bulletin.compose_document(bulletin.load_report(minimal_report_data()))
    inject(monkeypatch)
    with pytest.raises(error):
        bulletin.write_docx(tree, tmp_path / "x.docx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "磁盘已满"),
        (errno.EFBIG, "文件超过了系统允许的大小"),
        (errno.EROFS, "磁盘是只读的"),
        (errno.EACCES, "没有权限"),
        (errno.ENAMETOOLONG, "文件名太长"),
    ],
    ids=["disk-full", "file-size-limit", "read-only-disk", "no-permission", "name-too-long"],
)
def test_a_refusal_of_the_file_system_is_said_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    """The system's English reason (No space left on device, …) never reaches the message."""
    import bulletin.writers._output as output

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output.tempfile, "mkstemp", refused)
    target = tmp_path / "通报.txt"
    with pytest.raises(bulletin.OutputError) as caught:
        bulletin.write_text(
            bulletin.compose_document(bulletin.load_report(minimal_report_data())), target
        )
    assert str(caught.value) == f"{target}: 无法写入文件：{reason}"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_writing_to_a_full_device_says_the_disk_is_full(data_file: Path) -> None:
    """-o /dev/full: written in place, refused by the device, told in Chinese."""
    result = CliRunner().invoke(main, ["render", str(data_file), "-f", "txt", "-o", "/dev/full"])
    assert result.exit_code == 1
    assert result.stderr == "/dev/full: 无法写入：磁盘已满\n"
