"""The home page's headline slider in Chromium, with and without JavaScript, on a phone."""

from __future__ import annotations

import urllib.request

import pytest

from tests.conftest import serve_folder
from tests.sidebars.test_browser import CLS

GROUP = """
groups:
  - slug: tin-noi-bat
    title: Tin nổi bật
    show: trang-chu
    articles: [bai-4, bai-2, bai-5, bai-1]
"""
TITLES = ["Bài số 4 về một hội nghị rất dài tên", "Bài số 2 về một hội nghị rất dài tên",
          "Bài số 5 về một hội nghị rất dài tên", "Bài số 1 về một hội nghị rất dài tên"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("slider"))
    site.image("images/anh.jpg", (1200, 800))
    for n in range(1, 7):
        site.article(f"bai-{n}", title=f"Bài số {n} về một hội nghị rất dài tên", slug=f"bai-{n}",
                     date=f"2024-07-{n:02d} 08:00", **({"image": "images/anh.jpg"} if n != 2 else {}))
    site.write("nhom-tin.yml", GROUP)
    assert site.build().returncode == 0
    server = serve_folder(site.output)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()

# Whether the story ``index`` of the slider lies (at least half of it) inside the row.
IN_VIEW = """index => {
  const row = document.querySelector('.headline__track').getBoundingClientRect();
  const box = document.querySelectorAll('.headline__link')[index].getBoundingClientRect();
  return box.left >= row.left - 1 && box.left + box.width / 2 <= row.right + 1;
}"""


def _soon(page, script: str, arg: object, seconds: float = 5) -> bool:
    """Whether ``script`` turns true within ``seconds`` (asked from here: a page without
    JavaScript runs no polling of its own)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(script, arg):
            return True
        page.wait_for_timeout(100)
    return False


def _settled(page) -> None:
    """Wait until the row has stopped scrolling (snapping ends a swipe smoothly)."""
    last = None
    for _ in range(50):
        now = page.evaluate("document.querySelector('.headline__track').scrollLeft")
        if now == last:
            return
        last = now
        page.wait_for_timeout(150)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_every_story_of_the_slider_is_reachable_and_the_page_does_not_overflow(browser, served, javascript):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=javascript)
    context.add_init_script(CLS)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(served)
    page.wait_for_load_state("load")
    links = page.locator(".headline__link")
    assert links.count() == 4
    assert page.locator(".headline__title").all_inner_texts() == TITLES
    # the row scrolls inside itself: the page is never wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    track = page.locator(".headline__track")
    assert page.evaluate("el => el.scrollWidth > el.clientWidth", track.element_handle())
    links.first.focus()
    row = track.bounding_box()
    assert row is not None
    for index in range(4):  # each story is reached with Tab and by swiping, and is a working link
        link = links.nth(index)
        if index:
            page.keyboard.press("Tab")
            if not javascript:  # the script shows a focused story whole; without it, a swipe does
                _settled(page)  # a swipe during the last one's snapping is lost
                page.mouse.move(row["x"] + row["width"] / 2, row["y"] + row["height"] / 2)
                page.mouse.wheel(row["width"] * 0.8, 0)
        assert link.evaluate("el => el === document.activeElement"), index
        assert _soon(page, IN_VIEW, index), index  # the row scrolls (smoothly) to the story
        href = link.get_attribute("href")
        with urllib.request.urlopen(served + href.removeprefix("./")) as answer:
            assert answer.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    buttons = page.locator(".headline__button")
    if javascript:
        assert buttons.count() == 2
        track.evaluate("el => { el.style.scrollBehavior = 'auto'; el.scrollLeft = 0; }")
        page.locator(".headline__button--next").click()
        page.wait_for_function("document.querySelector('.headline__track').scrollLeft > 100")
        page.wait_for_function("!document.querySelector('.headline__button--previous').disabled")
        assert page.get_by_role("button", name="Tin trước").is_visible()
        assert page.evaluate("window.__cls") < 0.05
    else:
        assert buttons.count() == 0
    page.locator(".headline__link").first.click()
    page.wait_for_load_state()
    assert page.url == served + "tin/2024/07/04/bai-4/"
    assert problems == []
    context.close()
