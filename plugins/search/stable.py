"""A Pagefind index made a function of the pages it holds (pure; never imports Pelican).

Pagefind 1.5.2 keeps its filters in hash maps seeded at random in every run, and writes
them in that order: the values of each filter file, and the list of filter files in the
metadata file. Two runs over the same pages therefore write the same filter values in
another order, in files named by a hash of their bytes, listed in a metadata file (and
named in ``pagefind-entry.json``) that differ too; every build from scratch re-uploaded
them. Pagefind's own source sorts both since (upstream commit 0b56369, "completion of
deterministic output", not in a release yet). :func:`settle` makes a written index what
that version writes: each filter's values sorted, the filters and sorts of the metadata
sorted by name, each file named again by Pagefind's own hash of its bytes.

This changes nothing a search sees: Pagefind's script reads a filter file into a map
from value to pages and the metadata's filter list into a map from name to file (an
order is only the order in which keys come out of a map, and ``search.js`` sorts the
values it shows). Each file is decoded and encoded again only when encoding what was
decoded gives back exactly the bytes Pagefind wrote; otherwise (another Pagefind
version, another format) :class:`IndexFormatError` says so and nothing is changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from typing import Any

SIGNATURE = b"pagefind_dcd"
# Positions in the metadata file (Pagefind's ``MetaIndex``, CBOR array) and in a filter file.
META_FILTERS, META_SORTS = 3, 4


class IndexFormatError(Exception):
    """A Pagefind file is not in the form this module knows: the index is left as written."""


def full_hash(data: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1, each byte in hexadecimal without padding."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


# -- the subset of CBOR Pagefind's metadata and filter files use -----------------------

def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise IndexFormatError(f"number too large: {number}")


def encode(value: Any) -> bytes:
    """Definite lengths and the shortest heads, as Pagefind's ``minicbor`` writes."""
    if isinstance(value, bool) or value is None:
        raise IndexFormatError(f"unexpected value {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    raise IndexFormatError(f"unexpected value {value!r}")


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    try:
        major, info = data[at] >> 5, data[at] & 31
    except IndexError:
        raise IndexFormatError("file cut short") from None
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        if at + size > len(data):
            raise IndexFormatError("file cut short")
        number, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise IndexFormatError(f"unknown item head {data[at - 1]:#x}")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        raw = data[at:at + number]
        if len(raw) != number:
            raise IndexFormatError("file cut short")
        try:
            return (raw if major == 2 else raw.decode("utf-8")), at + number
        except UnicodeDecodeError as error:
            raise IndexFormatError(str(error)) from None
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise IndexFormatError(f"unknown item type {major}")


def decode(data: bytes) -> Any:
    """The value ``data`` holds; only when :func:`encode` gives ``data`` back exactly."""
    value, end = _decode(data, 0)
    if end != len(data) or encode(value) != data:
        raise IndexFormatError("not encoded as this module encodes it")
    return value


# -- the files ---------------------------------------------------------------------------

def read_file(path: str) -> Any:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        data = gzip.decompress(data)
    except (OSError, EOFError) as error:
        raise IndexFormatError(f"{path}: {error}") from None
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path}: no {SIGNATURE.decode()} signature")
    try:
        return decode(data[len(SIGNATURE):])
    except IndexFormatError as error:
        raise IndexFormatError(f"{path}: {error}") from None


def packed(value: Any) -> bytes:
    """A Pagefind file of ``value``: signature and CBOR, gzip-compressed without a time."""
    return gzip.compress(SIGNATURE + encode(value), compresslevel=9, mtime=0)


def _short(full: str, start: int, taken: set[str]) -> str:
    """Pagefind's short name of a file: ``start`` characters of ``full``; on a collision
    with a name in ``taken`` two more at a time, as its index builder does."""
    short = full[:start]
    while short in taken and len(short) < len(full):
        short = full[:len(short) + 2]
    return short


def _sorted_by_name(items: Any, what: str) -> list:
    named = isinstance(items, list) and all(isinstance(i, list) and i and isinstance(i[0], str) for i in items)
    if not named:
        raise IndexFormatError(f"{what}: not a list of named entries")
    return sorted(items, key=lambda item: item[0])  # code points: Rust's byte order of UTF-8


def settle(index: str | os.PathLike[str]) -> bool:
    """Rewrite the Pagefind index at ``index`` as described in the module docstring;
    True when a file changed. Raises :class:`IndexFormatError` before writing anything
    when a file is not in the known form."""
    entry_path = os.path.join(index, "pagefind-entry.json")
    try:
        with open(entry_path, encoding="utf-8") as handle:
            entry_text = handle.read()
        entry = json.loads(entry_text)
        languages = entry["languages"]
        if _json(entry) != entry_text or not isinstance(languages, dict):
            raise IndexFormatError("not written as this module writes it")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexFormatError(f"{entry_path}: {error}") from None
    except IndexFormatError as error:
        raise IndexFormatError(f"{entry_path}: {error}") from None
    files: dict[str, bytes] = {}
    gone: set[str] = set()
    for language in sorted(languages):
        info = languages[language]
        meta_path = os.path.join(index, f"pagefind.{info['hash']}.pf_meta")
        meta = read_file(meta_path)
        if not isinstance(meta, list) or len(meta) <= META_SORTS:
            raise IndexFormatError(f"{meta_path}: not Pagefind's metadata")
        filters, taken = [], set()
        for name, old, *rest in _sorted_by_name(meta[META_FILTERS], meta_path):
            path = os.path.join(index, "filter", f"{old}.pf_filter")
            values = read_file(path)
            if not isinstance(values, list) or len(values) != 2 or values[0] != name:
                raise IndexFormatError(f"{path}: not the filter {name!r}")
            values[1] = _sorted_by_name(values[1], path)
            raw = encode(values)
            short = _short(f"{language}_{full_hash(raw)}", len(language) + 8, taken)
            taken.add(short)
            filters.append([name, short, *rest])
            gone.add(path)
            files[os.path.join(index, "filter", f"{short}.pf_filter")] = packed(values)
        meta[META_FILTERS] = filters
        meta[META_SORTS] = _sorted_by_name(meta[META_SORTS], meta_path)
        meta_hash = f"{language}_{full_hash(encode(meta))[:len(language) + 8]}"
        gone.add(meta_path)
        files[os.path.join(index, f"pagefind.{meta_hash}.pf_meta")] = packed(meta)
        info["hash"] = meta_hash
    entry["languages"] = {language: languages[language] for language in sorted(languages)}
    files[entry_path] = _json(entry).encode("utf-8")
    changed = False
    for path, data in files.items():
        try:
            with open(path, "rb") as handle:
                if handle.read() == data:
                    continue
        except OSError:
            pass
        changed = True
        with open(path, "wb") as handle:
            handle.write(data)
    for path in gone - set(files):
        os.unlink(path)
        changed = True
    return changed


def _json(value: Any) -> str:
    """JSON as Pagefind's ``serde_json`` writes it: compact, other than ASCII kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
