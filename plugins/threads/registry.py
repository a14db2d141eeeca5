"""The registry of topic threads ("Theo dòng sự kiện"), read from one YAML file (pure).

An event followed over weeks (a congress, a flood relief drive) is a *thread*: a slug
(its address), a title, a description and optionally an image. The file
(``content/dong-su-kien.yml`` by default) is a mapping with one key, ``threads``, holding
a list of entries, which is what the web editor's list form writes::

    threads:
      - slug: dai-hoi-vi
        title: Đại hội Hội Khuyến học Việt Nam lần thứ VI
        description: Các bài về Đại hội, từ chuẩn bị đến kết quả.
        image: images/2026/dai-hoi.jpg

``slug`` may be left out (it is made from the title). Every problem of the file is
collected with its line, so one build lists them all. An article names its thread by
slug or by title (:meth:`ThreadRegistry.lookup`); an unknown name gets the closest
threads as suggestions (:meth:`ThreadRegistry.suggest`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from content_model.slugs import slugify
from sitecore.errors import ContentError

ENTRY_KEYS = ("slug", "title", "description", "image")
REQUIRED_KEYS = ("title",)


@dataclass(frozen=True, slots=True)
class Thread:
    """One thread of the registry; ``line``: where its entry starts in the file."""

    slug: str
    title: str
    description: str = ""
    image: str | None = None
    line: int = 1


@dataclass
class ThreadRegistry:
    """The threads of one file, in the file's order, and the problems found reading it."""

    path: str
    threads: dict[str, Thread] = field(default_factory=dict)
    problems: list[ContentError] = field(default_factory=list)

    def lookup(self, text: str) -> Thread | None:
        """The thread whose slug or title ``text`` names (case, spacing and tone marks
        of the title as written; a slug of the text matching a slug also counts)."""
        wanted = _loose(text)
        for thread in self.threads.values():
            if wanted in (_loose(thread.slug), _loose(thread.title)):
                return thread
        return self.threads.get(slugify(text))

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Titles of the ``limit`` threads closest to ``text`` (by slug or title)."""
        from rapidfuzz import fuzz  # only when a name is unknown

        query = slugify(text)
        scored = [(max(fuzz.WRatio(query, t.slug), fuzz.WRatio(query, slugify(t.title))), index, t.title)
                  for index, t in enumerate(self.threads.values())]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [title for _, _, title in scored[:limit]]


def _loose(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def load(path: Path, content_root: Path) -> ThreadRegistry:
    """The registry in ``path``; a missing file is an empty registry (a site without
    threads). Image paths are checked against ``content_root``."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return ThreadRegistry(str(path))
    except UnicodeDecodeError:
        registry = ThreadRegistry(str(path))
        registry.problems.append(ContentError(str(path), "encoding", "tệp không phải UTF-8. Mở tệp và lưu lại "
                                                                     "với bảng mã UTF-8.", 1))
        return registry
    return parse(text, str(path), content_root)


def parse(text: str, path: str, content_root: Path | None = None) -> ThreadRegistry:
    """The registry in ``text`` (the file ``path``), every problem collected."""
    registry = ThreadRegistry(path)

    def problem(key: str, message: str, line: int) -> None:
        registry.problems.append(ContentError(path, key, message, line))

    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)  # every value as typed, with lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem("threads", f"lỗi cú pháp YAML ({exc.problem}). Kiểm tra dấu hai chấm, gạch đầu dòng và "
                           "dấu ngoặc kép.", mark.line + 1 if mark else 1)
        return registry
    if root is None:
        return registry
    entries = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "threads":
                entries = value
            else:
                problem(key.value, f'khóa "{key.value}" không dùng ở đây: tệp chỉ có một khóa "threads:" '
                                   "và danh sách các dòng sự kiện dưới nó.", key.start_mark.line + 1)
    if entries is None or (isinstance(entries, yaml.ScalarNode) and entries.value == ""):
        if not isinstance(root, yaml.MappingNode):
            problem("threads", 'tệp phải bắt đầu bằng "threads:" rồi danh sách các dòng sự kiện '
                               "(mỗi dòng sự kiện bắt đầu bằng - slug: ...).", root.start_mark.line + 1)
        return registry
    if not isinstance(entries, yaml.SequenceNode):
        problem("threads", 'dưới "threads:" phải là danh sách, mỗi dòng sự kiện bắt đầu bằng '
                           "gạch đầu dòng: - title: ...", entries.start_mark.line + 1)
        return registry
    titles: dict[str, int] = {}
    for node in entries.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            problem("threads", "mỗi dòng sự kiện gồm các dòng slug:, title:, description:, image:.", line)
            continue
        values: dict[str, str] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, key_line = str(key_node.value).strip().lower(), key_node.start_mark.line + 1
            if key not in ENTRY_KEYS:
                close = [k for k in ENTRY_KEYS if _near(key, k)]
                hint = f'Có phải "{close[0]}"?' if close else f"Các khóa hợp lệ: {', '.join(ENTRY_KEYS)}."
                problem(key, f'khóa không rõ "{key}". {hint}', key_line)
                continue
            if not isinstance(value_node, yaml.ScalarNode):
                problem(key, f'"{key}" phải là một dòng chữ.', key_line)
                continue
            values[key] = " ".join(unicodedata.normalize("NFC", value_node.value).split())
            lines[key] = key_line
        title = values.get("title", "")
        if not title:
            problem("title", "dòng sự kiện thiếu tiêu đề. Thêm một dòng title: Tên dòng sự kiện.", line)
            continue
        slug = values.get("slug") or slugify(title)
        if values.get("slug") and slugify(values["slug"]) != values["slug"]:
            problem("slug", f'slug "{values["slug"]}" phải là chữ thường không dấu nối bằng dấu -, '
                            f"ví dụ slug: {slugify(values['slug']) or slugify(title)}.", lines["slug"])
            continue
        if not slug:
            problem("title", f'tiêu đề "{title}" không làm được địa chỉ. Thêm một dòng slug: ten-dong-su-kien.', line)
            continue
        if slug in registry.threads:
            first = registry.threads[slug]
            problem("slug", f'slug "{slug}" trùng với dòng sự kiện "{first.title}" (dòng {first.line}). '
                            f"Đổi một trong hai, ví dụ slug: {slug}-2.", lines.get("slug", line))
            continue
        if _loose(title) in titles:
            problem("title", f'tiêu đề "{title}" trùng với dòng sự kiện ở dòng {titles[_loose(title)]}: '
                             "bài viết gọi dòng sự kiện bằng tiêu đề, nên mỗi tiêu đề phải khác nhau.",
                    lines["title"])
            continue
        image = values.get("image") or None
        if image is not None:
            image = image.replace("\\", "/").lstrip("/")
            for prefix in ("{static}/", "content/"):
                image = image.removeprefix(prefix)
            if content_root is not None and not (content_root / image).is_file():
                problem("image", f'không tìm thấy ảnh "{values["image"]}" (tìm tại content/{image}). '
                                 "Chép ảnh vào content/images/ rồi ghi image: images/ten-anh.jpg.", lines["image"])
                continue
        titles[_loose(title)] = line
        registry.threads[slug] = Thread(slug, title, values.get("description", ""), image, line)
    return registry


def _near(key: str, known: str) -> bool:
    from rapidfuzz.distance import OSA

    return OSA.distance(key, known) <= 2
