"""The project's small exception hierarchy.

``SiteError`` is the base of everything this site raises on purpose.
``ContentError`` is a problem in an editor's file (reported as
``path:line: field: message``); ``ConfigError`` is a problem in settings or in
a data file shipped with the site; ``BuildStopped`` ends a build whose problems are
printed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class SiteError(Exception):
    """Base class of the errors this site raises on purpose."""


class ConfigError(SiteError):
    """A bad setting or a bad data file (for example the province registry)."""


class BuildStopped(SiteError):
    """The build stopped on purpose, its problems already printed and nothing published
    (content errors, a failed publish, a folder another build holds; ``code`` 0: a check
    that found nothing wrong). The build command exits with ``code``; the resident
    process reports a failed build and waits for the next change."""

    def __init__(self, code: int = 1) -> None:
        super().__init__(f"build stopped ({code})")
        self.code = code


def load_settings(load: Callable[[Mapping[str, Any]], T], settings: Mapping[str, Any]) -> T:
    """``load`` (a plugin's settings loader) on ``settings``; a ``ConfigError`` stops the
    build as one line, never a traceback."""
    try:
        return load(settings)
    except ConfigError as exc:
        sys.stderr.write(f"pelicanconf.py: {exc}\n")
        raise SystemExit(1) from None


def settings_check(load: Callable[[Mapping[str, Any]], object]) -> Callable[[Any], None]:
    """A handler for Pelican's ``initialized`` signal: the settings are loaded with
    :func:`load_settings` before anything is read or written."""

    def check_settings(pelican: Any) -> None:
        load_settings(load, pelican.settings)

    return check_settings


def display_path(path: str | os.PathLike[str]) -> str:
    """Return ``path`` relative to the working directory when it lies below it.

    Editors run the build from the repository root, so ``content/...`` is the
    form they recognise; paths elsewhere stay absolute.
    """
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


class ContentError(SiteError):
    """One problem in one content file.

    ``line`` is 1-based and may be ``None`` when no line can be named.
    ``warning`` problems are reported but do not fail the build.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        field: str,
        message: str,
        line: int | None = None,
        *,
        warning: bool = False,
    ) -> None:
        self.path = os.fspath(path)
        self.field = field
        self.message = message
        self.line = line
        self.warning = warning
        super().__init__(self.format())

    def __reduce__(self):
        # Exceptions pickle as ``cls(*args)``; this one is rebuilt from its fields (a
        # problem found in a forked rendering process comes back pickled).
        return (_content_error, (self.path, self.field, self.message, self.line, self.warning))

    def format(self) -> str:
        where = display_path(self.path)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.field}: {self.message}"

    def sort_key(self) -> tuple[str, int, str]:
        return (display_path(self.path), self.line or 0, self.field)


def _content_error(path: str, field: str, message: str, line: int | None, warning: bool) -> ContentError:
    return ContentError(path, field, message, line, warning=warning)
