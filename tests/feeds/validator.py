"""A real validator on our feeds: Jing, the RELAX NG validator, run on the schemas in
``schemas/`` (Atom from RFC 4287, RSS 2.0 from the RSS Advisory Board specification).

Jing comes inside the Nu HTML Checker (``node_modules/vnu-jar``, installed by
``./dev test``), so it needs no package of its own. By hand, from the repository root:

    java -cp node_modules/vnu-jar/build/dist/vnu.jar \\
        nu.validator.vendor.thaiopensource.relaxng.util.Driver \\
        -c tests/feeds/schemas/atom.rnc output/atom/*.xml output/atom/*/*.xml
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JING = "nu.validator.vendor.thaiopensource.relaxng.util.Driver"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
ATOM = SCHEMAS / "atom.rnc"
RSS = SCHEMAS / "rss20.rnc"


def jing(schema: Path, files: list[Path]) -> list[str]:
    """Every error Jing finds in ``files`` (one line each: path:line:column: message)."""
    if shutil.which("java") is None or not VNU.is_file():
        pytest.fail("Java and node_modules/vnu-jar are needed: run ./dev test (it installs them)")
    proc = subprocess.run(
        ["java", "-cp", str(VNU), JING, "-c", str(schema), *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    errors = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    if proc.returncode != 0 and not errors:
        errors = [f"jing exited with {proc.returncode}"]
    return errors
