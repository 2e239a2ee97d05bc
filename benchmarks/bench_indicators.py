"""Benchmark: indicators.compute on 10,000 generated projects; prints the median of 5 runs."""

from __future__ import annotations

import random
import statistics
import sys
import time
from typing import Any

from bulletin.indicators import compute
from bulletin.model import Report

STAGES = ("前期", "新开工", "续建", "竣工")
LEVELS = ("省级", "市级", "县级")
CATEGORIES = ("产业转型", "社会民生", "基础设施", "生态环保")


def generate(n: int, units: int = 20, seed: int = 2025) -> Report:
    """A June report with ``n`` projects spread over ``units`` units, deterministic by ``seed``."""
    rng = random.Random(seed)
    unit_names = [f"单位{u}" for u in range(units)]
    projects: list[dict[str, Any]] = []
    for i in range(n):
        stage = rng.choice(STAGES)
        total = rng.randint(1000, 500000)
        planned = rng.randint(0, total // 3)
        completed = rng.randint(0, planned) if stage != "前期" else 0
        p: dict[str, Any] = {
            "name": f"项目{i}",
            "unit": rng.choice(unit_names),
            "category": rng.choice(CATEGORIES),
            "level": rng.choice(LEVELS),
            "stage": stage,
            "total": total,
            "planned": planned,
            "completed": f"{completed}.{rng.randint(0, 99):02d}",
            "started": stage != "前期" and rng.random() < 0.8,
        }
        if stage == "新开工":
            p["planned_start"] = rng.randint(1, 12)
        if rng.random() < 0.5:
            p["last_year"] = {"completed": rng.randint(0, planned + 1)}
        projects.append(p)
    data = {
        "document": {"region": "示例市", "issuer": "示例市重点项目建设领导小组办公室"},
        "period": {"year": 2025, "month": 6},
        "categories": list(CATEGORIES),
        "units": unit_names,
        "projects": projects,
        "previous": {"completed": 100000, "started": 5000},
    }
    return Report.model_validate(data, context={"amount_unit": "万元"})


def main(n: int = 10_000, runs: int = 5) -> None:
    """Time ``runs`` computations (validation excluded) and print the median."""
    report = generate(n)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        ind = compute(report)
        times.append(time.perf_counter() - start)
    figures = len(ind.all_figures())
    print(
        f"indicators.compute: {n} projects, median of {runs} runs "
        f"{statistics.median(times) * 1000:.1f} ms ({figures} figures)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
