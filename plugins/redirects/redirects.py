"""Adapter: the old NukeViet addresses keep working, rebuilt by every build.

``RedirectsGenerator`` (get_generators) reads each published article's ``legacy_sid``
and the category map (``REDIRECTS_CATEGORY_MAP``, the file ``invoke import-nukeviet``
keeps), and writes through the build session: the alias pages ``nv/<sid>/``, the nginx
map and the Apache files under ``nukeviet/``, ``.htaccess`` and ``_redirects`` at the
root (:mod:`.rules` makes their text). A site without imported articles gets only the
server files (empty maps), which ``docs/nginx.conf`` includes.
"""

from __future__ import annotations

import json
import logging
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pelican import signals
from pelican.generators import Generator

from content_model.slugs import slugify
from sitecore.errors import ConfigError, load_settings
from sitecore.report import session_of
from sitecore.urls import absolute, absolute_base

from . import rules

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RedirectsSettings:
    """``REDIRECTS_CATEGORY_MAP``: the old-category map (relative paths: from the folder
    that holds the content folder, as ``invoke import-nukeviet`` writes it).
    ``REDIRECTS_ALIAS_URL``: the alias page of a story (``nv/{sid}/``).
    ``REDIRECTS_SERVER_FOLDER``: where the nginx and Apache files go (``nukeviet/``).
    ``REDIRECTS_HTACCESS`` and ``REDIRECTS_NETLIFY``: write ``.htaccess`` / ``_redirects``.
    ``REDIRECTS_SERVER_ROOT``: where the site lies on the server (the Apache
    ``RewriteMap`` files are named by absolute path), as in docs/nginx.conf.
    ``REDIRECTS_ADDRESS_RECORD``: the addresses every article has been published at
    (relative: beside the content folder, like the category map), so that an address
    changed by an edited title or date keeps answering. Kept once the site has imported
    articles (or the file exists): commit it with the content."""

    category_map: Path
    alias_url: str
    server_folder: str
    htaccess: bool
    netlify: bool
    server_root: str
    address_record: Path

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "RedirectsSettings":
        content = Path(str(s.get("PATH", "content"))).resolve()
        raw = _beside(content, str(s.get("REDIRECTS_CATEGORY_MAP", "data/nukeviet-categories.yml")))
        alias = str(s.get("REDIRECTS_ALIAS_URL", "nv/{sid}/"))
        if "{sid}" not in alias or alias.startswith("/"):
            raise ConfigError(f'REDIRECTS_ALIAS_URL "{alias}": phải chứa {{sid}} và không bắt đầu bằng "/", ví dụ nv/{{sid}}/')
        return cls(
            category_map=raw,
            alias_url=alias,
            server_folder=str(s.get("REDIRECTS_SERVER_FOLDER", "nukeviet")).strip("/"),
            htaccess=bool(s.get("REDIRECTS_HTACCESS", True)),
            netlify=bool(s.get("REDIRECTS_NETLIFY", True)),
            server_root=str(s.get("REDIRECTS_SERVER_ROOT", "/var/www/khuyenhoc")).rstrip("/"),
            address_record=_beside(content, str(s.get("REDIRECTS_ADDRESS_RECORD", "data/dia-chi-da-dang.json"))),
        )


def _beside(content: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else content.parent / path


def legacy_sid(article: Any) -> int | None:
    """The ``legacy_sid`` front-matter field of an article. The content reader does not
    pass it on as metadata, so the line it stands on (``field_lines``) is read from the
    source file; only imported articles have the field."""
    value = getattr(article, "legacy_sid", None)
    if value is None:
        line = (getattr(article, "field_lines", None) or {}).get("legacy_sid")
        source = getattr(article, "source_path", None)
        if not line or not source:
            return None
        try:
            with open(source, encoding="utf-8") as fh:
                for number, text in enumerate(fh, start=1):
                    if number == line:
                        value = text.split(":", 1)[1].strip() if ":" in text else None
                        break
        except OSError:
            return None
    value = str(value).strip().strip("\"'")
    return int(value) if value.isdigit() else None


def identity(article: Any, sid: int | None) -> str:
    """What stays the same when an article's address changes: its old NukeViet number,
    else its ``id`` (the editors' guide's way to keep a renamed file's identity), else
    its file name (as the feeds' item ids). ``sid``: its :func:`legacy_sid`."""
    if sid is not None:
        return f"sid:{sid}"
    explicit = str(getattr(article, "id", None) or "").strip().removesuffix(".md")
    return f"file:{explicit or Path(article.source_path).stem}"


def load_record(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: không đọc được sổ địa chỉ đã đăng ({exc}). Lấy lại bản trong kho git.") from None
    addresses = data.get("addresses", {}) if isinstance(data, dict) else {}
    return {str(k): [str(u) for u in v] for k, v in addresses.items() if isinstance(v, list)}


def moved_addresses(record: Mapping[str, list[str]], current: Mapping[str, str], live: set[str]) -> dict[str, str]:
    """Old address → today's, for every article whose address changed since it was
    recorded; an old address that another page uses now is that page's."""
    moved = {}
    for ident, urls in record.items():
        now = current.get(ident)
        if now is None:
            continue  # a draft now, or gone: its old addresses answer nothing
        for old in urls:
            if old != now and old not in live:
                moved[old] = now
    return moved


def updated_record(record: Mapping[str, list[str]], current: Mapping[str, str]) -> dict[str, list[str]]:
    out = {k: list(v) for k, v in record.items()}
    for ident, url in current.items():
        urls = out.setdefault(ident, [])
        if url not in urls:
            urls.append(url)
    return dict(sorted(out.items()))


def _category_map(path: Path) -> dict[int, str]:
    """Old catid → today's category name (entries without one take their parent's, then
    the default), as the importer reads the same file."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: không đọc được bảng chuyển chuyên mục ({exc})") from None
    default = str(data.get("default") or "")
    entries = {int(e["catid"]): e for e in data.get("categories") or [] if str(e.get("catid", "")).isdigit()}

    def name(catid: int, depth: int = 0) -> str:
        entry = entries.get(catid) or {}
        if entry.get("category"):
            return str(entry["category"])
        parent = int(entry.get("parent") or 0)
        return name(parent, depth + 1) if parent and depth < 20 else default

    return {catid: name(catid) for catid in entries}


def _saved_as(settings: Mapping[str, Any], kind: str) -> str:
    return str(settings.get(f"CALENDAR_{kind}_ARCHIVE_SAVE_AS") or settings.get(f"{kind}_ARCHIVE_SAVE_AS") or "")


class RedirectsGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = load_settings(RedirectsSettings.from_pelican, self.settings)
        self.moved: dict[str, str] = {}
        self.new_record: dict[str, list[str]] | None = None
        self.record_changed = False

    def generate_context(self) -> None:
        pass

    def _path(self, url: str) -> str:
        """A site URL as a path from the host's root (``SITEURL`` may have a path)."""
        return urlsplit(absolute_base(self.settings)).path + url.lstrip("/")

    def targets(self) -> tuple[rules.LegacyTargets, dict[int, Any]]:
        articles = list(self.context.get("articles", []))
        stories: dict[int, Any] = {}
        sids = {id(a): legacy_sid(a) for a in articles}  # read once: it may cost a file read
        for article in sorted(articles, key=lambda a: a.url):
            sid = sids[id(article)]
            if sid is not None:
                if sid in stories:
                    logger.warning("legacy_sid %s có ở hai bài: %s và %s; địa chỉ cũ chỉ tới bài đầu",
                                   sid, stories[sid].source_path, article.source_path)
                    continue
                stories[sid] = article
        by_name = {category.name: category for category, _ in self.context.get("categories", [])}
        categories, feeds = {}, {}
        for catid, name in _category_map(self.config.category_map).items():
            category = by_name.get(name) or next((c for n, c in by_name.items() if slugify(n) == slugify(name)), None)
            if category is not None:
                categories[catid] = self._path(category.url)
                feeds[catid] = self._path(f"rss/chuyen-muc/{category.slug}.xml")
        days, months = {}, {}
        day_url, month_url = self.settings.get("DAY_ARCHIVE_URL"), self.settings.get("MONTH_ARCHIVE_URL")
        # calendar_archive moves the period archives' SAVE_AS to CALENDAR_* (it writes them).
        day_saved = _saved_as(self.settings, "DAY")
        month_saved = _saved_as(self.settings, "MONTH")
        for article in articles:
            d = article.date
            if day_url and day_saved:
                days[(d.year, d.month, d.day)] = self._path(day_url.format(date=d))
            if month_url and month_saved:
                months[(d.year, d.month)] = self._path(month_url.format(date=d))
        record = load_record(self.config.address_record)
        current = {identity(a, sids[id(a)]): a.url for a in articles}
        live = {a.url for a in articles} | {p.url for p in self.context.get("pages", [])}
        self.moved = moved_addresses(record, current, live)
        if stories or self.config.address_record.exists():
            self.new_record = updated_record(record, current)
            self.record_changed = self.new_record != record
        return rules.LegacyTargets(
            moved={self._path(old): self._path(new) for old, new in self.moved.items()},
            stories={sid: self._path(a.url) for sid, a in stories.items()},
            titles={sid: a.title for sid, a in stories.items()},
            categories=categories, category_feeds=feeds, days=days, months=months,
            home=self._path(""),
            archive=self._path(self.settings.get("ARCHIVES_SAVE_AS", "tin/index.html").removesuffix("index.html")),
            categories_index=self._path(self.settings.get("CATEGORIES_SAVE_AS", "chuyen-muc/index.html").removesuffix("index.html")),
            all_feed=self._path("rss/tat-ca.xml"), feeds_page=self._path("rss/"),
        ), stories

    def generate_output(self, writer) -> None:
        t, stories = self.targets()
        out = Path(self.output_path)
        session = session_of(self.settings)
        files: dict[str, str] = {}
        # The server files are written even without imported articles: docs/nginx.conf
        # includes the nginx map, and a missing file would stop nginx from starting.
        for sid, article in stories.items():
            files.update([self._alias(self.config.alias_url.format(sid=sid), article.url, article.title)])
        by_url = {a.url: a for a in self.context.get("articles", [])}
        for old, new in self.moved.items():
            files.update([self._alias(old, new, by_url[new].title)])
        if self.new_record is not None and self.record_changed:
            # Recorded once the build is published: a failed build records nothing.
            session.add_publish_step("redirects address record", self._save_record)
        folder = self.config.server_folder
        files[f"{folder}/nginx.conf"] = rules.nginx_map(t)
        files[f"{folder}/apache.conf"] = rules.apache_config(t, f"{self.config.server_root}/{folder}")
        for name, text in rules.apache_maps(t).items():
            files[f"{folder}/{name}"] = text
        if self.config.htaccess and stories:
            files[".htaccess"] = rules.htaccess(t)
        if self.config.netlify and stories:
            files["_redirects"] = rules.netlify_redirects(t)
        for name, text in files.items():
            session.files.write_file(out / name, text.encode("utf-8"))
        logger.info("Địa chỉ cũ NukeViet: %d bài, %d chuyên mục", len(t.stories), len(t.categories))


    def _alias(self, at: str, url: str, title: str) -> tuple[str, str]:
        """The file of the alias page at the address ``at`` sending readers to ``url``, and its text."""
        name = at + ("index.html" if at.endswith("/") or not at else "")
        relative = posixpath.relpath("/" + url, "/" + at.rstrip("/")) + "/" * url.endswith("/")
        return name, rules.alias_page(title, relative, absolute(self.settings, url))

    def _save_record(self, _output: Path) -> None:
        path = self.config.address_record
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"addresses": self.new_record}, ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")


def add_generator(pelican) -> type[RedirectsGenerator]:
    return RedirectsGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
