"""Score ballots: :class:`ScoreBallots`, a score per option, read from ``(scores, count)`` pairs
or a DataFrame with one column per option.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd

from collectives.errors import BallotError, ParameterError
from collectives.governance.ballots._common import (
    _check_count, _check_known, _check_options, _frame_counts, _is_missing, _need_ballots,
    _option_columns, _pairs, _plain, _row_label,
)
from collectives.validate import normalise_text

__all__ = ["ScoreBallots"]


@dataclass(frozen=True, eq=False)
class ScoreBallots:
    """Score ballots: ``scores[b, o]`` is the score ballot type ``b`` gives option ``o``.

    Options a ballot does not score get ``min_score`` (the lowest score).

    Examples
    --------
    >>> s = ScoreBallots.from_ballots([({"A": 10, "B": 4}, 2), ({"B": 9}, 1)], min_score=0, max_score=10)
    >>> s.options, s.scores.tolist()
    (('A', 'B'), [[10.0, 4.0], [0.0, 9.0]])
    """

    options: tuple[str, ...]
    scores: np.ndarray
    counts: np.ndarray
    min_score: float = 0
    max_score: float = 10

    @classmethod
    def from_ballots(cls, ballots: object, options: Iterable[str] | None = None,
                     min_score: float = 0, max_score: float = 10) -> ScoreBallots:
        opts = _check_options(options)
        for name, v in (("min_score", min_score), ("max_score", max_score)):
            if isinstance(v, bool) or not isinstance(v, Real) or not np.isfinite(v):
                raise ParameterError(name, v, "a number, e.g. 0 and 10 for scores from 0 to 10")
        if not min_score < max_score:
            raise ParameterError("max_score", max_score, f"a number above min_score = {min_score}")
        expected = f"scores from {min_score} to {max_score}"
        if isinstance(ballots, ScoreBallots):
            return ballots
        if isinstance(ballots, pd.DataFrame):
            counts = _frame_counts(ballots)
            cols = _option_columns(ballots, opts)
            block = ballots[cols]
            if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in block.dtypes):
                values = block.to_numpy(dtype=float, na_value=np.nan)
                raw_missing = np.isnan(values)
            else:
                values = block.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                raw_missing = block.isna().to_numpy()
            bad = (np.isnan(values) & ~raw_missing) | (values < min_score) | (values > max_score)
            if bad.any():
                pos, j = (int(x[0]) for x in np.nonzero(bad))
                raise BallotError(_row_label(ballots, pos), ballots.iloc[pos].to_dict(),
                                  f"the score for {cols[j]!r} is {_plain(ballots[cols[j]].iloc[pos])!r}", expected)
            empty = raw_missing.all(axis=1)
            if empty.any():
                pos = int(np.flatnonzero(empty)[0])
                raise BallotError(_row_label(ballots, pos), ballots.iloc[pos].to_dict(),
                                  "it scores no option", "a score for at least one option")
            _need_ballots(int(counts.sum()))
            return cls(tuple(str(c) for c in cols), np.where(np.isnan(values), min_score, values),
                       counts, min_score, max_score)
        form = "a list of (scores, count) pairs, e.g. [({'A': 9, 'B': 3}, 12)]"
        items = _pairs(ballots, form)
        rows: list[dict[str, float]] = []
        counts_list = []
        for i, (given, count) in enumerate(items):
            where = f"ballot {i + 1}"
            if not isinstance(given, Mapping):
                raise BallotError(where, given, "it is not a mapping of option to score", "e.g. {'A': 9, 'B': 3}")
            row = {}
            for name, value in given.items():
                if _is_missing(value):
                    continue
                if isinstance(value, bool) or not isinstance(value, Real) or not min_score <= value <= max_score:
                    raise BallotError(where, dict(given), f"the score for {name!r} is {value!r}", expected)
                row[normalise_text(name)] = float(value)
            if not row:
                raise BallotError(where, dict(given), "it scores no option", "a score for at least one option")
            _check_known(row, opts, where, dict(given))
            rows.append(row)
            counts_list.append(_check_count(count, where, (given, count)))
        _need_ballots(sum(counts_list))
        if opts is None:
            opts = tuple(sorted(set().union(*rows)))
        matrix = np.array([[row.get(o, min_score) for o in opts] for row in rows], dtype=float)
        return cls(opts, matrix, np.array(counts_list, dtype=np.int64), min_score, max_score)
