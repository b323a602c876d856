"""Benchmark: the day-5 scenario lab — Monte Carlo speed, the live explorer, and the chapters.

Run:  python benchmarks/bench_scenarios.py [--repeats 5] [--loop-runs 10] [--no-chapters]

1. **Monte Carlo**: 1,000 runs × 20 years × 400 collectives (the 400 synthetic collectives of
   the monitor panel in their last year) with ``collectives.scenarios.simulate`` (vectorised
   over runs and collectives, tidy output aggregated over collectives). Median and p95 over
   ``--repeats``. The same model written as plain Python loops
   (``collectives.scenarios.simulate_loop``) is timed on ``--loop-runs`` runs of the same 400
   collectives and scaled linearly to 1,000 runs (it takes minutes otherwise); the ratio is
   reported. Target: under 1 s. Wall time depends on the machine's load (it is shared), so the
   CPU time of the benchmark process is printed as well.
2. **Live explorer**: ``scenario_explorer(...).widget().render(**values)`` over every choice of
   the static twin plus live-only levers. Target: p95 under 100 ms.
3. **Chapters**: each ``book/day5/*.md`` executed alone (jupytext → nbclient), wall time and the
   largest resident memory of the kernel. Target: under 30 s and 1 GB each.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from collectives import data
from collectives.scenarios import estimate_parameters, simulate, simulate_loop
from collectives.widgets.scenarios import scenario_explorer

ROOT = Path(__file__).resolve().parents[1]


def summary(name: str, times: list[float], unit: str = "s") -> None:
    q = np.percentile(times, [50, 95])
    print(f"{name:<58} n={len(times):>3}  median {q[0]:8.3f} {unit}  p95 {q[1]:8.3f} {unit}  max {max(times):8.3f} {unit}")


def start_of_400():
    panel = data.load("monitor_panel")   # SYNTHETIC
    last = panel.sort_values("year").groupby("collective_id", observed=True).tail(1)
    return last[["collective_id", "members", "volunteers", "volunteer_hours_per_week"]].reset_index(drop=True)


def bench_monte_carlo(repeats: int, loop_runs: int) -> None:
    start = start_of_400()
    assert len(start) == 400
    levers = {"grant_eur": 5000, "contact_person": True, "site_access": 0.3}
    simulate(start, levers, {}, years=20, runs=50, seed=0)          # warm-up
    times, cpu = [], []
    for r in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        out = simulate(start, levers, {}, years=20, runs=1000, seed=r)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    summary("simulate: 1,000 runs x 20 years x 400 collectives", times)
    summary("  the same, CPU time of this process (less load-dependent)", cpu)
    print(f"{'':<58} output rows: {len(out):,}")
    t = time.perf_counter()
    simulate_loop(start, levers, {}, years=20, runs=loop_runs, seed=0)
    loop = (time.perf_counter() - t) * 1000 / loop_runs
    median = float(np.median(times))
    print(f"plain Python loop: {loop_runs} runs measured, {loop:.1f} s for 1,000 runs (scaled linearly); "
          f"vectorised is {loop / median:,.0f} times faster")


def bench_widget() -> None:
    params = estimate_parameters(data.load("monitor_panel")).params
    ex = scenario_explorer(data.load("scenario_start"), params=params)
    box = ex.widget()
    twin_choices = [dict(zip([c.name for c in ex.controls], combo))
                    for combo in itertools.product(*[[v for _, v in c.twin_options()] for c in ex.controls])]
    box.render(**twin_choices[0])
    times, cpu = [], []
    for values in twin_choices:
        t, c = time.perf_counter(), time.process_time()
        assert box.render(**values) is not None
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    summary("scenario explorer render, every twin choice", times, "ms")
    summary("  the same, CPU time of this process", cpu, "ms")
    rng = np.random.default_rng(1)
    times = []
    for _ in range(40):
        values = {"strategy": str(rng.choice(["hands off", "facilitate", "co-own", "commission"])),
                  "energy_price": round(float(rng.uniform(0.3, 3.0)), 1),
                  "volunteer_availability": round(float(rng.uniform(0.3, 2.0)), 1),
                  "variable": str(rng.choice(["members", "volunteers"])),
                  "extra_grant_eur": int(rng.integers(0, 100)) * 500, "permit_months": int(rng.integers(0, 48)),
                  "national_subsidy": int(rng.integers(0, 2))}
        t = time.perf_counter()
        assert box.render(**values) is not None
        times.append((time.perf_counter() - t) * 1000)
    summary("scenario explorer render, random live values", times, "ms")


def bench_chapters() -> None:
    py = Path(sys.executable)
    for chapter in sorted((ROOT / "book" / "day5").glob("*.md")):
        with tempfile.TemporaryDirectory() as tmp:
            nb = Path(tmp) / f"{chapter.stem}.ipynb"
            subprocess.run([py.parent / "jupytext", "--to", "ipynb", "--output", nb, chapter], check=True,
                           capture_output=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run([py.parent / "jupyter", "execute", nb], check=True, capture_output=True, cwd=chapter.parent)
            wall = time.perf_counter() - t
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        note = "" if peak > before else " (not above an earlier chapter's peak)"
        print(f"chapter {chapter.name:<22} {wall:6.1f} s   largest process so far {peak / 1024:6.0f} MB{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loop-runs", type=int, default=10)
    parser.add_argument("--no-chapters", action="store_true")
    args = parser.parse_args()
    with open("/proc/loadavg") as f:
        print(f"load average at start: {f.read().split()[0]} (2 cores, shared machine)")
    bench_monte_carlo(args.repeats, args.loop_runs)
    bench_widget()
    if not args.no_chapters:
        bench_chapters()


if __name__ == "__main__":
    main()
