"""Approval ballots: :class:`ApprovalBallots`, which options each voter approves of, read from
``(approved, count)`` pairs or a DataFrame with an ``approved`` column or one column per
option.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from collectives.errors import BallotError
from collectives.governance.ballots._common import (
    _check_count, _check_known, _check_options, _frame_counts, _is_missing, _need_ballots,
    _option_columns, _pairs, _plain, _row_label, _split,
)
from collectives.validate import normalise_text

__all__ = ["ApprovalBallots"]


@dataclass(frozen=True, eq=False)
class ApprovalBallots:
    """Approval ballots: ``approvals[b, o]`` is True when ballot type ``b`` approves option ``o``.

    Examples
    --------
    >>> a = ApprovalBallots.from_ballots([({"A", "B"}, 3), ("B, C", 2)])
    >>> a.options, a.counts.tolist()
    (('A', 'B', 'C'), [3, 2])
    """

    options: tuple[str, ...]
    approvals: np.ndarray
    counts: np.ndarray

    @classmethod
    def from_ballots(cls, ballots: object, options: Iterable[str] | None = None) -> ApprovalBallots:
        opts = _check_options(options)
        if isinstance(ballots, ApprovalBallots):
            return ballots
        if isinstance(ballots, pd.DataFrame):
            return cls._from_frame(ballots, opts)
        form = "a list of (approved options, count) pairs, e.g. [({'A', 'B'}, 12), ('B, C', 5)]"
        items = _pairs(ballots, form)
        sets: list[frozenset[str]] = []
        counts = []
        for i, (approved, count) in enumerate(items):
            where = f"ballot {i + 1}"
            sets.append(cls._names(approved, where, opts))
            counts.append(_check_count(count, where, (approved, count)))
        _need_ballots(sum(counts))
        opts, matrix = cls._matrix(sets, opts)
        return cls(opts, matrix, np.array(counts, dtype=np.int64))

    @staticmethod
    def _matrix(sets: list[frozenset[str]], opts: tuple[str, ...] | None) -> tuple[tuple[str, ...], np.ndarray]:
        """The options (sorted names when not given) and one row of approvals per ballot."""
        if opts is None:
            opts = tuple(sorted(set().union(*sets)))
        index = {n: i for i, n in enumerate(opts)}
        matrix = np.zeros((len(sets), len(opts)), dtype=bool)
        for r, s in enumerate(sets):
            matrix[r, [index[n] for n in s]] = True
        return opts, matrix

    @staticmethod
    def _names(approved: object, where: str, opts: tuple[str, ...] | None) -> frozenset[str]:
        if isinstance(approved, str):
            names = [n for n in _split(normalise_text(approved), ",") if n]
        elif isinstance(approved, (Sequence, set, frozenset, np.ndarray)):
            names = [normalise_text(n) for n in approved if not _is_missing(n)]
        else:
            raise BallotError(where, approved, "it is not a set of approved options",
                              "a set or list of option names, or a string 'A, B'")
        if not names:
            raise BallotError(where, approved, "it approves no option", "at least one approved option")
        if len(set(names)) != len(names):
            raise BallotError(where, approved, "it names an option more than once", "each option at most once")
        _check_known(names, opts, where, approved)
        return frozenset(names)

    @classmethod
    def _from_frame(cls, df: pd.DataFrame, opts: tuple[str, ...] | None) -> ApprovalBallots:
        counts = _frame_counts(df)
        if "approved" in df.columns:
            sets = [cls._names("" if _is_missing(v) else v, _row_label(df, i), opts)
                    for i, v in enumerate(df["approved"])]
            opts, matrix = cls._matrix(sets, opts)
        else:
            cols = _option_columns(df, opts)
            opts = tuple(str(c) for c in cols)
            values = df[cols]
            matrix = np.zeros(values.shape, dtype=bool)
            for j, c in enumerate(cols):
                col = values[c]
                ok = col.isna() | col.isin([0, 1, True, False])
                if not ok.all():
                    pos = int(np.flatnonzero(~ok.to_numpy())[0])
                    raise BallotError(_row_label(df, pos), df.iloc[pos].to_dict(),
                                      f"the cell for {c!r} holds {_plain(col.iloc[pos])!r}",
                                      "1 or True for approved, 0, False or empty for not approved")
                matrix[:, j] = col.fillna(0).astype(int).to_numpy() == 1
            empty = ~matrix.any(axis=1)
            if empty.any():
                pos = int(np.flatnonzero(empty)[0])
                raise BallotError(_row_label(df, pos), df.iloc[pos].to_dict(), "it approves no option",
                                  "at least one approved option")
        _need_ballots(int(counts.sum()))
        return cls(opts, matrix, counts)
