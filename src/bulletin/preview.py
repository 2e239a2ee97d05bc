"""Drafts for a front end: data files, the kinds they make, each document's preview and files.

A front end (the local page of ``bulletin serve``) holds no logic of its own:
it asks this module what a folder of data files offers, opens one as a
:class:`Draft`, and asks the draft for documents.  A :class:`Document` is one
kind composed once with its figures marked, and gives its HTML preview (every
figure carrying its 数据核对表 entry), its lint warnings and its file bytes in
each format.  Names follow the office's habit: ``2025-06-进展通报.docx``.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bulletin.errors import BulletinError, DataError, TemplateError

if TYPE_CHECKING:
    from bulletin.compose import Composer
    from bulletin.doctree import DocTree
    from bulletin.indicators import Indicators
    from bulletin.model import Report
    from bulletin.sources.importer import LedgerView

__all__ = [
    "DATA_SUFFIXES",
    "FORMATS",
    "WORKBOOK_SUFFIXES",
    "Document",
    "Draft",
    "FileFormat",
    "data_files",
    "default_file",
    "kind_label",
    "kinds",
    "ledgers_read",
    "occasions",
    "open_draft",
    "pdf_available",
    "zip_files",
]

FileFormat = Literal["docx", "pdf", "md", "txt"]
FORMATS: tuple[FileFormat, ...] = ("docx", "pdf", "md", "txt")
DATA_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")

_LABELS = {
    "speech": "讲话",
    "progress": "进展通报",
    "commendation": "表彰通报",
    "news": "会议新闻稿",
}
# The keys by which a data file names other files it is read with.
_REFERENCE_KEYS = ("previous", "last_year", "ledger")
# Finding the file to open first parses each data file; past this many, the
# last by name (months sort) is chosen without parsing.
_PARSE_AT_MOST = 40
_MONTHLY = re.compile(r"^\d{4}-\d{2}$")


def kind_label(kind: str) -> str:
    """A kind as a secretary names it: 讲话, 进展通报, 表彰通报, 会议新闻稿 (others: their name)."""
    return _LABELS.get(kind, kind)


def kinds(composer: Composer) -> list[tuple[str, str]]:
    """The kinds ``composer`` can make, each with its label, built-in ones first."""
    return [(kind, kind_label(kind)) for kind in composer.kinds()]


def occasions() -> tuple[str, ...]:
    """The speech occasions the templates are written for (``meeting.kind``), default first."""
    from bulletin.model import OCCASIONS

    return OCCASIONS


def pdf_available() -> bool:
    """Whether LibreOffice is there to make PDFs."""
    from bulletin.writers.pdf import find_soffice

    try:
        find_soffice()
    except BulletinError:
        return False
    return True


def data_files(folder: str | os.PathLike[str]) -> list[str]:
    """The names of the data files (YAML and workbooks) directly in ``folder``, sorted."""
    suffixes = (*DATA_SUFFIXES, *WORKBOOK_SUFFIXES)
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    names = [
        p.name
        for p in entries
        if p.suffix.lower() in suffixes and not p.name.startswith((".", "~$")) and p.is_file()
    ]
    return sorted(names)


def default_file(folder: str | os.PathLike[str], names: Sequence[str]) -> str | None:
    """Of ``names`` in ``folder``, the one a user most likely means to open.

    A data YAML before a workbook; among YAMLs, one that no other names as
    its previous, last-year or ledger file (the newest month of a chain);
    among several such, the last by name.  Files all named by month
    (``2025-06.yaml``) need no reading: the last by name is the newest.
    """
    yamls = [n for n in names if Path(n).suffix.lower() in DATA_SUFFIXES]
    if not yamls:
        return names[-1] if names else None
    if len(yamls) > _PARSE_AT_MOST or all(_MONTHLY.match(Path(n).stem) for n in yamls):
        return yamls[-1]
    named: set[str] = set()
    for name in yamls:
        named |= _named_files(Path(folder) / name)
    free = [n for n in yamls if n not in named]
    return (free or yamls)[-1]


def _named_files(path: Path, *, plain_ledger_only: bool = False) -> set[str]:
    """The file names a data file refers to (``previous``, ``last_year``, ``ledger``).

    With ``plain_ledger_only`` a ``ledger:`` block (which carries its own
    reading instructions) is left out.
    """
    from bulletin.load import load_bytes

    try:
        data = load_bytes(path.read_bytes()).data
    except (OSError, DataError):
        return set()
    found: set[str] = set()
    if not isinstance(data, dict):
        return found
    for key in _REFERENCE_KEYS:
        value = data.get(key)
        if isinstance(value, dict):
            value = None if plain_ledger_only else value.get("file")
        if isinstance(value, str) and value.strip():
            found.add(Path(value.strip()).name)
    return found


def ledgers_read(folder: str | os.PathLike[str], chosen: str) -> list[LedgerView]:
    """How each workbook ``chosen`` (a file in ``folder``) reads is read, for a person to confirm.

    That is ``chosen`` itself when it is a workbook, else the workbooks its
    ``previous``, ``last_year`` and plain ``ledger: 台账.xlsx`` name; a
    ``ledger:`` block with its own reading instructions is left out, as is a
    file that is no readable workbook (its errors come with the draft).
    Views name the workbook as shown, never the folder it is kept in.
    """
    from bulletin.api import describe_ledger

    base = Path(folder)
    if Path(chosen).suffix.lower() in WORKBOOK_SUFFIXES:
        names = [chosen]
    else:
        named = _named_files(base / chosen, plain_ledger_only=True)
        names = sorted(n for n in named if Path(n).suffix.lower() in WORKBOOK_SUFFIXES)
    views = []
    for name in names:
        path = base / name
        if path.is_file():
            try:
                views.append(describe_ledger(path, filename=name))
            except DataError:
                continue
    return views


def open_draft(path: str | os.PathLike[str], display: str | None = None) -> Draft:
    """Read the data file at ``path`` (and the files it names) into a draft.

    ``display`` is the name messages use for it (default: the file's name);
    the files it names are shown relative to it, so no message reveals the
    folder the files are kept in.  A monthly file such as ``2025-06.yaml``
    with no ``previous`` takes ``2025-05.yaml`` beside it, as ``bulletin
    render`` does.  Raises :class:`DataError` listing every error, located.
    """
    from bulletin.batch import default_previous
    from bulletin.source import ReadCache, read_source, source_hash

    given = Path(path)
    shown = display or given.name
    previous = default_previous(given)
    # Shared, so that hashing the files does not parse them a second time.
    cache = ReadCache()
    report, diagnostics = read_source(given, filename=shown, default_previous=previous, cache=cache)
    digest = source_hash(given, default_previous=previous, cache=cache)
    return Draft(report, tuple(str(d) for d in diagnostics), shown, digest)


@dataclass
class Draft:
    """One data file, read and valid: the documents it can make.

    ``warnings`` are the data's own (each located); ``source_hash`` is stored
    in each .docx, as ``bulletin render`` does.  Documents composed are kept,
    so asking again for the same kind and options costs nothing.
    """

    report: Report
    warnings: tuple[str, ...]
    name: str
    source_hash: str = ""
    _indicators: Indicators | None = field(default=None, repr=False)
    _made: dict[tuple[str, bool, str], Document | str] = field(default_factory=dict, repr=False)

    @property
    def stem(self) -> str:
        """The period as file names begin: ``2025-06`` for 1—6月."""
        period = self.report.period
        return f"{period.year}-{period.end_month:02d}"

    @property
    def indicators(self) -> Indicators:
        """The report's indicators, computed once."""
        if self._indicators is None:
            from bulletin.indicators import compute

            self._indicators = compute(self.report)
        return self._indicators

    @property
    def occasion(self) -> str:
        """The speech's occasion as the data gives it (``meeting.kind``), for a page to preselect.

        The model's default where the data names none the model knows; empty
        without a meeting or where the model has no occasions.
        """
        known = occasions()
        meeting = self.report.meeting
        if meeting is None or not known:
            return ""
        given = getattr(meeting, "kind", None)
        given = getattr(given, "value", given)  # an Enum member
        return given if isinstance(given, str) and given in known else known[0]

    def notices(self, kind: str, occasion: str = "") -> tuple[str, ...]:
        """What a user should know before asking for ``kind`` with ``occasion``."""
        if kind in ("speech", "news") and self.report.meeting is None:
            if occasion and kind == "speech":
                return (
                    f"数据中没有会议信息（meeting），无法按“{occasion}”起草，"
                    "讲话按一般推进会写法起草，标题未写会议名称",
                )
            return (
                f"数据中没有会议信息（meeting），{kind_label(kind)}按一般写法起草，"
                "请补上会议名称、日期和讲话人",
            )
        return ()

    def document(
        self, kind: str, composer: Composer, *, audit: bool = False, occasion: str = ""
    ) -> Document | str:
        """The document of ``kind``, or why it cannot be made from this data (a sentence).

        ``occasion`` is the speech's occasion (one of :func:`occasions`); it
        applies where the data has a meeting.  A template's own failure is
        located in that template; the sentence a built-in template gives for
        missing data (no 表彰名单 for a 表彰通报) is given as it is.
        """
        key = (kind, audit, occasion)
        found = self._made.get(key)
        if found is None:
            found = self._make(kind, composer, audit, occasion)
            self._made[key] = found
        return found

    def _make(self, kind: str, composer: Composer, audit: bool, occasion: str) -> Document | str:
        from bulletin.compose import builtin_template_dir, compose
        from bulletin.textlint import lint_tree

        report = self._with_occasion(occasion) if kind == "speech" else self.report
        try:
            tree = compose(
                report,
                kind,
                indicators=self.indicators,
                composer=composer,
                audit=audit,
                source_hash=self.source_hash,
                mark_figures=True,
            )
        except DataError as error:
            return "；".join(d.message for d in error.errors)
        except TemplateError as error:
            filename = Path(error.filename) if error.filename else None
            if filename is None or filename.parent == builtin_template_dir():
                return error.message
            where = filename.name + (f":{error.lineno}" if error.lineno else "")
            return f"{where}: {error.message}"
        lint = tuple(f"文字检查：{p}" for p in lint_tree(tree))
        return Document(kind, tree, self.stem, (*self.notices(kind, occasion), *lint))

    def _with_occasion(self, occasion: str) -> Report:
        meeting = self.report.meeting
        if not occasion or meeting is None or occasion not in occasions():
            return self.report
        return self.report.model_copy(
            update={"meeting": meeting.model_copy(update={"kind": occasion})}
        )


@dataclass(frozen=True)
class Document:
    """One composed document: preview, warnings and its files."""

    kind: str
    tree: DocTree
    stem: str
    warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The kind as a secretary names it."""
        return kind_label(self.kind)

    def file_name(self, format: FileFormat) -> str:
        """``2025-06-进展通报.docx`` and the like."""
        return f"{self.stem}-{self.label}.{format}"

    def html(self) -> str:
        """The document as it prints, as an escaped HTML fragment, figures marked."""
        from bulletin.writers.html import to_html

        return to_html(self.tree)

    def data(self, format: FileFormat, *, reading_copy: bool = False) -> bytes:
        """The document's file in ``format``; ``reading_copy`` lays a speech out in large type.

        PDF needs LibreOffice (:class:`~bulletin.errors.OutputError` without it).
        """
        if format in ("md", "txt"):
            from bulletin.writers import text

            written = text.to_markdown(self.tree) if format == "md" else text.to_text(self.tree)
            return written.encode("utf-8")
        from bulletin.layout import GBT9704, READING_COPY
        from bulletin.writers.docx import write_docx

        layout = READING_COPY if reading_copy and self.kind == "speech" else GBT9704
        data = write_docx(self.tree, None, layout=layout)
        if format == "pdf":
            from bulletin.writers.pdf import convert_docx

            data = convert_docx(data, "pdf")
        return data


def zip_files(files: Sequence[tuple[str, bytes]]) -> bytes:
    """The named files as one .zip (names kept as UTF-8, so Chinese names open right)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()
