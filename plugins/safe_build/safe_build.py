"""Safe builds: collect every content problem, fail once, never break the live site.

``build(pelican)`` is the build, start to end: the locks, the skip check, Pelican's run,
the finish steps, the publishing sync and the records (``build.py``, the resident
process and the tests call it). Its handlers, in the order Pelican sends their signals:
* ``start_session`` (initialized): puts the build session in the settings and
  points Pelican at a staging folder beside the output folder.
* ``start_run`` (get_generators, sent at the start of every run): refuses a run that
  ``build`` did not start (Pelican's own command); fresh report,
  a staging folder without files (its folders stay from one build to the next,
  ``sync.clear_files``; a failed build removes it whole).
* ``stop_on_content_errors`` (get_writer, after all generators read their
  content and before anything is written): prints every problem at once and
  exits non-zero when there is an error; in check mode stops here either way.
* ``split_rendering`` (all_generators_finalized): names each generator as the maker of
  the files it writes itself; with ``RENDER_PROCESSES`` above 1, its template calls and
  derived files are queued while its ``generate_output`` runs and then made on every
  core (``sitecore.parallel``).
* ``publish_staging``: runs the finish steps other plugins registered on the build
  session (``session.add_finish_step(order, name, fn)``: search index, compressed
  copies) on the staging folder, then moves the finished build into the output folder. It runs
  right after ``Pelican.run`` returns, not on the ``finalized`` signal: blinker
  calls the receivers of one signal in no fixed order, and other plugins may
  still write files from their own ``finalized`` receivers.

Every file of the build goes through one writer (``LinkingWriter`` for template calls,
``StagedBuild.write_file``, ``write_derived``, ``keep`` and ``take_over`` for the rest),
which records its maker (``makers``) and refuses, as a content error naming both, a
second maker of one path or a path outside the staging folder: all such problems of a
build are reported together and nothing is published.

A file this build would write exactly as it is published (a template call taken over,
a page rendered to the same bytes, a kept search index) is not put in the staging
folder: the session keeps its name (``StagedBuild.kept``) and the sync leaves the
published file alone; ``built_path`` says where a step can read it.

A build whose inputs are all unchanged since the last successful one (see
``fingerprint.py``) is skipped: it reads nothing, writes nothing and repeats the
last build's warnings. ``SITE_SKIP_UNCHANGED = False`` turns that off.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import gc
import hashlib
import io
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.writers import Writer

from pelican_adapter import internals
from site_pages import pagination
from sitecore import locks, parallel
from sitecore.errors import BuildStopped, ConfigError, SiteError, load_settings
from sitecore.files import STAGING, beside, files_below, link_or_copy
from sitecore.report import BUILD_SESSION_KEY, BuildReport, BuildSession, session_of
from sitecore.memory import hold_alive, let_go, processes_within, release_unused, resident_bytes
from sitecore.store import output_key, store_at
from sitecore.versions import packages_digest

from content_model.settings import ContentSettings

from . import fingerprint, makers
from .sync import Manifest, PublishError, clear_files, sync_tree, write_unless_same

logger = logging.getLogger(__name__)

# Settings that decide how a build runs, not what it makes (see ``start_session``).
PROCESS_SETTINGS = ("RENDER_PROCESSES", "CONTENT_READ_PROCESSES", "IMAGES_WORKERS", "SITE_MEMORY_MIB")
# The memory a build counts on by default: half of a 2 GiB machine's, the rest being the
# system's and the editor's.
DEFAULT_MEMORY_MIB = 1024
RUN_ONLY_SETTINGS = frozenset({"SITE_NOW", "SITE_BUILD_WAIT", "SITE_REPORT_PHASES", *PROCESS_SETTINGS})


@dataclass(frozen=True, slots=True)
class SafeBuildSettings:
    """``SITE_CHECK_ONLY``: validate all content and write nothing.
    ``CACHE_PATH``: where the list of files the last build published is kept.
    ``SITE_SKIP_UNCHANGED``: skip a build whose inputs did not change (default on).
    ``RENDER_PROCESSES``: processes that render pages (0 = one per core, 1 = this one only).
    ``SITE_BUILD_WAIT``: seconds a build waits for another build on the same output or
    cache folder to finish (``sitecore.locks``); 0: it stops at once.
    ``SITE_REPORT_PHASES``: print where the build's time went (``sitecore.phases``) on
    standard error, as ``benchmarks/bench.py --phases`` reads it (otherwise it is logged
    at INFO level, shown with ``-v``).
    ``SITE_MEMORY_MIB``: the memory the build may count on (MiB); pages are rendered by
    fewer processes than ``RENDER_PROCESSES`` when that many would not fit in it
    (``sitecore.memory.processes_within``)."""

    check_only: bool
    cache_path: Path
    skip_unchanged: bool = True
    render_processes: int = 1
    wait: float = locks.DEFAULT_WAIT
    report_phases: bool = False
    memory_mib: int = DEFAULT_MEMORY_MIB

    @classmethod
    def from_pelican(cls, settings) -> "SafeBuildSettings":
        wait = settings.get("SITE_BUILD_WAIT", locks.DEFAULT_WAIT)
        if isinstance(wait, bool) or not isinstance(wait, (int, float)) or not 0 <= wait < float("inf"):
            raise ConfigError(
                f"SITE_BUILD_WAIT: {wait!r} không phải số giây chờ; hãy viết một số không âm, "
                f"ví dụ SITE_BUILD_WAIT = {locks.DEFAULT_WAIT:g} (0: không chờ)."
            )
        memory = settings.get("SITE_MEMORY_MIB", DEFAULT_MEMORY_MIB)
        if isinstance(memory, bool) or not isinstance(memory, int) or memory < 1:
            raise ConfigError(
                f"SITE_MEMORY_MIB: {memory!r} không phải số MiB bộ nhớ; hãy viết một số nguyên dương, "
                f"ví dụ SITE_MEMORY_MIB = {DEFAULT_MEMORY_MIB} (máy có 2 GiB: 1024)."
            )
        return cls(bool(settings.get("SITE_CHECK_ONLY", False)), Path(settings.get("CACHE_PATH", "cache")),
                   bool(settings.get("SITE_SKIP_UNCHANGED", True)),
                   max(1, parallel.processes_setting(settings, "RENDER_PROCESSES", 1)), float(wait),
                   bool(settings.get("SITE_REPORT_PHASES", False)), memory)


@dataclass
class StagedBuild(BuildSession):
    output: Path = Path("output")
    staging: Path = Path(".output.staging")
    config: SafeBuildSettings | None = None
    input_roots: tuple[Path, ...] = ()
    hasher: fingerprint.TreeHasher | None = None
    inputs: str | None = None  # digest of the inputs as this run found them at its start
    # Files of this build left where they are published, not put in the staging folder
    # (relative names); see ``keep``.
    kept: set[str] = field(default_factory=set)
    companions: set[str] = field(default_factory=set)
    # Work queued while a generator writes, made once it is done (``split_rendering``);
    # None: made at once. ``pending_names``: the files the queued work writes.
    pending: list[Callable[[], None]] | None = None
    pending_names: set[str] = field(default_factory=set)
    writer: Any = None  # the LinkingWriter of this run
    run_anyway: bool = False  # hash the inputs, but build even when nothing changed
    clock_pinned: bool = False  # SITE_NOW given: the same clock for every build of the session
    in_build: bool = False  # Pelican's run called by ``build``, not by Pelican's own command
    # A resident build's way to make again what shows an article's own text: for each
    # content object (by ``id``), the template calls and derived files whose key has its
    # text, each as a call that makes it again (``remember``). None: not a resident build.
    replays: dict[int, dict[str, Callable[[], None]]] | None = None
    # The published files the last build's manifest names, and the child processes
    # looking at each one's size and time for ``published_digest`` (``look_at_published``).
    published_names: list[str] | None = None
    _looks: list[tuple[Sequence[str], parallel.Beside]] = field(default_factory=list)  # (names, child)
    # The maker of every file of this build, by relative name (``claim``); the claims
    # in the order made (brought back from rendering processes, ``_since``); the
    # collisions already reported; the maker of plain ``write_file`` calls now (the
    # generator writing, ``split_rendering``).
    claims: dict[str, makers.Maker] = field(default_factory=dict)
    claim_log: list[tuple[str, makers.Maker]] = field(default_factory=list)
    collided: set[tuple[str, str, str]] = field(default_factory=set)
    making: makers.Maker | None = None

    def work_folder(self, kind: str) -> Path:
        """A folder in the cache for this output folder's work files of ``kind``."""
        assert self.config is not None
        return self.config.cache_path / f"{kind}-{output_key(self.output)}"

    @property
    def manifest(self) -> Manifest:
        assert self.state is not None
        return Manifest(self.state)

    def input_digest(self, previous: fingerprint.BuildRecord | None) -> str:
        return self.hash_inputs(dict(previous.files) if previous else {})

    def hash_inputs(self, known: dict[str, list]) -> str:
        """Hash every input file as it is now (``known``: the figures and hashes of an
        earlier look, ``TreeHasher``); the session keeps the hashes (``input_files``)."""
        self.hasher = fingerprint.TreeHasher(known=known)
        trees = self.hasher.digest(self.input_roots)
        self.input_files = self.hasher.by_path
        return hashlib.sha256(f"{self.fixed_inputs}\0{trees}".encode()).hexdigest()

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
        relative = self.claim_path(target, self.making or makers.SITE_FILES)
        if relative is None:
            return
        if os.path.lexists(target):  # written earlier in this build: the published file wins now
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
            self.report.add(makers.collision(relative, first, maker))
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
                self.report.add(problem)
            return None
        return relative if self.claim(relative, maker) else None

    @property
    def known_published(self) -> Mapping[str, tuple[int, int]] | None:
        """Every published file's figures, when this process knows them as they are: a
        resident process published the last build itself. None: look at the published
        files."""
        return self.published_files if self.resident else None

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
        plan = self.render_plan
        assert plan is not None
        call, key = plan.call_id(kind, name), plan.key(kind, name, values, named)
        return call, key, plan.reusable(call, key, self.output)

    def take_over_call(self, call: str, key: str, files: list[str], *, maker: makers.Maker) -> list[str]:
        """Take over the published ``files`` of ``call``, made by ``maker``; return their
        names in the staging folder."""
        assert self.render_plan is not None
        self.render_plan.note(call, key, files, reused=True)
        return [self.take_over(f, maker) for f in files]

    def remember(self, call: str, values: Iterable[object], redo: Callable[[], None]) -> None:
        """In a resident build, keep ``redo``, which makes ``call`` again, under each
        content object among ``values`` whose own text is in the call's key (see
        ``RenderPlan.key``)."""
        plan, replays = self.render_plan, self.replays
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
        plan = self.render_plan
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
        plan = self.render_plan
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
        processes = self.config.render_processes if self.config else 1
        if processes > 1 and self.config is not None:
            fit = processes_within(self.config.memory_mib << 20, resident_bytes(), processes)
            if parallel.share(len(jobs), fit) < parallel.share(len(jobs), processes):
                logger.info("Dựng bằng %d thay vì %d tiến trình cho vừa SITE_MEMORY_MIB = %d",
                            fit, processes, self.config.memory_mib)
            processes = fit
        used = parallel.run_split(jobs, processes, self._mark, self._since, self._merge)
        if used > 1:
            logger.info("Dựng %d tệp bằng %d tiến trình", len(jobs), used)

    def _mark(self) -> tuple:
        plan, writer = self.render_plan, self.writer
        return (set(self.kept), writer.mark() if writer else None, plan.mark() if plan else None,
                len(self.report.problems), len(self.claim_log))

    def _since(self, mark: tuple) -> tuple:
        """What the jobs run since ``_mark`` changed in this session (picklable)."""
        kept, writer_mark, plan_mark, problems, claims = mark
        plan, writer = self.render_plan, self.writer
        return (self.kept - kept, kept - self.kept,
                writer.since(writer_mark) if writer else None,
                plan.since(plan_mark) if plan else None,
                self.report.problems[problems:], self.changes_at, self.claim_log[claims:])

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
            self.render_plan.merge(plan_changes)
        self.report.extend(problems)
        if changes_at is not None:
            self.output_changes_at(changes_at)

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
        """Start looking at the files the last build published, in child processes (one
        per ``fingerprint.look_parts``), for ``published_digest`` to take: a ``stat`` of
        each published file takes time this process spends meanwhile on hashing the
        inputs."""
        if self.published_files is not None or self._looks:
            return
        self.published_names = self.manifest.load()
        if self.published_names is None:
            return
        output = os.fspath(self.output)
        self._looks = [(part, parallel.Beside(functools.partial(fingerprint.published_look, output, part),
                                              "published files"))
                       for part in fingerprint.look_parts(self.published_names or [])]

    def stop_looking(self) -> None:
        """The published files are not looked at after all (Pelican's run makes the site)."""
        looks, self._looks = self._looks, []
        for _, look in looks:
            look.cancel()

    def published_digest(self, found: dict[str, tuple[int, int]] | None = None) -> str | None:
        """The published files' :func:`fingerprint.published_digest`: once this build is
        published, from the sync's figures of every file (``published_files``, the
        manifest's names), not looked at again; before, the last manifest's files (each
        one's figures put in ``found``), as ``look_at_published`` found them."""
        if self.published_files is not None:
            return fingerprint.published_digest(sorted(self.published_files), self.published_files)
        self.look_at_published()
        looks, self._looks = self._looks, []
        if not looks:
            return None
        results = [(part, look.result()) for part, look in looks]  # every child waited for
        if any(digest is None for _, (digest, _, _) in results):
            return None
        if found is not None:
            for part, (_, sizes, mtimes) in results:
                found.update(zip(part, zip(sizes, mtimes)))
        return fingerprint.combined(digest for _, (digest, _, _) in results if digest is not None)


def _print_problems(report: BuildReport) -> None:
    for problem in report.errors + report.warnings:
        sys.stderr.write(f"{problem.format()}\n")
    sys.stderr.flush()


def _every_build_settings(settings: Mapping[str, Any]) -> SafeBuildSettings:
    """The settings every build reads, checked before anything is read or written."""
    config = SafeBuildSettings.from_pelican(settings)
    ContentSettings.from_pelican(settings)
    for name in PROCESS_SETTINGS:
        parallel.processes_setting(settings, name)
    return config


def start_session(pelican) -> None:
    config = load_settings(_every_build_settings, pelican.settings)
    output = Path(pelican.output_path).resolve()
    session = StagedBuild(output=output, staging=beside(output, STAGING), config=config)
    session.state = store_at(config.cache_path / f"build-{output_key(output)}.sqlite")
    settings = pelican.settings
    roots = [Path(settings["PATH"]), Path(settings["THEME"]), *map(Path, settings.get("PLUGIN_PATHS", [])),
             *fingerprint.data_files(settings, skip={"OUTPUT_PATH", "CACHE_PATH"})]
    session.input_roots = tuple(r.resolve() for r in roots)
    # SITE_NOW is the clock, not an input: the record's day and ``changes_at`` cover it.
    # How many processes do the work changes nothing built (tested byte for byte).
    session.fixed_inputs = (fingerprint.settings_digest(settings, skip=RUN_ONLY_SETTINGS)
                            + packages_digest(fingerprint.RENDERING_PACKAGES))
    pelican.settings[BUILD_SESSION_KEY] = session
    internals.redirect_output(pelican, str(session.staging))
    # At exit the interpreter runs the collector over every object still alive, several
    # times, which is a large part of a small rebuild of a large site; none of them is
    # garbage it must find, and freezing them skips those passes. The objects are
    # still freed as the modules are cleared. (Registered once per process.)
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    session.clock_pinned = bool(settings.get("SITE_NOW"))


def build(pelican) -> None:
    """One build of the site, in order: the locks of the output and cache folders → the
    inputs, and the skip check → Pelican's run (read, plan, render, derived files: the
    plugins' handlers of its signals) → the finish steps → publish → the records.
    ``build.py`` (``invoke build``, ``invoke publish``, the tests) and the resident
    process of ``invoke livereload`` call it; Pelican's own command does not build this
    site (``start_run``). Content errors, a folder another build holds, a failed publish:
    the problems printed, ``BuildStopped``, the published site as it was."""
    session = session_of(pelican.settings)
    assert isinstance(session, StagedBuild)
    try:
        with build_locks(session):
            _build_locked(pelican, session)
    except locks.BuildBusy as busy:
        sys.stderr.write(f"{busy}\n")
        raise BuildStopped(1) from None


def _build_locked(pelican, session: StagedBuild) -> None:
    settings = pelican.settings
    if not session.clock_pinned:
        # One clock for the whole run: every plugin that asks the time (scheduling,
        # featured periods, this check and its record) gets the same moment.
        settings["SITE_NOW"] = dt.datetime.now(dt.timezone.utc).isoformat()
    if skip_unchanged(pelican, session):
        return
    try:
        try:
            session.stop_looking()
            session.in_build = True
            pelican.run()
        except BaseException:
            session.stop_looking()
            shutil.rmtree(session.staging, ignore_errors=True)
            raise
        finally:
            session.in_build = False
        publish_staging(pelican)
    finally:
        if not session.resident:
            let_go()  # held since the articles were read (``split_rendering``)


def build_locks(session: StagedBuild):
    """Hold the locks of the session's output and cache folders (``sitecore.locks``):
    another build on either waits, then stops with ``BuildBusy``. Held again by the same
    process (a resident build around its runs) it is taken at once."""
    assert session.config is not None

    def waiting(line: str) -> None:
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()

    return locks.holding([locks.output_lock(session.output), locks.cache_lock(session.config.cache_path)],
                         locks.command_line(), session.config.wait, waiting)


def skip_unchanged(pelican, session: StagedBuild) -> bool:
    """True (and the last build's warnings repeated) when nothing the build reads changed."""
    config = session.config
    if config is None or config.check_only or not config.skip_unchanged:
        return False
    previous = fingerprint.BuildRecord.load(session.state)
    if previous is not None and not session.run_anyway:
        session.look_at_published()
    session.inputs = inputs = session.input_digest(previous)
    if previous is None or previous.inputs != inputs or session.run_anyway:
        return False  # the published files need no checking: everything is rebuilt
    now = ContentSettings.from_pelican(pelican.settings).now
    if not previous.still_valid(inputs, now, session.published_digest()):
        return False
    for line in previous.warnings:
        sys.stderr.write(f"{line}\n")
    sys.stderr.write(
        f"Không có gì thay đổi kể từ lần dựng trước: giữ nguyên {session.output} "
        f"(không ghi tệp nào; {len(previous.warnings)} cảnh báo như lần trước).\n"
    )
    return True


def record_build(pelican, session: StagedBuild) -> None:
    """Keep what this build read (as found when it started) for the next one."""
    if session.inputs is None or session.hasher is None:
        return
    published = session.published_digest()
    if published is None:
        return
    now = ContentSettings.from_pelican(pelican.settings).now
    fingerprint.BuildRecord(
        inputs=session.inputs,
        day=now.date().isoformat(),
        valid_until=session.changes_at.isoformat() if session.changes_at else None,
        output=published,
        warnings=tuple(p.format() for p in session.report.warnings),
        files=session.hasher.seen,
    ).save(session.state)


# Pelican's own command (``pelican content``, ``--autoreload``) runs Pelican without
# this site's build around it: nothing would be published, or checked before it is.
NOT_THE_BUILD = ("Lệnh pelican không dựng được trang này: dựng bằng `invoke build` (hoặc "
                 "`python build.py content -s pelicanconf.py -o output`), xem thử bằng `invoke livereload`. "
                 "Chưa ghi gì.")


def start_run(pelican) -> None:
    session = session_of(pelican.settings)
    if isinstance(session, StagedBuild) and not session.in_build:
        sys.stderr.write(f"{NOT_THE_BUILD}\n")
        raise SystemExit(2)
    session.phases.start("read")  # the generators read (and plan) until the writer is asked for
    session.report = BuildReport()
    session.changes_at = None
    session.kept = set()
    session.pending, session.pending_names = None, set()
    session.replays = {} if session.resident else None
    session.refreshers = {}
    session.claims, session.claim_log, session.collided, session.making = {}, [], set(), None
    if session.staging.is_dir():
        clear_files(session.staging)  # its folders are kept between builds (``clear_files``)
    else:
        session.staging.mkdir(parents=True)


def _fail(session: StagedBuild) -> None:
    _print_problems(session.report)
    count = len(session.report.errors)
    shutil.rmtree(session.staging, ignore_errors=True)
    sys.stderr.write(
        f"Dừng: {count} lỗi trong nội dung. Chưa xuất bản gì; "
        f"bản đã dựng trước đó ở {session.output} vẫn giữ nguyên.\n"
    )
    raise BuildStopped(1)


def stop_on_content_errors(pelican) -> None:
    session = session_of(pelican.settings)
    session.phases.switch("render")  # Pelican asks for its writer, then every generator writes
    if session.report.has_errors():
        _fail(session)
    if session.config and session.config.check_only:
        _print_problems(session.report)
        shutil.rmtree(session.staging, ignore_errors=True)
        sys.stderr.write(f"Kiểm tra xong: không có lỗi ({len(session.report.warnings)} cảnh báo).\n")
        raise BuildStopped(0)
    return None


def split_rendering(generators: list[Any]) -> None:
    """Name each generator as the maker of the files it writes itself (``making``, for
    ``StagedBuild.write_file``) while its ``generate_output`` runs. With
    ``RENDER_PROCESSES`` above 1, also queue what it writes meanwhile, then make it on
    that many cores before the next generator starts (a generator may read what an
    earlier one wrote, never what it writes itself)."""
    if not generators:
        return
    session = session_of(generators[0].settings)
    if not isinstance(session, StagedBuild) or session.config is None:
        return
    queue = session.config.render_processes >= 2
    # What is read lives to the end of the run; rendering makes most of the garbage.
    hold_alive()
    for generator in generators:
        if hasattr(generator, "generate_output"):
            maker = makers.of_generator(type(generator).__name__)
            internals.wrap_generate_output(generator, functools.partial(_writing_as, session=session, maker=maker,
                                                                        queue=queue))


# Pages rendered by one generator after which its garbage is collected (``_writing_as``).
RELEASE_AFTER_RENDERING = 500


def _writing_as(generate_output: Callable[[Any], None], session: StagedBuild, maker: makers.Maker,
                queue: bool) -> Callable[[Any], None]:
    @functools.wraps(generate_output)
    def run(writer: Any) -> None:
        session.making = maker
        plan = session.render_plan
        rendered = plan.rendered if plan is not None else 0
        if queue:
            session.pending, session.pending_names = [], set()
        try:
            generate_output(writer)
            if queue:
                session.run_pending()
        finally:
            session.making = None
            if queue:
                session.pending, session.pending_names = None, set()
            if not session.resident:
                # Each generator renders the bodies and summaries it shows again if it
                # needs them: memoized, every article's would stay for the rest of the
                # run, in this process and in each worker forked from it.
                internals.forget_rendered_content()
                # A collection walks every object of the site (all articles read): worth
                # it after rendering many pages, not after taking over what was built.
                if plan is None or plan.rendered - rendered >= RELEASE_AFTER_RENDERING:
                    release_unused()

    return run


def publish_staging(pelican) -> None:
    session = session_of(pelican.settings)
    if session.report.has_errors():
        _fail(session)
    plan = session.render_plan
    if not session.resident:
        # Pelican's run is over: what it memoized of every article (its whole rendered
        # body and summary, which also keeps the article alive) is needed no more, and
        # the finish steps start Pagefind beside this process (sitecore.memory). The
        # collection walks every article's objects: worth it after a run that rendered
        # many pages (the run's peak), not after one that took over nearly every page.
        internals.forget_rendered_content()
        if plan is None or plan.rendered >= RELEASE_AFTER_RENDERING:
            let_go()
            before, after = release_unused()
        else:
            before = after = None
        if before is not None and after is not None:
            logger.debug("Memory before finishing: %d MiB resident, %d MiB after releasing what Pelican's run left",
                         before >> 20, after >> 20)
    for step in session.ordered_finish_steps():
        logger.debug("Finishing the site: %s", step.name)
        session.phases.switch(step.name)
        try:
            step.run(session.staging)
        except SiteError as exc:
            shutil.rmtree(session.staging, ignore_errors=True)
            sys.stderr.write(f"{exc}\nDừng: chưa xuất bản gì; bản đã dựng trước đó ở {session.output} vẫn giữ nguyên.\n")
            raise BuildStopped(1) from None
        if session.report.has_errors():
            _fail(session)
    _print_problems(session.report)
    session.phases.switch("publish")
    try:
        session.output.mkdir(parents=True, exist_ok=True)
        stats = sync_tree(session.staging, session.output, session.manifest, session.kept, session.companions,
                          session.known_published)
    except (OSError, PublishError) as error:
        if not isinstance(error, PublishError):  # the output folder itself could not be made
            error = PublishError(error, os.fspath(session.output), session.output, partly=False)
        # What this process knew of the published files is no longer sure: the next
        # build looks at them again (and rebuilds, its record not matching them).
        session.published_files = None
        shutil.rmtree(session.staging, ignore_errors=True)
        sys.stderr.write(f"{error}\n")
        raise BuildStopped(1) from None
    session.published_files = stats.published
    record_build(pelican, session)
    for run in session.publish_steps.values():
        run(session.output)
    logger.info(
        "Published to %s: %d files written, %d unchanged, %d removed",
        session.output, stats.written, stats.unchanged, stats.removed,
    )
    session.phases.stop()
    if session.config is not None and session.config.report_phases:
        sys.stderr.write(f"Phases: {session.phases.summary()}\n")  # benchmarks/bench.py --phases
    else:
        logger.info("Phases: %s", session.phases.summary())


class LinkingWriter(internals.OpeningWriter):
    """Pelican's writer, except that
    * a template call whose key is unchanged since the last build (the ``incremental``
      plugin's plan) is not rendered: the published files it wrote are taken over;
    * a page whose bytes equal the published page is kept as published rather than
      written again (``StagedBuild.put``);
    * every file it writes or takes over is claimed for its maker (the article or page
      it shows, else its template: ``makers.of_template``): a path outside the site or
      made by another maker is refused with a content error naming both
      (``StagedBuild.claim_path``), in place of Pelican's rules on writing a file twice.
    Files kept either way are not put in the staging folder at all: the sync leaves
    them where they are (``StagedBuild.kept``)."""

    _produced: list[str] | None = None  # the files of the call rendering now
    _maker: makers.Maker | None = None  # the maker of the call rendering now

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        session = session_of(self.settings)
        if isinstance(session, StagedBuild):
            session.writer = self

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        # A paginated listing is written one page a call, numbered from the oldest
        # (``site_pages.pagination``): each page is then keyed, taken over and claimed
        # on its own, and an old page stays as published when news arrives.
        if paginated is None:  # Pelican's rule: these keyword arguments are paginated
            paginated = {key: value for key, value in kwargs.items() if key in ("articles", "dates")}
        if name and paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            where = pagination.Addresses(name, url or "", tuple(self.settings["PAGINATION_PATTERNS"]))
            listed = {key: pagination.paginate(value, per_page, where) for key, value in paginated.items()}
            for index in range(len(next(iter(listed.values())))):
                named = dict(kwargs)
                for key, pages in listed.items():
                    page = pages[index]
                    named.update({key: page.object_list, f"{key}_paginator": pages, f"{key}_page": page,
                                  f"{key}_previous_page": page.newer, f"{key}_next_page": page.older})
                page = listed[next(iter(listed))][index]
                self.write_file(page.save_as, template, context, relative_urls, {}, template_name,
                                override_output, page.url, **named)
            return None
        session = session_of(self.settings)
        args = (relative_urls, paginated, template_name, override_output, url)
        if not name or not isinstance(session, StagedBuild):
            return super().write_file(name, template, context, *args, **kwargs)
        maker = makers.of_template(template.name, kwargs)
        if session.claim_path(os.path.join(session.staging, name), maker) is None:
            return None  # refused: reported with the build's other problems
        plan = session.render_plan
        call = key = ""
        if plan is not None:
            session.remember(plan.call_id(template.name, name), kwargs.values(),
                             functools.partial(self.write_file, name, template, context, *args, **kwargs))
            call, key, files = session.reusable_call(template.name, name, kwargs.values(), kwargs)
            if files is not None:
                internals.note_written(self, session.take_over_call(call, key, files, maker=maker))
                return None
        # Pelican passes its shared context: the call gets the context as it is now.
        session.defer(name, functools.partial(self._render, call, key, maker, name, template, context.copy(), args,
                                              kwargs))
        return None

    def _render(self, call: str, key: str, maker: makers.Maker, name, template, context, args, kwargs) -> None:
        self._produced, self._maker = [], maker
        try:
            super().write_file(name, template, context, *args, **kwargs)
            plan = session_of(self.settings).render_plan
            if plan is not None:
                plan.note(call, key, self._produced, reused=False)
        finally:
            self._produced = self._maker = None

    # What rendering changed in the writer's own records (``parallel.run_split``).
    def mark(self) -> tuple[set[str], set[str]]:
        written, overridden = internals.written_records(self)
        return set(written), set(overridden)

    def since(self, mark: tuple[set[str], set[str]]) -> tuple[set[str], set[str]]:
        written, overridden = internals.written_records(self)
        return written - mark[0], overridden - mark[1]

    def merge(self, changes: tuple[set[str], set[str]]) -> None:
        internals.add_written_records(self, *changes)

    def open_file(self, filename, encoding, override=False):
        # Pelican's writer opens every file it writes here (``OpeningWriter``), and its
        # own rules decide by ``override`` whether a second write of one file raises, is
        # dropped (written to ``os.devnull``) or replaces the first. This one does not
        # apply them: the session's claim decides instead, for every writer of the build
        # alike (a second maker is refused and named; the same maker writing again
        # replaces its file).
        session = session_of(self.settings)
        if not isinstance(session, StagedBuild):
            return self.pelican_open_file(filename, encoding, override)
        relative = session.claim_path(filename, self._maker or session.making or makers.SITE_FILES)
        if relative is None:
            return _Refused()
        internals.note_written(self, (filename,))
        if self._produced is not None:
            self._produced.append(relative)
        return _StagedPage(relative, encoding, session)


class _StagedPage(io.StringIO):
    """A page as Pelican writes it: its bytes go to the session once it is closed."""

    def __init__(self, relative: str, encoding: str, session: StagedBuild) -> None:
        super().__init__()
        self._relative, self._encoding, self._session = relative, encoding, session

    def close(self) -> None:
        if not self.closed:
            self._session.put(self._relative, self.getvalue().encode(self._encoding))
        super().close()


class _Refused(io.StringIO):
    """A page the session refused (its error is in the report): written nowhere."""


def use_linking_writer(pelican) -> type[Writer]:
    return LinkingWriter


def register() -> None:
    signals.initialized.connect(start_session)
    signals.get_generators.connect(start_run)
    signals.get_writer.connect(stop_on_content_errors)
    signals.get_writer.connect(use_linking_writer)
    signals.all_generators_finalized.connect(split_rendering)
