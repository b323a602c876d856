"""Helpers shared by the KPI modules: the name of the KPI table in error messages, turning values
so that higher is always better (for "lower" and "target" indicators), checking a KPI table
and user-given targets, and picking one year's rows as arrays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem
from collectives.kpi.catalogue import _check_kpi_names, _specs
from collectives.validate import require_columns


_VALUES = "'kpi_values' (the table given)"


def _orient_one(k: str, values: np.ndarray, targets: Mapping[str, float] | None) -> np.ndarray:
    """One KPI's values turned so that higher is always better: x, −x, or −|x − target|."""
    spec = _specs().get(k)
    if spec is None:
        raise DataError(_VALUES, [Problem("unknown KPI id", column="kpi", value=k,
                                          expected="ids from the catalogue (the output of kpi.compute)")])
    if spec["better"] == "lower":
        return -values
    if spec["better"] == "target":
        t = float((targets or {}).get(k, spec["target"]))
        return -np.abs(values - t)
    return values.astype(float)


def _oriented(kpi_ids: np.ndarray, values: np.ndarray, targets: Mapping[str, float] | None = None) -> np.ndarray:
    """Values turned so that higher is always better (see :func:`_orient_one`)."""
    out = values.astype(float).copy()
    for k in pd.unique(kpi_ids):
        m = kpi_ids == k
        out[m] = _orient_one(k, values[m], targets)
    return out


def _check_values(kpi_values: pd.DataFrame, extra: Sequence[str] = ()) -> None:
    require_columns(kpi_values, ["collective_id", "year", "kpi", "value", *extra], _VALUES)


def _year_arrays(kpi_values: pd.DataFrame, year, columns: Sequence[str]) -> dict[str, np.ndarray]:
    """The given columns, as numpy arrays, for the rows of one year (fast: the widget calls this)."""
    ok = isinstance(year, (int, float, np.integer, np.floating)) and not isinstance(year, bool)
    years = kpi_values["year"].to_numpy(dtype=float, na_value=np.nan)
    mask = years == float(year) if ok else np.zeros(len(years), dtype=bool)
    if not mask.any():
        have = np.unique(years[~np.isnan(years)])
        span = f"{have[0]:g} … {have[-1]:g}" if len(have) else "none"
        raise ParameterError("year", year, f"a year in the KPI values ({span})")
    out = {}
    for c in dict.fromkeys(columns):
        arr = kpi_values[c].to_numpy(dtype=float, na_value=np.nan) if c == "value" else kpi_values[c].to_numpy()
        out[c] = arr[mask]
    return out


def _check_targets(targets) -> dict[str, float]:
    if targets is None:
        return {}
    if not isinstance(targets, Mapping):
        raise ParameterError("targets", targets, "a mapping of KPI id → target value")
    _check_kpi_names(list(targets), "targets")
    for k, t in targets.items():
        if not isinstance(t, (int, float, np.integer, np.floating)) or not math.isfinite(t):
            raise ParameterError(f"targets[{k!r}]", t, "a number")
    return {k: float(t) for k, t in targets.items()}
