"""Adapter: the province, cluster, central-news and "Tỉnh hội" pages, and what every
page's frame needs (main navigation, the provinces directory, previous/next links).

``SitePagesGenerator`` runs after Pelican's article and page generators (plugins'
generators are appended after them), so the published articles and the static pages
are in the shared context when its ``generate_context`` runs; everything it adds there
is seen by every page written afterwards.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from functools import partial
from typing import Any

from pelican.generators import Generator

from provinces.provinces import ClusterLink, ProvinceLink, ProvinceSettings, registry_for
from sitecore.report import session_of

from . import directory as d
from .app import AppManifest
from .settings import SitePagesSettings
from .strings import STRINGS

logger = logging.getLogger(__name__)
MANIFEST_NAME = "manifest.webmanifest"  # linked from base.html


@dataclass(frozen=True, slots=True)
class NavItem:
    """One entry of the main navigation; ``section`` is the address prefix it stands for."""

    title: str
    url: str
    section: str


@dataclass(frozen=True, slots=True)
class LinkedUnit:
    province: ProvinceLink
    count: int


@dataclass(frozen=True, slots=True)
class LinkedGroup:
    cluster: ClusterLink
    count: int
    current: tuple[LinkedUnit, ...]
    former: tuple[LinkedUnit, ...]


@dataclass(frozen=True, slots=True)
class ProvinceDirectory:
    """The provinces by cluster, as the sidebar block and the "Tỉnh hội" page show them."""

    groups: tuple[LinkedGroup, ...]
    former: tuple[LinkedUnit, ...]
    current_count: int
    merger_date: dt.date
    url: str


@dataclass(frozen=True, slots=True)
class ProvincePage:
    """One province's page: its articles (with its predecessors' when it is a current unit)."""

    province: ProvinceLink
    articles: list[Any]
    predecessors: tuple[ProvinceLink, ...]
    merger_date: dt.date

    @property
    def successor(self) -> ProvinceLink | None:
        return self.province.successor

    @property
    def cluster(self) -> ClusterLink:
        return self.province.cluster

    @property
    def url(self) -> str:
        return self.province.url

    @property
    def save_as(self) -> str:
        return self.province.save_as


@dataclass(frozen=True, slots=True)
class ClusterPage:
    """One cluster's page: its member provinces and its articles."""

    cluster: ClusterLink
    articles: list[Any]
    current: tuple[LinkedUnit, ...]
    former: tuple[LinkedUnit, ...]
    merger_date: dt.date

    @property
    def slug(self) -> str:
        return self.cluster.slug

    @property
    def url(self) -> str:
        return self.cluster.url

    @property
    def save_as(self) -> str:
        return self.cluster.save_as


class SitePagesGenerator(Generator):
    """Writes ``tinh/<slug>/`` (63), ``cum/<slug>/`` (8), ``trung-uong/`` and ``tinh/``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = SitePagesSettings.from_pelican(self.settings)
        self.province_pages: list[ProvincePage] = []
        self.cluster_pages: list[ClusterPage] = []
        self.central_articles: list[Any] = []
        self.directory: ProvinceDirectory | None = None

    # -- context -------------------------------------------------------------

    def generate_context(self) -> None:
        articles = list(self.context.get("articles", []))
        link_neighbours(articles)
        registry = registry_for(self.settings)
        links = ProvinceSettings.from_pelican(self.settings)
        by_province = d.group_by(articles, lambda a: _slug(getattr(a, "province", None)))
        by_cluster = d.group_by(articles, lambda a: _slug(getattr(a, "cluster", None)))

        province = {slug: ProvinceLink(p, registry, links) for slug, p in registry.provinces.items()}
        cluster = {slug: ClusterLink(c, registry, links) for slug, c in registry.clusters.items()}
        self.province_pages = [
            ProvincePage(
                province=province[p.slug],
                articles=d.unit_articles(registry, by_province, p),
                predecessors=tuple(province[q.slug] for q in registry.predecessors(p)),
                merger_date=registry.merger_date,
            )
            for p in registry.provinces.values()
        ]
        self.central_articles = d.newest_first(
            a for a in articles if getattr(a, "province", None) is None and getattr(a, "cluster", None) is None
        )
        page_counts = {page.province.slug: len(page.articles) for page in self.province_pages}
        cluster_articles = {slug: d.newest_first(by_cluster.get(slug, ())) for slug in registry.clusters}
        cluster_counts = {slug: len(items) for slug, items in cluster_articles.items()}
        tree = d.directory(registry, page_counts, cluster_counts)

        def unit(entry: d.UnitCount) -> LinkedUnit:
            return LinkedUnit(province[entry.province.slug], entry.count)

        groups = tuple(
            LinkedGroup(
                cluster=cluster[g.cluster.slug],
                count=g.count,
                current=tuple(map(unit, g.current)),
                former=tuple(map(unit, g.former)),
            )
            for g in tree.groups
        )
        self.cluster_pages = [
            ClusterPage(g.cluster, cluster_articles[g.cluster.slug], g.current, g.former, registry.merger_date)
            for g in groups
        ]
        self.directory = ProvinceDirectory(
            groups=groups,
            former=tuple(map(unit, tree.former)),
            current_count=tree.current_count,
            merger_date=registry.merger_date,
            url=self.config.provinces_url,
        )
        self.context["province_directory"] = self.directory
        self.context["site_nav"] = nav = self.navigation()
        session = session_of(self.settings)
        session.graph.show_on_every_page("site_nav", repr([(i.title, i.url, i.section) for i in nav]))
        # A cluster's page lists its articles and, on its newest page, counts each
        # member's: those counts are its own text.
        session.graph.show_on_pages_of_each("cluster", "members", "cluster_page", {
            page.slug: repr([(u.province.slug, u.count) for u in (*page.current, *page.former)])
            for page in self.cluster_pages})
        self.context["site_pages"] = self.config

    def navigation(self) -> list[NavItem]:
        """Trang chủ, Giới thiệu, the categories, Tỉnh hội, Liên hệ."""
        pages = {p.slug: p for p in self.context.get("pages", [])}
        items = [NavItem(STRINGS["home"], "", "")]
        about = pages.get(self.config.about_page)
        if about is not None:
            items.append(NavItem(STRINGS["about"], about.url, about.url))
        categories = sorted((c for c, _ in self.context.get("categories", [])), key=lambda c: (c.slug, c.name))
        items += [NavItem(c.name, c.url, c.url) for c in categories]
        items.append(NavItem(STRINGS["provinces"], self.config.provinces_url, self.config.provinces_url))
        contact = pages.get(self.config.contact_page)
        if contact is not None:
            items.append(NavItem(STRINGS["contact"], contact.url, contact.url))
        return items

    # -- output --------------------------------------------------------------

    def generate_output(self, writer) -> None:
        write = partial(writer.write_file, relative_urls=self.config.relative_urls)
        template = self.get_template("province")
        for page in self.province_pages:
            write(
                page.save_as, template, self.context,
                paginated={"articles": page.articles}, template_name="province", url=page.url,
                articles=page.articles, province_page=page,
            )
        template = self.get_template("cluster")
        for page in self.cluster_pages:
            write(
                page.save_as, template, self.context,
                paginated={"articles": page.articles}, template_name="cluster", url=page.url,
                articles=page.articles, cluster_page=page,
            )
        links = ProvinceSettings.from_pelican(self.settings)
        write(
            links.central_save_as, self.get_template("central"), self.context,
            paginated={"articles": self.central_articles}, template_name="central", url=links.central_url,
            articles=self.central_articles, central_page=True,
        )
        write(
            self.config.provinces_save_as, self.get_template("provinces"), self.context,
            url=self.config.provinces_url,
        )
        # The web app manifest (home-screen name and icons), made from the settings only.
        manifest = AppManifest(
            name=str(self.settings.get("SITENAME", "")),
            short_name=str(self.settings.get("SITE_SHORT_NAME") or self.settings.get("SITENAME", "")),
            description=str(self.settings.get("SITE_SLOGAN", "")),
            images=f"{self.settings.get('THEME_STATIC_DIR', 'theme')}/images/",
        )
        session_of(self.settings).files.write_derived(
            Path(self.output_path) / MANIFEST_NAME, "web-manifest", [repr(manifest)], manifest.to_json)
        # The "not found" page is served by the web server at any address and depth, so
        # its links cannot be relative: they start at the site root ("/theme/…") or, in a
        # published build, at the absolute SITEURL.
        writer.write_file(
            "404.html", self.get_template("404"), self.context, relative_urls=False,
            SITEURL=self.settings.get("SITEURL", "") if not self.config.relative_urls else "",
            template_name="404", url="404.html",
        )


def _slug(link: Any) -> str | None:
    return link.slug if link is not None else None


def link_neighbours(articles: list[Any]) -> None:
    """Give each published article its ``older_article`` and ``newer_article`` (or None).

    ``articles`` is Pelican's list, newest first; drafts and scheduled articles are not
    in it, so they are never anyone's neighbour.
    """
    ordered = d.newest_first(articles)
    for i, article in enumerate(ordered):
        article.newer_article = ordered[i - 1] if i > 0 else None
        article.older_article = ordered[i + 1] if i + 1 < len(ordered) else None
