"""Benchmark: the deep-dive-4 explorers (KPI explorer, evaluation explorer), driven headlessly.

Run:  python benchmarks/bench_day4_widgets.py [--repeats 200]

Each explorer is built as the chapters build it, then ``explorer.widget().render(**values)`` is timed
over many varied control values (collectives, years, weights; designs, outcomes, selection
strengths). Target: 95th percentile below 100 ms.

The evaluation explorer reads every selection strength it offers (0 to 3 in steps of 0.1)
from the stored grid (``evaluation_grid.csv``) instead of regenerating the synthetic panel.
Two cases are reported: "cold" (the first choice of each strength, the very first one also
reading the file) and "warm" (strengths chosen before). They should be about the same.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from collectives import data, kpi
from collectives.widgets.evaluation import STRENGTHS, clear_cache, evaluation_explorer
from collectives.widgets.kpi import GENERAL_KPIS, WEIGHT_CHOICES, kpi_explorer
from collectives.evaluation import case_study as pe


def summary(name: str, times_ms: list[float]) -> None:
    q = np.percentile(times_ms, [50, 95])
    print(f"{name:<48} n={len(times_ms):>4}  median {q[0]:7.1f} ms   p95 {q[1]:7.1f} ms   max {max(times_ms):7.1f} ms")


def time_renders(box, cases) -> list[float]:
    out = []
    for values in cases:
        start = time.perf_counter()
        fig = box.render(**values)
        out.append((time.perf_counter() - start) * 1000)
        assert fig is not None or box.message.value, "neither a figure nor a message"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(4)

    values = kpi.compute(data.load("monitor_panel"))
    box = kpi_explorer(values).widget()
    active = values[values["year"] == 2025]["collective_id"].unique()
    cases = []
    for _ in range(args.repeats):
        weights = {f"w_{k}": float(rng.choice(WEIGHT_CHOICES)) for k in GENERAL_KPIS}
        weights[f"w_{GENERAL_KPIS[rng.integers(len(GENERAL_KPIS))]}"] = 1.0  # at least one above 0
        cases.append({"collective_id": str(rng.choice(active)), "year": int(rng.choice([2023, 2024, 2025])), **weights})
    box.render(**cases[0])  # warm-up
    summary("KPI explorer (collective, year, weights)", time_renders(box, cases))
    bad = [{f"w_{k}": 0.0 for k in GENERAL_KPIS}] * 20
    summary("KPI explorer, all weights zero (message)", time_renders(box, bad))

    ev = evaluation_explorer().widget()  # building draws strength 1.0
    clear_cache()  # so that the first change below also reads the stored file
    cold = []
    strengths = np.array(STRENGTHS)
    for s in rng.permutation(strengths[strengths != 1.0]):  # every other strength, each for the first time
        start = time.perf_counter()
        ev.render(method="did_panel", selection_strength=float(s), outcome="growth_pp")
        cold.append((time.perf_counter() - start) * 1000)
    summary("Evaluation explorer, cold (first choice of each)", cold)
    cases = [{"method": str(rng.choice(list(pe.METHODS))), "outcome": str(rng.choice(list(pe.OUTCOMES))),
              "selection_strength": float(rng.choice(strengths))} for _ in range(args.repeats)]
    summary("Evaluation explorer, warm (chosen before)", time_renders(ev, cases))


if __name__ == "__main__":
    main()
