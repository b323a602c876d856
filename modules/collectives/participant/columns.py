"""Columns of a participant's file: the header row found, names matched to the datasheet, empty rows dropped.

Example
-------
>>> from collectives.data import schema
>>> lookup = name_lookup(schema("monitor_panel"))
>>> lookup_name("Leden", lookup), lookup_name("Omzet (EUR)", lookup)
('members', 'revenue_eur')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from collectives.data.datasheets import DatasetSchema
from collectives.data.problems import Reading
from collectives.data.text import normalise_name
from collectives.errors import DataError


def header_row(rows: list[list[str]], lookup: Mapping[str, str], reading: Reading, empty: DataError,
               numbers: list[int] | None = None) -> int:
    """The row (among the first 10) that names the most known columns, else the first one filled in.

    Raises ``empty`` when there is none; reports rows skipped above the header (a title, say).
    """
    scores = [sum(1 for c in row if lookup_name(c, lookup)) for row in rows[:10]]
    if scores and max(scores):
        header_at = scores.index(max(scores))
    else:
        header_at = next((i for i, r in enumerate(rows[:10]) if any(c.strip() for c in r)), None)
        if header_at is None:
            raise empty
    if header_at:
        reading.report.append(f"Used row {numbers[header_at] if numbers else header_at + 1} as the header row "
                              f"(ignored the {header_at} row{'s' if header_at > 1 else ''} above it)")
    return header_at



def name_lookup(sheet: DatasetSchema) -> dict[str, str]:
    lookup = {}
    for col in sheet.columns:
        for alias in col.accepted_names:
            lookup.setdefault(normalise_name(alias), col.name)
    return lookup


def lookup_name(cell: object, lookup: Mapping[str, str]) -> str | None:
    text = str(cell or "").strip()
    if not text:
        return None
    found = lookup.get(normalise_name(text))
    if found is None:  # 'Omzet (EUR)', 'Leden [aantal]': try without the bracketed part
        bare = re.sub(r"[(\[].*?[)\]]", "", text).strip()
        if bare and bare != text:
            found = lookup.get(normalise_name(bare))
    return found


#: Said when a text file seems to hold one column only.
SEPARATOR_HINT = " (only one column was found: is the file separated by commas, semicolons or tabs?)"


def match_columns(header: list[str], table: pd.DataFrame, sheet: DatasetSchema, reading: Reading,
                  hint: str = SEPARATOR_HINT) -> tuple[dict[str, str], dict[str, int]]:
    """Datasheet column → the name it has in the file, and → its position; problems for missing or doubled ones.

    ``hint`` is added to the message about missing columns when the file seems to be read
    wrongly as a whole (one column only, for a text file; no known column, for a workbook).
    """
    lookup = name_lookup(sheet)
    labels: dict[str, str] = {}
    positions: dict[str, int] = {}
    claims: dict[str, list[str]] = {}
    for i, cell in enumerate(header):
        text = str(cell or "").strip()
        canon = lookup_name(text, lookup)
        if not text:
            if i in table.columns and table[i].notna().any():
                reading.report.append(f"Ignored a column without a name (column {column_letter(i)})")
            continue
        if canon is None:
            reading.report.append(f"Ignored unknown column '{text}'")
            continue
        claims.setdefault(canon, []).append(text)
        if canon in positions:
            continue
        positions[canon], labels[canon] = i, text
        if text != canon:
            reading.report.append(f"Column '{text}' matched to '{canon}'")
    for canon, names in claims.items():
        if len(names) > 1:
            reading.problems.add(f"{len(names)} columns all mean '{canon}': " + ", ".join(repr(n) for n in names)
                                 + "; keep only one of them", column=names[1])
    missing = [c for c in sheet.columns if c.required and c.name not in positions]
    if missing:
        found = [str(c).strip() for c in header if str(c or "").strip()]
        names = "; ".join(f"'{c.name}'" + (f" (or {', '.join(repr(s) for s in c.synonyms)})" if c.synonyms else "") for c in missing)
        if hint == SEPARATOR_HINT and len(found) > 1 or hint != SEPARATOR_HINT and positions:
            hint = ""
        reading.problems.add(
            f"required column{'s are' if len(missing) > 1 else ' is'} missing: {', '.join(c.name for c in missing)}. "
            f"the columns in your file are: {', '.join(repr(c) for c in found) or '(none)'}{hint}",
            expected=f"a column named {names}",
        )
    order = {c.name: k for k, c in enumerate(sheet.columns)}
    positions = dict(sorted(positions.items(), key=lambda kv: order[kv[0]]))
    return labels, positions


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def blank_cells(column: pd.Series) -> np.ndarray:
    """Which cells of a column are empty or hold only spaces."""
    blank = column.isna().to_numpy().copy()
    if isinstance(column.dtype, pd.CategoricalDtype):  # decided once per distinct value
        blank_value = np.array([isinstance(v, str) and not v.strip() for v in column.cat.categories], dtype=bool)
        blank |= np.append(blank_value, False)[column.cat.codes.to_numpy()]
    elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
        filled = np.flatnonzero(~blank)
        blank[filled] = [isinstance(v, str) and not v.strip() for v in column.iloc[filled].tolist()]
    return blank


def drop_empty_rows(table: pd.DataFrame, reading: Reading) -> pd.DataFrame:
    """The table without rows whose cells are all empty (reported); a problem if no row is left."""
    # Test number columns first (cheap), then only the rows still in question.
    order = sorted(table.columns, key=lambda c: not pd.api.types.is_numeric_dtype(table[c].dtype))
    empty = np.ones(len(table), dtype=bool)
    for c in order:
        candidates = np.flatnonzero(empty)
        if not len(candidates):
            break
        empty[candidates] = blank_cells(table[c].iloc[candidates])
    keep = table[~empty] if empty.any() else table
    if keep.empty:
        reading.problems.add("the file has a header row but no data rows", expected="one row per record below the header")
        return keep
    trailing = len(table) - (np.flatnonzero(~empty)[-1] + 1)
    inner = int(empty.sum()) - trailing
    if pd.api.types.is_integer_dtype(table.index.dtype):  # rows a workbook leaves out altogether
        inner += int(keep.index[-1] - table.index[0] + 1) - int((table.index <= keep.index[-1]).sum())
    if trailing:
        reading.report.append(f"Ignored {trailing} empty row{'s' if trailing > 1 else ''} at the end")
    if inner:
        reading.report.append(f"Ignored {inner} empty row{'s' if inner > 1 else ''} between the data")
    return keep

