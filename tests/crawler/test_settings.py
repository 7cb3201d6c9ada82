"""crawler.settings: the module scrapy.cfg names; every EXSCOUT_ setting is documented."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from scrapy.settings import Settings

from crawler import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]


def test_scrapy_cfg_names_this_module() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg")
    assert cfg["settings"]["default"] == "crawler.settings"


def test_every_exscout_setting_has_a_comment() -> None:
    lines = Path(project_settings.__file__).read_text(encoding="utf-8").splitlines()
    names = [n for n in dir(project_settings) if n.startswith("EXSCOUT_")]
    assert {"EXSCOUT_COINGECKO_API_KEY", "EXSCOUT_COINGECKO_PER_PAGE", "EXSCOUT_LISTING_MAX_PAGES",
            "EXSCOUT_RETRY_AFTER_MAX_S", "EXSCOUT_PROXY", "EXSCOUT_SEEDS_FILES"} <= set(names)  # fmt: skip
    for name in names:
        index = next(i for i, line in enumerate(lines) if re.match(rf"{name}\b", line))
        while index > 0 and re.match(r"EXSCOUT_\w+\s*[:=]", lines[index - 1]):
            index -= 1  # a group of settings under one comment
        assert lines[index - 1].lstrip().startswith("#"), f"{name} needs a comment above it"


def test_core_defaults() -> None:
    settings = Settings()
    settings.setmodule(project_settings)
    assert settings.getbool("ROBOTSTXT_OBEY") is False
    assert settings["TWISTED_REACTOR"].endswith("AsyncioSelectorReactor")
    assert "Mozilla/5.0" in settings["USER_AGENT"]
    assert settings.getint("EXSCOUT_COINGECKO_PER_PAGE") == 250
    assert 429 not in [int(c) for c in settings.getlist("RETRY_HTTP_CODES")]
