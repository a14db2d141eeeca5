"""Articles in a province's folder (pure: never imports Pelican).

Besides the year folders (``content/articles/2026/…``), an article may lie in its
unit's folder, ``content/articles/<slug>/<year>/…``: a provincial editor's articles
in one place that the unit's reviewers own (``codeowners``). The folder and the
article's ``province`` field must then agree: the field names that unit, or a former
unit merged into it (``yen-bai`` articles in ``lao-cai/``), or the folder is that former
unit's own. Any other first folder (a year, a topic) says nothing of the province.
"""

from __future__ import annotations

from collections.abc import Sequence

from .registry import Province, Registry


def folder_of(relative: str, article_paths: Sequence[str]) -> str | None:
    """The first folder below an article folder that ``relative`` (a path from the
    content folder, ``/``-separated) lies in; None for a file directly in it."""
    for base in article_paths:
        base = base.strip("/")
        prefix = f"{base}/" if base else ""
        if relative.startswith(prefix):
            rest = relative[len(prefix):].split("/")
            return rest[0] if len(rest) > 1 else None
    return None


def folder_problem(registry: Registry, folder: str | None, province: Province | None, written: str | None,
                   articles: str = "content/articles") -> str | None:
    """What is wrong with an article in ``folder`` whose province field says
    ``written`` (found as ``province``), with the fix; None when nothing is."""
    if folder is None or folder.isdigit():
        return None
    unit = registry.provinces.get(folder)
    if unit is None:
        meant = registry.lookup(folder)
        if meant is None:
            return None  # a folder of another kind (a topic): no province is implied
        return (f'thư mục "{folder}" giống tên {meant.full_name} nhưng không đúng tên thư mục của tỉnh: đổi tên '
                f"thành {articles}/{meant.slug}/ (người duyệt của tỉnh chỉ thấy thư mục đúng tên).")
    where = f"{articles}/{folder}/"
    if province is None:
        return (f"bài nằm trong thư mục của {unit.full_name} ({where}) nhưng không có trường province. "
                f"Thêm một dòng province: {unit.name}; nếu là tin Trung ương Hội, chuyển tệp về thư mục năm "
                f"({articles}/<năm>/).")
    if province.slug == unit.slug or province.successor == unit.slug:
        return None
    right = registry.successor(province)
    return (f'bài ghi province: "{written}" ({province.full_name}) nhưng nằm trong thư mục của {unit.full_name} '
            f"({where}). Sửa thành province: {unit.name}, hoặc chuyển tệp sang {articles}/{right.slug}/.")
