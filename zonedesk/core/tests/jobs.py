"""A task for the worker tests: appends its number to a file, so a test can count runs."""

from __future__ import annotations

import time

from django_tasks import task


@task()
def record_run(n: int, path: str) -> int:
    time.sleep(0.05)  # long enough that two workers overlap
    with open(path, "a") as f:
        f.write(f"{n}\n")
    return n
