"""The user's cache folder: work kept between runs (compiled templates, the Word package).

What is kept here is derived from files bulletin ships or reads, keyed so
that a change to them is never masked, and is run or unpickled when read —
so only a folder private to the user is used.  ``BULLETIN_CACHE_DIR`` names
another folder; ``BULLETIN_CACHE_DIR=off`` keeps nothing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["CACHE_ENV", "folder", "load", "store"]

#: Overrides where the cache is kept; ``off`` keeps none.
CACHE_ENV = "BULLETIN_CACHE_DIR"


def _root() -> Path | None:
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "off", "0", "no") else Path(given)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "bulletin" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "bulletin"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bulletin"


def folder(name: str) -> Path | None:
    """The private cache folder ``name``, made if need be; ``None`` when there is none to be had.

    ``None`` when caching is off, when the folder cannot be made, or when
    someone else owns it or could write to it.
    """
    root = _root()
    if root is None:
        return None
    path = root / name
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = path.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return None
    return path


def load(name: str, key: str) -> Any | None:
    """The value stored under ``key`` in the cache folder ``name``, or ``None``."""
    where = folder(name)
    if where is None:
        return None
    try:
        with (where / f"{key}.pickle").open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # absent, truncated, from another version: not cached
        return None


def store(name: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``key`` in the cache folder ``name``; a failure only loses the cache."""
    where = folder(name)
    if where is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError):
        # Written aside, then renamed: a reader never sees half a file.
        fd, temporary = tempfile.mkstemp(dir=where, prefix=f".{key}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(where / f"{key}.pickle")
        finally:
            Path(temporary).unlink(missing_ok=True)
