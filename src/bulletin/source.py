"""Reading a data file end to end: load, validate, follow ``previous``/``last_year`` files.

A file may name another data file as its previous period (环比) or the same
period last year (同比); the path is relative to the naming file.  Referenced
files are read and validated too (each once per call) and attached to the
report as ``previous_report`` / ``last_year_report``.  Every fault of every
file involved comes back in one :class:`DataError`.

Only as deep as the comparison needs: a referenced file's own ``previous`` is
not read (June compares with May; May's April is May's business), so a chain
of any length costs two files, and a file naming one that names it back is a
cycle.  Referenced files must be ``.yaml`` data files inside the naming file's
folder, or inside a folder the caller allows (``allow=``); anything else — an
absolute path elsewhere, ``../secret/key``, ``.env``, a name with a NUL — is
refused by name without being opened, and an error about a file that is not a
data file never quotes what is in it.

A caller may name a ``default_previous`` file, used when a file has no
``previous`` key at all (a batch passes ``2025-05.yaml`` for ``2025-06.yaml``);
a missing default is skipped, a broken one too but with a warning, never an error.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulletin.errors import DataError, Diagnostic
from bulletin.load import (
    KeyPath,
    Loaded,
    load_bytes,
    load_mapping,
    load_path,
    not_a_file,
    read_limited,
)
from bulletin.model import Report
from bulletin.validate import validate

__all__ = [
    "DATA_SUFFIXES",
    "REFERENCE_SUFFIXES",
    "ReadCache",
    "check_file",
    "check_files",
    "confine",
    "load_report",
    "read_source",
    "source_hash",
]

_REFERENCES = {"previous": "上期", "last_year": "上年同期"}

#: The endings a referenced data file may have.
DATA_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")
#: What ``previous``, ``last_year`` and ``ledger`` may name: data files and workbooks.
REFERENCE_SUFFIXES: tuple[str, ...] = (
    *DATA_SUFFIXES,
    *(".xlsx", ".xlsm", ".xls", ".ods", ".et"),
)
#: The top-level keys of which a data file has at least one; a file with none
#: is not a data file (a key, a password file), and is never quoted.
_DATA_KEYS = ("document", "period", "units", "projects", "categories", "meeting", "ledger")
# The longest reference accepted, in characters, and a path component in bytes
# (what file systems allow): past them no file can exist.
_MAX_REFERENCE = 1024
_MAX_COMPONENT = 255
_BAD_NAME = re.compile("[\x00-\x1f\x7f]")

Roots = tuple[Path, ...]


def confine(
    base: Path, target: str, allow: Sequence[Path] = (), suffixes: Sequence[str] = DATA_SUFFIXES
) -> Path | str:
    """The file ``target`` names relative to the folder ``base``, or why it may not be read.

    The file must lie, symbolic links resolved, inside ``base`` or one of the
    ``allow`` folders, and end in one of ``suffixes``.  The answer is the path
    to open, or the end of a message that follows the reference's name
    (``上期文件`` + ``名中有空字符…``), which never quotes a name that is
    unprintable or too long, and says what a folder, pipe or device is.
    Nothing is opened.
    """
    if _BAD_NAME.search(target):
        return "名中有控制字符或空字符，不是有效的文件名"
    if len(target) > _MAX_REFERENCE or any(
        len(os.fsencode(part)) > _MAX_COMPONENT for part in re.split(r"[/\\]", target)
    ):
        return f"名过长（{len(target):,} 个字符），不是有效的文件名"
    try:
        resolved = (base / target).resolve()
        roots = [base.resolve(), *(Path(a).resolve() for a in allow)]
    except (OSError, RuntimeError, ValueError):  # a link loop, an unreadable folder
        return f" '{target}' 无法解析为文件路径"
    if not any(resolved.is_relative_to(root) for root in roots):
        return (
            f" '{target}' 不在本文件所在的文件夹内，为安全起见未读取"
            "（请把它放进本文件夹，或由调用方允许它所在的文件夹）"
        )
    # Said before the ending: a folder named 2025-05.yaml is still a folder.
    what = not_a_file(resolved)
    if what is not None:
        return f" '{target}' {what}，不是数据文件，未读取"
    if not target.lower().endswith(tuple(suffixes)):
        named = (
            "、".join(suffixes[:-1]) + " 或 " + suffixes[-1] if len(suffixes) > 1 else suffixes[0]
        )
        return f" '{target}' 不是数据文件（应为 {named} 文件），未读取"
    return resolved


class ReadCache:
    """Files already read, shared by the :func:`read_source` calls it is passed to.

    Files that several calls reference (a month's ``previous``) are then read
    once.  Use one only while the files do not change (one batch run).
    """

    __slots__ = ("_reader",)

    def __init__(self, allow: Sequence[str | os.PathLike[str]] = ()) -> None:
        self._reader = _Reader(roots=tuple(Path(a) for a in allow))


def _roots(allow: Sequence[str | os.PathLike[str]]) -> Roots:
    if isinstance(allow, str | os.PathLike):
        raise TypeError("allow 应为文件夹的列表，而不是一个路径")
    return tuple(Path(a) for a in allow)


def load_report(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    filename: str | None = None,
    default_previous: str | os.PathLike[str] | None = None,
    allow: Sequence[str | os.PathLike[str]] = (),
) -> Report:
    """Read a data file (or validate a mapping) into a :class:`Report`.

    A path is read, validated and its ``previous``/``last_year`` files
    attached; ``filename`` only renames it in messages.  A mapping is
    validated as if read from ``filename``: its relative file references are
    resolved against the directory of ``filename`` when given, and left
    unresolved (``previous_report`` is ``None``) when not — never against the
    working directory.  ``default_previous`` is as for :func:`read_source`;
    ``allow`` names folders besides the data file's own where referenced
    files may be.  Warnings are dropped; use :func:`read_source` to get them.
    Raises :class:`DataError` with every error found.
    """
    if isinstance(source, Mapping):
        loaded = load_mapping(source, filename or "<data>")
        base = Path(filename).parent if filename is not None else None
        report, diagnostics = _Reader(roots=_roots(allow)).read_loaded(loaded, base, ())
        if report is None:
            raise DataError(diagnostics)
        return report
    return read_source(source, filename=filename, default_previous=default_previous, allow=allow)[0]


def read_source(
    path: str | os.PathLike[str],
    *,
    filename: str | None = None,
    default_previous: str | os.PathLike[str] | None = None,
    cache: ReadCache | None = None,
    allow: Sequence[str | os.PathLike[str]] = (),
) -> tuple[Report, tuple[Diagnostic, ...]]:
    """Read the data file at ``path``: the report and its warnings.

    ``default_previous`` is read as the previous period when the file has no
    ``previous`` key.  ``cache`` shares files read between calls (and its own
    ``allow``); ``allow`` names folders besides the data file's own where
    referenced files may be.  Raises :class:`DataError` (holding errors and
    warnings) if any file involved has an error.
    """
    reader = _Reader(roots=_roots(allow)) if cache is None else cache._reader
    default = Path(default_previous) if default_previous is not None else None
    report, diagnostics = reader.read(Path(path), filename or os.fspath(path), (), default)
    if report is None:
        raise DataError(diagnostics)
    return report, tuple(diagnostics)


def check_file(
    path: str | os.PathLike[str], *, allow: Sequence[str | os.PathLike[str]] = ()
) -> list[Diagnostic]:
    """Every error and warning about the data file at ``path``; never raises for bad data."""
    return _Reader(roots=_roots(allow)).read(Path(path), os.fspath(path), ())[1]


def check_files(
    paths: Iterable[str | os.PathLike[str]], *, allow: Sequence[str | os.PathLike[str]] = ()
) -> list[tuple[str, list[Diagnostic]]]:
    """:func:`check_file` for many files, reading each shared ``previous`` file once.

    Returns ``(path as given, diagnostics)`` in the order given.  A fault in a
    referenced file appears under every file that references it.
    """
    reader = _Reader(roots=_roots(allow))
    return [(os.fspath(p), reader.read(Path(p), os.fspath(p), ())[1]) for p in paths]


def source_hash(
    path: str | os.PathLike[str],
    *,
    default_previous: str | os.PathLike[str] | None = None,
    cache: ReadCache | None = None,
) -> str:
    """SHA-256 of the file and of the files it references, in reading order.

    Changes when the file or its ``previous``/``last_year`` file changes —
    the files a document is made from — so a batch can tell which outputs are
    stale.  ``default_previous`` counts as referenced when the file has no
    ``previous`` key (as in :func:`read_source`); with a ``cache`` that has
    read a file, its references are not parsed again.  A reference that may
    not be read is hashed by its name only.  Works on broken files too.
    """
    reader = cache._reader if cache is not None else None
    known = reader.references if reader is not None else {}
    roots = reader.roots if reader is not None else ()
    digest = hashlib.sha256()
    main = Path(path)
    try:
        raw = read_limited(main, os.fspath(main))
    except DataError:
        digest.update(b"\0missing\0" + os.fsencode(main))
        return digest.hexdigest()
    digest.update(len(raw).to_bytes(8, "big") + raw)
    references = known.get(_resolved(main))
    if references is None:
        references = _references(raw)
    followed: list[Path | str] = []
    if default_previous is not None and "previous" not in references:
        default = Path(default_previous)
        if default.is_file():
            followed.append(default)
    for target in references.values():
        if target is not None:
            followed.append(confine(main.parent, target, roots, REFERENCE_SUFFIXES))
    seen = {_resolved(main)}
    for found in followed:
        if isinstance(found, str):
            digest.update(b"\0refused\0" + found.encode("utf-8"))
            continue
        if _resolved(found) in seen:
            continue
        seen.add(_resolved(found))
        try:
            raw = read_limited(found, os.fspath(found))
        except DataError:
            digest.update(b"\0missing\0" + os.fsencode(found))
            continue
        digest.update(len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


# Parsing a whole file only to find its two reference keys is most of what a
# hash costs; the answer depends on the bytes alone, so it is remembered by them.
_REFERENCES_SEEN: dict[bytes, dict[str, str | None]] = {}


def _references(raw: bytes) -> dict[str, str | None]:
    """The reference keys in a data file's bytes, each with its path (``None``: inline data)."""
    key = hashlib.sha256(raw).digest()
    found = _REFERENCES_SEEN.get(key)
    if found is None:
        try:
            data = load_bytes(raw).data
        except DataError:
            data = None
        found = _reference_targets(data)
        if len(_REFERENCES_SEEN) >= 256:
            _REFERENCES_SEEN.clear()
        _REFERENCES_SEEN[key] = found
    return found


def _reference_targets(data: object) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    if isinstance(data, Mapping):
        for name in _REFERENCES:
            if name in data:
                target = data[name]
                found[name] = target.strip() or None if isinstance(target, str) else None
        # The workbook the projects are read from, and its mapping file, are
        # data too: a changed ledger must remake the documents.
        ledger = data.get("ledger")
        block = ledger if isinstance(ledger, Mapping) else {"file": ledger}
        for key, name in (("file", "ledger"), ("mapping", "ledger.mapping")):
            target = block.get(key)
            if isinstance(target, str) and target.strip():
                found[name] = target.strip()
    return found


def _not_data(loaded: Loaded) -> bool:
    """Whether a file's top level has none of a data file's keys (then it is not one)."""
    return isinstance(loaded.data, Mapping) and not any(k in loaded.data for k in _DATA_KEYS)


_Result = tuple[Report | None, list[Diagnostic]]


def _load(path: Path, display: str, inherit: Mapping[str, Any] | None) -> Loaded:
    """A data file, or by its ending a workbook read directly (inheriting document parts)."""
    # A .yaml file is never a workbook: no need to import the workbook reader for it.
    if path.suffix.lower() not in DATA_SUFFIXES:
        from bulletin.sources.workbook import is_workbook

        if is_workbook(path):
            from bulletin.sources.ledger import workbook_loaded

            return workbook_loaded(path, display, inherit=inherit)
    return load_path(path, display)


def _validated(
    loaded: Loaded, base: Path | None, roots: Roots
) -> tuple[Loaded, Report | None, list[Diagnostic]]:
    """``loaded`` validated; a ``ledger:`` first reads its projects from the workbook it names."""
    if isinstance(loaded.data, Mapping) and loaded.data.get("ledger") is not None:
        from bulletin.sources.ledger import attach_ledger

        loaded = attach_ledger(loaded, base, roots)[0]
    report, diagnostics = validate(loaded)
    finish = getattr(loaded, "finish", None)  # a workbook's: cell order, no repeats
    if finish is not None:
        diagnostics = finish(diagnostics)
    return loaded, report, diagnostics


@dataclass
class _Reader:
    """One reading: remembers files already read so that each is read once.

    ``validated`` holds a file's own validation (references not attached),
    which is all a referenced file needs; ``done`` the reading of a file
    named by the caller, its references attached.
    """

    #: Folders besides a data file's own where its referenced files may be.
    roots: Roots = ()
    validated: dict[Path, tuple[Loaded | None, Report | None, list[Diagnostic]]] = field(
        default_factory=dict
    )
    # By resolved path; a file without a ``previous`` key read with a default
    # previous is kept under (path, default) as it differs from the plain reading.
    done: dict[Path | tuple[Path, Path], _Result] = field(default_factory=dict)
    #: The reference keys of each file read, for :func:`source_hash`.
    references: dict[Path, dict[str, str | None]] = field(default_factory=dict)

    def own(
        self, path: Path, display: str, inherit: Mapping[str, Any] | None = None
    ) -> tuple[Loaded | None, Report | None, list[Diagnostic]]:
        """A file loaded and validated by itself, its references not followed.

        ``inherit`` is the data of the file naming this one: a workbook read
        directly takes the document parts it lacks from it.
        """
        key = _resolved(path)
        found = self.validated.get(key)
        if found is not None:
            return found
        try:
            loaded = _load(path, display, inherit)
        except DataError as error:
            result: tuple[Loaded | None, Report | None, list[Diagnostic]] = (
                None,
                None,
                list(error.diagnostics),
            )
            self.references[key] = {}
        else:
            self.references[key] = _reference_targets(loaded.data)
            if _not_data(loaded):
                keys = "、".join(_DATA_KEYS[:4])
                note = Diagnostic(f"不是数据文件：其中没有 {keys} 等任何一项", file=display)
                result = (loaded, None, [note])
            else:
                loaded, report, diagnostics = _validated(loaded, path.parent, self.roots)
                result = (loaded, report, diagnostics)
        self.validated[key] = result
        return result

    def read(
        self,
        path: Path,
        display: str,
        stack: tuple[Path, ...],
        default_previous: Path | None = None,
    ) -> _Result:
        """A file named by the caller: validated, with its references read and attached."""
        key = _resolved(path)
        loaded, report, diagnostics = self.own(path, display)
        takes_default = (
            default_previous is not None
            and loaded is not None
            and isinstance(loaded.data, Mapping)
            and "previous" not in loaded.data
        )
        index: Path | tuple[Path, Path] = key
        if takes_default:
            assert default_previous is not None
            index = (key, _resolved(default_previous))
        if index in self.done:
            return self.done[index]
        if loaded is None or _not_data(loaded):
            result: _Result = (None, list(diagnostics))
        else:
            default = default_previous if takes_default else None
            own = (report, diagnostics)
            result = self.read_loaded(loaded, path.parent, (*stack, key), default, own)
        self.done[index] = result
        return result

    def read_loaded(
        self,
        loaded: Loaded,
        base: Path | None,
        stack: tuple[Path, ...],
        default_previous: Path | None = None,
        own: _Result | None = None,
    ) -> _Result:
        """``loaded`` validated (or as ``own`` says it validated) with its references attached."""
        if own is None:
            loaded, report, diagnostics = _validated(loaded, base, self.roots)
        else:
            report, diagnostics = own
        diagnostics = list(diagnostics)
        attached: dict[str, Report] = {}
        # Errors of a referenced file come first, then this file's, in line order.
        foreign: list[Diagnostic] = []
        if default_previous is not None and base is not None:
            found_default, notes = self._follow_default(loaded, default_previous, base, stack)
            diagnostics += notes
            # January's file beside December's of the year before has no 环比:
            # cumulative figures of two years are not compared.
            if found_default is not None and (
                report is None or _same_series(report, found_default)
            ):
                attached["previous"] = found_default
        for name, words in _REFERENCES.items():
            target = loaded.data.get(name)
            if base is None or not isinstance(target, str) or not target.strip():
                continue
            found, problems = self._follow(loaded, name, words, target.strip(), base, stack)
            foreign += [d for d in problems if d.file != loaded.file]
            diagnostics += [d for d in problems if d.file == loaded.file]
            if found is not None:
                attached[name] = found
        if report is not None and "previous" in attached:
            diagnostics += _against_previous(loaded, report, attached["previous"])
        if report is not None and "last_year" in attached:
            diagnostics += _against_last_year(loaded, report, attached["last_year"])
        diagnostics.sort(key=lambda d: (d.line or 0, d.column or 0))
        diagnostics = foreign + diagnostics
        if report is None or any(d.severity == "error" for d in diagnostics):
            return None, diagnostics
        report = report.model_copy(
            update={
                "source_file": None if loaded.file == "<data>" else loaded.file,
                "previous_report": attached.get("previous"),
                "last_year_report": attached.get("last_year"),
            }
        )
        return report, diagnostics

    def _referenced(
        self,
        path: Path,
        display: str,
        stack: tuple[Path, ...],
        inherit: Mapping[str, Any] | None = None,
    ) -> tuple[Report | None, list[Diagnostic]]:
        """A referenced file, as deep as a comparison needs: itself, and a check for cycles."""
        loaded, report, diagnostics = self.own(path, display, inherit)
        problems = list(diagnostics)
        if loaded is not None and isinstance(loaded.data, Mapping):
            for name, words in _REFERENCES.items():
                target = loaded.data.get(name)
                if not isinstance(target, str) or not target.strip():
                    continue
                # Its own reference is not read; one that leads back is a cycle.
                found = confine(path.parent, target.strip(), self.roots, REFERENCE_SUFFIXES)
                if isinstance(found, Path) and found in stack:
                    chain = " → ".join([*(p.name for p in stack), path.name, found.name])
                    problems.append(loaded.diagnostic((name,), f"{words}文件循环引用：{chain}"))
        if report is not None and not any(d.severity == "error" for d in problems):
            report = report.model_copy(update={"source_file": loaded.file if loaded else None})
        return report, problems

    def _follow_default(
        self, loaded: Loaded, path: Path, base: Path, stack: tuple[Path, ...]
    ) -> tuple[Report | None, list[Diagnostic]]:
        """Read the previous period a caller supplied; trouble with it is only a warning."""
        same_folder = _resolved(path.parent) == _resolved(base)
        display = os.fspath(Path(loaded.file).parent / path.name) if same_folder else str(path)
        if not path.is_file() or _resolved(path) in stack:
            return None, []
        report, diagnostics = self._referenced(path, display, stack)
        if report is None or any(d.severity == "error" for d in diagnostics):
            return None, [
                Diagnostic(
                    f"按文件名推定的上期文件 '{display}' 有错误，本期不作环比",
                    file=loaded.file,
                    severity="warning",
                )
            ]
        return report, []

    def _follow(
        self,
        loaded: Loaded,
        name: str,
        words: str,
        target: str,
        base: Path,
        stack: tuple[Path, ...],
    ) -> tuple[Report | None, list[Diagnostic]]:
        where: KeyPath = (name,)
        found = confine(base, target, self.roots, REFERENCE_SUFFIXES)
        if isinstance(found, str):
            return None, [loaded.diagnostic(where, f"{words}文件{found}")]
        if found in stack:
            chain = " → ".join([*(p.name for p in stack), found.name])
            return None, [loaded.diagnostic(where, f"{words}文件循环引用：{chain}")]
        try:
            exists = found.is_file()
        except OSError:
            exists = False
        if not exists:
            return None, [
                loaded.diagnostic(where, f"{words}文件 '{target}' 不存在（相对于本文件所在目录）")
            ]
        display = os.fspath(Path(loaded.file).parent / target)
        own_loaded, _own, _ = self.own(found, display, loaded.data)
        if own_loaded is not None and _not_data(own_loaded):
            # Not a data file (a key, a password file): say so, quote nothing of it.
            return None, [loaded.diagnostic(where, f"{words}文件 '{target}' 不是数据文件，未使用")]
        report, diagnostics = self._referenced(found, display, stack, loaded.data)
        errors = [d for d in diagnostics if d.severity == "error"]
        if report is None or errors:
            # The referenced file's own warnings are left for when it is checked.
            note = loaded.diagnostic(where, f"{words}文件 '{target}' 有错误")
            return None, [*errors, note]
        return report, []


def _span(report: Report) -> str:
    return f"{report.period.year}年1—{report.period.end_month}月"


def _same_series(report: Report, other: Report) -> bool:
    """Whether ``other`` is a period of the same year and region, as a 环比 base must be."""
    return (
        other.period.year == report.period.year and other.document.region == report.document.region
    )


def _other_region(
    loaded: Loaded, name: str, words: str, report: Report, other: Report
) -> list[Diagnostic]:
    if other.document.region == report.document.region:
        return []
    return [
        loaded.diagnostic(
            (name,),
            f"{words}文件是{other.document.region}的数据，本文件是{report.document.region}的，"
            f"不能相比：请改用{report.document.region}的{words}文件",
        )
    ]


def _against_previous(loaded: Loaded, report: Report, previous: Report) -> list[Diagnostic]:
    found = _other_region(loaded, "previous", "上期", report, previous)
    if previous.period.year != report.period.year:
        found.append(
            loaded.diagnostic(
                ("previous",),
                f"上期文件是{_span(previous)}的数据，与本期（{_span(report)}）不在同一年度："
                f"本年累计数不能跨年相比，请改用{report.period.year}年的上期文件",
            )
        )
        return found
    this = (report.period.year, report.period.end_month)
    that = (previous.period.year, previous.period.end_month)
    if that >= this:
        found.append(
            loaded.diagnostic(
                ("previous",),
                f"上期文件的统计期（{_span(previous)}）不早于本期（{_span(report)}）",
                severity="warning",
            )
        )
    before = {(p.name, p.unit): p.completed for p in previous.projects}
    for index, project in enumerate(report.projects):
        earlier = before.get((project.name, project.unit))
        if earlier is not None and project.completed < earlier:
            found.append(
                loaded.diagnostic(
                    ("projects", index, "completed"),
                    f"累计完成投资 {project.completed} 万元少于上期的 {earlier} 万元"
                    "（本年累计数不应减少）",
                    severity="warning",
                )
            )
    return found


def _against_last_year(loaded: Loaded, report: Report, last_year: Report) -> list[Diagnostic]:
    found = _other_region(loaded, "last_year", "上年同期", report, last_year)
    expected = (report.period.year - 1, report.period.end_month)
    if (last_year.period.year, last_year.period.end_month) == expected:
        return found
    return [
        *found,
        loaded.diagnostic(
            ("last_year",),
            f"上年同期文件的统计期应为 {expected[0]}年1—{expected[1]}月，实为 {_span(last_year)}",
            severity="warning",
        ),
    ]
