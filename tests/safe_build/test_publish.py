"""Publishing: readers never see half a file or a link to a page not yet published, the
site survives a build killed at any point, another file system, a full disk or a
read-only folder."""

from __future__ import annotations

import errno
import html
import os
import posixpath
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from safe_build.sync import Manifest, PublishError, publish_order, sync_tree
from sitecore.store import Store
from sitecore.files import files_below, link_or_copy
from tests.conftest import PELICAN, ROOT, TEST_NOW, Site
from tests.incremental.test_incremental import clean_build_of, files_of

NEW = "tin/2024/07/16/bai-moi/index.html"  # the page of the article added between builds


# href= and src= attributes, quoted either way (a regular expression: HTMLParser took a
# second per look at a small site, and the test looks dozens of times).
LINK = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def broken_links(output: Path) -> list[tuple[str, str]]:
    """Every (page, link) of a published HTML page whose local target is not published."""
    broken = []
    published = set(files_below(output))
    for page in sorted(name for name in published if name.endswith(".html")):
        if posixpath.basename(page).startswith("."):
            continue  # a file being written (never a published page)
        text = (output / page).read_text(encoding="utf-8")
        for double, single in LINK.findall(text):
            link = html.unescape(double or single)
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            target = path.lstrip("/") if path.startswith("/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(page), path))
            if path.endswith("/"):
                target = posixpath.normpath(posixpath.join(target, "index.html"))
            if target not in published:
                broken.append((page, link))
    return broken


def write_site(site: Site) -> None:
    site.image("images/anh.jpg", (640, 480))
    site.article("mot", title="Bài một", body="Đoạn đầu.\n\n![Ảnh](../images/anh.jpg)")
    site.article("hai", title="Bài hai", date="2024-07-14 08:00")


def add_article(site: Site) -> None:
    """A new article with a new photo: new pages and files, and changed listings and feeds."""
    site.image("images/moi.jpg", (800, 600))
    site.article("moi", title="Bài mới", date="2024-07-16 08:00", body="Tin mới.\n\n![Ảnh mới](../images/moi.jpg)")


def partial_files(folder: Path) -> list[str]:
    return [name for name in files_below(folder) if posixpath.basename(name).endswith(".partial")]


# -- the order ---------------------------------------------------------------------


@pytest.mark.parametrize("name, new, rank", [
    ("images/anh-320.jpg", True, 0),
    ("tin/2024/07/16/bai-moi/index.html", True, 1),
    ("tin/2024/07/16/bai-moi/index.html.gz", True, 1),
    ("theme/css/site.css", False, 2),
    ("tin/2024/07/15/bai-mot/index.html", False, 3),
    ("lich/bai-viet.json", False, 3),
    ("index.html", False, 4),
    ("index.html.br", False, 4),
    ("rss/tat-ca.xml", False, 4),
    ("sitemap.xml", False, 4),
])
def test_new_files_first_then_changed_files_then_the_pages_that_lead_to_them(name, new, rank):
    assert publish_order(name, new, (".gz", ".br"))[0] == rank


def test_a_companion_goes_right_after_its_file():
    names = ["b.html.gz", "a.html", "b.html", "a.html.gz"]
    assert sorted(names, key=lambda n: publish_order(n, True, (".gz",))) == ["a.html", "a.html.gz", "b.html",
                                                                                "b.html.gz"]


# -- a sync stopped at any point ---------------------------------------------------------


KILLED = 17


def sync_killed_after(operations: int, staging: Path, output: Path, manifest: Manifest) -> int:
    """Run ``sync_tree`` in a child process that dies (``os._exit``, as a SIGKILL would
    leave it) before its operation number ``operations`` on the published folder (a
    file renamed into it or removed from it); return its exit status (0: it finished
    first)."""
    pid = os.fork()
    if pid == 0:  # the child
        count = [0]
        published = os.fspath(output) + os.sep

        def dying(real, argument):
            def step(*args, **kwargs):
                if os.fspath(args[argument]).startswith(published):
                    count[0] += 1
                    if count[0] > operations:
                        os._exit(KILLED)
                return real(*args, **kwargs)
            return step

        os.replace, os.rename, os.unlink = dying(os.replace, 1), dying(os.rename, 1), dying(os.unlink, 0)
        try:
            sync_tree(staging, output, manifest, companions=(".gz", ".br"))
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def two_builds(site, tmp_path_factory):
    """The published site before and after an article was added (real builds)."""
    write_site(site)
    assert site.build().returncode == 0
    before = tmp_path_factory.mktemp("before") / "site"
    shutil.copytree(site.output, before)
    add_article(site)
    assert site.build().returncode == 0
    after = tmp_path_factory.mktemp("after") / "site"
    shutil.copytree(site.output, after)
    assert not broken_links(before) and not broken_links(after)
    assert (after / NEW).is_file() and not (before / NEW).exists()
    return before, after


def test_a_sync_killed_at_any_point_leaves_every_link_working(two_builds, tmp_path):
    before, after = two_builds
    output, staging, manifest = tmp_path / "output", tmp_path / "staging", Manifest(Store(tmp_path / "manifest.sqlite"))

    def published_before_and_staged_after() -> None:
        for folder in (output, staging):
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(before, output)
        shutil.copytree(after, staging)
        manifest.save(files_below(before))

    published_before_and_staged_after()
    assert sync_killed_after(10**9, staging, output, manifest) == 0
    assert files_of(output) == files_of(after)
    total = len(set(files_below(before)) | set(files_below(after)))
    # Every point early on (where the new pages and photos go), random ones after.
    rng = random.Random(20261101)
    points = sorted(set(range(10)) | set(rng.sample(range(10, total), min(10, total - 10))))
    statuses = []
    for n in points:
        published_before_and_staged_after()
        statuses.append(sync_killed_after(n, staging, output, manifest))
        assert broken_links(output) == [], f"killed after {n} operations"
        assert not partial_files(output)
    assert statuses.count(KILLED) > len(points) // 2


def test_a_build_killed_while_publishing_then_built_again_equals_a_build_from_scratch(site, tmp_path_factory):
    """SIGKILL a real build the moment its home page is replaced (the sync is under
    way), then at a random moment of rendering: every link of the site left works, and
    the next build gives the site a build from scratch gives."""
    write_site(site)
    assert site.build().returncode == 0
    add_article(site)
    home = site.output / "index.html"
    published_home = home.stat().st_ino
    cmd = [*PELICAN, str(site.content), "-s", "pelicanconf.py", "-o", str(site.output),
           "-e", f'SITE_NOW="{TEST_NOW}"', f'CACHE_PATH="{site.root / "cache"}"']
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for when in ("publishing", random.Random(7).uniform(0.5, 2.0)):
        build = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        while build.poll() is None:
            if when == "publishing" and home.stat().st_ino != published_home:
                break
            if when != "publishing" and time.monotonic() - started > when:
                break
            time.sleep(0.0001)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        assert broken_links(site.output) == [], when
        assert not partial_files(site.output)
    done = site.build()
    assert done.returncode == 0, done.stderr
    assert (site.output / NEW).is_file() and not broken_links(site.output)
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)


# -- another file system, a full disk, a read-only folder --------------------------------


def fail_with(monkeypatch, code: int, after: int = 0, only=lambda source, target: True):
    """``os.replace`` raises ``OSError(code)`` for calls ``only`` accepts, after ``after`` of them worked."""
    real = os.replace
    seen = [0]

    def replace(source, target, *args, **kwargs):
        if only(os.fspath(source), os.fspath(target)):
            seen[0] += 1
            if seen[0] > after:
                raise OSError(code, os.strerror(code), os.fspath(source), None, os.fspath(target))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def small_site(tmp_path: Path) -> tuple[Path, Path, Manifest]:
    staging, output, manifest = tmp_path / "s", tmp_path / "o", Manifest(Store(tmp_path / "m.sqlite"))
    for folder, files in ((output, {"index.html": '<a href="tin/a/">a</a>', "tin/a/index.html": "A",
                                    "tin/cu/index.html": "old"}),
                          (staging, {"index.html": '<a href="tin/a/">a</a> <a href="tin/b/">b</a>',
                                     "tin/a/index.html": "A", "tin/b/index.html": "B", "style.css": "x"})):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    manifest.save(["index.html", "tin/a/index.html", "tin/cu/index.html"])
    return staging, output, manifest


def test_an_output_folder_on_another_file_system_is_copied_into_place(tmp_path, monkeypatch):
    staging, output, manifest = small_site(tmp_path)
    # A rename or link from the staging folder into the output folder crosses devices.
    fail_with(monkeypatch, errno.EXDEV, only=lambda source, target: source.startswith(os.fspath(staging)))
    stats = sync_tree(staging, output, manifest)
    assert (stats.written, stats.removed) == (3, 1)
    assert (output / "tin/b/index.html").read_text() == "B" and not (output / "tin/cu").exists()
    assert not partial_files(output) and not files_below(staging)
    assert sorted(stats.published) == ["index.html", "style.css", "tin/a/index.html", "tin/b/index.html"]

    monkeypatch.undo()

    def no_link(source, target, *args, **kwargs):
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), source, None, target)

    monkeypatch.setattr(os, "link", no_link)
    link_or_copy(output / "index.html", staging / "index.html")  # a page taken over into the staging folder
    monkeypatch.undo()
    assert (staging / "index.html").read_text() == (output / "index.html").read_text()


@pytest.mark.parametrize("code, after, what, partly", [
    (errno.ENOSPC, 0, "Hết chỗ trống trên đĩa khi ghi {path}. Hãy giải phóng chỗ trống trên đĩa chứa thư mục "
                      "xuất bản (hoặc chọn thư mục khác bằng -o) rồi dựng lại.", False),
    (errno.ENOSPC, 2, "Hết chỗ trống trên đĩa khi ghi {path}. Hãy giải phóng chỗ trống trên đĩa chứa thư mục "
                      "xuất bản (hoặc chọn thư mục khác bằng -o) rồi dựng lại.", True),
    (errno.EROFS, 0, "Thư mục xuất bản chỉ cho đọc (read-only) khi ghi {path}. Hãy gắn (mount) lại ổ đĩa cho "
                     "phép ghi, hoặc chọn thư mục xuất bản khác bằng -o, rồi dựng lại.", False),
    (errno.EACCES, 1, "Không có quyền ghi {path}. Hãy cho người chạy lệnh dựng trang quyền ghi thư mục xuất bản "
                      "(chown/chmod) rồi dựng lại.", True),
])
def test_a_full_disk_or_a_read_only_folder_is_one_message_and_a_consistent_site(tmp_path, monkeypatch, code, after,
                                                                                 what, partly):
    staging, output, manifest = small_site(tmp_path)
    before = files_of(output)
    fail_with(monkeypatch, code, after)
    with pytest.raises(PublishError) as raised:
        sync_tree(staging, output, manifest)
    # New files first: tin/b/ and style.css, then the home page that links to tin/b/.
    path = output / ("style.css", "tin/b/index.html", "index.html")[after]
    state = (f"Trang web ở {output} mới được cập nhật một phần: các trang mới được xuất bản trước các trang dẫn tới "
             "chúng, nên mọi liên kết vẫn dùng được; lần dựng sau sẽ xuất bản nốt." if partly else
             f"Chưa xuất bản gì: bản đã dựng trước đó ở {output} vẫn giữ nguyên.")
    assert str(raised.value) == f"Lỗi khi xuất bản: {what.format(path=path)}\n{state}"
    assert broken_links(output) == [] and not partial_files(output)
    assert (files_of(output) == before) is not partly
    assert (output / "tin/cu/index.html").exists()  # nothing removed before every file is in place


def test_a_publishing_failure_in_a_real_build_is_one_message_and_exit_1(site):
    """A file where the new article's folder must go (put there by hand): the operating
    system refuses the folder; the build says so in one message, without a traceback."""
    write_site(site)
    assert site.build().returncode == 0
    add_article(site)
    (site.output / "tin/2024/07/16").write_text("not a folder")
    result = site.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "Lỗi khi xuất bản: Hệ điều hành báo lỗi khi ghi " in result.stderr
    assert "Hãy kiểm tra thư mục xuất bản (ổ đĩa, quyền ghi, tệp hoặc thư mục cùng tên) rồi dựng lại." in result.stderr
    assert broken_links(site.output) == [] and not partial_files(site.output)
    (site.output / "tin/2024/07/16").unlink()
    assert site.build().returncode == 0 and (site.output / NEW).is_file()


def mount_tmpfs(folder: Path) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def test_a_real_build_into_a_mount_point_publishes(site, tmp_path_factory):
    """The output folder on another file system than the staging folder beside it (a
    mount point, a Docker volume): every rename across them fails with EXDEV."""
    if not mount_tmpfs(site.output):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        write_site(site)
        first = site.build()
        assert first.returncode == 0, first.stderr
        assert os.stat(site.output).st_dev != os.stat(site.root).st_dev
        add_article(site)
        second = site.build()
        assert second.returncode == 0, second.stderr
        assert (site.output / NEW).is_file() and not broken_links(site.output)
        assert not partial_files(site.output)
        assert files_of(site.output) == clean_build_of(site, tmp_path_factory)
    finally:
        subprocess.run(["umount", str(site.output)], check=False)
