"""The registries of authors and news sources, and what an article's byline shows
(pure; never imports Pelican).

Authors (``content/data/tac-gia.yml``): each entry's key is the name as articles write
it in ``author:``; ``name`` (the full name) is required, ``pen_name``, ``photo`` (a
photo under the content folder, published through the images plugin's derived sizes)
and ``bio`` are optional. An author without an entry is allowed (the association has
many occasional contributors): their page simply has no profile.

Sources (``content/data/nguon-tin.yml``): each entry's key is what articles write in
``source:`` (the ``title`` matches too); ``title`` and ``link`` (the source's site) are
required, ``logo`` (a small picture under the content folder) is optional. A ``source:``
that names no entry stays the free text it always was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from content_model.frontmatter import resolve_content_path
from content_model.slugs import slugify
from sitecore.errors import ContentError
from sitecore.registry_file import RegistryEntry, naming_problem, read_registry
from sitecore.urls import web_address_problem

AUTHOR_FIELDS = ("name", "pen_name", "photo", "bio")
SOURCE_FIELDS = ("title", "link", "logo")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


@dataclass(frozen=True, slots=True)
class AuthorProfile:
    """A registered author. ``photo``: the photo's path from the content folder."""

    key: str
    name: str
    pen_name: str = ""
    photo: str = ""
    bio: str = ""
    photo_line: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    """A registered news source. ``logo``: its picture's path from the content folder."""

    key: str
    title: str
    link: str
    logo: str = ""
    logo_line: int = 0


def _photo(path: Path, entry: RegistryEntry, name: str, content_root: Path,
           problems: list[ContentError]) -> str:
    """The photo ``entry`` names in field ``name``, as a path from the content folder;
    "" (and a problem) when there is none such."""
    ref = entry.fields.get(name)
    if not ref:
        return ""
    field, line = f"{entry.key}.{name}", entry.line_of(name)
    example = f"{name}: images/tac-gia/ten-anh.jpg"
    target = resolve_content_path(content_root, content_root, ref.replace("\\", "/"))
    if target is None:
        problems.append(ContentError(path, field, f'ảnh "{ref}" nằm ngoài thư mục content. Đặt ảnh vào '
                                                  f"content/images/ rồi ghi, ví dụ {example}", line))
        return ""
    if target.suffix.lower() not in PHOTO_SUFFIXES:
        problems.append(ContentError(path, field, f'"{ref}" không phải ảnh JPEG, PNG hay WebP. '
                                                  f"Ghi đường dẫn một tệp ảnh, ví dụ {example}", line))
        return ""
    if not target.is_file():
        problems.append(ContentError(path, field, f'không tìm thấy ảnh "{ref}" (tìm ở '
                                                  f"content/{target.relative_to(content_root.resolve()).as_posix()}). "
                                                  f"Kiểm tra tên tệp (chữ hoa, chữ thường) hoặc tải ảnh lên, ví dụ {example}",
                                     line))
        return ""
    return target.relative_to(content_root.resolve()).as_posix()


def load_authors(path: Path, content_root: Path) -> tuple[dict[str, AuthorProfile], list[ContentError]]:
    """The authors' registry by the slug of each key (as the author pages are named),
    and every problem of the file."""
    entries, problems = read_registry(path, AUTHOR_FIELDS, "tác giả")
    profiles: dict[str, AuthorProfile] = {}
    for entry in entries:
        slug = slugify(entry.key)
        name = entry.fields.get("name", "")
        if not name:
            problems.append(ContentError(path, f"{entry.key}.name", f'tác giả "{entry.key}" thiếu họ tên. '
                                                                    f"Thêm một dòng thụt vào: name: Nguyễn {entry.key}",
                                         entry.line))
        photo = _photo(path, entry, "photo", content_root, problems)
        problem = naming_problem(path, entry, slug, profiles[slug].key if slug in profiles else None, "trang tác giả")
        if problem is not None:
            problems.append(problem)
            continue
        if name:
            profiles[slug] = AuthorProfile(entry.key, name, entry.fields.get("pen_name", ""), photo,
                                           entry.fields.get("bio", ""), entry.line_of("photo") if photo else 0)
    return profiles, problems


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_sources(path: Path, content_root: Path) -> tuple[dict[str, Source], list[ContentError]]:
    """The sources' registry by each key and title (case and spacing ignored), and every
    problem of the file."""
    entries, problems = read_registry(path, SOURCE_FIELDS, "nguồn tin")
    sources: dict[str, Source] = {}
    for entry in entries:
        ok = True
        for name, example in (("title", f"title: {entry.key}"), ("link", "link: https://giaoducthoidai.vn")):
            if name not in entry.fields:
                problems.append(ContentError(path, f"{entry.key}.{name}", f'nguồn tin "{entry.key}" thiếu trường '
                                                                          f'"{name}". Thêm một dòng thụt vào: {example}',
                                             entry.line))
                ok = False
        link = entry.fields.get("link", "")
        problem = web_address_problem(link) if link else None
        if problem is not None:
            problems.append(ContentError(path, f"{entry.key}.link", f"trang của nguồn tin {problem}.",
                                         entry.line_of("link")))
            ok = False
        logo = _photo(path, entry, "logo", content_root, problems)
        if not ok:
            continue
        source = Source(entry.key, entry.fields["title"], link, logo, entry.line_of("logo") if logo else 0)
        for name in (entry.key, source.title):
            sources.setdefault(_folded(name), source)
    return sources, problems


def source_of(text: str | None, sources: dict[str, Source]) -> Source | None:
    """The registered source an article's ``source:`` names, or None (free text)."""
    return sources.get(_folded(text)) if text else None


def external_label(link: str, source: Source | None, source_text: str | None) -> str:
    """How a listing names the site an external-link article points to: the registered
    source's title, else the ``source:`` as written, else the address's host."""
    if source is not None:
        return source.title
    if source_text:
        return source_text
    host = urlsplit(link).hostname or link
    return host.removeprefix("www.")


def photos_of(profiles: Iterable[AuthorProfile], sources: Iterable[Source]) -> list[tuple[str, str, int]]:
    """Every picture the registries name: (path from the content folder, field, line)."""
    named = {(p.photo, f"{p.key}.photo", p.photo_line) for p in profiles if p.photo}
    named |= {(s.logo, f"{s.key}.logo", s.logo_line) for s in sources if s.logo}
    return sorted(named)
