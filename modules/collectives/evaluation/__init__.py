"""Did the programme make a difference? Evaluation designs on tidy data (deep dive 4).

One package for one subject:

- :mod:`.designs` — the two-by-two designs (:func:`did`, :func:`before_after`,
  :func:`treated_vs_control`, :func:`regression_with_controls`) and the interrupted time
  series (:func:`interrupted_time_series`);
- :mod:`.panel` — the panel estimators: two-way fixed effects (:func:`did_panel`), the event
  study (:func:`event_study`) and the placebo test (:func:`placebo`), with the small-sample
  convention of their cluster-robust standard errors named (:data:`SMALL_SAMPLE`);
- :mod:`.results` — what they return (:class:`Effect`, :class:`ITSResult`), each keeping its
  fitted model so that a chapter can show the regression table (``Effect.table()``);
- :mod:`.case_study` — the support-programme case study on the synthetic monitor panel, kept
  apart: every design side by side against the known truth, and the stored grid of results
  (``datasets/evaluation_grid``).

Valuation (what is the difference worth: SROI, MKBA, LM3) is :mod:`collectives.valuation`.

Example
-------
>>> import pandas as pd
>>> from collectives import evaluation
>>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0, 1.1, 2.1, 2.9, 6.1],
...                    "treated": [0, 0, 1, 1] * 2, "post": [0, 1, 0, 1] * 2})
>>> round(evaluation.did(df, "y", treated="treated", post="post").estimate, 2)
2.1
"""

from collectives.evaluation._common import DEFAULT_MIN_CLUSTERS
from collectives.evaluation.designs import (
    before_after,
    did,
    interrupted_time_series,
    regression_with_controls,
    treated_vs_control,
)
from collectives.evaluation.panel import SMALL_SAMPLE, FixedEffectsFit, did_panel, event_study, placebo
from collectives.evaluation.results import Effect, ITSResult, coefficient_table
from collectives.validate import require_columns

__all__ = [
    "DEFAULT_MIN_CLUSTERS",
    "SMALL_SAMPLE",
    "Effect",
    "FixedEffectsFit",
    "ITSResult",
    "before_after",
    "coefficient_table",
    "did",
    "did_panel",
    "event_study",
    "interrupted_time_series",
    "placebo",
    "regression_with_controls",
    "require_columns",
    "treated_vs_control",
]
