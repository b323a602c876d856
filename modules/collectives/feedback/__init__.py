"""Feedback loops: causal loop polarity, small stock-and-flow simulations, survey-driven PDCA.

Pure computations, no plotting (see :mod:`collectives.figures.feedback`). Three concerns of
deep dive 4 on continuous improvement:

- :func:`find_loops` finds every feedback loop in a causal loop diagram given as signed
  links and says whether it is **reinforcing** (R: an even number of negative links) or
  **balancing** (B: an odd number), the counting rule of system dynamics (Sterman 2000).
- :func:`recruitment_with_delay` simulates a board that steers its number of volunteers
  on a **lagging** indicator: it sees the count of ``delay_months`` ago. With no delay the
  count approaches the goal exponentially and never overshoots; with a delay it overshoots
  and oscillates.
- :func:`volunteer_burnout` simulates the volunteer–workload–burnout loops: ordinary
  attrition (balancing) and the overload spiral (reinforcing) with a tipping point.
- :func:`survey_item_summary` ranks member-survey items, the "check" step of a
  plan–do–check–act cycle.

All simulations are deterministic and use Euler steps of ``dt_months``: O(months ÷ dt_months) time
and memory, refused above :data:`MAX_STEPS` steps before anything is allocated; their equations are
in each docstring.

Example
-------
>>> links = [("participation", "trust", "+"), ("trust", "participation", "+")]
>>> find_loops(links)[["loop", "kind"]].to_dict("records")
[{'loop': 'participation → trust → participation', 'kind': 'reinforcing'}]
"""

from __future__ import annotations

from collectives.feedback.causal_loops import find_loops, loop_polarity
from collectives.feedback.pdca import survey_item_summary
from collectives.feedback.simulations import (
    BurnoutResult, DelayResult, MAX_STEPS, recruitment_with_delay, volunteer_burnout,
)

__all__ = [
    "BurnoutResult",
    "DelayResult",
    "find_loops",
    "loop_polarity",
    "recruitment_with_delay",
    "survey_item_summary",
    "volunteer_burnout",
]
