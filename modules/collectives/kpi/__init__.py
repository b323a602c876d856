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

from collectives.kpi.benchmarking import benchmark
from collectives.kpi.catalogue import catalogue
from collectives.kpi.composite import WeightSensitivity, composite_index, weight_sensitivity
from collectives.kpi.indicators import DEFAULT_SIZE_BANDS, compute, size_band, to_wide

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
