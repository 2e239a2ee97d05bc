"""YAML loading: positions of keys and values, exact numbers, and every way a file can fail."""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest

from bulletin.errors import DataError
from bulletin.load import data_of, load_bytes, load_path, load_text
from conftest import REPO

TEXT = """\
document:
  region: 示例市
projects:
  - name: 甲
    total: 0.1
  - name: 乙
    total: 1_000.50
    date: 2025-07-15
    bad_date: 2025-13-01
"""


def test_line_map_locates_values_and_keys() -> None:
    """Each value and key has its 1-based line and column, through lists."""
    loaded = load_text(TEXT, "data.yaml")
    assert loaded.lines.values[("document", "region")] == (2, 11)
    assert loaded.lines.keys[("document", "region")] == (2, 3)
    assert loaded.lines.values[("projects", 1)] == (6, 5)
    assert loaded.lines.keys[("projects", 1, "total")] == (7, 5)
    assert loaded.lines.values[("projects", 1, "total")] == (7, 12)


def test_line_map_falls_back_to_nearest_ancestor() -> None:
    """A path missing from the file is placed at its closest existing parent."""
    loaded = load_text(TEXT, "data.yaml")
    assert loaded.lines.value(("projects", 0, "unit")) == (4, 5)
    assert loaded.lines.key(("projects", 0, "unit")) == (4, 5)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(("projects", 0, "total"), Decimal("0.1"), id="float-is-exact-decimal"),
        pytest.param(("projects", 1, "total"), Decimal("1000.50"), id="underscores"),
        pytest.param(("projects", 1, "date"), dt.date(2025, 7, 15), id="date"),
        pytest.param(("projects", 1, "bad_date"), "2025-13-01", id="impossible-date-kept-as-text"),
    ],
)
def test_scalars_keep_their_meaning(path: tuple[str | int, ...], expected: object) -> None:
    """Floats come back as exact Decimals, dates as dates, impossible dates as their text."""
    value: object = load_text(TEXT).data
    for part in path:
        value = value[part]  # type: ignore[index]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("a: .inf\n", Decimal("Infinity"), id="infinity"),
        pytest.param("a: 1.5e+3\n", Decimal("1.5E+3"), id="exponent"),
    ],
)
def test_special_floats_become_decimal(text: str, value: Decimal) -> None:
    """No YAML float ever comes back as a Python float."""
    assert load_text(text).data["a"] == value


def test_duplicate_key_is_a_problem_not_a_stop() -> None:
    """A repeated key is reported at its second line, and loading goes on."""
    loaded = load_text("a: 1\nb: 2\na: 3\n", "d.yaml")
    assert [str(d) for d in loaded.problems] == [
        "d.yaml:3:1: a: 重复的键 'a'（第 1 行已写过，后写的会覆盖先写的）"
    ]


FAILURES = [
    pytest.param(b"", "d.yaml: 文件为空，没有任何数据", id="empty"),
    pytest.param(b"# comment only\n", "d.yaml: 文件为空，没有任何数据", id="comments-only"),
    pytest.param(b"~\n", "d.yaml: 文件为空，没有任何数据", id="null-document"),
    pytest.param(b"- a\n", "d.yaml:1:1: 文件顶层应为映射（键: 值），得到列表", id="top-list"),
    pytest.param(
        b"just text\n", "d.yaml:1:1: 文件顶层应为映射（键: 值），得到一段文字", id="top-str"
    ),
    pytest.param(
        b"a:\n\tb: 1\n\tc: 2\n",
        "d.yaml:2:1: YAML 不允许用制表符缩进，请改用空格\n"
        "d.yaml:3:1: YAML 不允许用制表符缩进，请改用空格",
        id="tabs-each-line",
    ),
    pytest.param(b"a: [1, 2\n", "d.yaml:2:1: 方括号列表未正确闭合", id="open-bracket"),
    pytest.param(
        b'a: "open\n',
        "d.yaml:1:4: 引号未闭合：此处开始的引号直到文件末尾都没有结束",
        id="open-quote",
    ),
    pytest.param(
        b"a: b: c\n",
        "d.yaml:1:5: 此处不能出现冒号（键: 值）：可能是缩进不对，或值中含冒号需加引号",
        id="colon-in-value",
    ),
    pytest.param(
        b"a: 1\n---\nb: 2\n", "d.yaml:2:1: 文件中只能有一个 YAML 文档（多了 ---）", id="two-docs"
    ),
    pytest.param(b"a: *nope\n", "d.yaml:1:4: 引用了未定义的锚点（*别名）", id="alias"),
    pytest.param(
        b"a: !!python/object:os.system x\n",
        "d.yaml:1:4: 不支持的 YAML 标签（!!…），请只写普通数据",
        id="unsafe-tag",
    ),
    pytest.param(
        "a: 中\n".encode("gbk"),
        "d.yaml:1:4: 文件不是 UTF-8 编码：字节偏移 3 处的 0xD6 无法解码"
        "（如用 GBK 保存，请另存为 UTF-8）",
        id="gbk",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), FAILURES)
def test_bad_files_raise_located_data_errors(raw: bytes, expected: str) -> None:
    """Every way a file fails to be a YAML mapping is a DataError naming the line."""
    with pytest.raises(DataError) as caught:
        load_bytes(raw, "d.yaml")
    assert str(caught.value) == expected


@pytest.mark.parametrize(("raw", "expected"), FAILURES)
def test_data_of_raises_as_a_load_does(raw: bytes, expected: str) -> None:
    """data_of (positions left out) refuses every bad text with load_text's own error."""
    text = raw.decode("utf-8", errors="replace")  # a file's bytes are load_bytes' to refuse
    try:
        loaded = load_text(text, "d.yaml")
    except DataError as loading:
        with pytest.raises(DataError) as reading:
            data_of(text, "d.yaml")
        assert str(reading.value) == str(loading)
    else:
        assert repr(data_of(text, "d.yaml")) == repr(loaded.data)


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "examples").glob("*.yaml")))
def test_data_of_reads_what_a_load_reads(name: str) -> None:
    """data_of gives the very data load_text does, numbers, dates and duplicates alike."""
    text = (REPO / "examples" / name).read_text(encoding="utf-8")
    assert repr(data_of(text, name)) == repr(load_text(text, name).data)
    odd = "a: 1\nb: [x, '2025-01-02', 0777, .5]\na: {c: *x}\n".replace("*x", "null")
    assert repr(data_of(odd)) == repr(load_text(odd).data)


def test_byte_order_mark_is_accepted() -> None:
    """A UTF-8 BOM, as Windows Notepad writes it, is not an error."""
    assert load_bytes("\ufeffa: 1\n".encode(), "d.yaml").data == {"a": 1}


def test_tab_inside_a_value_is_fine() -> None:
    """Tabs are refused only when the file does not parse; a tab in a text is data."""
    assert load_text('a: "x\ty"\nb: x\ty\n').data == {"a": "x\ty", "b": "x\ty"}


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(lambda d: d / "none.yaml", "文件不存在", id="missing"),
        pytest.param(lambda d: d, "这是一个目录，不是数据文件", id="directory"),
    ],
)
def test_unreadable_paths(tmp_path: Path, make: object, expected: str) -> None:
    """A missing file or a directory is a DataError named by the path as given."""
    target = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(DataError) as caught:
        load_path(target, "given.yaml")
    assert str(caught.value) == f"given.yaml: {expected}"


def test_load_path_names_the_file_as_given(tmp_path: Path) -> None:
    """Diagnostics carry the path as the caller wrote it."""
    (tmp_path / "x.yaml").write_text("a: [\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_path(tmp_path / "x.yaml")
    assert str(caught.value).startswith(f"{tmp_path / 'x.yaml'}:2:1: ")


def test_numbers_read_with_a_warning_are_located() -> None:
    """``total: 067600`` is 67600, with a warning at its line naming both readings."""
    loaded = load_text("a: 1\ntotal: 067600\nmonth: 02\n", "d.yaml")
    assert loaded.data == {"a": 1, "total": 67600, "month": 2}
    assert [str(d) for d in loaded.problems] == [
        "d.yaml:2:8: total: 警告：以 0 开头的数字 067600 按十进制读作 67600"
        "（有的软件会把它当作八进制数，建议去掉开头的 0）"
    ]


def test_quoted_values_are_always_text() -> None:
    """Quotes keep a value as written: no number, no boolean, no date."""
    data = load_text('a: "067600"\nb: \'true\'\nc: "2025-07-15"\nd: !!str 12\n').data
    assert data == {"a": "067600", "b": "true", "c": "2025-07-15", "d": "12"}


def test_yaml_1_1_forms_stay_text() -> None:
    """Hex, base 60, yes/no and a decimal comma are text for the field to refuse by name."""
    data = load_text("a: 0x10\nb: 1:30\nc: yes\nd: 67,6\ne: on\n").data
    assert data == {"a": "0x10", "b": "1:30", "c": "yes", "d": "67,6", "e": "on"}


def test_merge_keys_fill_in_what_the_mapping_lacks() -> None:
    """``<<: *base`` copies the anchored keys; keys written in the mapping win."""
    text = "base: &b {unit: 东城区, stage: 续建}\np: {<<: *b, stage: 新开工}\n"
    assert load_text(text).data["p"] == {"stage": "新开工", "unit": "东城区"}


def _alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_at_the_alias() -> None:
    """Half a kilobyte of nested aliases is a located error, not gigabytes and seconds."""
    import time

    text = _alias_bomb(10)
    assert len(text.encode()) < 600
    start = time.perf_counter()
    with pytest.raises(DataError) as caught:
        load_text(text, "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    message = str(caught.value)
    assert message.startswith("bomb.yaml:")
    assert message.split(":")[1].isdigit()
    assert "别名（*名称）展开后的数据超过 100,000 项" in message


def test_ordinary_aliases_are_fine() -> None:
    """A few aliases reusing a date or a block are read as shared values."""
    loaded = load_text("d: &d 2025-07-08\ne: *d\nu: &u {n: 1}\nv: [*u, *u]\n")
    assert loaded.data["e"] == dt.date(2025, 7, 8)
    assert loaded.data["v"] == [{"n": 1}, {"n": 1}]
    assert loaded.lines.value(("v", 1, "n")) == (4, 9)  # placed at the alias


@pytest.mark.parametrize(
    ("depth", "column"),
    [pytest.param(100, 67, id="hundred-levels"), pytest.param(5000, 1003, id="five-thousand")],
)
def test_nesting_too_deep_is_located(depth: int, column: int) -> None:
    """Deeply nested brackets are a located error, not a RecursionError."""
    text = "a: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(DataError) as caught:
        load_text(text, "deep.yaml")
    assert str(caught.value) == f"deep.yaml:1:{column}: 列表和映射嵌套超过 64 层，数据无法读取"


def test_literal_control_characters_each_get_a_line() -> None:
    """A raw BEL or ESC in the file is named with its line and column, each one."""
    text = "a: 1\nname: x\x07y\nb: 2\nc: \x1b[31m红\n"
    with pytest.raises(DataError) as caught:
        load_text(text, "c.yaml")
    assert str(caught.value) == (
        "c.yaml:2:8: 文件中有不可见的控制字符 U+0007，请删除\n"
        "c.yaml:4:4: 文件中有不可见的控制字符 U+001B，请删除"
    )


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        pytest.param("\\x07", "U+0007", id="bell"),
        pytest.param("\\0", "U+0000", id="nul"),
        pytest.param("\\e[31m", "U+001B", id="terminal-colour"),
    ],
)
def test_escaped_control_characters_are_errors_at_their_value(escape: str, code: str) -> None:
    """A control character written as an escape is an error at its value; loading goes on."""
    loaded = load_text(f'a: 1\nname: "甲{escape}乙"\n', "e.yaml")
    assert [str(d) for d in loaded.problems] == [
        f"e.yaml:2:7: name: 文字中有不可见的控制字符 {code}"
        "（多由 \\e、\\x07、\\0 这类转义写成），不能写入文书，请删除"
    ]


def test_a_quote_left_open_is_reported_where_it_opens() -> None:
    """A missing closing quote that swallows lines is reported at the quote, not lines later."""
    text = 'a: 1\nname: "东城区\nunit: 东城区\nstage: "续建"x\n'
    with pytest.raises(DataError) as caught:
        load_text(text, "q.yaml")
    assert str(caught.value) == (
        "q.yaml:2: 引号未闭合：此处开始的引号到第 4 行才结束，其间的内容被当成了文字"
    )


def test_a_quote_left_open_without_a_syntax_error_warns() -> None:
    """When the swallowed lines still parse, a warning points at the quote."""
    loaded = load_text('name: "东城区\nunit: 东城区"\n', "q.yaml")
    assert loaded.data == {"name": "东城区 unit: 东城区"}
    assert [str(d) for d in loaded.problems] == [
        "q.yaml:1: 警告：此处开始的引号到第 2 行才结束，其间有“键: 值”样的行：可能少写了结尾的引号"
    ]


def test_files_larger_than_the_limit_are_refused(tmp_path: Path) -> None:
    """A data file over the size limit is refused by name before it is parsed."""
    from bulletin.load import read_limited

    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(DataError) as caught:
        read_limited(path, "big.yaml", limit=100)
    assert str(caught.value) == (
        "big.yaml: 文件过大（0.0 MB，上限 0.0 MB），不像是项目台账，未读取"
    )


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    """A named pipe (or device) is refused at once instead of blocking or reading forever."""
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer, so opening does not block
    try:
        with pytest.raises(DataError) as caught:
            load_path(fifo, "pipe.yaml")
    finally:
        os.close(fd)
    assert str(caught.value) == "pipe.yaml: 是命名管道（FIFO），不能作为数据文件读取"


def test_a_pipe_without_a_writer_does_not_block(tmp_path: Path) -> None:
    """A named pipe is refused at once, and not even opened (that would let a writer through)."""
    import os
    import threading

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    opened = threading.Event()

    def writer() -> None:
        os.close(os.open(fifo, os.O_WRONLY))  # waits until the pipe is opened to read
        opened.set()

    threading.Thread(target=writer, daemon=True).start()
    with pytest.raises(DataError) as caught:
        load_path(fifo, "pipe.yaml")
    assert not opened.wait(0.2), "the pipe was opened"
    os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # let the writer go
    assert str(caught.value) == "pipe.yaml: 是命名管道（FIFO），不能作为数据文件读取"


_MUTATIONS = [*"[]{}:,-?*&!|>'\"%@`#\t\\ \n", '"\\ud800"', "\\x", "!!", "---", "...", "%YAML 1.1\n"]
_MUTATIONS += ["%TAG ! x\n", '"\\', "&a", "*a", "<<", "? ", "|0", ">9", "!<", "!a!b"]
# What may stand in a message in Latin letters: the format's name, escapes and code points.
_LATIN_ALLOWED = re.compile(r"YAML|U\+[0-9A-F]+|\\[a-z][0-9a-f]*|[A-Za-z]+\.yaml")


def test_every_syntax_error_of_a_damaged_file_is_said_in_chinese() -> None:
    """3,000 files damaged at random: each message is Chinese, none the parser's English."""
    base = (REPO / "tests" / "bad" / "unit_not_listed.yaml").read_text(encoding="utf-8")
    rng = random.Random(15)
    english: set[str] = set()
    for _ in range(3000):
        text = base
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            cut = at + (rng.random() < 0.3)
            text = text[:at] + rng.choice(["", *_MUTATIONS]) + text[cut:]
        try:
            load_text(text, "x.yaml")
        except DataError as error:
            for diagnostic in error.diagnostics:
                if re.search("[A-Za-z]", _LATIN_ALLOWED.sub("", diagnostic.message)):
                    english.add(diagnostic.message)
    assert sorted(english) == []


_BIDI = "文字中有不可见的文字方向控制字符 U+{}（会使文字倒序显示），不能写入文书，请删除"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "a: 东\u202e城区\nb: 1\n", "d.yaml:1:4: a: " + _BIDI.format("202E"), id="plain"
        ),
        pytest.param(
            'a: "东\\u202e城区"\nb: x\n', "d.yaml:1:4: a: " + _BIDI.format("202E"), id="escape"
        ),
        pytest.param("a: '东\u2066城区'\n", "d.yaml:1:4: a: " + _BIDI.format("2066"), id="single"),
        pytest.param(
            "a: |\n  东\u2067城区\n", "d.yaml:1:4: a: " + _BIDI.format("2067"), id="block"
        ),
        pytest.param(
            "东\u202e城区: 1\n", "d.yaml:1:1: 东\\u202e城区: " + _BIDI.format("202E"), id="key"
        ),
        pytest.param(
            '"东\\u202e城区": 1\n',
            "d.yaml:1:1: 东\\u202e城区: " + _BIDI.format("202E"),
            id="escaped-key",
        ),
        pytest.param(
            'a: "x\\uffff"\n',
            "d.yaml:1:4: a: 文字中有非字符 U+FFFF（不是可写入文书的字符），请删除",
            id="noncharacter-escape",
        ),
        pytest.param(
            'a: "东\\x07城区"\nb: 东城区\n',
            "d.yaml:1:4: a: 文字中有不可见的控制字符 U+0007（多由 \\e、\\x07、\\0 这类转义写成），"
            "不能写入文书，请删除",
            id="escaped-control",
        ),
    ],
)
def test_invisible_characters_are_found_however_written(text: str, expected: str) -> None:
    """A direction override or noncharacter is found in a key or value, literal or escaped
    (the file is searched once; only a double-quoted scalar's escapes are searched alone)."""
    assert [str(d) for d in load_text(text, "d.yaml").problems] == [expected]
