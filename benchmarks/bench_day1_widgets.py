"""Benchmark: the live explorers of deep dive 1 (growth, timeline, case library, survival curves).

Run:  python benchmarks/bench_day1_widgets.py [--repeats 200]

Each explorer's live widget is built headlessly and ``widget().render(**values)`` is timed over
many control values drawn with a fixed seed from what the widget offers, including filter
combinations that match nothing (they answer with a message, which is timed too). The survival
explorer works on the SYNTHETIC monitor panel. Target: 95th percentile below 100 ms per change.
"""

from __future__ import annotations

import argparse

from _explorers import bench, random_values

from collectives import data, survival
from collectives.widgets.day1 import case_explorer, growth_explorer, survival_explorer, timeline_explorer

SURVIVAL_TEXTS = {"groups": ["", "energy, food", "housing", "care, mobility, energy", "founded 2020 or later",
                             "founded before 2014, founded 2020 or later"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    table = survival.survival_table(data.load("monitor_panel"))
    bench("growth explorer", growth_explorer(data.load("published_figures")), args.repeats)
    # filters are changed one or two at a time, as a participant does (all at random match nothing)
    for name, x in (("timeline explorer", timeline_explorer(data.load("timeline"))),
                    ("case explorer", case_explorer(data.load("cases")))):
        bench(name, x, args.repeats, lambda rng, x=x: random_values(x, rng, change=rng.choice([1, 1, 2])))
    survival_x = survival_explorer(table)
    bench("survival explorer", survival_x, args.repeats, lambda rng: random_values(survival_x, rng, SURVIVAL_TEXTS))


if __name__ == "__main__":
    main()
