"""The KPI catalogue: reading ``kpi_catalogue.yml`` (shipped with the package), the catalogue as a
table, the columns each indicator needs, and the check that KPI ids given by a user are in it.
Every other module of :mod:`collectives.kpi` looks indicators up here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from collectives.errors import ParameterError

__all__ = ["catalogue"]


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
