"""An output folder's bookkeeping: one writer at a time, manifest and journal, stale temp files.

The manifest (``.bulletin-manifest.json``) records what made each output;
it is how a later run knows an output is up to date, and that a text file is
still exactly what bulletin wrote.  A run holds the folder's lock
(``.bulletin-manifest.lock``) from start to end, so two runs never decide
about the same file at once.

A run that is killed must lose no record: before an output is renamed into
place, its record is appended to the journal (``.bulletin-manifest.journal``,
one JSON line each, written by whichever process writes the output).  The
next run replays the journal, keeping each record whose file on disk has the
bytes it names, folds it into the manifest and removes it.  A record whose
file never arrived (killed before the rename) is dropped, so the old record
stays.  Temporary files that a killed writer left behind are removed too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import IO, Any

from bulletin.errors import BulletinError, Diagnostic, OutputError, os_reason

__all__ = [
    "JOURNAL",
    "LOCK",
    "MANIFEST",
    "Entry",
    "OutputFolder",
    "bytes_hash",
    "file_hash",
    "journal",
    "safe_name",
]

#: The manifest kept in each output folder.
MANIFEST = ".bulletin-manifest.json"
#: Records of outputs written since the manifest was last saved.
JOURNAL = ".bulletin-manifest.journal"
#: Held by the run writing into the folder.
LOCK = ".bulletin-manifest.lock"

#: What the manifest says of one output: hashes of what made it, its file name, …
Entry = dict[str, str]

# A manifest larger than this is not ours (ours hold about 600 bytes per output).
_MAX_MANIFEST = 64 << 20
# ``.<output>.<pid>.<random>.tmp`` as writers._output names its temporary
# files, and ``.<output>.<random>.tmp`` as releases before it did; only for
# the files bulletin writes, so that no temporary file of anyone else's goes.
_TEMP = re.compile(
    r"^\.(?P<name>.+?\.(?:docx|doc|pdf|txt|md|json))\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp$"
)
# A temporary file of an older release, or of another machine on a shared
# folder, whose writer cannot be asked: left alone while this fresh.
_UNKNOWN_TEMP_AGE = 3600.0


def bytes_hash(data: bytes) -> str:
    """``sha256:`` and the hex digest of ``data``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    """:func:`bytes_hash` of the file at ``path``; ``""`` when it cannot be read."""
    try:
        return bytes_hash(path.read_bytes())
    except OSError:
        return ""


def safe_name(name: object) -> bool:
    """Whether ``name`` is a plain file name in a folder: no path, nothing a file system refuses."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not set(name) & {"/", "\\", "\0"}
        and name == name.strip()
        and len(name.encode("utf-8", "surrogatepass")) <= 255
    )


def journal(folder: Path, name: str, entry: Entry) -> None:
    """Append ``entry`` of the output ``name`` to ``folder``'s journal, before writing the output.

    One ``write`` of one line to a file opened for appending: lines of
    several worker processes never mix.
    """
    line = json.dumps({"output": name, "entry": entry}, ensure_ascii=False) + "\n"
    try:
        fd = os.open(folder / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as e:
        raise OutputError(f"{folder / JOURNAL}: 无法写入输出记录：{os_reason(e)}") from e


class OutputFolder:
    """One output folder while a run writes into it: locked, its records read and kept.

    Use as a context manager.  Entering creates the folder if need be, takes
    its lock (waiting up to ``wait`` seconds for another run), replays the
    journal and removes stale temporary files; :attr:`entries` then holds
    the manifest's records and :attr:`warnings` what could not be read.
    Leaving folds what is left of the journal into the manifest, removes the
    lock file and the folders it created if nothing was written into them.
    """

    def __init__(self, path: Path, *, wait: float = 120.0) -> None:
        self.path = path
        self.wait = wait
        self.entries: dict[str, Entry] = {}
        self.warnings: list[Diagnostic] = []
        self._created: list[Path] = []
        self._lock: IO[bytes] | None = None

    def __enter__(self) -> OutputFolder:
        self._create()
        try:
            self._acquire()
            self._remove_stale_temps()
            self.entries = self._read()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            with contextlib.suppress(BulletinError):
                # Records of outputs that failed to be written are dropped here.
                self.save({})
            # Removed while still held: a run waiting for the lock then finds
            # it locked a removed file, and takes a new one.
            with contextlib.suppress(OSError):
                (self.path / LOCK).unlink()
            lock.close()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: nothing was written
        self._created = []

    def save(self, updates: dict[str, Entry]) -> None:
        """Record ``updates`` in the manifest and empty the journal."""
        from bulletin.writers._output import write_output

        if not updates and not (self.path / JOURNAL).exists():
            return
        if not self._replay(self.entries) and not updates:
            # Records only of files that never arrived (a failed write): nothing to keep.
            with contextlib.suppress(FileNotFoundError):
                (self.path / JOURNAL).unlink()
            return
        self.entries.update(updates)
        text = json.dumps(
            {"generator": "bulletin", "format": 1, "outputs": dict(sorted(self.entries.items()))},
            ensure_ascii=False,
            indent=1,
        )
        write_output((text + "\n").encode("utf-8"), self.path / MANIFEST)
        with contextlib.suppress(FileNotFoundError):
            (self.path / JOURNAL).unlink()

    # -- entering

    def _create(self) -> None:
        missing: list[Path] = []
        folder = self.path
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        if not folder.is_dir():
            raise OutputError(f"{folder}: 已有同名文件，无法创建输出目录")
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except FileExistsError:
                if not folder.is_dir():
                    raise OutputError(f"{folder}: 已有同名文件，无法创建输出目录") from None
                continue
            except OSError as e:
                raise OutputError(f"{folder}: 无法创建输出目录：{os_reason(e)}") from e
            self._created.append(folder)
        if not self.path.is_dir():
            raise OutputError(f"{self.path}: 不是目录，无法写入输出")

    def _acquire(self) -> None:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                handle = (self.path / LOCK).open("ab")
            except OSError as e:
                raise OutputError(f"{self.path}: 无法写入输出目录：{os_reason(e)}") from e
            if _try_lock(handle):
                # The file may have been removed by a run that just ended in a
                # folder it created; a lock on a removed file guards nothing.
                with contextlib.suppress(OSError):
                    if os.fstat(handle.fileno()).st_ino == (self.path / LOCK).stat().st_ino:
                        self._lock = handle
                        return
            handle.close()
            if time.monotonic() > deadline:
                raise OutputError(
                    f"{self.path}: 另一个 bulletin 进程正在写入此目录，"
                    f"等待 {self.wait:g} 秒后仍未结束；请等它结束后再运行"
                )
            time.sleep(0.1)

    def _remove_stale_temps(self) -> None:
        try:
            names = [p.name for p in self.path.iterdir()]
        except OSError:
            return
        now = time.time()
        for name in names:
            match = _TEMP.match(name)
            if match is None:
                continue
            path = self.path / name
            pid = match.group("pid")
            with contextlib.suppress(OSError):
                written = path.stat().st_mtime
                if pid is not None and _alive(int(pid), written):
                    continue
                if pid is None and now - written < _UNKNOWN_TEMP_AGE:
                    continue
                path.unlink()

    def _read(self) -> dict[str, Entry]:
        self.entries = self._read_manifest()
        self.save({})  # a killed run's journal, if there is one
        return self.entries

    def _read_manifest(self) -> dict[str, Entry]:
        path = self.path / MANIFEST
        try:
            if path.stat().st_size > _MAX_MANIFEST:
                return self._unreadable(f"文件大于 {_MAX_MANIFEST >> 20} MB")
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except UnicodeDecodeError:
            return self._unreadable("不是 UTF-8 文本")
        except json.JSONDecodeError as e:
            return self._unreadable(f"不是有效的 JSON：第 {e.lineno} 行第 {e.colno} 列")
        except RecursionError:
            return self._unreadable("嵌套过深")
        except OSError as e:
            return self._unreadable(os_reason(e))
        outputs = data.get("outputs") if isinstance(data, dict) else None
        if not isinstance(outputs, dict):
            return self._unreadable("缺少 outputs 记录")
        entries = {name: e for name, e in outputs.items() if _valid(name, e)}
        if len(entries) < len(outputs):
            self.warnings.append(
                Diagnostic(
                    f"输出记录中有 {len(outputs) - len(entries)} 条无效"
                    "（文件名或内容不对），已忽略",
                    file=os.fspath(path),
                    severity="warning",
                )
            )
        return entries

    def _unreadable(self, why: str) -> dict[str, Entry]:
        self.warnings.append(
            Diagnostic(
                f"输出记录无法读取（{why}），已忽略；此目录中的文本输出若与新生成的不同，"
                "新文件会另存在旁边",
                file=os.fspath(self.path / MANIFEST),
                severity="warning",
            )
        )
        return {}

    def _replay(self, entries: dict[str, Entry]) -> bool:
        """Fold the journal into ``entries`` (the records whose files hold what they say).

        Returns whether that changed any entry.
        """
        changed = False
        try:
            raw = (self.path / JOURNAL).read_bytes()[:_MAX_MANIFEST]
        except OSError:
            return changed
        for line in raw.decode("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                continue  # the line a killed writer did not finish
            if not isinstance(record, dict):
                continue
            name, entry = record.get("output"), record.get("entry")
            if not (_valid(name, entry) and isinstance(name, str) and isinstance(entry, dict)):
                continue
            if entries.get(name) != entry and (
                file_hash(self.path / entry.get("file", name)) == entry["content"]
            ):
                entries[name] = entry
                changed = True
        return changed


def _valid(name: object, entry: object) -> bool:
    """Whether a manifest record is one bulletin could have written: plain names, text values."""
    return (
        safe_name(name)
        and isinstance(entry, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entry.items())
        and safe_name(entry.get("file", name))
        and "content" in entry
    )


def _alive(pid: int, since: float) -> bool:
    """Whether process ``pid`` still runs, and is the one that was writing at ``since``."""
    if pid == os.getpid():
        return True
    if sys.platform.startswith("linux"):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            boot = _boot_time()
        except (OSError, IndexError, ValueError):
            return False
        # A zombie has ended; a process started after the file was written
        # has only been given the dead writer's number.
        started = boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return fields[0] not in "ZX" and started <= since + 1
    if sys.platform == "win32":
        return True  # no harmless way to ask; such files go with their age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _boot_time() -> float:
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    raise ValueError("no btime in /proc/stat")


def _try_lock(handle: IO[Any]) -> bool:
    """Take the lock on ``handle`` without waiting; whether it was free."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without locks: one writer is then the user's care
    return True
