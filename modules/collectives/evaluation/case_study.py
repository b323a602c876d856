"""Every evaluation design applied to one programme, side by side, against the known truth.

The synthetic monitor panel (``datasets/monitor_panel``) has a municipal support programme
from 2020 whose true effect is known: +3 percentage points of yearly membership growth and
+5 points of volunteer retention. This module prepares the panel for evaluation and runs
each design of :mod:`collectives.evaluation` on it, so that a chapter (or an explorer) can show
which design recovers the truth and which is biased, and why.

- :func:`prepare_panel` — adds the outcomes in percentage points (``growth_pp``,
  ``retention_pp``), the treated/post indicators and a few observed controls.
- :func:`compare_methods` — one row per design: estimate, 95% CI, and what biases it.
- :func:`method_grid` — the same for several selection strengths (regenerating the panel).
- :func:`counterfactual_effect` — the true average effect on the treated, found by running
  the same synthetic world without the programme (only possible with synthetic data).
- :func:`evaluation_grid` — :func:`method_grid` for every strength of :data:`GRID_STRENGTHS`
  (0 to 3 in steps of 0.1), stored as the synthetic dataset ``datasets/evaluation_grid.csv``
  (datasheet ``evaluation_grid.yml`` and ``.md``) and read with :func:`load_grid`, so that the
  evaluation explorer never waits for a regeneration.
  ``python -m collectives.evaluation.case_study`` regenerates the file (about half a minute).

Complexity: :func:`compare_methods` is six least-squares fits on the panel, O(N) each for a
fixed number of columns; :func:`method_grid` regenerates the panel once per strength.

Example
-------
>>> from collectives import data
>>> panel = prepare_panel(data.load("monitor_panel"))
>>> table = compare_methods(panel, "growth_pp")
>>> float(table.set_index("method").loc["did_panel", "estimate"].round(1))
2.9
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from collectives import evaluation
from collectives.errors import DataError, ParameterError, Problem
from collectives.validate import TABLE, choice, number, require_columns

__all__ = ["GRID_FILE", "GRID_STRENGTHS", "METHODS", "OUTCOMES", "compare_methods", "counterfactual_effect",
           "evaluation_grid", "grid_differences", "load_grid", "method_grid", "prepare_panel", "true_effect",
           "write_grid"]

#: The outcomes the programme aimed at: column → (label, unit).
OUTCOMES: dict[str, tuple[str, str]] = {
    "growth_pp": ("Membership growth", "percentage points per year"),
    "retention_pp": ("Volunteer retention", "percentage points"),
}

#: The designs compared: id → (label, what biases it on this panel).
METHODS: dict[str, tuple[str, str]] = {
    "before_after": ("Before–after (programme collectives)",
                     "picks up everything else that changed after 2020: the common 2020–21 dip and slowing growth"),
    "treated_vs_control": ("Programme vs other municipalities, after 2020",
                           "picks up the difference that was there before: municipalities that joined were already "
                           "more vital (selection)"),
    "regression_controls": ("Regression with controls, after 2020",
                            "controls for sector, size and age, but not for civic vitality, which the data do not "
                            "show: the selection remains"),
    "its": ("Interrupted time series (programme collectives)",
            "a single series has no comparison group: the common dip is counted as the programme's effect"),
    "did_2x2": ("Difference-in-differences, 2×2",
                "compares changes, so fixed differences and common shocks cancel; needs parallel trends"),
    "did_panel": ("Difference-in-differences, unit and year fixed effects",
                  "the same idea with every year and collective; needs parallel trends"),
}

_TRUTH_KEY = {"growth_pp": "effect_growth_pp", "retention_pp": "effect_retention_pp"}


def prepare_panel(panel: pd.DataFrame, start_year: int | None = None) -> pd.DataFrame:
    """The monitor panel with what the evaluation designs need.

    Adds ``growth_pp`` (members ÷ last year's members − 1, in percentage points),
    ``retention_pp`` (volunteers retained ÷ last year's volunteers, in points), ``treated``
    (1 for collectives in a programme municipality), ``post`` (1 from ``start_year``; by default
    the panel's ``programme_start_year`` or 2020), ``support`` (treated × post) and the observed
    controls ``log_members_last_year``, ``age_years`` and one 0/1 column per sector
    (``sector_housing`` … ; energy is the reference). Growth and retention need the previous
    year's row of the same collective; they are empty otherwise.
    """
    require_columns(panel, ["collective_id", "year", "municipality", "sector", "members", "volunteers",
                                       "volunteers_retained", "founded_year", "programme_municipality"])
    if start_year is None:
        start_year = int((panel.attrs.get("ground_truth") or {}).get("programme_start_year", 2020))
    p = panel.sort_values(["collective_id", "year"], kind="stable").reset_index(drop=True)
    ids = p["collective_id"].astype(str).to_numpy()
    year = p["year"].to_numpy(dtype=float)
    same = np.zeros(len(p), dtype=bool)
    same[1:] = (ids[1:] == ids[:-1]) & (year[1:] - year[:-1] == 1)

    def lag(col: str) -> np.ndarray:
        x = p[col].to_numpy(dtype=float, na_value=np.nan)
        out = np.full(len(x), np.nan)
        out[1:] = x[:-1]
        out[~same] = np.nan
        return out

    members = p["members"].to_numpy(dtype=float, na_value=np.nan)
    m_lag, v_lag = lag("members"), lag("volunteers")
    retained = p["volunteers_retained"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = 100 * (members / m_lag - 1)
        retention = 100 * retained / v_lag
        log_lag = np.log(m_lag)
    out = p.assign(
        growth_pp=np.where(np.isfinite(growth), growth, np.nan),
        retention_pp=np.where(np.isfinite(retention), retention, np.nan),
        treated=p["programme_municipality"].astype("Float64").astype(float).astype(int),
        post=(year >= start_year).astype(int),
        log_members_last_year=np.where(np.isfinite(log_lag), log_lag, np.nan),
        age_years=year - p["founded_year"].to_numpy(dtype=float, na_value=np.nan),
    )
    out["support"] = out["treated"] * out["post"]
    sectors = [s for s in pd.unique(out["sector"].astype(str)) if s != "energy"]
    for s in sorted(sectors):
        out[f"sector_{s}"] = (out["sector"].astype(str) == s).astype(float)
    out.attrs.update(panel.attrs)
    out.attrs["start_year"] = start_year
    return out


def _check_outcome(outcome: str) -> None:
    choice("outcome", outcome, OUTCOMES)


#: Columns :func:`prepare_panel` adds that :func:`compare_methods` needs.
PREPARED_COLUMNS = ("growth_pp", "retention_pp", "treated", "post", "support", "log_members_last_year",
                    "age_years")


def _require_prepared(panel: object) -> None:
    """A clear message for a panel that did not go through :func:`prepare_panel`."""
    require_columns(panel, ["collective_id", "year", "municipality"], TABLE, name="panel")
    missing = [c for c in PREPARED_COLUMNS if c not in panel.columns]
    if missing:
        raise DataError(TABLE, [Problem(
            "the panel is not prepared for evaluation: the column(s) " + ", ".join(missing) + " are missing",
            expected="the output of prepare_panel(panel), e.g. compare_methods(prepare_panel(data.load('monitor_panel')))")])


def true_effect(panel: pd.DataFrame, outcome: str) -> float:
    """The effect built into the synthetic panel (from ``panel.attrs['ground_truth']``), in points."""
    _check_outcome(outcome)
    require_columns(panel, [], TABLE, name="panel")
    truth = panel.attrs.get("ground_truth") or {}
    if _TRUTH_KEY[outcome] in truth:
        return float(truth[_TRUTH_KEY[outcome]])
    from collectives.synthetic import GROUND_TRUTH
    return float(getattr(GROUND_TRUTH, _TRUTH_KEY[outcome]))


def compare_methods(panel: pd.DataFrame, outcome: str = "growth_pp", *, methods: Sequence[str] | None = None,
                    cluster: str = "municipality") -> pd.DataFrame:
    """Run each evaluation design on a prepared panel (see :func:`prepare_panel`).

    Standard errors are clustered on ``cluster`` (municipalities: the programme was assigned
    to municipalities, so rows of one municipality are not independent) except for the
    interrupted time series, which has one row per year and uses Newey–West errors.

    Returns
    -------
    DataFrame, one row per design: method (id), label, estimate, ci_low, ci_high, se, n,
    truth (the built-in effect), error (estimate − truth), covers_truth, bias_source.
    """
    _check_outcome(outcome)
    _require_prepared(panel)
    if isinstance(methods, str):
        methods = [methods]
    chosen = list(METHODS) if methods is None else list(methods)
    unknown = [m for m in chosen if m not in METHODS]
    if unknown:
        raise ParameterError("methods", unknown, "ids from " + ", ".join(METHODS))
    start = int(panel.attrs.get("start_year", 2020))
    data = panel[panel[outcome].notna()]
    after = data[data["post"] == 1]
    controls = ["log_members_last_year", "age_years"] + sorted(c for c in data.columns if c.startswith("sector_"))
    rows = []
    for m in chosen:
        if m == "before_after":
            e = evaluation.before_after(data, outcome, post="post", treated="treated", cluster=cluster)
        elif m == "treated_vs_control":
            e = evaluation.treated_vs_control(after, outcome, treated="treated", cluster=cluster)
        elif m == "regression_controls":
            e = evaluation.regression_with_controls(after.dropna(subset=controls), outcome, treatment="treated",
                                                    controls=controls, cluster=cluster)
        elif m == "its":
            series = data[data["treated"] == 1].groupby("year", as_index=False)[outcome].mean()
            series["year"] = series["year"].astype(float)
            e = evaluation.interrupted_time_series(series, outcome, "year", start).level_change
        elif m == "did_2x2":
            e = evaluation.did(data, outcome, treated="treated", post="post", cluster=cluster)
        else:  # did_panel
            e = evaluation.did_panel(data, outcome, "collective_id", "year", "support", cluster=cluster)
        rows.append({"method": m, "label": METHODS[m][0], "estimate": e.estimate, "ci_low": e.ci[0],
                     "ci_high": e.ci[1], "se": e.se, "n": e.n, "bias_source": METHODS[m][1]})
    out = pd.DataFrame(rows)
    truth = true_effect(panel, outcome)
    out["truth"] = truth
    out["error"] = out["estimate"] - truth
    out["covers_truth"] = (out["ci_low"] <= truth) & (truth <= out["ci_high"])
    out.attrs.update(outcome=outcome, truth=truth)
    return out


def _check_strength(s) -> float:
    return number("selection_strength", s, min=0, max=5, expected="a number from 0 (random assignment) to 5")


def method_grid(selection_strengths: Sequence[float], outcomes: Sequence[str] = tuple(OUTCOMES), *,
                seed: int | None = None) -> pd.DataFrame:
    """:func:`compare_methods` for each selection strength (the panel is regenerated each time).

    Returns the rows of :func:`compare_methods` with the columns ``selection_strength`` and
    ``outcome`` added. Takes about a quarter of a second per strength.
    """
    from collectives.synthetic import PANEL_SEED, monitor_panel
    seed = PANEL_SEED if seed is None else seed
    frames = []
    for s in selection_strengths:
        s = _check_strength(s)
        panel = prepare_panel(monitor_panel(seed=seed, selection_strength=s))
        for o in outcomes:
            frames.append(compare_methods(panel, o).assign(selection_strength=s, outcome=o))
    return pd.concat(frames, ignore_index=True)


def counterfactual_effect(outcome: str = "growth_pp", *, selection_strength: float = 1.0,
                          seed: int | None = None) -> float:
    """The true average effect on the treated: the same synthetic world with and without the programme.

    The generator is run twice with the same seed — once with the programme's effects, once
    with both set to zero — and the outcome is compared row by row for programme collectives
    from the start year on. This includes every knock-on effect (e.g. through volunteer
    workload). With real data this comparison is impossible: that is why designs are needed.
    """
    _check_outcome(outcome)
    from collectives.synthetic import PANEL_SEED, monitor_panel
    seed = PANEL_SEED if seed is None else seed
    s = _check_strength(selection_strength)
    with_p = prepare_panel(monitor_panel(seed=seed, selection_strength=s))
    without = prepare_panel(monitor_panel(seed=seed, selection_strength=s, effect_growth_pp=0.0,
                                          effect_retention_pp=0.0))
    both = with_p.merge(without[["collective_id", "year", outcome]], on=["collective_id", "year"],
                        suffixes=("", "_without"))
    rows = both[(both["support"] == 1)]
    return float((rows[outcome] - rows[f"{outcome}_without"]).mean())


# --------------------------------------------------------------------------- the stored grid

#: The selection strengths of the stored grid, and the only ones the evaluation explorer offers.
GRID_STRENGTHS: tuple[float, ...] = tuple(round(0.1 * k, 1) for k in range(31))

#: The stored grid: the synthetic dataset ``evaluation_grid`` (datasheet ``evaluation_grid.yml``, ``.md``).
GRID_FILE = Path(__file__).resolve().parents[3] / "datasets" / "evaluation_grid.csv"

#: Columns stored in the file; label, bias_source, error and covers_truth are derived when loading.
GRID_COLUMNS = ["selection_strength", "outcome", "method", "estimate", "ci_low", "ci_high", "se", "n", "truth"]
_NUMERIC = ["estimate", "ci_low", "ci_high", "se", "truth"]
_FLOAT_FORMAT = "%.12g"


def evaluation_grid(selection_strengths: Sequence[float] = GRID_STRENGTHS, *, seed: int | None = None) -> pd.DataFrame:
    """The rows stored in ``evaluation_grid.csv``: :func:`method_grid` (both outcomes, every design)
    for ``selection_strengths`` with the panel's seed (``seed``, default
    :data:`collectives.synthetic.PANEL_SEED`), reduced to :data:`GRID_COLUMNS`.

    Deterministic: each strength regenerates the synthetic panel with the same seed, so any
    subset of strengths can be recomputed and compared with the file (see :func:`grid_differences`).
    """
    grid = method_grid(selection_strengths, seed=seed)
    return grid[GRID_COLUMNS].reset_index(drop=True)


def write_grid(path: str | Path | None = None, *, seed: int | None = None) -> Path:
    """Compute :func:`evaluation_grid` for every strength of :data:`GRID_STRENGTHS` and write it
    (default :data:`GRID_FILE`). The datasheet ``evaluation_grid.yml``/``.md`` next to it says
    that it is synthetic, how it was made and how to regenerate it."""
    from collectives.synthetic import PANEL_SEED
    seed = PANEL_SEED if seed is None else seed
    path = GRID_FILE if path is None else Path(path)
    grid = evaluation_grid(GRID_STRENGTHS, seed=seed)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        grid.to_csv(f, index=False, float_format=_FLOAT_FORMAT, lineterminator="\n")
    return path


def load_grid(path: str | Path | None = None) -> pd.DataFrame:
    """The stored grid (default :data:`GRID_FILE`) with the columns of :func:`method_grid`:
    label, bias_source, error (estimate − truth) and covers_truth are added."""
    path = GRID_FILE if path is None else Path(path)
    grid = pd.read_csv(path, dtype={"outcome": str, "method": str, "n": "int64"})
    missing = [c for c in GRID_COLUMNS if c not in grid.columns]
    if missing:
        raise ParameterError("path", str(path), "a file written by write_grid (missing " + ", ".join(missing) + ")")
    grid["label"] = grid["method"].map(lambda m: METHODS[m][0])
    grid["bias_source"] = grid["method"].map(lambda m: METHODS[m][1])
    grid["error"] = grid["estimate"] - grid["truth"]
    grid["covers_truth"] = (grid["ci_low"] <= grid["truth"]) & (grid["truth"] <= grid["ci_high"])
    return grid


def grid_differences(stored: pd.DataFrame, computed: pd.DataFrame, *, rtol: float = 1e-9,
                     atol: float = 1e-9) -> pd.DataFrame:
    """Rows of ``computed`` (e.g. :func:`method_grid` for a few strengths) that the ``stored`` grid
    does not reproduce: missing, a different ``n``, or a number that differs by more than the
    tolerance (the file keeps 12 significant digits). Empty when the stored grid is up to date."""
    require_columns(stored, GRID_COLUMNS, "'stored' (the stored grid)", name="stored")
    require_columns(computed, GRID_COLUMNS, "'computed' (a computed grid)", name="computed")
    keys = ["selection_strength", "outcome", "method"]
    a = computed[GRID_COLUMNS].assign(selection_strength=lambda d: d["selection_strength"].round(1))
    b = stored[GRID_COLUMNS].assign(selection_strength=lambda d: d["selection_strength"].round(1))
    both = a.merge(b, on=keys, how="left", suffixes=("", "_stored"), indicator=True)
    bad = both["_merge"] != "both"
    bad |= both["n"].to_numpy() != both["n_stored"].to_numpy()
    for c in _NUMERIC:
        x, y = both[c].to_numpy(dtype=float), both[f"{c}_stored"].to_numpy(dtype=float)
        bad |= ~np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=True)
    return both[bad].drop(columns="_merge").reset_index(drop=True)


if __name__ == "__main__":
    import time
    start = time.perf_counter()
    written = write_grid()
    print(f"wrote {written} ({len(load_grid(written))} rows, {time.perf_counter() - start:.0f} s)")
