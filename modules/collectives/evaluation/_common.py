"""Shared machinery of the evaluation designs: column checks, the OLS engine, results.

Private to :mod:`collectives.evaluation`; the public functions are in :mod:`.designs` and
:mod:`.panel`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm

from collectives.errors import DataError, ParameterError, Problem
from collectives.evaluation.results import Effect
from collectives.validate import TABLE, column_name, limit, number, require_columns

#: Fewer clusters than this and cluster-robust standard errors are too optimistic
#: (Cameron & Miller 2015 discuss the problem; rules of thumb start around 30–50).
DEFAULT_MIN_CLUSTERS = 10

#: The most rows a design accepts (a table of this size is far beyond any municipal panel;
#: the limit keeps a mistaken input from exhausting memory).
MAX_ROWS = 2_000_000

_DATA = TABLE


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
    values = converted.astype(float)
    infinite = np.isinf(values.to_numpy())
    if infinite.any():
        raise DataError(source, [Problem(f"{int(infinite.sum())} value(s) are infinite", column=column,
                                         row=None, value=float(values[infinite].iloc[0]),
                                         expected="finite numbers (an infinite outcome has no difference to estimate)")])
    return values


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
    number("alpha", alpha, min=0, max=0.5, min_open=True, max_open=True,
           expected="a number between 0 and 0.5, e.g. 0.05 for a 95% interval")


def _fit(y: np.ndarray, X: pd.DataFrame, groups: np.ndarray | None, source: str, cluster: str | None,
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
    return Effect(estimate=float(np.asarray(res.params)[index]), se=float(np.asarray(res.bse)[index]),
                  ci=(float(low), float(high)), pvalue=float(np.asarray(res.pvalues)[index]), n=int(n),
                  method=method, outcome=outcome, se_type=se_type, n_clusters=n_clusters, model=res)


def _frame(data, outcome, needed, cluster, source=TABLE):
    """Select the used columns, check them, and leave out rows with a missing value."""
    column_name("outcome", outcome)
    for c in needed:
        column_name("column", c)
    column_name("cluster", cluster, optional=True)
    require_columns(data, [outcome, *needed, cluster], source)
    if len(data) > MAX_ROWS:
        limit("rows", len(data), MAX_ROWS, "estimate on a sample or an aggregate of the rows")
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
    if not isinstance(controls, (list, tuple)):
        raise ParameterError("controls", controls, "a list of column names, e.g. ['age_years']")
    return [column_name("controls", c) for c in controls]


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
    res, g, se_type = _fit(y.to_numpy(), X, _groups(sub, cluster), source, cluster,
                           min_clusters)
    return _effect(res, list(X.columns).index(effect_col), alpha, n=len(y), method=method,
                   outcome=outcome, se_type=se_type, n_clusters=g)

