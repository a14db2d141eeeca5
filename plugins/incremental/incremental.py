"""Adapter: render only the template calls whose inputs changed (keys in ``keys.py``).

Handlers:
* ``plan_rendering`` (all_generators_finalized: every article is read, before anything
  is written): computes the site key and each article's own key and puts a
  ``RenderPlan`` on the build session. The ``safe_build`` writer asks the plan before
  rendering each template call and takes over the published files of an unchanged one.
  Once the build is published, the plan's record is kept for the next build.

``INCREMENTAL_RENDER = False`` renders every page on every build. Nothing is taken over
when the skip check did not hash the inputs (``SITE_SKIP_UNCHANGED = False``) or in a
check-only run.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import DEFAULT_CONFIG

from pelican_adapter import internals
from site_pages.pagination import StablePage
from sitecore.report import session_of

from .keys import (RECORD_NAME as RENDER_RECORD, RECORD_VERSION, RenderPlan, RenderRecord, digest, front_matter,
                   header_digest, is_list, shared_signature, without_lines)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IncrementalSettings:
    """``INCREMENTAL_RENDER``: take over unchanged pages from the last build (default on)."""

    enabled: bool

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "IncrementalSettings":
        return cls(bool(settings.get("INCREMENTAL_RENDER", True)))


def article_facts(article: Any) -> tuple[str, ...]:
    """Facts about an article that other pages show and its front matter alone does not
    give: the summary cut from the body when there is none, its address, its status."""
    date = getattr(article, "date", None)
    return (str(getattr(article, "summary", "") or ""), article.url, article.save_as,
            str(getattr(article, "status", "")), date.isoformat() if date else "")


def header_of(article: Any, path: str | None, sha: str, selected: Sequence[str],
              known: Mapping[str, str]) -> tuple[str, str | None]:
    """The digest of the front matter of ``article`` (its file ``path``, of content hash
    ``sha``) without the fields ``selected`` (shown only through a choice), and the name
    it is known by in ``known`` (a build's ``RenderPlan.headers``): a known file is not
    read again. ``path`` None: only a known digest (None when unknown)."""
    lines = getattr(article, "field_lines", {})
    dropped = sorted(lines[f] for f in selected if f in lines)
    known_as = f"{sha}:{','.join(map(str, dropped))}"
    header = known.get(known_as)
    if header is None and path is not None:
        with open(path, "rb") as handle:
            header = header_digest(without_lines(front_matter(handle.read()), dropped))
    return known_as, header


def shown_elsewhere(article: Any, path: str, header: str, parts: str = "") -> str:
    """What pages other than its own show of ``article`` (``keys.shared_signature``):
    its front matter (``header``, :func:`header_of`), the facts derived from it, and
    the files shown as part of it (``parts``: the digest of its photos). The one
    definition: the render plan keys pages by it, the resident process compares an
    edited article by it."""
    return shared_signature(path, header, (*article_facts(article), parts))


def theme_templates(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The folders whose files are the theme's templates (absolute, ending in a
    separator): the theme's ``templates`` and ``THEME_TEMPLATES_OVERRIDES``."""
    folders = [Path(settings["THEME"]) / "templates", *map(Path, settings.get("THEME_TEMPLATES_OVERRIDES", []))]
    return tuple(os.path.join(folder.resolve(), "") for folder in folders)


def links_elsewhere(article: Any) -> bool:
    """Whether the article's body links to other content (``{filename}``): its text then
    shows their addresses. Pelican's own pattern; with its default setting a link needs
    a ``{`` or a ``|``, so a body without either is not searched (0.1 ms an article)."""
    text = internals.raw_content(article)
    if article.settings.get("INTRASITE_LINK_REGEX") == DEFAULT_CONFIG["INTRASITE_LINK_REGEX"] \
            and "{" not in text and "|" not in text:
        return False
    return bool(internals.intrasite_link_regex(article).search(text))


def shown_by_reads(article: Any, names: Iterable[str]) -> list[Any] | None:
    """What an article's page shows of other articles: those its attributes ``names``
    (as its page read them, ``keys.Watch``) name, each after its name, in order. None
    (the site key) for an article whose body links to other content."""
    if article is None or links_elsewhere(article):
        return None
    found: list[Any] = []
    for name in names:
        value = getattr(article, name, None)
        found.append(name)
        found.extend(v for v in (value if is_list(value) else (value,)) if isinstance(v, Content))
    return found


def shown_alone(article: Any, _named: Mapping[str, Any]) -> list[Any] | None:
    """A file that shows its article alone (its saved copy): no other article."""
    return None if article is None or links_elsewhere(article) else []


def shown_listed(extra: Mapping[str, str], each: Mapping[str, tuple[str, Mapping[str, str]]] | None = None,
                 ) -> Callable[[Any, Mapping[str, Any]], list[Any] | None]:
    """A listing that shows the articles it is given (``articles``: one page's), its
    page's navigation, and on its newest page the texts ``extra`` and the text ``each``
    gives it by the slug of one of its named values (name -> (value's name, slug ->
    text): a category's own lead); nothing else of the site but what every page shows
    (``core``)."""
    texts = [f"{name}\0{value}" for name, value in sorted(extra.items())]
    per_page = sorted((each or {}).items())

    def shown(_content: Any, named: Mapping[str, Any]) -> list[Any] | None:
        listed = named.get("articles")
        if not isinstance(listed, Sequence):
            return None
        own = [f"{name}\0{values.get(str(getattr(named.get(by), 'slug', named.get(by))), '')}"
               for name, (by, values) in per_page]
        page = named.get("articles_page")
        if not isinstance(page, StablePage):
            return [*listed, *texts, *own]
        # One page of a paginated listing: its address and navigation too; the texts
        # (the leads, "Tiêu điểm") are on its newest page alone.
        return [*listed, *((*texts, *own) if page.is_newest else ()), page.signature]

    return shown


def shown_in_full(_content: Any, named: Mapping[str, Any]) -> list[Any] | None:
    """A file that shows each of its ``items`` in full (a feed): their texts are in its
    key, and their facts; nothing else of the site but what every page shows. None (the
    site key) when an item's body links to other content."""
    items = named.get("items")
    if not isinstance(items, Sequence) or any(links_elsewhere(a) for a in items):
        return None
    return list(items)


# Listings keyed by the articles they show and the texts declared for them (for the
# home page, the "Tiêu điểm" choice; for a cluster's page, its members' counts). Any
# other template: the site key.
ARCHIVES = ("period_archives",)
LISTINGS = ("index", "category", "tag", "author", "province", "cluster", "central", "thread")
# Files made from their article alone (``session.files.write_derived`` makers).
ALONE = ("saved-article",)
# Files that show their items in full (``session.files.write_derived`` makers of the feeds).
IN_FULL = ("feed-rss", "feed-atom")
# Makers that render no theme template (the saved copy is written by hand, the feeds by
# feedgen): keyed without the theme's templates, so a theme change does not make them
# again. A maker that starts rendering a template must leave this list.
UNTEMPLATED = ("saved-article", "feed-rss", "feed-atom")


def plan_rendering(generators: list[Any]) -> None:
    articles_generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    session = session_of(settings)
    config = IncrementalSettings.from_pelican(settings)
    files = session.input_files
    if not config.enabled or not files or settings.get("SITE_CHECK_ONLY") or session.state is None:
        return
    # The site's own pages ("Giới thiệu") are keyed as articles are: their text on
    # their own page, their front matter where other pages show them (the menu, which
    # ``site_pages`` declares: ``site_nav``), so an edited page renders itself alone.
    pages_generator = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    readers = (articles_generator, pages_generator)
    contents = [c for generator in readers for c in internals.contents_read(generator)]
    # Fields shown only through a selection: keyed by what was chosen, not per article.
    selected = sorted({f for choice in session.graph.selections.values() for f in choice.fields})
    # A choice is keyed by what it picked and by the facts it shows of them (the view
    # counts beside "Xem nhiều"): the pages that show it show both.
    choices = [digest(name, *choice.fields, "\0", *choice.chosen, "\0",
                      json.dumps(choice.facts, sort_keys=True, ensure_ascii=False, default=str))
               for name, choice in sorted(session.graph.selections.items())]
    previous = RenderRecord.of(session.take_record(RENDER_RECORD, RECORD_VERSION))
    known = previous.headers if previous else {}
    headers: dict[str, str] = {}
    own: dict[int, str] = {}
    shared: list[str] = []
    signatures: dict[int, str] = {}
    published = {id(a) for a in articles_generator.articles}
    # Drafts are shown on no other page (no list, count or sidebar has them): they stay
    # out of the site key, so a new or edited draft renders nothing again (it
    # rendered the pages keyed by the whole site: at 10,000 articles 177 calls). A draft
    # published enters it with its new status.
    drafts = {id(c) for generator in readers for name in internals.DRAFT_LISTS
              for c in getattr(generator, name, None) or ()}
    # Input files that pages show only as part of the articles that use them (photos:
    # ``PageGraph.shown_as_part_of``) are in those articles' own keys and in what other
    # pages show of them, not in every page's key: a new article with a new photo
    # renders what an article added does.
    ids = {id(a) for a in contents}
    owned: set[str] = set()
    part_lists: dict[int, list[str]] = {}
    for path, owners in sorted(session.graph.parts.items()):
        sha = files.get(path)
        if sha is None or not owners or any(id(o) not in ids for o in owners):
            continue
        owned.add(path)
        for owner in owners:
            part_lists.setdefault(id(owner), []).append(f"{path}\0{sha}")
    parts = {i: digest(*entries) for i, entries in part_lists.items()}
    sources: set[str] = set()
    for article in contents:
        # Pelican's source paths are absolute; resolve only when the skip check saw the
        # file by another name (a linked folder): resolving 10,000 paths took a second.
        path = article.source_path
        sha = files.get(path)
        if sha is None:
            path = str(Path(path).resolve())
            sha = files.get(path)
        if sha is None:  # read from somewhere the skip check did not hash: render everything
            return
        own[id(article)] = sha
        if path in sources:  # a file read twice (translations): already counted
            continue
        sources.add(path)
        known_as, header = header_of(article, path, sha, selected, known)
        assert header is not None  # read from the file when not known
        headers[known_as] = header
        signature = shown_elsewhere(article, path, header, parts.get(id(article), ""))
        if id(article) not in drafts:
            shared.append(signature)
        if id(article) in published:
            signatures[id(article)] = signature
    # Input files a plugin declared the pages of (``shown_only_as_declared``) are in those
    # pages' keys through the texts it declared, not in every page's.
    declared = session.graph.declared_inputs
    others = [(path, f"{path}\0{sha}") for path, sha in sorted(files.items())
              if path not in sources and path not in declared and path not in owned]
    templates = theme_templates(settings)
    every_page = [f"{k}\0{v}" for k, v in sorted(session.graph.shown_on_every_page.items())]

    def keys(inputs: list[str]) -> tuple[str, str]:
        """The site key and the core key (without the articles: what an article's page
        shows but the articles it names, ``shown_by_reads``) of ``inputs`` (the input
        files other than articles). Not the clock: the moments at which it changes the
        site (a scheduled article due, an expiry, the end of a featured period) change
        the articles' statuses and the choices, which are in the keys."""
        site = digest(session.fixed_inputs, *inputs, *choices, *sorted(shared))
        return site, digest(digest(session.fixed_inputs, *inputs), "core", *every_page)

    site, core = keys([entry for _, entry in others])
    untemplated_site, untemplated_core = keys([entry for path, entry in others if not path.startswith(templates)])
    shows: dict[str, Callable[[Any, Mapping[str, Any]], list[Any] | None]] = {}
    for name in (*LISTINGS, *ARCHIVES):
        extra = dict(session.graph.shown_by_template.get(name, {}))
        if name == "index":  # the home page also shows "Tiêu điểm" itself (others load it)
            extra["choices"] = digest(*choices)
        shows[articles_generator.get_template(name).name] = shown_listed(extra, session.graph.shown_by_page.get(name))
    listings = frozenset(shows)  # watched as they render, as article pages are
    shows.update({maker: shown_alone for maker in ALONE})
    shows.update({maker: shown_in_full for maker in IN_FULL})
    session.render_plan = plan = RenderPlan(site, own, previous, core, signatures, shows,
                                            whole=frozenset(IN_FULL), headers=headers,
                                            untemplated=frozenset(UNTEMPLATED), untemplated_site=untemplated_site,
                                            untemplated_core=untemplated_core,
                                            watched={articles_generator.get_template("article").name: shown_by_reads},
                                            listings=listings, articles=(Content,), parts=parts)

    def made(published: Path) -> dict[str, Any]:
        logger.info("Trang: dựng lại %d, lấy nguyên từ lần dựng trước %d", plan.rendered, plan.reused)
        return plan.record(published, session.files.published_files).fields()

    session.save_record_when_published(RENDER_RECORD, RECORD_VERSION, made, each_build=True)


def register() -> None:
    signals.all_generators_finalized.connect(plan_rendering)
