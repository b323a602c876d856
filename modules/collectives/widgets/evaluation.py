"""The evaluation explorer: choose a design and how strongly municipalities self-select.

Regenerating the synthetic monitor panel for a selection strength and running every design on
it takes most of a second, too slow for an explorer. The explorer therefore offers the
strengths 0, 0.1, …, 3 (:data:`~collectives.evaluation.case_study.GRID_STRENGTHS`), whose results
are stored with the package (``evaluation_grid.csv``, synthetic, written by
:func:`~collectives.evaluation.case_study.write_grid`): every choice, the first included, is a
look-up in that table and a figure.

Example
-------
>>> box = evaluation_explorer().widget()
>>> box.render(method="did_panel", selection_strength=1.0, outcome="growth_pp").layout.title.text[:18]
'Difference-in-diff'
>>> box.render(selection_strength=0.25) is None  # not a stored strength: a message
True
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from collectives.evaluation import case_study as pe
from collectives.errors import ParameterError
from collectives.explorer import Choice, Explorer
from collectives.figures.evaluation import evaluation_view

__all__ = ["STRENGTHS", "cached_comparison", "check_grid", "clear_cache", "evaluation_explorer", "stored_grid"]

#: The strengths the explorer offers: those of the stored grid (0 to 3 in steps of 0.1).
STRENGTHS: tuple[float, ...] = pe.GRID_STRENGTHS
_STEP = 0.1


@lru_cache(maxsize=1)
def stored_grid() -> pd.DataFrame:
    """The stored grid (:func:`~collectives.evaluation.case_study.load_grid`), read once."""
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
    """Compare a :func:`~collectives.evaluation.case_study.method_grid` result computed now with the
    stored rows; warn if they differ (the stored file is out of date). Returns the differing rows."""
    diff = pe.grid_differences(stored_grid(), grid)
    if len(diff):
        warnings.warn(f"{len(diff)} rows of the stored evaluation grid differ from a fresh computation; "
                      "regenerate it with `python -m collectives.evaluation.case_study`", stacklevel=2)
    return diff


def evaluation_explorer(grid: pd.DataFrame | None = None) -> Explorer:
    """Choose a design, an outcome and the self-selection strength; see the estimate against the truth.

    The results come from the stored grid. The static page offers the strengths 0, 0.5, …, 3;
    the live widget every stored strength (steps of 0.1). ``grid`` (optional) is a
    :func:`~collectives.evaluation.case_study.method_grid` result already computed, e.g. for the
    chapter: it is checked against the stored rows (:func:`check_grid`).
    """
    if grid is not None:
        check_grid(grid)

    def draw(table: pd.DataFrame, method: str, selection_strength: float, outcome: str) -> go.Figure:
        return evaluation_view(table, method=method, selection_strength=selection_strength,
                               outcome_label=pe.OUTCOMES[outcome][0])

    return Explorer(
        "evaluation", "Evaluation explorer",
        # the simple comparison first: moving the strength shows its bias grow
        (Choice("method", "Design", [(lab, m) for m, (lab, _) in pe.METHODS.items()], value="treated_vs_control"),
         Choice("selection_strength", "Self-selection strength (0 = random, up to 3)",
                [(f"{s:g}", float(s)) for s in STRENGTHS], value=1.0, widget="range",
                twin=(0.0, 0.5, 1.0, 1.5, 2.0, 3.0)),
         Choice("outcome", "Outcome", [(lab, o) for o, (lab, _) in pe.OUTCOMES.items()], value="growth_pp")),
        lambda method, selection_strength, outcome: cached_comparison(selection_strength, outcome), draw)
