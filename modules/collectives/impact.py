"""Impact measurement and evaluation (deep dive 4): one import for the chapter.

Re-exports the evaluation designs of :mod:`collectives.evaluation` (did the programme make a
difference?) and the valuation methods of :mod:`collectives.valuation` (what is the
difference worth?). See those modules for the details and the sources.

Example
-------
>>> from collectives import impact
>>> impact.lm3(100_000, 60_000, respend_share=0.5).ratio
1.9
"""

from collectives.evaluation import (
    DEFAULT_MIN_CLUSTERS,
    Effect,
    ITSResult,
    before_after,
    did,
    did_panel,
    event_study,
    interrupted_time_series,
    placebo,
    regression_with_controls,
    treated_vs_control,
)
from collectives.valuation import (
    MKBA_STANDARD_DISCOUNT_RATE_NL_2021,
    VALUE_MAP_COLUMNS,
    CBAResult,
    LM3Result,
    SROIResult,
    lm3,
    npv,
    social_cba,
    sroi,
    sroi_sensitivity,
    volunteer_value,
)

__all__ = [
    "CBAResult",
    "DEFAULT_MIN_CLUSTERS",
    "Effect",
    "ITSResult",
    "LM3Result",
    "MKBA_STANDARD_DISCOUNT_RATE_NL_2021",
    "SROIResult",
    "VALUE_MAP_COLUMNS",
    "before_after",
    "did",
    "did_panel",
    "event_study",
    "interrupted_time_series",
    "lm3",
    "npv",
    "placebo",
    "regression_with_controls",
    "social_cba",
    "sroi",
    "sroi_sensitivity",
    "treated_vs_control",
    "volunteer_value",
]
