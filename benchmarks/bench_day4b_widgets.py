"""Benchmark: the live explorers of deep dive 4 (feedback loops, social value), driven headlessly.

Run:  python benchmarks/bench_day4b_widgets.py [--repeats 200]

Builds each explorer as the chapter does and times ``explorer.widget().render(**values)`` — the work a
change of a control triggers: the computation plus the plotly figure — over many varied,
seeded control values (about one in ten invalid, which must answer with a message). Prints the
median and the 95th percentile per explorer. Target: 95th percentile below 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from collectives import valuation
from collectives.widgets.feedback import delay_explorer
from collectives.widgets.valuation import value_map_explorer

VALUE_MAP = pd.DataFrame([
    ("older residents", "feel less lonely", "residents", 45, 900, 0.25, 0.30, 0.0, 0.30, 3),
    ("older residents", "live at home longer", "residents", 4, 12_000, 0.50, 0.40, 0.0, 0.50, 2),
    ("informal carers", "less overburdened", "carers", 25, 700, 0.20, 0.30, 0.0, 0.30, 2),
    ("volunteers", "feel useful and connected", "volunteers", 35, 400, 0.30, 0.20, 0.0, 0.30, 2),
    ("municipality", "fewer subsidised taxi rides", "rides", 1_500, 12, 0.10, 0.0, 0.20, 0.0, 1),
], columns=valuation.VALUE_MAP_COLUMNS)


def delay_values(rng: np.random.Generator) -> dict:
    return {"delay_months": int(rng.integers(0, 25)),
            "adjustment_time_months": float(rng.choice([0.0, -1.0])) if rng.random() < 0.1
            else float(rng.uniform(1, 24)),
            "goal": int(rng.choice(np.arange(10, 105, 5)))}


def value_map_values(rng: np.random.Generator) -> dict:
    values = {"deadweight_pct": float(rng.uniform(0, 90)), "attribution_pct": float(rng.uniform(0, 90)),
              "drop_off_pct": float(rng.uniform(0, 100)), "discount_rate_pct": float(rng.uniform(0, 10)),
              "benefit_period_years": int(rng.integers(1, 16))}
    if rng.random() < 0.1:
        values["deadweight_pct"] = 120.0  # invalid: the explorer must show a message
    return values


def time_renders(box, make_values, repeats: int, seed: int) -> tuple[list[float], int]:
    rng = np.random.default_rng(seed)
    box.render(**make_values(rng))  # warm up
    times, refused = [], 0
    for _ in range(repeats):
        values = make_values(rng)
        start = time.perf_counter()
        figure = box.render(**values)
        times.append((time.perf_counter() - start) * 1000)
        refused += figure is None
    return times, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    cases = {"Delay explorer (feedback-loops)": (delay_explorer().widget(), delay_values),
             "Value-map explorer (social-value)": (value_map_explorer(VALUE_MAP, 60_000).widget(), value_map_values)}
    print(f"{'explorer':38} {'calls':>6} {'refused':>8} {'median ms':>10} {'p95 ms':>8}")
    for i, (name, (box, make_values)) in enumerate(cases.items()):
        times, refused = time_renders(box, make_values, args.repeats, seed=2025 + i)
        p95 = float(np.percentile(times, 95))
        print(f"{name:38} {len(times):6d} {refused:8d} {statistics.median(times):10.1f} {p95:8.1f}"
              f"  {'OK' if p95 < 100 else 'SLOW'}")


if __name__ == "__main__":
    main()
