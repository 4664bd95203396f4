"""Copier's command line with each render timed: how much of a `copier copy` or `copier update` is rendering.

    .venv/bin/python benchmarks/copier_timed.py TIMINGS.json copy|update [COPIER ARGUMENTS...]

Runs Copier in this process as its `copier` command would, and writes to TIMINGS.json the seconds of each
`Worker._render_template` call: the walk of the template that renders and writes every path and file of one
destination (one for a copy; three for an update: the previous version into a scratch folder, the new one in place,
the new one into another scratch folder). The hook's context is built inside the first render of each worker, so
its work counts as rendering. What is not rendering is Copier's other work: starting, reading answers, cloning the
template, its scratch git repositories, diffing and applying, and the tasks.
"""

import atexit
import json
import sys
import time
from pathlib import Path
from typing import Any

from copier._cli import CopierApp
from copier._main import Worker


def time_renders(worker_class: Any, record: list[float]) -> None:
    """Append the seconds of each render of Copier's `Worker` class in this process to `record`.

    A plain wrapper, not `functools.wraps`: the template's hook leaves alone a Copier method that looks wrapped
    already (hooks/copier_runtime.py), and this one must change nothing the hook does.
    """
    render = worker_class._render_template

    def timed(worker: Any) -> None:
        start = time.perf_counter()
        try:
            render(worker)
        finally:
            record.append(time.perf_counter() - start)

    worker_class._render_template = timed


def main() -> None:
    timings_file = Path(sys.argv[1])
    renders: list[float] = []
    time_renders(Worker, renders)
    atexit.register(lambda: timings_file.write_text(json.dumps({"renders": renders})))
    sys.argv = ["copier", *sys.argv[2:]]
    CopierApp.run()


if __name__ == "__main__":
    main()
