"""Ranked ballots: :class:`Profile`, the distinct rankings with their counts, read from
``(ranking, count)`` pairs, ``"A > B > C"`` strings or a DataFrame in the ``ranking`` or
``rank_1`` … ``rank_k`` layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collectives.errors import BallotError, ParameterError
from collectives.governance.ballots._common import (
    _check_count, _check_known, _check_options, _check_size, _frame_counts, _is_missing, _need_ballots,
    _pairs, _row_label, _split,
)
from collectives.validate import normalise_text

__all__ = ["Profile"]


_RANK_COLUMN = re.compile(r"^rank_?(\d+)$", re.IGNORECASE)
_PAIR_FORM = "a list of (ranking, count) pairs, e.g. [(['A', 'B', 'C'], 12), ('B > A > C', 5)]"


def _ranking_names(ranking: object, where: str) -> tuple[str, ...]:
    """The option names of one ranking, most preferred first, checked for emptiness and repeats."""
    if isinstance(ranking, str):
        names = _split(normalise_text(ranking), ">") if normalise_text(ranking) else []
        if any(n == "" for n in names):
            raise BallotError(where, ranking, "it has an empty place between '>' signs",
                              "option names separated by '>', e.g. 'A > B > C'")
    elif isinstance(ranking, Sequence) or isinstance(ranking, np.ndarray):
        names = []
        for item in ranking:
            if _is_missing(item):
                raise BallotError(where, ranking, "it has an empty place in the ranking",
                                  "an option name in every place")
            names.append(normalise_text(item))
    else:
        raise BallotError(where, ranking, "it is not a ranking",
                          "a sequence of option names, most preferred first, or a string 'A > B > C'")
    if not names:
        raise BallotError(where, ranking, "it ranks no option", "at least one ranked option")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise BallotError(where, ranking, f"it ranks {name!r} more than once",
                              "each option at most once")
        seen.add(name)
    return tuple(names)


def _quick_names(value: object, known: set[str] | None) -> tuple[str, ...] | None:
    """The names of a well-formed ranking (string or tuple of clean names padded with None), or
    None when anything needs a closer look (the slow path then explains what is wrong)."""
    if isinstance(value, str):
        names = tuple(normalise_text(part) for part in value.split(">"))
        if "" in names:
            return None
    elif isinstance(value, tuple):
        try:
            cut = value.index(None)
        except ValueError:
            cut = len(value)
        names = tuple(normalise_text(v) for v in value[:cut])
        if any(v is not None for v in value[cut:]):
            return None
    else:
        return None
    if not names or len(set(names)) != len(names) or (known is not None and not known.issuperset(names)):
        return None
    return names


@dataclass(frozen=True, eq=False)
class Profile:
    """Ranked ballots, checked and with identical rankings counted together.

    Attributes
    ----------
    options : tuple of str
        The options, in a fixed order (as given, or sorted by name when inferred).
    rankings : numpy.ndarray of int, shape (distinct rankings, number of options)
        Option indices, most preferred first, padded with -1 after the last ranked option.
    counts : numpy.ndarray of int
        How many ballots hold each distinct ranking.
    sources : tuple of str
        Where each distinct ranking was first seen ("ballot 3", "the ballot in row 17"), used
        in error messages.

    Examples
    --------
    >>> p = Profile.from_ballots([(["A", "B", "C"], 2), ("B > C > A", 1), (["A", "B", "C"], 1)])
    >>> p.options, p.n_ballots, p.to_frame()["count"].tolist()
    (('A', 'B', 'C'), 4, [3, 1])
    """

    options: tuple[str, ...]
    rankings: np.ndarray
    counts: np.ndarray
    sources: tuple[str, ...] = field(default=())

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def from_ballots(cls, ballots: object, options: Iterable[str] | None = None) -> Profile:
        """Check ranked ballots (list of pairs, DataFrame, or a Profile) and count them together.

        ``options``, when given, fixes the options and their order; a ballot naming any other
        option is an error. Otherwise the options are every name that appears, sorted.
        """
        opts = _check_options(options)
        if isinstance(ballots, Profile):
            if opts is None or opts == ballots.options:
                return ballots
            table = [(tuple(ballots.options[i] for i in row if i >= 0), int(c))
                     for row, c in zip(ballots.rankings, ballots.counts)]
            return cls.from_ballots(table, opts)
        if isinstance(ballots, pd.DataFrame):
            return cls._from_frame(ballots, opts)
        items = _pairs(ballots, _PAIR_FORM)
        merged: dict[tuple[str, ...], int] = {}
        first: dict[tuple[str, ...], str] = {}
        for i, (ranking, count) in enumerate(items):
            where = f"ballot {i + 1}"
            names = _ranking_names(ranking, where)
            _check_known(names, opts, where, ranking)
            n = _check_count(count, where, (ranking, count))
            merged[names] = merged.get(names, 0) + n
            first.setdefault(names, where)
        return cls._build(merged, first, opts)

    @classmethod
    def _build(cls, merged: dict[tuple[str, ...], int], first: dict[tuple[str, ...], str],
               opts: tuple[str, ...] | None) -> Profile:
        _need_ballots(sum(merged.values()))
        if opts is None:
            opts = tuple(sorted({name for names in merged for name in names}))
        keys = [k for k, n in merged.items() if n > 0]
        _check_size(len(keys), len(opts))
        index = {name: i for i, name in enumerate(opts)}
        rankings = np.full((len(keys), len(opts)), -1, dtype=np.int64)
        for r, names in enumerate(keys):
            rankings[r, : len(names)] = [index[n] for n in names]
        counts = np.array([merged[k] for k in keys], dtype=np.int64)
        return cls(opts, rankings, counts, tuple(first[k] for k in keys))

    @classmethod
    def _from_frame(cls, df: pd.DataFrame, opts: tuple[str, ...] | None) -> Profile:
        counts = _frame_counts(df)
        if "ranking" in df.columns:
            codes, uniques = pd.factorize(df["ranking"], use_na_sentinel=True)
            if (codes < 0).any():
                pos = int(np.flatnonzero(codes < 0)[0])
                raise BallotError(_row_label(df, pos), df["ranking"].iloc[pos], "it ranks no option",
                                  "a ranking such as 'A > B > C'")
            raw: list[object] = list(uniques)
        else:
            numbered = sorted(((int(m.group(1)), c) for c in df.columns
                               if isinstance(c, str) and (m := _RANK_COLUMN.match(c))))
            if not numbered:
                raise ParameterError(
                    "ballots", f"a DataFrame with columns {list(df.columns)}",
                    "a column 'ranking' (e.g. 'A > B > C') or columns rank_1, rank_2, ... "
                    "with one option name each, and optionally a column 'count'")
            codes = np.zeros(len(df), dtype=np.int64)
            per_column = []
            for _, c in numbered:
                col_codes, col_uniques = pd.factorize(df[c].to_numpy(dtype=object), use_na_sentinel=True)
                # option names cleaned once per column; None = empty cell (looked up by code -1)
                lookup = np.array([None if _is_missing(v) else normalise_text(v) for v in col_uniques] + [None],
                                  dtype=object)
                per_column.append((col_codes, lookup))
                combined = codes * (len(col_uniques) + 1) + (col_codes + 1)
                codes = np.unique(combined, return_inverse=True)[1].ravel()
            _, first_seen = np.unique(codes, return_index=True)
            table = np.stack([lookup[cc[first_seen]] for cc, lookup in per_column], axis=1)
            raw = [tuple(row) for row in table.tolist()]
        totals = np.bincount(codes, weights=counts, minlength=len(raw)).astype(np.int64)
        _, first_pos = np.unique(codes, return_index=True)
        known = None if opts is None else set(opts)
        merged: dict[tuple[str, ...], int] = {}
        first: dict[tuple[str, ...], str] = {}
        for u in np.argsort(first_pos, kind="stable").tolist():
            value = raw[u]
            names = _quick_names(value, known)
            if names is None:  # something is wrong: find it and say so
                where = _row_label(df, int(first_pos[u]))
                if isinstance(value, tuple):
                    last = max((i for i, v in enumerate(value) if v is not None), default=-1)
                    if any(v is None for v in value[: last + 1]):
                        raise BallotError(where, value, "it leaves a rank empty before a later rank",
                                          "rank_1, rank_2, ... filled from the first without gaps")
                    value = value[: last + 1]
                elif not isinstance(value, str):
                    raise BallotError(where, value, "the ranking is not text", "a ranking such as 'A > B > C'")
                names = _ranking_names(value, where)
                _check_known(names, opts, where, value)
            if names not in first:
                first[names] = _row_label(df, int(first_pos[u]))
            merged[names] = merged.get(names, 0) + int(totals[u])
        return cls._build(merged, first, opts)

    @classmethod
    def _from_arrays(cls, options: tuple[str, ...], rankings: np.ndarray, counts: np.ndarray) -> Profile:
        """Fast path for simulations: complete rankings as option indices, one row per ballot."""
        _check_size(len(rankings), len(options))
        rankings = np.asarray(rankings)
        k = len(options)
        if rankings.ndim == 2 and rankings.size and k ** rankings.shape[1] < 2 ** 62:
            # each ranking as one integer (base k, first choice most significant): the same groups
            # in the same (lexicographic) order as np.unique(rankings, axis=0), several times faster
            codes = rankings.astype(np.int64) @ (k ** np.arange(rankings.shape[1] - 1, -1, -1, dtype=np.int64))
            _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
            uniq = rankings[first]
        else:
            uniq, inverse = np.unique(rankings, axis=0, return_inverse=True)
        totals = np.bincount(inverse.ravel(), weights=counts, minlength=len(uniq)).astype(np.int64)
        keep = totals > 0
        _need_ballots(int(totals.sum()))
        return cls(tuple(options), uniq[keep].astype(np.int64), totals[keep],
                   tuple(f"ranking {i + 1}" for i in range(int(keep.sum()))))

    # ---- views ---------------------------------------------------------------------------------
    @property
    def n_options(self) -> int:
        return len(self.options)

    @property
    def n_ballots(self) -> int:
        return int(self.counts.sum())

    @property
    def lengths(self) -> np.ndarray:
        """How many options each distinct ranking ranks."""
        return (self.rankings >= 0).sum(axis=1)

    @property
    def is_complete(self) -> bool:
        """True when every ballot ranks every option (a ballot that leaves out only one
        option is treated as complete: that option is implicitly last)."""
        return bool((self.lengths >= self.n_options - 1).all())

    def positions(self) -> np.ndarray:
        """Rank position (0 = first) of each option on each distinct ranking; unranked = -1."""
        u, m = self.rankings.shape
        pos = np.full((u, m), -1, dtype=np.int64)
        rows, places = np.nonzero(self.rankings >= 0)
        pos[rows, self.rankings[rows, places]] = places
        return pos

    def to_frame(self) -> pd.DataFrame:
        """One row per distinct ranking: ``ranking`` ('A > B > C') and ``count``."""
        text = [" > ".join(self.options[i] for i in row if i >= 0) for row in self.rankings]
        return pd.DataFrame({"ranking": text, "count": self.counts.astype(int)})
