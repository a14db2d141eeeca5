"""Adapter: topic threads ("Theo dòng sự kiện"): an article's ``thread``, the thread
pages, the list of all threads and the block under each article of a thread.

Handlers:
* ``resolve_thread`` (article_generator_context): the editor's ``thread`` (a thread's
  slug or title) becomes a :class:`ThreadLink`; an unknown name is a content error
  naming the closest threads, and the article is not published.
* ``offer_thread_photos`` (article_generator_finalized, before any plugin generator
  runs): each thread's image is handed to the images plugin (``photo_owners`` in the
  context), which derives it like an article's lead photo.
* ``add_generator`` (get_generators): :class:`ThreadsGenerator`, which reports the
  registry's problems, groups the published articles by thread and gives each article
  of a thread (archived ones too) ``thread_others``: the thread's other published
  articles, newest first. An article's page is keyed by what it reads of them
  (incremental keys), so an article added to a thread renders again the pages of that
  thread's articles and no other article page. It writes ``dong-su-kien/<slug>/`` (template
  ``thread``, paginated) and ``dong-su-kien/`` (template ``threads``). The feeds plugin
  makes one feed per thread from the same registry (:func:`registry_for`).
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from sitecore.errors import ConfigError, ContentError, load_settings, settings_check
from sitecore.registry_file import data_file
from sitecore.report import report_of

from . import model
from .registry import Thread, ThreadRegistry, load

_DEFAULT_REGISTRY = "dong-su-kien.yml"


@dataclass(frozen=True, slots=True)
class ThreadsSettings:
    """``THREADS_REGISTRY``: the registry file, relative to the content folder
    (``dong-su-kien.yml``): every content folder carries its own threads, and the build's
    skip check hashes it with the content. ``THREAD_URL`` / ``THREAD_SAVE_AS``: a thread's page
    (``dong-su-kien/{slug}/``). ``THREADS_URL`` / ``THREADS_SAVE_AS``: the list of all
    threads. ``THREADS_BLOCK_COUNT``: articles in the block under an article (10)."""

    registry_path: Path
    content_root: Path
    thread_url: str
    thread_save_as: str
    threads_url: str
    threads_save_as: str
    block_count: int
    relative_urls: bool

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "ThreadsSettings":
        content = Path(str(settings.get("PATH", "content"))).resolve()
        url = str(settings.get("THREAD_URL", "dong-su-kien/{slug}/"))
        if "{slug}" not in url or url.startswith("/"):
            raise ConfigError(f'THREAD_URL "{url}": phải chứa {{slug}} và không bắt đầu bằng "/", '
                              "ví dụ dong-su-kien/{slug}/")
        count = settings.get("THREADS_BLOCK_COUNT", 10)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ConfigError(f"THREADS_BLOCK_COUNT: {count!r} phải là số nguyên dương (mặc định 10)")
        threads_url = str(settings.get("THREADS_URL", "dong-su-kien/"))
        return cls(
            registry_path=data_file(settings, "THREADS_REGISTRY", _DEFAULT_REGISTRY),
            content_root=content,
            thread_url=url,
            thread_save_as=str(settings.get("THREAD_SAVE_AS", url + "index.html")),
            threads_url=threads_url,
            threads_save_as=str(settings.get("THREADS_SAVE_AS", threads_url + "index.html")),
            block_count=count,
            relative_urls=bool(settings.get("RELATIVE_URLS")),
        )


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int, content_root: Path) -> ThreadRegistry:
    return load(path, content_root)


def registry_for(settings: Mapping[str, Any]) -> ThreadRegistry:
    """The registry named by the settings (read once per file version)."""
    config = ThreadsSettings.from_pelican(settings)
    path = config.registry_path
    try:
        mtime = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        mtime = -1
    return _load(path, mtime, config.content_root)


class ThreadLink:
    """A thread as templates see it: the registry entry plus its address."""

    def __init__(self, thread: Thread, config: ThreadsSettings) -> None:
        self.thread = thread
        self._config = config

    def __getattr__(self, name: str) -> Any:
        return getattr(self.thread, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ThreadLink) and other.thread.slug == self.thread.slug

    def __hash__(self) -> int:
        return hash(self.thread.slug)

    def __str__(self) -> str:
        return self.thread.title

    def __repr__(self) -> str:
        return f"<ThreadLink {self.thread.slug}>"

    @property
    def url(self) -> str:
        return self._config.thread_url.format(slug=self.thread.slug)

    @property
    def save_as(self) -> str:
        return self._config.thread_save_as.format(slug=self.thread.slug)


@dataclass(frozen=True, slots=True)
class ThreadPhoto:
    """A thread's image as the images plugin asks about a photo's user: where it is
    named (the registry file and line), so a broken photo's error points there."""

    image: str
    source_path: str
    metadata: Mapping[str, Any]


# The registry and settings, read once per generator (kept beside it, not on it: no
# attribute of ours on Pelican's objects).
_READ_FOR: "weakref.WeakKeyDictionary[Any, tuple[Any, ThreadsSettings]]" = weakref.WeakKeyDictionary()


def resolve_thread(generator, metadata: dict[str, Any]) -> None:
    written = metadata.get("thread")
    if not written or (metadata.get("status") == "skip" and not metadata.get("check_only")):
        return
    found = _READ_FOR.get(generator)
    if found is None:
        config = load_settings(ThreadsSettings.from_pelican, generator.settings)
        found = _READ_FOR[generator] = (registry_for(generator.settings), config)
    registry, config = found
    thread = registry.lookup(str(written))
    if thread is None:
        path = metadata.get("source_file", "?")
        line = metadata.get("field_lines", {}).get("thread")
        suggestions = registry.suggest(str(written))
        where = os.path.relpath(config.registry_path, config.content_root.parent).replace(os.sep, "/")
        hint = (f"Có phải: {', '.join(suggestions)}? " if suggestions else "") + \
            f"Ghi slug hoặc tiêu đề của một dòng sự kiện trong {where}, hoặc thêm dòng sự kiện mới vào tệp đó."
        report_of(generator.settings).add(ContentError(path, "thread", f'không có dòng sự kiện "{written}". {hint}',
                                                       line))
        metadata["status"] = "skip"
        return
    if not metadata.get("check_only"):
        metadata["thread"] = ThreadLink(thread, config)


def offer_thread_photos(generator) -> None:
    registry = registry_for(generator.settings)
    photos = [ThreadPhoto(t.image, registry.path, {"field_lines": {"image": t.line}})
              for t in registry.threads.values() if t.image]
    generator.context.setdefault("photo_owners", {})["threads"] = photos


@dataclass(frozen=True, slots=True)
class ThreadPage:
    """One thread's page: the thread and its published articles, newest first."""

    thread: ThreadLink
    articles: list[Any]

    @property
    def url(self) -> str:
        return self.thread.url

    @property
    def save_as(self) -> str:
        return self.thread.save_as


class ThreadsGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = load_settings(ThreadsSettings.from_pelican, self.settings)
        self.thread_pages: list[ThreadPage] = []

    def generate_context(self) -> None:
        registry = registry_for(self.settings)
        report_of(self.settings).extend(registry.problems)
        articles = list(self.context.get("articles", []))
        grouped = model.by_thread(articles, _thread_slug)
        links = {slug: ThreadLink(t, self.config) for slug, t in registry.threads.items()}
        self.thread_pages = [ThreadPage(link, grouped.get(slug, [])) for slug, link in links.items()]
        for article in [*articles, *self.context.get("hidden_articles", [])]:
            slug = _thread_slug(article)
            article.thread_others = (model.others_in_thread(grouped.get(slug, []), article, self.config.block_count)
                                     if slug is not None else [])
        self.context["threads_index"] = model.summaries(links.values(), lambda link: link.slug, grouped,
                                                        lambda a: a.date)
        self.context["threads_url"] = self.config.threads_url

    def generate_output(self, writer) -> None:
        template = self.get_template("thread")
        for page in self.thread_pages:
            writer.write_file(page.save_as, template, self.context, relative_urls=self.config.relative_urls,
                              paginated={"articles": page.articles}, template_name="thread", url=page.url,
                              articles=page.articles, thread_page=page)
        writer.write_file(self.config.threads_save_as, self.get_template("threads"), self.context,
                          relative_urls=self.config.relative_urls, url=self.config.threads_url,
                          template_name="threads")


def _thread_slug(article: Any) -> str | None:
    thread = getattr(article, "thread", None)
    return thread.slug if isinstance(thread, ThreadLink) else None


def add_generator(pelican) -> type[ThreadsGenerator]:
    return ThreadsGenerator


check_settings = settings_check(ThreadsSettings.from_pelican)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_context.connect(resolve_thread)
    signals.article_generator_finalized.connect(offer_thread_photos)
    signals.get_generators.connect(add_generator)
