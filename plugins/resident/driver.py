"""A resident build driven over pipes: ``PYTHONPATH=plugins python -m resident [pelican
arguments]`` builds once for every line it reads and answers each with one JSON line
(``kind``, ``seconds``, ``articles``, ``reason``, and ``peak_kib``, the process's peak
memory so far). The benchmark and the tests drive the real process this way; Pelican's
own messages go to standard error."""

from __future__ import annotations

import json
import logging
import resource
import sys
from collections.abc import Sequence

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
