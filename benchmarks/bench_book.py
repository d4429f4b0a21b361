"""Build times of the book: cold English edition, cold whole site, warm rebuild after one edit.

Run: ``python benchmarks/bench_book.py [--page thresholds.md]``.

It copies ``_config.yml`` and ``book/`` into a scratch folder (the project's own
``_build`` is untouched) and times :func:`medcourse.book.build` there:

1. **cold English**: the English edition from nothing (no execution cache), so
   every page executes;
2. **cold site**: every edition that exists, from nothing;
3. **warm rebuild**: after a prose edit of one page (``--page``), the whole site
   again with its caches: Sphinx re-reads that page only and the execution cache
   serves its unchanged code.

The aims (issue: the book) are a cold full site under 10 minutes and a warm
rebuild under 1 minute on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str, func) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    print(f"{label:<42} {seconds:8.1f} s", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="thresholds.md", help="page edited before the warm rebuild")
    args = parser.parse_args()

    from medcourse import book

    editions = book.available_editions(ROOT)
    print(f"editions: {', '.join(editions)}; {os.cpu_count()} CPU cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-book-") as scratch:
        work = Path(scratch)

        def fresh() -> None:
            for name in ("book", "_build"):
                shutil.rmtree(work / name, ignore_errors=True)
            shutil.copy2(ROOT / "_config.yml", work / "_config.yml")
            shutil.copytree(ROOT / "book", work / "book")

        fresh()
        cold_en = timed("cold build, English edition", lambda: book.build(work, languages=["en"], log=None))
        fresh()
        label = f"cold build, whole site ({len(editions)} editions)"
        cold_site = timed(label, lambda: book.build(work, log=None))
        page = work / "book" / "en" / args.page
        page.write_text(page.read_text(encoding="utf-8") + "\nAn edited sentence.\n", encoding="utf-8")
        warm = timed(f"warm rebuild after editing en/{args.page}", lambda: book.build(work, log=None))
    print(f"cold site {cold_site / 60:.1f} min (aim < 10 min): {'met' if cold_site < 600 else 'missed'}")
    print(f"warm rebuild {warm:.0f} s (aim < 60 s): {'met' if warm < 60 else 'missed'}")
    print(f"warm / cold site: {warm / cold_site:.2f}; cold English / cold site: {cold_en / cold_site:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
