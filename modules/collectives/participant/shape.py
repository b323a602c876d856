"""The shape of a text file, measured before it is parsed: lines, records, cells and their lengths.

A text file is measured with numpy in chunks of a few megabytes (so the measuring itself
needs little memory): the longest line, then — with the separator known — the number of
records, the most cells in one record, the cells in all, and the longest cell. A separator
or line break between quote marks belongs to a value, as in a spreadsheet's CSV. Each
measure is compared with :class:`~collectives.data.limits.Limits` as soon as it is known, so
a file far over a limit is refused without being read to the end.

Example
-------
>>> shape = measure(b'a,b\\n1,"x,y"\\n2,z\\n', ",", Limits(), "t.csv")
>>> shape.records, shape.widest, shape.cells, shape.longest_cell
(3, 2, 6, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collectives.data.limits import Limits, over_limit
from collectives.errors import DataError, Problem

_CHUNK = 1024 * 1024
_NEWLINE, _QUOTE = 10, 34


@dataclass(frozen=True)
class Shape:
    """What a text file holds: records (rows, header included), the widest record, cells, the longest cell (bytes)."""

    records: int
    widest: int
    cells: int
    longest_cell: int


def check_lines(data: bytes, limits: Limits, name: str) -> None:
    """Refuse a file with a line longer than ``limits.max_line_bytes`` (the line named)."""
    last, line = -1, 0
    for start in range(0, len(data), _CHUNK):
        chunk = np.frombuffer(data, dtype=np.uint8, count=min(_CHUNK, len(data) - start), offset=start)
        breaks = np.flatnonzero(chunk == _NEWLINE) + start
        ends = np.append(breaks, start + len(chunk) if start + _CHUNK >= len(data) else -1)
        ends = ends[ends >= 0]
        lengths = np.diff(np.concatenate(([last], ends))) - 1
        if len(lengths) and lengths.max() > limits.max_line_bytes:
            at = int(np.argmax(lengths > limits.max_line_bytes))
            number, size = line + at + 1, int(lengths[at])
            raise DataError(name, [Problem(
                f"line {number:,} of the file is {size:,} bytes long, more than the limit of {limits.max_line_bytes:,} bytes "
                "for one line", expected="one record per line, as a spreadsheet saves it: a file of one enormous line is "
                "not a table (was it saved with another line ending, or is it not a CSV file?)")])
        if len(breaks):
            last, line = int(breaks[-1]), line + len(breaks)
        elif start + len(chunk) - last - 1 > limits.max_line_bytes:  # a long line across chunks
            raise DataError(name, [Problem(
                f"line {line + 1:,} of the file is more than {limits.max_line_bytes:,} bytes long, the limit for one line",
                expected="one record per line, as a spreadsheet saves it")])


def measure(data: bytes, delim: str, limits: Limits, name: str) -> Shape:
    """The shape of ``data`` cut at ``delim`` (quote marks respected); DataError as soon as a limit is passed."""
    sep = ord(delim) if len(delim) == 1 and ord(delim) < 128 else None
    if sep is None:
        return Shape(data.count(b"\n") + 1, 1, data.count(b"\n") + 1, len(data))
    size = len(data)
    quotes_before = 0        # quote marks seen before the chunk (their parity says whether we are in a value)
    last_sep = -1            # position of the last separator outside quotes (a delimiter or a record end)
    fields_in_record = 1     # cells of the record that runs across the chunk boundary
    records = widest = cells = longest = 0
    for start in range(0, size, _CHUNK):
        chunk = np.frombuffer(data, dtype=np.uint8, count=min(_CHUNK, size - start), offset=start)
        positions = np.flatnonzero((chunk == sep) | (chunk == _NEWLINE))  # sorted
        quotes = np.flatnonzero(chunk == _QUOTE)
        if len(quotes):  # a separator between quote marks belongs to the value
            positions = positions[(quotes_before + np.searchsorted(quotes, positions)) % 2 == 0]
        quotes_before += len(quotes)
        ends = chunk[positions] == _NEWLINE
        # cells per record: the delimiters before each record end, plus one
        record_of = np.cumsum(ends) - ends  # record ends before each separator
        per_record = np.bincount(record_of[~ends], minlength=int(ends.sum()) + 1).astype(np.int64) + 1
        per_record[0] += fields_in_record - 1
        finished = per_record[:-1]
        if len(finished):
            widest = max(widest, int(finished.max()))
            records += len(finished)
            cells += int(finished.sum())
        fields_in_record = int(per_record[-1])
        if len(positions):
            gaps = np.diff(positions, prepend=last_sep - start) - 1
            longest = max(longest, int(gaps.max()))
            last_sep = int(positions[-1]) + start
        _check(records, max(widest, fields_in_record), cells, limits, name, final=False)
    tail = size - last_sep - 1
    longest = max(longest, tail)
    if tail > 0 or fields_in_record > 1:  # a last record without a line break after it
        records += 1
        widest = max(widest, fields_in_record)
        cells += fields_in_record
    _check(records, widest, cells, limits, name, final=True)
    return Shape(records, widest, cells, longest)


def _check(records: int, widest: int, cells: int, limits: Limits, name: str, *, final: bool) -> None:
    if widest > limits.max_columns:
        raise over_limit(name, "columns", widest, limits.max_columns, at_least=not final, where="a row of the file has",
                         how="only the columns the course needs: delete the others, or check the separator")
    if records > limits.max_rows:
        raise over_limit(name, "rows", records, limits.max_rows, at_least=not final)
    if cells > limits.max_cells:
        raise over_limit(name, "cells", cells, limits.max_cells, at_least=not final)
