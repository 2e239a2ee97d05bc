"""bulletin: YAML statistics on key projects (重点项目) → Chinese speeches and bulletins.

Importing the package is cheap: it loads no third-party library.  The public
API is imported from the submodules (``bulletin.source``, ``bulletin.model``, …).
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
