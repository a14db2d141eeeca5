"""The import, as a timeline: read the dump → check it is NukeViet 2.0 → plan every
story (text repaired, address, category, province) → convert the bodies (links between
stories need every address first) → copy the photos → write what changed → report.

Pure (no Pelican); ``tasks.py`` calls :func:`run`. Re-running on the same dump writes
nothing: every file is compared with what is there, and a file an editor changed since
the import (its hash differs from the one in the manifest) is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content_model.dates import VIETNAM
from content_model.prepared import content_digest
from content_model.slugs import slugify
from provinces.registry import Registry
from sitecore.files import write_if_changed

from . import mapping
from .charset import is_double_encoded, repair
from .errors import DumpError
from .html2md import IMAGE_NAME, Links, convert_body, markdown_label, plain_text, uploads_path
from .report import ImportReport, StoryNote
from .sqldump import Dump, Table, read_dump

# The site's article address (pelicanconf.py ARTICLE_URL), for links between stories.
ARTICLE_URL = "/tin/{date:%Y}/{date:%m}/{date:%d}/{slug}/"
CATEGORY_URL = "/chuyen-muc/{slug}/"
STORY_TABLES = ("stories", "stories_cat", "stories_auto", "stories_topic", "stories_images", "stories_comments",
                "stories_temp")
REQUIRED_COLUMNS = ("sid", "catid", "aid", "title", "time", "hometext", "bodytext")
IMPORT_FOLDER = "nukeviet"  # below the content folder: the manifest and the report
MANIFEST = "da-nhap.json"
REPORT = "bao-cao-nhap.txt"
ANONYMOUS_AUTHORS = {"", "admin", "administrator", "god", "webmaster"}
DEFAULT_AUTHOR = "Ban biên tập"


@dataclass
class Story:
    key: str  # "sid:12" or "auto:3" (scheduled, no sid yet)
    sid: int | None
    title: str
    date: dt.datetime
    author: str
    catid: int
    hometext: str
    bodytext: str
    images: str
    imgtext: str
    source: str
    featured: bool
    scheduled: bool
    topic: str = ""  # the old topic's title (NukeViet's stories_topic)
    thread: str = ""  # the slug of the thread the topic became
    views: int = 0  # NukeViet's "counter": how many times the story was read there
    notes_text: str = ""  # NukeViet's "notes" column, shown under the story
    gallery: list[tuple[str, str]] = field(default_factory=list)  # (path, caption)
    slug: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"sid {self.sid}" if self.sid is not None else f"bài hẹn giờ số {self.key.split(':')[1]}"

    @property
    def url(self) -> str:
        return ARTICLE_URL.format(date=self.date, slug=self.slug)

    @property
    def relative_path(self) -> str:
        return f"articles/{self.date:%Y}/{self.date:%Y-%m-%d}-{self.slug}.md"


# --- reading and checking ----------------------------------------------------------

def _wanted(name: str) -> bool:
    return name.endswith(tuple(f"_{t}" for t in STORY_TABLES))


def choose_prefix(dump: Dump, prefix: str | None) -> str:
    found = sorted(name[: -len("_stories")] for name, table in dump.tables.items()
                   if name.endswith("_stories") and "sid" in table.columns)
    if not found:
        raise DumpError(dump.path, "không phải bản sao lưu NukeViet: không có bảng <tiền tố>_stories "
                                   "(cột sid). Kiểm tra lại tệp --dump.")
    if prefix:
        if prefix not in found:
            raise DumpError(dump.path, f'không có bảng {prefix}_stories. Tiền tố có trong tệp: '
                                       f'{", ".join(found)}. Chạy lại với --prefix {found[0]}.')
        return prefix
    if len(found) > 1:
        raise DumpError(dump.path, f'tệp có nhiều bộ bảng tin ({", ".join(found)}). Chọn một bằng --prefix.')
    return found[0]


def _table(dump: Dump, prefix: str, name: str) -> Table:
    return dump.tables.get(f"{prefix}_{name}") or Table(f"{prefix}_{name}")


def check_schema(dump: Dump, prefix: str) -> None:
    stories = _table(dump, prefix, "stories")
    missing = [c for c in REQUIRED_COLUMNS if c not in stories.columns]
    if missing:
        raise DumpError(dump.path, f"bảng {stories.name} thiếu cột {', '.join(missing)}: không phải "
                                   "lược đồ NukeViet 2.0.")
    for table in (stories, _table(dump, prefix, "stories_auto")):
        if table.rows and len(table.columns) != len(table.rows[0]):
            raise DumpError(dump.path, f"bảng {table.name}: số cột trong INSERT ({len(table.rows[0])}) khác "
                                       f"CREATE TABLE ({len(table.columns)}). Xuất lại bằng mysqldump.")


def parse_time(value: Any) -> dt.datetime | None:
    """NukeViet 2.0 writes ``datetime`` (Vietnam time, no zone) in ``_stories`` and a
    19-character string in ``_stories_auto``; older PHP-Nuke tables a unix timestamp."""
    if value is None:
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        seconds = int(value)
        return dt.datetime.fromtimestamp(seconds, VIETNAM) if seconds > 0 else None
    text = str(value).strip()
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return moment.replace(tzinfo=VIETNAM) if moment.year > 1970 else None
    return None


@dataclass(frozen=True)
class Texts:
    """Repairs the dump's text fields; ``double_encoded`` is decided once per dump."""

    double_encoded: bool

    def plain(self, value: Any) -> str:
        return repair(str(value or ""), self.double_encoded)[0]

    def field(self, value: Any, notes: list[str], what: str) -> str:
        if value is None:
            return ""
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        fixed, broken = repair(str(value), self.double_encoded)
        if broken:
            notes.append(f"{what} có thể còn lỗi mã ký tự (chữ lạ sau khi sửa); kiểm tra lại")
        return fixed


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _story(row: dict[str, Any], key: str, sid: int | None, scheduled: bool, report: ImportReport,
           texts: Texts) -> Story | None:
    _text = texts.field
    notes: list[str] = []
    title = plain_text(_text(row.get("title"), notes, "tiêu đề"))
    if "&" in title:  # escaped twice by an old editor ("&amp;quot;"): once more
        title = plain_text(title)
    label = f"sid {sid}" if sid is not None else f"bài hẹn giờ số {key.split(':')[1]}"
    date = parse_time(row.get("time"))
    if date is None:
        report.skipped.append(StoryNote(label, title, [f'không có ngày đăng hợp lệ ("{row.get("time")}")']))
        return None
    if not title:
        notes.append("không có tiêu đề; đặt tạm tiêu đề theo mã bài")
        title = f"Bài {label}"
    author = plain_text(_text(row.get("aid"), notes, "tác giả"))
    return Story(
        key=key, sid=sid, title=title, date=date,
        author=DEFAULT_AUTHOR if author.casefold() in ANONYMOUS_AUTHORS else author,
        catid=_int(row.get("catid")),
        hometext=_text(row.get("hometext"), notes, "phần tóm tắt"),
        bodytext=_text(row.get("bodytext"), notes, "nội dung"),
        images=_text(row.get("images"), notes, "ảnh").strip(),
        imgtext=plain_text(_text(row.get("imgtext"), notes, "chú thích ảnh")),
        source=plain_text(_text(row.get("source"), notes, "nguồn")),
        featured=_int(row.get("newsst")) == 1,
        views=max(_int(row.get("counter")), 0),
        notes_text=_text(row.get("notes"), notes, "ghi chú"),
        scheduled=scheduled,
        notes=notes,
    )


def read_stories(dump: Dump, prefix: str, report: ImportReport) -> tuple[list[Story], list[mapping.OldCategory]]:
    stories_table = _table(dump, prefix, "stories")
    rows = list(stories_table.records())
    sample = [str(r.get(c) or "") for r in rows for c in ("title", "hometext")]
    texts = Texts(is_double_encoded(sample))
    report.double_encoded = texts.double_encoded
    _repair = texts.plain
    topics = {_int(r.get("topicid")): plain_text(_repair(r.get("topictitle")))
              for r in _table(dump, prefix, "stories_topic").records()}
    cats = [mapping.OldCategory(_int(r.get("catid")), plain_text(_repair(r.get("title"))),
                                _int(r.get("parentid")))
            for r in _table(dump, prefix, "stories_cat").records()]
    stories: list[Story] = []
    for row in rows:
        sid = _int(row.get("sid"))
        story = _story(row, f"sid:{sid}", sid, False, report, texts)
        if story is not None:
            story.topic = topics.get(_int(row.get("topicid")), "")
            stories.append(story)
    for row in _table(dump, prefix, "stories_auto").records():
        anid = _int(row.get("anid"))
        story = _story(row, f"auto:{anid}", None, True, report, texts)
        if story is not None:
            story.topic = topics.get(_int(row.get("topicid")), "")
            stories.append(story)
    by_sid = {s.sid: s for s in stories if s.sid is not None}
    for row in _table(dump, prefix, "stories_images").records():
        story = by_sid.get(_int(row.get("sid")))
        if story is None:
            continue
        link = _repair(row.get("imglink")).strip()
        caption = plain_text(_repair(row.get("imgtext") or row.get("imgtitle")))
        if link:
            story.gallery.append((link, caption))
    comments = Counter(_int(r.get("sid")) for r in _table(dump, prefix, "stories_comments").records())
    report.comments = sum(comments.values())
    report.submissions = len(_table(dump, prefix, "stories_temp").rows)
    return stories, cats


# --- addresses -----------------------------------------------------------------------

def assign_slugs(stories: list[Story], taken: set[str]) -> None:
    """Each story's slug: its title's; when two stories of one day share it (or an
    existing article has it), the later sids get ``-<sid>`` so every address differs."""
    used: set[tuple[str, str]] = set(tuple(t.split("|", 1)) for t in taken)
    for story in sorted(stories, key=lambda s: (s.sid is None, s.sid or 0, s.key)):
        base = slugify(story.title) or f"bai-{story.sid or story.key.replace(':', '-')}"
        day = f"{story.date:%Y-%m-%d}"
        slug = base
        if (day, slug) in used:
            slug = f"{base}-{story.sid}" if story.sid is not None else f"{base}-hen-gio-{story.key.split(':')[1]}"
            story.notes.append(f'trùng tiêu đề với bài khác cùng ngày: địa chỉ riêng "{slug}"')
        used.add((day, slug))
        story.slug = slug


def existing_addresses(content: Path, own: Iterable[str]) -> set[str]:
    """``day|slug`` of the articles already in the content folder that the import did
    not write (a hand-written article must keep its address)."""
    own = set(own)
    taken = set()
    for path in (content / "articles").glob("*/*.md"):
        rel = path.relative_to(content).as_posix()
        match = re.match(r"(\d{4}-\d{2}-\d{2})-(.+)\.md$", path.name)
        if match and rel not in own:
            taken.add(f"{match.group(1)}|{match.group(2)}")
    return taken


# --- photos --------------------------------------------------------------------------

class Photos:
    """Copies photos from the old ``uploads/`` into ``<content>/images/<year>/``, each
    once, with a clean file name; a name already holding another photo gets the
    photo's hash appended."""

    def __init__(self, uploads: Path | None, content: Path, report: ImportReport) -> None:
        self.uploads = uploads
        self.content = content
        self.report = report
        self.done: dict[tuple[str, int], str | None] = {}

    def _source(self, below_uploads: str) -> Path | None:
        if self.uploads is None:
            return None
        root = self.uploads.resolve()
        path = (root / below_uploads.lstrip("/")).resolve()
        try:
            path.relative_to(root)  # "../" in an old address must not leave uploads/
        except ValueError:
            return None
        return path if path.is_file() else None

    def place(self, below_uploads: str, year: int) -> str | None:
        """The new address ``/images/<year>/<name>`` of a photo, or None if missing."""
        key = (below_uploads, year)
        if key not in self.done:
            self.done[key] = self._place(below_uploads, year)
        return self.done[key]

    def _place(self, below_uploads: str, year: int) -> str | None:
        source = self._source(below_uploads)
        if source is None or not IMAGE_NAME.search(source.name):
            return None
        data = source.read_bytes()
        stem, ext = os.path.splitext(source.name)
        name = (slugify(stem) or "anh") + ext.lower().replace(".jpeg", ".jpg")
        folder = self.content / "images" / str(year)
        target = folder / name
        if target.exists() and target.read_bytes() != data:
            digest = content_digest(data)[:8]
            target = folder / f"{Path(name).stem}-{digest}{Path(name).suffix}"
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            self.report.photos_copied += 1
        return f"/images/{year}/{target.name}"


def lead_image_path(images: str) -> str | None:
    """Where the ``images`` column's photo is below ``uploads/``: NukeViet 2.0 stores a
    name relative to ``uploads/News/pic/`` (sometimes a whole address)."""
    if not images:
        return None
    below = uploads_path(images)
    if below is not None:
        return below
    if images.startswith(("http://", "https://")):
        return None
    return f"News/pic/{images.lstrip('/')}"


# --- files ---------------------------------------------------------------------------

def render(story: Story, category: str, province: str, cluster: str, summary: str, image: str | None,
           body: str) -> str:
    lines = ["---", f"title: {mapping.yaml_string(story.title)}", f'date: "{story.date:%d/%m/%Y %H:%M}"', f"author: {mapping.yaml_string(story.author)}"]
    if province:
        lines.append(f"province: {mapping.yaml_string(province)}")
    if cluster:
        lines.append(f"cluster: {mapping.yaml_string(cluster)}")
    lines.append(f"category: {mapping.yaml_string(category)}")
    if story.thread:
        lines.append(f"thread: {story.thread}")
    if story.featured:
        lines.append("featured: true")
    if image:
        lines.append(f"image: {mapping.yaml_string(image.lstrip('/'))}")
        if story.imgtext:
            lines.append(f"image_caption: {mapping.yaml_string(story.imgtext)}")
    if summary:
        lines.append(f"summary: {mapping.yaml_string(summary)}")
    if story.source:
        lines.append(f"source: {mapping.yaml_string(story.source)}")
    if story.scheduled:
        lines.append("# Bài hẹn giờ chưa đăng trên trang cũ: đổi thành published khi muốn đăng.")
        lines.append("status: draft")
    lines.append(f"slug: {story.slug}")
    if story.sid is not None:
        lines.append(f"legacy_sid: {story.sid}")
    if story.views:
        lines.append(f"legacy_views: {story.views}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


class Manifest:
    """What the import wrote, by story key: path and hash of the bytes written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        if path.exists():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8")).get("stories", {})
            except (ValueError, AttributeError):
                self.entries = {}

    def save(self) -> None:
        data = json.dumps({"stories": dict(sorted(self.entries.items()))}, ensure_ascii=False, indent=1) + "\n"
        write_if_changed(self.path, data.encode("utf-8"))


def write_story(content: Path, manifest: Manifest, story: Story, text: str, report: ImportReport) -> None:
    data = text.encode("utf-8")
    target = content / story.relative_path
    before = manifest.entries.get(story.key)
    if before and before["path"] != story.relative_path:
        old = content / before["path"]
        if old.exists() and content_digest(old.read_bytes()) != before["sha256"]:
            report.kept_edited.append(StoryNote(story.label, story.title, [f"{before['path']} đã được sửa tay sau lần nhập trước: giữ nguyên, không ghi địa chỉ mới"]))
            return
        old.unlink(missing_ok=True)
    if target.exists():
        current = target.read_bytes()
        ours = before is not None and before["path"] == story.relative_path and content_digest(current) == before["sha256"]
        if current == data:
            report.unchanged += 1
            manifest.entries[story.key] = {"path": story.relative_path, "sha256": content_digest(data)}
            return
        if not ours:
            report.kept_edited.append(StoryNote(story.label, story.title, [f"{story.relative_path} đã được sửa tay sau lần nhập trước (hoặc không do lệnh nhập tạo): giữ nguyên"]))
            return
        report.updated += 1
    elif before is not None and before["path"] == story.relative_path:
        report.kept_edited.append(StoryNote(story.label, story.title, [f"{story.relative_path} đã bị xoá sau lần nhập trước: không tạo lại"]))
        return
    else:
        report.written += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    manifest.entries[story.key] = {"path": story.relative_path, "sha256": content_digest(data)}


# --- the run -------------------------------------------------------------------------

def resolve_uploads(uploads: Path | None) -> Path | None:
    if uploads is None:
        return None
    if not uploads.is_dir():
        raise DumpError(str(uploads), "không có thư mục ảnh này. Chỉ --uploads tới bản sao thư mục uploads/ của trang cũ.")
    # Either the uploads/ folder itself or the old site's root holding it.
    return uploads / "uploads" if (uploads / "uploads").is_dir() and not (uploads / "News").is_dir() else uploads


def run(dump_path: Path, content: Path, category_map: Path, registry_path: Path,
        uploads: Path | None = None, prefix: str | None = None, threads_path: Path | None = None) -> ImportReport:
    report = ImportReport(str(dump_path))
    dump = read_dump(dump_path, _wanted)
    prefix = choose_prefix(dump, prefix)
    check_schema(dump, prefix)
    report.prefix = prefix
    uploads = resolve_uploads(uploads)
    registry = Registry.load(registry_path)

    stories, old_categories = read_stories(dump, prefix, report)
    cmap = mapping.load_map(category_map)
    report.categories_added = len(mapping.merge(cmap, old_categories, registry))
    known_catids = {c.catid for c in old_categories}
    write_if_changed(category_map, mapping.dump_map(cmap).encode("utf-8"))
    # Old topics become threads ("Theo dòng sự kiện"): the registry gains the ones it lacks.
    threads_path = threads_path or content / "dong-su-kien.yml"
    existing = threads_path.read_text(encoding="utf-8") if threads_path.exists() else None
    topics = sorted({s.topic for s in stories if s.topic})
    threads_text, thread_slugs = mapping.merge_threads(existing, topics, str(threads_path))
    if topics:
        write_if_changed(threads_path, threads_text.encode("utf-8"))
    for story in stories:
        story.thread = thread_slugs.get(story.topic, "")

    manifest = Manifest(content / IMPORT_FOLDER / MANIFEST)
    own = {e["path"] for e in manifest.entries.values()}
    assign_slugs(stories, existing_addresses(content, own))
    by_sid = {s.sid: s for s in stories if s.sid is not None and not s.scheduled}
    photos = Photos(uploads, content, report)
    find_province = mapping.ProvinceFinder(registry)
    if uploads is None and any(s.images or "uploads/" in s.bodytext for s in stories):
        report.general.append("không có --uploads: ảnh của các bài chưa được chép (các bài vẫn được nhập, thiếu ảnh)")

    def category_url(catid: int) -> str | None:
        return CATEGORY_URL.format(slug=slugify(cmap.category_of(catid))) if catid in cmap.entries else None

    for story in sorted(stories, key=lambda s: (s.sid is None, s.sid or 0, s.key)):
        notes = story.notes
        if story.catid and story.catid not in known_catids:
            notes.append(f"chuyên mục cũ catid={story.catid} không có trong bảng chuyên mục: xếp vào \"{cmap.default}\"")
        entry = cmap.entry(story.catid)
        category = cmap.category_of(story.catid)
        guess = find_province(story.title)
        province, cluster = mapping.resolve_place(entry, guess)
        if not province and not cluster and guess.candidates:
            report.unsure_places.append(StoryNote(story.label, story.title, [f"có thể là: {', '.join(guess.candidates)}"]))
        links = Links(
            story=lambda sid: by_sid[sid].url if sid in by_sid else None,
            category=category_url,
            image=lambda below, year=story.date.year: photos.place(below, year),
        )
        converted = convert_body(story.bodytext, links)
        notes.extend(converted.problems)
        body = converted.markdown
        if story.notes_text.strip():
            extra = convert_body(story.notes_text, links)
            notes.extend(extra.problems)
            if extra.markdown.strip():
                body = (body + "\n" if body else "") + "*Ghi chú:* " + extra.markdown
        gallery = []
        for link, caption in story.gallery:
            below = lead_image_path(link)
            placed = photos.place(below, story.date.year) if below else None
            if placed is None:
                notes.append(f"thiếu ảnh trong bộ ảnh của bài: {link}")
            else:
                label = markdown_label(caption)
                title = f' "{label}"' if label else ""
                gallery.append(f"![{label}]({placed}{title})")
        if gallery:
            body = (body + "\n" if body else "") + "\n\n".join(gallery) + "\n"
        if not body.strip():
            body = plain_text(story.hometext) + "\n"
        image = None
        if story.images:
            below = lead_image_path(story.images)
            image = photos.place(below, story.date.year) if below else None
            if image is None:
                notes.append(f"thiếu ảnh đầu bài: {story.images}")
        summary = plain_text(story.hometext)
        write_story(content, manifest, story, render(story, category, province, cluster, summary, image, body), report)
        report.add(story.label, story.title, notes, scheduled=story.scheduled)
    gone = sorted(set(manifest.entries) - {s.key for s in stories})
    for key in gone:
        report.general.append(f"{manifest.entries[key]['path']} (lần nhập trước, mã {key}) không còn trong tệp dump: "
                              "giữ nguyên tệp; xoá tay nếu bài đã bị gỡ")
    manifest.save()
    report.write(content / IMPORT_FOLDER / REPORT)
    return report


def run_command(dump: Path, content: Path, uploads: Path | None, prefix: str | None) -> tuple[int, str]:
    """``invoke import-nukeviet``: (exit status, text to show). Every expected failure
    is one Vietnamese sentence; the category map and the registry are found in the
    ``data/`` folder beside the content folder."""
    from sitecore.errors import SiteError

    data = content.resolve().parent / "data"
    registry = data / "provinces.yml"
    if not registry.exists():  # a content folder elsewhere (tests, a trial run): the site's own
        registry = Path(__file__).resolve().parents[2] / "data" / "provinces.yml"
    try:
        report = run(dump, content, data / "nukeviet-categories.yml", registry, uploads, prefix)
    except SiteError as exc:
        return 1, f"Không nhập được: {exc}"
    except OSError as exc:
        return 1, f"Không nhập được: lỗi đọc/ghi tệp {exc.filename or ''} ({exc.strerror or exc})."
    except Exception as exc:  # noqa: BLE001 - the command's edge: a sentence, the details in a file
        import tempfile
        import traceback

        with tempfile.NamedTemporaryFile("w", prefix="nhap-nukeviet-loi-", suffix=".txt", delete=False) as fh:
            traceback.print_exc(file=fh)
        return 1, (f"Không nhập được: lỗi không lường trước ({type(exc).__name__}: {exc}). "
                   f"Chi tiết cho người lập trình: {fh.name}")
    return 0, report.text() + f"Báo cáo đầy đủ: {content / IMPORT_FOLDER / REPORT}\n"
