"""Text files (CSV, semicolon- or tab-separated): decoded, cut into cells, numbers read fast where safe.

Example
-------
>>> sniff_delimiter(["a;b;c", "1;2;3"])
';'
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections import Counter
from collections.abc import Mapping
from typing import Literal

import pandas as pd

from collectives.data.datasheets import DatasetSchema
from collectives.data.limits import DEFAULT_LIMITS, Limits
from collectives.data.problems import Reading
from collectives.errors import DataError, Problem
from collectives.participant.columns import (
    SEPARATOR_HINT,
    header_row,
    lookup_name,
    name_lookup,
)
from collectives.participant.encoding import decode
from collectives.participant.messages import SAVE_AS, empty_file, not_a_table
from collectives.participant.shape import Shape, check_lines, measure

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls > max(2, len(sample) // 200)


def sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", None
    for delim in (",", ";", "\t", "|"):
        try:
            rows = [r for r in csv.reader(lines, delimiter=delim) if len(r) > 1 or any(c.strip() for c in r)][:30]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = Counter(len(r) for r in rows)
        mode, freq = widths.most_common(1)[0]
        widest_first = max(len(r) for r in rows[:10])
        score = (mode > 1, widest_first == mode or len(rows[0]) == mode, freq / len(rows), mode)
        if best_score is None or score > best_score:
            best, best_score = delim, score
    return best



def read_text(raw: bytes, name: str, sheet: DatasetSchema, reading: Reading,
              limits: Limits = DEFAULT_LIMITS) -> tuple[pd.DataFrame, list[str], int, str]:
    """The cells of a CSV file, its header, the row number of its first data row, and the hint
    to give when required columns are missing.

    Before anything is parsed the file is measured (:mod:`collectives.participant.shape`):
    a line, a row, a column count, a cell count or a cell over ``limits`` is refused there.

    pandas' C parser reads the whole file once: number columns as numbers, every other column
    as a categorical (its codes and distinct values are what the conversion needs, so the
    text of each distinct value is handled once). Number columns pandas cannot read as plain
    numbers (thousands separators, mixed notation), and text columns whose values pandas took
    for numbers, are read again as text; a file the parser cannot cut into cells at all is read by the slow, forgiving
    :func:`_read_text_carefully`, which names the rows at fault.
    """
    text, data_bytes, encoding = decode(raw, name, reading)
    if _looks_binary(text):
        raise not_a_table(name, "binary data (perhaps a program, a picture or a damaged file)")
    check_lines(data_bytes, limits, name)
    first_break = text.find("\n")
    sample = text[: max(65536, first_break + 1 + 65536)]  # the whole header line, however long, and more
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    lines = sample.splitlines()
    skip = 0
    match = re.fullmatch(r"\s*sep=(.)\s*", lines[0]) if lines else None
    if match:
        delim = match.group(1)
        skip = 1
        lines = lines[1:]
        reading.report.append(f"Used the separator {delim!r} named on the first line ('sep={delim}')")
    else:
        delim = sniff_delimiter(lines[:60])
        if delim != ",":
            reading.report.append("Detected tabs as the column separator" if delim == "\t" else f"Detected {delim!r} as the column separator")
    reading.hint = "nl" if delim == ";" else "en"
    shape = measure(data_bytes, delim, limits, name)
    if shape.longest_cell > limits.max_cell_chars:
        _check_longest_cells(data_bytes, delim, limits, name)
    lookup = name_lookup(sheet)
    try:
        rows = list(_limited(csv.reader(lines, delimiter=delim), 12))
    except csv.Error:
        rows = []
    header_at = header_row(rows, lookup, reading, empty_file(name))
    header = rows[header_at]
    first_row = header_at + 2
    if delim == "\t" and reading.hint == "en":
        reading.hint = _hint_from_sample(rows[header_at + 1:])
    numeric_positions = _numeric_positions(header, sheet, lookup)
    dtypes = {i: "category" for i in range(len(header)) if i not in numeric_positions}
    # header= (the row pandas skips to) rather than skiprows=: pandas tests every row against skiprows.
    read = dict(sep=delim, header=skip + header_at, names=list(range(len(header))), index_col=False,
                keep_default_na=False, na_values=[""], skip_blank_lines=False, encoding=encoding, quotechar='"',
                engine="c", decimal="," if reading.hint == "nl" else ".")
    wide = shape.widest > len(header)  # pandas would warn and drop cells: read row by row at once
    if wide and shape.cells > CAREFUL_CELLS:
        raise _too_ragged(shape, len(header), name)
    try:
        if wide:
            raise pd.errors.ParserWarning("rows longer than the header")
        with warnings.catch_warnings():  # pandas warns (and drops cells) on rows longer than the header
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(io.BytesIO(data_bytes), dtype=dtypes, **read)
        redo = [i for i in table.columns if not _fast_read_ok(table[i], numeric_positions.get(i))]
        if redo:  # these columns need the careful, per-value reading of their text
            again = pd.read_csv(io.BytesIO(data_bytes), dtype=str, usecols=redo, **read)
            for i in redo:
                table[i] = again[i]
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, csv.Error, UnicodeDecodeError, OverflowError):
        if shape.cells > CAREFUL_CELLS:
            raise _too_ragged(shape, len(header), name) from None
        table = _read_text_carefully(text, delim, skip + header_at + 1, len(header), first_row, reading)
    except pd.errors.EmptyDataError:
        table = pd.DataFrame({i: pd.Series(dtype=object) for i in range(len(header))})
    table.index = pd.RangeIndex(first_row, first_row + len(table))
    return table, header, first_row, SEPARATOR_HINT


#: Largest file (in cells) read row by row when pandas cannot cut it into cells.
CAREFUL_CELLS = 2_000_000


def _too_ragged(shape: Shape, width: int, name: str) -> DataError:
    wider = (f"some rows have up to {shape.widest:,} cells while the header names {width:,} columns, so "
             if shape.widest > width else "the file cannot be cut into cells the same way on every row, and ")
    return DataError(name, [Problem(
        f"{wider}at {shape.cells:,} cells the file is too big to be read row by row to find the rows at fault "
        f"(the limit for that is {CAREFUL_CELLS:,} cells)",
        expected=f"a CSV file saved by a spreadsheet program, each row with as many cells as the header: {SAVE_AS}")])


def _check_longest_cells(data: bytes, delim: str, limits: Limits, name: str) -> None:
    """Refuse a cell longer than ``limits.max_cell_chars`` characters (the measure counted bytes)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""), delimiter=delim)
    csv.field_size_limit(max(limits.max_line_bytes, limits.max_cell_chars) * 4)
    try:
        for number, row in enumerate(reader, start=1):
            for cell in row:
                if len(cell) > limits.max_cell_chars:
                    raise DataError(name, [Problem(
                        f"a cell in row {number:,} holds {len(cell):,} characters, more than the limit of "
                        f"{limits.max_cell_chars:,} characters in one cell",
                        expected="long texts in a separate document, not in a cell of the table")])
    except csv.Error:
        return  # cut into cells later, where the rows at fault are named


def _limited(iterator, n):
    for i, item in enumerate(iterator):
        if i >= n:
            return
        yield item


def _hint_from_sample(rows: list[list[str]]) -> Literal["nl", "en"]:
    cells = [c.strip() for r in rows for c in r]
    nl = sum(bool(re.fullmatch(r"[+-]?\d+,\d{1,2}|[+-]?\d{1,3}(\.\d{3})+(,\d+)?", c)) for c in cells)
    en = sum(bool(re.fullmatch(r"[+-]?\d+\.\d{1,2}|[+-]?\d{1,3}(,\d{3})+(\.\d+)?", c)) for c in cells)
    return "nl" if nl > en else "en"


def _numeric_positions(header: list[str], sheet: DatasetSchema, lookup: Mapping[str, str]) -> dict[int, str]:
    """Header position → 'integer'/'number' for the columns that hold numbers (first match wins)."""
    out, seen = {}, set()
    for i, cell in enumerate(header):
        canon = lookup_name(cell, lookup)
        if canon and canon not in seen:
            seen.add(canon)
            kind = sheet.column(canon).type
            if kind in ("integer", "number"):
                out[i] = kind
    return out


def _fast_read_ok(column: pd.Series, kind: str | None) -> bool:
    """Whether pandas' own reading of a column can be trusted as is.

    A whole-number column must come out as integers (any separator needs the careful reading);
    a number column as numbers, read with the decimal mark the separator implies (only digits
    and that one mark, so no reading can be ambiguous). A text column is read as a
    categorical and must keep its text: pandas turns the categories of a column that holds
    only numbers into numbers ('0363' would become 363).
    """
    if kind == "integer":
        return pd.api.types.is_integer_dtype(column.dtype)
    if kind == "number":
        return pd.api.types.is_integer_dtype(column.dtype) or pd.api.types.is_float_dtype(column.dtype)
    categories = column.cat.categories
    return len(categories) == 0 or categories.inferred_type == "string"


def _read_text_carefully(text: str, delim: str, skip: int, width: int, first_row: int, reading: Reading) -> pd.DataFrame:
    """Slow, forgiving reading of a file pandas could not tokenise; reports ragged rows."""
    body = text[1:] if text.startswith("\ufeff") else text
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delim, strict=False)
    records = []
    try:
        for i, row in enumerate(reader):
            if i < skip:
                continue
            records.append(row)
    except csv.Error:
        reading.problems.add("the file could not be read past this row: a value is too long, or quote marks are used "
                             "in a way a spreadsheet does not write", row=first_row + len(records),
                             expected="a CSV file saved by a spreadsheet program")
    if records and len(records[-1]) and any("\n" in c for c in records[-1]) and body.count('"') % 2:
        reading.problems.add('a quote mark (") opens a value that is never closed, so the rest of the file is read as one cell',
                             row=first_row + len(records) - 1, expected='quote marks in pairs around a value, e.g. "Den Haag"')
    fixed = []
    for n, row in enumerate(records):
        if len(row) > width:
            extra = row[width:]
            if any(c.strip() for c in extra):
                reading.problems.add(f"this row has {len(row)} cells but the header has {width} column names; perhaps a value "
                                     f"contains the separator {delim!r} without quote marks around it",
                                     row=first_row + n, value=delim.join(row)[:60], expected=f"{width} cells")
            row = row[:width]
        elif len(row) < width:
            row = row + [""] * (width - len(row))
        fixed.append(row)
    table = pd.DataFrame(fixed, columns=list(range(width)), dtype=object) if fixed else pd.DataFrame(columns=list(range(width)), dtype=object)
    return table.replace({"": None}).astype(object)

