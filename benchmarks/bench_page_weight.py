"""Bytes and compressed bytes per page of a built site: the page and everything it loads.

    python benchmarks/bench_page_weight.py [_build/html] [--browser]

Counts the page, the scripts, stylesheets, icons and images it names, every file those
stylesheets import or name (fonts), and with ``--browser`` also every local file headless
Chromium fetches while the page loads (scripts that load scripts). Compressed bytes are
gzip level 9, the same on every run. The budget is 1.5 MB compressed per page.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import sitecheck  # noqa: E402


def main(argv: list[str]) -> int:
    use_browser = "--browser" in argv
    args = [a for a in argv if a != "--browser"]
    site = Path(args[0] if args else "_build/html")
    pages = sitecheck.html_pages(site)
    fetched = sitecheck.fetched_files(site, pages) if use_browser else {}
    weights = [sitecheck.page_weight(site, p, fetched.get(p, ())) for p in pages]
    print(f"{'page':44} {'files':>5} {'bytes':>12} {'compressed':>12}")
    for w in sorted(weights, key=lambda w: -w.compressed):
        flag = "  OVER BUDGET" if w.compressed > sitecheck.BUDGET_BYTES else ""
        print(f"{w.page:44} {len(w.files):5d} {w.raw:12,d} {w.compressed:12,d}{flag}")
    largest = max(weights, key=lambda w: w.compressed)
    print(f"\n{len(weights)} pages; largest {largest.page}: {largest.raw:,} bytes, {largest.compressed:,} compressed "
          f"(budget {sitecheck.BUDGET_BYTES:,}); median compressed "
          f"{sorted(w.compressed for w in weights)[len(weights) // 2]:,}")
    print("\nlargest files on the heaviest page (compressed):")
    for f in sorted(largest.files, key=sitecheck.gzip_size, reverse=True)[:8]:
        print(f"  {sitecheck.gzip_size(f):10,d}  {f.relative_to(site.resolve()) if f.is_relative_to(site.resolve()) else f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
