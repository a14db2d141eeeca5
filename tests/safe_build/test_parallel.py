"""Pages rendered on several cores: the same site as one process makes, failures reported."""

from __future__ import annotations

import shutil

from incremental.keys import RECORD_NAME, RECORD_VERSION
from tests.conftest import ROOT, Site, plugin_record
from tests.incremental.test_incremental import files_of

SPLIT = "tệp bằng 2 tiến trình"  # the log line of a split (safe_build)


def sample_site(root) -> Site:
    site = Site.__new__(Site)
    site.root, site.content, site.output = root, root / "content", root / "output"
    shutil.copytree(ROOT / "content", site.content)
    return site


def render_record(site: Site) -> dict:
    data = plugin_record(site.root, RECORD_NAME, RECORD_VERSION)
    # Keys hash the site's folder and settings, mtimes differ: the calls, their files and
    # what each watched page read.
    return {"calls": {call: [made[1], *(data["reads"][i] for i in made[2:])] for call, made in data["calls"].items()},
            "files": sorted(data["files"])}


def test_two_processes_build_the_site_one_process_builds(tmp_path_factory):
    one, two = sample_site(tmp_path_factory.mktemp("one")), sample_site(tmp_path_factory.mktemp("two"))
    serial = one.build("RENDER_PROCESSES=1", "-v")
    split = two.build("RENDER_PROCESSES=2", "-v")
    assert serial.returncode == 0 and split.returncode == 0, split.stderr
    assert SPLIT not in serial.stdout + serial.stderr
    assert SPLIT in split.stdout + split.stderr  # the articles' pages were split
    assert files_of(two.output) == files_of(one.output)
    assert render_record(two) == render_record(one)

    # A rebuild after an edit, split again: pages made by the second process are kept
    # (or written) as the first would, and nothing else moves.
    for site in (one, two):
        article = sorted((site.content / "articles").rglob("*.md"))[3]
        article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn bổ sung.\n", encoding="utf-8")
    mtimes = {p: p.stat().st_mtime_ns for p in two.output.rglob("*.html")}
    serial = one.build("RENDER_PROCESSES=1", "INCREMENTAL_RENDER=false")
    split = two.build("RENDER_PROCESSES=2", "INCREMENTAL_RENDER=false", "-v")
    assert serial.returncode == 0 and split.returncode == 0, split.stderr
    assert SPLIT in split.stdout + split.stderr
    assert files_of(two.output) == files_of(one.output)
    moved = sorted(p.relative_to(two.output).as_posix() for p, m in mtimes.items() if p.stat().st_mtime_ns != m)
    assert 0 < len(moved) < len(mtimes) // 4, moved


def test_a_template_error_in_another_process_fails_the_build_and_keeps_the_site(tmp_path):
    site = sample_site(tmp_path)
    assert site.build("RENDER_PROCESSES=2").returncode == 0
    before = files_of(site.output)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    # Every article page fails: in this process and in the other one.
    article.write_text(
        article.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}{{ 1 // 0 }}", 1),
        encoding="utf-8",
    )
    result = site.build("RENDER_PROCESSES=2", f'THEME="{theme}"')
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stdout + result.stderr
    assert files_of(site.output) == before
    assert not (tmp_path / ".output.staging").exists()


def test_a_bad_process_count_is_one_line_and_no_build(site):
    site.article("one", title="Bài một")
    for setting in ("RENDER_PROCESSES", "CONTENT_READ_PROCESSES", "IMAGES_WORKERS"):
        result = site.build(f'{setting}="hai"')
        assert result.returncode == 1
        assert result.stderr.strip() == (
            f"pelicanconf.py: {setting}: 'hai' is not a number of processes; write 0 (one per core), "
            "1 (this process only) or a larger whole number."
        )
        assert not site.output.exists()


def test_pages_are_rendered_in_one_process_when_two_would_not_fit_in_the_memory_setting(tmp_path_factory):
    one, small = sample_site(tmp_path_factory.mktemp("one")), sample_site(tmp_path_factory.mktemp("small"))
    serial = one.build("RENDER_PROCESSES=1")
    tight = small.build("RENDER_PROCESSES=2", "SITE_MEMORY_MIB=1", "-v")
    assert serial.returncode == 0 and tight.returncode == 0, tight.stderr
    log = tight.stdout + tight.stderr
    assert SPLIT not in log
    assert "Dựng bằng 1 thay vì 2 tiến trình cho vừa SITE_MEMORY_MIB = 1" in log
    assert files_of(small.output) == files_of(one.output)


def test_a_bad_memory_setting_is_one_clear_line_and_no_build(site):
    site.article("one", title="Bài một")
    result = site.build('SITE_MEMORY_MIB="nhiều"')
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "SITE_MEMORY_MIB: 'nhiều' không phải số MiB bộ nhớ" in result.stderr
    assert not site.output.exists()
