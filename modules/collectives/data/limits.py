"""How far a file may expand: limits on bytes, rows, columns, cells and lengths, with messages that help.

A small upload can claim to hold a great deal: a 1.7 KB workbook can claim the whole grid of
16,384 columns by 1,048,576 rows, a 1 MB workbook can unpack to gigabytes, one line of a
text file can hold millions of cells. The readers check these limits while they stream
through a file, before memory is spent, and refuse with a message that says what the limit
is, what the file holds and how to split it.

The defaults follow Excel's own grid where there is one (1,048,576 rows, 32,767 characters
in a cell) and are otherwise generous for the course's tables (one row per collective per
year, a few dozen columns).

Example
-------
>>> limits = Limits()
>>> limits.max_rows
1048576
>>> human_bytes(52_428_800), human_bytes(52_428_801)
('50.0 MB', '50.0 MB')
>>> too_big(52_428_801, 52_428_800).message
'the file is 52,428,801 bytes, more than the limit of 52,428,800 bytes (50.0 MB)'
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from numbers import Integral

from collectives.errors import DataError, ParameterError, Problem

MB = 1024 * 1024

#: What to do with a file over a limit, said once.
SPLIT = ("split the file: keep only the columns and years the exercise needs, or save one file per "
         "year or per group of collectives")


@dataclass(frozen=True)
class Limits:
    """What a participant's file may hold (each a whole number of at least 1).

    Attributes
    ----------
    max_bytes
        Size of the file as stored or uploaded (default 50 MB).
    max_expanded_bytes
        What a workbook may unpack to: the sum of its parts (default 200 MB).
    max_rows
        Rows of data, the header included (default 1,048,576, Excel's own limit).
    max_columns
        Columns (default 1,000).
    max_cells
        Filled-in cells, or cells of a text file (default 20,000,000).
    max_cell_chars
        Characters in one cell (default 32,767, Excel's own limit).
    max_line_bytes
        Bytes in one line of a text file (default 1,048,576: 1 MB).
    """

    max_bytes: int = 50 * MB
    max_expanded_bytes: int = 200 * MB
    max_rows: int = 1_048_576
    max_columns: int = 1_000
    max_cells: int = 20_000_000
    max_cell_chars: int = 32_767
    max_line_bytes: int = 1_048_576

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
                raise ParameterError(item.name, _plain(value), "a whole number of at least 1")
            object.__setattr__(self, item.name, int(value))

    def with_max_bytes(self, max_bytes: object) -> Limits:
        """These limits with ``max_bytes`` replaced (checked: a whole number of bytes of at least 1)."""
        return replace(self, max_bytes=check_max_bytes(max_bytes))


def _plain(value: object) -> object:
    """A value as a message shows it: Python numbers rather than numpy ones, a type name for objects."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (TypeError, ValueError):
            pass
    if value is None or isinstance(value, (int, float, str, bool)):
        return value if not isinstance(value, str) or len(value) <= 60 else value[:57] + "..."
    return type(value).__name__


def check_max_bytes(max_bytes: object) -> int:
    """``max_bytes`` as an int, or ParameterError: a whole number of bytes of at least 1.

    >>> check_max_bytes(1024)
    1024
    >>> check_max_bytes(None)
    Traceback (most recent call last):
    ...
    collectives.errors.ParameterError: max_bytes = None is not accepted: expected a whole number of bytes of at least 1, e.g. 50 * 1024 * 1024 for 50 MB.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, Integral) or max_bytes < 1:
        raise ParameterError("max_bytes", _plain(max_bytes), "a whole number of bytes of at least 1, e.g. 50 * 1024 * 1024 for 50 MB")
    return int(max_bytes)


def human_bytes(size: int) -> str:
    """A size for people: bytes, KB or MB (1 KB = 1,024 bytes).

    >>> human_bytes(512), human_bytes(1_700), human_bytes(3 * MB // 2)
    ('512 bytes', '1.7 KB', '1.5 MB')
    """
    if size < 1024:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    if size < MB:
        return f"{size / 1024:,.1f} KB"
    return f"{size / MB:,.1f} MB"


def too_big(size: int, limit: int, *, at_least: bool = False, what: str = "the file is") -> Problem:
    """The problem 'the file is bigger than the limit', with sizes that never read as equal."""
    found, allowed = human_bytes(size), human_bytes(limit)
    more = "more than " if at_least else ""
    if found == allowed:  # 50.0 MB against 50.0 MB: say it in bytes
        text = f"{what} {more}{size:,} bytes, more than the limit of {limit:,} bytes ({allowed})"
    else:
        text = f"{what} {more}{found}, more than the limit of {allowed}"
    return Problem(text, expected=f"a smaller file: {SPLIT}")


def over_limit(source: str, what: str, found: int, limit: int, *, at_least: bool = False,
               where: str = "the file holds", how: str = SPLIT) -> DataError:
    """A DataError saying that ``found`` ``what`` are more than the ``limit``.

    >>> print(over_limit("big.csv", "rows", 2_000_001, 1_048_576))
    The file big.csv cannot be used yet: 1 problem found.
      - the file holds 2,000,001 rows, more than the limit of 1,048,576 rows; expected at most 1,048,576 rows: split the file: keep only the columns and years the exercise needs, or save one file per year or per group of collectives
    """
    count = f"more than {limit:,}" if at_least else f"{found:,}"
    return DataError(source, [Problem(f"{where} {count} {what}, more than the limit of {limit:,} {what}",
                                      expected=f"at most {limit:,} {what}: {how}")])


#: Limits used when none are given.
DEFAULT_LIMITS = Limits()
