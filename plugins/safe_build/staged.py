"""The files of a staged build (``StagedBuild.files``): every file of the site goes
through them.

* A file is written into the staging folder beside the output folder, never into the
  published site; the publishing sync moves the finished build there (``sync``).
* Every file is claimed for its maker (``makers``): a second maker of one path, or a path
  outside the staging folder, is refused with a content error naming both.
* A file this build would write exactly as it is published (a template call taken over,
  a page rendered to the same bytes, a kept search index) is not put in the staging
  folder: its name is kept (``kept``) and the sync leaves the published file alone;
  ``built_path`` says where a step can read it.
* Derived files are keyed like pages by the render plan (``write_derived``).
* While a generator writes, its work may be queued and made on every core
  (``defer``, ``run_pending``; ``safe_build.split_rendering``).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitecore import parallel
from sitecore.files import STAGING_EMPTIED, SiteFiles, beside, files_below, link_or_copy, size_and_mtime
from sitecore.memory import processes_within, resident_bytes

from . import fingerprint, makers
from .sync import clear_files, write_unless_same

if TYPE_CHECKING:
    from .safe_build import StagedBuild

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class StagedFiles(SiteFiles):
    """The files of one output folder's builds, staged in ``staging``; ``session``: the
    build session they belong to (its report takes their problems, its render plan keys
    them)."""

    session: StagedBuild = field(repr=False)
    output: Path
    staging: Path
    # Files of this build left where they are published, not put in the staging folder
    # (relative names); see ``keep``.
    kept: set[str] = field(default_factory=set)
    companions: set[str] = field(default_factory=set)
    # Work queued while a generator writes, made once it is done (``split_rendering``);
    # None: made at once. ``pending_names``: the files the queued work writes.
    pending: list[Callable[[], None]] | None = None
    pending_names: set[str] = field(default_factory=set)
    writer: Any = None  # the LinkingWriter of this run
    # A resident build's way to make again what shows an article's own text: for each
    # content object (by ``id``), the template calls and derived files whose key has its
    # text, each as a call that makes it again (``remember``). None: not a resident build.
    replays: dict[int, dict[str, Callable[[], None]]] | None = None
    published_files: Mapping[str, tuple[int, int]] | None = None  # see ``SiteFiles``
    # The published files the last build's manifest names, and the child processes
    # looking at each one's size and time for ``published_digest`` (``look_at_published``).
    published_names: list[str] | None = None
    _looks: list[tuple[Sequence[str], parallel.Beside]] = field(default_factory=list)  # (names, child)
    # What the looks found: each published file's figures and their digest (None: no
    # manifest, or a file it names is missing or not a regular file).
    _found: tuple[dict[str, tuple[int, int]], str] | None = None
    _looking_from: int = 0  # the process that started the looks
    # The maker of every file of this build, by relative name (``claim``); the claims
    # in the order made (brought back from rendering processes, ``_since``); the
    # collisions already reported; the maker of plain ``write_file`` calls now (the
    # generator writing, ``split_rendering``).
    claims: dict[str, makers.Maker] = field(default_factory=dict)
    claim_log: list[tuple[str, makers.Maker]] = field(default_factory=list)
    collided: set[tuple[str, str, str]] = field(default_factory=set)
    making: makers.Maker | None = None

    def start_run(self) -> None:
        """Forget the last run's files; a staging folder without files (its folders stay
        from one build to the next, ``sync.clear_files``). Its files are looked for only
        when the last build did not end with a sync (``staging_emptied``): a walk of
        every page's folder (21,000 at 10,000 articles) for nothing, otherwise."""
        self.kept = set()
        self.pending, self.pending_names = None, set()
        self.replays = {} if self.session.resident else None
        self.claims, self.claim_log, self.collided, self.making = {}, [], set(), None
        emptied = beside(self.output, STAGING_EMPTIED)
        if not self.staging.is_dir():
            self.staging.mkdir(parents=True)
        elif not emptied.exists():
            clear_files(self.staging)
        emptied.unlink(missing_ok=True)  # before this build writes a file there

    def staging_emptied(self) -> None:
        """The sync has left the staging folder without a file (``start_run``)."""
        beside(self.output, STAGING_EMPTIED).touch()

    def published_path(self, target: Path | str) -> Path | None:
        relative = self._relative(target)
        return None if relative is None else self.output / relative  # None: not a file of the site (a cache)

    def take_over(self, relative: str, maker: makers.Maker) -> str:
        """Make the published file ``relative`` part of this build as it is, made by
        ``maker``; return its name in the staging folder. Nothing is written there: the
        sync keeps the published file. Strings, not pathlib: a rebuild takes over tens
        of thousands of files."""
        if self.claim(relative, maker):
            self.kept.add(relative)
        return os.path.join(self.staging, relative)

    def keep(self, target: Path | str) -> None:
        written = self._relative(target) in self.claims  # what writes here claims first
        relative = self.claim_path(target, self.making or makers.SITE_FILES)
        if relative is None:
            return
        if written and os.path.lexists(target):  # written earlier in this build: the published file wins now
            os.unlink(target)
        self.kept.add(relative)

    # -- one maker per file, every file inside the site -------------------------------

    def claim(self, relative: str, maker: makers.Maker) -> bool:
        """Record that ``maker`` makes the file ``relative`` of this build; False (and a
        content error naming both makers) when another maker already made it. The same
        maker may make its file again (a resident build's replay, a page
        rendered after all)."""
        first = self.claims.get(relative)
        if first is None:
            self.claims[relative] = maker
            self.claim_log.append((relative, maker))
            return True
        if first.key == maker.key:
            return True
        seen = (relative, first.key, maker.key)
        if seen not in self.collided:
            self.collided.add(seen)
            self.session.report.add(makers.collision(relative, first, maker))
        return False

    def claim_path(self, target: Path | str, maker: makers.Maker) -> str | None:
        """``target``'s name in the site (relative) when ``maker`` may write it there;
        None, with a content error, when it leads out of the staging folder or another
        maker made it."""
        relative = self._relative(target)
        if relative is None:
            text, prefix = os.fspath(target), os.fspath(self.staging) + os.sep
            shown = text[len(prefix):] if text.startswith(prefix) else text
            problem = makers.outside(shown, maker, self.output)
            if (shown, maker.key, "") not in self.collided:
                self.collided.add((shown, maker.key, ""))
                self.session.report.add(problem)
            return None
        return relative if self.claim(relative, maker) else None

    @property
    def known_published(self) -> Mapping[str, tuple[int, int]] | None:
        """Every published file's figures, when this process knows them as they are: the
        sync of this build, or in a resident process of its last one, left them; else
        the child processes that looked at every file of the last manifest as the build
        started found them (``look_at_published``). None: look at each published file.

        Each file's ``stat`` then happens once in a build, beside the reading, not again
        for each question (may a call be taken over, is a photo published, which files
        does the sync keep): 67,000 files at 10,000 articles, ten times that at 100,000.
        A file changed by hand during the build is found by the next one: the record
        keeps the figures found here, which the changed file no longer has."""
        if self.published_files is not None:
            return self.published_files
        self.collect_looks()
        return self._found[0] if self._found is not None else None

    def keep_folder(self, folder: str, unless: tuple[str, ...] = ()) -> None:
        """Keep every published file below ``folder`` but those whose names start with
        one of ``unless`` (folders inside it that this build makes again)."""
        known = self.known_published
        if known is not None:  # 20,000 index files not listed again
            prefix = f"{folder}/"
            names: Iterable[str] = (name for name in known if name.startswith(prefix))
        else:
            names = (f"{folder}/{name}" for name in files_below(os.path.join(self.output, folder)))
        self.kept.update(name for name in names if not (unless and name.startswith(unless)))

    def keep_companions(self, *suffixes: str) -> None:
        self.companions.update(suffixes)

    def built_path(self, site: Path, relative: str) -> str:
        staged = os.path.join(site, relative)
        if relative in self.kept and not os.path.lexists(staged):
            return os.path.join(self.output, relative)
        return staged

    def materialize(self, wanted: Callable[[str], bool]) -> None:
        for relative in sorted(self.kept):
            staged = os.path.join(self.staging, relative)
            if wanted(relative) and not os.path.lexists(staged):
                link_or_copy(os.path.join(self.output, relative), staged)

    def reusable_call(self, kind: str, name: str, values: Iterable[object],
                      named: Mapping[str, object] | None = None) -> tuple[str, str, list[str] | None]:
        """Ask the render plan about one call (``kind``: template or maker, ``name``: file;
        ``values``, ``named``: what it is given): its id, its key, and the files of the
        last build it may take over (None: make them)."""
        plan = self.session.render_plan
        assert plan is not None
        call, key = plan.call_id(kind, name), plan.key(kind, name, values, named)
        return call, key, plan.reusable(call, key, self.output, self.known_published)

    def published_figures(self, relative: str) -> tuple[int, int] | None:
        return size_and_mtime(os.fspath(self.output), relative, self.known_published or {})

    def take_over_call(self, call: str, key: str, files: list[str], *, maker: makers.Maker) -> list[str]:
        """Take over the published ``files`` of ``call``, made by ``maker``; return their
        names in the staging folder."""
        assert self.session.render_plan is not None
        self.session.render_plan.note(call, key, files, reused=True)
        return [self.take_over(f, maker) for f in files]

    def remember(self, call: str, values: Iterable[object], redo: Callable[[], None]) -> None:
        """In a resident build, keep ``redo``, which makes ``call`` again, under each
        content object among ``values`` whose own text is in the call's key (see
        ``RenderPlan.key``)."""
        plan, replays = self.session.render_plan, self.replays
        if plan is None or replays is None:
            return
        for value in values:
            if id(value) in plan.own:
                replays.setdefault(id(value), {})[call] = redo

    def _relative(self, target: Path | str) -> str | None:
        """``target``'s name in the staging folder (None: not in it, ``..`` resolved).
        Strings, not ``relative_to`` or ``resolve``: asked for every page and derived
        file (tens of thousands); a name with a ``.`` or empty part is normalized."""
        text, prefix = os.fspath(target), os.fspath(self.staging) + os.sep
        if not text.startswith(prefix):
            return None
        relative = text[len(prefix):]
        if f"{os.sep}." in os.sep + relative or os.sep * 2 in relative or relative.endswith(os.sep) or not relative:
            text = os.path.normpath(text)
            if not text.startswith(prefix):
                return None
            relative = text[len(prefix):]
        return relative.replace(os.sep, "/")

    def write_derived(self, target: Path, kind: str, values: Iterable[object], produce: Callable[[], bytes]) -> None:
        values = list(values)
        maker = makers.of_derived(kind, values)
        relative = self.claim_path(target, maker)
        if relative is None:
            return
        plan = self.session.render_plan
        call = key = ""
        if plan is not None:
            self.remember(plan.call_id(kind, relative), values,
                          functools.partial(self.write_derived, target, kind, values, produce))
            call, key, files = self.reusable_call(kind, relative, values, {"items": values})
            if files is not None:
                self.take_over_call(call, key, files, maker=maker)
                return

        def derive() -> None:
            logger.info("Writing %s", relative)  # as Pelican logs each page it renders
            self.put(relative, produce())
            if plan is not None:
                plan.note(call, key, [relative], reused=False)

        self.defer(relative, derive)

    def write_derived_files(self, output: Path, kind: str, values: Iterable[object],
                            produce: Callable[[], Mapping[str, bytes]]) -> None:
        plan = self.session.render_plan
        values = list(values)
        maker = makers.of_derived(kind, values)
        whole = os.fspath(output) == os.fspath(self.staging)  # names relative to the site
        if plan is not None and whole:
            call, key, files = self.reusable_call(kind, kind, values)
            if files is not None:
                self.take_over_call(call, key, files, maker=maker)
                return
        made = produce()
        for name, data in made.items():
            target = output / name
            relative = self.claim_path(target, maker)
            if relative is not None:
                self.put(relative, data)
        if plan is not None and whole:
            plan.note(call, key, sorted(made), reused=False)

    # -- work queued while a generator writes, made on every core -----------------

    def defer(self, name: str, job: Callable[[], None]) -> None:
        """Run ``job`` (which writes the file ``name``) now, or queue it while queuing is on.
        A second job for the same file first makes the queued ones, so that the
        writer's rules on writing a file twice see them in order."""
        if self.pending is None:
            job()
            return
        if name in self.pending_names:
            self.run_pending()
        self.pending.append(job)
        self.pending_names.add(name)

    def run_pending(self) -> None:
        jobs, self.pending, self.pending_names = self.pending or [], [], set()
        config = self.session.config
        processes = config.render_processes if config else 1
        if processes > 1 and config is not None:
            fit = processes_within(config.memory_mib << 20, resident_bytes(), processes)
            if parallel.share(len(jobs), fit) < parallel.share(len(jobs), processes):
                logger.info("Dựng bằng %d thay vì %d tiến trình cho vừa SITE_MEMORY_MIB = %d",
                            fit, processes, config.memory_mib)
            processes = fit
        used = parallel.run_split(jobs, processes, self._mark, self._since, self._merge)
        if used > 1:
            logger.info("Dựng %d tệp bằng %d tiến trình", len(jobs), used)

    def _mark(self) -> tuple:
        plan, writer = self.session.render_plan, self.writer
        return (set(self.kept), writer.mark() if writer else None, plan.mark() if plan else None,
                len(self.session.report.problems), len(self.claim_log))

    def _since(self, mark: tuple) -> tuple:
        """What the jobs run since ``_mark`` changed in this session (picklable)."""
        kept, writer_mark, plan_mark, problems, claims = mark
        plan, writer = self.session.render_plan, self.writer
        return (self.kept - kept, kept - self.kept,
                writer.since(writer_mark) if writer else None,
                plan.since(plan_mark) if plan else None,
                self.session.report.problems[problems:], self.session.changes_at, self.claim_log[claims:])

    def _merge(self, changes: tuple) -> None:
        added, removed, writer_changes, plan_changes, problems, changes_at, claims = changes
        # Another process's files claimed here too: two processes may each have made
        # one file under different makers.
        for relative, maker in claims:
            if not self.claim(relative, maker):
                added.discard(relative)
        self.kept -= removed
        self.kept |= added
        if writer_changes is not None:
            self.writer.merge(writer_changes)
        if plan_changes is not None:
            self.session.render_plan.merge(plan_changes)
        self.session.report.extend(problems)
        if changes_at is not None:
            self.session.output_changes_at(changes_at)

    def write_file(self, target: Path, data: bytes) -> None:
        """Write a file of the site, made by the generator writing now (``making``):
        refused, with a content error, outside the staging folder or over another
        maker's file (``claim_path``)."""
        relative = self.claim_path(target, self.making or makers.SITE_FILES)
        if relative is not None:
            self.put(relative, data)

    def put(self, relative: str, data: bytes) -> None:
        """Write ``data`` as the site's file ``relative`` (claimed already),
        unless the published file holds exactly these bytes (then it is kept)."""
        if write_unless_same(Path(self.staging, relative), data, self.output / relative):
            self.kept.discard(relative)
        else:
            self.kept.add(relative)

    def look_at_published(self) -> None:
        """Start looking at the files the last build published (the manifest's names, as
        the build read them from its record), in child processes (one per
        ``fingerprint.look_parts``), for ``published_digest`` and ``known_published`` to
        take: a ``stat`` of each published file takes time this process spends meanwhile
        on hashing the inputs and reading."""
        if self.published_files is not None or self._looks:
            return
        self._found = None
        self.published_names = self.session.manifest.load()
        if self.published_names is None:
            return
        output = os.fspath(self.output)
        self._looking_from = os.getpid()
        self._looks = [(part, parallel.Beside(functools.partial(fingerprint.published_look, output, part),
                                              "published files"))
                       for part in fingerprint.look_parts(self.published_names or [])]

    def forget_published(self) -> None:
        """What this process knew of the published files is no longer sure (a failed
        sync): the next build looks at them again."""
        self.published_files, self._found = None, None

    def stop_looking(self) -> None:
        """The published files are not looked at after all (the build stopped)."""
        looks, self._looks = self._looks, []
        for _, look in looks:
            look.cancel()

    def published_digest(self) -> str | None:
        """The published files' :func:`fingerprint.published_digest`: once this build is
        published, from the sync's figures of every file (``published_files``, the
        manifest's names), not looked at again; before, the last manifest's files, as
        ``look_at_published`` found them."""
        if self.published_files is not None:
            return fingerprint.published_digest(sorted(self.published_files), self.published_files)
        self.look_at_published()
        self.collect_looks()
        return self._found[1] if self._found is not None else None

    def collect_looks(self) -> None:
        """Take what the looking children found, in the process that started them (a
        process forked since reads no pipe of theirs: it looks at each file itself)."""
        if not self._looks or self._looking_from != os.getpid():
            return
        looks, self._looks = self._looks, []
        results = [(part, look.result()) for part, look in looks]  # every child waited for
        if any(digest is None for _, (digest, _, _) in results):
            self._found = None
            return
        found: dict[str, tuple[int, int]] = {}
        for part, (_, sizes, mtimes) in results:
            found.update(zip(part, zip(sizes, mtimes)))
        self._found = found, fingerprint.combined(digest for _, (digest, _, _) in results if digest is not None)
