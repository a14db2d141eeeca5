"""The wall-clock limit of ``sitecore.timelimit``."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from sitecore.timelimit import TimeLimitExceeded, time_limit


def test_work_past_its_limit_is_interrupted():
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as raised:
        with time_limit(0.2):
            while True:
                pass
    assert raised.value.seconds == 0.2
    assert time.monotonic() - started < 2


def test_work_within_its_limit_runs_and_leaves_no_timer_or_handler():
    handler = signal.getsignal(signal.SIGALRM)
    with time_limit(5):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler


def test_an_outer_timer_is_put_back():
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with time_limit(5):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < remaining <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_outside_the_main_thread_there_is_no_limit():
    done = []

    def work():
        with time_limit(0.05):
            time.sleep(0.2)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]
