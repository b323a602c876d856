"""Key performance indicators for citizen collectives: compute, benchmark, combine.

The indicators live in a catalogue (``kpi_catalogue.yml``, shipped with the package): each
has a definition, a formula in words and in panel columns, a unit, which direction is
better, the sectors it suits, and its blind spot — what the number does not see.

- :func:`catalogue` — the catalogue as a table.
- :func:`compute` — every indicator for every collective and year of a monitor-style panel
  (one row per collective per year), as a tidy table.
- :func:`benchmark` — where one collective stands among its peers (same sector and size
  band by default), as percentiles.
- :func:`composite_index` — one score from several indicators with weights you choose, and
  :func:`weight_sensitivity` — how much the ranking depends on those weights. The course
  uses the pair to show why a single index misleads, and why a number that becomes a target
  stops being a good measure (Goodhart's law).

Example
-------
>>> import pandas as pd
>>> panel = pd.DataFrame({"collective_id": ["CC001", "CC001"], "year": [2023, 2024],
...     "sector": ["energy", "energy"], "members": [100, 120], "active_members": [30, 60]})
>>> v = compute(panel, ["membership_growth", "active_member_share"])
>>> v[["year", "kpi", "value"]].round(3).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'year': 2023, 'kpi': 'active_member_share', 'value': 0.3},
 {'year': 2024, 'kpi': 'active_member_share', 'value': 0.5},
 {'year': 2024, 'kpi': 'membership_growth', 'value': 0.2}]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml
from scipy.stats import rankdata

from collectives.errors import DataError, ParameterError, Problem
from collectives.evaluation import require_columns

__all__ = [
    "DEFAULT_SIZE_BANDS",
    "WeightSensitivity",
    "benchmark",
    "catalogue",
    "composite_index",
    "compute",
    "size_band",
    "to_wide",
    "weight_sensitivity",
]

#: Size bands by number of members: (lower bound, label); a band runs up to the next bound.
DEFAULT_SIZE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "fewer than 50"), (50, "50–249"), (250, "250–999"), (1000, "1000 or more"))

_KEY = ("collective_id", "year", "sector")
_SOURCE = "'panel' (the table given)"
_VALUES = "'kpi_values' (the table given)"


# --------------------------------------------------------------------------- catalogue


@lru_cache(maxsize=1)
def _catalogue_raw() -> tuple[dict, ...]:
    text = resources.files("collectives").joinpath("kpi_catalogue.yml").read_text(encoding="utf-8")
    return tuple(yaml.safe_load(text)["kpis"])


@lru_cache(maxsize=1)
def _specs() -> dict[str, dict]:
    """Catalogue entries by id (read-only by convention: never modify what this returns)."""
    return {k["id"]: k for k in _catalogue_raw()}


def catalogue() -> pd.DataFrame:
    """The KPI catalogue: one row per indicator.

    Columns: id, name, category, definition, formula, unit, better ("higher", "lower" or
    "target"), target (for "target" indicators), sectors (a list; ``["all"]`` for every
    sector), blind_spot, columns (the panel columns it needs).

    >>> cat = catalogue()
    >>> cat.set_index("id").loc["subsidy_dependence", "better"]
    'lower'
    """
    rows = []
    for k in _catalogue_raw():
        c = k["compute"]
        cols = [c[x] for x in ("column", "numerator", "denominator", "numerator2", "denominator2", "other") if x in c]
        rows.append({"id": k["id"], "name": k["name"], "category": k["category"], "definition": k["definition"],
                     "formula": k["formula"], "unit": k["unit"], "better": k["better"],
                     "target": float(k["target"]) if "target" in k else np.nan,
                     "sectors": list(k["sectors"]), "blind_spot": k["blind_spot"], "columns": cols})
    return pd.DataFrame(rows)


def _needed_columns(spec: dict) -> list[str]:
    c = spec["compute"]
    return [c[x] for x in ("column", "numerator", "denominator", "numerator2", "denominator2", "other") if x in c]


def _check_kpi_names(kpis, name: str = "kpis", known: Sequence[str] | None = None) -> list[str]:
    known = list(_specs()) if known is None else list(known)
    if isinstance(kpis, str):
        kpis = [kpis]
    kpis = list(kpis)
    unknown = [k for k in kpis if k not in known]
    if unknown:
        raise ParameterError(name, unknown, "KPI ids from the catalogue: " + ", ".join(known))
    return kpis


# --------------------------------------------------------------------------- compute


def size_band(members, bands: Sequence[tuple[int, str]] = DEFAULT_SIZE_BANDS) -> pd.Series:
    """The size band (a label) for each number of members; missing members give no band."""
    m = pd.to_numeric(pd.Series(members), errors="coerce").astype(float)
    lows = [b[0] for b in bands]
    if sorted(lows) != lows or len(set(lows)) != len(lows) or lows[0] > 0:
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


# --------------------------------------------------------------------------- orientation


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


# --------------------------------------------------------------------------- benchmark


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


# --------------------------------------------------------------------------- composite index


def _check_weights(weights, kpi_ids: np.ndarray) -> dict[str, float]:
    if not isinstance(weights, Mapping) or not weights:
        raise ParameterError("weights", weights, "a mapping of KPI id → weight, e.g. {'active_member_share': 1}")
    known = list(_specs())
    unknown = [k for k in weights if k not in known]
    if unknown:
        raise ParameterError("weights", dict(weights), f"KPI ids from the catalogue; unknown: {', '.join(map(str, unknown))}. "
                             f"Known: {', '.join(known)}")
    w = {}
    for k, v in weights.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not math.isfinite(v) or v < 0:
            raise ParameterError(f"weights[{k!r}]", v, "a weight of 0 or more")
        w[k] = float(v)
    if sum(w.values()) <= 0:
        raise ParameterError("weights", dict(weights), "at least one weight above 0 (they cannot all be zero)")
    present = set(pd.unique(kpi_ids))
    absent = [k for k, v in w.items() if v > 0 and k not in present]
    if absent:
        raise ParameterError("weights", dict(weights),
                             f"KPIs that have values in this year; none for: {', '.join(absent)}")
    return {k: v for k, v in w.items() if v > 0}


def _normalised_matrix(kpi_values, weights, year, normalise, targets, missing):
    if normalise not in ("minmax", "rank"):
        raise ParameterError("normalise", normalise, '"minmax" or "rank"')
    if missing not in ("drop", "reweight"):
        raise ParameterError("missing", missing, '"drop" (leave out collectives missing a weighted KPI) or "reweight"')
    _check_values(kpi_values)
    targets = _check_targets(targets)
    extra = [c for c in ("sector", "size_band") if c in kpi_values.columns]
    A = _year_arrays(kpi_values, year, ["collective_id", "kpi", "value", *extra])
    w = _check_weights(weights, A["kpi"])
    names = list(w)
    sel = np.zeros(len(A["kpi"]), dtype=bool)
    k_idx = np.full(len(A["kpi"]), -1)
    for j, name in enumerate(names):
        m = A["kpi"] == name
        sel |= m
        k_idx[m] = j
    sel &= ~np.isnan(A["value"])
    ids, first, id_idx = np.unique(A["collective_id"][sel].astype(str), return_index=True, return_inverse=True)
    X = np.full((len(ids), len(names)), np.nan)
    X[id_idx, k_idx[sel]] = _oriented(A["kpi"][sel], A["value"][sel], targets)
    info = {c: A[c][sel][first] for c in ["collective_id", *extra]}
    if missing == "drop":
        keep = ~np.isnan(X).any(axis=1)
        X, ids = X[keep], ids[keep]
        info = {c: v[keep] for c, v in info.items()}
        if len(ids) == 0:
            raise DataError(_VALUES, [Problem(f"no collective has values for all weighted KPIs in {year}",
                                              expected="use missing='reweight' or weight KPIs of the same sector")])
    N = np.full_like(X, np.nan)
    for j in range(X.shape[1]):
        x = X[:, j]
        ok = ~np.isnan(x)
        if not ok.any():
            continue
        if normalise == "minmax":
            lo, hi = x[ok].min(), x[ok].max()
            N[ok, j] = (x[ok] - lo) / (hi - lo) if hi > lo else 0.5
        else:
            r = rankdata(x[ok], method="average")
            N[ok, j] = (r - 1) / (ok.sum() - 1) if ok.sum() > 1 else 0.5
    return N, ids, names, np.array([w[k] for k in names]), info


def _scores(N: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Weighted mean of the available normalised values; N is n × k, W is k × d."""
    mask = ~np.isnan(N)
    num = np.where(mask, N, 0.0) @ W
    den = mask.astype(float) @ W
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score, ties share the best rank; along axis 0."""
    return rankdata(-scores, method="min", axis=0)


def composite_index(kpi_values: pd.DataFrame, weights: Mapping[str, float], year, normalise: str = "minmax", *,
                    targets: Mapping[str, float] | None = None, missing: str = "drop") -> pd.DataFrame:
    """One score per collective: a weighted mean of normalised indicators.

    Each weighted indicator is first turned so that higher is better ("lower" indicators
    negated, "target" indicators as −|value − target|), then normalised over the collectives
    of that year: ``"minmax"`` maps the worst to 0 and the best to 1; ``"rank"`` uses the
    rank (0 = worst, 1 = best), which ignores how far apart collectives are. The score is the
    weighted mean of the normalised values (weights are rescaled to sum to 1).

    Parameters
    ----------
    kpi_values : output of :func:`compute`.
    weights : KPI id → weight (≥ 0, not all 0). KPIs with weight 0 are ignored.
    year : the year to score.
    normalise : "minmax" or "rank".
    targets : override the catalogue's targets of "target" indicators, e.g. ``{"board_women_share": 0.4}``.
    missing : "drop" leaves out collectives without a value for every weighted KPI (the
        default); "reweight" averages over the KPIs they do have.

    Returns
    -------
    DataFrame sorted by rank: collective_id, sector, size_band (when present), score (0–1),
    rank (1 = best), n_kpis, and one column per weighted KPI with its normalised value.

    Example
    -------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"collective_id": ["A", "B", "A", "B"], "year": 2024, "sector": "energy",
    ...     "kpi": ["active_member_share"] * 2 + ["subsidy_dependence"] * 2, "value": [0.5, 0.3, 0.4, 0.1]})
    >>> composite_index(v, {"active_member_share": 1, "subsidy_dependence": 1}, 2024)[["collective_id", "score"]]
      collective_id  score
    0             A    0.5
    1             B    0.5
    """
    N, ids, names, w, info = _normalised_matrix(kpi_values, weights, year, normalise, targets, missing)
    score = _scores(N, w[:, None])[:, 0]
    out = pd.DataFrame({c: v for c, v in info.items()})
    out["score"] = score
    out["rank"] = _ranks(score).astype(int)
    out["n_kpis"] = (~np.isnan(N)).sum(axis=1)
    for j, k in enumerate(names):
        out[k] = N[:, j]
    return out.sort_values(["rank", "collective_id"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class WeightSensitivity:
    """How rankings move when the weights change.

    summary : per collective — base_rank, best_rank, worst_rank, rank_range, median_rank,
        share_top (share of scenarios in which it is in the top ``top``), sorted by base rank.
    ranks : tidy — collective_id, scenario, rank.
    scenarios : one row per scenario with its (normalised) weights and a description.
    """

    summary: pd.DataFrame
    ranks: pd.DataFrame = field(repr=False)
    scenarios: pd.DataFrame = field(repr=False)


def weight_sensitivity(kpi_values: pd.DataFrame, weights: Mapping[str, float], year, normalise: str = "minmax", *,
                       method: str = "dirichlet", n_draws: int = 500, concentration: float | None = None,
                       factors: Sequence[float] = (0.0, 0.5, 2.0), top: int = 10, seed: int = 0,
                       targets: Mapping[str, float] | None = None, missing: str = "drop") -> WeightSensitivity:
    """Recompute the composite ranking under other weights and report how far ranks move.

    Methods
    -------
    ``"dirichlet"`` : ``n_draws`` random weight vectors. With ``concentration=None`` every
        weighting of the chosen KPIs is equally likely (Dirichlet(1, …, 1)); with a
        concentration c the draws scatter around your weights (Dirichlet(c · k · w), larger c
        = closer to your weights).
    ``"one_at_a_time"`` : each KPI's weight multiplied by each of ``factors`` (0 = leave it
        out) while the others stay as they are.

    A collective whose rank spans half the list under reasonable weights is not "better" or
    "worse" than its neighbours in any robust sense: the ranking reflects the weights.

    Example
    -------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"collective_id": ["A", "B", "A", "B"], "year": 2024, "sector": "energy",
    ...     "kpi": ["active_member_share"] * 2 + ["subsidy_dependence"] * 2, "value": [0.5, 0.3, 0.4, 0.1]})
    >>> s = weight_sensitivity(v, {"active_member_share": 1, "subsidy_dependence": 1}, 2024, n_draws=100)
    >>> s.summary[["collective_id", "best_rank", "worst_rank"]].to_dict("records")
    [{'collective_id': 'A', 'best_rank': 1, 'worst_rank': 2}, {'collective_id': 'B', 'best_rank': 1, 'worst_rank': 2}]
    """
    if method not in ("dirichlet", "one_at_a_time"):
        raise ParameterError("method", method, '"dirichlet" or "one_at_a_time"')
    if not isinstance(top, (int, np.integer)) or top < 1:
        raise ParameterError("top", top, "a whole number, 1 or more")
    N, ids, names, w, info = _normalised_matrix(kpi_values, weights, year, normalise, targets, missing)
    k = len(names)
    w = w / w.sum()
    if method == "dirichlet":
        if not isinstance(n_draws, (int, np.integer)) or not 1 <= n_draws <= 100_000:
            raise ParameterError("n_draws", n_draws, "a whole number from 1 to 100000")
        if concentration is None:
            alpha = np.ones(k)
        elif isinstance(concentration, (int, float)) and math.isfinite(concentration) and concentration > 0:
            alpha = concentration * k * w
        else:
            raise ParameterError("concentration", concentration, "None (any weighting) or a number above 0, e.g. 10")
        rng = np.random.default_rng(seed)
        W = rng.dirichlet(alpha, size=n_draws).T if k > 1 else np.ones((1, n_draws))
        labels = [f"draw {i + 1}" for i in range(W.shape[1])]
    else:
        fs = list(factors)
        if not fs or any(not isinstance(f, (int, float)) or not math.isfinite(f) or f < 0 for f in fs):
            raise ParameterError("factors", factors, "a list of multipliers of 0 or more, e.g. (0, 0.5, 2)")
        cols, labels = [], []
        for j, name in enumerate(names):
            for f in fs:
                v = w.copy()
                v[j] *= f
                if v.sum() <= 0:
                    continue
                cols.append(v / v.sum())
                labels.append(f"{name} × {f:g}")
        if not cols:
            raise ParameterError("factors", factors, "multipliers that leave at least one weight above 0")
        W = np.column_stack(cols)
    base_rank = _ranks(_scores(N, w[:, None])[:, 0])
    R = _ranks(_scores(N, W))
    summary = pd.DataFrame({c: v for c, v in info.items() if c != "size_band"})
    summary["base_rank"] = base_rank.astype(int)
    summary["best_rank"] = R.min(axis=1).astype(int)
    summary["worst_rank"] = R.max(axis=1).astype(int)
    summary["rank_range"] = summary["worst_rank"] - summary["best_rank"]
    summary["median_rank"] = np.median(R, axis=1)
    summary["share_top"] = (R <= top).mean(axis=1)
    summary = summary.sort_values(["base_rank", "collective_id"], kind="stable").reset_index(drop=True)
    ranks = pd.DataFrame({"collective_id": np.repeat(info["collective_id"], len(labels)),
                          "scenario": np.tile(labels, len(ids)), "rank": R.reshape(-1).astype(int)})
    scenarios = pd.DataFrame(W.T, columns=names)
    scenarios.insert(0, "scenario", labels)
    summary.attrs.update(method=method, n_scenarios=len(labels), top=top)
    return WeightSensitivity(summary=summary, ranks=ranks, scenarios=scenarios)
