"""Parameter checks shared by the valuation modules: a yearly discount rate (with a hint when it
looks like a percentage), an amount above 0 and a fraction from 0 to 1.
"""

from __future__ import annotations

from collectives.validate import number, probability


_MAX_RATE = 0.3


def _check_rate(discount_rate: float, name: str = "discount_rate") -> float:
    looks_like_percent = isinstance(discount_rate, (int, float)) and not isinstance(discount_rate, bool) \
        and 1 < discount_rate <= 30
    hint = " (it looks like a percentage: divide by 100)" if looks_like_percent else ""
    return number(name, discount_rate, min=0, max=_MAX_RATE,
                  expected=f"a yearly rate between 0 and {_MAX_RATE}, e.g. 0.035 for 3.5%{hint}")


def _check_positive(value, name: str, what: str) -> float:
    return number(name, value, min=0, min_open=True, expected=f"{what} above 0")


def _check_fraction(value, name: str) -> float:
    return probability(name, value)
