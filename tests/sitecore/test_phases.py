"""The phase clock: every moment of a run counted once, in the phase that was current."""

from __future__ import annotations

from sitecore.phases import PhaseClock


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_phases_add_up_to_the_run_and_a_nested_phase_returns_to_the_one_it_interrupted():
    clock = FakeClock()
    phases = PhaseClock(clock)
    phases.start("read")
    clock.now = 2.0
    with phases.during("photos"):
        clock.now = 7.0
    clock.now = 8.0
    phases.switch("render")
    clock.now = 10.0
    with phases.during("photos"):
        clock.now = 10.5
    clock.now = 13.0
    phases.switch("search index")
    clock.now = 14.0
    assert phases.stop() == {"read": 3.0, "photos": 5.5, "render": 4.5, "search index": 1.0}
    assert phases.summary() == "read 3.00 s, photos 5.50 s, render 4.50 s, search index 1.00 s"
    assert sum(phases.seconds.values()) == clock.now


def test_a_new_run_forgets_the_last_and_nothing_is_timed_before_a_start():
    clock = FakeClock()
    phases = PhaseClock(clock)
    with phases.during("photos"):  # no run started: nothing to attribute
        clock.now = 5.0
    assert phases.stop() == {}
    phases.start("read")
    clock.now = 6.0
    phases.stop()
    phases.start("read")
    clock.now = 6.5
    assert phases.stop() == {"read": 0.5}
