"""Memory of a command and every process it starts, sampled while it runs (Linux).

    python benchmarks/treemem.py [--interval 0.1] [--json OUT] [--memory-limit MIB] -- CMD ...

``wait4``'s ``ru_maxrss`` (what ``bench.py`` reports) is the peak of the *largest single
process* of the tree, not of the tree: a build whose main process holds 500 MiB while
Pagefind holds 900 MiB reports 900. What a machine must have is the peak of the sum,
which this samples from ``/proc``: every ``--interval`` seconds, each process of the
tree's proportional set size (``Pss`` of ``smaps_rollup``: a page shared by a forked
child and its parent counts half in each, so the sum is the memory really used) and its
resident size, grouped by role:

* ``main``: the build process itself;
* ``forked``: its forked Python children (reading, rendering, photos);
* ``pagefind``: Pagefind's indexer;
* ``other``: anything else.

Printed: the peak of the tree's summed PSS (and the roles' PSS at that moment), each
role's own peak, and the peak of the summed RSS (an upper bound: shared pages counted
in every process). A sample is a moment, so a spike shorter than the interval can be
missed; ``ru_maxrss`` of the largest process is printed beside it as a floor.

``--memory-limit MIB`` runs the command as on a machine with that much memory: in a
memory control group of its own (cgroup v2 ``memory.max`` with ``memory.swap.max`` 0,
or v1 ``memory.limit_in_bytes``), which the kernel enforces on the whole tree at once:
past it, it reclaims the page cache, then kills a process of the tree (the build fails).
``ulimit -v`` / ``prlimit --as`` would not do: it limits each process's *address space*,
not the memory they use together, and Pagefind (Rust, one thread stack per core and
large reserved arenas) reserves far more address space than it touches, so it fails
under a limit its memory never reaches while forked Python workers each get the whole
limit again. Needs a writable cgroup file system (root, or a delegated subtree).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil


@dataclass
class TreeMemory:
    seconds: float = 0.0
    peak_pss_mib: float = 0.0           # the tree's summed PSS at its highest sample
    at_peak: dict[str, float] = field(default_factory=dict)  # each role's PSS at that sample
    at_peak_seconds: float = 0.0
    role_peak_mib: dict[str, float] = field(default_factory=dict)  # each role's own highest PSS
    peak_rss_mib: float = 0.0           # the tree's summed RSS at its highest sample
    largest_maxrss_mib: float = 0.0     # wait4's ru_maxrss: the largest single process
    cpu_seconds: float = 0.0            # user + system time of the whole tree (wall time varies with load)
    exit_code: int = 0
    memory_limit_mib: int | None = None
    oom_kills: int | None = None        # processes of the tree the kernel killed for memory
    timeline: list[tuple[float, dict[str, float]]] = field(default_factory=list)  # (seconds, PSS by role)


def _tree(root: int) -> list[psutil.Process]:
    """The process ``root`` and its descendants alive now."""
    try:
        top = psutil.Process(root)
        return [top, *top.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _rollup(process: psutil.Process) -> tuple[int, int] | None:
    """(PSS, RSS) in KiB (psutil reads ``smaps_rollup``), None when the process is gone."""
    try:
        info = process.memory_full_info()
    except psutil.Error:
        return None
    return info.pss >> 10, info.rss >> 10


def _role(process: psutil.Process, root: int) -> str:
    if process.pid == root:
        return "main"
    try:
        name = os.path.basename(process.exe())
    except psutil.Error:
        return "other"
    if "pagefind" in name:
        return "pagefind"
    if name.startswith("python"):
        return "forked"
    return "other"


class LimitUnavailable(RuntimeError):
    """No memory control group can be made here."""


def _own_cgroup() -> tuple[Path, str]:
    """(the folder of this process's memory control group, "v1" or "v2")."""
    with open("/proc/self/cgroup", encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split(":", 2) for line in handle]
    for _, controllers, path in lines:
        if "memory" in controllers.split(","):
            return Path("/sys/fs/cgroup/memory") / path.lstrip("/"), "v1"
    for number, _, path in lines:
        if number == "0" and Path("/sys/fs/cgroup/cgroup.controllers").exists():
            return Path("/sys/fs/cgroup") / path.lstrip("/"), "v2"
    raise LimitUnavailable("no memory controller in /proc/self/cgroup")


@contextlib.contextmanager
def memory_limited(limit_mib: int, result: TreeMemory) -> Iterator[Path]:
    """A new memory control group limited to ``limit_mib`` MiB; yields its
    ``cgroup.procs`` (a child writes its pid there before it runs the command). On
    leaving, how many processes the kernel killed for memory is put in ``result`` and
    the group removed."""
    parent, version = _own_cgroup()
    group = parent / f"treemem-{os.getpid()}"
    limit = str(limit_mib * 2**20)
    try:
        group.mkdir()
        if version == "v2":
            (group / "memory.max").write_text(limit)
            with contextlib.suppress(OSError):  # without swap accounting there is no swap to limit
                (group / "memory.swap.max").write_text("0")
        else:
            (group / "memory.limit_in_bytes").write_text(limit)
            with contextlib.suppress(OSError):
                (group / "memory.memsw.limit_in_bytes").write_text(limit)
    except OSError as error:
        with contextlib.suppress(OSError):
            group.rmdir()
        raise LimitUnavailable(f"cannot make a memory control group in {parent}: {error}") from None
    result.memory_limit_mib = limit_mib
    try:
        yield group / "cgroup.procs"
    finally:
        if version == "v2":
            events = dict(line.split() for line in (group / "memory.events").read_text().splitlines())
            result.oom_kills = int(events.get("oom_kill", 0))
        else:
            control = dict(line.split() for line in (group / "memory.oom_control").read_text().splitlines())
            result.oom_kills = int(control["oom_kill"]) if "oom_kill" in control else None
        for _ in range(50):  # the last processes of the tree may take a moment to leave
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.1)


def measure_tree(cmd: list[str], interval: float = 0.1, memory_limit_mib: int | None = None,
                 **popen: object) -> TreeMemory:
    """Run ``cmd`` and sample its process tree's memory until it ends; with
    ``memory_limit_mib``, in a memory control group of that size (:func:`memory_limited`)."""
    result = TreeMemory()
    if memory_limit_mib is None:
        _run_sampled(cmd, interval, result, popen)
        return result
    with memory_limited(memory_limit_mib, result) as procs:
        def enter() -> None:
            with open(procs, "w", encoding="ascii") as handle:
                handle.write(str(os.getpid()))
        _run_sampled(cmd, interval, result, {**popen, "preexec_fn": enter})
    return result


def _run_sampled(cmd: list[str], interval: float, result: TreeMemory, popen: dict) -> None:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, **popen)  # type: ignore[call-overload]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            roles: dict[str, int] = defaultdict(int)
            rss = 0
            for process in _tree(proc.pid):
                found = _rollup(process)
                if found is None:
                    continue
                roles[_role(process, proc.pid)] += found[0]
                rss += found[1]
            total = sum(roles.values())
            result.timeline.append((round(time.perf_counter() - start, 2),
                                    {role: round(kib / 1024, 1) for role, kib in sorted(roles.items())}))
            if total / 1024 > result.peak_pss_mib:
                result.peak_pss_mib = round(total / 1024, 1)
                result.at_peak = {role: round(kib / 1024, 1) for role, kib in sorted(roles.items())}
                result.at_peak_seconds = round(time.perf_counter() - start, 1)
            for role, kib in roles.items():
                result.role_peak_mib[role] = max(result.role_peak_mib.get(role, 0.0), round(kib / 1024, 1))
            result.peak_rss_mib = max(result.peak_rss_mib, round(rss / 1024, 1))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    result.seconds = round(time.perf_counter() - start, 2)
    result.largest_maxrss_mib = round(usage.ru_maxrss / 1024, 1)
    result.cpu_seconds = round(usage.ru_utime + usage.ru_stime, 2)
    result.exit_code = proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--json", help="also write the result, with every sample, to this file")
    parser.add_argument("--memory-limit", type=int, metavar="MIB",
                        help="run the command in a memory control group of this many MiB")
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command given")
    result = measure_tree(cmd, args.interval, args.memory_limit)
    found = asdict(result)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(found, ensure_ascii=False) + "\n")
    del found["timeline"]
    print(json.dumps(found, ensure_ascii=False), file=sys.stderr)
    sys.exit(result.exit_code)


if __name__ == "__main__":
    main()
