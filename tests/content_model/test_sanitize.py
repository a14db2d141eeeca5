"""The article sanitizer: hostile markup, one case per line, and one real build."""

from __future__ import annotations

import pytest

from content_model.sanitize import EMBED_SANDBOX, Cleaned, clean, inert_text

EMBEDS = frozenset({"www.youtube-nocookie.com"})
OUTSIDE = "(trình duyệt của bạn đọc sẽ tải từ máy chủ đó: chép ảnh vào content/images/ rồi chèn lại bằng đường dẫn trong đó)"


def outside(*files: str) -> str:
    return f"tệp từ máy chủ khác: {', '.join(files)} {OUTSIDE}"


@pytest.mark.parametrize(("html", "expected", "removed"), [
    # new tabs: rel="noopener noreferrer" whatever the author wrote
    ('<a href="https://x.org" target="_blank" rel="opener">l</a>',
     '<a href="https://x.org" target="_blank" rel="noopener noreferrer">l</a>', ()),
    ('<a href="https://x.org" target="_BLANK">l</a>',
     '<a href="https://x.org" target="_blank" rel="noopener noreferrer">l</a>', ()),
    ('<a href="https://x.org" target="cua-so" rel="opener nofollow" title="a>b">l</a>',
     '<a href="https://x.org" title="a&gt;b" rel="nofollow">l</a>', ("target=",)),
    ('<a href="https://x.org" rel="opener">l</a>', '<a href="https://x.org">l</a>', ()),
    # nothing fetched from another host
    ('<p>x<img src="https://tracker.example/p.gif" alt="" width="1"></p>', "<p>x</p>",
     (outside('ảnh "https://tracker.example/p.gif"'),)),
    ('<img src="//tracker.example/p.gif">', "", (outside('ảnh "//tracker.example/p.gif"'),)),
    ('<img src="/\\tracker.example/p.gif">', "", (outside('ảnh "/\\tracker.example/p.gif"'),)),
    ('<img src="/&#10;/tracker.example/p.gif">', "", (outside('ảnh "/\n/tracker.example/p.gif"'),)),
    ('<img src="data:image/gif;base64,R0lGOD" alt="a">', "", ("data:", "src=")),
    ('<img src="javascript:alert(1)">', "", ("javascript:", "src=")),
    ('<img src="a.jpg" srcset="a.jpg 1x, https://t.example/b.jpg 2x">', '<img src="a.jpg" srcset="a.jpg 1x">',
     (outside('ảnh "https://t.example/b.jpg"'),)),
    ('<picture><source srcset="https://t.example/a.webp" type="image/webp"><img src="a.jpg"></picture>',
     '<picture><img src="a.jpg"></picture>', (outside('ảnh/video "https://t.example/a.webp"'),)),
    ('<video src="https://t.example/v.mp4" poster="https://t.example/p.jpg" controls></video>',
     '<video controls=""></video>',
     (outside('video "https://t.example/v.mp4"', 'ảnh "https://t.example/p.jpg"'),)),
    ('<audio src="https://t.example/a.mp3"></audio>', "<audio></audio>",
     (outside('âm thanh "https://t.example/a.mp3"'),)),
    ('<p style="background:url(https://t.example/x.gif)">s</p>', "<p>s</p>", ("style=",)),
    ('<style>p{background:url(https://t.example/x.gif)}</style>', "", ("<style>",)),
    ('<link rel="stylesheet" href="https://t.example/c.css">', "", ("<link>", "href=", "https:")),
    ('<object data="https://t.example/o.swf"></object>', "", ("<object>", "data=")),
    ('<embed src="https://t.example/e.swf">', "", ("<embed>", "https:", "src=")),
    ('<form action="https://t.example/f"><input name="q"></form>', "", ("<form>", "<input>", "action=", "name=")),
    ('<svg><image href="https://t.example/s.png"/></svg>', "", ("<image>", "<svg>", "href=", "https:")),
    # frames: allowed hosts only, harmless features only, the site's sandbox
    ('<iframe src="https://www.youtube-nocookie.com/embed/a" allow="camera; microphone; geolocation; fullscreen; '
     'encrypted-media *" sandbox="allow-scripts allow-top-navigation allow-modals" referrerpolicy="unsafe-url">'
     "</iframe>",
     f'<iframe src="https://www.youtube-nocookie.com/embed/a" allow="fullscreen; encrypted-media" sandbox="{EMBED_SANDBOX}">'
     "</iframe>",
     ("referrerpolicy=", "quyền của khung nhúng: camera, microphone, geolocation")),
    ('<iframe src="https://www.youtube-nocookie.com/embed/a" allowfullscreen></iframe>',
     f'<iframe src="https://www.youtube-nocookie.com/embed/a" allowfullscreen="" sandbox="{EMBED_SANDBOX}"></iframe>', ()),
    ('<iframe src="https://quang-cao.example/x"></iframe>', "", ("<iframe>", "https:", "src=")),
    # what was already kept
    ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", ()),
    ('<p onclick="x()">a<script>alert(1)</script></p>', "<p>a</p>", ("<script>", "onclick=")),
])
def test_clean(html, expected, removed):
    result = clean(html, EMBEDS)
    assert result.html == expected
    assert result.removed == removed


def test_the_sites_own_host_is_not_another_host_in_a_feed():
    html = '<img src="https://kh.example/anh/a.jpg" srcset="https://kh.example/anh/a.jpg 1x, https://t.example/b.jpg 2x">'
    result = clean(html, EMBEDS, local_hosts=frozenset({"kh.example"}))
    assert result.html == '<img src="https://kh.example/anh/a.jpg" srcset="https://kh.example/anh/a.jpg 1x">'


def test_cleaning_twice_changes_nothing():
    once = clean('<a href="/a" target="_blank">a</a><iframe src="https://www.youtube-nocookie.com/embed/a" '
                 'allow="camera; fullscreen"></iframe><img src="/b.jpg" alt="">', EMBEDS)
    assert clean(once.html, EMBEDS) == Cleaned(once.html, ())


@pytest.mark.parametrize(("text", "expected"), [
    ('Hội thảo "A" & B <2022>', 'Hội thảo "A" & B <2022>'),
    ("a < b, c > d", "a < b, c > d"),
    ("Tin <script>alert(1)</script> mới", "Tin mới"),
    ("<img src=x onerror=alert(1)>Tin", "Tin"),
    ("<b>x</b> &lt;script&gt;", "x"),
    ("<<a>script>alert(1)</script>", ""),
    ("</ x>Tin", "Tin"),
    ("&lt;script&gt; là văn bản", "&lt;script&gt; là văn bản"),
])
def test_inert_text(text, expected):
    assert inert_text(text) == expected


def test_outside_images_are_removed_and_named_for_the_editor(site):
    body = (
        'Đoạn <a href="https://moet.gov.vn" target="_blank" rel="opener">Bộ</a>.\n\n'
        '<img src="https://tracker.example/p.gif" alt="">\n\n![Ảnh](https://tracker.example/md.gif)\n\n'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" allow="camera; microphone; geolocation; fullscreen" '
        'sandbox="allow-scripts allow-top-navigation"></iframe>\n'
    )
    site.article("a", title="Ảnh ngoài", body=body)
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tin/2024/07/15/anh-ngoai/index.html")
    article = page[page.index("<article"):]
    assert "tracker.example" not in page
    assert '<a href="https://moet.gov.vn" target="_blank" rel="noopener noreferrer">Bộ</a>' in article
    assert (f'<iframe src="https://www.youtube-nocookie.com/embed/abc" allow="fullscreen" sandbox="{EMBED_SANDBOX}">'
            in article)
    assert "camera" not in article and "allow-top-navigation" not in article
    assert (
        f"{site.content / 'articles/a.md'}:7: content: đã bỏ mã HTML không an toàn hoặc không được phép: "
        "quyền của khung nhúng: camera, microphone, geolocation, "
        + outside('ảnh "https://tracker.example/p.gif"', 'ảnh "https://tracker.example/md.gif"')
        + " (cảnh báo). "
        "Chỉ nhúng video từ: www.facebook.com, www.youtube-nocookie.com; "
        "video YouTube hay Facebook thì viết một dòng [video](địa chỉ video)."
    ) in result.stderr
    assert "Traceback" not in result.stderr
