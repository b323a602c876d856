"""The New Economics Foundation's Local Multiplier 3 (:func:`lm3`): how much of an income is
spent, and spent again, in the local economy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.valuation._common import _check_fraction, _check_positive

__all__ = ["LM3Result", "lm3"]


@dataclass(frozen=True)
class LM3Result:
    """Local Multiplier 3: ratio = (round 1 + round 2 + round 3) ÷ round 1, between 1 and 3."""

    ratio: float
    round1: float
    round2: float
    round3: float
    rounds: pd.DataFrame = field(repr=False, compare=False)


def _by_recipient(value, name: str) -> dict[str, float]:
    items = value.items() if isinstance(value, Mapping) else [("all local spending", value)]
    out = {}
    for k, v in items:
        ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
        if not ok or not math.isfinite(v) or v < 0:
            raise ParameterError(name if not isinstance(value, Mapping) else f"{name}[{k!r}]", v,
                                 "an amount in euros of 0 or more")
        out[str(k)] = float(v)
    if not out:
        raise ParameterError(name, value, "an amount, or a mapping of recipient → amount")
    return out


def lm3(income_eur: float, local_spend_eur: float | Mapping[str, float],
        local_respend_eur: float | None = None, *,
        respend_share: float | Mapping[str, float] | None = None) -> LM3Result:
    """Local Multiplier 3 (NEF, *The Money Trail*): how much of each euro stays local.

    - Round 1: the collective's income (``income_eur``).
    - Round 2: what it spends locally — on local staff and local suppliers
      (``local_spend_eur``: an amount, or ``{"staff": …, "suppliers": …}``).
    - Round 3: what those local recipients re-spend locally. Give either the amount
      (``local_respend_eur``) or the share of round 2 they re-spend locally
      (``respend_share``: one fraction, or one per recipient with the same keys as
      ``local_spend_eur``; NEF gets these from surveys of staff and suppliers).

    ``LM3 = (round 1 + round 2 + round 3) ÷ round 1``: 1 means nothing stays local, 3 the
    most the measure can show.

    Example
    -------
    >>> lm3(100_000, {"staff": 40_000, "suppliers": 20_000},
    ...     respend_share={"staff": 0.6, "suppliers": 0.3}).ratio
    1.9
    """
    r1 = _check_positive(income_eur, "income_eur", "the income in euros")
    spend = _by_recipient(local_spend_eur, "local_spend_eur")
    r2 = sum(spend.values())
    if r2 > r1 * (1 + 1e-12):
        raise ParameterError("local_spend_eur", local_spend_eur,
                             f"local spending of at most the income ({r1:,.0f} euros); found {r2:,.0f}")
    if (local_respend_eur is None) == (respend_share is None):
        raise ParameterError("respend_share", respend_share,
                             "either local_respend_eur (an amount) or respend_share (a fraction), not both or neither")
    rows = [("round 1", "income", r1)] + [("round 2", f"spent locally: {k}", v) for k, v in spend.items()]
    if local_respend_eur is not None:
        r3 = sum(_by_recipient(local_respend_eur, "local_respend_eur").values())
        rows.append(("round 3", "re-spent locally by recipients", r3))
    else:
        if isinstance(respend_share, Mapping):
            missing = sorted(set(spend) - set(map(str, respend_share)))
            extra = sorted(set(map(str, respend_share)) - set(spend))
            if missing or extra:
                raise ParameterError("respend_share", dict(respend_share),
                                     f"one share for each recipient in local_spend_eur ({', '.join(spend)}); "
                                     f"missing: {missing or 'none'}, unknown: {extra or 'none'}")
            shares = {str(k): _check_fraction(v, f"respend_share[{k!r}]") for k, v in respend_share.items()}
        else:
            s = _check_fraction(respend_share, "respend_share")
            shares = {k: s for k in spend}
        r3 = 0.0
        for k, v in spend.items():
            rows.append(("round 3", f"re-spent locally by {k} ({shares[k]:.0%})", v * shares[k]))
            r3 += v * shares[k]
    if r3 > r2 * (1 + 1e-12):
        raise ParameterError("local_respend_eur", local_respend_eur,
                             f"at most the round-2 local spending ({r2:,.0f} euros); found {r3:,.0f}")
    rounds = pd.DataFrame(rows, columns=["round", "description", "amount_eur"])
    return LM3Result(ratio=(r1 + r2 + r3) / r1, round1=r1, round2=r2, round3=r3, rounds=rounds)
