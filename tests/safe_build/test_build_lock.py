"""Two builds on the same output or cache folder run one after the other, never at once."""

from __future__ import annotations

import os
import subprocess

from sitecore import locks
from tests.conftest import PELICAN, ROOT, TEST_NOW
from tests.safe_build.test_skip_unchanged import snapshot

BUSY = "vẫn đang được dùng bởi một lần dựng khác"
WAITING = "chờ nó xong"


def test_a_build_stops_when_another_keeps_the_output_folder_and_touches_nothing(site, holders):
    site.article("one", title="Bài một")
    assert site.build().returncode == 0
    before = snapshot(site.output)
    site.article("two", title="Bài hai")
    holder = holders(locks.output_lock(site.output))
    busy = site.build("SITE_BUILD_WAIT=1")
    assert busy.returncode == 1
    assert BUSY in busy.stderr and f"tiến trình {holder.pid}" in busy.stderr
    assert "Đã chờ 1 giây" in busy.stderr and "Traceback" not in busy.stderr
    assert snapshot(site.output) == before  # nothing published, nothing staged over it
    holder.release()
    done = site.build()
    assert done.returncode == 0 and "Bài hai" in done.page("tin/2024/07/15/bai-hai/index.html")


def test_a_build_on_the_same_cache_waits_for_the_other_then_builds(site, holders):
    """Another output folder, the same cache: the build says whom it waits for, waits,
    and builds once the other is done."""
    site.article("one", title="Bài một")
    holder = holders(locks.cache_lock(site.root / "cache"))
    cmd = [*PELICAN, str(site.content), "-s", "pelicanconf.py", "-o", str(site.output),
           "-e", f'SITE_NOW="{TEST_NOW}"', f'CACHE_PATH="{site.root / "cache"}"', "SITE_BUILD_WAIT=120"]
    build = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                             encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    assert build.stderr is not None
    seen = []
    for line in build.stderr:  # until the build says it waits (it has written nothing yet)
        seen.append(line)
        if WAITING in line:
            break
    assert WAITING in seen[-1] and f"tiến trình {holder.pid}" in seen[-1], "".join(seen)
    assert not site.output.exists()
    holder.release()
    rest = build.stderr.read()
    assert build.wait(timeout=300) == 0, rest
    assert (site.output / "tin/2024/07/15/bai-mot/index.html").is_file()


def test_a_bad_wait_setting_is_one_clear_line(site):
    site.article("one", title="Bài một")
    result = site.build('SITE_BUILD_WAIT="lâu"')
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "SITE_BUILD_WAIT: 'lâu' không phải số giây chờ" in result.stderr
