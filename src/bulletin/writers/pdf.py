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
from collections.abc import Sequence
from pathlib import Path

from bulletin.errors import OutputError
from bulletin.writers._output import Target, write_output

__all__ = ["DOC_FILTER", "convert_docx", "convert_many", "find_soffice", "write_doc", "write_pdf"]

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
    found = convert_many([data], to, timeout=timeout)[0]
    if isinstance(found, OutputError):
        raise found
    return found


def convert_many(
    documents: Sequence[bytes], to: str = "pdf", *, timeout: float = DEFAULT_TIMEOUT
) -> list[bytes | OutputError]:
    """Convert many .docx documents in one LibreOffice run; each one's bytes or its error.

    Starting LibreOffice is most of a conversion (six bulletins: 10.1 s one by
    one, 3.7 s in one call), so a batch hands over all its documents at once.
    ``timeout`` is for the first document; each further one adds a tenth of it.
    Raises :class:`OutputError` only when LibreOffice is missing; a run that
    fails or times out is every document's error.
    """
    soffice = find_soffice()
    if not documents:
        return []
    extension = to.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="bulletin-soffice-") as tmp:
        work = Path(tmp)
        sources = [work / "in" / f"document-{i:05d}.docx" for i in range(len(documents))]
        sources[0].parent.mkdir()
        for source, data in zip(sources, documents, strict=True):
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
            *map(str, sources),
        ]
        limit = timeout * (1 + (len(documents) - 1) / 10)
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=limit,
                check=False,
                # A private HOME too: some LibreOffice builds touch ~/.config regardless.
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired:
            error = OutputError(f"LibreOffice 转换超时（超过 {limit:g} 秒）")
            return [error] * len(documents)
        except OSError as e:
            return [OutputError(f"无法启动 LibreOffice（{soffice}）：{e}")] * len(documents)
        detail = (done.stderr or done.stdout).decode(errors="replace").strip()
        results: list[bytes | OutputError] = []
        for source in sources:
            result = out_dir / f"{source.stem}.{extension}"
            if done.returncode == 0 and result.is_file():
                results.append(result.read_bytes())
            else:
                results.append(
                    OutputError(
                        f"LibreOffice 转换失败（退出码 {done.returncode}）"
                        + (f"：{detail}" if detail else "")
                    )
                )
        return results


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
