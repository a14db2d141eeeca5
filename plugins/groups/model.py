"""Curated groups of articles ("Nhóm tin"): the registry file and what it names (pure:
never imports Pelican).

An editor lists articles in named groups, in the order shown, in one YAML file of the
content folder (``nhom-tin.yml``)::

    groups:
      - slug: tin-noi-bat
        title: Tin nổi bật
        show: trang-chu              # the home page's headline slider
        articles:
          - tin/2026/10/20/thai-nguyen-hoi-thi-can-bo-hoi-gioi/
          - hoi-nghi-ban-chap-hanh-trung-uong
      - slug: tin-chinh-hoat-dong-hoi
        title: Tin chính "Hoạt động Hội"
        show: chuyen-muc             # a category's lead story (the group's first article)
        category: Hoạt động Hội
        articles: [mot-nam-hoat-dong-sau-hop-nhat]

One file rather than a position field in each article: the order of a group is the
order of its lines, seen and changed in one place (a field would scatter one list over
several files, and two articles could claim one place); it is one entry in the web
editor, and one input whose change re-renders only the pages that show groups.

An article is named by its address (``tin/2026/10/20/slug/``, with or without the
site's host), its file (``articles/2026/….md``) or its slug when no other article has
it. Every problem is collected with its line (``Problem``), each saying the fix; a name
that matches no article comes with the closest slug.

Articles are any objects: what the rules need of them comes in as :class:`Known`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import yaml

from content_model.slugs import slugify

A = TypeVar("A")

HOME = "trang-chu"
CATEGORY = "chuyen-muc"
PLACES = (HOME, CATEGORY)
GROUP_KEYS = ("slug", "title", "show", "category", "articles")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A file of groups is short: a bound keeps a pasted file or a reference bomb harmless.
MAX_GROUPS = 200
MAX_ENTRIES = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of the file: its line (1-based; None for the whole file), the field
    it is in and the message (with the fix)."""

    line: int | None
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A group as the file writes it."""

    slug: str
    title: str
    show: str
    category: str | None
    entries: tuple[Entry, ...]
    line: int
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Known(Generic[A]):
    """What the rules need of one article: the article itself (``ref``), its slug,
    address, file relative to the content folder, category slug and name, and its state:
    ``published``, ``scheduled`` (published at its date, not yet) or ``draft``."""

    ref: A
    slug: str
    url: str
    source: str
    category_slug: str
    category_name: str
    state: str


@dataclass(frozen=True, slots=True)
class Group(Generic[A]):
    """A group with its published articles, in the file's order."""

    slug: str
    title: str
    show: str
    category: str | None  # the category's slug, for a category's lead
    articles: tuple[A, ...]


# -- reading the file -------------------------------------------------------------------

def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return None
    return " ".join(unicodedata.normalize("NFC", node.value).split())


def _count_nodes(root: yaml.Node, limit: int) -> int:
    """How many nodes ``root`` holds, stopping past ``limit`` (references count each
    time they are used)."""
    count, pending = 0, [root]
    while pending and count <= limit:
        node = pending.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending.extend((key, value))
    return count


def parse(text: str) -> tuple[list[GroupSpec], list[Problem]]:
    """The groups of a file's text, and every problem found in it."""
    problems: list[Problem] = []
    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        return [], [Problem(mark.line + 1 if mark else None, "groups",
                            f"lỗi cú pháp YAML ({reason}). Kiểm tra dấu hai chấm, dấu gạch đầu dòng và "
                            "thụt lề bằng dấu cách (không dùng Tab).")]
    if root is None:
        return [], []
    if _count_nodes(root, MAX_GROUPS * (MAX_ENTRIES + 12)) > MAX_GROUPS * (MAX_ENTRIES + 12):
        return [], [Problem(_line(root), "groups", f"tệp quá lớn: tối đa {MAX_GROUPS} nhóm, mỗi nhóm "
                                                   f"{MAX_ENTRIES} bài. Bỏ các dấu & và * nếu có.")]
    top = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else None
    if top is None or "groups" not in top:
        return [], [Problem(_line(root), "groups", "tệp phải bắt đầu bằng dòng groups: rồi đến danh sách nhóm, "
                                                   "mỗi nhóm bắt đầu bằng - slug: ...")]
    for key_node, _ in root.value:
        if key_node.value != "groups":
            problems.append(Problem(_line(key_node), str(key_node.value),
                                    f'mục "{key_node.value}" không có; tệp chỉ có một mục: groups.'))
    node = top["groups"]
    if isinstance(node, yaml.ScalarNode) and not node.value.strip():
        return [], problems
    if not isinstance(node, yaml.SequenceNode):
        return [], [*problems, Problem(_line(node), "groups", "groups phải là danh sách nhóm, mỗi nhóm bắt đầu "
                                                              "bằng - slug: ...")]
    specs: list[GroupSpec] = []
    for item in node.value:
        spec = _group(item, problems)
        if spec is not None:
            specs.append(spec)
    _check_unique(specs, problems)
    return specs, problems


def _group(item: yaml.Node, problems: list[Problem]) -> GroupSpec | None:
    if not isinstance(item, yaml.MappingNode):
        problems.append(Problem(_line(item), "groups", "mỗi nhóm là các dòng slug:, title:, show:, articles: "
                                                       "(bắt đầu bằng - slug: ...)."))
        return None
    fields: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    for key_node, value in item.value:
        key = str(key_node.value).strip().lower()
        if key not in GROUP_KEYS:
            close = difflib.get_close_matches(key, GROUP_KEYS, n=1, cutoff=0.6)
            hint = f' Có phải "{close[0]}"?' if close else f" Các trường: {', '.join(GROUP_KEYS)}."
            problems.append(Problem(_line(key_node), key, f'trường "{key}" không có.{hint}'))
            continue
        if key in fields:
            problems.append(Problem(_line(key_node), key, f'trường "{key}" ghi hai lần (dòng {lines[key]} và '
                                                          f"{_line(key_node)}). Xoá một dòng."))
            continue
        fields[key], lines[key] = value, _line(key_node)
    start = _line(item)
    ok = True
    values: dict[str, str] = {}
    for key in ("slug", "title", "show"):
        node = fields.get(key)
        text = _text(node) if node is not None else None
        if not text:
            example = {"slug": "slug: tin-noi-bat", "title": "title: Tin nổi bật", "show": "show: trang-chu"}[key]
            problems.append(Problem(lines.get(key, start), key, f'nhóm thiếu trường "{key}". Thêm một dòng: {example}'))
            ok = False
        else:
            values[key] = text
    slug = values.get("slug")
    if slug and not _SLUG.match(slug):
        problems.append(Problem(lines["slug"], "slug", f'slug "{slug}" chỉ dùng chữ thường không dấu, chữ số và '
                                                       "dấu gạch nối, ví dụ slug: tin-noi-bat."))
        ok = False
    show = values.get("show")
    if show and show not in PLACES:
        close = difflib.get_close_matches(show.lower(), PLACES, n=1, cutoff=0.4)
        hint = close[0] if close else HOME
        problems.append(Problem(lines["show"], "show", f'nơi hiện "{show}" không có: viết show: {HOME} (dãy tin '
                                                       f"chạy ngang đầu trang chủ) hoặc show: {CATEGORY} (tin nổi "
                                                       f"bật đầu một chuyên mục). Có phải: {hint}?"))
        ok = False
    category = None
    if "category" in fields:
        category = _text(fields["category"])
        if not category:
            problems.append(Problem(lines["category"], "category", "category phải là tên một chuyên mục, "
                                                                   "ví dụ category: Hoạt động Hội."))
            ok = False
    if show == CATEGORY and "category" not in fields:
        problems.append(Problem(lines.get("show", start), "category", "nhóm hiện ở chuyên mục cần biết chuyên mục "
                                                                     "nào: thêm một dòng category: Hoạt động Hội."))
        ok = False
    if show == HOME and category:
        problems.append(Problem(lines["category"], "category", f"nhóm hiện ở trang chủ không dùng category: bỏ "
                                                               f"dòng này, hoặc viết show: {CATEGORY}."))
        ok = False
    entries: list[Entry] = []
    node = fields.get("articles")
    if node is None:
        problems.append(Problem(start, "articles", "nhóm thiếu danh sách bài: thêm articles: rồi mỗi bài một dòng "
                                                   "- địa chỉ bài (ví dụ - tin/2026/10/20/ten-bai/)."))
        ok = False
    elif isinstance(node, yaml.SequenceNode):
        for entry in node.value:
            text = _text(entry)
            if not text:
                problems.append(Problem(_line(entry), "articles", "mỗi bài là một dòng chữ: địa chỉ bài, tệp bài "
                                                                  "hoặc slug, ví dụ - tin/2026/10/20/ten-bai/."))
                ok = False
            else:
                entries.append(Entry(text, _line(entry)))
    elif not (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
        problems.append(Problem(_line(node), "articles", "articles phải là danh sách, mỗi bài một dòng bắt đầu "
                                                         "bằng - (ví dụ - tin/2026/10/20/ten-bai/)."))
        ok = False
    if not ok:
        return None
    return GroupSpec(values["slug"], values["title"], values["show"], category, tuple(entries), start, lines)


def _check_unique(specs: Sequence[GroupSpec], problems: list[Problem]) -> None:
    slugs: dict[str, int] = {}
    for spec in specs:
        if spec.slug in slugs:
            problems.append(Problem(spec.lines["slug"], "slug", f'slug "{spec.slug}" trùng với nhóm ở dòng '
                                                                f"{slugs[spec.slug]}: đặt tên khác."))
        slugs.setdefault(spec.slug, spec.lines["slug"])


# -- naming articles --------------------------------------------------------------------

def address_of(text: str) -> str:
    """``text`` as a site address without host, leading slash or ``index.html``
    (``https://khuyenhoc.vn/tin/2026/10/20/x/index.html`` -> ``tin/2026/10/20/x/``)."""
    parts = urlsplit(text.strip())
    path = parts.path if parts.scheme or parts.netloc else text.strip().split("?", 1)[0].split("#", 1)[0]
    path = path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path


def source_of(text: str) -> str:
    """A content file as named in the file (``content/articles/x.md`` or
    ``articles/x.md``), relative to the content folder."""
    path = text.strip().replace("\\", "/").lstrip("/")
    return path[len("content/"):] if path.startswith("content/") else path


@dataclass
class Index(Generic[A]):
    """Every article by address, file and slug."""

    by_url: dict[str, Known[A]] = field(default_factory=dict)
    by_source: dict[str, Known[A]] = field(default_factory=dict)
    by_slug: dict[str, list[Known[A]]] = field(default_factory=dict)

    @classmethod
    def of(cls, known: Iterable[Known[A]]) -> "Index[A]":
        index: Index[A] = cls()
        for item in known:
            index.by_url[item.url.lstrip("/")] = item
            index.by_source[item.source] = item
            index.by_slug.setdefault(item.slug, []).append(item)
        return index

    def find(self, text: str) -> tuple[Known[A] | None, list[Known[A]]]:
        """The article ``text`` names, or None with the articles sharing its slug."""
        address = address_of(text)
        for candidate in (address, address + "/" if address and not address.endswith("/") else None):
            if candidate and candidate in self.by_url:
                return self.by_url[candidate], []
        source = source_of(text)
        if source in self.by_source:
            return self.by_source[source], []
        slug = address.strip("/").rsplit("/", 1)[-1] if "/" in address.strip("/") else address.strip("/")
        found = self.by_slug.get(slug, []) if "/" not in address.strip("/") else []
        if len(found) == 1:
            return found[0], []
        return None, found

    def closest(self, text: str) -> Known[A] | None:
        """The published article whose slug is the closest to what ``text`` ends with."""
        wanted = address_of(text).strip("/").rsplit("/", 1)[-1]
        wanted = wanted[:-3] if wanted.endswith(".md") else wanted
        wanted = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", wanted)
        published = {s: items for s, items in self.by_slug.items()
                     if any(i.state == "published" for i in items)}
        close = difflib.get_close_matches(wanted, list(published), n=1, cutoff=0.5)
        if not close:
            return None
        return next(i for i in published[close[0]] if i.state == "published")


def resolve(specs: Sequence[GroupSpec], known: Iterable[Known[A]],
            categories: Mapping[str, str]) -> tuple[list[Group[A]], list[Problem]]:
    """The groups with the articles they name (published ones; a scheduled article is
    left out until its date), and every problem: an unknown or draft article, one named
    twice, a category's lead from another category, an unknown category, two groups for
    one place. ``categories``: slug -> name of the categories in use."""
    index = Index.of(known)
    problems: list[Problem] = []
    groups: list[Group[A]] = []
    places: dict[tuple[str, str | None], tuple[str, int]] = {}
    by_name = {_fold(name): slug for slug, name in categories.items()}
    for spec in specs:
        category = None
        if spec.show == CATEGORY and spec.category is not None:
            # By name, or by its address's slug (a name typed without tone marks).
            category = by_name.get(_fold(spec.category)) or (slugify(spec.category) if slugify(spec.category)
                                                             in categories else None)
            if category is None:
                names = sorted(categories.values(), key=str.casefold)
                close = difflib.get_close_matches(spec.category, names, n=1, cutoff=0.5)
                hint = f' Có phải "{close[0]}"?' if close else ""
                problems.append(Problem(spec.lines.get("category", spec.line), "category",
                                        f'không có chuyên mục "{spec.category}".{hint} Các chuyên mục có tin: '
                                        + ", ".join(names) + "."))
                continue
        place = (spec.show, category)
        if place in places:
            other, line = places[place]
            where = "trang chủ" if spec.show == HOME else f'chuyên mục "{categories[category]}"'
            problems.append(Problem(spec.line, "show", f'{where} đã có nhóm "{other}" (dòng {line}); mỗi nơi một '
                                                       f"nhóm: gộp hai danh sách hoặc bỏ một nhóm."))
            continue
        places[place] = (spec.slug, spec.line)
        chosen: list[A] = []
        seen: dict[int, int] = {}
        for entry in spec.entries:
            item, same_slug = index.find(entry.text)
            if item is None:
                problems.append(Problem(entry.line, "articles", _unknown(entry.text, same_slug, index)))
                continue
            if item.state == "draft":
                problems.append(Problem(entry.line, "articles",
                                        f'bài "{entry.text}" ({item.source}) còn là bản nháp (status: draft): nhóm '
                                        "chỉ hiện bài đã đăng. Đăng bài (status: published) hoặc bỏ dòng này."))
                continue
            if id(item) in seen:
                problems.append(Problem(entry.line, "articles", f'bài "{entry.text}" đã có ở dòng {seen[id(item)]} '
                                                                "của nhóm này: bỏ một dòng."))
                continue
            seen[id(item)] = entry.line
            if category is not None and item.category_slug != category:
                problems.append(Problem(entry.line, "articles",
                                        f'bài "{entry.text}" thuộc chuyên mục "{item.category_name}", không phải '
                                        f'"{categories[category]}": tin nổi bật của một chuyên mục phải là bài của '
                                        "chuyên mục đó. Chọn bài khác hoặc đổi category."))
                continue
            if item.state == "scheduled":
                continue  # shown from its date on (the build then runs again)
            chosen.append(item.ref)
        groups.append(Group(spec.slug, spec.title, spec.show, category, tuple(chosen)))
    return groups, problems


def _unknown(text: str, same_slug: Sequence[Known[Any]], index: Index[Any]) -> str:
    if same_slug:
        addresses = ", ".join(sorted(i.url for i in same_slug))
        return (f'có {len(same_slug)} bài cùng slug "{text}": ghi địa chỉ đầy đủ của bài muốn chọn, '
                f"một trong: {addresses}.")
    close = index.closest(text)
    hint = f' Có phải "{close.slug}"? Sửa thành: - {close.url}' if close else \
        " Ghi địa chỉ bài (ví dụ - tin/2026/10/20/ten-bai/), tệp bài hoặc slug của bài."
    return f'không có bài "{text}".{hint}'


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def digest_text(group: Group[Any] | None, path_of: Any) -> str:
    """What a page that shows ``group`` shows of it beyond its articles' own facts: its
    title and which articles, in order (``path_of``: an article's source path)."""
    if group is None:
        return ""
    return "\0".join([group.slug, group.title, *(path_of(a) for a in group.articles)])
