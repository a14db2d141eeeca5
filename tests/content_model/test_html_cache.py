"""Converted bodies are reused between builds only while nothing they depend on changed."""

from __future__ import annotations

import json
from pathlib import Path

from content_model.html_cache import HtmlCache, cache_key


def entry_files(site):
    return sorted((site.root / "cache" / "content" / "bodies").glob("*/*.json"))


def test_second_build_reuses_bodies_and_gives_the_same_pages(site):
    site.image("images/a.jpg", (400, 300))
    site.article("a", title="Bài A", body='Đoạn **đậm**.\n\n![](/images/a.jpg "Ảnh A")\n\n<script>x()</script>')
    first = site.build("SITE_SKIP_UNCHANGED=false")
    assert first.returncode == 0, first.stderr
    assert len(entry_files(site)) == 1
    page = first.page("tin/2024/07/15/bai-a/index.html")
    second = site.build("SITE_SKIP_UNCHANGED=false")
    assert second.page("tin/2024/07/15/bai-a/index.html") == page
    # the cleaning warning is given again when the body comes from the cache
    assert "<script>" in first.stderr or "script" in first.stderr
    assert [line for line in second.error_lines] == [line for line in first.error_lines]
    assert "script" in second.stderr
    # the body really comes from the cache: a marker put into it shows on the page once
    # the front matter changes (the file as a whole is then read again, its body not)
    [path] = entry_files(site)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["html"] += "<p>DẤU-BỘ-ĐỆM</p>"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
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


def test_only_used_entries_are_kept_and_keys_follow_every_input(tmp_path):
    cache = HtmlCache(tmp_path / "c")
    cache.put("k1", {"html": "Đoạn"})
    cache.put("k2", {"html": "y"})
    cache.save()
    again = HtmlCache(tmp_path / "c")
    assert again.get("k1") == {"html": "Đoạn"} and again.get("k3") is None
    again.save()  # k2 was not used by this build: removed
    assert HtmlCache(tmp_path / "c").get("k1") is not None
    assert HtmlCache(tmp_path / "c").get("k2") is None
    HtmlCache(tmp_path / "c").save()  # a build that used nothing
    assert HtmlCache(tmp_path / "c").get("k1") is None
    assert list((tmp_path / "c").iterdir()) == []  # no empty folders left
    cut = HtmlCache(tmp_path / "c")
    cut.put("k4", {"html": "z"})
    Path(cut._file("k4")).write_bytes(b'{"html": "z')  # cut short by a crash: a miss
    assert HtmlCache(tmp_path / "c").get("k4") is None
    base = cache_key("body", 5, "articles", ({}, []))
    assert base != cache_key("body", 6, "articles", ({}, []))
    assert base != cache_key("body", 5, "articles/2024", ({}, []))
    assert base != cache_key("body", 5, "articles", ({}, ["youtube.com"]))
    assert base == cache_key("body", 5, "articles", ({}, []))
