"""A wall-clock limit on a piece of work in this process (pure; never imports Pelican).

Python-Markdown takes time quadratic in some malformed bodies (thousands of unclosed
``[`` or ``![`` pasted from elsewhere): 20,000 of them take a minute, a 2 MiB body of
them would convert for days. No library bounds a conversion's time and a thread cannot
be stopped, so the limit is the process's own interval timer (``SIGALRM``), which
interrupts the work with :class:`TimeLimitExceeded`. Only the main thread receives
signals: elsewhere the work runs without a limit.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(Exception):
    """The work took longer than its limit (``seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Run the body of the ``with`` for at most ``seconds`` of wall-clock time (0: no
    limit). A timer already set by the caller is put back, less the time spent here."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum, _frame):
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
