"""The one inline script of the site: it marks ``<html>`` with the class ``js`` before
the first paint, so that the layout JavaScript would change later (the phone menu folded
behind its button) is already right when the page first shows. Loading it as a file
would cost a round trip before first paint on slow networks; inline, the
Content-Security-Policy allows it by its SHA-256 hash and nothing else inline runs."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class InlineScript:
    code: str

    @property
    def csp_source(self) -> str:
        """The CSP source expression (``'sha256-…'``) that allows exactly this script."""
        digest = hashlib.sha256(self.code.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


HEAD_SCRIPT = InlineScript('document.documentElement.classList.add("js");')
