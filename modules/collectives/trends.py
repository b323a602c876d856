"""Published figures over time: series, growth, and where sources disagree.

Works on the tidy ``published_figures`` dataset (one row per reported figure, with its
source). Disagreeing reports stay separate rows: nothing here averages them away.

Example
-------
>>> import pandas as pd
>>> figures = pd.DataFrame({
...     "country": ["NL", "NL", "NL"], "sector": ["energy"] * 3,
...     "indicator": ["cooperatives"] * 3, "year": [2022, 2022, 2023],
...     "value": [705.0, 702.0, 714.0], "source_key": ["a", "b", "c"]})
>>> disagreements(figures)[["year", "low", "high", "reports"]].to_dict("records")
[{'year': 2022, 'low': 702.0, 'high': 705.0, 'reports': 2}]
"""

from __future__ import annotations

import pandas as pd

from collectives.errors import ParameterError

SERIES_KEYS = ["country", "sector", "indicator"]


def series_label(country: str, sector: str, indicator: str) -> str:
    """A readable name for one series, e.g. 'Netherlands · energy · cooperatives'."""
    return f"{country} · {sector} · {indicator.replace('_', ' ')}"


def series_catalogue(figures: pd.DataFrame, min_years: int = 2) -> pd.DataFrame:
    """Series that have figures for at least ``min_years`` different years, with their span."""
    grouped = figures.groupby(SERIES_KEYS, observed=True)
    table = grouped.agg(
        first_year=("year", "min"), last_year=("year", "max"), years=("year", "nunique"),
        reports=("value", "size"), unit=("unit", "first") if "unit" in figures else ("year", "size"),
    ).reset_index()
    table = table[table["years"] >= min_years].reset_index(drop=True)
    table.insert(0, "label", [series_label(*row) for row in table[SERIES_KEYS].astype(str).itertuples(index=False)])
    return table


def series(figures: pd.DataFrame, country: str, sector: str, indicator: str) -> pd.DataFrame:
    """All reports for one series, sorted by year; a clear error if the series does not exist."""
    mask = (figures["country"] == country) & (figures["sector"] == sector) & (figures["indicator"] == indicator)
    rows = figures[mask].sort_values(["year", "value"]).reset_index(drop=True)
    if rows.empty:
        known = ", ".join(sorted({series_label(*k) for k in figures[SERIES_KEYS].astype(str).itertuples(index=False)}))
        raise ParameterError("series", series_label(country, sector, indicator), f"one of: {known}")
    return rows


def disagreements(figures: pd.DataFrame) -> pd.DataFrame:
    """Series-years for which sources report different values: lowest, highest, how many reports."""
    keyed = figures.groupby(SERIES_KEYS + ["year"], observed=True)["value"]
    table = keyed.agg(low="min", high="max", reports="size").reset_index()
    table = table[table["low"] != table["high"]].copy()
    table["spread_pct"] = (100 * (table["high"] - table["low"]) / table["low"]).round(1)
    return table.reset_index(drop=True)


def as_index(rows: pd.DataFrame, base_year: int | None = None) -> pd.DataFrame:
    """Express a series as an index, base year = 100 (the mean of that year's reports).

    Lets series of different size (members, cooperatives, homes) be compared by growth.
    """
    if rows.empty:
        raise ParameterError("rows", "an empty series", "at least one reported figure")
    base_year = int(rows["year"].min()) if base_year is None else base_year
    base = rows.loc[rows["year"] == base_year, "value"]
    if base.empty or base.mean() == 0:
        raise ParameterError("base_year", base_year, f"a year with a non-zero figure, from {sorted(rows['year'].unique())}")
    out = rows.copy()
    out["index"] = 100 * out["value"] / base.mean()
    return out


def ratio_by_year(figures: pd.DataFrame, numerator: dict, denominator: dict) -> pd.DataFrame:
    """Divide one series by another for each year both exist in (every pair of reports).

    Example: members per cooperative = members ÷ cooperatives. Each combination of reports
    is kept, so the spread of the ratio shows how much the sources disagree.
    """
    top = series(figures, **numerator)[["year", "value", "source_key"]]
    bottom = series(figures, **denominator)[["year", "value", "source_key"]]
    both = top.merge(bottom, on="year", suffixes=("_numerator", "_denominator"))
    both["ratio"] = both["value_numerator"] / both["value_denominator"]
    return both
