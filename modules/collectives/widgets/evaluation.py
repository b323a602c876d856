"""The evaluation explorer: choose a design and how strongly municipalities self-select.

Each change of the selection strength regenerates the synthetic monitor panel (about 0.13 s)
and runs the designs on it. That is slower than an explorer should answer, so results are
cached per selection strength (rounded to 0.1): the first visit of a strength takes about a
quarter of a second, every later one a few milliseconds. After the first change, the remaining
slider positions are computed in a background thread, so the explorer soon answers every
position from the cache.

Example
-------
>>> box = evaluation_explorer(warm_up=False)
>>> box.render(method="did_panel", selection_strength=1.0, outcome="growth_pp") is not None
True
"""

from __future__ import annotations

import threading
from functools import lru_cache

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives import programme_evaluation as pe
from collectives.errors import ParameterError
from collectives.figures.evaluation import estimates_vs_truth
from collectives.widgets import Explorer, explorer

__all__ = ["STRENGTH_STEP", "cached_comparison", "evaluation_explorer", "warm_cache"]

#: Slider step and the rounding of the cache key.
STRENGTH_STEP = 0.1
MAX_STRENGTH = 3.0


@lru_cache(maxsize=256)
def _comparison(strength_key: int) -> pd.DataFrame:
    strength = strength_key * STRENGTH_STEP
    from collectives.synthetic import monitor_panel
    panel = pe.prepare_panel(monitor_panel(selection_strength=strength))
    frames = [pe.compare_methods(panel, o).assign(outcome=o, selection_strength=strength) for o in pe.OUTCOMES]
    return pd.concat(frames, ignore_index=True)


def cached_comparison(selection_strength: float) -> pd.DataFrame:
    """Every design on the panel regenerated with this selection strength (cached; both outcomes)."""
    if isinstance(selection_strength, bool) or not isinstance(selection_strength, (int, float, np.integer,
                                                                                   np.floating)) \
            or not np.isfinite(selection_strength) or not 0 <= selection_strength <= 5:
        raise ParameterError("selection_strength", selection_strength, "a number from 0 (random assignment) to 5")
    return _comparison(int(round(float(selection_strength) / STRENGTH_STEP)))


def warm_cache(strengths=None) -> None:
    """Compute the slider's positions now (used by the background thread and the benchmark)."""
    if strengths is None:
        strengths = np.round(np.arange(0, MAX_STRENGTH + 1e-9, STRENGTH_STEP), 2)
    for s in strengths:
        cached_comparison(float(s))


def evaluation_explorer(*, warm_up: bool = True) -> Explorer:
    """Choose a design, an outcome and the self-selection strength; see the estimate against the truth.

    With ``warm_up`` the remaining slider positions are computed in a background thread after
    the first change (not at construction, so a page build is not slowed down).
    """
    started = {"warm": not warm_up}

    def draw(method: str, selection_strength: float, outcome: str) -> go.Figure:
        if method not in pe.METHODS:
            raise ParameterError("method", method, "one of the designs in the menu")
        if outcome not in pe.OUTCOMES:
            raise ParameterError("outcome", outcome, "membership growth or volunteer retention")
        if not started["warm"]:
            started["warm"] = True
            threading.Thread(target=warm_cache, daemon=True).start()
        table = cached_comparison(selection_strength)
        t = table[table["outcome"] == outcome]
        row = t[t["method"] == method].iloc[0]
        label, unit = pe.OUTCOMES[outcome]
        verdict = "its interval contains the truth" if row["covers_truth"] else "its interval misses the truth"
        return estimates_vs_truth(
            t, truth=float(row["truth"]), highlight=method, x_title=f"Estimated effect on {label.lower()} ({unit})",
            title=f"{row['label']}: {row['estimate']:+.1f} (truth {row['truth']:+g}) at selection strength "
                  f"{selection_strength:g}",
            alt=(f"On the synthetic panel with selection strength {selection_strength:g}, {row['label']} estimates "
                 f"{row['estimate']:+.1f} points (95% interval {row['ci_low']:.1f} to {row['ci_high']:.1f}) for "
                 f"{label.lower()}; the true effect is {row['truth']:+g}, so {verdict}."))

    controls = {
        "method": w.Dropdown(options=[(lab, m) for m, (lab, _) in pe.METHODS.items()], value="did_panel",
                             description="Design", layout={"width": "100%"}),
        "selection_strength": w.FloatSlider(value=1.0, min=0.0, max=MAX_STRENGTH, step=STRENGTH_STEP,
                                            description="Self-selection strength (0 = random)",
                                            continuous_update=False, readout_format=".2f",
                                            layout={"width": "100%"}),
        "outcome": w.ToggleButtons(options=[(lab, o) for o, (lab, _) in pe.OUTCOMES.items()], value="growth_pp",
                                   description="Outcome"),
    }
    return explorer("Evaluation explorer", controls, draw)
