"""Representation: how well a board mirrors its members, and how term limits renew a board.

Two small tools:

* :func:`representation_gap` — *descriptive* representation of one group (here: women) on a
  board: the board's share minus the members' share, in percentage points. 0 means the board
  mirrors the members; negative means the group is under-represented on the board.
* :func:`board_turnover` — a tiny deterministic model of how a term limit changes who sits on a
  board over the years.

Example
-------
>>> import pandas as pd
>>> panel = pd.DataFrame({"collective_id": ["a", "b"], "year": [2025, 2025], "sector": ["energy", "care"],
...                       "board_size": [5, 4], "board_women": [1, 3], "members": [100, 50],
...                       "members_women": [50, 30]})
>>> representation_gap(panel)["gap_pp"].tolist()
[-30.0, 15.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.validate import require_columns

__all__ = ["board_turnover", "gap_by_group", "representation_gap"]

_NEEDED = ("collective_id", "year", "board_size", "board_women", "members", "members_women")


def representation_gap(panel: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Board share of women minus members' share of women, per collective (percentage points).

    Parameters
    ----------
    panel : DataFrame
        Rows with columns ``collective_id``, ``year``, ``board_size``, ``board_women``,
        ``members``, ``members_women`` (and any others, e.g. ``sector``, which are kept), as in the
        monitor panel.
    year : int, optional
        Keep only this year. By default every row is kept.

    Returns
    -------
    DataFrame
        The input rows (with a board and members) plus ``board_share`` and ``members_share``
        (0-1) and ``gap_pp`` (board share minus members' share, x 100).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"collective_id": ["a"], "year": [2025], "board_size": [4], "board_women": [2],
    ...                   "members": [10], "members_women": [5]})
    >>> float(representation_gap(p)["gap_pp"].iloc[0])
    0.0
    """
    require_columns(panel, _NEEDED, "'panel' (the table given)", name="panel")
    rows = panel
    if year is not None:
        rows = rows[rows["year"] == year]
        if rows.empty:
            years = sorted(panel["year"].dropna().unique().tolist())
            raise ParameterError("year", year, f"a year in the panel ({years[0]}-{years[-1]})" if years else "a year in the panel")
    rows = rows[(rows["board_size"] > 0) & (rows["members"] > 0)].copy()
    rows["board_share"] = rows["board_women"].astype(float) / rows["board_size"].astype(float)
    rows["members_share"] = rows["members_women"].astype(float) / rows["members"].astype(float)
    rows["gap_pp"] = ((rows["board_share"] - rows["members_share"]) * 100).round(1)
    return rows.reset_index(drop=True)


def gap_by_group(gaps: pd.DataFrame, by: str = "sector") -> pd.DataFrame:
    """Summary of :func:`representation_gap` per group: collectives, median and mean gap, and the
    share of boards where women are under-represented by more than 10 points.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"sector": ["x", "x", "y"], "gap_pp": [-20.0, 0.0, 5.0]})
    >>> gap_by_group(g)[["sector", "collectives", "median_gap_pp"]].values.tolist()
    [['x', 2, -10.0], ['y', 1, 5.0]]
    """
    require_columns(gaps, ["gap_pp"], "'gaps' (the table given)", name="gaps")
    if by not in gaps.columns:
        raise ParameterError("by", by, "a column of the table from representation_gap, e.g. 'sector'")
    out = (gaps.groupby(by, observed=True)["gap_pp"]
           .agg(collectives="size", median_gap_pp="median", mean_gap_pp="mean",
                share_under_10=lambda s: float((s < -10).mean()))
           .reset_index())
    out["mean_gap_pp"] = out["mean_gap_pp"].round(1)
    out["collectives"] = out["collectives"].astype(int)
    return out


def board_turnover(board_size: int = 5, term_years: int = 3, max_terms: int | None = None,
                   stay_terms: int = 4, years: int = 12) -> pd.DataFrame:
    """How a term limit renews a board: a tiny deterministic model.

    Seats are staggered: seat ``i`` starts a term in year ``i mod term_years`` so that about
    ``board_size / term_years`` seats come up each year (as many statutes arrange with a
    rotation schedule). A board member serves consecutive terms until they have served
    ``stay_terms`` terms (how long people would stay without a limit) or ``max_terms`` (the term
    limit), whichever comes first; the seat then goes to a newcomer. At the start every seat
    holder is in their first year.

    Parameters
    ----------
    board_size : int
        Seats on the board (1-25).
    term_years : int
        Length of one term in years (1-10).
    max_terms : int, optional
        Most consecutive terms allowed (term limit); None for no limit.
    stay_terms : int
        Terms a board member would serve if no limit stopped them (1-20).
    years : int
        Years to simulate (1-50).

    Returns
    -------
    DataFrame
        One row per year (1..years): ``newcomers`` (seats taken by someone new that year),
        ``mean_tenure_years`` (average years on the board so far, including this one),
        ``longest_tenure_years``, ``share_first_term`` and ``ever_served`` (people who have sat
        on the board up to and including that year).

    Examples
    --------
    >>> t = board_turnover(board_size=3, term_years=2, max_terms=1, stay_terms=4, years=4)
    >>> t["newcomers"].tolist(), t["ever_served"].tolist()
    ([3, 1, 2, 1], [3, 4, 6, 7])
    """
    def whole(name: str, value: object, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise ParameterError(name, value, f"a whole number from {low} to {high}")
        return int(value)

    seats = whole("board_size", board_size, 1, 25)
    term = whole("term_years", term_years, 1, 10)
    stay = whole("stay_terms", stay_terms, 1, 20)
    horizon = whole("years", years, 1, 50)
    if max_terms is not None:
        whole("max_terms", max_terms, 1, 20)
    limit = stay if max_terms is None else min(stay, int(max_terms))
    serve_years = limit * term  # consecutive years one person holds a seat
    starts = []  # for each seat, the years in which a new holder takes it
    for seat in range(seats):
        first_span = (term - seat % term) + (limit - 1) * term  # the first term is shortened to stagger seats
        years_seat, year = [1], 1 + first_span
        while year <= horizon:
            years_seat.append(year)
            year += serve_years
        starts.append(np.array(years_seat))
    rows = []
    ever = 0
    for year in range(1, horizon + 1):
        newcomers = sum(int((s == year).any()) for s in starts)
        tenure = np.array([year - s[s <= year].max() + 1 for s in starts])
        ever += newcomers
        rows.append({"year": year, "newcomers": newcomers, "mean_tenure_years": float(tenure.mean()),
                     "longest_tenure_years": int(tenure.max()),
                     "share_first_term": float((tenure <= term).mean()), "ever_served": ever})
    return pd.DataFrame(rows)
