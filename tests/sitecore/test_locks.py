"""One build at a time per folder: real processes holding real operating-system locks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitecore import locks
from tests.conftest import HOLDER, ROOT

def test_a_lock_held_elsewhere_is_waited_for_then_named(tmp_path, holders):
    lock = locks.output_lock(tmp_path / "output")
    assert lock == tmp_path / ".output.lock" and locks.guarded(lock) == tmp_path / "output"
    holder = holders(lock)
    told: list[str] = []
    with pytest.raises(locks.BuildBusy) as busy:
        with locks.holding([lock], "thử", 0.3, told.append):
            pytest.fail("the lock was taken twice")
    message = str(busy.value)
    assert f"tiến trình {holder.pid}" in message and "người giữ khóa thử" in message
    assert "Đã chờ 0.3 giây" in message and str(tmp_path / "output") in message
    assert len(told) == 1 and f"tiến trình {holder.pid}" in told[0]
    # 0: no wait at all, and the message says why
    with pytest.raises(locks.BuildBusy, match="Không chờ vì SITE_BUILD_WAIT = 0"):
        with locks.holding([lock], "thử", 0):
            pytest.fail("the lock was taken twice")
    holder.release()
    with locks.holding([lock], "thử", 0):
        assert "thử" in locks.holder(lock)


def test_a_killed_holder_leaves_no_lock_behind(tmp_path, holders):
    cache = locks.cache_lock(tmp_path / "cache")
    holders(cache).kill()
    with locks.holding([cache], "thử", 0):
        pass


def test_the_same_process_may_hold_a_lock_again_and_keeps_it_until_the_outer_release(tmp_path):
    lock = tmp_path / ".output.lock"
    with locks.holding([lock, tmp_path / "cache" / "build.lock"], "ngoài", 0):
        with locks.holding([lock], "trong", 0):
            pass
        assert "ngoài" in locks.holder(lock)  # the inner hold did not rename the holder
        probe = subprocess.run(
            [sys.executable, "-c", HOLDER, str(lock)], cwd=ROOT, input="", capture_output=True, text=True)
        assert probe.returncode == 1 and "BuildBusy" in probe.stderr  # still held after the inner block
