"""Converting a written .docx with LibreOffice: PDF, Word 97–2003 .doc, or a docx round trip.

LibreOffice runs headless in a temporary folder with its own throw-away user
profile, so parallel conversions (batch runs, test workers) never share one
profile, which LibreOffice cannot do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bulletin.errors import OutputError
from bulletin.writers._output import Target, write_output

__all__ = ["DOC_FILTER", "convert_docx", "find_soffice", "write_doc", "write_pdf"]

DEFAULT_TIMEOUT = 180.0  # seconds; a first start with a fresh profile takes a few
_INSTALL_HINT = "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer）"
#: LibreOffice's export filter for Word 97–2003 (.doc), which old OA systems accept.
DOC_FILTER = "doc:MS Word 97"


def find_soffice() -> str:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``) program.

    Raises :class:`OutputError` naming the package to install when neither is on PATH.
    """
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise OutputError(
            f"生成 PDF 或 .doc 需要 LibreOffice，但未找到 soffice 命令。{_INSTALL_HINT}。"
        )
    return found


def convert_docx(data: bytes, to: str = "pdf", *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert .docx bytes with LibreOffice and return the converted file's bytes.

    ``to`` is a LibreOffice filter spec such as ``"pdf"`` or ``"docx"``.
    Raises :class:`OutputError` when LibreOffice is missing, fails, or takes
    longer than ``timeout`` seconds.
    """
    soffice = find_soffice()
    extension = to.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="bulletin-soffice-") as tmp:
        work = Path(tmp)
        source = work / "in" / "document.docx"
        source.parent.mkdir()
        source.write_bytes(data)
        out_dir = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                # A private HOME too: some LibreOffice builds touch ~/.config regardless.
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as e:
            raise OutputError(f"LibreOffice 转换超时（超过 {timeout:g} 秒）") from e
        except OSError as e:
            raise OutputError(f"无法启动 LibreOffice（{soffice}）：{e}") from e
        result = out_dir / f"document.{extension}"
        if done.returncode != 0 or not result.is_file():
            detail = (done.stderr or done.stdout).decode(errors="replace").strip()
            raise OutputError(
                f"LibreOffice 转换失败（退出码 {done.returncode}）"
                + (f"：{detail}" if detail else "")
            )
        return result.read_bytes()


def write_pdf(docx: bytes, target: Target = None, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Render .docx bytes to PDF, write it to ``target`` (atomically for a path), return it."""
    pdf = convert_docx(docx, "pdf", timeout=timeout)
    write_output(pdf, target)
    return pdf


def write_doc(docx: bytes, target: Target = None, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Save .docx bytes as Word 97–2003 .doc, write it to ``target`` like :func:`write_pdf`."""
    doc = convert_docx(docx, DOC_FILTER, timeout=timeout)
    write_output(doc, target)
    return doc
