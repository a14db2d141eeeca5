"""The CODEOWNERS files made from the province registry (pure: never imports Pelican).

Provincial editors send articles in their unit's folder (``content/articles/<slug>/``,
photos in ``content/images/<slug>/``, attachments in ``content/files/<slug>/``); the
unit's reviewers or the centre's approve them. With "require review from code owners"
on the main branch (docs/deployment.md), a change is merged only once one owner of each
file it touches approved it. Every file's default owner is the centre; a unit's folders
are owned by its reviewers and the centre (either may approve), a former unit's by its
successor's.

GitHub reads ``.github/CODEOWNERS``, GitLab ``.gitlab/CODEOWNERS``; the rules are the
same in both (gitignore-like patterns, the last matching line wins, any one owner of a
line approves). ``invoke codeowners`` writes both; a test fails while they differ
from what the registry gives.
"""

from __future__ import annotations

from collections.abc import Iterable

from .registry import Registry

# The folders of a unit: its articles, their photos, their attachments.
UNIT_FOLDERS = ("content/articles", "content/images", "content/files")
FILES = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}
_HOW_TO_REQUIRE = {
    "github": "Settings → Branches → main: \"Require a pull request\" và \"Require review from Code Owners\".",
    "gitlab": "Settings → Repository → Protected branches → main: \"Code owner approval\".",
}


def rules(registry: Registry, folders: Iterable[str] = UNIT_FOLDERS) -> list[tuple[str, tuple[str, ...]]]:
    """(pattern, owners) in the order written: the centre's default, then each unit's
    folders (current units first, in the registry's order, then former ones)."""
    centre = registry.reviewers
    found: list[tuple[str, tuple[str, ...]]] = []
    if centre:
        found.append(("*", centre))
    folders = tuple(folders)
    units = [*registry.current_units(), *registry.former_units()]
    for unit in units:
        own = registry.reviewers_of(unit)
        if not own:
            continue  # the centre's alone, as the default line says
        owners = tuple(dict.fromkeys((*own, *centre)))
        for folder in folders:
            found.append((f"/{folder}/{unit.slug}/", owners))
    return found


def codeowners(registry: Registry, host: str, source: str = "data/provinces.yml") -> str:
    """The text of ``host``'s CODEOWNERS file ("github" or "gitlab")."""
    lines = [
        f"# Tạo tự động từ {source} bằng `invoke codeowners`: đừng sửa tay tệp này.",
        "# Bài của một tỉnh hội (content/articles/<tỉnh>/, ảnh content/images/<tỉnh>/, tệp",
        "# content/files/<tỉnh>/) do người duyệt của tỉnh đó hoặc của Trung ương Hội duyệt;",
        "# mọi tệp khác do Trung ương Hội duyệt. Bật bắt buộc duyệt:",
        f"# {_HOW_TO_REQUIRE[host]}",
        "",
    ]
    width = max((len(pattern) for pattern, _ in rules(registry)), default=0)
    for pattern, owners in rules(registry):
        lines.append(f"{pattern.ljust(width)} {' '.join(owners)}")
    return "\n".join(lines) + "\n"


def files_for(registry: Registry, source: str = "data/provinces.yml") -> dict[str, str]:
    """Each host's CODEOWNERS file by its path in the repository, and its text."""
    return {path: codeowners(registry, host, source) for host, path in FILES.items()}
