"""compose.py itself: user template folders, template errors, the sandbox, data kept inert."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bulletin.compose import Composer, compose
from bulletin.doctree import DocTree, Heading, Paragraph
from bulletin.errors import TemplateError
from bulletin.load import load_path
from bulletin.model import Report
from bulletin.source import load_report
from bulletin.writers.text import to_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"
USER_TEMPLATES = Path(__file__).resolve().parent / "fixtures" / "user_templates"
COMPOSER = Composer()


@cache
def _example() -> Report:
    return load_report(EXAMPLE)


def _edited(**names: str) -> Report:
    """The example with projects (by their old name) renamed: ``{old: new}``."""
    data: Any = copy.deepcopy(load_path(EXAMPLE).data)
    for p in data["projects"]:
        p["name"] = names.get(p["name"], p["name"])
    return load_report(data)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# A user folder in front of the built-ins


def test_user_template_overrides_one_block_and_keeps_the_rest() -> None:
    """A user's progress.j2 extending builtin/progress.j2 replaces only its opening."""
    builtin = compose(_example(), "progress", composer=COMPOSER)
    user = compose(_example(), "progress", composer=Composer([USER_TEMPLATES]))
    first = user.body[0]
    assert isinstance(first, Paragraph)
    assert first.text == (
        "今年以来，全市上下紧盯年度目标任务，重点项目建设保持良好态势。"
        "现将1—6月全市重点项目建设情况通报如下。"
    )
    assert builtin.body[0] != first
    assert user.body[1:] == builtin.body[1:]
    assert (user.title, user.attachments, user.signature, user.date, user.imprint) == (
        builtin.title,
        builtin.attachments,
        builtin.signature,
        builtin.date,
        builtin.imprint,
    )


def test_user_folder_changes_where_a_kind_is_loaded_from_not_the_kinds() -> None:
    """The user's file is the one loaded; ``builtin/…`` names are not listed as kinds."""
    user = Composer([USER_TEMPLATES])
    assert Path(user.template_path("progress")) == USER_TEMPLATES / "progress.j2"
    assert user.kinds() == COMPOSER.kinds()


def test_missing_user_folder_is_an_error() -> None:
    """A template folder that does not exist is reported, not silently skipped."""
    with pytest.raises(TemplateError, match="模板目录不存在"):
        Composer([USER_TEMPLATES / "nowhere"])


# ---------------------------------------------------------------------------
# Broken templates name their file and line

_BASE = '{% extends "_base.j2" %}\n{% block body %}\n'


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (_BASE + "全市项目{% if %}\n{% endblock %}\n", 3, "模板语法错误"),
        (_BASE + "\n共有{{ no_such_figure }}个项目。\n{% endblock %}\n", 4, "no_such_figure"),
        (_BASE + "{{ -1 | count }}\n{% endblock %}\n", 3, "negative"),
        (
            '{% extends "builtin/progress.j2" %}\n{% block opening %}\n{{ scope | pct }}\n'
            "{% endblock %}\n",
            3,
            "模板渲染失败",
        ),
        (_BASE + '{% do fail("缺少会议信息") %}\n{% endblock %}\n', 3, "缺少会议信息"),
    ],
    ids=[
        "syntax-error",
        "undefined-variable",
        "filter-raises",
        "error-in-block-over-builtin",
        "fail-helper",
    ],
)
def test_broken_template_error_names_file_and_line(
    tmp_path: Path, text: str, line: int, says: str
) -> None:
    """A template fault is a TemplateError naming the user's file and the faulty line."""
    _write(tmp_path, "broken.j2", text)
    with pytest.raises(TemplateError) as caught:
        compose(_example(), "broken", composer=Composer([tmp_path]))
    error = caught.value
    assert error.filename is not None
    assert Path(error.filename).name == "broken.j2"
    assert error.lineno == line
    assert f"broken.j2:{line}: " in str(error)
    assert says in str(error)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{% endif %}", "模板语法错误：{% endif %} 前面没有与之配对的 {% if %}"),
        ("{% else %}", "模板语法错误：{% else %} 前面没有与之配对的 {% if %}"),
        (
            "{% for p in report.projects %}{% endif %}",
            "模板语法错误：{% endif %} 前面没有与之配对的 {% if %}"
            "（{% for %} 要用 {% endfor %} 结束）",
        ),
        ("{{ report is nosuchtest }}", "模板语法错误：没有名为 'nosuchtest' 的测试"),
        ("{% set x = 1 2 %}", "模板语法错误：{% … %} 中的写法有误，或没有用 %} 结束"),
        (
            '{{ "a" ~ }}',
            "模板语法错误：表达式没有写完，或有多余的符号"
            "（Jinja：unexpected 'end of print statement'）",
        ),
        (
            "{{ report.projects[0].nmae }}",
            "模板渲染失败：Project 没有属性 'nmae'（您是不是要用 'name'？）",
        ),
        (
            "{{ {'name': 1}.nmae }}",
            "模板渲染失败：dict 中没有 'nmae' 这一项（您是不是要用 'name'？）",
        ),
        (
            "{{ report.__class__ }}",
            "模板渲染失败：模板不能读取 Report 的属性 '__class__'（沙箱不允许）",
        ),
        ("{{ 1 / 0 }}", "模板渲染失败：division by zero"),
    ],
    ids=[
        "stray-end-tag",
        "stray-else",
        "end-tag-of-another-block",
        "unknown-test",
        "statement-not-closed",
        "expression-unfinished",
        "attribute-typo",
        "key-typo",
        "sandbox",
        "rare-kind-keeps-python-words",
    ],
)
def test_template_faults_are_said_in_chinese_at_their_line(
    tmp_path: Path, body: str, says: str
) -> None:
    """Jinja's English is a Chinese sentence for the common faults; rare ones keep its words."""
    _write(tmp_path, "broken.j2", _BASE + body + "\n{% endblock %}\n")
    with pytest.raises(TemplateError) as caught:
        compose(_example(), "broken", composer=Composer([tmp_path]))
    assert str(caught.value) == f"{tmp_path / 'broken.j2'}:3: {says}"


def test_fail_message_is_not_dressed_as_a_template_fault(tmp_path: Path) -> None:
    """``fail(message)`` reports the template's own words, not 模板渲染失败."""
    _write(tmp_path, "needs.j2", _BASE + '{% do fail("缺少会议信息") %}\n{% endblock %}\n')
    with pytest.raises(TemplateError) as caught:
        compose(_example(), "needs", composer=Composer([tmp_path]))
    assert str(caught.value).endswith("needs.j2:3: 缺少会议信息")


# ---------------------------------------------------------------------------
# The sandbox


@pytest.mark.parametrize(
    "expression",
    [
        "report.__class__.__mro__",
        "''.__class__",
        "ind.__init__.__globals__",
        "report.projects[0].__class__.__subclasses__()",
    ],
    ids=["report-mro", "str-class", "function-globals", "subclasses"],
)
def test_sandbox_refuses_internals(tmp_path: Path, expression: str) -> None:
    """Reaching for Python internals from a template is refused with a TemplateError."""
    _write(tmp_path, "probe.j2", _BASE + "{{ " + expression + " }}\n{% endblock %}\n")
    with pytest.raises(TemplateError, match="（沙箱不允许）"):
        compose(_example(), "probe", composer=Composer([tmp_path]))


# ---------------------------------------------------------------------------
# Data is data


def _probe(tmp_path: Path, report: Report) -> DocTree:
    """Render a user template that prints the first two project names as paragraphs."""
    _write(
        tmp_path,
        "probe.j2",
        '{% extends "_base.j2" %}\n'
        "{% block title %}{{ report.projects[0].name }}{% endblock %}\n"
        "{% block body %}\n{{ report.projects[0].name }}\n\n{{ report.projects[1].name }}\n"
        "{% endblock %}\n",
    )
    return compose(report, "probe", composer=Composer([tmp_path]))


FIRST = "示例市第二人民医院门诊综合楼"
SECOND = "东城区老旧小区改造提升工程（二期）"
LAGGING = "东城区智慧停车场建设项目"  # named in the example's 存在的问题


@pytest.mark.parametrize(
    "name",
    ["{{ 7*7 }}号楼", "{% if true %}一{% endif %}号楼", "{# 注释 #}号楼"],
    ids=["expression", "statement", "comment"],
)
def test_data_is_never_rendered_as_a_template(tmp_path: Path, name: str) -> None:
    """Jinja syntax in a name prints literally, in a user template and in the built-in one."""
    report = _edited(**{FIRST: name, LAGGING: name + "（二）"})
    tree = _probe(tmp_path, report)
    assert tree.title == name
    assert isinstance(tree.body[0], Paragraph)
    assert tree.body[0].text == name
    text = to_text(compose(report, "progress", composer=COMPOSER))
    # A name ending in its own brackets takes the reason after a colon, not a second bracket.
    assert name + "（二）：选址调整，规划方案需重新审批" in text
    assert "49号楼" not in text


@pytest.mark.parametrize(
    "name",
    ["# 一号楼", "## 二号楼", "#### 四号楼", "**重点**工程", "一号楼**"],
    ids=["hash-h1", "hash-h2", "hash-h4", "double-star", "dangling-stars"],
)
def test_markup_characters_in_names_stay_text(tmp_path: Path, name: str) -> None:
    """A name starting with ``# `` or holding ``**`` is neither a heading nor emphasis."""
    report = _edited(**{FIRST: name, SECOND: "**" + name + "**", LAGGING: name + "（二）"})
    tree = _probe(tmp_path, report)
    assert tree.title == name
    assert all(isinstance(b, Paragraph) for b in tree.body)
    assert [b.text for b in tree.body if isinstance(b, Paragraph)] == [name, "**" + name + "**"]
    assert all(r.emphasis is None for b in tree.body if isinstance(b, Paragraph) for r in b.runs)
    progress = compose(report, "progress", composer=COMPOSER)
    named = [
        b
        for b in progress.body
        if isinstance(b, Heading) and name in b.label + "".join(r.text for r in b.body)
    ]
    assert named, "the lagging project should be named in 存在的问题"
    assert all(r.emphasis is None for b in named for r in b.body)
    assert not any(
        isinstance(b, Heading) and b.text.startswith(name.lstrip("# ")) for b in progress.body
    )


# ---------------------------------------------------------------------------
# Compiled templates kept between runs


def _counting_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every template Jinja compiles from source (a cache hit compiles none)."""
    import jinja2

    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile_(self: Any, source: Any, name: Any = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    return compiled


def test_templates_compiled_once_are_loaded_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second process-like start (a new Composer) compiles nothing: the code comes from disk."""
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    compiled = _counting_compiles(monkeypatch)
    first = compose(_example(), "progress", composer=Composer())
    assert {"progress.j2", "_base.j2", "_macros.j2"} <= set(compiled)
    assert list((tmp_path / "cache").glob("templates-*/*.jinja"))
    compiled.clear()
    second = compose(_example(), "progress", composer=Composer())
    assert compiled == []
    assert to_text(second) == to_text(first)


def test_a_changed_template_is_picked_up_despite_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited template is compiled anew, even with its old modification time."""
    import os

    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    folder.mkdir()
    path = _write(folder, "mine.j2", _BASE + "甲方案\n{% endblock %}\n")
    stamp = path.stat()
    assert "甲方案" in to_text(compose(_example(), "mine", composer=Composer([folder])))
    _write(folder, "mine.j2", _BASE + "乙方案\n{% endblock %}\n")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    text = to_text(compose(_example(), "mine", composer=Composer([folder])))
    assert "乙方案" in text and "甲方案" not in text


@pytest.mark.parametrize(
    "setting",
    [pytest.param("off", id="switched-off"), pytest.param("unwritable", id="unwritable-folder")],
)
def test_without_a_usable_cache_templates_still_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    """Caching off, or a cache folder that cannot be made, changes nothing but speed."""
    if setting == "unwritable":
        blocker = tmp_path / "file"
        blocker.write_text("not a folder", encoding="utf-8")
        setting = str(blocker / "cache")
    monkeypatch.setenv("BULLETIN_CACHE_DIR", setting)
    tree = compose(_example(), "progress", composer=Composer())
    assert to_text(tree) == to_text(compose(_example(), "progress", composer=COMPOSER))
