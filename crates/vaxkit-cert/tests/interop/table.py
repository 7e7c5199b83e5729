"""Writes the per-country tables of docs/interop.md from the EU DCC test report.

    VAXKIT_INTEROP_REPORT=/tmp/report.jsonl cargo test -p vaxkit-cert --test eudcc_testdata
    python3 crates/vaxkit-cert/tests/interop/table.py /tmp/report.jsonl > /tmp/tables.md

The tables go between the markers in docs/interop.md.
"""

import json
import sys
from collections import defaultdict

SHORT = {
    "EXPECTEDVERIFY": "signature",
    "EXPECTEDDECODE": "decode",
    "EXPECTEDSCHEMAVALIDATION": "schema",
    "EXPECTEDEXPIRATIONCHECK": "expiry",
    "EXPECTEDKEYUSAGE": "key usage",
    "EXPECTEDUNPREFIX": "prefix",
    "EXPECTEDB45DECODE": "Base45",
    "EXPECTEDCOMPRESSION": "zlib",
    "EXPECTEDPICTUREDECODE": "picture",
    "EXPECTEDVALIDJSON": "JSON",
}


def cell(key, a):
    name = SHORT.get(key, key)
    want = "pass" if a["want"] else "fail"
    if "known_issue" in a:
        issue = a["known_issue"].rsplit("/", 1)[-1]
        return f"{name} {want}: upstream defect #{issue}"
    if a.get("got") is None:
        return f"{name} {want}: not a verifier step"
    mark = "agrees" if a["got"] == a["want"] else "DISAGREES"
    return f"{name} {want}: {mark}"


def main():
    rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    by_country = defaultdict(list)
    for r in rows:
        country, _, name = r["case"].partition("/")
        by_country[country].append((name, r))
    for country in sorted(by_country):
        print(f"### {country}\n")
        print("| Case | Schema version | What the test data expects, and vaxkit's answer | `verify` says |")
        print("|---|---|---|---|")
        for name, r in sorted(by_country[country]):
            cells = "; ".join(cell(k, a) for k, a in sorted(r["expected"].items()))
            ver = r.get("ver") or "—"
            verdict = f"`{r['verify']}`" if r.get("verify") else "— (no QR text)"
            print(f"| {name} | {ver} | {cells} | {verdict} |")
        print()


if __name__ == "__main__":
    main()
