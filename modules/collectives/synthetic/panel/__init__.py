"""The synthetic monitor panel: ~400 citizen collectives, 40 municipalities, 2014–2025.

Everything in this panel is invented, by a seeded generator with a documented ground truth
(:data:`GROUND_TRUTH`), so that evaluation exercises can check whether a method finds it:

- a municipal support programme starts in 2020 in 12 of the 40 municipalities, chosen *not*
  at random (they already had higher membership growth and volunteer retention), and raises
  the annual membership growth rate by 3 percentage points and volunteer retention by 5;
- a common dip in 2020–2021 hits every collective;
- membership follows a Bass diffusion curve with known p, q and market potential m per sector;
- volunteer workload above 4 hours a week per volunteer lowers next year's retention;
- collectives end with a constant yearly probability that depends on sector and founding cohort.

Example
-------
>>> from collectives.synthetic import monitor_panel
>>> panel = monitor_panel()                       # the committed datasets/monitor_panel.csv
>>> random_panel = monitor_panel(selection_strength=0)   # same world, random assignment
"""

from __future__ import annotations

from collectives.synthetic.panel.generator import monitor_panel
from collectives.synthetic.panel.truth import (
    BassParameters, COLUMNS, DEFAULT_SEED, FIRST_YEAR, GROUND_TRUTH, LAST_YEAR, OUTPUT_COLUMNS,
    PanelTruth, bass_cumulative,
)
from collectives.vocabulary import SECTORS  # the dataset's category order
