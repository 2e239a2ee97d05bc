"""What templates are given: every string escaped however it is reached, nothing they can change."""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bulletin import compose as compose_module
from bulletin import process
from bulletin.compose import Composer, build_context, compose
from bulletin.errors import TemplateError
from bulletin.indicators import compute
from bulletin.load import load_path
from bulletin.model import OCCASIONS, Report
from bulletin.source import load_report
from bulletin.writers.text import to_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2025-06.yaml"

# A private-use character (how offices type rare characters: kept), the two
# markup characters (escaped), and one of compose's structure marks (dropped).
HOSTILE = "\ue002#*\ufdd2"
# Keys whose values are words bulletin reads, not text it prints.
_CODES = {"stage", "level", "planned_completion", "amount_unit", "number"}


def _hostile(value: Any, key: str = "") -> Any:
    """``value`` with every printed string of the data given the hostile suffix."""
    if isinstance(value, dict):
        return {k: _hostile(v, k) for k, v in value.items() if k not in ("previous", "last_year")}
    if isinstance(value, list):
        return [_hostile(v, key) for v in value]
    if key == "kind" and value in OCCASIONS:
        return value  # a code word of the model (meeting.kind), like stage and level
    if isinstance(value, str) and key not in _CODES and not re.fullmatch(r"[\d.,]+\D{0,2}", value):
        return value + HOSTILE
    return value


@cache
def _hostile_report() -> Report:
    data = _hostile(copy.deepcopy(load_path(EXAMPLE).data))
    data.setdefault("targets", {})["others"] = {"营商" + HOSTILE: "环境" + HOSTILE}
    data["highlights"] = ["# 假标题 **粗**" + HOSTILE, {"heading": "要点" + HOSTILE, "body": "#x*"}]
    return load_report(data)


_SCALARS = (int, float, Decimal, Fraction, bool, dt.date, type(None))


def _walk(value: Any, path: str, seen: dict[int, Any], strings: list[tuple[str, str]]) -> None:
    """Collect every string reachable from ``value`` as a template reaches it; fail on mutables."""
    if isinstance(value, str):
        strings.append((path, value))
        return
    if isinstance(value, _SCALARS) or id(value) in seen:
        return
    seen[id(value)] = value  # kept alive, so that no id is reused
    if isinstance(value, tuple | frozenset):
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]", seen, strings)
    elif isinstance(value, compose_module._FrozenMapping):
        for key, item in value.items():
            _walk(key, f"{path}.<key>", seen, strings)
            _walk(item, f"{path}[{key!r}]", seen, strings)
        source = value._source  # a mapping with attributes of its own (judge.words)
        for name in dir(source) if source is not None else ():
            if not name.startswith("_") and not callable(getattr(source, name)):
                _walk(getattr(value, name), f"{path}.{name}", seen, strings)
    elif isinstance(value, compose_module._ReadOnly):
        for name in dir(value._ro_target):
            if name.startswith(("_", "model_")):
                continue  # refused by the sandbox; pydantic's own machinery
            _walk(getattr(value, name), f"{path}.{name}", seen, strings)
    elif not isinstance(value, compose_module._ReadOnlyCall):
        pytest.fail(f"{path}: a {type(value).__name__} reaches templates as it is")


def test_every_string_of_the_whole_context_is_escaped_and_every_container_read_only() -> None:
    """Walking all a template can reach — attributes, items, keys — finds only inert text."""
    report = _hostile_report()
    context = build_context(report, compute(report), audit=True)
    strings: list[tuple[str, str]] = []
    seen: dict[int, Any] = {}
    for name, value in context.items():
        _walk(compose_module._freeze(value), name, seen, strings)
    paths = {path for path, _ in strings}
    assert any("by_category.<key>" in p for p in paths), "category keys were not reached"
    assert "targets.others.<key>" in paths
    assert any(p.startswith("judge.words.") for p in paths)
    assert any(p.startswith("report.projects[") for p in paths)
    faulty = [(p, s) for p, s in strings if re.search("[*#\ufdd0-\ufdd4\ufdd7-\ufdef]", s)]
    assert faulty == []
    hostile = [s for _, s in strings if "\ue002" in s]
    assert len(hostile) > 100
    assert all(s.endswith("\ue002\ufdd6\ufdd5") for s in hostile if s.endswith("\ufdd5"))


def test_private_use_character_in_a_category_leaves_the_document_whole() -> None:
    """``产业\\ue002转型`` as a category prints as written, and the bulletin goes on to its end."""
    data = load_path(EXAMPLE).data
    data = copy.deepcopy(data)
    data.pop("previous", None)
    data["categories"] = ["产业\ue002转型" if c == "产业转型" else c for c in data["categories"]]
    for project in data["projects"]:
        if project.get("category") == "产业转型":
            project["category"] = "产业\ue002转型"
    text = to_text(compose(load_report(data), "progress"))
    assert "按项目类别分，产业\ue002转型项目34个，年度计划投资占44.7%；基础设施项目20个" in text
    assert "四、下步工作要求" in text or "三、下步工作要求" in text
    assert text.rstrip().endswith("印发")


def test_markup_in_data_reached_through_a_mapping_stays_text(tmp_path: Path) -> None:
    """Keys and values met by iterating a mapping are escaped like any other data."""
    (tmp_path / "others.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n'
        "{% for name, text in targets.others.items() %}\n{{ name }}：{{ text }}\n\n{% endfor %}\n"
        "{% for name in ind.portfolio.by_category %}\n{{ name }}\n\n{% endfor %}\n"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    tree = compose(_hostile_report(), "others", composer=Composer([tmp_path]))
    texts = [getattr(b, "text", None) for b in tree.body]
    assert texts[0] == "营商\ue002#*：环境\ue002#*"
    assert texts[1] == "产业转型\ue002#*"
    assert all(type(b).__name__ == "Paragraph" for b in tree.body)
    assert all(r.emphasis is None for b in tree.body for r in getattr(b, "runs", ()))


MUTATIONS = [
    pytest.param("{% do report.projects.pop() %}", id="list-pop"),
    pytest.param('{% do report.projects[0].problems.append("x") %}', id="nested-list-append"),
    pytest.param("{% do ind.portfolio.by_category.clear() %}", id="mapping-clear"),
    pytest.param('{% do dict.update(targets.others, 甲="乙") %}', id="dict-update-unbound"),
    pytest.param("{% do settings.size_bands.reverse() %}", id="settings-reverse"),
    pytest.param("{% do ind.projects.sort() %}", id="indicator-list-sort"),
    pytest.param('{% do report.projects[0].__dict__.update(name="x") %}', id="object-dict"),
]


@pytest.mark.parametrize("statement", MUTATIONS)
def test_a_template_cannot_change_the_data_others_render_from(
    tmp_path: Path, statement: str
) -> None:
    """A mutating call fails with a located error, and the data renders as before for everyone."""
    report = load_report(EXAMPLE)
    ind = compute(report)
    before = to_text(compose(report, "speech", indicators=ind))
    pristine = copy.deepcopy(report)
    (tmp_path / "progress.j2").write_text(
        '{% extends "builtin/progress.j2" %}\n{% block opening %}\n'
        + statement
        + "\n{% endblock %}\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        compose(report, "progress", indicators=ind, composer=Composer([tmp_path]))
    assert f"{tmp_path / 'progress.j2'}:3: " in str(caught.value)
    assert report == pristine
    assert to_text(compose(report, "speech", indicators=ind)) == before


def test_the_refusal_says_the_data_is_read_only_and_how_to_copy_it(tmp_path: Path) -> None:
    """``.pop()`` on the data names the fault in the secretary's words, with the way out."""
    (tmp_path / "pop.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n'
        "{% do report.projects.pop() %}\n{% endblock %}\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        compose(load_report(EXAMPLE), "pop", composer=Composer([tmp_path]))
    assert str(caught.value) == (
        f"{tmp_path / 'pop.j2'}:2: 模板渲染失败：数据是只读的，模板不能改动它（.pop）；"
        "需要改动的列表请先复制一份：{% set xs = report.projects | list %}"
    )


def test_templates_still_build_and_change_their_own_lists(tmp_path: Path) -> None:
    """``parts.append`` on a template's own list, and a copy of the data, work as before."""
    (tmp_path / "own.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n'
        "{% set parts = [] %}{% for p in report.projects[:2] %}{% do parts.append(p.unit) %}"
        '{% endfor %}{{ parts | join("、") }}\n\n'
        "{% set xs = report.projects | list %}{% do xs.pop() %}{{ xs | length }}个，"
        "原有{{ report.projects | length }}个\n{% endblock %}\n",
        encoding="utf-8",
    )
    tree = compose(load_report(EXAMPLE), "own", composer=Composer([tmp_path]))
    assert [getattr(b, "text", "") for b in tree.body] == ["东城区、东城区", "95个，原有96个"]


def _limited(**limits: Any) -> Callable[[Path], Composer]:
    return lambda folder: Composer([folder], limits=compose_module.RenderLimits(**limits))


_SMALL = {"seconds": 5.0, "output": 1_000_000, "size": 1_000_000, "memory": 256 << 20}

RUNAWAYS = [
    pytest.param(
        "{% set r = range(100000) | list %}\n"
        "{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}",
        2,
        "模板运行超过 0.5 秒仍未结束，已停止（是否有死循环？）",
        {**_SMALL, "seconds": 0.5},
        id="endless-loop-calling-nothing",
    ),
    pytest.param(
        "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}",
        1,
        "模板输出超过 1000000 个字符，已停止（是否有死循环？）",
        # The output's limit must stop it, not the clock on a loaded machine.
        {**_SMALL, "seconds": 120.0},
        id="endless-output",
    ),
    pytest.param(
        '{{ "x" * 100000000 }}',
        1,
        "模板生成的文字或列表过长（超过 1000000 个）",
        _SMALL,
        id="repeat",
    ),
    pytest.param(
        '{{ "x" | center(1000000000) }}', 1, "过长（超过 1000000 个）", _SMALL, id="center-filter"
    ),
    pytest.param('{{ "x".rjust(1000000000) }}', 1, "过长（超过 1000000 个）", _SMALL, id="rjust"),
    pytest.param('{{ "%0999999999d" % 1 }}', 1, "过长（超过 1000000 个）", _SMALL, id="percent"),
    pytest.param(
        '{{ "{:>999999999}".format(1) }}', 1, "过长（超过 1000000 个）", _SMALL, id="format"
    ),
    pytest.param("{{ 10 ** 100000000 }}", 1, "过长（超过 1000000 个）", _SMALL, id="power"),
    pytest.param("{{ lipsum(100000) }}", 1, "过长（超过 1000000 个）", _SMALL, id="lipsum"),
    pytest.param(
        '{% set s = "x" * 1000 %}{{ s | replace("", s) | length }}',
        1,
        "过长（超过 1000000 个）",
        _SMALL,
        id="replace-product",
    ),
    pytest.param(
        '{% set ns = namespace(s="x" * 1000) %}\n'
        "{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        2,
        "过长（超过 1000000 个）",
        _SMALL,
        id="doubling",
    ),
    pytest.param(
        '{% set l = [] %}\n{% for i in range(100000) %}{% do l.append("x" * 900000) %}{% endfor %}',
        2,
        "模板占用内存过多（超过 256 MB），已停止",
        _SMALL,
        id="memory",
    ),
    pytest.param(
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(1) }}",
        1,
        "模板递归过深（宏或循环调用了自身？），已停止",
        _SMALL,
        id="recursion",
    ),
]


@pytest.mark.parametrize(("body", "line", "says", "limits"), RUNAWAYS)
def test_a_runaway_template_is_stopped_with_a_located_error(
    tmp_path: Path, body: str, line: int, says: str, limits: dict[str, Any]
) -> None:
    """Endless loops, huge strings and deep recursion end in an error at their line, not a hang."""
    (tmp_path / "runaway.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n' + body + "\n{% endblock %}\n",
        encoding="utf-8",
    )
    composer = _limited(**limits)(tmp_path)
    with pytest.raises(TemplateError) as caught:
        compose(load_report(EXAMPLE), "runaway", composer=composer)
    assert str(caught.value).startswith(f"{tmp_path / 'runaway.j2'}:{line + 1}: ")
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (
            "正文。\n\n{{ attachment('附表') }}\n",
            4,
            "附件 attachment(…) 只能写在 attachments 块中，不能写在正文中",
        ),
        ('正文{{ "\\ud800" }}\n', 2, "模板输出了无效字符（孤立的 UTF-16 代理项，如 \\ud800）"),
    ],
    ids=["attachment-in-body", "surrogate"],
)
def test_template_faults_found_after_rendering_are_located(
    tmp_path: Path, text: str, line: int, says: str
) -> None:
    """An attachment in the body or an unwritable character is a located TemplateError."""
    (tmp_path / "odd.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n' + text + "{% endblock %}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as caught:
        compose(load_report(EXAMPLE), "odd", composer=Composer([tmp_path]))
    assert str(caught.value) == f"{tmp_path / 'odd.j2'}:{line}: " + (
        says if "附件" in says else "模板渲染失败：" + says
    )


def test_a_table_outside_body_and_attachments_is_located(tmp_path: Path) -> None:
    """A table in the title would print private marks: it is refused at its line."""
    (tmp_path / "odd.j2").write_text(
        '{% extends "_base.j2" %}\n{% block title %}\n'
        '{{ table(["甲"], [["1"]]) }}\n{% endblock %}\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        compose(load_report(EXAMPLE), "odd", composer=Composer([tmp_path]))
    assert str(caught.value) == (
        f"{tmp_path / 'odd.j2'}:3: 表格和附件只能写在 body 或 attachments 块中（不能在 title 中）"
    )


def _generator() -> Any:
    yield 1


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("x.gi_frame.f_globals", _generator()),
        ("x.mro()", int),
        ("x.system", __import__("os")),
        ("x[0].gi_code", [_generator()]),
    ],
    ids=["generator-frame", "type-mro", "module", "generator-in-a-list"],
)
def test_the_sandbox_still_refuses_internals_behind_a_read_only_view(
    tmp_path: Path, expression: str, value: Any
) -> None:
    """A view must not hide the type the sandbox checks: a frame's globals stay out of reach."""
    (tmp_path / "probe.j2").write_text(
        "{{ part('body') }}{{ " + expression + " }}{{ end() }}", encoding="utf-8"
    )
    with pytest.raises(TemplateError, match="（沙箱不允许）"):
        Composer([tmp_path]).render("probe", {"x": value})


def _address_space_limit_while_rendering(tmp_path: Path, composer: Composer) -> list[int]:
    """The soft RLIMIT_AS the process had while a template ran (read from inside it)."""
    import resource

    (tmp_path / "probe.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n{{ probe() }}\n{% endblock %}\n',
        encoding="utf-8",
    )
    seen: list[int] = []
    composer._env.globals["probe"] = lambda: (
        seen.append(resource.getrlimit(resource.RLIMIT_AS)[0]) or "正文"
    )
    compose(load_report(EXAMPLE), "probe", composer=composer)
    return seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is bounded on Linux")
def test_a_library_render_leaves_the_callers_process_limits_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RLIMIT_AS is the whole process's: a library call never lowers it under its host."""
    import resource

    monkeypatch.setattr(process, "_OWNED", False)
    before = resource.getrlimit(resource.RLIMIT_AS)
    assert _address_space_limit_while_rendering(tmp_path, Composer([tmp_path])) == [before[0]]
    assert resource.getrlimit(resource.RLIMIT_AS) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is bounded on Linux")
def test_a_process_bulletin_runs_itself_bounds_its_memory_while_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line and batch workers claim their process: a render there runs bounded."""
    import resource

    monkeypatch.setattr(process, "_OWNED", False)
    process.claim()
    before = resource.getrlimit(resource.RLIMIT_AS)
    (seen,) = _address_space_limit_while_rendering(tmp_path, Composer([tmp_path]))
    assert seen != resource.RLIM_INFINITY
    assert before[0] == resource.RLIM_INFINITY or seen <= before[0]
    assert resource.getrlimit(resource.RLIMIT_AS) == before


@pytest.mark.parametrize("link", ["secret.j2", "elsewhere/secret.j2"], ids=["file", "folder"])
def test_a_template_linked_from_outside_its_folder_is_not_read(tmp_path: Path, link: str) -> None:
    """A symlink in a template folder to a file (or folder) outside it is refused, unquoted."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.j2").write_text("DB_PASSWORD=hunter2\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    if "/" in link:
        (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    else:
        (folder / "secret.j2").symlink_to(outside / "secret.j2")
    (folder / "own.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n'
        f"{{% include '{link}' %}}\n{{% endblock %}}\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        compose(load_report(EXAMPLE), "own", composer=Composer([folder]))
    assert str(caught.value) == (
        f"{folder / link}: 模板文件链接到模板目录以外，为安全起见未读取（请把它复制进模板目录）"
    )
    assert "hunter2" not in str(caught.value)


NESTED_TEXT = [
    pytest.param("{{ ns.a | string | length }}", id="string-filter"),
    pytest.param("{{ ns.a }}", id="printed"),
    pytest.param('{{ (ns.a ~ "") | length }}', id="joined-with-tilde"),
    pytest.param('{{ ("%s" % [ns.a]) | length }}', id="percent"),
    pytest.param('{{ "{}".format(ns.a) | length }}', id="format"),
    pytest.param("{{ ns.a | tojson | length }}", id="tojson"),
    pytest.param('{{ ns.a | join(",") | length }}', id="join"),
    pytest.param("{{ ns.a | safe | length }}", id="safe"),
]


@pytest.mark.parametrize("printing", NESTED_TEXT)
def test_a_list_nested_in_itself_doubling_is_stopped_before_it_is_written_out(
    tmp_path: Path, printing: str
) -> None:
    """A list of 2**40 paths made in 40 steps is refused as text at once, not written for hours."""
    (tmp_path / "nested.j2").write_text(
        '{% extends "_base.j2" %}{% block body %}\n'
        "{% set ns = namespace(a=[]) %}"
        "{% for i in range(40) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}\n"
        f"{printing}\n{{% endblock %}}\n",
        encoding="utf-8",
    )
    script = (
        "import sys\n"
        "from bulletin.compose import Composer, compose\n"
        "from bulletin.errors import TemplateError\n"
        "from bulletin.source import load_report\n"
        "try:\n"
        f"    compose(load_report({str(EXAMPLE)!r}), 'nested', composer=Composer([sys.argv[1]]))\n"
        "except TemplateError as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.stdout == (
        f"{tmp_path / 'nested.j2'}:3: 模板生成的文字或列表过长（超过 10000000 个），已停止\n"
    ), done.stderr
