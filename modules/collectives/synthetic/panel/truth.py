"""The documented side of the synthetic monitor panel: its columns, seed and years, the ground
truth built into it (:class:`PanelTruth`, :data:`GROUND_TRUTH`, with the Bass diffusion
parameters per sector) and the Bass cumulative adoption curve, so that an exercise can check
whether a method recovers what the generator put in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np


OUTPUT_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "energy": "kwh_produced",
        "housing": "homes",
        "care": "care_hours",
        "food": "meals",
        "work": "jobs_fte",
        "mobility": "trips",
        "social_wellbeing": "activities",
    }
)
COLUMNS: tuple[str, ...] = (
    "collective_id", "name", "municipality", "sector", "founded_year", "ended_year", "year",
    "members", "active_members", "volunteers", "volunteers_retained", "volunteer_hours_per_week",
    "meetings", "meeting_attendance", "board_size", "board_women", "members_women",
    "revenue_eur", "subsidies_eur", "programme_municipality", "municipal_support",
    "kwh_produced", "homes", "care_hours", "meals", "jobs_fte", "trips", "activities",
)
DEFAULT_SEED = 20251208
FIRST_YEAR, LAST_YEAR = 2014, 2025


def _frozen(d: dict) -> Mapping:
    return MappingProxyType({k: _frozen(v) if isinstance(v, dict) else v for k, v in d.items()})


@dataclass(frozen=True)
class BassParameters:
    """Bass (1969) diffusion of membership in one sector of the synthetic world.

    ``p`` innovation and ``q`` imitation coefficient per year; ``m`` the market potential
    (members) of an average collective of the sector; ``start_year`` the year the sector's
    diffusion starts (t = year − start_year).
    """

    p: float
    q: float
    m: int
    start_year: int


@dataclass(frozen=True)
class PanelTruth:
    """The ground truth built into :func:`monitor_panel` (default parameters).

    Rates are in percentage points (pp) of a yearly rate; see datasets/monitor_panel.md for the
    full model.
    """

    programme_start_year: int = 2020
    n_programme_municipalities: int = 12
    effect_growth_pp: float = 3.0
    effect_retention_pp: float = 5.0
    selection_strength: float = 1.0
    # municipal levels: growth = sd * z, retention = sd * z, z ~ N(0, 1) per municipality;
    # a municipality joins when selection_strength * z + N(0, 1) is among the 12 highest
    municipal_growth_sd_pp: float = 2.5
    municipal_retention_sd_pp: float = 3.0
    # common shocks, added to every collective in that year
    year_shock_growth_pp: Mapping[int, float] = field(
        default_factory=lambda: MappingProxyType({2020: -4.0, 2021: -2.0})
    )
    year_shock_retention_pp: Mapping[int, float] = field(
        default_factory=lambda: MappingProxyType({2020: -6.0, 2021: -3.0})
    )
    growth_noise_sd_pp: float = 1.5
    bass: Mapping[str, BassParameters] = field(
        default_factory=lambda: MappingProxyType(
            {
                "energy": BassParameters(0.03, 0.38, 400, 2006),
                "housing": BassParameters(0.02, 0.30, 80, 2008),
                "care": BassParameters(0.03, 0.30, 250, 2005),
                "social_wellbeing": BassParameters(0.05, 0.35, 150, 2006),
                "food": BassParameters(0.04, 0.45, 200, 2008),
                "work": BassParameters(0.04, 0.25, 60, 2007),
                "mobility": BassParameters(0.02, 0.35, 180, 2008),
            }
        )
    )
    market_potential_sd_log: float = 0.35
    base_retention: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"energy": 0.82, "housing": 0.86, "care": 0.74, "social_wellbeing": 0.76,
             "food": 0.72, "work": 0.80, "mobility": 0.76}
        )
    )
    # burnout: retention(t) falls by slope * (hours per volunteer per week in t-1 - threshold)
    burnout_threshold_hours_per_volunteer: float = 4.0
    burnout_slope_pp_per_hour: float = 4.0
    burnout_max_pp: float = 30.0
    # yearly probability of ending, by sector, times a founding-cohort multiplier
    ending_hazard: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"energy": 0.012, "housing": 0.008, "care": 0.025, "social_wellbeing": 0.04,
             "food": 0.05, "work": 0.045, "mobility": 0.06}
        )
    )
    cohort_hazard_multiplier: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"founded_before_2014": 0.7, "founded_2014_2019": 1.0, "founded_2020_or_later": 1.5}
        )
    )

    def as_dict(self) -> dict:
        """Plain nested dict (for YAML and JSON)."""

        def plain(v):
            if isinstance(v, Mapping):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, BassParameters):
                return asdict(v)
            return v

        return {k: plain(getattr(self, k)) for k in self.__dataclass_fields__}


GROUND_TRUTH = PanelTruth()


def bass_cumulative(t, p: float, q: float):
    """Bass (1969) cumulative adoption share F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t})."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1 - e) / (1 + (q / p) * e)
