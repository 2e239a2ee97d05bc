"""Whether bulletin runs this process itself, and so may bound its process-wide resources."""

from __future__ import annotations

__all__ = ["claim", "owned"]

# A library call must not change what its host process may do (an address-space
# limit lowered for one render would fail the host's other threads); the command
# line, batch workers and the page's server are bulletin's own processes.
_OWNED = False


def claim() -> None:
    """Mark this process as bulletin's own: renders may bound its memory while they run."""
    global _OWNED
    _OWNED = True


def owned() -> bool:
    """Whether :func:`claim` was called in this process."""
    return _OWNED
