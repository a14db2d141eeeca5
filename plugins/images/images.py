"""Adapter: every photo of a published article becomes responsive, private, cached
derived images (see ``pipeline``); pages reference them with ``<picture>``.

Handlers:
* ``add_generator`` (get_generators): :class:`ImagesGenerator`. In ``generate_context``
  (after the articles and pages are read, before anything is written) it finds each
  published article's and page's lead and body photos, derives what the cache does not
  already hold (in parallel over all cores), reports unusable photos as content errors
  with the others, rewrites the ``<img>`` of body figures into ``<picture>`` and points
  a link to a photo it derived at the largest derived JPEG. ``generate_output`` copies
  the derived files into the site. Which originals are published (none unless
  ``IMAGES_PUBLISH_ORIGINALS``) is the ``attachments`` plugin's decision.
* ``add_template_helpers`` (generator_init): ``picture_of(path, ...)`` for templates.

Cache: ``CACHE_PATH/images/``: derived files by path, and ``photos.sqlite`` (a
``sitecore.store``, kind ``photo``) keyed by the source's content hash and the settings'
hash, with each derived file's size and sha256. A rebuild with no changed photo reads
and hashes the sources but decodes none (the log line "Images: N processed, M from the
cache" counts both). A cached file is taken only whole: its size is
checked always, and its digest when it is to be copied into the site (a published copy
of that name and size is kept unread); a damaged or missing one makes its photo derived
again, never published. The cache's files are written whole or not at all (a temporary
file renamed), so a build stopped halfway leaves no truncated file behind.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from pelican_adapter import internals
from sitecore.errors import ConfigError, ContentError, SiteError, load_settings, settings_check
from sitecore.files import write_atomically
from sitecore.memory import return_free_heap
from sitecore.parallel import map_split, processes_setting
from sitecore.report import report_of, session_of
from sitecore.store import Cached, store_at
from sitecore.urls import site_prefix

from .markup import picture
from .pipeline import Derived, ImageFailure, ImageSpec, Variant, derive, file_digest, source_hash
from .watermark import Watermark

logger = logging.getLogger(__name__)
MANIFEST_VERSION = 1
# Any other attribute after src (the title of a photo inside a paragraph) is dropped: a
# photo left with {static} would have no published file behind it.
_STATIC_IMG = re.compile(r'<img alt="([^"]*)" src="\{static\}/([^"]+)"[^>]*>')
_STATIC_HREF = re.compile(r'(<a\b[^>]*?\shref=")\{static\}/([^"]+)"')
# Photos fill the text column: the whole screen on phones, 46rem beside the sidebar.
COLUMN_SIZES = "(min-width: 56rem) 46rem, 100vw"
# Photos derived per round of processes; the manifest is written after each round, so
# a first build of a large archive stopped halfway keeps the rounds it finished.
PHOTO_BATCH = 64


@dataclass(frozen=True, slots=True)
class ImagesSettings:
    """``IMAGES_WIDTHS``, ``IMAGES_THUMB_WIDTHS``, ``IMAGES_JPEG_QUALITY``,
    ``IMAGES_WEBP_QUALITY``, ``IMAGES_WEBP_METHOD`` (libwebp's effort, 0–6): what is
    derived. ``IMAGES_MAX_PIXELS``: larger sources are refused (decompression bombs).
    ``IMAGES_WORKERS``: processes (0 = one per core).
    ``IMAGES_WATERMARK`` (False): the logo ``IMAGES_WATERMARK_LOGO`` (a PNG, absolute
    path) on every derived copy at least ``IMAGES_WATERMARK_MIN_WIDTH`` (320) pixels
    wide, in the corner ``IMAGES_WATERMARK_CORNER`` ("bottom-right"), as wide as
    ``IMAGES_WATERMARK_WIDTH`` (0.15) of the copy, at ``IMAGES_WATERMARK_OPACITY`` (0.6),
    ``IMAGES_WATERMARK_MARGIN`` (0.03 of the width) from the edges (``watermark``)."""

    spec: ImageSpec
    max_pixels: int
    workers: int
    content_root: Path
    cache: Path

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "ImagesSettings":
        spec = ImageSpec(
            widths=tuple(s.get("IMAGES_WIDTHS", (320, 640, 1024, 1600))),
            thumb_widths=tuple(s.get("IMAGES_THUMB_WIDTHS", (160, 320))),
            jpeg_quality=int(s.get("IMAGES_JPEG_QUALITY", 80)),
            webp_quality=int(s.get("IMAGES_WEBP_QUALITY", 75)),
            watermark=_watermark(s),
            webp_method=int(s.get("IMAGES_WEBP_METHOD", ImageSpec().webp_method)),
        )
        return cls(spec, int(s.get("IMAGES_MAX_PIXELS", 50_000_000)), processes_setting(s, "IMAGES_WORKERS"),
                   Path(s.get("PATH", "content")).resolve(), Path(s.get("CACHE_PATH", "cache")) / "images")


def _watermark(s: Mapping[str, Any]) -> Watermark | None:
    """The watermark settings, checked (every problem in one ``ConfigError``); None when off."""
    if not s.get("IMAGES_WATERMARK", False):
        return None
    logo = s.get("IMAGES_WATERMARK_LOGO")
    if not isinstance(logo, str) or not os.path.isabs(logo) or not os.path.isfile(logo):
        raise ConfigError(f"IMAGES_WATERMARK_LOGO: {logo!r} không phải đường dẫn tuyệt đối tới tệp logo; ví dụ "
                          'IMAGES_WATERMARK_LOGO = str(ROOT / "theme" / "static" / "images" / "icon-512.png").')
    problems: list[str] = []

    def number(key: str, default: float, kind: type = float) -> Any:
        value = s.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            problems.append(f"{key}: {value!r} phải là một số, ví dụ {key} = {default}.")
            return default
        return value

    mark = Watermark(Path(logo).read_bytes(), str(s.get("IMAGES_WATERMARK_CORNER", "bottom-right")),
                     float(number("IMAGES_WATERMARK_WIDTH", 0.15)), float(number("IMAGES_WATERMARK_OPACITY", 0.6)),
                     float(number("IMAGES_WATERMARK_MARGIN", 0.03)), int(number("IMAGES_WATERMARK_MIN_WIDTH", 320, int)))
    problems += mark.problems()
    if problems:
        raise ConfigError(" ".join(problems))
    return mark


class CacheChanged(SiteError):
    """A cached derived file changed between its check and its copy into the site (the
    build lock keeps other builds out; something else wrote there): nothing is published."""


def _write_whole(target: Path, data: bytes) -> None:
    """``data`` at ``target`` (its folder made), never half-written (``write_atomically``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)


def _derive_job(args: tuple[str, str, ImageSpec, int, str]) -> tuple[str, Derived | None, str]:
    """Derive the photo at ``source`` and write its files into the cache folder ``files``
    (whole or not at all): (the source's content hash, the description, a problem).

    The source is read here, in the process that derives it, and the derived bytes stay
    here: only the description goes back. Photos held by the parent until every one was
    derived (13 files each, the originals several MB) were a full build's memory growing
    with the archive; now a worker holds one photo at a time."""
    source, stem, spec, max_pixels, files = args
    data = Path(source).read_bytes()
    try:
        derived, made = derive(data, stem, spec, max_pixels)
    except ImageFailure as exc:
        return source_hash(data), None, str(exc)
    for path, content in made.items():
        _write_whole(Path(files) / path, content)
    return source_hash(data), derived, ""


class ImagesGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = load_settings(ImagesSettings.from_pelican, self.settings)
        self.derived: dict[str, Derived] = {}  # source path (from the content root) -> derived
        self.spec_key = self.config.spec.digest()
        # Whether the published site holds a derived file (by path), found once per build
        # by ``_damage`` and used again by ``generate_output``: nothing is published in
        # between. Emptied when a build starts (a resident process keeps this generator).
        self.published_same: dict[str, bool] = {}

    # -- which photos ---------------------------------------------------------------

    def _uses(self, articles: list[Any]) -> dict[str, list[tuple[Any, str, int | None]]]:
        uses: dict[str, list[tuple[Any, str, int | None]]] = {}
        for article in articles:
            lines = article.metadata.get("field_lines", {})
            if getattr(article, "image", None):
                uses.setdefault(article.image, []).append((article, "image", lines.get("image")))
            for body in article.metadata.get("body_images", []):
                uses.setdefault(body.path, []).append((article, "image", body.line))
        # Photos other plugins show (authors' portraits, sources' logos: bylines), each
        # (owner with a source_path, field, line, path from the content folder); the
        # plugin checked the file is there.
        for owner, field, line, rel in self.context.get("images_requested", ()):
            uses.setdefault(rel, []).append((owner, field, line))
        return uses

    def _key(self, digest: str, rel: str) -> str:
        # the file name is part of the derived names: two files with the same bytes
        # each keep their own (deterministic, whichever is processed first)
        return f"{digest}-{self.spec_key}-{Path(rel).stem}"

    def _source(self, rel: str) -> str:
        """The photo ``rel`` (from the content folder) by the path the build hashed it
        under (``session.input_files``), on Windows too."""
        return os.path.join(self.config.content_root, *rel.split("/"))

    def _cached(self, manifest: Cached, rel: str) -> Derived | None:
        """The derived files of the photo ``rel`` when the cache holds them all, whole.

        Keyed by the photo's hash as the build found it (``safe_build`` hashes every
        input file, reading again only those whose size or modification time changed):
        an archive's photos are tens of gigabytes, not to be read on every build. A
        linked file is hashed there as the path it holds, so it is read here. A photo to
        derive is read again by the process that derives it (``_derive_job``)."""
        path = self._source(rel)
        digest = session_of(self.settings).input_files.get(path)
        if digest is None or os.path.islink(path):
            with open(path, "rb") as handle:
                digest = source_hash(handle.read())
        key = self._key(digest, rel)
        entry = manifest.get(key)
        if not entry:
            return None
        try:
            derived = Derived.from_json(entry)
        except (KeyError, TypeError, ValueError):  # an entry this version did not write
            logger.info("Images: the cache's entry for %s is unreadable; deriving it again", rel)
            return None
        problem = next(filter(None, (self._damage(v) for v in derived.variants)), None)
        if problem is not None:
            logger.info("Images: cached %s of %s is %s; deriving it again", problem[0], rel, problem[1])
            return None
        return derived

    def _published_same(self, v: Variant) -> bool:
        """Whether the last published site holds ``v`` already: a file of its name and size. The name carries the hashes of the
        photo and of the settings, and the file was checked when it was copied there, so
        it is kept without reading it."""
        known = self.published_same.get(v.path)
        if known is not None:
            return known
        figures = session_of(self.settings).files.published_figures(v.path)
        same = figures is not None and figures[0] == v.size
        self.published_same[v.path] = same
        return same

    def _damage(self, v: Variant) -> tuple[str, str] | None:
        """What is wrong with the cache's copy of ``v`` (its path and why), or None. A
        copy the published site holds already is not needed (``_copy_derived`` keeps
        the published one); of another, its size, and its digest read as the copy will
        read it."""
        if self._published_same(v):
            return None
        cached = os.path.join(self.config.cache, "files", v.path)
        try:
            size = os.stat(cached).st_size
        except OSError:
            return v.path, "missing"
        if size != v.size or not v.digest:
            return v.path, f"{size} bytes instead of {v.size}"
        with open(cached, "rb") as handle:
            if file_digest(handle.read()) != v.digest:
                return v.path, "not what was derived (its digest differs)"
        return None

    def _published(self) -> list[Any]:
        """Published articles and pages (drafts and scheduled articles are not: their
        photos are neither derived nor published)."""
        context = self.context
        return [*context.get("articles", []), *context.get("hidden_articles", []),
                *context.get("pages", []), *context.get("hidden_pages", [])]

    def generate_context(self) -> None:
        with session_of(self.settings).phases.during("photos"):
            self._derive_all()

    def _derive_all(self) -> None:
        self.published_same.clear()
        articles = self._published()
        # Other plugins' photos (a thread's image), by plugin: objects with ``image``,
        # ``source_path`` and ``metadata["field_lines"]``, derived like a lead photo.
        owners = [o for group in self.context.get("photo_owners", {}).values() for o in group]
        uses = self._uses([*articles, *owners])
        # A photo reaches pages only through those that use it (links to photos are
        # refused: ``attachments``).
        graph = session_of(self.settings).graph
        for rel, users in uses.items():
            graph.shown_as_part_of(self._source(rel), [u for u, _, _ in users])
        manifest = Cached(store_at(self.config.cache / "photos.sqlite"), "photo", MANIFEST_VERSION)
        jobs, reused = [], 0
        for rel in sorted(uses):
            derived = self._cached(manifest, rel)
            if derived is not None:
                self.derived[rel] = derived
                reused += 1
            else:
                jobs.append(rel)
        processed = 0
        for start in range(0, len(jobs), PHOTO_BATCH):
            processed += self._derive_batch(jobs[start:start + PHOTO_BATCH], uses, manifest)
            return_free_heap()  # this process derived some of the round: their decoded pixels
        logger.info("Images: %d processed, %d from the cache", processed, reused)
        for article in articles:
            self._rewrite(article)
        session_of(self.settings).add_refresher("body photos", self._rewrite)
        self.context["image_derived"] = self.derived

    def _derive_batch(self, jobs: list[str], uses: dict[str, list[tuple[Any, str, int | None]]],
                      manifest: Cached) -> int:
        """Derive the photos ``jobs`` (paths from the content folder) on every core into
        the cache folder, keep their descriptions in the manifest; how many were derived
        (the others are content errors)."""
        files = os.fspath(self.config.cache / "files")
        args = [(os.fspath(self.config.content_root / rel), Path(rel).stem, self.config.spec,
                 self.config.max_pixels, files) for rel in jobs]
        results = map_split(_derive_job, args, self.config.workers, doing="photo", setting="IMAGES_WORKERS")
        report = report_of(self.settings)
        processed = 0
        for rel, (digest, derived, problem) in zip(jobs, results):
            if derived is None:
                for article, field, line in uses[rel]:
                    report.add(ContentError(article.source_path, field, f'ảnh "{rel}": {problem}', line))
                continue
            # Keyed by the bytes the worker derived (the same as hashed above unless
            # the file changed in between: then the entry names what was derived).
            manifest.put(self._key(digest, rel), derived.to_json())
            self.derived[rel] = derived
            processed += 1
        manifest.flush()  # a first build stopped halfway keeps the rounds it finished
        return processed

    # -- pages ----------------------------------------------------------------------

    def _rewrite(self, article: Any) -> None:
        lead = self.derived.get(getattr(article, "image", None) or "")
        if lead is not None:
            article.og_image = lead.of("share")[0].path
            largest = lead.largest_fallback()
            article.lead_image_file = largest
        content = internals.raw_content(article)
        if not content or "{static}/" not in content:
            return
        prefix = site_prefix(self.settings, article.url)

        def replace(match: re.Match[str]) -> str:
            alt, rel = match.group(1), match.group(2)
            derived = self.derived.get(rel)
            if derived is None:
                return match.group(0)
            return picture(derived, prefix, html.unescape(alt), COLUMN_SIZES)

        def replace_link(match: re.Match[str]) -> str:
            # "Ảnh gốc" links get the largest derived JPEG: the original keeps its GPS
            # position and camera data and is never published.
            derived = self.derived.get(html.unescape(match.group(2)))
            if derived is None:
                return match.group(0)
            largest = derived.largest_fallback()
            return f'{match.group(1)}{prefix}{largest.path}"'

        internals.set_raw_content(article, _STATIC_HREF.sub(replace_link, _STATIC_IMG.sub(replace, content)))

    def generate_output(self, writer) -> None:
        with session_of(self.settings).phases.during("photos"):
            self._copy_derived()

    def _copy_derived(self) -> None:
        out = os.fspath(self.output_path)
        session = session_of(self.settings)
        files = os.fspath(self.config.cache / "files")
        done: set[str] = set()  # two photos with the same bytes and name share their copies
        # Strings, not pathlib, and one stat per file: 18,000 copies at 10,000 articles.
        for derived in self.derived.values():
            for v in derived.variants:
                if v.path in done:
                    continue
                done.add(v.path)
                target = os.path.join(out, v.path)
                if self._published_same(v):
                    session.files.keep(target)
                    continue
                # Checked in generate_context (``_damage``); its size again as it is
                # read, in case the cache changed since.
                with open(os.path.join(files, v.path), "rb") as handle:
                    data = handle.read()
                if len(data) != v.size:
                    raise CacheChanged(f"{os.path.join(files, v.path)}: tệp ảnh trong bộ nhớ đệm đã đổi "
                                       f"trong lúc dựng trang; hãy dựng lại.")
                session.files.write_file(Path(target), data)


class PictureHelper:
    """``picture_of(path, prefix, alt, kind, lazy)`` for the theme's macros."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context

    def __call__(self, path: str | None, prefix: str, alt: str = "", kind: str = "full", lazy: bool = True,
                 sizes: str = COLUMN_SIZES, css_class: str = "") -> Markup | None:
        derived = self.context.get("image_derived", {}).get(path or "")
        if derived is None:
            return None
        return Markup(picture(derived, prefix, alt, sizes, kind=kind, lazy=lazy, css_class=css_class))


def add_template_helpers(generator) -> None:
    generator.env.globals["picture_of"] = PictureHelper(generator.context)


def add_generator(pelican) -> type[ImagesGenerator]:
    return ImagesGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(add_generator)


check_settings = settings_check(ImagesSettings.from_pelican)
