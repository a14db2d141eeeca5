"""``invoke cms`` on a fresh clone of the project: the editor at /quan-tri/ of the preview,
talking to the local backend on the same working copy; refused on uncommitted changes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

INVOKE = str(Path(sys.executable).with_name("invoke"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The project as committed, with the pinned npm packages of this checkout."""
    repo = tmp_path / "kho"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    for key, value in (("user.name", "Biên tập viên"), ("user.email", "bientap@example.vn")):
        subprocess.run(["git", "config", key, value], cwd=repo, check=True)
    return repo


def _get(url: str, data: bytes | None = None) -> bytes:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def test_invoke_cms_serves_the_editor_and_its_local_backend(clone):
    port, proxy_port = _free_port(), _free_port()
    process = subprocess.Popen([INVOKE, "cms", "--port", str(port), "--proxy-port", str(proxy_port)], cwd=clone,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        config = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                config = yaml.safe_load(_get(f"http://localhost:{port}/quan-tri/config.yml"))
                break
            except OSError:
                time.sleep(1)
        assert config is not None, process.stdout.read() if process.poll() is not None else "no answer"
        assert config["local_backend"] == {"url": f"http://localhost:{proxy_port}/api/v1"}
        assert b"decap-cms.js" in _get(f"http://localhost:{port}/quan-tri/")
        # The proxy serves this working copy, in git mode (the editorial workflow).
        info = json.loads(_get(f"http://127.0.0.1:{proxy_port}/api/v1", json.dumps({"action": "info"}).encode()))
        assert info["repo"] == clone.name and info["type"] == "local_git"
        assert "editorial_workflow" in info["publish_modes"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_invoke_cms_refuses_a_working_copy_with_uncommitted_changes(clone):
    (clone / "content/articles/2024/chua-commit.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    proc = subprocess.run([INVOKE, "cms", "--port", str(_free_port()), "--proxy-port", str(_free_port())],
                          cwd=clone, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "có thay đổi chưa commit:\n  ?? content/articles/2024/chua-commit.md\n" in proc.stderr
    assert "hãy commit" in proc.stderr
