"""Parse each template named on the command line (a syntax error, an unknown tag or filter fails
here instead of on the page that renders it). Used by the pre-commit hook."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django


def main(paths: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, run from anywhere
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
    django.setup()
    from django.template import TemplateSyntaxError, engines

    engine = engines["django"]
    failed = 0
    for path in paths:
        try:
            engine.from_string(Path(path).read_text(encoding="utf-8"))
        except TemplateSyntaxError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
