"""simweb.generate: deterministic, valid under the corpus contract, the promised mix, labels that follow the rule."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from simweb.check import candidate_rule as contract_rule
from simweb.check import check
from simweb.generate import MANIFEST, check_providers, generate, load_manifest


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}  # fmt: skip


@pytest.fixture(scope="module")
def corpus_500(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "c500"
    generate(500, 11, out)
    return out


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(60, 3, a)
    generate(60, 3, b)
    generate(60, 4, c)
    assert _tree_digest(a) == _tree_digest(b)
    assert _tree_digest(a) != _tree_digest(c)


def test_valid_under_the_contract(corpus_500: Path) -> None:
    assert check(corpus_500) == []


def test_address_ranges_agree_with_iptocc() -> None:
    assert check_providers() == []


def test_mix_proportions(corpus_500: Path) -> None:
    manifest = load_manifest(corpus_500)
    kinds = Counter(d["kind"] for d in manifest["domains"].values())
    total = sum(kinds.values())
    assert total == manifest["sites"] == 500
    assert abs(kinds["js"] / total - 0.20) <= 0.02
    assert abs(kinds["mirror"] / total - 0.10) <= 0.02
    assert abs(kinds["dead"] / total - 0.10) <= 0.02
    assert kinds["static"] + kinds["other"] + kinds["redirect"] >= 0.55 * total
    cases = Counter(d["case"] for d in manifest["domains"].values())
    for case in ("zh_static", "en_switch_zh", "hant", "ja", "ko", "en_only", "en_display_cny", "zh_geoblock",
                 "zh_poisoned", "zh_mainland", "js_zh", "js_en", "nxdomain", "refused", "redirect", "mirror"):
        assert cases[case] > 0, case


def test_languages_and_hosting_are_varied(corpus_500: Path) -> None:
    corpus = json.loads((corpus_500 / "corpus.json").read_text(encoding="utf-8"))
    countries = Counter(n["country"] for n in corpus["networks"])
    assert {"SG", "US", "HK", "CN", "JP", "KR", "DE"} <= set(countries)
    assert any(h.endswith(".cdn.cloudflare.net") for h in corpus["hosts"])
    assert any(h.endswith(".cloudfront.net") for h in corpus["hosts"])
    # Shared networks: far fewer networks than sites, so RDAP caching matters.
    assert len(corpus["networks"]) < 0.5 * 500
    langs = Counter()
    for index in (corpus_500 / "sites").glob("*/index.html"):
        head = index.read_bytes()[:400]
        for tag in (b'lang="zh-CN"', b'lang="ja"', b'lang="ko"', b'lang="zh-Hant', b'lang="zh-TW"', b'lang="en'):
            if tag in head:
                langs[tag] += 1
    assert len(langs) >= 5, langs


def test_pages_are_not_one_page_copied(corpus_500: Path) -> None:
    homes = [p.read_bytes() for p in sorted((corpus_500 / "sites").glob("www.*/index.html"))]
    assert len(homes) > 100
    assert len({hashlib.sha256(h).digest() for h in homes}) > 0.6 * len(homes)


def test_labels_follow_the_candidate_rule(corpus_500: Path) -> None:
    labels = json.loads((corpus_500 / "labels.json").read_text(encoding="utf-8"))["domains"]
    manifest = load_manifest(corpus_500)
    assert set(labels) == set(manifest["domains"])
    for domain, lab in labels.items():
        assert lab["candidate"] == contract_rule(lab), domain
        kind = manifest["domains"][domain]["kind"]
        if kind == "dead":
            assert lab["candidate"] is False and lab["exchange"] is None
        if kind == "js":
            assert manifest["domains"][domain]["js_pages"], domain
    by_case = {manifest["domains"][d]["case"]: lab for d, lab in labels.items()}
    assert by_case["zh_static"]["candidate"] is True
    assert by_case["zh_geoblock"]["candidate"] is False and by_case["zh_geoblock"]["geoblocks_cn"] is True
    assert by_case["zh_mainland"]["overseas"] is False
    assert by_case["hant"]["chinese_ui"] is False and by_case["ja"]["chinese_ui"] is False
    assert by_case["en_display_cny"]["cny_onramp"] is False
    assert by_case["zh_poisoned"]["blocked_in_cn"] is True and by_case["zh_poisoned"]["geoblocks_cn"] is None


def test_every_labelled_domain_is_discoverable(corpus_500: Path) -> None:
    """Seeded, listed, or named on a mirror list (how the pipeline finds it)."""
    corpus = json.loads((corpus_500 / "corpus.json").read_text(encoding="utf-8"))
    sites = corpus_500 / "sites"
    text = " ".join(corpus["seeds"])
    text += " ".join(p.read_text(encoding="utf-8") for p in (sites / "api.coingecko.com" / "api/v3").glob("exchanges.page*.json"))
    text += (sites / "api.coinpaprika.com" / "v1/exchanges.json").read_text(encoding="utf-8")
    text += " ".join(p.read_text(encoding="utf-8") for p in sites.glob("*/mirrors.html"))
    manifest = load_manifest(corpus_500)
    missing = [d for d in manifest["domains"] if d not in text]
    assert not missing, missing[:10]


def test_refuses_to_overwrite_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="not a generated corpus"):
        generate(20, 1, tmp_path)
    assert (tmp_path / "precious.txt").exists()
    out = tmp_path / "gen"
    generate(20, 1, out)
    assert (out / MANIFEST).exists()
    generate(20, 2, out)  # an earlier generated corpus is replaced
    assert load_manifest(out)["seed"] == 2
