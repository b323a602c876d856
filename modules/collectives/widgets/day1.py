"""Live explorers for deep dive 1: the timeline, the case library and survival curves.

Each is built with :func:`collectives.widgets.explorer`; its static twin is the matching
``*_explorer``/``timeline_figure`` function in :mod:`collectives.figures.day1`. A choice that
matches nothing shows a friendly message instead of an empty figure.

Example
-------
>>> from collectives import data
>>> box = timeline_explorer(data.load("timeline"))     # doctest: +SKIP
>>> box.render(wave="second", country=None) is not None  # doctest: +SKIP
True
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from collectives import cases as case_library
from collectives import survival
from collectives.cases import SECTOR_LABELS, WAVE_LABELS
from collectives.errors import CollectivesError
from collectives.figures.day1 import case_timeline, survival_chart, timeline_figure
from collectives.widgets import Explorer, explorer

ANY = None
#: Age bands of the case explorer (years since founding; None = no limit).
AGE_BANDS = {"any": None, "under 10 years": (None, 9), "10 to 30 years": (10, 30), "over 30 years": (31, None)}


def _dropdown(description: str, options: list[tuple[str, object]]) -> w.Dropdown:
    return w.Dropdown(options=[("any", ANY), *options], value=ANY, description=description)


def timeline_explorer(events: pd.DataFrame) -> Explorer:
    """Filter the timeline by wave, country, sector and period."""
    first, last = int(events["year"].min()), int(events["year"].max())

    def draw(wave, country, sector, start_year, end_year) -> go.Figure:
        period = (start_year, end_year)
        rows = case_library.filter_timeline(events, wave=wave, country=country, sector=sector,
                                            start_year=period[0], end_year=period[1])
        what = ", ".join(v for v in (wave and WAVE_LABELS[wave].split(":")[0], country, sector and SECTOR_LABELS[sector]) if v)
        return timeline_figure(
            rows, menus=False, validate=False, title=f"{len(rows)} event(s), {period[0]}–{period[1]}" + (f": {what}" if what else ""),
            alt=f"{len(rows)} events between {int(rows['year'].min())} and {int(rows['year'].max())}: "
                + "; ".join(f"{r.year} {r.title}" for r in rows.head(8).itertuples())
                + ("; and more." if len(rows) > 8 else "."),
        )

    controls = {
        "wave": _dropdown("Wave", [(label, key) for key, label in WAVE_LABELS.items()]),
        "country": _dropdown("Country", [("Netherlands", "Netherlands"), ("Belgium", "Belgium"),
                                         ("other countries and international", "elsewhere")]),
        "sector": _dropdown("Sector", [(label, key) for key, label in SECTOR_LABELS.items()
                                       if key in set(events["sector"].astype(str))]),
        "start_year": w.BoundedIntText(value=first, min=first, max=last, description="From year"),
        "end_year": w.BoundedIntText(value=last, min=first, max=last, description="To year"),
    }
    return explorer("Timeline explorer", controls, draw)


def case_explorer(cases: pd.DataFrame) -> Explorer:
    """Filter the case library by sector, country, outcome, legal form and age, all combined."""
    prepared = cases if "legal_form_group" in cases else case_library.prepare_cases(cases)

    def draw(sector, country, outcome, legal_form, age) -> go.Figure:
        limit = age or (None, None)
        rows = case_library.filter_cases(prepared, sector=sector, country=country, outcome=outcome,
                                         legal_form=legal_form, min_age=limit[0], max_age=limit[1])
        counts = rows["outcome"].astype(str).value_counts()
        return case_timeline(
            rows, validate=False, title=f"{len(rows)} case(s) match",
            alt=f"{len(rows)} cases: " + ", ".join(f"{n} {o}" for o, n in counts.items()) + ". "
                + "; ".join(f"{r.name} ({r.outcome})" for r in rows.itertuples()) + ".",
        )

    controls = {
        "sector": _dropdown("Sector", [(s, s) for s in prepared["sector"].cat.categories]),
        "country": _dropdown("Country", [(c, c) for c in sorted(prepared["country"].unique())]),
        "outcome": _dropdown("Outcome", [(o, o) for o in prepared["outcome"].cat.categories]),
        "legal_form": _dropdown("Legal form", [(g, g) for g in case_library.LEGAL_FORM_GROUPS]),
        "age": w.Dropdown(options=[(label, band) for label, band in AGE_BANDS.items()], value=None,
                          description="Age (a band leaves out cases without a founding year)"),
    }
    return explorer("Case explorer", controls, draw)


def survival_explorer(table: pd.DataFrame) -> Explorer:
    """Choose sectors or founding cohorts and compare their Kaplan–Meier curves (SYNTHETIC data)."""
    sectors = sorted(table["sector"].unique())
    cohorts = [c[0] for c in survival.COHORTS]

    # Every curve is computed once up front; a change only picks and draws the chosen ones.
    precomputed = {by: survival.kaplan_meier(table, by=by) for by in ("sector", "cohort")}

    def draw(by, chosen_sectors, chosen_cohorts) -> go.Figure:
        groups = list(chosen_sectors if by == "sector" else chosen_cohorts)
        if not groups:
            raise CollectivesError(f"Choose at least one {by} (hold Ctrl or Shift to choose several).")
        curves = pd.concat([precomputed[by][precomputed[by]["group"] == g] for g in groups], ignore_index=True)
        at10 = survival.survival_at(curves, 10)
        return survival_chart(
            curves, validate=False, title=f"SYNTHETIC monitor panel: survival by {by}",
            alt="Synthetic data. Share still active at age 10 (or the last age observed): "
                + "; ".join(f"{r.group} {r.survival:.0%}" for r in at10.itertuples()) + ".",
        )

    controls = {
        "by": w.ToggleButtons(options=[("By sector", "sector"), ("By founding cohort", "cohort")], value="sector",
                              description="Compare"),
        "chosen_sectors": w.SelectMultiple(options=sectors, value=tuple(sectors[:3]), rows=7,
                                           description="Sectors (Ctrl/Shift for several)"),
        "chosen_cohorts": w.SelectMultiple(options=cohorts, value=tuple(cohorts), rows=3,
                                           description="Cohorts (Ctrl/Shift for several)"),
    }
    return explorer("Survival explorer (synthetic data)", controls, draw)
