"""Adapter: the site's RSS 2.0 and Atom feeds, the "RSS" page and the OPML file.

Handlers:
* ``add_generator`` (get_generators): :class:`FeedsGenerator`, which runs after the
  article generator (plugins' generators come after Pelican's), so every published
  article is in the shared context when it plans the feeds.

The plan (``feeds_index`` in the context) is what ``partials/feed_links.html`` and the
"RSS" page read; the files are written in ``generate_output`` into the build folder.

A feed reader shows what a feed holds without the site's Content-Security-Policy, so
every HTML that goes into a feed (an article's content, the RSS ``description``)
passes the article sanitizer (``content_model.sanitize``) here, once per article, and
the texts (titles, author, categories) are made inert: RSS leaves it to the reader
whether a title is text or HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import mimetypes
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from pelican import signals
from pelican.generators import Generator

from content_model.sanitize import clean, inert_text
from provinces.provinces import registry_for
from site_pages.site_pages import article_province_label
from threads.threads import ThreadLink, ThreadsSettings
from threads.threads import registry_for as threads_registry_for
from sitecore.errors import ContentError
from sitecore.report import report_of, session_of
from sitecore.text import plain_text

from . import model
from .model import FeedSpec

if TYPE_CHECKING:
    from .writer import FeedItem

logger = logging.getLogger(__name__)
VIETNAM = dt.timezone(dt.timedelta(hours=7))
# href/src attributes of the sanitized article HTML (nh3 always writes double quotes).
_LINK_ATTRIBUTE = re.compile(r'\b(href|src|srcset)="([^"]*)"')
# A URI that is already an id (tag:, urn:, http:, ...), as opposed to a bare name.
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedsSettings:
    """``FEEDS_MAX_ITEMS``: items per feed (50). ``FEEDS_SITEURL``: absolute site address
    used when ``SITEURL`` is relative (development builds). ``FEEDS_TAG_AUTHORITY``:
    the domain of the permanent ``tag:`` ids; never change it once feeds are public.
    ``FEEDS_TITLE_PREFIX``: the start of every feed title. ``CONTENT_EMBED_HOSTS``: the
    hosts whose embedded frames the article sanitizer keeps (as on the pages)."""

    max_items: int
    site_url: str
    tag_authority: str
    title_prefix: str
    content_root: Path
    embed_hosts: frozenset[str] = frozenset()

    @property
    def site_hosts(self) -> frozenset[str]:
        """The site's own host: its absolute image addresses in a feed are not "another host"."""
        return frozenset({(urlsplit(self.site_url).hostname or "").lower()})

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "FeedsSettings":
        siteurl = str(settings.get("SITEURL") or "")
        if not siteurl.startswith(("http://", "https://")):
            siteurl = str(settings.get("FEEDS_SITEURL", "http://localhost:8000"))
        return cls(
            max_items=int(settings.get("FEEDS_MAX_ITEMS", 50)),
            site_url=siteurl.rstrip("/") + "/",
            tag_authority=str(settings.get("FEEDS_TAG_AUTHORITY", "khuyenhoc.vn")),
            title_prefix=str(settings.get("FEEDS_TITLE_PREFIX", "Hội Khuyến học")),
            content_root=Path(settings.get("PATH", "content")).resolve(),
            embed_hosts=frozenset(h.lower() for h in settings.get("CONTENT_EMBED_HOSTS", ())),
        )


@dataclass(frozen=True, slots=True)
class FeedsIndex:
    """The feeds by kind and slug, for templates."""

    site: FeedSpec
    central: FeedSpec
    provinces: dict[str, FeedSpec]
    clusters: dict[str, FeedSpec]
    categories: dict[str, FeedSpec]
    opml_path: str
    page_url: str
    threads: dict[str, FeedSpec] = field(default_factory=dict)

    def all(self) -> list[FeedSpec]:
        return [self.site, self.central, *self.categories.values(), *self.clusters.values(),
                *self.provinces.values(), *self.threads.values()]


def article_guid(article: Any, authority: str) -> str:
    """The permanent id of an article in every feed.

    Without ``id`` in the front matter: a ``tag:`` URI from the file name, which does
    not change when the title, slug, date or address do. With ``id``: a full URI is kept
    as it is; a bare name (the editors' guide's form, e.g. the file's old name) becomes
    the same ``tag:`` URI that file name would give, so ``id: <old file name>`` keeps
    the id of a renamed file.
    """
    explicit = str(getattr(article, "id", None) or article.metadata.get("id") or "").strip()
    if _URI_SCHEME.match(explicit):
        return explicit
    name = _SPACES.sub("-", explicit.removesuffix(".md")) or Path(article.source_path).stem
    return f"tag:{authority},2008:bai/{name}"


def _absolute_html(html: str, base: str) -> str:
    """Links and images of an article's HTML made absolute against its address."""

    def fix(match: re.Match[str]) -> str:
        name, value = match.groups()
        if value.startswith(("#", "mailto:", "tel:", "data:")):
            return match.group(0)
        if name == "srcset":
            parts = [p.strip().split(" ", 1) for p in value.split(",") if p.strip()]
            return 'srcset="' + ", ".join(" ".join([urljoin(base, p[0]), *p[1:]]) for p in parts) + '"'
        return f'{name}="{urljoin(base, value)}"'

    return _LINK_ATTRIBUTE.sub(fix, html)


def _feed_bytes(render: Callable[..., bytes], meta: Any, articles: list[Any],
                item_of: Callable[[Any], FeedItem]) -> bytes:
    return render(meta, [item_of(a) for a in articles])


class FeedsGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = FeedsSettings.from_pelican(self.settings)
        self.index: FeedsIndex | None = None

    # -- plan -------------------------------------------------------------------

    def generate_context(self) -> None:
        articles = list(self.context.get("articles", []))
        registry = registry_for(self.settings)
        merger = dt.datetime.combine(registry.merger_date, dt.time(), tzinfo=VIETNAM)
        prefix, limit = self.config.title_prefix, self.config.max_items
        self._check_guids(articles)

        def spec(kind, slug, title, description, page_url, path, items, **extra) -> FeedSpec:
            return FeedSpec(kind, slug, f"{prefix} – {title}", description, page_url,
                            f"rss/{path}.xml", f"atom/{path}.xml",
                            tuple(model.newest_first(items, limit)), **extra)

        site = spec("all", "tat-ca", "Tất cả tin", "Tin mới của Hội Khuyến học Việt Nam và các tỉnh hội.",
                    "", "tat-ca", articles)
        central_items = [a for a in articles if getattr(a, "province", None) is None
                         and getattr(a, "cluster", None) is None]
        central = spec("central", "trung-uong", "Tin Trung ương Hội", "Tin của Trung ương Hội Khuyến học Việt Nam.",
                       self.settings.get("CENTRAL_URL", "trung-uong/"), "trung-uong", central_items)
        by_province = model.group_by(articles, lambda a: a.province.slug if getattr(a, "province", None) else None)
        by_cluster = model.group_by(articles, lambda a: a.cluster.slug if getattr(a, "cluster", None) else None)
        by_category = model.group_by(articles, lambda a: a.category.slug)
        province_url = self.settings.get("PROVINCE_URL", "tinh/{slug}/")
        cluster_url = self.settings.get("CLUSTER_URL", "cum/{slug}/")

        provinces = {}
        unit_items = {
            p.slug: model.unit_items(p.slug, by_province, [q.slug for q in registry.predecessors(p)])
            for p in registry.current_units()
        }
        for p in registry.provinces.values():
            if p.is_current:
                items, name = unit_items[p.slug], p.full_name
                description = f"Tin khuyến học {name}."
            else:
                successor = registry.provinces[p.successor]
                items = model.former_unit_items(p.slug, by_province, unit_items[successor.slug], merger)
                name = p.full_name_before
                description = (f"Tin khuyến học {name}. Từ {registry.merger_date:%d/%m/%Y}, {name} thuộc "
                               f"{successor.full_name}: nguồn tin tiếp tục với tin của {successor.full_name}.")
            provinces[p.slug] = spec("province", p.slug, f"Tin {name}", description,
                                     province_url.format(slug=p.slug), f"tinh/{p.slug}", items,
                                     group=p.cluster, former=p.is_former)
        clusters = {
            c.slug: spec("cluster", c.slug, f"Tin {c.full_name}",
                         f"Tin các tỉnh, thành hội cụm thi đua {c.name}.", cluster_url.format(slug=c.slug),
                         f"cum/{c.slug}", by_cluster.get(c.slug, ()))
            for c in registry.clusters.values()
        }
        categories = {}
        for category, items in sorted(self.context.get("categories", []), key=lambda ci: ci[0].slug):
            # The category's members: its own articles and those that name it in also_in
            # (plugins/categories), in the order of the articles.
            listed = by_category.get(category.slug, [])
            if len(items) != len(listed):
                members = {id(a) for a in items}
                listed = [a for a in articles if id(a) in members]
            categories[category.slug] = spec("category", category.slug, f"Chuyên mục {category.name}",
                                             f"Tin chuyên mục {category.name}.", category.url,
                                             f"chuyen-muc/{category.slug}", listed)
        # One feed per thread ("Theo dòng sự kiện"), every thread of the registry.
        by_thread = model.group_by(articles, lambda a: a.thread.slug if isinstance(getattr(a, "thread", None),
                                                                                  ThreadLink) else None)
        thread_url = ThreadsSettings.from_pelican(self.settings).thread_url
        threads = {t.slug: spec("thread", t.slug, f"Dòng sự kiện {t.title}",
                                t.description or f"Các bài theo dòng sự kiện {t.title}.",
                                thread_url.format(slug=t.slug), f"dong-su-kien/{t.slug}", by_thread.get(t.slug, ()))
                   for t in threads_registry_for(self.settings).threads.values()}
        self.index = FeedsIndex(site, central, provinces, clusters, categories, "rss/khuyen-hoc.opml", "rss/",
                                threads)
        self.context["feeds_index"] = self.index

    def _check_guids(self, articles: list[Any]) -> None:
        seen: dict[str, Any] = {}
        report = report_of(self.settings)
        for article in articles:
            guid = article_guid(article, self.config.tag_authority)
            if guid in seen:
                report.add(ContentError(
                    article.source_path, "id",
                    f'mã bài "{guid}" trùng với bài {seen[guid].source_path}: mỗi bài cần một mã riêng '
                    "để bạn đọc RSS không bị mất tin. Đổi tên tệp hoặc thêm trường id: khác nhau.",
                ))
            seen[guid] = article

    # -- files ------------------------------------------------------------------

    def _clean(self, html_text: str) -> str:
        return clean(html_text, self.config.embed_hosts, self.config.site_hosts).html

    def _content(self, article: Any) -> str:
        base = self.config.site_url
        return self._clean(_absolute_html(article.get_content(base.rstrip("/")), urljoin(base, article.url)))

    def _item(self, article: Any) -> FeedItem:
        from .writer import Enclosure, FeedItem  # see generate_output

        base = self.config.site_url
        url = urljoin(base, article.url)
        content = self._content(article)
        categories = [inert_text(article.category.name)]
        if getattr(article, "province", None) is not None:
            categories.append(inert_text(article_province_label(article)))  # as the site shows it
        if getattr(article, "cluster", None) is not None:
            categories.append(inert_text(f"Cụm {article.cluster.name}"))
        enclosure = None
        image = getattr(article, "image", None)
        derived = getattr(article, "lead_image_file", None)  # the images plugin's largest copy
        if derived is not None:
            enclosure = Enclosure(urljoin(base, derived.path), derived.size, derived.mime)
        elif image:
            source = self.config.content_root / image
            mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
            if source.is_file():
                enclosure = Enclosure(urljoin(base, image), source.stat().st_size, mime)
        modified = getattr(article, "modified", None) or article.date
        # The summary (the editor's or the start of the body) as text: entities such as
        # "&lt;script&gt;" are decoded here, so as HTML (RSS) it is escaped again.
        summary = plain_text(str(getattr(article, "summary", "") or ""))
        return FeedItem(
            guid=article_guid(article, self.config.tag_authority),
            title=inert_text(article.title),
            url=url,
            published=article.date,
            updated=max(modified, article.date),
            author=inert_text(str(article.author)),
            summary=summary,
            description_html=self._clean(html.escape(summary, quote=False)),
            content_html=content,
            categories=tuple(categories),
            enclosure=enclosure,
        )

    def generate_output(self, writer) -> None:
        # Imported here, not at the top: feedgen and lxml take 20 ms to import, which a
        # build skipped because nothing changed (safe_build) should not pay.
        from .writer import FeedMeta, atom_bytes, rss_bytes

        assert self.index is not None
        out = Path(self.output_path)
        session = session_of(self.settings)
        base = self.config.site_url
        item_of = cache(self._item)  # an article is in several feeds: its item is made once
        session.add_refresher("feed items", lambda _article: item_of.cache_clear())
        for spec in self.index.all():
            for path, render, kind in ((spec.rss_path, rss_bytes, "rss"), (spec.atom_path, atom_bytes, "atom")):
                meta = FeedMeta(
                    title=spec.title, description=spec.description, site_url=urljoin(base, spec.page_url),
                    feed_url=urljoin(base, path),
                    feed_id=self._feed_id(spec),
                )
                # A feed shows its articles (their front matter and bodies) and the
                # settings: unchanged, it is taken over from the last build (incremental
                # plugin); otherwise serialized once this generator is done, on every core.
                session.files.write_derived(out / path, f"feed-{kind}", spec.items,
                                            partial(_feed_bytes, render, meta, spec.items, item_of))
        self._write_opml(out / self.index.opml_path)
        writer.write_file(
            self.index.page_url + "index.html", self.get_template("feeds"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), url=self.index.page_url,
            template_name="feeds",
        )

    def _feed_id(self, spec: FeedSpec) -> str:
        """The Atom feed's permanent id: a ``tag:`` URI, the same in development and
        on the published site, and kept if the site moves to another domain."""
        return f"tag:{self.config.tag_authority},2008:{spec.atom_path.removesuffix('.xml')}"

    def _write_opml(self, target: Path) -> None:
        assert self.index is not None
        base = self.config.site_url
        opml = ET.Element("opml", version="2.0")
        head = ET.SubElement(opml, "head")
        ET.SubElement(head, "title").text = f"{self.config.title_prefix} – các nguồn tin RSS"
        body = ET.SubElement(opml, "body")

        def outline(parent: ET.Element, spec: FeedSpec) -> None:
            ET.SubElement(parent, "outline", type="rss", text=spec.title, title=spec.title,
                          xmlUrl=urljoin(base, spec.rss_path), htmlUrl=urljoin(base, spec.page_url))

        general = ET.SubElement(body, "outline", text="Tin chung", title="Tin chung")
        outline(general, self.index.site)
        outline(general, self.index.central)
        cats = ET.SubElement(body, "outline", text="Chuyên mục", title="Chuyên mục")
        for spec in self.index.categories.values():
            outline(cats, spec)
        if self.index.threads:
            threads = ET.SubElement(body, "outline", text="Dòng sự kiện", title="Dòng sự kiện")
            for spec in self.index.threads.values():
                outline(threads, spec)
        for cluster in self.index.clusters.values():
            group = ET.SubElement(body, "outline", text=cluster.title, title=cluster.title)
            outline(group, cluster)
            for spec in self.index.provinces.values():
                if spec.group == cluster.slug:
                    outline(group, spec)
        ET.indent(opml)
        target.parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(opml).write(target, encoding="utf-8", xml_declaration=True)


def add_generator(pelican) -> type[FeedsGenerator]:
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
