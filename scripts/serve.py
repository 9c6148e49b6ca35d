"""Run the web server, the background worker and the scheduler together, and stop them together.

`make run` ends here (exec'd by the recipe, so make's SIGTERM reaches this process). SIGTERM,
SIGINT and SIGHUP stop both children and this process; if either child dies, the other is
stopped too and the exit status says which died. The children also get SIGTERM from the kernel
if this supervisor is killed outright (Linux PR_SET_PDEATHSIG), so nothing is left holding the
port. gunicorn runs without its control socket: two instances on one host would otherwise
share $HOME/.gunicorn/gunicorn.ctl.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Not Linux: no prctl, and the signal handlers below still stop the children.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--workers", default="2")
    args = parser.parse_args()
    bindir = os.path.dirname(args.python)
    commands = {
        "worker": [args.python, "manage.py", "worker"],
        # Enqueues the periodic jobs (sweeps, escalation, message delivery, audit checks) that
        # the worker then runs: no cron needed (zonedesk/scheduler).
        "scheduler": [args.python, "manage.py", "scheduler", "--interval", "15"],
        "web": [os.path.join(bindir, "gunicorn"), "zonedesk.wsgi", "-c", "python:zonedesk.gunicorn_conf",
                "--bind", f"{args.host}:{args.port}",
                "--workers", str(args.workers), "--no-control-socket",
                "--access-logfile", "-", "--error-logfile", "-"],
    }
    children = {name: subprocess.Popen(cmd, preexec_fn=_die_with_parent) for name, cmd in commands.items()}
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children.values():
            if child.poll() is None:
                child.terminate()

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)

    status = 0
    while True:
        dead = [name for name, child in children.items() if child.poll() is not None]
        if dead and not stopping:
            print(f"zonedesk: {dead[0]} exited with status {children[dead[0]].returncode}; stopping",
                  file=sys.stderr)
            status = 1
            stop(signal.SIGTERM, None)
        if stopping:
            deadline = time.monotonic() + 20
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
            return status
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
