from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    # Sign-in throttles and refusal counts live in the cache, which outlives a test.
    cache.clear()
