"""How long a 10,000-row workbook ledger takes to import (target: under 0.5 s).

Run: python benchmarks/bench_ledger.py [ROWS]; it writes the ledger once into a
temporary folder (xlsxwriter, the library's own ledger layout with a title and
单位 line), then times, best of five in this process, the workbook read into
data (calamine, header detection, every cell converted and located) and the
whole bulletin.load_report (that, then the model's validation shared with YAML).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from bulletin.load import Loaded
from bulletin.model import Project, Report
from bulletin.source import load_report
from bulletin.sources.ledger import workbook_loaded
from bulletin.writers.xlsx import ledger_workbook

UNITS = ["东城区", "西城区", "南湖区", "北山县", "青川县", "白河县", "石桥县", "云台县"]
STAGES = ["前期", "新开工", "续建", "竣工"]


def projects(count: int) -> list[Project]:
    """``count`` plausible projects, deterministic."""
    made = []
    for i in range(count):
        stage = STAGES[i % 4]
        made.append(
            Project(
                name=f"重点项目{i:05d}",
                unit=UNITS[i % len(UNITS)],
                stage=stage,
                level=["省级", "市级", "县级"][i % 3],
                total=Decimal(10000 + i * 7),
                planned=Decimal(2000 + i % 500),
                completed=Decimal(900 + i % 300),
                started=stage != "前期",
                start_month=None if stage == "前期" else 1 + i % 6,
                leader="副市长 刘文军",
                responsible_unit=f"{UNITS[i % len(UNITS)]}人民政府",
                problems=["征地拆迁进度慢"] if i % 7 == 0 else [],
            )
        )
    return made


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "台账.xlsx"
        ledger_workbook(projects(rows), path, title="示例市2025年1—6月重点项目建设进展情况表")
        best: dict[str, tuple[float, float]] = {}

        def timed(name: str, work: Callable[[], object]) -> object:
            wall, cpu = time.perf_counter(), time.process_time()
            result = work()
            took = (time.perf_counter() - wall, time.process_time() - cpu)
            best[name] = min(best.get(name, took), took)
            return result

        for _ in range(5):
            loaded = timed("read", lambda: workbook_loaded(path))
            report = timed("load", lambda: load_report(path))
        assert isinstance(loaded, Loaded) and isinstance(report, Report)
        assert len(loaded.data["projects"]) == len(report.projects) == rows
        # CPU seconds as well as wall: on a shared machine the wall clock also
        # counts the time other processes held the cores.
        for name, what in (
            ("read", f"workbook → data ({rows} rows: headers, cells converted and located)"),
            ("load", "load_report (that, then the model's validation shared with YAML)"),
        ):
            wall, cpu = best[name]
            print(f"{what}: {wall:.3f} s wall, {cpu:.3f} s CPU")
        print(f"target: workbook → data under 0.5 s; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
