"""The "check" step of a plan–do–check–act cycle: member-survey items ranked by their share of
agreement (:func:`survey_item_summary`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem
from collectives.validate import integer, require_columns, text_list

__all__ = ["survey_item_summary"]


def survey_item_summary(survey: pd.DataFrame, items: Sequence[str], *, agree_from: int = 4,
                        scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Rank Likert items from lowest to highest rated: the "check" step of a PDCA cycle.

    For each item: respondents (non-missing answers), mean with a 95% confidence interval
    (mean ± 1.96 standard errors), share agreeing (score ≥ ``agree_from``) and share
    disagreeing (score ≤ ``scale[0] + 1``, i.e. 1–2 on a 1–5 scale). Sorted by mean, lowest
    first.

    Example
    -------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 5, 5, 4]})
    >>> survey_item_summary(s, ["a", "b"])[["item", "mean", "share_agree"]].to_dict("records")
    [{'item': 'a', 'mean': 2.5, 'share_agree': 0.25}, {'item': 'b', 'mean': 4.5, 'share_agree': 1.0}]
    """
    items = text_list("items", items, what="survey column names")
    if not items:
        raise ParameterError("items", items, "at least one survey column")
    if not (isinstance(scale, (tuple, list)) and len(scale) == 2):
        raise ParameterError("scale", scale, "the lowest and highest score, e.g. (1, 5)")
    low_ = integer("scale[0]", scale[0])
    integer("scale[1]", scale[1], min=low_ + 1, expected=f"a whole number above the lowest score ({low_})")
    agree_from = integer("agree_from", agree_from, min=scale[0], max=scale[1],
                         expected=f"a score from {scale[0]} to {scale[1]}")
    require_columns(survey, items, "'survey' (the table given)", name="survey")
    low, high = scale
    rows = []
    problems = []
    for item in items:
        raw = survey[item]
        converted = pd.to_numeric(raw, errors="coerce").astype(float)
        text = raw.notna() & converted.isna()
        if text.any():
            problems.append(Problem(f"{int(text.sum())} answer(s) are text, not scores; they are not counted as "
                                    "missing", column=item, value=raw[text].iloc[0],
                                    expected=f"whole scores from {low} to {high} (clean or recode the text first)"))
            continue
        x = converted.dropna()
        bad = x[(x < low) | (x > high) | (x != np.floor(x))]
        if len(bad):
            problems.append(Problem(f"scores outside {low}–{high}", column=item, value=float(bad.iloc[0]),
                                    expected=f"whole scores from {low} to {high}"))
            continue
        n = int(x.size)
        mean = float(x.mean()) if n else math.nan
        se = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
        rows.append({"item": item, "respondents": n, "mean": mean, "ci_low": mean - 1.96 * se,
                     "ci_high": mean + 1.96 * se, "share_agree": float((x >= agree_from).mean()) if n else math.nan,
                     "share_disagree": float((x <= low + 1).mean()) if n else math.nan})
    if problems:
        raise DataError("'survey' (the table given)", problems)
    return pd.DataFrame(rows).sort_values("mean", kind="stable").reset_index(drop=True)
