"""What an editor does most (an article added, a title edited, a featured flag switched,
an article removed or taken back as a draft) writes as many files on a site of 51
articles as on one of 21: the files written follow the change, not the size of the
archive. The rebuild is the same as a build from scratch."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Site
from tests.incremental.test_incremental import clean_build_of, files_of

NEWEST = dt.datetime(2024, 7, 31, 20, 0)
CATEGORIES = ("Hoạt động Hội", "Gương sáng", "Văn bản chỉ đạo")
PROVINCES = ("Lào Cai", "Huế", None)
TAGS = ("[học bổng]", "[khuyến học]", "[xã hội học tập]")
# Five to a page, shards of ten pages in the search index. The two sizes differ by 30
# articles, so every listing (a category, a province, a tag: each of every third
# article) grows by a multiple of five and ends its newest page as it did.
SETTINGS = ("DEFAULT_PAGINATION=5", "SEARCH_SHARD_PAGES=10")
SIZES = (21, 51)


def write_site(site: Site, count: int) -> None:
    """``count`` articles eight hours apart, the newest first (all in July 2024)."""
    for n in range(count):
        date = NEWEST - dt.timedelta(hours=8 * n)
        site.article(f"bai-{n:03d}", title=f"Bài số {count - n}", date=f"{date:%Y-%m-%d %H:%M}",
                     category=CATEGORIES[n % 3], province=PROVINCES[n % 3], tags=TAGS[n % 3],
                     body=f"Nội dung bài số {count - n} về phong trào khuyến học.")


def change(site: Site, count: int, what: str) -> None:
    recent = f"bai-{1:03d}"  # the second newest
    date = NEWEST - dt.timedelta(hours=8)
    fields = dict(title=f"Bài số {count - 1}", date=f"{date:%Y-%m-%d %H:%M}", category=CATEGORIES[1],
                  province=PROVINCES[1], tags=TAGS[1])
    if what == "added":
        site.article("bai-moi", title="Bài mới", date="2024-07-31 21:00", category=CATEGORIES[0],
                     province=PROVINCES[0], tags=TAGS[0], body="Nội dung bài mới.")
    elif what == "title":
        site.article(recent, **{**fields, "title": "Tên mới của bài"},
                     body=f"Nội dung bài số {count - 1} về phong trào khuyến học.")
    elif what == "featured":
        site.article(recent, **fields, featured="true", body=f"Nội dung bài số {count - 1} về phong trào khuyến học.")
    elif what == "unpublished":
        site.article(recent, **fields, status="draft", body=f"Nội dung bài số {count - 1} về phong trào khuyến học.")
    elif what == "removed":
        (site.content / "articles/bai-000.md").unlink()


def stamps(site: Site) -> dict[str, tuple[int, int, int]]:
    out = site.output
    return {p.relative_to(out).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_ino)
            for p in out.rglob("*") if p.is_file()}


def written(before: dict, after: dict) -> list[str]:
    """Files created, changed or removed: what a sync uploads or deletes. The search
    index's own files are left out: a shard holds more pages on the larger site."""
    names = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    return sorted(n for n in names if not n.startswith("pagefind"))


@pytest.mark.parametrize("what", ["added", "title", "featured", "unpublished", "removed"])
def test_files_written_follow_the_change_not_the_size_of_the_site(tmp_path_factory, what):
    found = {}
    for count in SIZES:
        site = Site(tmp_path_factory.mktemp(f"site{count}"))
        write_site(site, count)
        assert site.build(*SETTINGS).returncode == 0
        before = stamps(site)
        change(site, count, what)
        result = site.build(*SETTINGS)
        assert result.returncode == 0, result.stderr
        found[count] = written(before, stamps(site))
    small, large = found[SIZES[0]], found[SIZES[1]]
    assert 0 < len(large) == len(small), (small, large)
    # the page of an article far from the change is never written
    assert not any(name.startswith("tin/2024/07/") and "bai-so-10/" in name for name in large)
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory, *SETTINGS)
