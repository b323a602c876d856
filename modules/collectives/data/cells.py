"""Typed columns: cells as read from a file → the datasheet's types, with every problem listed.

Both loaders go through here: :func:`collectives.data.load` (the course's own files, strict:
the datasheet format only) and :func:`collectives.participant.read_participant_data`
(forgiving: yes/no words, 'n.v.t.' for empty, dd-mm-yyyy dates). Each column is converted one
*distinct value* at a time: identifiers and categories repeat, so this is much less work than
converting every cell. Numbers are converted in :mod:`collectives.data.numbers`, whole
tables in :mod:`collectives.data.convert`.

Example
-------
>>> codes, values = factorize(pd.Series(["a", "b", "a", None]))
>>> codes.tolist(), values.tolist()
([0, 1, 0, -1], ['a', 'b'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collectives.data.checks import PATTERN_MESSAGE, pattern_matches
from collectives.data.datasheets import DATE_DTYPE, ColumnSpec
from collectives.data.problems import Reading
from collectives.data.text import cell_text, clean_text, normalise_value

#: Cells that mean "no value" in participants' files (compared ignoring case).
MISSING_WORDS = frozenset({"na", "n/a", "n.a.", "nvt", "n.v.t.", "-", "--", "?", "null", "none", "nan", "onbekend", "unknown"})
_TRUE = frozenset({"true", "yes", "ja", "j", "y", "waar", "1", "1.0", "wel"})
_FALSE = frozenset({"false", "no", "nee", "n", "onwaar", "0", "0.0", "niet"})
_STRICT_TRUE, _STRICT_FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})
def factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 for an empty cell) and the distinct values of a column.

    A categorical column (how text columns are read from CSV) already holds both.

    >>> codes, values = factorize(pd.Series(["a", "b", "a", None]))
    >>> codes.tolist(), values.tolist()
    ([0, 1, 0, -1], ['a', 'b'])
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(), series.cat.categories.to_numpy(dtype=object)
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    return np.asarray(codes), np.asarray(uniques, dtype=object)



def rows_where(codes: np.ndarray, flagged_values: np.ndarray) -> np.ndarray:
    """Positions of the rows holding one of the flagged distinct values."""
    return np.flatnonzero(np.append(flagged_values, False)[codes])


def count_codes(codes: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes[codes >= 0], minlength=n)


def missing_words(codes: np.ndarray, texts: list[str | None], label: str, reading: Reading) -> np.ndarray:
    """Which distinct values are words for 'no value' ('n.v.t.', 'onbekend'); reported once."""
    missing = np.array([reading.lenient and t is not None and t.casefold() in MISSING_WORDS for t in texts], dtype=bool)
    if missing.any():
        words = sorted({texts[i] for i in np.flatnonzero(missing)})[:3]
        reading.note(f"Treated {', '.join(repr(w) for w in words)} as an empty cell in '{label}'",
                     int(count_codes(codes, len(texts))[missing].sum()))
    return missing


def clean_texts(codes: np.ndarray, uniques: np.ndarray, label: str, reading: Reading) -> list[str | None]:
    """The distinct values as cleaned text (:func:`~collectives.data.text.clean_text`); the report says how many changed."""
    texts = [cell_text(u) for u in uniques]
    changed = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        if text is not None and not text.isascii():
            cleaned = clean_text(text)
            if cleaned != text:
                texts[i], changed[i] = cleaned or None, True
    if changed.any():
        reading.note(f"Wrote the text in '{label}' in one Unicode form (NFC) and removed invisible characters such as "
                     "zero-width spaces, so that the same text typed in two ways counts once",
                     int(count_codes(codes, len(texts))[changed].sum()))
    return texts


def convert_string(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    codes, uniques = factorize(series)
    texts = np.array(clean_texts(codes, uniques, label, reading), dtype=object)
    if spec.pattern:
        filled = np.flatnonzero(texts != None)  # noqa: E711 (element-wise)
        bad = np.zeros(len(texts), dtype=bool)
        bad[filled] = ~pattern_matches(texts[filled], spec.pattern)
        reading.reject(series, rows_where(codes, bad), label, PATTERN_MESSAGE, spec.expected())
    text_codes, _ = pd.factorize(texts, use_na_sentinel=True)  # trimming can make two values equal
    reading.codes[spec.name] = np.append(text_codes, -1)[codes]
    values = pd.array(np.where(texts == None, pd.NA, texts), dtype="string")  # noqa: E711
    return pd.Series(values.take(codes, allow_fill=True), index=series.index, name=spec.name)


def convert_category(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    categories = list(spec.values or ())
    exact = {v: i for i, v in enumerate(categories)}
    loose = {normalise_value(v): i for i, v in enumerate(categories)}
    codes, uniques = factorize(series)
    texts = clean_texts(codes, uniques, label, reading)
    missing = missing_words(codes, texts, label, reading)
    new = np.full(len(uniques), -1, dtype=np.int64)
    bad = np.zeros(len(uniques), dtype=bool)
    respelled = []
    for i, text in enumerate(texts):
        if text is None or missing[i]:
            continue
        if text in exact:
            new[i] = exact[text]
        elif reading.lenient and normalise_value(text) in loose:
            new[i] = loose[normalise_value(text)]
            respelled.append((text, categories[new[i]]))
        else:
            bad[i] = True
    if respelled:
        example = ", ".join(f"'{a}' → '{b}'" for a, b in respelled[:3])
        reading.report.append(f"Standardised the spelling of values in '{label}' ({example})")
    reading.reject(series, rows_where(codes, bad), label,
                               "this value is not in the list of allowed values", spec.expected())
    final = np.append(new, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(final, dtype=spec.dtype), index=series.index, name=spec.name)


def convert_boolean(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    codes, uniques = factorize(series)
    texts = [cell_text(u) for u in uniques]
    missing = missing_words(codes, texts, label, reading)
    true_words, false_words = (_TRUE, _FALSE) if reading.lenient else (_STRICT_TRUE, _STRICT_FALSE)
    values, mask, bad = np.zeros(len(uniques), bool), np.ones(len(uniques), bool), np.zeros(len(uniques), bool)
    for i, text in enumerate(texts):
        if text is None or missing[i]:
            continue
        word = text.casefold()
        if word in true_words:
            values[i], mask[i] = True, False
        elif word in false_words:
            mask[i] = False
        else:
            bad[i] = True
    reading.reject(series, rows_where(codes, bad), label, "this is not a yes/no value", spec.expected())
    array = pd.arrays.BooleanArray(np.append(values, False)[codes], np.append(mask, True)[codes])
    return pd.Series(array, index=series.index, name=spec.name)


#: The years a date may fall in: what pandas' nanosecond dates can hold (1677-09-21 to 2262-04-11), in whole years.
FIRST_YEAR, LAST_YEAR = 1678, 2261


def convert_date(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    codes, uniques = factorize(series)
    is_date = np.array([hasattr(u, "year") and not isinstance(u, str) for u in uniques], dtype=bool)  # Excel date cells
    texts = [None if is_date[i] else cell_text(u) for i, u in enumerate(uniques)]
    missing = missing_words(codes, texts, label, reading)
    stamps = pd.to_datetime(pd.Series([u if is_date[i] else pd.NaT for i, u in enumerate(uniques)], dtype=object), errors="coerce")
    text_series = pd.Series([t if (t is not None and not missing[i]) else None for i, t in enumerate(texts)], dtype=object)
    stamps = stamps.fillna(pd.to_datetime(text_series, format="%Y-%m-%d", errors="coerce"))
    if reading.lenient:
        pending = text_series.notna() & stamps.isna()
        if pending.any():
            stamps[pending] = pd.to_datetime(text_series[pending], format="ISO8601", errors="coerce")
            pending = text_series.notna() & stamps.isna()
            dutch = pd.to_datetime(text_series[pending], format="%d-%m-%Y", errors="coerce")
            stamps[pending] = dutch
            used = pending.to_numpy() & dutch.reindex(pending.index).notna().to_numpy()
            if used.any():
                reading.note(f"Read dates written as dd-mm-yyyy in '{label}'", int(count_codes(codes, len(uniques))[used].sum()))
    bad = (text_series.notna() & stamps.isna()).to_numpy()
    reading.reject(series, rows_where(codes, bad), label, "this is not a date", spec.expected())
    index = pd.DatetimeIndex(stamps)
    outside = np.asarray(index.notna() & ((index.year < FIRST_YEAR) | (index.year > LAST_YEAR)), dtype=bool)
    if outside.any():  # a real date, but one pandas cannot compute with (nanoseconds since 1970)
        reading.reject(series, rows_where(codes, outside), label,
                       f"this date is outside the years {FIRST_YEAR} to {LAST_YEAR} the course can compute with", spec.expected())
        index = index.where(~outside, pd.NaT)
    values = index.astype(DATE_DTYPE).take(codes, allow_fill=True, fill_value=pd.NaT)
    return pd.Series(values, index=series.index, name=spec.name)
