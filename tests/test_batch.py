"""bulletin.batch and the default-previous hook in bulletin.source: names, plans, hashes, runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bulletin import batch, output_folder
from bulletin.errors import BulletinError
from bulletin.source import ReadCache, read_source, source_hash
from conftest import EXAMPLES, minimal_report_data


def _month(month: int, completed: int = 1500, **top: Any) -> dict[str, Any]:
    data = minimal_report_data()
    data["period"]["month"] = month
    data["projects"][0]["completed"] = completed
    data.update(top)
    return data


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "present", "expected"),
    [
        ("2025-06.yaml", ["2025-05.yaml"], "2025-05.yaml"),
        ("2025-01.yaml", ["2024-12.yaml"], "2024-12.yaml"),
        ("2025-06.yml", ["2025-05.yml"], "2025-05.yml"),
        ("2025-06.yaml", [], None),
        ("2025-06.yaml", ["2025-05.yml"], None),
        ("june.yaml", ["may.yaml"], None),
        ("2025-13.yaml", ["2025-12.yaml"], None),
    ],
    ids=[
        "month-before",
        "january-to-december",
        "same-suffix",
        "absent",
        "other-suffix",
        "not-monthly",
        "month-13",
    ],
)
def test_default_previous_is_last_month_beside(
    tmp_path: Path, name: str, present: list[str], expected: str | None
) -> None:
    """A monthly file's default previous is the month before, in the same folder, if it exists."""
    for other in present:
        (tmp_path / other).write_text("x", encoding="utf-8")
    found = batch.default_previous(tmp_path / name)
    assert found == (tmp_path / expected if expected else None)


@pytest.mark.parametrize(
    ("kind", "format", "expected"),
    [("progress", "docx", "2025-06-progress.docx"), ("speech", "md", "2025-06-speech.md")],
    ids=["docx", "md"],
)
def test_output_name_is_stem_kind_format(kind: str, format: batch.Format, expected: str) -> None:
    """Outputs are named <data stem>-<kind>.<format>."""
    assert batch.output_name("data/2025-06.yaml", kind, format) == expected


def test_plan_puts_outputs_flat_and_dedupes(tmp_path: Path) -> None:
    """Distinct names go straight into OUT, one job per file and kind; a file named twice once."""
    a = tmp_path / "a" / "2025-05.yaml"
    b = tmp_path / "b" / "2025-06.yaml"
    jobs = batch.plan([a, b, a], tmp_path / "out", ["progress", "speech"])
    assert [(Path(j.source).name, j.kind, Path(j.target)) for j in jobs] == [
        ("2025-05.yaml", "progress", tmp_path / "out" / "2025-05-progress.docx"),
        ("2025-05.yaml", "speech", tmp_path / "out" / "2025-05-speech.docx"),
        ("2025-06.yaml", "progress", tmp_path / "out" / "2025-06-progress.docx"),
        ("2025-06.yaml", "speech", tmp_path / "out" / "2025-06-speech.docx"),
    ]


def test_plan_mirrors_folders_when_names_clash(tmp_path: Path) -> None:
    """Two regions' 2025-06.yaml go to OUT/<region>/, relative to the folder they share."""
    files = [tmp_path / "data" / region / "2025-06.yaml" for region in ("东城区", "西城区")]
    jobs = batch.plan(files, tmp_path / "out")
    assert [Path(j.target) for j in jobs] == [
        tmp_path / "out" / "东城区" / "2025-06-progress.docx",
        tmp_path / "out" / "西城区" / "2025-06-progress.docx",
    ]


def test_plan_refuses_two_files_with_one_output(tmp_path: Path) -> None:
    """x.yaml and x.yml in one folder would write one file: refused before anything runs."""
    with pytest.raises(BulletinError, match="会写到同一个文件"):
        batch.plan([tmp_path / "x.yaml", tmp_path / "x.yml"], tmp_path / "out")


def test_template_hash_follows_template_files(tmp_path: Path) -> None:
    """The hash changes when a template on the search path changes, not for other files."""
    (tmp_path / "custom.j2").write_text("{% extends 'builtin/progress.j2' %}", encoding="utf-8")
    first = batch.template_hash([tmp_path])
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    assert batch.template_hash([tmp_path]) == first
    (tmp_path / "custom.j2").write_text("{% extends 'builtin/speech.j2' %}", encoding="utf-8")
    assert batch.template_hash([tmp_path]) != first
    assert batch.template_hash() != first


def test_summary_table_aligns_chinese_columns() -> None:
    """Columns line up in a terminal (CJK counts double) and a count line ends the table."""
    results = [
        batch.Result("a/2025-05.yaml", "progress", "o/x.docx", "written", "o/x.docx", 1.5),
        batch.Result("b.yaml", "speech", "o/y.docx", "failed", seconds=0.25, error="b.yaml: 坏"),
    ]
    lines = batch.summary_table(results).splitlines()
    assert lines[0].split() == ["数据文件", "文书", "状态", "用时", "输出"]
    assert lines[1].split() == ["a/2025-05.yaml", "进展通报", "已生成", "1.50秒", "o/x.docx"]
    assert lines[2].split() == ["b.yaml", "讲话", "失败", "0.25秒", "—"]
    status_at = [
        batch._width(line[: line.index(word)])
        for line, word in zip(lines[:3], ("状态", "已生成", "失败"), strict=True)
    ]
    assert len(set(status_at)) == 1
    assert lines[3] == "共 2 个文件：已生成 1，失败 1"


# ---------------------------------------------------------------------------
# The hook in bulletin.source


def test_default_previous_is_attached_when_no_previous_key(tmp_path: Path) -> None:
    """Without a ``previous`` key, the default file becomes the previous report."""
    may = _write(tmp_path / "2025-05.yaml", _month(5, 1000))
    june = _write(tmp_path / "2025-06.yaml", _month(6))
    report, warnings = read_source(june, default_previous=may)
    assert warnings == ()
    assert report.previous_report is not None
    assert report.previous_report.period.month == 5
    assert read_source(june)[0].previous_report is None


def test_named_previous_wins_over_default(tmp_path: Path) -> None:
    """A file that names its previous keeps it; the default is ignored."""
    april = _write(tmp_path / "2025-04.yaml", _month(4, 800))
    may = _write(tmp_path / "2025-05.yaml", _month(5, 1000))
    june = _write(tmp_path / "2025-06.yaml", _month(6, previous="2025-04.yaml"))
    report = read_source(june, default_previous=may)[0]
    assert report.previous_report is not None
    assert report.previous_report.period.month == 4
    assert source_hash(june, default_previous=may) == source_hash(june)
    assert april.exists()


def test_broken_default_previous_is_a_warning(tmp_path: Path) -> None:
    """A default previous with errors is skipped with a warning naming it; the file loads."""
    may = tmp_path / "2025-05.yaml"
    may.write_text("period: [\n", encoding="utf-8")
    june = _write(tmp_path / "2025-06.yaml", _month(6))
    report, warnings = read_source(june, filename="2025-06.yaml", default_previous=may)
    assert report.previous_report is None
    assert [str(w) for w in warnings] == [
        "2025-06.yaml: 警告：按文件名推定的上期文件 '2025-05.yaml' 有错误，本期不作环比"
    ]


def test_default_previous_warnings_compare_the_months(tmp_path: Path) -> None:
    """The usual checks against the previous month run on a default previous too."""
    may = _write(tmp_path / "2025-05.yaml", _month(5, 2000))
    june = _write(tmp_path / "2025-06.yaml", _month(6, 1500))
    _, warnings = read_source(june, default_previous=may)
    assert [w.path for w in warnings] == [("projects", 0, "completed")]
    assert "少于上期" in warnings[0].message


def test_source_hash_covers_the_default_previous(tmp_path: Path) -> None:
    """Changing the default previous changes the hash of a file that relies on it."""
    may = _write(tmp_path / "2025-05.yaml", _month(5, 1000))
    june = _write(tmp_path / "2025-06.yaml", _month(6))
    before = source_hash(june, default_previous=may)
    assert before != source_hash(june)
    _write(may, _month(5, 1100))
    assert source_hash(june, default_previous=may) != before


def test_read_cache_reads_shared_files_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one ReadCache, May is parsed once though June and May are both read; hashes agree."""
    from bulletin import source

    may = _write(tmp_path / "2025-05.yaml", _month(5, 1000))
    june = _write(tmp_path / "2025-06.yaml", _month(6, previous="2025-05.yaml"))
    parsed: list[str] = []
    real = source.load_path

    def counting(path: Any, display: Any = None) -> Any:
        parsed.append(Path(path).name)
        return real(path, display)

    monkeypatch.setattr(source, "load_path", counting)
    cache = ReadCache()
    read_source(june, cache=cache)
    read_source(may, cache=cache)
    read_source(june, cache=cache)
    assert parsed == ["2025-06.yaml", "2025-05.yaml"]
    assert source_hash(june, cache=cache) == source_hash(june)


# ---------------------------------------------------------------------------
# Runs


def test_run_in_process_and_in_pool_give_the_same_text(tmp_path: Path) -> None:
    """One worker in this process and two pool workers write identical text outputs."""
    files = [_write(tmp_path / f"2025-0{m}.yaml", _month(m, 500 * m)) for m in (4, 5, 6)]
    options = batch.Options(format="txt")
    outputs = {}
    for workers in (1, 2):
        jobs = batch.plan(files, tmp_path / f"out{workers}", ["progress", "news"], "txt")
        results = batch.run(jobs, options, workers=workers)
        assert [r.status for r in results] == ["written"] * 6
        outputs[workers] = {Path(r.path).name: Path(r.path).read_bytes() for r in results}
    assert outputs[1] == outputs[2]


def test_run_reports_each_result_as_it_arrives(tmp_path: Path) -> None:
    """on_result sees every result once; the list comes back in job order."""
    files = [_write(tmp_path / f"2025-0{m}.yaml", _month(m, 500 * m)) for m in (5, 6)]
    jobs = batch.plan(files, tmp_path / "out", ["progress", "speech"], "txt")
    seen: list[batch.Result] = []
    results = batch.run(jobs, batch.Options(format="txt"), workers=2, on_result=seen.append)
    assert [(r.source, r.kind) for r in results] == [(j.source, j.kind) for j in jobs]
    assert sorted(seen, key=lambda r: (r.source, r.kind)) == sorted(
        results, key=lambda r: (r.source, r.kind)
    )


def test_manifest_records_what_made_each_output(tmp_path: Path) -> None:
    """The manifest holds the data, template and options hashes, version and bytes hash."""
    june = _write(tmp_path / "2025-06.yaml", _month(6))
    [result] = batch.run(
        batch.plan([june], tmp_path / "out", ["progress"], "md"),
        batch.Options(format="md"),
        workers=1,
    )
    manifest = json.loads((tmp_path / "out" / batch.MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["outputs"]["2025-06-progress.md"]
    assert entry["source_hash"] == source_hash(june)
    assert entry["template_hash"] == batch.template_hash()
    assert entry["file"] == "2025-06-progress.md"
    assert entry["kind"] == "progress"
    assert entry["content"] == output_folder.file_hash(Path(result.path))


def test_edited_text_output_is_kept(tmp_path: Path) -> None:
    """An edited .md is kept: the new one goes to .new.md, and to .new-2.md once that is edited."""
    june = _write(tmp_path / "2025-06.yaml", _month(6))
    options = batch.Options(format="md", force=False)
    jobs = batch.plan([june], tmp_path / "out", ["progress"], "md")
    target = tmp_path / "out" / "2025-06-progress.md"
    batch.run(jobs, options, workers=1)
    target.write_text("我改过了\n", encoding="utf-8")
    [again] = batch.run(jobs, options, workers=1)
    assert (again.status, Path(again.path).name) == ("beside", "2025-06-progress.new.md")
    assert target.read_text(encoding="utf-8") == "我改过了\n"
    [third] = batch.run(jobs, options, workers=1)
    assert (third.status, Path(third.path).name) == ("unchanged", "2025-06-progress.new.md")
    Path(third.path).write_text("这个也改了\n", encoding="utf-8")
    [fourth] = batch.run(jobs, options, workers=1)
    assert (fourth.status, Path(fourth.path).name) == ("beside", "2025-06-progress.new-2.md")


def test_file_not_written_by_bulletin_is_kept(tmp_path: Path) -> None:
    """An unrelated file already at the output's name is never overwritten."""
    june = _write(tmp_path / "2025-06.yaml", _month(6))
    target = tmp_path / "out" / "2025-06-progress.docx"
    target.parent.mkdir()
    target.write_bytes(b"not a docx")
    [result] = batch.run(batch.plan([june], tmp_path / "out"), workers=1)
    assert result.status == "beside"
    assert target.read_bytes() == b"not a docx"


def test_work_is_cut_at_folders_and_size(tmp_path: Path) -> None:
    """Pieces for the pool hold at most n/(4·workers) jobs and never span two folders."""
    files = [tmp_path / region / f"2025-0{m}.yaml" for region in "ab" for m in range(1, 7)]
    jobs = batch.plan(files, tmp_path / "out")
    work = [(i, job, None) for i, job in enumerate(jobs)]
    pieces = batch._chunks(work, 2)
    assert [len(p) for p in pieces] == [2, 2, 2, 2, 2, 2]
    assert all(len({Path(job.source).parent for _, job, _ in p}) == 1 for p in pieces)
    assert [i for p in pieces for i, _, _ in p] == list(range(12))
    mixed = batch._chunks(work[3:9], 1)  # a4 a5 a6 b1 b2 b3, two per piece
    assert [[Path(j.source).parent.name for _, j, _ in p] for p in mixed] == [
        ["a", "a"],
        ["a"],
        ["b", "b"],
        ["b"],
    ]


def _fake_soffice(monkeypatch: pytest.MonkeyPatch, log: Path, fail: int = -1) -> None:
    """LibreOffice stand-in: converts every .docx named (but the ``fail``-th) and logs each run."""
    import subprocess

    from bulletin.writers import pdf

    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        out = Path(command[command.index("--outdir") + 1])
        out.mkdir(exist_ok=True)
        inputs = [Path(a) for a in command if a.endswith(".docx")]
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{len(inputs)}\n")
        for number, given in enumerate(inputs):
            if number == fail:
                continue
            (out / f"{given.stem}.pdf").write_bytes(b"%PDF-" + given.read_bytes()[-8:])
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(pdf.subprocess, "run", run)


@pytest.mark.parametrize("jobs", [pytest.param(1, id="one-process"), pytest.param(2, id="two")])
def test_pdf_batch_converts_in_one_libreoffice_run_per_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Six months to PDF start LibreOffice once per worker, not six times; a rerun starts none."""
    log = tmp_path / "soffice.log"
    _fake_soffice(monkeypatch, log)
    sources = sorted(EXAMPLES.glob("2025-0*.yaml"))
    planned = batch.plan(sources, tmp_path / "out", ["progress"], "pdf")
    results = batch.run(planned, batch.Options(format="pdf"), workers=jobs)
    assert [r.status for r in results] == ["written"] * 6
    runs = [int(n) for n in log.read_text(encoding="utf-8").split()]
    assert sum(runs) == 6 and len(runs) <= jobs
    assert all(Path(r.path).read_bytes().startswith(b"%PDF-") for r in results)
    again = batch.run(planned, batch.Options(format="pdf"), workers=jobs)
    assert [r.status for r in again] == ["unchanged"] * 6
    assert sum(int(n) for n in log.read_text(encoding="utf-8").split()) == 6


def test_one_document_failing_conversion_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document LibreOffice cannot convert is that job's failure; the others are written."""
    log = tmp_path / "soffice.log"
    _fake_soffice(monkeypatch, log, fail=2)
    sources = sorted(EXAMPLES.glob("2025-0*.yaml"))
    planned = batch.plan(sources, tmp_path / "out", ["progress"], "pdf")
    results = batch.run(planned, batch.Options(format="pdf"), workers=1)
    statuses = {Path(r.source).stem: r.status for r in results}
    assert statuses.pop("2025-03") == "failed"
    assert set(statuses.values()) == {"written"}
    assert log.read_text(encoding="utf-8").split() == ["6"]
