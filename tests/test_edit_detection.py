"""A hand edit anywhere in a .docx bulletin wrote is seen, and the edited file is never replaced."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.writers.docx import read_properties
from conftest import minimal_report_data, write_yaml

Parts = dict[str, bytes]


def _parts(data: bytes) -> Parts:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _zipped(parts: Parts, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _replace(name: str, old: bytes, new: bytes) -> Callable[[Parts], None]:
    def edit(parts: Parts) -> None:
        assert old in parts[name], f"{old!r} not in {name}"
        parts[name] = parts[name].replace(old, new, 1)

    return edit


def _add(name: str, data: bytes) -> Callable[[Parts], None]:
    def edit(parts: Parts) -> None:
        parts[name] = data

    return edit


def _drop(name: str) -> Callable[[Parts], None]:
    def edit(parts: Parts) -> None:
        del parts[name]

    return edit


EDITS = [
    pytest.param(_replace("word/document.xml", "东城区".encode(), "西城区".encode()), id="body"),
    pytest.param(_replace("word/footer1.xml", b"PAGE", b"NUMPAGES"), id="footer"),
    pytest.param(_replace("word/styles.xml", b'w:val="32"', b'w:val="30"'), id="styles"),
    pytest.param(
        _replace(
            "word/settings.xml", b"<w:defaultTabStop", b"<w:evenAndOddHeaders/><w:defaultTabStop"
        ),
        id="settings",
    ),
    pytest.param(
        _add("word/numbering.xml", b'<w:numbering xmlns:w="x"><w:num w:numId="1"/></w:numbering>'),
        id="numbering-added",
    ),
    pytest.param(_add("word/header1.xml", b'<w:hdr xmlns:w="x"/>'), id="header-added"),
    pytest.param(
        _replace("docProps/core.xml", "关于".encode(), "有关".encode()), id="title-property"
    ),
    pytest.param(
        _replace("docProps/app.xml", b"<Application>", b"<Application>WPS "), id="app-property"
    ),
    pytest.param(_replace("word/theme/theme1.xml", b"<a:latin", b'<a:latin x="1"'), id="theme"),
    pytest.param(_drop("word/webSettings.xml"), id="part-removed"),
    pytest.param(
        _replace(
            "[Content_Types].xml",
            b"<Default ",
            b'<Default Extension="png" ContentType="image/png"/><Default ',
        ),
        id="content-types",
    ),
]


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A data file, and the .docx bulletin made of it (path and bytes)."""
    data = write_yaml(tmp_path / "2025-06.yaml", minimal_report_data())
    target = tmp_path / "out" / "2025-06-progress.docx"
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return data, target, target.read_bytes()


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_to_any_part_is_seen_and_the_file_kept(
    written: tuple[Path, Path, bytes], edit: Callable[[Parts], None]
) -> None:
    """Footer, styles, settings, numbering, properties …: each edit is kept, the new file beside."""
    data, target, original = written
    parts = _parts(original)
    edit(parts)
    edited = _zipped(parts)
    target.write_bytes(edited)
    props = read_properties(target)
    assert props["content_hash"] != props["document_hash"]
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == edited
    beside = target.with_name("2025-06-progress.new.docx")
    assert f"已另存为 {beside}" in result.stderr
    assert beside.is_file()


def test_the_stored_hash_covers_the_package_and_not_itself(
    written: tuple[Path, Path, bytes],
) -> None:
    """An untouched file reads as written, zipped again in any order and compression."""
    data, target, original = written
    props = read_properties(original)
    assert re.fullmatch("sha256:[0-9a-f]{64}", props["content_hash"])
    assert props["content_hash"] == props["document_hash"]
    document = _parts(original)["word/document.xml"]
    assert props["content_hash"] != "sha256:" + hashlib.sha256(document).hexdigest()
    parts = _parts(original)
    repacked = _zipped(dict(reversed(list(parts.items()))), compression=zipfile.ZIP_STORED)
    target.write_bytes(repacked)
    again = CliRunner().invoke(main, ["render", str(data), "-o", str(target)])
    assert again.exit_code == 0
    assert again.stderr == f"已生成：{target}\n"
    assert not target.with_name("2025-06-progress.new.docx").exists()


def test_a_file_of_the_earlier_release_still_reads_as_written(
    written: tuple[Path, Path, bytes],
) -> None:
    """A .docx whose stored hash is of word/document.xml alone is checked so: no copy beside."""
    data, target, original = written
    parts = _parts(original)
    digest = hashlib.sha256(parts["word/document.xml"]).hexdigest()
    parts["docProps/core.xml"] = re.sub(
        rb"package=sha256:[0-9a-f]{64}",
        f"content=sha256:{digest}".encode(),
        parts["docProps/core.xml"],
    )
    target.write_bytes(_zipped(parts))
    props = read_properties(target)
    assert props["content_hash"] == props["document_hash"] == f"sha256:{digest}"
    again = CliRunner().invoke(main, ["render", str(data), "-o", str(target)])
    assert again.stderr == f"已生成：{target}\n"
