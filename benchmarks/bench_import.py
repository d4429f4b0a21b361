"""Import cost of the TensorFlow-free half of medcourse.

Run: ``python benchmarks/bench_import.py [--repeat 7]``.
Each run is a fresh interpreter that imports the modules and reports how long
the import took and whether TensorFlow (or Keras) got loaded. Prints the
median over runs, next to the cost of a bare ``import numpy, pandas,
matplotlib`` baseline, and the ratio. Exits non-zero if TensorFlow was imported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

PROBE = """
import json, sys, time
t0 = time.perf_counter()
{imports}
elapsed = time.perf_counter() - t0
print(json.dumps({{"seconds": elapsed,
                   "tensorflow": "tensorflow" in sys.modules or "keras" in sys.modules,
                   "sklearn": "sklearn" in sys.modules}}))
"""

TARGETS = {
    "numpy + pandas + matplotlib (baseline)": "import numpy, pandas, matplotlib",
    "medcourse": "import medcourse",
    "medcourse.metrics": "import medcourse.metrics",
    "medcourse + metrics + clinical + glossary + plots":
        "import medcourse, medcourse.metrics, medcourse.clinical, medcourse.glossary, "
        "medcourse.plots",
}


def run(imports: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE.format(imports=imports)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    results = {}
    print(f"median of {args.repeat} fresh interpreters")
    print(f"{'import':<52}{'seconds':>9}{'vs baseline':>13}  tensorflow  sklearn")
    failed = False
    for label, imports in TARGETS.items():
        runs = [run(imports) for _ in range(args.repeat)]
        seconds = statistics.median(r["seconds"] for r in runs)
        results[label] = seconds
        tf = any(r["tensorflow"] for r in runs)
        sk = any(r["sklearn"] for r in runs)
        failed |= tf
        base = results["numpy + pandas + matplotlib (baseline)"]
        print(f"{label:<52}{seconds:>9.3f}{seconds / base:>12.2f}x  {'YES' if tf else 'no':<10}  "
              f"{'yes' if sk else 'no'}")
    if failed:
        print("FAIL: TensorFlow was imported")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
