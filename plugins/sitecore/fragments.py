"""Render-once fragments: sidebar blocks that are the same on every page.

A 10,000-article site writes some 25,000 pages; the "Tỉnh hội" block and the calendar
of a month are identical on all pages that show them except for the relative prefix
``SITEURL`` ("..", "../..", ...). Rendering each block once per build, with a marker
in place of ``SITEURL``, and pasting it into each page with that page's prefix keeps
the sidebars from multiplying the build time. Jinja has no fragment cache of its own
(its bytecode cache skips compiling, not rendering), hence this small helper.

Templates call ``{{ shared_fragment("partials/provinces_block.html") }}``; a fragment
that varies with a few values (the calendar of one month) passes them as a key:
``{{ shared_fragment("partials/calendar_month.html", month=page_month) }}``.

A fragment is part of every page that shows it: what it shows must be in those pages'
keys (``incremental``). Blocks that change with every article published ("Tin mới cập
nhật", "Tiêu điểm", the calendar's marked days) are therefore not fragments but files
of their own that pages load (``sidebars``, ``calendar_archive``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

# Never produced by a template or by content (a C0 control character, removed from text).
SITEURL_MARK = "\x1esiteurl\x1e"


def fragment_id(name: str, values: dict[str, Any]) -> str:
    """A fragment's id: its template and the values it is given (strings, numbers)."""
    return json.dumps([name, sorted(values.items())], ensure_ascii=False)


class FragmentCache:
    """Rendered fragments of one build, keyed by template name and the given values."""

    def __init__(self) -> None:
        self._made: dict[str, str] = {}  # fragment id -> its HTML with ``SITEURL_MARK``
        self.renders = 0

    def render(self, context: Context, name: str, values: dict[str, Any]) -> Markup:
        fragment = fragment_id(name, values)
        made = self._made.get(fragment)
        if made is None:
            variables = {**context.get_all(), **values, "SITEURL": SITEURL_MARK}
            made = self._made[fragment] = context.environment.get_template(name).render(variables)
            self.renders += 1
        return Markup(made.replace(SITEURL_MARK, str(context.get("SITEURL", ""))))

    def template_global(self) -> Callable[..., Markup]:
        """The ``shared_fragment(name, **values)`` function for a Jinja environment."""

        @pass_context
        def shared_fragment(context: Context, name: str, **values: Any) -> Markup:
            return self.render(context, name, values)

        return shared_fragment
