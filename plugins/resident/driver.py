"""A resident build driven over pipes: ``PYTHONPATH=plugins python -m resident [pelican
arguments]`` builds once for every line it reads and answers each with one JSON line
(``kind``, ``seconds``, ``articles``, ``reason``, and ``peak_kib``, the process's peak
memory so far). The benchmark and the tests drive the real process this way
(:class:`ResidentProcess`); Pelican's own messages go to standard error."""

from __future__ import annotations

import json
import logging
import os
import resource
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from .resident import ResidentBuild


def main(argv: Sequence[str]) -> None:
    logging.basicConfig(level=logging.WARNING)
    answers, sys.stdout = sys.stdout, sys.stderr
    resident = ResidentBuild(argv)
    for _ in sys.stdin:
        outcome = resident.build()
        answers.write(json.dumps({
            "kind": outcome.kind, "seconds": outcome.seconds, "articles": list(outcome.articles),
            "reason": outcome.reason, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }, ensure_ascii=False) + "\n")
        answers.flush()


class ResidentProcess:
    """``python -m resident`` started with ``pelican_args`` (run from ``cwd``, the
    repository root); :meth:`build` asks it for one build and returns its answer."""

    def __init__(self, pelican_args: Sequence[str], cwd: Path, stderr: IO[str] | int = subprocess.DEVNULL) -> None:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "PYTHONIOENCODING": "utf-8"}
        self.command = [sys.executable, "-m", "resident", *pelican_args]
        self.process = subprocess.Popen(self.command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=stderr, text=True, encoding="utf-8", env=env)

    def build(self) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the resident build process stopped: {' '.join(self.command)}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)
