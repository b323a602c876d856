"""How long do collectives last? Kaplan–Meier survival curves by group.

Works on a monitor-like panel (one row per collective per year, with ``founded_year``,
``ended_year`` and ``year``), such as the course's SYNTHETIC ``monitor_panel``. Each collective
becomes one row: its age when it stopped (an *event*) or its age at the end of the monitor
(*censored*: still active, so we only know it lasted at least that long). Collectives founded
before the monitor started are only seen from their age at the monitor's start (*left
truncation*, ``entry``): the curve uses them only from that age on, so the collectives that
stopped before anyone counted them do not bias it upwards. The estimator is statsmodels'
``SurvfuncRight``.

Example
-------
>>> import pandas as pd
>>> curve = km_curve([1, 2, 2, 3], [1, 1, 0, 1])
>>> curve["survival"].round(3).tolist()
[1.0, 0.75, 0.5, 0.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.duration.survfunc import SurvfuncRight

from collectives.errors import CollectivesError, ParameterError

#: Founding cohorts used in the course (edges are founding years).
COHORTS = (("founded before 2014", None, 2013), ("founded 2014–2019", 2014, 2019), ("founded 2020 or later", 2020, None))


def founding_cohort(founded_year: int) -> str:
    """The cohort label of a founding year.

    >>> founding_cohort(2010), founding_cohort(2014), founding_cohort(2021)
    ('founded before 2014', 'founded 2014–2019', 'founded 2020 or later')
    """
    for label, low, high in COHORTS:
        if (low is None or founded_year >= low) and (high is None or founded_year <= high):
            return label
    raise ParameterError("founded_year", founded_year, "a year")  # pragma: no cover - cohorts cover all years


def survival_table(panel: pd.DataFrame, *, first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """One row per collective: its sector, cohort, entry age, age at exit, and whether it ended.

    Ages are in whole years since founding, at the end of a year. A collective that ended in year
    *e* had the event at age *e − founded*; one still active at ``last_year`` is censored at age
    *last_year − founded*. Collectives founded before ``first_year`` (the monitor's first year)
    enter at age *first_year − 1 − founded*. The years default to the panel's first and last.

    Raises
    ------
    CollectivesError
        If a column the computation needs is missing.
    """
    needed = {"collective_id", "sector", "founded_year", "ended_year", "year"}
    missing = needed - set(panel.columns)
    if missing:
        raise CollectivesError(f"The panel lacks the column(s) {', '.join(sorted(missing))} needed for survival curves.")
    first_year = int(panel["year"].min()) if first_year is None else first_year
    last_year = int(panel["year"].max()) if last_year is None else last_year
    one = panel.groupby("collective_id", sort=True).agg(
        sector=("sector", "first"), founded_year=("founded_year", "first"), ended_year=("ended_year", "first"))
    founded = one["founded_year"].astype(int)
    ended = one["ended_year"].notna()
    exit_year = one["ended_year"].astype("Float64").fillna(last_year).astype(float)
    table = pd.DataFrame({
        "collective_id": one.index,
        "sector": one["sector"].astype(str).to_numpy(),
        "cohort": [founding_cohort(y) for y in founded],
        "founded_year": founded.to_numpy(),
        "entry_age": np.maximum(0, first_year - 1 - founded.to_numpy()).astype(float),
        "age": (exit_year.to_numpy() - founded.to_numpy()).astype(float),
        "ended": ended.to_numpy(),
    })
    return table.reset_index(drop=True)


def km_curve(time: Sequence[float], event: Sequence[int | bool], entry: Sequence[float] | None = None) -> pd.DataFrame:
    """The Kaplan–Meier curve of one group: a step function from (0, 1).

    Returns ``age``, ``survival``, ``at_risk``, ``events``, ``ci_low`` and ``ci_high``
    (pointwise 95% interval from statsmodels' standard errors, clipped to [0, 1]); the first row
    is age 0 with survival 1. Observations with ``time <= entry`` carry no information and are
    dropped.

    >>> km_curve([6, 6, 6, 7], [1, 1, 0, 1])["survival"].round(3).tolist()
    [1.0, 0.5, 0.0]
    """
    t = np.asarray(time, dtype=float)
    e = np.asarray(event, dtype=float)
    s = None if entry is None else np.asarray(entry, dtype=float)
    if s is not None:
        keep = t > s
        t, e, s = t[keep], e[keep], s[keep]
    start = pd.DataFrame({"age": [0.0], "survival": [1.0], "at_risk": [len(t)], "events": [0],
                          "ci_low": [1.0], "ci_high": [1.0]})
    if len(t) == 0 or e.sum() == 0:
        return start
    fit = SurvfuncRight(t, e, entry=s)
    se = np.nan_to_num(np.asarray(fit.surv_prob_se, dtype=float))
    prob = np.asarray(fit.surv_prob, dtype=float)
    steps = pd.DataFrame({
        "age": np.asarray(fit.surv_times, dtype=float), "survival": prob,
        "at_risk": np.asarray(fit.n_risk, dtype=int), "events": np.asarray(fit.n_events, dtype=int),
        "ci_low": np.clip(prob - 1.96 * se, 0, 1), "ci_high": np.clip(prob + 1.96 * se, 0, 1),
    })
    return pd.concat([start, steps], ignore_index=True)


def kaplan_meier(table: pd.DataFrame, by: str = "sector", groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Kaplan–Meier curves per group of ``by`` (``"sector"`` or ``"cohort"``), stacked in one table.

    ``table`` comes from :func:`survival_table`. ``groups`` limits and orders the groups (default:
    all, sorted). Each group's curve carries ``group``, ``collectives`` (how many are in it) and
    ``ended`` (how many stopped).

    Raises
    ------
    ParameterError
        For an unknown ``by`` or an unknown group.
    CollectivesError
        If no group is chosen.
    """
    if by not in {"sector", "cohort"}:
        raise ParameterError("by", by, "'sector' or 'cohort'")
    known = sorted(table[by].unique()) if by == "sector" else [c[0] for c in COHORTS if c[0] in set(table[by])]
    chosen = list(known if groups is None else groups)
    if not chosen:
        raise CollectivesError(f"Choose at least one {by} (hold Ctrl or Shift to choose several).")
    unknown = [g for g in chosen if g not in known]
    if unknown:
        raise ParameterError(by, unknown[0], "one of: " + ", ".join(known))
    frames = []
    for group in chosen:
        rows = table[table[by] == group]
        curve = km_curve(rows["age"], rows["ended"], rows["entry_age"])
        frames.append(curve.assign(group=group, collectives=len(rows), ended=int(rows["ended"].sum())))
    return pd.concat(frames, ignore_index=True)


def survival_at(curves: pd.DataFrame, age: float) -> pd.DataFrame:
    """Each group's estimated share still active at ``age`` (years): the last step at or before it.

    >>> curves = km_curve([1, 2, 2, 3], [1, 1, 0, 1]).assign(group="a")
    >>> survival_at(curves, 2.5)["survival"].round(3).tolist()
    [0.5]
    """
    rows = curves[curves["age"] <= age].sort_values("age").groupby("group", sort=False).tail(1)
    return rows[["group", "age", "survival", "at_risk"]].rename(columns={"age": "last_step_age"}).reset_index(drop=True)
