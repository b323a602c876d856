"""The KPI explorer: choose a collective, a year and weights → its benchmark and composite rank.

The indicators are computed once (``kpi.compute``) when the explorer is built; every change
then only benchmarks and scores one year's values.

Example
-------
>>> from collectives import data, kpi
>>> values = kpi.compute(data.load("monitor_panel"))
>>> box = kpi_explorer(values).widget()
>>> box.render(collective_id="CC115", year=2025, **{f"w_{k}": 1.0 for k in GENERAL_KPIS}).layout.title.text[:5]
'CC115'
>>> box.render(**{f"w_{k}": 0.0 for k in GENERAL_KPIS}) is None  # every weight 0: a message
True
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from collectives import kpi
from collectives.errors import CollectivesError, ParameterError
from collectives.explorer import Choice, Explorer
from collectives.figures.kpi import SECTOR_LABELS, kpi_view

__all__ = ["GENERAL_KPIS", "KPIView", "WEIGHT_CHOICES", "kpi_explorer"]

#: Indicators every sector has, offered with a weight slider (weight 0 leaves one out).
GENERAL_KPIS = ("membership_growth", "active_member_share", "volunteer_retention", "assembly_attendance_rate",
                "board_representation_gap", "subsidy_dependence", "hours_per_volunteer")

#: The weights a user can choose (0 leaves an indicator out).
WEIGHT_CHOICES = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0)

_DEFAULT_WEIGHTS = {"active_member_share": 1.0, "volunteer_retention": 1.0, "assembly_attendance_rate": 1.0,
                    "subsidy_dependence": 1.0}


@dataclass(frozen=True)
class KPIView:
    """What the explorer shows for one choice: the benchmark, the sector's composite scores and the rank."""

    collective_id: str
    year: int
    sector: str
    weights: dict[str, float]
    bench: pd.DataFrame
    scores: pd.DataFrame
    rank: int
    best_rank: int | None
    worst_rank: int | None


def kpi_explorer(kpi_values: pd.DataFrame, *, default_collective: str = "CC115", n_draws: int = 200) -> Explorer:
    """The KPI explorer on the output of ``kpi.compute``.

    Peers for the percentiles are the same sector and size band; the composite index ranks the
    collective among all collectives of its sector that have every weighted indicator. The title
    also says how far its rank moves under ``n_draws`` random weightings of the same indicators.
    The static page offers one collective of each sector (``default_collective`` for its own), two years and the weight of subsidy dependence;
    the live widget every collective, year and weight.
    """
    names = kpi.catalogue().set_index("id")["name"]
    years = sorted(int(y) for y in pd.unique(kpi_values["year"]))
    ids = sorted(pd.unique(kpi_values["collective_id"].astype(str)))
    sector_of = kpi_values.drop_duplicates("collective_id").set_index("collective_id")["sector"].astype(str)
    by_year = {y: g for y, g in kpi_values.groupby("year", sort=False)}
    default = default_collective if default_collective in ids else ids[0]
    shown = [default] + [next(i for i in ids if sector_of[i] == s and i != default)
                         for s in dict.fromkeys(sector_of[ids]) if s != sector_of[default]]  # one per other sector

    def compute(collective_id: str, year: int, **weights: float) -> KPIView:
        chosen = {k[2:]: float(v) for k, v in weights.items() if float(v) > 0}
        if not chosen:
            raise ParameterError("weights", "all zero", "at least one weight above 0 — choose a weight of 0.5 or more for one indicator")
        values = by_year[year]
        mine = values[values["collective_id"] == collective_id]
        if mine.empty:
            raise CollectivesError(f"{collective_id} has no indicators in {year} (it was not active that year). "
                                   "Choose another year.")
        lacking = [names[k] for k in chosen if k not in set(mine["kpi"])]
        if lacking:
            raise CollectivesError(f"{collective_id} has no value in {year} for: {', '.join(lacking)}. "
                                   "Set that weight to 0 or choose another year.")
        sector = sector_of[collective_id]
        peers = values[values["sector"].astype(str) == sector]
        scores = kpi.composite_index(peers, chosen, year)
        best = worst = None
        if len(chosen) > 1:
            me = kpi.weight_sensitivity(peers, chosen, year, n_draws=n_draws, seed=1).summary
            me = me[me["collective_id"] == collective_id]
            best, worst = int(me["best_rank"].iloc[0]), int(me["worst_rank"].iloc[0])
        return KPIView(collective_id, year, sector, chosen, kpi.benchmark(values, collective_id, year, kpis=list(chosen)),
                       scores, int(scores.loc[scores["collective_id"] == collective_id, "rank"].iloc[0]), best, worst)

    controls = [
        # the chapter's collective and the latest year first in their menus
        Choice("collective_id", "Collective", [(f"{i} ({SECTOR_LABELS.get(sector_of[i], sector_of[i])})", i)
                                               for i in [default, *(i for i in ids if i != default)]],
               value=default, twin=tuple(shown)),
        Choice("year", "Year", years[::-1], value=years[-1], twin=tuple(years[-2:])),
    ]
    for k in GENERAL_KPIS:
        controls.append(Choice(f"w_{k}", f"Weight: {names[k]}", [(f"{x:g}", x) for x in WEIGHT_CHOICES],
                               value=_DEFAULT_WEIGHTS.get(k, 0.0),
                               twin=(0.0, 1.0, 3.0) if k == "subsidy_dependence" else ()))
    return Explorer("kpi", "KPI explorer", controls, compute,
                    lambda view, **_: kpi_view(view, names={k: names[k] for k in view.weights}))
