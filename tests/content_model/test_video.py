"""Videos: one line in Markdown, a click-to-load player on the page, nothing requested
from YouTube or Facebook before the reader clicks."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from content_model.videos import VideoError, video_of
from tests.conftest import serve_folder

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
FACEBOOK = ("https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fkhuyenhoc%2Fvideos"
            "%2F1234567890%2F&show_text=false&autoplay=true")
PAGE = "tin/2024/07/15/bai-co-video/index.html"


@pytest.mark.parametrize(("address", "player"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE),
    ("https://youtu.be/dQw4w9WgXcQ", YOUTUBE),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=30s", YOUTUBE),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YOUTUBE),
    ("https://www.facebook.com/khuyenhoc/videos/1234567890/", FACEBOOK),
    ("https://www.facebook.com/watch/?v=123", "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2F"
                                              "www.facebook.com%2Fwatch%2F%3Fv%3D123&show_text=false&autoplay=true"),
])
def test_youtube_and_facebook_addresses_give_their_players(address, player):
    assert video_of(address).player == player


@pytest.mark.parametrize("address", ["https://vimeo.com/1", "https://www.youtube.com/watch?v=short",
                                     "https://www.facebook.com/khuyenhoc", "javascript:alert(1)"])
def test_other_addresses_are_refused(address):
    with pytest.raises(VideoError):
        video_of(address)


def video_site(site):
    site.article("bai-co-video", title="Bài có video", body=(
        "Đoạn đầu.\n\n[video: Lễ trao học bổng](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n"
        "[video](https://www.facebook.com/khuyenhoc/videos/1234567890/)"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def test_a_video_line_becomes_a_link_to_the_player_and_the_policy_allows_exactly_the_players(site):
    result = video_site(site)
    page = result.page(PAGE)
    assert ('<figure class="video video--youtube"><a class="video__play" '
            f'href="{YOUTUBE}"><span class="video__button">▶</span> Xem video trên YouTube: Lễ trao học bổng</a>'
            '<figcaption class="video__note">Video chỉ được tải từ YouTube khi bạn bấm xem.</figcaption></figure>') in page
    assert f'href="{FACEBOOK.replace("&", "&amp;")}"' in page
    assert "<iframe" not in page
    for name in (PAGE, "index.html"):
        assert "frame-src https://www.youtube-nocookie.com https://www.facebook.com;" in result.page(name)


def test_a_video_address_that_is_not_youtube_or_facebook_is_an_error(site):
    path = site.article("vimeo", body="Đoạn.\n\n[video](https://vimeo.com/123)")
    result = site.build()
    assert result.returncode == 1
    assert result.error_lines == [
        f'{path}:9: video: "https://vimeo.com/123": chỉ nhúng được video YouTube hoặc Facebook. '
        "Với video ở nơi khác, viết một liên kết thường: [Xem video](địa chỉ).",
    ]


@pytest.mark.browser
def test_a_click_loads_the_player_and_nothing_is_asked_of_another_host_before(browser, site):
    result = video_site(site)
    server = serve_folder(result.output)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    elsewhere: list[str] = []
    problems: list[str] = []
    # The players are answered here: the test needs no network, and sees what is asked.
    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1",
                  lambda route: (elsewhere.append(route.request.url),
                                 route.fulfill(status=200, content_type="text/html", body="<p>player</p>")))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(f"{base}/{PAGE}", wait_until="networkidle")
        assert elsewhere == []
        assert page.locator("iframe").count() == 0
        page.locator("figure.video--youtube a.video__play").click()
        frame = page.locator("figure.video--youtube iframe.video__frame")
        frame.wait_for()
        assert frame.get_attribute("src") == YOUTUBE
        assert "allow-scripts" in frame.get_attribute("sandbox")
        page.wait_for_load_state("networkidle")
        assert elsewhere == [YOUTUBE]
        assert page.locator("figure.video--facebook a.video__play").count() == 1  # still a button
        assert problems == []
    finally:
        context.close()
        server.shutdown()


@pytest.mark.browser
def test_without_javascript_a_video_is_a_plain_link(browser, site):
    result = video_site(site)
    server = serve_folder(result.output)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PAGE}")
        link = page.get_by_role("link", name="Xem video trên YouTube: Lễ trao học bổng")
        assert link.get_attribute("href") == YOUTUBE
    finally:
        context.close()
        server.shutdown()
