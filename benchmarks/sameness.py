"""Sameness: how many of the template's own sentences a month repeats word for word from the last.

Run ``python benchmarks/sameness.py`` (a few seconds).  It renders every
example month (``examples/2025-*.yaml``) as each built-in kind and prints, for
each month against the previous one, the share of the month's sentences that
the previous month's document of the same kind also has, verbatim.

Only the template's own sentences count: a sentence that stands in the
writer's text (``highlights``, ``problems``, ``tasks``, ``requirements`` items,
heading or body) is left out, since the secretary writes those afresh — or
not — herself.  Sentences are the body's headings and paragraphs split after
。！？；, heading numbers (``（一）``) removed; the annex tables are not prose.
``--all`` also prints the whole-text figure (writer's sentences kept).

The target of issue 12 is at most 25% for the speech and the 通报.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLES = ROOT / "examples"
KINDS = ("speech", "progress", "news", "commendation")
LABELS = {
    "speech": "讲话",
    "progress": "进展通报",
    "news": "会议新闻稿",
    "commendation": "表彰通报",
}
TARGET = 25

_SPLIT = re.compile(r"(?<=[。！？；])")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|（\d+）)")


def sentences(tree: Any) -> list[str]:
    """The body's sentences, in order: headings and paragraphs split after 。！？；."""
    from bulletin.doctree import Heading, Paragraph

    out: list[str] = []
    for block in tree.body:
        if isinstance(block, Heading):
            texts = [block.text, "".join(run.text for run in block.body)]
        elif isinstance(block, Paragraph):
            texts = [block.text]
        else:
            continue
        for text in texts:
            out += [s.strip() for s in _SPLIT.split(_MARKER.sub("", text.strip())) if s.strip()]
    return out


def writer_pieces(report: Any) -> list[str]:
    """Every piece of text the writer supplied, as it would be printed."""
    pieces: list[str] = []
    for items in (report.highlights, report.problems, report.tasks, report.requirements):
        for item in items:
            if isinstance(item, str):
                pieces.append(item)
            else:
                pieces += [item.heading, item.body]
    return [p for p in pieces if p]


def _core(sentence: str) -> str:
    return sentence.rstrip("。！？；：，")


def own(sentences_: Iterable[str], writer: Sequence[str]) -> list[str]:
    """The sentences that are not (part of) the writer's text."""
    return [s for s in sentences_ if not any(_core(s) in piece for piece in writer)]


def repeated_share(current: Sequence[str], before: Sequence[str]) -> tuple[int, int]:
    """(sentences of ``current`` also in ``before``, all sentences of ``current``)."""
    seen = set(before)
    return sum(s in seen for s in current), len(current)


def months() -> list[Path]:
    """The example months, in order."""
    return sorted(EXAMPLES.glob("2025-*.yaml"))


def measure(
    paths: Sequence[Path], kinds: Sequence[str]
) -> Iterator[tuple[str, str, int, int, int, int]]:
    """Per kind and month after the first: (kind, month, own repeated, own, all repeated, all)."""
    from bulletin.compose import Composer, compose
    from bulletin.source import load_report

    composer = Composer()
    reports = [load_report(p) for p in paths]
    for kind in kinds:
        previous: tuple[list[str], list[str]] | None = None
        for path, report in zip(paths, reports, strict=True):
            if kind == "commendation" and report.commendations is None:
                previous = None
                continue
            every = sentences(compose(report, kind, composer=composer))
            mine = own(every, writer_pieces(report))
            if previous is not None:
                r_own, n_own = repeated_share(mine, previous[0])
                r_all, n_all = repeated_share(every, previous[1])
                yield kind, path.stem, r_own, n_own, r_all, n_all
            previous = (mine, every)


def _pct(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.0f}%" if whole else "—"


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 if the speech or the 通报 is over the target anywhere."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="也列出含撰稿人文字的全文重复比例")
    parser.add_argument("--kind", action="append", choices=KINDS, help="只测这些文书（可重复）")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    kinds = args.kind or list(KINDS)
    rows = list(measure(months(), kinds))
    head = "| document | month vs previous | own sentences repeated |"
    rule = "|---|---|--:|"
    if args.all:
        head += " whole text repeated |"
        rule += "--:|"
    print(head)
    print(rule)
    worst: dict[str, float] = {}
    for kind, month, r_own, n_own, r_all, n_all in rows:
        line = f"| {LABELS[kind]} | {month} | {r_own}/{n_own} = {_pct(r_own, n_own)} |"
        if args.all:
            line += f" {r_all}/{n_all} = {_pct(r_all, n_all)} |"
        print(line)
        if n_own:
            worst[kind] = max(worst.get(kind, 0.0), r_own * 100 / n_own)
    print()
    for kind in kinds:
        if kind in worst:
            target = f"target ≤ {TARGET}%" if kind in ("speech", "progress") else "no target"
            print(f"{LABELS[kind]}: at most {worst[kind]:.0f}% ({target})")
    over = [k for k in ("speech", "progress") if worst.get(k, 0.0) > TARGET]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
