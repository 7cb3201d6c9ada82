"""Fixtures for the crawler tests: run a spider through Scrapy's engine in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "tests" / "corpora"


@dataclass
class CrawlResult:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    sockets: list[str]
    log: str

    def kind(self, kind: str) -> list[dict[str, Any]]:
        return [i for i in self.items if i["kind"] == kind]


def run_spider(
    spider: str,
    tmp_path: Path,
    *,
    settings: dict[str, Any] | None = None,
    args: dict[str, str] | None = None,
    no_sockets: bool = False,
    timeout: float = 120,
) -> CrawlResult:
    """Run ``spider`` via tests/crawler/_crawl.py with the project settings plus ``settings``."""
    out = tmp_path / f"{spider}-{len(list(tmp_path.glob('*.json')))}.json"
    cmd = [sys.executable, str(Path(__file__).with_name("_crawl.py")), spider, str(out)]
    merged = {"LOG_LEVEL": "INFO", "EXSCOUT_PROXY": "", "TELNETCONSOLE_ENABLED": "False", **(settings or {})}
    for name, value in merged.items():
        cmd += ["-s", f"{name}={value}"]
    for name, value in (args or {}).items():
        cmd += ["-a", f"{name}={value}"]
    if no_sockets:
        cmd.append("--no-sockets")
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "COINGECKO_API_KEY": ""}
    env.pop("EXSCOUT_PROXY", None)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or not out.exists():
        raise AssertionError(f"crawl of {spider} failed (rc={proc.returncode}):\n{proc.stderr[-4000:]}")
    data = json.loads(out.read_text())
    return CrawlResult(data["items"], data["stats"], data["sockets"], proc.stderr)


@pytest.fixture
def crawl(tmp_path: Path):
    """``crawl(spider, settings=..., args=..., no_sockets=...) -> CrawlResult``."""

    def _crawl(spider: str, **kwargs: Any) -> CrawlResult:
        return run_spider(spider, tmp_path, **kwargs)

    return _crawl
