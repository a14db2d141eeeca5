"""Split a Markdown file into YAML front matter and body, and check each field.

Pure: never imports Pelican. Every problem is collected as a
:class:`~sitecore.errors.ContentError` with the line of the offending key, so
one read of a file reports everything wrong with it.
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

from sitecore.errors import ContentError

from .dates import VIETNAM, DateError, parse_datetime
from .slugs import slugify

# Every key an editor may write, in the order `invoke new` writes them.
KNOWN_FIELDS: tuple[str, ...] = (
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
    "legacy_sid",  # the story's number on the old NukeViet site (plugins/redirects)
)
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
}
_TRUE = {"có", "co", "true", "yes", "1"}
_FALSE = {"không", "khong", "false", "no", "0"}


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
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_and_construct(header: str, loader_class: type) -> tuple[Any, Any]:
    """Parse ``header`` once: the node tree (for key lines) and the Python data."""
    loader = loader_class(header)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()
    return node, data


_SQUEEZED_KEY = re.compile(r"^([A-Za-z_]+):(\S.*)$")


def _parse_yaml(fm: FrontMatter, header: str, file_lines: list[str]) -> None:
    try:
        try:
            node, data = _compose_and_construct(header, _FAST_LOADER)
        except yaml.YAMLError:
            node, data = _compose_and_construct(header, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:  # syntax errors know their line
        mark = exc.problem_mark or exc.context_mark
        if exc.context and "quoted scalar" in exc.context and exc.context_mark:
            mark = exc.context_mark  # where the unclosed quote was opened
        line = mark.line + 2 if mark else 1
        # "title:Tin mới" (no space after the colon) is one plain word to YAML, so the
        # error surfaces on a later line; name the line the editor has to fix.
        for earlier in range(line - 1, 1, -1):
            squeezed = _SQUEEZED_KEY.match(file_lines[earlier - 1]) if earlier <= len(file_lines) else None
            if squeezed:
                name, rest = squeezed.groups()
                fm.error(name, f'thiếu dấu cách sau dấu hai chấm: viết "{name}: {rest}".', earlier)
                return
        key = value = None
        if 1 <= line <= len(file_lines) and ":" in file_lines[line - 1]:
            head, value = (part.strip() for part in file_lines[line - 1].split(":", 1))
            key = head if head and " " not in head else None
        problem = " ".join(filter(None, (exc.context, exc.problem))) or "lỗi cú pháp"
        fm.error(key or "front matter", _yaml_message(problem, key, value), line)
        return
    except yaml.YAMLError as exc:  # anything else YAML refuses, without a position
        fm.error("front matter", _yaml_message(str(exc), None, None), 2)
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
    fm.lines = seen
    fm.values = {str(k).strip().lower(): v for k, v in data.items()}
    fm.parsed = True


def suggest_key(key: str) -> str | None:
    normalized = unicodedata.normalize("NFC", key).strip().lower().replace("-", "_")
    if normalized in _VIETNAMESE_KEYS:
        return _VIETNAMESE_KEYS[normalized]
    matches = difflib.get_close_matches(normalized, KNOWN_FIELDS, n=1, cutoff=0.6)
    return matches[0] if matches else None


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


def check_fields(
    fm: FrontMatter,
    required: tuple[str, ...],
    tz: dt.tzinfo = VIETNAM,
) -> dict[str, Any]:
    """Return the normalised values of ``fm``; problems are added to ``fm``."""
    out: dict[str, Any] = {}
    for key, raw in fm.values.items():
        if key not in KNOWN_FIELDS:
            hint = suggest_key(key)
            fix = f" Có phải: {hint}?" if hint else f" Các trường hợp lệ: {', '.join(KNOWN_FIELDS)}."
            fm.warn(key, f'trường không rõ "{key}" (cảnh báo, bị bỏ qua).{fix}')
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # an empty field is the same as an absent one
        if key in ("date", "modified", "featured_until"):
            try:
                out[key] = parse_datetime(raw, tz)
            except DateError as exc:
                fm.error(key, str(exc))
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
        elif key == "id":
            text = _text(fm, key, raw)
            if text:
                out[key] = text
        else:
            text = _text(fm, key, raw)
            if text:
                out[key] = text
    for key in required:
        if key not in out and not any(p.field == key for p in fm.problems):
            example = {
                "title": "title: Tiêu đề bài viết",
                "date": "date: 15/07/2024 09:30",
                "author": "author: Nguyễn Văn A",
                "category": "category: Hoạt động Hội",
            }.get(key, f"{key}: ...")
            fm.error(key, f'thiếu trường bắt buộc "{key}". Thêm một dòng: {example}', fm.lines.get(key, 1))
    if "image" in out:
        out["image"] = out["image"].replace("\\", "/")
    return out


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
