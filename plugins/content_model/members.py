"""Article lists whose ``in`` test is a lookup, not a scan.

Pelican's tag, category and author pages each filter the whole date-ordered list
with ``[a for a in dates if a in articles]``: with ``articles`` a plain list that is
a scan per article, quadratic in the size of the archive. No library changes how Pelican tests membership, so the member
lists are given this small list type instead; everything else about them is a list.
"""

from __future__ import annotations

from typing import Any


class Members(list):
    """A list whose ``in`` compares by identity through a set (as a list of objects
    without ``__eq__`` does, in constant time)."""

    __slots__ = ("_ids", "_length")

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self._ids: set[int] = set()
        self._length = -1

    def __contains__(self, item: object) -> bool:
        if self._length != len(self):  # changed since the set was made (or never made)
            self._ids = {id(member) for member in self}
            self._length = len(self)
        if id(item) in self._ids:
            return True
        # Same answer as list.__contains__ for objects that define equality.
        return type(item).__eq__ is not object.__eq__ and super().__contains__(item)

    # Adding or removing changes the length; replacing an item does not.
    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._length = -1

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self._length = -1
