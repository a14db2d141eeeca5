"""The web editor end to end: Decap CMS in Debian's Chromium against its local backend
(decap-server in git mode) on a git repository holding the sample content. An editor
logs in, writes an article with a province from the select, uploads a photo, saves it
as a draft, moves it to "ready" and publishes it; the commit lands on ``main``, builds
cleanly, and the article is on its province's page."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from cms.local import start_proxy
from tests.conftest import ROOT, Site, serve_folder

TITLE = 'Hội nghị: tổng kết "Gia đình học tập" năm 2026'
SLUG = "hoi-nghi-tong-ket-gia-dinh-hoc-tap-nam-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Site:
    """A git repository of the sample content, as the association's would be."""
    root = tmp_path / "kho"
    shutil.copytree(ROOT / "content", root / "content")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "Biên tập viên")
    _git(root, "config", "user.email", "bientap@example.vn")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Nội dung mẫu")
    site = Site.__new__(Site)
    site.root, site.content, site.output = root, root / "content", tmp_path / "output"
    return site


@pytest.mark.browser
def test_editor_writes_an_article_that_builds_and_shows_on_its_province_page(repo, browser, tmp_path):
    proxy_port = _free_port()
    built = repo.build("-e", f'CMS_LOCAL_BACKEND="http://localhost:{proxy_port}/api/v1"')
    assert built.returncode == 0, built.stderr
    photo = tmp_path / "trao-hoc-bong.jpg"
    from PIL import Image

    Image.new("RGB", (900, 600), (30, 120, 200)).save(photo)
    inline = tmp_path / "le-trao-thuong.jpg"
    Image.new("RGB", (700, 500), (200, 80, 30)).save(inline)
    document = tmp_path / "quyet-dinh-123.pdf"
    document.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

    proxy = start_proxy(repo.root, proxy_port)
    server = serve_folder(repo.output)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        # The local backend answers only pages served from localhost.
        page.goto(f"http://localhost:{server.server_address[1]}/quan-tri/")
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Bài viết").first.wait_for()
        page.goto(f"http://localhost:{server.server_address[1]}/quan-tri/#/collections/articles/new")

        page.fill("#title-field-1", TITLE)
        page.fill("#date-field-2", "2026-10-20T09:30")
        page.fill("#author-field-3", "Minh Trang")
        page.click("#province-field-4")
        page.keyboard.type("Lào C")  # the select is searchable
        page.keyboard.press("Enter")
        page.click("#category-field-6")
        page.keyboard.type("Hoạt động")
        page.keyboard.press("Enter")
        page.fill("#tags-field-7", "khuyến học, học bổng")

        page.get_by_text("Chọn một hình").click()
        page.set_input_files("input[type=file]", str(photo))
        page.get_by_text("trao-hoc-bong.jpg").wait_for()
        page.get_by_role("button", name="Lấy những cái đã chọn").click()
        page.fill("#image_caption-field-12", "Trao học bổng: 30 suất")
        page.fill("#summary-field-14", "Hội nghị tổng kết # không phải chú thích YAML")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Hội nghị diễn ra tại Lào Cai, trao 30 suất học bổng.")
        # An attachment through the project's editor component (plugins/cms/assets/dang-ky.js).
        page.locator("button[title='Add Component']").click()
        page.get_by_text("Tệp đính kèm", exact=True).click()
        page.locator("input[id^='title-field-']").last.fill("Quyết định số 123")
        page.get_by_text("Chọn một tập tin").click()
        page.set_input_files("input[type=file]", str(document))
        page.get_by_text(document.name).wait_for()
        page.get_by_role("button", name="Lấy những cái đã chọn").click()
        # A photo in the text (Decap's own Image component).
        page.locator("button[title='Add Component']").click()
        page.get_by_text("Image", exact=True).click()
        page.get_by_text("Chọn một hình").last.click()
        page.set_input_files("input[type=file]", str(inline))
        page.get_by_text(inline.name).wait_for()
        page.get_by_role("button", name="Lấy những cái đã chọn").click()

        page.get_by_role("button", name="Lưu", exact=True).click()
        page.get_by_text("Trạng: Bản nháp").wait_for()
        # A draft is a branch of its own: nothing of it on main, so nothing on the site.
        branches = _git(repo.root, "branch", "--list", "cms/*")
        assert f"cms/articles/2026/2026-10-20-{SLUG}" in branches
        assert not (repo.content / f"articles/2026/2026-10-20-{SLUG}.md").exists()

        page.get_by_text("Trạng: Bản nháp").click()
        page.get_by_role("menuitem", name="Sẵn sàng").click()
        page.get_by_text("Trạng: Sẵn sàng").wait_for()
        # "Bạn có chắc rằng bạn muốn công bố mục này?": the editor says yes.
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Công bố", exact=True).click()
        page.get_by_role("menuitem", name="Công bố ngay").click()
        page.get_by_text("Mục đã được công bố", exact=True).wait_for()
    finally:
        page.close()
        server.shutdown()
        proxy.terminate()
        proxy.wait(timeout=30)
    assert problems == []

    source = repo.content / f"articles/2026/2026-10-20-{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    assert "province: Lào Cai\n" in text
    assert "date: 2026-10-20 09:30\n" in text
    assert "image: /images/2026/trao-hoc-bong.jpg\n" in text
    assert (repo.content / "images/2026/trao-hoc-bong.jpg").is_file()
    assert "[Quyết định số 123](/files/quyet-dinh-123.pdf)" in text
    assert (repo.content / "files/quyet-dinh-123.pdf").read_bytes() == document.read_bytes()
    assert "](/files/le-trao-thuong.jpg)" in text and (repo.content / "files/le-trao-thuong.jpg").is_file()
    assert _git(repo.root, "status", "--porcelain") == ""  # all committed on main

    rebuilt = repo.build()
    assert rebuilt.returncode == 0, rebuilt.stderr
    article = rebuilt.page(f"tin/2026/10/20/{SLUG}/index.html")
    assert "Hội nghị: tổng kết &#34;Gia đình học tập&#34; năm 2026" in article or TITLE in article
    assert "trao-hoc-bong" in article  # the photo, as derived copies
    assert "Quyết định số 123" in article and (rebuilt.output / "files/quyet-dinh-123.pdf").is_file()
    assert "/le-trao-thuong-700.jpg" in article  # the photo in the text, as derived copies
    assert not (rebuilt.output / "files/le-trao-thuong.jpg").exists()  # never the original
    assert f"tin/2026/10/20/{SLUG}/" in rebuilt.page("tinh/lao-cai/index.html")
