"""Generation time, size on disk and file count of the default demo datasets.

Run: ``python benchmarks/bench_demo.py [--repeat 3] [--size 128]``.
For each dataset of :mod:`medcourse.data.demo` this makes the default demo set
``--repeat`` times in a fresh temporary folder and prints the median wall time,
the total size on disk (bytes of the files) and the number of files. It also
checks that every run wrote the same bytes. Exits non-zero when a set is over
the 20 MB budget or when two runs differ.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from medcourse.data import demo

BUDGET_MB = 20.0


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", type=int, default=demo.DEFAULT_SIZE)
    args = parser.parse_args()

    print(f"default demo sets, size={args.size}, median of {args.repeat} runs")
    print(f"{'dataset':<20}{'n':>6}{'time (s)':>10}{'size (MB)':>11}{'files':>7}  same bytes")
    status = 0
    total_time = 0.0
    for name in demo.DATASETS:
        times, digests = [], set()
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as root:
                t0 = time.perf_counter()
                folder = demo.make(name, root, size=args.size)
                times.append(time.perf_counter() - t0)
                files = [p for p in folder.rglob("*") if p.is_file()]
                size_mb = sum(p.stat().st_size for p in files) / 2**20
                digests.add(digest(folder))
        median = statistics.median(times)
        total_time += median
        same = len(digests) == 1
        print(f"{name:<20}{demo.DEFAULT_N[name]:>6}{median:>10.2f}{size_mb:>11.2f}{len(files):>7}  "
              f"{'yes' if same else 'NO'}")
        if size_mb > BUDGET_MB or not same:
            status = 1
    print(f"{'all three':<20}{'':>6}{total_time:>10.2f}")
    return status


if __name__ == "__main__":
    sys.exit(main())
