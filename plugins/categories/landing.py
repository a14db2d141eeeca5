"""Per-category settings and an article's further categories (pure; never imports
Pelican).

The category registry (``content/data/chuyen-muc.yml``) gives a category, keyed by its
name as articles write it in ``category:``, a ``description`` (shown on the first page
of its listing) and a ``layout``: ``list`` (the default: titles with small pictures) or
``grid`` (cards with larger pictures). A category named only there, used by no
article's ``category:``, can still be named in ``also_in:``.

``also_in:`` puts an article in the listings and feeds of further categories; its
``category:`` stays the one that decides its address and breadcrumb. A name there must
be a category the site has (one an article's ``category:`` uses, or one the registry
names): a new category starts with an article whose ``category:`` it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from content_model.slugs import slugify
from sitecore.errors import ContentError
from sitecore.registry_file import naming_problem, nearest, read_registry

CATEGORY_FIELDS = ("description", "layout")
LAYOUTS = ("list", "grid")
DEFAULT_LAYOUT = "list"


@dataclass(frozen=True, slots=True)
class CategoryLanding:
    """How one category's listing opens: its description and layout."""

    key: str
    description: str = ""
    layout: str = DEFAULT_LAYOUT


def load_landings(path: Path) -> tuple[dict[str, CategoryLanding], list[ContentError]]:
    """The category registry by the slug of each key (as the category pages are named),
    and every problem of the file."""
    entries, problems = read_registry(path, CATEGORY_FIELDS, "chuyên mục")
    landings: dict[str, CategoryLanding] = {}
    for entry in entries:
        slug = slugify(entry.key)
        layout = entry.fields.get("layout", DEFAULT_LAYOUT).lower()
        if layout not in LAYOUTS:
            hint = nearest(layout, LAYOUTS)
            fix = f'có phải "{hint}"?' if hint else "viết list (danh sách) hoặc grid (lưới thẻ có ảnh)."
            problems.append(ContentError(path, f"{entry.key}.layout", f'cách trình bày "{entry.fields["layout"]}" '
                                                                      f"không có; {fix}", entry.line_of("layout")))
            layout = DEFAULT_LAYOUT
        problem = naming_problem(path, entry, slug, landings[slug].key if slug in landings else None, "chuyên mục")
        if problem is not None:
            problems.append(problem)
            continue
        landings[slug] = CategoryLanding(entry.key, entry.fields.get("description", ""), layout)
    return landings, problems


def closest_name(name: str, names: Iterable[str]) -> str | None:
    """The category ``name`` was probably meant to be (compared without tone marks and
    case, as addresses are): a slip or two away; None when none is that close."""
    by_slug = {slugify(n): n for n in names}
    hint = nearest(slugify(name), tuple(sorted(by_slug)))
    return by_slug[hint] if hint is not None else None


def further_categories(names: Iterable[str], known: Mapping[str, str], primary: str) -> tuple[list[str], list[str]]:
    """The slugs of the categories ``also_in:`` names (``known``: slug -> name of every
    category of the site; ``primary``: the slug of the article's ``category:``, left out
    when named again), and a message for each name that is no category."""
    slugs: list[str] = []
    problems: list[str] = []
    for name in names:
        slug = slugify(name)
        if slug not in known:
            hint = closest_name(name, known.values())
            choices = ", ".join(sorted(known.values(), key=str.casefold))
            fix = (f'có phải "{hint}"? Sửa thành: {hint}' if hint else
                   f"các chuyên mục đang có: {choices}. Chuyên mục mới bắt đầu bằng một bài có "
                   f"category: {name}, hoặc thêm nó vào content/data/chuyen-muc.yml")
            problems.append(f'chuyên mục "{name}" không có trên trang; {fix}.')
        elif slug != primary and slug not in slugs:
            slugs.append(slug)
    return slugs, problems
