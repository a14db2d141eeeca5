"""Digests of what shapes a cache or a record (pure): the versions of installed
libraries, and settings as JSON. What was made with other versions or settings is not
reused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib import metadata
from typing import Any


def packages_digest(names: Iterable[str]) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}: none")
    return hashlib.sha256("\n".join(found).encode()).hexdigest()


def json_digest(value: Any) -> str:
    """The SHA-256 of ``value`` as JSON with sorted keys (anything JSON has no type for
    by its ``str``)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
