"""The content model: editors' Markdown with YAML front matter becomes articles.

Handlers:
* ``use_front_matter_reader`` (readers_init): our reader takes ``.md`` files.
* ``read_articles_ahead`` (article_generator_preread, first file only): every article
  file is read (front matter parsed and checked, body converted or taken from the
  cache) on ``CONTENT_READ_PROCESSES`` cores before Pelican reads them one by one;
  Pelican's reader then takes what was prepared. Pelican makes its article objects in
  one process, so only the plain results are shared (``sitecore.parallel``).
* ``keep_read_files`` (article_generator_finalized, page_generator_finalized): the
  files read afresh are written to the store of read files (``prepared``), so that the
  next build, even after this one fails on a content error, takes them as they are.
* ``pin_address`` (content_object_init) and ``pin_addresses`` (article_generator_finalized,
  page_generator_finalized): each article's and page's ``url`` and ``save_as`` are
  computed once and kept (Pelican recomputes them from the settings on every access,
  which was a tenth of a large build's time: sidebars and listings read them tens of
  times per page). Pinned as soon as the object is made when nothing can change them
  any more, otherwise when its generator is done.
* ``index_members`` (article_generator_finalized): the article lists of each tag,
  category and author become :class:`~.members.Members`, whose ``in`` is a set
  lookup (Pelican filters the whole date list by membership for each such page).
* ``check_addresses`` (all_generators_finalized): two published files that
  would be written to the same address are an error naming both.
* ``catch_dropped_files`` (initialized): Pelican's own reports of a file it drops
  ("Could not process …" when an exception leaves its reading, "Skipping …" when an
  object is invalid) become content errors naming the file, through a filter on
  Pelican's loggers. The reader lets no exception out; this is the net for what
  happens after it (other plugins' handlers, Pelican's objects).
* ``account_for_every_source`` (all_generators_finalized): every file of the content
  folder that looks like an article source (``*.md``, ``*.MD``, ``*.md.txt``, …) was
  read or is named in an error; a misnamed or misplaced file gets one saying how to
  rename or move it. A build never publishes fewer articles than the content has
  without an error.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import sys
from collections import defaultdict
from collections.abc import Mapping
from functools import partial
from typing import Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import file_suffix

from pelican_adapter import internals
from sitecore.errors import ContentError, display_path
from sitecore.parallel import run_split
from sitecore.report import BUILD_SESSION_KEY, report_of, session_of

from . import sources
from .members import Members
from .reader import FrontMatterMarkdownReader, failure_message
from .settings import ContentSettings

logger = logging.getLogger(__name__)


def use_front_matter_reader(readers) -> None:
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader
    readers.reader_classes.pop("mkd", None)
    readers.reader_classes.pop("mdown", None)


def skip_file_stamps(generator) -> None:
    """No modification times for Pelican's content caches when they keep nothing (the
    site caches what it reads itself: ``prepared``)."""
    settings = generator.settings
    if settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE"):
        return
    internals.stop_file_stamps(generator)
    internals.stop_file_stamps(generator.readers)


def read_articles_ahead(generator) -> None:
    if getattr(generator, "articles_read_ahead", False):  # sent again for every file
        return
    generator.articles_read_ahead = True
    ours = {ext: r for ext, r in generator.readers.readers.items() if isinstance(r, FrontMatterMarkdownReader)}
    readers = list({id(r): r for r in ours.values()}.values())
    processes = readers[0].config.read_processes if readers else 1  # the reader's settings, read once
    if processes < 2:
        return
    ahead = []
    names = generator.get_files(generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"])
    for name in names:
        path = os.path.abspath(os.path.join(generator.path, name))  # as Pelican's read_file names it
        reader = ours.get(file_suffix(path))
        order = None if reader is None else reader.ahead_order(path)
        if order is not None:
            ahead.append((order, path, reader))
    jobs = [partial(reader.read_ahead, path) for _, path, reader in sorted(ahead, key=lambda job: job[:2])]
    used = run_split(
        jobs, processes,
        lambda: [r.mark() for r in readers],
        lambda marks: [r.since(m) for r, m in zip(readers, marks)],
        lambda deltas: [r.merge(d) for r, d in zip(readers, deltas)],
        doing="reading", setting="CONTENT_READ_PROCESSES",
    )
    if used > 1:
        logger.info("Đọc %d bài bằng %d tiến trình", len(jobs), used)


def keep_read_files(generator) -> None:
    for reader in generator.readers.readers.values():
        if isinstance(reader, FrontMatterMarkdownReader):
            reader.flush_prepared()
    # A resident build reads a changed article again: its file is kept the same way.
    session_of(generator.settings).add_refresher(f"read files {type(generator).__name__}",
                                                 lambda _article: keep_read_files(generator))


def pin_address(content) -> None:
    """Pin a new article's or page's address, unless ``Article.__init__`` (which sends
    this signal before it ends) may still change its status or date: a future date
    without ``WITH_FUTURE_DATES``, a draft without a date."""
    if not isinstance(content, (Article, Page)):
        return  # a static file's address follows the pages that link it
    if isinstance(content, Article) and (not content.settings.get("WITH_FUTURE_DATES", True)
                                         or not hasattr(content, "date")):
        return
    _pin(content)


def pin_addresses(generator) -> None:
    for content in internals.contents_read(generator):
        _pin(content)


def _pin(content) -> None:
    """Keep ``url`` and ``save_as`` as Pelican's ``get_url_setting`` computes them, as
    ``override_url`` and ``override_save_as`` (which Pelican then returns as they are).

    Speed: Pelican's ``url_format`` copies the metadata and works out the
    relative source path for each of the two, and each ``{date:%Y}`` goes through
    Pelican's own ``strftime``, slow enough to show in every build. Here the fields are
    made once, and ``save_as`` is ``url`` plus the rest of its pattern when its pattern
    is the address pattern followed by plain text (``…/index.html``, as this site's
    are). The setting is chosen as Pelican's ``get_url_setting`` and
    ``_expand_settings`` choose it (tested equal for articles, drafts, pages, draft
    pages, translations). An address already pinned, or given in the metadata, is kept.
    """
    keys = [key for key in ("url", "save_as") if not internals.pinned_address(content, key)]
    if not keys:
        return
    fields = content.url_format
    draft = content.status == "draft"
    if isinstance(content, Article):
        kind = "draft" if draft else "article"
    else:
        kind = "draft_page" if draft else type(content).__name__
    prefix = "" if content.in_default_lang else "lang_"
    patterns = {key: str(content.settings[f"{kind}_{prefix}{key}".upper()]) for key in ("url", "save_as")}
    url = patterns["url"].format_map(fields)
    rest = patterns["save_as"][len(patterns["url"]):]
    if patterns["save_as"].startswith(patterns["url"]) and "{" not in rest and "}" not in rest:
        save_as = url + rest  # the address pattern, then plain text: no second format
    else:
        save_as = patterns["save_as"].format_map(fields)
    for key, value in (("url", url), ("save_as", save_as)):
        if key in keys:
            internals.pin_address(content, key, value)


def index_members(generator) -> None:
    for tag, members in generator.tags.items():
        generator.tags[tag] = Members(members)
    # The context holds the tags as Pelican's _update_context left them: (tag, list) pairs.
    generator.context["tags"] = list(generator.tags.items())
    # Categories and authors are lists of pairs, shared with the context: changed in place.
    generator.categories[:] = [(category, Members(members)) for category, members in generator.categories]
    generator.authors[:] = [(author, Members(members)) for author, members in generator.authors]


def check_addresses(generators) -> None:
    contents = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            contents += generator.articles + generator.hidden_articles
        elif isinstance(generator, PagesGenerator):
            contents += generator.pages + generator.hidden_pages
    by_address = defaultdict(list)
    for content in contents:
        by_address[content.save_as].append(content)
    report = report_of(generators[0].context)
    for address, clashing in by_address.items():
        if len(clashing) < 2:
            continue
        clashing.sort(key=lambda c: c.source_path)
        first = clashing[0]
        for other in clashing[1:]:
            line = other.field_lines.get("slug", other.field_lines.get("title", 1))
            report.add(
                ContentError(
                    other.source_path,
                    "slug",
                    f'địa chỉ "{other.url}" trùng với bài {display_path(first.source_path)}. '
                    "Thêm slug: khác cho một trong hai bài (ví dụ slug: "
                    f"{other.slug}-2).",
                    line,
                )
            )


# Pelican's loggers that report a content file they drop, with the messages that do.
_DROPPED = {"pelican.generators": ("Could not process %s",), "pelican.contents": ("Skipping %s",)}


class DroppedFiles(logging.Filter):
    """Turns Pelican's log record of a dropped content file into a content error in the
    build report (the record itself is then not shown: the report names the file)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        super().__init__()
        self.settings = settings

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str) or not record.msg.startswith(_DROPPED.get(record.name, ())):
            return True
        session = self.settings.get(BUILD_SESSION_KEY)
        args = record.args if isinstance(record.args, tuple) else ()
        if session is None or not args:
            return True
        session.report.add(_dropped_error(self.settings, record, args))
        return False


def _dropped_error(settings: Mapping[str, Any], record: logging.LogRecord, args: tuple) -> ContentError:
    message = record.msg
    if message.startswith("Could not process"):
        # Logged inside Pelican's ``except`` block: the exception is still the current one.
        path = os.path.abspath(os.path.join(settings["PATH"], str(args[0])))
        error = sys.exc_info()[1]
        text = failure_message(error) if error is not None else (
            "Pelican không xử lý được tệp nên bài không được đăng. Dựng lại với -v để xem chi tiết.")
        return ContentError(path, "file", text)
    path = str(args[0])
    if "could not find information" in message and len(args) > 1:
        return ContentError(path, str(args[1]), f'thiếu thông tin "{args[1]}" nên bài không được đăng. '
                                                f"Thêm một dòng {args[1]}: ... vào phần đầu.")
    if "outside output path" in message and len(args) > 1:
        return ContentError(path, "slug", f'địa chỉ "{args[1]}" nằm ngoài thư mục xuất bản nên bài không '
                                          "được đăng. Sửa slug: thành chữ thường không dấu, nối bằng dấu -.")
    try:
        said = record.getMessage()
    except (TypeError, ValueError):  # a filter must never raise into Pelican's logging call
        said = message
    return ContentError(path, "file", f"Pelican bỏ qua tệp nên bài không được đăng ({said}). "
                                      "Dựng lại với -v để xem chi tiết.")


def catch_dropped_files(pelican) -> None:
    net = DroppedFiles(pelican.settings)
    for name in _DROPPED:
        log = logging.getLogger(name)
        for old in [f for f in log.filters if isinstance(f, DroppedFiles)]:
            log.removeFilter(old)  # an earlier Pelican object's, in the same process
        log.addFilter(net)


def _ignored(name: str, patterns: list[str]) -> bool:
    """Whether Pelican leaves ``name`` out (``IGNORE_FILES``: editors' lock and backup files)."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def account_for_every_source(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    session = session_of(settings)
    read = {os.path.abspath(content.source_path)
            for generator in generators for content in internals.contents_read(generator)}
    named = {os.path.abspath(problem.path) for problem in session.report.errors}
    config = ContentSettings.from_pelican(settings)
    article_paths, page_paths = config.article_paths, config.page_paths
    excluded_articles = settings.get("ARTICLE_EXCLUDES") or []
    excluded_pages = settings.get("PAGE_EXCLUDES") or []
    ignored = settings.get("IGNORE_FILES") or []
    root = os.path.abspath(settings["PATH"])
    for folder, folders, files in os.walk(root, followlinks=True):
        folders[:] = sorted(d for d in folders if not _ignored(d, ignored))
        for name in sorted(files):
            if not sources.looks_like_source(name) or _ignored(name, ignored):
                continue
            path = os.path.join(folder, name)
            if path in read or path in named:
                continue
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            problem = sources.placement_problem(relative, article_paths, page_paths)
            if problem is None:
                expected = any(sources.under(relative, paths) and not sources.under(relative, excluded)
                               for paths, excluded in ((article_paths, excluded_articles), (page_paths, excluded_pages)))
                if not expected:
                    continue  # left out on purpose (ARTICLE_EXCLUDES, PAGE_EXCLUDES)
                problem = ("tệp không được đọc nên bài không được đăng, và không rõ vì sao. Dựng lại với -v "
                           "để xem chi tiết; nếu vẫn không rõ, gửi tệp cho người quản trị trang.")
            session.report.add(ContentError(path, "file", problem))


def register() -> None:
    signals.readers_init.connect(use_front_matter_reader)
    signals.article_generator_init.connect(skip_file_stamps)
    signals.page_generator_init.connect(skip_file_stamps)
    signals.article_generator_preread.connect(read_articles_ahead)
    signals.article_generator_finalized.connect(keep_read_files)
    signals.page_generator_finalized.connect(keep_read_files)
    signals.content_object_init.connect(pin_address)
    signals.article_generator_finalized.connect(pin_addresses)
    signals.article_generator_finalized.connect(index_members)
    signals.page_generator_finalized.connect(pin_addresses)
    signals.all_generators_finalized.connect(check_addresses)
    signals.initialized.connect(catch_dropped_files)
    signals.all_generators_finalized.connect(account_for_every_source)
