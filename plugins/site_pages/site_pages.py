"""The reader's site: province, cluster, central-news and "Tỉnh hội" pages, and the
helpers every template uses.

Handlers:
* ``check_settings`` (initialized): a missing setting stops the build with its fix.
* ``add_template_helpers`` (generator_init): every generator's Jinja environment gets
  the filters ``vn_datetime`` (``Thứ Tư, 23/05/2018 03:22``, the one date format of
  the site), ``vn_date``, ``vn_month``, ``iso_datetime``, ``province_label`` and the
  globals ``T`` (the UI strings) and ``image_size``.
* ``add_generator`` (get_generators): :class:`SitePagesGenerator`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pelican import signals

from sitecore.errors import settings_check
from sitecore.fragments import FragmentCache

from . import vndates
from .directory import province_label
from .generator import SitePagesGenerator
from .images import ImageSizes
from .settings import SitePagesSettings
from .strings import UIStrings

UI = UIStrings()


check_settings = settings_check(SitePagesSettings.from_pelican)


def article_province_label(article: Any) -> str:
    """The province of ``article`` as its page and listings show it ("" for central news)."""
    province = getattr(article, "province", None)
    if province is None:
        return ""
    return province_label(getattr(article, "province_label", None), province.province)


def add_template_helpers(generator) -> None:
    config = SitePagesSettings.from_pelican(generator.settings)
    tz = config.timezone
    generator.env.filters.update(
        {
            "vn_datetime": partial(vndates.vn_datetime, tz=tz),
            "vn_date": partial(vndates.vn_date, tz=tz),
            "vn_month": partial(vndates.vn_month, tz=tz),
            "iso_datetime": partial(vndates.iso_datetime, tz=tz),
            "province_label": article_province_label,
        }
    )
    # One fragment cache per generator (its own Jinja environment): a block that is the
    # same on every page is rendered a handful of times per build, not once per page.
    generator.env.globals.update({
        "T": UI,
        "image_size": ImageSizes(config.content_root),
        "shared_fragment": FragmentCache().template_global(),
    })


def add_generator(pelican) -> type[SitePagesGenerator]:
    return SitePagesGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(add_generator)
