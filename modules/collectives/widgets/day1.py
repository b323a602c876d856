"""Explorers for deep dive 1: published growth, the timeline, the case library and survival curves.

Each is declared once (:class:`collectives.explorer.Explorer`): the static page shows its twin
(menus over precomputed views), a live kernel the widget, which offers more. A choice that
matches nothing shows a message instead of an empty figure.

Example
-------
>>> from collectives import data
>>> box = timeline_explorer(data.load("timeline")).widget()
>>> box.render(wave="second", country="Belgium").layout.title.text.startswith("2 event(s)")
True
>>> box.render(wave="first", country="Belgium", sector="energy") is None  # nothing matches: a message
True
"""

from __future__ import annotations

import pandas as pd

from collectives import cases as case_library
from collectives import survival, trends
from collectives.cases import SECTOR_LABELS, WAVE_LABELS
from collectives.explorer import Choice, Explorer, Text
from collectives.figures.day1 import case_view, growth_figure, survival_view, timeline_view

__all__ = ["AGE_BANDS", "PERIODS", "case_explorer", "growth_explorer", "survival_explorer", "timeline_explorer"]

ANY = ("any", None)
#: Age bands of the case explorer (years since founding; None = no limit).
AGE_BANDS = {"any": None, "under 10 years": (None, 9), "10 to 30 years": (10, 30), "over 30 years": (31, None)}
#: Periods of the timeline explorer (first and last year; None = open).
PERIODS = {"all years": (None, None), "before 1800": (None, 1799), "1800–1899": (1800, 1899),
           "1800–1990": (1800, 1990), "1900–1989": (1900, 1989), "since 1990": (1990, None),
           "since 2010": (2010, None)}


def _groups(catalogue: pd.DataFrame) -> list[tuple[str, tuple]]:
    """Sets of series worth comparing: the same indicator in several places, a count and its members."""
    keys = {row.label: (row.country, row.sector, row.indicator) for row in catalogue.itertuples()}
    sets = {
        "Energy cooperatives: Netherlands, Germany, Europe": ("Netherlands · energy · cooperatives",
                                                              "Germany · energy · cooperatives",
                                                              "Europe · energy · cooperatives"),
        "Energy cooperatives' members: Netherlands, Germany, Europe": ("Netherlands · energy · members",
                                                                       "Germany · energy · members",
                                                                       "Europe · energy · members"),
        "Netherlands: energy cooperatives and their members": ("Netherlands · energy · cooperatives",
                                                               "Netherlands · energy · members"),
        "England and Wales: community land trusts and their homes": (
            "England and Wales · housing · community land trusts", "England and Wales · housing · homes"),
    }
    out = [(name, tuple(keys[label] for label in labels)) for name, labels in sets.items()
           if all(label in keys for label in labels)]
    return out + [(label, (key,)) for label, key in keys.items()]


def growth_explorer(figures: pd.DataFrame) -> Explorer:
    """Compare published series as a growth index (first reported year = 100) or as reported values."""
    catalogue = trends.series_catalogue(figures, min_years=2)
    units = {(r.country, r.sector, r.indicator): r.unit for r in catalogue.itertuples()}
    options = _groups(catalogue)

    def compute(chosen: tuple, scale: str) -> tuple[pd.DataFrame, str | None]:
        shown_units = {units[key] for key in chosen}
        return trends.growth_view(figures, chosen, scale), (shown_units.pop() if len(shown_units) == 1 else None)

    return Explorer(
        "growth", "Growth explorer",
        (Choice("chosen", "Series", options, value=options[0][1]),
         Choice("scale", "Show", [("growth index (first year = 100)", "index"), ("reported values", "values")])),
        compute, lambda result, scale, **_: growth_figure(result[0], scale=scale, unit=result[1]))


def timeline_explorer(events: pd.DataFrame) -> Explorer:
    """Filter the timeline by wave, country, period and (live) field."""
    sectors = [(label, key) for key, label in SECTOR_LABELS.items() if key in set(events["sector"].astype(str))]

    def compute(wave: str | None, country: str | None, period: tuple, sector: str | None) -> pd.DataFrame:
        return case_library.filter_timeline(events, wave=wave, country=country, sector=sector,
                                            start_year=period[0], end_year=period[1])

    def draw(rows: pd.DataFrame, wave, country, period, sector):  # noqa: ANN001, ANN202
        names = {None: None, "elsewhere": "other countries"}
        what = ", ".join(v for v in (wave and WAVE_LABELS[wave].split(":")[0], names.get(country, country),
                                     sector and SECTOR_LABELS[sector]) if v)
        return timeline_view(rows, what=what, period=period)

    return Explorer(
        "timeline", "Timeline explorer",
        (Choice("wave", "Wave", [ANY, *((label.split(":")[0], key) for key, label in WAVE_LABELS.items())]),
         Choice("country", "Country", [ANY, ("Netherlands", "Netherlands"), ("Belgium", "Belgium"),
                                       ("other countries and international", "elsewhere")]),
         Choice("period", "Period", list(PERIODS.items()), value=(None, None),
                twin=((None, None), (None, 1799), (1800, 1990), (1990, None))),
         Choice("sector", "Field", [ANY, *sectors], twin=())),
        compute, draw)


def case_explorer(cases: pd.DataFrame) -> Explorer:
    """Filter the case library by sector and outcome; live also by country, legal form and age."""
    prepared = cases if "legal_form_group" in cases else case_library.prepare_cases(cases)

    def compute(sector, outcome, country, legal_form, age) -> pd.DataFrame:  # noqa: ANN001
        limit = age or (None, None)
        return case_library.filter_cases(prepared, sector=sector, country=country, outcome=outcome,
                                         legal_form=legal_form, min_age=limit[0], max_age=limit[1])

    return Explorer(
        "cases", "Case explorer",
        (Choice("sector", "Sector", [ANY, *((s, s) for s in prepared["sector"].cat.categories)]),
         Choice("outcome", "Outcome", [ANY, *((o, o) for o in prepared["outcome"].cat.categories)]),
         Choice("country", "Country", [ANY, *((c, c) for c in sorted(prepared["country"].unique()))], twin=()),
         Choice("legal_form", "Legal form", [ANY, *((g, g) for g in case_library.LEGAL_FORM_GROUPS)], twin=()),
         Choice("age", "Age (a band leaves out cases without a founding year)", list(AGE_BANDS.items()), twin=())),
        compute, lambda rows, **_: case_view(rows))


def survival_explorer(table: pd.DataFrame) -> Explorer:
    """Compare the Kaplan–Meier curves of sectors or founding cohorts (SYNTHETIC data); live, choose which."""

    def compute(by: str, groups: str) -> pd.DataFrame:
        chosen = [g.strip() for g in groups.split(",") if g.strip()]
        return survival.kaplan_meier(table, by=by, groups=chosen or None)

    return Explorer(
        "survival", "Survival explorer (synthetic data)",
        (Choice("by", "Compare", [("by sector", "sector"), ("by founding cohort", "cohort")]),
         Text("groups", "Only these groups, separated by commas (empty: all)", "", rows=1)),
        compute, lambda curves, by, **_: survival_view(curves, by=by))
