"""One table being read: the problems found (listed as the user sees them) and the report of what was done.

Example
-------
>>> reading = Reading(lenient=True)
>>> reading.problems.add("this cell is empty", row=3, column="members")
>>> str(reading.problems.items[0])
"row 3, column 'members': this cell is empty"
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from collectives.data.text import shown
from collectives.errors import DataError, Problem

#: How many problems of one column a DataError lists before summarising the rest.
MAX_LISTED = 20


class Problems:
    """Collects the problems found while reading a table; lists the first few per column, counts the rest."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.unlisted: Counter[str] = Counter()

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, message: str, row: int | None = None, column: str | None = None,
            value: object = None, expected: str | None = None) -> None:
        """One problem (``row`` as in a spreadsheet: the header is row 1)."""
        self.items.append(Problem(message, row, column, shown(value), expected))

    def add_cells(self, series: pd.Series, positions: np.ndarray, column: str, message: str, expected: str | None) -> None:
        """The same problem in the cells at ``positions`` of ``series`` (indexed by spreadsheet row)."""
        for row, value in series.iloc[positions[:MAX_LISTED]].items():
            self.add(message, int(row), column, value, expected)
        if len(positions) > MAX_LISTED:
            self.unlisted[column] += len(positions) - MAX_LISTED

    def add_found(self, problems: list[Problem]) -> None:
        """Problems found elsewhere (pandera's checks), listing at most MAX_LISTED cells per column."""
        per_column: Counter[str] = Counter()
        for p in problems:
            key = p.column or ""
            per_column[key] += 1
            if p.row is None or per_column[key] <= MAX_LISTED:
                self.items.append(p)
            else:
                self.unlisted[key] += 1

    def raise_if_any(self, source: str) -> None:
        """Raise a DataError listing the problems in row order (at most MAX_LISTED, then a summary)."""
        if not self.items:
            return
        ordered = sorted(self.items, key=lambda p: (p.row is not None, p.row or 0))
        listed, rest = ordered[:MAX_LISTED], ordered[MAX_LISTED:]
        unlisted = self.unlisted.copy()
        for p in rest:
            unlisted[p.column or "the file"] += 1
        if unlisted:
            total = sum(unlisted.values())
            parts = ", ".join(f"{n:,} in {'column ' + repr(c) if c != 'the file' else c}" for c, n in unlisted.most_common())
            listed.append(Problem(f"... and {total:,} more problems not listed here ({parts}); "
                                  "fix the ones above and load the file again"))
        raise DataError(source, listed)


@dataclass
class Reading:
    """One table being read: forgiving (a participant's file) or strict (the course's own data).

    ``hint`` is the number notation to assume when a column's own values do not decide it
    ('nl' in files separated by semicolons). ``report`` collects what was done, in plain words.
    """

    lenient: bool
    hint: Literal["nl", "en"] = "en"
    problems: Problems = field(default_factory=Problems)
    report: list[str] = field(default_factory=list)
    #: Column → codes of its converted values (equal codes = equal values, -1 = empty), kept
    #: by the text conversions for the key check.
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    #: Column → which cells could not be read (already reported; empty after conversion).
    unreadable: dict[str, np.ndarray] = field(default_factory=dict)

    def reject(self, series: pd.Series, positions: np.ndarray, label: str, message: str, expected: str | None) -> None:
        """Report the cells at ``positions`` of ``series`` as unreadable (they become empty)."""
        if len(positions):
            self.problems.add_cells(series, positions, label, message, expected)
            mask = self.unreadable.setdefault(str(series.name), np.zeros(len(series), dtype=bool))
            mask[positions] = True

    def note(self, what: str, count: int) -> None:
        """Add ``"what (count values)"`` to the report."""
        self.report.append(f"{what} ({count} value{'s' if count != 1 else ''})")

