"""Community engagement and participation (deep dive 3): pure computations, one module per concern.

- :mod:`~collectives.engagement.stakeholders` — power–interest grid, salience, IAP2 levels
- :mod:`~collectives.engagement.network` — centrality, brokers, components
- :mod:`~collectives.engagement.diffusion` — independent cascade, whom to tell first
- :mod:`~collectives.engagement.reach` — which channel reaches whom, a mix within a budget
- :mod:`~collectives.engagement.opinion` — a Pol.is-style opinion map
- :mod:`~collectives.engagement.choice` — a discrete-choice experiment (conditional logit)

Example
-------
>>> from collectives import engagement
>>> engagement.salience(True, True, True)
'definitive'
"""

from collectives.engagement.choice import estimate, sample_size_simulation, willingness_to_pay
from collectives.engagement.diffusion import choose_first, expected_reach, reach_over_time
from collectives.engagement.network import brokers, centrality, components, cut_off, network_graph
from collectives.engagement.opinion import OpinionMap, map_stability, opinion_map
from collectives.engagement.reach import best_mix, mix_reach
from collectives.engagement.stakeholders import (
    IAP2_LEVELS, SALIENCE_TYPES, classify, engagement_plan, iap2_level, mendelow, salience,
    salience_over_phases,
)

__all__ = [
    "IAP2_LEVELS", "SALIENCE_TYPES", "OpinionMap", "best_mix", "brokers", "centrality", "choose_first",
    "classify", "components", "cut_off", "engagement_plan", "estimate", "expected_reach", "iap2_level",
    "map_stability", "mendelow", "mix_reach", "network_graph", "opinion_map", "reach_over_time", "salience",
    "salience_over_phases", "sample_size_simulation", "willingness_to_pay",
]
