"""Diffusion curves: the Bass (1969) model and the logistic curve, fitted with uncertainty.

The Bass model splits adoption into *innovators*, who adopt on their own (coefficient ``p``),
and *imitators*, who adopt because others did (coefficient ``q``). Of a potential ``m``, the
share that has adopted after ``t`` years is (Bass 1969)

    F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}),

and adoption per year peaks at t* = ln(q/p) / (p + q) when q > p (otherwise at t = 0).
The logistic curve K / (1 + e^{−r(t − t_mid)}) is the special case without innovators.

Fits use nonlinear least squares (scipy) and a residual bootstrap for intervals: the
fitted curve plus resampled residuals is refitted many times, and the 2.5% and 97.5%
percentiles of the refitted parameters are the 95% interval.

Example
-------
>>> round(bass_peak(0.03, 0.38), 2)
6.19
>>> round(float(bass_curve(0.03, 0.38, 1000, bass_peak(0.03, 0.38))[()]), 1)   # m (1 − p/q) / 2 at the peak
460.5
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from collectives.errors import ParameterError
from collectives.scenarios._checks import ConvergenceError, series, shown
from collectives.validate import integer, number

__all__ = ["DiffusionFit", "bass_curve", "bass_peak", "bass_share", "fit_bass", "fit_logistic", "logistic_curve"]


def _times(t) -> np.ndarray:
    try:
        arr = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("t", t, "years since the start of diffusion: a number or a list of numbers") from None
    if not np.isfinite(arr).all():
        raise ParameterError("t", shown(arr), "finite numbers of years")
    return arr


def bass_share(p: float, q: float, t) -> np.ndarray:
    """Share F(t) of the potential that has adopted after ``t`` years (Bass 1969)."""
    p = number("p", p, min=1e-9, max=1.0, expected="an innovation coefficient above 0 and at most 1, e.g. 0.03")
    q = number("q", q, min=0.0, max=5.0, expected="an imitation coefficient from 0 to 5, e.g. 0.38")
    t = np.maximum(_times(t), 0.0)
    e = np.exp(-(p + q) * t)
    return (1 - e) / (1 + (q / p) * e)


def bass_curve(p: float, q: float, m: float, t) -> np.ndarray:
    """Cumulative adopters m·F(t) after ``t`` years (t < 0 counts as 0).

    Parameters
    ----------
    p, q
        Innovation and imitation coefficient per year.
    m
        Market potential: how many can adopt in the end.
    t
        Years since the start of diffusion (number or array).

    Example
    -------
    >>> bass_curve(0.03, 0.38, 700, [0, 5, 10]).round(0).tolist()
    [0.0, 232.0, 569.0]
    """
    m = number("m", m, min=1e-9, max=1e12, expected="a market potential above 0 (how many can adopt in the end)")
    return m * bass_share(p, q, t)


def bass_peak(p: float, q: float) -> float:
    """Years from the start until adoption per year peaks: t* = ln(q/p)/(p+q), or 0 when q ≤ p.

    Example
    -------
    >>> round(bass_peak(0.03, 0.38), 3)
    6.193
    """
    p = number("p", p, min=1e-9, max=1.0, expected="an innovation coefficient above 0 and at most 1, e.g. 0.03")
    q = number("q", q, min=0.0, max=5.0, expected="an imitation coefficient from 0 to 5, e.g. 0.38")
    if q <= p:
        return 0.0
    return math.log(q / p) / (p + q)


def logistic_curve(K: float, r: float, t_mid: float, t) -> np.ndarray:
    """The logistic curve K / (1 + e^{−r (t − t_mid)}).

    >>> logistic_curve(700, 0.5, 2015, [2015]).tolist()
    [350.0]
    """
    K = number("K", K, min=1e-9, max=1e12, expected="a saturation level above 0")
    r = number("r", r, min=1e-9, max=10.0, expected="a growth rate per year above 0, e.g. 0.5")
    t_mid = number("t_mid", t_mid, min=-1e5, max=1e5, expected="the year of fastest growth")
    return K / (1 + np.exp(-r * (_times(t) - t_mid)))


@dataclass(frozen=True)
class DiffusionFit:
    """A curve fitted to a yearly series, with 95% bootstrap intervals.

    Attributes
    ----------
    model
        ``"bass"`` or ``"logistic"``.
    params
        Best-fitting parameters: Bass ``p``, ``q``, ``m``; logistic ``K``, ``r``, ``t_mid``.
    intervals
        Parameter → (low, high), the 95% percentile interval of the bootstrap refits.
    saturation, saturation_interval
        The level the curve approaches (m or K) and its interval.
    peak_year, peak_year_interval
        Calendar year of the largest yearly increase, and its interval.
    years, counts, fitted
        The data and the fitted values at the data's years.
    start_year
        Bass only: the year counted as t = 0.
    draws
        Bootstrap parameter draws (one row per refit that converged).
    """

    model: str
    params: dict
    intervals: dict
    saturation: float
    saturation_interval: tuple
    peak_year: float
    peak_year_interval: tuple
    years: np.ndarray
    counts: np.ndarray
    fitted: np.ndarray
    start_year: float | None
    draws: np.ndarray = field(repr=False)

    @property
    def rmse(self) -> float:
        """Root mean squared difference between the data and the curve."""
        return float(np.sqrt(np.mean((self.counts - self.fitted) ** 2)))

    def _curve(self, theta, years):
        if self.model == "bass":
            p, q, m = theta
            return m * _share(p, q, np.asarray(years, float) - self.start_year)
        K, r, t_mid = theta
        return K / (1 + np.exp(-r * (np.asarray(years, float) - t_mid)))

    def forecast(self, years: Sequence[float]) -> pd.DataFrame:
        """The curve at ``years`` with a 95% band from the bootstrap refits.

        Returns a DataFrame with columns year, fitted, low, high.
        """
        ys = _times(years).ravel()
        central = self._curve([self.params[k] for k in self.params], ys)
        curves = np.array([self._curve(theta, ys) for theta in self.draws]) if len(self.draws) else central[None, :]
        low, high = np.percentile(curves, [2.5, 97.5], axis=0)
        return pd.DataFrame({"year": ys, "fitted": central, "low": low, "high": high})

    def year_reaching(self, level: float) -> float:
        """Calendar year (fractional) in which the fitted curve reaches ``level``; inf if never."""
        level = number("level", level, min=0, max=1e12, expected="a level of zero or more")
        if level >= self.saturation:
            return math.inf
        if self.model == "logistic":
            K, r, t_mid = (self.params[k] for k in ("K", "r", "t_mid"))
            return float(t_mid - math.log(K / level - 1) / r) if level > 0 else -math.inf
        p, q, m = (self.params[k] for k in ("p", "q", "m"))
        x = level / m      # invert F: e^{-(p+q)t} = (1 - x) / (1 + x q / p)
        return float(self.start_year - math.log((1 - x) / (1 + x * q / p)) / (p + q))

    def table(self) -> pd.DataFrame:
        """Parameters, best values and intervals, one row each (for a chapter)."""
        rows = [{"parameter": k, "estimate": v, "low": self.intervals[k][0], "high": self.intervals[k][1]}
                for k, v in self.params.items()]
        rows.append({"parameter": "saturation", "estimate": self.saturation,
                     "low": self.saturation_interval[0], "high": self.saturation_interval[1]})
        rows.append({"parameter": "peak_year", "estimate": self.peak_year,
                     "low": self.peak_year_interval[0], "high": self.peak_year_interval[1]})
        return pd.DataFrame(rows)


def _share(p, q, t):
    t = np.maximum(t, 0.0)
    e = np.exp(-(p + q) * t)
    return (1 - e) / (1 + (q / p) * e)


def _bass_peak_raw(p, q):
    return 0.0 if q <= p else math.log(q / p) / (p + q)


def _fit(model, t, c, x0, lower, upper):
    def residuals(theta):
        if model == "bass":
            return theta[2] * _share(theta[0], theta[1], t) - c
        return theta[0] / (1 + np.exp(-theta[1] * (t - theta[2]))) - c

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        best = None
        for start in x0:
            try:
                res = least_squares(residuals, start, bounds=(lower, upper), x_scale="jac", max_nfev=2000)
            except (ValueError, FloatingPointError):
                continue
            if res.success and np.isfinite(res.cost) and (best is None or res.cost < best.cost):
                best = res
    return best


def _bootstrap(model, t, c, theta, lower, upper, n_boot, seed):
    rng = np.random.default_rng(seed)
    if model == "bass":
        fitted = theta[2] * _share(theta[0], theta[1], t)
    else:
        fitted = theta[0] / (1 + np.exp(-theta[1] * (t - theta[2])))
    resid = c - fitted
    resid = resid - resid.mean()
    draws = []
    for _ in range(n_boot):
        c_star = np.maximum(fitted + rng.choice(resid, size=len(resid), replace=True), 0.0)
        res = _fit(model, t, c_star, [theta], lower, upper)
        if res is not None:
            draws.append(res.x)
    return np.array(draws).reshape(-1, 3)


def _interval(values) -> tuple:
    values = np.asarray(values, float)
    values = values[np.isfinite(values)]
    if not len(values):
        return (math.nan, math.nan)
    low, high = np.percentile(values, [2.5, 97.5])
    return (float(low), float(high))


def _check_boot(n_boot, seed):
    n_boot = integer("n_boot", n_boot, min=0, max=5000,
                     expected="a number of bootstrap refits from 0 to 5000, e.g. 200")
    seed = integer("seed", seed, min=0, max=2**32 - 1, expected="a whole number of zero or more")
    return n_boot, seed


def fit_bass(years: Sequence[float], counts: Sequence[float], *, start_year: float | None = None,
             n_boot: int = 200, seed: int = 0) -> DiffusionFit:
    """Fit the Bass curve m·F(year − start_year) to cumulative counts, with 95% intervals.

    Parameters
    ----------
    years, counts
        At least four years and the cumulative count in each (e.g. cooperatives in existence).
    start_year
        The year diffusion started (t = 0). Default: the year before the first observation.
        An assumption: p and q depend on it strongly, the saturation m much less.
    n_boot
        Bootstrap refits for the intervals (0: no intervals).
    seed
        Seed of the bootstrap.

    Raises
    ------
    DataError
        for a series shorter than four points, unequal lengths, years out of order or
        negative counts; :class:`ConvergenceError` when no curve fits.

    Example
    -------
    >>> t = list(range(2006, 2026))
    >>> fit = fit_bass(t, bass_curve(0.03, 0.38, 700, [y - 2005 for y in t]), start_year=2005, n_boot=0)
    >>> round(fit.params["p"], 3), round(fit.params["q"], 3), round(fit.params["m"])
    (0.03, 0.38, 700)
    """
    y, c = series(years, counts, what="the series to fit")
    n_boot, seed = _check_boot(n_boot, seed)
    if start_year is None:
        start_year = float(y[0] - 1)
    start_year = number("start_year", start_year, min=-1e5, max=float(y[0]),
                        expected=f"a year at or before the first year of the series ({shown(y[0])})")
    t = y - start_year
    top = float(c.max())
    lower, upper = [1e-6, 0.0, top * 0.5], [1.0, 5.0, top * 50]
    x0 = [[p0, q0, top * k] for p0 in (0.01, 0.05, 0.2) for q0 in (0.1, 0.4, 1.0) for k in (1.05, 1.5, 3.0)]
    best = _fit("bass", t, c, x0, lower, upper)
    if best is None:
        raise ConvergenceError("Bass", "the least-squares search did not converge from any starting point",
                               "Check the series for typing errors, or try another start_year.")
    p, q, m = (float(v) for v in best.x)
    if m >= upper[2] * 0.999:
        raise ConvergenceError("Bass", "the saturation level runs off to the upper limit (the series shows no slowing down yet)",
                               "A saturation level cannot be read from a series that is still accelerating; use a longer series.")
    draws = _bootstrap("bass", t, c, best.x, lower, upper, n_boot, seed)
    params = {"p": p, "q": q, "m": m}
    intervals = {k: _interval(draws[:, j]) if len(draws) else (math.nan, math.nan) for j, k in enumerate(params)}
    peaks = [start_year + _bass_peak_raw(a, b) for a, b, _ in draws]
    return DiffusionFit("bass", params, intervals, m, intervals["m"], start_year + _bass_peak_raw(p, q),
                        _interval(peaks), y, c, m * _share(p, q, t), float(start_year), draws)


def fit_logistic(years: Sequence[float], counts: Sequence[float], *, n_boot: int = 200, seed: int = 0) -> DiffusionFit:
    """Fit the logistic curve K / (1 + e^{−r (year − t_mid)}) to cumulative counts, with 95% intervals.

    Same input rules and errors as :func:`fit_bass`. ``t_mid`` is the year of fastest growth.

    Example
    -------
    >>> ys = list(range(2010, 2024))
    >>> fit = fit_logistic(ys, logistic_curve(720, 0.6, 2016, ys), n_boot=0)
    >>> round(fit.params["K"]), round(fit.params["r"], 2), round(fit.params["t_mid"], 1)
    (720, 0.6, 2016.0)
    """
    y, c = series(years, counts, what="the series to fit")
    n_boot, seed = _check_boot(n_boot, seed)
    top = float(c.max())
    lower, upper = [top * 0.5, 1e-4, y[0] - 60], [top * 50, 5.0, y[-1] + 60]
    x0 = [[top * k, r0, tm] for k in (1.05, 1.5, 3.0) for r0 in (0.2, 0.6, 1.5)
          for tm in (y[0], (y[0] + y[-1]) / 2, y[-1])]
    best = _fit("logistic", y, c, x0, lower, upper)
    if best is None:
        raise ConvergenceError("logistic", "the least-squares search did not converge from any starting point",
                               "Check the series for typing errors.")
    K, r, t_mid = (float(v) for v in best.x)
    if K >= upper[0] * 0.999:
        raise ConvergenceError("logistic", "the saturation level runs off to the upper limit (the series shows no slowing down yet)",
                               "A saturation level cannot be read from a series that is still accelerating; use a longer series.")
    draws = _bootstrap("logistic", y, c, best.x, lower, upper, n_boot, seed)
    params = {"K": K, "r": r, "t_mid": t_mid}
    intervals = {k: _interval(draws[:, j]) if len(draws) else (math.nan, math.nan) for j, k in enumerate(params)}
    fitted = K / (1 + np.exp(-r * (y - t_mid)))
    return DiffusionFit("logistic", params, intervals, K, intervals["K"], t_mid, intervals["t_mid"],
                        y, c, fitted, None, draws)
