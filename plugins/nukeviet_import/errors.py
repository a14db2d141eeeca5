"""The importer's errors: one clear Vietnamese sentence each, never a traceback."""

from __future__ import annotations

from sitecore.errors import SiteError


class ImportError_(SiteError):
    """Base of the importer's errors (not named ``ImportError``: that is Python's)."""


class DumpError(ImportError_):
    """The dump cannot be imported: not a NukeViet dump, truncated, unknown prefix."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")
