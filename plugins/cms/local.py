"""The CMS's local backend (pure: never imports Pelican): Decap's own proxy server,
``decap-server`` (pinned in package-lock.json), on a git working copy.

Its git mode is the one that has the editorial workflow: a draft is a branch
``cms/<collection>/<slug>`` of the working copy, publishing merges it into the current
branch. It commits with ``git add .``, so it runs only on a working copy with nothing
uncommitted (:func:`uncommitted`), or it would sweep the editor's other changes into its
commits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


class LocalBackendError(RuntimeError):
    """The local backend cannot start; ``str()`` says why and what to do, in Vietnamese."""


def uncommitted(repo: Path) -> list[str]:
    """The working copy's uncommitted changes (``git status --porcelain`` lines)."""
    proc = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise LocalBackendError(f"{repo} không phải một kho git ({proc.stderr.strip()}).")
    return [line for line in proc.stdout.splitlines() if line.strip()]


def proxy_command(repo: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """The command and environment that serve ``repo`` to the CMS on ``127.0.0.1:port``."""
    node = shutil.which("node")
    if node is None or not SERVER.is_file():
        raise LocalBackendError("thiếu Node.js hoặc gói decap-server: chạy ./dev test một lần (cài các gói npm đã ghim).")
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port),
           "BIND_HOST": "127.0.0.1"}
    return [node, str(SERVER)], env


def start_proxy(repo: Path, port: int) -> subprocess.Popen:
    """Start the proxy for ``repo`` and wait until it listens (it prints a line then)."""
    dirty = uncommitted(repo)
    if dirty:
        shown = "\n  ".join(dirty[:10])
        raise LocalBackendError(
            f"kho {repo} có thay đổi chưa commit:\n  {shown}\n"
            "Trình biên tập web commit mọi tệp đã đổi, nên hãy commit (git commit -am \"...\") "
            "hoặc bỏ các thay đổi đó trước khi chạy invoke cms."
        )
    argv, env = proxy_command(repo, port)
    process = subprocess.Popen(argv, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if "listening on" in line:
            # Its log goes on to the terminal (and the pipe never fills and stops it).
            threading.Thread(target=_echo, args=(process.stdout,), daemon=True).start()
            return process
    process.wait()
    raise LocalBackendError(f"decap-server dừng ngay khi khởi động (mã {process.returncode}); "
                            f"có lẽ cổng {port} đang bận: chạy lại với --proxy-port khác.")


def _echo(stream) -> None:
    for line in stream:
        sys.stdout.write(line)
