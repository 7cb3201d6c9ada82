"""Count Twisted connection-pool hits and misses in every Python process that imports this.

Put this folder first on ``PYTHONPATH`` (Python imports ``sitecustomize`` at start-up); each
process appends one JSON line to ``$POOL_COUNT`` at exit: ``pool_hit`` (a cached connection,
e.g. a proxy tunnel, was reused), ``pool_miss_new_key`` (first request to that host through
that proxy), ``pool_miss_seen_key`` (the pair was used before, but no idle connection was left),
``put_pool_full`` (a finished connection was closed because the pool for its key was full).
Used for docs/performance.md, F21 (the probe against the bare Scrapy spider).
"""

from __future__ import annotations

import atexit
import collections
import json
import os
import resource
from typing import Any

COUNTS: collections.Counter[str] = collections.Counter()
_SEEN: set[Any] = set()


def _install() -> None:
    from twisted.web import client

    pool = client.HTTPConnectionPool
    get_connection, put_connection = pool.getConnection, pool._putConnection

    def counted_get(self: Any, key: Any, endpoint: Any) -> Any:
        if self._connections.get(key):
            COUNTS["pool_hit"] += 1
        else:
            COUNTS["pool_miss_seen_key" if key in _SEEN else "pool_miss_new_key"] += 1
        _SEEN.add(key)
        return get_connection(self, key, endpoint)

    def counted_put(self: Any, key: Any, connection: Any) -> Any:
        full = len(self._connections.get(key, [])) >= self.maxPersistentPerHost
        COUNTS["put_pool_full" if full else "put_ok"] += 1
        return put_connection(self, key, connection)

    pool.getConnection = counted_get
    pool._putConnection = counted_put


def _dump() -> None:
    if not COUNTS:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    line = {"pid": os.getpid(), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), **COUNTS}
    with open(os.environ.get("POOL_COUNT", "pool-count.jsonl"), "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


try:
    _install()
    atexit.register(_dump)
except ImportError:  # a process without Twisted has nothing to count
    pass
