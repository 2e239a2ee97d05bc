"""The public library API: data in (path or mapping), a document tree, bytes or a file out.

Each function is a thin, typed composition of the pipeline stages; heavy
modules (pydantic, Jinja, python-docx) are imported on first use so that
``import bulletin`` stays cheap.  Nothing here keeps state between calls.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from bulletin.errors import ArgumentError

if TYPE_CHECKING:
    from bulletin.batch import Result as BatchResult
    from bulletin.compose import Composer
    from bulletin.doctree import DocTree
    from bulletin.indicators import Indicators
    from bulletin.layout import Layout
    from bulletin.model import Report
    from bulletin.sources.importer import LedgerView

__all__ = [
    "TextFormat",
    "compose_document",
    "compute_indicators",
    "data_hash",
    "describe_ledger",
    "load_report",
    "render",
    "render_batch",
    "write_docx",
    "write_text",
]

PathLike = str | os.PathLike[str]
TextFormat = Literal["txt", "md"]


def load_report(
    source: PathLike | Mapping[str, Any],
    *,
    mapping: PathLike | Mapping[str, Any] | None = None,
) -> Report:
    """Load and validate a data file (or an already-parsed mapping).

    A path's ``previous``/``last_year`` files are loaded too.  A workbook
    (.xlsx, .xlsm, .xls, .ods) is read as a data file of its own: projects
    from its sheets, document parts from a 封面 sheet or its title; ``mapping``
    (a mapping file's path, or its contents as a dict: ``sheets``,
    ``header_rows``, ``columns``, ``skip_rows``, ``amount_unit``, ``unit``)
    says how to read one whose layout is not found by itself.  Raises
    :class:`~bulletin.errors.DataError` listing every error, each located
    (in a workbook at its sheet and cell: ``Diagnostic.sheet``, ``.cell``).
    """
    from bulletin import source as _source

    _data_source(source, "load_report", "source")
    if mapping is not None:
        _data_source(mapping, "load_report", "mapping")
    if mapping is not None and not isinstance(source, Mapping):
        from bulletin.errors import DataError
        from bulletin.sources.importer import spec_of
        from bulletin.sources.ledger import workbook_loaded
        from bulletin.sources.workbook import is_workbook
        from bulletin.validate import validate

        if is_workbook(source):
            loaded = workbook_loaded(source, os.fspath(source), spec_of(mapping))
            report, diagnostics = validate(loaded)
            diagnostics = loaded.finish(diagnostics)
            if report is None or any(d.severity == "error" for d in diagnostics):
                raise DataError(diagnostics)
            return report.model_copy(update={"source_file": os.fspath(source)})
    return _source.load_report(source)


def describe_ledger(
    path: PathLike,
    *,
    mapping: PathLike | Mapping[str, Any] | None = None,
    filename: str | None = None,
) -> LedgerView:
    """How a workbook ledger is read, for a person to confirm: ``bulletin import --show-mapping``.

    Per sheet, the header rows and each column's letter, header path, the
    field it is read as (or why not) and a sample value; the sheets passed
    over and why; the period and region found; every diagnostic (errors and
    warnings, each at its sheet and cell) and ``ok``; ``filename`` names the
    workbook in them (an upload saved under a temporary name).  Raises
    :class:`~bulletin.errors.DataError` only for a file that is no readable workbook.
    """
    from bulletin.sources.importer import describe_ledger as describe
    from bulletin.sources.importer import spec_of

    return describe(path, spec_of(mapping), filename)


def compute_indicators(report: Report) -> Indicators:
    """Compute every statistic a document may state (pure; values are Decimal/int)."""
    from bulletin.indicators import compute

    return compute(_report(report, "compute_indicators"))


def compose_document(
    report: Report,
    kind: str = "progress",
    *,
    templates: Sequence[PathLike] = (),
    audit: bool = False,
    indicators: Indicators | None = None,
    composer: Composer | None = None,
) -> DocTree:
    """Compose a document of ``kind``: speech, progress, commendation, news (or 讲话, 通报, …).

    ``templates`` are folders searched before the built-in templates; their
    compiled templates are reused by later calls.  A ``composer`` may be passed
    instead.
    With ``audit`` a 数据核对表 of every printed figure is appended.
    Raises :class:`~bulletin.errors.TemplateError` naming the template file and line.
    """
    from bulletin import compose as _compose
    from bulletin.indicators import Indicators as _Indicators

    report = _report(report, "compose_document")
    kind = _kind(kind, "compose_document")
    folders = _paths(templates, "compose_document", "templates")
    if indicators is not None and not isinstance(indicators, _Indicators):
        raise _wrong("compose_document", "indicators", "compute_indicators 的结果", indicators)
    if composer is not None and not isinstance(composer, _compose.Composer):
        raise _wrong("compose_document", "composer", "Composer", composer)
    if composer is None:
        composer = _compose.shared_composer(folders, report.settings.rounding)
    return _compose.compose(
        report,
        kind,
        indicators=indicators,
        composer=composer,
        audit=audit,
        source_hash=data_hash(report),
    )


def data_hash(report: Report) -> str:
    """A hash of the data a document is made from, stored in the .docx.

    For a report read from a file it covers the file's bytes and those of the
    files it names (``previous``, ``last_year``); for one built from a mapping,
    the validated data.
    """
    import hashlib

    from bulletin import source as _source

    report = _report(report, "data_hash")
    if report.source_file and Path(report.source_file).is_file():
        return _source.source_hash(report.source_file)
    return "sha256:" + hashlib.sha256(report.model_dump_json().encode("utf-8")).hexdigest()


def write_docx(
    tree: DocTree,
    target: PathLike | BinaryIO | None = None,
    *,
    layout: Layout | None = None,
    reference_doc: PathLike | None = None,
) -> bytes:
    """Write ``tree`` as a GB/T 9704 .docx; return its bytes.

    A path target is written atomically (temporary file, then rename); a file
    object receives the bytes; ``None`` only returns them.
    """
    from bulletin.layout import GBT9704
    from bulletin.writers import docx

    tree = _tree(tree, "write_docx")
    return docx.write_docx(tree, target, layout=layout or GBT9704, reference_doc=reference_doc)


def write_text(tree: DocTree, target: PathLike | None = None, *, format: TextFormat = "txt") -> str:
    """Return ``tree`` as plain text (``txt``) or Markdown (``md``); write it to a path if given."""
    from bulletin.writers import text
    from bulletin.writers._output import write_output

    tree = _tree(tree, "write_text")
    _choice(format, ("txt", "md"), "write_text", "format")
    result = text.to_markdown(tree) if format == "md" else text.to_text(tree)
    if target is not None:
        write_output(result.encode("utf-8"), target)
    return result


def render(
    source: PathLike | Mapping[str, Any] | Report,
    kind: str = "progress",
    *,
    format: Literal["docx", "txt", "md", "pdf", "doc"] = "docx",
    templates: Sequence[PathLike] = (),
    audit: bool = False,
    reference_doc: PathLike | None = None,
    script: Literal["hans", "hant"] = "hans",
) -> bytes:
    """Data to document bytes in one call: load (unless given a Report), compose, write.

    ``pdf`` and ``doc`` are converted from the .docx by LibreOffice
    (:class:`~bulletin.errors.OutputError` without it).  ``script="hant"``
    writes Traditional characters (needs OpenCC, the ``hant`` extra).
    """
    from bulletin.model import Report as _Report

    _choice(format, _FORMATS, "render", "format")
    _choice(script, ("hans", "hant"), "render", "script")
    if format in ("pdf", "doc"):
        from bulletin.writers.pdf import DOC_FILTER, convert_docx

        word = render(
            source,
            kind,
            templates=templates,
            audit=audit,
            reference_doc=reference_doc,
            script=script,
        )
        return convert_docx(word, "pdf" if format == "pdf" else DOC_FILTER)
    if not isinstance(source, _Report):
        _data_source(source, "render", "source")
    report = source if isinstance(source, _Report) else load_report(source)
    tree = compose_document(report, kind, templates=templates, audit=audit)
    if script == "hant":
        from bulletin.batch import HANT_LANG
        from bulletin.layout import GBT9704
        from bulletin.script import to_traditional
        from bulletin.writers import docx

        tree = to_traditional(tree)
        if format == "docx":
            layout = GBT9704.with_gbk_faces(HANT_LANG)
            return docx.write_docx(tree, layout=layout, reference_doc=reference_doc)
    if format == "docx":
        return write_docx(tree, reference_doc=reference_doc)
    return write_text(tree, format="md" if format == "md" else "txt").encode("utf-8")


def render_batch(
    sources: Sequence[PathLike],
    out_dir: PathLike,
    *,
    kinds: Sequence[str] = ("progress",),
    format: Literal["docx", "txt", "md", "pdf", "doc"] = "docx",
    templates: Sequence[PathLike] = (),
    audit: bool = False,
    reference_doc: PathLike | None = None,
    force: bool = False,
    script: Literal["hans", "hant"] = "hans",
    jobs: int | None = None,
    on_result: Callable[[BatchResult], None] | None = None,
) -> list[BatchResult]:
    """Write each kind of document for each data file into ``out_dir``, as ``bulletin batch`` does.

    Outputs are named ``<data stem>-<kind>.<format>``; those whose data,
    templates, options and version are unchanged are skipped; one edited by
    hand since it was written is kept, the new one written beside it, unless
    ``force``.  ``jobs`` processes (default: one per CPU; 1 runs here) share
    the work.  A failing file does not stop the others: each
    :class:`~bulletin.batch.Result` says what became of one output, in order.
    Raises :class:`~bulletin.errors.BulletinError` only for an unknown kind or
    two files that would write the same output.
    """
    from bulletin import batch
    from bulletin.compose import Composer

    paths = _paths(sources, "render_batch", "sources")
    if not isinstance(out_dir, str | os.PathLike) or not os.fspath(out_dir):
        raise _wrong("render_batch", "out_dir", "输出目录的路径", out_dir)
    _choice(format, batch.FORMATS, "render_batch", "format")
    _choice(script, ("hans", "hant"), "render_batch", "script")
    if jobs is not None and (type(jobs) is not int or jobs < 1):
        raise _wrong("render_batch", "jobs", "不小于 1 的整数或 None", jobs)
    kinds = [kinds] if isinstance(kinds, str) else kinds
    kinds = [_kind(k, "render_batch") for k in _sequence(kinds, "render_batch", "kinds")]
    folders = tuple(_paths(templates, "render_batch", "templates"))
    composer = Composer(folders)
    canonical: list[str] = []
    for kind in kinds:
        name = composer.check_kind(kind)
        if name not in canonical:
            canonical.append(name)
    options = batch.Options(
        format=format,
        templates=folders,
        audit=audit,
        reference_doc=os.fspath(reference_doc) if reference_doc is not None else None,
        force=force,
        script=script,
    )
    planned = batch.plan(paths, out_dir, canonical, format)
    return batch.run(planned, options, workers=jobs, on_result=on_result)


# ---------------------------------------------------------------------------
# Arguments: a wrong one is an ArgumentError that says which and why, not an
# AttributeError from deep inside.

_FORMATS = ("docx", "txt", "md", "pdf", "doc")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _wrong(function: str, name: str, wanted: str, value: object) -> ArgumentError:
    return ArgumentError(f"{function}(): {name} 应为{wanted}，得到 {_shown(value)}")


def _data_source(value: object, function: str, name: str) -> None:
    if not isinstance(value, str | os.PathLike | Mapping):
        raise _wrong(function, name, "数据文件的路径或映射（dict）", value)
    if not isinstance(value, Mapping) and not os.fspath(value):
        raise _wrong(function, name, "数据文件的路径", value)


def _report(value: object, function: str) -> Report:
    from bulletin.model import Report as _Report

    if not isinstance(value, _Report):
        raise _wrong(function, "report", "由 load_report 得到的 Report", value)
    return value


def _tree(value: object, function: str) -> DocTree:
    from bulletin.doctree import DocTree as _DocTree

    if not isinstance(value, _DocTree):
        raise _wrong(function, "tree", "由 compose_document 得到的 DocTree", value)
    return value


def _kind(value: object, function: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _wrong(function, "kind", "文书类型的名称（如 progress、讲话）", value)
    return value


def _choice(value: object, allowed: Sequence[str], function: str, name: str) -> None:
    if value not in allowed:
        raise _wrong(function, name, "、".join(allowed) + " 之一", value)


def _sequence(value: object, function: str, name: str) -> list[Any]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence | tuple | set):
        raise _wrong(function, name, "列表", value)
    return list(value)


def _paths(value: object, function: str, name: str) -> list[str]:
    """A list of paths; one path alone (not its characters) counts as a list of one."""
    if isinstance(value, str | os.PathLike):
        value = [value]
    items = _sequence(value, function, name)
    for item in items:
        if not isinstance(item, str | os.PathLike) or not os.fspath(item):
            raise _wrong(function, name, "路径的列表", item)
    return [os.fspath(item) for item in items]
