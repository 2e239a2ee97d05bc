"""Benchmarks (issue #8): our progress bulletin against docxtpl's, growth, batch, memory, start-up.

Run ``python benchmarks/run.py`` (a few minutes) to measure and write
``BENCHMARKS.md``; ``--quick`` is a smoke run of a minute that prints the
report instead; ``--only PART`` measures one part (``--only example``: the
example's whole process alone) and prints its report.  Every figure is a
median over ``--runs`` runs (default 5).

What is measured, in one run:

* the progress bulletin (通报, annex of every project) for the example data
  and for generated ledgers of 100, 1,000 and 10,000 projects, stage by stage
  (validate, compute, compose, write .docx);
* the same content through docxtpl: a template .docx built from our document
  tree, rendered with the tree's text and table rows (see ``docxtpl_side``),
  checked to hold the same paragraphs and table rows as ours;
* the warm cost of one 100-project bulletin in a batch worker (Composer reused);
* ``bulletin batch`` over 120 monthly files with ``--jobs 1`` and ``--jobs 2``;
* peak memory of one 10,000-project render (RSS of a child process, and the
  tracemalloc peak in another), ours and docxtpl's;
* the start time of ``bulletin --help``.

``--only import`` measures that part alone and puts its figures into the
existing report (its Targets row and its section), keeping the rest.

Before each part the script waits (``--quiet-wait``) for other processes to
leave the cores idle, and repeats a run they disturbed.  In a shared working
tree, measure committed code from a clean checkout::

    git worktree add --detach /tmp/bench-wt HEAD && cd /tmp/bench-wt
    PYTHONPATH=src python benchmarks/run.py --output /path/to/repo/BENCHMARKS.md
    git worktree remove /tmp/bench-wt
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import datagen  # noqa: E402

EXAMPLE = ROOT / "examples" / "2025-06.yaml"
STAGES = ("validate", "compute", "compose", "write")
KEEP_MARKER = "<!-- Everything below this line is written by hand; run.py keeps it. -->"

# Targets of issue #16: whole processes, from files.
TARGET_EXAMPLE_RATIO = 1.0
TARGET_BIG_RATIO = 0.5
TARGET_WORKBOOK_S = 2.0
TARGET_HELP_MS = 300.0
# Issue #13.
TARGET_IMPORT_MS = 500.0
# Targets of issue #8.
TARGET_DOCXTPL_RATIO = 0.5
TARGET_GROWTH = 12.0
TARGET_WARM_MS = 20.0
TARGET_SPEEDUP = 1.6
TARGET_PEAK_MB = 300.0


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# ---------------------------------------------------------------------------
# The pipeline, stage by stage


def pipeline(source: Any) -> tuple[dict[str, float], Any, bytes]:
    """Run validate → compute → compose → write once; return stage seconds, tree and bytes.

    Compose builds a fresh Composer, as one ``bulletin render`` does.
    """
    import bulletin
    import bulletin.compose

    # One `bulletin render` compiles the templates once; the library keeps them
    # for later calls in a process, so clear that cache to measure a cold render.
    bulletin.compose._shared_composer.cache_clear()
    times: dict[str, float] = {}
    times["validate"], report = _timed(lambda: bulletin.load_report(source))
    times["compute"], ind = _timed(lambda: bulletin.compute_indicators(report))
    times["compose"], tree = _timed(
        lambda: bulletin.compose_document(report, "progress", indicators=ind)
    )
    times["write"], data = _timed(lambda: bulletin.write_docx(tree))
    return times, tree, data


def bench_sizes(
    datasets: list[tuple[str, int, Any]], runs: int, workdir: Path
) -> list[dict[str, Any]]:
    """Ours and docxtpl's, interleaved run by run, for each dataset."""
    import docxtpl_side

    rows: list[dict[str, Any]] = []
    for label, n, source in datasets:
        _, tree, ours = pipeline(source)  # warm: imports, template compilation caches
        template = docxtpl_side.build_template(tree, workdir / f"template-{n}.docx")
        context = docxtpl_side.context(tree)
        theirs = docxtpl_side.render(template, context)
        ours_outline, theirs_outline = docxtpl_side.outline(ours), docxtpl_side.outline(theirs)
        assert ours_outline[1] == theirs_outline[1], (label, ours_outline[1], theirs_outline[1])
        assert ours_outline[0] == theirs_outline[0], f"{label}: paragraph texts differ"
        annex_rows = ours_outline[1][0] - 1
        assert annex_rows == n, (label, annex_rows, n)

        stage_times: dict[str, list[float]] = {s: [] for s in STAGES}
        totals: list[float] = []
        tpl_times: list[float] = []

        def one_run() -> tuple[dict[str, float], float]:
            gc.collect()
            times, _, _ = pipeline(source)  # noqa: B023
            gc.collect()
            seconds, _ = _timed(lambda: docxtpl_side.render(template, context))  # noqa: B023
            return times, seconds

        for _ in range(runs):
            times, seconds = guarded("sizes", one_run)
            for s in STAGES:
                stage_times[s].append(times[s])
            totals.append(sum(times.values()))
            tpl_times.append(seconds)
        row = {
            "label": label,
            "n": n,
            "paragraphs": len(ours_outline[0]),
            "table_rows": ours_outline[1][:-1],
            "ours_bytes": len(ours),
            "docxtpl_bytes": len(theirs),
            **{s: _median_ms(stage_times[s]) for s in STAGES},
            "total": _median_ms(totals),
            "compose_write": _median_ms(
                [c + w for c, w in zip(stage_times["compose"], stage_times["write"], strict=True)]
            ),
            "docxtpl": _median_ms(tpl_times),
        }
        rows.append(row)
        print(
            f"  {label:>14}: ours {row['total']:8.1f} ms "
            f"(validate {row['validate']:.1f}, compute {row['compute']:.1f}, "
            f"compose {row['compose']:.1f}, write {row['write']:.1f}); "
            f"docxtpl {row['docxtpl']:8.1f} ms",
            flush=True,
        )
    return rows


def bench_warm(count: int, repeat: int) -> dict[str, float]:
    """Per-document cost in a batch worker: Composer reused, 100-project reports."""
    import bulletin
    from bulletin.compose import Composer

    reports = [
        bulletin.load_report(datagen.report_data(100, region=region))
        for region in datagen.REGIONS[:count]
    ]
    composer = Composer(rounding="half_up")
    for report in reports[:2]:  # compile the templates, import the writer
        bulletin.write_docx(bulletin.compose_document(report, "progress", composer=composer))
    sources = [datagen.report_data(100, region=region) for region in datagen.REGIONS[:count]]

    def one_pass() -> tuple[list[float], list[float], list[float]]:
        full: list[float] = []
        compose_write: list[float] = []
        compose_only: list[float] = []
        for source in sources:
            gc.collect()
            start = time.perf_counter()
            report = bulletin.load_report(source)
            ind = bulletin.compute_indicators(report)
            mid = time.perf_counter()
            tree = bulletin.compose_document(report, "progress", indicators=ind, composer=composer)
            composed = time.perf_counter()
            bulletin.write_docx(tree)
            end = time.perf_counter()
            full.append(end - start)
            compose_write.append(end - mid)
            compose_only.append(composed - mid)
        return full, compose_write, compose_only

    full: list[float] = []
    compose_write: list[float] = []
    compose_only: list[float] = []
    for _ in range(repeat):
        a, b, c = guarded("warm", one_pass)
        full += a
        compose_write += b
        compose_only += c
    return {
        "compose_write": _median_ms(compose_write),
        "compose": _median_ms(compose_only),
        "full": _median_ms(full),
        "samples": len(full),
    }


# ---------------------------------------------------------------------------
# Whole processes from files, side by side with docxtpl (issue #16)


def _children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def _process(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``cmd`` to its end: wall seconds and its CPU seconds (user + system).

    CPU time is what the process itself used, so it hardly moves when other
    processes share the cores; wall time grows with them.  (See :func:`_peak`
    for memory.)
    """
    with tempfile.TemporaryFile() as err:
        cpu = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, check=False)
        wall = time.perf_counter() - start
        cpu = _children_cpu() - cpu
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{cmd} failed:\n{err.read().decode(errors='replace')[-2000:]}")
    return wall, cpu


def _peak(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Peak RSS in MB of ``cmd``'s Python entry (``bulletin`` or a script), run by peak.py.

    Not ``wait4``'s ``ru_maxrss``: a child forked from this large process
    starts with its high-water mark.
    """
    entry = ["bulletin", *cmd[1:]] if Path(cmd[0]).name == "bulletin" else cmd[1:]
    proc = subprocess.run(
        [sys.executable, str(HERE / "peak.py"), *entry],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = [line for line in proc.stderr.splitlines() if line.startswith("peak-rss-kb")]
    return int(found[-1].split()[1]) / 1024


def _ten_thousand_yaml(folder: Path) -> Path:
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ledger-10000.yaml"
    data = datagen.report_data(10_000)
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    return path


def _ten_thousand_workbook(folder: Path) -> Path | None:
    """A data file naming a 10,000-row workbook (``ledger:``); ``None`` without workbooks."""
    try:
        import bench_ledger

        from bulletin.writers.xlsx import ledger_workbook
    except ImportError:
        return None
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    ledger_workbook(
        bench_ledger.projects(10_000),
        folder / "台账.xlsx",
        title="示例市2025年1—6月重点项目建设进展情况表",
    )
    data = datagen.report_data(1)
    data.update(units=list(bench_ledger.UNITS), ledger="台账.xlsx")
    for key in ("projects", "categories", "previous", "last_year"):
        data.pop(key, None)
    data["targets"] = {"investment": 20_000_000}
    path = folder / "data.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def bench_processes(
    workdir: Path, runs: int, quick: bool, example_only: bool = False
) -> list[dict[str, Any]]:
    """``bulletin render FILE`` against docxtpl's whole process, alternating, for each case.

    docxtpl is given the content ready-made (template and context JSON built
    from our tree beforehand); its process loads them, renders and saves.  Ours
    reads the file, validates, computes, composes and writes.  The template
    and Word-package cache is warm, as from a user's second render on; one
    case also runs with an empty cache each time (a first render).
    """
    import docxtpl_side

    import bulletin

    cases: list[tuple[str, Path, int]] = [("example (June, names May)", EXAMPLE, 96)]
    if not (quick or example_only):
        cases.append(
            ("10,000 projects, one YAML file", _ten_thousand_yaml(workdir / "big"), 10_000)
        )
        workbook = _ten_thousand_workbook(workdir / "workbook")
        if workbook is not None:
            cases.append(("10,000-row workbook (ledger:)", workbook, 10_000))
    cache_dir = workdir / "cache"
    warm_env = {**os.environ, "BULLETIN_CACHE_DIR": str(cache_dir)}
    rows: list[dict[str, Any]] = []
    for label, data, n in cases:
        report = bulletin.load_report(data)
        tree = bulletin.compose_document(report, "progress")
        template = docxtpl_side.build_template(tree, workdir / f"tpl-{n}-{len(rows)}.docx")
        ctx_path = workdir / f"ctx-{n}-{len(rows)}.json"
        ctx_path.write_text(
            json.dumps(docxtpl_side.context(tree), ensure_ascii=False), encoding="utf-8"
        )
        ours_out, theirs_out = workdir / "ours.docx", workdir / "theirs.docx"
        ours = [*_bulletin_cmd(), "render", str(data), "-o", str(ours_out), "--force"]
        theirs = [sys.executable, str(HERE / "docxtpl_side.py"), str(template), str(ctx_path)]
        theirs.append(str(theirs_out))
        _process(ours, warm_env)  # fills the cache, warms the file cache
        _process(theirs)
        outline_ours = docxtpl_side.outline(ours_out.read_bytes())
        assert outline_ours == docxtpl_side.outline(theirs_out.read_bytes()), label
        times: dict[str, list[float]] = {"ours": [], "docxtpl": [], "cold": []}
        cpu: dict[str, list[float]] = {"ours": [], "docxtpl": []}

        def pair(first_ours: bool) -> dict[str, tuple[float, float]]:
            order = ("ours", "docxtpl") if first_ours else ("docxtpl", "ours")
            return {
                who: _process(ours, warm_env) if who == "ours" else _process(theirs)  # noqa: B023
                for who in order
            }

        for i in range(runs):
            measured = guarded("processes", lambda: pair(i % 2 == 0))  # noqa: B023
            for who, (wall, used) in measured.items():
                times[who].append(wall)
                cpu[who].append(used)
        if len(rows) == 0:
            for i in range(runs):
                fresh = {**os.environ, "BULLETIN_CACHE_DIR": str(workdir / f"cold-{i}")}
                wall, _ = guarded("processes", lambda: _process(ours, fresh))  # noqa: B023
                times["cold"].append(wall)
        row = {
            "label": label,
            "n": n,
            "ours": _median_ms(times["ours"]),
            "docxtpl": _median_ms(times["docxtpl"]),
            "ours_cpu": _median_ms(cpu["ours"]),
            "docxtpl_cpu": _median_ms(cpu["docxtpl"]),
            "ours_peak_mb": _peak(ours, warm_env),
            "docxtpl_peak_mb": _peak(theirs),
            "workbook": "workbook" in label,
        }
        if times["cold"]:
            row["cold"] = _median_ms(times["cold"])
        rows.append(row)
        print(
            f"  {label}: bulletin render {row['ours']:,.0f} ms, docxtpl {row['docxtpl']:,.0f} ms"
            f" ({row['ours'] / row['docxtpl']:.2f}×; CPU {row['ours_cpu']:,.0f} vs "
            f"{row['docxtpl_cpu']:,.0f} ms, {row['ours_cpu'] / row['docxtpl_cpu']:.2f}×)",
            flush=True,
        )
    return rows


def bench_pdf(workdir: Path, runs: int) -> dict[str, Any] | None:
    """``bulletin batch`` of the six example months to PDF, one worker: LibreOffice's share."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return None
    files = sorted(str(p) for p in EXAMPLE.parent.glob("*.yaml"))
    times = []
    for i in range(runs):
        out = workdir / f"pdf-{i}"
        cmd = [*_bulletin_cmd(), "batch", *files, "-o", str(out), "-f", "pdf", "--jobs", "1"]
        wall, _ = guarded("pdf", lambda: _process(cmd))  # noqa: B023
        times.append(wall)
        assert len(list(out.glob("*.pdf"))) == len(files)
    return {"files": len(files), "seconds": statistics.median(times), "runs": runs}


# Each call after the first starts as an import does, with no earlier report
# alive: kept, the last run's 10,000 projects made the collector walk them
# through this one's (about 60 ms), which no user's import pays.
_IMPORT_TIMER = """
import gc, json, sys, time
from bulletin import load_report
path, runs = sys.argv[1], int(sys.argv[2])
walls, cpus = [], []
report = None
for _ in range(runs):
    del report
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    report = load_report(path)
    walls.append(time.perf_counter() - wall)
    cpus.append(time.process_time() - cpu)
assert len(report.projects) == 10_000
print(json.dumps({"walls": walls, "cpus": cpus}))
"""


def bench_import(workdir: Path, runs: int) -> dict[str, Any] | None:
    """Issue #13: a 10,000-row workbook imported, in one process and as ``bulletin import``.

    In one process: ``load_report`` of the workbook (read, header detection,
    every cell converted and located, then the model's validation), in a
    fresh interpreter, the first call apart (it also imports the modules and
    builds the model).  Whole process: ``bulletin import 台账.xlsx -o
    data.yaml``, which also writes the data file and reads it back.
    """
    data = _ten_thousand_workbook(workdir / "import")
    if data is None:
        return None
    ledger = data.parent / "台账.xlsx"

    def in_process() -> dict[str, list[float]]:
        proc = subprocess.run(
            [sys.executable, "-c", _IMPORT_TIMER, str(ledger), str(runs + 1)],
            capture_output=True,
            text=True,
            check=True,
        )
        found: dict[str, list[float]] = json.loads(proc.stdout)
        return found

    timed = guarded("import", in_process)
    commands = [
        [*_bulletin_cmd(), "import", str(ledger), "-o", str(workdir / f"imp-{i}.yaml")]
        for i in range(runs)
    ]
    whole = [guarded("import", lambda c=c: _process(c)) for c in commands]  # type: ignore[misc]
    return {
        "rows": 10_000,
        "runs": runs,
        "first_wall": timed["walls"][0] * 1000,
        "first_cpu": timed["cpus"][0] * 1000,
        "wall": _median_ms(timed["walls"][1:]),
        "cpu": _median_ms(timed["cpus"][1:]),
        "process_wall": _median_ms([w for w, _ in whole]),
        "process_cpu": _median_ms([c for _, c in whole]),
    }


def compile_package() -> str:
    """Compile the measured package to bytecode, as installing a wheel does; what was done.

    An editable install run with PYTHONDONTWRITEBYTECODE (as on the team's
    machine) has no ``__pycache__``, so every process compiled all of our
    modules from source, while the libraries docxtpl uses were compiled when
    pip installed them.
    """
    import compileall

    import bulletin

    package = Path(bulletin.__file__).resolve().parent
    ok = compileall.compile_dir(str(package), quiet=1)
    return "compiled beforehand, as a wheel install does" if ok else "could not be compiled"


# ---------------------------------------------------------------------------
# Subprocesses: batch, memory, start-up


def _bulletin_cmd() -> list[str]:
    script = Path(sys.executable).parent / "bulletin"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from bulletin.cli import main; sys.exit(main())"]


def bench_batch(
    workdir: Path, offices: int, months: int, runs: int, jobs: tuple[int, ...]
) -> dict[str, Any]:
    """Time ``bulletin batch FILES -o OUT --jobs N --force`` as a subprocess."""
    data_dir = workdir / "batch-data"
    files = datagen.write_batch(data_dir, offices=offices, months=months, n=100)
    result: dict[str, Any] = {
        "files": len(files),
        "offices": offices,
        "months": months,
        "runs": runs,
    }
    order = [j for _ in range(runs) for j in jobs]  # interleaved, so load hits both alike
    times: dict[int, list[float]] = {j: [] for j in jobs}
    cpu: dict[int, list[float]] = {j: [] for j in jobs}
    for i, j in enumerate(order):
        out = workdir / f"batch-out-{i}"
        cmd = [*_bulletin_cmd(), "batch", *map(str, files), "-o", str(out)]
        cmd += ["--jobs", str(j), "--force"]

        def one_run() -> tuple[subprocess.CompletedProcess[str], float, float]:
            shutil.rmtree(out, ignore_errors=True)  # noqa: B023
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: B023
            wall = time.perf_counter() - start
            # CPU time of the command and its (joined) workers: unlike wall
            # time, it hardly changes when other processes share the cores.
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return proc, wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

        proc, wall, used = guarded("batch", one_run)
        times[j].append(wall)
        cpu[j].append(used)
        written = list(out.rglob("*.docx"))
        if proc.returncode != 0 or len(written) != len(files):
            raise RuntimeError(
                f"batch --jobs {j} failed ({proc.returncode}, {len(written)} files):\n"
                + proc.stderr[-2000:]
            )
        shutil.rmtree(out)
    for j in jobs:
        result[f"jobs{j}"] = _median_ms(times[j])
        result[f"cpu{j}"] = _median_ms(cpu[j])
    return result


def _child(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB.

    ``VmHWM`` (peak RSS) rather than ``ru_maxrss``: the latter is inherited
    through fork and exec, so a child would report its parent's peak.
    """
    with Path("/proc/self/status").open(encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def _rss_now_mb() -> float:
    return _status_mb("VmRSS")


def child_main(mode: str, *paths: str) -> None:
    """One measurement in a fresh process; prints one JSON line."""
    out: dict[str, Any] = {}
    if mode in ("rss-ours", "trace-ours"):
        import bulletin
        import bulletin.compose
        import bulletin.indicators
        import bulletin.source
        import bulletin.writers.docx  # noqa: F401

        data = json.loads(Path(paths[0]).read_text(encoding="utf-8"))
        out["baseline_mb"] = _rss_now_mb()

        def work() -> None:
            pipeline(data)

    else:
        import docxtpl_side
        from docxtpl import DocxTemplate  # noqa: F401

        template = Path(paths[0])
        context = json.loads(Path(paths[1]).read_text(encoding="utf-8"))
        out["baseline_mb"] = _rss_now_mb()

        def work() -> None:
            docxtpl_side.render(template, context)

    if mode.startswith("trace"):
        import tracemalloc

        tracemalloc.start()
        work()
        out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        start = time.perf_counter()
        work()
        out["seconds"] = time.perf_counter() - start
        out["peak_rss_mb"] = _status_mb("VmHWM")
    print(json.dumps(out))


def bench_memory(n: int, workdir: Path) -> dict[str, Any]:
    """Peak RSS and tracemalloc peak of one ``n``-project render, ours and docxtpl's."""
    import docxtpl_side

    import bulletin

    data = datagen.report_data(n)
    data_path = workdir / f"data-{n}.json"
    data_path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    tree = bulletin.compose_document(bulletin.load_report(data), "progress")
    template = docxtpl_side.build_template(tree, workdir / f"mem-template-{n}.docx")
    ctx_path = workdir / f"context-{n}.json"
    ctx_path.write_text(
        json.dumps(docxtpl_side.context(tree), ensure_ascii=False), encoding="utf-8"
    )
    return {
        "n": n,
        "ours": guarded("memory", lambda: _child(["rss-ours", str(data_path)])),
        "ours_trace": _child(["trace-ours", str(data_path)]),
        "docxtpl": guarded("memory", lambda: _child(["rss-docxtpl", str(template), str(ctx_path)])),
        "docxtpl_trace": _child(["trace-docxtpl", str(template), str(ctx_path)]),
    }


def bench_startup(runs: int) -> dict[str, float]:
    """Median wall time of ``bulletin --help`` and of a bare ``python -c pass``."""

    def median_of(cmd: list[str]) -> float:
        subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache

        def all_runs() -> list[float]:
            times = []
            for _ in range(runs):
                seconds, _ = _timed(lambda: subprocess.run(cmd, capture_output=True, check=True))
                times.append(seconds)
            return times

        return _median_ms(guarded("startup", all_runs))

    return {
        "help": median_of([*_bulletin_cmd(), "--help"]),
        "python": median_of([sys.executable, "-c", "pass"]),
        "runs": runs,
    }


# ---------------------------------------------------------------------------
# The report


def machine() -> dict[str, str]:
    """CPU model, cores, Python, OS, load average and the commit measured."""
    cpu = "unknown"
    with Path("/proc/cpuinfo").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.is_file():
        for line in release.read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))}, Linux {platform.release()}"
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if dirty:
            commit += " (src/ has uncommitted changes)"
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    import docx
    import docxtpl
    import jinja2
    import lxml.etree

    import bulletin

    measured = Path(bulletin.__file__).resolve().parent
    if measured != (ROOT / "src" / "bulletin").resolve():
        print(f"warning: measuring the bulletin package at {measured}", file=sys.stderr)
    return {
        "package": str(measured),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "os": os_name,
        "commit": commit,
        "libs": (
            f"docxtpl {docxtpl.__version__}, python-docx {docx.__version__}, "
            f"Jinja2 {jinja2.__version__}, lxml {'.'.join(map(str, lxml.etree.LXML_VERSION[:3]))}"
        ),
    }


def cpu_busy(seconds: float = 2.0) -> float:
    """Share of all cores busy over ``seconds`` (this process sleeps meanwhile), from /proc/stat."""

    def sample() -> tuple[int, int]:
        with Path("/proc/stat").open(encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields[:8]), idle

    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def wait_quiet(limit: float, threshold: float = 0.15) -> float:
    """Wait up to ``limit`` seconds for the other processes to leave the cores idle.

    Returns the busy share measured last (0.0–1.0), which the report records.
    """
    deadline = time.monotonic() + limit
    busy = cpu_busy()
    while busy > threshold and time.monotonic() < deadline:
        busy = cpu_busy(5.0)
    return busy


def _proc_stat() -> tuple[int, int]:
    """All CPUs' busy and idle jiffies since boot."""
    with Path("/proc/stat").open(encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields[:8]) - idle, idle


def _own_cpu() -> float:
    """CPU seconds of this process and of its waited-for children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


#: Interference above which a run is measured again: other processes' share of the cores.
NOISE_LIMIT = 0.10
#: How long a disturbed run waits for quiet before it is repeated (``--quiet-wait``).
QUIET_WAIT = 300.0
#: Every part's worst accepted interference, for the report.
NOISE: dict[str, float] = {}


#: How many times a disturbed run is repeated (``--retries``).
RETRIES = 3


def guarded(part: str, fn: Callable[[], Any], retries: int | None = None) -> Any:
    """Run ``fn``; if other processes took more than NOISE_LIMIT of the cores, wait and rerun.

    Other processes' CPU is what /proc/stat counts as busy minus what this
    process and its children used.  After ``retries`` reruns the last result
    is kept, and its interference recorded.
    """
    cores = os.cpu_count() or 1
    tick = os.sysconf("SC_CLK_TCK")
    retries = RETRIES if retries is None else retries
    for attempt in range(retries + 1):
        busy0, _ = _proc_stat()
        own0, start = _own_cpu(), time.perf_counter()
        value = fn()
        wall = time.perf_counter() - start
        busy1, _ = _proc_stat()
        others = ((busy1 - busy0) / tick - (_own_cpu() - own0)) / (wall * cores)
        others = max(0.0, others)
        if others <= NOISE_LIMIT or attempt == retries:
            break
        print(f"    ({part}: other processes took {others:.0%} of the cores; again)", flush=True)
        wait_quiet(min(300.0, QUIET_WAIT), NOISE_LIMIT)
    NOISE[part] = max(NOISE.get(part, 0.0), others)
    return value


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])


def _ok(met: bool) -> str:
    return "met" if met else "**missed**"


def _fmt(ms: float) -> str:
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}"


def report(results: dict[str, Any]) -> str:
    """BENCHMARKS.md from the results (the hand-written part is appended by the caller)."""
    m = results["machine"]
    sizes = {r["n"]: r for r in results.get("sizes", []) if r["label"] != "example"}
    lines = [
        "# Benchmarks",
        "",
        "Written by `python benchmarks/run.py` (issues #8 and #16). Figures are medians of "
        f"{results['runs']} runs unless said otherwise; times in milliseconds.",
        "",
        f"- Date: {results['date']}",
        f"- Machine: {m['cpu']}, {m['cores']} cores; {m['os']}",
        f"- Python {m['python']}; {m['libs']}",
        f"- Commit: {m['commit']}; package measured: `{m['package']}`; its bytecode: "
        f"{results.get('bytecode', 'not said')}",
        f"- Load average (1, 5, 15 min): {results['load_before']} before, "
        f"{results['load_after']} after",
        "- Share of the cores other processes used just before each part: "
        + ", ".join(f"{k} {v:.0%}" for k, v in results.get("busy", {}).items())
        + f"; at most, during an accepted run (a run is repeated, up to {results['retries']} "
        f"times, when it exceeds {NOISE_LIMIT:.0%}): "
        + ", ".join(f"{k} {v:.0%}" for k, v in results.get("noise", {}).items()),
        "",
    ]

    # Targets
    big, mid = sizes.get(10_000), sizes.get(1_000)
    lines += ["## Targets", "", "| target | figure | |", "|---|---|---|"]
    processes = results.get("processes", [])
    for row in processes:
        ratio = row["ours"] / row["docxtpl"]
        figure = (
            f"`bulletin render` {_fmt(row['ours'])} vs docxtpl {_fmt(row['docxtpl'])}: "
            f"**{ratio:.2f}×**"
        )
        if "ours_cpu" in row:
            figure += (
                f" (CPU {_fmt(row['ours_cpu'])} vs {_fmt(row['docxtpl_cpu'])}: "
                f"{row['ours_cpu'] / row['docxtpl_cpu']:.2f}×)"
            )
        if row["workbook"]:
            lines.append(
                f"| {row['label']}, whole process < {TARGET_WORKBOOK_S:g} s | {figure} "
                f"| {_ok(row['ours'] <= TARGET_WORKBOOK_S * 1000)} |"
            )
        else:
            goal = TARGET_EXAMPLE_RATIO if row["n"] < 1000 else TARGET_BIG_RATIO
            lines.append(
                f"| {row['label']}, whole process ≤ {goal:g}× docxtpl's | {figure} "
                f"| {_ok(ratio <= goal)} |"
            )
    biggest = [r for r in processes if r["n"] == 10_000 and not r["workbook"]]
    if biggest:
        peak = biggest[0]["ours_peak_mb"]
        lines.append(
            f"| 10,000 projects (`bulletin render` of the YAML) < {TARGET_PEAK_MB:g} MB "
            f"| peak RSS **{peak:.0f} MB** (docxtpl {biggest[0]['docxtpl_peak_mb']:.0f} MB) "
            f"| {_ok(peak < TARGET_PEAK_MB)} |"
        )
    imported = results.get("import")
    if imported:
        lines.append(
            f"| (issue #13) a 10,000-row ledger imports in < {TARGET_IMPORT_MS / 1000:g} s "
            f"| `load_report` **{_fmt(imported['wall'])}** (CPU {_fmt(imported['cpu'])}); "
            f"`bulletin import` whole process {_fmt(imported['process_wall'])} "
            f"(CPU {_fmt(imported['process_cpu'])}) "
            f"| {_ok(imported['wall'] < TARGET_IMPORT_MS)} (`load_report`) |"
        )
    start = results.get("startup")
    if start:
        lines.append(
            f"| `bulletin --help` < {TARGET_HELP_MS / 1000:g} s | **{start['help']:.0f} ms** "
            f"| {_ok(start['help'] < TARGET_HELP_MS)} |"
        )
    if big:
        ratio = big["total"] / big["docxtpl"]
        cw = big["compose_write"] / big["docxtpl"]
        lines.append(
            f"| (issue #8, in one process) 10,000 projects in ≤ ½ of docxtpl's time | pipeline "
            f"{_fmt(big['total'])} vs docxtpl {_fmt(big['docxtpl'])}: **{ratio:.2f}×** "
            f"(compose + write alone: {cw:.2f}×) | {_ok(ratio <= TARGET_DOCXTPL_RATIO)} |"
        )
    if big and mid:
        growth = big["total"] / mid["total"]
        lines.append(
            f"| t(10k) / t(1k) ≤ {TARGET_GROWTH:g} | **{growth:.1f}** "
            f"({_fmt(mid['total'])} → {_fmt(big['total'])}) | {_ok(growth <= TARGET_GROWTH)} |"
        )
    warm = results.get("warm")
    if warm:
        lines.append(
            f"| warm 100-project bulletin in a batch ≤ {TARGET_WARM_MS:g} ms | compose + write "
            f"**{warm['compose_write']:.1f} ms** (with validate + compute: {warm['full']:.1f} ms)"
            f" | {_ok(warm['compose_write'] <= TARGET_WARM_MS)} |"
        )
    batch = results.get("batch")
    if batch and "jobs2" in batch:
        speedup = batch["jobs1"] / batch["jobs2"]
        lines.append(
            f"| `--jobs 2` ≥ {TARGET_SPEEDUP:g}× faster than `--jobs 1` | **{speedup:.2f}×** "
            f"({_fmt(batch['jobs1'])} → {_fmt(batch['jobs2'])} for {batch['files']} files)"
            f" | {_ok(speedup >= TARGET_SPEEDUP)} |"
        )
    mem = results.get("memory")
    if mem:
        peak = mem["ours"]["peak_rss_mb"]
        lines.append(
            f"| (issue #8, from a mapping) peak memory for {mem['n']:,} projects "
            f"< {TARGET_PEAK_MB:g} MB "
            f"| RSS **{peak:.0f} MB**"
            f" (tracemalloc peak {mem['ours_trace']['traced_peak_mb']:.0f} MB) "
            f"| {_ok(peak < TARGET_PEAK_MB)} |"
        )
    lines.append("")

    if processes:
        lines += [
            "## Whole processes, from files",
            "",
            "What a user runs: `bulletin render FILE -o OUT.docx --force` as a subprocess, "
            "against docxtpl's whole process (`benchmarks/docxtpl_side.py TEMPLATE CONTEXT OUT`: "
            "start Python, import docxtpl, load the context JSON, render, save) for the same "
            "content, its template and context built beforehand from our tree — so docxtpl does "
            "no reading, validation, statistics or composition. Run alternately, ours first in "
            "every other pair; the outputs hold the same paragraphs and table rows. The template "
            "and Word-package cache is warm (a user's second render onwards); the first row "
            "also gives a render with an empty cache (the first after installing).",
            "",
            "CPU is the process's own user + system time: it hardly moves when other "
            "processes share the cores, where wall time grows with them.",
            "",
            "| data | projects | `bulletin render` | docxtpl | ratio | CPU ours / docxtpl "
            "| CPU ratio | peak RSS ours / docxtpl |",
            "|---|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for row in processes:
            cpu = (
                f"{_fmt(row['ours_cpu'])} / {_fmt(row['docxtpl_cpu'])} "
                f"| {row['ours_cpu'] / row['docxtpl_cpu']:.2f}"
                if "ours_cpu" in row
                else "| "
            )
            lines.append(
                f"| {row['label']} | {row['n']:,} | **{_fmt(row['ours'])}** | "
                f"{_fmt(row['docxtpl'])} | {row['ours'] / row['docxtpl']:.2f} | {cpu} | "
                f"{row['ours_peak_mb']:.0f} / {row['docxtpl_peak_mb']:.0f} MB |"
            )
        cold = next((r for r in processes if "cold" in r), None)
        if cold:
            lines += [
                "",
                f"With an empty cache (templates compiled, Word package built and stored): "
                f"{cold['label']} {_fmt(cold['cold'])} ms "
                f"({cold['cold'] / cold['docxtpl']:.2f}× docxtpl).",
            ]
        lines.append("")
    if imported:
        lines += [
            "## Workbook import (issue #13)",
            "",
            f"A 10,000-row ledger (title, 单位 line, 22 canonical columns), medians of "
            f"{imported['runs']} runs. In one process: `bulletin.load_report(台账.xlsx)` — "
            "the workbook read (calamine), the header found, every cell converted and located, "
            "then the model's validation, cross-checks and warnings — after a first call in "
            f"the same fresh process ({_fmt(imported['first_wall'])} ms, CPU "
            f"{_fmt(imported['first_cpu'])}, which also imports the modules and builds the "
            "model). Whole process: `bulletin import 台账.xlsx -o data.yaml`, which also "
            "writes the data file, reads it back and compares it with what was read.",
            "",
            *(
                [
                    f"Measured alone (`run.py --only import`): {results['date']}, commit "
                    f"{m['commit']}; load average {results['load_before']} before, "
                    f"{results['load_after']} after; other processes used "
                    f"{results['busy'].get('import', 0):.0%} of the cores just before, at most "
                    f"{results['noise'].get('import', 0):.0%} during an accepted run.",
                    "",
                ]
                if results.get("only") == ["import"]
                else []
            ),
            "| | wall | CPU | target |",
            "|---|--:|--:|---|",
            f"| `load_report`, in one process | **{_fmt(imported['wall'])}** "
            f"| {_fmt(imported['cpu'])} | < {TARGET_IMPORT_MS:g} ms: "
            f"{_ok(imported['wall'] < TARGET_IMPORT_MS)} |",
            f"| `bulletin import`, whole process | {_fmt(imported['process_wall'])} "
            f"| {_fmt(imported['process_cpu'])} | |",
            "",
        ]
    pdf = results.get("pdf")
    if pdf:
        lines += [
            "## PDF",
            "",
            f"`bulletin batch` of the {pdf['files']} example months with `-f pdf --jobs 1` "
            f"(LibreOffice converts them in one run): **{pdf['seconds']:.1f} s**, "
            f"median of {pdf['runs']}.",
            "",
        ]

    # Side by side
    if results.get("sizes"):
        lines += [
            "## Progress bulletin, ours and docxtpl's, same content",
            "",
            "Ours: the whole pipeline from a mapping (the example: from its file, which also reads "
            "the month it names as `previous`), with a fresh Composer each run, as "
            "`bulletin render` does. docxtpl: load the template, render the tree's text and rows "
            "(autoescaped), save to bytes; it is handed the content ready-made, so it does no "
            "validation, statistics or composition. Both outputs were checked to hold the same "
            "paragraph texts and the same table rows.",
            "",
            "| data | projects | validate | compute | compose | write | **ours** | docxtpl "
            "| ours ÷ docxtpl | compose+write ÷ docxtpl | ours µs/project |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for r in results.get("sizes", []):
            lines.append(
                f"| {r['label']} | {r['n']:,} | {_fmt(r['validate'])} | {_fmt(r['compute'])} "
                f"| {_fmt(r['compose'])} | {_fmt(r['write'])} | **{_fmt(r['total'])}** "
                f"| {_fmt(r['docxtpl'])} | {r['total'] / r['docxtpl']:.2f} "
                f"| {r['compose_write'] / r['docxtpl']:.2f} | {r['total'] * 1000 / r['n']:,.0f} |"
            )
        lines.append("")
    ordered = sorted(sizes)
    if len(ordered) >= 2:
        lines += [
            "### How cost grows",
            "",
            "| step | "
            + " | ".join(f"t({b:,}) ÷ t({a:,})" for a, b in itertools.pairwise(ordered))
            + " |",
            "|---|" + "--:|" * (len(ordered) - 1),
        ]
        for key, name in [*((s, s) for s in STAGES), ("total", "**ours**"), ("docxtpl", "docxtpl")]:
            cells = " | ".join(
                f"{sizes[b][key] / sizes[a][key]:.1f}" for a, b in itertools.pairwise(ordered)
            )
            lines.append(f"| {name} | {cells} |")
        lines += ["", "Linear growth is 10.0 per tenfold; less means a fixed cost still shows.", ""]

    if warm:
        lines += [
            "## Batch",
            "",
            f"Warm cost of one 100-project bulletin in a batch worker (Composer reused, median of "
            f"{warm['samples']} documents over 20 different ledgers): compose "
            f"{warm['compose']:.1f} ms, compose + write **{warm['compose_write']:.1f} ms**, "
            f"validate + compute + compose + write {warm['full']:.1f} ms.",
            "",
        ]
    if batch:
        lines.append(
            f"`bulletin batch` over {batch['files']} monthly files ({batch['offices']} offices × "
            f"{batch['months']} months, 100 projects each, every month naming the last as "
            "`previous`), run as a subprocess "
            f"with `--force` into an empty folder, median of {batch['runs']} runs, start-up "
            "included once:"
        )
        lines += [
            "",
            "| jobs | wall time | per document | documents/s | CPU time (all processes) |",
            "|--:|--:|--:|--:|--:|",
        ]
        for key in sorted(k for k in batch if k.startswith("jobs")):
            t = batch[key]
            lines.append(
                f"| {key[4:]} | {_fmt(t)} | {t / batch['files']:.1f} | "
                f"{batch['files'] / t * 1000:.1f} | {_fmt(batch['cpu' + key[4:]])} |"
            )
        if "cpu1" in batch and "cpu2" in batch:
            bound = batch["cpu1"] / (batch["cpu2"] / 2)
            lines += [
                "",
                f"CPU time grows {batch['cpu2'] / batch['cpu1']:.2f}× with two workers, so on two "
                f"otherwise idle cores `--jobs 2` could be at most {bound:.2f}× faster.",
            ]
        lines.append("")
    if mem:
        o, ot, d, dt_ = mem["ours"], mem["ours_trace"], mem["docxtpl"], mem["docxtpl_trace"]
        lines += [
            "## Memory",
            "",
            f"One {mem['n']:,}-project render in a fresh process. Baseline: RSS after imports "
            "and reading the input (ours: the data as JSON; docxtpl: its context as JSON).",
            "",
            "| | baseline RSS | peak RSS | tracemalloc peak (Python allocations) | time |",
            "|---|--:|--:|--:|--:|",
            f"| ours | {o['baseline_mb']:.0f} MB | {o['peak_rss_mb']:.0f} MB "
            f"| {ot['traced_peak_mb']:.0f} MB | {o['seconds'] * 1000:,.0f} ms |",
            f"| docxtpl | {d['baseline_mb']:.0f} MB | {d['peak_rss_mb']:.0f} MB "
            f"| {dt_['traced_peak_mb']:.0f} MB | {d['seconds'] * 1000:,.0f} ms |",
            "",
        ]
    start = results.get("startup")
    if start:
        lines += [
            "## Start-up",
            "",
            f"`bulletin --help`: **{start['help']:.0f} ms** (median of {start['runs']} "
            f"subprocess runs); a bare `python -c pass` takes {start['python']:.0f} ms.",
            "",
        ]
    return "\n".join(lines)


_IMPORT_ROW = "| (issue #13)"
_IMPORT_SECTION = "## Workbook import (issue #13)"


def splice(old: str, new: str) -> str:
    """``old`` report with the import part's Targets row and section taken from ``new``.

    For ``--only import``: the rest of the report (other parts, their figures
    and the hand-written notes) stays as it was measured.
    """

    def row(text: str) -> str:
        (line,) = [ln for ln in text.splitlines() if ln.startswith(_IMPORT_ROW)]
        return line

    def section(text: str) -> str:
        start = text.index(_IMPORT_SECTION)
        end = text.find("\n## ", start)
        return text[start : end + 1 if end != -1 else len(text)]

    if _IMPORT_ROW not in old or _IMPORT_SECTION not in old:
        raise SystemExit("--only import: the report has no import row or section to update")
    fresh = section(new).rstrip("\n") + "\n\n"
    return old.replace(row(old), row(new), 1).replace(section(old), fresh, 1)


def _kept_notes(path: Path) -> str:
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if KEEP_MARKER in text:
            return text[text.index(KEEP_MARKER) :]
    return KEEP_MARKER + "\n"


# ---------------------------------------------------------------------------


#: The parts of a run, in the order they are measured.
PARTS = ["processes", "import", "pdf", "sizes", "warm", "batch", "memory", "startup"]


def main(argv: list[str] | None = None) -> int:
    """Measure everything and write (or, with ``--quick``, print) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small sizes, 2 runs")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; quick 2)")
    parser.add_argument("--output", type=Path, help="report path (default BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS,
                        help="leave out a part (repeatable)")  # fmt: skip
    parser.add_argument("--only", action="append", default=[], choices=[*PARTS, "example"],
                        help="measure only this part (repeatable); 'example' is the first "
                        "row of processes, the example's whole process, alone.  The report "
                        "then lacks the other parts, so it is printed, not written over "
                        "BENCHMARKS.md, unless --output is given; --only import alone puts "
                        "its Targets row and section into the report in place")  # fmt: skip
    parser.add_argument("--quiet-wait", type=float, metavar="SECONDS",
                        help="before each part, wait up to this long for other processes to "
                        "leave the cores idle (default 600; quick 0)")  # fmt: skip
    parser.add_argument("--retries", type=int, default=3,
                        help="repeat a run disturbed by other processes up to this many times "
                        "(default 3; 0 on a machine that is never quiet: the interference is "
                        "recorded either way)")  # fmt: skip
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(*args.child)
        return 0

    quick = args.quick
    runs = args.runs or (2 if quick else 5)
    sizes = (100, 1_000) if quick else (100, 1_000, 10_000)
    # The import part alone is put into the report in place (its Targets row and section).
    import_alone = args.only == ["import"] and not quick
    output = args.output or (
        None if quick or (args.only and not import_alone) else ROOT / "BENCHMARKS.md"
    )
    example_only = "example" in args.only and "processes" not in args.only
    if args.only:
        wanted = {"processes" if part == "example" else part for part in args.only}
        args.skip += [part for part in PARTS if part not in wanted]

    results: dict[str, Any] = {
        "bytecode": compile_package(),
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "runs": runs,
        "retries": args.retries,
        "machine": machine(),
        "load_before": _loadavg(),
        "busy": {},
        "only": args.only,
    }
    wait = args.quiet_wait if args.quiet_wait is not None else (0 if quick else 600)
    global QUIET_WAIT, RETRIES
    QUIET_WAIT = wait
    RETRIES = args.retries

    def settle(part: str) -> None:
        busy = wait_quiet(wait)
        results["busy"][part] = busy
        note = "" if busy <= 0.15 else "  (machine busy: figures will be slower)"
        print(f"  other processes use {busy:.0%} of the cores{note}", flush=True)

    print(f"load average {results['load_before']}; {runs} runs per figure", flush=True)
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as tmp:
        workdir = Path(tmp)
        if "processes" not in args.skip:
            print("whole processes from files, bulletin render vs docxtpl:", flush=True)
            settle("processes")
            results["processes"] = bench_processes(workdir, runs, quick, example_only)
        if "import" not in args.skip and not quick:
            print("a 10,000-row workbook imported…", flush=True)
            settle("import")
            results["import"] = bench_import(workdir, runs)
        if "pdf" not in args.skip:
            print("bulletin batch -f pdf of the examples…", flush=True)
            settle("pdf")
            results["pdf"] = bench_pdf(workdir, 1 if quick else 3)
        if "sizes" not in args.skip:
            print("progress bulletin, ours vs docxtpl:", flush=True)
            datasets: list[tuple[str, int, Any]] = [("example", 96, EXAMPLE)]
            datasets += [(f"generated {n:,}", n, datagen.report_data(n)) for n in sizes]
            settle("sizes")
            results["sizes"] = bench_sizes(datasets, runs, workdir)
        if "warm" not in args.skip:
            print("warm per-document cost in a batch worker…", flush=True)
            settle("warm")
            results["warm"] = bench_warm(count=20, repeat=1 if quick else 2)
        if "batch" not in args.skip:
            offices = 2 if quick else 20
            print(f"bulletin batch, {offices * 6} files, --jobs 1 and 2…", flush=True)
            settle("batch")
            results["batch"] = bench_batch(workdir, offices, 6, runs, (1, 2))
        if "memory" not in args.skip:
            n = 1_000 if quick else 10_000
            print(f"peak memory, {n:,} projects…", flush=True)
            settle("memory")
            results["memory"] = bench_memory(n, workdir)
        if "startup" not in args.skip:
            print("bulletin --help start-up…", flush=True)
            settle("startup")
            results["startup"] = bench_startup(3 if quick else 10)
    results["load_after"] = _loadavg()
    results["noise"] = dict(NOISE)

    text = report(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    if output is None:
        print("\n" + text)
    elif import_alone and output.is_file():
        output.write_text(splice(output.read_text(encoding="utf-8"), text), encoding="utf-8")
        print(f"\n{text}\n\nimport part updated in {output}")
    else:
        output.write_text(text + "\n" + _kept_notes(output), encoding="utf-8")
        print(f"\n{text}\n\nwritten to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
