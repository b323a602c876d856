"""Measure what printing the PDFs adds to the site build: seconds for all PDFs, per PDF, and size.

The site build prints every job of ``book/print.yml`` (the afternoons' kits and, through its
``chapters: mornings`` rule, one PDF per morning chapter) with headless Chromium at its end
(``collectives.printing``). This script times that step alone, on an already built site, so the
figure is the build time the PDFs add (the rest of the build is unchanged):

    python benchmarks/bench_printing.py _build/html [--repeats 3]

It prints the median and p95 over the repeats of the whole printing step (browser start
included), the median seconds per PDF, the number of PDFs and pages and their total size.
It writes into a temporary copy of the site's pages, never into the site itself.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "modules"))

from collectives import printing  # noqa: E402


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site, e.g. _build/html")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    jobs, _ = printing.built_jobs(args.site, printing.book_jobs(ROOT, ROOT / "book" / "print.yml"))
    totals, per_pdf, count, size, pages = [], [], 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(args.site, site, symlinks=True)
        for _ in range(args.repeats):
            for folder in {(site / job.pdf).parent for job in jobs}:
                shutil.rmtree(folder, ignore_errors=True)
            start = time.perf_counter()
            results = printing.print_jobs(site, jobs)
            totals.append(time.perf_counter() - start)
            per_pdf += [r.seconds for r in results]
            count, size = len(results), sum(r.bytes for r in results)
        try:
            from pypdf import PdfReader

            pages = sum(len(PdfReader(r.pdf).pages) for r in results)
        except ImportError:
            pages = -1
    print(f"print jobs: {len(jobs)} → {count} PDFs, {pages} pages, {size / 1e6:.2f} MB")
    print(f"printing step (all PDFs, browser start included): median {statistics.median(totals):.1f} s, "
          f"p95 {p95(totals):.1f} s over {args.repeats} repeats")
    print(f"per PDF: median {statistics.median(per_pdf):.2f} s, p95 {p95(per_pdf):.2f} s")


if __name__ == "__main__":
    main()
