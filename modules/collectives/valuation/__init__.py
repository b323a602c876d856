"""What is it worth? Social return on investment, cost–benefit, local multiplier, volunteer time.

- :func:`sroi` follows the calculation of *A Guide to Social Return on Investment*
  (Cabinet Office 2009, updated by The SROI Network 2012): for each outcome in the value
  map, ``impact = quantity × financial proxy × (1 − deadweight) × (1 − displacement) ×
  (1 − attribution)``; the impact counts in full in year 1 and shrinks by the drop-off in
  each later year of its benefit period; yearly values are discounted
  (``value_t ÷ (1 + r)^t``, year 1 discounted once, as the guide's spreadsheet does); the
  SROI ratio is the present value divided by the investment.
- :func:`sroi_sensitivity` changes one assumption at a time (a tornado table) and gives
  each assumption's *switching value*: how far it would have to move for the ratio to fall
  to 1 : 1.
- :func:`npv` and :func:`social_cba` discount streams of costs and benefits as a Dutch
  *maatschappelijke kosten-batenanalyse* (MKBA) does. The discount rate is always a
  parameter; for reference, the Dutch standard rate in force from 1 January 2021 is 2.25%
  (:data:`MKBA_STANDARD_DISCOUNT_RATE_NL_2021`; Werkgroep Discontovoet 2020). Check
  rwseconomie.nl for a newer revision before using it.
- :func:`lm3` is the New Economics Foundation's Local Multiplier 3 (Sacks 2002, *The Money
  Trail*): ``LM3 = (round 1 + round 2 + round 3) ÷ round 1``.
- :func:`volunteer_value` values volunteer hours at a wage you choose: the replacement cost
  (what paying someone to do the work would cost) or the opportunity cost (what the
  volunteers could have earned).

Fractions (deadweight, attribution, displacement, drop-off, shares) are fractions from 0 to 1:
write 0.25 for 25%.

Example
-------
>>> import pandas as pd
>>> vm = pd.DataFrame([{"stakeholder": "members", "outcome": "lower energy bills",
...     "indicator": "households saving", "quantity": 100, "financial_proxy_eur": 200,
...     "deadweight": 0.5, "attribution": 0.0, "displacement": 0.0, "drop_off": 0.0,
...     "benefit_period_years": 1}])
>>> sroi(vm, investment=5_000, discount_rate=0.0).ratio
2.0
"""

from __future__ import annotations

from collectives.valuation.cost_benefit import CBAResult, MKBA_STANDARD_DISCOUNT_RATE_NL_2021, npv, social_cba
from collectives.valuation.local_multiplier import LM3Result, lm3
from collectives.valuation.social_return import SROIResult, VALUE_MAP_COLUMNS, sroi, sroi_sensitivity
from collectives.valuation.volunteer_time import volunteer_value

__all__ = [
    "CBAResult",
    "LM3Result",
    "MKBA_STANDARD_DISCOUNT_RATE_NL_2021",
    "SROIResult",
    "VALUE_MAP_COLUMNS",
    "lm3",
    "npv",
    "social_cba",
    "sroi",
    "sroi_sensitivity",
    "volunteer_value",
]
