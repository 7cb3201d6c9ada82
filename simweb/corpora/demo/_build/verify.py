"""Check the demo corpus: every address's network country agrees with iptocc; JSON parses; Corpus loads."""
import ipaddress
import json
import sys
from pathlib import Path

import iptocc

ROOT = Path(__file__).resolve().parent.parent
c = json.loads((ROOT / "corpus.json").read_text())
json.loads((ROOT / "labels.json").read_text())
for p in (ROOT / "sites").rglob("*.json"):
    json.loads(p.read_bytes())
nets = [(ipaddress.ip_network(n["cidr"]), n) for n in c["networks"]]
bad = 0
OUT = []
print = OUT.append  # noqa: A001 (collected, printed or embedded in README.md by build.py)
print("| network | asn | country (corpus) | iptocc(first addr) | iptocc(last addr) | addresses used: count, iptocc countries |")
print("|---|---|---|---|---|---|")
used = {}
for h, rec in c["hosts"].items():
    for ip in rec.get("a", []) + rec.get("aaaa", []):
        used.setdefault(ip, []).append(h)
cn_only = set()
for h, rec in c["hosts"].items():
    for ip in rec.get("cn", {}).get("a", []) + rec.get("cn", {}).get("aaaa", []):
        cn_only.add(ip)
assigned = {}
for ip in used:
    a = ipaddress.ip_address(ip)
    m = [n for net, n in nets if a in net]
    if not m:
        print("NO NETWORK for", ip, used[ip]); bad += 1; continue
    assigned.setdefault(m[0]["cidr"], []).append(ip)
for net, n in nets:
    f, l = iptocc.country_code(str(net[0])), iptocc.country_code(str(net[-1]))
    ips = assigned.get(n["cidr"], [])
    cc = {ip: iptocc.country_code(ip) for ip in ips}
    ok = f == l == n["country"] and all(v == n["country"] for v in cc.values())
    bad += not ok
    print("| %s | AS%d | %s | %s | %s | %d: %s %s |" % (n["cidr"], n["asn"], n["country"], f, l, len(ips),
          ",".join(sorted(set(cc.values()))) or "-", "" if ok else "MISMATCH"))
print("")
print("Addresses used only in `cn` answers (need no network): " + ", ".join(
    "%s (iptocc %s)" % (ip, iptocc.country_code(ip)) for ip in sorted(cn_only)))
sys.path.insert(0, str(ROOT.parent.parent.parent))
from simweb.corpus import Corpus  # noqa: E402
Corpus.load(ROOT)
print("")
print("Corpus.load ok; mismatches: %d" % bad)
if __name__ == "__main__":
    import builtins
    builtins.print("\n".join(OUT))
