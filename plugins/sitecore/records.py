"""Versioned JSON records a build keeps for the next one (pure).

A record is replaced atomically (a crash leaves the old one), and one written by another
version of the format reads as no record: the next build then starts from scratch.

Written and read with orjson: a rebuild at 10,000 articles reads and writes records of
20 MB, which the standard library's ``json`` took 0.5 s for (orjson: a sixth of that).
A record holding a name orjson cannot encode (a surrogate from an undecodable file
name) goes through ``json`` instead.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

import orjson


def save_record(path: Path, version: int, fields: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One temporary name per process: two processes reading articles may write the
    # same record (two files with the same body) at the same moment.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    data = {"version": version, **fields}
    try:
        raw = orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        raw = text.encode("utf-8", "surrogatepass")
    tmp.write_bytes(raw)
    os.replace(tmp, path)


def load_record(path: Path, version: int) -> dict[str, Any] | None:
    """The record's fields, or None when it is missing, unreadable or of another version."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    # A record is plain data, without cycles: the collector's passes while orjson makes
    # its hundreds of thousands of lists (a 7 MB record) doubled the time of a load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = orjson.loads(raw)
    except ValueError:
        try:
            data = json.loads(raw.decode("utf-8", "surrogatepass"))
        except ValueError:
            return None
    finally:
        if collecting:
            gc.enable()
    if not isinstance(data, dict) or data.get("version") != version:
        return None
    return data
