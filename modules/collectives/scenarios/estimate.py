"""Estimate the stock-flow model's parameters from the (synthetic) monitor panel.

The panel (``datasets/monitor_panel.csv``) is *synthetic*: it comes from a seeded generator
whose ground truth is documented (:data:`collectives.synthetic.GROUND_TRUTH`). That is the
point here: every estimate below can be checked against the value that was built in, which
:func:`compare_with_truth` does. With real monitor data the same code gives estimates, but no
truth to check them against.

What is estimated, and how:

- **support effects** on membership growth and volunteer retention: difference-in-differences
  with collective and year fixed effects (two-way within transformation), standard errors
  clustered by municipality;
- **base volunteer retention**: mean retention before the programme, outside the invented
  2020–21 dip, where last year's hours per volunteer were at most the burnout threshold;
- **burnout threshold and slope**: retention regressed on max(0, hours per volunteer − c)
  with sector intercepts, for thresholds c on a grid; the best-fitting c is kept;
- **workload**: log hours per week regressed on log members (sector of interest);
- **volunteer target share**: median of (volunteers − 4) / members;
- **membership-growth noise**: residual spread of the growth regression;
- **programme grant**: extra subsidy of supported rows over other rows in the same years.

Example
-------
>>> from collectives import data
>>> est = estimate_parameters(data.load("monitor_panel"))     # doctest: +SKIP
>>> round(est.params.effect_growth, 3)                         # doctest: +SKIP
0.029
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from collectives.errors import DataError, Problem
from collectives.scenarios.stockflow import DEFAULTS, ModelParameters

__all__ = ["PanelEstimates", "compare_with_truth", "estimate_parameters", "rates"]

_NEEDED = ("collective_id", "municipality", "sector", "year", "members", "volunteers", "volunteers_retained",
           "volunteer_hours_per_week", "subsidies_eur", "municipal_support")


@dataclass(frozen=True)
class PanelEstimates:
    """Parameters estimated from a panel, with the table of estimates and standard errors."""

    params: ModelParameters
    table: pd.DataFrame


def rates(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel with yearly membership growth, volunteer retention and last year's hours per
    volunteer (all NaN when the previous year is missing)."""
    missing = [c for c in _NEEDED if c not in panel.columns]
    if missing:
        raise DataError("the monitor panel", [Problem("the column is missing", column=c, expected="the columns of datasets/monitor_panel.yml") for c in missing])
    df = panel.sort_values(["collective_id", "year"]).copy()
    by = df.groupby("collective_id", observed=True)
    consecutive = (by["year"].shift() == df["year"] - 1).fillna(False).to_numpy(dtype=bool)
    prev_m = by["members"].shift().astype(float)
    prev_v = by["volunteers"].shift().astype(float)
    prev_h = by["volunteer_hours_per_week"].shift().astype(float)
    df["growth"] = (df["members"].astype(float) / prev_m - 1).where(consecutive)
    df["retention"] = (df["volunteers_retained"].astype(float) / prev_v).where(consecutive)
    df["hpv_prev"] = (prev_h / prev_v.clip(lower=1)).where(consecutive)
    return df


def _within(y: np.ndarray, d: np.ndarray, g1: np.ndarray, g2: np.ndarray, iters: int = 200):
    """Remove two sets of fixed effects by alternating projections; return demeaned y and d."""
    def demean(v, g):
        sums = np.bincount(g, weights=v)
        counts = np.bincount(g)
        return v - (sums / counts)[g]
    y, d = y.copy(), d.copy()
    for _ in range(iters):
        y_new, d_new = demean(demean(y, g1), g2), demean(demean(d, g1), g2)
        done = np.abs(y_new - y).max() < 1e-12 and np.abs(d_new - d).max() < 1e-12
        y, d = y_new, d_new
        if done:
            break
    return y, d


def _did(df: pd.DataFrame, outcome: str) -> tuple[float, float, float]:
    """Two-way fixed-effects DiD estimate, clustered standard error, residual sd."""
    d = df.dropna(subset=[outcome])
    g1 = pd.factorize(d["collective_id"])[0]
    g2 = pd.factorize(d["year"])[0]
    cl = pd.factorize(d["municipality"])[0]
    y, x = _within(d[outcome].to_numpy(float), d["municipal_support"].astype(float).to_numpy(), g1, g2)
    beta = float(x @ y / (x @ x))
    e = y - beta * x
    scores = np.bincount(cl, weights=x * e)
    G, N, K = cl.max() + 1, len(y), 1 + len(np.unique(g1)) + len(np.unique(g2)) - 1
    correction = G / (G - 1) * (N - 1) / (N - K)
    se = float(np.sqrt(correction * (scores ** 2).sum()) / (x @ x))
    resid_sd = float(np.sqrt((e ** 2).sum() / (N - K)))
    return beta, se, resid_sd


def _burnout(df: pd.DataFrame, grid=np.arange(2.0, 8.01, 0.25)):
    d = df.dropna(subset=["retention", "hpv_prev"])
    d = d[(d["year"] < 2020)]
    sectors = pd.get_dummies(d["sector"].astype(str)).to_numpy(float)
    y = d["retention"].to_numpy(float)
    h = d["hpv_prev"].to_numpy(float)
    best = None
    for c in grid:
        X = np.column_stack([sectors, np.maximum(0.0, h - c)])
        coef, *_ = np.linalg.lstsq(X, y, rcond=None)
        sse = float(((y - X @ coef) ** 2).sum())
        if best is None or sse < best[0]:
            best = (sse, float(c), float(-coef[-1]), X, coef)
    sse, c, slope, X, coef = best
    sigma2 = sse / (len(y) - X.shape[1])
    cov = sigma2 * np.linalg.inv(X.T @ X)
    return c, slope, float(np.sqrt(cov[-1, -1])), float(d["hpv_prev"].max())


def estimate_parameters(panel: pd.DataFrame, sector: str = "energy", base: ModelParameters = DEFAULTS) -> PanelEstimates:
    """Estimate the model's panel parameters for collectives of ``sector``.

    Parameters
    ----------
    panel
        The monitor panel (``data.load("monitor_panel")``; synthetic) or a participant's file
        with the same columns.
    sector
        Sector whose base retention, workload and volunteer share are estimated; the support
        effects and the burnout rule use every sector.
    base
        Parameters not estimated here are taken from it.

    Returns
    -------
    PanelEstimates
        ``.params`` (a ModelParameters) and ``.table`` (parameter, estimate, standard error, how).
    """
    df = rates(panel)
    sectors = sorted(df["sector"].astype(str).unique())
    if sector not in sectors:
        raise DataError("the monitor panel", [Problem(f"there are no collectives of the sector '{sector}'", column="sector",
                                                      expected="one of " + ", ".join(sectors))])
    eg, eg_se, g_sd = _did(df, "growth")
    er, er_se, _ = _did(df, "retention")
    c, slope, slope_se, _ = _burnout(df)
    own = df[df["sector"].astype(str) == sector]
    calm = own[(own["year"] < 2020) & (own["hpv_prev"] <= c)].dropna(subset=["retention"])
    base_r, base_r_se = float(calm["retention"].mean()), float(calm["retention"].std() / np.sqrt(max(len(calm), 1)))
    ok = (own["members"] > 0) & (own["volunteer_hours_per_week"] > 0)
    lm, lh = np.log(own.loc[ok, "members"].astype(float)), np.log(own.loc[ok, "volunteer_hours_per_week"].astype(float))
    b, a = np.polyfit(lm, lh, 1)
    share = float(((own["volunteers"].astype(float) - 4) / own["members"].astype(float)).clip(lower=0).median())
    years = df.loc[df["municipal_support"].astype(bool), "year"].unique()
    same = df[df["year"].isin(years)]
    grant = float(same.loc[same["municipal_support"].astype(bool), "subsidies_eur"].mean()
                  - same.loc[~same["municipal_support"].astype(bool), "subsidies_eur"].mean())
    params = replace(base, effect_growth=eg, effect_growth_se=eg_se, effect_retention=er, effect_retention_se=er_se,
                     growth_noise_sd=g_sd, base_retention=base_r, burnout_threshold=c, burnout_slope=slope,
                     burnout_slope_sd=slope_se, volunteer_share=share, workload_w=float(np.exp(a)), workload_b=float(b),
                     programme_grant_eur=grant)
    table = pd.DataFrame([
        ("effect_growth", eg, eg_se, "difference-in-differences, collective and year fixed effects"),
        ("effect_retention", er, er_se, "difference-in-differences, collective and year fixed effects"),
        ("growth_noise_sd", g_sd, np.nan, "residual spread of the growth regression"),
        ("base_retention", base_r, base_r_se, f"mean retention before 2020 without overload ({sector})"),
        ("burnout_threshold", c, np.nan, "best threshold on a grid of 2 to 8 hours"),
        ("burnout_slope", slope, slope_se, "retention on hours above the threshold, sector intercepts"),
        ("workload_w", float(np.exp(a)), np.nan, f"log hours on log members ({sector})"),
        ("workload_b", float(b), np.nan, f"log hours on log members ({sector})"),
        ("volunteer_share", share, np.nan, f"median (volunteers − 4) / members ({sector})"),
        ("programme_grant_eur", grant, np.nan, "extra subsidy of supported rows, same years"),
    ], columns=["parameter", "estimate", "std_error", "how"])
    return PanelEstimates(params, table)


def compare_with_truth(estimates: PanelEstimates, sector: str = "energy") -> pd.DataFrame:
    """The estimates next to the values the synthetic panel's generator used.

    Only for the synthetic panel: real data have no documented truth. Truth for the workload
    and volunteer share are the generator's nuisance constants (documented in its source).
    """
    from collectives.synthetic import GROUND_TRUTH as gt
    from collectives.synthetic.panel import draws as gen

    truth = {
        "effect_growth": gt.effect_growth_pp / 100, "effect_retention": gt.effect_retention_pp / 100,
        "growth_noise_sd": gt.growth_noise_sd_pp / 100, "base_retention": gt.base_retention[sector],
        "burnout_threshold": gt.burnout_threshold_hours_per_volunteer, "burnout_slope": gt.burnout_slope_pp_per_hour / 100,
        "workload_w": gen._WORKLOAD[sector], "workload_b": 0.6, "volunteer_share": gen._VOLUNTEER_SHARE[sector],
        "programme_grant_eur": 7_500.0,
    }
    t = estimates.table.copy()
    t["truth"] = t["parameter"].map(truth)
    return t
