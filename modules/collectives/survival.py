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

from collectives.errors import CollectivesError, DataError, ParameterError, Problem
from collectives.validate import choice, finite_array, integer, number, require_columns

__all__ = ["COHORTS", "founding_cohort", "kaplan_meier", "km_curve", "survival_at", "survival_table"]

_PANEL = "'panel' (the table given)"

#: Founding cohorts used in the course (edges are founding years).
COHORTS = (("founded before 2014", None, 2013), ("founded 2014–2019", 2014, 2019), ("founded 2020 or later", 2020, None))


def founding_cohort(founded_year: int) -> str:
    """The cohort label of a founding year.

    >>> founding_cohort(2010), founding_cohort(2014), founding_cohort(2021)
    ('founded before 2014', 'founded 2014–2019', 'founded 2020 or later')
    """
    founded_year = integer("founded_year", founded_year, min=1000, max=3000, expected="a year such as 2014")
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
    require_columns(panel, ["collective_id", "sector", "founded_year", "ended_year", "year"], _PANEL, name="panel")
    if panel.empty:
        raise DataError(_PANEL, [Problem("the panel has no rows", expected="one row per collective per year")])
    years = _years(panel, "year", allow_missing=False)
    first_year = int(years.min()) if first_year is None else integer("first_year", first_year, min=1000, max=3000)
    last_year = int(years.max()) if last_year is None else integer("last_year", last_year, min=first_year, max=3000,
                                                                 expected=f"a year from first_year ({first_year}) on")
    one = panel.groupby("collective_id", sort=True).agg(
        sector=("sector", "first"), founded_year=("founded_year", "first"), ended_year=("ended_year", "first"))
    founded_all = _years(one, "founded_year", allow_missing=False)
    ended_all = _years(one, "ended_year", allow_missing=True)
    before = ended_all.notna() & (ended_all < founded_all)
    if before.any():
        cid = one.index[before.to_numpy()][0]
        raise DataError(_PANEL, [Problem(
            f"{int(before.sum())} collective(s) end before they were founded (e.g. {cid}: founded "
            f"{int(founded_all[before].iloc[0])}, ended {int(ended_all[before].iloc[0])})", column="ended_year",
            expected="an ended_year in or after the founded_year, or empty while still active")])
    founded = founded_all.astype(int)
    ended = ended_all.notna()
    exit_year = ended_all.fillna(last_year).astype(float)
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

    Returns ``age``, ``survival``, ``at_risk``, ``events``, ``ci_low`` and ``ci_high``; the first
    row is age 0 with survival 1. The band is the pointwise 95% "plain" interval
    S(t) ± 1.96·se(t), with Greenwood's standard error as statsmodels' ``SurvfuncRight``
    computes it, clipped to [0, 1]. Observations with ``time <= entry`` carry no information and
    are dropped.

    ``time`` (and ``entry``) must be finite numbers of 0 or more, ``event`` 0/1 (or
    False/True), all of the same length; anything else is a
    :class:`~collectives.errors.ParameterError` naming the first bad position.
    Complexity: O(n log n) for n observations.

    >>> km_curve([6, 6, 6, 7], [1, 1, 0, 1])["survival"].round(3).tolist()
    [1.0, 0.5, 0.0]
    """
    t = finite_array("time", time, min=0, what="durations (numbers of 0 or more)")
    e = finite_array("event", event, allowed=(0, 1), what="event codes")
    s = None if entry is None else finite_array("entry", entry, min=0, what="entry ages (numbers of 0 or more)")
    for name, other in (("event", e), ("entry", s)):
        if other is not None and len(other) != len(t):
            raise ParameterError(name, f"{len(other)} values", f"one value per duration ({len(t)}, like 'time')")
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


def _years(frame: pd.DataFrame, column: str, *, allow_missing: bool) -> pd.Series:
    """A year column as floats, refusing text and (unless allowed) missing values, naming the column."""
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce").astype(float)
    text = raw.notna() & values.isna()
    if text.any() or np.isinf(values).any():
        bad = raw[text | np.isinf(values)].iloc[0]
        raise DataError(_PANEL, [Problem("a year that is not a number", column=column, value=bad,
                                         expected="years such as 2014")])
    if not allow_missing and values.isna().any():
        raise DataError(_PANEL, [Problem(f"{int(values.isna().sum())} empty cell(s)", column=column,
                                         expected="a year in every row")])
    return values


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
    choice("by", by, ("sector", "cohort"))
    require_columns(table, [by, "age", "ended", "entry_age"], "'table' (from survival_table)", name="table")
    if groups is not None and isinstance(groups, str):
        groups = [groups]
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
    require_columns(curves, ["group", "age", "survival", "at_risk"], "'curves' (from kaplan_meier)", name="curves")
    age = number("age", age, min=0, expected="an age in years, 0 or more")
    rows = curves[curves["age"] <= age].sort_values("age").groupby("group", sort=False).tail(1)
    return rows[["group", "age", "survival", "at_risk"]].rename(columns={"age": "last_step_age"}).reset_index(drop=True)
