"""The search page as a reader uses it, in the browser (shared by the search tests)."""

from __future__ import annotations

from urllib.parse import quote


def search_titles(page, base: str, query: str, **filters: str) -> list[str]:
    """Open the search page of the site at ``base`` with ``query`` and ``filters`` in its
    address, wait until it has answered, and return the result titles in order."""
    params = "&".join(f"{k}={quote(v)}" for k, v in {"q": query, **filters}.items())
    page.goto(f"{base}/tim-kiem/?{params}")
    page.wait_for_selector("#tim-kiem[data-ready=true]", timeout=20000)
    return page.locator(".result__title a").all_inner_texts()
