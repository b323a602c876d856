"""Measure the site build: cold build, no-change rebuilds, a one-chapter edit, page weight.

Targets (from the foundation issue):
- a rebuild with nothing changed takes at most 15% of a cold build;
- editing one chapter re-executes only that chapter;
- shared assets (plotly.js, the widget manager, require.js) load at most once per page.

Runs on a copy of the tracked files in a temporary folder, so the working tree and its
``_build`` are never touched. Usage: ``python benchmarks/bench_build.py [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).parent / "jupyter-book"
SHARED_ASSETS = ("plotly.min.js", "explorer.js")


def copy_book(target: Path) -> None:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")


def build(book: Path, all_pages: bool = True) -> tuple[float, str]:
    flags = ["-W", "-n", "--keep-going"] + (["--all"] if all_pages else [])
    start = time.perf_counter()
    result = subprocess.run([str(JB), "build", str(book), *flags], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return elapsed, result.stdout + result.stderr


def executed(log: str) -> dict[str, float]:
    """Notebooks the build executed, with their own execution time in seconds."""
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"(\S+\.md): Executed notebook in ([\d.]+) seconds", log)}


def edit_one_code_cell(book: Path) -> str:
    chapter = book / "book" / "day1" / "in-numbers.md"
    text = chapter.read_text(encoding="utf-8")
    text = text.replace("```{code-cell} ipython3\n:tags: [hide-input]\nimport pandas as pd",
                        "```{code-cell} ipython3\n:tags: [hide-input]\n# benchmark edit\nimport pandas as pd", 1)
    chapter.write_text(text, encoding="utf-8")
    return str(chapter)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.local: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" and "stylesheet" in (attrs.get("rel") or "") else None
        if url and "://" not in url:
            self.local.append(url.split("?")[0])


def page_weights(html_dir: Path) -> list[tuple[str, int, int, dict[str, int]]]:
    """Per page: its own bytes, bytes with every script and stylesheet it loads, shared-asset counts."""
    rows = []
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        assets = [(page.parent / url).resolve() for url in parser.local]
        total = page.stat().st_size + sum(a.stat().st_size for a in set(assets) if a.exists())
        counts = {name: sum(a.name == name for a in assets) for name in SHARED_ASSETS}
        rows.append((str(page.relative_to(html_dir)), page.stat().st_size, total, counts))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="no-change rebuilds to take the median of")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp)
        copy_book(book)
        cold, log = build(book)
        notebooks = executed(log)
        own = sum(notebooks.values())
        nochange = [build(book, all_pages=False)[0] for _ in range(args.repeats)]
        full = [build(book)[0] for _ in range(args.repeats)]
        edited = edit_one_code_cell(book)
        edit_time, edit_log = build(book, all_pages=False)
        rerun = executed(edit_log)
        weights = page_weights(book / "_build" / "html")

    median_nochange = statistics.median(nochange)
    print(f"cold build: {cold:.1f} s; notebooks executed: {len(notebooks)}, their own execution time {own:.1f} s "
          f"({100 * own / cold:.0f}% of the cold build)")
    for name, seconds in sorted(notebooks.items(), key=lambda kv: -kv[1]):
        print(f"    {seconds:6.2f} s  {Path(name).relative_to(book) if name.startswith(str(book)) else name}")
    print(f"no-change rebuild (as `make site` after a good build): median {median_nochange:.1f} s over "
          f"{len(nochange)} = {100 * median_nochange / cold:.1f}% of cold (target ≤ 15%)")
    print(f"no-change rebuild re-reading every page (--all, as after a failed build): median "
          f"{statistics.median(full):.1f} s = {100 * statistics.median(full) / cold:.1f}% of cold")
    print(f"after editing a code cell of {Path(edited).name}: {edit_time:.1f} s; notebooks re-executed: "
          f"{[Path(n).name for n in rerun] or 'none'} (target: only that chapter)")
    worst = max(weights, key=lambda w: w[2])
    print(f"pages: {len(weights)}; page HTML median {statistics.median(w[1] for w in weights) / 1e3:.0f} kB; "
          f"with its scripts and styles median {statistics.median(w[2] for w in weights) / 1e6:.1f} MB, "
          f"largest {worst[2] / 1e6:.1f} MB ({worst[0]})")
    repeated = [(name, counts) for name, _, _, counts in weights if max(counts.values()) > 1]
    print(f"pages loading a shared asset more than once: {len(repeated)} (target 0)")
    for name, own_bytes, total, counts in weights:
        loaded = ", ".join(k for k, v in counts.items() if v) or "none"
        print(f"    {own_bytes / 1e3:7.0f} kB page, {total / 1e6:5.1f} MB with assets  shared: {loaded:40s} {name}")


if __name__ == "__main__":
    main()
