"""The province and cluster registry (pure; never imports Pelican).

``data/provinces.yml`` describes the 63 provincial units Vietnam had before
1 July 2025: the 34 that still exist ("current" units; each kept its own name) and
the 29 that were merged into one of them ("former" units, each with one
``successor``). It also lists the 8 emulation clusters (cụm thi đua), each
holding whole entities, former units included.

:meth:`Registry.load` checks the whole file and reports every problem at once in one
:class:`RegistryError`, each with its line. Lookups ignore case, spacing,
punctuation, the Unicode form, the tone-mark placement, the diacritics and the
"tỉnh" / "thành phố" / "TP." prefixes (see :mod:`.normalize`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml

from sitecore.errors import ConfigError

from .normalize import (
    CLUSTER_PREFIXES,
    PROVINCE_PREFIXES,
    exact_key,
    fuzzy_form,
    keys,
    loose_key,
    strip_prefixes,
    tokens,
)

TINH = "tỉnh"
THANH_PHO = "thành phố"
KINDS = (TINH, THANH_PHO)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SLUG_RULE = "chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


class RegistryError(ConfigError):
    """A bad registry file. ``str()`` is ``path:line: message``.

    When the file has several problems, ``line`` and the first line of ``message``
    are those of the first one and every further line of ``message`` is a complete
    ``path:line: message`` of its own; ``problems`` holds them all as
    ``(line, message)`` pairs.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        line: int | None,
        message: str,
        problems: Iterable[tuple[int | None, str]] = (),
    ) -> None:
        self.path = os.fspath(path)
        self.line = line
        self.message = message
        self.problems: tuple[tuple[int | None, str], ...] = tuple(problems) or ((line, message),)
        super().__init__(self.path, line, message)

    def __str__(self) -> str:
        return f"{_where(self.path, self.line)}: {self.message}"

    @classmethod
    def from_problems(
        cls, path: str | os.PathLike[str], problems: Iterable[tuple[int | None, str]]
    ) -> "RegistryError":
        ordered = sorted(problems, key=lambda p: (p[0] is None, p[0] or 0))
        if not ordered:
            raise ValueError("a RegistryError needs at least one problem")
        shown = os.fspath(path)
        (line, first), rest = ordered[0], ordered[1:]
        message = "\n".join([first, *(f"{_where(shown, ln)}: {msg}" for ln, msg in rest)])
        return cls(path, line, message, ordered)


def _where(path: str, line: int | None) -> str:
    return path if line is None else f"{path}:{line}"


@dataclass(frozen=True, slots=True)
class Province:
    """One provincial unit of the 63 (a current unit, or a former one with a successor)."""

    slug: str
    name: str  # "Yên Bái", "Hồ Chí Minh", "Huế"
    kind: str  # "tỉnh" or "thành phố", just before 1 July 2025
    kind_after: str  # the kind from 1 July 2025 (same as kind for former units)
    old_name: str | None  # an earlier official name of the same entity ("Thừa Thiên Huế")
    successor: str | None  # slug of the current unit a former unit was merged into
    predecessors: tuple[str, ...]  # slugs of the former units merged into this one
    cluster: str  # slug of its cluster
    aliases: tuple[str, ...] = ()  # the other names listed in the file
    display: str | None = None  # how readers see it when the bare name would mislead
    # Who reviews its articles (GitHub/GitLab handles or teams: ``@hoi-khuyen-hoc/bien-tap-lao-cai``);
    # a former unit's are its successor's (``Registry.reviewers_of``).
    reviewers: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        """The one name pages show in lists and labels: ``"Yên Bái"``, ``"TP. Hồ Chí
        Minh"`` (a person's name alone otherwise), whatever the editor typed."""
        return self.display or self.name

    @property
    def is_current(self) -> bool:
        return self.successor is None

    @property
    def is_former(self) -> bool:
        return self.successor is not None

    @property
    def full_name(self) -> str:
        """``"tỉnh Yên Bái"``, ``"thành phố Hồ Chí Minh"`` (a current unit: its kind today)."""
        return f"{self.kind_after if self.is_current else self.kind} {self.name}"

    @property
    def full_name_before(self) -> str:
        """The official name just before 1 July 2025: ``"thành phố Huế"``."""
        return f"{self.kind} {self.name}"

    @property
    def is_city(self) -> bool:
        """A centrally-run city (today for a current unit, at the end for a former one)."""
        return (self.kind_after if self.is_current else self.kind) == THANH_PHO


@dataclass(frozen=True, slots=True)
class Cluster:
    """One emulation cluster (cụm thi đua): a number, a name and its member entities."""

    slug: str
    number: int
    name: str  # "Đông Bắc"
    members: tuple[str, ...]  # province slugs, in file order
    aliases: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """``"Cụm Đông Bắc"``."""
        return f"Cụm {self.name}"


# ---------------------------------------------------------------------------
# Name index: exact keys must be unambiguous; loose keys may be shared.


@dataclass
class _Index:
    """Keys of the names of one kind of entity (provinces or clusters)."""

    prefixes: tuple[tuple[str, ...], ...]
    exact: dict[str, str] = field(default_factory=dict)  # exact key -> slug
    exact_line: dict[str, int | None] = field(default_factory=dict)
    loose: dict[str, set[str]] = field(default_factory=dict)  # loose key -> slugs
    fuzzy: list[tuple[str, str]] = field(default_factory=list)  # (fuzzy form, slug)
    # text -> what find gave: a build asks the same few names once per article.
    found: dict[str, str | None] = field(default_factory=dict)

    def add(self, slug: str, text: str, line: int | None = None) -> str | None:
        """Index ``text`` as a name of ``slug``; return the other slug it clashes with, if any."""
        self.found.clear()
        words = strip_prefixes(tokens(text), self.prefixes)
        exact, loose = exact_key(words), loose_key(words)
        if not exact:
            return None
        other = self.exact.get(exact)
        if other is not None and other != slug:
            return other
        self.exact.setdefault(exact, slug)
        self.exact_line.setdefault(exact, line)
        self.loose.setdefault(loose, set()).add(slug)
        form = fuzzy_form(words)
        if form and (form, slug) not in self.fuzzy:
            self.fuzzy.append((form, slug))
        return None

    def find(self, text: str) -> str | None:
        if text not in self.found:
            self.found[text] = self._find(text)
        return self.found[text]

    def _find(self, text: str) -> str | None:
        words = strip_prefixes(tokens(text), self.prefixes)
        exact, loose = exact_key(words), loose_key(words)
        if not exact:
            return None
        if exact in self.exact:
            return self.exact[exact]
        slugs = self.loose.get(loose, ())
        return next(iter(slugs)) if len(slugs) == 1 else None

    def ranked(self, text: str, order: Mapping[str, int]) -> list[str]:
        """Slugs, the closest first (``WRatio`` of the loose forms; ties: file order)."""
        # Imported only when a name is unknown: a build without typos never needs it.
        from rapidfuzz import fuzz

        query = fuzzy_form(strip_prefixes(tokens(text), self.prefixes))
        best: dict[str, float] = {}
        for form, slug in self.fuzzy:
            if not query:
                score = 0.0
            elif min(len(query), len(form)) < 4:
                # Abbreviations ("HN", "HCM"): WRatio's partial matching would find them
                # inside almost any typo, so short forms are compared whole.
                score = fuzz.ratio(query, form)
            else:
                score = fuzz.WRatio(query, form)
            if score > best.get(slug, -1.0):
                best[slug] = score
        return sorted(best, key=lambda slug: (-best[slug], order[slug]))


# ---------------------------------------------------------------------------


class Registry:
    """The provinces, the mergers and the clusters of one registry file."""

    merger_date: dt.date
    provinces: Mapping[str, Province]
    clusters: Mapping[str, Cluster]

    def __init__(
        self,
        merger_date: dt.date,
        provinces: Iterable[Province],
        clusters: Iterable[Cluster],
        path: str = "<registry>",
        reviewers: Iterable[str] = (),
    ) -> None:
        """Build from finished entities (:meth:`load` is the usual way in).

        Raises :class:`RegistryError` (without lines) when two entities share a name.
        """
        self.path = path
        self.merger_date = merger_date
        # The centre's reviewers: the default owners of every file (``codeowners``).
        self.reviewers = tuple(reviewers)
        self.provinces = MappingProxyType({p.slug: p for p in provinces})
        self.clusters = MappingProxyType({c.slug: c for c in sorted(clusters, key=lambda c: c.number)})
        self._province_order = {slug: i for i, slug in enumerate(self.provinces)}
        self._cluster_order = {slug: i for i, slug in enumerate(self.clusters)}
        self._names = _Index(PROVINCE_PREFIXES)
        problems: list[tuple[int | None, str]] = []
        for p in self.provinces.values():
            for text in _names_of(p):
                clash = self._names.add(p.slug, text)
                if clash is not None:
                    problems.append((None, f'tên "{text}" của {p.slug} trùng với {clash}'))
        self._cluster_names = _Index(CLUSTER_PREFIXES)
        for c in self.clusters.values():
            for text in (c.slug, c.name, *c.aliases):
                clash = self._cluster_names.add(c.slug, text)
                if clash is not None:
                    problems.append((None, f'tên "{text}" của cụm {c.slug} trùng với cụm {clash}'))
        if problems:
            raise RegistryError.from_problems(path, problems)

    # -- loading ------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> "Registry":
        """Read and check a registry file; every problem is reported in one :class:`RegistryError`.

        A missing file raises :class:`FileNotFoundError` as usual.
        """
        shown = os.fspath(path)
        with open(path, "rb") as fh:
            raw = fh.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise RegistryError(shown, line, "tệp phải được lưu bằng mã UTF-8") from None
        return cls.from_yaml(text, shown)

    @classmethod
    def from_yaml(cls, text: str, path: str = "<registry>") -> "Registry":
        """Like :meth:`load`, from the text of a registry file (``path`` is only shown)."""
        return _Parser(text, path).parse()

    # -- lookups ------------------------------------------------------------

    def lookup(self, text: str) -> Province | None:
        """The province called ``text`` (a name, an old name, an alias or a slug), or ``None``.

        Ignores case, spacing, punctuation, Unicode form, tone-mark placement, the
        "tỉnh" / "thành phố" / "TP." prefixes and, when nothing matches with them,
        the diacritics (``đ`` → ``d``).
        """
        if not isinstance(text, str):
            return None
        slug = self._names.find(text)
        return self.provinces[slug] if slug is not None else None

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Official names (:attr:`Province.name`) of the ``limit`` provinces closest to ``text``."""
        if limit <= 0:
            return []
        ranked = self._names.ranked(str(text), self._province_order)
        return [self.provinces[slug].name for slug in ranked[:limit]]

    def lookup_cluster(self, text: str) -> Cluster | None:
        """The cluster called ``text``: ``"dong-bac"``, ``"Đông Bắc"``, ``"Cụm Đông Bắc"``,
        ``"2"``, ``"cụm 2"``, ``"Cụm thi đua số 2"``, ``"cụm II"``; or ``None``."""
        if not isinstance(text, str):
            return None
        written = tokens(text)
        words = strip_prefixes(written, CLUSTER_PREFIXES)
        if len(words) == 1:
            # Roman numerals only after "cụm": a lone "V" or "X" is more likely a typo.
            roman = _ROMAN.get(words[0]) if len(words) < len(written) else None
            number = int(words[0]) if words[0].isdecimal() else roman
            if number is not None:
                return next((c for c in self.clusters.values() if c.number == number), None)
        slug = self._cluster_names.find(text)
        return self.clusters[slug] if slug is not None else None

    def suggest_cluster(self, text: str, limit: int = 3) -> list[str]:
        """Names (:attr:`Cluster.name`) of the ``limit`` clusters closest to ``text``."""
        if limit <= 0:
            return []
        ranked = self._cluster_names.ranked(str(text), self._cluster_order)
        return [self.clusters[slug].name for slug in ranked[:limit]]

    # -- relations ----------------------------------------------------------

    def successor(self, p: Province) -> Province:
        """The current unit that ``p`` is part of today (``p`` itself when current)."""
        return self.provinces[p.successor] if p.successor is not None else p

    def reviewers_of(self, p: Province) -> tuple[str, ...]:
        """Who reviews the articles of ``p``: its unit's reviewers (a former unit: its
        successor's); empty when the registry names none (then the centre's alone)."""
        return self.successor(p).reviewers

    def predecessors(self, p: Province) -> list[Province]:
        """The former units merged into ``p``, in file order."""
        return [self.provinces[slug] for slug in p.predecessors]

    def current_units(self) -> list[Province]:
        """The units that exist from 1 July 2025 (34), in file order."""
        return [p for p in self.provinces.values() if p.is_current]

    def former_units(self) -> list[Province]:
        """The units merged into another on 1 July 2025 (29), in file order."""
        return [p for p in self.provinces.values() if not p.is_current]

    def pre_merger_units(self) -> list[Province]:
        """Every unit that existed before 1 July 2025 (63), in file order."""
        return list(self.provinces.values())

    def members(self, c: Cluster) -> list[Province]:
        """The entities of cluster ``c``, in the cluster's order."""
        return [self.provinces[slug] for slug in c.members]

    def cluster_of(self, p: Province) -> Cluster:
        return self.clusters[p.cluster]

    def __iter__(self) -> Iterator[Province]:
        return iter(self.provinces.values())

    def __len__(self) -> int:
        return len(self.provinces)

    def __repr__(self) -> str:
        return (
            f"<Registry {self.path}: {len(self.provinces)} provinces "
            f"({len(self.current_units())} current), {len(self.clusters)} clusters>"
        )


def _names_of(p: Province) -> list[str]:
    return [p.slug, p.name, *([p.old_name] if p.old_name else []), *p.aliases]


# ---------------------------------------------------------------------------
# Parsing with line numbers: walk the composed YAML nodes (yaml.compose keeps
# every node's start_mark), so each problem can name its line.

_PROVINCE_KEYS = ("slug", "name", "kind", "kind_after", "old_name", "successor", "aliases", "display", "reviewers")
_CLUSTER_KEYS = ("slug", "number", "name", "members", "aliases")
_TOP_KEYS = ("merger_date", "provinces", "clusters")
# Optional top-level keys: the centre's reviewers (default owners of every file).
_OPTIONAL_TOP_KEYS = ("reviewers",)
# A GitHub or GitLab user or team (``@user``, ``@org/team``, ``@group/subgroup/team``) or an e-mail address.
_HANDLE = re.compile(r"^(@[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)*|[^@\s]+@[^@\s]+\.[a-z]+)$")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class _Entry:
    """One province or cluster as read, with the node of each field."""

    line: int
    fields: dict[str, yaml.Node]
    values: dict[str, Any]

    def node_line(self, key: str) -> int:
        node = self.fields.get(key)
        return _line(node) if node is not None else self.line


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.problems: list[tuple[int | None, str]] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append((line, message))

    def fail(self) -> RegistryError:
        return RegistryError.from_problems(self.path, self.problems)

    # -- YAML helpers -------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(_line(node), f"{what} phải là một bảng dạng `khóa: giá trị`")
            return None
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problem(_line(key_node), f"{what}: khóa không hợp lệ")
                continue
            if key in result:
                self.problem(
                    _line(key_node), f'{what}: khóa "{key}" ghi hai lần (lần đầu ở dòng {_line(result[key])})'
                )
                continue
            result[key] = value_node
        return result

    @staticmethod
    def is_null(node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"

    def string(self, node: yaml.Node, what: str) -> str | None:
        # The raw scalar text: YAML 1.1 would otherwise turn "no", "on" or "010" into
        # booleans and numbers.
        if not isinstance(node, yaml.ScalarNode) or self.is_null(node):
            self.problem(_line(node), f"{what} phải là một chuỗi chữ")
            return None
        value = _nfc(node.value)
        if not value:
            self.problem(_line(node), f"{what} không được để trống")
            return None
        return value

    def strings(self, node: yaml.Node, what: str) -> list[tuple[str, int]]:
        if self.is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(_line(node), f"{what} phải là một danh sách, ví dụ [Tên 1, Tên 2]")
            return []
        result = []
        for item in node.value:
            value = self.string(item, what)
            if value is not None:
                result.append((value, _line(item)))
        return result

    def entries(self, node: yaml.Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...]):
        if not isinstance(node, yaml.SequenceNode):
            self.problem(_line(node), f"{what} phải là một danh sách (mỗi mục bắt đầu bằng `- `)")
            return []
        result = []
        for item in node.value:
            fields = self.mapping(item, what)
            if fields is None:
                continue
            for key, value in fields.items():
                if key not in allowed:
                    self.problem(
                        _line(value) if value is not None else _line(item),
                        f'{what}: không có trường "{key}" (các trường: {", ".join(allowed)})',
                    )
            fields = {k: v for k, v in fields.items() if k in allowed and not self.is_null(v)}
            missing = [k for k in required if k not in fields]
            if missing:
                self.problem(_line(item), f"{what}: thiếu trường {', '.join(missing)}")
            result.append(_Entry(_line(item), fields, {}))
        return result

    # -- the file -----------------------------------------------------------

    def parse(self) -> Registry:
        try:
            root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark is not None else None
            reason = getattr(exc, "problem", None) or str(exc)
            raise RegistryError(self.path, line, f"lỗi cú pháp YAML: {reason}") from None
        if root is None:
            raise RegistryError(self.path, None, "tệp trống")
        top = self.mapping(root, "tệp")
        if top is None:
            raise self.fail()
        for key, node in top.items():
            if key not in _TOP_KEYS + _OPTIONAL_TOP_KEYS:
                self.problem(_line(node), f'không có mục "{key}" (các mục: {", ".join(_TOP_KEYS + _OPTIONAL_TOP_KEYS)})')
        for key in _TOP_KEYS:
            if key not in top:
                self.problem(1, f'thiếu mục "{key}:"')

        merger_date = self.merger_date(top.get("merger_date"))
        provinces = self.provinces(top.get("provinces"))
        clusters = self.clusters(top.get("clusters"), provinces)
        reviewers = self.handles(top["reviewers"], "reviewers") if "reviewers" in top else []
        if self.problems:
            raise self.fail()
        assert merger_date is not None
        registry = self.build(merger_date, provinces, clusters)
        registry.reviewers = tuple(reviewers)
        return registry

    def handles(self, node: yaml.Node, what: str) -> list[str]:
        """Reviewers: one handle or a list of them, each ``@user``, ``@org/team`` or an
        e-mail address (what CODEOWNERS accepts)."""
        items = [(v, ln) for v, ln in ([(self.string(node, what), _line(node))] if isinstance(node, yaml.ScalarNode)
                                          else self.strings(node, what)) if v is not None]
        found = []
        for value, line in items:
            if not _HANDLE.match(value):
                self.problem(line, f'{what} "{value}": cần tên người dùng hoặc nhóm trên GitHub/GitLab bắt đầu '
                                   f'bằng @ và đặt trong ngoặc kép, ví dụ {what}: "@hoi-khuyen-hoc/bien-tap-lao-cai"')
            else:
                found.append(value)
        return found

    def merger_date(self, node: yaml.Node | None) -> dt.date | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode):
            value = node.value.strip()
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(_line(node), "merger_date phải là một ngày dạng 2025-07-01")
        return None

    def provinces(self, node: yaml.Node | None) -> list[_Entry]:
        if node is None:
            return []
        entries = self.entries(node, "provinces", _PROVINCE_KEYS, ("slug", "name", "kind"))
        if not entries and isinstance(node, yaml.SequenceNode):
            self.problem(_line(node), "provinces: danh sách trống")
        seen: dict[str, int] = {}
        for e in entries:
            f, v = e.fields, e.values
            if "slug" in f:
                slug = self.string(f["slug"], "slug")
                if slug is not None and not _SLUG.match(slug):
                    self.problem(
                        _line(f["slug"]),
                        f'slug "{slug}": {_SLUG_RULE} (ví dụ yen-bai)',
                    )
                    slug = None
                if slug is not None:
                    if slug in seen:
                        self.problem(_line(f["slug"]), f'slug "{slug}" trùng với tỉnh ở dòng {seen[slug]}')
                    else:
                        seen[slug] = _line(f["slug"])
                        v["slug"] = slug
            if "name" in f:
                v["name"] = self.string(f["name"], "name")
            for key in ("kind", "kind_after"):
                if key in f:
                    v[key] = self.kind(f[key], key)
            if "old_name" in f:
                v["old_name"] = self.string(f["old_name"], "old_name")
            if "display" in f:
                v["display"] = self.string(f["display"], "display")
            if "successor" in f:
                v["successor"] = self.string(f["successor"], "successor")
            v["aliases"] = self.strings(f["aliases"], "aliases") if "aliases" in f else []
            v["reviewers"] = self.handles(f["reviewers"], "reviewers") if "reviewers" in f else []

        by_slug = {e.values["slug"]: e for e in entries if e.values.get("slug")}
        for e in entries:
            succ = e.values.get("successor")
            if succ is None:
                continue
            line = e.node_line("successor")
            target = by_slug.get(succ)
            if target is None:
                hint = self.hint(succ, entries)
                self.problem(line, f'successor "{succ}": không có tỉnh nào có slug này{hint}')
                e.values["successor"] = None
            elif target is e:
                self.problem(line, f'successor "{succ}": một tỉnh không thể sáp nhập vào chính nó')
                e.values["successor"] = None
            elif target.values.get("successor"):
                self.problem(
                    line,
                    f'successor "{succ}": {target.values.get("name") or succ} cũng đã sáp nhập '
                    f'(vào "{target.values["successor"]}"); hãy ghi đơn vị hiện nay',
                )
                e.values["successor"] = None
            if e.values.get("successor") and "reviewers" in e.fields:
                self.problem(
                    e.node_line("reviewers"),
                    f'reviewers: bài của đơn vị cũ do người duyệt của "{succ}" duyệt; bỏ dòng này '
                    f'(ghi reviewers ở "{succ}")',
                )
            if e.values.get("successor") and "kind_after" in e.fields:
                self.problem(
                    e.node_line("kind_after"),
                    "kind_after chỉ dùng cho đơn vị còn tồn tại sau sáp nhập (không có successor)",
                )

        # Names and aliases must not name two provinces.
        index = _Index(PROVINCE_PREFIXES)
        for e in entries:
            slug = e.values.get("slug")
            if not slug:
                continue
            names = [(slug, e.node_line("slug"), "slug")]
            if e.values.get("name"):
                names.append((e.values["name"], e.node_line("name"), "name"))
            if e.values.get("old_name"):
                names.append((e.values["old_name"], e.node_line("old_name"), "old_name"))
            names += [(alias, line, "aliases") for alias, line in e.values["aliases"]]
            for text, line, key in names:
                if not keys(text)[0]:
                    self.problem(line, f'{key} "{text}": không có chữ nào để tra cứu')
                    continue
                clash = index.add(slug, text, line)
                if clash is not None:
                    exact = keys(text)[0]
                    first = index.exact_line.get(exact)
                    other = by_slug[clash].values.get("name") or clash
                    self.problem(
                        line,
                        f'{key} "{text}" của {e.values.get("name") or slug} cũng là tên của {other}'
                        + (f" (dòng {first})" if first else ""),
                    )
        return entries

    def kind(self, node: yaml.Node, key: str) -> str | None:
        value = self.string(node, key)
        if value is None:
            return None
        found = {keys(k, ())[1]: k for k in KINDS}.get(keys(value, ())[1])
        if found is None:
            self.problem(_line(node), f'{key} "{value}": phải là "tỉnh" hoặc "thành phố"')
        return found

    def hint(self, text: str, entries: list[_Entry]) -> str:
        """`` (có phải "yen-bai"?)`` when ``text`` names a province another way."""
        index = _Index(PROVINCE_PREFIXES)
        for e in entries:
            slug = e.values.get("slug")
            if slug:
                for name in (slug, e.values.get("name"), e.values.get("old_name")):
                    if name:
                        index.add(slug, name)
                for alias, _ in e.values.get("aliases", ()):
                    index.add(slug, alias)
        found = index.find(text)
        return f' (có phải "{found}"?)' if found else ""

    def clusters(self, node: yaml.Node | None, provinces: list[_Entry]) -> list[_Entry]:
        if node is None:
            return []
        entries = self.entries(node, "clusters", _CLUSTER_KEYS, ("slug", "number", "name", "members"))
        known = {e.values["slug"]: e for e in provinces if e.values.get("slug")}
        seen_slug: dict[str, int] = {}
        seen_number: dict[int, int] = {}
        placed: dict[str, tuple[str, int]] = {}  # province slug -> (cluster name, line)
        index = _Index(CLUSTER_PREFIXES)
        # "In no cluster" is only said when every members list could be read: a broken
        # cluster would otherwise make all of its provinces look unplaced.
        complete = isinstance(node, yaml.SequenceNode) and len(entries) == len(node.value)
        for e in entries:
            f, v = e.fields, e.values
            if "slug" in f:
                slug = self.string(f["slug"], "slug")
                if slug is not None and not _SLUG.match(slug):
                    self.problem(
                        _line(f["slug"]),
                        f'slug "{slug}": {_SLUG_RULE} (ví dụ dong-bac)',
                    )
                elif slug is not None and slug in seen_slug:
                    self.problem(_line(f["slug"]), f'slug "{slug}" trùng với cụm ở dòng {seen_slug[slug]}')
                elif slug is not None:
                    seen_slug[slug] = _line(f["slug"])
                    v["slug"] = slug
            if "number" in f:
                raw = f["number"].value if isinstance(f["number"], yaml.ScalarNode) else None
                if isinstance(raw, str) and raw.strip().isdecimal() and int(raw) > 0:
                    number = int(raw)
                    if number in seen_number:
                        first = seen_number[number]
                        self.problem(_line(f["number"]), f"number {number} trùng với cụm ở dòng {first}")
                    else:
                        seen_number[number] = _line(f["number"])
                        v["number"] = number
                else:
                    self.problem(_line(f["number"]), "number phải là một số nguyên dương")
            if "name" in f:
                v["name"] = self.string(f["name"], "name")
            v["aliases"] = self.strings(f["aliases"], "aliases") if "aliases" in f else []
            label = v.get("name") or v.get("slug") or f"ở dòng {e.line}"
            members: list[str] = []
            if "members" not in f or not isinstance(f["members"], yaml.SequenceNode):
                complete = False
            if "members" in f:
                for text, line in self.strings(f["members"], "members"):
                    if text not in known:
                        hint = self.hint(text, provinces)
                        self.problem(line, f'members "{text}": không có tỉnh nào có slug này{hint}')
                    elif text in members:
                        self.problem(line, f'members "{text}": ghi hai lần trong cụm {label}')
                    elif text in placed:
                        other, other_line = placed[text]
                        self.problem(
                            line,
                            f'{known[text].values.get("name") or text} ("{text}") nằm trong hai cụm: '
                            f"{other} (dòng {other_line}) và {label}",
                        )
                    else:
                        placed[text] = (label, line)
                        members.append(text)
            v["members"] = members
            if v.get("slug"):
                names = [(v["slug"], e.node_line("slug"))]
                if v.get("name"):
                    names.append((v["name"], e.node_line("name")))
                names += v["aliases"]
                for text, line in names:
                    clash = index.add(v["slug"], text, line)
                    if clash is not None:
                        self.problem(line, f'tên "{text}" của cụm {label} cũng là tên của cụm "{clash}"')
        if complete:
            for slug, e in known.items():
                if slug not in placed:
                    self.problem(
                        e.line,
                        f'{e.values.get("name") or slug} ("{slug}") không thuộc cụm nào: '
                        f'thêm "{slug}" vào members của một cụm',
                    )
        return entries

    # -- building -----------------------------------------------------------

    def build(self, merger_date: dt.date, provinces: list[_Entry], clusters: list[_Entry]) -> Registry:
        cluster_of = {slug: c.values["slug"] for c in clusters for slug in c.values["members"]}
        predecessors: dict[str, list[str]] = {}
        for e in provinces:
            if e.values.get("successor"):
                predecessors.setdefault(e.values["successor"], []).append(e.values["slug"])
        result = []
        for e in provinces:
            v = e.values
            name = v["name"]
            aliases = tuple(dict.fromkeys(alias for alias, _ in v["aliases"]))
            result.append(
                Province(
                    slug=v["slug"],
                    name=name,
                    kind=v["kind"],
                    kind_after=v.get("kind_after") or v["kind"],
                    old_name=v.get("old_name"),
                    successor=v.get("successor"),
                    predecessors=tuple(predecessors.get(v["slug"], ())),
                    cluster=cluster_of[v["slug"]],
                    aliases=aliases,
                    display=v.get("display"),
                    reviewers=tuple(v.get("reviewers", ())),
                )
            )
        built_clusters = [
            Cluster(
                slug=c.values["slug"],
                number=c.values["number"],
                name=c.values["name"],
                members=tuple(c.values["members"]),
                aliases=tuple(dict.fromkeys(alias for alias, _ in c.values["aliases"])),
            )
            for c in clusters
        ]
        return Registry(merger_date, result, built_clusters, path=self.path)
