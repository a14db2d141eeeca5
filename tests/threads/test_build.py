"""Topic threads through the real build: the thread page, the list of threads, the feed,
the block under each article of a thread, the web editor's form, and the errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import yaml

REGISTRY = """
threads:
  - slug: dai-hoi-vii
    title: Đại hội lần thứ VII
    description: Các bài về Đại hội, từ chuẩn bị đến kết quả.
    image: images/dai-hoi.jpg
  - slug: cuu-tro-lu-lut
    title: Cứu trợ lũ lụt miền Trung
"""


def _section(html: str, heading_id: str) -> list[str]:
    match = re.search(rf'aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return re.findall(r'<a href="[^"]*">([^<]+)</a>', match.group(1)) if match else []


def write_thread(site) -> None:
    site.write("dong-su-kien.yml", REGISTRY)
    site.image("images/dai-hoi.jpg", (800, 500))
    site.article("a1", title="Chuẩn bị Đại hội", date="2026-06-01 08:00", thread="dai-hoi-vii")
    site.article("a2", title="Lấy ý kiến văn kiện", date="2026-07-01 08:00", thread="Đại hội lần thứ VII")
    site.article("a3", title="Khai mạc Đại hội", date="2026-10-01 08:00", thread="đại hội lần thứ vii")
    site.article("khac", title="Tin khác", date="2026-10-02 08:00")


def test_thread_page_list_feed_and_block(site):
    write_thread(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    # The thread's page: its description and image, its articles newest first, its feed.
    page = result.page("dong-su-kien/dai-hoi-vii/index.html")
    assert "<h1>Dòng sự kiện: Đại hội lần thứ VII</h1>" in page
    assert "Các bài về Đại hội, từ chuẩn bị đến kết quả." in page
    assert re.search(r'<img src="\.\./\.\./anh/\w+/dai-hoi-800\.jpg"', page)  # derived by the images plugin
    titles = re.findall(r'class="item__link" href="[^"]*">([^<]+)</a>', page)
    assert titles == ["Khai mạc Đại hội", "Lấy ý kiến văn kiện", "Chuẩn bị Đại hội"]
    assert 'href="../../rss/dong-su-kien/dai-hoi-vii.xml" type="application/rss+xml">Theo dõi dòng sự kiện này' in page
    # A thread without articles has its page too (an empty list).
    assert "Chưa có tin nào." in result.page("dong-su-kien/cuu-tro-lu-lut/index.html")
    # Every thread, the one updated most recently first.
    listing = result.page("dong-su-kien/index.html")
    assert re.findall(r'<li class="threads__item"><a href="([^"]+)">', listing) == [
        "../dong-su-kien/dai-hoi-vii/", "../dong-su-kien/cuu-tro-lu-lut/"]
    assert "(3 tin, cập nhật 01/10/2026)" in listing
    # The thread's feed: its articles, newest first.
    feed = ET.parse(result.output / "rss" / "dong-su-kien" / "dai-hoi-vii.xml").getroot()
    assert feed.findtext("channel/title") == "Hội Khuyến học – Dòng sự kiện Đại hội lần thứ VII"
    assert [i.findtext("title") for i in feed.iter("item")] == [
        "Khai mạc Đại hội", "Lấy ý kiến văn kiện", "Chuẩn bị Đại hội"]
    feeds_page = result.page("rss/index.html")
    assert "<h2>Theo dòng sự kiện</h2>" in feeds_page and "rss/dong-su-kien/dai-hoi-vii.xml" in feeds_page
    assert 'xmlUrl="http://localhost:8000/rss/dong-su-kien/dai-hoi-vii.xml"' in result.page("rss/khuyen-hoc.opml")
    # Under each article of the thread: the thread's other articles, and a link to it.
    article = result.page("tin/2026/07/01/lay-y-kien-van-kien/index.html")
    assert "Theo dòng sự kiện: Đại hội lần thứ VII</h2>" in article
    assert _section(article, "dong-su-kien") == ["Khai mạc Đại hội", "Chuẩn bị Đại hội", "Xem cả dòng sự kiện"]
    assert 'href="../../../../../dong-su-kien/dai-hoi-vii/">Xem cả dòng sự kiện' in article
    assert "dong-su-kien" not in _section(result.page("tin/2026/10/02/tin-khac/index.html"), "dong-su-kien")
    assert 'aria-labelledby="dong-su-kien"' not in result.page("tin/2026/10/02/tin-khac/index.html")
    # The sitemap has the threads with articles.
    sitemap = result.page("sitemap.xml")
    assert "/dong-su-kien/dai-hoi-vii/" in sitemap and "/dong-su-kien/cuu-tro-lu-lut/" not in sitemap
    # The web editor: the article's thread is chosen among the registry's, which has its form.
    config = yaml.safe_load(result.page("quan-tri/config.yml"))
    articles, *_, threads = config["collections"]
    (field,) = [f for f in articles["fields"] if f["name"] == "thread"]
    assert field["label"] == "Theo dòng sự kiện" and field["widget"] == "select"
    assert field["options"] == [{"label": "Đại hội lần thứ VII", "value": "dai-hoi-vii"},
                                {"label": "Cứu trợ lũ lụt miền Trung", "value": "cuu-tro-lu-lut"}]
    forms = {f["name"]: f for f in articles["fields"]}
    assert forms["expires"]["label"] == "Thời gian hết hạn" and forms["expires"]["widget"] == "datetime"
    assert forms["after_expiry"]["label"] == "Sau thời gian hết hạn"
    assert [o["value"] for o in forms["after_expiry"]["options"]] == ["archive", "withdraw"]
    assert "default" not in forms["after_expiry"]  # else every new article would carry it
    assert threads["files"][0]["file"] == "content/dong-su-kien.yml"
    assert [f["name"] for f in threads["files"][0]["fields"][0]["fields"]] == ["slug", "title", "description", "image"]


def test_unknown_threads_and_registry_problems_are_listed_at_once(site):
    site.write("dong-su-kien.yml", REGISTRY + "  - slug: Sai Slug\n    title: Khác\n")
    site.image("images/dai-hoi.jpg")
    site.article("sai", title="Bài sai", thread="Đại hội lần VII")
    site.article("lu", title="Bài lũ", thread="cuu-tro-lu")
    result = site.build()
    assert result.returncode == 1
    c = site.content
    assert result.error_lines == [
        f'{c}/articles/lu.md:6: thread: không có dòng sự kiện "cuu-tro-lu". Có phải: Cứu trợ lũ lụt miền Trung, '
        "Đại hội lần thứ VII? Ghi slug hoặc tiêu đề của một dòng sự kiện trong content/dong-su-kien.yml, hoặc thêm "
        "dòng sự kiện mới vào tệp đó.",
        f'{c}/articles/sai.md:6: thread: không có dòng sự kiện "Đại hội lần VII". Có phải: Đại hội lần thứ VII, '
        "Cứu trợ lũ lụt miền Trung? Ghi slug hoặc tiêu đề của một dòng sự kiện trong content/dong-su-kien.yml, "
        "hoặc thêm dòng sự kiện mới vào tệp đó.",
        f'{c}/dong-su-kien.yml:8: slug: slug "Sai Slug" phải là chữ thường không dấu nối bằng dấu -, '
        "ví dụ slug: sai-slug.",
    ]
    assert "Dừng: 3 lỗi trong nội dung." in result.stderr
    assert not site.output.exists()
