"""What makes residents join? A discrete-choice experiment estimated with a conditional logit.

Each task shows a few alternatives (ways of joining, and "not join"); the respondent picks one.
McFadden's conditional logit gives each attribute a utility weight: the probability of choosing
alternative *j* is exp(βx_j) / Σ exp(βx_k) over the alternatives of the task. The estimate uses
``statsmodels.discrete.conditional_models.ConditionalLogit``. **Willingness to pay** for an
attribute is −β_attribute ÷ β_price (euro of share price), with a delta-method interval.

For the sample-size simulation the same model is fitted many times with a small Newton
solver written out here (:func:`fit_logit`); a test checks that it gives statsmodels' answer.

Example
-------
>>> from collectives.synthetic import dce_choices
>>> fit = estimate(dce_choices(), ["join", "share_price_eur", "hours_per_month", "vote", "local_fund"])
>>> round(float(fit.loc["vote", "weight"]), 2)     # planted: 0.8
0.89
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import norm

from collectives.errors import DataError, ParameterError, Problem

ATTRIBUTES = ("join", "share_price_eur", "hours_per_month", "vote", "local_fund")


def check_choices(choices: pd.DataFrame, attributes: Sequence[str], task: str = "task",
                  chosen: str = "chosen") -> pd.DataFrame:
    """Check a long choice table: one row per alternative, exactly one chosen per task, numeric
    attributes that vary. Returns a copy sorted by task."""
    if not isinstance(choices, pd.DataFrame) or choices.empty:
        raise ParameterError("choices", type(choices).__name__, "a table with one row per alternative shown")
    missing = [c for c in (task, chosen, *attributes) if c not in choices.columns]
    if missing:
        raise DataError("the choice table", [Problem("column missing", column=c) for c in missing])
    problems = []
    for a in attributes:
        col = pd.to_numeric(choices[a], errors="coerce")
        bad = col.isna() & choices[a].notna() | choices[a].isna()
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            problems.append(Problem("not a number", row=pos + 2, column=a, value=_plain(choices[a].iloc[pos]),
                                    expected="a number for every alternative"))
        elif col.nunique() < 2:
            problems.append(Problem("no variation: every alternative has the same value", column=a,
                                    value=_plain(col.iloc[0]),
                                    expected="at least two different levels, or leave the attribute out"))
    picks = choices[chosen].astype(str).str.lower().isin(["true", "1", "yes"])
    per_task = picks.groupby(choices[task]).sum()
    wrong = per_task[per_task != 1]
    if len(wrong):
        problems.append(Problem(f"{len(wrong)} task(s) without exactly one choice", column=chosen,
                                value=_plain(wrong.index[0]), expected="exactly one chosen alternative per task"))
    if problems:
        raise DataError("the choice table", problems)
    out = choices.assign(**{chosen: picks}, **{a: pd.to_numeric(choices[a]).astype(float) for a in attributes})
    return out.sort_values(task, kind="stable")


def _plain(v):
    return v.item() if hasattr(v, "item") else v


def estimate(choices: pd.DataFrame, attributes: Sequence[str] = ATTRIBUTES, *, task: str = "task",
             chosen: str = "chosen", level: float = 0.95) -> pd.DataFrame:
    """Conditional-logit weights with standard errors and ``level`` confidence intervals.

    Returns one row per attribute: ``weight``, ``se``, ``low``, ``high``, ``z``.
    """
    from statsmodels.discrete.conditional_models import ConditionalLogit

    data = check_choices(choices, attributes, task, chosen)
    model = ConditionalLogit(data[chosen].astype(float).to_numpy(), data[list(attributes)].to_numpy(),
                             groups=pd.factorize(data[task])[0])
    fit = model.fit(disp=0)
    z = norm.ppf(0.5 + level / 2)
    out = pd.DataFrame({"weight": fit.params, "se": fit.bse}, index=pd.Index(list(attributes), name="attribute"))
    out["low"], out["high"] = out["weight"] - z * out["se"], out["weight"] + z * out["se"]
    out["z"] = out["weight"] / out["se"]
    out.attrs["covariance"] = pd.DataFrame(fit.cov_params(), index=out.index, columns=out.index)
    return out


def willingness_to_pay(fit: pd.DataFrame, price: str = "share_price_eur", level: float = 0.95) -> pd.DataFrame:
    """Willingness to pay (euro) for each non-price attribute: −β ÷ β_price, delta-method CI."""
    if price not in fit.index:
        raise ParameterError("price", price, "the name of the price attribute in the estimate")
    cov = fit.attrs.get("covariance")
    bp = fit.loc[price, "weight"]
    if bp >= 0:
        raise ParameterError("price", price, "a price weight below 0 (people prefer to pay less)")
    rows = []
    z = norm.ppf(0.5 + level / 2)
    for a in fit.index.drop(price):
        b = fit.loc[a, "weight"]
        wtp = -b / bp
        grad = np.array([-1 / bp, b / bp ** 2])
        v = cov.loc[[a, price], [a, price]].to_numpy()
        se = float(np.sqrt(grad @ v @ grad))
        rows.append({"attribute": a, "wtp_eur": wtp, "low": wtp - z * se, "high": wtp + z * se})
    return pd.DataFrame(rows).set_index("attribute")


def fit_logit(X: np.ndarray, choice: np.ndarray, iterations: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Conditional logit by Newton's method for tasks with the same number of alternatives.

    ``X``: tasks × alternatives × attributes; ``choice``: index of the chosen alternative per
    task. Returns (weights, covariance)."""
    n, j, k = X.shape
    beta = np.zeros(k)
    chosen_x = X[np.arange(n), choice]
    for _ in range(iterations):
        u = X @ beta
        u -= u.max(axis=1, keepdims=True)
        p = np.exp(u)
        p /= p.sum(axis=1, keepdims=True)
        mean_x = (p[..., None] * X).sum(axis=1)
        grad = (chosen_x - mean_x).sum(axis=0)
        dev = X - mean_x[:, None, :]
        hess = np.einsum("nj,njk,njl->kl", p, dev, dev)
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-9:
            break
    return beta, np.linalg.inv(hess)


def _arrays(choices: pd.DataFrame, attributes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    data = check_choices(choices, attributes)
    sizes = data.groupby("task").size()
    if sizes.nunique() != 1:
        raise DataError("the choice table", [Problem("tasks show different numbers of alternatives", column="task",
                                                     expected="the same number of alternatives in every task")])
    j = int(sizes.iloc[0])
    X = data[list(attributes)].to_numpy().reshape(-1, j, len(attributes))
    return X, data["chosen"].to_numpy().reshape(-1, j).argmax(axis=1)


def sample_size_simulation(generate, sizes: Sequence[int] = (25, 50, 100, 200, 400), repeats: int = 30,
                           attribute: str = "vote", price: str = "share_price_eur",
                           attributes: Sequence[str] = ATTRIBUTES, seed: int = 0) -> pd.DataFrame:
    """How stable is the willingness to pay for ``attribute`` with ``n`` respondents?

    ``generate(seed, respondents)`` returns a new choice table (e.g. ``dce_choices``). For each
    size, ``repeats`` samples are drawn and fitted. Returns per size: the median WTP, the 5th and
    95th percentile across samples, and how often the estimate has the wrong sign.
    """
    rng = np.random.default_rng(seed)
    a, p = list(attributes).index(attribute), list(attributes).index(price)
    rows = []
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 5:
            raise ParameterError("sizes", n, "numbers of respondents of at least 5")
        wtps = []
        for _ in range(repeats):
            X, c = _arrays(generate(int(rng.integers(1 << 31)), int(n)), attributes)
            beta, _ = fit_logit(X, c)
            wtps.append(-beta[a] / beta[p] if beta[p] < 0 else np.nan)
        w = np.array(wtps)
        rows.append({"respondents": int(n), "median_wtp_eur": float(np.nanmedian(w)),
                     "p5": float(np.nanpercentile(w, 5)), "p95": float(np.nanpercentile(w, 95)),
                     "wrong_sign_share": float(np.mean(~(w > 0)))})
    return pd.DataFrame(rows)
