"""The weekly job end to end: `exscout demo`, then a run a week later on a changed corpus.

Both runs go through the real CLI in a child process (the Twisted reactor runs
once per process), on simweb, into one store. The second week's corpus is the
demo corpus with one site gone, one site that stopped geoblocking, one new
mirror-like site, and one site no longer poisoned at the cn vantage; the
report must call them dropped, new, new, and changed.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "simweb" / "corpora" / "demo"
EXSCOUT = [sys.executable, "-m", "exscout.cli"]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def exscout(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*EXSCOUT, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def week_two(tmp: Path) -> Path:
    """The demo corpus a week later."""
    corpus = tmp / "week2"
    shutil.copytree(DEMO, corpus, ignore=shutil.ignore_patterns("_build", "labels.json"))
    data = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))
    hosts = data["hosts"]
    # Gone: the platform's names no longer resolve anywhere.
    for name in ("mingbit.net", "www.mingbit.net"):
        hosts[name] = {"rcode": "NXDOMAIN"}
    # No longer poisoned inside China: blocked_in_cn flips, still a candidate.
    for name in ("lanxinex.com", "www.lanxinex.com"):
        hosts[name].pop("cn")
    # New: a copy of an existing platform under a fresh name, found by an investigator.
    hosts["hengxing-pro.com"] = dict(hosts["hengxing.exchange"])
    hosts["www.hengxing-pro.com"] = dict(hosts["www.hengxing.exchange"])
    shutil.copytree(corpus / "sites" / "hengxing.exchange", corpus / "sites" / "hengxing-pro.com")
    shutil.copytree(corpus / "sites" / "www.hengxing.exchange", corpus / "sites" / "www.hengxing-pro.com")
    data["seeds"].append("https://hengxing-pro.com/")
    (corpus / "corpus.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    # Stopped turning mainland visitors away.
    (corpus / "sites" / "aurumex.com" / "_routes.json").unlink()
    (corpus / "sites" / "www.aurumex.com" / "_routes.json").unlink(missing_ok=True)
    return corpus


def test_demo_then_a_week_later(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = exscout("demo", "--out", str(out))
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]

    # Week one: the candidate column matches the demo labels exactly.
    labels = json.loads((DEMO / "labels.json").read_text(encoding="utf-8"))["domains"]
    with (out / "candidates.csv").open(encoding="utf-8") as fh:
        rows = {r["domain"]: r for r in csv.DictReader(fh)}
    wrong = {d: (rows.get(d, {}).get("candidate"), lab["candidate"]) for d, lab in labels.items()
             if rows.get(d, {}).get("candidate") != ("true" if lab["candidate"] else "false")}  # fmt: skip
    assert wrong == {}
    from exscout.outputs.exports import FILENAMES

    expected = ["report.html", "report.md", *(f"exports/{stem}{suffix}" for stem, suffix in FILENAMES.values())]
    assert [name for name in expected if not (out / name).is_file()] == []

    corpus = week_two(tmp_path)
    check = exscout("simweb", "check", str(corpus))
    assert check.returncode == 0, check.stdout + check.stderr
    second = exscout("run", "--simweb", str(corpus), "--out", str(out))
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    report = exscout("report", "--out", str(out))
    assert report.returncode == 0, report.stderr

    md = (out / "report.md").read_text(encoding="utf-8").replace("\\_", "_")  # Markdown-escaped underscores
    new = md.split("New candidates", 1)[1].split("Dropped candidates", 1)[0]
    dropped = md.split("Dropped candidates", 1)[1].split("Changed verdicts", 1)[0]
    changed = md.split("Changed verdicts", 1)[1].split("\n## ", 1)[0]
    assert "aurumex.com" in new and "hengxing-pro.com" in new
    assert "lanxinex.com" not in new and "mingbit.net" not in new
    assert "mingbit.net" in dropped and "aurumex.com" not in dropped
    assert "lanxinex.com" in changed and "blocked_in_cn" in changed

    # The HTML report opens in a real browser; the screenshot is kept beside it.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])  # fmt: skip
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        page.goto((out / "report.html").as_uri())
        heading = page.locator("h2").all_text_contents()
        page.screenshot(path=str(out / "report.png"), full_page=True)
        page.close()
        browser.close()
    assert any("New candidates" in h for h in heading)
    assert (out / "report.png").stat().st_size > 20_000
