"""Run a command's Python entry in this process and print its peak RSS (VmHWM) at exit.

``python benchmarks/peak.py bulletin render …`` or ``… peak.py SCRIPT.py ARGS``.
``ru_maxrss`` from ``wait4`` is no use for this: a child forked from a large
benchmark process starts with the parent's high-water mark.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def _report() -> None:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            sys.stderr.write(f"\npeak-rss-kb {line.split()[1]}\n")


atexit.register(_report)
target, *args = sys.argv[1:]
sys.argv = [target, *args]
if target == "bulletin":
    from bulletin.cli import main

    main()
else:
    runpy.run_path(target, run_name="__main__")
