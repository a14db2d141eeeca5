"""Precompressed copies of text files, for servers that send them as they are (pure).

``nginx``'s ``gzip_static``/``brotli_static`` (and most CDNs) serve ``page.html.gz`` or
``page.html.br`` when the reader's browser accepts it, so no request pays for
compression. The copies must stay in step with their sources: every run writes a copy
for each text file and removes copies whose source is gone. Output is deterministic
(gzip without a timestamp or file name), so an unchanged page gives byte-identical
copies and the publishing sync leaves them alone.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import brotli

from sitecore.files import link_or_copy, write_if_changed

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".opml", ".svg", ".txt", ".webmanifest")
ENCODINGS = (".gz", ".br")


@dataclass(frozen=True, slots=True)
class CompressStats:
    written: int
    removed: int


def gzip_bytes(data: bytes, level: int = 9) -> bytes:
    buffer = io.BytesIO()
    # mtime=0 and no file name: the same input always gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=level, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def brotli_bytes(data: bytes, quality: int = 9) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)


def _wanted(path: Path, suffixes: Iterable[str], min_size: int) -> bool:
    return path.suffix.lower() in suffixes and path.stat().st_size >= min_size


def _link_published(source: Path, published: Path | None) -> bool:
    """Link the published copies of ``source`` when ``source`` is the published file
    itself (a hard link the build made because its bytes did not change): its copies
    were made from the same bytes, and compressing 60,000 files again takes minutes."""
    if published is None:
        return False
    try:
        if not os.path.samestat(source.stat(), published.stat()):
            return False
        copies = [(source.with_name(source.name + s), published.with_name(published.name + s)) for s in ENCODINGS]
        if not all(old.is_file() for _, old in copies):
            return False
        for new, old in copies:
            link_or_copy(old, new)
        return True
    except OSError:
        return False


def lacks_copies(path: Path, suffixes: Iterable[str] = TEXT_SUFFIXES, min_size: int = 256) -> bool:
    """Whether ``path`` should have compressed copies beside it and has not both."""
    try:
        return _wanted(path, suffixes, min_size) and not all(
            path.with_name(path.name + s).is_file() for s in ENCODINGS)
    except OSError:
        return False


def precompress_tree(
    root: Path,
    suffixes: tuple[str, ...] = TEXT_SUFFIXES,
    min_size: int = 256,
    brotli_quality: int = 9,
    published: Callable[[Path], Path | None] = lambda _: None,
) -> CompressStats:
    """Write ``f.gz`` and ``f.br`` beside each text file of ``root`` at least
    ``min_size`` bytes long; remove copies whose source is gone or no longer wanted.
    ``published(f)``: the file ``f`` will replace, whose copies are reused when ``f``
    is that very file."""
    written = removed = 0
    files = sorted(p for p in root.rglob("*") if p.is_file())
    sources = {p for p in files if p.suffix not in ENCODINGS}
    for copy in (p for p in files if p.suffix in ENCODINGS):
        source = copy.with_suffix("")
        if source not in sources or not _wanted(source, suffixes, min_size):
            copy.unlink()
            removed += 1
    for source in sorted(sources):
        if not _wanted(source, suffixes, min_size):
            continue
        if _link_published(source, published(source)):
            continue
        data = source.read_bytes()
        for suffix, encoded in ((".gz", gzip_bytes(data)), (".br", brotli_bytes(data, brotli_quality))):
            if write_if_changed(source.with_name(source.name + suffix), encoded):
                written += 1
    return CompressStats(written, removed)
