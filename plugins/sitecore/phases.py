"""Where a build's time goes, by phase (pure: no Pelican).

A :class:`PhaseClock` has one current phase at every moment of a run; switching phase
adds the time since the last switch to the phase that was current. The phases of one
build therefore add up to the run's wall time (from ``start`` to ``stop``), whichever
plugin switches: ``safe_build`` moves through read → render → each finish step →
publish, and a plugin that does a phase's work in the middle of another (the photos,
inside reading and rendering) marks it with ``during``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class PhaseClock:
    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self.seconds: dict[str, float] = {}
        self.current: str | None = None
        self._since = 0.0

    def start(self, phase: str) -> None:
        """Forget the last run's times and start timing ``phase``."""
        self.seconds = {}
        self.current, self._since = phase, self._clock()

    def switch(self, phase: str | None) -> None:
        """Count the time since the last switch to the current phase; ``phase`` is current
        from now (None: nothing is timed until the next ``start``)."""
        now = self._clock()
        if self.current is not None:
            self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self._since
        self.current, self._since = phase, now

    @contextmanager
    def during(self, phase: str) -> Iterator[None]:
        """Time the block as ``phase``, then go back to the phase it interrupted."""
        previous = self.current
        if previous is None:  # not timing (no run started): nothing to attribute
            yield
            return
        self.switch(phase)
        try:
            yield
        finally:
            self.switch(previous)

    def stop(self) -> dict[str, float]:
        self.switch(None)
        return dict(self.seconds)

    def summary(self) -> str:
        """``read 1.20 s, photos 0.40 s, …`` in the order the phases first ran."""
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.seconds.items())
