"""Edge data for document tests: edits of the June example as a mapping.

Shared by the tests of every kind, so that each kind is tried on the same
awkward data: one project, no planned new starts, no previous period, every
project ahead of schedule, a unit with no projects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Edit = Callable[[dict[str, Any]], None]


def _keep_visits(d: dict[str, Any]) -> None:
    """The meeting's visits to projects still in the ledger (a visit names a project)."""
    meeting = d.get("meeting")
    if meeting and "visits" in meeting:
        names = {p["name"] for p in d["projects"]}
        meeting["visits"] = [v for v in meeting["visits"] if v["project"] in names]


def one_project(d: dict[str, Any]) -> None:
    d["projects"] = [p for p in d["projects"] if p["stage"] == "续建"][:1]
    # Totals of the whole programme would make nonsense of one project.
    for key in ("previous", "last_year", "targets"):
        d.pop(key, None)
    for unit in d["units"]:
        unit.pop("targets", None)
        unit.pop("last_year", None)
    _keep_visits(d)


def no_new_starts(d: dict[str, Any]) -> None:
    d["projects"] = [p for p in d["projects"] if p["stage"] != "新开工"]
    d["targets"].pop("new_starts", None)
    for unit in d["units"]:
        unit.get("targets", {}).pop("new_starts", None)
    _keep_visits(d)


def no_previous(d: dict[str, Any]) -> None:
    d.pop("previous", None)
    d.pop("last_year", None)
    for p in d["projects"]:
        p.pop("last_year", None)
    for unit in d["units"]:
        unit.pop("last_year", None)


def all_ahead(d: dict[str, Any]) -> None:
    d["problems"] = []
    for p in d["projects"]:
        p["completed"] = Decimal(str(p["planned"])) * Decimal("0.8")
        p["started"] = True
        p["problems"] = []
        if p["stage"] == "新开工":
            p["start_month"] = min(p.get("planned_start") or 3, 6)


def unit_without_projects(d: dict[str, Any]) -> None:
    d["units"].append({"name": "临港新区", "kind": "园区"})


EDGES: Mapping[str, Edit] = {
    "one-project": one_project,
    "no-planned-new-starts": no_new_starts,
    "no-previous-period": no_previous,
    "all-ahead-of-schedule": all_ahead,
    "unit-without-projects": unit_without_projects,
}
