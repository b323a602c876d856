"""The municipality's instruments towards citizen collectives, and a chooser: the collective's
situation and the municipality's goal in, the instruments that fit out, with their conditions
and risks. Orientation for teaching, not legal advice.

The catalogue (``collectives/instruments_catalogue.yml``) holds, per instrument, what it is for,
its legal conditions, its risks and its sources. :func:`choose_instruments` applies four
checks that follow from those conditions:

* **need and goal** — the instrument answers what the collective asks for and serves the
  municipality's goal (otherwise it is *not a match*);
* **legal capacity** — ground lease, loans, guarantees and contracts need a legal person with
  full legal capacity: a *vereniging* whose statutes are not in a notarial deed cannot acquire
  registered property (art. 2:30 BW), and an informal group is no legal person at all;
* **sector** — the SCE subsidy is for energy cooperatives, the Woningwet's *wooncoöperatie* is
  for housing;
* **state aid** — support in money or money's worth to a collective with an economic activity
  (an undertaking) fits within the de-minimis ceiling of EUR 300,000 over three years
  (Regulation (EU) 2023/2831); above it, the instrument needs a state-aid check first.

Example
-------
>>> catalogue = load_catalogue()
>>> fit = choose_instruments(catalogue, need="place", goal="local_ownership",
...                          legal_form="vereniging_informal", sector="housing")
>>> fit.set_index("key").loc["ground_lease", "fit"]
'fits once the collective has full legal capacity'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from collectives.errors import ParameterError

__all__ = ["DE_MINIMIS_EUR", "GOALS", "LEGAL_FORMS", "NEEDS", "SECTORS", "choose_instruments",
           "instrument_table", "load_catalogue"]

CATALOGUE_FILE = Path(__file__).resolve().parents[1] / "instruments_catalogue.yml"

#: De-minimis ceiling per undertaking over three years, from 1 January 2024 (Regulation (EU) 2023/2831).
DE_MINIMIS_EUR = 300_000

NEEDS: dict[str, str] = {
    "start_money": "money to get started",
    "investment": "money for an investment",
    "place": "a place: land, a roof or a building",
    "public_task": "to take over or deliver a public task",
    "recognition": "recognition and a steady relationship",
}
GOALS: dict[str, str] = {
    "support_initiative": "support residents' own initiative",
    "deliver_service": "get a public service delivered",
    "local_ownership": "local ownership of energy, housing or facilities",
    "involve_residents": "involve residents in policy",
}
#: Legal forms as the chooser asks about them; True = a legal person with full legal capacity.
LEGAL_FORMS: dict[str, tuple[str, bool]] = {
    "none": ("no legal form (an informal group)", False),
    "vereniging_informal": ("vereniging without notarial deed", False),
    "vereniging": ("vereniging with notarial deed", True),
    "cooperatie": ("coöperatie (U.A., B.A. or W.A.)", True),
    "stichting": ("stichting", True),
}
SECTORS: tuple[str, ...] = ("energy", "housing", "care", "food", "other")

FITS = "fits"
FITS_IF_CAPACITY = "fits once the collective has full legal capacity"
FITS_AFTER_STATE_AID = "fits after a state-aid check"
NO_MATCH = "not a match"
_ORDER = {FITS: 0, FITS_AFTER_STATE_AID: 1, FITS_IF_CAPACITY: 2, NO_MATCH: 3}

_REQUIRED = ("key", "name", "name_nl", "role", "needs", "goals", "requires_legal_person",
             "state_aid_check", "what_for", "conditions", "risks", "legal_basis", "sources")


def load_catalogue(path: Path | str = CATALOGUE_FILE) -> pd.DataFrame:
    """The instrument catalogue as a DataFrame, one row per instrument, checked field by field.

    >>> load_catalogue()["key"].tolist()[:3]
    ['subsidy', 'ground_lease', 'procurement']
    """
    path = Path(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = raw.get("instruments") if isinstance(raw, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ParameterError(path.name, type(raw).__name__, "a mapping with a non-empty list 'instruments'")
    for i, row in enumerate(rows, start=1):
        missing = [f for f in _REQUIRED if f not in row]
        if missing:
            raise ParameterError(f"{path.name}, instrument {i} ({row.get('key', '?')})", ", ".join(missing),
                                 "every field of " + ", ".join(_REQUIRED))
        unknown = sorted(set(row["needs"]) - set(NEEDS)) + sorted(set(row["goals"]) - set(GOALS))
        if unknown:
            raise ParameterError(f"{path.name}, instrument {row['key']}", ", ".join(unknown),
                                 "needs from " + ", ".join(NEEDS) + " and goals from " + ", ".join(GOALS))
    frame = pd.DataFrame(rows)
    for flag in ("energy_only", "housing_only"):
        frame[flag] = frame.get(flag, pd.Series(False, index=frame.index)).fillna(False).astype(bool)
    return frame


def _check(name: str, value: Any, allowed) -> None:
    if value not in allowed:
        raise ParameterError(name, value, "one of " + ", ".join(str(a) for a in allowed))


def choose_instruments(catalogue: pd.DataFrame, *, need: str, goal: str, legal_form: str = "cooperatie",
                       sector: str = "energy", economic_activity: bool = True,
                       support_eur: float = 0) -> pd.DataFrame:
    """Which instruments fit the collective's situation and the municipality's goal, and why.

    Parameters
    ----------
    catalogue
        From :func:`load_catalogue`.
    need
        What the collective asks for: a key of :data:`NEEDS`.
    goal
        What the municipality wants to achieve: a key of :data:`GOALS`.
    legal_form
        A key of :data:`LEGAL_FORMS`.
    sector
        One of :data:`SECTORS`.
    economic_activity
        Whether the collective offers goods or services on a market (then it is an undertaking
        for the state-aid rules).
    support_eur
        The support in money or money's worth over three years, counting earlier de-minimis aid.

    Returns
    -------
    DataFrame
        One row per instrument: ``key``, ``name``, ``fit`` (``fits``, ``fits after a state-aid
        check``, ``fits once the collective has full legal capacity``, ``not a match``),
        ``why``, ``conditions``, ``risks``, ``sources``; best fits first.
    """
    _check("need", need, NEEDS)
    _check("goal", goal, GOALS)
    _check("legal_form", legal_form, LEGAL_FORMS)
    _check("sector", sector, SECTORS)
    if not isinstance(economic_activity, bool):
        raise ParameterError("economic_activity", economic_activity, "True or False")
    if isinstance(support_eur, bool) or not isinstance(support_eur, (int, float)) or not support_eur >= 0:
        raise ParameterError("support_eur", support_eur, "an amount in euro of 0 or more")
    form_label, full_capacity = LEGAL_FORMS[legal_form]
    above_de_minimis = economic_activity and support_eur > DE_MINIMIS_EUR
    rows = []
    for item in catalogue.itertuples(index=False):
        reasons: list[str] = []
        fit = FITS
        if need not in item.needs:
            fit, reasons = NO_MATCH, [f"does not answer {NEEDS[need]}"]
        elif goal not in item.goals:
            fit, reasons = NO_MATCH, [f"does not serve the goal '{GOALS[goal]}'"]
        elif item.energy_only and sector != "energy":
            fit, reasons = NO_MATCH, ["only for energy collectives"]
        elif item.housing_only and sector != "housing":
            fit, reasons = NO_MATCH, ["only for housing collectives"]
        else:
            reasons.append("answers the need and serves the goal")
            if item.requires_legal_person and not full_capacity:
                fit = FITS_IF_CAPACITY
                reasons.append(f"needs a legal person with full legal capacity; a {form_label} is not one")
            if item.state_aid_check and above_de_minimis:
                fit = fit if fit == FITS_IF_CAPACITY else FITS_AFTER_STATE_AID
                reasons.append(f"support of EUR {support_eur:,.0f} to an undertaking is above the de-minimis "
                               f"ceiling of EUR {DE_MINIMIS_EUR:,} over three years")
            elif item.state_aid_check and economic_activity:
                reasons.append(f"within the de-minimis ceiling of EUR {DE_MINIMIS_EUR:,} (record it)")
        rows.append({"key": item.key, "name": item.name, "fit": fit, "why": "; ".join(reasons),
                     "conditions": " ".join(item.conditions), "risks": " ".join(item.risks),
                     "sources": ", ".join(item.sources)})
    result = pd.DataFrame(rows)
    result["rank"] = result["fit"].map(_ORDER)
    return result.sort_values(["rank", "key"], kind="stable").drop(columns="rank").reset_index(drop=True)


def instrument_table(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The catalogue as a reading table: instrument, Dutch name, role, what for, conditions, risks.

    >>> instrument_table(load_catalogue()).columns.tolist()[:3]
    ['Instrument', 'Dutch', 'Role']
    """
    return pd.DataFrame({
        "Instrument": catalogue["name"],
        "Dutch": catalogue["name_nl"],
        "Role": catalogue["role"],
        "What it is for": catalogue["what_for"],
        "Conditions": catalogue["conditions"].map(" ".join),
        "Risks": catalogue["risks"].map(" ".join),
    })
