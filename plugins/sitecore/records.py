"""Versioned JSON records a build keeps for the next one (pure).

A record is replaced atomically (a crash leaves the old one), and one written by another
version of the format reads as no record: the next build then starts from scratch.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def save_record(path: Path, version: int, fields: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One temporary name per process: two processes reading articles may write the
    # same record (two files with the same body) at the same moment.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    text = json.dumps({"version": version, **fields}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    tmp.write_bytes(text.encode("utf-8", "surrogatepass"))
    os.replace(tmp, path)


def load_record(path: Path, version: int) -> dict[str, Any] | None:
    """The record's fields, or None when it is missing, unreadable or of another version."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != version:
        return None
    return data
