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

Every file of the build goes through the session's files (``staged.StagedFiles``: the
``LinkingWriter`` for template calls, ``session.files.write_file``, ``write_derived``,
``keep`` for the rest), which record each file's maker (``makers``) and refuse, as a
content error naming both, a second maker of one path or a path outside the staging
folder: all such problems of a build are reported together and nothing is published.
A file this build would write exactly as it is published is not put in the staging
folder at all: the sync leaves the published file alone.

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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.writers import Writer

from pelican_adapter import internals
from site_pages import pagination
from sitecore import locks, parallel
from sitecore.errors import BuildStopped, ConfigError, SiteError, load_settings
from sitecore.files import STAGING, beside
from sitecore.report import BUILD_SESSION_KEY, BuildReport, BuildSession, PageGraph, session_of
from sitecore.memory import hold_alive, hold_made_so_far, let_go, reading, release_unused, return_free_heap
from sitecore.store import StoreError, output_key, store_at
from sitecore.versions import packages_digest

from content_model.settings import ContentSettings

from . import fingerprint, makers
from .staged import StagedFiles
from .sync import Manifest, PublishError, sync_tree

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
    """The build session of the ``safe_build`` plugin: the site's files are staged and
    published (``files``, ``staged.StagedFiles``), the inputs hashed for the skip check."""

    files: StagedFiles = field(init=False)
    output: InitVar[Path] = Path("output")
    staging: InitVar[Path] = Path(".output.staging")
    config: SafeBuildSettings | None = None
    input_roots: tuple[Path, ...] = ()
    hasher: fingerprint.TreeHasher | None = None
    inputs: str | None = None  # digest of the inputs as this run found them at its start
    run_anyway: bool = False  # hash the inputs, but build even when nothing changed
    clock_pinned: bool = False  # SITE_NOW given: the same clock for every build of the session
    in_build: bool = False  # Pelican's run called by ``build``, not by Pelican's own command
    # The names the last build published, as its record holds them (None: no record).
    last_published: list[str] | None = None

    def __post_init__(self, output: Path, staging: Path) -> None:
        self.files = StagedFiles(self, output, staging)

    def work_folder(self, kind: str) -> Path:
        """A folder in the cache for this output folder's work files of ``kind``."""
        assert self.config is not None
        return self.config.cache_path / f"{kind}-{output_key(self.files.output)}"

    @property
    def manifest(self) -> Manifest:
        assert self.state is not None
        return Manifest(self.state, self.last_published)

    def input_digest(self, previous: fingerprint.BuildRecord | None) -> str:
        return self.hash_inputs(dict(previous.files) if previous else {})

    def hash_inputs(self, known: dict[str, tuple]) -> str:
        """Hash every input file as it is now (``known``: the figures and hashes of an
        earlier look, ``TreeHasher``); the session keeps the hashes (``input_files``)."""
        self.hasher = fingerprint.TreeHasher(known=known)
        trees = self.hasher.digest(self.input_roots)
        self.input_files = self.hasher.by_path
        return hashlib.sha256(f"{self.fixed_inputs}\0{trees}".encode()).hexdigest()



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
    internals.redirect_output(pelican, str(session.files.staging))
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
    if skip_unchanged(pelican, session, read_last_build(session)):
        return
    try:
        try:
            session.in_build = True
            pelican.run()
        except BaseException:
            session.files.stop_looking()
            shutil.rmtree(session.files.staging, ignore_errors=True)
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

    return locks.holding([locks.output_lock(session.files.output), locks.cache_lock(session.config.cache_path)],
                         locks.command_line(), session.config.wait, waiting)


def read_last_build(session: StagedBuild) -> fingerprint.BuildRecord | None:
    """Read the last build's record once: its names and the plugins' records go to the
    session, the rest is returned (None: no record to skip by). Nothing keeps the record
    as read: each plugin's record is its plugin's alone once taken."""
    assert session.state is not None
    last = fingerprint.stored(session.state)
    records = last.get("records")
    session.last_records = dict(records) if isinstance(records, dict) else {}
    session.last_published = Manifest.names_in(last)
    return fingerprint.BuildRecord.of(last)


def skip_unchanged(pelican, session: StagedBuild, previous: fingerprint.BuildRecord | None) -> bool:
    """True (and the last build's warnings repeated) when nothing the build reads changed
    since the build of ``previous``."""
    config = session.config
    if config is None or config.check_only or not config.skip_unchanged:
        return False
    if previous is not None and not session.run_anyway:
        session.files.look_at_published()
    session.inputs = inputs = session.input_digest(previous)
    if previous is None or previous.inputs != inputs or session.run_anyway:
        return False  # the published files need no checking: everything is rebuilt
    now = ContentSettings.from_pelican(pelican.settings).now
    if not previous.still_valid(inputs, now, session.files.published_digest()):
        return False
    for line in previous.warnings:
        sys.stderr.write(f"{line}\n")
    sys.stderr.write(
        f"Không có gì thay đổi kể từ lần dựng trước: giữ nguyên {session.files.output} "
        f"(không ghi tệp nào; {len(previous.warnings)} cảnh báo như lần trước).\n"
    )
    return True


def record_build(pelican, session: StagedBuild, names: Iterable[str]) -> None:
    """Keep what this build read (as found when it started) for the next one, with the
    ``names`` it published (the manifest) and the plugins' records. Without the inputs
    (the skip check off) or the published files' figures, no inputs. A failure raises
    ``StoreError``."""
    published = None if session.inputs is None or session.hasher is None else session.files.published_digest()
    fields: dict[str, Any] = {}
    if published is not None:
        now = ContentSettings.from_pelican(pelican.settings).now
        fields = fingerprint.BuildRecord(
            inputs=session.inputs,
            since=now.isoformat(),
            valid_until=session.changes_at.isoformat() if session.changes_at else None,
            output=published,
            warnings=tuple(p.format() for p in session.report.warnings),
            files=session.hasher.seen,
        ).fields()
    records = session.records_to_keep(session.files.output)
    manifest = session.manifest
    manifest.save(names, {**fields, "records": records})
    session.records_kept(records)
    session.last_published = manifest.names


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
    reading()  # until ``split_rendering`` holds what was read
    session.report = BuildReport()
    session.graph = PageGraph()  # the plugins declare it again as they read
    session.changes_at = None
    session.refreshers = {}
    session.files.start_run()


def _fail(session: StagedBuild) -> None:
    _print_problems(session.report)
    count = len(session.report.errors)
    shutil.rmtree(session.files.staging, ignore_errors=True)
    sys.stderr.write(
        f"Dừng: {count} lỗi trong nội dung. Chưa xuất bản gì; "
        f"bản đã dựng trước đó ở {session.files.output} vẫn giữ nguyên.\n"
    )
    raise BuildStopped(1)


def stop_on_content_errors(pelican) -> None:
    session = session_of(pelican.settings)
    session.phases.switch("render")  # Pelican asks for its writer, then every generator writes
    if session.report.has_errors():
        _fail(session)
    if session.config and session.config.check_only:
        _print_problems(session.report)
        shutil.rmtree(session.files.staging, ignore_errors=True)
        sys.stderr.write(f"Kiểm tra xong: không có lỗi ({len(session.report.warnings)} cảnh báo).\n")
        raise BuildStopped(0)
    # Before any rendering process is forked: those ask whether a page can be taken over.
    session.files.collect_looks()
    return None


def split_rendering(generators: list[Any]) -> None:
    """Name each generator as the maker of the files it writes itself (``making``, for
    ``StagedFiles.write_file``) while its ``generate_output`` runs. With
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


# Pages rendered by one generator after which the free heap is handed back (``_writing_as``).
RELEASE_AFTER_RENDERING = 500


def _writing_as(generate_output: Callable[[Any], None], session: StagedBuild, maker: makers.Maker,
                queue: bool) -> Callable[[Any], None]:
    @functools.wraps(generate_output)
    def run(writer: Any) -> None:
        files = session.files
        files.making = maker
        plan = session.render_plan
        rendered = plan.rendered if plan is not None else 0
        if queue:
            files.pending, files.pending_names = [], set()
        try:
            generate_output(writer)
            if queue:
                files.run_pending()
        finally:
            files.making = None
            if queue:
                files.pending, files.pending_names = None, set()
            if not session.resident:
                # Each generator renders the bodies and summaries it shows again if it
                # needs them: memoized, every article's would stay for the rest of the
                # run, in this process and in each worker forked from it.
                internals.forget_rendered_content()
            hold_made_so_far()  # collected: what is left lives to the end of the build
            # The free heap handed back: worth it after rendering many pages, not after
            # taking over what was built.
            if not session.resident and (plan is None or plan.rendered - rendered >= RELEASE_AFTER_RENDERING):
                return_free_heap()

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
            step.run(session.files.staging)
        except SiteError as exc:
            shutil.rmtree(session.files.staging, ignore_errors=True)
            sys.stderr.write(f"{exc}\nDừng: chưa xuất bản gì; bản đã dựng trước đó ở {session.files.output} vẫn giữ nguyên.\n")
            raise BuildStopped(1) from None
        if session.report.has_errors():
            _fail(session)
    _print_problems(session.report)
    session.phases.switch("publish")
    files = session.files
    try:
        files.output.mkdir(parents=True, exist_ok=True)
        stats = sync_tree(files.staging, files.output, session.manifest, files.kept, files.companions,
                          files.known_published)
    except (OSError, PublishError) as error:
        if not isinstance(error, PublishError):  # the output folder itself could not be made
            error = PublishError(error, os.fspath(files.output), files.output, partly=False)
        # The next build looks at them again (and rebuilds, its record not matching them).
        files.forget_published()
        shutil.rmtree(files.staging, ignore_errors=True)
        sys.stderr.write(f"{error}\n")
        raise BuildStopped(1) from None
    files.published_files = stats.published
    files.staging_emptied()
    try:
        record_build(pelican, session, stats.published)
    except StoreError as error:  # every file is published; the next build rebuilds and removes what it left
        files.forget_published()
        sys.stderr.write(f"{PublishError(error, error.filename or '', files.output, partly=True)}\n")
        raise BuildStopped(1) from None
    session.run_publish_steps(files.output)
    logger.info(
        "Published to %s: %d files written, %d unchanged, %d removed",
        files.output, stats.written, stats.unchanged, stats.removed,
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
      written again (``StagedFiles.put``);
    * every file it writes or takes over is claimed for its maker (the article or page
      it shows, else its template: ``makers.of_template``): a path outside the site or
      made by another maker is refused with a content error naming both
      (``StagedFiles.claim_path``), in place of Pelican's rules on writing a file twice.
    Files kept either way are not put in the staging folder at all: the sync leaves
    them where they are (``StagedFiles.kept``)."""

    _produced: list[str] | None = None  # the files of the call rendering now
    _maker: makers.Maker | None = None  # the maker of the call rendering now

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        session = session_of(self.settings)
        if isinstance(session, StagedBuild):
            session.files.writer = self

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
        maker, files = makers.of_template(template.name, kwargs), session.files
        if files.claim_path(os.path.join(files.staging, name), maker) is None:
            return None  # refused: reported with the build's other problems
        plan = session.render_plan
        call = key = ""
        if plan is not None:
            files.remember(plan.call_id(template.name, name), kwargs.values(),
                           functools.partial(self.write_file, name, template, context, *args, **kwargs))
            call, key, taken = files.reusable_call(template.name, name, kwargs.values(), kwargs)
            if taken is not None:
                internals.note_written(self, files.take_over_call(call, key, taken, maker=maker))
                return None
        # Pelican passes its shared context: the call gets the context as it is now.
        files.defer(name, functools.partial(self._render, call, key, maker, name, template, context.copy(), args,
                                            kwargs))
        return None

    def _render(self, call: str, key: str, maker: makers.Maker, name, template, context, args, kwargs) -> None:
        self._produced, self._maker = [], maker
        plan = session_of(self.settings).render_plan
        # What the page reads of other articles, as it renders, keys it from now on
        # (``incremental.keys.Watch``): no plugin has to declare it.
        watch = plan.watch(template.name, kwargs) if plan is not None else None
        try:
            if watch is None:
                super().write_file(name, template, context, *args, **kwargs)
            else:
                with internals.reads_observed(template.environment, watch.read, watch.resolved, watch.holds):
                    super().write_file(name, template, context, *args, **kwargs)
                key = plan.key(template.name, name, kwargs.values(), kwargs, watch)
            if plan is not None:
                plan.note(call, key, self._produced, reused=False, watch=watch)
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
        relative = session.files.claim_path(filename, self._maker or session.files.making or makers.SITE_FILES)
        if relative is None:
            return _Refused()
        internals.note_written(self, (filename,))
        if self._produced is not None:
            self._produced.append(relative)
        return _StagedPage(relative, encoding, session.files)


class _StagedPage(io.StringIO):
    """A page as Pelican writes it: its bytes go to the build's files once it is closed."""

    def __init__(self, relative: str, encoding: str, files: StagedFiles) -> None:
        super().__init__()
        self._relative, self._encoding, self._files = relative, encoding, files

    def close(self) -> None:
        if not self.closed:
            self._files.put(self._relative, self.getvalue().encode(self._encoding))
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
