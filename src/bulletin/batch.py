"""Many documents from many data files: output names, up-to-date skips, workers, safe writes.

A *job* is one data file and one kind; running it yields a :class:`Result`.
Nothing here prints: ``cli`` draws progress and the summary from the results.

Incremental runs.  Each output folder keeps a small manifest,
``.bulletin-manifest.json``, recording for every output what made it: the
hash of the data file and the files it references
(:func:`bulletin.source.source_hash`), the hash of the template files on the
search path, the options, the version, the data file's modification time (so
that touching a file remakes it, and it alone), and the hash of the bytes written.  An
output is *unchanged* — skipped, not rewritten — when all of those still match
and the file is as written (a .docx: the generator's source and content hashes
stored in its properties still match; other formats: the manifest's byte hash).
One manifest serves every format, because the template hash and the options
are stored nowhere else, and text files cannot carry properties at all.

The manifest, the journal that keeps records of a run that was killed, the
lock that keeps two runs out of one folder and the clean-up of temporary
files a killed run left: :mod:`bulletin.output_folder`.

Safe writes.  Every file is written atomically (temporary file, then rename).
An existing output that is not exactly what bulletin wrote — a .docx whose
content no longer matches the hash stored in it, a text file whose bytes differ
from the manifest, any file bulletin did not write — is never overwritten
without ``force``: the new document goes beside it (``2025-06-progress.new.docx``,
or ``.new-2`` …) and the result says so.

Workers.  A run with more than one worker uses a process pool; each worker
keeps its Jinja environments (one per template folders and rounding rule) and
the data files it has read for its life, and receives jobs in chunks.  A
worker dies with the run: nothing goes on writing after a ``kill -9``.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from bulletin import __version__, process
from bulletin.errors import BulletinError, DataError, OutputError
from bulletin.output_folder import MANIFEST, Entry, OutputFolder, bytes_hash, file_hash, journal

if TYPE_CHECKING:
    from bulletin.compose import Composer
    from bulletin.model import Report
    from bulletin.source import ReadCache
    from bulletin.zh import Rounding

__all__ = [
    "FORMATS",
    "MANIFEST",
    "STATUS_TEXT",
    "BatchResult",
    "Format",
    "Job",
    "Options",
    "Result",
    "Status",
    "default_previous",
    "describe_error",
    "kind_label",
    "output_name",
    "plan",
    "render_one",
    "run",
    "summary_table",
    "template_hash",
]

Format = Literal["docx", "txt", "md", "pdf", "doc"]
FORMATS: tuple[Format, ...] = ("docx", "txt", "md", "pdf", "doc")
#: The proofing language of a document in Traditional characters.
HANT_LANG = "zh-HK"
Status = Literal["written", "unchanged", "beside", "failed"]

#: How the summary names each status.
STATUS_TEXT: dict[Status, str] = {
    "written": "已生成",
    "unchanged": "未变化",
    "beside": "已另存",
    "failed": "失败",
}

# Template files that count towards the template hash (a user folder may hold
# other things, such as the outputs themselves, which must not).
_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
_MONTHLY = re.compile(r"^(\d{4})-(\d{2})$")
_KIND_NAMES = {
    "speech": "讲话",
    "progress": "进展通报",
    "commendation": "表彰通报",
    "news": "新闻稿",
}


@dataclass(frozen=True, slots=True)
class Options:
    """How every document of a run is made.

    ``templates`` are folders searched before the built-ins; ``reading_copy``
    lays a speech out in the larger type of a reading copy; ``force``
    regenerates everything and overwrites files edited by hand.
    """

    format: Format = "docx"
    templates: tuple[str, ...] = ()
    audit: bool = False
    reading_copy: bool = False
    #: ``hant`` writes Traditional characters (OpenCC s2t), ``hans`` as composed.
    script: Literal["hans", "hant"] = "hans"
    reference_doc: str | None = None
    force: bool = False


@dataclass(frozen=True, slots=True)
class Job:
    """One document to make: a data file (as the user named it), a kind, the intended output."""

    source: str
    kind: str
    target: str


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one job.

    ``path`` is the file written, or found up to date (``""`` when failed); it
    differs from ``target`` when the status is ``beside``.  ``error`` is the
    located message of a failure, one diagnostic per line; ``detail`` the
    traceback of an internal error.  ``warnings`` are the data file's warnings.
    """

    source: str
    kind: str
    target: str
    status: Status
    path: str = ""
    seconds: float = 0.0
    error: str = ""
    detail: str = ""
    warnings: tuple[str, ...] = ()
    record: Entry | None = field(default=None, repr=False, compare=False)

    @property
    def status_text(self) -> str:
        """The status as the summary prints it: 已生成, 未变化, 已另存 or 失败."""
        return STATUS_TEXT[self.status]


BatchResult = Result


def describe_error(error: BaseException) -> str:
    """The message a user sees for ``error``: a data error lists every located diagnostic."""
    if isinstance(error, DataError):
        return "\n".join(str(d) for d in error.diagnostics)
    return str(error)


def output_name(source: str | os.PathLike[str], kind: str, format: Format = "docx") -> str:
    """The default output file name: ``<data stem>-<kind>.<format>``."""
    return f"{Path(source).stem}-{kind}.{format}"


def default_previous(source: str | os.PathLike[str]) -> Path | None:
    """For a monthly file such as ``2025-06.yaml``, the previous month's file beside it, if any."""
    path = Path(source)
    match = _MONTHLY.match(path.stem)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    candidate = path.with_name(f"{year:04d}-{month:02d}{path.suffix}")
    return candidate if candidate.is_file() else None


def plan(
    sources: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    kinds: Sequence[str] = ("progress",),
    format: Format = "docx",
) -> list[Job]:
    """One job per data file and kind, each with its output path in ``out_dir``.

    Outputs go straight into ``out_dir`` — unless two data files share a name
    (``a/2025-06.yaml``, ``b/2025-06.yaml``): then every output keeps its data
    file's folder relative to the folder they all share (``OUT/a/…``,
    ``OUT/b/…``).  A file named twice is done once.  ``kinds`` must be
    canonical names.
    """
    seen: dict[Path, str] = {}
    for source in sources:
        seen.setdefault(Path(source).resolve(), os.fspath(source))
    out = Path(out_dir)
    folders = dict.fromkeys(seen, out)
    if len({Path(given).stem for given in seen.values()}) < len(seen):
        try:
            common = Path(os.path.commonpath([p.parent for p in seen]))
        except ValueError:  # different drives: nothing shared
            raise BulletinError(
                "数据文件同名且不在同一磁盘上，输出会互相覆盖，请分开运行"
            ) from None
        folders = {p: out / p.parent.relative_to(common) for p in seen}
    jobs = [
        Job(given, kind, os.fspath(folders[resolved] / output_name(given, kind, format)))
        for resolved, given in seen.items()
        for kind in kinds
    ]
    first: dict[str, Job] = {}
    for job in jobs:
        other = first.setdefault(job.target, job)
        if other is not job:
            raise BulletinError(f"{other.source} 和 {job.source} 会写到同一个文件 {job.target}")
    return jobs


def template_hash(template_dirs: Sequence[str | os.PathLike[str]] = ()) -> str:
    """A hash of every template file on the search path: the given folders, then the built-ins."""
    from bulletin.compose import builtin_template_dir

    digest = hashlib.sha256()
    for folder in (*map(Path, template_dirs), builtin_template_dir()):
        digest.update(b"\0folder\0" + os.fsencode(folder.resolve()))
        for path in _template_files(folder):
            raw = path.read_bytes()
            name = path.relative_to(folder).as_posix().encode()
            digest.update(b"\0file\0" + name + len(raw).to_bytes(8, "big") + raw)
    return "sha256:" + digest.hexdigest()


# A template folder holds tens of files; one holding more than this many
# entries is not a template folder (``-t ~`` or ``-t /``), and is not walked.
_MAX_TEMPLATE_ENTRIES = 20_000


def _template_files(folder: Path) -> list[Path]:
    """The template files in ``folder`` and below, sorted; a folder far too big is an error."""
    found: list[Path] = []
    seen = 0
    for root, dirs, names in os.walk(folder):
        seen += len(dirs) + len(names)
        if seen > _MAX_TEMPLATE_ENTRIES:
            raise BulletinError(
                f"{folder}: 模板目录中的文件超过 {_MAX_TEMPLATE_ENTRIES} 个，"
                "不像是模板目录；请指定只放模板的目录"
            )
        dirs.sort()
        found += (Path(root) / n for n in names if Path(n).suffix in _TEMPLATE_SUFFIXES)
    return sorted(p for p in found if p.is_file())


# ---------------------------------------------------------------------------
# Doing one job


@dataclass(frozen=True, slots=True)
class _Config:
    """Everything a worker needs besides the job: picklable, computed once per run."""

    options: Options
    template_hash: str
    reference_hash: str
    incremental: bool

    def fingerprint(self, job: Job) -> str:
        """A hash of what, besides data and templates, decides the output's bytes."""
        o = self.options
        described = {
            "kind": job.kind,
            "format": o.format,
            "audit": o.audit,
            "reading_copy": o.reading_copy,
            "reference_doc": self.reference_hash,
        }
        if o.script != "hans":  # so the outputs of earlier versions stay 未变化
            described["script"] = o.script
        return bytes_hash(json.dumps(described, sort_keys=True).encode())


def _composer(templates: Sequence[str], rounding: Rounding) -> Composer:
    # Per process: compiled templates outlive a run (Jinja re-reads a template
    # file that changed), keyed by search path and rounding rule.
    from bulletin.compose import shared_composer

    return shared_composer(templates, rounding)


@dataclass(frozen=True, slots=True)
class _Made:
    """A job's document made but not yet written: what finishing it needs."""

    job: Job
    entry: Entry | None
    start: float
    inputs: dict[str, str]
    data: bytes
    warnings: tuple[str, ...]


def _conversion(format: str) -> str | None:
    """LibreOffice's filter for a format it converts to, or ``None`` for ours."""
    if format == "pdf":
        return "pdf"
    if format == "doc":
        from bulletin.writers.pdf import DOC_FILTER

        return DOC_FILTER
    return None


def _failure(job: Job, start: float, error: Exception) -> Result:
    """A failed result for ``job``: a user's error by its message, a bug with its traceback."""
    seconds = time.perf_counter() - start
    if isinstance(error, BulletinError):
        return Result(
            job.source, job.kind, job.target, "failed", seconds=seconds, error=describe_error(error)
        )
    message = f"内部错误：{type(error).__name__}: {error}".replace("\n", " ")
    return Result(
        job.source,
        job.kind,
        job.target,
        "failed",
        seconds=seconds,
        error=message,
        detail="".join(traceback.format_exception(error)),
    )


@dataclass(slots=True)
class _Worker:
    """Runs jobs of one run, remembering the data files it read (they do not change meanwhile)."""

    config: _Config
    reads: ReadCache | None = None
    #: A pool's worker: a stop signal waits while a file is written (see :func:`_whole`).
    whole_writes: bool = False

    def run(self, job: Job, entry: Entry | None) -> Result:
        """Run ``job``; every failure becomes a failed result, so one bad file stops nothing."""
        start = time.perf_counter()
        try:
            return self.attempt(job, entry, start)
        except Exception as error:
            return _failure(job, start, error)

    def run_many(self, items: Sequence[tuple[int, Job, Entry | None]]) -> list[tuple[int, Result]]:
        """Run several jobs; documents for LibreOffice (PDF, .doc) are converted in one run of it.

        Starting LibreOffice is most of a conversion, so the jobs are made
        first, then converted together, then written; a failure is that job's.
        """
        to = _conversion(self.config.options.format)
        if to is None or len(items) < 2:
            return [(index, self.run(job, entry)) for index, job, entry in items]
        done: list[tuple[int, Result]] = []
        made: list[tuple[int, _Made]] = []
        for index, job, entry in items:
            start = time.perf_counter()
            try:
                found = self.prepare(job, entry, start)
            except Exception as error:
                done.append((index, _failure(job, start, error)))
                continue
            if isinstance(found, Result):
                done.append((index, found))
            else:
                made.append((index, found))
        from bulletin.writers.pdf import convert_many

        try:
            converted = convert_many([m.data for _, m in made], to)
        except OutputError as error:
            converted = [error] * len(made)
        for (index, m), data in zip(made, converted, strict=True):
            try:
                if isinstance(data, OutputError):
                    raise data
                done.append((index, self.finish(replace(m, data=data))))
            except Exception as error:
                done.append((index, _failure(m.job, m.start, error)))
        return sorted(done, key=lambda pair: pair[0])

    def attempt(
        self,
        job: Job,
        entry: Entry | None,
        start: float,
        *,
        in_place: bool = False,
        stream: BinaryIO | None = None,
    ) -> Result:
        """Run ``job``, raising what goes wrong; ``in_place``, ``stream`` as for :meth:`finish`."""
        made = self.prepare(job, entry, start)
        if isinstance(made, Result):
            return made
        to = _conversion(self.config.options.format)
        if to is not None:
            from bulletin.writers.pdf import convert_docx

            made = replace(made, data=convert_docx(made.data, to))
        return self.finish(made, in_place=in_place, stream=stream)

    def prepare(self, job: Job, entry: Entry | None, start: float) -> Result | _Made:
        """The job's document made (not yet converted or written), or its result if unchanged."""
        from bulletin.source import ReadCache, read_source, source_hash

        config, options = self.config, self.config.options
        if self.reads is None:
            self.reads = ReadCache()
        target = Path(job.target)
        previous = default_previous(job.source)

        def inputs() -> dict[str, str]:
            return {
                "source_hash": source_hash(job.source, default_previous=previous, cache=self.reads),
                # Touching a file is how people ask for it to be made again;
                # files it names count by content only, so only it is redone.
                "source_mtime": str(Path(job.source).stat().st_mtime_ns),
                "template_hash": config.template_hash,
                "options": config.fingerprint(job),
                "version": __version__,
            }

        if config.incremental and not options.force and entry is not None:
            try:
                now = inputs()
            except OSError:  # the data file is gone: reading it says so, located
                now = {"source_hash": ""}
            found = target.parent / entry.get("file", target.name)
            if (
                now["source_hash"]
                and all(entry.get(k) == v for k, v in now.items())
                and (found == target or target.exists())
                and _as_written(found, options.format, entry, now["source_hash"])
            ):
                seconds = time.perf_counter() - start
                return Result(
                    job.source, job.kind, job.target, "unchanged", str(found), seconds, record=entry
                )
        report, diagnostics = read_source(job.source, default_previous=previous, cache=self.reads)
        # After reading, the hash needs no parsing: the cache knows each file's references.
        now = inputs()
        data, remarks = self.make(report, job.kind, now["source_hash"])
        warnings = (*(str(d) for d in diagnostics), *remarks)
        return _Made(job, entry, start, now, data, warnings)

    def finish(
        self, made: _Made, *, in_place: bool = False, stream: BinaryIO | None = None
    ) -> Result:
        """Write a made (and converted) document where it belongs, recorded first.

        ``in_place`` writes to the target whatever it is, and records nothing:
        a device or pipe (``-o /dev/stdout``) has no folder of outputs.
        ``stream`` (``-o -``) is written to instead of the target, in place.
        """
        from bulletin.writers._output import write_output

        job, data, options = made.job, made.data, self.config.options
        entry, now = made.entry, made.inputs
        target = Path(job.target)
        written: tuple[Path, Status] = (target, "written")
        destination, status = written if in_place else _destination(target, options, entry)
        record = {
            **now,
            "file": destination.name,
            "data": job.source,
            "kind": job.kind,
            "format": options.format,
            "content": bytes_hash(data),
        }
        if not in_place:
            # Recorded before it is written: a run killed just after the rename
            # still leaves the record, and the next run checks it against the file.
            journal(target.parent, target.name, record)
        with _whole(self.whole_writes):
            write_output(data, destination if stream is None else stream)
        seconds = time.perf_counter() - made.start
        return Result(
            job.source,
            job.kind,
            job.target,
            status,
            str(destination),
            seconds,
            warnings=made.warnings,
            record=None if in_place else record,
        )

    def make(self, report: Report, kind: str, data_hash: str) -> tuple[bytes, tuple[str, ...]]:
        """The document's bytes (.docx for what LibreOffice converts), and the text lint's findings.

        The lint matters most for a user's own templates: a stray ASCII comma
        or an empty section is pointed out before the document reaches anyone.
        """
        from bulletin.compose import compose
        from bulletin.textlint import lint_tree

        options = self.config.options
        composer = _composer(options.templates, report.settings.rounding)
        tree = compose(report, kind, composer=composer, audit=options.audit, source_hash=data_hash)
        remarks = tuple(f"{report.source_file or kind}: 文字检查：{p}" for p in lint_tree(tree))
        if options.script == "hant":
            from bulletin.script import to_traditional

            tree = to_traditional(tree)
        if options.format in ("txt", "md"):
            from bulletin.writers import text

            written = text.to_markdown(tree) if options.format == "md" else text.to_text(tree)
            return written.encode("utf-8"), remarks
        from bulletin.layout import GBT9704, READING_COPY
        from bulletin.writers.docx import write_docx

        layout = READING_COPY if options.reading_copy else GBT9704
        if options.script == "hant":
            # The GB2312 faces lack nearly every Traditional character.
            layout = layout.with_gbk_faces(HANT_LANG)
        data = write_docx(tree, None, layout=layout, reference_doc=options.reference_doc)
        return data, remarks


def _as_written(path: Path, format: str, entry: Entry | None, data_hash: str | None = None) -> bool:
    """Whether ``path`` is exactly what bulletin wrote there (from ``data_hash``, if given).

    A .docx answers for itself: the generator stored the hash of its content,
    which an edit changes.  Other files are compared with the manifest.
    """
    if not path.is_file():
        return False
    if format == "docx":
        from bulletin.writers.docx import read_properties

        try:
            props = read_properties(path)
        except OutputError:
            return False
        return (
            props["generator"] == "bulletin"
            and props["content_hash"] != ""
            and props["content_hash"] == props["document_hash"]
            and (data_hash is None or props["source_hash"] == data_hash)
        )
    return (
        entry is not None
        and entry.get("file") == path.name
        and entry.get("content") == file_hash(path)
    )


def _destination(target: Path, options: Options, entry: Entry | None) -> tuple[Path, Status]:
    """Where to write: the target, unless someone changed it since bulletin wrote it."""
    if options.force or not target.exists() or _as_written(target, options.format, entry):
        return target, "written"
    # Our own earlier copy beside an edited file is replaced, not multiplied.
    if entry is not None and entry.get("file", target.name) != target.name:
        earlier = target.with_name(entry["file"])
        if _as_written(earlier, options.format, entry):
            return earlier, "beside"
    suffix = target.suffix  # "" for a name without one: then all of it is the stem
    stem = target.name[: len(target.name) - len(suffix)]
    n = 1
    while True:
        candidate = target.with_name(f"{stem}.new{'' if n == 1 else f'-{n}'}{suffix}")
        if not candidate.exists():
            return candidate, "beside"
        n += 1


# ---------------------------------------------------------------------------
# Running many jobs


def _config(options: Options, incremental: bool) -> _Config:
    reference = ""
    if options.reference_doc is not None:
        reference = file_hash(Path(options.reference_doc)) or options.reference_doc
    return _Config(options, template_hash(options.templates), reference, incremental)


def render_one(job: Job, options: Options = Options(), *, stream: BinaryIO | None = None) -> Result:
    """Make one document now, whatever the manifest says, and record it.

    With ``stream`` (``-o -``) the document is written to it instead, and
    nothing is recorded.  Raises :class:`~bulletin.errors.BulletinError` for
    what the user must fix; an edited output is kept and the new one written
    beside it unless ``force``.
    """
    from bulletin.writers._output import is_special

    config = _config(options, incremental=False)
    target = Path(job.target)
    if stream is not None or is_special(target):
        # A stream, or -o /dev/stdout: no folder of outputs to keep records in.
        start = time.perf_counter()
        return _Worker(config).attempt(job, None, start, in_place=True, stream=stream)
    # A folder made for the output goes again when nothing is written (bad data).
    with OutputFolder(target.parent) as folder:
        result = _Worker(config).attempt(job, folder.entries.get(target.name), time.perf_counter())
        if result.record is not None:
            folder.save({target.name: result.record})
    if folder.warnings:
        result = replace(result, warnings=(*map(str, folder.warnings), *result.warnings))
    return result


# The worker of this process in a pool (set by the pool's initializer).
_POOL_WORKER: _Worker | None = None


def _init_pool_worker(config: _Config, parent: int | None) -> None:
    global _POOL_WORKER
    _die_with_parent(parent)
    process.claim()
    # Ctrl+C reaches the whole process group: the batch decides what stops
    # (the queue), and a worker finishes its output whole rather than dying in it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Forked from the command line, a worker has its handlers, which turn a
    # stop signal into Ctrl+C; raised inside the pool's machinery that would
    # make a worker out of step with its pool.  A worker ends as by default,
    # but only between files.
    for number in process.STOP_SIGNALS:
        if signal.getsignal(number) is not signal.SIG_IGN:  # nohup's stays
            signal.signal(number, signal.SIG_DFL)
    _POOL_WORKER = _Worker(config, whole_writes=True)


@contextlib.contextmanager
def _whole(hold: bool) -> Iterator[None]:
    """With ``hold``, a stop signal arriving in the block takes effect after it.

    A worker stopped (``kill`` of the process group) while writing would
    leave its temporary file behind; held, the signal ends it just after the
    file is in place.  In the batch's own process a stop signal raises
    instead, and the writer removes its temporary file on the way out.
    """
    if not hold or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, process.STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, process.STOP_SIGNALS)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int | None) -> None:
    """Make this worker end when the process that runs the batch ends, however it ends.

    A worker that outlived a ``kill -9`` of its batch went on writing files
    nobody would record.  Linux kills it at once (``PR_SET_PDEATHSIG``);
    elsewhere a thread looks for a new parent every half second.  ``parent``
    is the batch's process id when this worker was forked from it (a
    forkserver's workers are the forkserver's children, and it ends with
    the batch).
    """
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the batch ended before this worker started
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if parent is not None and os.getppid() != parent:
                    os._exit(1)  # it ended while we asked
                return
        except (OSError, AttributeError):
            pass
    watched = os.getppid()

    def watch() -> None:
        while os.getppid() == watched:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="bulletin-parent-watch", daemon=True).start()


def _run_chunk(
    chunk: Sequence[tuple[int, Job, Entry | None]],
) -> list[tuple[int, Result]]:
    worker = _POOL_WORKER
    if worker is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("batch worker not initialised")
    return worker.run_many(chunk)


def _start_method() -> str | None:
    # Forked workers start with the parent's modules and compiled templates.
    # Forking a process that runs threads can deadlock, and fork is Linux's
    # alone to do cheaply: otherwise the platform's default re-imports once
    # per worker.
    if sys.platform.startswith("linux"):
        return "fork" if threading.active_count() == 1 else "forkserver"
    return None


def _warm_up(options: Options, kinds: Iterable[str]) -> None:
    """Import and compile in the parent, so that forked workers start warm."""
    import bulletin.indicators
    import bulletin.source
    import bulletin.writers.docx
    import bulletin.writers.text  # noqa: F401

    composer = _composer(options.templates, "half_up")
    for kind in set(kinds):
        with contextlib.suppress(BulletinError):  # reported per job
            composer.template_path(kind)


def _workers(requested: int | None, pending: int) -> int:
    if requested is None:
        try:
            requested = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            requested = os.cpu_count() or 1
    return max(1, min(requested, pending))


def run(
    jobs: Sequence[Job],
    options: Options = Options(),
    *,
    workers: int | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Run ``jobs``, skipping outputs that are up to date; return results in job order.

    ``workers`` defaults to the number of CPUs; with 1 the jobs run in this
    process.  ``on_result`` is called with each result as it arrives.  A
    failing job does not stop the others.
    """
    config = _config(options, incremental=True)
    with contextlib.ExitStack() as stack:
        # In one order for every run, so that two runs never wait for each other's folders.
        folders = {
            path: stack.enter_context(OutputFolder(path))
            for path in sorted({Path(job.target).parent for job in jobs})
        }
        work: list[tuple[int, Job, Entry | None]] = [
            (index, job, folders[Path(job.target).parent].entries.get(Path(job.target).name))
            for index, job in enumerate(jobs)
        ]
        # What a folder's manifest could not tell goes with the first result from there.
        unsaid = {path: tuple(map(str, f.warnings)) for path, f in folders.items() if f.warnings}
        results: list[Result | None] = [None] * len(jobs)
        updates: dict[Path, dict[str, Entry]] = {path: {} for path in folders}

        def arrived(index: int, result: Result) -> None:
            target = Path(result.target)
            told = unsaid.pop(target.parent, ())
            if told:
                result = replace(result, warnings=(*told, *result.warnings))
            results[index] = result
            if result.record is not None and result.status != "unchanged":
                updates[target.parent][target.name] = result.record
            if on_result is not None:
                on_result(result)

        try:
            count = _workers(workers, len(work))
            if count == 1:
                worker = _Worker(config)
                # PDF and .doc in groups: one LibreOffice run each, progress between.
                size = _CONVERT_GROUP if _conversion(options.format) else 1
                for at in range(0, len(work), size):
                    for index, result in worker.run_many(work[at : at + size]):
                        arrived(index, result)
            else:
                _run_pool(work, config, count, arrived)
        finally:
            for path, changed in updates.items():
                folders[path].save(changed)
    return [r for r in results if r is not None]


#: Documents converted in one LibreOffice run when the batch runs in this process.
_CONVERT_GROUP = 20


def _chunks(
    work: list[tuple[int, Job, Entry | None]], count: int, per_worker: int = 4
) -> list[list[tuple[int, Job, Entry | None]]]:
    """Cut the work into pieces for ``count`` workers, about ``per_worker`` pieces each.

    Pieces cut the per-job cost of sending work between processes; several
    per worker keep the workers evenly busy.  A piece never spans two
    folders: the months of one ledger read each other as previous files, so
    a worker that has them all reads each once.
    """
    size = max(1, -(-len(work) // (count * per_worker)))
    if per_worker == 1:
        size = min(size, _CONVERT_GROUP)
    chunks: list[list[tuple[int, Job, Entry | None]]] = []
    current: list[tuple[int, Job, Entry | None]] = []
    folder: Path | None = None
    for item in work:
        here = Path(item[1].source).parent
        if current and (len(current) >= size or here != folder):
            chunks.append(current)
            current = []
        current.append(item)
        folder = here
    if current:
        chunks.append(current)
    return chunks


def _run_pool(
    work: list[tuple[int, Job, Entry | None]],
    config: _Config,
    count: int,
    arrived: Callable[[int, Result], None],
) -> None:
    method = _start_method()
    frozen = False
    if method == "fork":
        _warm_up(config.options, {job.kind for _, job, _ in work})
        # What the workers inherit is kept out of their garbage collections,
        # which would otherwise touch, and so copy, every inherited page.
        gc.freeze()
        frozen = True
    # Only a run with workers pays for importing the process pool.
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context(method)
    # A piece for LibreOffice is converted in one run of it: few, large pieces.
    chunks = _chunks(work, count, 1 if _conversion(config.options.format) else 4)
    try:
        with ProcessPoolExecutor(
            max_workers=count,
            mp_context=context,
            initializer=_init_pool_worker,
            initargs=(config, os.getpid() if method == "fork" else None),
        ) as pool:
            futures: dict[Future[list[tuple[int, Result]]], list[Any]] = {
                pool.submit(_run_chunk, chunk): chunk for chunk in chunks
            }
            if frozen:  # the workers were forked at the first submit
                gc.unfreeze()
                frozen = False
            try:
                for future in as_completed(futures):
                    try:
                        done = future.result()
                    except Exception as error:  # a worker died (killed, out of memory)
                        message = f"内部错误：工作进程异常退出（{type(error).__name__}: {error}）"
                        done = [
                            (
                                index,
                                Result(job.source, job.kind, job.target, "failed", error=message),
                            )
                            for index, job, _ in futures[future]
                        ]
                    for index, result in done:
                        arrived(index, result)
            except KeyboardInterrupt:
                # Ctrl+C: the queue is dropped; what the workers are writing is
                # finished (and recorded) before the batch ends.
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        if frozen:
            gc.unfreeze()


# ---------------------------------------------------------------------------
# The summary


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def kind_label(kind: str) -> str:
    """A kind as the summary names it: 讲话, 进展通报, … (a user's kind by its own name)."""
    return _KIND_NAMES.get(kind, kind)


def summary_table(results: Sequence[Result]) -> str:
    """The results as a table aligned for a terminal: data file, kind, status, seconds, output."""
    header = ("数据文件", "文书", "状态", "用时", "输出")
    rows = [
        (
            r.source,
            kind_label(r.kind),
            r.status_text,
            f"{r.seconds:.2f}秒",
            r.path if r.status != "failed" else "—",
        )
        for r in results
    ]
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
    counts = {s: sum(r.status == s for r in results) for s in STATUS_TEXT}
    total = "，".join(f"{STATUS_TEXT[s]} {n}" for s, n in counts.items() if n)
    lines.append(f"共 {len(results)} 个文件：{total}" if results else "没有要生成的文件")
    return "\n".join(lines) + "\n"
