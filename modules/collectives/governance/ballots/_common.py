"""What the three ballot kinds share: the limits (:data:`MAX_BALLOTS`, :data:`MAX_OPTIONS`,
:data:`MAX_CELLS`) checked before any table is built, and the helpers that read counts, option
lists, ``(ballot, count)`` pairs and DataFrame rows and name the ballot a problem is in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd

from collectives.errors import BallotError, LimitError, ParameterError
from collectives.validate import normalise_text

__all__ = ["MAX_BALLOTS", "MAX_CELLS", "MAX_OPTIONS"]


#: The most ballots one profile may count (a count, or all counts together): far beyond any
#: assembly, and well inside exact integer arithmetic.
MAX_BALLOTS = 10**12
#: The most options one set of ballots may name.
MAX_OPTIONS = 500
#: The most cells (distinct rankings × options) a profile may hold: 80 MB.
MAX_CELLS = 10_000_000


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
    if value > MAX_BALLOTS:
        raise BallotError(where, ballot, f"its count {value} is larger than the limit of {MAX_BALLOTS:,} ballots",
                          expected + f", at most {MAX_BALLOTS:,}")
    return value


def _check_options(options: Iterable[str] | None) -> tuple[str, ...] | None:
    if options is None:
        return None
    if isinstance(options, (str, bytes, Mapping, pd.DataFrame)) or not isinstance(options, Iterable):
        raise ParameterError("options", options, "a list of option names, e.g. ['Solar', 'Wind']")
    options = list(options)
    if any(not isinstance(o, str) for o in options):
        raise ParameterError("options", options, "option names as text, e.g. ['Solar', 'Wind']")
    names = tuple(normalise_text(o) for o in options)
    if len(names) == 0:
        raise ParameterError("options", list(options), "at least one option name")
    if len(set(names)) != len(names):
        raise ParameterError("options", list(names), "each option name once")
    if any(n == "" for n in names):
        raise ParameterError("options", list(names), "option names that are not empty")
    return names


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator)]


def _check_known(names: Iterable[str], options: tuple[str, ...] | None, where: str, ballot: object) -> None:
    if options is None:
        return
    known = set(options)
    for name in names:
        if name not in known:
            raise BallotError(where, ballot, f"{name!r} is not one of the options",
                              f"one of {', '.join(options)}")


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
    bad = np.isnan(values) | (values < 0) | (np.floor(values) != values) | (values > MAX_BALLOTS)
    if raw.dtype == bool:
        bad[:] = True
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        _check_count(raw.iloc[pos], _row_label(df, pos), df.iloc[pos].to_dict())
        raise BallotError(_row_label(df, pos), df.iloc[pos].to_dict(), "its count is not a whole number",
                          "a whole number of ballots, 0 or more")
    return values.astype(np.int64)


def _need_ballots(total: int) -> None:
    if total > MAX_BALLOTS:
        raise ParameterError("ballots", f"counts that add up to {total:,} ballots",
                             f"at most {MAX_BALLOTS:,} ballots in all")
    if total <= 0:
        raise ParameterError("ballots", "only ballots with count 0", "at least one ballot with a count above 0")


def _check_size(n_rankings: int, n_options: int) -> None:
    """Refuse, before allocating, a profile too large to count (see :data:`MAX_OPTIONS`, :data:`MAX_CELLS`)."""
    if n_options > MAX_OPTIONS:
        raise LimitError(f"The ballots name {n_options:,} different options, more than the limit of {MAX_OPTIONS}: "
                         "check that the option names are spelled the same way on every ballot.")
    if n_rankings * n_options > MAX_CELLS:
        raise LimitError(f"The ballots hold {n_rankings:,} different rankings of {n_options} options "
                         f"({n_rankings * n_options:,} cells), more than the limit of {MAX_CELLS:,}: count a sample "
                         "or fewer options.")


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
