"""Finds one built page of every page type, for the checks that look at each type."""

from __future__ import annotations

from pathlib import Path

# page type -> glob (relative to the output folder) of the pages of that type
PAGE_TYPES = {
    "home": "index.html",
    "article": "tin/*/*/*/*/index.html",
    "category": "chuyen-muc/*/index.html",
    "province": "tinh/*/index.html",
    "cluster": "cum/*/index.html",
    "central": "trung-uong/index.html",
    "day archive": "tin/*/*/*/index.html",
    "month archive": "tin/*/*/index.html",
    "year archive": "tin/*/index.html",
    "all news": "tin/index.html",
    "tag": "tu-khoa/*/index.html",
    "author": "tac-gia/*/index.html",
    "search": "tim-kiem/index.html",
    "rss directory": "rss/index.html",
    "404": "404.html",
    "static page": "gioi-thieu/index.html",
    "documents": "van-ban/index.html",
    "menu": "danh-muc/index.html",
    "lookup": "tra-cuu/index.html",
    # The sample's registries (content/data/): bylines and categories plugins.
    "author with a profile": "tac-gia/minh-trang/index.html",
    "grid category": "chuyen-muc/guong-sang-hieu-hoc/index.html",
    "external-link article": "tin/2026/09/12/bao-giao-duc-va-thoi-dai-*/index.html",
    "thread": "dong-su-kien/*/index.html",
    "threads": "dong-su-kien/index.html",
    "archived article": "tin/2026/08/03/thong-bao-nhan-ho-so-*/index.html",  # expired: the notice
}


def representative_pages(output: Path) -> dict[str, Path]:
    """The first page (in sorted order) of each type; a missing type is an error."""
    found = {}
    for kind, pattern in PAGE_TYPES.items():
        matches = sorted(p for p in output.glob(pattern) if "/trang/" not in p.as_posix())
        if not matches:
            raise AssertionError(f"no {kind} page ({pattern}) in {output}")
        found[kind] = matches[0]
    return found


def url_of(output: Path, page: Path, base: str) -> str:
    relative = page.relative_to(output).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return f"{base}/{relative}"


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """Every violation axe-core finds on the page open in ``page`` (any impact), each as
    one line naming the rule, its impact, its help and the first elements it found."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]
