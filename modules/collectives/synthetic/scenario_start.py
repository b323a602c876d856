"""A synthetic starting state for the scenario lab: the energy collectives of one invented municipality.

Derived deterministically from the synthetic monitor panel (:func:`collectives.synthetic.monitor_panel`,
seed 20251208): the energy collectives of the invented municipality with the most of them,
as they stood in their last monitor year, in the columns of ``datasets/scenario_start.yml``
(the datasheet participants fill in with their own figures). Everything in it is invented.

Example
-------
>>> start = scenario_start()
>>> start["sector"].unique().tolist()
['energy']
"""

from __future__ import annotations

import pandas as pd

from collectives.synthetic.panel import DEFAULT_SEED, monitor_panel

__all__ = ["COLUMNS", "scenario_start"]

COLUMNS = ("collective_id", "name", "municipality", "sector", "year", "members", "volunteers",
           "volunteer_hours_per_week", "potential_members", "reserves_eur", "projects")


def scenario_start(seed: int = DEFAULT_SEED, panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """The starting state of the energy collectives in the synthetic municipality with the most.

    Potential members, reserves and projects are left empty, as a participant who does not
    know them would (the model then uses its defaults).
    """
    panel = monitor_panel(seed=seed) if panel is None else panel
    energy = panel[(panel["sector"] == "energy") & panel["ended_year"].isna()]
    last = energy.sort_values("year").groupby("collective_id", observed=True).tail(1)
    counts = last["municipality"].value_counts()
    top = sorted(counts[counts == counts.max()].index)[0]
    rows = last[last["municipality"] == top].sort_values("collective_id")
    out = pd.DataFrame({
        "collective_id": rows["collective_id"].astype("string"),
        "name": rows["name"].astype("string"),
        "municipality": rows["municipality"].astype("string"),
        "sector": pd.Categorical(rows["sector"].astype(str), categories=["energy", "housing", "care", "social_wellbeing",
                                                                         "food", "work", "mobility"]),
        "year": rows["year"].astype("Int64"),
        "members": rows["members"].astype("Int64"),
        "volunteers": rows["volunteers"].astype("Int64"),
        "volunteer_hours_per_week": rows["volunteer_hours_per_week"].astype("Int64"),
        "potential_members": pd.array([pd.NA] * len(rows), dtype="Int64"),
        "reserves_eur": pd.array([pd.NA] * len(rows), dtype="Int64"),
        "projects": pd.array([pd.NA] * len(rows), dtype="Int64"),
    })
    return out.reset_index(drop=True)
