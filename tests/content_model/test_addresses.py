"""Addresses pinned once per object equal what Pelican computes from its settings."""

from __future__ import annotations

import datetime as dt
import copy

import pytest
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category

from content_model.content_model import _pin

SETTINGS = {
    **copy.deepcopy(DEFAULT_CONFIG),
    "DEFAULT_LANG": "vi",
    # every kind with its own pattern, so that choosing the wrong setting shows
    "ARTICLE_URL": "tin/{category}/{date:%Y}/{date:%m}/{slug}/",
    "ARTICLE_SAVE_AS": "tin/{category}/{date:%Y}/{date:%m}/{slug}/index.html",
    "ARTICLE_LANG_URL": "{lang}/tin/{slug}/",
    "ARTICLE_LANG_SAVE_AS": "{lang}/tin/{slug}/index.html",
    # a file name that does not follow the address (the second format)
    "DRAFT_URL": "nhap/{slug}/",
    "DRAFT_SAVE_AS": "nhap/{date:%Y}-{slug}.html",
    "DRAFT_LANG_URL": "{lang}/nhap/{slug}/",
    "DRAFT_LANG_SAVE_AS": "{lang}/nhap/{slug}/index.html",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "PAGE_LANG_URL": "{lang}/{slug}/",
    "PAGE_LANG_SAVE_AS": "{lang}/{slug}/index.html",
    "DRAFT_PAGE_URL": "trang-nhap/{slug}/",
    "DRAFT_PAGE_SAVE_AS": "trang-nhap/{slug}/{{ban}}.html",  # braces after the address
    "DRAFT_PAGE_LANG_URL": "{lang}/trang-nhap/{slug}/",
    "DRAFT_PAGE_LANG_SAVE_AS": "{lang}/trang-nhap/{slug}/index.html",
}
DATE = dt.datetime(2024, 7, 15, 9, 30)


@pytest.mark.parametrize("klass", [Article, Page])
@pytest.mark.parametrize("status", ["published", "hidden", "draft"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pinned_addresses_are_pelicans_own(klass, status, lang):
    metadata = {"title": "Trao học bổng", "slug": "trao-hoc-bong", "date": DATE, "status": status,
                "lang": lang, "category": Category("Hoạt động Hội", SETTINGS)}
    content = klass("<p>Nội dung</p>", metadata=metadata, settings=SETTINGS,
                    source_path="/site/content/a.md")
    expected = (content.url, content.save_as)  # Pelican's, from its settings
    _pin(content)
    assert (content.override_url, content.override_save_as) == expected
    assert (content.url, content.save_as) == expected


def test_an_address_given_in_the_metadata_is_kept():
    metadata = {"title": "Giới thiệu", "slug": "gioi-thieu", "date": DATE, "save_as": "gioi-thieu.html"}
    content = Page("<p>x</p>", metadata=metadata, settings=SETTINGS, source_path="/site/content/p.md")
    _pin(content)
    assert content.save_as == "gioi-thieu.html"
    assert content.url == "gioi-thieu/"
