"""Files of a build: the interface plugins write the site's files through
(:class:`SiteFiles`), putting an existing file in it without writing its bytes again,
replacing a file in one step for its readers (also across file systems), listing a
folder fast (pure)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path


# The build's own files beside the output folder it publishes (``beside``): the staging
# folder, the resident process's spare (``resident``), and the mark that the last sync
# left the staging folder without a file (``StagedFiles.start_run``).
STAGING, SPARE_STAGING, STAGING_EMPTIED = "staging", "spare.staging", "staging.emptied"
WORKING_FILES = (STAGING, SPARE_STAGING, STAGING_EMPTIED)


def beside(output: Path, what: str) -> Path:
    """The hidden sibling of the output folder for ``what``: ``output`` and "staging" give
    ``.output.staging``, "lock" ``.output.lock`` (``sitecore.locks``)."""
    return output.parent / f".{output.name}.{what}"


def size_and_mtime(folder: str, name: str, known: Mapping[str, tuple[int, int]]) -> tuple[int, int] | None:
    """(size, mtime in ns) of the file ``name`` below ``folder``: as ``known`` has it (the
    published figures, ``StagedFiles.known_published``: not looked at again), else from
    a ``stat``; None when no regular file is there. Plain strings, not pathlib: asked
    for 60,000 files."""
    figures = known.get(name)
    if figures is not None:
        return figures
    try:
        st = os.stat(os.path.join(folder, name))
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Make ``target`` the same file as ``source``: a hard link (nothing written), or a
    copy where links are not possible (another file system). An existing ``target`` is
    replaced, never written through; a copy is made beside it and renamed over it, so
    nobody reading ``target`` sees half a file.

    A rebuild takes over tens of thousands of files this way, so the common case is one
    system call: the link is tried first, and the folder is made (or an existing target
    removed) only when the link says it must be."""
    target = os.fspath(target)
    for _ in range(3):
        try:
            os.link(source, target)
            return
        except FileExistsError:
            os.unlink(target)
        except FileNotFoundError:
            if not os.path.exists(source):
                raise
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        except OSError:  # no hard links here (another file system): copy
            break
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    if os.path.islink(target):
        os.unlink(target)  # never copy through a link into the file it points to
    copy_atomically(source, target)


def temporary_name(target: Path | str) -> str:
    """The name under which ``target`` is written before it is renamed into place: in
    the same folder (a rename within one file system is atomic), hidden, and always the
    same for one target, so that a writer killed half-way leaves a name the next one
    knows (the publishing sync lists it and removes it, ``safe_build.sync``)."""
    folder, name = os.path.split(os.fspath(target))
    return os.path.join(folder, f".{name}.partial")


def write_atomically(target: Path | str, data: bytes) -> None:
    """Put ``data`` at ``target`` so that a reader sees the old file or the new one,
    never half of it: written to :func:`temporary_name`, then renamed over ``target``.
    The temporary file does not outlive a failure."""
    temporary = temporary_name(target)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        _discard(temporary)
        raise


def copy_atomically(source: Path | str, target: Path | str) -> None:
    """Copy ``source`` (bytes and times) to ``target`` as :func:`write_atomically` does."""
    temporary = temporary_name(target)
    try:
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        _discard(temporary)
        raise


def move_atomically(source: Path | str, target: Path | str) -> None:
    """Move ``source`` over ``target`` in one step for readers of ``target``: a rename,
    or, when the two are on different file systems (``EXDEV``: an output folder that is
    a mount point or a Docker volume), a copy beside ``target`` renamed over it, then
    ``source`` removed."""
    try:
        os.replace(source, target)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    copy_atomically(source, target)
    os.unlink(source)


def _discard(path: str) -> None:
    # Never hide the error being raised behind a second one (a read-only folder).
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_if_changed(target: Path | str, data: bytes) -> bool:
    """Write ``data`` to ``target`` (making its folder) unless it already holds exactly
    these bytes; True when written. An unchanged file keeps its modification time, so
    whatever keys or syncs by it sees no change."""
    target = os.fspath(target)
    try:
        if os.path.getsize(target) == len(data):
            with open(target, "rb") as handle:
                if handle.read() == data:
                    return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)
    return True


def files_below(root: Path | str, suffix: str = "") -> list[str]:
    """Every file below ``root`` whose name ends with ``suffix``: relative,
    ``/``-separated, sorted; none when ``root`` is not a folder. ``os.scandir`` and
    strings, not pathlib, glob or ``os.walk``'s path joins: a site has 67,000 files in
    21,000 folders at 10,000 articles."""
    found: list[str] = []
    pending = [(os.fspath(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, prefix + entry.name + "/"))
                elif entry.name.endswith(suffix):
                    found.append(prefix + entry.name)
    found.sort()
    return found


class SiteFiles:
    """How plugins write the files of the site (``BuildSession.files``). This one writes
    each file straight where it is asked to; the ``safe_build`` plugin's
    (``safe_build.staged.StagedFiles``) stages them, claims each for one maker, keys
    derived files like pages and keeps what is already published unchanged."""

    # Set by a staged build once it is published, before the publish steps run: each
    # published file's (size, mtime in ns) as the sync left it, by relative name.
    published_files: Mapping[str, tuple[int, int]] | None = None

    def write_file(self, target: Path, data: bytes) -> None:
        """Write a file of the site being built (plugins use this, not ``write_bytes``:
        a staged build keeps a file that is already published unchanged)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def write_derived(self, target: Path, kind: str, values: Iterable[object], produce: Callable[[], bytes]) -> None:
        """Write the site file ``target`` that ``produce()`` makes from ``values`` (``kind``
        names the maker, as a template name does). A staged build with a render plan
        takes over the published file instead when its key is unchanged."""
        self.write_file(target, produce())

    def write_derived_files(self, output: Path, kind: str, values: Iterable[object],
                            produce: Callable[[], Mapping[str, bytes]]) -> None:
        """Like :meth:`write_derived`, for a maker whose files are known only once it has
        run (a sitemap in as many parts as it needs): ``produce()`` gives their bytes by
        name relative to ``output``, the site's folder."""
        for name, data in produce().items():
            self.write_file(output / name, data)

    def published_path(self, target: Path | str) -> Path | None:
        """Where the last published build has the file this build writes at ``target``
        (None: not known, or not a file of the site)."""
        return None

    def published_figures(self, relative: str) -> tuple[int, int] | None:
        """The size and modification time (ns) of the last published build's regular file
        ``relative`` (None: none there, or no published site known)."""
        return None

    def keep(self, target: Path | str) -> None:
        """Make the published file at ``target``'s place part of this build as it is,
        without writing it. Only for a file :meth:`published_path` found."""
        raise NotImplementedError("this build knows no published site")

    def keep_folder(self, folder: str, unless: tuple[str, ...] = ()) -> None:
        """Like :meth:`keep`, for every published file below ``folder`` (relative) but
        those whose names start with one of ``unless``."""
        raise NotImplementedError("this build knows no published site")

    def keep_companions(self, *suffixes: str) -> None:
        """Files named like a kept file plus one of ``suffixes`` are kept with it."""

    def built_path(self, site: Path, relative: str) -> str:
        """Where the file ``relative`` of this build can be read (kept files are not in
        the staging folder ``site``)."""
        return os.path.join(site, relative)

    def materialize(self, wanted: Callable[[str], bool]) -> None:
        """Put the kept files whose relative name ``wanted`` accepts in the staging
        folder (hard links), for a step that reads or changes them there."""

    def defer(self, name: str, job: Callable[[], None]) -> None:
        """Run ``job``, which writes the file ``name`` and nothing else a later step of
        the same generator reads; a staged build may queue it and run it in another
        process, once the generator is done."""
        job()

    def remember(self, call: str, values: Iterable[object], redo: Callable[[], None]) -> None:
        """In a resident build, keep ``redo``, which makes the file of ``call`` again,
        under each article among ``values`` whose text it shows. Nothing to keep
        without a render plan."""
