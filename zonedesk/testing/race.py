"""Run calls at the same instant in threads: the one race helper of the suite.

Each thread uses its own database connection (Django opens one per thread) and closes it at
the end, so what a call commits is visible to the others exactly as between two app hosts.
Used by the PostgreSQL row-lock tests (``@pytest.mark.postgres``, ``transaction=True``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

BARRIER_TIMEOUT = 10  # seconds for every thread to reach the start line
JOIN_TIMEOUT = 60  # seconds for every thread to finish; longer means a deadlock


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each result is a value or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=BARRIER_TIMEOUT)
            results[i] = calls[i]()
        except Exception as exc:  # the test inspects what each thread got
            results[i] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    return results


def in_thread(call: Callable[[], Any]) -> Any:
    """Run ``call`` on a connection of its own, in autocommit: what it writes is committed
    and visible to every thread, while the test's own transaction stays untouched."""
    [result] = race(call)
    if isinstance(result, Exception):
        raise result
    return result
