"""Participants' own data into the model, and the results back out as a safe CSV file.

A participant fills in the template ``book/downloads/scenario_start_template.xlsx`` (or
``.csv``): one row per collective, with its members and volunteers (required) and, where
known, its potential members, reserves, running projects and volunteer hours. The file is
read through the course's participant loader (:func:`collectives.participant.read_participant_data`,
datasheet ``datasets/scenario_start.yml``), never changed, and stays on the participant's
machine. The results can be downloaded as CSV in which no text cell can start a spreadsheet
formula.

Example
-------
>>> start = read_start("book/downloads/scenario_start_template.csv")   # doctest: +SKIP
>>> out = simulate(start, STRATEGIES["facilitate"][1], {})             # doctest: +SKIP
>>> open("my_results.csv", "wb").write(results_csv(out))               # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem
from collectives.participant import read_participant_data

__all__ = ["KIND", "download_link", "read_start", "results_csv", "safe_cell"]

#: The datasheet participants' starting states follow.
KIND = "scenario_start"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def read_start(source, *, filename: str | None = None) -> pd.DataFrame:
    """Read a participant's starting state: one row per collective, its latest year.

    ``source`` is a path, bytes, an open binary file or an ipywidgets ``FileUpload`` entry.
    Rows of earlier years of the same collective are left out (the model starts from the
    latest). Raises :class:`~collectives.errors.DataError` with the row and column of every
    problem: missing required columns, negative counts, more volunteers than members.
    """
    mine = read_participant_data(source, KIND, filename=filename)
    df = mine.data
    problems = []
    too_many = np.flatnonzero((df["volunteers"].astype(float) > df["members"].astype(float)).to_numpy())
    for i in too_many[:10]:
        problems.append(Problem("there are more volunteers than members", row=int(i) + 2, column=mine.columns.get("volunteers", "volunteers"),
                                value=int(df["volunteers"].iloc[i]), expected=f"at most the {int(df['members'].iloc[i])} members"))
    if "potential_members" in df:
        low = np.flatnonzero((df["potential_members"].astype(float) < df["members"].astype(float)).fillna(False).to_numpy())
        for i in low[:10]:
            problems.append(Problem("the potential is below today's members", row=int(i) + 2,
                                    column=mine.columns.get("potential_members", "potential_members"),
                                    value=int(df["potential_members"].iloc[i]), expected=f"at least the {int(df['members'].iloc[i])} members"))
    if problems:
        raise DataError(mine.source, problems)
    if "year" in df:
        df = df.sort_values("year").groupby("collective_id", sort=False, observed=True).tail(1)
    return df.reset_index(drop=True)


def safe_cell(value: object) -> object:
    """A text cell that cannot be read as a formula: one starting with = + - @ | % or a tab,
    carriage return or newline gets a leading apostrophe. Numbers are returned unchanged.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-5 members"), safe_cell(-5), safe_cell("co-own")
    ("'=HYPERLINK(1)", "'-5 members", -5, 'co-own')
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def results_csv(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV (with BOM, so Excel reads accents) with every text cell made formula-safe."""
    if not isinstance(df, pd.DataFrame):
        raise ParameterError("df", type(df).__name__, "a table (DataFrame) of results")
    safe = df.copy()
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    for c in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[c]) or pd.api.types.is_bool_dtype(safe[c]):
            safe[c] = safe[c].astype(object).map(lambda v: safe_cell(v) if isinstance(v, str) else v)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def download_link(df: pd.DataFrame, filename: str = "scenario_results.csv", label: str = "Download the results (CSV)") -> str:
    """An HTML link that downloads ``df`` as a formula-safe CSV file, made in the browser.

    The data are embedded in the link itself: nothing is uploaded or sent anywhere.
    """
    if not isinstance(filename, str) or not filename.endswith(".csv") or "/" in filename or "\\" in filename:
        raise ParameterError("filename", filename, "a plain file name ending in .csv, e.g. 'my_results.csv'")
    payload = base64.b64encode(results_csv(df)).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:text/csv;charset=utf-8;base64,{payload}">'
            f"{html.escape(label)}</a>")
