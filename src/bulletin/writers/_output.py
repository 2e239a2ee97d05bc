"""Writing finished output bytes to a path or file object, atomically for paths."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from bulletin.errors import OutputError, os_reason

__all__ = ["Target", "is_special", "write_output"]

Target = str | os.PathLike[str] | BinaryIO | None


def is_special(path: Path) -> bool:
    """Whether ``path`` is to be written in place: a device, a pipe, anything under /dev or /proc.

    ``/dev/stdout`` leads to whatever the standard output is, a terminal, a
    pipe or a file the shell opened; a new file renamed over it would
    replace the device, or a file the shell no longer writes to.
    """
    if os.path.abspath(path).startswith(("/dev/", "/proc/")):  # noqa: PTH100 - not resolved
        return sys.platform != "win32"
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_output(data: bytes, target: Target) -> None:
    """Write ``data`` to ``target``: nothing for None, ``.write`` for a file object.

    A path is written through a temporary file in the same directory and then
    renamed over the target, so a reader never sees a half-written file.
    Raises :class:`OutputError` naming the path when the file system refuses.
    """
    if target is None:
        return
    if not isinstance(target, str | os.PathLike):
        target.write(data)
        return
    path = Path(target)
    if is_special(path):
        # A terminal, a pipe, /dev/null: written to as it is.  Renaming a
        # file over it would replace the device itself.
        try:
            with path.open("wb") as f:
                f.write(data)
        except OSError as e:
            raise OutputError(f"{path}: 无法写入：{os_reason(e)}") from e
        return
    if path.is_dir():
        raise OutputError(f"{path}: 是一个目录，未写入")
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: 不是普通文件，未写入")
    tmp: str | None = None
    try:
        # The process id in the name tells a later run whether the writer is
        # gone (killed), so that its leftover can be removed.
        prefix = f".{path.name}.{os.getpid()}."
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates 0600: keep a replaced file's mode, else the usual 0644.
        # (Reading the umask would mean setting it, which is not thread-safe.)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
        tmp = None
    except OSError as e:
        raise OutputError(f"{path}: 无法写入文件：{os_reason(e)}") from e
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
