"""A batch's faults: killed with SIGKILL, two runs at once, a manifest that is not ours."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin import output_folder
from bulletin.cli import main
from conftest import minimal_report_data, write_yaml

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads workers from /proc (Linux)"
)

FILES = 200


def _ledgers(folder: Path) -> Path:
    folder.mkdir()
    for i in range(FILES):
        data = minimal_report_data()
        data["projects"][0]["completed"] = 1000 + i
        write_yaml(folder / f"{i:03d}.yaml", data)
    return folder


def _batch(data: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from bulletin.cli import main; main()",
        "batch",
        str(data),
        "-o",
        str(out),
        "-f",
        "txt",
        "--jobs",
        "3",
    ]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent has not asked yet


def _outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*-progress.txt"))


def _summary(stdout: str) -> str:
    return stdout.strip().splitlines()[-1]


def test_killed_batch_leaves_no_worker_and_its_rerun_writes_each_output_once(
    tmp_path: Path,
) -> None:
    """SIGKILL mid-run: the workers die too; the rerun removes temp files, makes no .new."""
    data = _ledgers(tmp_path / "data")
    out = tmp_path / "out"
    run = subprocess.Popen(_batch(data, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_outputs(out)) < 20 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    workers = _children(run.pid)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert len(workers) >= 2, "the batch should have been running its workers"
    stop = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < stop:
        time.sleep(0.05)
    assert [pid for pid in workers if _running(pid)] == []

    settled = {p.name: p.read_bytes() for p in _outputs(out)}
    assert 20 <= len(settled) < FILES, "the kill should have landed mid-run"
    # A temporary file a killed writer left, as a kill between write and rename leaves it.
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    stale = out / f".999-progress.txt.{gone.stdout.strip()}.abcdefgh.tmp"
    stale.write_bytes(b"half")

    rerun = subprocess.run(_batch(data, out), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert "已另存" not in rerun.stdout + rerun.stderr
    unchanged = int(re.search(r"未变化 (\d+)", _summary(rerun.stdout)).group(1))  # type: ignore[union-attr]
    written = int(re.search(r"已生成 (\d+)", _summary(rerun.stdout)).group(1))  # type: ignore[union-attr]
    assert unchanged + written == FILES
    assert unchanged >= len(settled)  # every output the killed run finished was recorded
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [output_folder.MANIFEST, *(f"{i:03d}-progress.txt" for i in range(FILES))]
    )
    for name, content in settled.items():
        assert (out / name).read_bytes() == content
    manifest = json.loads((out / output_folder.MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == FILES
    for name, entry in manifest["outputs"].items():
        assert entry["content"] == output_folder.file_hash(out / name)

    again = subprocess.run(_batch(data, out), capture_output=True, text=True, check=False)
    assert _summary(again.stdout) == f"共 {FILES} 个文件：未变化 {FILES}"


def test_a_worker_whose_batch_is_gone_ends_itself(tmp_path: Path) -> None:
    """A worker started after its batch ended does not run a single job."""
    script = (
        "import os, sys\n"
        "from bulletin import batch\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    batch._init_pool_worker(batch._config(batch.Options(), True), os.getppid() + 10**7)\n"
        "    print('worker went on', flush=True)\n"
        "    os._exit(0)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout == "1\n"


def test_stale_temporary_files_of_dead_writers_go_and_live_ones_stay(tmp_path: Path) -> None:
    """Entering a folder removes a dead writer's temp files, keeps a live writer's and others'."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    names = {
        f".a-progress.docx.{gone}.abcdefgh.tmp": False,
        f".a-progress.txt.{os.getpid()}.abcdefgh.tmp": True,
        f".{output_folder.MANIFEST}.{gone}.x1y2z3w4.tmp": False,
        f".notes.{gone}.abcdefgh.tmp": True,  # not a file bulletin writes
        ".a-progress.md.abcdefgh.tmp": True,  # no writer named, and fresh
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    with output_folder.OutputFolder(tmp_path):
        pass
    assert {p.name for p in tmp_path.iterdir()} == {n for n, kept in names.items() if kept}


def test_two_text_batches_on_one_folder_at_once_make_no_copies_beside(tmp_path: Path) -> None:
    """The second run waits for the first's lock, then finds every output up to date."""
    data = tmp_path / "data"
    data.mkdir()
    for i in range(40):
        write_yaml(data / f"{i:03d}.yaml", minimal_report_data())
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            _batch(data, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    finished = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], finished
    summaries = sorted(_summary(stdout) for stdout, _ in finished)
    assert summaries == ["共 40 个文件：已生成 40", "共 40 个文件：未变化 40"]
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([output_folder.MANIFEST, *(f"{i:03d}-progress.txt" for i in range(40))])


_BROKEN = "输出记录无法读取（{}），已忽略；此目录中的文本输出若与新生成的不同，新文件会另存在旁边"
_INVALID = "输出记录中有 {} 条无效（文件名或内容不对），已忽略"
_ENTRY = {"content": "sha256:" + "0" * 64, "kind": "progress"}


@pytest.mark.parametrize(
    ("manifest", "says"),
    [
        (b"[" * 5000 + b"]" * 5000, _BROKEN.format("嵌套过深")),
        (b'{"outputs": [1, 2]}', _BROKEN.format("缺少 outputs 记录")),
        (b"\xff\xfe{}", _BROKEN.format("不是 UTF-8 文本")),
        (
            b'{"outputs": {',
            _BROKEN.format("不是有效的 JSON：第 1 行第 14 列"),
        ),
        (
            json.dumps(
                {
                    "outputs": {
                        "a-progress.txt": {**_ENTRY, "file": "../../secret.txt"},
                        "b-progress.txt": {**_ENTRY, "file": "x\u0000y"},
                        "c-progress.txt": {**_ENTRY, "file": "/etc/passwd"},
                        "../d-progress.txt": dict(_ENTRY),
                        "e-progress.txt": {**_ENTRY, "content": 7},
                        "f-progress.txt": "not an entry",
                    }
                }
            ).encode(),
            _INVALID.format(6),
        ),
    ],
    ids=["deeply-nested", "outputs-not-a-mapping", "not-utf8", "truncated", "bad-entries"],
)
def test_a_broken_manifest_is_a_located_warning_and_the_run_goes_on(
    tmp_path: Path, manifest: bytes, says: str
) -> None:
    """A manifest that is not ours is ignored with a warning naming it; nothing outside is read."""
    data = write_yaml(tmp_path / "2025-06.yaml", minimal_report_data())
    out = tmp_path / "out"
    out.mkdir()
    (out / output_folder.MANIFEST).write_bytes(manifest)
    secret = tmp_path / "secret.txt"
    secret.write_text("DB_PASSWORD=hunter2", encoding="utf-8")
    run = CliRunner().invoke(main, _batch(data, out)[3:])
    assert run.exit_code == 0, run.stderr
    assert f"{out / output_folder.MANIFEST}: 警告：{says}\n" in run.stderr
    assert "内部错误" not in run.stderr and "hunter2" not in run.stdout + run.stderr
    assert _summary(run.stdout) == "共 1 个文件：已生成 1"
    recorded = json.loads((out / output_folder.MANIFEST).read_text(encoding="utf-8"))
    assert sorted(recorded["outputs"]) == ["2025-06-progress.txt"]


@pytest.mark.parametrize(
    ("signum", "whom", "code"),
    [
        (signal.SIGINT, "group", 130),  # Ctrl+C reaches the terminal's whole process group
        (signal.SIGTERM, "batch", 143),  # as `kill PID` does
        (signal.SIGTERM, "group", 143),  # as a service manager stopping it does
    ],
    ids=["ctrl-c", "kill-the-batch", "kill-the-group"],
)
def test_a_stop_signal_ends_a_batch_at_once_in_chinese_and_leaves_nothing_half_written(
    tmp_path: Path, signum: int, whom: str, code: int
) -> None:
    """Ctrl+C or ``kill``: queued work dropped, no temp file, no worker left, exit 130 or 143."""
    data = _ledgers(tmp_path / "data")
    out = tmp_path / "out"
    run = subprocess.Popen(
        _batch(data, out),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,  # a group of its own, as a terminal gives a command
    )
    deadline = time.monotonic() + 60
    while len(_outputs(out)) < 20 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    workers = _children(run.pid)
    assert len(workers) >= 2, "the batch should have been running its workers"
    if whom == "batch":
        run.send_signal(signum)
    else:
        os.killpg(run.pid, signum)
    _stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == code, stderr
    assert stderr.rstrip("\n").splitlines()[-1] == (
        "已中断：写完的文件都已保留，没写完的不会留下；再次运行会接着做完"
    )
    assert "Traceback" not in stderr and "Aborted" not in stderr and "内部错误" not in stderr
    stop = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < stop:
        time.sleep(0.05)
    assert [pid for pid in workers if _running(pid)] == []
    names = [p.name for p in out.iterdir()]
    assert [n for n in names if n.endswith(".tmp")] == []
    assert len(_outputs(out)) < FILES, "the queued work should have been dropped"
    rerun = subprocess.run(_batch(data, out), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0 and "已另存" not in rerun.stdout + rerun.stderr
    assert len(_outputs(out)) == FILES


def _catches(pid: int, signum: int) -> bool:
    """Whether the process ``pid`` has a handler for ``signum`` (``SigCgt`` in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (signum - 1) & 1)


def test_sigterm_stops_a_render_and_leaves_nothing(tmp_path: Path) -> None:
    """``kill`` of a render that is working: nothing written, no temp file, exit 143."""
    data = minimal_report_data()
    project = data["projects"][0]
    data["projects"] = [{**project, "name": f"项目{i}"} for i in range(6000)]
    write_yaml(tmp_path / "big.yaml", data)
    run = subprocess.Popen(
        [sys.executable, "-c", "from bulletin.cli import main; main()", "render", "big.yaml"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 30
    while not _catches(run.pid, signal.SIGTERM) and time.monotonic() < deadline:
        time.sleep(0.005)
    run.send_signal(signal.SIGTERM)
    _stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == 143, stderr
    assert stderr.splitlines()[-1].startswith("已中断")
    assert [p.name for p in tmp_path.iterdir()] == ["big.yaml"]
