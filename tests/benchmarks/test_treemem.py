"""The benchmark's memory measure: the whole process tree, and a memory limit on it."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import treemem  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, uses cgroups")

# A child that writes 150 MiB, and its parent 120 MiB beside it, both alive at once;
# the parent fails when the child does.
TREE = """
import os, time
pid = os.fork()
if pid == 0:
    own = bytearray(150 * 2**20); own[::4096] = b"2" * len(own[::4096])
    time.sleep(1.0)
    os._exit(0)
held = bytearray(120 * 2**20); held[::4096] = b"1" * len(held[::4096])
_, status = os.waitpid(pid, 0)
os._exit(1 if status else 0)
"""


def test_the_peak_is_the_sum_of_the_processes_alive_together():
    found = treemem.measure_tree([sys.executable, "-c", TREE], interval=0.05)
    assert found.exit_code == 0
    # wait4 sees the largest process only; the tree's peak holds both.
    assert found.largest_maxrss_mib < 200
    assert found.peak_pss_mib > 260, found
    assert found.at_peak["main"] > 110 and found.at_peak["forked"] > 140, found.at_peak


def test_a_tree_over_the_limit_is_killed():
    try:
        found = treemem.measure_tree([sys.executable, "-c", TREE], interval=0.05, memory_limit_mib=200)
    except treemem.LimitUnavailable as error:
        pytest.skip(str(error))
    assert found.exit_code != 0
    assert found.oom_kills is None or found.oom_kills >= 1
    within = treemem.measure_tree([sys.executable, "-c", TREE], interval=0.05, memory_limit_mib=600)
    assert within.exit_code == 0 and within.memory_limit_mib == 600
