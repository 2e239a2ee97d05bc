"""Reading a data file end to end: load, validate, follow ``previous``/``last_year`` files.

A file may name another data file as its previous period (环比) or the same
period last year (同比); the path is relative to the naming file.  Referenced
files are read and validated too (each once per call, cycles refused) and
attached to the report as ``previous_report`` / ``last_year_report``.  Every
fault of every file involved comes back in one :class:`DataError`.

A caller may name a ``default_previous`` file, used when a file has no
``previous`` key at all (a batch passes ``2025-05.yaml`` for ``2025-06.yaml``);
a missing default is skipped, a broken one too but with a warning, never an error.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulletin.errors import DataError, Diagnostic
from bulletin.load import KeyPath, LineMap, Loaded, load_bytes, load_path
from bulletin.model import Report
from bulletin.validate import validate

__all__ = ["ReadCache", "check_file", "check_files", "load_report", "read_source", "source_hash"]

_REFERENCES = {"previous": "上期", "last_year": "上年同期"}


class ReadCache:
    """Files already read, shared by the :func:`read_source` calls it is passed to.

    Files that several calls reference (a month's ``previous``) are then read
    once.  Use one only while the files do not change (one batch run).
    """

    __slots__ = ("_reader",)

    def __init__(self) -> None:
        self._reader = _Reader()


def load_report(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    filename: str | None = None,
    default_previous: str | os.PathLike[str] | None = None,
) -> Report:
    """Read a data file (or validate a mapping) into a :class:`Report`.

    A path is read, validated and its ``previous``/``last_year`` files
    attached; ``filename`` only renames it in messages.  A mapping is
    validated as if read from ``filename``: its relative file references are
    resolved against the directory of ``filename`` when given, and left
    unresolved (``previous_report`` is ``None``) when not — never against the
    working directory.  ``default_previous`` is as for :func:`read_source`.
    Warnings are dropped; use :func:`read_source` to get them.  Raises
    :class:`DataError` with every error found.
    """
    if isinstance(source, Mapping):
        loaded = Loaded(dict(source), LineMap(), filename or "<data>")
        base = Path(filename).parent if filename is not None else None
        report, diagnostics = _Reader().read_loaded(loaded, base, ())
        if report is None:
            raise DataError(diagnostics)
        return report
    return read_source(source, filename=filename, default_previous=default_previous)[0]


def read_source(
    path: str | os.PathLike[str],
    *,
    filename: str | None = None,
    default_previous: str | os.PathLike[str] | None = None,
    cache: ReadCache | None = None,
) -> tuple[Report, tuple[Diagnostic, ...]]:
    """Read the data file at ``path``: the report and its warnings.

    ``default_previous`` is read as the previous period when the file has no
    ``previous`` key.  ``cache`` shares files read between calls.  Raises
    :class:`DataError` (holding errors and warnings) if any file involved has
    an error.
    """
    reader = _Reader() if cache is None else cache._reader
    default = Path(default_previous) if default_previous is not None else None
    report, diagnostics = reader.read(Path(path), filename or os.fspath(path), (), default)
    if report is None:
        raise DataError(diagnostics)
    return report, tuple(diagnostics)


def check_file(path: str | os.PathLike[str]) -> list[Diagnostic]:
    """Every error and warning about the data file at ``path``; never raises for bad data."""
    return _Reader().read(Path(path), os.fspath(path), ())[1]


def check_files(
    paths: Iterable[str | os.PathLike[str]],
) -> list[tuple[str, list[Diagnostic]]]:
    """:func:`check_file` for many files, reading each shared ``previous`` file once.

    Returns ``(path as given, diagnostics)`` in the order given.  A fault in a
    referenced file appears under every file that references it.
    """
    reader = _Reader()
    return [(os.fspath(p), reader.read(Path(p), os.fspath(p), ())[1]) for p in paths]


def source_hash(
    path: str | os.PathLike[str],
    *,
    default_previous: str | os.PathLike[str] | None = None,
    cache: ReadCache | None = None,
) -> str:
    """SHA-256 of the file and of every file it references, in reading order.

    Changes when the file or any ``previous``/``last_year`` file changes, so
    a batch can tell which outputs are stale.  ``default_previous`` counts as
    referenced when the file has no ``previous`` key (as in
    :func:`read_source`); with a ``cache`` that has read a file, its
    references are not parsed again.  Works on broken files too.
    """
    known = cache._reader.references if cache is not None else {}
    digest = hashlib.sha256()
    pending = [Path(path)]
    seen: set[Path] = set()
    default = Path(default_previous) if default_previous is not None else None
    while pending:
        current = pending.pop(0)
        key = current.resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            raw = current.read_bytes()
        except OSError:
            digest.update(b"\0missing\0" + os.fsencode(current))
            continue
        digest.update(len(raw).to_bytes(8, "big") + raw)
        references = known.get(key)
        if references is None:
            references = _references(raw)
        if default is not None:
            if "previous" not in references and default.is_file():
                pending.append(default)
            default = None  # only the first file takes a default
        pending += [current.parent / t for t in references.values() if t is not None]
    return digest.hexdigest()


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
    return found


@dataclass
class _Reader:
    """One reading: remembers files already read so a chain is read once."""

    # By resolved path; a file without a ``previous`` key read with a default
    # previous is kept under (path, default) as it differs from the plain reading.
    done: dict[Path | tuple[Path, Path], tuple[Report | None, list[Diagnostic]]] = field(
        default_factory=dict
    )
    #: Files whose reading cannot take a default previous (they name one, or are broken).
    fixed: set[Path] = field(default_factory=set)
    #: The reference keys of each file read, for :func:`source_hash`.
    references: dict[Path, dict[str, str | None]] = field(default_factory=dict)

    def read(
        self,
        path: Path,
        display: str,
        stack: tuple[Path, ...],
        default_previous: Path | None = None,
    ) -> tuple[Report | None, list[Diagnostic]]:
        key = path.resolve()
        if key in self.done and (default_previous is None or key in self.fixed):
            return self.done[key]
        with_default = (key, default_previous.resolve()) if default_previous else None
        if with_default in self.done:
            return self.done[with_default]
        try:
            loaded = load_path(path, display)
        except DataError as error:
            result: tuple[Report | None, list[Diagnostic]] = (None, list(error.diagnostics))
            self.fixed.add(key)
            self.references[key] = {}
        else:
            self.references[key] = _reference_targets(loaded.data)
            result = self.read_loaded(loaded, path.parent, (*stack, key), default_previous)
            if not isinstance(loaded.data, Mapping) or "previous" in loaded.data:
                self.fixed.add(key)
        self.done[key if with_default is None or key in self.fixed else with_default] = result
        return result

    def read_loaded(
        self,
        loaded: Loaded,
        base: Path | None,
        stack: tuple[Path, ...],
        default_previous: Path | None = None,
    ) -> tuple[Report | None, list[Diagnostic]]:
        report, diagnostics = validate(loaded)
        attached: dict[str, Report] = {}
        # Errors of a referenced file come first, then this file's, in line order.
        foreign: list[Diagnostic] = []
        if (
            default_previous is not None
            and base is not None
            and isinstance(loaded.data, Mapping)
            and "previous" not in loaded.data
        ):
            found_default, notes = self._follow_default(loaded, default_previous, base, stack)
            diagnostics += notes
            if found_default is not None:
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

    def _follow_default(
        self, loaded: Loaded, path: Path, base: Path, stack: tuple[Path, ...]
    ) -> tuple[Report | None, list[Diagnostic]]:
        """Read the previous period a caller supplied; trouble with it is only a warning."""
        same_folder = path.parent.resolve() == base.resolve()
        display = os.fspath(Path(loaded.file).parent / path.name) if same_folder else str(path)
        if not path.is_file() or path.resolve() in stack:
            return None, []
        report, diagnostics = self.read(path, display, stack)
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
        path = base / target
        display = os.fspath(Path(loaded.file).parent / target)
        where: KeyPath = (name,)
        if path.resolve() in stack:
            chain = " → ".join([*(p.name for p in stack), path.name])
            return None, [loaded.diagnostic(where, f"{words}文件循环引用：{chain}")]
        if not path.is_file():
            return None, [
                loaded.diagnostic(where, f"{words}文件 '{target}' 不存在（相对于本文件所在目录）")
            ]
        report, diagnostics = self.read(path, display, stack)
        errors = [d for d in diagnostics if d.severity == "error"]
        if report is None or errors:
            # The referenced file's own warnings are left for when it is checked.
            note = loaded.diagnostic(where, f"{words}文件 '{target}' 有错误")
            return None, [*errors, note]
        return report, []


def _span(report: Report) -> str:
    return f"{report.period.year}年1—{report.period.end_month}月"


def _against_previous(loaded: Loaded, report: Report, previous: Report) -> list[Diagnostic]:
    found: list[Diagnostic] = []
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
    if previous.period.year != report.period.year:
        return found
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
    expected = (report.period.year - 1, report.period.end_month)
    if (last_year.period.year, last_year.period.end_month) == expected:
        return []
    return [
        loaded.diagnostic(
            ("last_year",),
            f"上年同期文件的统计期应为 {expected[0]}年1—{expected[1]}月，实为 {_span(last_year)}",
            severity="warning",
        )
    ]
