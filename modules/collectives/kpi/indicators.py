"""Computing the indicators: every catalogue indicator for every collective and year of a
monitor-style panel (:func:`compute`), as a tidy table, with each collective's size band
(:func:`size_band`), and the same values one column per indicator (:func:`to_wide`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem
from collectives.kpi._common import _VALUES, _check_values
from collectives.kpi.catalogue import _check_kpi_names, _needed_columns, _specs
from collectives.validate import require_columns

__all__ = ["DEFAULT_SIZE_BANDS", "compute", "size_band", "to_wide"]


_KEY = ("collective_id", "year", "sector")
_SOURCE = "'panel' (the table given)"

#: Size bands by number of members: (lower bound, label); a band runs up to the next bound.
DEFAULT_SIZE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "fewer than 50"), (50, "50–249"), (250, "250–999"), (1000, "1000 or more"))


def size_band(members, bands: Sequence[tuple[int, str]] = DEFAULT_SIZE_BANDS) -> pd.Series:
    """The size band (a label) for each number of members; missing members give no band."""
    if isinstance(members, (pd.DataFrame, dict, str, bytes)) or members is None:
        raise ParameterError("members", members, "a number of members, or a list or column of them")
    m = pd.to_numeric(pd.Series(members if np.ndim(members) else [members]), errors="coerce").astype(float)
    ok = isinstance(bands, (list, tuple)) and len(bands) > 0 and all(
        isinstance(b, (list, tuple)) and len(b) == 2 and isinstance(b[0], (int, float)) and not isinstance(b[0], bool)
        and math.isfinite(b[0]) and isinstance(b[1], str) for b in bands)
    lows = [b[0] for b in bands] if ok else []
    if not ok or sorted(lows) != lows or len(set(lows)) != len(lows) or lows[0] > 0:
        raise ParameterError("size_bands", bands, "(lower bound, label) pairs with increasing bounds, the first 0")
    idx = np.searchsorted(np.asarray(lows, dtype=float), m.to_numpy(), side="right") - 1
    labels = np.array([b[1] for b in bands], dtype=object)
    out = np.where(np.isnan(m.to_numpy()) | (idx < 0), None, labels[np.clip(idx, 0, None)])
    return pd.Series(out, index=m.index, dtype=object)


def _num(panel: pd.DataFrame, col: str) -> np.ndarray:
    s = panel[col]
    if s.dtype == bool or str(s.dtype) == "boolean":
        return s.astype("Float64").astype(float).to_numpy()
    conv = pd.to_numeric(s, errors="coerce")
    bad = s.notna() & conv.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(_SOURCE, [Problem("not a number", row=i + 2, column=col, value=s.iloc[i],
                                          expected="a number or an empty cell")])
    return conv.astype(float).to_numpy()


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = a / b
    out[~np.isfinite(out)] = np.nan
    return out


def compute(panel: pd.DataFrame, kpis: Sequence[str] | str | None = None, *,
            size_bands: Sequence[tuple[int, str]] = DEFAULT_SIZE_BANDS) -> pd.DataFrame:
    """Compute indicators from a monitor-style panel (one row per collective per year).

    Parameters
    ----------
    panel : needs collective_id, year, sector and members, plus the columns each indicator
        uses (see ``catalogue()["columns"]``).
    kpis : indicator ids; by default every indicator whose columns the panel has (the ones
        left out are listed in ``result.attrs["skipped"]``).
    size_bands : (lower bound, label) pairs for the ``size_band`` column.

    Returns
    -------
    Tidy DataFrame: collective_id, year, sector, size_band, kpi, value — one row per
    collective, year and indicator that has a value. Sector-specific indicators are computed
    only for their sectors. A zero or missing denominator gives no row (never infinity).
    Growth and retention need the same collective's previous year; the first year has none.
    """
    require_columns(panel, [*_KEY, "members"], _SOURCE)
    specs = _specs()
    if kpis is None:
        chosen = [k for k, s in specs.items() if all(c in panel.columns for c in _needed_columns(s))]
        skipped = [k for k in specs if k not in chosen]
    else:
        chosen = _check_kpi_names(kpis)
        require_columns(panel, [c for k in chosen for c in _needed_columns(specs[k])], _SOURCE)
        skipped = []
    dup = panel.duplicated(["collective_id", "year"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataError(_SOURCE, [Problem("the same collective appears twice in one year", row=i + 2,
                                          column="collective_id",
                                          value=f"{panel['collective_id'].iloc[i]} {panel['year'].iloc[i]}",
                                          expected="one row per collective per year")])
    year = _num(panel, "year")
    order = np.lexsort((year, panel["collective_id"].astype(str).to_numpy()))
    p = panel.iloc[order].reset_index(drop=True)
    year = year[order]
    ids = p["collective_id"].astype(str).to_numpy()
    has_prev = np.zeros(len(p), dtype=bool)
    has_prev[1:] = (ids[1:] == ids[:-1]) & (year[1:] - year[:-1] == 1)
    cache: dict[str, np.ndarray] = {}

    def col(name: str, lag: int = 0) -> np.ndarray:
        if name not in cache:
            cache[name] = _num(p, name)
        x = cache[name]
        if not lag:
            return x
        prev = np.full(len(x), np.nan)
        prev[1:] = x[:-1]
        prev[~has_prev] = np.nan
        return prev

    sector = p["sector"].astype(str).to_numpy()
    base = pd.DataFrame({"collective_id": p["collective_id"].to_numpy(), "year": p["year"].to_numpy(),
                         "sector": p["sector"].to_numpy(), "size_band": size_band(p["members"], size_bands).to_numpy()})
    pieces = []
    for k in chosen:
        s, c = specs[k], specs[k]["compute"]
        kind = c["kind"]
        if kind == "value":
            v = col(c["column"]).copy()
        elif kind == "growth":
            v = _divide(col(c["column"]), col(c["column"], lag=1)) - 1
        elif kind == "ratio":
            den = col(c["denominator"], lag=int(c.get("denominator_lag", 0))) * float(c.get("denominator_scale", 1))
            v = float(c.get("scale", 1)) * _divide(col(c["numerator"]), den)
        elif kind == "share":
            num = col(c["numerator"])
            v = _divide(num, num + col(c["other"]))
        elif kind == "gap":
            v = _divide(col(c["numerator"]), col(c["denominator"])) - _divide(col(c["numerator2"]), col(c["denominator2"]))
        else:  # pragma: no cover - guarded by the catalogue test
            raise ValueError(f"unknown kind {kind!r} in kpi_catalogue.yml")
        keep = ~np.isnan(v)
        if "all" not in s["sectors"]:
            keep &= np.isin(sector, s["sectors"])
        if keep.any():
            piece = base.loc[keep].copy()
            piece["kpi"] = k
            piece["value"] = v[keep]
            pieces.append(piece)
    cols = ["collective_id", "year", "sector", "size_band", "kpi", "value"]
    out = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=cols)
    out = out[cols].sort_values(["collective_id", "year", "kpi"], kind="stable").reset_index(drop=True)
    out.attrs["skipped"] = skipped
    return out


def to_wide(kpi_values: pd.DataFrame) -> pd.DataFrame:
    """One row per collective and year, one column per indicator (for merging with the panel,
    e.g. to evaluate the programme's effect on an indicator with ``impact.did_panel``).

    >>> import pandas as pd
    >>> v = pd.DataFrame({"collective_id": ["CC001", "CC001"], "year": [2024, 2024],
    ...     "sector": ["energy"] * 2, "kpi": ["meetings_per_year", "active_member_share"], "value": [3.0, 0.4]})
    >>> to_wide(v).columns.tolist()
    ['collective_id', 'year', 'sector', 'active_member_share', 'meetings_per_year']
    """
    _check_values(kpi_values)
    index = [c for c in ("collective_id", "year", "sector", "size_band") if c in kpi_values.columns]
    if kpi_values.duplicated([*index, "kpi"]).any():
        raise DataError(_VALUES, [Problem("an indicator appears twice for the same collective and year",
                                          column="kpi", expected="the output of kpi.compute")])
    wide = kpi_values.pivot(index=index, columns="kpi", values="value").reset_index()
    wide.columns.name = None
    return wide
