"""The ``bulletin`` command line: one click group, one function per command.

The only ``click`` import.  Commands import the modules they need inside their
body so that ``bulletin --help`` stays quick; a command raises
:class:`~bulletin.errors.BulletinError` for anything the user must fix, and
the group prints it as one line and exits 1 — no traceback reaches a user.

To add a command: write ``@main.command()`` above a function with a Chinese
docstring (its first line is the summary ``--help`` shows), import heavy
modules inside it, raise ``BulletinError`` subclasses for user errors.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from bulletin import __version__
from bulletin.errors import BulletinError, Diagnostic

__all__ = ["main"]

_CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns a user-facing error from any command into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BulletinError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings=_CONTEXT)
@click.version_option(
    __version__, "-V", "--version", prog_name="bulletin", message="%(prog)s %(version)s"
)
def main() -> None:
    """把重点项目数据（YAML）写成讲话、通报等公文（Word，GB/T 9704-2012 版式）。"""


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
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入此文件（默认输出到屏幕）。",
)
def schema(output: Path | None) -> None:
    """输出数据文件的 JSON Schema，供编辑器校验和补全。

    在数据文件首行写 `# yaml-language-server: $schema=路径` 即可在 VS Code 等编辑器中使用。
    """
    import json

    from bulletin.model import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(output, text)


@main.command(context_settings=_CONTEXT)
@click.argument("file", type=click.Path(path_type=str))
def stats(file: str) -> None:
    """在终端列出数据文件的全部统计指标：盘子、进度、开工、同比环比、各单位排名、滞后项目。

    百分数按数据文件 settings 的小数位数和修约规则显示，金额单位为万元。
    """
    from bulletin.indicators import compute
    from bulletin.source import load_report
    from bulletin.stats_table import render_stats

    click.echo(render_stats(compute(load_report(file))), nl=False)


def _write_atomically(path: Path, text: str) -> None:
    # A reader never sees half a file: write beside it, then rename over it.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
