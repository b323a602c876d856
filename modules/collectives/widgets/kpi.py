"""The KPI explorer: choose a collective, a year and weights → its benchmark and composite rank.

The indicators are computed once (``kpi.compute``) when the explorer is built; every change
then only benchmarks and scores one year's values, which takes a few milliseconds.

Example
-------
>>> from collectives import data, kpi
>>> values = kpi.compute(data.load("monitor_panel"))
>>> box = kpi_explorer(values)
>>> box.render(collective_id="CC115", year=2025, **{f"w_{k}": 1 for k in GENERAL_KPIS}) is not None
True
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from collectives import kpi
from collectives.errors import CollectivesError, ParameterError
from collectives.figures.kpi import SECTOR_LABELS, composite_panel
from collectives.widgets import Explorer, explorer

__all__ = ["GENERAL_KPIS", "WEIGHT_CHOICES", "kpi_explorer"]

#: Indicators every sector has, offered with a weight slider (weight 0 leaves one out).
GENERAL_KPIS = ("membership_growth", "active_member_share", "volunteer_retention", "assembly_attendance_rate",
                "board_representation_gap", "subsidy_dependence", "hours_per_volunteer")

#: The weights a user can choose (0 leaves an indicator out).
WEIGHT_CHOICES = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0)

_DEFAULT_WEIGHTS = {"active_member_share": 1.0, "volunteer_retention": 1.0, "assembly_attendance_rate": 1.0,
                    "subsidy_dependence": 1.0}


def kpi_explorer(kpi_values: pd.DataFrame, *, default_collective: str = "CC115", n_draws: int = 200) -> Explorer:
    """Build the live KPI explorer on the output of ``kpi.compute``.

    Peers for the percentiles are the same sector and size band; the composite index ranks the
    collective among all collectives of its sector that have every weighted indicator. The title
    also says how far its rank moves under ``n_draws`` random weightings of the same indicators.
    """
    names = kpi.catalogue().set_index("id")["name"]
    years = sorted(int(y) for y in pd.unique(kpi_values["year"]))
    ids = sorted(pd.unique(kpi_values["collective_id"].astype(str)))
    sector_of = kpi_values.drop_duplicates("collective_id").set_index("collective_id")["sector"].astype(str)
    by_year = {y: g for y, g in kpi_values.groupby("year", sort=False)}

    def draw(collective_id: str, year: int, **weights) -> go.Figure:
        chosen = {k[2:]: float(v) for k, v in weights.items() if float(v) > 0}
        if not chosen:
            raise ParameterError("weights", "all zero", "at least one weight above 0 — choose a weight of 0.5 or more for one indicator")
        if collective_id not in sector_of.index:
            raise ParameterError("collective", collective_id, "a collective from the list")
        if year not in by_year:
            raise ParameterError("year", year, f"a year from {years[0]} to {years[-1]}")
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
        bench = kpi.benchmark(values, collective_id, year, kpis=list(chosen))
        peers = values[values["sector"].astype(str) == sector]
        scores = kpi.composite_index(peers, chosen, year)
        sens = kpi.weight_sensitivity(peers, chosen, year, n_draws=n_draws, seed=1)
        me = sens.summary[sens.summary["collective_id"] == collective_id]
        rank = int(scores.loc[scores["collective_id"] == collective_id, "rank"].iloc[0])
        n = len(scores)
        moves = (f"; other weightings: rank {int(me['best_rank'].iloc[0])} to {int(me['worst_rank'].iloc[0])}"
                 if len(chosen) > 1 else "")
        weights_text = ", ".join(f"{names[k].lower()} {v:g}" for k, v in chosen.items())
        return composite_panel(
            bench, scores, collective_id=collective_id,
            subtitle=f" — rank {rank} of {n} {SECTOR_LABELS.get(sector, sector).lower()} collectives{moves}",
            alt=(f"Synthetic panel, {year}: {collective_id} ranks {rank} of {n} in its sector on a composite of "
                 f"{weights_text}{moves.replace(';', ',')}. Its percentiles among peers of the same sector and size: "
                 + ", ".join(f"{r.name} {r.percentile_better:.0f}" for r in bench.itertuples()) + "."))

    controls: dict[str, w.Widget] = {
        "collective_id": w.Dropdown(options=[(f"{i} ({SECTOR_LABELS.get(sector_of[i], sector_of[i])})", i)
                                             for i in ids],
                                    value=default_collective if default_collective in ids else ids[0],
                                    description="Collective"),
        "year": w.Dropdown(options=years, value=years[-1], description="Year"),
    }
    for k in GENERAL_KPIS:
        # dropdowns rather than sliders: labelled for screen readers and easy with the keyboard
        controls[f"w_{k}"] = w.Dropdown(options=[(f"{x:g}", x) for x in WEIGHT_CHOICES],
                                        value=_DEFAULT_WEIGHTS.get(k, 0.0), description=f"Weight: {names[k]}",
                                        layout={"width": "30em"})
    return explorer("KPI explorer", controls, draw)
