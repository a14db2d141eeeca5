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
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

# Never produced by a template or by content (a C0 control character, removed from text).
SITEURL_MARK = "\x1esiteurl\x1e"


class FragmentCache:
    """Rendered fragments of one build, keyed by template name and the given values."""

    def __init__(self) -> None:
        self._html: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = {}
        self.renders = 0

    def render(self, context: Context, name: str, values: dict[str, Any]) -> Markup:
        key = (name, tuple(sorted(values.items())))
        html = self._html.get(key)
        if html is None:
            variables = {**context.get_all(), **values, "SITEURL": SITEURL_MARK}
            html = context.environment.get_template(name).render(variables)
            self._html[key] = html
            self.renders += 1
        return Markup(html.replace(SITEURL_MARK, str(context.get("SITEURL", ""))))

    def template_global(self):
        """The ``shared_fragment(name, **values)`` function for a Jinja environment."""

        @pass_context
        def shared_fragment(context: Context, name: str, **values: Any) -> Markup:
            return self.render(context, name, values)

        return shared_fragment
