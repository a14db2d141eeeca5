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
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from functools import partial

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import file_suffix

from sitecore.errors import ContentError, display_path
from sitecore.parallel import run_split
from sitecore.report import report_of, session_of

from .members import Members
from .reader import FrontMatterMarkdownReader

logger = logging.getLogger(__name__)


def use_front_matter_reader(readers) -> None:
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader
    readers.reader_classes.pop("mkd", None)
    readers.reader_classes.pop("mdown", None)


def read_articles_ahead(generator) -> None:
    if getattr(generator, "articles_read_ahead", False):  # sent again for every file
        return
    generator.articles_read_ahead = True
    ours = {ext: r for ext, r in generator.readers.readers.items() if isinstance(r, FrontMatterMarkdownReader)}
    readers = list({id(r): r for r in ours.values()}.values())
    processes = readers[0].config.read_processes if readers else 1  # the reader's settings, read once
    if processes < 2:
        return
    jobs = []
    names = generator.get_files(generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"])
    for name in sorted(names):
        path = os.path.abspath(os.path.join(generator.path, name))  # as Pelican's read_file names it
        reader = ours.get(file_suffix(path))
        if reader is not None:
            jobs.append(partial(reader.read_ahead, path))
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
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages"):
        for content in getattr(generator, name, None) or []:
            _pin(content)


def _pin(content) -> None:
    """Keep ``url`` and ``save_as`` as Pelican's ``get_url_setting`` computes them, as
    ``override_url`` and ``override_save_as`` (which Pelican then returns as they are).

    Speed (finding 38): Pelican's ``url_format`` copies the metadata and works out the
    relative source path for each of the two, and each ``{date:%Y}`` goes through
    Pelican's own ``strftime`` (13 µs): 1.3 s per 10,000 articles. Here the fields are
    made once, and ``save_as`` is ``url`` plus the rest of its pattern when its pattern
    is the address pattern followed by plain text (``…/index.html``, as this site's
    are). The setting is chosen as Pelican's ``get_url_setting`` and
    ``_expand_settings`` choose it (tested equal for articles, drafts, pages, draft
    pages, translations). An address already pinned, or given in the metadata, is kept.
    """
    keys = [key for key in ("url", "save_as") if not hasattr(content, f"override_{key}")]
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
            setattr(content, f"override_{key}", value)


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


def register() -> None:
    signals.readers_init.connect(use_front_matter_reader)
    signals.article_generator_preread.connect(read_articles_ahead)
    signals.article_generator_finalized.connect(keep_read_files)
    signals.page_generator_finalized.connect(keep_read_files)
    signals.content_object_init.connect(pin_address)
    signals.article_generator_finalized.connect(pin_addresses)
    signals.article_generator_finalized.connect(index_members)
    signals.page_generator_finalized.connect(pin_addresses)
    signals.all_generators_finalized.connect(check_addresses)
