"""Decap CMS's own front matter writer, run with Node (tests/cms/decap_format.mjs)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from content_model.frontmatter import KNOWN_FIELDS

from tests.conftest import ROOT

SCRIPT = Path(__file__).with_name("decap_format.mjs")


def _run(mode: str, items: list) -> list[str]:
    proc = subprocess.run(["node", str(SCRIPT), str(ROOT), mode, json.dumps(list(KNOWN_FIELDS))],
                          input=json.dumps(items), capture_output=True, text=True, timeout=120, check=True)
    return json.loads(proc.stdout)


def write(entries: list[dict]) -> list[str]:
    """The files the CMS commits for these entries (field values as its widgets give them)."""
    return _run("write", entries)


def resave(texts: list[str]) -> list[str]:
    """Each file as the CMS writes it back after opening and saving it unchanged."""
    return _run("resave", texts)
