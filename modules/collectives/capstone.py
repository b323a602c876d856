"""The capstone chain: own data → KPIs → an evaluation design → a scenario → recommendations.

The capstone template notebook (``exercises/capstone-template.md``) applies the whole course to
a participant's own municipality. Each step here is a small, pure function over the monitor
panel format (``datasets/monitor_panel.yml``), built on the course's day-4 functions:

- :func:`kpi_overview` — the median of a few KPIs per year over the municipality's collectives
  (:func:`collectives.kpi.compute`);
- :func:`evaluate_support` — the before–after design on the collectives in a programme, with
  what biases it (:func:`collectives.evaluation.before_after`, on
  :func:`collectives.evaluation.case_study.prepare_panel`);
- :func:`project_members` — a simple projection of total membership: the municipality's own
  yearly growth rates (low, median, high) continued for some years. It is a continuation of the
  past, not a simulation: day 5's scenario models replace it when they are available;
- :func:`recommendations` — sentences built from those results, to edit and extend.

:func:`example_panel` is the worked example: the rows of one municipality of the *synthetic*
monitor panel, stored as ``book/downloads/monitor_panel_example.csv`` in the template's format.

Example
-------
>>> panel = example_panel()
>>> sorted(panel["municipality"].unique())
['M07']
>>> project_members(panel, years=3)["scenario"].unique().tolist()
['low', 'median', 'high']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from collectives import evaluation, kpi
from collectives.errors import DataError, ParameterError, Problem
from collectives.evaluation import Effect

__all__ = ["EXAMPLE_FILE", "EXAMPLE_MUNICIPALITY", "SupportEvaluation", "evaluate_support", "example_panel",
           "kpi_overview", "project_members", "recommendations", "write_example"]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FILE = ROOT / "book" / "downloads" / "monitor_panel_example.csv"
#: The synthetic municipality of the worked example (a programme municipality with ten collectives).
EXAMPLE_MUNICIPALITY = "M07"
DEFAULT_KPIS = ("membership_growth", "volunteer_share", "volunteer_retention")


def example_panel(municipality: str = EXAMPLE_MUNICIPALITY) -> pd.DataFrame:
    """The synthetic monitor panel's rows of one municipality (the capstone's worked example)."""
    from collectives import data

    panel = data.load("monitor_panel")
    rows = panel[panel["municipality"] == municipality]
    if rows.empty:
        raise ParameterError("municipality", municipality, "a municipality code of the synthetic panel, M01–M40")
    return rows.reset_index(drop=True)


def write_example(path: str | Path = EXAMPLE_FILE) -> Path:
    """Write the worked example in the template's format (CSV; run after the panel changes)."""
    from collectives.synthetic import write_csv

    return write_csv(example_panel(), Path(path))


def _check_panel(panel: pd.DataFrame, needed: tuple[str, ...]) -> None:
    if not isinstance(panel, pd.DataFrame):
        raise ParameterError("panel", type(panel).__name__, "a table (DataFrame) in the monitor panel format")
    evaluation.require_columns(panel, needed, "your panel")
    if panel.empty:
        raise DataError("your panel", [Problem("the table has no rows", row=2, expected="one row per collective per year")])


def kpi_overview(panel: pd.DataFrame, kpis: tuple[str, ...] = DEFAULT_KPIS) -> pd.DataFrame:
    """Median of each KPI per year over the collectives, and how many collectives it is based on.

    Returns a DataFrame year, kpi, label, unit, median, collectives.
    """
    _check_panel(panel, ("collective_id", "year", "sector", "members"))
    values = kpi.compute(panel, list(kpis))
    if values.empty:
        raise DataError("your panel", [Problem("no KPI could be computed", expected="at least two years per collective")])
    table = (values.groupby(["year", "kpi"], observed=True)["value"]
             .agg(median="median", collectives="count").reset_index())
    labels = kpi.catalogue().set_index("id")
    table["label"] = table["kpi"].map(labels["name"])
    table["unit"] = table["kpi"].map(labels["unit"])
    return table[["year", "kpi", "label", "unit", "median", "collectives"]]


@dataclass(frozen=True)
class SupportEvaluation:
    """The before–after estimate for the supported collectives, and what it can and cannot tell."""

    effect: Effect
    start_year: int
    collectives: int
    caveat: str


def evaluate_support(panel: pd.DataFrame, outcome: str = "growth_pp", start_year: int = 2020) -> SupportEvaluation:
    """Before–after comparison of the collectives in the municipality's programme.

    The outcome is ``growth_pp`` (membership growth, percentage points) or ``retention_pp``
    (volunteer retention). Without collectives outside the programme, this is the only design
    the file allows; its estimate mixes the programme's effect with everything else that changed.
    """
    from collectives.evaluation.case_study import METHODS, OUTCOMES, prepare_panel

    if outcome not in OUTCOMES:
        raise ParameterError("outcome", outcome, "one of " + ", ".join(OUTCOMES))
    _check_panel(panel, ("collective_id", "year", "programme_municipality"))
    prepared = prepare_panel(panel, start_year=start_year)
    treated = prepared[prepared["treated"] == 1]
    if treated.empty:
        raise DataError("your panel", [Problem("no collective is in a support programme", column="programme_municipality",
                                               expected="'ja'/true for the collectives of a programme municipality")])
    effect = evaluation.before_after(treated, outcome, post="post", cluster="collective_id", min_clusters=5)
    return SupportEvaluation(effect, start_year, int(treated["collective_id"].nunique()), METHODS["before_after"][1])


def project_members(panel: pd.DataFrame, years: int = 10, quantiles: tuple[float, float, float] = (0.1, 0.5, 0.9)
                    ) -> pd.DataFrame:
    """Total membership continued with the low, median and high yearly growth rate of the past.

    The growth rate of each year is the change of the summed membership of the collectives that
    exist in both years; the three rates are quantiles of those rates (default 10%, 50%, 90%).

    Returns a DataFrame scenario (low, median, high), year, members, growth_rate.
    """
    _check_panel(panel, ("collective_id", "year", "members"))
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or not 1 <= years <= 30:
        raise ParameterError("years", years, "a whole number of years from 1 to 30")
    p = panel[["collective_id", "year", "members"]].dropna()
    p = p.assign(year=p["year"].astype(int), members=p["members"].astype(float))
    wide = p.pivot_table(index="collective_id", columns="year", values="members", aggfunc="sum")
    rates = []
    for y0, y1 in zip(wide.columns[:-1], wide.columns[1:]):
        both = wide[[y0, y1]].dropna()
        if y1 == y0 + 1 and len(both) and both[y0].sum() > 0:
            rates.append(both[y1].sum() / both[y0].sum() - 1)
    if len(rates) < 3:
        raise DataError("your panel", [Problem("too few consecutive years to estimate growth", column="year",
                                               expected="at least four consecutive years of members")])
    last_year = int(wide.columns.max())
    start = float(wide[last_year].sum())
    rows = []
    for name, q in zip(("low", "median", "high"), quantiles):
        rate = float(np.quantile(rates, q))
        for k in range(0, years + 1):
            rows.append({"scenario": name, "year": last_year + k, "members": start * (1 + rate) ** k, "growth_rate": rate})
    return pd.DataFrame(rows)


def recommendations(overview: pd.DataFrame, support: SupportEvaluation, projection: pd.DataFrame) -> list[str]:
    """Draft recommendations, built from the results (edit them: they are a starting point)."""
    out = []
    last = overview[overview["year"] == overview["year"].max()].set_index("kpi")
    if "volunteer_retention" in last.index:
        r = float(last.loc["volunteer_retention", "median"])
        out.append(f"Volunteer retention: in {int(overview['year'].max())} the median collective kept {r:.0%} of last "
                   "year's volunteers. Ask the collectives with the lowest retention what would help them keep people.")
    e = support.effect
    direction = "higher" if e.estimate > 0 else "lower"
    certain = "the interval excludes zero" if (e.ci_low > 0 or e.ci_high < 0) else "the interval includes zero"
    out.append(f"Support programme: membership growth was {abs(e.estimate):.1f} percentage points {direction} after "
               f"{support.start_year} than before in the {support.collectives} supported collectives "
               f"(95% interval {e.ci_low:.1f} to {e.ci_high:.1f}; {certain}). This before–after design "
               f"{support.caveat}; to learn the programme's effect, compare with collectives outside it "
               "(difference-in-differences with a neighbouring municipality's data).")
    horizon = int(projection["year"].max())
    ends = projection[projection["year"] == horizon].set_index("scenario")["members"]
    out.append(f"Membership outlook: if the past years' growth continues, the collectives have between "
               f"{ends['low']:,.0f} and {ends['high']:,.0f} members in {horizon} (median path {ends['median']:,.0f}). "
               "Plan support for the low path and test the plan in day 5's scenario stories.")
    return out
