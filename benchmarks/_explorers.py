"""Shared timing for the explorer benchmarks: ``explorer.widget().render(**values)``, p95 over choices.

Values are drawn with a fixed seed from what the live widget offers: every option of a menu,
numbers anywhere between their bounds (on their step), and the text controls' given examples.
A choice the explorer refuses (a filter that matches nothing, a bad value) answers with a
message; it is timed too and counted.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from collectives.explorer import Choice, Explorer, Number, Text


def random_values(explorer: Explorer, rng: random.Random, texts: Mapping[str, Sequence[str]] | None = None,
                  change: int | None = None) -> dict[str, Any]:
    """One choice of every control (or of ``change`` of them, the rest at their defaults)."""
    controls = list(explorer.controls)
    if change is not None:
        controls = rng.sample(controls, min(change, len(controls)))
    values = {}
    for c in controls:
        if isinstance(c, Choice):
            values[c.name] = rng.choice(c.pairs)[1]
        elif isinstance(c, Number):
            steps = int(round((c.max - c.min) / c.step))
            v = c.min + c.step * rng.randint(0, steps)
            values[c.name] = int(v) if c.integer else round(v, 6)
        elif isinstance(c, Text):
            values[c.name] = rng.choice(list((texts or {}).get(c.name, [c.value])))
    return values


def bench(name: str, explorer: Explorer, repeats: int, make_values: Callable[[random.Random], dict] | None = None,
          seed: int = 2025) -> float:
    """Print and return the p95 (ms) of ``render`` over ``repeats`` random choices."""
    rng = random.Random(seed)
    box = explorer.widget()  # also the warm-up: the widget draws its first view
    times, messages = [], 0
    for _ in range(repeats):
        values = make_values(rng) if make_values else random_values(explorer, rng)
        start = time.perf_counter()
        figure = box.render(**values)
        times.append((time.perf_counter() - start) * 1000)
        messages += figure is None
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{name:<34} n={repeats:<4} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   "
          f"max {times[-1]:6.1f} ms   messages {messages:<4} {'OK' if p95 < 100 else 'TOO SLOW'}")
    return p95
