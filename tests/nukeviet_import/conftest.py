"""Fixtures of the import tests (the dumps are made in :mod:`.dumps`)."""

from __future__ import annotations

import pytest

from tests.nukeviet_import.dumps import Dumps, real_dumps


@pytest.fixture(scope="session")
def dumps() -> Dumps:
    return real_dumps()


