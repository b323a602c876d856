"""The package's own exceptions: what a user can get wrong, said in plain words.

Every error a participant or instructor can cause (their file, a parameter, a widget value)
raises one of these, with a message that says what is wrong, where, and what was expected.

Example
-------
>>> from collectives.errors import ParameterError
>>> raise ParameterError("discount_rate", -0.5, "a rate between 0 and 0.3, e.g. 0.035 for 3.5%")
Traceback (most recent call last):
...
collectives.errors.ParameterError: discount_rate = -0.5 is not accepted: expected a rate between 0 and 0.3, e.g. 0.035 for 3.5%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real


def describe(value: object, *, limit: int = 80) -> str:
    """A value as a person reads it: numbers plainly (no numpy reprs), text in quotes,
    containers shortened, other objects by their kind.

    >>> describe(float("nan")), describe(1e20), describe(12345678), describe(0.1 + 0.2)
    ('NaN (not a number)', '1e+20', '12345678', '0.3')
    >>> import numpy as np
    >>> describe(np.float64(2.5)), describe("Café"), describe([1, "a", None]), describe(None)
    ('2.5', "'Café'", "[1, 'a', None]", 'None')
    """
    if hasattr(value, "item") and type(value).__module__ == "numpy" and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if value is None or isinstance(value, bool):
        return str(value)
    if isinstance(value, Integral):
        text = str(int(value))
        return text if len(text) <= 24 else f"a whole number of {len(text)} digits"
    if isinstance(value, Real):
        x = float(value)
        if math.isnan(x):
            return "NaN (not a number)"
        if math.isinf(x):
            return "infinity" if x > 0 else "minus infinity"
        return f"{x:.6g}"
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr(text)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        inner = ", ".join(describe(v, limit=20) for v in items[:6]) + (", …" if len(items) > 6 else "")
        if isinstance(value, tuple):
            return f"({inner}{',' if len(items) == 1 else ''})"
        return f"[{inner}]" if isinstance(value, list) else "{" + inner + "}"
    if isinstance(value, dict):
        inner = ", ".join(f"{describe(k, limit=20)}: {describe(v, limit=20)}" for k, v in list(value.items())[:6])
        return "{" + inner + (", …" if len(value) > 6 else "") + "}"
    kind = type(value).__name__
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"a {kind} of shape {tuple(int(n) for n in shape)}"
    return f"a value of type {kind}"


class CollectivesError(Exception):
    """Base class of every error the package raises on purpose."""


class LimitError(CollectivesError, ValueError):
    """A computation that would take too long or need too much memory: the message names the
    limit, what was asked for, and how to stay within it."""


class ParameterError(CollectivesError, ValueError):
    """A parameter (function argument or widget value) outside what is accepted."""

    def __init__(self, name: str, value: object, expected: str):
        self.name, self.value, self.expected = name, value, expected
        super().__init__(f"{name} = {describe(value)} is not accepted: expected {expected}.")


class BallotError(CollectivesError, ValueError):
    """A ballot that cannot be counted: says which ballot (its position or row), what it holds,
    what is wrong with it and what was expected.

    Example
    -------
    >>> from collectives.errors import BallotError
    >>> raise BallotError("ballot 3", ("A", "B", "A"), "it ranks 'A' twice", "each option at most once")
    Traceback (most recent call last):
    ...
    collectives.errors.BallotError: ballot 3 cannot be counted: it ranks 'A' twice (found ('A', 'B', 'A')); expected each option at most once.
    """

    def __init__(self, where: str, ballot: object, problem: str, expected: str | None = None):
        self.where, self.ballot, self.problem, self.expected = where, ballot, problem, expected
        text = f"{where} cannot be counted: {problem} (found {describe(ballot)})"
        if expected:
            text += f"; expected {expected}"
        super().__init__(text + ".")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located as the user sees it in a spreadsheet.

    ``row`` is the spreadsheet row number (the header is row 1), or None for the whole file
    or a whole column.
    """

    message: str
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.value is not None:
            text += f" (found {describe(self.value)})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class DataError(CollectivesError, ValueError):
    """A data file that cannot be used as it is. Lists every problem found, not just the first."""

    def __init__(self, source: str, problems: list[Problem] | list[str]):
        self.source = source
        self.problems = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(
            f"The file {source} cannot be used yet: {count} problem{'s' if count != 1 else ''} found.\n{lines}"
        )
