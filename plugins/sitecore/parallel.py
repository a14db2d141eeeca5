"""The build's one way to use several cores (pure; no Pelican): reading, rendering, photos.

``run_split`` runs jobs that are closures over the whole site: a template call with the
article objects, the context and the Jinja environment (``safe_build``), or reading one
article with the reader's caches and settings (``content_model``). ``map_split`` runs a
plain function over small values (a photo's bytes and the image settings: ``images``).
``Beside`` does one piece of work in a child while this process goes on. ``multiprocessing.Pool`` and
``concurrent.futures`` send each job to their workers by pickling it, which these cannot
afford (10,000 articles per call). A *forked* process already has all of it in memory,
so the jobs are split between this process and forked children
(``multiprocessing``'s "fork" context), and only what each child's jobs changed comes
back, pickled through a pipe (a small record for pages; the prepared files for reading):

* ``changes(before)`` runs in a child after its jobs; ``before`` is what ``snapshot()``
  gave in the child before them (the state the child inherited);
* ``apply(delta)`` runs in this process for each child, in child order, once every job
  has run.

Jobs ``jobs[i::n]`` run in process ``i`` (0 is this one), so every process gets a
share of each kind of page. The outputs must not depend on which process made them:
the caller's jobs only write their own files.

Where this system cannot fork (``CAN_FORK``), closures run in this process alone, and
``map_split`` sends its values to a pool of new processes instead: they are small and
picklable, and a first build's photos are most of its work on any computer.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

from sitecore.errors import ConfigError, SiteError
from sitecore.memory import shared_with_children

Snapshot = TypeVar("Snapshot")
Result = TypeVar("Result")
Value = TypeVar("Value")

# Below this many jobs per process a fork costs more than it saves.
MIN_JOBS_PER_PROCESS = 16
# Forking a process that may have touched Apple's frameworks is unsafe on macOS (Python
# itself stopped forking there by default), and Windows cannot fork: an editor's
# computer builds in one process; Linux, where the site is published from, splits.
CAN_FORK = sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


class ParallelJobError(SiteError):
    """A forked process died without saying what its jobs did."""


def processes_setting(settings: Mapping[str, Any], name: str, default: int = 0) -> int:
    """How many processes the setting ``name`` asks for; 0 is one per core this
    process may use."""
    value = settings.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(
            f"{name}: {value!r} is not a number of processes; write 0 (one per core), "
            "1 (this process only) or a larger whole number."
        )
    if value == 0:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return value


def share(count: int, processes: int, least: int = MIN_JOBS_PER_PROCESS) -> int:
    """How many processes ``count`` jobs are split between (1: not split); ``least``:
    the fewest jobs worth a process."""
    if not CAN_FORK:
        return 1
    return max(1, min(processes, count // least))


def _child(jobs: Sequence[Callable[[], None]], snapshot: Callable[[], Any],
           changes: Callable[[Any], Any], conn: Any) -> None:
    def work() -> Any:
        before = snapshot()
        for job in jobs:
            job()
        return changes(before)

    _send_outcome(work, conn)


def _send_outcome(work: Callable[[], Any], conn: Any) -> None:
    """In a child: run ``work`` and send what it returned, or how it failed."""
    try:
        message: tuple[str, Any] = ("ok", work())
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        message = ("error", (exc, "".join(traceback.format_exception(exc))))
    try:
        conn.send(message)
    except Exception:  # noqa: BLE001 - cannot be pickled: send the text of what happened
        detail = message[1][1] if message[0] == "error" else traceback.format_exc()
        conn.send(("error", (None, detail)))
    conn.close()  # multiprocessing flushes the child's output when it ends


def run_split(
    jobs: Sequence[Callable[[], None]],
    processes: int,
    snapshot: Callable[[], Snapshot],
    changes: Callable[[Snapshot], Any],
    apply: Callable[[Any], None],
    *,
    doing: str = "rendering",
    setting: str = "RENDER_PROCESSES",
    least: int = MIN_JOBS_PER_PROCESS,
) -> int:
    """Run every job once; return the number of processes used.

    ``doing`` and ``setting`` name the work and the setting that splits it in errors;
    ``least``: the fewest jobs worth a process (``share``)."""
    n = share(len(jobs), processes, least)
    if n == 1:
        for job in jobs:
            job()
        return 1
    children = []
    with shared_with_children():
        try:
            for i in range(1, n):
                children.append(_fork(_child, jobs[i::n], snapshot, changes))
            for job in jobs[0::n]:
                job()
            hint = f"run again with {setting} = 1 to see the error in one process."
            deltas = [_outcome(child, receive, doing, hint) for child, receive in children]
        finally:
            for child, receive in children:
                _stop(child, receive, grace=0.1)
    for delta in deltas:
        apply(delta)
    return n


def map_split(function: Callable[[Value], Result], values: Sequence[Value], processes: int, *,
              doing: str, setting: str) -> list[Result]:
    """``[function(v) for v in values]`` on up to ``processes`` cores, in order.
    ``function`` must be a module-level function and the values picklable where this
    system cannot fork; each value is worth a process of its own (a photo)."""
    if processes <= 1 or len(values) <= 1:
        return [function(value) for value in values]
    if not CAN_FORK:
        with ProcessPoolExecutor(max_workers=min(processes, len(values))) as pool:
            return list(pool.map(function, values))
    done: dict[int, Result] = {}

    def job(i: int) -> Callable[[], None]:
        return lambda: done.__setitem__(i, function(values[i]))

    # A child starts with this process's (empty) ``done``: all it holds after its jobs is theirs.
    run_split([job(i) for i in range(len(values))], processes, lambda: None, lambda _: dict(done), done.update,
              doing=doing, setting=setting, least=1)
    return [done[i] for i in range(len(values))]


def _fork(target: Callable[..., None], *args: Any) -> tuple[Any, Any]:
    """Start ``target(*args, send)`` in a forked child; return the child and the end of
    the pipe its outcome comes through (``_outcome``)."""
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()
    sys.stderr.flush()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=target, args=(*args, send), daemon=True)
    child.start()
    send.close()
    return child, receive


def _stop(child: Any, receive: Any, grace: float = 0.0) -> None:
    """Stop ``child`` if it is still working after ``grace`` seconds, then close its pipe."""
    if grace and child.is_alive():
        child.join(timeout=grace)
    if child.is_alive():
        child.terminate()
    child.join()
    receive.close()


def _outcome(child: Any, receive: Any, doing: str, hint: str) -> Any:
    """What ``child`` sent (``_send_outcome``); its failure raised here."""
    try:
        status, payload = receive.recv()
    except EOFError:
        child.join()
        raise ParallelJobError(
            f"a {doing} process ended (exit code {child.exitcode}) without finishing its jobs; {hint}"
        ) from None
    if status == "error":
        exc, detail = payload
        if exc is None:
            raise ParallelJobError(f"a {doing} process failed:\n{detail}")
        exc.add_note(f"(raised in a {doing} process)\n{detail}")
        raise exc
    return payload


class Beside(Generic[Result]):
    """``work()`` done in a forked child while this process goes on; ``result()`` waits
    for what it returned. For work that waits on the system more than it computes (a
    ``stat`` of every published file): threads would fight over the interpreter's lock
    for each call, a child has the other core to itself. Where this system cannot fork
    (``CAN_FORK``), ``result()`` does the work then, in this process."""

    def __init__(self, work: Callable[[], Result], doing: str) -> None:
        self._work, self._doing = work, doing
        self._child: Any = None
        self._receive: Any = None
        if CAN_FORK:
            self._child, self._receive = _fork(_send_outcome, work)

    def result(self) -> Result:
        child, self._child = self._child, None
        if child is None:
            return self._work()
        try:
            return _outcome(child, self._receive, self._doing, "")
        except ParallelJobError:
            return self._work()  # the child was killed: the same work, here
        finally:
            child.join()
            self._receive.close()

    def cancel(self) -> None:
        """Stop the child if it is still working (its result is not wanted)."""
        child, self._child = self._child, None
        if child is not None:
            _stop(child, self._receive)
