"""`make typecheck`: run mypy and compare its errors with the baseline (mypy-baseline.txt).

The baseline lists the errors the code had when type checking started, one per line, without
line numbers (so editing a file does not move them). The check fails when mypy reports an error
that the baseline does not hold, i.e. when the count of any (file, message) rises; errors fixed
since are reported so the baseline can be shrunk with `--update` (it never grows by itself).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
LINE = re.compile(r"^(?P<file>[^:]+):\d+(?::\d+)?: error: (?P<message>.*)$")


def errors(output: str) -> collections.Counter[str]:
    found: collections.Counter[str] = collections.Counter()
    for line in output.splitlines():
        m = LINE.match(line)
        if m:
            found[f"{m['file']}: {m['message']}"] += 1
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="write the current errors as the baseline")
    parser.add_argument("--mypy", default=str(Path(sys.executable).parent / "mypy"))
    args = parser.parse_args()
    env = {**os.environ, "ZONEDESK_ENV": "test", "DATABASE_URL": ""}
    done = subprocess.run([args.mypy, "zonedesk", "scripts"], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if done.returncode not in (0, 1) or ("error: " not in done.stdout and done.returncode):
        print(done.stdout + done.stderr, file=sys.stderr)
        return 2
    now = errors(done.stdout)
    if args.update:
        if BASELINE.exists() and now - errors_file() and not os.environ.get("TYPECHECK_ALLOW_GROWTH"):
            print("refusing to add errors to the baseline; fix them (or set TYPECHECK_ALLOW_GROWTH=1)",
                  file=sys.stderr)
            return 1
        BASELINE.write_text("".join(f"{e}\n" for e in sorted(now.elements())), encoding="utf-8")
        print(f"baseline: {sum(now.values())} errors")
        return 0
    base = errors_file()
    new, fixed = now - base, base - now
    total, allowed = sum(now.values()), sum(base.values())
    if new:
        print(f"mypy: {sum(new.values())} error(s) not in the baseline ({total} now, baseline {allowed}):")
        for line in done.stdout.splitlines():
            m = LINE.match(line)
            if m and new[f"{m['file']}: {m['message']}"] > 0:
                print("  " + line)
        return 1
    note = f"; {sum(fixed.values())} fixed since: shrink it with `make typecheck-baseline`" if fixed else ""
    print(f"mypy: {total} errors, baseline {allowed}{note}")
    return 0


def errors_file() -> collections.Counter[str]:
    if not BASELINE.exists():
        return collections.Counter()
    return collections.Counter(line for line in BASELINE.read_text(encoding="utf-8").splitlines() if line)


if __name__ == "__main__":
    sys.exit(main())
