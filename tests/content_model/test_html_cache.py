"""Converted bodies are reused between builds only while nothing they depend on changed."""

from __future__ import annotations

from content_model.html_cache import FORMAT_VERSION, cache_key
from tests.conftest import content_cache


def entries(site) -> dict:
    return content_cache(site.root).get_all("body", FORMAT_VERSION)


def test_second_build_reuses_bodies_and_gives_the_same_pages(site):
    site.image("images/a.jpg", (400, 300))
    site.article("a", title="Bài A", body='Đoạn **đậm**.\n\n![](/images/a.jpg "Ảnh A")\n\n<script>x()</script>')
    first = site.build("SITE_SKIP_UNCHANGED=false")
    assert first.returncode == 0, first.stderr
    assert len(entries(site)) == 1
    page = first.page("tin/2024/07/15/bai-a/index.html")
    second = site.build("SITE_SKIP_UNCHANGED=false")
    assert second.page("tin/2024/07/15/bai-a/index.html") == page
    # the cleaning warning is given again when the body comes from the cache
    assert "<script>" in first.stderr or "script" in first.stderr
    assert [line for line in second.error_lines] == [line for line in first.error_lines]
    assert "script" in second.stderr
    # the body really comes from the cache: a marker put into it shows on the page once
    # the front matter changes (the file as a whole is then read again, its body not)
    [(key, data)] = entries(site).items()
    data["html"] += "<p>DẤU-BỘ-ĐỆM</p>"
    content_cache(site.root).put("body", key, FORMAT_VERSION, data)
    source = site.content / "articles" / "a.md"
    source.write_text(source.read_text(encoding="utf-8").replace("author: Minh Trang", "author: Lan Anh"), encoding="utf-8")
    third = site.build("SITE_SKIP_UNCHANGED=false")
    assert "DẤU-BỘ-ĐỆM" in third.page("tin/2024/07/15/bai-a/index.html")


def test_a_removed_photo_is_still_an_error_with_a_cached_body(site):
    site.image("images/a.jpg", (400, 300))
    site.article("a", title="Bài A", body='![](/images/a.jpg "Ảnh A")')
    assert site.build().returncode == 0
    (site.content / "images/a.jpg").unlink()
    result = site.build()
    assert result.returncode == 1
    assert "a.jpg" in result.stderr


def test_keys_follow_every_input():
    base = cache_key("body", 5, "articles", ({}, []))
    assert base != cache_key("body", 6, "articles", ({}, []))
    assert base != cache_key("body", 5, "articles/2024", ({}, []))
    assert base != cache_key("body", 5, "articles", ({}, ["youtube.com"]))
    assert base == cache_key("body", 5, "articles", ({}, []))
