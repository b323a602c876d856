"""Measure what the teaching outputs (slides and PDFs) add to a cold site build.

Target (from the issue): slides, editions and PDFs add at most 50% to the cold site build.

The default build (``make site``) makes the participant edition (a change to each page's
doctree, part of the build itself: the instructor edition is another build, ``make
instructor``), a reveal.js deck per morning chapter, and every PDF of ``book/print.yml`` — the
afternoons' kits and one PDF per morning chapter, printed by headless Chromium. With
``COURSE_TEACHING_OUTPUTS=off`` the same build makes neither slides nor PDFs. This script
builds a fresh copy of the tracked files both ways, cold (no cache), one after the other —
first with the outputs, so that whatever the first build warms up (the disk cache, Python's
bytecode) favours the build without them, and the ratio errs on the side of cost — and reports
``(with - without) / without``:

    python benchmarks/bench_teaching_cost.py [--repeats 1]

Measured on 2 December 2026 on the shared two-core machine, one cold build of each kind per
run (23 decks; 64 PDFs, 23 of them chapters, 16.9 MB):

    run (code at commit)                          with       without    ratio   printing step
    two browsers, after 09de949 (the figure)      312.9 s    217.3 s    +44.0%   94.7 s
    two browsers, before 09de949                  356.0 s    234.5 s    +51.8%  113.2 s
    first run, other jobs loading the machine     985.3 s    431.7 s   +128.2%  187.7 s

The result is +44% (target at most +50%). Printing is nearly all of it (94.7 s of the 95.6 s added): 23
chapter pages, each loaded once and printed as soon as its figures are drawn, in two browsers
side by side, plus the kits; the decks take a few seconds. The first run is not comparable:
other test runs shared the two cores during its build with the outputs only. A rebuild with no
page changed prints nothing (every PDF is newer than its page).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_build import copy_book  # noqa: E402

JB = Path(sys.executable).parent / "jupyter-book"
FLAGS = ["-W", "-n", "--keep-going"]   # as `make site`


def cold_build(outputs: bool) -> tuple[float, str, Path]:
    """Build a fresh copy of the book; returns the seconds, the log and the copy (to be removed)."""
    book = Path(tempfile.mkdtemp(prefix="teaching-cost-"))
    copy_book(book)
    env = {**os.environ, "COURSE_TEACHING_OUTPUTS": "on" if outputs else "off"}
    start = time.perf_counter()
    result = subprocess.run([str(JB), "build", str(book), *FLAGS], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return elapsed, result.stdout + result.stderr, book


def outputs_of(site: Path) -> tuple[int, int, int, int]:
    """Slide decks, PDFs, chapter PDFs (not the kits) and the PDFs' total bytes of a built site."""
    decks = [p for p in (site / "slides").rglob("*.html") if p.name != "index.html"] if (site / "slides").exists() else []
    pdfs = list(site.rglob("*.pdf"))
    chapters = [p for p in pdfs if "afternoons" not in p.parts]
    return len(decks), len(pdfs), len(chapters), sum(p.stat().st_size for p in pdfs)


def main(argv: list[str] | None = None) -> None:
    import shutil

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1, help="cold builds of each kind to take the median of")
    args = parser.parse_args(argv)
    with_times, without_times, printing_seconds = [], [], []
    counts = (0, 0, 0, 0)
    for _ in range(args.repeats):
        seconds, log, book = cold_build(outputs=True)
        with_times.append(seconds)
        printing_seconds += [float(s) for s in re.findall(r"print: \d+ PDFs .*? in ([\d.]+) s", log)]
        counts = outputs_of(book / "_build" / "html")
        shutil.rmtree(book, ignore_errors=True)
        seconds, log, book = cold_build(outputs=False)
        without_times.append(seconds)
        assert outputs_of(book / "_build" / "html")[:2] == (0, 0), "the switched-off build made slides or PDFs"
        shutil.rmtree(book, ignore_errors=True)
    with_s, without_s = statistics.median(with_times), statistics.median(without_times)
    decks, pdfs, chapters, size = counts
    print(f"cold build with slides and PDFs: {with_s:.1f} s ({decks} decks, {pdfs} PDFs of which {chapters} chapters, "
          f"{size / 1e6:.1f} MB; printing step {statistics.median(printing_seconds or [0]):.1f} s)")
    print(f"cold build without (COURSE_TEACHING_OUTPUTS=off): {without_s:.1f} s")
    print(f"ratio (with - without) / without: {(with_s - without_s) / without_s:+.1%} (target at most +50%)")


if __name__ == "__main__":
    main()
