"""Versions of installed libraries as one digest (pure): a cache or a record made with
other versions of the libraries that shaped it is not reused."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata


def packages_digest(names: Iterable[str]) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}: none")
    return hashlib.sha256("\n".join(found).encode()).hexdigest()
