"""Benchmark: the worst time and memory of the hostile computation cases.

Run:  python benchmarks/bench_bounded_computations.py [--repeats 5]

Each case of ``tests/hostile_computation_cases.py`` (the inputs that once froze the kernel,
exhausted memory or crashed with a foreign error) runs ``--repeats`` times in a forked child
with a memory and a time cap, as in the test suite. Printed per case: how it ended (an answer
or the package's own error), the median and 95th-percentile wall time, and the growth of the
child's resident memory. Target (issue 16): every case under 2 s and under 300 MB.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hostile_computation_cases import CASES, run_capped  # noqa: E402


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for case in CASES:
        outcomes = [run_capped(case) for _ in range(args.repeats)]
        times = [o.seconds for o in outcomes]
        memory = max(o.peak_mb for o in outcomes)
        ended = outcomes[0].kind if outcomes[0].kind != "error" else outcomes[0].detail.split(":", 1)[0]
        rows.append((case.name, ended, statistics.median(times), p95(times), memory))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'ended with':<15} {'median s':>9} {'p95 s':>8} {'memory MB':>10}")
    for name, ended, median, q95, memory in rows:
        print(f"{name:<{width}}  {ended:<15} {median:9.3f} {q95:8.3f} {memory:10.1f}")
    worst_time = max(rows, key=lambda r: r[3])
    worst_memory = max(rows, key=lambda r: r[4])
    print(f"\n{len(rows)} cases, {args.repeats} runs each (time includes forking the child).")
    print(f"worst p95 time: {worst_time[3]:.3f} s ({worst_time[0]})")
    print(f"worst memory growth: {worst_memory[4]:.1f} MB ({worst_memory[0]})")
    killed = [r for r in rows if r[1] in ("killed", "foreign")]
    over = [r for r in rows if r[3] >= 2 or r[4] >= 300]
    print("every case answered or refused in words" if not killed else f"FAILED: {killed}")
    print("every case under 2 s and 300 MB" if not over else f"over target: {[r[0] for r in over]}")
    return 1 if killed or over else 0


if __name__ == "__main__":
    raise SystemExit(main())
