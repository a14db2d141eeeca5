"""Render-once fragments: sidebar blocks that are the same on every page.

A 10,000-article site writes some 25,000 pages; the "Tin mới cập nhật", "Tiêu điểm"
and "Tỉnh hội" blocks are identical on all of them except for the relative prefix
``SITEURL`` ("..", "../..", ...). Rendering each block once per build, with a marker
in place of ``SITEURL``, and pasting it into each page with that page's prefix keeps
the sidebars from multiplying the build time. Jinja has no fragment cache of its own
(its bytecode cache skips compiling, not rendering), hence this small helper.

Templates call ``{{ shared_fragment("partials/sidebar_latest.html") }}``; a fragment
that varies with a few values (the calendar of one month) passes them as a key:
``{{ shared_fragment("partials/calendar.html", month=page_month) }}``.

A page whose other parts are unchanged since the last build, but not a fragment it
shows (a new article in "Tin mới cập nhật"), is patched rather than rendered: the
writer notes which fragments each page showed (``recording_uses``) and the record of the
build keeps each fragment's text, so the next build replaces the old text by the new one
in the published page (``incremental.keys``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

# Never produced by a template or by content (a C0 control character, removed from text).
SITEURL_MARK = "\x1esiteurl\x1e"


class FragmentUse(NamedTuple):
    """One fragment shown on a page: its id (``fragment_id``), the digest of its text
    and the ``SITEURL`` it was shown with."""

    fragment: str
    digest: str
    siteurl: str


class Fragment(NamedTuple):
    html: str  # with ``SITEURL_MARK``
    digest: str


# The uses noted while a page renders (``recording_uses``); None: not noting. Module
# state, not the cache's: each Jinja environment has its own cache, and a page renders
# in one process at a time.
_uses: list[FragmentUse] | None = None


@contextmanager
def recording_uses() -> Iterator[list[FragmentUse]]:
    """Note every fragment shown while the block runs, in the order shown."""
    global _uses
    outer, _uses = _uses, []
    try:
        yield _uses
    finally:
        _uses = outer


def fragment_id(name: str, values: dict[str, Any]) -> str:
    """A fragment's id: its template and the values it is given (strings, numbers)."""
    return json.dumps([name, sorted(values.items())], ensure_ascii=False)


class FragmentCache:
    """Rendered fragments of one build, keyed by template name and the given values."""

    def __init__(self) -> None:
        self._made: dict[str, Fragment] = {}
        self.renders = 0

    def fragment(self, context: Context | Callable[[], Context], fragment: str) -> Fragment:
        """The fragment ``fragment`` (an id), rendered the first time it is asked for
        (``context``: a page's, or what makes one)."""
        made = self._made.get(fragment)
        if made is None:
            if not isinstance(context, Context):
                context = context()
            name, values = json.loads(fragment)
            variables = {**context.get_all(), **dict(values), "SITEURL": SITEURL_MARK}
            html = context.environment.get_template(name).render(variables)
            made = self._made[fragment] = Fragment(html, hashlib.sha256(html.encode("utf-8")).hexdigest()[:32])
            self.renders += 1
        return made

    def text(self, fragment: str) -> str:
        """The text of a fragment already rendered (``SITEURL_MARK`` in it)."""
        return self._made[fragment].html

    def render(self, context: Context, name: str, values: dict[str, Any]) -> Markup:
        fragment = fragment_id(name, values)
        made = self.fragment(context, fragment)
        siteurl = str(context.get("SITEURL", ""))
        if _uses is not None:
            _uses.append(FragmentUse(fragment, made.digest, siteurl))
        return Markup(made.html.replace(SITEURL_MARK, siteurl))

    def template_global(self) -> Callable[..., Markup]:
        """The ``shared_fragment(name, **values)`` function for a Jinja environment; the
        cache is its ``cache`` attribute."""

        @pass_context
        def shared_fragment(context: Context, name: str, **values: Any) -> Markup:
            return self.render(context, name, values)

        shared_fragment.cache = self  # type: ignore[attr-defined]
        return shared_fragment


def patched(page: str, changes: list[tuple[str, str, str]]) -> str | None:
    """``page`` with each fragment's old text replaced by its new one (``changes``: old
    text and new text with ``SITEURL_MARK``, and the page's ``SITEURL``); None when an
    old text is not found exactly once (then the page must be rendered)."""
    for old, new, siteurl in changes:
        old, new = old.replace(SITEURL_MARK, siteurl), new.replace(SITEURL_MARK, siteurl)
        if page.count(old) != 1:
            return None
        page = page.replace(old, new)
    return page
