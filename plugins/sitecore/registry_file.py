"""Editors' registry files: a YAML mapping of entries, each a mapping of text fields
(pure; never imports Pelican).

The authors, the news sources and the category settings are each one such file in the
content folder (``content/data/…``), edited like the articles. They are read the way
front matter is read: every value is the text the editor typed (PyYAML's
``BaseLoader``: ``bio: 12:30`` stays text, ``Yes`` stays ``Yes``), and every key keeps
its line so a problem names it. An unknown field gets a suggestion (the nearest known
field, one or two typing slips away) instead of being dropped silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from .errors import ConfigError, ContentError

_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One entry: its key as written, the line of the key, its fields (texts, NFC,
    spaces squeezed) and the line of each field."""

    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


def squeeze(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def nearest(word: str, known: tuple[str, ...]) -> str | None:
    """The known name ``word`` was probably meant to be: one edit away for short
    words, two for longer ones; None when none is that close."""
    if not known:
        return None
    allowed = 1 if len(word) <= 5 else 2
    distance, best = min((OSA.distance(word, name), name) for name in known)
    return best if distance <= allowed else None


def read_registry(path: Path, fields: tuple[str, ...], what: str) -> tuple[list[RegistryEntry], list[ContentError]]:
    """The entries of the registry file ``path`` (none when it does not exist) and every
    problem found in it. ``fields``: the field names an entry may have; ``what``: the
    Vietnamese name of an entry in messages ("tác giả")."""
    if not path.is_file():
        return [], []
    try:
        text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], [ContentError(path, "encoding", "tệp không phải UTF-8. Mở tệp và lưu lại với bảng mã UTF-8.", 1)]
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context and "quoted scalar" in exc.context and exc.context_mark:
            mark = exc.context_mark  # where the unclosed quote was opened
        problem = " ".join(filter(None, (exc.context, exc.problem)))
        return [], [ContentError(path, "yaml", f"lỗi cú pháp YAML ({problem}). Kiểm tra dấu hai chấm, "
                                               "dấu ngoặc kép và thụt lề hai dấu cách.",
                                 mark.line + 1 if mark else 1)]
    except yaml.YAMLError as exc:
        return [], [ContentError(path, "yaml", f"lỗi cú pháp YAML ({exc}).", 1)]
    finally:
        loader.dispose()
    if node is None:
        return [], []
    example = f"Tên {what}:\n  {fields[0]}: …"
    if not isinstance(node, yaml.MappingNode):
        return [], [ContentError(path, "yaml", f"tệp phải là danh sách các {what}, mỗi {what} một khối, ví dụ:\n"
                                               f"{example}", node.start_mark.line + 1)]
    entries: list[RegistryEntry] = []
    problems: list[ContentError] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or not squeeze(str(key_node.value)):
            problems.append(ContentError(path, "yaml", f"mỗi {what} bắt đầu bằng một tên rồi dấu hai chấm.", line))
            continue
        key = squeeze(str(key_node.value))
        folded = key.casefold()
        if folded in seen:
            problems.append(ContentError(path, key, f'{what} "{key}" được khai báo hai lần (dòng {seen[folded]} '
                                                    f"và {line}). Gộp thành một khối.", line))
            continue
        seen[folded] = line
        if isinstance(value_node, yaml.ScalarNode) and value_node.value == "":
            entries.append(RegistryEntry(key, line))
            continue
        if not isinstance(value_node, yaml.MappingNode):
            problems.append(ContentError(path, key, f'"{key}" phải có các dòng thụt vào hai dấu cách, ví dụ:\n'
                                                    f"{key}:\n  {fields[0]}: …", line))
            continue
        values: dict[str, str] = {}
        lines: dict[str, int] = {}
        for name_node, item in value_node.value:
            name = squeeze(str(name_node.value)).lower()
            at = name_node.start_mark.line + 1
            if name not in fields:
                hint = nearest(name, fields)
                fix = f'có phải "{hint}"?' if hint else f"các trường hợp lệ: {', '.join(fields)}."
                problems.append(ContentError(path, f"{key}.{name}", f'trường "{name}" không có; {fix}', at))
                continue
            if not isinstance(item, yaml.ScalarNode):
                problems.append(ContentError(path, f"{key}.{name}", f'"{name}" phải là một dòng chữ, '
                                                                    "không phải danh sách.", at))
                continue
            text = squeeze(str(item.value))
            if text:
                values[name], lines[name] = text, at
        entries.append(RegistryEntry(key, line, values, lines))
    return entries, problems


def naming_problem(path: Path, entry: RegistryEntry, slug: str, earlier: str | None, what: str) -> ContentError | None:
    """The problem of an entry whose name gives no address (``slug`` empty) or the
    address of an earlier entry (``earlier``: that entry's name); ``what`` names what one
    address is ("trang tác giả", "chuyên mục")."""
    if not slug:
        return ContentError(path, entry.key, f'tên "{entry.key}" không có chữ cái nào.', entry.line)
    if earlier is not None:
        return ContentError(path, entry.key, f'"{entry.key}" và "{earlier}" là cùng một {what}. Gộp thành một khối.',
                            entry.line)
    return None


def data_file(settings: Mapping[str, Any], name: str, default: str) -> Path:
    """The YAML file of the content folder the setting ``name`` names (a path from the
    content folder, or absolute): the skip check hashes it with the content, and each
    content folder (a test site, a trial import) carries its own."""
    value = settings.get(name, default)
    if not isinstance(value, str) or not value.endswith((".yml", ".yaml")):
        raise ConfigError(f"{name}: {value!r} phải là đường dẫn một tệp .yml (từ thư mục content), "
                          f"ví dụ {default!r}")
    path = Path(value)
    content = Path(str(settings.get("PATH", "content"))).resolve()
    return (path if path.is_absolute() else content / path).resolve()
