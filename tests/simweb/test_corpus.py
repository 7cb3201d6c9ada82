"""simweb.corpus: loading, resolution semantics (CNAME chains, cn overrides), reach, network lookup."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from simweb.corpus import Answer, Corpus, CorpusError, Reach

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
MINI = CORPORA / "mini"


@pytest.fixture(scope="module")
def mini() -> Corpus:
    return Corpus.load(MINI)


def test_load_attributes(mini: Corpus) -> None:
    assert mini.name == "mini"
    assert mini.root == MINI
    assert mini.seeds == ["https://www.mini-exchange.com/", "blocked-in-cn.com"]
    assert "www.mini-exchange.com" in mini.hosts
    assert len(mini.hosts) == 16
    assert len(mini.networks) == 11
    net = mini.networks[0]
    assert net.cidr == ipaddress.ip_network("43.128.0.0/16")
    assert (net.asn, net.as_name, net.country, net.rir) == (132203, "TENCENT-NET-AP-CN", "SG", "apnic")
    assert net.raw["allocated"] == "2019-08-13"
    ripe = next(n for n in mini.networks if n.asn == 3333)
    assert ripe.rir == "ripencc"  # "ripe" in the corpus, Cymru's spelling in the model


def test_cname_chain_is_followed(mini: Corpus) -> None:
    ans = mini.resolve("mini-exchange.com", "A")
    assert ans == Answer("NOERROR", ["mini-exchange.com", "www.mini-exchange.com"], ["43.128.10.7"])
    ans = mini.resolve("api.mini-exchange.com", "AAAA")
    assert ans.chain == ["api.mini-exchange.com", "api.mini-exchange.com.cdn.cloudflare.net"]
    assert ans.records == ["2606:4700::6812:2007"]


def test_cname_query_is_not_followed(mini: Corpus) -> None:
    assert mini.resolve("mini-exchange.com", "CNAME") == Answer("NOERROR", ["mini-exchange.com"],
                                                                ["www.mini-exchange.com"])
    assert mini.resolve("www.mini-exchange.com", "CNAME").records == []


def test_other_types(mini: Corpus) -> None:
    assert mini.resolve("www.mini-exchange.com", "NS").records == ["ns1.dnsowl.io", "ns2.dnsowl.io"]
    assert mini.resolve("mini-exchange.com", "MX").records == ["10 mail.mini-exchange.com"]
    assert mini.resolve("www.mini-exchange.com", "TXT").records == ["v=spf1 -all", "hello world"]


def test_case_and_trailing_dot(mini: Corpus) -> None:
    assert mini.resolve("WWW.Mini-Exchange.COM.", "A").records == ["43.128.10.7"]


def test_absent_and_rcodes(mini: Corpus) -> None:
    assert mini.resolve("nope.example", "A") == Answer("NXDOMAIN", ["nope.example"], [])
    assert mini.resolve("gone-exchange.net", "A").rcode == "NXDOMAIN"
    assert mini.resolve("broken-dns.net", "A").rcode == "SERVFAIL"
    assert mini.resolve("dead-dns.net", "A").rcode == "TIMEOUT"
    dangling = mini.resolve("dangling.com", "A")
    assert dangling == Answer("NXDOMAIN", ["dangling.com", "nowhere.example-nx.com"], [])


def test_unknown_rtype_raises(mini: Corpus) -> None:
    with pytest.raises(ValueError):
        mini.resolve("mini-exchange.com", "SRV")


def test_cn_override_replaces_address_group(mini: Corpus) -> None:
    assert mini.resolve("blocked-in-cn.com", "A", "cn").records == ["243.185.187.39"]
    assert mini.resolve("blocked-in-cn.com", "A", "intl").records == ["45.76.1.2"]
    # ns is inherited because cn does not name it
    assert mini.resolve("blocked-in-cn.com", "NS", "cn").records == ["ns1.vultr.com"]
    assert mini.resolve("timeout-in-cn.com", "A", "cn").rcode == "TIMEOUT"
    assert mini.resolve("timeout-in-cn.com", "A", "intl").records == ["45.76.1.3"]
    assert mini.resolve("nxdomain-in-cn.com", "A", "cn").rcode == "NXDOMAIN"


def test_cn_override_omitted_fields_are_empty(tmp_path: Path) -> None:
    corpus = _write(tmp_path, {"x.com": {"a": ["1.1.1.1"], "aaaa": ["2606:4700::1"], "txt": ["t"],
                                         "cn": {"a": ["1.1.1.2"], "txt": ["cn-t"]}}})
    assert corpus.resolve("x.com", "AAAA", "cn") == Answer("NOERROR", ["x.com"], [])
    assert corpus.resolve("x.com", "TXT", "cn").records == ["cn-t"]
    assert corpus.resolve("x.com", "AAAA", "intl").records == ["2606:4700::1"]


def test_cname_loop_is_servfail(tmp_path: Path) -> None:
    corpus = _write(tmp_path, {"a.com": {"cname": "b.com"}, "b.com": {"cname": "A.com."}})
    ans = corpus.resolve("a.com", "A")
    assert ans.rcode == "SERVFAIL"
    assert ans.chain == ["a.com", "b.com"]


def test_long_chain_is_servfail(tmp_path: Path) -> None:
    hosts = {f"h{i}.com": {"cname": f"h{i + 1}.com"} for i in range(30)}
    hosts["h30.com"] = {"a": ["1.1.1.1"]}
    assert _write(tmp_path, hosts).resolve("h0.com", "A").rcode == "SERVFAIL"
    assert _write(tmp_path, hosts).resolve("h20.com", "A").records == ["1.1.1.1"]


def test_addresses(mini: Corpus) -> None:
    ans = mini.addresses("mini-exchange.com")
    assert ans.records == ["43.128.10.7", "2406:da18::7"]
    assert ans.chain == ["mini-exchange.com", "www.mini-exchange.com"]
    assert mini.addresses("gone-exchange.net").rcode == "NXDOMAIN"


@pytest.mark.parametrize(("host", "vantage", "outcome"), [
    ("mini-exchange.com", "intl", "ok"),
    ("mini-exchange.com", "cn", "ok"),
    ("blocked-in-cn.com", "intl", "ok"),
    ("blocked-in-cn.com", "cn", "refused"),   # poisoned: shares no address with intl
    ("cn-edge.io", "cn", "ok"),               # different address but "serves": true
    ("timeout-in-cn.com", "cn", "dns_timeout"),
    ("nxdomain-in-cn.com", "cn", "nxdomain"),
    ("gone-exchange.net", "intl", "nxdomain"),
    ("broken-dns.net", "intl", "servfail"),
    ("dead-dns.net", "intl", "dns_timeout"),
    ("no-site.com", "intl", "refused"),       # resolves, but no site folder
    ("empty.com", "intl", "no_address"),
    ("nothing-here.example", "intl", "nxdomain"),
    ("rdap.arin.net", "intl", "ok"),          # registry hosts are served by simweb itself
    ("rdap.db.ripe.net", "cn", "ok"),
])
def test_reach(mini: Corpus, host: str, vantage: str, outcome: str) -> None:
    assert mini.reach(host, vantage).outcome == outcome


def test_reach_addresses(mini: Corpus) -> None:
    assert mini.reach("api.mini-exchange.com") == Reach(
        "ok", ["104.18.32.7", "172.64.155.9", "2606:4700::6812:2007"])
    assert mini.reach("cn-edge.io", "cn") == Reach("ok", ["1.1.1.1"])
    assert mini.reach("blocked-in-cn.com", "cn").addresses == ["243.185.187.39"]
    assert mini.is_cn_serving("cn-edge.io") and not mini.is_cn_serving("blocked-in-cn.com")
    assert mini.is_poisoned("blocked-in-cn.com") and not mini.is_poisoned("mini-exchange.com")


def test_cn_override_on_cname_target_counts(tmp_path: Path) -> None:
    """Poisoning of a CDN name behind a CNAME refuses the front name too."""
    corpus = _write(tmp_path, {"front.com": {"cname": "edge.cdn.net"},
                               "edge.cdn.net": {"a": ["1.1.1.1"], "cn": {"a": ["243.1.1.1"]}}},
                    sites=["front.com"])
    assert corpus.reach("front.com", "intl").outcome == "ok"
    assert corpus.reach("front.com", "cn").outcome == "refused"


def test_network_for_longest_prefix(mini: Corpus) -> None:
    assert mini.network_for("43.128.10.7").org == "Aceville Pte. Ltd. (SG edge)"
    assert mini.network_for("43.128.9.7").org == "Aceville Pte. Ltd."
    assert mini.network_for(ipaddress.ip_address("2606:4700::6812:2007")).asn == 13335
    assert mini.network_for("8.8.8.8") is None
    assert mini.network_for("not an ip") is None
    assert [str(n.cidr) for n in mini.networks_covering("43.128.10.7")] == ["43.128.10.0/24", "43.128.0.0/16"]
    assert [n.cidr.prefixlen for n in mini.networks_for_asn(13335)] == [13, 13, 32, 24]


def test_site_dir(mini: Corpus) -> None:
    assert mini.site_dir("WWW.mini-exchange.com") == MINI / "sites" / "www.mini-exchange.com"
    assert mini.site_dir("no-site.com") is None
    assert mini.load_labels()["mini-exchange.com"]["geoblocks_cn"] is True


def test_load_invalid_raises_with_problems() -> None:
    with pytest.raises(CorpusError) as err:
        Corpus.load(CORPORA / "broken-hosts")
    keys = {p.key for p in err.value.problems}
    assert "hosts.a.com.a[1]" in keys and "hosts.d.com.cn.serves" in keys
    with pytest.raises(CorpusError) as err:
        Corpus.load(CORPORA / "broken-missing")
    assert [(p.file, p.message) for p in err.value.problems] == [("corpus.json", "missing")]
    with pytest.raises(CorpusError):
        Corpus.load(CORPORA / "does-not-exist")


def test_big_corpus_loads_and_looks_up_fast(tmp_path: Path) -> None:
    """10,000 hosts and 4,000 networks: load well under a few seconds, 30,000 LPM lookups fast."""
    networks = [{"cidr": f"{10 + i // 256}.{i % 256}.0.0/16", "asn": 64512 + i, "as_name": f"AS-{i}",
                 "org": f"Org {i}", "country": "US", "rir": "arin"} for i in range(4000)]
    networks += [{"cidr": f"{10 + i // 256}.{i % 256}.7.0/24", "asn": 1, "as_name": "X", "org": "Y",
                  "country": "SG", "rir": "apnic"} for i in range(0, 4000, 7)]
    hosts = {f"h{i}.example.com": {"a": [f"{10 + (i % 4000) // 256}.{i % 256}.7.{i % 250}"]} for i in range(10000)}
    (tmp_path / "sites").mkdir()
    for i in range(0, 10000, 10):
        (tmp_path / "sites" / f"h{i}.example.com").mkdir()
    (tmp_path / "corpus.json").write_text(json.dumps({"format": "simweb-corpus/1", "hosts": hosts,
                                                      "networks": networks}))
    corpus = Corpus.load(tmp_path)
    assert len(corpus.sites) == 1000
    found = 0
    for i in range(30000):
        address = f"{10 + (i % 4000) // 256}.{i % 256}.{i % 9}.1"
        network = corpus.network_for(address)
        first, second = (int(x) for x in address.split(".")[:2])
        index = (first - 10) * 256 + second  # which /16 of the list holds it, if any
        assert (network is not None) == (index < 4000), address
        if network is not None:
            found += 1
            assert ipaddress.ip_address(address) in network.cidr
            in_slash24 = index % 7 == 0 and address.split(".")[2] == "7"  # the /24s cut every 7th /16
            assert network.cidr.prefixlen == (24 if in_slash24 else 16), address
    assert found > 20000
    assert corpus.network_for("10.0.7.1").country == "SG"
    assert corpus.network_for("10.1.7.1").country == "US"  # 10.1/16 is i=1: no /24 (only every 7th)


def _write(root: Path, hosts: dict, sites: list[str] = ()) -> Corpus:
    root.mkdir(exist_ok=True)
    (root / "corpus.json").write_text(json.dumps({"format": "simweb-corpus/1", "hosts": hosts, "networks": []}))
    for site in sites:
        (root / "sites" / site).mkdir(parents=True, exist_ok=True)
    return Corpus.load(root)


# ---------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from simweb.corpus import Network, NetworkIndex  # noqa: E402

_v4_networks = st.lists(
    st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 32)).map(
        lambda t: ipaddress.ip_network((t[0] >> (32 - t[1]) << (32 - t[1]) if t[1] else 0, t[1]))),
    min_size=0, max_size=40, unique=True)


@settings(max_examples=200, deadline=None)
@given(_v4_networks, st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=20))
def test_network_index_matches_brute_force(cidrs: list, addresses: list[int]) -> None:
    nets = [Network(c, 1, "AS", "Org", "US", "arin") for c in cidrs]
    index = NetworkIndex(nets)
    for value in addresses:
        ip = ipaddress.IPv4Address(value)
        containing = [n for n in nets if ip in n.cidr]
        expected = max(containing, key=lambda n: n.cidr.prefixlen) if containing else None
        assert index.lookup(ip) == expected
        assert [n.cidr for n in index.covering(ip)] == sorted((n.cidr for n in containing),
                                                               key=lambda c: -c.prefixlen)


def test_mini_networks_agree_with_real_registry_data(mini: Corpus) -> None:
    """The contract asks for real allocations whose registry country is the corpus's country."""
    iptocc = pytest.importorskip("iptocc")
    for net in mini.networks:
        for ip in (net.cidr.network_address, net.cidr.broadcast_address):
            assert iptocc.country_code(str(ip)) == net.country, (str(net.cidr), str(ip))


def test_non_blocking_problems_still_load(tmp_path: Path) -> None:
    """Unknown fields and a cname beside other records are reported by check, but the corpus serves."""
    from simweb.check import check
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "corpus.json").write_text(json.dumps({
        "format": "simweb-corpus/1", "comment": "annotated elsewhere",
        "hosts": {"a.com": {"cname": "b.com", "a": ["1.1.1.9"], "note": "x"}, "b.com": {"a": ["1.1.1.1"]}},
        "networks": [{"cidr": "1.1.1.0/24", "asn": 13335, "as_name": "CLOUDFLARENET", "org": "APNIC",
                      "country": "AU", "rir": "apnic", "source": "whois"}]}))
    corpus = Corpus.load(tmp_path)
    assert corpus.resolve("a.com", "A").records == ["1.1.1.1"]  # the cname wins
    assert corpus.network_for("1.1.1.1").asn == 13335  # the network is kept despite its extra field
    assert {p.key for p in check(tmp_path)} == {"comment", "hosts.a.com.note", "hosts.a.com.cname",
                                                  "networks[0].source"}
