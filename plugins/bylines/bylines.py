"""Adapter: who wrote an article and where it comes from (authors' profiles, news
sources, articles that link to coverage elsewhere); the registries are in ``registry``.

Handlers:
* ``check_settings`` (initialized): a bad setting stops the build with its fix.
* ``read_registries`` (article_generator_finalized: every article is read, before any
  other generator works): reads ``content/data/tac-gia.yml`` and
  ``content/data/nguon-tin.yml``, reports every problem of both with the articles' (the
  build then stops before anything is written), names the portraits and logos to the images plugin
  (``images_requested``) and puts :class:`Bylines` in the shared context as
  ``bylines`` for the templates.

Why the registries live in the content folder: they are editorial content, edited,
reviewed and published with the articles whose bylines they describe; their pictures
are in ``content/images``; and every file under the content folder is an input of the
skip check and of the incremental keys (a changed profile renders the pages that show
it), with no setting to name them by absolute path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

from sitecore.errors import settings_check
from sitecore.registry_file import data_file
from sitecore.report import report_of

from .registry import AuthorProfile, Source, external_label, load_authors, load_sources, photos_of, source_of

@dataclass(frozen=True, slots=True)
class BylinesSettings:
    """``BYLINES_AUTHORS``: the authors' registry, ``BYLINES_SOURCES``: the news sources'
    (relative paths: from the content folder, ``PATH``; a missing file is an empty
    registry). ``PATH``: the content folder, where the pictures are."""

    authors: Path
    sources: Path
    content_root: Path

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "BylinesSettings":
        return cls(data_file(s, "BYLINES_AUTHORS", "data/tac-gia.yml"),
                   data_file(s, "BYLINES_SOURCES", "data/nguon-tin.yml"),
                   Path(str(s.get("PATH", "content"))).resolve())


check_settings = settings_check(BylinesSettings.from_pelican)


@dataclass(frozen=True, slots=True)
class RegistryFile:
    """The owner of a picture a registry names (the images plugin reports a photo it
    cannot use against its owner's ``source_path``)."""

    source_path: str


class Bylines:
    """The templates' view of the registries (``bylines`` in the context)."""

    def __init__(self, profiles: dict[str, AuthorProfile], sources: dict[str, Source]) -> None:
        self.profiles = profiles
        self.sources = sources

    def profile(self, author: Any) -> AuthorProfile | None:
        """The registered profile of an author (Pelican's ``Author``), or None."""
        return self.profiles.get(getattr(author, "slug", ""))

    def source(self, article: Any) -> Source | None:
        """The registered source of an article, or None (no ``source:``, or free text)."""
        return source_of(getattr(article, "source", None), self.sources)

    def external(self, article: Any) -> str:
        """What an external-link article's listing entry names as where it leads."""
        return external_label(article.link, self.source(article), getattr(article, "source", None))


def read_registries(generator) -> None:
    config = BylinesSettings.from_pelican(generator.settings)
    report = report_of(generator.settings)
    profiles, problems = load_authors(config.authors, config.content_root)
    sources, source_problems = load_sources(config.sources, config.content_root)
    for problem in [*problems, *source_problems]:
        report.add(problem)
    owners = {str(config.authors): RegistryFile(str(config.authors)),
              str(config.sources): RegistryFile(str(config.sources))}
    requested = []
    distinct_sources = list({id(s): s for s in sources.values()}.values())
    for rel, field, line in photos_of(profiles.values(), distinct_sources):
        owner = owners[str(config.sources if field.endswith(".logo") else config.authors)]
        requested.append((owner, field, line, rel))
    context = generator.context
    context["images_requested"] = requested  # set, not added to: a resident process runs this again
    context["bylines"] = Bylines(profiles, sources)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(read_registries)
