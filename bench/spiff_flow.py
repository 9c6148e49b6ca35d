"""SpiffWorkflow's in-memory rate for the approval flow's process shape (a bench-only dependency).

The issue compares zonedesk's flow through its services (database, audit, messages,
certificates) with a workflow engine running the same process in memory, nothing stored: submit,
the materials uploaded one by one, the window's acceptance, then one approval per item in
parallel branches (a parallel gateway split and join). Each user task is completed as a person
would; the engine runs the gateways. It sets an upper bound on what an engine alone costs, not a
like-for-like rate: no persistence, no permission checks, no audit.

    pip install -r requirements-bench.txt     # (make bench-deps)
    python bench/spiff_flow.py --uploads 3 --approvals 6 --flows 2000
"""

from __future__ import annotations

import argparse
import time


def process_xml(uploads: int, approvals: int) -> str:
    """BPMN 2.0 for the flow: start → submit → upload×n → accept → split → approve×k → join → end."""
    tasks = ["submit", *[f"upload_{i}" for i in range(uploads)], "accept"]
    parts, flows = [], []
    parts.append('<bpmn:startEvent id="start"/>')
    prev = "start"
    for t in tasks:
        parts.append(f'<bpmn:userTask id="{t}" name="{t}"/>')
        flows.append((prev, t))
        prev = t
    parts.append('<bpmn:parallelGateway id="split"/>')
    parts.append('<bpmn:parallelGateway id="join"/>')
    flows.append((prev, "split"))
    for i in range(approvals):
        parts.append(f'<bpmn:userTask id="approve_{i}" name="approve_{i}"/>')
        flows += [("split", f"approve_{i}"), (f"approve_{i}", "join")]
    parts.append('<bpmn:endEvent id="end"/>')
    flows.append(("join", "end"))
    seq = "".join(f'<bpmn:sequenceFlow id="f{n}" sourceRef="{a}" targetRef="{b}"/>'
                  for n, (a, b) in enumerate(flows))
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            'id="defs" targetNamespace="http://bpmn.io/schema/bpmn">'
            f'<bpmn:process id="approval_flow" isExecutable="true">{"".join(parts)}{seq}</bpmn:process>'
            '</bpmn:definitions>')


def spiff_rate(uploads: int, approvals: int, flows: int) -> tuple[float, float]:
    """(flows per second, CPU ms per flow) of SpiffWorkflow running the process to its end."""
    import logging

    # The engine logs every task's state change at INFO; under the project's logging that is a
    # JSON line per change, which would be measured instead of the engine.
    logging.getLogger("spiff").setLevel(logging.WARNING)
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    parser = BpmnParser()
    parser.add_bpmn_str(process_xml(uploads, approvals).encode())
    spec = parser.get_spec("approval_flow")
    manual = uploads + approvals + 2

    def one() -> None:
        wf = BpmnWorkflow(spec)
        wf.do_engine_steps()
        done = 0
        while not wf.is_completed():
            ready = wf.get_tasks(state=TaskState.READY, manual=True)
            if not ready:
                raise RuntimeError("the process stopped with no task ready")
            ready[0].run()
            done += 1
            wf.do_engine_steps()
        if done != manual:  # every user task of the flow was completed once
            raise RuntimeError(f"{done} user tasks completed, expected {manual}")

    one()  # warm
    t, c = time.perf_counter(), time.process_time()
    for _ in range(flows):
        one()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return flows / wall, cpu / flows * 1000


def line(uploads: int, approvals: int, flows: int = 500) -> str:
    try:
        rate, cpu_ms = spiff_rate(uploads, approvals, flows)
    except ImportError:
        return ("SpiffWorkflow in-memory rate: not measured (a bench-only dependency: "
                "`make bench-deps` installs it from requirements-bench.txt)")
    return (f"SpiffWorkflow {_version()} in-memory, the same process (submit → {uploads} uploads → "
            f"accept → {approvals} parallel approvals), nothing stored: {rate:,.0f} flows/s "
            f"({cpu_ms:.2f} ms CPU each), one process")


def _version() -> str:
    from importlib.metadata import version

    return version("SpiffWorkflow")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=3)
    parser.add_argument("--approvals", type=int, default=6)
    parser.add_argument("--flows", type=int, default=2000)
    args = parser.parse_args()
    print(line(args.uploads, args.approvals, args.flows))


if __name__ == "__main__":
    main()
