#!/usr/bin/python3
"""Asserts that bench/run's JSON has every figure of the suite, each with a
number, and the machine it ran on. Usage: check_figures.py RESULTS.json"""
import json
import sys

BACKENDS = ("sqlite", "postgresql")
ROLES = ("reviewer", "clerk", "association")
QUERIES = ("list", "filter", "search", "deep")


def expected():
    names = []
    for b in BACKENDS:
        names += [f"read.{b}.throughput", f"read.{b}.p50", f"read.{b}.p99"]
        names += [f"write.{b}.{w}" for w in ("create", "create_p99", "transition", "transition_p99")]
        names += [f"memory.{b}.rss"]
        names += [
            f"lists.{b}.{r}.{q}.{size}.{stat}"
            for r in ROLES
            for q in QUERIES
            for size in ("small", "large")
            for stat in ("p50", "p99")
        ]
    names += ["engine.throughput", "engine.peak_rss"]
    names += [f"documents.{d}.{k}" for d in ("xlsx", "pdf") for k in ("python", "raw", "peak_rss")]
    return names


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        results = json.load(f)
    problems = []
    for key in ("cpu", "cores", "memory_mb", "kernel", "git_commit", "sqlite", "postgresql"):
        if not results.get("machine", {}).get(key):
            problems.append(f"machine: no {key}")
    if not results.get("date"):
        problems.append("no date")
    figures = {f["name"]: f for f in results.get("figures", [])}
    for name in expected():
        f = figures.get(name)
        if f is None:
            problems.append(f"{name}: absent")
        elif not isinstance(f.get("value"), (int, float)) or f.get("status") != "ok":
            problems.append(f"{name}: {f.get('status')} ({f.get('note') or 'no number'})")
    for name, f in figures.items():
        if f.get("peer") and f.get("peer_value") is None and f.get("ratio_is"):
            problems.append(f"{name}: its peer {f['peer']} has no value")
    if problems:
        print(f"{len(problems)} problem(s) in {sys.argv[1]}:")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print(f"{len(figures)} figures, every one with a number")


if __name__ == "__main__":
    main()
