"""Split a Markdown file into YAML front matter and body, and check each field.

Pure: never imports Pelican. Every problem is collected as a
:class:`~sitecore.errors.ContentError` with the line of the offending key, so
one read of a file reports everything wrong with it.

The YAML is read without implicit types (PyYAML's ``BaseLoader``): every value is the
text the editor typed, or a list or mapping of such texts. YAML 1.1 would otherwise
turn ``title: 12:30`` into 750, ``author: 010`` into 8, ``Yes`` into True, ``null``
into nothing and ``date: 2024-02-30`` into an exception; the field checks below parse
dates, booleans and lists themselves, with messages.

Before any node is built, the event stream is walked to bound the nesting depth and
the number of values once YAML references (``&a`` / ``*a``) are expanded: a list
nested a hundred thousand levels crashes libyaml's composer, and a few lines of
references ("billion laughs") expand to billions of values.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from sitecore.errors import ContentError
from sitecore.urls import web_address_problem

from .dates import VIETNAM, DateError, gives_time, parse_datetime, site_span
from .expiry import after_expiry_choice, after_expiry_hint, expiry_moment
from .slugs import slugify
from .template import body_is_placeholder, placeholder_fix, strip_old_note

# Every key an editor may write, in the order `invoke new` writes them.
EDITOR_FIELDS: tuple[str, ...] = (
    "title",
    "date",
    "author",
    "province",
    "cluster",
    "category",
    "tags",
    "featured",
    "featured_until",
    "image",
    "image_caption",
    "image_alt",
    "summary",
    "source",
    "status",
    "slug",
    "modified",
    "id",
    # Further categories whose listings and feeds show the article (plugins/categories).
    "also_in",
    # An article that points to coverage elsewhere: listings link straight there.
    "link",
    "expires",
    "after_expiry",
    "thread",
)
# Keys only the importer writes: the story's number on the old NukeViet site
# (``plugins/redirects`` answers its old addresses) and how many times it was read
# there (``plugins/sidebars``: "Xem nhiều").
IMPORTED_FIELDS: tuple[str, ...] = ("legacy_sid", "legacy_views")
KNOWN_FIELDS: tuple[str, ...] = EDITOR_FIELDS + IMPORTED_FIELDS
ARTICLE_REQUIRED: tuple[str, ...] = ("title", "date", "author", "category")
PAGE_REQUIRED: tuple[str, ...] = ("title",)
STATUSES = ("published", "draft")

# Vietnamese words editors reach for, mapped to the English key they meant.
_VIETNAMESE_KEYS = {
    "tieu_de": "title", "tieude": "title", "tiêu_đề": "title", "tiêu đề": "title",
    "ngay": "date", "ngày": "date", "ngay_dang": "date",
    "tac_gia": "author", "tác_giả": "author", "tác giả": "author", "tacgia": "author",
    "tinh": "province", "tỉnh": "province", "tinh_hoi": "province",
    "cum": "cluster", "cụm": "cluster",
    "chuyen_muc": "category", "chuyên_mục": "category", "chuyên mục": "category", "danh_muc": "category",
    "the": "tags", "thẻ": "tags", "tu_khoa": "tags", "từ_khóa": "tags", "tag": "tags",
    "noi_bat": "featured", "nổi_bật": "featured", "tieu_diem": "featured",
    "anh": "image", "ảnh": "image", "hinh": "image", "hình": "image",
    "chu_thich": "image_caption", "chú_thích": "image_caption",
    "tom_tat": "summary", "tóm_tắt": "summary", "mo_ta": "summary",
    "nguon": "source", "nguồn": "source",
    "trang_thai": "status", "trạng_thái": "status",
    "categories": "category", "authors": "author", "provinces": "province",
    "chuyen_muc_khac": "also_in", "chuyên_mục_khác": "also_in", "chuyen_muc_phu": "also_in",
    "chuyên_mục_phụ": "also_in", "cung_dang_o": "also_in",
    "lien_ket": "link", "liên_kết": "link", "link_ngoai": "link", "duong_dan": "link", "đường_dẫn": "link",
    "het_han": "expires", "hết_hạn": "expires", "thoi_gian_het_han": "expires", "thời_gian_hết_hạn": "expires",
    "expiry": "expires", "expire": "expires",
    "sau_het_han": "after_expiry", "sau_hết_hạn": "after_expiry", "luu_tru": "after_expiry",
    "lưu_trữ": "after_expiry", "luu_tru_sau_het_han": "after_expiry", "lưu_trữ_sau_thời_gian_hết_hạn": "after_expiry",
    "dong_su_kien": "thread", "dòng_sự_kiện": "thread", "theo_dong_su_kien": "thread",
    "theo_dòng_sự_kiện": "thread", "su_kien": "thread", "sự_kiện": "thread", "topic": "thread",
}
_TRUE = {"có", "co", "true", "yes", "on", "1"}
_FALSE = {"không", "khong", "false", "no", "off", "0"}

# Bounds on the front matter's YAML, checked before anything is built: a field is a
# text or a list of texts (depth 2 under the top mapping), so 20 levels and 10,000
# values (references expanded) leave room for any honest file.
MAX_DEPTH = 20
MAX_VALUES = 10_000


@dataclass
class FrontMatter:
    """The checked fields of one file, with where each key stands."""

    path: str
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[ContentError] = field(default_factory=list)
    parsed: bool = False  # the YAML could be read, so its fields can be checked
    # What follows "key:" on each key's line, as typed (the fix a message proposes).
    written: dict[str, str] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def error(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(ContentError(self.path, key, message, line or self.line_of(key)))

    def warn(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(
            ContentError(self.path, key, message, line or self.line_of(key), warning=True)
        )

    @property
    def failed(self) -> bool:
        return any(not p.warning for p in self.problems)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def decode(path: str, raw: bytes) -> tuple[str | None, ContentError | None]:
    """Bytes to NFC text with ``\\n`` line ends; a BOM (Windows Notepad) is dropped.

    Invisible control characters (pasted from Word) are removed by
    :func:`strip_controls`, which reports where.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, ContentError(
            path,
            "encoding",
            "tệp không phải UTF-8 (có thể lưu bằng Windows-1258). "
            "Mở tệp và lưu lại với bảng mã UTF-8.",
            line,
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), None


def strip_controls(path: str, text: str) -> tuple[str, list[ContentError]]:
    """Remove control characters; one warning per line that had any."""
    warnings = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = sorted({f"U+{ord(ch):04X}" for ch in _CONTROL.findall(line)})
        if found:
            warnings.append(
                ContentError(
                    path, "text",
                    f"đã bỏ ký tự điều khiển vô hình {', '.join(found)} (thường do dán từ Word).",
                    number, warning=True,
                )
            )
    return (_CONTROL.sub("", text) if warnings else text), warnings


def split(path: str, text: str) -> FrontMatter:
    """Separate the ``---`` block from the body and check the YAML syntax."""
    fm = FrontMatter(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        fm.error(
            "front matter",
            "tệp phải bắt đầu bằng một dòng --- rồi các trường (title: ..., date: ...) "
            "và một dòng --- nữa trước nội dung bài.",
            1,
        )
        return fm
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        fm.error(
            "front matter",
            "thiếu dòng --- đóng phần thông tin bài viết. Thêm một dòng --- trước nội dung bài.",
            1,
        )
        return fm
    header = "\n".join(lines[1:end])
    fm.body = "\n".join(lines[end + 1 :])
    fm.body_line = end + 2
    _parse_yaml(fm, header, lines)
    return fm


def _yaml_message(problem: str, key: str | None, value: str | None) -> str:
    if "mapping values are not allowed" in problem:
        value = (value or "").replace('"', "'")
        example = f'{key}: "{value}"' if key and value else 'title: "Hội nghị: tổng kết năm"'
        return (
            "giá trị có dấu hai chấm ':' nên phải đặt trong dấu ngoặc kép, "
            f"ví dụ {example}."
        )
    if "found character '\\t'" in problem:
        return "có ký tự Tab: thay Tab bằng dấu cách."
    if "could not find expected ':'" in problem:
        return "mỗi dòng phải có dạng tên_trường: giá trị (thiếu dấu hai chấm ':')."
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return "thiếu dấu ngoặc kép đóng \" ở cuối giá trị."
    return f"lỗi cú pháp YAML ({problem}). Kiểm tra dấu ngoặc kép và dấu hai chấm."


# libyaml (PyYAML's C parser) reads front matter about ten times faster than the
# pure-Python parser; errors are re-read with the pure-Python one, whose messages the
# Vietnamese explanations below are written against.
_FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class YAMLLimit(Exception):
    """Front matter beyond :data:`MAX_DEPTH` or :data:`MAX_VALUES`; ``field`` is the
    top-level key it is under (or ``front matter``), ``line`` the header's 0-based line."""

    def __init__(self, field: str, line: int, message: str) -> None:
        super().__init__(message)
        self.field, self.line, self.message = field, line, message


def check_limits(header: str, loader_class: type = _FAST_LOADER) -> None:
    """Walk the YAML events of ``header`` and raise :class:`YAMLLimit` past the bounds.

    Counts every value as the composed graph would hold it with each reference
    expanded (an anchored collection's size is known when it ends; a reference adds
    it), so a reference bomb is refused after a few events, whatever it would expand
    to. Parsers of both kinds keep their own stack: no recursion here or there.
    Syntax errors are raised as PyYAML raises them."""
    loader = loader_class(header)
    try:
        count = 0
        sizes: dict[str, int] = {}
        open_collections: list[tuple[str | None, int]] = []
        key, at_key = "front matter", False
        while loader.check_event():
            event = loader.get_event()
            depth = len(open_collections)
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                count += sizes.get(event.anchor, 1) if isinstance(event, yaml.AliasEvent) else 1
                if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                    sizes[event.anchor] = 1
                if depth == 1:
                    if at_key and isinstance(event, yaml.ScalarEvent):
                        key = event.value.strip().lower() or key
                    at_key = not at_key
            elif isinstance(event, yaml.CollectionStartEvent):
                count += 1
                open_collections.append((event.anchor, count))
                if len(open_collections) > MAX_DEPTH:
                    raise YAMLLimit(
                        key, event.start_mark.line,
                        f"giá trị lồng nhau quá sâu (quá {MAX_DEPTH} tầng ngoặc hoặc gạch đầu dòng). "
                        "Mỗi trường là một dòng chữ hoặc một danh sách, ví dụ tags: [thẻ một, thẻ hai].",
                    )
                if depth == 0 and isinstance(event, yaml.MappingStartEvent):
                    at_key = True
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, start = open_collections.pop()
                if anchor is not None:
                    sizes[anchor] = count - start + 1
                if len(open_collections) == 1:
                    at_key = not at_key
            if count > MAX_VALUES:
                limit = f"{MAX_VALUES:,}".replace(",", ".")  # Vietnamese digit grouping
                raise YAMLLimit(
                    key, event.start_mark.line,
                    f"phần đầu có quá nhiều giá trị (hơn {limit} khi mở các tham chiếu &/*). "
                    "Bỏ các dấu & và * (tham chiếu YAML) và viết thẳng giá trị.",
                )
    finally:
        loader.dispose()


def _compose_and_construct(header: str, loader_class: type) -> tuple[Any, Any]:
    """Parse ``header`` once: the node tree (for key lines) and the data, every scalar
    a string. The bounds are checked first (:func:`check_limits`)."""
    check_limits(header, loader_class)
    loader = loader_class(header)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()
    return node, data


_SQUEEZED_KEY = re.compile(r"^([A-Za-z_]+):(\S.*)$")


def _report_syntax_error(fm: FrontMatter, exc: yaml.MarkedYAMLError, file_lines: list[str],
                         silenced: set[int]) -> int:
    """Add the message for a YAML syntax error; return the file line it names."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        mark = exc.context_mark  # where the unclosed quote was opened
    line = mark.line + 2 if mark else 1
    # "title:Tin mới" (no space after the colon) is one plain word to YAML, so the
    # error surfaces on a later line; name the line the editor has to fix.
    for earlier in range(line - 1, 1, -1):
        if earlier - 2 in silenced:
            continue
        squeezed = _SQUEEZED_KEY.match(file_lines[earlier - 1]) if earlier <= len(file_lines) else None
        if squeezed:
            name, rest = squeezed.groups()
            fm.error(name, f'thiếu dấu cách sau dấu hai chấm: viết "{name}: {rest}".', earlier)
            return earlier
    key = value = None
    if 1 <= line <= len(file_lines) and ":" in file_lines[line - 1]:
        head, value = (part.strip() for part in file_lines[line - 1].split(":", 1))
        key = head if head and " " not in head else None
    problem = " ".join(filter(None, (exc.context, exc.problem))) or "lỗi cú pháp"
    fm.error(key or "front matter", _yaml_message(problem, key, value), line)
    return line


def _parse_yaml(fm: FrontMatter, header: str, file_lines: list[str]) -> None:
    """Parse the header; a syntax error is reported for its line, and the header is
    parsed again with that line (and its continuation lines) made a comment, so one
    run reports a colon in the title together with every other field's problem."""
    header_lines = header.split("\n")
    silenced: set[int] = set()  # header indexes made comments
    while True:
        try:
            try:
                node, data = _compose_and_construct(header, _FAST_LOADER)
            except yaml.YAMLError:
                node, data = _compose_and_construct(header, yaml.BaseLoader)
        except YAMLLimit as exc:
            fm.error(exc.field, exc.message, exc.line + 2)
            return
        except yaml.MarkedYAMLError as exc:  # syntax errors know their line
            line = _report_syntax_error(fm, exc, file_lines, silenced)
            index = line - 2
            if not 0 <= index < len(header_lines) or index in silenced:
                return  # nothing left to set aside: the file's other fields stay unread
            silenced.add(index)
            header_lines[index] = "#"
            # An indented line after it continues its value: set aside with it.
            for following in range(index + 1, len(header_lines)):
                if not header_lines[following][:1].isspace():
                    break
                silenced.add(following)
                header_lines[following] = "#"
            header = "\n".join(header_lines)
            continue
        except yaml.YAMLError as exc:  # anything else YAML refuses, without a position
            fm.error("front matter", _yaml_message(str(exc), None, None), 2)
            return
        break
    if node is None and silenced:  # every line had a syntax error, each reported
        fm.parsed = True
        return
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        fm.error("front matter", "phần đầu phải là các dòng tên_trường: giá trị.", 2)
        return
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(key_node.value).strip().lower()
        line = key_node.start_mark.line + 2
        if key in seen:
            fm.error(key, f'trường "{key}" được khai báo hai lần (dòng {seen[key]} và {line}). Xoá một dòng.', line)
        seen[key] = line
        typed = file_lines[line - 1] if line <= len(file_lines) else ""
        fm.written[key] = typed.split(":", 1)[1].strip() if ":" in typed else ""
    fm.lines = seen
    fm.values = {str(k).strip().lower(): v for k, v in data.items()}
    fm.parsed = True


def _normalized_key(key: str) -> str:
    return unicodedata.normalize("NFC", key).strip().lower().replace("-", "_").replace(" ", "_")


def suggest_key(key: str) -> str | None:
    """The field an unknown key was meant to be: a Vietnamese name of it, or a key one
    typo away from a field or such a name (two for names longer than five letters);
    None when it is far from all of them (an editor's own note, a key from another site)."""
    normalized = _normalized_key(key)
    if normalized in _VIETNAMESE_KEYS:
        return _VIETNAMESE_KEYS[normalized]
    names = {name: name for name in KNOWN_FIELDS}
    names |= {_normalized_key(name): meant for name, meant in _VIETNAMESE_KEYS.items()}
    allowed = 1 if len(normalized) <= 5 else 2
    # Edits: insert, delete, replace, swap two neighbours (optimal string alignment).
    distance, best = min((OSA.distance(normalized, name), name) for name in names)
    return names[best] if distance <= allowed else None


def _text(fm: FrontMatter, key: str, value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        fm.error(key, f'"{key}" phải là một dòng chữ, không phải danh sách.')
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return text or None


def _tags(fm: FrontMatter, value: Any) -> list[str]:
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    tags: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)):
            fm.error("tags", 'mỗi thẻ là một chữ; viết tags: [thẻ một, thẻ hai] hoặc tags: thẻ một, thẻ hai.')
            continue
        tag = " ".join(unicodedata.normalize("NFC", str(item)).split())
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags


def _names(fm: FrontMatter, key: str, value: Any) -> list[str]:
    """A list of names (``also_in: [Học bổng, Gương sáng]`` or ``also_in: Học bổng, Gương
    sáng``), each once; which of them exist is decided with the whole site."""
    items = value if isinstance(value, list) else str(value).split(",")
    names: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)):
            fm.error(key, f"mỗi tên là một dòng chữ; viết {key}: [Tên một, Tên hai].")
            continue
        name = " ".join(unicodedata.normalize("NFC", str(item)).split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _bool(fm: FrontMatter, key: str, value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    fm.error(key, f'giá trị "{value}" không hợp lệ: viết true (có) hoặc false (không).')
    return None


def _placeholder(fm: FrontMatter, key: str, message: str, draft: bool, line: int | None = None) -> None:
    """A template placeholder: an error, or a warning while the file is a draft."""
    if draft:
        fm.warn(key, f"{message} (cảnh báo: bài còn là bản nháp; khi đăng đây là lỗi)", line)
    else:
        fm.error(key, message, line)


def _template_value(fm: FrontMatter, key: str, raw: str, draft: bool) -> str | None:
    """``raw`` with an earlier template's note dropped (with a warning); a placeholder
    of the template is reported and gives None (the field is left out)."""
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    stripped = strip_old_note(key, text)
    if stripped is not None:
        text, note = stripped
        if text:
            fm.warn(key, f'đã bỏ ghi chú "{note}" của mẫu khỏi giá trị (cảnh báo). Sửa dòng thành: {key}: {text}')
        else:
            fm.warn(key, f'"{note}" là ghi chú của mẫu, không phải giá trị (cảnh báo, bị bỏ qua). '
                         "Thêm dấu # ở đầu dòng hoặc ghi giá trị.")
            return None
    fix = placeholder_fix(key, text)
    if fix is not None:
        _placeholder(fm, key, f'"{text}" là chữ mẫu của lệnh new: {fix}.', draft)
        return None
    return text if stripped is not None else raw


def check_fields(
    fm: FrontMatter,
    required: tuple[str, ...],
    tz: dt.tzinfo = VIETNAM,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Return the normalised values of ``fm``; problems are added to ``fm``.

    With ``now`` (the build's clock), dates outside :func:`~.dates.site_span` are errors."""
    out: dict[str, Any] = {}
    span = site_span(now) if now is not None else None
    misspelt: set[str] = set()
    # The template's placeholders hold a draft back only when it is to be published.
    draft = str(fm.values.get("status", "")).strip().lower() == "draft"
    if body_is_placeholder(fm.body):
        _placeholder(fm, "content", "nội dung bài vẫn là chữ mẫu của lệnh new "
                     f'"{fm.body.strip().split(". ", 1)[0]}.": thay bằng nội dung bài viết.', draft, fm.body_line)
    for key, raw in fm.values.items():
        if key not in KNOWN_FIELDS:
            hint = suggest_key(key)
            if hint is None:
                fm.warn(key, f'trường không rõ "{key}" (cảnh báo, bị bỏ qua). '
                             f"Các trường hợp lệ: {', '.join(EDITOR_FIELDS)}.")
            else:
                # A misspelt key loses what it says (a draft published, a province
                # missing): the file must not be published until the key is fixed.
                fix = f"{hint}: {fm.written.get(key, '')}".rstrip()
                fm.error(key, f'trường "{key}" không có; có phải "{hint}"? Sửa thành: {fix}')
                misspelt.add(hint)  # one message for one fix: not also "missing"
            continue
        if isinstance(raw, str):
            raw = _template_value(fm, key, raw, draft)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # an empty field is the same as an absent one
        if key in ("date", "modified", "featured_until", "expires"):
            # "Featured until" or an expiry far ahead makes no page (unlike a date, which
            # makes archives): only its earliest year is checked.
            key_span = span if key in ("date", "modified") or span is None else (
                span[0], dt.datetime.max.replace(tzinfo=span[0].tzinfo))
            try:
                out[key] = parse_datetime(raw, tz, key_span)
            except DateError as exc:
                fm.error(key, str(exc))
            else:
                if key != "featured_until":  # a day without a time shows as the day alone, not "00:00"
                    out[f"{key}_has_time"] = gives_time(raw)
        elif key == "after_expiry":
            text = _text(fm, key, raw)
            if text:
                choice = after_expiry_choice(text)
                if choice is None:
                    fm.error(key, f'giá trị "{text}" không hợp lệ. Viết after_expiry: archive (giữ trang, '
                                  "ghi \"Tin đã hết hạn\") hoặc after_expiry: withdraw (gỡ bài khỏi trang). "
                                  f"Có phải: {after_expiry_hint(text)}?")
                else:
                    out[key] = choice
        elif key == "tags":
            out[key] = _tags(fm, raw)
        elif key == "featured":
            value = _bool(fm, key, raw)
            if value is not None:
                out[key] = value
        elif key == "author":
            names = raw if isinstance(raw, list) else str(raw).split(";")
            authors = [t for t in (_text(fm, key, n) for n in names) if t]
            if authors:
                out[key] = authors
        elif key == "status":
            status = str(raw).strip().lower()
            if status in STATUSES:
                out[key] = status
            else:
                close = difflib.get_close_matches(status, STATUSES, n=1, cutoff=0.5)
                hint = close[0] if close else "published hoặc draft"
                fm.error(key, f'trạng thái "{raw}" không hợp lệ. Có phải: {hint}?')
        elif key == "slug":
            text = _text(fm, key, raw)
            if text:
                slug = slugify(text)
                if not slug:
                    fm.error(key, f'slug "{text}" không có chữ cái nào; dùng chữ thường và dấu gạch ngang.')
                else:
                    out[key] = slug
        elif key == "legacy_views":
            text = str(raw).strip()
            if text.isdigit():
                out[key] = int(text)
            else:
                fm.error(key, f'lượt xem "{raw}" không phải một số nguyên không âm (ví dụ: legacy_views: 1520).')
        elif key == "also_in":
            names = _names(fm, key, raw)
            if names:
                out[key] = names
        elif key == "link":
            text = _text(fm, key, raw)
            if text:
                problem = web_address_problem(text)
                if problem is None:
                    out[key] = text
                else:
                    fm.error(key, f"liên kết ngoài {problem}.")
        elif key == "id":
            text = _text(fm, key, raw)
            if text:
                out[key] = text
        else:
            text = _text(fm, key, raw)
            if text:
                out[key] = text
    for key in required:
        if key not in out and key not in misspelt and not any(p.field == key for p in fm.problems):
            example = {
                "title": "title: Tiêu đề bài viết",
                "date": "date: 15/07/2024 09:30",
                "author": "author: Nguyễn Văn A",
                "category": "category: Hoạt động Hội",
            }.get(key, f"{key}: ...")
            fm.error(key, f'thiếu trường bắt buộc "{key}". Thêm một dòng: {example}', fm.lines.get(key, 1))
    if "title" in out and "slug" not in out and not any(p.field == "slug" for p in fm.problems) \
            and not slugify(out["title"]):
        # The address would be the day's archive (tin/2026/11/04/) and overwrite it.
        fm.error("title", f'tiêu đề "{out["title"]}" không có chữ cái hay chữ số nào nên không làm được '
                          "địa chỉ bài. Thêm một dòng slug: ten-bai-viet "
                          "(chữ thường không dấu, nối bằng dấu -).")
    if "image" in out:
        out["image"] = out["image"].replace("\\", "/")
    _check_expiry(fm, out)
    return out


def _check_expiry(fm: FrontMatter, out: dict[str, Any]) -> None:
    """An expiry must come after the date it is published; a choice of what happens
    after it needs an expiry."""
    if "expires" in out and "date" in out:
        moment = expiry_moment(out["expires"], out["expires_has_time"])
        if moment <= out["date"]:
            shown = fm.written.get("expires") or f"{out['expires']:%d/%m/%Y %H:%M}"
            fm.error("expires", f'ngày hết hạn "{shown.strip(chr(34))}" không sau ngày đăng '
                                f'"{(fm.written.get("date") or "").strip(chr(34))}": bài sẽ hết hạn ngay khi đăng. '
                                "Sửa expires thành một ngày sau ngày đăng, hoặc xoá dòng expires.")
    if "after_expiry" in out and "expires" not in out and not any(p.field == "expires" for p in fm.problems):
        fm.warn("after_expiry", "after_expiry không có tác dụng khi bài không có expires (cảnh báo). "
                                "Thêm một dòng expires: 31/12/2026 hoặc xoá dòng after_expiry.")


def resolve_content_path(content_root: Path, base: Path, ref: str) -> Path | None:
    """Resolve an image reference; ``None`` when it points outside the content folder.

    ``/images/x.jpg`` and ``{static}/images/x.jpg`` are relative to the content
    root, anything else to ``base`` (the article's folder).
    """
    root = content_root.resolve()
    for prefix in ("{static}", "{attach}", "|static|", "|attach|"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    target = (root / ref.lstrip("/")) if ref.startswith("/") else (base / ref)
    target = target.resolve()
    try:
        target.relative_to(root)
    except ValueError:
        return None
    return target
