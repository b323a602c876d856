"""Panel estimators: two-way fixed effects, event study and placebo test.

The fixed effects of units and periods are swept out (Frisch–Waugh–Lovell), which gives the
same coefficients as an OLS regression with unit and time dummies. Standard errors are
cluster-robust, with a small-sample factor chosen by ``small_sample``:

``"cr1"`` (the default)
    G/(G − 1) · (N − 1)/(N − K), where K counts *every* estimated parameter: the regressors,
    the intercept and all unit and time dummies. This is exactly what statsmodels reports for
    ``OLS(outcome ~ treatment + C(unit) + C(time)).fit(cov_type="cluster")`` and Stata for
    ``regress … i.unit i.time, vce(cluster)``.
``"nested"``
    the same, but fixed effects nested in the clusters are not counted in K (Stata's
    ``xtreg, fe vce(cluster)`` and ``reghdfe``, fixest's default); a little smaller.

Both use a t-distribution with G − 1 degrees of freedom. The tests check both conventions
against statsmodels.

Complexity: the alternating projections take O(N·K) per sweep (one sweep on a balanced panel),
memory O(N·K), for N rows and K regressors.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from collectives.errors import DataError, ParameterError, Problem
from collectives.evaluation._common import (
    _DATA, DEFAULT_MIN_CLUSTERS, _check_alpha, _check_varies, _effect, _frame, _indicator, _numeric,
)
from collectives.evaluation.results import Effect
from collectives.validate import choice, column_name, require_columns

__all__ = ["FixedEffectsFit", "SMALL_SAMPLE", "did_panel", "event_study", "placebo"]

#: The small-sample conventions of the cluster-robust variance (see the module docstring).
SMALL_SAMPLE = ("cr1", "nested")


class FixedEffectsFit:
    """Coefficients of a two-way fixed-effects regression with cluster-robust inference.

    ``params``, ``bse``, ``tvalues``, ``pvalues`` and :meth:`conf_int` as in statsmodels;
    ``names`` the regressors; ``df`` the degrees of freedom of the t-distribution (G − 1);
    ``small_sample`` the convention; ``n``, ``n_clusters`` and ``k`` (parameters counted).
    """

    def __init__(self, params, bse, df, names=(), small_sample="cr1", n=0, n_clusters=0, k=0):
        self.params, self.bse, self.df = params, bse, df
        self.names, self.small_sample, self.n, self.n_clusters, self.k = list(names), small_sample, n, n_clusters, k
        with np.errstate(divide="ignore", invalid="ignore"):
            self.tvalues = params / bse
        self.pvalues = 2 * stats.t.sf(np.abs(self.tvalues), df)

    def conf_int(self, alpha: float = 0.05) -> np.ndarray:
        q = stats.t.ppf(1 - alpha / 2, self.df)
        return np.column_stack([self.params - q * self.bse, self.params + q * self.bse])


def _group_demean(M: np.ndarray, codes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    means = np.column_stack([np.bincount(codes, weights=M[:, j], minlength=len(counts)) for j in range(M.shape[1])])
    return M - means[codes] / counts[codes, None]


def _within(M: np.ndarray, unit_codes: np.ndarray, time_codes: np.ndarray, tol: float = 1e-11,
            max_iter: int = 10_000) -> np.ndarray:
    """Remove unit and time means (alternating projections; exact in one pass when balanced)."""
    uc, tc = np.bincount(unit_codes).astype(float), np.bincount(time_codes).astype(float)
    scale = max(1.0, float(np.abs(M).max()))
    for _ in range(max_iter):
        M = _group_demean(_group_demean(M, unit_codes, uc), time_codes, tc)
        left = np.column_stack([np.bincount(unit_codes, weights=M[:, j]) for j in range(M.shape[1])]) / uc[:, None]
        if np.abs(left).max() < tol * scale:
            break
    return M


def _fe_fit(y: np.ndarray, X: np.ndarray, unit_codes: np.ndarray, time_codes: np.ndarray,
            groups: np.ndarray, source: str, cluster: str, min_clusters: int, what: str,
            small_sample: str = "cr1", names: tuple[str, ...] = ()):
    """OLS of y on X with unit and time fixed effects, standard errors clustered on groups.

    The fixed effects are swept out (Frisch–Waugh–Lovell), which gives the same coefficients
    as unit and time dummies. Cluster-robust variance with the small-sample factor
    G/(G − 1) · (N − 1)/(N − K); K counts the regressors, the intercept and the unit and time
    dummies ("cr1", as statsmodels with dummies) or only the dummies not nested in the clusters
    ("nested", Cameron & Miller 2015); t with G − 1 df.
    """
    n_clusters = int(groups.max()) + 1
    if n_clusters < 2:
        raise DataError(source, [Problem(f"only {n_clusters} cluster found; cluster-robust standard errors need "
                                         "at least 2 and are only trustworthy with many more", column=cluster,
                                         expected=f"at least {min_clusters} distinct values")])
    if n_clusters < min_clusters:
        raise ParameterError(
            "cluster", cluster,
            f"a column with at least {min_clusters} distinct clusters (found {n_clusters}); with few clusters "
            "cluster-robust standard errors are too small and the confidence interval too narrow. Cluster at a "
            f"level with more groups, or pass min_clusters={n_clusters} if you accept this knowingly")
    M = _within(np.column_stack([y, X]), unit_codes, time_codes)
    yd, Xd = M[:, 0], M[:, 1:]
    k = Xd.shape[1]
    norms = np.sqrt((Xd**2).sum(axis=0)) / np.maximum(np.sqrt((X**2).sum(axis=0)), 1e-300)
    if (norms < 1e-8).any() or np.linalg.matrix_rank(Xd) < k:
        raise DataError(source, [Problem(what, expected="treated and untreated units observed in the same periods")])
    XtX_inv = np.linalg.inv(Xd.T @ Xd)
    beta = XtX_inv @ (Xd.T @ yd)
    u = yd - Xd @ beta
    S = np.column_stack([np.bincount(groups, weights=Xd[:, j] * u, minlength=n_clusters) for j in range(k)])
    n = len(y)

    def nested(codes):
        pairs = pd.DataFrame({"fe": codes, "g": groups}).drop_duplicates()
        return not pairs["fe"].duplicated().any()

    n_units, n_times = int(unit_codes.max()) + 1, int(time_codes.max()) + 1
    if small_sample == "nested":
        K = k + 1 + (0 if nested(unit_codes) else n_units - 1) + (0 if nested(time_codes) else n_times - 1)
    else:
        K = k + 1 + (n_units - 1) + (n_times - 1)
    if n - K < 1:
        raise DataError(source, [Problem(f"{n} rows are too few for {K} parameters (the regressors and one per unit "
                                         "and period)", expected="more rows than parameters")])
    c = n_clusters / (n_clusters - 1) * (n - 1) / (n - K)
    V = c * XtX_inv @ (S.T @ S) @ XtX_inv
    label = "CR1" if small_sample == "cr1" else "CR1, nested fixed effects not counted"
    fit = FixedEffectsFit(beta, np.sqrt(np.diag(V)), n_clusters - 1, names=names or [f"x{j}" for j in range(k)],
                          small_sample=small_sample, n=n, n_clusters=n_clusters, k=K)
    return fit, n_clusters, f"cluster-robust ({cluster}; {label})"


def did_panel(data: pd.DataFrame, outcome: str, unit: str, time: str, treatment: str,
              cluster: str | None = None, *, alpha: float = 0.05,
              min_clusters: int = DEFAULT_MIN_CLUSTERS,
              small_sample: Literal["cr1", "nested"] = "cr1") -> Effect:
    """Two-way fixed effects difference-in-differences on a panel.

    ``outcome ~ treatment + unit dummies + time dummies``; ``treatment`` is 1 in the rows
    where the programme is active for that unit (e.g. ``"municipal_support"``). Standard
    errors are clustered on ``cluster`` — by default on ``unit``, because rows of the same
    collective are not independent. The small-sample factor is statsmodels' CR1 with every
    unit and time dummy counted (``small_sample="cr1"``, the default: the same standard error
    as ``statsmodels`` OLS with dummies and ``cov_type="cluster"``), or Stata ``xtreg``'s
    nested convention (``small_sample="nested"``); see :mod:`collectives.evaluation.panel`.
    ``model`` of the result holds the fit (:class:`FixedEffectsFit`).

    With a single start date for everyone this equals the 2×2 DiD on the same rows. With
    start dates that differ between units and effects that change over time, the two-way
    fixed-effects coefficient can be a poor average (Goodman-Bacon 2021): look at
    :func:`event_study` as well.

    Example
    -------
    >>> import pandas as pd
    >>> rows = [{"unit": u, "year": y, "active": int(u < 10 and y >= 2020),
    ...          "members": 50 + u + 2 * (y - 2018) + 5 * (u < 10 and y >= 2020) + (u * y) % 3}
    ...         for u in range(20) for y in range(2018, 2022)]
    >>> round(did_panel(pd.DataFrame(rows), "members", "unit", "year", "active").estimate, 1)
    5.0
    """
    source = _DATA
    cluster = unit if cluster is None else cluster
    _check_alpha(alpha)
    choice("small_sample", small_sample, SMALL_SAMPLE)
    sub, y = _frame(data, outcome, [unit, time, treatment], cluster, source)
    d = _indicator(sub, treatment, source)
    _check_varies(d, treatment, source)
    res, g, se_type = _fe_fit(
        y.to_numpy(), d.to_numpy()[:, None], pd.factorize(sub[unit])[0], pd.factorize(sub[time])[0],
        pd.factorize(sub[cluster])[0], source, cluster, min_clusters,
        f"the treatment ('{treatment}') cannot be told apart from the unit and time effects (for example "
        "every unit starts in the same year and there is no untreated group)", small_sample, (treatment,))
    return _effect(res, 0, alpha, n=len(y), method="difference-in-differences (two-way fixed effects)",
                   outcome=outcome, se_type=se_type, n_clusters=g)


def _first_treated(sub: pd.DataFrame, unit: str, treated_group: str | None,
                   first_treated_time: str | float | None, source: str) -> pd.Series:
    """Per row: the unit's first treated period (NaN for never-treated units)."""
    if isinstance(first_treated_time, str):
        start = _numeric(sub, first_treated_time, source)
        if treated_group is not None:
            start = start.where(_indicator(sub, treated_group, source) == 1)
        # one start per unit
        per_unit = start.groupby(sub[unit]).nunique()
        if (per_unit > 1).any():
            u = per_unit[per_unit > 1].index[0]
            raise DataError(source, [Problem("a unit has more than one first treated time", column=first_treated_time,
                                             value=u, expected="the same value in every row of a unit")])
        return start.groupby(sub[unit]).transform("first")
    if first_treated_time is None or treated_group is None:
        raise ParameterError("first_treated_time", first_treated_time,
                             "either a column with each unit's first treated period, or a number "
                             "(the common start) together with treated_group")
    if not isinstance(first_treated_time, (int, float)) or not math.isfinite(first_treated_time):
        raise ParameterError("first_treated_time", first_treated_time, "a period such as 2020, or a column name")
    g = _indicator(sub, treated_group, source)
    varies = g.groupby(sub[unit]).nunique()
    if (varies > 1).any():
        raise DataError(source, [Problem("the treated group must not change within a unit", column=treated_group,
                                         value=varies[varies > 1].index[0],
                                         expected="the same 0/1 value in every row of a unit")])
    return pd.Series(np.where(g == 1, float(first_treated_time), np.nan), index=sub.index)


def event_study(data: pd.DataFrame, outcome: str, unit: str, time: str, *,
                treated_group: str | None = None, first_treated_time: str | float | None = None,
                reference_period: int = -1, window: tuple[int, int] = (-4, 4),
                cluster: str | None = None, alpha: float = 0.05,
                min_clusters: int = DEFAULT_MIN_CLUSTERS,
                small_sample: Literal["cr1", "nested"] = "cr1") -> pd.DataFrame:
    """Leads and lags around the treatment start (the parallel-trends check).

    Regresses the outcome on unit and time dummies and one dummy per period relative to the
    unit's start (``time − first treated time``), leaving out ``reference_period`` (so its
    estimate is 0 by construction). Periods before ``window[0]`` or after ``window[1]`` are
    pooled into the end points ("binned"). Never-treated units have no relative-time dummies
    and serve as the comparison. Standard errors are clustered on ``cluster`` (default: unit),
    with the small-sample convention ``small_sample`` (see :func:`did_panel`).

    Give the start either as a column of first treated periods
    (``first_treated_time="start_year"``, NaN for never treated) or as a common period for a
    treated group (``treated_group="programme_municipality", first_treated_time=2020``).

    Returns
    -------
    DataFrame with columns relative_time, estimate, se, ci_low, ci_high, pvalue, n_treated_obs,
    reference (True on the reference row). Estimates before 0 near zero support parallel
    trends; they do not prove it.
    """
    source = _DATA
    _check_alpha(alpha)
    choice("small_sample", small_sample, SMALL_SAMPLE)
    lo, hi = _window(window, reference_period)
    for name, value in (("outcome", outcome), ("unit", unit), ("time", time)):
        column_name(name, value)
    column_name("treated_group", treated_group, optional=True)
    if first_treated_time is not None and not isinstance(first_treated_time, (str, int, float)):
        raise ParameterError("first_treated_time", first_treated_time, "a column name or a period such as 2020")
    cluster = unit if cluster is None else cluster
    extra = [c for c in (treated_group, first_treated_time if isinstance(first_treated_time, str) else None) if c]
    require_columns(data, [outcome, unit, time, cluster, *extra], source)
    data = data.reset_index(drop=True)
    sub, y = _frame(data, outcome, [unit, time, *[c for c in extra if c != first_treated_time]], cluster, source)
    t = _numeric(sub, time, source)
    if isinstance(first_treated_time, str) and first_treated_time not in sub.columns:
        sub = sub.assign(**{first_treated_time: data.loc[sub.index, first_treated_time]})
    start = _first_treated(sub, unit, treated_group, first_treated_time, source)
    if start.notna().sum() == 0:
        raise DataError(source, [Problem("no unit is ever treated", column=treated_group or str(first_treated_time),
                                         expected="some treated units")])
    rel = (t - start).clip(lower=lo, upper=hi)
    periods = [k for k in range(lo, hi + 1) if k != reference_period]
    dummies = pd.DataFrame({f"rel{k}": (rel == k).astype(float).to_numpy() for k in periods})
    counts = {k: int((rel == k).sum()) for k in range(lo, hi + 1)}
    empty = [k for k in periods if counts[k] == 0]
    if empty:
        raise ParameterError("window", window, f"relative periods that occur in the data; none at {empty}. "
                             "Narrow the window")
    res, g, se_type = _fe_fit(
        y.to_numpy(), dummies.to_numpy(), pd.factorize(sub[unit])[0], pd.factorize(sub[time])[0],
        pd.factorize(sub[cluster])[0], source, cluster, min_clusters,
        "the leads and lags cannot be told apart from the time effects; this happens when every unit is "
        "treated at the same time and there is no never-treated group", small_sample, tuple(dummies.columns))
    ci = np.asarray(res.conf_int(alpha=alpha))
    rows = []
    for k in range(lo, hi + 1):
        if k == reference_period:
            rows.append(dict(relative_time=k, estimate=0.0, se=np.nan, ci_low=np.nan, ci_high=np.nan,
                             pvalue=np.nan, n_treated_obs=counts[k], reference=True))
            continue
        i = periods.index(k)
        rows.append(dict(relative_time=k, estimate=float(res.params[i]), se=float(res.bse[i]),
                         ci_low=float(ci[i, 0]), ci_high=float(ci[i, 1]), pvalue=float(res.pvalues[i]),
                         n_treated_obs=counts[k], reference=False))
    out = pd.DataFrame(rows)
    out.attrs.update(outcome=outcome, se_type=se_type, n=len(y), n_clusters=g, binned_endpoints=True, model=res)
    return out


def _window(window, reference_period) -> tuple[int, int]:
    try:
        lo, hi = (int(window[0]), int(window[1]))
    except (TypeError, ValueError, IndexError):
        raise ParameterError("window", window, "two whole numbers (first lead, last lag), e.g. (-4, 4)") from None
    if not lo < 0 <= hi:
        raise ParameterError("window", window, "a first period below 0 and a last period of 0 or more, e.g. (-4, 4)")
    if not isinstance(reference_period, (int, np.integer)) or not lo <= reference_period < 0:
        raise ParameterError("reference_period", reference_period,
                             f"a whole number before the start inside the window ({lo} … -1), usually -1")
    return lo, hi


def placebo(data: pd.DataFrame, outcome: str, unit: str, time: str, treated_group: str,
            first_treated_time: float, fake_time: float, cluster: str | None = None, *,
            alpha: float = 0.05, min_clusters: int = DEFAULT_MIN_CLUSTERS,
            small_sample: Literal["cr1", "nested"] = "cr1") -> Effect:
    """A placebo test: pretend the programme started at ``fake_time``, before it really did.

    Only rows before the real start (``time < first_treated_time``) are used; a two-way
    fixed-effects DiD is estimated with the fake start. An "effect" clearly different from
    zero means the groups were already drifting apart — the parallel-trends assumption is in
    doubt.
    """
    source = _DATA
    for name, value in (("outcome", outcome), ("unit", unit), ("time", time), ("treated_group", treated_group)):
        column_name(name, value)
    require_columns(data, [outcome, unit, time, treated_group, cluster], source)
    t = _numeric(data, time, source)
    for name, value in (("first_treated_time", first_treated_time), ("fake_time", fake_time)):
        if not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(value):
            raise ParameterError(name, value, "a period such as 2018")
    pre = data.loc[t < first_treated_time]
    tpre = t[t < first_treated_time]
    if pre.empty or not (tpre.min() < fake_time <= tpre.max()):
        rng = f"{tpre.min():g} … {tpre.max():g}" if not pre.empty else "none: no rows before the real start"
        raise ParameterError("fake_time", fake_time,
                             f"a period after the first pre-period and before the real start "
                             f"({first_treated_time}); pre-period years in the data: {rng}")
    g = _indicator(pre, treated_group, source)
    fake = pd.DataFrame({"_placebo": ((g == 1) & (tpre >= fake_time)).astype(float)}, index=pre.index)
    frame = pd.concat([pre, fake], axis=1)
    eff = did_panel(frame, outcome, unit, time, "_placebo", cluster, alpha=alpha, min_clusters=min_clusters,
                    small_sample=small_sample)
    return Effect(**{**eff.__dict__, "method": f"placebo DiD (fake start {fake_time:g}, pre-period only)"})

