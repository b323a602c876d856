"""The composite index: one score per collective from several normalised indicators with
weights you choose (:func:`composite_index`), and how much the resulting ranking depends on
those weights (:func:`weight_sensitivity`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from collectives.errors import DataError, ParameterError, Problem
from collectives.kpi._common import _VALUES, _check_targets, _check_values, _oriented, _year_arrays
from collectives.kpi.catalogue import _specs
from collectives.validate import choice

__all__ = ["WeightSensitivity", "composite_index", "weight_sensitivity"]


def _check_weights(weights, kpi_ids: np.ndarray) -> dict[str, float]:
    if not isinstance(weights, Mapping) or not weights:
        raise ParameterError("weights", weights, "a mapping of KPI id → weight, e.g. {'active_member_share': 1}")
    known = list(_specs())
    unknown = [k for k in weights if k not in known]
    if unknown:
        raise ParameterError("weights", dict(weights), f"KPI ids from the catalogue; unknown: {', '.join(map(str, unknown))}. "
                             f"Known: {', '.join(known)}")
    w = {}
    for k, v in weights.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not math.isfinite(v) or v < 0:
            raise ParameterError(f"weights[{k!r}]", v, "a weight of 0 or more")
        w[k] = float(v)
    if sum(w.values()) <= 0:
        raise ParameterError("weights", dict(weights), "at least one weight above 0 (they cannot all be zero)")
    present = set(pd.unique(kpi_ids))
    absent = [k for k, v in w.items() if v > 0 and k not in present]
    if absent:
        raise ParameterError("weights", dict(weights),
                             f"KPIs that have values in this year; none for: {', '.join(absent)}")
    return {k: v for k, v in w.items() if v > 0}


def _normalised_matrix(kpi_values, weights, year, normalise, targets, missing):
    choice("normalise", normalise, ("minmax", "rank"), expected='"minmax" or "rank"')
    choice("missing", missing, ("drop", "reweight"), expected='"drop" (leave out collectives missing a weighted KPI) or "reweight"')
    _check_values(kpi_values)
    targets = _check_targets(targets)
    extra = [c for c in ("sector", "size_band") if c in kpi_values.columns]
    A = _year_arrays(kpi_values, year, ["collective_id", "kpi", "value", *extra])
    w = _check_weights(weights, A["kpi"])
    names = list(w)
    sel = np.zeros(len(A["kpi"]), dtype=bool)
    k_idx = np.full(len(A["kpi"]), -1)
    for j, name in enumerate(names):
        m = A["kpi"] == name
        sel |= m
        k_idx[m] = j
    sel &= ~np.isnan(A["value"])
    ids, first, id_idx = np.unique(A["collective_id"][sel].astype(str), return_index=True, return_inverse=True)
    X = np.full((len(ids), len(names)), np.nan)
    X[id_idx, k_idx[sel]] = _oriented(A["kpi"][sel], A["value"][sel], targets)
    info = {c: A[c][sel][first] for c in ["collective_id", *extra]}
    if missing == "drop":
        keep = ~np.isnan(X).any(axis=1)
        X, ids = X[keep], ids[keep]
        info = {c: v[keep] for c, v in info.items()}
        if len(ids) == 0:
            raise DataError(_VALUES, [Problem(f"no collective has values for all weighted KPIs in {year}",
                                              expected="use missing='reweight' or weight KPIs of the same sector")])
    N = np.full_like(X, np.nan)
    for j in range(X.shape[1]):
        x = X[:, j]
        ok = ~np.isnan(x)
        if not ok.any():
            continue
        if normalise == "minmax":
            lo, hi = x[ok].min(), x[ok].max()
            N[ok, j] = (x[ok] - lo) / (hi - lo) if hi > lo else 0.5
        else:
            r = rankdata(x[ok], method="average")
            N[ok, j] = (r - 1) / (ok.sum() - 1) if ok.sum() > 1 else 0.5
    return N, ids, names, np.array([w[k] for k in names]), info


def _scores(N: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Weighted mean of the available normalised values; N is n × k, W is k × d."""
    mask = ~np.isnan(N)
    num = np.where(mask, N, 0.0) @ W
    den = mask.astype(float) @ W
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score, ties share the best rank; along axis 0."""
    return rankdata(-scores, method="min", axis=0)


def composite_index(kpi_values: pd.DataFrame, weights: Mapping[str, float], year, normalise: str = "minmax", *,
                    targets: Mapping[str, float] | None = None, missing: str = "drop") -> pd.DataFrame:
    """One score per collective: a weighted mean of normalised indicators.

    Each weighted indicator is first turned so that higher is better ("lower" indicators
    negated, "target" indicators as −|value − target|), then normalised over the collectives
    of that year: ``"minmax"`` maps the worst to 0 and the best to 1; ``"rank"`` uses the
    rank (0 = worst, 1 = best), which ignores how far apart collectives are. The score is the
    weighted mean of the normalised values (weights are rescaled to sum to 1).

    Parameters
    ----------
    kpi_values : output of :func:`compute`.
    weights : KPI id → weight (≥ 0, not all 0). KPIs with weight 0 are ignored.
    year : the year to score.
    normalise : "minmax" or "rank".
    targets : override the catalogue's targets of "target" indicators, e.g. ``{"board_women_share": 0.4}``.
    missing : "drop" leaves out collectives without a value for every weighted KPI (the
        default); "reweight" averages over the KPIs they do have.

    Returns
    -------
    DataFrame sorted by rank: collective_id, sector, size_band (when present), score (0–1),
    rank (1 = best), n_kpis, and one column per weighted KPI with its normalised value.

    Example
    -------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"collective_id": ["A", "B", "A", "B"], "year": 2024, "sector": "energy",
    ...     "kpi": ["active_member_share"] * 2 + ["subsidy_dependence"] * 2, "value": [0.5, 0.3, 0.4, 0.1]})
    >>> composite_index(v, {"active_member_share": 1, "subsidy_dependence": 1}, 2024)[["collective_id", "score"]]
      collective_id  score
    0             A    0.5
    1             B    0.5
    """
    N, ids, names, w, info = _normalised_matrix(kpi_values, weights, year, normalise, targets, missing)
    score = _scores(N, w[:, None])[:, 0]
    out = pd.DataFrame({c: v for c, v in info.items()})
    out["score"] = score
    out["rank"] = _ranks(score).astype(int)
    out["n_kpis"] = (~np.isnan(N)).sum(axis=1)
    for j, k in enumerate(names):
        out[k] = N[:, j]
    return out.sort_values(["rank", "collective_id"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class WeightSensitivity:
    """How rankings move when the weights change.

    summary : per collective — base_rank, best_rank, worst_rank, rank_range, median_rank,
        share_top (share of scenarios in which it is in the top ``top``), sorted by base rank.
    ranks : tidy — collective_id, scenario, rank.
    scenarios : one row per scenario with its (normalised) weights and a description.
    """

    summary: pd.DataFrame
    ranks: pd.DataFrame = field(repr=False)
    scenarios: pd.DataFrame = field(repr=False)


def weight_sensitivity(kpi_values: pd.DataFrame, weights: Mapping[str, float], year, normalise: str = "minmax", *,
                       method: str = "dirichlet", n_draws: int = 500, concentration: float | None = None,
                       factors: Sequence[float] = (0.0, 0.5, 2.0), top: int = 10, seed: int = 0,
                       targets: Mapping[str, float] | None = None, missing: str = "drop") -> WeightSensitivity:
    """Recompute the composite ranking under other weights and report how far ranks move.

    Methods
    -------
    ``"dirichlet"`` : ``n_draws`` random weight vectors. With ``concentration=None`` every
        weighting of the chosen KPIs is equally likely (Dirichlet(1, …, 1)); with a
        concentration c the draws scatter around your weights (Dirichlet(c · k · w), larger c
        = closer to your weights).
    ``"one_at_a_time"`` : each KPI's weight multiplied by each of ``factors`` (0 = leave it
        out) while the others stay as they are.

    A collective whose rank spans half the list under reasonable weights is not "better" or
    "worse" than its neighbours in any robust sense: the ranking reflects the weights.

    Example
    -------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"collective_id": ["A", "B", "A", "B"], "year": 2024, "sector": "energy",
    ...     "kpi": ["active_member_share"] * 2 + ["subsidy_dependence"] * 2, "value": [0.5, 0.3, 0.4, 0.1]})
    >>> s = weight_sensitivity(v, {"active_member_share": 1, "subsidy_dependence": 1}, 2024, n_draws=100)
    >>> s.summary[["collective_id", "best_rank", "worst_rank"]].to_dict("records")
    [{'collective_id': 'A', 'best_rank': 1, 'worst_rank': 2}, {'collective_id': 'B', 'best_rank': 1, 'worst_rank': 2}]
    """
    choice("method", method, ("dirichlet", "one_at_a_time"), expected='"dirichlet" or "one_at_a_time"')
    if not isinstance(top, (int, np.integer)) or top < 1:
        raise ParameterError("top", top, "a whole number, 1 or more")
    N, ids, names, w, info = _normalised_matrix(kpi_values, weights, year, normalise, targets, missing)
    k = len(names)
    w = w / w.sum()
    if method == "dirichlet":
        if not isinstance(n_draws, (int, np.integer)) or not 1 <= n_draws <= 100_000:
            raise ParameterError("n_draws", n_draws, "a whole number from 1 to 100000")
        if concentration is None:
            alpha = np.ones(k)
        elif isinstance(concentration, (int, float)) and math.isfinite(concentration) and concentration > 0:
            alpha = concentration * k * w
        else:
            raise ParameterError("concentration", concentration, "None (any weighting) or a number above 0, e.g. 10")
        rng = np.random.default_rng(seed)
        W = rng.dirichlet(alpha, size=n_draws).T if k > 1 else np.ones((1, n_draws))
        labels = [f"draw {i + 1}" for i in range(W.shape[1])]
    else:
        fs = list(factors)
        if not fs or any(not isinstance(f, (int, float)) or not math.isfinite(f) or f < 0 for f in fs):
            raise ParameterError("factors", factors, "a list of multipliers of 0 or more, e.g. (0, 0.5, 2)")
        cols, labels = [], []
        for j, name in enumerate(names):
            for f in fs:
                v = w.copy()
                v[j] *= f
                if v.sum() <= 0:
                    continue
                cols.append(v / v.sum())
                labels.append(f"{name} × {f:g}")
        if not cols:
            raise ParameterError("factors", factors, "multipliers that leave at least one weight above 0")
        W = np.column_stack(cols)
    base_rank = _ranks(_scores(N, w[:, None])[:, 0])
    R = _ranks(_scores(N, W))
    summary = pd.DataFrame({c: v for c, v in info.items() if c != "size_band"})
    summary["base_rank"] = base_rank.astype(int)
    summary["best_rank"] = R.min(axis=1).astype(int)
    summary["worst_rank"] = R.max(axis=1).astype(int)
    summary["rank_range"] = summary["worst_rank"] - summary["best_rank"]
    summary["median_rank"] = np.median(R, axis=1)
    summary["share_top"] = (R <= top).mean(axis=1)
    summary = summary.sort_values(["base_rank", "collective_id"], kind="stable").reset_index(drop=True)
    ranks = pd.DataFrame({"collective_id": np.repeat(info["collective_id"], len(labels)),
                          "scenario": np.tile(labels, len(ids)), "rank": R.reshape(-1).astype(int)})
    scenarios = pd.DataFrame(W.T, columns=names)
    scenarios.insert(0, "scenario", labels)
    summary.attrs.update(method=method, n_scenarios=len(labels), top=top)
    return WeightSensitivity(summary=summary, ranks=ranks, scenarios=scenarios)
