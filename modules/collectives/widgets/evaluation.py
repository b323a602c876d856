"""The evaluation explorer: choose a design and how strongly municipalities self-select.

Each change of the selection strength regenerates the synthetic monitor panel (about 0.13 s)
and runs the designs on it. That is slower than an explorer should answer, so results are
cached per selection strength (rounded to 0.1; the number box accepts any value
from 0 to 3): the first visit of a strength takes about a
quarter of a second, every later one a few milliseconds. After the first change, the remaining
positions (every 0.1 from 0 to 3) are computed in a background thread, so the explorer soon answers every
position from the cache.

Example
-------
>>> box = evaluation_explorer(warm_up=False)
>>> box.render(method="did_panel", selection_strength=1.0, outcome="growth_pp") is not None
True
"""

from __future__ import annotations

import threading

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives import programme_evaluation as pe
from collectives.errors import ParameterError
from collectives.figures.evaluation import estimates_vs_truth
from collectives.widgets import Explorer, explorer

__all__ = ["STRENGTH_STEP", "cached_comparison", "clear_cache", "evaluation_explorer", "remember", "warm_cache"]

#: Slider step and the rounding of the cache key.
STRENGTH_STEP = 0.1
MAX_STRENGTH = 3.0


_CACHE: dict[int, pd.DataFrame] = {}
_LOCK = threading.Lock()


def _key(strength: float) -> int:
    return int(round(float(strength) / STRENGTH_STEP))


def _comparison(strength_key: int) -> pd.DataFrame:
    with _LOCK:
        if strength_key in _CACHE:
            return _CACHE[strength_key]
    strength = strength_key * STRENGTH_STEP
    from collectives.synthetic import monitor_panel
    panel = pe.prepare_panel(monitor_panel(selection_strength=strength))
    frames = [pe.compare_methods(panel, o).assign(outcome=o, selection_strength=strength) for o in pe.OUTCOMES]
    result = pd.concat(frames, ignore_index=True)
    with _LOCK:
        _CACHE[strength_key] = result
    return result


def clear_cache() -> None:
    """Forget every computed strength (for benchmarks and tests)."""
    with _LOCK:
        _CACHE.clear()


def remember(grid: pd.DataFrame) -> None:
    """Keep the strengths of a :func:`~collectives.programme_evaluation.method_grid` result (computed for
    the static figure) so that the explorer does not compute them again."""
    for strength, rows in grid.groupby("selection_strength"):
        with _LOCK:
            _CACHE.setdefault(_key(strength), rows.reset_index(drop=True))


def cached_comparison(selection_strength: float) -> pd.DataFrame:
    """Every design on the panel regenerated with this selection strength (cached; both outcomes)."""
    if isinstance(selection_strength, bool) or not isinstance(selection_strength, (int, float, np.integer,
                                                                                   np.floating)) \
            or not np.isfinite(selection_strength) or not 0 <= selection_strength <= 5:
        raise ParameterError("selection_strength", selection_strength, "a number from 0 (random assignment) to 5")
    return _comparison(_key(selection_strength))


def warm_cache(strengths=None) -> None:
    """Compute every 0.1 from 0 to 3 now (used by the background thread and the benchmark)."""
    if strengths is None:
        strengths = np.round(np.arange(0, MAX_STRENGTH + 1e-9, STRENGTH_STEP), 2)
    for s in strengths:
        cached_comparison(float(s))


def evaluation_explorer(grid: pd.DataFrame | None = None, *, warm_up: bool = True) -> Explorer:
    """Choose a design, an outcome and the self-selection strength; see the estimate against the truth.

    ``grid`` (optional) is a :func:`~collectives.programme_evaluation.method_grid` result already
    computed, e.g. for the static figure: its strengths are not computed again. With ``warm_up``
    the remaining strengths (every 0.1) are computed in a background thread after the first change
    made by the user (not when the explorer is built, so that a page build is not slowed down).
    """
    if grid is not None:
        remember(grid)
    state = {"draws": 0, "warm": not warm_up}

    def draw(method: str, selection_strength: float, outcome: str) -> go.Figure:
        if method not in pe.METHODS:
            raise ParameterError("method", method, "one of the designs in the menu")
        if outcome not in pe.OUTCOMES:
            raise ParameterError("outcome", outcome, "membership growth or volunteer retention")
        state["draws"] += 1
        if state["draws"] > 1 and not state["warm"]:  # the first draw is the explorer being built
            state["warm"] = True
            threading.Thread(target=warm_cache, daemon=True).start()
        table = cached_comparison(selection_strength)
        t = table[table["outcome"] == outcome]
        row = t[t["method"] == method].iloc[0]
        label = pe.OUTCOMES[outcome][0]
        verdict = "its interval contains the truth" if row["covers_truth"] else "its interval misses the truth"
        return estimates_vs_truth(
            t, truth=float(row["truth"]), highlight=method, x_title=f"Effect on {label.lower()} (points)",
            title=f"{row['label']}: {row['estimate']:+.1f} (truth {row['truth']:+g}) at selection strength "
                  f"{selection_strength:g}",
            alt=(f"On the synthetic panel with selection strength {selection_strength:g}, {row['label']} estimates "
                 f"{row['estimate']:+.1f} points (95% interval {row['ci_low']:.1f} to {row['ci_high']:.1f}) for "
                 f"{label.lower()}; the true effect is {row['truth']:+g}, so {verdict}."))

    controls = {
        "method": w.Dropdown(options=[(lab, m) for m, (lab, _) in pe.METHODS.items()], value="did_panel",
                             description="Design", layout={"width": "100%"}),
        # a number box rather than a slider: labelled for screen readers; type any value from 0 to 3
        "selection_strength": w.BoundedFloatText(value=1.0, min=0.0, max=MAX_STRENGTH, step=STRENGTH_STEP,
                                                 description="Self-selection strength (0 = random, up to 3)",
                                                 layout={"width": "24em"}),
        "outcome": w.ToggleButtons(options=[(lab, o) for o, (lab, _) in pe.OUTCOMES.items()], value="growth_pp",
                                   description="Outcome"),
    }
    return explorer("Evaluation explorer", controls, draw)
