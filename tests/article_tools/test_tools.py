"""Article tools through the real build and in a real browser."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from article_tools.links import mailto
from article_tools.offline import choose, inline_body, parse_srcset

ARTICLE = "tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024/"
URL = "http://localhost:8000/" + ARTICLE


def poll(page, script: str, seconds: float = 10) -> None:
    """Wait until ``script`` is true, asked from here: Playwright's ``wait_for_function``
    polls by evaluating a string in the page, which the site's CSP refuses."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


def test_mailto_is_percent_encoded_utf8():
    link = mailto("Trao học bổng & khen thưởng", "Tóm tắt: 400 suất", "https://kh.vn/tin/a/")
    assert "+" not in link and " " not in link
    query = parse_qs(urlsplit(link).query)
    assert query["subject"] == ["Trao học bổng & khen thưởng"]
    assert query["body"] == ["Tóm tắt: 400 suất\r\n\r\nhttps://kh.vn/tin/a/"]


def test_tool_links_on_the_article_page(sample_build):
    html = (sample_build.output / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Flocalhost%3A8000%2Ftin%2F2024' in html
    assert 'href="https://sp.zalo.me/share_to?url=http%3A%2F%2Flocalhost' in html
    assert html.count('rel="noopener noreferrer"') == 2
    assert "Bản để in" in html and "Lưu dạng file" in html and "Gửi tin qua email" in html
    save = re.search(r'<a class="tool tool--save" href="([^"]+)" download="([^"]+)"', html)
    assert save.group(1) == "../../../../../" + ARTICLE + "bai-viet.html"
    assert save.group(2) == "hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024.html"
    # the print button is shown by the script only
    assert '<li class="article-tools__print" hidden><button type="button" class="tool tool--print">' in html


@pytest.mark.parametrize(("srcset", "width", "expected"), [
    ("a.webp 320w, b.webp 640w, c.webp 1024w, d.webp 1600w", 1024, "c.webp"),
    ("a.webp 320w, b.webp 640w", 1024, "b.webp"),
    ("b.webp 640w, a.webp 320w", 200, "a.webp"),
    ("only.jpg", 1024, "only.jpg"),
    ("", 1024, None),
])
def test_the_saved_file_takes_the_widest_image_that_fits(srcset, width, expected):
    assert choose(parse_srcset(srcset), width) == expected


def test_inlining_drops_what_would_be_fetched_and_makes_links_absolute():
    body = (
        '<p>Xem <a href="../../khac/">bài khác</a> &amp; <a href="#a">mục</a></p>'
        '<figure><picture><source type="image/webp" srcset="x-320.webp 320w, x-640.webp 640w">'
        '<img src="x-640.jpg" srcset="x-320.jpg 320w, x-640.jpg 640w" alt="Ảnh" width="640" height="480" loading="lazy">'
        '</picture><figcaption>Chú thích</figcaption></figure>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Phim"></iframe>'
        '<script>alert(1)</script><img src="https://other.example/a.png" alt="Ngoài">'
    )
    asked = []

    def load(src):
        asked.append(src)
        return (b"IMG", "image/webp") if src == "x-640.webp" else None

    result = inline_body(body, "https://kh.vn/tin/a/b/", load, max_width=1024)
    assert asked[0] == "x-640.webp"
    assert '<img src="data:image/webp;base64,SU1H" alt="Ảnh" width="640" height="480">' in result.html
    assert '<a href="https://kh.vn/tin/khac/">bài khác</a> &amp; <a href="#a">mục</a>' in result.html
    assert '<p><a href="https://www.youtube-nocookie.com/embed/abc">Phim</a></p>' in result.html
    assert "<script" not in result.html and "iframe" not in result.html and "picture" not in result.html
    assert "<span>[Ngoài]</span>" in result.html
    assert result.missing == ("https://other.example/a.png",)


def _resources(html: str) -> list[tuple[str, str, str]]:
    """Every (tag, attribute, value) that names another file."""
    from html.parser import HTMLParser

    found = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in {"src", "srcset", "href", "poster", "data", "action"}:
                    found.append((tag, name, value or ""))

    P().feed(html)
    return found


def test_saved_file_is_self_contained(site):
    site.image("images/2024/anh-chinh.jpg", (1200, 800))
    site.image("images/2024/anh-bai.jpg", (900, 600))
    site.article(
        "tai-lieu", title="Trao học bổng “Tiếp sức đến trường”", summary="Tóm tắt & ý chính.",
        image="images/2024/anh-chinh.jpg", image_caption="Ảnh đầu bài", source="Báo Giáo dục",
        body='Đoạn đầu với <a href="https://example.org/x">liên kết</a>.\n\n'
             '![Học sinh](/images/2024/anh-bai.jpg "Chú thích ảnh trong bài")\n\nĐoạn cuối.',
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    folder = result.output / "tin/2024/07/15/trao-hoc-bong-tiep-suc-den-truong"
    saved = (folder / "bai-viet.html").read_text(encoding="utf-8")
    assert "<title>Trao học bổng “Tiếp sức đến trường” – Hội Khuyến học Việt Nam</title>" in saved
    assert "<h1>Trao học bổng “Tiếp sức đến trường”</h1>" in saved
    assert '<time datetime="2024-07-15T09:30:00+07:00">Thứ Hai, 15/07/2024 09:30</time>' in saved
    assert '<p class="author">Minh Trang</p>' in saved
    assert '<p class="source">(Theo Báo Giáo dục)</p>' in saved
    assert "Đoạn đầu với" in saved and "Đoạn cuối." in saved
    assert "<figcaption>Ảnh đầu bài</figcaption>" in saved
    assert "<figcaption>Chú thích ảnh trong bài</figcaption>" in saved
    url = "http://localhost:8000/tin/2024/07/15/trao-hoc-bong-tiep-suc-den-truong/"
    resources = _resources(saved)
    images = [v for tag, name, v in resources if tag == "img"]
    assert len(images) == 2 and all(v.startswith("data:image/webp;base64,") for v in images)
    assert ("link", "href", url) in resources
    # nothing else is fetched: only links a reader may follow
    others = [r for r in resources if r[0] not in {"img", "a"} and r != ("link", "href", url)]
    assert others == []
    assert all(v.startswith(("http://", "https://")) for tag, _, v in resources if tag == "a")
    assert ("a", "href", url) in resources and ("a", "href", "https://example.org/x") in resources
    assert "<script" not in saved and "<iframe" not in saved
    # widest derived image that fits ARTICLE_TOOLS_SAVE_IMAGE_WIDTH (1024)
    assert 'width="1024" height="683"' in saved


def test_saved_file_can_be_turned_off(site):
    site.article("tat", title="Không lưu")
    result = site.build("ARTICLE_TOOLS_SAVE_FILE=false")
    assert result.returncode == 0, result.stderr
    folder = result.output / "tin/2024/07/15/khong-luu"
    assert not (folder / "bai-viet.html").exists()
    assert "tool--save" not in (folder / "index.html").read_text(encoding="utf-8")


def test_mailto_of_a_built_article_decodes_to_the_vietnamese_text(site):
    site.article("thu", title='"Khen thưởng học sinh giỏi: 100% đạt giải & hơn thế"',
                 summary="Tỉnh Hà Giang khen thưởng 1.200 em; mỗi em 500.000 đồng.")
    result = site.build()
    assert result.returncode == 0, result.stderr
    html = result.page("tin/2024/07/15/khen-thuong-hoc-sinh-gioi-100-dat-giai-hon-the/index.html")
    href = re.search(r'class="tool tool--mail" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert href.startswith("mailto:?subject=")
    assert "+" not in href and " " not in href
    subject, body = href.removeprefix("mailto:?").split("&")
    assert unquote(subject.removeprefix("subject="), errors="strict") == (
        "Khen thưởng học sinh giỏi: 100% đạt giải & hơn thế")
    assert unquote(body.removeprefix("body="), errors="strict") == (
        "Tỉnh Hà Giang khen thưởng 1.200 em; mỗi em 500.000 đồng.\r\n\r\n"
        "http://localhost:8000/tin/2024/07/15/khen-thuong-hoc-sinh-gioi-100-dat-giai-hon-the/")


@pytest.mark.browser
def test_mailto_link_reaches_the_mail_program_in_vietnamese(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/{ARTICLE}")
    href = page.get_attribute(".tool--mail", "href")
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == ["Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"]
    assert query["body"][0].startswith("400 suất học bổng được trao")
    assert query["body"][0].endswith(URL)
    page.close()


@pytest.mark.browser
def test_photo_dialog_opens_moves_and_closes(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/{ARTICLE}")
    photos = page.locator(".article img.is-zoomable")
    assert photos.count() == 2
    assert photos.nth(0).get_attribute("aria-label") == "Xem hình: Lễ trao học bổng hè năm 2024"
    dialog = page.locator("dialog.viewer")
    assert not dialog.is_visible()
    photos.nth(0).click()
    assert dialog.is_visible()
    assert page.evaluate("document.querySelector('dialog.viewer').open")
    assert dialog.get_attribute("aria-labelledby") == "xem-hinh-chu-thich"
    assert page.inner_text("#xem-hinh-chu-thich") == "Lễ trao học bổng hè năm 2024"
    assert page.inner_text(".viewer__count") == "1/2"
    assert page.evaluate("document.activeElement.textContent") == "Đóng"
    assert page.locator(".viewer__prev").inner_text() == "Ảnh trước"
    assert page.locator(".viewer__next").inner_text() == "Ảnh sau"
    big = page.locator(".viewer__image")
    assert big.get_attribute("alt") == "Lễ trao học bổng hè năm 2024"
    poll(page, "() => document.querySelector('.viewer__image').naturalWidth > 0")
    page.keyboard.press("ArrowRight")
    assert page.inner_text(".viewer__caption") == "Lãnh đạo Hội trao học bổng cho các em học sinh"
    assert page.inner_text(".viewer__count") == "2/2"
    assert big.get_attribute("alt") == "Trao học bổng"
    page.keyboard.press("ArrowRight")  # wraps around
    assert page.inner_text(".viewer__count") == "1/2"
    page.keyboard.press("ArrowLeft")
    assert page.inner_text(".viewer__count") == "2/2"
    page.click(".viewer__prev")
    assert page.inner_text(".viewer__count") == "1/2"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # focus is back on the photo that opened the dialog
    assert page.evaluate("document.activeElement === document.querySelectorAll('.is-zoomable')[0]")
    # keyboard only: Enter on the second photo opens it, "Đóng" closes
    photos.nth(1).focus()
    page.keyboard.press("Enter")
    assert dialog.is_visible() and page.inner_text(".viewer__count") == "2/2"
    page.click(".viewer__close")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement === document.querySelectorAll('.is-zoomable')[1]")
    page.close()


@pytest.mark.browser
def test_photo_dialog_closes_from_its_corner_button_and_the_backdrop(browser, sample_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{sample_url}/{ARTICLE}")
    dialog = page.locator("dialog.viewer")
    photo = page.locator(".article img.is-zoomable").nth(0)
    photo.click()
    poll(page, "() => document.querySelector('.viewer__image').naturalWidth > 0")
    box = dialog.bounding_box()
    close = page.locator(".viewer__close").bounding_box()
    image = page.locator(".viewer__image").bounding_box()
    # the top right corner of the dialog, above the photo, not over it
    assert box["x"] + box["width"] - (close["x"] + close["width"]) < 16
    assert close["y"] - box["y"] < 16
    assert close["y"] + close["height"] <= image["y"]
    assert page.get_attribute(".viewer__close", "title") == "Đóng (phím Esc, hoặc bấm ra ngoài ảnh)"
    # clicks on the photo and on the dialog's own padding keep it open
    page.mouse.click(image["x"] + image["width"] / 2, image["y"] + image["height"] / 2)
    page.mouse.click(box["x"] + 4, box["y"] + box["height"] / 2)
    assert dialog.is_visible()
    # a click on the backdrop (beside the dialog) closes it and gives focus back to the photo
    page.mouse.click(box["x"] / 2, box["y"] + box["height"] / 2)
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement === document.querySelectorAll('.is-zoomable')[0]")
    photo.click()
    assert dialog.is_visible()
    page.click(".viewer__close")
    assert not dialog.is_visible()
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("touch", [True, False])
def test_photos_say_xem_hinh_on_touch_screens(browser, sample_url, touch):
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.add_init_script("""window.__shifts = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shifts += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(f"{sample_url}/{ARTICLE}", wait_until="networkidle")
    marks = page.locator(".viewer-hint")
    assert marks.count() == 2
    if not touch:  # a mouse has the zoom cursor; no mark over the photos
        assert not marks.first.is_visible()
        context.close()
        return
    assert marks.first.is_visible() and marks.first.inner_text().endswith("Xem hình")
    photo = page.locator(".lead-figure img").bounding_box()
    mark = marks.first.bounding_box()
    # on the photo's lower right corner
    assert photo["x"] < mark["x"] and mark["x"] + mark["width"] <= photo["x"] + photo["width"]
    assert photo["y"] < mark["y"] and mark["y"] + mark["height"] <= photo["y"] + photo["height"]
    # a tap on the mark goes through it to the photo
    page.touchscreen.tap(mark["x"] + mark["width"] / 2, mark["y"] + mark["height"] / 2)
    assert page.locator("dialog.viewer").is_visible()
    assert page.evaluate("window.__shifts") < 0.01
    context.close()


@pytest.mark.browser
def test_copy_link_puts_the_public_address_on_the_clipboard(browser, sample_url):
    origin = sample_url
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{origin}/{ARTICLE}#cuoi-bai")
    # Chromium on Linux has no share sheet: the button copies
    assert page.evaluate("typeof navigator.share") == "undefined"
    button = page.locator(".tool--share")
    assert button.is_visible() and button.inner_text() == "Sao chép liên kết"
    assert page.inner_text(".article-tools__status") == ""
    where = """() => { const r = document.querySelector('.article-tools__status').getBoundingClientRect();
        return [r.top + window.scrollY, r.height]; }"""
    before = page.evaluate(where)
    button.click()
    poll(page, "() => document.querySelector('.article-tools__status').textContent !== ''")
    assert page.inner_text(".article-tools__status") == "Đã chép liên kết bài viết."
    after = page.evaluate(where)  # the answer moves nothing
    assert abs(after[0] - before[0]) < 0.5 and abs(after[1] - before[1]) < 0.5
    assert page.evaluate("navigator.clipboard.readText()") == URL
    context.close()


@pytest.mark.browser
def test_share_opens_the_systems_share_sheet_where_there_is_one(browser, sample_url):
    context = browser.new_context()
    page = context.new_page()
    # a phone's browser: navigator.share exists (recorded here instead of opening a sheet)
    page.add_init_script("navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };")
    page.goto(f"{sample_url}/{ARTICLE}")
    button = page.locator(".tool--share")
    assert button.inner_text() == "Chia sẻ"
    button.click()
    shared = page.evaluate("window.__shared")
    assert shared == {"title": "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024 – Hội Khuyến học Việt Nam", "url": URL}
    context.close()


@pytest.mark.browser
def test_without_javascript_the_links_work_and_the_print_button_stays_hidden(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_url}/{ARTICLE}")
    assert not page.locator(".tool--print").is_visible()
    assert not page.locator(".tool--share").is_visible()
    for tool in (".tool--save", ".tool--mail", ".tool--facebook", ".tool--zalo"):
        assert page.locator(tool).is_visible(), tool
    assert not page.locator("dialog.viewer").is_visible()
    context.close()


@pytest.mark.browser
def test_print_view_shows_the_article_only(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/{ARTICLE}")
    assert page.locator(".tool--print").is_visible()
    assert page.locator(".site-header").is_visible() and page.locator(".sidebar").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".article__title").is_visible()
    assert page.locator(".article__body").is_visible() and page.locator(".lead-figure img").is_visible()
    assert page.locator(".article__author").is_visible()
    for hidden in (".main-nav", ".sidebar", ".search-box", ".site-footer__contact", ".article-tools", ".article-more",
                   ".breadcrumb"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".article__address").is_visible()
    assert URL in page.inner_text(".article__address")
    page.close()


@pytest.mark.browser
def test_print_view_has_the_site_name_the_copyright_and_text_on_the_first_page(browser, sample_url):
    # A4 less the 1.5 cm margins at 96 px per inch: 680 x 1009 px
    page = browser.new_page(viewport={"width": 680, "height": 1009})
    page.goto(f"{sample_url}/{ARTICLE}", wait_until="networkidle")
    link = page.locator(".article__meta a").first
    link.focus()  # a link the reader tabbed to before printing: its ring shows on screen
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.emulate_media(media="print")
    assert page.locator(".brand__name").is_visible()
    assert page.inner_text(".brand__name").strip().upper() == "HỘI KHUYẾN HỌC VIỆT NAM"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator(".site-footer__name").is_visible()
    assert page.inner_text(".site-footer__name") == "Bản quyền thuộc Trung ương Hội Khuyến học Việt Nam"
    for hidden in (".search-box", ".brand__slogan", ".site-footer__contact", ".site-footer__links",
                   ".site-footer__licence", ".site-footer__top"):
        assert not page.locator(hidden).first.is_visible(), hidden
    # the copyright comes after the article's address, the site's name before its title
    name, title = page.locator(".brand__name").bounding_box(), page.locator(".article__title").bounding_box()
    address, copyright_ = page.locator(".article__address").bounding_box(), page.locator(".site-footer__name").bounding_box()
    assert name["y"] < title["y"] and address["y"] < copyright_["y"]
    # the lead photo takes at most a third of the page; the text starts on the first page
    photo = page.locator(".lead-figure img").bounding_box()
    assert photo["height"] <= 1009 / 3
    first_paragraph = page.locator(".article__body > p").first.bounding_box()
    assert first_paragraph["y"] + first_paragraph["height"] < 1009
    # no focus ring on paper
    assert page.evaluate("document.activeElement.closest('.article__meta') !== null")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()


@pytest.mark.browser
def test_saved_file_opens_offline_with_its_images(browser, sample_url, tmp_path):
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{sample_url}/{ARTICLE}")
    with page.expect_download() as info:
        page.click(".tool--save")
    assert info.value.suggested_filename == "hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024.html"
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024" in html
    assert re.search(r"data:image/(webp|jpeg);base64,", html)
    page.close()
    context = browser.new_context(offline=True)
    offline = context.new_page()
    requests = []
    offline.on("request", lambda r: requests.append(r.url))
    offline.goto(saved.as_uri())
    offline.wait_for_load_state("load")
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    widths = offline.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) == 2 and all(w > 0 for w in widths)
    assert offline.inner_text("h1") == "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"
    assert offline.inner_text("figcaption >> nth=1") == "Lãnh đạo Hội trao học bổng cho các em học sinh"
    assert offline.inner_text(".author") == "Thu Hà"
    assert URL in offline.inner_text(".address")
    context.close()


def test_saved_file_carries_a_strict_content_security_policy(site):
    import base64
    import hashlib
    from html.parser import HTMLParser

    class Head(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.order, self.policies, self.styles, self.in_style = [], [], [], False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            self.order.append(tag)
            if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
                self.policies.append(a.get("content") or "")
                self.order[-1] = "policy"
            self.in_style = tag == "style"

        def handle_endtag(self, tag):
            self.in_style = False

        def handle_data(self, data):
            if self.in_style:
                self.styles.append(data)

    site.image("images/2024/anh-bai.jpg", (900, 600))
    site.article("luu", title="Bài để lưu", body='![Học sinh](/images/2024/anh-bai.jpg)\n\n<a href="/x">x</a>')
    result = site.build()
    assert result.returncode == 0, result.stderr
    head = Head()
    head.feed(result.page("tin/2024/07/15/bai-de-luu/bai-viet.html"))
    (policy,) = head.policies
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    (style,) = head.styles
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    assert directives == {
        "default-src": ["'none'"],  # no script, frame, font, media or connection of any kind
        "img-src": ["data:"],
        "style-src": [f"'sha256-{digest}'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
    # Right after the charset, before anything the policy governs.
    assert head.order[:4] == ["html", "head", "meta", "policy"]
    assert "script" not in head.order and head.order.count("img") == 1
