"""The ``bulletin`` command line: one click group, one function per command.

The only ``click`` import.  Commands import the modules they need inside their
body so that ``bulletin --help`` stays quick; a command raises
:class:`~bulletin.errors.BulletinError` for anything the user must fix, and
the group prints its message (one line per located diagnostic) and exits 1;
any other exception is a bug, printed as one ``内部错误`` line — no traceback
reaches a user unless ``--verbose`` asks for it.

To add a command: write ``@main.command()`` above a function with a Chinese
docstring (its first line is the summary ``--help`` shows), import heavy
modules inside it, raise ``BulletinError`` subclasses for user errors.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from bulletin import __version__
from bulletin.errors import BulletinError, Diagnostic, os_reason, printable

__all__ = ["main"]

_CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _verbose(ctx: click.Context) -> bool:
    return bool(ctx.find_root().params.get("verbose"))


# Click words its usage errors in English; a secretary reads Chinese.  The
# messages are click's own (8.x), matched whole so an unknown one passes as is.
_CLICK_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"(?:File|Directory|Path) (.+) does not exist\.", r"\1 不存在"),
        (r"File (.+) is a directory\.", r"\1 是文件夹，这里要的是文件"),
        (r"Directory (.+) is a file\.", r"\1 是文件，这里要的是文件夹"),
        (r"(?:File|Directory|Path) (.+) is not (readable|writable)\.", r"\1 没有权限读写"),
        (r"(.+) is not one of (.+)\.", r"\1 不是可选的值（可用：\2）"),
        (r"(.+) is not in the range (.+)\.", r"\1 超出允许的范围（\2）"),
        (r"(.+) is not a valid integer\.", r"\1 不是整数"),
        (r"Missing argument (.+)\.", r"缺少参数 \1"),
        (r"Missing option (.+)\.", r"缺少选项 \1"),
        (r"No such option:? (.+?)\.?(?: Did you mean (.+)\?)?", r"没有选项 \1"),
        (r"Option (.+) requires an argument\.", r"选项 \1 后面要写值"),
        (r"Option (.+) requires (\d+) arguments\.", r"选项 \1 后面要写 \2 个值"),
        (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
        (r"No such command (.+)\.", r"没有命令 \1"),
    )
)


def _chinese(message: str) -> str:
    for pattern, text in _CLICK_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return found.expand(text)
    return message


class _UsageError(click.UsageError):
    """A usage error shown in Chinese: the usage line, where help is, what is wrong."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(self._describe(error), error.ctx)

    @classmethod
    def _describe(cls, error: click.UsageError) -> str:
        # A misspelt option or command: click's close matches, in our words.
        close = getattr(error, "possibilities", None)
        said = cls._message(error)
        return f"{said}（您是不是要用 {'、'.join(sorted(close))}？）" if close else said

    @staticmethod
    def _message(error: click.UsageError) -> str:
        message = _chinese(error.message)
        if isinstance(error, click.BadParameter) and not isinstance(error, click.MissingParameter):
            hint = error.param_hint
            if hint is None and error.param is not None and error.ctx is not None:
                hint = error.param.get_error_hint(error.ctx)
            if hint:
                return f"{hint if isinstance(hint, str) else ' / '.join(hint)} 的值有误：{message}"
        if isinstance(error, click.MissingParameter) and error.param is not None and error.ctx:
            what = "参数" if isinstance(error.param, click.Argument) else "选项"
            return f"缺少{what} {error.param.get_error_hint(error.ctx)}"
        return message

    def show(self, file: Any = None) -> None:
        if self.ctx is not None:
            usage = self.ctx.get_usage().replace("Usage: ", "用法：", 1)
            click.echo(f"{usage}\n（查看帮助：{self.ctx.command_path} --help）\n", err=True)
        click.echo(f"错误：{printable(self.format_message())}", err=True)


class _Group(click.Group):
    """Turns an error from any command into one message and exit code 1.

    A :class:`BulletinError` prints its message (a data error: every located
    diagnostic, one per line); anything else is a bug and prints one
    ``内部错误`` line.  With ``--verbose`` the traceback comes first.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from bulletin import process

        try:
            # A ``kill`` (or the terminal closed) stops a command as Ctrl+C
            # does, through the same clean-up; only here, as a library call
            # must not take a process's signals.
            with process.stopping_on_signals():
                return super().invoke(ctx)
        except _UsageError:
            raise
        except click.UsageError as error:
            raise _UsageError(error) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # The reader of stdout went away (``| head``): nothing more to tell
            # it, and no error of ours; the code a shell gives a SIGPIPE death.
            _drop_stdout()
            ctx.exit(141)
        except KeyboardInterrupt as stopped:
            # Ctrl+C or a stop signal: outputs are written whole or not at all,
            # and batch records each as it completes, so there is nothing to
            # clean up by hand.  The code is the shell's for death by that
            # signal: 130 for Ctrl+C, 143 for SIGTERM.
            with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
                click.echo(
                    "\n已中断：写完的文件都已保留，没写完的不会留下；再次运行会接着做完",
                    err=True,
                )
            ctx.exit(128 + getattr(stopped, "signum", signal.SIGINT))
        except BulletinError as error:
            from bulletin.batch import describe_error

            if _verbose(ctx):
                click.echo(traceback.format_exc(), err=True, nl=False)
            # Messages quote names from the data and templates: never raw control characters.
            click.echo(printable(describe_error(error), keep_newlines=True), err=True)
            ctx.exit(1)
        except Exception as error:
            verbose = _verbose(ctx)
            if verbose:
                click.echo(traceback.format_exc(), err=True, nl=False)
            text = printable(" ".join(f"{type(error).__name__}: {error}".split()))
            click.echo(
                f"内部错误：{text}" + ("" if verbose else "（加 --verbose 查看详情）"), err=True
            )
            ctx.exit(1)


def _drop_stdout() -> None:
    """Point stdout at the null device, so that what is still buffered is not flushed to a
    closed pipe when Python exits (which prints an error of its own)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


@click.group(cls=_Group, context_settings=_CONTEXT)
@click.version_option(
    __version__, "-V", "--version", prog_name="bulletin", message="%(prog)s %(version)s"
)
@click.option("-v", "--verbose", is_flag=True, help="出错时显示完整的调用栈，供报告问题。")
def main(verbose: bool) -> None:
    """把重点项目数据（YAML）写成讲话、通报等公文（Word，GB/T 9704-2012 版式）。

    \b
    常用命令：
      bulletin init 工作目录               新建起步目录（示例数据和模板）
      bulletin check 数据.yaml             检查数据
      bulletin render 数据.yaml -k 讲话     生成一篇文书
      bulletin batch *.yaml -o 输出目录     批量生成
    """
    from bulletin import process

    process.claim()
    # A command builds objects that live to its end (the model classes, the
    # report, the document tree); at Python's default threshold of 700 the
    # collector walks them over and over: a tenth of a render's CPU (measured
    # with gc.callbacks: 40 of 370 ms for the example, 0.26 of 2.75 s for
    # 10,000 projects), about half that with this one.  Cycles are still collected.
    gc.set_threshold(10_000, 10, 10)
    # pydantic looks through every installed package for plugins of its own
    # when the model is first built; the command line uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


@main.command(context_settings=_CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束。")
def check(files: tuple[str, ...], strict: bool) -> None:
    """检查数据文件：列出全部错误和警告，每条注明文件、行、列和字段。

    全部通过时退出码为 0（警告照常列出），有错误时为 1。
    """
    from bulletin.source import check_files

    printed: set[Diagnostic] = set()
    errors = warnings = 0
    for _path, diagnostics in check_files(files):
        for diagnostic in diagnostics:
            # A fault in a shared previous file shows up under each file that
            # references it; say it once.
            if diagnostic in printed:
                continue
            printed.add(diagnostic)
            click.echo(str(diagnostic), err=True)
            if diagnostic.severity == "error":
                errors += 1
            else:
                warnings += 1
    summary = f"检查了 {len(files)} 个文件："
    if errors:
        summary += f"{errors} 个错误"
        summary += f"，{warnings} 个警告" if warnings else ""
    else:
        summary += "全部通过" + (f"，{warnings} 个警告" if warnings else "")
    click.echo(summary)
    if errors or (strict and warnings):
        sys.exit(1)


@main.command(context_settings=_CONTEXT)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="写入此文件（默认或 - 输出到屏幕）。",
)
def schema(output: Path | None) -> None:
    """输出数据文件的 JSON Schema，供编辑器校验和补全。

    在数据文件首行写 `# yaml-language-server: $schema=路径` 即可在 VS Code 等编辑器中使用。
    """
    import json

    from bulletin.model import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None or _is_stdout(output):
        click.echo(text, nl=False)
    else:
        _write_atomically(output, text)


@main.command(context_settings=_CONTEXT)
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--xlsx",
    "xlsx",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="同时写成 Excel 工作簿：各指标表和项目明细（附表）；- 表示标准输出（须加 -f xlsx）。",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "xlsx"]),
    default="text",
    show_default=True,
    help="xlsx：写成工作簿（默认文件名 <数据文件名>-stats.xlsx），不在终端列出。",
)
def stats(file: str, xlsx: Path | None, fmt: str) -> None:
    """在终端列出数据文件的全部统计指标：盘子、进度、开工、同比环比、各单位排名、滞后项目。

    百分数按数据文件 settings 的小数位数和修约规则显示，金额单位为万元。
    数据文件也可以是 Excel/WPS 台账（.xlsx、.xls、.ods、.et）。
    """
    from bulletin.indicators import compute
    from bulletin.source import load_report
    from bulletin.stats_table import render_stats

    stream = None
    if _is_stdout(xlsx):
        if fmt == "text":
            raise click.BadParameter(
                "工作簿和统计表的文字不能都写到标准输出（-）：只要工作簿请加 -f xlsx",
                param_hint="'--xlsx'",
            )
        stream = _stdout("xlsx", "--xlsx", "'--xlsx'")
    report = load_report(file)
    indicators = compute(report)
    if fmt == "xlsx" and xlsx is None:
        xlsx = Path(f"{Path(file).stem}-stats.xlsx")
    if xlsx is not None:
        from bulletin.writers.xlsx import stats_workbook

        stats_workbook(indicators, report, stream if stream is not None else xlsx)
        if stream is None:
            click.echo(f"已生成：{xlsx}", err=True)
        else:
            stream.flush()
    if fmt == "text":
        click.echo(render_stats(indicators), nl=False)


@main.command("import", context_settings=_CONTEXT)
@click.argument("ledger", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="写成此数据文件（YAML）；不写或写 - 则输出到屏幕。",
)
@click.option(
    "-m",
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="读取方式文件（YAML）：指定工作表、表头行、各字段所在的列。",
)
@click.option(
    "--show-mapping", is_flag=True, help="只列出各列的识别结果（列 → 表头 → 字段 → 示例），不导入。"
)
def import_command(
    ledger: str, output: Path | None, mapping: str | None, show_mapping: bool
) -> None:
    """把 Excel/WPS 台账（.xlsx、.xls、.ods、.et）导入为数据文件（YAML）。

    例：bulletin import 台账.xlsx -o data.yaml

    自动识别表头（含合并单元格的多层表头）、各列含义和单位，跳过合计、小计、其中行；
    先用 --show-mapping 核对各列读作什么。识别不对时，用 --mapping 指定读取方式。
    """
    from bulletin.sources.importer import describe_ledger, import_ledger, mapping_text, read_mapping

    spec = read_mapping(mapping)
    if show_mapping:
        view = describe_ledger(ledger, spec)
        click.echo(mapping_text(view), nl=False)
        if any(d.severity == "error" for d in view.diagnostics):
            # A script (or a secretary's .bat) that checks the mapping before import
            # must see that the ledger would not import as it stands.
            click.get_current_context().exit(1)
        return
    text, _loaded, diagnostics = import_ledger(ledger, spec)
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
    if output is None or _is_stdout(output):
        click.echo(text, nl=False)
    else:
        _write_atomically(output, text)
        count = len(_loaded.data.get("projects", []))
        click.echo(f"已导入 {count} 个项目：{output}", err=True)


# ---------------------------------------------------------------------------
# Writing documents: render, batch, templates, init

#: Folders of user templates, separated by os.pathsep, searched after --templates.
TEMPLATES_ENV = "BULLETIN_TEMPLATES"
_FORMATS = ("docx", "txt", "md", "pdf", "doc")
_KIND_HELP = (
    "文书类型：speech 讲话、progress 通报（默认）、commendation 表彰通报、news 新闻稿，"
    "或自己模板目录中的 <类型>.j2。"
)
_TEMPLATES_HELP = (
    f"自己的模板目录，先于内置模板查找（可多次指定；环境变量 {TEMPLATES_ENV} 中的目录随后查找）。"
)


def _template_dirs(given: tuple[Path, ...]) -> tuple[str, ...]:
    """The user template folders: ``--templates`` ones, then those in the environment variable."""
    from_env = [p for p in os.environ.get(TEMPLATES_ENV, "").split(os.pathsep) if p.strip()]
    for folder in from_env:
        if not Path(folder).is_dir():
            raise BulletinError(f"环境变量 {TEMPLATES_ENV} 中的模板目录不存在：{folder}")
    return (*(os.fspath(p) for p in given), *from_env)


def _resolve_kind(kind: str, template_dirs: tuple[str, ...]) -> str:
    """The canonical kind for ``kind``; an unknown one is a usage error with a suggestion."""
    from bulletin.compose import shared_composer
    from bulletin.errors import TemplateError

    try:
        # The library's own check, so that both refuse alike (a template's
        # part such as ``_base`` too).
        return shared_composer(template_dirs, "half_up").check_kind(kind)
    except TemplateError as error:
        raise click.BadParameter(error.message, param_hint="'--kind'") from None


def _check_reading_copy(reading_copy: bool, kinds: list[str], fmt: str) -> None:
    if not reading_copy:
        return
    if any(k != "speech" for k in kinds):
        raise click.BadParameter(
            "大字阅读版只用于讲话（--kind speech 或 讲话）", param_hint="'--reading-copy'"
        )
    if fmt in ("txt", "md"):
        raise click.BadParameter(
            "大字阅读版只用于 docx、pdf 或 doc 输出", param_hint="'--reading-copy'"
        )


def _needs_soffice(fmt: str) -> None:
    if fmt in ("pdf", "doc"):
        from bulletin.writers.pdf import find_soffice

        find_soffice()


def _script_option(f: Any) -> Any:
    return click.option(
        "--script",
        type=click.Choice(("hans", "hant")),
        default="hans",
        show_default=True,
        help=(
            "字形：hans 简体（默认）；hant 繁体（OpenCC 标准繁体，只改字形不改用词，"
            "需 pip install opencc）。"
        ),
    )(f)


def _needs_opencc(script: str) -> None:
    if script == "hant":
        from bulletin.script import check_available

        check_available()


def _templates_option(f: Any) -> Any:
    return click.option(
        "-t",
        "--templates",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help=_TEMPLATES_HELP,
    )(f)


def _reference_doc_option(f: Any) -> Any:
    return click.option(
        "--reference-doc",
        type=click.Path(exists=True, dir_okay=False, path_type=str),
        help="参考 Word 文档：沿用其中的样式和页面设置。",
    )(f)


def _say_where(result: Any) -> None:
    """Tell the user where a document went; stderr, so stdout stays for data."""
    if result.status == "beside":
        click.echo(
            f"已另存为 {result.path}：{result.target} 在生成后被修改过，为免丢失修改未覆盖"
            "（确认不要这些修改时加 --force 覆盖）",
            err=True,
        )
    elif result.status == "written":
        click.echo(f"已生成：{result.path}", err=True)


#: What ``-o -`` names, as in most tools: standard output, not a file called ``-``.
_STDOUT = "-"
_BINARY = {
    "docx": "Word 文件（docx）",
    "doc": "Word 97–2003 文件（doc）",
    "pdf": "PDF 文件",
    "xlsx": "Excel 工作簿（xlsx）",
}


def _is_stdout(output: str | os.PathLike[str] | None) -> bool:
    return output is not None and os.fspath(output) == _STDOUT


def _stdout(fmt: str, option: str, hint: str) -> Any:
    """Standard output as bytes, for ``-o -``; a binary format is not sent to a terminal."""
    stream = sys.stdout.buffer
    if fmt in _BINARY and stream.isatty():
        raise click.BadParameter(
            f"标准输出是终端，{_BINARY[fmt]}不能显示在屏幕上："
            f"请重定向到文件（如 > 文件名）或管道，或写 {option} 文件名",
            param_hint=hint,
        )
    return stream


@main.command(context_settings=_CONTEXT)
@click.argument("data", type=click.Path(dir_okay=False, path_type=str))
@click.option("-k", "--kind", default="progress", show_default=True, help=_KIND_HELP)
@click.option(
    "-o",
    "--output",
    # A string, not a Path: a Path forgets the trailing "/" that says "a folder".
    type=click.Path(path_type=str),
    help="输出文件（默认为当前目录下的 <数据文件名>-<类型>.<格式>；给目录（或以 / 结尾）"
    "则写入该目录；不带扩展名则按格式补上；- 表示标准输出，docx、pdf、doc 须重定向到文件或管道）。",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    help=(
        "输出格式：docx（默认）、txt、md、pdf、doc（Word 97–2003，供老 OA 系统；pdf 和 doc"
        "需 LibreOffice）；默认按 -o 的扩展名。"
    ),
)
@_templates_option
@_reference_doc_option
@click.option("--audit", is_flag=True, help="附加数据核对表，列出文中每个数字的算法和数据。")
@click.option("--reading-copy", is_flag=True, help="讲话稿用大字阅读版版式。")
@_script_option
@click.option("--force", is_flag=True, help="覆盖生成后被手工修改过的文件。")
def render(
    data: str,
    kind: str,
    output: str | None,
    fmt: str | None,
    templates: tuple[Path, ...],
    reference_doc: str | None,
    audit: bool,
    reading_copy: bool,
    script: str,
    force: bool,
) -> None:
    """由一个数据文件生成一篇文书（默认进展通报，Word 格式）。

    例：bulletin render data/2025-06.yaml --kind 讲话 -o 讲话.docx

    月度文件（如 2025-06.yaml）未写 previous 时，自动以同目录的上月文件（2025-05.yaml）作环比。
    目标文件生成后若被手工修改过，不会覆盖，新文件另存在旁边（加 --force 覆盖）。
    """
    from bulletin import batch

    dirs = _template_dirs(templates)
    canonical = _resolve_kind(kind, dirs)
    stream = None
    if _is_stdout(output):
        chosen = fmt or "docx"
        stream = _stdout(chosen, "-o", "'-o' / '--output'")
        target = Path(_STDOUT)
    else:
        target, chosen = _render_target(data, canonical, output, fmt)
    _check_reading_copy(reading_copy, [canonical], chosen)
    _needs_soffice(chosen)
    _needs_opencc(script)
    options = batch.Options(
        format=chosen,  # type: ignore[arg-type]
        templates=dirs,
        audit=audit,
        reading_copy=reading_copy,
        reference_doc=reference_doc,
        script=script,  # type: ignore[arg-type]
        force=force,
    )
    result = batch.render_one(batch.Job(data, canonical, os.fspath(target)), options, stream=stream)
    for warning in result.warnings:
        click.echo(warning, err=True)
    if stream is None:
        _say_where(result)
    else:
        stream.flush()


# An extension is a short run of letters and digits; "2025.06通报" has none.
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,5}$")


def _render_target(data: str, kind: str, output: str | None, fmt: str | None) -> tuple[Path, str]:
    """Where ``render`` writes and in which format, from ``-o`` and ``-f``.

    No ``-o``: ``<data stem>-<kind>.<format>`` here.  A folder (existing, or
    written with a trailing ``/``): that name in it.  A file name: as given,
    its extension naming the format; without one, the format's is added.  A
    terminal or pipe (``/dev/stdout``): written to, in ``-f``'s format.
    """
    from bulletin import batch
    from bulletin.writers._output import is_special

    if output is not None and is_special(Path(output)):  # -o /dev/stdout
        return Path(output), fmt or "docx"
    if output is None or output.endswith(("/", os.sep)) or Path(output).is_dir():
        chosen = fmt or "docx"
        name = batch.output_name(data, kind, chosen)  # type: ignore[arg-type]
        return (Path(output) / name if output else Path(name)), chosen
    path = Path(output)
    suffix = path.suffix.lower()
    if not _EXTENSION.match(suffix):
        chosen = fmt or "docx"
        return path.with_name(f"{path.name}.{chosen}"), chosen
    if suffix[1:] not in _FORMATS:
        raise click.BadParameter(
            f"不支持的输出扩展名 {path.suffix}（可用：{'、'.join('.' + f for f in _FORMATS)}）",
            param_hint="'-o' / '--output'",
        )
    if fmt is not None and fmt != suffix[1:]:
        raise click.BadParameter(
            f"扩展名 {path.suffix} 与 --format {fmt} 不符，请改用 .{fmt} 或去掉 --format",
            param_hint="'-o' / '--output'",
        )
    return path, suffix[1:]


def _data_files(given: tuple[str, ...]) -> list[str]:
    """The data files named; a folder stands for the .yaml files in it."""
    files: list[str] = []
    for name in given:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
            if not found:
                raise BulletinError(f"{name}: 目录中没有 .yaml 数据文件")
            files += [os.fspath(p) for p in found]
        else:
            files.append(name)
    return files


@main.command(context_settings=_CONTEXT)
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output-dir",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="输出目录（不存在则新建）。",
)
@click.option(
    "-k",
    "--kind",
    "kinds",
    multiple=True,
    default=("progress",),
    show_default=True,
    help=_KIND_HELP + "可多次指定。",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="并行进程数（默认为 CPU 核数；1 表示不开子进程）。",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default="docx",
    show_default=True,
    help="输出格式。",
)
@_templates_option
@_reference_doc_option
@click.option("--audit", is_flag=True, help="附加数据核对表。")
@_script_option
@click.option("--force", is_flag=True, help="全部重新生成，并覆盖生成后被手工修改过的文件。")
@click.pass_context
def batch(
    ctx: click.Context,
    data: tuple[str, ...],
    out_dir: Path,
    kinds: tuple[str, ...],
    jobs: int | None,
    fmt: str,
    templates: tuple[Path, ...],
    reference_doc: str | None,
    audit: bool,
    script: str,
    force: bool,
) -> None:
    """由多个数据文件批量生成文书：并行、显示进度，结束时列出汇总表。

    例：bulletin batch data/*.yaml -o 输出 --kind 通报 --kind 讲话

    只重新生成数据、模板或版本有变化的文件，其余报“未变化”；生成后被手工修改过的
    Word 文件不会覆盖，新文件另存在旁边（加 --force 覆盖）。有文件失败时，其余照常
    生成，最后以退出码 1 结束并列出失败的文件和原因。
    """
    from bulletin import batch as _batch

    if _is_stdout(out_dir):
        raise click.BadParameter(
            "批量生成要写多个文件，不能写到标准输出（-）：请给出输出目录",
            param_hint="'-o' / '--output-dir'",
        )
    dirs = _template_dirs(templates)
    canonical: list[str] = []
    for kind in kinds:
        name = _resolve_kind(kind, dirs)
        if name not in canonical:
            canonical.append(name)
    _needs_soffice(fmt)
    _needs_opencc(script)
    planned = _batch.plan(_data_files(data), out_dir, canonical, fmt)  # type: ignore[arg-type]
    options = _batch.Options(
        format=fmt,  # type: ignore[arg-type]
        templates=dirs,
        audit=audit,
        reference_doc=reference_doc,
        script=script,  # type: ignore[arg-type]
        force=force,
    )
    if sys.stderr.isatty():
        with click.progressbar(
            length=len(planned), label="生成中", file=sys.stderr, show_pos=True
        ) as bar:
            results = _batch.run(
                planned, options, workers=jobs, on_result=lambda _result: bar.update(1)
            )
    else:
        done = 0

        def counter(result: _batch.Result) -> None:
            nonlocal done
            done += 1
            click.echo(
                f"[{done}/{len(planned)}] {result.status_text} "
                f"{result.source}（{_batch.kind_label(result.kind)}）",
                err=True,
            )

        results = _batch.run(planned, options, workers=jobs, on_result=counter)

    shown: set[str] = set()
    for result in results:
        for warning in result.warnings:
            if warning not in shown:  # a shared previous file warns once
                shown.add(warning)
                click.echo(warning, err=True)
    click.echo(_batch.summary_table(results), nl=False)
    for result in results:
        if result.status == "beside":
            _say_where(result)
    failed = [r for r in results if r.status == "failed"]
    for result in failed:
        click.echo(f"失败：{result.source}（{_batch.kind_label(result.kind)}）", err=True)
        click.echo(printable(result.error, keep_newlines=True), err=True)
        if result.detail and _verbose(ctx):
            click.echo(result.detail, err=True, nl=False)
    if failed:
        ctx.exit(1)


@main.command("templates", context_settings=_CONTEXT)
@_templates_option
def templates_command(templates: tuple[Path, ...]) -> None:
    """列出内置文书类型及其模板文件，以及查找用户模板的位置和顺序。"""
    from bulletin.compose import BUILTIN_KINDS, KIND_ALIASES, Composer, builtin_template_dir

    dirs = _template_dirs(templates)
    composer = Composer(dirs)
    aliases: dict[str, list[str]] = {}
    for alias, kind in KIND_ALIASES.items():
        aliases.setdefault(kind, []).append(alias)
    kinds = composer.kinds()
    lines = ["文书类型（--kind）："]
    for kind in kinds:
        names = "、".join(aliases.get(kind, [])) or "（自定义）"
        # File names are the user's, and may hold anything: never raw control characters.
        lines.append(f"  {printable(kind):<14}{names}")
        lines.append(f"  {'':<14}{printable(composer.template_path(kind))}")
    lines.append("")
    lines.append("模板查找顺序（先找到的优先）：")
    given = [os.fspath(p) for p in templates]
    from_env = [d for d in dirs if d not in given]
    lines.append("  1. --templates 指定的目录：" + ("、".join(given) if given else "（未指定）"))
    env_value = "、".join(from_env) if from_env else "（未设置）"
    lines.append(f"  2. 环境变量 {TEMPLATES_ENV}（以 {os.pathsep!r} 分隔）：{env_value}")
    lines.append(f"  3. 内置模板：{builtin_template_dir()}")
    lines.append("")
    lines.append(
        "在自己的模板目录中放 <类型>.j2 即可新增一种文书；与内置类型同名则替换之，"
        '并可用 {% extends "builtin/progress.j2" %} 只改写其中一块'
        f"（内置类型：{'、'.join(BUILTIN_KINDS)}）。"
    )
    click.echo("\n".join(lines))


@main.command(context_settings=_CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """新建一个起步目录：示例数据、改写通报开头一段的模板和简短说明。

    目录须不存在或为空，已有文件的目录不会写入。
    """
    from bulletin.starter import create

    written = create(directory)
    click.echo(f"已在 {directory} 中创建 {len(written)} 个文件：")
    for path in written:
        click.echo(f"  {path.relative_to(directory).as_posix()}")
    click.echo(
        f"下一步：cd {directory} && bulletin render data/2025-06.yaml --templates templates"
        "（详见 README.md）"
    )


@main.command(context_settings=_CONTEXT)
@click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--port", type=click.IntRange(0, 65535), help="端口（默认 8765，被占用时顺延）。")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="监听地址。默认只有本机能打开；改为 0.0.0.0 则同一网络的电脑也能打开（凭令牌）。",
)
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@_templates_option
def serve(
    folder: Path | None,
    port: int | None,
    host: str,
    no_browser: bool,
    templates: tuple[Path, ...],
) -> None:
    """在本机浏览器中使用：放入台账，选文书，看初稿，下载 Word。

    例：bulletin serve 数据文件夹

    第一行显示要打开的地址（含访问令牌），并自动打开浏览器。给出 FOLDER 时，
    页面上可直接选用该文件夹中的数据文件。上传的文件只存在临时目录中，停止时删除。
    按 Ctrl+C 停止。需要安装网页组件：pip install "bulletin[web]"。
    """
    try:
        from bulletin import web
    except ImportError as error:
        raise BulletinError(
            f'本机页面需要 Flask（{error.name or error}）：请运行 pip install "bulletin[web]"'
        ) from None

    dirs = _template_dirs(templates)
    web.serve(
        host=host,
        port=port,
        folder=folder,
        templates=dirs,
        open_browser=not no_browser,
        echo=lambda line: click.echo(line),
    )


def _write_atomically(path: Path, text: str) -> None:
    from bulletin.errors import OutputError
    from bulletin.writers._output import write_output

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{path}: 无法创建所在目录：{os_reason(e)}") from e
    write_output(text.encode("utf-8"), path)
