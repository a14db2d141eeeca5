"""Adapter: ``.gz`` and ``.br`` copies of every text file of a published build.

``PRECOMPRESS`` (off in development, on in ``publishconf.py``) registers a finish step
on the build session, so the copies are made in the staging folder after every other
step (the search index included) and published with the pages they belong to.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

from sitecore.report import session_of

from .compress import ENCODINGS, TEXT_SUFFIXES, lacks_copies, precompress_tree

logger = logging.getLogger(__name__)

# Finish steps run by ascending order: compression comes last.
ORDER = 1000


@dataclass(frozen=True, slots=True)
class PrecompressSettings:
    """``PRECOMPRESS``: write the copies; ``PRECOMPRESS_MIN_SIZE``: smaller files are
    not worth it; ``PRECOMPRESS_BROTLI_QUALITY``: 0–11 (9 is fast and within a few
    per cent of 11)."""

    enabled: bool
    min_size: int
    brotli_quality: int

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "PrecompressSettings":
        return cls(
            bool(settings.get("PRECOMPRESS", False)),
            int(settings.get("PRECOMPRESS_MIN_SIZE", 256)),
            int(settings.get("PRECOMPRESS_BROTLI_QUALITY", 9)),
        )


def add_step(pelican) -> None:
    """On get_generators, when the build session surely exists (blinker calls the
    receivers of one signal in no fixed order, so not on ``initialized``)."""
    config = PrecompressSettings.from_pelican(pelican.settings)
    if not config.enabled:
        return

    session = session_of(pelican.settings)

    def compress(site: Path) -> None:
        # A file kept from the last build (not in the staging folder) keeps its copies;
        # one published without them (compression just turned on, a smaller minimum
        # size) is brought into the staging folder to get them.
        files = session.files
        files.materialize(lambda name: lacks_copies(Path(files.built_path(site, name)), TEXT_SUFFIXES, config.min_size))
        stats = precompress_tree(site, TEXT_SUFFIXES, config.min_size, config.brotli_quality, files.published_path)
        logger.info("Precompressed: %d copies written, %d removed", stats.written, stats.removed)

    session.add_finish_step(ORDER, "precompress", compress)
    # A page kept from the last build keeps the copies made from it then.
    session.files.keep_companions(*ENCODINGS)


def register() -> None:
    signals.get_generators.connect(add_step)
