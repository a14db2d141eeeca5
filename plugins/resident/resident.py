"""Adapter: a resident build, one process that keeps Pelican and the last build in memory.

``invoke livereload`` builds in such a process. Its first build is a full one (Pelican's
run, every plugin, nothing skipped) that also keeps, for each article, how to make again
every file that shows its own text: its page, its saved copy, the feeds that carry it, its
search page (``StagedFiles.remember``). When the next change is the body of existing
articles alone (``changes.changed_articles``, ``incremental.shown_elsewhere``), or with a
featured flag that leaves "Tiêu điểm" as it is (``choice_changes``), only those
articles are read again, updated in place, and their files made again; the search
index, the sync and the records then run as in any build. Anything else (a new or
removed file, a title, the theme, a photo, a scheduled moment passed) is a full build in
the same process. A change to the plugins or the settings needs a new process (the task
restarts itself).

Why this is not Pelican's own ``--autoreload``: that runs the whole build again on every
change, where an edited body changes two pages, a search page and maybe a feed; nothing
in Pelican keeps a build's objects for the next. A build in a new process (``invoke
build``, CI) has no such objects: it takes Pelican's run, which renders only the calls
whose key changed (``incremental``).

Handler:
* ``keep_generators`` (all_generators_finalized): the generators of a resident build's
  run, kept on the build session.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator

from content_model.settings import ContentSettings
from incremental.incremental import header_of, shown_elsewhere
from pelican_adapter import internals
from safe_build.safe_build import StagedBuild, build, build_locks, publish_staging
from sitecore.errors import BuildStopped
from sitecore.files import SPARE_STAGING, beside
from sitecore.locks import BuildBusy
from sitecore.memory import hold_alive, let_go, release_unused
from sitecore.report import BuildReport, PageGraph, SelectionMaker, session_of

from .changes import changed_articles, files_used

logger = logging.getLogger(__name__)


UNCHANGED = "không có gì thay đổi"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one build of a resident process did: ``kind`` is ``"body"`` (only the
    changed articles made again), ``"full"`` (Pelican's whole run), ``"unchanged"``
    (no input changed since its last build: nothing done) or ``"failed"`` (content
    errors, or another build kept the folders longer than ``SITE_BUILD_WAIT``: nothing
    published, the site as it was); ``reason``: why not ``"body"``, or why it failed."""

    kind: str
    seconds: float
    articles: tuple[str, ...] = ()
    reason: str = ""


class ResidentBuild:
    """Pelican made once from command line arguments (as ``pelican`` takes them), built
    again on each call of :meth:`build`."""

    def __init__(self, argv: Sequence[str]) -> None:
        from pelican import get_instance, parse_arguments

        self.pelican, _ = get_instance(parse_arguments(list(argv)))
        session = session_of(self.pelican.settings)
        if not isinstance(session, StagedBuild):
            raise RuntimeError("a resident build needs the safe_build plugin")
        self.session: StagedBuild = session
        session.resident = True
        self.ready = False  # the last build was a full one that left what a body-only build needs

    def build(self) -> Outcome:
        """One build, holding the output and cache folders' locks for all of it (a body
        rebuild publishes without Pelican's run, which takes them otherwise)."""
        started = time.perf_counter()
        try:
            with build_locks(self.session):
                return self._build(started)
        except BuildBusy as busy:
            sys.stderr.write(f"{busy}\n")
            return Outcome("failed", time.perf_counter() - started, reason="một lần dựng khác đang chạy")

    def _build(self, started: float) -> Outcome:
        try:
            changed, reason = (), "lần dựng đầu"
            if self.ready:
                try:
                    changed, reason = self._body_only()
                except BuildStopped:
                    raise
                except Exception as error:  # the objects may be half updated: all made anew
                    logger.warning("Dựng lại riêng bài đã sửa không được (%s: %s); dựng lại cả trang.",
                                   type(error).__name__, error)
                    changed, reason = (), "lỗi khi dựng riêng bài"
            if changed:
                return Outcome("body", time.perf_counter() - started, changed)
            if reason == UNCHANGED:
                return Outcome("unchanged", time.perf_counter() - started)
            self.ready = False
            self._full()
            return Outcome("full", time.perf_counter() - started, reason=reason)
        except BuildStopped as stop:  # content errors, a failed publish: printed, nothing published
            self.ready = False
            if stop.code:
                return Outcome("failed", time.perf_counter() - started, reason="lỗi nội dung")
            raise

    # -- a full build -----------------------------------------------------------------

    def _full(self) -> None:
        # The last full build's objects were frozen (below): the collector ignores them,
        # so those this build drops that are in reference cycles (a content object and
        # its context) would never be freed. A full build makes every object anew: what
        # the session kept of the last one is dropped, and the objects are freed now, in
        # one collection. What is left (modules, settings, templates) is frozen again,
        # as a new process's build freezes what it read: otherwise each collection of
        # the run walks the last build's objects and this one's.
        let_go()
        # A new run makes new content objects: the old ones' rendered bodies would stay
        # in memory for the life of the process.
        internals.forget_rendered_content()
        session, files = self.session, self.session.files
        session.generators, session.refreshers, files.replays = [], {}, None
        session.render_plan = files.writer = None
        # What else refers to the last run's objects: the graph (its photos' owners are
        # articles) and the steps and records of that run (their closures hold its
        # generators and its plan). The run registers its own again.
        session.graph = PageGraph()
        session.finish_steps, session.publish_steps, session.records = {}, {}, {}
        release_unused()
        hold_alive()
        spare = beside(files.output, SPARE_STAGING)
        # The staging folder keeps the site's folders from one build to the next: a
        # folder per page, too many to make and remove again for each build. A body-only
        # build makes a few files, and finding them among every page's empty folder would
        # cost more than making them. So between full builds the
        # folders wait under another name (two renames), and body-only builds write into a
        # new, nearly empty staging folder of the same name (the calls they make again
        # write to that name).
        if spare.is_dir():
            if files.staging.is_dir():
                shutil.rmtree(files.staging)  # a body-only build's few folders
            os.replace(spare, files.staging)
        # Runs even when nothing changed since the last build: what it keeps (the
        # articles, their calls) is what the next build needs.
        session.run_anyway = True
        try:
            build(self.pelican)
        finally:
            session.run_anyway = False
        if files.staging.is_dir():
            if spare.exists():
                shutil.rmtree(spare)
            os.replace(files.staging, spare)
        # What the run made stays for the life of the process: the collector stops
        # looking at it (each collection would walk every article's objects again, and a
        # body-only build allocates enough to start several).
        hold_alive()
        self.ready = (session.render_plan is not None and files.published_files is not None
                      and session.hasher is not None and bool(session.generators))

    # -- a body-only build ---------------------------------------------------------------

    def _clock_moved(self) -> str:
        if self.session.clock_pinned:
            return ""
        settings = self.pelican.settings
        last = ContentSettings.from_pelican(settings).now  # the last full build's clock
        now = dt.datetime.now(dt.timezone.utc).astimezone(last.tzinfo)
        if now < last:
            return "đồng hồ lùi lại"
        # No page shows the day: only the moments the plugins reported change the site.
        if self.session.changes_at is not None and now >= self.session.changes_at:
            return "đến giờ đăng hoặc hết hạn nổi bật"
        return ""

    def _body_only(self) -> tuple[tuple[str, ...], str]:
        """Make again the files of articles whose body alone changed; return their paths,
        or no paths and why a full build is needed (nothing is published then)."""
        session = self.session
        plan = session.render_plan
        assert plan is not None and session.hasher is not None and session.files.published_files is not None
        moved = self._clock_moved()
        if moved:
            return (), moved
        before = session.input_files
        # The reader takes a file's content hash from the session (the kept reading of
        # an unchanged file is found by it): this build's hashes from here on.
        session.inputs = session.hash_inputs(dict(session.hasher.seen))
        generator = next(g for g in session.generators if isinstance(g, ArticlesGenerator))
        by_path = {a.source_path: a for a in internals.contents_read(generator)}
        changes = changed_articles(before, session.input_files, by_path)
        if not changes.articles:
            return (), changes.reason or UNCHANGED
        last_report = session.report
        session.report = BuildReport()
        derived = set(generator.context.get("image_derived", {}))
        # A featured flag is compared apart: rebuilt here when "Tiêu điểm" stays as it is.
        selections = selections_of(session)
        shown_apart = sorted(choice_fields(selections))
        read = []  # (the article as the last build has it, what others show of it, as read now)
        for path in changes.articles:
            old = by_path[path]
            _, header = header_of(old, None, plan.own[id(old)], shown_apart, plan.headers)
            if header is None:  # the last build did not key it: its front matter is gone
                return (), f"không rõ phần hiện ở trang khác: {path}"
            try:
                new = read_article(generator, path, type(old))
            except Exception as error:  # the full build reports it as Pelican does
                return (), f"không đọc được {path}: {error}"
            if session.report.has_errors() or type(new) is not type(old) or new.status != old.status:
                return (), f"lỗi hoặc trạng thái mới: {path}"
            _, changing = choice_changes(session.generators, selections, old, new)
            if changing:
                return (), f"khối {changing} có thể đổi: {path}"
            parts = plan.parts.get(id(old), "")  # its photos: the same, or the build is a full one
            read.append((old, (shown_elsewhere(old, path, header, parts), body_files(old, derived)), new))
        # From here on the articles change in place: any surprise means a full build,
        # which makes every object anew.
        for old, before_shown, new in read:
            internals.refresh_content(old, new)
            internals.forget_rendered_content([old])
            for refresh in list(session.refreshers.values()):
                refresh(old)
            path, sha = old.source_path, session.input_files[old.source_path]
            known_as, header = header_of(old, path, sha, shown_apart, {})
            assert header is not None
            parts = plan.parts.get(id(old), "")
            if (shown_elsewhere(old, path, header, parts), body_files(old, derived)) != before_shown:
                return (), f"phần hiện ở trang khác đã đổi: {path}"
            plan.own[id(old)] = sha
            plan.headers[known_as] = header
        self._remake([old for old, _, _ in read], last_report, changes.articles)
        publish_staging(self.pelican)
        return changes.articles, ""

    def _remake(self, articles: list[Content], last_report: BuildReport, paths: Sequence[str]) -> None:
        """Make again every file that shows the text of ``articles``, into the staging
        folder; every other file of the last build stays as published."""
        session, plan, files = self.session, self.session.render_plan, self.session.files
        assert plan is not None and files.published_files is not None and files.replays is not None
        changed = set(paths)
        session.report.extend(p for p in last_report.problems if os.path.abspath(p.path) not in changed)
        files.kept = set(files.published_files)
        files.pending, files.pending_names = None, set()
        internals.forget_written(files.writer)
        plan.previous = None  # made again, never taken over
        plan.rendered = plan.reused = 0
        for article in articles:
            for call, redo in list(files.replays.get(id(article), {}).items()):
                plan.calls.pop(call, None)
                redo()


# -- what other pages show of an article -----------------------------------------------

def body_files(article: Content, derived: set[str]) -> tuple:
    """The files the body of ``article`` brings into the site (``changes.files_used``);
    ``derived``: the photos that have derived copies (not static files to copy)."""
    return files_used(article.metadata, article.get_static_links() - derived)


def selections_of(session: StagedBuild) -> dict[str, dict[str, Any]]:
    """What each choice among the articles ("Tiêu điểm") picked in the session's last
    run: name -> fields, chosen source paths, the facts its generator needs to tell
    whether an edit changes it (``choice_changes``)."""
    return {name: {"fields": list(choice.fields), "chosen": list(choice.chosen), "facts": dict(choice.facts)}
            for name, choice in sorted(session.graph.selections.items())}


def choice_fields(selections: Mapping[str, Any]) -> frozenset[str]:
    """The fields that pages show only through one of ``selections``."""
    return frozenset(f for selection in selections.values() for f in selection["fields"])


def choice_changes(generators: Sequence[Any], selections: Mapping[str, Any], old: Content,
                   new: Content) -> tuple[tuple[str, ...], str]:
    """An edit of the fields that pages show only through a choice among the articles
    (a featured flag: "Tiêu điểm") is rebuilt without Pelican's run only when the
    generator that makes the choice says it stays as recorded (``keeps_selection``);
    the article's own files do not show them. Return the fields that changed and the
    name of the first choice that may change ("" when none)."""
    changed: list[str] = []
    for name, selection in sorted(selections.items()):
        fields = [f for f in selection["fields"] if old.metadata.get(f) != new.metadata.get(f)]
        if not fields:
            continue
        if not any(g.keeps_selection(name, selection, old, new) for g in generators if isinstance(g, SelectionMaker)):
            return tuple(changed), name
        changed += fields
    return tuple(changed), ""


def read_article(generator: ArticlesGenerator, path: str, kind: type[Content] = Article) -> Content:
    """The article file ``path`` read again as ``generator`` reads it (the site's reader,
    Pelican's signals), without its run's read-ahead."""
    return generator.readers.read_file(
        base_path=generator.path, path=os.path.relpath(path, generator.path), content_class=kind,
        context=generator.context, context_signal=signals.article_generator_context, context_sender=generator)


def keep_generators(generators: list[Any]) -> None:
    if generators:
        session = session_of(generators[0].settings)
        if session.resident:
            session.generators = list(generators)


def register() -> None:
    signals.all_generators_finalized.connect(keep_generators)

