from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tuyengiao.portal import counters


def _forget() -> None:
    cache.clear()
    counters._tally.take()
    counters._tally.read_cache.clear()


@pytest.fixture(autouse=True)
def fresh_portal_state() -> Iterator[None]:
    """Each test starts with no cached pages and no counts left unwritten by another, and
    leaves none behind for the next test (or for the flush when the process exits)."""
    _forget()
    yield
    _forget()
