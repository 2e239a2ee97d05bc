"""The starter folder `bulletin init` writes: example data, a one-block template, a guide.

The files beside this module are copied as they are; ``bulletin.schema.json``
is generated, so that it always matches the installed version.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from bulletin.errors import BulletinError, OutputError, os_reason

__all__ = ["create", "files"]

_SKIP = {"__init__.py", "__pycache__"}


def files() -> list[tuple[PurePosixPath, bytes]]:
    """The starter's files as (relative path, bytes), sorted by path."""

    def walk(folder: Traversable, prefix: PurePosixPath) -> Iterator[tuple[PurePosixPath, bytes]]:
        for item in folder.iterdir():
            if item.name in _SKIP or item.name.endswith(".pyc"):
                continue
            if item.is_dir():
                yield from walk(item, prefix / item.name)
            else:
                yield prefix / item.name, item.read_bytes()

    return sorted(walk(resources.files(__name__), PurePosixPath()))


def create(directory: str | os.PathLike[str]) -> list[Path]:
    """Write the starter into ``directory`` (absent or empty); return the files written.

    Raises :class:`BulletinError` for an existing file or a non-empty folder,
    writing nothing.
    """
    from bulletin.model import json_schema
    from bulletin.writers._output import write_output

    root = Path(directory)
    try:
        if root.exists() and not root.is_dir():
            raise BulletinError(f"{root}: 已存在且不是目录，未写入任何文件")
        if root.is_dir() and any(root.iterdir()):
            raise BulletinError(
                f"{root}: 目录已存在且不为空，未写入任何文件（请指定新目录或空目录）"
            )
    except OSError as e:
        raise OutputError(f"{root}: 无法读取目录：{os_reason(e)}") from e
    schema = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    from bulletin.writers.xlsx import ledger_workbook

    contents = [
        *files(),
        (PurePosixPath("bulletin.schema.json"), schema.encode("utf-8")),
        # The office's own way in: a ledger with the headers bulletin reads unmapped.
        (PurePosixPath("台账模板.xlsx"), ledger_workbook()),
    ]
    written: list[Path] = []
    made: list[Path] = []
    try:
        for relative, data in sorted(contents):
            path = root.joinpath(*relative.parts)
            made += _make_folders(path.parent)
            write_output(data, path)
            written.append(path)
    except BulletinError:
        # Half a starter is no starter: take back what was written.
        for path in written:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return written


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and the folders above it that are missing; return those it created."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder == folder.parent:
            break
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            raise OutputError(f"{path}: 已有同名文件，无法创建目录") from None
        except OSError as e:
            raise OutputError(f"{path}: 无法创建目录：{os_reason(e)}") from e
    return list(reversed(missing))
