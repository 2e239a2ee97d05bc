"""YAML loading: positions of keys and values, exact numbers, and every way a file can fail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from bulletin.errors import DataError
from bulletin.load import load_bytes, load_path, load_text

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
        b"just text\n", "d.yaml:1:1: 文件顶层应为映射（键: 值），得到 'just text'", id="top-str"
    ),
    pytest.param(
        b"a:\n\tb: 1\n\tc: 2\n",
        "d.yaml:2:1: YAML 不允许用制表符缩进，请改用空格\n"
        "d.yaml:3:1: YAML 不允许用制表符缩进，请改用空格",
        id="tabs-each-line",
    ),
    pytest.param(b"a: [1, 2\n", "d.yaml:2:1: 方括号列表未正确闭合", id="open-bracket"),
    pytest.param(b'a: "open\n', "d.yaml:2:1: 文件意外结束：引号或括号未闭合", id="open-quote"),
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
