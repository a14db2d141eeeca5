"""Jobs split between this process and forked children (pure)."""

from __future__ import annotations

import os
import time

import pytest

from sitecore.errors import ConfigError
from sitecore.parallel import (
    CAN_FORK, MIN_JOBS_PER_PROCESS, Beside, ParallelJobError, map_split, processes_setting, run_split, share,
)

def test_share_keeps_small_batches_in_one_process():
    assert share(MIN_JOBS_PER_PROCESS * 2 - 1, 2) == 1
    assert share(MIN_JOBS_PER_PROCESS * 2, 2) == 2
    assert share(10_000, 1) == 1
    assert share(10_000, 4) == 4


def doubled_with_pid(value):
    return value * 2, os.getpid()


def test_map_split_gives_every_result_in_order_from_several_processes():
    results = map_split(doubled_with_pid, list(range(9)), 3, doing="photo", setting="IMAGES_WORKERS")
    assert [r for r, _ in results] == [v * 2 for v in range(9)]
    assert len({pid for _, pid in results}) == 3  # a photo is worth a process of its own
    assert map_split(doubled_with_pid, [5], 3, doing="photo", setting="IMAGES_WORKERS") == [(10, os.getpid())]


def broken_photo(value):
    if value == 5:  # 5 % 2 == 1: the child's share
        raise ValueError("photo 5")
    return value


def test_map_split_raises_a_childs_error_naming_the_work():
    with pytest.raises(ValueError, match="photo 5") as caught:
        map_split(broken_photo, list(range(6)), 2, doing="photo", setting="IMAGES_WORKERS")
    assert "raised in a photo process" in "".join(caught.value.__notes__)


class Counter:
    """State the jobs change; a child's changes come back through ``changes``/``apply``."""

    def __init__(self, folder):
        self.folder, self.done = folder, []

    def job(self, i):
        def run():
            (self.folder / f"{i}.txt").write_text(str(os.getpid()))
            self.done.append(i)
        return run


def test_run_split_runs_every_job_once_and_brings_back_what_the_children_did(tmp_path):
    counter = Counter(tmp_path)
    jobs = [counter.job(i) for i in range(100)]
    used = run_split(jobs, 3, lambda: len(counter.done), lambda before: counter.done[before:], counter.done.extend)
    assert used == 3
    assert sorted(counter.done) == list(range(100))
    pids = {(tmp_path / f"{i}.txt").read_text() for i in range(100)}
    assert len(pids) == 3 and str(os.getpid()) in pids


def failing(i):
    def run():
        if i == 37:  # 37 % 2 == 1: the child's share
            raise ValueError("bad page 37")
    return run


def test_a_childs_exception_is_raised_here():
    with pytest.raises(ValueError, match="bad page 37") as caught:
        run_split([failing(i) for i in range(64)], 2, lambda: None, lambda _: None, lambda _: None)
    assert "raised in a rendering process" in "".join(caught.value.__notes__)


def test_a_child_that_dies_is_an_error_naming_the_work_and_its_setting():
    def die():
        os._exit(3)

    jobs = [(lambda: None) if i % 2 == 0 else die for i in range(64)]
    with pytest.raises(ParallelJobError, match="exit code 3") as caught:
        run_split(jobs, 2, lambda: None, lambda _: None, lambda _: None,
                  doing="reading", setting="CONTENT_READ_PROCESSES")
    assert str(caught.value) == (
        "a reading process ended (exit code 3) without finishing its jobs; "
        "run again with CONTENT_READ_PROCESSES = 1 to see the error in one process."
    )


def test_processes_setting_counts_cores_for_zero():
    assert processes_setting({"RENDER_PROCESSES": 3}, "RENDER_PROCESSES") == 3
    assert processes_setting({}, "RENDER_PROCESSES", 1) == 1
    assert processes_setting({"RENDER_PROCESSES": 0}, "RENDER_PROCESSES") == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("value", ["2", -1, 1.5, True, None])
def test_processes_setting_refuses_what_is_not_a_count(value):
    with pytest.raises(ConfigError) as caught:
        processes_setting({"IMAGES_WORKERS": value}, "IMAGES_WORKERS")
    assert str(caught.value) == (
        f"IMAGES_WORKERS: {value!r} is not a number of processes; write 0 (one per core), "
        "1 (this process only) or a larger whole number."
    )


def test_work_beside_comes_back_from_a_child():
    beside = Beside(os.getpid, "looking")
    child = beside.result()
    assert child != os.getpid() if CAN_FORK else child == os.getpid()


def test_work_beside_raises_its_exception_here():
    def fail():
        raise ValueError("bad figures")

    with pytest.raises(ValueError, match="bad figures"):
        Beside(fail, "looking").result()


def test_work_beside_is_done_here_when_the_child_dies(tmp_path):
    marker = tmp_path / "here"

    def die_in_child(parent=os.getpid()):
        if os.getpid() != parent:
            os._exit(3)
        marker.write_text("done")
        return "done here"

    assert Beside(die_in_child, "looking").result() == "done here"
    assert marker.read_text() == "done"


def test_work_beside_not_wanted_is_stopped(tmp_path):
    marker = tmp_path / "finished"

    def slow():
        time.sleep(30)
        marker.write_text("finished")

    started = time.monotonic()
    Beside(slow, "looking").cancel()
    assert time.monotonic() - started < 10 and not marker.exists()
