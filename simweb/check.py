"""Validate a corpus directory against the format contract and report every problem.

``check(path)`` returns a list of :class:`~simweb.corpus.Problem` (file, JSON key path, message);
an empty list means the corpus is valid. Unlike :meth:`Corpus.load`, which only needs
``corpus.json`` to be servable, this also reads every ``sites/<host>/_routes.json`` and
``labels.json``, so authors see all their mistakes at once rather than one per run.

Decisions (where the contract leaves room):

* A CNAME to a name outside the corpus is legal DNS (it answers NXDOMAIN) and is not reported;
  a CNAME loop or a chain longer than the resolver limit is (it can only ever SERVFAIL).
* A public address in an ``intl`` answer that no network covers is reported: the contract has
  networks give "registry facts for the addresses used above", and RDAP would answer 404.
  Addresses only in ``cn`` answers need no network.
* A ``sites/<name>`` folder whose host is not in ``hosts`` (nor a registry host simweb serves)
  can never be reached, so it is reported.
* Seeds are only checked to be non-empty strings: they are the investigator's raw input, which
  the pipeline's normaliser judges (and reports as rejected), so corpora may hold junk seeds on
  purpose to test exactly that.
* In ``labels.json`` every label must be present (``null`` when unknown), and ``candidate`` must
  agree with the contract's rule over the other labels.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path, PurePosixPath
from typing import Any

from simweb.corpus import (
    LABELS_FORMAT,
    MAX_CHAIN,
    REGISTRY_HOSTS,
    Corpus,
    HostRecord,
    Network,
    NetworkIndex,
    Problem,
    _is_hostname,
    norm_name,
    parse_corpus_data,
    read_json,
)

ROUTE_FIELDS = frozenset({"status", "headers", "file", "body", "delay_ms", "fault", "accept_language", "vantage"})
FAULTS = ("reset", "timeout", "truncate")
LABEL_BOOLS = ("exchange", "chinese_ui", "cny_onramp", "overseas", "geoblocks_cn", "blocked_in_cn")
LABEL_FIELDS = frozenset({*LABEL_BOOLS, "candidate", "platform", "why"})
_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def check(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in the corpus at ``path`` (empty when it is valid)."""
    root = Path(path)
    if not root.is_dir():
        return [Problem(str(root), "", "not a directory")]
    data, problems = read_json(root / "corpus.json", "corpus.json")
    if problems:
        return problems + _check_labels(root)
    problems, (_name, _seeds, hosts, networks) = parse_corpus_data(data)
    problems += _check_chains(hosts)
    problems += _check_coverage(hosts, networks)
    problems += _check_sites(root, hosts)
    problems += _check_labels(root)
    return problems


def summary(corpus: Corpus) -> str:
    """One line describing a loaded corpus (for ``simweb serve`` and ``simweb check`` output)."""
    labels = corpus.load_labels() if corpus.labels_path.exists() else None
    label_text = f"{len(labels)} labelled domains" if labels is not None else "no labels"
    return (f"corpus {corpus.name}: {len(corpus.hosts)} hosts, {len(corpus.sites)} sites, "
            f"{len(corpus.networks)} networks, {len(corpus.seeds)} seeds, {label_text}")


# ---------------------------------------------------------------- corpus.json, beyond parsing


def _check_chains(hosts: dict[str, HostRecord]) -> list[Problem]:
    """CNAME loops (reported once, at the loop's first name in sort order) and over-long chains."""
    problems: list[Problem] = []
    reported: set[tuple[str, ...]] = set()
    for name in sorted(hosts):
        for vantage in ("intl", "cn"):
            chain = [name]
            while True:
                rec = hosts.get(chain[-1])
                view = rec.view(vantage) if rec else None
                if view is None or view.rcode != "NOERROR" or not view.cname:
                    break
                if view.cname in chain:
                    loop = chain[chain.index(view.cname):]
                    key = tuple(sorted(loop))
                    if key not in reported:
                        reported.add(key)
                        where = "cn.cname" if vantage == "cn" and hosts[loop[0]].has_cn else "cname"
                        first = min(loop)
                        problems.append(Problem("corpus.json", f"hosts.{first}.{where}",
                                                f"CNAME loop ({vantage}): {' -> '.join([*_rotate(loop, first), first])}"))
                    break
                chain.append(view.cname)
                if len(chain) > MAX_CHAIN + 1:
                    problems.append(Problem("corpus.json", f"hosts.{name}.cname",
                                            f"CNAME chain longer than {MAX_CHAIN} ({vantage})"))
                    break
    return problems


def _rotate(loop: list[str], first: str) -> list[str]:
    i = loop.index(first)
    return loop[i:] + loop[:i]


def _check_coverage(hosts: dict[str, HostRecord], networks: list[Network]) -> list[Problem]:
    """Public intl addresses should have registry facts (RDAP and Cymru answer from networks)."""
    index = NetworkIndex(networks)
    problems = []
    for name in sorted(hosts):
        view = hosts[name].intl
        for field, values in (("a", view.a), ("aaaa", view.aaaa)):
            for i, value in enumerate(values):
                if ipaddress.ip_address(value).is_global and index.lookup(value) is None:
                    problems.append(Problem("corpus.json", f"hosts.{name}.{field}[{i}]",
                                            f"{value} is in no network (no registry facts; RDAP answers 404)"))
    return problems


# ---------------------------------------------------------------- sites and routes


def _check_sites(root: Path, hosts: dict[str, HostRecord]) -> list[Problem]:
    sites = root / "sites"
    if not sites.exists():
        return []
    if not sites.is_dir():
        return [Problem("sites", "", "not a folder")]
    problems = []
    for entry in sorted(os.scandir(sites), key=lambda e: e.name):
        rel = f"sites/{entry.name}"
        if not entry.is_dir():
            problems.append(Problem(rel, "", "not a folder (sites/ holds one folder per host)"))
            continue
        name = norm_name(entry.name)
        if name not in hosts and name not in REGISTRY_HOSTS:
            problems.append(Problem(rel, "", f"host {entry.name!r} is not in corpus.json hosts, so it is unreachable"))
        routes = Path(entry.path) / "_routes.json"
        if routes.exists():
            problems += check_routes(routes, Path(entry.path), f"{rel}/_routes.json")
    return problems


def check_routes(path: Path, site: Path, file: str) -> list[Problem]:
    """Validate one ``_routes.json`` (keys, route fields, overrides, referenced files)."""
    data, problems = read_json(path, file)
    if problems:
        return problems
    if not isinstance(data, dict):
        return [Problem(file, "", "must be a JSON object mapping paths to routes")]
    for key, route in data.items():
        if key != "*" and not key.startswith("/"):
            problems.append(Problem(file, key, "key must be '*', a path starting with '/', or 'path?query'"))
        problems += _check_route(route, key, file, site, nested=False)
    return problems


def _check_route(route: Any, key: str, file: str, site: Path, nested: bool) -> list[Problem]:
    if not isinstance(route, dict):
        return [Problem(file, key, "route must be an object")]
    problems = [Problem(file, f"{key}.{k}", "unknown route field") for k in sorted(set(route) - ROUTE_FIELDS)]
    bad = problems.append
    if "status" in route and (isinstance(route["status"], bool) or not isinstance(route["status"], int)
                              or not 100 <= route["status"] <= 599):
        bad(Problem(file, f"{key}.status", f"not an HTTP status (integer 100-599): {route['status']!r}"))
    if "headers" in route:
        problems += _check_headers(route["headers"], f"{key}.headers", file)
    if "file" in route and "body" in route:
        bad(Problem(file, f"{key}.body", "a route sets either file or body, not both"))
    if "file" in route:
        problems += _check_file(route["file"], f"{key}.file", file, site)
    if "body" in route and not isinstance(route["body"], str):
        bad(Problem(file, f"{key}.body", "must be a string"))
    delay = route.get("delay_ms")
    if "delay_ms" in route and (isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0):
        bad(Problem(file, f"{key}.delay_ms", f"must be a number of milliseconds >= 0: {delay!r}"))
    if "fault" in route and route["fault"] not in FAULTS:
        bad(Problem(file, f"{key}.fault", f"unknown fault {route['fault']!r} (expected one of {', '.join(FAULTS)})"))
    for sub in ("accept_language", "vantage"):
        if sub in route:
            if nested:
                bad(Problem(file, f"{key}.{sub}", "overrides cannot be nested inside an override"))
            else:
                problems += _check_overrides(route[sub], sub, f"{key}.{sub}", file, site)
    return problems


def _check_overrides(value: Any, kind: str, key: str, file: str, site: Path) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(file, key, "must be an object")]
    problems = []
    for sel, route in value.items():
        if kind == "vantage" and sel not in ("cn", "intl"):
            problems.append(Problem(file, f"{key}.{sel}", "vantage must be 'cn' or 'intl'"))
        if kind == "accept_language" and (not sel or not all(c.isalnum() or c in "-_" for c in sel)):
            problems.append(Problem(file, f"{key}.{sel}", f"not a language-tag prefix: {sel!r}"))
        problems += _check_route(route, f"{key}.{sel}", file, site, nested=True)
    return problems


def _check_headers(value: Any, key: str, file: str) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(file, key, "must be an object of header name to string value")]
    problems = []
    for name, val in value.items():
        if not name or not set(name) <= _TOKEN_CHARS:
            problems.append(Problem(file, f"{key}.{name}", "not a valid header name"))
        if not isinstance(val, str) or "\n" in val or "\r" in val:
            problems.append(Problem(file, f"{key}.{name}", "header value must be a one-line string"))
    return problems


def _check_file(value: Any, key: str, file: str, site: Path) -> list[Problem]:
    if not isinstance(value, str) or not value:
        return [Problem(file, key, "must be a path relative to the host folder")]
    rel = PurePosixPath(value)
    if rel.is_absolute() or ".." in rel.parts:
        return [Problem(file, key, f"must stay inside the host folder: {value!r}")]
    if not (site / rel).is_file():
        return [Problem(file, key, f"no such file: {value!r}")]
    return []


# ---------------------------------------------------------------- labels.json


def _check_labels(root: Path) -> list[Problem]:
    path, file = root / "labels.json", "labels.json"
    if not path.exists():
        return []
    data, problems = read_json(path, file)
    if problems:
        return problems
    if not isinstance(data, dict):
        return [Problem(file, "", "top level must be a JSON object")]
    problems = [Problem(file, k, "unknown field") for k in sorted(set(data) - {"format", "domains"})]
    if data.get("format") != LABELS_FORMAT:
        problems.append(Problem(file, "format", f"expected {LABELS_FORMAT!r}, got {data.get('format')!r}"))
    domains = data.get("domains")
    if not isinstance(domains, dict):
        return [*problems, Problem(file, "domains", "must be an object mapping domains to labels")]
    for domain, labels in domains.items():
        problems += _check_label(domain, labels)
    return problems


def _check_label(domain: str, labels: Any) -> list[Problem]:
    file, key = "labels.json", f"domains.{domain}"
    problems = []
    if not _is_hostname(_to_ascii(domain)) or domain != domain.lower():
        problems.append(Problem(file, key, "not a lower-case domain name"))
    elif (registrable := registrable_domain(domain)) != domain:
        problems.append(Problem(file, key, f"not a registrable domain (Public Suffix List, private suffixes "
                                           f"included): {'its registrable domain is ' + repr(registrable) if registrable else 'it is a public suffix'}"))
    if not isinstance(labels, dict):
        return [*problems, Problem(file, key, "must be an object")]
    problems += [Problem(file, f"{key}.{k}", "unknown field") for k in sorted(set(labels) - LABEL_FIELDS)]
    for name in LABEL_BOOLS:
        if name not in labels:
            problems.append(Problem(file, f"{key}.{name}", "missing (use null when unknown)"))
        elif labels[name] is not None and not isinstance(labels[name], bool):
            problems.append(Problem(file, f"{key}.{name}", f"must be true, false or null: {labels[name]!r}"))
    for name in ("platform", "why"):
        if labels.get(name) is not None and not isinstance(labels[name], str):
            problems.append(Problem(file, f"{key}.{name}", "must be a string or null"))
    candidate = labels.get("candidate")
    if not isinstance(candidate, bool):
        problems.append(Problem(file, f"{key}.candidate", f"must be true or false: {candidate!r}"))
    elif not problems:
        expected = candidate_rule(labels)
        if candidate != expected:
            problems.append(Problem(file, f"{key}.candidate",
                                    f"is {str(candidate).lower()} but the labels give {str(expected).lower()} "
                                    "(exchange and overseas and (chinese_ui or cny_onramp) and not geoblocks_cn)"))
    return problems


_EXTRACT: Any = None


def registrable_domain(name: str) -> str:
    """The registrable domain by tldextract's bundled PSL snapshot (no network), private suffixes included."""
    global _EXTRACT
    if _EXTRACT is None:
        import tldextract
        _EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
    parts = _EXTRACT(name)
    if hasattr(parts, "top_domain_under_public_suffix"):
        return parts.top_domain_under_public_suffix
    return parts.registered_domain


def _to_ascii(name: str) -> str:
    """IDNA form of a (possibly Unicode) domain, for syntax checks; unchanged when it cannot be encoded."""
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def candidate_rule(labels: dict[str, Any]) -> bool:
    """The contract's candidate rule; ``null`` counts as false (a null geoblocks_cn as no block)."""
    return bool(labels.get("exchange") is True and labels.get("overseas") is True
                and (labels.get("chinese_ui") is True or labels.get("cny_onramp") is True)
                and labels.get("geoblocks_cn") is not True)
