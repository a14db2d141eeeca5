"""The site is built by one sequence (``safe_build.build``): ``build.py`` runs it, and
Pelican's own command, which would run Pelican alone, refuses to build the site."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, TEST_NOW


def test_pelicans_own_command_builds_nothing_and_says_what_to_run(site):
    site.article("mot", title="Bài một")
    before = site.build()
    assert before.returncode == 0, before.stderr
    site.article("hai", title="Bài hai")
    published = sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob("*"))
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", "pelicanconf.py", "-o", str(site.output),
         "-e", f'SITE_NOW="{TEST_NOW}"', f'CACHE_PATH="{site.root / "cache"}"'],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=600)
    assert proc.returncode == 2
    assert "invoke build" in proc.stderr and "python build.py" in proc.stderr and "Chưa ghi gì" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob("*")) == published
    assert not [p for p in site.root.glob(".output.staging/**/*") if p.is_file()]  # nothing written there
    # The same content through the build: the new article is published.
    after = site.build()
    assert after.returncode == 0, after.stderr
    assert any("bai-hai" in p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html"))


def test_the_build_command_serves_nothing_and_reloads_nothing(site):
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), str(site.content), "--listen"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "invoke livereload" in proc.stderr and "invoke serve" in proc.stderr
    assert not site.output.exists()
