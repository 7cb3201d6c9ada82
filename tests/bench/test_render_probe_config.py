"""The "render as the probe does" baseline takes the probe's render settings, ``--scrapy-set`` included."""

from __future__ import annotations

import json

import pytest

from exscout.bench_baselines import _probe_render_config


def test_defaults_are_the_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXSCOUT_BENCH_SCRAPY_SETTINGS", raising=False)
    config = _probe_render_config()
    assert any(a.startswith("--renderer-process-limit=") for a in config.chromium_args)
    assert config.screenshot_options()["type"] == "jpeg"


def test_an_experiments_overrides_reach_the_baseline(monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = {"EXSCOUT_RENDER_PROCESS_LIMIT": 0, "EXSCOUT_SCREENSHOT_TYPE": "png"}
    monkeypatch.setenv("EXSCOUT_BENCH_SCRAPY_SETTINGS", json.dumps(overrides))
    config = _probe_render_config()
    assert not any(a.startswith("--renderer-process-limit") for a in config.chromium_args)
    assert config.screenshot_options()["type"] == "png"
