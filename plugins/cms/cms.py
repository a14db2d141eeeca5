"""Adapter: the web editor for editors who do not use git, at ``quan-tri/``.

``CmsGenerator`` (get_generators) writes through the build session, after the articles
are read (so the categories in use are known):

* ``quan-tri/index.html``: the editor's page, with a Content-Security-Policy of its own
  (the CMS needs inline styles, ``blob:`` photos and its git host's API) and
  ``noindex``; the reader's pages keep theirs (``theme/templates/partials/csp.html``);
* ``quan-tri/config.yml``: made by :mod:`.config` from the reader's fields, the province
  registry and the categories;
* the pinned Decap CMS bundle (``CMS_BUNDLE``, from ``node_modules`` as
  ``package-lock.json`` pins it) with the chunks and WebAssembly files it loads from
  its own folder, and the two small scripts of ``assets/``.

The page is no article or page of Pelican's: it is in no listing, sitemap, feed or
search index (those list articles and pages only); ``robots.txt`` disallows it.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from provinces.provinces import registry_for
from threads.threads import ThreadsSettings
from threads.threads import registry_for as threads_registry_for
from sitecore.errors import ConfigError, load_settings, settings_check
from sitecore.report import session_of
from sitecore.urls import absolute_base

from .config import Backend, config_yaml, make_config

logger = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"
BUNDLE_NAME = "decap-cms.js"


@dataclass(frozen=True, slots=True)
class CmsSettings:
    """``CMS_URL``: the editor's folder (``quan-tri/``; empty: no editor).
    ``CMS_BUNDLE``: absolute path of ``decap-cms.js`` in ``node_modules`` (an input the
    skip check hashes: a new version rebuilds). ``CMS_BACKEND``: Decap's ``backend``
    mapping (``name`` github, gitlab, gitea, forgejo…, ``repo``, ``branch``, ``base_url``,
    ``api_root``, ``app_id``: docs/cms.md). ``CMS_LOCAL_BACKEND``: address of the
    local proxy (``invoke cms``), empty in published builds. ``CMS_EDITORIAL_WORKFLOW``:
    drafts and review on branches before ``main``."""

    url: str
    bundle: Path
    backend: Mapping[str, Any]
    local_backend: str
    editorial_workflow: bool
    extra_hosts: tuple[str, ...] = field(default=())

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "CmsSettings":
        url = str(s.get("CMS_URL", "quan-tri/"))
        if url and (url.startswith("/") or not url.endswith("/")):
            raise ConfigError(f'CMS_URL "{url}": viết một thư mục không có "/" đầu và có "/" cuối, ví dụ quan-tri/')
        backend = s.get("CMS_BACKEND") or {}
        if url and not (isinstance(backend, Mapping) and backend.get("name") and backend.get("repo")):
            raise ConfigError(f"CMS_BACKEND {backend!r}: cần ít nhất name và repo, ví dụ "
                              '{"name": "gitea", "repo": "hoi-khuyen-hoc/trang-tin", "base_url": "https://git.example.vn"} '
                              "(docs/cms.md).")
        workflow = bool(s.get("CMS_EDITORIAL_WORKFLOW", True))
        if url and workflow and backend.get("name") == "gitea":
            # Decap's gitea backend throws on editorial_workflow; its forgejo backend has
            # it and speaks the API Gitea shares with Forgejo.
            raise ConfigError('CMS_BACKEND name "gitea": backend gitea của Decap không có quy trình duyệt bài. '
                              'Dùng "name": "forgejo" (chạy được với Forgejo), hoặc đặt CMS_EDITORIAL_WORKFLOW = False.')
        bundle = Path(str(s.get("CMS_BUNDLE", "node_modules/decap-cms/dist/decap-cms.js")))
        if url and not bundle.is_file():
            raise ConfigError(f"CMS_BUNDLE: không có {bundle}. Cài các gói npm đã ghim: chạy ./dev test một lần "
                              "hoặc npm ci trong thư mục kho.")
        return cls(url=url, bundle=bundle, backend=dict(backend),
                   local_backend=str(s.get("CMS_LOCAL_BACKEND") or ""),
                   editorial_workflow=workflow,
                   extra_hosts=tuple(s.get("CMS_CONNECT_HOSTS", ())))


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# The API a backend calls when the settings name none (Decap's own defaults).
DEFAULT_APIS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com"}


def policy(config: CmsSettings) -> str:
    """The CMS page's Content-Security-Policy: scripts from the site only, plus what Decap
    needs: inline styles (its CSS-in-JS), ``blob:``/``data:`` photos being uploaded,
    ``unsafe-eval`` (its bundled YAML/ajv code compiles functions) and the API of its
    git host (and of the local proxy, for ``invoke cms``)."""
    backend = config.backend
    hosts = [_origin(str(backend.get(k, ""))) for k in ("api_root", "base_url", "auth_endpoint")]
    if not backend.get("api_root") and backend.get("name") in DEFAULT_APIS:
        hosts.append(DEFAULT_APIS[str(backend["name"])])
    hosts += [_origin(config.local_backend), *map(_origin, config.extra_hosts)]
    connect = " ".join(dict.fromkeys(h for h in hosts if h))
    return ("default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; font-src 'self' data:; "
            f"connect-src 'self' blob: {connect}".rstrip() + "; frame-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


def page(title: str, csp: str, icon: str) -> bytes:
    """The editor's HTML page (no template: nothing of the reader's theme belongs here).
    Decap loads ``config.yml`` beside the page by default (no ``rel="cms-config-url"``
    link: not a link type the HTML standard knows)."""
    e = html.escape
    text = (
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{e(csp)}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
        f"<title>{e(title)}</title>\n"
        f"<link rel=\"icon\" href=\"{e(icon)}\" type=\"image/svg+xml\">\n"
        "</head>\n<body>\n"
        "<noscript>Trình biên tập cần JavaScript: hãy bật JavaScript trong trình duyệt.</noscript>\n"
        "<script src=\"khoi-dong.js\"></script>\n"
        f"<script src=\"{BUNDLE_NAME}\"></script>\n"
        "<script src=\"dang-ky.js\"></script>\n"
        "</body>\n</html>\n"
    )
    return text.encode("utf-8")


def bundle_files(bundle: Path) -> list[Path]:
    """The bundle and what it loads from its own folder (webpack chunks, WebAssembly);
    source maps and the other build (``cms.js``) stay out."""
    folder = bundle.parent
    return [bundle, *sorted(folder.glob(f"*.{BUNDLE_NAME}")), *sorted(folder.glob("*.wasm"))]


class CmsGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = load_settings(CmsSettings.from_pelican, self.settings)

    def generate_context(self) -> None:
        pass

    def categories(self) -> list[str]:
        """Categories of the articles read, drafts and scheduled ones included (a
        category whose only article waits for its date is still in use)."""
        articles = [*self.context.get("articles", []), *self.context.get("drafts", [])]
        return [a.category.name for a in articles if getattr(a, "category", None) is not None]

    def province_folders(self, registry) -> list:
        """The units whose folder exists under the first article folder
        (``content/articles/<slug>/``), in the registry's order."""
        folder = Path(self.settings["PATH"]) / self.settings.get("ARTICLE_PATHS", ["articles"])[0]
        present = {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()
        return [p for p in registry if p.slug in present]

    def generate_output(self, writer) -> None:
        if not self.config.url:
            return
        session = session_of(self.settings)
        folder = Path(self.output_path) / self.config.url
        backend = Backend(self.config.backend, self.config.local_backend, self.config.editorial_workflow)
        threads = ThreadsSettings.from_pelican(self.settings)
        registry_file = threads.registry_path.resolve()
        repository = Path(self.settings["PATH"]).resolve().parent  # the folder that holds content/
        threads_file = (registry_file.relative_to(repository).as_posix()
                        if registry_file.is_relative_to(repository) else "")
        registry = registry_for(self.settings)
        config = make_config(registry, self.categories(), backend, absolute_base(self.settings).rstrip("/"),
                             province_folders=self.province_folders(registry),
                             threads=[(t.slug, t.title) for t in threads_registry_for(self.settings).threads.values()],
                             threads_file=threads_file)
        title = f"Quản trị nội dung — {self.settings.get('SITENAME', '')}".rstrip(" —")
        up = "../" * self.config.url.count("/")
        icon = f"{up}{self.settings.get('THEME_STATIC_DIR', 'theme')}/images/logo.svg"
        session.files.write_file(folder / "index.html", page(title, policy(self.config), icon))
        session.files.write_file(folder / "config.yml", config_yaml(config))
        for asset in sorted(ASSETS.iterdir()):
            session.files.write_file(folder / asset.name, asset.read_bytes())
        for path in bundle_files(self.config.bundle):
            session.files.write_file(folder / path.name, path.read_bytes())


def add_generator(pelican) -> type[CmsGenerator]:
    return CmsGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)


check_settings = settings_check(CmsSettings.from_pelican)
