"""The evaluation explorer: choose a design and how strongly municipalities self-select.

Regenerating the synthetic monitor panel for a selection strength and running every design on
it takes most of a second, too slow for an explorer. The explorer therefore offers the
strengths 0, 0.1, …, 3 (:data:`~collectives.programme_evaluation.GRID_STRENGTHS`), whose results
are stored with the package (``evaluation_grid.csv``, synthetic, written by
:func:`~collectives.programme_evaluation.write_grid`): every choice, the first included, is a
look-up in that table and a figure.

Example
-------
>>> box = evaluation_explorer()
>>> box.render(method="did_panel", selection_strength=1.0, outcome="growth_pp") is not None
True
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives import programme_evaluation as pe
from collectives.errors import ParameterError
from collectives.figures.evaluation import estimates_vs_truth
from collectives.widgets import Explorer, explorer

__all__ = ["STRENGTHS", "cached_comparison", "check_grid", "clear_cache", "evaluation_explorer", "stored_grid"]

#: The strengths the explorer offers: those of the stored grid (0 to 3 in steps of 0.1).
STRENGTHS: tuple[float, ...] = pe.GRID_STRENGTHS
_STEP = 0.1


@lru_cache(maxsize=1)
def stored_grid() -> pd.DataFrame:
    """The stored grid (:func:`~collectives.programme_evaluation.load_grid`), read once."""
    return pe.load_grid()


@lru_cache(maxsize=1)
def _keys() -> np.ndarray:
    """The strength of each stored row in steps of 0.1 (0 … 30)."""
    return np.rint(stored_grid()["selection_strength"].to_numpy(dtype=float) / _STEP).astype(int)


_TABLES: dict[tuple[int, str | None], pd.DataFrame] = {}


def _table(k: int, outcome: str | None) -> pd.DataFrame:
    """The stored rows of one strength (and outcome), cut from the grid once and kept."""
    if (k, outcome) not in _TABLES:
        grid, mask = stored_grid(), _keys() == k
        if outcome is not None:
            mask &= (grid["outcome"] == outcome).to_numpy()
        _TABLES[(k, outcome)] = grid[mask].reset_index(drop=True)
    return _TABLES[(k, outcome)]


def clear_cache() -> None:
    """Forget the stored grid read into memory: the next choice reads the file again (for benchmarks)."""
    stored_grid.cache_clear()
    _keys.cache_clear()
    _TABLES.clear()


def _key(selection_strength) -> int:
    ok = not isinstance(selection_strength, bool) and isinstance(selection_strength, (int, float, np.integer,
                                                                                      np.floating))
    ok = ok and np.isfinite(selection_strength)
    k = int(round(float(selection_strength) / _STEP)) if ok else -1
    if not ok or abs(float(selection_strength) - k * _STEP) > 1e-6 or k not in _keys():
        raise ParameterError("selection_strength", selection_strength,
                             f"one of the precomputed strengths {STRENGTHS[0]:g}, {STRENGTHS[1]:g}, …, "
                             f"{STRENGTHS[-1]:g} (steps of 0.1)")
    return k


def cached_comparison(selection_strength: float, outcome: str | None = None) -> pd.DataFrame:
    """Every design on the panel regenerated with this selection strength, from the stored grid
    (both outcomes, or only ``outcome``). The strength must be one of :data:`STRENGTHS`."""
    if outcome is not None and outcome not in pe.OUTCOMES:
        raise ParameterError("outcome", outcome, "membership growth or volunteer retention")
    return _table(_key(selection_strength), outcome)


def check_grid(grid: pd.DataFrame) -> pd.DataFrame:
    """Compare a :func:`~collectives.programme_evaluation.method_grid` result computed now with the
    stored rows; warn if they differ (the stored file is out of date). Returns the differing rows."""
    diff = pe.grid_differences(stored_grid(), grid)
    if len(diff):
        warnings.warn(f"{len(diff)} rows of the stored evaluation grid differ from a fresh computation; "
                      "regenerate it with `python -m collectives.programme_evaluation`", stacklevel=2)
    return diff


def evaluation_explorer(grid: pd.DataFrame | None = None) -> Explorer:
    """Choose a design, an outcome and the self-selection strength; see the estimate against the truth.

    The results come from the stored grid. ``grid`` (optional) is a
    :func:`~collectives.programme_evaluation.method_grid` result already computed, e.g. for the
    static figure: it is checked against the stored rows (:func:`check_grid`).
    """
    if grid is not None:
        check_grid(grid)

    def draw(method: str, selection_strength: float, outcome: str) -> go.Figure:
        if method not in pe.METHODS:
            raise ParameterError("method", method, "one of the designs in the menu")
        if outcome not in pe.OUTCOMES:
            raise ParameterError("outcome", outcome, "membership growth or volunteer retention")
        t = cached_comparison(selection_strength, outcome)
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
        # a labelled menu of exactly the precomputed strengths (keyboard and screen-reader friendly)
        "selection_strength": w.Dropdown(options=[(f"{s:g}", s) for s in STRENGTHS], value=1.0,
                                         description="Self-selection strength (0 = random, up to 3)",
                                         layout={"width": "24em"}),
        "outcome": w.ToggleButtons(options=[(lab, o) for o, (lab, _) in pe.OUTCOMES.items()], value="growth_pp",
                                   description="Outcome"),
    }
    return explorer("Evaluation explorer", controls, draw)
