"""Whether a build can be skipped: nothing it reads has changed (pure; never imports Pelican).

A build's output depends on the files it reads (content, theme, plugins), its settings,
the versions of the libraries that render it, and the clock: a scheduled article
appears, a "Tiêu điểm" entry expires. The record of the last successful build keeps a
digest of all of these, its clock, the first later moment at which the output would
change by the clock alone, and a digest of the published files' sizes and modification
times. When the inputs are the same, the clock is between those two moments and the
published files are as that build left them, the build has nothing to do.

Files are hashed by content (a fresh checkout resets modification times); size and
modification time only decide whether a file must be read again, as git does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitecore.store import RECORD, Store

# The record of the last build: what it read, when its output changes by itself, its
# warnings, every name it published (``sync.Manifest``) and the plugins' records
# (``BuildSession.save_record_when_published``).
RECORD_NAME, RECORD_VERSION = "last-build", 3
# The published files are looked at in this many parts, each in a child process of its
# own (``StagedFiles.look_at_published``): a ``stat`` waits on the system more than it
# computes, so two children beside this process's walk of the inputs finish sooner than
# one.
LOOK_PARTS = 2
# Libraries whose version changes what a build writes.
RENDERING_PACKAGES = ("pelican", "markdown", "jinja2", "pillow", "feedgen", "babel", "pagefind", "pyyaml",
                      "brotli", "nh3", "lxml")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def stable_repr(value: Any) -> str:
    """A representation of a settings value that is the same in every process."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in sorted(value.items(), key=lambda i: str(i[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable_repr(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def data_files(settings: Mapping[str, Any], skip: Iterable[str] = ()) -> list[Path]:
    """Files the settings point at by absolute path (the province registry, …): their
    content is an input as much as the content folder is."""
    skipped = set(skip)
    return sorted(Path(v) for k, v in settings.items()
                  if k not in skipped and isinstance(v, str) and os.path.isabs(v) and os.path.isfile(v))


def settings_digest(settings: Mapping[str, Any], skip: Iterable[str] = ()) -> str:
    skipped = set(skip)
    items = {k: v for k, v in settings.items() if k not in skipped}
    return hashlib.sha256(stable_repr(items).encode("utf-8")).hexdigest()


@dataclass
class TreeHasher:
    """Content hashes of every file under some folders, re-reading only files whose size
    or modification time differ from the previous record."""

    # key -> (size, mtime_ns, sha256); tuples, which the collector stops looking at
    known: dict[str, tuple] = field(default_factory=dict)
    seen: dict[str, tuple] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)  # absolute path -> sha256

    def digest(self, roots: Iterable[Path]) -> str:
        total = hashlib.sha256()
        known, seen, by_path = self.known, self.seen, self.by_path
        for index, root in enumerate(roots):
            total.update(f"\0root {index}\0".encode())
            for relative, path, st in _walk(os.fspath(root)):
                key = f"{index}:{relative}"
                old = known.get(key)
                if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                    sha = old[2]
                elif stat.S_ISLNK(st.st_mode):
                    # a link is hashed as the path it holds, never followed: nothing
                    # outside the input folders is read (the content refuses links)
                    sha = hashlib.sha256(os.fsencode(os.readlink(path))).hexdigest()
                else:
                    with open(path, "rb") as handle:
                        sha = hashlib.file_digest(handle, "sha256").hexdigest()
                seen[key] = (st.st_size, st.st_mtime_ns, sha)
                by_path[path] = sha
                total.update(f"{relative}\0{sha}\0".encode("utf-8", "surrogateescape"))
        return total.hexdigest()


def _walk(root: str) -> list[tuple[str, str, os.stat_result]]:
    """(relative path, path, stat) of every file under ``root``, sorted by relative path.
    os.scandir and plain strings, not pathlib: a third of the time on 11,000 files."""
    if os.path.isfile(root):  # a data file named by a setting (the province registry)
        return [("", root, os.stat(root))]
    found = []
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                elif not entry.name.endswith(".pyc"):
                    found.append((f"{prefix}{entry.name}", entry.path, entry.stat(follow_symlinks=False)))
    found.sort(key=lambda item: item[0])
    return found


def look_parts(names: Sequence[str]) -> list[Sequence[str]]:
    """``names`` cut into at most ``LOOK_PARTS`` runs, in order (one, empty, for none)."""
    step = max(1, -(-len(names) // LOOK_PARTS))
    return [names[start:start + step] for start in range(0, len(names), step)] or [names]


def combined(part_digests: Iterable[str]) -> str:
    """The digest of all parts from the digest of each (:func:`published_look`'s)."""
    return _digest(f"{part}\0" for part in part_digests)


def published_digest(names: Sequence[str], figures: Mapping[str, tuple[int, int]]) -> str:
    """The digest of the published files ``names`` (in this order) with their sizes and
    modification times in ns (``figures``), part by part (:func:`look_parts`)."""
    return combined(_digest(f"{name}\0{figures[name][0]}\0{figures[name][1]}\0" for name in part)
                    for part in look_parts(names))


def published_look(output: str, names: Sequence[str]) -> tuple[str | None, array, array]:
    """The digest of one part of :func:`published_digest`: of the files ``names`` below
    ``output`` as they are now (None when one is missing or not a regular file), and
    their sizes and modification times in the same order: two arrays, what a child
    process sends back through a pipe (a fifth of the pickled figures). A ``stat`` of
    each relative to the open folder where the system allows it: 67,000 files, no path
    joined or looked up from the root each time."""
    sizes, mtimes = array("q"), array("q")
    parts = []
    try:
        folder = os.open(output, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    except OSError:  # the output folder itself is gone (deleted by hand): nothing is as left
        return None, sizes, mtimes
    prefix = "" if folder is not None else output + os.sep
    look, regular = os.stat, stat.S_ISREG
    try:
        for name in names:
            try:
                found = look(prefix + name, dir_fd=folder)
            except OSError:
                return None, sizes, mtimes
            if not regular(found.st_mode):  # a folder where a file was published
                return None, sizes, mtimes
            size, mtime = found.st_size, found.st_mtime_ns
            sizes.append(size)
            mtimes.append(mtime)
            parts.append(f"{name}\0{size}\0{mtime}\0")
    finally:
        if folder is not None:
            os.close(folder)
    return _digest(parts), sizes, mtimes


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class BuildRecord:
    inputs: str
    since: str  # the build's clock
    valid_until: str | None
    output: str
    warnings: tuple[str, ...] = ()
    files: dict[str, tuple] = field(default_factory=dict)

    def still_valid(self, inputs: str, now: dt.datetime, output: str | None) -> bool:
        return self.inputs == inputs and output == self.output and self.same_clock(now)

    def same_clock(self, now: dt.datetime) -> bool:
        """``now`` gives the output this build gave: not before its clock (a clock set
        back may be before a moment that build had passed), and before the next moment
        at which its output changes by itself. The output depends on the clock only
        through those moments (a scheduled article, an expiry, a featured period: every
        plugin reports them, ``output_changes_at``); no page shows the day (the
        calendar marks today in the reader's browser)."""
        if now < dt.datetime.fromisoformat(self.since):
            return False
        return self.valid_until is None or now < dt.datetime.fromisoformat(self.valid_until)

    def fields(self) -> dict[str, Any]:
        """The record's fields but the names published, which ``sync.Manifest`` writes,
        and the plugins' records, which the build adds."""
        return {"inputs": self.inputs, "since": self.since, "valid_until": self.valid_until, "output": self.output,
                "warnings": list(self.warnings), "files": self.files}

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "BuildRecord | None":
        """The last build's record in ``data`` (:func:`stored`); None without one, or
        when it holds only the names a sync may have left (a sync under way, or a build
        that kept no record)."""
        try:
            return cls(data["inputs"], data["since"], data["valid_until"], data["output"],
                       tuple(data.get("warnings", ())),
                       {key: tuple(figures) for key, figures in data.get("files", {}).items()}) if data else None
        except (KeyError, TypeError, ValueError):
            return None


def stored(state: Store) -> dict[str, Any]:
    """The last build's record as the build state holds it (empty without one): read
    once per build, its parts handed to what uses them (:meth:`BuildRecord.of`, the
    manifest's names, the plugins' records: ``BuildSession.take_record``)."""
    data = state.get(RECORD, RECORD_NAME, RECORD_VERSION)
    return data if isinstance(data, dict) else {}
