"""Files as read, kept between builds by content (pure; never imports Pelican).

Reading an article (decoding, YAML front matter, field checks, the converted body) was
12 s of CPU at 10,000 articles on every build, although an edit changes one file. A
file whose bytes, path, reading settings and reading code are unchanged reads the same,
so a build takes the previous build's result: a :class:`PreparedFile` kept in one
SQLite database (``CACHE_PATH/content/prepared.sqlite``), one row per file.

What a file's bytes do not decide is checked again on every build: the photos it names
must still be there (:meth:`PreparedFile.photos`); a file with an error is never kept
(it is read again and its errors reported every time). Entries a build did not use are
removed at its end, so the database never grows beyond the site.

SQLite (Python's own ``sqlite3``) rather than one file per entry: ten thousand small
files cost a second to open and read; rather than pickle: the cache folder must never be
able to run code (the rows are JSON and text).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sitecore.errors import ContentError
from sitecore.versions import packages_digest

from .markdown_ext import BodyImage

logger = logging.getLogger(__name__)
FORMAT_VERSION = 3
_CODE = Path(__file__).resolve().parent


@dataclass
class PreparedFile:
    """One file as read, before Pelican's objects are made: plain data, so that a file
    read in another process comes back pickled and a file read by an earlier build comes
    back from the store. ``problems`` are reported, in order, when Pelican reads the file;
    ``failed`` skips it. ``body_key``: the converted-bodies cache entry it used;
    ``slug``: the one written or, without it, the title's."""

    path: str
    problems: list[ContentError]
    failed: bool
    lines: dict[str, int] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    content: str = ""
    images: list[BodyImage] = field(default_factory=list)
    body_key: str = ""
    slug: str = ""

    def photos(self) -> list[str]:
        """The photos this file names (paths from the content folder)."""
        lead = self.values.get("image")
        return ([lead] if lead else []) + [image.path for image in self.images]

    def storable(self) -> bool:
        return not self.failed and all(p.warning for p in self.problems)


@functools.cache
def code_digest() -> str:
    """The reading code (this plugin and the error messages) and the libraries it uses
    (once per process: every reader of a build asks)."""
    digest = hashlib.sha256()
    for source in sorted([*_CODE.glob("*.py"), _CODE.parent / "sitecore" / "errors.py"]):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    digest.update(packages_digest(("markdown", "nh3", "pyyaml")).encode())
    return digest.hexdigest()


def content_digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as ``safe_build`` records every input file's."""
    return hashlib.sha256(data).hexdigest()


def file_key(inputs: str, path: str, content: str) -> str:
    """The key of ``path`` holding bytes whose :func:`content_digest` is ``content``,
    read with ``inputs`` (a digest of the reading settings and code). A linked file
    counts as another file: it is where it points."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}\0{inputs}\0{path}\0{os.path.islink(path)}\0".encode("utf-8", "surrogateescape"))
    digest.update(content.encode("ascii"))
    return digest.hexdigest()


# -- rows ------------------------------------------------------------------------------


class _Unstorable(TypeError):
    """A value the rows cannot hold exactly: the file is read again next time."""


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        zone = value.tzinfo
        if isinstance(zone, ZoneInfo):
            return {"datetime": value.astimezone(dt.timezone.utc).isoformat(), "zone": zone.key}
        if isinstance(zone, dt.timezone):
            return {"datetime": value.isoformat()}
        raise _Unstorable(repr(value))
    if isinstance(value, (str, bool, int)) or value is None:
        return value
    if isinstance(value, list):
        return [_encode_value(v) for v in value]
    raise _Unstorable(repr(value))


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        moment = dt.datetime.fromisoformat(value["datetime"])
        return moment.astimezone(ZoneInfo(value["zone"])) if "zone" in value else moment
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    return value


def encode(prepared: PreparedFile) -> tuple[str, str] | None:
    """The row of ``prepared`` (JSON fields, HTML body); None when it cannot be kept."""
    if not prepared.storable():
        return None
    try:
        values = {k: _encode_value(v) for k, v in prepared.values.items()}
    except _Unstorable:
        return None
    fields = {
        "path": prepared.path,
        "lines": prepared.lines,
        "values": values,
        "problems": [[p.path, p.field, p.message, p.line] for p in prepared.problems],
        "images": [[i.path, i.alt, i.caption, i.line] for i in prepared.images],
        "body_key": prepared.body_key,
        "slug": prepared.slug,
    }
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")), prepared.content


def decode(fields_json: str, content: str) -> PreparedFile:
    fields = json.loads(fields_json)
    return PreparedFile(
        fields["path"],
        [ContentError(path, name, message, line, warning=True) for path, name, message, line in fields["problems"]],
        False,
        fields["lines"],
        {k: _decode_value(v) for k, v in fields["values"].items()},
        content,
        [BodyImage(*image) for image in fields["images"]],
        fields["body_key"],
        fields["slug"],
    )


# -- the store -------------------------------------------------------------------------


class PreparedStore:
    """The kept files, by key. The database is opened when first used in each process
    (a connection must not cross a fork); a database that cannot be read is replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.used: set[str] = set()
        self.fresh: dict[str, tuple[str, str]] = {}  # rows made in this build, not yet written
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
        except sqlite3.DatabaseError:  # not a database (a crash, another program): start again
            self.path.unlink(missing_ok=True)
            return self._open_schema()

    def _open_schema(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        # Two reading processes may open a new database at once: one makes the table.
        with _transaction(db):
            if db.execute("PRAGMA user_version").fetchone()[0] != FORMAT_VERSION:
                db.execute("DROP TABLE IF EXISTS prepared")
                db.execute("CREATE TABLE prepared (key TEXT PRIMARY KEY, fields TEXT NOT NULL, content TEXT NOT NULL)")
                db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        return db

    def get(self, key: str) -> PreparedFile | None:
        try:
            row = self._connect().execute("SELECT fields, content FROM prepared WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        if row is None:
            return None
        try:
            prepared = decode(*row)
        except (ValueError, KeyError, TypeError):
            return None  # written by other code under the same version: read the file again
        self.used.add(key)
        return prepared

    def put(self, key: str, prepared: PreparedFile) -> None:
        row = encode(prepared)
        if row is not None:
            self.fresh[key] = row
            self.used.add(key)

    def flush(self) -> None:
        """Write the rows made since the last flush (in the process that holds them).
        A store that cannot be written is left as it is: the files are read again."""
        if not self.fresh:
            return
        rows = [(key, *row) for key, row in sorted(self.fresh.items())]
        self.fresh = {}
        self._write(lambda db: db.executemany("INSERT OR REPLACE INTO prepared VALUES (?, ?, ?)", rows))

    def keep_only_used(self) -> None:
        """Flush, then remove the rows this build did not use."""
        self.flush()
        used, self.used = sorted(self.used), set()

        def remove_unused(db: sqlite3.Connection) -> None:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT INTO used VALUES (?)", ((key,) for key in used))
            db.execute("DELETE FROM prepared WHERE key NOT IN (SELECT key FROM used)")

        self._write(remove_unused)

    def _write(self, change: Callable[[sqlite3.Connection], object]) -> None:
        try:
            db = self._connect()
            with _transaction(db):
                change(db)
        except sqlite3.Error as exc:
            logger.warning("Không ghi được bộ nhớ đệm các tệp đã đọc %s (%s); lần dựng sau sẽ đọc lại các tệp.",
                           self.path, exc)

    def merge(self, used: Iterable[str], fresh: dict[str, tuple[str, str]]) -> None:
        """Take what another process used and made (``sitecore.parallel``)."""
        self.used.update(used)
        self.fresh.update(fresh)


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@functools.cache
def store_at(path: Path) -> PreparedStore:
    """One store per database in this process (every reader of the build shares it)."""
    return PreparedStore(path)
