"""Numbers in cells: whole numbers and numbers, in Dutch (1.234,56) or English (1,234.56) notation.

Example
-------
>>> from collectives.data.datasheets import ColumnSpec
>>> from collectives.data.problems import Reading
>>> reading = Reading(lenient=True)
>>> convert_number(pd.Series(["1.234,5", "2,25"]), ColumnSpec("x", "number"), "x", reading).tolist()
[1234.5, 2.25]
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from collectives.data.cells import count_codes, factorize, missing_words, rows_where
from collectives.data.datasheets import ColumnSpec
from collectives.data.problems import Reading
from collectives.data.text import cell_text

# Number notations, each a full match on a cell's text (after trimming).
_N = {
    "plain": r"[+-]?[0-9]+",
    "dot_dec": r"[+-]?[0-9]*\.[0-9]+",
    "comma_dec": r"[+-]?[0-9]*,[0-9]+",
    "dot_group1": r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}",
    "dot_groups": r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3}){2,}",
    "comma_group1": r"[+-]?[1-9][0-9]{0,2},[0-9]{3}",
    "comma_groups": r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3}){2,}",
    "nl_full": r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+,[0-9]+",
    "en_full": r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+\.[0-9]+",
    "sci_dot": r"[+-]?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+",
    "sci_comma": r"[+-]?[0-9]+,[0-9]+[eE][+-]?[0-9]+",
}
_STYLE_NAMES = {"nl": "Dutch notation (1.234,56)", "en": "English notation (1,234.56)"}


def convert_number(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    """Whole numbers and numbers; in participants' files the notation is decided per column.

    A column whose values are unambiguous in one notation is read in it (1.234,56 is Dutch,
    1,234.56 English); values written in the other notation are named as problems, never
    guessed. Ambiguous columns (1.500) follow ``reading.hint``.
    """
    integer = spec.type == "integer"
    if integer and series.dtype == np.int64:  # read as whole numbers already
        return pd.Series(pd.array(series.to_numpy(), dtype="Int64"), index=series.index, name=spec.name)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        numbers = series.to_numpy(dtype="float64", na_value=np.nan)
        return finish_number(series, numbers, np.zeros(len(series), bool), spec, label, reading)

    codes, uniques = factorize(series)
    n = len(uniques)
    numbers = np.full(n, np.nan)
    bad = np.zeros(n, dtype=bool)
    is_text = np.array([isinstance(u, str) for u in uniques], dtype=bool)
    for i in np.flatnonzero(~is_text):  # Excel cells that are already numbers (or dates, booleans)
        u = uniques[i]
        if isinstance(u, (int, float, np.integer, np.floating)) and not isinstance(u, (bool, np.bool_)):
            numbers[i] = float(u)
        else:
            bad[i] = True
    counts = count_codes(codes, n)

    texts = [cell_text(u) if is_text[i] else None for i, u in enumerate(uniques)]
    if reading.lenient:
        other_digits = np.array([t is not None and not t.isascii() and any(ch.isdecimal() and not ch.isascii() for ch in t)
                                 for t in texts], dtype=bool)
        if other_digits.any():
            for i in np.flatnonzero(other_digits):
                texts[i] = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in texts[i])
            reading.note(f"Read digits other than 0-9 (such as Arabic-Indic digits) in '{label}' as 0-9",
                         int(counts[other_digits].sum()))
    missing = missing_words(codes, texts, label, reading) | np.array([t is None for t in texts], dtype=bool)
    text = pd.Series([t or "" for t in texts], dtype=object)
    if reading.lenient:
        euro = text.str.contains(r"€|EUR", regex=True).to_numpy() & is_text
        text = text.str.replace(r"^(?:€|EUR)\s*|\s*(?:€|EUR)$", "", regex=True)
        spaced = text.str.contains(r"\d[\s\u00a0\u202f']\d{3}(?:\D|$)", regex=True).to_numpy() & is_text
        text = text.str.replace(r"(?<=\d)[\s\u00a0\u202f'](?=\d{3}(?:\D|$))", "", regex=True)
        if euro.any():
            reading.report.append(f"Removed '€' signs in '{label}' ({int(counts[euro].sum())} values)")
    else:
        spaced = np.zeros(n, dtype=bool)
    active = is_text & ~missing
    m = {k: (text.str.fullmatch(p).fillna(False).to_numpy(dtype=bool) & active) for k, p in _N.items()}
    has_dot = text.str.contains(".", regex=False).to_numpy(dtype=bool)
    has_comma = text.str.contains(",", regex=False).to_numpy(dtype=bool)
    nl_ev = m["nl_full"] | m["dot_groups"] | (m["comma_dec"] & ~m["comma_group1"]) | m["sci_comma"]
    en_ev = m["en_full"] | m["comma_groups"] | (m["dot_dec"] & ~m["dot_group1"]) | (m["sci_dot"] & has_dot)
    if not reading.lenient:
        style = "en"
        nl_ev = np.zeros(n, dtype=bool)
    else:
        nl_n, en_n = int(counts[nl_ev].sum()), int(counts[en_ev].sum())
        if nl_n or en_n:
            style = "nl" if nl_n >= en_n else "en"
        else:
            style = "int" if integer else reading.hint
    if style == "nl":
        valid = m["plain"] | m["dot_group1"] | m["dot_groups"] | m["comma_dec"] | m["nl_full"] | m["sci_comma"] | (m["sci_dot"] & ~en_ev)
        thousands = has_dot & valid
        decimal = has_comma & valid
        cleaned = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    elif style == "en":
        valid = m["plain"] | m["dot_dec"] | m["en_full"] | m["sci_dot"]
        if reading.lenient:
            valid = valid | m["comma_group1"] | m["comma_groups"]
        thousands = has_comma & valid
        decimal = np.zeros(n, dtype=bool)
        cleaned = text.str.replace(",", "", regex=False)
    else:  # whole numbers with thousands separators only
        valid = m["plain"] | m["dot_group1"] | m["dot_groups"] | m["comma_group1"] | m["comma_groups"]
        thousands = valid & ~m["plain"]
        decimal = np.zeros(n, dtype=bool)
        cleaned = text.str.replace(r"[.,]", "", regex=True)
    thousands = thousands | (spaced & valid)
    if valid.any():
        numbers[valid] = pd.to_numeric(cleaned[valid], errors="coerce").to_numpy(dtype="float64")
    if decimal.any():
        reading.note(f"Converted decimal commas in '{label}'", int(counts[decimal].sum()))
    if thousands.any():
        reading.note(f"Removed thousands separators in '{label}'", int(counts[thousands].sum()))

    other_style = (en_ev if style == "nl" else nl_ev) & active & ~valid
    plain_bad = active & ~valid & ~other_style
    reading.reject(series, rows_where(codes, other_style), label,
                               f"this number is written in a different notation from the rest of the column, "
                               f"which uses {_STYLE_NAMES.get(style, 'whole numbers')}", spec.expected())
    reading.reject(series, rows_where(codes, plain_bad | bad), label,
                               f"this is not a {'whole number' if integer else 'number'}", spec.expected())
    flagged = np.append(bad | plain_bad | other_style, True)[codes]
    return finish_number(series, np.append(numbers, np.nan)[codes], flagged, spec, label, reading)


def finish_number(series: pd.Series, numbers: np.ndarray, flagged: np.ndarray, spec: ColumnSpec,
                   label: str, reading: Reading) -> pd.Series:
    """Check whole numbers and finiteness; build the Int64 / Float64 column."""
    numbers = numbers.copy()
    numbers[flagged] = np.nan
    present = ~np.isnan(numbers)
    infinite = np.isinf(numbers)
    if infinite.any():
        reading.reject(series, np.flatnonzero(infinite), label, "this is not a number", spec.expected())
        numbers[infinite] = np.nan
        present &= ~infinite
    if spec.type == "integer":
        fractional = present & (np.abs(numbers) >= 2**62)
        with np.errstate(invalid="ignore"):
            fractional |= present & (numbers != np.round(numbers))
        if fractional.any():
            reading.reject(series, np.flatnonzero(fractional), label, "this is not a whole number", spec.expected())
            numbers[fractional] = np.nan
            present &= ~fractional
        array = pd.arrays.IntegerArray(np.where(present, numbers, 0).astype(np.int64), ~present)
    else:
        array = pd.arrays.FloatingArray(np.where(present, numbers, 0.0), ~present)
    return pd.Series(array, index=series.index, name=spec.name)

