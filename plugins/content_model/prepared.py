"""Files as read, kept between builds by content (pure; never imports Pelican).

Reading an article (decoding, YAML front matter, field checks, the converted body) was
12 s of CPU at 10,000 articles on every build, although an edit changes one file. A
file whose bytes, path, reading settings and reading code are unchanged reads the same,
so a build takes the previous build's result: a :class:`PreparedFile` kept in the
content cache (``CACHE_PATH/content/files.sqlite``, ``sitecore.store``), one entry per file.

An edited file is read whole again, its body converted again even when only its front
matter changed: a few milliseconds for the file an editor changed. A second cache of
converted bodies by body text would spare that, at the cost of every body's HTML kept
twice (half the cache's bytes) and written twice when an archive is first read.

What a file's bytes do not decide is checked again on every build: the photos it names
must still be there (:meth:`PreparedFile.photos`); a file with an error is never kept
(it is read again and its errors reported every time). Entries a build did not use are
removed at its end, so the database never grows beyond the site.

JSON rather than pickle: the cache folder must never be able to run code.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sitecore.errors import ContentError
from sitecore.store import Cached, Store
from sitecore.versions import packages_digest

from .markdown_ext import BodyImage

logger = logging.getLogger(__name__)
FORMAT_VERSION = 4
_CODE = Path(__file__).resolve().parent
CACHE_FILE = "files.sqlite"
# The cache's file before it held only files as read (it also held converted bodies):
# removed by the first build that finds it, never read.
_LEFTOVER = "cache.sqlite"


@dataclass
class PreparedFile:
    """One file as read, before Pelican's objects are made: plain data, so that a file
    read in another process comes back pickled and a file read by an earlier build comes
    back from the store. ``problems`` are reported, in order, when Pelican reads the file;
    ``failed`` skips it. ``slug``: the one written or, without it, the title's;
    ``digest``: that of the bytes it was read from (:func:`content_digest`; not part of
    the entry, whose key holds it)."""

    path: str
    problems: list[ContentError]
    failed: bool
    lines: dict[str, int] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    content: str = ""
    images: list[BodyImage] = field(default_factory=list)
    slug: str = ""
    digest: str = ""

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


def remove_leftovers(folder: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (folder / f"{_LEFTOVER}{suffix}").unlink(missing_ok=True)


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


def encode(prepared: PreparedFile) -> dict[str, Any] | None:
    """The entry of ``prepared`` (JSON values); None when it cannot be kept."""
    if not prepared.storable():
        return None
    try:
        values = {k: _encode_value(v) for k, v in prepared.values.items()}
    except _Unstorable:
        return None
    return {
        "path": prepared.path,
        "lines": prepared.lines,
        "values": values,
        "problems": [[p.path, p.field, p.message, p.line] for p in prepared.problems],
        "images": [[i.path, i.alt, i.caption, i.line] for i in prepared.images],
        "slug": prepared.slug,
        "content": prepared.content,
    }


def decode(fields: dict[str, Any]) -> PreparedFile:
    return PreparedFile(
        fields["path"],
        [ContentError(path, name, message, line, warning=True) for path, name, message, line in fields["problems"]],
        False,
        fields["lines"],
        {k: _decode_value(v) for k, v in fields["values"].items()},
        fields["content"],
        [BodyImage(*image) for image in fields["images"]],
        fields["slug"],
    )


# -- the store -------------------------------------------------------------------------


class PreparedStore(Cached):
    """The kept files, by key: the entries of kind ``prepared`` of the content cache
    (``sitecore.store``)."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, "prepared", FORMAT_VERSION)

    def get(self, key: str) -> PreparedFile | None:  # type: ignore[override]
        value = super().get(key)
        if value is None:
            return None
        try:
            return decode(value)
        except (ValueError, KeyError, TypeError):
            self.used.discard(key)
            return None  # written by other code under the same version: read the file again

    def put(self, key: str, prepared: PreparedFile) -> None:  # type: ignore[override]
        value = encode(prepared)
        if value is not None:
            super().put(key, value)
