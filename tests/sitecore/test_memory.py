import sys

import pytest

from sitecore import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="resident size is read from /proc")
def test_memory_let_go_of_is_given_back_to_the_system():
    # 200 MiB of blocks too small for glibc to map on their own, in its heap; nine in
    # ten freed, the tenth kept: the heap's top is in use, so glibc keeps the holes for
    # itself until it is asked to give them back.
    blocks = [bytearray(4000) for _ in range(50_000)]
    kept = blocks[::10]
    del blocks
    before, after = memory.release_unused()
    assert before is not None and after is not None
    assert before - after > 120 * 2**20, (before, after)
    assert len(kept) == 5000


def test_release_works_where_the_size_cannot_be_read(monkeypatch):
    monkeypatch.setattr(memory, "resident_bytes", lambda: None)
    assert memory.release_unused() == (None, None)


def test_what_is_held_stays_frozen_through_forked_work_and_is_thawed_once():
    import gc

    assert gc.get_freeze_count() == 0
    try:
        with memory.shared_with_children():  # not held: frozen for the children, thawed after
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0
        memory.hold_alive()
        held = gc.get_freeze_count()
        assert held > 0
        with memory.shared_with_children():
            pass
        # Forked work does not thaw what the build holds (thawed, the count is 0; a frozen
        # object may still be freed by its reference count meanwhile, so not exactly ``held``).
        assert gc.get_freeze_count() > held // 2
        memory.let_go()
        assert gc.get_freeze_count() == 0
        memory.let_go()  # twice: nothing more to do
        assert gc.get_freeze_count() == 0
    finally:
        memory.let_go()
        gc.unfreeze()


def test_while_articles_are_read_full_collections_wait_and_young_garbage_is_still_collected():
    import gc

    before = gc.get_threshold()
    full_collections = []

    def count(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full_collections.append(info)

    gc.callbacks.append(count)
    try:
        memory.reading()
        memory.reading()  # twice: the thresholds to restore are still the first ones
        held = [[i] for i in range(300_000)]  # long-lived objects, as articles read are
        cycles = 0
        for _ in range(20_000):  # reference cycles made and dropped, as reading makes
            cycle: list = []
            cycle.append(cycle)
            cycles += 1
        assert full_collections == []
        assert gc.get_count()[0] < 20_000  # the cycles went in younger collections
        memory.hold_alive()
        assert gc.get_threshold() == before
        memory.let_go()
        memory.reading()
        memory.let_go()  # a run stopped while reading: collections as before too
        assert gc.get_threshold() == before
        assert len(held) == 300_000 and cycles == 20_000
    finally:
        gc.callbacks.remove(count)
        memory.let_go()
        gc.set_threshold(*before)


def test_what_a_held_run_made_so_far_is_held_too_once_its_garbage_is_freed():
    import gc
    import weakref

    class Node:
        pass

    def cycle() -> Node:
        node = Node()
        node.itself = node
        return node

    try:
        memory.hold_made_so_far()  # nothing held: the collector runs as before
        assert gc.get_freeze_count() == 0
        memory.hold_alive()
        kept = [cycle() for _ in range(1000)]  # what the render plan notes, per call
        garbage = weakref.ref(cycle())  # left in a reference cycle, as rendering leaves some
        assert garbage() is not None
        held = gc.get_freeze_count()
        memory.hold_made_so_far()
        assert garbage() is None  # freed, not frozen
        assert gc.get_freeze_count() >= held + len(kept)
        assert not any(gc.is_tracked(k) and k in gc.get_objects() for k in kept[:3])  # no full collection walks them
        memory.let_go()
        assert gc.get_freeze_count() == 0
    finally:
        memory.let_go()
        gc.unfreeze()


def test_as_many_processes_as_fit_in_the_budget_at_this_ones_size():
    mib = 2**20
    assert memory.processes_within(1024 * mib, 400 * mib, 2) == 2
    assert memory.processes_within(1024 * mib, 600 * mib, 2) == 1
    assert memory.processes_within(1024 * mib, 300 * mib, 8) == 3
    assert memory.processes_within(1 * mib, 300 * mib, 2) == 1  # never fewer than this one
    assert memory.processes_within(1024 * mib, None, 2) == 2  # size unknown: as asked
