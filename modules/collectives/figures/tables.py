"""Tables shown in a chapter with a caption — and, for synthetic data, a caption that says so.

A DataFrame shown as the last line of a cell has no caption. :func:`captioned` gives it one (a
real HTML ``<caption>``, read by screen readers); :func:`synthetic_table` is the same with the
word *synthetic* guaranteed in it, for tables of records or results from the course's synthetic
datasets (the rule ``tests/test_synthetic_titles.py`` enforces). Both render through
:func:`collectives.tables.table`: human headers, formatted numbers, no index, wrapping text and
a scroll cue when the table is wider than the column.

Example
-------
>>> import pandas as pd
>>> html = synthetic_table(pd.DataFrame({"members": [10, 12]}), "Members of two collectives").to_html()
>>> "Members of two collectives (synthetic data)" in html
True
"""

from __future__ import annotations

import pandas as pd

from collectives.errors import ParameterError
from collectives.tables import Table, table

__all__ = ["captioned", "synthetic_table"]


def captioned(frame: pd.DataFrame | pd.Series, caption: str, *, precision: int = 2) -> Table:
    """``frame`` as a readable table with ``caption`` above it; numbers that are not counts are
    shown with ``precision`` decimals."""
    if not isinstance(caption, str) or not caption.strip():
        raise ParameterError("caption", caption, "a sentence that says what the table shows")
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError("frame", type(frame).__name__, "a pandas DataFrame or Series")
    return table(frame, caption.strip(), decimals=precision)


def synthetic_table(frame: pd.DataFrame | pd.Series, caption: str, *, precision: int = 2) -> Table:
    """Like :func:`captioned`, with "(synthetic data)" added unless the caption already says synthetic."""
    text = caption.strip() if isinstance(caption, str) else caption
    if isinstance(text, str) and text and "synthetic" not in text.lower():
        text = f"{text} (synthetic data)"
    return captioned(frame, text, precision=precision)
