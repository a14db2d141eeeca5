"""Which files of the content folder are article sources, and whether they are where
the build reads them (pure; never imports Pelican).

Pelican reads ``*.md`` and ``*.markdown`` (exactly these, lower case) under the
article and page folders and ignores every other file without a word: an article
saved as ``Bai-viet.MD``, as ``bai-viet.md.txt`` (Notepad), or in a folder of its own
(``content/tin-tuc/``) would simply be missing from the site. Every file that looks
like an article source must therefore be read, or named in an error saying how to
rename or move it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

READ_SUFFIXES = (".md", ".markdown")
# What editors' tools make of those: upper case, and a ".txt" Windows adds.
_LOOKALIKE_SUFFIXES = (".md", ".markdown", ".md.txt", ".markdown.txt")


def looks_like_source(name: str) -> bool:
    """Whether a file named ``name`` is meant as an article or page source."""
    return name.lower().endswith(_LOOKALIKE_SUFFIXES)


def _parts(folder: str) -> tuple[str, ...]:
    return tuple(part for part in PurePosixPath(folder.replace("\\", "/")).parts if part not in ("", "."))


def under(relative: str, folders: Iterable[str]) -> bool:
    """Whether ``relative`` (a path from the content folder) lies in one of ``folders``."""
    parts = _parts(relative)
    return any(parts[: len(f)] == f for f in map(_parts, folders))


def _folders(folders: Sequence[str]) -> str:
    return " hoặc ".join(f"content/{'/'.join(_parts(f))}/".replace("//", "/") for f in folders)


def placement_problem(relative: str, article_paths: Sequence[str], page_paths: Sequence[str]) -> str | None:
    """The editor's message when the source at ``relative`` (a path from the content
    folder, ``/``-separated) is not where or not named as the build reads it; None when
    it is."""
    name = PurePosixPath(relative).name
    lower = name.lower()
    suffix = next(s for s in sorted(_LOOKALIKE_SUFFIXES, key=len, reverse=True) if lower.endswith(s))
    stem = name[: len(name) - len(suffix)]
    fixed = stem + suffix.removesuffix(".txt")
    problems = []
    if name != fixed:
        why = " (bỏ đuôi .txt mà Notepad thêm vào)" if suffix.endswith(".txt") else " (đuôi viết thường)"
        problems.append(f'tệp "{name}" có đuôi không được đọc nên bài không được đăng. '
                        f'Đổi tên thành "{fixed}"{why}.')
    if not under(relative, [*article_paths, *page_paths]):
        problems.append(
            "tệp Markdown nằm ngoài thư mục bài viết nên không được đọc. "
            f"Chuyển tệp vào {_folders(article_paths)} (bài viết) hoặc {_folders(page_paths)} (trang)."
        )
    return " ".join(problems) or None
