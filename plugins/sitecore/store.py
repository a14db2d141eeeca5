"""What a build keeps for the next one, in one format: a SQLite file of entries (pure).

A store is one SQLite file with one table, ``entries(kind, key, version, data)``: a JSON
document (written with orjson) for each kind and key. An entry written by another
version of its format reads as none, and so does a file that is not a database (a
crash, another program): it is made again. Every write is one transaction, so a build
stopped at any moment leaves each entry as it was or as it was written, never half.

Two kinds of stores:
* the **build state**, one per output folder (``CACHE_PATH/build-<k>.sqlite``, the
  session's ``state``): the last build's record (its inputs and warnings, the names it
  published, the plugins' records: the render record, the search index's), written
  once the build is published, and the search's record of its work folder.
* **caches keyed by content**, shared by every output folder: files as read
  (``CACHE_PATH/content/files.sqlite``), derived photos
  (``CACHE_PATH/images/photos.sqlite``). Read entry by entry, written once per build
  (:class:`Cached`).

Why SQLite and not a JSON file per record: one file, one schema and one way to write
atomically for every record, entries read alone (one file as read among 10,000) without loading
the rest, and no temporary files beside the records. Python's own ``sqlite3``: no new
dependency. A connection is opened when first used in each process: one must not
cross a fork (``sitecore.parallel``).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
RECORD = "record"  # the build state's kind: one entry per record name
# The most the write-ahead log keeps on disk between writes. A build that reads a whole
# archive writes every file's entry in one transaction, and the log grows to hold it
# (hundreds of MB at 100,000 articles); SQLite reuses the log from its start after a
# checkpoint but keeps the file at its largest size unless told to cut it back.
WAL_LIMIT = 64 * 1024 * 1024


def encode(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:  # a name orjson cannot encode (a surrogate from an undecodable file name)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode(
            "utf-8", "surrogatepass")


def decode(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except ValueError:
        return json.loads(bytes(data).decode("utf-8", "surrogatepass"))


class StoreError(OSError):
    """An entry that had to be written was not (the store's file names it)."""


class Store:
    """One SQLite file of entries. Reads that fail give nothing (the work is done
    again); writes that fail are a warning naming the file (the next build does the
    work again)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def _connect(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            self._db, self._pid = self._open(), os.getpid()
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open_schema()
        except sqlite3.OperationalError:
            raise  # locked or unwritable: reported by the caller
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)
            return self._open_schema()

    def _open_schema(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        # The write-ahead log makes a commit one append, without waiting for the disk: a
        # process that dies loses nothing committed; a machine that loses power may lose
        # the last entries, which are then made again.
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
        # Two processes may open a new store at once: one makes the table.
        with transaction(db):
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                db.execute("DROP TABLE IF EXISTS entries")
                db.execute("CREATE TABLE entries (kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, "
                           "data BLOB NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return db

    def get(self, kind: str, key: str, version: int) -> Any | None:
        """The entry's value; None when there is none, of another version or unreadable."""
        try:
            row = self._connect().execute("SELECT version, data FROM entries WHERE kind = ? AND key = ?",
                                          (kind, key)).fetchone()
            if row is None or row[0] != version:
                return None
            return decode(row[1])
        except (sqlite3.Error, OSError, ValueError):
            return None

    def get_all(self, kind: str, version: int) -> dict[str, Any]:
        """Every entry of ``kind`` of this version, by key."""
        try:
            rows = self._connect().execute("SELECT key, data FROM entries WHERE kind = ? AND version = ?",
                                           (kind, version)).fetchall()
            return {key: decode(data) for key, data in rows}
        except (sqlite3.Error, OSError, ValueError):
            return {}

    def put(self, kind: str, key: str, version: int, value: Any, *, must: bool = False) -> None:
        """``must``: a failure raises ``StoreError`` (an ``OSError``) instead of a warning."""
        self.put_many(kind, version, {key: value}, must=must)

    def put_many(self, kind: str, version: int, values: Mapping[str, Any], *, must: bool = False) -> None:
        if values:
            rows = [(kind, key, version, encode(values[key])) for key in sorted(values)]
            self.write(lambda db: db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows),
                       must=must)

    def remove(self, kind: str, *keys: str) -> None:
        self.write(lambda db: db.executemany("DELETE FROM entries WHERE kind = ? AND key = ?",
                                             [(kind, key) for key in keys]))

    def keep_only(self, kind: str, keys: Iterable[str]) -> None:
        """Remove the entries of ``kind`` whose key is not among ``keys``."""
        kept = sorted(set(keys))

        def remove_others(db: sqlite3.Connection) -> None:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM kept")
            db.executemany("INSERT INTO kept VALUES (?)", ((key,) for key in kept))
            db.execute("DELETE FROM entries WHERE kind = ? AND key NOT IN (SELECT key FROM kept)", (kind,))

        self.write(remove_others)

    def write(self, change: Callable[[sqlite3.Connection], object], *, must: bool = False) -> None:
        try:
            db = self._connect()
            with transaction(db):
                change(db)
        except (sqlite3.Error, OSError) as exc:
            if must:
                code = exc.errno if isinstance(exc, OSError) and exc.errno else errno.EIO
                raise StoreError(code, f"{type(exc).__name__}: {exc}", os.fspath(self.path)) from exc
            logger.warning("Không ghi được %s (%s); lần dựng sau sẽ làm lại phần việc đó.", self.path, exc)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def output_key(output: Path) -> str:
    """The key of an output folder in the names of its build state and work folders."""
    return hashlib.sha256(os.fspath(output).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def store_at(path: Path) -> Store:
    """One store per file in this process (its connection is shared)."""
    return _store(os.path.abspath(path))


@functools.cache
def _store(path: str) -> Store:
    return Store(Path(path))


class Cached:
    """The entries of one kind of a cache keyed by content: read when asked for, the new
    ones written together (``flush``), those no process of the build used removed
    (``keep_only_used``). Reading processes forked from this one bring back what they
    used and made (``mark``, ``since``, ``merge``)."""

    def __init__(self, store: Store, kind: str, version: int) -> None:
        self.store, self.kind, self.version = store, kind, version
        self.used: set[str] = set()
        self.fresh: dict[str, Any] = {}  # made in this build, not yet written

    def get(self, key: str) -> Any | None:
        value = self.fresh.get(key)
        if value is None:
            value = self.store.get(self.kind, key, self.version)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self.fresh[key] = value
        self.used.add(key)

    def flush(self) -> None:
        fresh, self.fresh = self.fresh, {}
        self.store.put_many(self.kind, self.version, fresh)

    def keep_only_used(self) -> None:
        self.flush()
        used, self.used = self.used, set()
        self.store.keep_only(self.kind, used)

    def mark(self) -> tuple[set[str], set[str]]:
        return set(self.used), set(self.fresh)

    def since(self, mark: tuple[set[str], set[str]]) -> tuple[set[str], dict[str, Any]]:
        used, fresh = mark
        return self.used - used, {k: v for k, v in self.fresh.items() if k not in fresh}

    def merge(self, delta: tuple[set[str], dict[str, Any]]) -> None:
        used, fresh = delta
        self.used |= used
        self.fresh.update(fresh)
