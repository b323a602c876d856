"""The two small stock-and-flow simulations, deterministic Euler steps bounded by
:data:`MAX_STEPS`: a board steering its volunteers on a lagging indicator
(:func:`recruitment_with_delay`) and the volunteer–workload–burnout loops
(:func:`volunteer_burnout`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collectives.validate import integer, limit, number

__all__ = ["BurnoutResult", "DelayResult", "recruitment_with_delay", "volunteer_burnout"]


#: The most Euler steps one simulation takes (months ÷ dt_months).
MAX_STEPS = 200_000


def _number(value, name: str, expected: str, *, low: float, high: float, low_open: bool = False) -> float:
    return number(name, value, min=low, max=high, min_open=low_open, expected=expected)


@dataclass(frozen=True)
class DelayResult:
    """A goal-seeking simulation on a lagging indicator.

    Attributes
    ----------
    goal, initial : the goal and the starting number of volunteers.
    delay_months, adjustment_time_months : the reporting delay and the adjustment time.
    peak : the highest number of volunteers reached.
    overshoot : how far the peak lies above the goal, in volunteers (0 if never above).
    overshoot_share : overshoot ÷ (goal − initial): 0.25 means "a quarter too far".
    settling_month : first month after which the count stays within 5% of the gap from
        the goal (NaN if it never settles within the horizon).
    path : month, volunteers, perceived (what the board sees), recruits, leavers (per month),
        gap (goal − perceived).
    """

    goal: float
    initial: float
    delay_months: float
    adjustment_time_months: float
    peak: float
    overshoot: float
    overshoot_share: float
    settling_month: float
    path: pd.DataFrame = field(repr=False, compare=False)


def recruitment_with_delay(
    *,
    goal: float = 40,
    initial: float = 20,
    adjustment_time_months: float = 4,
    delay_months: float = 0,
    leave_rate_per_month: float = 0.02,
    months: int = 60,
    dt_months: float = 0.25,
) -> DelayResult:
    """A board steers its number of volunteers towards a goal, looking at a lagging count.

    Equations (Euler steps of ``dt``; ``V`` volunteers, ``g`` goal, ``τ`` adjustment time,
    ``D`` delay, ``ℓ`` leave rate)::

        perceived   P(t) = V(t − D)                       (the count the board sees; V(0) before 0)
        recruits    R(t) = max(0, ℓ·P(t) + (g − P(t)) / τ) (replace leavers, close the gap in τ months)
        leavers     L(t) = ℓ·V(t)
        volunteers  V(t + dt) = V(t) + dt·(R(t) − L(t))

    With ``D = 0`` this is first-order goal seeking: ``V(t) = g − (g − V₀)(1 − dt/τ)^(t/dt)``,
    which tends to ``g − (g − V₀)·e^(−t/τ)`` as ``dt`` shrinks: no overshoot. With a delay
    the board keeps recruiting after the goal is reached, because its figure still shows a
    gap; recruits cannot be negative, so an overshoot only melts away through leavers.
    Without leavers (``ℓ = 0``) the model is the delay equation ``V' = (g − V(t − D))/τ``,
    which never overshoots when ``D/τ ≤ 1/e`` and oscillates when ``D/τ`` is larger.

    Parameters
    ----------
    goal : the number of volunteers the board wants (> 0).
    initial : volunteers at month 0 (≥ 0).
    adjustment_time_months : how many months the board means to take to close a gap (> 0);
        small = acting hard on every gap.
    delay_months : how old the figure the board steers on is, in months (0–120).
    leave_rate_per_month : share of volunteers who leave each month (0–1).
    months : simulated months (1–600). dt_months : step, at most a quarter of the adjustment time.

    Example
    -------
    >>> r = recruitment_with_delay(goal=40, initial=20, adjustment_time_months=4, delay_months=0)
    >>> r.overshoot, round(float(r.path["volunteers"].iloc[-1]), 2)
    (0.0, 40.0)
    >>> recruitment_with_delay(delay_months=6).overshoot > 5
    True
    """
    g = _number(goal, "goal", "a number of volunteers above 0", low=0, high=1e9, low_open=True)
    v0 = _number(initial, "initial", "a number of volunteers of 0 or more", low=0, high=1e9)
    tau = _number(adjustment_time_months, "adjustment_time_months",
                  "a number of months above 0 (e.g. 4)", low=0, high=1e4, low_open=True)
    delay = _number(delay_months, "delay_months", "a delay of 0 to 120 months", low=0, high=120)
    leave = _number(leave_rate_per_month, "leave_rate_per_month",
                    "a monthly share from 0 to 1, e.g. 0.02 for 2% a month", low=0, high=1)
    months = integer("months", months, min=1, max=600, expected="a whole number of months from 1 to 600")
    dt = _number(dt_months, "dt_months", f"a step above 0 and at most a quarter of the adjustment time ({tau / 4:g})",
                 low=0, high=tau / 4, low_open=True)
    limit("time steps", months / dt, MAX_STEPS, f"use a dt_months of at least {months / MAX_STEPS:g}")
    steps = int(round(months / dt))
    lag = int(round(delay / dt))
    v = np.empty(steps + 1)
    perceived = np.empty(steps + 1)
    recruits = np.empty(steps + 1)
    v[0] = v0
    for n in range(steps + 1):
        p = v[n - lag] if n >= lag else v0
        r = max(0.0, leave * p + (g - p) / tau)
        perceived[n], recruits[n] = p, r
        if n < steps:
            v[n + 1] = v[n] + dt * (r - leave * v[n])
    t = np.arange(steps + 1) * dt
    path = pd.DataFrame({"month": t, "volunteers": v, "perceived": perceived, "recruits": recruits,
                         "leavers": leave * v, "gap": g - perceived})
    peak = float(v.max())
    gap0 = g - v0
    overshoot = max(0.0, peak - g) if gap0 > 0 else max(0.0, g - float(v.min()))
    share = overshoot / abs(gap0) if gap0 != 0 else 0.0
    band = 0.05 * abs(gap0) if gap0 != 0 else 0.05 * g
    outside = np.flatnonzero(np.abs(v - g) > band)
    if outside.size == 0:
        settle = 0.0
    elif outside[-1] == steps:
        settle = math.nan
    else:
        settle = float(t[outside[-1] + 1])
    return DelayResult(goal=g, initial=v0, delay_months=delay, adjustment_time_months=tau, peak=peak,
                       overshoot=float(overshoot), overshoot_share=float(share), settling_month=settle,
                       path=path)


@dataclass(frozen=True)
class BurnoutResult:
    """The volunteer–workload–burnout simulation.

    Attributes
    ----------
    capacity_volunteers : W ÷ c, the number of volunteers at which nobody is overloaded.
    healthy_equilibrium : r ÷ ℓ₀, where the collective settles if it is not overloaded there
        (NaN if that point would itself be overloaded).
    tipping_point : the unstable number of volunteers below which the overload spiral wins
        (NaN if there is none).
    final_volunteers : volunteers at the end of the horizon.
    path : month, volunteers, workload_hours (per volunteer per month), fatigue_hours (the
        remembered workload), leave_rate (per month), recruits, leavers.
    """

    capacity_volunteers: float
    healthy_equilibrium: float
    tipping_point: float
    final_volunteers: float
    path: pd.DataFrame = field(repr=False, compare=False)


def volunteer_burnout(
    *,
    initial: float = 30,
    recruits_per_month: float = 1.0,
    work_hours_per_month: float = 400,
    comfortable_hours_per_month: float = 12,
    base_leave_rate_per_month: float = 0.02,
    overload_leave_rate_per_month: float = 0.1,
    fatigue_time_months: float = 3,
    months: int = 60,
    dt_months: float = 0.25,
) -> BurnoutResult:
    """Volunteers share a fixed amount of work; overload builds fatigue, fatigue drives them out.

    Equations (``V`` volunteers, ``W`` work hours a month, ``c`` comfortable hours per
    volunteer a month, ``F`` fatigue, ``T`` fatigue time, ``r`` recruits a month)::

        workload    w(t) = W / V(t)                          (hours per volunteer per month)
        fatigue     F(t + dt) = F(t) + dt·(w(t) − F(t)) / T  (workload remembered over T months)
        leave rate  ℓ(t) = ℓ₀ + ℓ₁·max(0, F(t) − c) / c      (base leaving + leaving from overload)
        volunteers  V(t + dt) = V(t) + dt·(r − ℓ(t)·V(t))

    Two loops act on the volunteers. **B1, attrition (balancing):** more volunteers → more
    leavers → fewer volunteers. **R1, the overload spiral (reinforcing):** fewer volunteers
    → more work each → more fatigue → more leave → fewer volunteers. Equilibria: if
    ``r/ℓ₀ ≥ W/c`` the collective settles at ``r/ℓ₀`` (healthy, stable). In the overloaded
    range the equilibrium is ``V* = (ℓ₁·W/c − r) / (ℓ₁ − ℓ₀)``; with ``ℓ₁ > ℓ₀`` it is a
    **tipping point**: start below it and the spiral empties the collective.

    Example
    -------
    >>> r = volunteer_burnout(initial=30, recruits_per_month=1, work_hours_per_month=400,
    ...                       comfortable_hours_per_month=12, base_leave_rate_per_month=0.02,
    ...                       overload_leave_rate_per_month=0.1)
    >>> round(r.capacity_volunteers, 1), r.healthy_equilibrium, round(r.tipping_point, 1)
    (33.3, 50.0, 29.2)
    """
    v0 = _number(initial, "initial", "a number of volunteers above 0", low=0, high=1e7, low_open=True)
    r = _number(recruits_per_month, "recruits_per_month", "new volunteers a month, 0 or more", low=0, high=1e6)
    work = _number(work_hours_per_month, "work_hours_per_month", "hours of work a month, 0 or more", low=0, high=1e9)
    c = _number(comfortable_hours_per_month, "comfortable_hours_per_month",
                "hours a volunteer can give a month without strain, above 0", low=0, high=744, low_open=True)
    l0 = _number(base_leave_rate_per_month, "base_leave_rate_per_month",
                 "a monthly share from 0 to 1, e.g. 0.02", low=0, high=1)
    l1 = _number(overload_leave_rate_per_month, "overload_leave_rate_per_month",
                 "a monthly share from 0 to 1, e.g. 0.1", low=0, high=1)
    fatigue_time = _number(fatigue_time_months, "fatigue_time_months", "a number of months above 0",
                           low=0, high=1e3, low_open=True)
    months = integer("months", months, min=1, max=600, expected="a whole number of months from 1 to 600")
    dt = _number(dt_months, "dt_months", f"a step above 0 and at most a quarter of the fatigue time ({fatigue_time / 4:g})",
                 low=0, high=fatigue_time / 4, low_open=True)
    limit("time steps", months / dt, MAX_STEPS, f"use a dt_months of at least {months / MAX_STEPS:g}")
    steps = int(round(months / dt))
    v = np.empty(steps + 1)
    f = np.empty(steps + 1)
    w = np.empty(steps + 1)
    rate = np.empty(steps + 1)
    v[0] = v0
    f[0] = work / v0
    floor = 1e-9
    for n in range(steps + 1):
        w[n] = work / max(v[n], floor)
        rate[n] = l0 + l1 * max(0.0, f[n] - c) / c
        if n < steps:
            f[n + 1] = f[n] + dt * (w[n] - f[n]) / fatigue_time
            v[n + 1] = max(v[n] + dt * (r - rate[n] * v[n]), 0.0)
    capacity = work / c
    healthy = r / l0 if l0 > 0 else math.inf
    healthy_eq = healthy if healthy >= capacity else math.nan
    tipping = math.nan
    if l1 > l0:
        star = (l1 * work / c - r) / (l1 - l0)
        if 0 < star < capacity:
            tipping = star
    t = np.arange(steps + 1) * dt
    path = pd.DataFrame({"month": t, "volunteers": v, "workload_hours": w, "fatigue_hours": f,
                         "leave_rate": rate, "recruits": r, "leavers": rate * v})
    return BurnoutResult(capacity_volunteers=capacity, healthy_equilibrium=healthy_eq, tipping_point=tipping,
                         final_volunteers=float(v[-1]), path=path)
