"""The pandera schema built from a datasheet: bounds, empty cells, patterns and the unique key.

Example
-------
>>> pattern_matches(np.array(["CC001", "CC1"], dtype=object), r"^CC\\d{3}$").tolist()
[True, False]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pandera.pandas as pa

if TYPE_CHECKING:
    from collectives.data.datasheets import DatasetSchema

PATTERN_MESSAGE = "the value does not have the expected form"


def pattern_matches(values: np.ndarray, pattern: str) -> np.ndarray:
    """Which of ``values`` match the datasheet ``pattern`` (a regular expression searched in the text).

    >>> pattern_matches(np.array(["CC001", "CC1"], dtype=object), r"^CC\\d{3}$").tolist()
    [True, False]
    """
    rx = _compiled(pattern)
    return np.fromiter((rx.search(str(v)) is not None for v in values.tolist()), dtype=bool, count=len(values))


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _pattern_check(pattern: str) -> pa.Check:
    def matches(series: pd.Series) -> pd.Series:
        # Check each distinct value once: identifiers repeat across years.
        codes, uniques = pd.factorize(np.asarray(series, dtype=object), use_na_sentinel=True)
        ok = np.append(pattern_matches(uniques, pattern), True)  # missing values are the nullable check's business
        return pd.Series(ok[codes], index=series.index)

    return pa.Check(matches, error="pattern")


def build_pandera(sheet: DatasetSchema, *, participant: bool, complete: bool) -> pa.DataFrameSchema:
    columns = {}
    for col in sheet.columns:
        checks = []
        lo, hi = col.bound("min"), col.bound("max")
        if lo is not None:
            checks.append(pa.Check.ge(lo, error="min"))
        if hi is not None:
            checks.append(pa.Check.le(hi, error="max"))
        if col.pattern and complete:
            checks.append(_pattern_check(col.pattern))
        columns[col.name] = pa.Column(
            col.dtype,
            checks=checks,
            nullable=col.nullable,
            required=col.required or not participant,
            name=col.name,
        )
    return pa.DataFrameSchema(
        columns, unique=(list(sheet.key) or None) if complete else None, strict=True, name=sheet.name
    )

