"""The Nu HTML Checker (vnu.jar, run with Java) finds no error on any built page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.quality.pages import PAGE_TYPES, representative_pages

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(files: list[Path]) -> list[dict]:
    if shutil.which("java") is None or not VNU.is_file():
        pytest.fail("Java and node_modules/vnu-jar are needed: run ./dev test (it installs them)")
    proc = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    return json.loads(proc.stderr or '{"messages": []}')["messages"]


def test_every_page_type_is_present(sample_build):
    assert len(representative_pages(sample_build.output)) == len(PAGE_TYPES)


def test_no_html_error_on_any_page(sample_build):
    pages = sorted(sample_build.output.rglob("*.html"))
    errors = [
        f"{Path(m['url']).name if 'url' not in m else m['url'].split(str(sample_build.output))[-1]}:"
        f"{m.get('lastLine', '?')}: {m['message']}"
        for m in run_vnu(pages)
        if m.get("type") == "error"
    ]
    assert errors == []
