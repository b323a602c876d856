"""Benchmark: the three live explorers of deep dive 1 (timeline, case library, survival curves).

Run:  python benchmarks/bench_day1_widgets.py [--repeats 200]

Each explorer is built headlessly (no kernel, so nothing is displayed) and ``render(**values)``
is timed over many varied control values, drawn with a fixed seed from the values a participant
can choose: every filter combination, including ones that match nothing (those answer with a
friendly message, which is timed too). The survival explorer works on the SYNTHETIC monitor
panel. Target: 95th percentile below 100 ms per change.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from collectives import data, survival
from collectives.cases import prepare_cases
from collectives.widgets.day1 import case_explorer, survival_explorer, timeline_explorer


def options(control) -> list:
    return [value for _, value in control.options]


def some(values: dict, rng: random.Random) -> dict:
    """Set one or two filters (as a participant does, one change at a time); the rest stay 'any'."""
    chosen = rng.sample(sorted(values), rng.choice([1, 1, 2]))
    return {key: (rng.choice(choices) if key in chosen else None) for key, choices in values.items()}


def timeline_values(box, rng: random.Random) -> dict:
    c = box.controls
    lo, hi = c["start_year"].min, c["start_year"].max
    start = rng.choice([lo, lo, 1800, 1850, 1900, 1990, 2010])
    filters = some({k: options(c[k])[1:] for k in ("wave", "country", "sector")}, rng)
    return {**filters, "start_year": start, "end_year": rng.choice([y for y in (1900, 2000, hi, hi) if y >= start])}


def case_values(box, rng: random.Random) -> dict:
    c = box.controls
    filters = some({k: options(c[k])[1:] for k in ("sector", "country", "outcome", "legal_form")}, rng)
    return {**filters, "age": rng.choice(options(c["age"]) + [None, None])}


def survival_values(box, rng: random.Random) -> dict:
    c = box.controls
    sectors = list(c["chosen_sectors"].options)
    cohorts = list(c["chosen_cohorts"].options)
    return {"by": rng.choice(["sector", "cohort"]),
            "chosen_sectors": tuple(rng.sample(sectors, rng.randint(1, len(sectors)))),
            "chosen_cohorts": tuple(rng.sample(cohorts, rng.randint(1, len(cohorts))))}


def bench(name: str, box, make_values, repeats: int, seed: int = 2025) -> None:
    rng = random.Random(seed)
    box.render()  # warm-up
    times, messages = [], 0
    for _ in range(repeats):
        values = make_values(box, rng)
        start = time.perf_counter()
        figure = box.render(**values)
        times.append((time.perf_counter() - start) * 1000)
        messages += figure is None
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{name:<22} n={repeats:<4} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   "
          f"max {times[-1]:6.1f} ms   friendly messages {messages}   {'OK' if p95 < 100 else 'TOO SLOW'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    events = data.load("timeline")
    cases = prepare_cases(data.load("cases"))
    table = survival.survival_table(data.load("monitor_panel"))
    bench("timeline explorer", timeline_explorer(events), timeline_values, args.repeats)
    bench("case explorer", case_explorer(cases), case_values, args.repeats)
    bench("survival explorer", survival_explorer(table), survival_values, args.repeats)


if __name__ == "__main__":
    main()
