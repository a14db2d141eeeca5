"""Adapter: give every article its province and cluster from the registry.

Handlers:
* ``load_registry`` (get_generators: at the start of a run, so a skipped build does not
  parse it): loads the registry file named by ``PROVINCES_REGISTRY``; a bad file stops
  the build with its own message.
* ``resolve_province`` (article_generator_context and page_generator_context):
  turns the editor's ``province`` / ``cluster`` text into registry entities,
  infers the cluster, reports unknown names (with the closest ones) and a
  cluster that does not contain the province.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pelican import signals

from sitecore.errors import ContentError, display_path
from sitecore.report import report_of

from .folders import folder_of, folder_problem
from .registry import Cluster, Province, Registry, RegistryError

_DEFAULT_REGISTRY = "data/provinces.yml"


@dataclass(frozen=True, slots=True)
class ProvinceSettings:
    """``PROVINCES_REGISTRY``: path of the YAML registry (outside ``content/``).
    ``PROVINCE_URL`` / ``PROVINCE_SAVE_AS``, ``CLUSTER_URL`` / ``CLUSTER_SAVE_AS``,
    ``CENTRAL_URL`` / ``CENTRAL_SAVE_AS``: addresses of the pages that list them."""

    registry_path: Path
    province_url: str
    province_save_as: str
    cluster_url: str
    cluster_save_as: str
    central_url: str
    central_save_as: str

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "ProvinceSettings":
        return cls(
            registry_path=Path(settings.get("PROVINCES_REGISTRY", _DEFAULT_REGISTRY)),
            province_url=settings.get("PROVINCE_URL", "tinh/{slug}/"),
            province_save_as=settings.get("PROVINCE_SAVE_AS", "tinh/{slug}/index.html"),
            cluster_url=settings.get("CLUSTER_URL", "cum/{slug}/"),
            cluster_save_as=settings.get("CLUSTER_SAVE_AS", "cum/{slug}/index.html"),
            central_url=settings.get("CENTRAL_URL", "trung-uong/"),
            central_save_as=settings.get("CENTRAL_SAVE_AS", "trung-uong/index.html"),
        )


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> Registry:
    return Registry.load(path)


def registry_for(settings: Mapping[str, Any]) -> Registry:
    """The registry named by the settings (loaded once per file version)."""
    # Asked once per article: one stat, no path objects.
    path = os.path.abspath(settings.get("PROVINCES_REGISTRY", _DEFAULT_REGISTRY))
    return _load(Path(path), os.stat(path).st_mtime_ns)


class ProvinceLink:
    """A province as templates see it: the registry entity plus its address."""

    def __init__(self, province: Province, registry: Registry, config: ProvinceSettings) -> None:
        self.province = province
        self._registry = registry
        self._config = config

    def __getattr__(self, name: str) -> Any:
        return getattr(self.province, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProvinceLink) and other.province.slug == self.province.slug

    def __hash__(self) -> int:
        return hash(self.province.slug)

    def __str__(self) -> str:
        return self.province.display_name

    def __repr__(self) -> str:
        return f"<ProvinceLink {self.province.slug}>"

    @property
    def url(self) -> str:
        return self._config.province_url.format(slug=self.province.slug)

    @property
    def save_as(self) -> str:
        return self._config.province_save_as.format(slug=self.province.slug)

    @property
    def successor(self) -> "ProvinceLink | None":
        if self.province.successor is None:
            return None
        return ProvinceLink(self._registry.provinces[self.province.successor], self._registry, self._config)

    @property
    def cluster(self) -> "ClusterLink":
        return ClusterLink(self._registry.cluster_of(self.province), self._registry, self._config)


class ClusterLink:
    """A cluster as templates see it."""

    def __init__(self, cluster: Cluster, registry: Registry, config: ProvinceSettings) -> None:
        self.cluster = cluster
        self._registry = registry
        self._config = config

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cluster, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClusterLink) and other.cluster.slug == self.cluster.slug

    def __hash__(self) -> int:
        return hash(self.cluster.slug)

    def __str__(self) -> str:
        return self.cluster.name

    def __repr__(self) -> str:
        return f"<ClusterLink {self.cluster.slug}>"

    @property
    def url(self) -> str:
        return self._config.cluster_url.format(slug=self.cluster.slug)

    @property
    def save_as(self) -> str:
        return self._config.cluster_save_as.format(slug=self.cluster.slug)

    @property
    def provinces(self) -> list[ProvinceLink]:
        return [ProvinceLink(p, self._registry, self._config) for p in self._registry.members(self.cluster)]


def load_registry(pelican) -> None:
    try:
        registry_for(pelican.settings)
    except FileNotFoundError as exc:
        sys.stderr.write(f"PROVINCES_REGISTRY: không tìm thấy tệp danh mục tỉnh {exc.filename}\n")
        raise SystemExit(1) from None
    except RegistryError as exc:
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(1) from None


def _folder_problem(settings: Mapping[str, Any], registry: Registry, path: str, province: Province | None,
                    written: str | None) -> str | None:
    """An article in a province's folder whose province field disagrees (``folders``)."""
    root = os.path.abspath(settings["PATH"])
    path = os.path.abspath(path)
    # A file under the content folder (every article) by its prefix: ``relpath``
    # resolves both paths again for each of them.
    inside = path.startswith(root + os.sep)
    relative = (path[len(root) + 1:] if inside else os.path.relpath(path, root)).replace(os.sep, "/")
    paths = settings.get("ARTICLE_PATHS", ["articles"])
    folder = folder_of(relative, paths)
    if folder is None:
        return None
    base = next((p for p in paths if relative.startswith(p.strip("/") + "/")), paths[0] if paths else "")
    return folder_problem(registry, folder, province, written, _shown_folder(os.path.join(root, base)))


@functools.lru_cache(maxsize=16)
def _shown_folder(folder: str) -> str:
    """The article folder as errors name it: asked for every article (resolving the
    path each time took as long as reading the article from the cache)."""
    return display_path(folder)


def _names(names: list[str]) -> str:
    return ", ".join(names)


def resolve_province(generator, metadata: dict[str, Any]) -> None:
    # A file the reader refused comes with its province fields only to be checked
    # ("check_only"): its province error is listed with the reader's in the same run.
    check_only = bool(metadata.get("check_only"))
    if metadata.get("status") == "skip" and not check_only:
        return
    # Once per generator, not once per article: loading it reads and checks a file.
    found = getattr(generator, "_province_registry", None)
    if found is None:
        found = generator._province_registry = (registry_for(generator.settings),
                                                ProvinceSettings.from_pelican(generator.settings))
    registry, config = found
    lines = metadata.get("field_lines", {})
    path = metadata.get("source_file", "?")
    problems: list[ContentError] = []
    province = cluster = None
    written = metadata.get("province")
    if written:
        province = registry.lookup(written)
        if province is None:
            problems.append(
                ContentError(
                    path, "province",
                    f'không có tỉnh/thành "{written}". Có phải: {_names(registry.suggest(written))}?',
                    lines.get("province"),
                )
            )
    cluster_text = metadata.get("cluster")
    if cluster_text:
        cluster = registry.lookup_cluster(cluster_text)
        if cluster is None:
            problems.append(
                ContentError(
                    path, "cluster",
                    f'không có cụm "{cluster_text}". Có phải: {_names(registry.suggest_cluster(cluster_text))}?',
                    lines.get("cluster"),
                )
            )
        elif province is not None and province.slug not in cluster.members:
            actual = registry.cluster_of(province)
            problems.append(
                ContentError(
                    path, "cluster",
                    f"{province.full_name} không thuộc {cluster.full_name} "
                    f"(tỉnh này thuộc {actual.full_name}). "
                    f'Bỏ trường cluster hoặc sửa thành "{actual.name}".',
                    lines.get("cluster"),
                )
            )
    if not (written and province is None):  # an unknown name is reported once, above
        problem = _folder_problem(generator.settings, registry, path, province, written)
        if problem is not None:
            problems.append(ContentError(path, "province", problem, lines.get("province")))
    if problems:
        report_of(generator.settings).extend(problems)
        metadata["status"] = "skip"
        return
    if check_only:
        return
    date = metadata.get("date")
    if province is not None and province.is_former and date is not None \
            and date.date() >= registry.merger_date:
        successor = registry.successor(province)
        report_of(generator.settings).add(
            ContentError(
                path, "province",
                f'"{written}" đã hợp nhất vào {successor.full_name} từ '
                f"{registry.merger_date:%d/%m/%Y}; bài đăng sau ngày này nên ghi "
                f'province: {successor.name} (cảnh báo; bài vẫn được đăng trong tin {province.full_name_before}).',
                lines.get("province"), warning=True,
            )
        )
    if province is not None and cluster is None:
        cluster = registry.cluster_of(province)
    metadata["province_label"] = written if province is not None else None
    metadata["province"] = ProvinceLink(province, registry, config) if province else None
    metadata["cluster"] = ClusterLink(cluster, registry, config) if cluster else None


def register() -> None:
    signals.get_generators.connect(load_registry)
    signals.article_generator_context.connect(resolve_province)
    signals.page_generator_context.connect(resolve_province)
