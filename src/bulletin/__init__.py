"""bulletin: YAML statistics on key projects (重点项目) → Chinese speeches and bulletins.

The public API is the sorted ``__all__`` below.  Importing the package is
cheap: functions and classes are imported from their modules on first use,
so ``import bulletin`` loads neither pydantic, Jinja nor python-docx.

>>> import bulletin
>>> report = bulletin.load_report("examples/2025-06.yaml")      # doctest: +SKIP
>>> tree = bulletin.compose_document(report, "progress")         # doctest: +SKIP
>>> bulletin.write_docx(tree, "2025-06-progress.docx")           # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bulletin.errors import (
    ArgumentError,
    BulletinError,
    DataError,
    Diagnostic,
    OutputError,
    TemplateError,
)

if TYPE_CHECKING:
    from bulletin.api import (
        compose_document,
        compute_indicators,
        data_hash,
        describe_ledger,
        load_report,
        render,
        render_batch,
        write_docx,
        write_text,
    )
    from bulletin.batch import BatchResult
    from bulletin.compose import Composer
    from bulletin.doctree import DocTree
    from bulletin.indicators import Indicators
    from bulletin.layout import GBT9704, READING_COPY, Layout
    from bulletin.model import OCCASIONS, Report
    from bulletin.script import to_traditional

__all__ = [
    "GBT9704",
    "OCCASIONS",
    "READING_COPY",
    "ArgumentError",
    "BatchResult",
    "BulletinError",
    "Composer",
    "DataError",
    "Diagnostic",
    "DocTree",
    "Indicators",
    "Layout",
    "OutputError",
    "Report",
    "TemplateError",
    "__version__",
    "compose_document",
    "compute_indicators",
    "data_hash",
    "describe_ledger",
    "load_report",
    "render",
    "render_batch",
    "to_traditional",
    "write_docx",
    "write_text",
]

__version__ = "0.1.0"

# Where each lazily imported public name lives.
_LAZY = {
    "compose_document": "bulletin.api",
    "compute_indicators": "bulletin.api",
    "data_hash": "bulletin.api",
    "describe_ledger": "bulletin.api",
    "load_report": "bulletin.api",
    "render": "bulletin.api",
    "render_batch": "bulletin.api",
    "BatchResult": "bulletin.batch",
    "to_traditional": "bulletin.script",
    "write_docx": "bulletin.api",
    "write_text": "bulletin.api",
    "Composer": "bulletin.compose",
    "DocTree": "bulletin.doctree",
    "Indicators": "bulletin.indicators",
    "GBT9704": "bulletin.layout",
    "READING_COPY": "bulletin.layout",
    "Layout": "bulletin.layout",
    "OCCASIONS": "bulletin.model",
    "Report": "bulletin.model",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bulletin' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
