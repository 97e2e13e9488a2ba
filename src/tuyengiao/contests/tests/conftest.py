"""Counters, rate limits and cached pools live in the cache: each test starts with it empty."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()
