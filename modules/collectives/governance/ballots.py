"""Ballots in, checked and counted once: ranked profiles, approval ballots and score ballots.

Every voting rule in :mod:`collectives.governance` accepts the ballots in the forms a course
participant is likely to have at hand, and turns them into one of three small containers:

``Profile``
    Ranked ballots. Given as a list of ``(ranking, count)`` pairs, where a ranking is a
    sequence of option names, most preferred first (or one string such as ``"A > B > C"``),
    or as a pandas DataFrame with one row per ballot in one of two layouts:

    * a column ``ranking`` holding strings such as ``"Solar > Wind > Heat"``, or
    * columns ``rank_1``, ``rank_2``, ... ``rank_k`` holding an option name each (an empty
      cell means "not ranked"; empty cells may only come after the last ranked option);

    and in both layouts an optional ``count`` column (how many identical ballots the row
    stands for; 1 when there is no such column).

``ApprovalBallots``
    Which options each voter approves of: ``(approved, count)`` pairs, where ``approved`` is a
    set/list of option names or a string ``"A, B"``; or a DataFrame with a column ``approved``
    (``"A, B"``), or one column per option holding 1/0 or True/False (empty = not approved);
    optional ``count`` column.

``ScoreBallots``
    A score per option: ``(scores, count)`` pairs with ``scores`` a mapping option -> score;
    or a DataFrame with one column per option holding the scores (empty = not scored, which
    counts as the lowest score); optional ``count`` column.

Identical ballots are counted together first, so a profile of 10,000 individual ballots over a
handful of options is held as a few hundred distinct rankings with counts.

Problems with a ballot raise :class:`~collectives.errors.BallotError` naming the ballot
("ballot 3", or "the ballot in row 17" for a DataFrame, by its index label) and its content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np
import pandas as pd

from collectives.errors import BallotError, ParameterError

__all__ = ["ApprovalBallots", "Profile", "ScoreBallots"]

_RANK_COLUMN = re.compile(r"^rank_?(\d+)$", re.IGNORECASE)
_PAIR_FORM = "a list of (ranking, count) pairs, e.g. [(['A', 'B', 'C'], 12), ('B > A > C', 5)]"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _check_count(count: object, where: str, ballot: object) -> int:
    """A count must be a whole number of ballots, zero or more."""
    expected = "a whole number of ballots, 0 or more"
    if isinstance(count, bool) or not isinstance(count, Real):
        raise BallotError(where, ballot, f"its count {count!r} is not a number", expected)
    if isinstance(count, Integral):
        value = int(count)
    elif float(count).is_integer():
        value = int(count)
    else:
        raise BallotError(where, ballot, f"its count {count!r} is not a whole number", expected)
    if value < 0:
        raise BallotError(where, ballot, f"its count {count!r} is negative", expected)
    return value


def _check_options(options: Iterable[str] | None) -> tuple[str, ...] | None:
    if options is None:
        return None
    if isinstance(options, str):
        raise ParameterError("options", options, "a list of option names, e.g. ['Solar', 'Wind']")
    names = tuple(str(o).strip() for o in options)
    if len(names) == 0:
        raise ParameterError("options", list(options), "at least one option name")
    if len(set(names)) != len(names):
        raise ParameterError("options", list(names), "each option name once")
    if any(n == "" for n in names):
        raise ParameterError("options", list(names), "option names that are not empty")
    return names


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator)]


def _ranking_names(ranking: object, where: str) -> tuple[str, ...]:
    """The option names of one ranking, most preferred first, checked for emptiness and repeats."""
    if isinstance(ranking, str):
        names = _split(ranking, ">") if ranking.strip() else []
        if any(n == "" for n in names):
            raise BallotError(where, ranking, "it has an empty place between '>' signs",
                              "option names separated by '>', e.g. 'A > B > C'")
    elif isinstance(ranking, Sequence) or isinstance(ranking, np.ndarray):
        names = []
        for item in ranking:
            if _is_missing(item):
                raise BallotError(where, ranking, "it has an empty place in the ranking",
                                  "an option name in every place")
            names.append(str(item).strip())
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


def _check_known(names: Iterable[str], options: tuple[str, ...] | None, where: str, ballot: object) -> None:
    if options is None:
        return
    known = set(options)
    for name in names:
        if name not in known:
            raise BallotError(where, ballot, f"{name!r} is not one of the options",
                              f"one of {', '.join(options)}")


def _quick_names(value: object, known: set[str] | None) -> tuple[str, ...] | None:
    """The names of a well-formed ranking (string or tuple of clean names padded with None), or
    None when anything needs a closer look (the slow path then explains what is wrong)."""
    if isinstance(value, str):
        names = tuple(part.strip() for part in value.split(">"))
        if "" in names:
            return None
    elif isinstance(value, tuple):
        try:
            cut = value.index(None)
        except ValueError:
            cut = len(value)
        names = value[:cut]
        if any(v is not None for v in value[cut:]):
            return None
    else:
        return None
    if not names or len(set(names)) != len(names) or (known is not None and not known.issuperset(names)):
        return None
    return names


def _pairs(ballots: object, form: str) -> list[tuple[object, object]]:
    """Check the list-of-pairs form and return it as a list."""
    if isinstance(ballots, (str, bytes, Mapping)) or not isinstance(ballots, Iterable):
        raise ParameterError("ballots", ballots, form)
    items = list(ballots)
    if not items:
        raise ParameterError("ballots", items, "at least one ballot (the profile is empty)")
    for i, item in enumerate(items):
        if isinstance(item, (str, bytes)) or not isinstance(item, Sequence) or len(item) != 2:
            raise BallotError(f"ballot {i + 1}", item, "it is not a (ballot, count) pair", form)
    return items


def _plain(value: object) -> object:
    """numpy scalars as plain Python values, so messages read 12 rather than np.int64(12)."""
    return value.item() if isinstance(value, np.generic) else value


def _row_label(df: pd.DataFrame, position: int) -> str:
    """How a DataFrame ballot is named in messages: by its index label (e.g. row 17, row 'm2')."""
    label = df.index[position]
    return f"the ballot in row {_plain(label)!r}"


def _frame_counts(df: pd.DataFrame) -> np.ndarray:
    """The ``count`` column checked in one go (whole numbers, 0 or more), or ones."""
    if len(df) == 0:
        raise ParameterError("ballots", "a DataFrame with no rows", "at least one ballot (the table is empty)")
    if "count" not in df.columns:
        return np.ones(len(df), dtype=np.int64)
    raw = df["count"]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) | (values < 0) | (np.floor(values) != values)
    if raw.dtype == bool:
        bad[:] = True
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        _check_count(raw.iloc[pos], _row_label(df, pos), df.iloc[pos].to_dict())
        raise BallotError(_row_label(df, pos), df.iloc[pos].to_dict(), "its count is not a whole number",
                          "a whole number of ballots, 0 or more")
    return values.astype(np.int64)


def _need_ballots(total: int) -> None:
    if total <= 0:
        raise ParameterError("ballots", "only ballots with count 0", "at least one ballot with a count above 0")


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
        index = {name: i for i, name in enumerate(opts)}
        keys = [k for k, n in merged.items() if n > 0]
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
                lookup = np.array([None if _is_missing(v) else str(v).strip() for v in col_uniques] + [None],
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
        if opts is None:
            opts = tuple(sorted(set().union(*sets)))
        index = {n: i for i, n in enumerate(opts)}
        matrix = np.zeros((len(sets), len(opts)), dtype=bool)
        for r, s in enumerate(sets):
            matrix[r, [index[n] for n in s]] = True
        return cls(opts, matrix, np.array(counts, dtype=np.int64))

    @staticmethod
    def _names(approved: object, where: str, opts: tuple[str, ...] | None) -> frozenset[str]:
        if isinstance(approved, str):
            names = [n for n in _split(approved, ",") if n]
        elif isinstance(approved, (Sequence, set, frozenset, np.ndarray)):
            names = [str(n).strip() for n in approved if not _is_missing(n)]
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
            if opts is None:
                opts = tuple(sorted(set().union(*sets)))
            index = {n: i for i, n in enumerate(opts)}
            matrix = np.zeros((len(sets), len(opts)), dtype=bool)
            for r, s in enumerate(sets):
                matrix[r, [index[n] for n in s]] = True
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


def _option_columns(df: pd.DataFrame, opts: tuple[str, ...] | None) -> list:
    if opts is not None:
        missing = [o for o in opts if o not in df.columns]
        if missing:
            raise ParameterError("ballots", f"a DataFrame with columns {list(df.columns)}",
                                 f"one column per option; missing: {', '.join(missing)}")
        return list(opts)
    cols = [c for c in df.columns if c != "count"]
    if not cols:
        raise ParameterError("ballots", f"a DataFrame with columns {list(df.columns)}",
                             "one column per option (plus an optional 'count' column)")
    return cols


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
                row[str(name).strip()] = float(value)
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
