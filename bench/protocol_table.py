#!/usr/bin/env python3
"""The table of bench/accuracy.sh: reads the runs it recorded (runs.jsonl,
one JSON object a run) from one or more files and prints, per dataset, each
arm's mean ± sample standard deviation (number of runs) and each arm's
difference from the first arm, paired run by run (same fold or seed).

Several files combine the arms of separate invocations, so that a change is
compared with a baseline measured before without running the baseline again:
    bench/protocol_table.py bench/out/accuracy/runs.jsonl bench/out/recipe/runs.jsonl
Runs pair only within the same protocol (the folds' seed included).
"""
import json, statistics, sys

acc, seconds, arms, keys = {}, {}, [], []
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)
        key = (r["dataset"], r["protocol"])
        acc.setdefault((key, r["arm"]), {})[r["run"]] = 100 * r["accuracy"]
        seconds[key] = seconds.get(key, 0) + r.get("seconds", 0)
        arms += [r["arm"]] if r["arm"] not in arms else []
        keys += [key] if key not in keys else []


def stat(xs, form="{:.1f}%"):
    xs = list(xs)
    sd = f" ± {statistics.stdev(xs):.1f}" if len(xs) > 1 else ""
    return form.format(statistics.mean(xs)) + f"{sd} ({len(xs)})"


if keys:
    head = ["dataset", "protocol"] + arms + [f"{a} − {arms[0]}, paired" for a in arms[1:]] + ["training seconds"]
    print("| " + " | ".join(head) + " |")
    print("|---|---|" + "---:|" * (len(head) - 2))
    for key in keys:
        base = acc.get((key, arms[0]), {})
        cells = [stat(acc[key, a].values()) if (key, a) in acc else "" for a in arms]
        for a in arms[1:]:
            other = acc.get((key, a), {})
            both = [r for r in base if r in other]
            cells.append(stat((other[r] - base[r] for r in both), "{:+.1f} points") if both else "")
        secs = f"{seconds[key]:.0f}" if seconds[key] else ""  # the negation set is scored, not trained on
        print(f"| `{key[0]}` | {key[1]} | " + " | ".join(cells) + f" | {secs} |")
    print("\nmean ± sample standard deviation (runs)")
