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

from dataclasses import dataclass


class CollectivesError(Exception):
    """Base class of every error the package raises on purpose."""


class ParameterError(CollectivesError, ValueError):
    """A parameter (function argument or widget value) outside what is accepted."""

    def __init__(self, name: str, value: object, expected: str):
        self.name, self.value, self.expected = name, value, expected
        super().__init__(f"{name} = {value!r} is not accepted: expected {expected}.")


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
        text = f"{where} cannot be counted: {problem} (found {ballot!r})"
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
            text += f" (found {self.value!r})"
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
