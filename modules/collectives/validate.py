"""One vocabulary for checking what a caller passes in: parameters and table columns.

Every public computation checks its inputs with these functions, so that one kind of mistake
always raises one kind of error with one kind of message:

- a parameter outside what is accepted → :class:`~collectives.errors.ParameterError`, naming
  the parameter as the caller wrote it, the value formatted for people, and what is expected;
- a column missing from a table → :class:`~collectives.errors.DataError`, naming each missing
  column and listing the columns that exist;
- a request too large to compute → :class:`~collectives.errors.LimitError`, naming the limit.

This module imports neither statsmodels nor scipy: SROI arithmetic and KPI tables can check
their inputs without loading the estimation libraries.

Example
-------
>>> number("discount_rate", 0.035, min=0, max=0.3)
0.035
>>> number("discount_rate", float("nan"), min=0, max=0.3)
Traceback (most recent call last):
...
collectives.errors.ParameterError: discount_rate = NaN (not a number) is not accepted: expected a number from 0 to 0.3.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd

from collectives.errors import DataError, LimitError, ParameterError, Problem

__all__ = [
    "TABLE", "choice", "column_name", "finite_array", "integer", "limit", "normalise_text", "number",
    "probability", "require_columns", "require_frame", "text_list",
]

#: How a table passed as ``data`` is named in messages.
TABLE = "'data' (the table given)"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _fmt(x: float) -> str:
    return f"{x:,.6g}".replace(",", " ") if abs(x) >= 10_000 else f"{x:g}"


def _range_text(min: float | None, max: float | None, min_open: bool, max_open: bool) -> str:
    if min is not None and max is not None and not (min_open or max_open):
        return f"from {_fmt(min)} to {_fmt(max)}"
    parts = []
    if min is not None:
        parts.append(f"above {_fmt(min)}" if min_open else f"of {_fmt(min)} or more")
    if max is not None:
        parts.append(f"below {_fmt(max)}" if max_open else f"of at most {_fmt(max)}")
    return " and ".join(parts)


def _is_real(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def number(name: str, value: object, *, min: float | None = None, max: float | None = None,
           min_open: bool = False, max_open: bool = False, expected: str | None = None) -> float:
    """A finite number within the bounds, as a float; else ParameterError naming ``name``.

    >>> number("weight", 2, min=0, min_open=True)
    2.0
    """
    ok = _is_real(value) and math.isfinite(float(value))
    if ok:
        x = float(value)
        ok = not ((min is not None and (x < min or (min_open and x == min)))
                  or (max is not None and (x > max or (max_open and x == max))))
    if not ok:
        raise ParameterError(name, value, expected or ("a number " + _range_text(min, max, min_open, max_open)).strip())
    return float(value)


def integer(name: str, value: object, *, min: int | None = None, max: int | None = None,
            expected: str | None = None) -> int:
    """A whole number within the bounds (``3.0`` is accepted as 3; ``True`` is not a number).

    >>> integer("months", 12.0, min=1, max=600)
    12
    """
    ok = _is_real(value) and math.isfinite(float(value)) and float(value).is_integer() \
        if not isinstance(value, Integral) else not isinstance(value, bool)
    if ok:
        n = int(value)
        ok = (min is None or n >= min) and (max is None or n <= max)
    if not ok:
        raise ParameterError(name, value, expected or ("a whole number " + _range_text(min, max, False, False)).strip())
    return int(value)


def probability(name: str, value: object, *, expected: str | None = None) -> float:
    """A fraction from 0 to 1; a value like 25 gets the hint that it looks like a percentage.

    >>> probability("share", 0.25)
    0.25
    """
    if _is_real(value) and 1 < float(value) <= 100 and expected is None:
        expected = "a fraction from 0 to 1, e.g. 0.25 for 25% (it looks like a percentage: divide by 100)"
    return number(name, value, min=0, max=1, expected=expected or "a fraction from 0 to 1, e.g. 0.25 for 25%")


def choice(name: str, value: object, options: Iterable[object], *, expected: str | None = None) -> object:
    """``value`` if it is one of ``options``; else ParameterError listing them.

    >>> choice("by", "sector", ["sector", "cohort"])
    'sector'
    """
    allowed = list(options)
    try:
        ok = isinstance(value, (str, bytes, int, float, tuple, type(None))) and value in allowed
    except (TypeError, ValueError):
        ok = False
    if not ok:
        listed = ", ".join(repr(o) if isinstance(o, str) else str(o) for o in allowed)
        raise ParameterError(name, value, expected or f"one of {listed}")
    return value


def limit(what: str, needed: float, cap: float, how: str) -> None:
    """Refuse, before any memory is spent, a request that needs more than ``cap``.

    >>> limit("time steps", 500, 100_000, "use a larger dt_months")
    >>> limit("time steps", 1e12, 100_000, "use a larger dt_months")
    Traceback (most recent call last):
    ...
    collectives.errors.LimitError: This needs 1e+12 time steps, more than the limit of 100 000: use a larger dt_months.
    """
    if needed > cap:
        raise LimitError(f"This needs {_fmt(float(needed))} {what}, more than the limit of {_fmt(float(cap))}: {how}.")


def finite_array(name: str, values: object, *, min: float | None = None, min_open: bool = False,
                 max: float | None = None, allowed: Sequence[float] | None = None,
                 what: str = "numbers", max_length: int = 10_000_000) -> np.ndarray:
    """A one-dimensional array of finite numbers (no text, no None, no NaN, no infinity),
    optionally bounded or restricted to ``allowed`` values; else ParameterError naming the
    first offending position.

    >>> finite_array("event", [1, 0, True], allowed=(0, 1)).tolist()
    [1.0, 0.0, 1.0]
    """
    expected = what + (" " + _range_text(min, max, min_open, False) if (min is not None or max is not None) else "")
    if allowed is not None:
        expected = what + " equal to " + " or ".join(_fmt(a) for a in allowed)
    if values is None or isinstance(values, (str, bytes, dict)) or not (
            isinstance(values, (Sequence, np.ndarray, pd.Series, pd.Index)) or hasattr(values, "__array__")):
        raise ParameterError(name, values, f"a list or column of {expected}")
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy(dtype=object, na_value=None)
    raw = np.asarray(values, dtype=object)
    if raw.ndim != 1:
        raise ParameterError(name, values, f"a flat list or one column of {expected}")
    if raw.size > max_length:
        limit(f"values in {name}", raw.size, max_length, "use fewer rows")
    out = np.empty(raw.size, dtype=float)
    for i, v in enumerate(raw):
        if isinstance(v, (bool, np.bool_)):
            v = int(v)
        if not _is_real(v) and not isinstance(v, (np.integer, np.floating)):
            raise ParameterError(f"{name}[{i}]", v, expected)
        x = float(v)
        bad = not math.isfinite(x) or (min is not None and (x < min or (min_open and x == min))) \
            or (max is not None and x > max) or (allowed is not None and x not in allowed)
        if bad:
            raise ParameterError(f"{name}[{i}]", v, expected)
        out[i] = x
    return out


def text_list(name: str, values: object, *, what: str = "texts") -> list[object]:
    """A list of items (a bare string is refused: it is one text, not a list of texts).

    >>> text_list("answers", ("een antwoord",))
    ['een antwoord']
    """
    if isinstance(values, (str, bytes)):
        raise ParameterError(name, values, f"a list of {what}, e.g. [{values!r}] for a single one")
    if isinstance(values, pd.Series):
        return values.tolist()
    if values is None or isinstance(values, dict) or not isinstance(values, (Sequence, np.ndarray, set, frozenset)):
        raise ParameterError(name, values, f"a list of {what}")
    return list(values)


def normalise_text(text: str) -> str:
    """Text as compared by the package: Unicode NFC, zero-width characters removed, spaces trimmed.

    >>> normalise_text("Cafe\\u0301") == normalise_text("Café\\u200b") == "Café"
    True
    """
    return unicodedata.normalize("NFC", str(text).translate(_ZERO_WIDTH)).strip()


def column_name(name: str, value: object, *, optional: bool = False) -> str | None:
    """A column name given as a parameter (``outcome="members"``): text, or None when optional.

    >>> column_name("outcome", "members")
    'members'
    """
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        raise ParameterError(name, value, "the name of a column (text), e.g. 'members'")
    return value


def require_frame(data: object, name: str = "data") -> pd.DataFrame:
    """``data`` if it is a pandas DataFrame; else ParameterError naming the argument."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(name, data, "a pandas DataFrame (a table)")
    return data


def require_columns(data: object, columns: Iterable[str | None], where: str = TABLE, *,
                    name: str = "data") -> pd.DataFrame:
    """Raise DataError naming each missing column and listing the columns that exist.

    A missing column is always a :class:`~collectives.errors.DataError`, whichever module asks.

    >>> require_columns(pd.DataFrame({"year": [2020]}), ["year", "members"])
    Traceback (most recent call last):
    ...
    collectives.errors.DataError: The file 'data' (the table given) cannot be used yet: 1 problem found.
      - column 'members': not found; the columns are: year; expected a column with this exact name (check spelling and capitals)
    """
    require_frame(data, name)
    if isinstance(columns, (str, bytes)) or not isinstance(columns, Iterable):
        raise ParameterError("columns", columns, "a list of column names")
    wanted = [c for c in columns if c is not None]
    for c in wanted:
        if not isinstance(c, (str, int)) or isinstance(c, bool):
            raise ParameterError("column name", c, "the name of a column (text), e.g. 'members'")
    missing = [c for c in dict.fromkeys(wanted) if c not in data.columns]
    if missing:
        existing = ", ".join(map(str, data.columns)) or "(none)"
        raise DataError(where, [Problem(f"not found; the columns are: {existing}", column=c,
                                        expected="a column with this exact name (check spelling and capitals)")
                                for c in missing])
    return data
