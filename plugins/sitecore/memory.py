"""Giving memory back to the system between the phases of a build (pure; no Pelican).

A full build holds every article while it reads and renders; once Pelican's run is
over, the finish steps (Pagefind's indexer above all, a process of its own) need little
of it. Objects let go of are not memory the system gets back: CPython keeps freed
objects in its own arenas and glibc's ``malloc`` keeps freed blocks in its heaps, so
the process's resident size stays at its peak while the indexer it starts adds its own.
:func:`release_unused` collects what is garbage and asks glibc to hand back what it
holds free (``malloc_trim``), so that the two are not both at their peak at once.

The collector is told what lives to the end of the build: every collection of the
oldest generation walks every object it holds, and the articles read are most of them
and cannot be garbage. While they are read (:func:`reading`) such full collections
wait; once they are read they are frozen (:func:`hold_alive`) until the build is over.
This module is the one place that changes how the collector runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

_held = False
# The collector's thresholds while full collections wait (:func:`reading`), to restore.
_waiting: tuple[int, int, int] | None = None
# A full collection after this many collections of the younger generations: never, in
# practice, for one build's reading.
_FULL_COLLECTIONS_WAIT = 1_000_000


@cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None (another C library: musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None


def resident_bytes() -> int | None:
    """This process's resident size in bytes (Linux ``/proc``), None elsewhere."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def release_unused() -> tuple[int | None, int | None]:
    """Collect garbage and return the C library's free memory to the system; the
    resident size (bytes) before and after, None where it cannot be read."""
    before = resident_bytes()
    gc.collect()
    return_free_heap()
    return before, resident_bytes()


def return_free_heap() -> None:
    """Ask glibc to hand back the memory it keeps free (``malloc_trim``). After large
    buffers are freed (decoded photos), glibc serves the next ones from its heap rather
    than mapping them, and keeps what is freed there for itself: the process stays at
    its largest size for the rest of the build."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def reading() -> None:
    """What is made from now until :func:`hold_alive` (the articles read) lives to the
    end of the build: until then, collections of the oldest generation wait. Each walks
    every object alive and, among articles being read, finds nothing to free; they come
    more often the more there is to walk, so they grow faster than the site. Young
    garbage (reference cycles made and dropped while reading) is still collected."""
    global _waiting
    if _waiting is None:
        _waiting = gc.get_threshold()
        gc.set_threshold(_waiting[0], _waiting[1], _FULL_COLLECTIONS_WAIT)


def _collect_as_before() -> None:
    global _waiting
    if _waiting is not None:
        gc.set_threshold(*_waiting)
        _waiting = None


def hold_alive() -> None:
    """Everything alive now lives to the end of the build (the articles read, the
    generators): the collector stops walking it (``gc.freeze``) until :func:`let_go`,
    and collects as before what is made after."""
    global _held
    _collect_as_before()
    gc.freeze()
    _held = True


def hold_made_so_far() -> None:
    """While the build holds what it read (:func:`hold_alive`): what is alive now lives
    to the end of the build too (the render plan's notes of each call, what a resident
    process keeps to make an article's files again), so the collector stops walking it.
    Otherwise every full collection of the rendering walks all that the calls made
    before it, and they come each time that grows by a quarter. Collected first, so that
    garbage is freed, not kept: that collection walks only what was made since the
    last time."""
    if _held:
        gc.collect()
        gc.freeze()


def let_go() -> None:
    """What :func:`hold_alive` held is the collector's again (and full collections no
    longer wait, after a run stopped while reading)."""
    global _held
    _collect_as_before()
    if _held:
        gc.unfreeze()
        _held = False


@contextmanager
def shared_with_children() -> Iterator[None]:
    """While forked children run: objects alive now are frozen, so that neither the
    children's collector nor this process's touches (and so copies) the memory they
    share; thawed after, unless they were held already (:func:`hold_alive`)."""
    if _held:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def processes_within(budget: int, resident: int | None, wanted: int) -> int:
    """How many of ``wanted`` processes, this one and workers forked from it, fit in
    ``budget`` bytes when this one is ``resident`` bytes (None: unknown, ``wanted``).

    A forked worker shares this process's memory only until either writes to it, and
    CPython writes to every object it touches (its reference count): a worker that
    renders pages of every article ends up with its own copy of nearly all of it. So
    each process is counted at this one's size."""
    if resident is None or resident <= 0:
        return wanted
    return max(1, min(wanted, budget // resident))
