"""Inputs and parameters of the stock-flow model: levers, drivers, outputs, and every parameter
with where its value comes from.

Example
-------
>>> DEFAULTS.q, LEVERS["permit_months"][1:3]
(0.38, (1.0, 48.0))
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from collectives.errors import ParameterError

__all__ = ["DEFAULTS", "DRIVERS", "LEVERS", "VARIABLES", "ModelParameters", "assumptions", "with_parameters"]

#: Municipal levers: name → (label, low, high, default, kind).
LEVERS: dict[str, tuple] = {
    "grant_eur": ("Yearly grant per collective (euro)", 0.0, 50_000.0, 0.0, "number"),
    "contact_person": ("A contact person at the town hall", 0, 1, False, "flag"),
    "site_access": ("Share of suitable municipal roofs, land and buildings offered (0–1)", 0.0, 1.0, 0.0, "number"),
    "local_tender": ("Tender criteria that favour local ownership", 0, 1, False, "flag"),
    "loan_guarantee": ("A municipal loan guarantee", 0, 1, False, "flag"),
    "permit_months": ("Time to a permit (months)", 1.0, 48.0, 12.0, "number"),
}
#: Outside drivers: name → (label, low, high, default, kind).
DRIVERS: dict[str, tuple] = {
    "energy_price": ("Energy price relative to today (1 = today)", 0.3, 3.0, 1.0, "number"),
    "national_subsidy": ("National subsidy scheme for cooperative generation continues", 0, 1, True, "flag"),
    "volunteer_availability": ("Volunteer availability relative to today (1 = today)", 0.3, 2.0, 1.0, "number"),
}
#: Variables in the output of :func:`simulate`, with what they sum or average over collectives.
VARIABLES: dict[str, str] = {
    "members": "sum", "volunteers": "sum", "projects": "sum", "projects_in_preparation": "sum",
    "reserves_eur": "sum", "trust": "mean", "hours_per_volunteer": "mean", "overloaded_collectives": "count",
}


@dataclass(frozen=True)
class ModelParameters:
    """Every parameter of the model. Rates per year; pp = percentage points.

    The defaults marked *panel* in :func:`assumptions` were estimated from the synthetic
    monitor panel by :func:`collectives.scenarios.estimate.estimate_parameters` (and are
    replaced by its estimates in the chapter); *literature* ones are sourced; the rest are
    assumptions of this course, listed on the chapter page.
    """

    p: float = 0.03                        # Bass innovation (Sultan, Farley & Lehmann 1990 average)
    q: float = 0.38                        # Bass imitation (same source)
    q_sd_log: float = 0.25                 # uncertainty of q between runs (assumption)
    potential_multiple: float = 2.0        # potential members = 2 × members when not given (assumption)
    growth_noise_sd: float = 0.015         # yearly noise in membership growth (panel)
    effect_growth: float = 0.03            # support programme: + growth rate (panel)
    effect_growth_se: float = 0.003
    effect_retention: float = 0.05         # support programme: + volunteer retention (panel)
    effect_retention_se: float = 0.008
    programme_grant_eur: float = 7_500.0   # average yearly programme grant in the panel (panel generator)
    base_retention: float = 0.82           # volunteer retention without overload (panel)
    base_retention_sd: float = 0.02
    burnout_threshold: float = 4.0         # hours per volunteer per week (panel)
    burnout_slope: float = 0.04            # retention lost per hour above the threshold (panel)
    burnout_slope_sd: float = 0.01
    burnout_max: float = 0.30              # (panel)
    volunteer_share: float = 0.06          # volunteer target = 4 + share × members (panel)
    recruit_rate: float = 0.6              # share of the gap to the target recruited a year (panel)
    workload_w: float = 2.0                # hours/week = w × members^b (panel)
    workload_b: float = 0.6
    hours_per_project_in_preparation: float = 3.0   # volunteer hours/week per project in preparation (assumption)
    contact_retention: float = 0.02        # a contact person: + retention (assumption)
    trust_start: float = 0.5
    trust_time_years: float = 3.0          # trust closes 1/3 of the gap a year (assumption)
    price_elasticity_q: float = 0.3        # q × price^0.3 (assumption)
    price_sd_log: float = 0.15             # yearly energy-price noise (assumption)
    project_equity_eur: float = 25_000.0   # own money a project needs (assumption)
    guarantee_share: float = 0.5           # a loan guarantee halves the equity needed (assumption)
    project_revenue_eur: float = 12_000.0  # net revenue per running project per year at today's price (assumption)
    subsidy_share: float = 0.3             # share of that revenue that depends on the national scheme (assumption)
    site_rate: float = 0.3                 # projects started a year with no municipal sites (assumption)
    site_bonus: float = 0.7                # extra starts a year when all municipal sites are offered (assumption)
    tender_bonus: float = 0.3              # × (1 + 0.3) starts with local-ownership tender criteria (assumption)
    members_per_project: float = 0.1       # potential rises 10% per running project, up to +50% (assumption)
    member_capital_eur: float = 100.0      # money each new member brings in for projects (assumption)
    capacity_floor: float = 0.25           # with too few volunteers, recruitment of members slows, to 25% at least (assumption)


DEFAULTS = ModelParameters()

_SOURCES = {
    "p": ("literature", "sultan1990-scn"), "q": ("literature", "sultan1990-scn"),
    "growth_noise_sd": ("panel", None), "effect_growth": ("panel", None), "effect_growth_se": ("panel", None),
    "effect_retention": ("panel", None), "effect_retention_se": ("panel", None),
    "programme_grant_eur": ("panel", None), "base_retention": ("panel", None),
    "burnout_threshold": ("panel", None), "burnout_slope": ("panel", None), "burnout_slope_sd": ("panel", None),
    "burnout_max": ("generator", None), "volunteer_share": ("panel", None), "recruit_rate": ("generator", None),
    "workload_w": ("panel", None), "workload_b": ("panel", None),
}
_MEANING = {
    "p": "Bass innovation coefficient (joining on one's own), per year",
    "q": "Bass imitation coefficient (joining because others did), per year",
    "q_sd_log": "spread of q between Monte Carlo runs (log scale)",
    "potential_multiple": "potential members as a multiple of today's members, when not given",
    "growth_noise_sd": "yearly random variation of membership growth",
    "effect_growth": "support programme: extra membership growth per year",
    "effect_growth_se": "standard error of that effect",
    "effect_retention": "support programme: extra volunteer retention",
    "effect_retention_se": "standard error of that effect",
    "programme_grant_eur": "grant at which the programme effect is reached (grants scale it, saturating)",
    "base_retention": "share of volunteers who stay a year without overload",
    "base_retention_sd": "spread of base retention between runs",
    "burnout_threshold": "hours per volunteer per week above which burnout starts",
    "burnout_slope": "retention lost per hour above the threshold",
    "burnout_slope_sd": "spread of the burnout slope between runs",
    "burnout_max": "largest retention loss from burnout",
    "volunteer_share": "volunteer target: 4 plus this share of members",
    "recruit_rate": "share of the gap to the volunteer target recruited in a year",
    "workload_w": "volunteer hours per week = w × members^b: w",
    "workload_b": "volunteer hours per week = w × members^b: b",
    "hours_per_project_in_preparation": "volunteer hours per week each project in preparation takes",
    "contact_retention": "a contact person at the town hall: extra volunteer retention",
    "trust_start": "trust in the municipality at the start (0–1)",
    "trust_time_years": "years for trust to close the gap to its target (1/3 a year)",
    "price_elasticity_q": "imitation rises with the energy price to this power",
    "price_sd_log": "yearly variation of the energy price (log scale)",
    "project_equity_eur": "own money one project needs",
    "guarantee_share": "share of that equity a loan guarantee removes",
    "project_revenue_eur": "net revenue per running project per year at today's price",
    "subsidy_share": "share of that revenue that depends on the national subsidy scheme",
    "site_rate": "projects a collective can start a year without municipal sites",
    "site_bonus": "extra project starts a year when all suitable municipal sites are offered",
    "tender_bonus": "relative increase of project starts with local-ownership tender criteria",
    "members_per_project": "potential members rise by this share per running project (at most +50%)",
    "member_capital_eur": "money each new member brings in for projects (shares, participations)",
    "capacity_floor": "members join in proportion to volunteers ÷ volunteer target, but at least this share",
}


def assumptions(params: ModelParameters = DEFAULTS) -> pd.DataFrame:
    """Every model parameter with its value, meaning and origin: ``panel`` (estimated from the
    synthetic monitor panel), ``generator`` (taken from the synthetic panel's generator, not
    estimated), ``literature`` (with its BibTeX key) or ``assumption``.

    >>> a = assumptions()
    >>> a.loc[a["parameter"] == "q", "origin"].item()
    'literature'
    """
    rows = []
    for name in ModelParameters.__dataclass_fields__:
        origin, key = _SOURCES.get(name, ("assumption", None))
        rows.append({"parameter": name, "value": getattr(params, name), "meaning": _MEANING[name],
                     "origin": origin, "source": key or {"panel": "estimated from the synthetic monitor panel",
                                                          "generator": "synthetic panel generator"}.get(origin, "")})
    return pd.DataFrame(rows)


def with_parameters(params: ModelParameters, **changes) -> ModelParameters:
    """A copy of ``params`` with some values changed (names checked)."""
    unknown = [k for k in changes if k not in ModelParameters.__dataclass_fields__]
    if unknown:
        raise ParameterError(unknown[0], changes[unknown[0]], "a parameter listed by assumptions()")
    return replace(params, **changes)
