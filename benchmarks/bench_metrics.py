"""roc_auc_score and average_precision_score on 10^6 scores, side by side with scikit-learn.

Run: ``python benchmarks/bench_metrics.py [--n 1000000] [--repeat 7]``.
Prints the median time of each implementation and the ratio medcourse /
scikit-learn (the target is at most 1.5), for continuous scores and for scores
rounded to two decimals (many ties). Runs alternate between the two libraries
so that both see the same machine load. Exits non-zero when a ratio exceeds
the target, so it can gate a release.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import sklearn.metrics as skm

from medcourse import metrics

TARGET = 1.5


def median_time(fn, *args, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, args.n)
    continuous = np.clip(0.2 * y + rng.normal(0.4, 0.2, args.n), 0, 1)
    datasets = {"continuous": continuous, "ties (2 decimals)": np.round(continuous, 2)}
    pairs = {
        "roc_auc_score": (metrics.roc_auc_score, skm.roc_auc_score),
        "average_precision_score": (metrics.average_precision_score,
                                    skm.average_precision_score),
    }
    worst = 0.0
    print(f"n = {args.n:,} scores, median of {args.repeat} runs each")
    print(f"{'function':<26}{'scores':<20}{'medcourse (s)':>14}{'sklearn (s)':>13}{'ratio':>8}")
    for name, (ours, theirs) in pairs.items():
        for label, s in datasets.items():
            a, b = ours(y, s), theirs(y, s)  # warm-up, and agreement check
            if not np.isclose(a, b, rtol=1e-9):
                print(f"MISMATCH {name} {label}: {a} != {b}")
                return 2
            t_ours, t_theirs = [], []
            for _ in range(args.repeat):  # interleave to share the machine's noise
                t_ours.append(median_time(ours, y, s, repeat=1))
                t_theirs.append(median_time(theirs, y, s, repeat=1))
            mo, mt = statistics.median(t_ours), statistics.median(t_theirs)
            worst = max(worst, mo / mt)
            print(f"{name:<26}{label:<20}{mo:>14.4f}{mt:>13.4f}{mo / mt:>8.2f}")
    print(f"worst ratio {worst:.2f} (target <= {TARGET})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
