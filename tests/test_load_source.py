"""Reading a data file end to end: referenced files, cycles, cross-file warnings, hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.errors import DataError
from bulletin.source import check_file, check_files, load_report, read_source, source_hash
from conftest import EXAMPLES, minimal_report_data


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _month(month: int, completed: int = 1500, **top: Any) -> dict[str, Any]:
    data = minimal_report_data()
    data["period"]["month"] = month
    data["projects"][0]["completed"] = completed
    data.update(top)
    return data


def test_examples_previous_is_attached_one_level_deep() -> None:
    """June's report carries May's; May's own April is not read, as no figure needs it."""
    report, warnings = read_source(EXAMPLES / "2025-06.yaml")
    assert warnings == ()
    assert report.source_file == str(EXAMPLES / "2025-06.yaml")
    assert report.previous_report is not None
    assert report.previous_report.period.month == 5
    assert report.previous_report.previous == "2025-04.yaml"
    assert report.previous_report.previous_report is None
    assert report.last_year_report is None  # given inline in the examples


def test_relative_paths_are_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A previous file is found beside the naming file, whatever the working directory."""
    sub = tmp_path / "data"
    sub.mkdir()
    _write(sub / "05.yaml", _month(5, 1000))
    _write(sub / "06.yaml", _month(6, previous="05.yaml"))
    monkeypatch.chdir(tmp_path)
    report = load_report("data/06.yaml")
    assert report.previous_report is not None
    assert report.previous_report.source_file == str(Path("data") / "05.yaml")


def test_missing_previous_is_an_error_at_its_key(tmp_path: Path) -> None:
    """A previous file that does not exist is reported at the line of ``previous``."""
    path = _write(tmp_path / "06.yaml", _month(6, previous="gone.yaml"))
    line = path.read_text(encoding="utf-8").splitlines().index("previous: gone.yaml") + 1
    with pytest.raises(DataError) as caught:
        read_source(path, filename="06.yaml")
    assert (
        str(caught.value)
        == f"06.yaml:{line}:11: previous: 上期文件 'gone.yaml' 不存在（相对于本文件所在目录）"
    )


def _special(kind: str, path: Path) -> None:
    """Make ``kind`` at ``path``: a folder, a named pipe, a device or a socket."""
    import os
    import socket
    import stat

    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
        except PermissionError:
            pytest.skip("making a device needs root")
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(os.fspath(path))
        server.close()


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("key", ["previous", "last_year"])
@pytest.mark.parametrize(
    ("kind", "name", "says"),
    [
        ("folder", "05.yaml", "是文件夹"),
        ("folder", "五月", "是文件夹"),
        ("fifo", "05.yaml", "是命名管道（FIFO）"),
        ("device", "05.yaml", "是设备文件"),
        ("socket", "05.yaml", "是套接字"),
    ],
    ids=["folder", "folder-no-suffix", "fifo", "device", "socket"],
)
def test_a_reference_to_what_is_no_file_says_what_it_is_at_its_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    kind: str,
    name: str,
    says: str,
) -> None:
    """A folder, pipe, device or socket named as another period is called so, never opened."""
    import os
    import threading

    monkeypatch.chdir(tmp_path)
    _special(kind, tmp_path / name)
    path = _write(tmp_path / "06.yaml", _month(6, **{key: name}))
    line = path.read_text(encoding="utf-8").splitlines().index(f"{key}: {name}") + 1
    words = {"previous": "上期", "last_year": "上年同期"}[key]
    opened = threading.Event()
    if kind == "fifo":
        # A writer waits until someone opens the pipe to read: that would be us.
        def writer() -> None:
            fd = os.open(tmp_path / name, os.O_WRONLY)
            opened.set()
            os.close(fd)

        threading.Thread(target=writer, daemon=True).start()
    result = CliRunner().invoke(main, ["render", "06.yaml", "-f", "txt"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"06.yaml:{line}:{len(key) + 3}: {key}: {words}文件 '{name}' {says}，不是数据文件，未读取\n"
    )
    assert not opened.wait(0.2), "the named pipe was opened"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["06.yaml", name])
    if kind == "fifo":
        os.close(os.open(tmp_path / name, os.O_RDONLY | os.O_NONBLOCK))  # let the writer go


@pytest.mark.parametrize("key", ["previous", "last_year"])
@pytest.mark.parametrize(
    ("form", "says"),
    [
        ("{target}", "文件 '{target}' 不在本文件所在的文件夹内，为安全起见未读取"),
        ("{{file: {target}}}", "未知字段 'file'"),
        ("{{file: {target}, completed: 1}}", "未知字段 'file'"),
    ],
    ids=["string", "mapping", "mapping-with-figures"],
)
@pytest.mark.parametrize("where", ["absolute", "relative"])
def test_a_file_outside_the_folder_is_read_in_no_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, form: str, says: str, where: str
) -> None:
    """``previous: ../x`` and ``previous: {file: ../x}``: both refused at the key, nothing read."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("projects: DB_PASSWORD=hunter2\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    target = str(secret) if where == "absolute" else "../secret.yaml"
    text = yaml.safe_dump(_month(6), allow_unicode=True, sort_keys=False)
    text += f"{key}: {form.format(target=target)}\n"
    path = data / "06.yaml"
    path.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    monkeypatch.chdir(data)
    words = {"previous": "上期", "last_year": "上年同期"}[key]
    expected = says.format(target=target)
    for args in (["check", "06.yaml"], ["render", "06.yaml", "-f", "txt"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        said = result.stderr.splitlines()[0]
        assert said.startswith(f"06.yaml:{line}:"), said
        assert (f": {key}: {words}{expected}" in said) or (f": {key}.file: {expected}" in said)
        assert "hunter2" not in result.output
    assert sorted(p.name for p in data.iterdir()) == ["06.yaml"]
    mapping = yaml.safe_load(text)
    with pytest.raises(DataError) as caught:
        load_report(mapping, filename=str(path))
    assert "hunter2" not in str(caught.value) and expected in str(caught.value)


def test_errors_of_a_referenced_file_are_reported_with_it(tmp_path: Path) -> None:
    """A broken last_year file gives its own located errors and a note at the reference."""
    _write(tmp_path / "2024.yaml", _month(6, stage_typo=1))
    path = _write(tmp_path / "06.yaml", _month(6, last_year="2024.yaml"))
    diagnostics = [str(d) for d in check_file(path)]
    assert len(diagnostics) == 2
    assert diagnostics[0].startswith(f"{tmp_path / '2024.yaml'}:")
    assert diagnostics[0].endswith("stage_typo: 未知字段 'stage_typo'")
    assert diagnostics[1].endswith("last_year: 上年同期文件 '2024.yaml' 有错误")


def test_cycles_are_refused(tmp_path: Path) -> None:
    """Two files naming each other as previous stop with an error, not a recursion."""
    _write(tmp_path / "a.yaml", _month(6, previous="b.yaml"))
    _write(tmp_path / "b.yaml", _month(5, previous="a.yaml"))
    messages = [d.message for d in check_file(tmp_path / "a.yaml")]
    assert messages == ["上期文件循环引用：a.yaml → b.yaml → a.yaml", "上期文件 'b.yaml' 有错误"]


def test_self_reference_is_a_cycle(tmp_path: Path) -> None:
    """A file naming itself as previous is a cycle too."""
    _write(tmp_path / "a.yaml", _month(6, previous="a.yaml"))
    assert [d.message for d in check_file(tmp_path / "a.yaml")] == [
        "上期文件循环引用：a.yaml → a.yaml"
    ]


CROSS_FILE = [
    pytest.param(
        {"previous": "other.yaml"},
        _month(6),
        "previous: 警告：上期文件的统计期（2025年1—6月）不早于本期（2025年1—6月）",
        id="previous-not-earlier",
    ),
    pytest.param(
        {"previous": "other.yaml"},
        _month(5, completed=2000),
        "projects[0].completed: 警告：累计完成投资 1500 万元少于上期的 2000 万元"
        "（本年累计数不应减少）",
        id="cumulative-decreased",
    ),
    pytest.param(
        {"last_year": "other.yaml"},
        _month(5),
        "last_year: 警告：上年同期文件的统计期应为 2024年1—6月，实为 2025年1—5月",
        id="last-year-wrong-period",
    ),
]


@pytest.mark.parametrize(("reference", "other", "expected"), CROSS_FILE)
def test_warnings_across_files(
    tmp_path: Path, reference: dict[str, str], other: dict[str, Any], expected: str
) -> None:
    """Figures that disagree with the referenced file are warnings of the naming file."""
    _write(tmp_path / "other.yaml", other)
    path = _write(tmp_path / "main.yaml", _month(6, **reference))
    report, warnings = read_source(path, filename="main.yaml")
    assert [str(w).split(": ", 1)[1] for w in warnings] == [expected]
    assert report is not None


def test_load_report_from_mapping_resolves_only_with_a_filename(tmp_path: Path) -> None:
    """A mapping's previous file is found beside ``filename``, and left alone without one."""
    _write(tmp_path / "05.yaml", _month(5, 1000))
    data = _month(6, previous="05.yaml")
    with_name = load_report(data, filename=str(tmp_path / "06.yaml"))
    assert with_name.previous_report is not None
    without = load_report(data)
    assert without.previous_report is None
    assert without.previous == "05.yaml"


def test_load_report_raises_every_error() -> None:
    """load_report raises one DataError holding all the errors of the data."""
    data = _month(13, stage_typo=1)
    with pytest.raises(DataError) as caught:
        load_report(data, filename="x.yaml")
    assert [d.path for d in caught.value.errors] == [("period", "month"), ("stage_typo",)]


def test_check_file_never_raises_for_bad_data(tmp_path: Path) -> None:
    """check_file returns the problems of a missing or broken file instead of raising."""
    assert [d.message for d in check_file(tmp_path / "none.yaml")] == ["文件不存在"]


def test_check_files_keeps_the_order_given() -> None:
    """check_files answers each path in the order given, as it was written."""
    paths = [str(EXAMPLES / "2025-02.yaml"), str(EXAMPLES / "2025-01.yaml")]
    assert check_files(paths) == [(paths[0], []), (paths[1], [])]


def test_source_hash_follows_referenced_files(tmp_path: Path) -> None:
    """The hash changes when a previous file changes, and is stable otherwise."""
    _write(tmp_path / "05.yaml", _month(5, 1000))
    path = _write(tmp_path / "06.yaml", _month(6, previous="05.yaml"))
    first = source_hash(path)
    assert source_hash(path) == first and len(first) == 64
    _write(tmp_path / "05.yaml", _month(5, 1200))
    assert source_hash(path) != first


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("previous: a.yaml\n", id="self-cycle"),
        pytest.param("previous: none.yaml\n", id="missing-reference"),
        pytest.param("a: [\n", id="broken-yaml"),
    ],
)
def test_source_hash_works_on_bad_files(tmp_path: Path, text: str) -> None:
    """Hashing never fails on a file that would not validate."""
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    assert len(source_hash(tmp_path / "a.yaml")) == 64


SECRET = "hunter2-SECRET"

OUTSIDE = [
    pytest.param(
        "../secret/id_ed25519", "不在本文件所在的文件夹内，为安全起见未读取", id="parent-folder"
    ),
    pytest.param(
        "../secret/notes.yaml",
        "不在本文件所在的文件夹内，为安全起见未读取",
        id="parent-folder-yaml",
    ),
    pytest.param("/etc/shadow", "不在本文件所在的文件夹内，为安全起见未读取", id="absolute"),
    pytest.param(
        ".env",
        "不是数据文件（应为 .yaml、.yml、.xlsx、.xlsm、.xls、.ods 或 .et 文件），未读取",
        id="dotenv",
    ),
    pytest.param("link.yaml", "不在本文件所在的文件夹内，为安全起见未读取", id="symlink-out"),
    pytest.param("env.yaml", "不是数据文件，未使用", id="yaml-but-not-data"),
]


@pytest.mark.parametrize(("target", "message"), OUTSIDE)
def test_referenced_files_stay_in_the_folder_and_are_never_quoted(
    tmp_path: Path, target: str, message: str
) -> None:
    """A reference outside the folder, or to a file that is not data, is refused unquoted."""
    data, secret = tmp_path / "data", tmp_path / "secret"
    data.mkdir()
    secret.mkdir()
    (secret / "id_ed25519").write_text(f"-----BEGIN KEY-----\n{SECRET}\n", encoding="utf-8")
    _write(secret / "notes.yaml", _month(5))
    (data / ".env").write_text(f"DB_PASSWORD={SECRET}\n", encoding="utf-8")
    (data / "env.yaml").write_text(f"DB_PASSWORD: {SECRET}\n", encoding="utf-8")
    (data / "link.yaml").symlink_to(secret / "notes.yaml")
    path = _write(data / "06.yaml", _month(6, previous=target))
    with pytest.raises(DataError) as caught:
        read_source(path, filename="06.yaml")
    assert [d.message for d in caught.value.diagnostics] == [
        f"上期文件 '{target}' {message}"
        + ("（请把它放进本文件夹，或由调用方允许它所在的文件夹）" if "文件夹内" in message else "")
    ]
    printed = CliRunner().invoke(main, ["check", str(path)])
    for text in (str(caught.value), printed.output):
        assert SECRET not in text


def test_a_folder_the_caller_allows_may_be_referenced(tmp_path: Path) -> None:
    """``allow=`` lets a file name a previous period kept in another folder."""
    shared, data = tmp_path / "shared", tmp_path / "data"
    shared.mkdir()
    data.mkdir()
    _write(shared / "05.yaml", _month(5, 1000))
    path = _write(data / "06.yaml", _month(6, previous="../shared/05.yaml"))
    with pytest.raises(DataError):
        load_report(path)
    report = load_report(path, allow=[shared])
    assert report.previous_report is not None
    assert report.previous_report.projects[0].completed == 1000


@pytest.mark.parametrize(
    ("target", "message"),
    [
        pytest.param("05\0.yaml", "上期文件名中有控制字符或空字符，不是有效的文件名", id="nul"),
        pytest.param(
            "长" * 5000 + ".yaml", "上期文件名过长（5,005 个字符），不是有效的文件名", id="long"
        ),
    ],
)
def test_impossible_file_names_are_located_errors(
    tmp_path: Path, target: str, message: str
) -> None:
    """A NUL or a 5,000-character name is an error at the reference, not an internal error."""
    path = _write(tmp_path / "06.yaml", _month(6, previous=target))
    diagnostics = check_file(path)
    assert diagnostics[-1].message == message
    assert diagnostics[-1].line is not None


def test_a_chain_of_400_months_reads_two_files(tmp_path: Path) -> None:
    """Each file naming the one before: no recursion, and only the previous month is read."""
    for i in range(400):
        data = _month(6, completed=1000 + i)
        if i:
            data["previous"] = f"{i - 1:03d}.yaml"
        _write(tmp_path / f"{i:03d}.yaml", data)
    (tmp_path / "000.yaml").write_text("broken: [\n", encoding="utf-8")  # never read
    report, _warnings = read_source(tmp_path / "399.yaml")
    assert report.previous_report is not None
    assert report.previous_report.projects[0].completed == 1398
    assert report.previous_report.previous_report is None


def test_hash_covers_only_the_files_a_document_is_made_from(tmp_path: Path) -> None:
    """Changing April does not make June stale: June is made from June and May."""
    _write(tmp_path / "04.yaml", _month(4, 800))
    _write(tmp_path / "05.yaml", _month(5, 1000, previous="04.yaml"))
    path = _write(tmp_path / "06.yaml", _month(6, previous="05.yaml"))
    first = source_hash(path)
    _write(tmp_path / "04.yaml", _month(4, 900))
    assert source_hash(path) == first
    _write(tmp_path / "05.yaml", _month(5, 1100, previous="04.yaml"))
    assert source_hash(path) != first


def test_hash_never_reads_outside_the_folder(tmp_path: Path) -> None:
    """A reference outside the folder is hashed by its name: changing that file changes nothing."""
    data = tmp_path / "data"
    data.mkdir()
    outside = _write(tmp_path / "05.yaml", _month(5, 1000))
    path = _write(data / "06.yaml", _month(6, previous="../05.yaml"))
    first = source_hash(path)
    _write(outside, _month(5, 1200))
    assert source_hash(path) == first
