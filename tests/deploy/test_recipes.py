"""The deployment recipes: the CI files are valid for their hosts (check-jsonschema's
vendored schemas), content errors reach the commit's page, and the self-hosted script
pulls, builds and publishes from a local bare repository into a local rsync target,
scheduled articles included."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from content_model.dates import VIETNAM

from tests.conftest import ROOT

CHECK = str(Path(sys.executable).with_name("check-jsonschema"))
RECIPES = [(".github/workflows/xuat-ban.yml", "vendor.github-workflows"), (".gitlab-ci.yml", "vendor.gitlab-ci")]


@pytest.mark.parametrize(("recipe", "schema"), RECIPES)
def test_the_ci_recipes_are_valid_for_their_host(recipe, schema, tmp_path):
    ok = subprocess.run([CHECK, "--builtin-schema", schema, str(ROOT / recipe)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # The validator does fail: the same file with a misspelt key is refused.
    broken = tmp_path / Path(recipe).name
    text = (ROOT / recipe).read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on:", "run-on:") if "github" in schema else text.replace("script:", "scrip:"),
                      encoding="utf-8")
    assert subprocess.run([CHECK, "--builtin-schema", schema, str(broken)], capture_output=True).returncode == 1


def test_the_recipes_publish_on_push_and_on_a_schedule():
    github = (ROOT / ".github/workflows/xuat-ban.yml").read_text(encoding="utf-8")
    assert "branches: [main]" in github and 'cron: "*/15 * * * *"' in github
    assert "invoke publish --target" in github and "actions/cache@" in github
    gitlab = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert '$CI_PIPELINE_SOURCE == "schedule"' in gitlab and "invoke publish --target" in gitlab
    timer = (ROOT / "deploy/khuyenhoc-xuat-ban.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*:0/5" in timer


def test_content_errors_become_annotations_on_the_commit(site):
    """Run from the repository's root as CI runs it, so files are named content/…"""
    site.article("loi", date="31/02/2026")
    proc = subprocess.run([str(ROOT / "deploy/loi-noi-dung.sh"), sys.executable, str(ROOT / "build.py"), "content",
                           "-s", str(ROOT / "pelicanconf.py"), "-o", "output", "-e", 'CACHE_PATH="cache"'],
                          cwd=site.root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1
    message = 'date: ngày không hợp lệ "31/02/2026": tháng 2/2026 chỉ có 28 ngày.'
    assert f"content/articles/loi.md:3: {message}" in proc.stderr  # the log keeps the build's lines
    assert f"::error file=content/articles/loi.md,line=3::{message}" in proc.stdout


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


ARTICLE = """---
title: {title}
date: {date}
author: Minh Trang
province: Lào Cai
category: Hoạt động Hội
---
Nội dung bài {title}.
"""


def test_the_self_hosted_script_pulls_builds_and_publishes(tmp_path):
    origin = tmp_path / "kho.git"
    _git(tmp_path, "clone", "-q", "--bare", str(ROOT), str(origin))
    # The association's main is this checkout's commit (whatever branch it is on).
    _git(origin, "update-ref", "refs/heads/main", _git(ROOT, "rev-parse", "HEAD").strip())
    _git(origin, "symbolic-ref", "HEAD", "refs/heads/main")
    server = tmp_path / "may-chu"  # the server's clone, as docs/deployment.md makes it
    _git(tmp_path, "clone", "-q", str(origin), str(server))
    # The installed tools of this machine stand for ./dev's installation on the server.
    # They must be ./dev's own (its stamp matching the lock file): otherwise the script's
    # ./dev would install the packages again through the link, into this checkout.
    stamp = ROOT / "node_modules" / ".lock-copy-all"
    if not stamp.is_file() or stamp.read_bytes() != (ROOT / "package-lock.json").read_bytes():
        pytest.fail("node_modules is not the one ./dev installs from package-lock.json: run ./dev test")
    (server / ".venv").symlink_to(Path(sys.executable).parents[1])
    (server / "node_modules").symlink_to(ROOT / "node_modules")
    editor = tmp_path / "bien-tap"
    _git(tmp_path, "clone", "-q", str(origin), str(editor))
    _git(editor, "config", "user.name", "Biên tập viên")
    _git(editor, "config", "user.email", "bientap@example.vn")
    www = tmp_path / "www"
    www.mkdir()
    env = {**os.environ, "KHUYENHOC_REPO": str(server), "KHUYENHOC_TARGET": f"{www}/",
           "SITEURL": "https://khuyenhoc.example.vn"}

    def publish() -> subprocess.CompletedProcess:
        return subprocess.run([str(server / "deploy/xuat-ban.sh")], env=env, capture_output=True, text=True,
                              timeout=900)

    first = publish()
    assert first.returncode == 0, first.stdout + first.stderr
    assert (www / "index.html").is_file() and (www / "quan-tri/index.html").is_file()

    # A commit pushed to the repository (as the web editor makes one), an article
    # scheduled a little later and one that expires then: the first is published by the
    # next run, the second only by a run after its time, when the third leaves the lists.
    now = dt.datetime.now(VIETNAM)
    soon = (now + dt.timedelta(seconds=40)).replace(microsecond=0)
    (editor / "content/articles/2026").mkdir(parents=True, exist_ok=True)
    (editor / "content/articles/2026/bai-moi.md").write_text(
        ARTICLE.format(title="Bài mới từ trình biên tập", date=f"{now - dt.timedelta(hours=1):%Y-%m-%d %H:%M}"),
        encoding="utf-8")
    (editor / "content/articles/2026/bai-hen-gio.md").write_text(
        ARTICLE.format(title="Bài hẹn giờ đăng", date=f"{soon:%Y-%m-%d %H:%M:%S}"), encoding="utf-8")
    (editor / "content/articles/2026/bai-het-han.md").write_text(
        ARTICLE.format(title="Thông báo có hạn", date=f"{now - dt.timedelta(hours=2):%Y-%m-%d %H:%M}").replace(
            "category:", f"expires: {soon:%Y-%m-%d %H:%M:%S}\ncategory:"), encoding="utf-8")
    _git(editor, "add", "-A")
    _git(editor, "commit", "-q", "-m", "Bài mới và bài hẹn giờ")
    _git(editor, "push", "-q", "origin", "HEAD:main")

    second = publish()
    assert second.returncode == 0, second.stdout + second.stderr
    pages = lambda: "".join(p.read_text(encoding="utf-8") for p in (www / "tinh/lao-cai").glob("index.html"))
    assert "Bài mới từ trình biên tập" in pages()
    assert "Bài hẹn giờ đăng" not in pages()
    assert "Thông báo có hạn" in pages()

    time.sleep(max(0.0, (soon - dt.datetime.now(VIETNAM)).total_seconds()) + 1)
    third = publish()  # nothing was pushed: the timer's run
    assert third.returncode == 0, third.stdout + third.stderr
    assert "Bài hẹn giờ đăng" in pages()
    assert "Thông báo có hạn" not in pages()
    (expired,) = www.glob("tin/*/*/*/thong-bao-co-han/index.html")
    assert "Tin đã hết hạn" in expired.read_text(encoding="utf-8")

    # A content error stops the run with the Vietnamese message; the site stays.
    (editor / "content/articles/2026/bai-loi.md").write_text(
        ARTICLE.format(title="Bài lỗi", date="31/02/2026"), encoding="utf-8")
    _git(editor, "add", "-A")
    _git(editor, "commit", "-q", "-m", "Bài có lỗi")
    _git(editor, "push", "-q", "origin", "HEAD:main")
    fourth = publish()
    assert fourth.returncode == 1
    assert "content/articles/2026/bai-loi.md:3: date: ngày không hợp lệ \"31/02/2026\"" in fourth.stderr
    assert "Bài hẹn giờ đăng" in pages()
