"""Checking a converted table against its datasheet: bounds, empty cells and duplicate keys, in plain words.

Example
-------
>>> from collectives.data.datasheets import schema_from_mapping
>>> sheet = schema_from_mapping({"name": "t", "key": ["id"], "columns": {"id": {"type": "string"}}})
>>> reading = Reading(lenient=True)
>>> frame = pd.DataFrame({"id": pd.array(["a", "a"], dtype="string")}, index=[2, 3])
>>> check_frame(frame, sheet, {}, reading, participant=True)
>>> reading.problems.items[0].message
'rows 2 and 3 describe the same id a; each combination of id may appear only once'
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa

from collectives.data.checks import PATTERN_MESSAGE
from collectives.data.datasheets import DatasetSchema
from collectives.data.problems import Reading
from collectives.data.text import fmt, shown
from collectives.errors import Problem


def pandera_problems(
    error: pa.errors.SchemaErrors,
    sheet: DatasetSchema,
    frame: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Turn pandera's failure cases into :class:`Problem` objects a civil servant can act on.

    ``frame`` is the validated frame, indexed by spreadsheet row number; ``labels`` maps a
    canonical column name to the name the user gave it.
    """
    labels = labels or {}
    cases = error.failure_cases
    problems: list[Problem] = []
    seen_duplicates = False
    for row in cases.itertuples(index=False):
        check, column, value, index = row.check, row.column, row.failure_case, row.index
        if check == "multiple_fields_uniqueness":
            if not seen_duplicates:
                problems.extend(duplicate_problems(sheet, frame, labels))
                seen_duplicates = True
            continue
        if column not in {c.name for c in sheet.columns}:
            if check == "column_in_schema":
                problems.append(Problem("this column is not declared in the datasheet", column=str(shown(value))))
            elif check == "column_in_dataframe":
                problems.append(Problem("this column is missing", column=str(value)))
            else:
                problems.append(Problem(f"a check of the datasheet failed ({check})", value=shown(value)))
            continue
        spec = sheet.column(column)
        label = labels.get(column, column)
        where = int(index) if index is not None and not pd.isna(index) else None
        if check == "not_nullable":
            problems.append(Problem("this cell is empty but must be filled in", where, label, None, spec.expected()))
        elif check == "min":
            problems.append(Problem(f"the value is below the minimum of {fmt(spec.min)}", where, label, shown(value), spec.expected()))
        elif check == "max":
            problems.append(Problem(f"the value is above the maximum of {fmt(spec.max)}", where, label, shown(value), spec.expected()))
        elif check == "pattern":
            problems.append(Problem(PATTERN_MESSAGE, where, label, shown(value), spec.expected()))
        elif check == "column_in_dataframe":
            problems.append(Problem("this column is missing", column=label, expected=spec.expected()))
        else:  # dtype and other structural checks: a bug in the loader rather than in the file
            problems.append(Problem(f"failed the check {check}", where, label, shown(value), spec.expected()))
    return problems


def duplicate_problems(sheet: DatasetSchema, frame: pd.DataFrame, labels: Mapping[str, str]) -> list[Problem]:
    """One problem per combination of key values that appears more than once (the first
    :data:`MAX_LISTED_GROUPS`, then one that counts the rest); rows without their key are left out."""
    key = list(sheet.key)
    if not set(key) <= set(frame.columns):  # a key column is missing: reported as such elsewhere
        return []
    complete = frame.dropna(subset=key)  # a row without its key is reported as an empty cell, not as a twin
    dup = complete[complete.duplicated(key, keep=False)]
    if dup.empty:
        return []
    groups = dup.groupby(key, sort=False, dropna=True, observed=True).ngroup().to_numpy()
    names = " and ".join(labels.get(k, k) for k in key)
    problems = []
    for group in range(min(int(groups.max()) + 1, MAX_LISTED_GROUPS)):
        positions = np.flatnonzero(groups == group)
        rows = [int(r) for r in dup.index[positions]]
        first = dup.iloc[positions[0]]
        what = ", ".join(f"{labels.get(k, k)} {shown(first[k])}" for k in key)
        row_words = ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"
        problems.append(Problem(f"rows {row_words} describe the same {what}; each combination of {names} may appear only once",
                                row=rows[1]))
    rest = int(groups.max()) + 1 - MAX_LISTED_GROUPS
    if rest > 0:
        problems.append(Problem(f"{rest:,} more combinations of {names} appear more than once (not listed here)"))
    return problems


#: How many repeated key combinations a message lists one by one.
MAX_LISTED_GROUPS = 20

def check_frame(frame: pd.DataFrame, sheet: DatasetSchema, labels: Mapping[str, str], reading: Reading,
                *, participant: bool) -> None:
    """Check the converted ``frame``: bounds, empty cells, duplicate keys (patterns: see below).

    Runs the datasheet's pandera checks except those :func:`convert_frame` has made (patterns,
    once per distinct value); checks the key from the codes of the converted values.
    Failures go to ``reading.problems``; a cell that is empty only because its value could not
    be read (``reading.unreadable``) is not reported a second time.
    """
    try:
        sheet.pandera_schema(participant=participant, complete=False).validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        found = [p for p in pandera_problems(exc, sheet, frame, labels)
                 if p.message != "this column is missing"]  # reported when the columns were matched
        canonical = {v: k for k, v in labels.items()}

        def already_reported(p: Problem) -> bool:
            column = canonical.get(p.column, p.column)
            if not (p.message.startswith("this cell is empty") and p.row is not None and column in reading.unreadable):
                return False
            return bool(reading.unreadable[column][frame.index.get_loc(p.row)])

        reading.problems.add_found([p for p in found if not already_reported(p)])
    if _has_duplicate_keys(frame, sheet, reading):
        reading.problems.add_found(duplicate_problems(sheet, frame, labels))


def _has_duplicate_keys(frame: pd.DataFrame, sheet: DatasetSchema, reading: Reading) -> bool:
    """Whether two rows share the key, from the codes of the key columns (rows with an empty key cell left out)."""
    key = list(sheet.key)
    if not key or not set(key) <= set(frame.columns):  # a missing key column is reported as such
        return False
    combined = np.zeros(len(frame), dtype=np.int64)
    incomplete = np.zeros(len(frame), dtype=bool)  # rows with an empty key cell: not twins of each other
    for name in key:
        column = frame[name]
        if name in reading.codes:
            codes = reading.codes[name]
        elif isinstance(column.dtype, pd.CategoricalDtype):
            codes = column.cat.codes.to_numpy()
        else:
            codes = pd.factorize(column, use_na_sentinel=True)[0]
        incomplete |= codes < 0
        combined = combined * (int(codes.max(initial=-1)) + 2) + codes + 1
        if name != key[-1]:
            combined = pd.factorize(combined)[0]  # keeps the numbers small
    return bool(pd.Series(combined[~incomplete]).duplicated().any())
