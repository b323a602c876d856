"""Input checks shared by the scenario modules: plain-words errors, never a numpy or scipy traceback.

Numbers and whole numbers are checked with :mod:`collectives.validate`, like every other
module; what is particular to scenarios lives here: a yes/no lever, a yearly series to fit,
and the errors for a series or a fit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from collectives.errors import CollectivesError, DataError, ParameterError, Problem


class ConvergenceError(CollectivesError, ValueError):
    """A model could not be fitted to a series: says which model, why, and what to try."""

    def __init__(self, model: str, reason: str, advice: str):
        self.model, self.reason, self.advice = model, reason, advice
        super().__init__(f"The {model} curve could not be fitted to this series: {reason}. {advice}")


def shown(value: object) -> object:
    """A value as a participant would write it (no ``np.float64(...)`` in messages; 2021.0 → 2021)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        return [shown(v) for v in value.tolist()]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class SeriesError(DataError):
    """A yearly series that cannot be fitted: lists every problem, like DataError, worded for a series."""

    def __init__(self, what: str, problems: list[Problem]):
        super().__init__(what, problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        self.args = (f"{what[0].upper() + what[1:]} cannot be used yet: {n} problem{'s' if n != 1 else ''} found.\n{lines}",)


def flag(name: str, value: object) -> bool:
    """A yes/no lever: True/False (or 1/0)."""
    if isinstance(value, (bool, np.bool_)) or value in (0, 1):
        return bool(value)
    raise ParameterError(name, shown(value), "yes or no (True or False)")


def series(years: Sequence, counts: Sequence, *, what: str = "the series", minimum: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Check a yearly series: equal lengths, at least ``minimum`` points, increasing years, counts ≥ 0."""
    try:
        y = np.asarray(years, dtype=float).ravel()
        c = np.asarray(counts, dtype=float).ravel()
    except (TypeError, ValueError):
        raise SeriesError(what, [Problem("years and counts must be numbers", expected="two lists of numbers of the same length")]) from None
    problems: list[Problem] = []
    if len(y) != len(c):
        problems.append(Problem(f"there are {len(y)} years but {len(c)} counts", expected="one count per year"))
    else:
        if len(y) < minimum:
            problems.append(Problem(f"the series has {len(y)} point{'s' if len(y) != 1 else ''}",
                                    expected=f"at least {minimum} years with a count, so that a curve with three parameters can be checked against the data"))
        if not np.isfinite(y).all() or not np.isfinite(c).all():
            problems.append(Problem("a year or a count is empty or not a number", expected="a number in every cell"))
        elif len(y) > 1 and (np.diff(y) <= 0).any():
            j = int(np.argmax(np.diff(y) <= 0)) + 1
            problems.append(Problem(f"year {shown(y[j])} does not come after {shown(y[j - 1])}",
                                    expected="years in increasing order, each once"))
        neg = np.flatnonzero(np.isfinite(c) & (c < 0))
        for j in neg[:5]:
            problems.append(Problem(f"the count for {shown(y[j]) if j < len(y) else j} is negative", value=shown(c[j]),
                                    expected="a count of zero or more"))
        if np.isfinite(c).all() and len(c) and c.max() <= 0:
            problems.append(Problem("every count is zero", expected="a series that grows from zero or more"))
    if problems:
        raise SeriesError(what, problems)
    return y, c
