"""Benchmark: the day-2 governance explorers, rendered headlessly with varied control values.

Run:  python benchmarks/bench_governance_widgets.py [--repeats 100]

The voting explorer gets profiles of 10,000 synthetic ballots over 6 options typed as text, both
as grouped lines ("37: A > B > ...", a few hundred lines) and as one line per ballot (10,000 lines);
every call parses the text, checks the ballots, counts seven rules and builds the table figure.
The other explorers cycle through their controls' values. Each explorer's live widget
(``explorer.widget()``) is timed with ``render(**values)``. Target: 95th percentile below 100 ms.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import numpy as np

from collectives import data
from collectives.governance import PRINCIPLES
from collectives.widgets.governance import (
    legal_form_explorer,
    principles_explorer,
    term_limit_explorer,
    turnout_explorer,
    voting_explorer,
)

OPTIONS = ["Solar roof", "Wind share", "Heat network", "Battery", "Insulation fund", "E-car sharing"]


def ballot_texts(n_profiles: int, n_voters: int = 10_000, grouped: bool = True) -> list[str]:
    """Varied synthetic profiles (seeded): each voter ranks six options by a noisy score; one in ten
    ranks only their top three."""
    texts = []
    for seed in range(n_profiles):
        rng = np.random.default_rng(seed)
        appeal = rng.uniform(3, 7, len(OPTIONS))
        scores = appeal + rng.normal(0, 2.5, (n_voters, len(OPTIONS)))
        order = np.argsort(-scores, axis=1)
        truncated = rng.random(n_voters) < 0.1
        lines = [" > ".join(OPTIONS[i] for i in (row[:3] if cut else row)) for row, cut in zip(order, truncated)]
        head = "options: " + ", ".join(OPTIONS)
        if grouped:
            keys, counts = np.unique(lines, return_counts=True)
            texts.append("\n".join([head] + [f"{c}: {k}" for k, c in zip(keys, counts)]))
        else:
            texts.append("\n".join([head] + lines))
    return texts


def time_renders(box, values: list[dict]) -> list[float]:
    box.render(**values[0])  # warm-up
    out = []
    for v in values:
        start = time.perf_counter()
        figure = box.render(**v)
        out.append((time.perf_counter() - start) * 1000)
        if figure is None:
            raise RuntimeError(f"{box.explorer.title} could not draw a choice: {box.message.value[:300]}")
    return out


def report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"{name:<58} n={len(ms):>4}  median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms"
          f"   {'OK' if p95 < 100 else 'SLOW'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=100, help="renders per explorer")
    n = parser.parse_args().repeats

    grouped = ballot_texts(20)
    single = ballot_texts(5, grouped=False)
    box = voting_explorer(data.load("ballots")).widget()
    report("voting explorer, 10,000 ballots x 6 options (grouped lines)",
           time_renders(box, [{"text": grouped[i % len(grouped)], "approve_top": 1 + i % 5} for i in range(n)]))
    report("voting explorer, 10,000 ballots x 6 options (one line each)",
           time_renders(box, [{"text": single[i % len(single)], "approve_top": 1 + i % 5} for i in range(max(20, n // 5))]))

    turnout = turnout_explorer().widget()
    grid = list(itertools.product([0.05, 0.1, 0.2, 0.3, 0.4, 0.6], [None, 0.1, 0.2, 0.3], [0.0, 0.3, 0.6],
                                  [0.3, 0.55, 0.8], ["plurality", "borda", "instant_runoff"]))
    rng = np.random.default_rng(0)
    picks = [grid[i] for i in rng.choice(len(grid), size=n, replace=False)]
    report("turnout explorer (new settings every time, 300 members x 30 runs)",
           time_renders(turnout, [dict(zip(["meeting_turnout", "quorum", "proxy_rate", "online_turnout", "rule"], p))
                                  for p in picks]))

    principles = principles_explorer().widget()
    answers = ["no", "partly", "yes"]
    report("design-principle check",
           time_renders(principles, [{p.key: answers[(i + j) % 3] for j, p in enumerate(PRINCIPLES)} for i in range(n)]))

    terms = term_limit_explorer().widget()
    report("term-limit explorer",
           time_renders(terms, [{"board_size": 3 + i % 7, "term_years": 1 + i % 5, "max_terms": i % 6,
                                 "stay_terms": 1 + i % 8} for i in range(n)]))

    legal = legal_form_explorer(data.load("legal_forms")).widget()
    choices = list(itertools.product(["any", "Netherlands", "Belgium", "Germany", "EU/EEA"], ["either", "yes", "no"],
                                     ["either", "yes", "no (it must stay in the collective)"], ["either", "yes"],
                                     [1, 3, 7], ["no", "yes"]))
    report("legal-form questionnaire",
           time_renders(legal, [dict(zip(["country", "members", "distribute_profit", "limit_liability", "founders",
                                          "cross_border"], choices[(i * 37) % len(choices)])) for i in range(n)]))


if __name__ == "__main__":
    main()
