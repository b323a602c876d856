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

from collections.abc import Sequence

import pandas as pd

from collectives.errors import CollectivesError, ParameterError

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


def growth_view(figures: pd.DataFrame, chosen: Sequence[tuple[str, str, str]], scale: str = "index") -> pd.DataFrame:
    """The chosen series in one long table, with ``shown`` = the index (first reported year = 100)
    or the reported value, and ``series`` = the series' label.

    >>> figures = pd.DataFrame({"country": ["NL", "NL"], "sector": ["energy"] * 2,
    ...     "indicator": ["cooperatives"] * 2, "year": [2020, 2023], "value": [500.0, 750.0]})
    >>> growth_view(figures, [("NL", "energy", "cooperatives")])["shown"].tolist()
    [100.0, 150.0]
    """
    if scale not in ("index", "values"):
        raise ParameterError("scale", scale, "'index' (growth, first year = 100) or 'values' (as reported)")
    if not chosen:
        raise CollectivesError("Choose at least one series to show.")
    frames = []
    for country, sector, indicator in chosen:
        rows = series(figures, country, sector, indicator)
        shown = as_index(rows)["index"] if scale == "index" else rows["value"]
        frames.append(rows.assign(shown=shown.astype(float), series=series_label(country, sector, indicator)))
    return pd.concat(frames, ignore_index=True)
