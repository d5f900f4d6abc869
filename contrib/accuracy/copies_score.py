#!/usr/bin/env python3
"""copies_score.py LABELS INVENTORY...: scores steward's inferred edges against
the planted copies of copies_gen.py.

A source named cp_<domain> (or <anything>_<domain>) is that domain.  An edge
counts when it joins the two labelled columns (either way round: which one
is the origin is reported apart, as "direction").  Prints one line per error
and then, in TSV, the metrics:  set  metric  value.  With several
inventories (one per engine, say) the edges of all are pooled.
"""
import json
import sys


def domain(src):
    return src.rsplit("_", 1)[-1] if "_" in src else src


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: copies_score.py LABELS INVENTORY...")
    labels = {}
    for line in open(sys.argv[1]):
        if line.startswith("#") or not line.strip():
            continue
        fd, ft, fc, td, tt, tc, how = line.rstrip("\n").split("\t")
        a = (fd, ft.lower(), fc.lower())
        b = (td, tt.lower(), tc.lower())
        labels[frozenset((a, b))] = (a, b, how)
    tp = fp = fn = direction = 0
    by_how = {}
    for path in sys.argv[2:]:
        inv = json.load(open(path))
        found = {}
        for e in inv.get("lineage", []):
            if e["kind"] != "inferred":
                continue
            a = (domain(e["from"]["source"]), e["from"]["table"].lower(), (e["from"].get("column") or "").lower())
            b = (domain(e["to"]["source"]), e["to"]["table"].lower(), (e["to"].get("column") or "").lower())
            found[frozenset((a, b))] = (a, b, e.get("inference", {}).get("method"))
        for key, (a, b, how) in labels.items():
            t = by_how.setdefault(how, [0, 0])
            t[1] += 1
            if key in found:
                tp += 1
                t[0] += 1
                if found[key][0] == a:
                    direction += 1
                else:
                    print("%s: reversed: %s <- %s" % (path, ".".join(a), ".".join(b)))
            else:
                fn += 1
                print("%s: missed: %s -> %s (%s)" % (path, ".".join(a), ".".join(b), how))
        for key, (a, b, how) in found.items():
            if key not in labels:
                fp += 1
                print("%s: not a planted copy: %s -> %s (%s)" % (path, ".".join(a), ".".join(b), how))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print("set\tmetric\tvalue")
    print("all\tprecision\t%.3f" % precision)
    print("all\trecall\t%.3f" % recall)
    print("all\tdirection\t%.3f" % (direction / tp if tp else 0.0))
    print("all\tfound\t%d" % tp)
    print("all\tfalse\t%d" % fp)
    print("all\tmissed\t%d" % fn)
    for how, (hit, n) in sorted(by_how.items()):
        print("%s\trecall\t%.3f" % (how, hit / n if n else 0.0))


if __name__ == "__main__":
    main()
