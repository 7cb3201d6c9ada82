"""Run ``exscout`` in this process and, at exit, print this process's own CPU time.

Only the pipeline's Python: simweb runs in a child process and Chromium under Playwright's
driver, neither counted (``getrusage(RUSAGE_SELF)``). Used for docs/performance.md, F21:

    SCRAPY_SETTINGS_MODULE=my_settings PYTHONPATH=.:DIR scripts/offline .venv/bin/python \\
        scripts/perf/pipeline_cpu.py run --simweb CORPUS --source seeds --seeds LIST --out OUT

where ``DIR/my_settings.py`` is ``from crawler.settings import *`` plus the one setting the
variant changes.
"""

from __future__ import annotations

import atexit
import resource
import sys
import time

_START = time.monotonic()


def _report() -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"CPU self user {usage.ru_utime:.1f} sys {usage.ru_stime:.1f} "
          f"total {usage.ru_utime + usage.ru_stime:.1f} wall {time.monotonic() - _START:.1f}",
          file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    atexit.register(_report)
    from exscout.cli import main

    sys.argv = ["exscout", *sys.argv[1:]]
    main()
