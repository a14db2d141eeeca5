"""One build at a time per output folder and per cache folder (pure: never imports Pelican).

Two builds at once on the same folders (``invoke livereload`` running while an editor
types ``invoke build``, two publishing jobs) would share the staging folder, the caches
and the records of the last build, and could publish a mix of both. Every build, the
upload of ``invoke publish`` and ``invoke clean`` therefore hold an operating-system lock
on each folder they use: a lock file beside the output folder (``.output.lock``) and one
in the cache folder (``build.lock``). The locks are ``filelock``'s (``flock`` on Linux
and macOS, ``LockFileEx`` on Windows): the system releases them when their process ends,
however it ends, so no lock is ever left behind by a build that was killed.

A build that finds a lock taken says which process holds it and waits; after the wait a
setting allows it stops with a clear message and touches nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import SiteError, display_path
from .files import beside

CACHE_LOCK_NAME = "build.lock"
# Seconds a build waits for another one on the same folders (``SITE_BUILD_WAIT``): longer
# than a full build of 10,000 articles on two cores (about 5.5 minutes, docs/benchmarks.md).
DEFAULT_WAIT = 900.0


class BuildBusy(SiteError):
    """Another build held a lock longer than this one may wait."""


def output_lock(output: Path) -> Path:
    """The lock file of an output folder: beside it, hidden (``.output.lock``)."""
    return beside(output, "lock")


def cache_lock(cache: Path) -> Path:
    return cache / CACHE_LOCK_NAME


def guarded(lock: Path) -> Path:
    """The folder ``lock`` guards: the output folder beside it, or the cache folder it is in."""
    if lock.name.startswith(".") and lock.name.endswith(".lock"):
        return lock.with_name(lock.name[1:-len(".lock")])
    return lock.parent


def _holder_file(lock: Path) -> Path:
    # Who holds the lock is written beside it, not in it: a process waiting for a lock
    # opens (and may truncate) the lock file itself.
    return lock.with_name(f"{lock.name}.holder")


def holder(lock: Path) -> str:
    """Who holds ``lock``, as written when it was taken ("" when nobody wrote it)."""
    try:
        who = json.loads(_holder_file(lock).read_text(encoding="utf-8"))
        return f"tiến trình {who['pid']} trên máy {who['host']}, bắt đầu lúc {who['since']}: {who['command']}"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _write_holder(lock: Path, what: str) -> None:
    since = dt.datetime.now().astimezone().strftime("%H:%M:%S ngày %d/%m/%Y")
    data = {"pid": os.getpid(), "host": socket.gethostname(), "since": since, "command": what}
    with contextlib.suppress(OSError):  # only a courtesy for who waits: never a reason to fail
        _holder_file(lock).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _busy_message(lock: Path, wait: float) -> str:
    who = holder(lock) or "một tiến trình khác"
    waited = f"Đã chờ {wait:g} giây mà" if wait > 0 else "Không chờ vì SITE_BUILD_WAIT = 0, và"
    return (
        f"{waited} thư mục {display_path(guarded(lock))} vẫn đang được dùng bởi một lần dựng khác ({who}). "
        "Chưa dựng gì, chưa xuất bản gì. Hãy chờ lần dựng đó xong rồi chạy lại; nếu nó bị treo, "
        "hãy dừng nó (Ctrl+C trong cửa sổ đang chạy nó). Muốn chờ lâu hơn: đặt SITE_BUILD_WAIT "
        "(số giây) trong pelicanconf.py."
    )


@contextlib.contextmanager
def holding(locks: Sequence[Path], what: str, wait: float,
            on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold every lock file of ``locks`` (taken in one fixed order, so two processes
    that want the same locks never wait for each other in a circle) while the block runs.

    ``what``: how this process is named to those who wait for it (its command line).
    ``wait``: seconds to wait for a lock another process holds (0: do not wait); then
    ``BuildBusy``. ``on_wait`` is told once per busy lock who holds it.
    """
    ordered = sorted({Path(os.path.abspath(p)) for p in locks})
    with contextlib.ExitStack() as stack:
        for path in ordered:
            path.parent.mkdir(parents=True, exist_ok=True)
            # preserve_lock_file: a lock file removed on release could be taken by a
            # newcomer on a new inode while a waiter still waits on the old one.
            # is_singleton: one lock object per file in this process, which counts how
            # often it is held (a resident build holds it around Pelican's runs).
            lock = FileLock(path, preserve_lock_file=True, thread_local=False, is_singleton=True)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                if wait <= 0:
                    raise BuildBusy(_busy_message(path, wait)) from None
                if on_wait is not None:
                    on_wait(f"Thư mục {display_path(guarded(path))} đang được một lần dựng khác dùng "
                            f"({holder(path) or 'một tiến trình khác'}); chờ nó xong …")
                try:
                    lock.acquire(timeout=wait, poll_interval=0.1)
                except Timeout:
                    raise BuildBusy(_busy_message(path, wait)) from None
            stack.callback(lock.release)
            if lock.lock_counter == 1:  # not when this process already held it
                _write_holder(path, what)
        yield


def command_line() -> str:
    """This process's command, shortened to what a person recognises."""
    if not sys.argv or not sys.argv[0]:
        return "python"
    program = Path(sys.argv[0])
    # ``python -m pelican``: argv[0] is the package's __main__.py
    words = [program.parent.name if program.name == "__main__.py" else program.name, *sys.argv[1:]]
    text = " ".join(words)
    return text if len(text) <= 160 else text[:157] + "…"
