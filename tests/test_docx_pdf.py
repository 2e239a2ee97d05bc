"""The LibreOffice helper: missing program, non-zero exit, timeout, each an OutputError."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from bulletin.errors import OutputError
from bulletin.writers import pdf


def test_missing_soffice_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without soffice or libreoffice on PATH the error says to install libreoffice-writer."""
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(OutputError, match="libreoffice-writer"):
        pdf.convert_docx(b"PK")


def _fake_run(returncode: int, writes: bool, stderr: bytes = b"") -> Any:
    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        out_dir = Path(command[command.index("--outdir") + 1])
        profile = next(a for a in command if a.startswith("-env:UserInstallation=file://"))
        assert "bulletin-soffice-" in profile  # a private profile per conversion
        if writes:
            out_dir.mkdir()
            for given in (a for a in command if a.endswith(".docx")):
                (out_dir / f"{Path(given).stem}.pdf").write_bytes(b"%PDF-fake")
        return subprocess.CompletedProcess(command, returncode, b"", stderr)

    return run


CASES = [
    # exit code, output written, expected message
    (1, False, "退出码 1"),
    (0, False, "转换失败"),
]


@pytest.mark.parametrize(("code", "writes", "message"), CASES, ids=["exit-1", "no-output"])
def test_failed_conversion_raises_output_error(
    monkeypatch: pytest.MonkeyPatch, code: int, writes: bool, message: str
) -> None:
    """A non-zero exit or a missing output file is reported with LibreOffice's own message."""
    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(
        pdf.subprocess, "run", _fake_run(code, writes, b"source file could not be loaded")
    )
    with pytest.raises(OutputError, match=message) as info:
        pdf.convert_docx(b"PK")
    assert "source file could not be loaded" in str(info.value)


def test_timeout_raises_output_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion running past the timeout is stopped and reported."""

    def slow(command: list[str], **kwargs: Any) -> None:
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(pdf.subprocess, "run", slow)
    with pytest.raises(OutputError, match="超时"):
        pdf.convert_docx(b"PK", timeout=0.5)


def test_write_pdf_writes_the_converted_bytes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """write_pdf returns the PDF and writes it to a path target."""
    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(pdf.subprocess, "run", _fake_run(0, True))
    target = tmp_path / "通报.pdf"
    assert pdf.write_pdf(b"PK", target) == b"%PDF-fake"
    assert target.read_bytes() == b"%PDF-fake"
