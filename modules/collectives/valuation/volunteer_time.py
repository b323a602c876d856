"""The value of volunteer time (:func:`volunteer_value`): hours valued at a wage you choose, as
replacement cost or opportunity cost.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.validate import choice
from collectives.valuation._common import _check_fraction, _check_positive

__all__ = ["volunteer_value"]


def volunteer_value(hours, method: str = "replacement", *, wage_eur_per_hour: float,
                    on_cost_share: float = 0.0):
    """Money value of volunteer hours: hours × an hourly wage you choose.

    Parameters
    ----------
    hours : hours volunteered (a number, list, array or Series), ≥ 0.
    method : ``"replacement"`` — what it would cost to pay someone to do the same work: use
        the gross hourly wage for that kind of work, and add employer costs with
        ``on_cost_share`` (e.g. 0.3 for 30% on top); ``"opportunity"`` — what the volunteers
        give up: use the wage they could earn instead (``on_cost_share`` must stay 0).
    wage_eur_per_hour : the hourly wage in euros (> 0). Choose and cite it: for example a
        collective labour agreement scale for the replacement method. The package ships no
        "official" value.
    on_cost_share : employer costs as a fraction of the wage (replacement method only).

    Returns
    -------
    float, or an array/Series shaped like ``hours``, in euros.

    Both methods value the hours, not what they achieve; neither counts what volunteering
    means to the volunteers themselves.

    >>> volunteer_value(1_000, "replacement", wage_eur_per_hour=20.0, on_cost_share=0.25)
    25000.0
    """
    choice("method", method, ("replacement", "opportunity"), expected='"replacement" or "opportunity"')
    wage = _check_positive(wage_eur_per_hour, "wage_eur_per_hour", "an hourly wage in euros")
    extra = _check_fraction(on_cost_share, "on_cost_share")
    if method == "opportunity" and extra != 0:
        raise ParameterError("on_cost_share", on_cost_share,
                             "0 for the opportunity-cost method (employer costs belong to the replacement method)")
    if isinstance(hours, pd.Series):
        h = pd.to_numeric(hours, errors="coerce").astype(float)
        arr = h.to_numpy()
    else:
        try:
            arr = np.asarray(hours, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError("hours", hours, "hours as a number or a list of numbers") from None
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ParameterError("hours", hours if np.ndim(hours) == 0 else "(values)",
                             "hours of 0 or more, with no missing values")
    value = arr * wage * (1 + extra)
    if isinstance(hours, pd.Series):
        return pd.Series(value, index=hours.index, name="volunteer_value_eur")
    return float(value) if np.ndim(value) == 0 else value
