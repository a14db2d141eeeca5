"""Old NukeViet categories to today's, and provinces read from titles (pure).

The category map is a YAML file editors may change (``data/nukeviet-categories.yml``):
one entry per old ``catid`` with the old title for reference and today's
``category`` (and, optionally, the ``province`` or ``cluster`` every story of that old
category belongs to). The importer adds entries for old categories it has not seen,
with a proposal, and never changes an entry that is already there.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from content_model.slugs import slugify
from provinces.normalize import PROVINCE_PREFIXES, keys, loose, tokens
from provinces.registry import Province, Registry

from .errors import ImportError_

DEFAULT_CATEGORY = "Hoạt động Hội"
# Today's categories (content/articles); an old title close to one of them maps to it.
KNOWN_CATEGORIES = (
    "Hoạt động Hội", "Gương sáng hiếu học", "Học bổng – Khen thưởng",
    "Trung tâm học tập cộng đồng", "Văn bản chỉ đạo", "Xây dựng xã hội học tập",
)


@dataclass(frozen=True)
class OldCategory:
    catid: int
    title: str
    parentid: int = 0


@dataclass
class CategoryEntry:
    catid: int
    old: str
    category: str
    parent: int = 0
    province: str = ""
    cluster: str = ""


@dataclass
class CategoryMap:
    default: str = DEFAULT_CATEGORY
    entries: dict[int, CategoryEntry] = field(default_factory=dict)

    def entry(self, catid: int) -> CategoryEntry | None:
        """The entry of ``catid``; a sub-category without its own takes its parent's."""
        seen = set()
        while catid not in self.entries or not self.entries[catid].category:
            parent = self.entries[catid].parent if catid in self.entries else 0
            if not parent or parent in seen:
                return self.entries.get(catid)
            seen.add(catid)
            catid = parent
        return self.entries[catid]

    def category_of(self, catid: int) -> str:
        entry = self.entry(catid)
        return entry.category if entry and entry.category else self.default


class MapError(ImportError_):
    pass


def load_map(path: Path) -> CategoryMap:
    if not path.exists():
        return CategoryMap()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MapError(f"{path}: không đọc được bảng chuyển chuyên mục ({exc}). Sửa lỗi cú pháp YAML rồi chạy lại.")
    if not isinstance(data, dict):
        raise MapError(f"{path}: bảng chuyển chuyên mục phải có dạng default: ... và categories: [...].")
    cmap = CategoryMap(default=str(data.get("default") or DEFAULT_CATEGORY))
    for item in data.get("categories") or []:
        if not isinstance(item, dict) or not str(item.get("catid", "")).strip().isdigit():
            raise MapError(f"{path}: mỗi mục trong categories cần catid là một số, ví dụ - catid: 3")
        catid = int(item["catid"])
        cmap.entries[catid] = CategoryEntry(
            catid=catid, old=str(item.get("old") or ""), category=str(item.get("category") or "").strip(),
            parent=int(item.get("parent") or 0), province=str(item.get("province") or "").strip(),
            cluster=str(item.get("cluster") or "").strip())
    return cmap


def propose(old: OldCategory, registry: Registry | None) -> CategoryEntry:
    """A first mapping for an old category: a close current category name, else the
    default; a title that is a province's name gives that province."""
    close = difflib.get_close_matches(old.title.casefold(), [c.casefold() for c in KNOWN_CATEGORIES], n=1, cutoff=0.75)
    category = next((c for c in KNOWN_CATEGORIES if close and c.casefold() == close[0]), "")
    province = ""
    if registry is not None:
        found = registry.lookup(old.title)
        if found is not None and _exact(found, old.title):
            province = found.name
    return CategoryEntry(old.catid, old.title, category or ("" if old.parentid else DEFAULT_CATEGORY),
                         old.parentid, province)


def merge(cmap: CategoryMap, old: Iterable[OldCategory], registry: Registry | None) -> list[CategoryEntry]:
    """Add an entry for each old category the map lacks; return the added ones."""
    added = []
    for cat in sorted(old, key=lambda c: c.catid):
        if cat.catid not in cmap.entries:
            cmap.entries[cat.catid] = entry = propose(cat, registry)
            added.append(entry)
    return added


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def dump_map(cmap: CategoryMap) -> str:
    lines = [
        "# Bảng chuyển chuyên mục cũ (NukeViet) sang chuyên mục mới.",
        "# Do lệnh `invoke import-nukeviet` tạo ra; biên tập viên được sửa.",
        "# - category: chuyên mục mới của mọi bài thuộc chuyên mục cũ (catid). Để trống:",
        "#   lấy theo chuyên mục cha (parent), nếu không có thì theo default.",
        "# - province / cluster: ghi khi MỌI bài của chuyên mục cũ thuộc một tỉnh / cụm.",
        "# Sửa xong, chạy lại lệnh nhập: bài chưa bị sửa tay được cập nhật; địa chỉ cũ",
        "# modules.php?name=News&op=viewcat&catid=... chuyển tới chuyên mục mới ở lần dựng sau.",
        f"default: {yaml_string(cmap.default)}",
        "categories:",
    ]
    for catid in sorted(cmap.entries):
        e = cmap.entries[catid]
        lines.append(f"  - catid: {e.catid}")
        lines.append(f"    old: {yaml_string(e.old)}")
        if e.parent:
            lines.append(f"    parent: {e.parent}")
        lines.append(f"    category: {yaml_string(e.category)}")
        if e.province:
            lines.append(f"    province: {yaml_string(e.province)}")
        if e.cluster:
            lines.append(f"    cluster: {yaml_string(e.cluster)}")
    return "\n".join(lines) + "\n"


# --- provinces from titles --------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
# Words that, written just before a province's name, say the story is that province's.
_MARKERS = ("tỉnh", "thành phố", "tp", "khuyến học", "hội", "tỉnh hội", "thành hội")


def _names(p: Province) -> list[str]:
    # Short aliases ("HN", "TTH") are too easily a word of another meaning in a title.
    return [p.name, *([p.old_name] if p.old_name else []), *(a for a in p.aliases if len(a) > 3)]


def _exact(p: Province, text: str) -> bool:
    key = keys(text)[0]
    return bool(key) and any(keys(name)[0] == key for name in _names(p))


@dataclass(frozen=True)
class ProvinceGuess:
    province: str | None  # the name to write (confident)
    candidates: tuple[str, ...] = ()  # names seen when not confident


class ProvinceFinder:
    """Finds the provinces a title names. Only phrases that begin with the first word
    of some province name (or "tỉnh", "TP"…) are looked up: a registry lookup costs
    about 0.1 ms, and 20,000 titles of 12 words would otherwise take a minute."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        starts = {words[0] for words in (tokens(name) for p in registry for name in _names(p)) if words}
        self.starts = {loose(w) for w in starts} | {prefix[0] for prefix in PROVINCE_PREFIXES}
        self.names = {p.slug: {keys(name)[0] for name in _names(p)} for p in registry}

    def __call__(self, title: str) -> "ProvinceGuess":
        """The province a title names: confident only when exactly one province is named
        and the name follows "tỉnh", "thành phố", "TP", "Hội", "Khuyến học" (or is
        written with "tỉnh"/"TP"); otherwise the names seen are returned as candidates
        and the field stays empty."""
        words = [(m.group(0), m.start()) for m in _WORD.finditer(title)]
        looses = [loose(tokens(w)[0]) if tokens(w) else "" for w, _ in words]
        found: dict[str, bool] = {}  # province name -> marked
        i = 0
        while i < len(words):
            if looses[i] not in self.starts:
                i += 1
                continue
            for size in (4, 3, 2, 1):
                if i + size > len(words):
                    continue
                phrase = " ".join(w for w, _ in words[i:i + size])
                p = self.registry.lookup(phrase)
                if p is None or keys(phrase)[0] not in self.names[p.slug]:
                    continue
                before = title[:words[i][1]].casefold().split()
                marked = any(" ".join(before[-len(m.split()):]) == m for m in _MARKERS if before) \
                    or words[i][0].casefold() in ("tỉnh", "thành", "tp")  # "TP Hồ Chí Minh" read whole
                found[p.name] = found.get(p.name, False) or marked
                i += size - 1
                break
            i += 1
        if len(found) == 1:
            name, marked = next(iter(found.items()))
            return ProvinceGuess(name) if marked else ProvinceGuess(None, (name,))
        return ProvinceGuess(None, tuple(found))


def infer_province(registry: Registry, title: str) -> ProvinceGuess:
    """:class:`ProvinceFinder` for one title (a run makes one finder for all)."""
    return ProvinceFinder(registry)(title)


def resolve_place(entry: CategoryEntry | None, guess: ProvinceGuess) -> tuple[str, str]:
    """(province, cluster) to write: the category map's (it is an editor's statement)
    before a title's confident guess."""
    if entry is not None and (entry.province or entry.cluster):
        return entry.province, entry.cluster
    return guess.province or "", ""


# --- topics to threads -----------------------------------------------------------------

THREADS_HEADER = (
    "# Các dòng sự kiện (\"Theo dòng sự kiện\"): mỗi dòng sự kiện gom các bài về một sự kiện\n"
    "# theo dõi qua nhiều bài. Bài viết ghi thread: <slug> (hoặc tiêu đề). Sửa ở đây hoặc trong\n"
    "# trình biên tập web, mục \"Dòng sự kiện\". Xem docs/huong-dan-bien-tap.md, §4.\n"
    "threads:\n"
)


def merge_threads(existing: str | None, topics: Iterable[str], path: str = "dong-su-kien.yml") -> tuple[str, dict[str, str]]:
    """The registry of threads with an entry for each old topic (NukeViet's
    ``stories_topic``) not already in it, found by title; and each topic's thread slug.

    ``existing``: the registry file's text (None: no file yet). Entries already there,
    and everything else in the file (comments, editors' changes), are kept as they are:
    new entries are appended to the ``threads:`` list that ends the file."""
    from threads.registry import parse  # pure, like the province registry

    registry = parse(existing or "", path)
    slugs: dict[str, str] = {}
    added: list[str] = []
    taken = set(registry.threads)
    for title in topics:
        if not title or title in slugs:
            continue
        found = registry.lookup(title)
        if found is not None:
            slugs[title] = found.slug
            continue
        base = slugify(title) or "dong-su-kien"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[title] = slug
        added.append(f"  - slug: {slug}\n    title: {yaml_string(title)}\n"
                     f"    description: {yaml_string(f'Các bài của chủ đề “{title}” trên trang cũ.')}\n")
    if not added:
        return existing if existing is not None else "", slugs
    text = existing if existing and existing.strip() else THREADS_HEADER
    if not text.endswith("\n"):
        text += "\n"
    if "threads:" not in text:
        text += "threads:\n"
    elif re.search(r"^threads:[ \t]*\[\][ \t]*$", text, re.M):
        text = re.sub(r"^threads:[ \t]*\[\][ \t]*$", "threads:", text, flags=re.M)
    return text + "".join(added), slugs
