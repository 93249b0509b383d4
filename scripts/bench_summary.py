"""Medians of a benchmark sitting written by scripts/bench_sitting.sh, one row per workload and
thread count: python3 scripts/bench_summary.py /tmp/sitting.jsonl"""
import json
import statistics
import sys
from collections import defaultdict


def figure(d):
    w = d["workload"]
    if w == "W5":
        lat = next(iter(d["latency_1"].values()))["median_us"]
        thr = next(iter(d["throughput_2000"].values()))["samples_per_s"]
        return {"one sample, us": lat, "2000 samples, samples/s": thr}
    if w == "W6":
        return {"us/step": d["steady_step_us"]}
    if w == "W2":
        return {"s/epoch": d["median_epoch_s"]}
    if w in ("W3", "W4", "W4b"):
        return {"s/epoch": d["median_epoch_s"], "peak_rss_mb": d.get("peak_rss_mb"), "test_acc": d.get("test_acc")}
    ms = d.get("median_step_ms")
    if ms is None:
        ms = d["median_epoch_s"] * 1000 / 250
    return {"ms/step": ms, "test_acc": d.get("test_acc")}


runs = defaultdict(list)
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    d = json.loads(line)
    if "failed" in d:
        print("failed:", d["failed"])
        continue
    runs[(d["workload"], d["threads"], d["framework"])].append(figure(d))

for key in sorted(runs):
    values = runs[key]
    medians = {k: statistics.median(v[k] for v in values if v.get(k) is not None) for k in values[0] if values[0][k] is not None}
    print(f"{key[0]:9} t={key[1]} {key[2]:15} n={len(values)}  " + "  ".join(f"{k}: {v:.4g}" for k, v in medians.items()))
