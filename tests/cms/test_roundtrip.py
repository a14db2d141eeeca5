"""What the web editor commits reads back through the project's reader: YAML quoting,
the date forms of its pickers, list style, booleans. Files are written by Decap CMS's
own serializer (``decap.py``), not by a copy of it."""

from __future__ import annotations

import datetime as dt

import pytest

from content_model.dates import VIETNAM
from content_model.frontmatter import ARTICLE_REQUIRED, check_fields, split

from tests.cms import decap
from tests.conftest import ROOT

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=VIETNAM)


def read(text: str, path: str = "content/articles/2026/x.md") -> tuple[dict, list[str]]:
    fm = split(path, text)
    values = check_fields(fm, ARTICLE_REQUIRED, VIETNAM, NOW) if fm.parsed else {}
    return values, [str(p) for p in fm.problems]


BASE = {"date": "2026-10-20 09:30", "author": "Minh Trang", "category": "Hoạt động Hội", "status": "published"}

# (what an editor types in the CMS's fields, what the reader must make of it)
CASES = [
    ({"title": "Hội nghị: tổng kết năm"}, {"title": "Hội nghị: tổng kết năm"}),
    ({"title": 'Phong trào "Gia đình học tập"'}, {"title": 'Phong trào "Gia đình học tập"'}),
    ({"title": "- gạch đầu dòng # không phải chú thích"}, {"title": "- gạch đầu dòng # không phải chú thích"}),
    ({"title": "yes"}, {"title": "yes"}),
    ({"title": "2026"}, {"title": "2026"}),
    ({"title": "null"}, {"title": "null"}),
    ({"title": "12:30"}, {"title": "12:30"}),
    ({"title": "'nháy đơn' & [ngoặc] {nhọn} @ `huyền` | > %"}, {"title": "'nháy đơn' & [ngoặc] {nhọn} @ `huyền` | > %"}),
    ({"title": "T", "summary": "Dòng một.\nDòng hai: có dấu hai chấm."},
     {"summary": "Dòng một. Dòng hai: có dấu hai chấm."}),  # the reader joins lines, as for typed text
    ({"title": "T", "tags": ["khuyến học", "học bổng: 2026", "yes"]}, {"tags": ["khuyến học", "học bổng: 2026", "yes"]}),
    ({"title": "T", "featured": True, "featured_until": "2026-12-31"},
     {"featured": True, "featured_until": dt.datetime(2026, 12, 31, tzinfo=VIETNAM)}),
    ({"title": "T", "featured": False}, {"featured": False}),
    ({"title": "T", "date": "2026-10-20 09:30"}, {"date": dt.datetime(2026, 10, 20, 9, 30, tzinfo=VIETNAM)}),
    ({"title": "T", "modified": "2026-10-21 07:05"}, {"modified": dt.datetime(2026, 10, 21, 7, 5, tzinfo=VIETNAM)}),
    ({"title": "T", "province": "Lào Cai", "cluster": "Tây Bắc"}, {"province": "Lào Cai", "cluster": "Tây Bắc"}),
    ({"title": "T", "image": "/images/2026/anh-hop.jpg", "image_caption": "Trao học bổng: 30 suất"},
     {"image": "/images/2026/anh-hop.jpg", "image_caption": "Trao học bổng: 30 suất"}),
    ({"title": "T", "author": "Minh Trang; Văn Nam"}, {"author": ["Minh Trang", "Văn Nam"]}),
    ({"title": "T", "status": "draft"}, {"status": "draft"}),
    ({"title": "T", "slug": "bai-viet-moi", "id": "2026-10-20-bai"}, {"slug": "bai-viet-moi", "id": "2026-10-20-bai"}),
]


def test_what_the_cms_writes_reads_back_unchanged():
    entries = [{**BASE, **typed, "body": "Nội dung bài: có **đậm**.\n\n- một\n- hai\n"} for typed, _ in CASES]
    texts = decap.write(entries)
    assert len(texts) == len(CASES)
    for text, (typed, expected) in zip(texts, CASES, strict=True):
        values, problems = read(text)
        assert problems == [], text
        for key, value in expected.items():
            assert values[key] == value, f"{key} in\n{text}"


def test_the_cms_writes_lists_as_block_lists_and_quotes_what_yaml_would_change():
    text = decap.write([{**BASE, "title": "Hội nghị: tổng kết", "tags": ["a", "b"], "body": "x"}])[0]
    assert 'title: "Hội nghị: tổng kết"\n' in text
    assert "tags:\n  - a\n  - b\n" in text
    assert "date: 2026-10-20 09:30\n" in text


@pytest.mark.parametrize("folder", ["articles", "pages"])
def test_opening_and_saving_a_file_in_the_cms_keeps_what_the_reader_makes_of_it(folder):
    """Every sample file (all the date forms, flow and comma lists, comments, quoting
    styles editors and `invoke new` write): saved unchanged by the CMS, it reads the same."""
    paths = sorted((ROOT / "content" / folder).rglob("*.md"))
    assert paths
    originals = [p.read_text(encoding="utf-8") for p in paths]
    for path, before, after in zip(paths, originals, decap.resave(originals), strict=True):
        name = str(path.relative_to(ROOT))
        values_before, problems_before = read(before, name)
        values_after, problems_after = read(after, name)
        assert problems_after == problems_before, after
        assert values_after == values_before, after
        assert split(name, after).body.strip() == split(name, before).body.strip()
