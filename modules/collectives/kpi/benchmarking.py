"""Benchmarking: where one collective stands among its peers (same sector and size band by
default), indicator by indicator, as percentiles (:func:`benchmark`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.kpi._common import _check_targets, _check_values, _orient_one, _year_arrays
from collectives.kpi.catalogue import _check_kpi_names, _specs

__all__ = ["benchmark"]


def benchmark(kpi_values: pd.DataFrame, collective_id, year, by: Sequence[str] = ("sector", "size_band"), *,
              kpis: Sequence[str] | None = None, targets: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Where one collective stands among its peers, indicator by indicator.

    Peers are the collectives with the same values of the ``by`` columns in that year (same
    sector and size band by default; ``by=()`` compares with everyone). The collective itself
    is one of its peers.

    Returns
    -------
    DataFrame, one row per indicator: kpi, name, better, value, n_peers, percentile (share of
    peers with a lower value, ties counted half, 0–100), percentile_better (the same with the
    indicator turned so that higher is better — for "lower" indicators 100 − percentile, for
    "target" indicators the closeness to the target), peer_p25, peer_median, peer_p75,
    peer_group (in words). With few peers (see n_peers) a percentile says little.

    Example
    -------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"collective_id": ["A", "B", "C", "D"], "year": 2024, "sector": "energy",
    ...     "size_band": "50–249", "kpi": "active_member_share", "value": [0.1, 0.2, 0.3, 0.4]})
    >>> benchmark(v, "C", 2024)[["kpi", "n_peers", "percentile"]].to_dict("records")
    [{'kpi': 'active_member_share', 'n_peers': 4, 'percentile': 62.5}]
    """
    if isinstance(by, str):
        by = (by,)
    if not isinstance(by, (list, tuple)) or not all(isinstance(b, str) for b in by):
        raise ParameterError("by", by, "column names to compare within, e.g. ('sector', 'size_band')")
    by = tuple(by)
    _check_values(kpi_values, by)
    targets = _check_targets(targets)
    A = _year_arrays(kpi_values, year, ["collective_id", "kpi", "value", *by])
    is_subject = A["collective_id"] == collective_id
    if not is_subject.any():
        ids = pd.unique(A["collective_id"])
        shown = ", ".join(map(str, ids[:8])) + (" …" if len(ids) > 8 else "")
        raise ParameterError("collective_id", collective_id, f"a collective with KPI values in {year}: {shown}")
    if kpis is not None:
        kpis = _check_kpi_names(kpis)
        is_subject &= np.isin(A["kpi"], kpis)
    first = int(np.flatnonzero(A["collective_id"] == collective_id)[0])
    peer = np.ones(len(A["kpi"]), dtype=bool)
    group_words = []
    for b in by:
        v = A[b][first]
        peer &= A[b] == v
        group_words.append(f"{b} = {v}")
    specs = _specs()
    pk, pv = A["kpi"][peer], A["value"][peer]
    out = []
    for k, v in zip(A["kpi"][is_subject], A["value"][is_subject]):
        vals = pv[pk == k]
        vals = vals[~np.isnan(vals)]
        n = len(vals)
        ori = _orient_one(k, vals, targets)
        vo = _orient_one(k, np.array([v]), targets)[0]
        q25, q50, q75 = np.quantile(vals, [0.25, 0.5, 0.75])
        out.append({"kpi": k, "name": specs[k]["name"], "better": specs[k]["better"], "value": float(v), "n_peers": n,
                    "percentile": 100 * ((vals < v).sum() + 0.5 * (vals == v).sum()) / n,
                    "percentile_better": 100 * ((ori < vo).sum() + 0.5 * (ori == vo).sum()) / n,
                    "peer_p25": float(q25), "peer_median": float(q50), "peer_p75": float(q75),
                    "peer_group": ", ".join(group_words) if group_words else "all collectives"})
    return pd.DataFrame(out)
