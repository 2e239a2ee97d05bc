"""Whether bulletin runs this process itself, and so may bound its process-wide resources.

Also how such a process takes the signals that ask it to stop: as Ctrl+C.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

__all__ = ["STOP_SIGNALS", "Stopped", "claim", "owned", "stopping_on_signals"]

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


#: Besides Ctrl+C: a terminate signal (``kill``, a service stopped), the
#: terminal window closed (SIGHUP), and on Windows Ctrl+Break or the console
#: window closed (both SIGBREAK).
STOP_SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(signal, name)
)


class Stopped(KeyboardInterrupt):
    """A stop signal other than Ctrl+C, raised where Ctrl+C would be: ``signum`` says which.

    A :class:`KeyboardInterrupt`, so that everything which tidies up after
    Ctrl+C (temporary files, the output folder's lock and records) does so
    after a ``kill`` too.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Within the block, :data:`STOP_SIGNALS` raise :class:`Stopped` in the main thread.

    For bulletin's own processes only (the command line, the page's server):
    a library call installs no handler.  The handlers found are put back at
    the end; a signal ignored on purpose (``nohup``) stays ignored, and a
    block entered outside the main thread (where no handler can be set)
    changes nothing.
    """

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for number in STOP_SIGNALS:
            if signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
