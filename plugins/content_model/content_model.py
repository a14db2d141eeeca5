"""The content model: editors' Markdown with YAML front matter becomes articles.

Handlers:
* ``use_front_matter_reader`` (readers_init): our reader takes ``.md`` files.
* ``pin_addresses`` (article_generator_finalized, page_generator_finalized): each
  article's and page's ``url`` and ``save_as`` are computed once and kept (Pelican
  recomputes them from the settings on every access, which was a tenth of a large
  build's time: sidebars and listings read them tens of times per page).
* ``index_members`` (article_generator_finalized): the article lists of each tag,
  category and author become :class:`~.members.Members`, whose ``in`` is a set
  lookup (Pelican filters the whole date list by membership for each such page).
* ``check_addresses`` (all_generators_finalized): two published files that
  would be written to the same address are an error naming both.
"""

from __future__ import annotations

from collections import defaultdict

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from sitecore.errors import ContentError, display_path
from sitecore.report import report_of

from .members import Members
from .reader import FrontMatterMarkdownReader


def use_front_matter_reader(readers) -> None:
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader
    readers.reader_classes.pop("mkd", None)
    readers.reader_classes.pop("mdown", None)


def pin_addresses(generator) -> None:
    contents = []
    for name in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages"):
        contents += getattr(generator, name, None) or []
    for content in contents:
        # Pelican's get_url_setting returns ``override_<key>`` when an object has it.
        content.override_url = content.url
        content.override_save_as = content.save_as


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
    signals.article_generator_finalized.connect(pin_addresses)
    signals.article_generator_finalized.connect(index_members)
    signals.page_generator_finalized.connect(pin_addresses)
    signals.all_generators_finalized.connect(check_addresses)
