"""The example data and the published schema: current, valid, and cheap to import."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.load import load_path
from bulletin.source import read_source
from conftest import EXAMPLES, REPO

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _json_ready(value: Any) -> Any:
    """The loaded YAML as JSON would hold it: dates as ISO strings."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def printed_schema() -> dict[str, Any]:
    """The schema as ``bulletin schema`` prints it."""
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def test_there_are_six_monthly_examples() -> None:
    """examples/ holds 2025-01 … 2025-06."""
    assert [p.name for p in EXAMPLE_FILES] == [f"2025-{m:02d}.yaml" for m in range(1, 7)]


def test_examples_match_their_generator() -> None:
    """The committed example files are exactly what examples/generate.py writes."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_validates_against_printed_schema(
    printed_schema: dict[str, Any], path: Path
) -> None:
    """Every example file is valid by the JSON Schema ``bulletin schema`` prints."""
    data = _json_ready(load_path(path).data)
    jsonschema.validate(data, printed_schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_what_the_model_rejects(printed_schema: dict[str, Any]) -> None:
    """The schema is not vacuous: an unknown key in a project fails it."""
    data = _json_ready(load_path(EXAMPLE_FILES[-1]).data)
    data["projects"][0]["compelted"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, printed_schema, cls=jsonschema.Draft202012Validator)


def test_committed_schema_is_current(printed_schema: dict[str, Any]) -> None:
    """schema/bulletin.schema.json is what ``bulletin schema`` prints today."""
    committed = (REPO / "schema" / "bulletin.schema.json").read_text(encoding="utf-8")
    assert committed == json.dumps(printed_schema, ensure_ascii=False, indent=2) + "\n"


def test_examples_tell_the_story() -> None:
    """By June about half the plan is done, months only grow, and two counties lag."""
    reports = [read_source(path)[0] for path in EXAMPLE_FILES]
    june = reports[-1]
    totals = [sum((p.completed for p in r.projects), Decimal(0)) for r in reports]
    assert totals == sorted(totals) and len(set(totals)) == 6
    planned = sum((p.planned for p in june.projects), Decimal(0))
    assert Decimal("0.50") <= totals[-1] / planned <= Decimal("0.55")
    assert len(june.projects) >= 80 and len(june.units) >= 8
    by_unit = {
        unit.name: sum((p.completed for p in june.projects if p.unit == unit.name), Decimal(0))
        / sum((p.planned for p in june.projects if p.unit == unit.name), Decimal(0))
        for unit in june.units
    }
    assert sorted(by_unit, key=by_unit.__getitem__)[:2] == ["云台县", "白河县"]
    assert any(p.problems for p in june.projects if p.started)
    late = [p for p in june.projects if not p.started and p.planned_start and p.planned_start <= 6]
    assert late and all(p.problems for p in late)
    assert june.meeting is not None and june.meeting.date == dt.date(2025, 7, 15)
    assert june.commendations is not None


def test_importing_the_model_loads_no_writer() -> None:
    """bulletin.source pulls in neither python-docx nor Jinja (a fresh interpreter)."""
    code = (
        "import bulletin.source, sys; "
        "assert 'docx' not in sys.modules and 'jinja2' not in sys.modules, "
        "sorted(m for m in sys.modules if m.startswith(('docx', 'jinja2')))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_help_loads_no_heavy_module() -> None:
    """``bulletin --help`` imports neither pydantic, yaml, docx nor jinja2."""
    code = (
        "import sys; from bulletin.cli import main; "
        "heavy = sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('pydantic', 'yaml', 'docx', 'jinja2', 'lxml')); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
