"""Benchmark: the deep-dive-3 explorers and chapters (engagement).

Run:  python benchmarks/bench_engagement.py [--repeats 60] [--chapters]

Live widgets: ``explorer.widget().render(**values)`` is timed over varied control values for
the stakeholder explorer, the reach explorer, the opinion-map explorer on the synthetic
conversation (300 × 30) and on a synthetic conversation of 1,000 participants × 100
statements. Target: 95th percentile below 100 ms. ``--chapters`` also executes each day-3
chapter (jupyter nbclient, as the book build does) and reports wall time and peak memory of
the kernel process tree (target: under 30 s and 1 GB each).

The machine's load average is printed with the results: on a shared machine times scale with it.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from collectives import data
from collectives.engagement import network_graph
from collectives.synthetic import opinion_votes
from collectives.widgets.engagement import (CHANNEL_MIXES, opinion_explorer, reach_explorer,
                                            stakeholder_explorer)

ROOT = Path(__file__).resolve().parents[1]


def summary(name: str, times: tuple[list[float], list[float]]) -> None:
    wall, cpu = times
    q, c = np.percentile(wall, [50, 95]), np.percentile(cpu, [50, 95])
    print(f"{name:<54} n={len(wall):>4}  wall median {q[0]:6.1f} ms  p95 {q[1]:6.1f} ms | "
          f"CPU median {c[0]:6.1f} ms  p95 {c[1]:6.1f} ms")


def time_renders(box, cases) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU time (this process) of each render, in ms. On a loaded machine the
    wall time includes waiting for a core; the CPU time is the work itself."""
    wall, cpu = [], []
    for values in cases:
        start, start_cpu = time.perf_counter(), time.process_time()
        fig = box.render(**values)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert fig is not None, f"no figure for {values}"
    return wall, cpu


def widgets(repeats: int) -> None:
    rng = np.random.default_rng(3)
    box = stakeholder_explorer(data.load("stakeholders")).widget()
    cases = [{"power": int(rng.integers(1, 6)), "interest": int(rng.integers(1, 6)),
              "legitimacy": bool(rng.integers(2)), "urgency": bool(rng.integers(2))} for _ in range(repeats)]
    box.render(**cases[0])
    summary("stakeholder explorer", time_renders(box, cases))

    box = reach_explorer(network_graph(data.load("communication_network"))).widget()
    cases = [{"strategy": str(rng.choice(["greedy", "most connected", "random"])), "first": int(rng.choice([1, 3])),
              "channels": str(rng.choice(CHANNEL_MIXES)), "probability": float(rng.choice([0.1, 0.2, 0.3, 0.4, 0.6]))}
             for _ in range(repeats)]
    box.render(**cases[0])
    summary("reach explorer (51 people, 300 runs)", time_renders(box, cases))

    votes = data.load("opinion_votes").drop(columns="planted_group").set_index("participant")
    box = opinion_explorer(votes).widget()
    cases = [{"participants": int(rng.choice([30, 60, 120, 300])), "groups": rng.choice(["auto", 2, 3, 4, 5]).item()}
             for _ in range(repeats)]
    cases = [{**c, "groups": c["groups"] if c["groups"] == "auto" else int(c["groups"])} for c in cases]
    box.render(**cases[0])
    summary("opinion-map explorer (300 × 30)", time_renders(box, cases))

    big = opinion_votes(sizes=(400, 350, 250), statements=100).drop(columns="planted_group").set_index("participant")
    box = opinion_explorer(big).widget()
    cases = [{"participants": 1000, "groups": g} for g in (["auto", 2, 3, 4, 5] * repeats)[:repeats]]
    box.render(**cases[0])
    summary("opinion-map explorer (1,000 × 100, all participants)", time_renders(box, cases))


def chapters() -> None:
    for name in ("stakeholders", "communication", "engagement-strategies"):
        source = ROOT / "book" / "day3" / f"{name}.md"
        out = Path("/tmp") / f"bench-engagement-{name}.ipynb"
        subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "--output", str(out), str(source)],
                       check=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jupyter", "execute", "--inplace", str(out)], check=True,
                       cwd=source.parent, capture_output=True)
        wall = time.perf_counter() - start
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(f"chapter {name:<24} executed in {wall:6.1f} s, peak memory of the largest process {peak:6.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--chapters", action="store_true")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    widgets(args.repeats)
    if args.chapters:
        chapters()
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
