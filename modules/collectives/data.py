"""The one loader the course reads through: the course's datasets and participants' own files.

Every dataset in ``datasets/`` is a ``NAME.csv`` with a datasheet ``NAME.yml`` (see
``datasets/README.md``). :func:`load` reads one, checks it against its datasheet and returns a
DataFrame with proper dtypes. :func:`read_participant_data` reads a file a participant brings
(CSV in Dutch or English notation, or an Excel workbook) against the same datasheet, fixes what
can be fixed safely, says what it fixed, and otherwise raises :class:`~collectives.errors.DataError`
listing every problem with the row and column as the participant sees them in their spreadsheet.
The participant's file is only ever read.

Example
-------
>>> from collectives import data
>>> panel = data.load("monitor_panel")                                  # doctest: +SKIP
>>> mine = data.read_participant_data("mijn_monitor.csv", "monitor_panel")  # doctest: +SKIP
>>> print("\\n".join(mine.report))                                        # doctest: +SKIP
Detected ';' as the column separator
Column 'Leden' matched to 'members'
Converted decimal commas in 'revenue_eur' (12 values)
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from collectives.errors import DataError, ParameterError, Problem
from collectives.schemas import (
    DATE_DTYPE,
    ColumnSpec,
    DatasetSchema,
    normalise_name,
    normalise_value,
    pandera_problems,
    read_schema,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DatasetSchema",
    "ParticipantData",
    "datasets_path",
    "list_datasets",
    "load",
    "participant_data_dir",
    "read_participant_data",
    "schema",
    "template",
]

#: Largest participant file accepted by default (bytes): 50 MB.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Environment variable that points the loader at another datasets folder.
DATASETS_ENV = "COLLECTIVES_DATASETS_DIR"
#: How many problems a DataError lists before summarising the rest.
MAX_LISTED = 20

_SAVE_AS = (
    "open it in Excel (or the program it came from) and use File > Save As > "
    "'Excel Workbook (.xlsx)' or 'CSV (comma delimited)' / 'CSV (gescheiden door lijstscheidingsteken)'"
)
_MISSING_WORDS = {"na", "n/a", "n.a.", "nvt", "n.v.t.", "-", "--", "?", "null", "none", "nan", "onbekend", "unknown"}
_TRUE = {"true", "yes", "ja", "j", "y", "waar", "1", "1.0", "wel"}
_FALSE = {"false", "no", "nee", "n", "onwaar", "0", "0.0", "niet"}


# =============================================================================================
# where the datasets live


def datasets_path(datasets_dir: str | Path | None = None) -> Path:
    """The folder holding the course datasets.

    ``datasets_dir`` if given, else the folder named by the environment variable
    ``COLLECTIVES_DATASETS_DIR``, else the ``datasets/`` folder of the course repository.

    >>> datasets_path().name
    'datasets'
    """
    if datasets_dir is not None:
        return Path(datasets_dir)
    if os.environ.get(DATASETS_ENV):
        return Path(os.environ[DATASETS_ENV])
    here = Path(__file__).resolve().parents[2] / "datasets"
    if here.is_dir():
        return here
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / "datasets").is_dir():
            return folder / "datasets"
    return here


def participant_data_dir(*, create: bool = False) -> Path:
    """The folder for participants' own files, kept out of version control.

    With ``create=True`` the folder is made, with a ``.gitignore`` that ignores everything in
    it, so files saved there are never committed. The loader itself never writes there.

    >>> participant_data_dir().name
    'participant-data'
    """
    folder = datasets_path().parent / "participant-data"
    if create:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Participants' own data: never committed.\n*\n", encoding="utf-8")
    return folder


def _sheet_path(name: str, datasets_dir: str | Path | None) -> Path:
    folder = datasets_path(datasets_dir)
    path = folder / f"{name}.yml"
    if not path.exists():
        known = sorted(p.stem for p in folder.glob("*.yml"))
        raise ParameterError("name", name, "the name of a dataset in " + (", ".join(known) if known else f"{folder} (none found)"))
    return path


def schema(name: str, datasets_dir: str | Path | None = None) -> DatasetSchema:
    """The datasheet of dataset ``name``: its columns, key and provenance (parsed once, then cached).

    Parameters
    ----------
    name
        Dataset name, e.g. ``"monitor_panel"`` (the file ``datasets/monitor_panel.yml``).
    datasets_dir
        Another datasets folder (default: see :func:`datasets_path`).

    Example
    -------
    >>> sheet = schema("monitor_panel")          # doctest: +SKIP
    >>> sheet.column("members").expected()       # doctest: +SKIP
    'a whole number from 0 to 100000 (persons)'
    >>> sheet.codebook()                         # doctest: +SKIP
    """
    return read_schema(_sheet_path(name, datasets_dir))


def list_datasets(datasets_dir: str | Path | None = None) -> pd.DataFrame:
    """The datasets the course has, one row each, ready to show in a chapter.

    Columns: ``name`` (what to pass to :func:`load`), ``title``, ``synthetic`` (True for
    invented teaching data), ``rows``, ``columns``, ``licence`` and ``description``.

    Example
    -------
    >>> list_datasets()[["name", "synthetic", "rows"]]     # doctest: +SKIP
    """
    folder = datasets_path(datasets_dir)
    records = []
    for yml in sorted(folder.glob("*.yml")):
        sheet = read_schema(yml)
        csv_path = yml.with_suffix(".csv")
        records.append(
            {
                "name": sheet.name,
                "title": sheet.title,
                "synthetic": sheet.synthetic,
                "rows": _count_rows(csv_path) if csv_path.exists() else pd.NA,
                "columns": len(sheet.columns),
                "licence": sheet.licence,
                "description": sheet.description,
            }
        )
    frame = pd.DataFrame.from_records(
        records, columns=["name", "title", "synthetic", "rows", "columns", "licence", "description"]
    )
    return frame.astype({"name": "string", "title": "string", "synthetic": "boolean", "rows": "Int64",
                         "columns": "Int64", "licence": "string", "description": "string"})


def _count_rows(path: Path) -> int:
    stat = path.stat()
    return _count_rows_cached(path.resolve(), stat.st_mtime_ns)


@lru_cache(maxsize=128)
def _count_rows_cached(path: Path, mtime_ns: int) -> int:
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        return max(sum(1 for row in csv.reader(handle) if row) - 1, 0)


# =============================================================================================
# problems, listed with a cap


class _Problems:
    """Collects problems; keeps the first few of each sort and counts the rest."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.unlisted: Counter[str] = Counter()

    def add(self, message: str, row: int | None = None, column: str | None = None,
            value: object = None, expected: str | None = None) -> None:
        self.items.append(Problem(message, row, column, value, expected))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def add_rows(self, rows: np.ndarray, values: np.ndarray, column: str, message: str, expected: str | None) -> None:
        """One problem per row, but only the first MAX_LISTED are kept as Problem objects."""
        for row, value in zip(rows[:MAX_LISTED], values[:MAX_LISTED]):
            self.add(message, int(row), column, _show(value), expected)
        if len(rows) > MAX_LISTED:
            self.unlisted[column] += len(rows) - MAX_LISTED

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, source: str) -> None:
        if not self.items:
            return
        ordered = sorted(self.items, key=lambda p: (p.row is not None, p.row or 0))
        listed, rest = ordered[:MAX_LISTED], ordered[MAX_LISTED:]
        unlisted = self.unlisted.copy()
        for p in rest:
            unlisted[p.column or "the file"] += 1
        if unlisted:
            total = sum(unlisted.values())
            parts = ", ".join(f"{n:,} in {'column ' + repr(c) if c != 'the file' else c}" for c, n in unlisted.most_common())
            listed.append(Problem(f"... and {total:,} more problems not listed here ({parts}); "
                                  "fix the ones above and load the file again"))
        raise DataError(source, listed)


def _show(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "..."
    return value


# =============================================================================================
# converting one column of text (or Excel cells) to its declared type


@dataclass
class _Context:
    """Per-file settings for converting columns."""

    lenient: bool
    hint: Literal["nl", "en"] = "en"
    problems: _Problems = field(default_factory=_Problems)
    report: list[str] = field(default_factory=list)


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    values = series.to_numpy(dtype=object) if not isinstance(series, np.ndarray) else series
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes), np.asarray(uniques, dtype=object)


def _cell_text(value: object) -> str | None:
    """A cell as stripped text; None when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, pd.Timestamp):
        text = value.date().isoformat() if value == value.normalize() else value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


def _is_missing_word(text: str | None, ctx: _Context) -> bool:
    return ctx.lenient and text is not None and text.casefold() in _MISSING_WORDS


def _rows_where(series: pd.Series, codes: np.ndarray, bad_unique: np.ndarray) -> np.ndarray:
    """Positions of rows whose value is one of the flagged uniques."""
    flags = np.append(bad_unique, False)[codes]
    return np.flatnonzero(flags)


def _note_missing_words(series, codes, uniques_text, spec_label, ctx) -> np.ndarray:
    missing = np.array([_is_missing_word(t, ctx) for t in uniques_text], dtype=bool)
    if missing.any():
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques_text))
        words = sorted({uniques_text[i] for i in np.flatnonzero(missing)})[:3]
        n = int(counts[missing].sum())
        ctx.report.append(f"Treated {', '.join(repr(w) for w in words)} as an empty cell in '{spec_label}' ({n} value{'s' if n != 1 else ''})")
    return missing


def _convert_string(series: pd.Series, spec: ColumnSpec, label: str, ctx: _Context) -> pd.Series:
    codes, uniques = _factorize(series)
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        listed = uniques.tolist()  # all text: check whether any value needs trimming
        if all(u and u == u.strip() for u in listed):
            return pd.Series(series.astype("string"), index=series.index, name=spec.name)
    texts = [_cell_text(u) for u in uniques]
    values = pd.array([t if t is not None else pd.NA for t in texts], dtype="string")
    return pd.Series(values.take(codes, allow_fill=True), index=series.index, name=spec.name)


def _convert_category(series: pd.Series, spec: ColumnSpec, label: str, ctx: _Context) -> pd.Series:
    categories = list(spec.values or ())
    exact = {v: i for i, v in enumerate(categories)}
    loose = {normalise_value(v): i for i, v in enumerate(categories)}
    codes, uniques = _factorize(series)
    texts = [_cell_text(u) for u in uniques]
    missing = _note_missing_words(series, codes, texts, label, ctx)
    new = np.full(len(uniques), -1, dtype=np.int64)
    bad = np.zeros(len(uniques), dtype=bool)
    respelled = []
    for i, text in enumerate(texts):
        if text is None or missing[i]:
            continue
        if text in exact:
            new[i] = exact[text]
        elif ctx.lenient and normalise_value(text) in loose:
            new[i] = loose[normalise_value(text)]
            respelled.append((text, categories[new[i]]))
        else:
            bad[i] = True
    if respelled:
        example = ", ".join(f"'{a}' → '{b}'" for a, b in respelled[:3])
        ctx.report.append(f"Standardised the spelling of values in '{label}' ({example})")
    rows = _rows_where(series, codes, bad)
    if len(rows):
        ctx.problems.add_rows(series.index.to_numpy()[rows], series.to_numpy()[rows], label,
                              "this value is not in the list of allowed values", spec.expected())
    final = np.append(new, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(final, dtype=spec.dtype), index=series.index, name=spec.name)


def _convert_boolean(series: pd.Series, spec: ColumnSpec, label: str, ctx: _Context) -> pd.Series:
    codes, uniques = _factorize(series)
    texts = [_cell_text(u) for u in uniques]
    missing = _note_missing_words(series, codes, texts, label, ctx)
    true_words, false_words = (_TRUE, _FALSE) if ctx.lenient else ({"true", "1"}, {"false", "0"})
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
    rows = _rows_where(series, codes, bad)
    if len(rows):
        ctx.problems.add_rows(series.index.to_numpy()[rows], series.to_numpy()[rows], label,
                              "this is not a yes/no value", spec.expected())
    array = pd.arrays.BooleanArray(np.append(values, False)[codes], np.append(mask, True)[codes])
    return pd.Series(array, index=series.index, name=spec.name)


def _convert_date(series: pd.Series, spec: ColumnSpec, label: str, ctx: _Context) -> pd.Series:
    codes, uniques = _factorize(series)
    texts = [_cell_text(u) if not isinstance(u, (pd.Timestamp,)) and not hasattr(u, "year") else None for u in uniques]
    missing = _note_missing_words(series, codes, texts, label, ctx)
    stamps = pd.Series([u if hasattr(u, "year") and not isinstance(u, str) else pd.NaT for u in uniques], dtype=object)
    stamps = pd.to_datetime(stamps, errors="coerce")
    text_series = pd.Series([t if (t is not None and not missing[i]) else None for i, t in enumerate(texts)], dtype=object)
    iso = pd.to_datetime(text_series, format="%Y-%m-%d", errors="coerce")
    stamps = stamps.fillna(iso)
    dutch_used = 0
    if ctx.lenient:
        pending = text_series.notna() & stamps.isna()
        if pending.any():
            iso_time = pd.to_datetime(text_series[pending], format="ISO8601", errors="coerce")
            stamps[pending] = iso_time
            pending = text_series.notna() & stamps.isna()
            dutch = pd.to_datetime(text_series[pending], format="%d-%m-%Y", errors="coerce")
            stamps[pending] = dutch
            counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
            dutch_used = int(counts[np.flatnonzero(pending.to_numpy() & dutch.reindex(pending.index).notna().to_numpy())].sum())
    bad = (text_series.notna() & stamps.isna()).to_numpy()
    if dutch_used:
        ctx.report.append(f"Read dates written as dd-mm-yyyy in '{label}' ({dutch_used} values)")
    rows = _rows_where(series, codes, bad)
    if len(rows):
        ctx.problems.add_rows(series.index.to_numpy()[rows], series.to_numpy()[rows], label,
                              "this is not a date", spec.expected())
    values = pd.DatetimeIndex(stamps).astype(DATE_DTYPE).take(codes, allow_fill=True, fill_value=pd.NaT)
    return pd.Series(values, index=series.index, name=spec.name)


# Number notations, each a full match on a cell's text (after trimming).
_N = {
    "plain": r"[+-]?\d+",
    "dot_dec": r"[+-]?\d*\.\d+",
    "comma_dec": r"[+-]?\d*,\d+",
    "dot_group1": r"[+-]?[1-9]\d{0,2}\.\d{3}",
    "dot_groups": r"[+-]?[1-9]\d{0,2}(?:\.\d{3}){2,}",
    "comma_group1": r"[+-]?[1-9]\d{0,2},\d{3}",
    "comma_groups": r"[+-]?[1-9]\d{0,2}(?:,\d{3}){2,}",
    "nl_full": r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+,\d+",
    "en_full": r"[+-]?[1-9]\d{0,2}(?:,\d{3})+\.\d+",
    "sci_dot": r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+",
    "sci_comma": r"[+-]?\d+,\d+[eE][+-]?\d+",
}
_STYLE_NAMES = {"nl": "Dutch notation (1.234,56)", "en": "English notation (1,234.56)"}


def _convert_number(series: pd.Series, spec: ColumnSpec, label: str, ctx: _Context) -> pd.Series:
    integer = spec.type == "integer"
    if integer and series.dtype == np.int64:  # read as whole numbers already
        return pd.Series(pd.array(series.to_numpy(), dtype="Int64"), index=series.index, name=spec.name)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        numbers = series.to_numpy(dtype="float64", na_value=np.nan)
        return _finish_number(series, numbers, np.zeros(len(series), bool), spec, label, ctx)

    codes, uniques = _factorize(series)
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
    counts = np.bincount(codes[codes >= 0], minlength=n)

    text = pd.Series([u.strip() if isinstance(u, str) else "" for u in uniques], dtype=object)
    missing = (text == "").to_numpy() & is_text
    if ctx.lenient:
        words = text.str.casefold().isin(_MISSING_WORDS).to_numpy() & is_text
        if words.any():
            shown = sorted(set(text[words]))[:3]
            k = int(counts[words].sum())
            ctx.report.append(f"Treated {', '.join(repr(w) for w in shown)} as an empty cell in '{label}' ({k} value{'s' if k != 1 else ''})")
        missing |= words
        euro = text.str.contains(r"€|EUR", regex=True).to_numpy() & is_text
        text = text.str.replace(r"^(?:€|EUR)\s*|\s*(?:€|EUR)$", "", regex=True)
        spaced = text.str.contains(r"\d[\s\u00a0\u202f']\d{3}(?:\D|$)", regex=True).to_numpy() & is_text
        text = text.str.replace(r"(?<=\d)[\s\u00a0\u202f'](?=\d{3}(?:\D|$))", "", regex=True)
        if euro.any():
            ctx.report.append(f"Removed '€' signs in '{label}' ({int(counts[euro].sum())} values)")
    else:
        spaced = np.zeros(n, dtype=bool)
    active = is_text & ~missing
    m = {k: (text.str.fullmatch(p).fillna(False).to_numpy(dtype=bool) & active) for k, p in _N.items()}
    nl_ev = m["nl_full"] | m["dot_groups"] | (m["comma_dec"] & ~m["comma_group1"]) | m["sci_comma"]
    en_ev = m["en_full"] | m["comma_groups"] | (m["dot_dec"] & ~m["dot_group1"]) | (m["sci_dot"] & text.str.contains(".", regex=False).to_numpy(dtype=bool))
    if not ctx.lenient:
        style = "en"
        nl_ev = np.zeros(n, dtype=bool)
    else:
        nl_n, en_n = int(counts[nl_ev].sum()), int(counts[en_ev].sum())
        if nl_n and en_n:
            style = "nl" if nl_n >= en_n else "en"
        elif nl_n:
            style = "nl"
        elif en_n:
            style = "en"
        else:
            style = "int" if integer else ctx.hint
    if style == "nl":
        valid = m["plain"] | m["dot_group1"] | m["dot_groups"] | m["comma_dec"] | m["nl_full"] | m["sci_comma"] | (m["sci_dot"] & ~en_ev)
        thousands = text.str.contains(".", regex=False).to_numpy(dtype=bool) & valid
        decimal = text.str.contains(",", regex=False).to_numpy(dtype=bool) & valid
        cleaned = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    elif style == "en" or not ctx.lenient:
        valid = m["plain"] | m["dot_dec"] | m["en_full"] | m["sci_dot"]
        if ctx.lenient:
            valid = valid | m["comma_group1"] | m["comma_groups"]
        thousands = text.str.contains(",", regex=False).to_numpy(dtype=bool) & valid
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
        k = int(counts[decimal].sum())
        ctx.report.append(f"Converted decimal commas in '{label}' ({k} value{'s' if k != 1 else ''})")
    if thousands.any():
        k = int(counts[thousands].sum())
        ctx.report.append(f"Removed thousands separators in '{label}' ({k} value{'s' if k != 1 else ''})")

    other_style = (en_ev if style == "nl" else nl_ev) & active & ~valid
    plain_bad = active & ~valid & ~other_style
    rows_other = _rows_where(series, codes, other_style)
    if len(rows_other):
        ctx.problems.add_rows(series.index.to_numpy()[rows_other], series.to_numpy()[rows_other], label,
                              f"this number is written in a different notation from the rest of the column, "
                              f"which uses {_STYLE_NAMES.get(style, 'whole numbers')}", spec.expected())
    word = "whole number" if integer else "number"
    bad_rows = _rows_where(series, codes, plain_bad | bad)
    if len(bad_rows):
        ctx.problems.add_rows(series.index.to_numpy()[bad_rows], series.to_numpy()[bad_rows], label,
                              f"this is not a {word}", spec.expected())
    flagged = np.append(bad | plain_bad | other_style, True)[codes]
    return _finish_number(series, np.append(numbers, np.nan)[codes], flagged, spec, label, ctx)


def _finish_number(series: pd.Series, numbers: np.ndarray, flagged: np.ndarray, spec: ColumnSpec,
                   label: str, ctx: _Context) -> pd.Series:
    """Check whole numbers and finiteness; build the Int64 / Float64 column."""
    numbers = numbers.copy()
    numbers[flagged] = np.nan
    present = ~np.isnan(numbers)
    infinite = np.isinf(numbers)
    if infinite.any():
        rows = np.flatnonzero(infinite)
        ctx.problems.add_rows(series.index.to_numpy()[rows], series.to_numpy()[rows], label,
                              "this is not a number", spec.expected())
        numbers[infinite] = np.nan
        present &= ~infinite
    if spec.type == "integer":
        fractional = present & (np.abs(numbers) >= 2**62)
        with np.errstate(invalid="ignore"):
            fractional |= present & (numbers != np.round(numbers))
        if fractional.any():
            rows = np.flatnonzero(fractional)
            ctx.problems.add_rows(series.index.to_numpy()[rows], series.to_numpy()[rows], label,
                                  "this is not a whole number", spec.expected())
            numbers[fractional] = np.nan
            present &= ~fractional
        ints = np.where(present, numbers, 0).astype(np.int64)
        array = pd.arrays.IntegerArray(ints, ~present)
    else:
        array = pd.arrays.FloatingArray(np.where(present, numbers, 0.0), ~present)
    return pd.Series(array, index=series.index, name=spec.name)


_CONVERTERS = {
    "string": _convert_string,
    "category": _convert_category,
    "boolean": _convert_boolean,
    "date": _convert_date,
    "integer": _convert_number,
    "number": _convert_number,
}


def _convert_frame(raw: pd.DataFrame, sheet: DatasetSchema, labels: Mapping[str, str], ctx: _Context) -> pd.DataFrame:
    """Convert each canonical column of ``raw`` (indexed by spreadsheet row) to its dtype."""
    columns = {}
    for spec in sheet.columns:
        if spec.name in raw.columns:
            columns[spec.name] = _CONVERTERS[spec.type](raw[spec.name], spec, labels.get(spec.name, spec.name), ctx)
    return pd.DataFrame(columns, index=raw.index)


def _validate(frame: pd.DataFrame, sheet: DatasetSchema, labels: Mapping[str, str], ctx: _Context,
              *, participant: bool, flagged: Callable[[], pd.DataFrame] | None = None) -> None:
    """Run the pandera schema; add its failures (bounds, pattern, empty cells, duplicate keys)."""
    try:
        sheet.pandera_schema(participant=participant).validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        found = pandera_problems(exc, sheet, frame, labels)
        found = [p for p in found if p.message != "this column is missing"]  # reported when matching columns
        if flagged is not None:
            # cells already reported as unreadable are empty now: do not report them twice
            flagged = flagged()
            found = [p for p in found if not (p.message.startswith("this cell is empty") and p.row is not None
                                               and _was_flagged(flagged, p, labels))]
        by_column: Counter[str] = Counter()
        for p in found:
            key = p.column or ""
            by_column[key] += 1
            if p.row is None or by_column[key] <= MAX_LISTED:
                ctx.problems.items.append(p)
            else:
                ctx.problems.unlisted[key] += 1


def _was_flagged(flagged: pd.DataFrame, problem: Problem, labels: Mapping[str, str]) -> bool:
    canonical = {v: k for k, v in labels.items()}.get(problem.column, problem.column)
    try:
        return bool(flagged.at[problem.row, canonical])
    except KeyError:
        return False


# =============================================================================================
# the course's own datasets


def load(name: str, datasets_dir: str | Path | None = None) -> pd.DataFrame:
    """Read dataset ``name``, check it against its datasheet and return it with proper dtypes.

    Types follow the datasheet: string → ``string``, category → ``category`` with the
    declared categories, integer → ``Int64``, number → ``Float64``, boolean → ``boolean``,
    date → ``datetime64[ns]``. Results are cached until the file changes; each call returns
    a fresh copy.

    Raises
    ------
    DataError
        listing every problem (row as in a spreadsheet: the header is row 1).

    Example
    -------
    >>> panel = load("monitor_panel")      # doctest: +SKIP
    >>> panel.dtypes["members"]            # doctest: +SKIP
    Int64Dtype()
    """
    yml = _sheet_path(name, datasets_dir)
    csv_path = yml.with_suffix(".csv")
    if not csv_path.exists():
        raise DataError(csv_path.name, ["the data file is missing (the datasheet exists)"])
    frame = _load_cached(csv_path.resolve(), csv_path.stat().st_mtime_ns, yml.resolve(), yml.stat().st_mtime_ns)
    return frame.copy()


@lru_cache(maxsize=32)
def _load_cached(csv_path: Path, csv_mtime: int, yml_path: Path, yml_mtime: int) -> pd.DataFrame:
    sheet = read_schema(yml_path)
    ctx = _Context(lenient=False)
    with csv_path.open("rb") as handle:
        header = handle.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    names = next(csv.reader([header])) if header else []
    declared = set(sheet.names)
    missing = [c for c in sheet.names if c not in names]
    extra = [c for c in names if c not in declared]
    if missing:
        ctx.problems.add("columns declared in the datasheet are missing: " + ", ".join(missing), expected="columns " + ", ".join(sheet.names))
    for c in extra:
        ctx.problems.add("this column is not declared in the datasheet", column=c)
    if len(set(names)) != len(names):
        ctx.problems.add("some column names appear twice: " + ", ".join(sorted({c for c in names if names.count(c) > 1})))
    ctx.problems.raise_if_any(csv_path.name)
    numeric = {c.name for c in sheet.columns if c.type in ("integer", "number")}
    try:
        raw = pd.read_csv(csv_path, dtype={c: str for c in names if c not in numeric}, keep_default_na=False,
                          na_values=[""], encoding="utf-8-sig", skip_blank_lines=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(csv_path.name, [f"the file cannot be read as comma-separated UTF-8 text ({exc})"]) from None
    raw.index = pd.RangeIndex(2, 2 + len(raw))
    frame = _convert_frame(raw, sheet, {}, ctx)
    _validate(frame, sheet, {}, ctx, participant=False)
    ctx.problems.raise_if_any(csv_path.name)
    return frame.reset_index(drop=True)


# =============================================================================================
# participants' own data


@dataclass(frozen=True)
class ParticipantData:
    """A participant's file, read and checked.

    Attributes
    ----------
    data
        The clean DataFrame: canonical column names in datasheet order, proper dtypes.
        Optional columns the file did not have are left out.
    report
        What the loader did to read the file, in plain words, e.g.
        ``"Detected ';' as the column separator"``.
    kind
        The dataset whose datasheet the file follows.
    source
        The file name as shown in messages.
    columns
        Canonical column name → the name it has in the participant's file.
    """

    data: pd.DataFrame
    report: tuple[str, ...]
    kind: str
    source: str
    columns: Mapping[str, str]

    def __str__(self) -> str:
        lines = [f"{self.source}: {len(self.data)} rows read as {self.kind}."]
        lines += [f"  - {r}" for r in self.report]
        return "\n".join(lines)


def read_participant_data(
    source: str | os.PathLike | bytes | bytearray | memoryview | BinaryIO | Mapping[str, Any],
    kind: str | DatasetSchema,
    *,
    filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    datasets_dir: str | Path | None = None,
) -> ParticipantData:
    """Read a participant's own file against the datasheet of ``kind``.

    Accepts CSV (separated by commas, semicolons or tabs; UTF-8 with or without BOM,
    Windows-1252 or UTF-16; Dutch 1.234,56 or English 1,234.56 notation, decided per column)
    and Excel workbooks (.xlsx: the sheet named after ``kind``, otherwise the first).
    Column names are matched ignoring case, spaces, underscores, hyphens and accents, and the
    Dutch names the datasheet lists as synonyms. Only columns marked ``required`` must be
    present; unknown columns are ignored (and reported). Yes/no cells accept ja/nee, yes/no,
    true/false, waar/onwaar, 1/0; dates accept 2024-03-31 and 31-03-2024.

    The file is only read, never changed or copied anywhere.

    Parameters
    ----------
    source
        A path; raw bytes; an open binary file; or an ipywidgets ``FileUpload`` entry
        (``upload.value[0]``, a mapping with ``name`` and ``content``).
    kind
        The dataset whose columns the file follows, e.g. ``"monitor_panel"``.
    filename
        Name used in messages (and to recognise the format) when ``source`` is bytes.
    max_bytes
        Largest file accepted, in bytes (default 50 MB).
    datasets_dir
        Where to find the datasheet (default: see :func:`datasets_path`).

    Returns
    -------
    ParticipantData
        ``.data`` (the clean DataFrame) and ``.report`` (the fixes applied).

    Raises
    ------
    DataError
        listing every problem, each with the row (header = row 1) and column as the
        participant named it, the value found and what was expected.

    Example
    -------
    >>> mine = read_participant_data("mijn_collectieven.csv", "monitor_panel")  # doctest: +SKIP
    >>> mine.data.head()                                                     # doctest: +SKIP
    >>> print(mine)                                                          # doctest: +SKIP
    """
    sheet = kind if isinstance(kind, DatasetSchema) else schema(kind, datasets_dir)
    raw, name = _read_source(source, filename, max_bytes)
    ctx = _Context(lenient=True)
    fmt = _recognise(raw, name)
    if fmt == "xlsx":
        table, header, first_row = _read_xlsx(raw, name, sheet, ctx)
    else:
        table, header, first_row = _read_text(raw, name, sheet, ctx)
    labels, positions = _match_columns(header, table, sheet, ctx)
    table = _drop_empty_rows(table, ctx, first_row)
    selected = pd.DataFrame({canon: table[pos] for canon, pos in positions.items()}, index=table.index)
    frame = _convert_frame(selected, sheet, labels, ctx)
    _validate(frame, sheet, labels, ctx, participant=True, flagged=lambda: pd.DataFrame(
        {c: selected[c].notna() & frame[c].isna() for c in frame.columns}, index=frame.index))
    ctx.problems.raise_if_any(name)
    frame = frame.reset_index(drop=True)
    return ParticipantData(frame, tuple(dict.fromkeys(ctx.report)), sheet.name, name, labels)


# --- getting the bytes -----------------------------------------------------------------------


def _read_source(source: Any, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
    limit_mb = max_bytes / 1024 / 1024
    limit_text = f"{limit_mb:.3g}" if limit_mb < 10 else f"{limit_mb:.0f}"

    def too_big(size: int, name: str) -> DataError:
        return DataError(name, [Problem(f"the file is {size / 1024 / 1024:.2g} MB, more than the limit of {limit_text} MB",
                                        expected="a smaller file: remove columns or years you do not need, or split it")])

    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise DataError(name, ["this is a folder, not a file"])
            if size > max_bytes:
                raise too_big(size, name)
            with path.open("rb") as handle:  # read-only: the participant's file is never changed
                return handle.read(), name
        except FileNotFoundError:
            raise DataError(name, [f"the file {str(path)!r} does not exist"]) from None
        except PermissionError:
            raise DataError(name, ["the file cannot be opened: no permission to read it (is it open in another program?)"]) from None
    if isinstance(source, Mapping) and "content" in source:
        name = filename or str(source.get("name") or "the uploaded file")
        raw = bytes(source["content"])
    elif isinstance(source, (bytes, bytearray, memoryview)):
        name = filename or "the uploaded file"
        raw = bytes(source)
    elif hasattr(source, "read"):
        name = filename or Path(str(getattr(source, "name", "") or "the uploaded file")).name
        raw = source.read(max_bytes + 1)
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        raw = bytes(raw)
    else:
        raise ParameterError("source", type(source).__name__, "a file path, the bytes of a file, an open file or an uploaded file")
    if len(raw) > max_bytes:
        raise too_big(len(raw), name)
    return raw, name


# --- what kind of file is it? ----------------------------------------------------------------


def _recognise(raw: bytes, name: str) -> Literal["xlsx", "text"]:
    """'xlsx' or 'text'; anything else raises DataError saying what the file looks like."""
    ext = Path(name).suffix.lower()

    def wrong(looks_like: str) -> DataError:
        return DataError(name, [Problem(f"this file is {looks_like}, not a table the course can read",
                                        expected=f"a CSV file or an Excel workbook (.xlsx): {_SAVE_AS}")])

    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    if not body.strip(b" \t\r\n\x00\xff\xfe"):
        raise DataError(name, [Problem("the file is empty", expected="a header row with column names and one row per record")])
    if raw.startswith(b"%PDF"):
        raise wrong("a PDF document")
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, KeyError, EOFError, ValueError, NotImplementedError):
            raise wrong("a damaged Excel workbook or ZIP archive (it could not be opened)") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            raise wrong("a Word document")
        if "ppt/presentation.xml" in names:
            raise wrong("a PowerPoint presentation")
        if b"spreadsheet" in mimetype:
            raise wrong("a LibreOffice/OpenOffice spreadsheet (.ods)")
        if b"opendocument" in mimetype:
            raise wrong("a LibreOffice/OpenOffice document")
        raise wrong("a ZIP archive")
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if ext == ".doc":
            raise wrong("an old-format Word document (.doc)")
        raise wrong("an old-format Excel workbook (.xls, Excel 97-2003)" if ext in (".xls", ".csv", "") or ext != ".doc"
                    else "an old-format Microsoft Office file")
    for magic, what in ((b"\x89PNG", "a PNG picture"), (b"\xff\xd8\xff", "a JPEG picture"), (b"GIF8", "a GIF picture"),
                        (b"{\\rtf", "a Rich Text (RTF) document"), (b"\x1f\x8b", "a compressed (gzip) file"),
                        (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive")):
        if body.startswith(magic):
            raise wrong(what)
    head = body[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        raise wrong("a web page (HTML)")
    if head.startswith(b"<?xml"):
        raise wrong("an XML file (perhaps an 'XML Spreadsheet 2003')")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    if b"\x00" in raw[:65536]:
        raise wrong("binary data (perhaps a program, a picture or a damaged file)")
    return "text"


# --- text files ------------------------------------------------------------------------------


def _decode(raw: bytes, name: str, ctx: _Context) -> tuple[str, bytes, str]:
    """The text, the bytes to hand to pandas, and their encoding."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(name, [Problem("the file says it is UTF-16 text but cannot be read as such",
                                           expected=f"a CSV file or an Excel workbook: {_SAVE_AS}")]) from None
        ctx.report.append("Read as UTF-16 text (Excel 'Unicode text')")
        return text, text.encode("utf-8"), "utf-8"
    body, encoding = (raw[3:], "utf-8-sig") if raw.startswith(codecs.BOM_UTF8) else (raw, "utf-8")
    try:
        return body.decode("utf-8"), raw, encoding
    except UnicodeDecodeError:
        pass
    try:
        text = body.decode("cp1252")
        ctx.report.append("Read as Windows-1252 text")
        return text, body, "cp1252"
    except UnicodeDecodeError:
        ctx.report.append("Read as Latin-1 text")
        return body.decode("latin-1"), body, "latin-1"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls > max(2, len(sample) // 200)


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", None
    for delim in (",", ";", "\t", "|"):
        try:
            rows = [r for r in csv.reader(lines, delimiter=delim) if any(c.strip() for c in r)][:30]
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


def _header_index(rows: list[list[str]], lookup: Mapping[str, str]) -> int:
    """The row (among the first 10) that names the most known columns; 0 if none does."""
    scores = [sum(1 for c in row if _lookup_name(c, lookup)) for row in rows[:10]]
    if not scores or max(scores) == 0:
        return next((i for i, r in enumerate(rows[:10]) if any(c.strip() for c in r)), 0)
    return scores.index(max(scores))


def _read_text(raw: bytes, name: str, sheet: DatasetSchema, ctx: _Context) -> tuple[pd.DataFrame, list[str], int]:
    text, data_bytes, encoding = _decode(raw, name, ctx)
    if _looks_binary(text):
        raise DataError(name, [Problem("this file is binary data (perhaps a program, a picture or a damaged file), not a table the course can read",
                                       expected=f"a CSV file or an Excel workbook (.xlsx): {_SAVE_AS}")])
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    lines = sample.splitlines()
    skip = 0
    match = re.fullmatch(r"\s*sep=(.)\s*", lines[0]) if lines else None
    if match:
        delim = match.group(1)
        skip = 1
        lines = lines[1:]
        ctx.report.append(f"Used the separator {delim!r} named on the first line ('sep={delim}')")
    else:
        delim = _sniff_delimiter(lines[:60])
        if delim != ",":
            ctx.report.append("Detected tabs as the column separator" if delim == "\t" else f"Detected {delim!r} as the column separator")
    ctx.hint = "nl" if delim == ";" else "en"
    lookup = _name_lookup(sheet)
    try:
        rows = list(_limited(csv.reader(lines, delimiter=delim), 12))
    except csv.Error:
        rows = []
    header_at = _header_index(rows, lookup)
    if not rows or not any(c.strip() for c in rows[header_at]):
        raise DataError(name, [Problem("the file is empty", expected="a header row with column names and one row per record")])
    header = rows[header_at]
    if header_at:
        ctx.report.append(f"Used row {header_at + 1} as the header row (ignored the {header_at} row{'s' if header_at > 1 else ''} above it)")
    first_row = header_at + 2
    if delim == "\t" and ctx.hint == "en":
        ctx.hint = _hint_from_sample(rows[header_at + 1:])
    numeric_positions = _numeric_positions(header, sheet, lookup)
    dtypes = {i: str for i in range(len(header)) if i not in numeric_positions}
    read = dict(sep=delim, header=None, names=list(range(len(header))), index_col=False, skiprows=skip + header_at + 1,
                keep_default_na=False, na_values=[""], skip_blank_lines=False, encoding=encoding, quotechar='"',
                engine="c", decimal="," if ctx.hint == "nl" else ".")
    try:
        with warnings.catch_warnings():  # pandas warns (and drops cells) on rows longer than the header
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(io.BytesIO(data_bytes), dtype=dtypes, **read)
        redo = [i for i in numeric_positions if not _fast_numeric_ok(table[i], numeric_positions[i])]
        if redo:  # these columns need the careful, per-value reading
            again = pd.read_csv(io.BytesIO(data_bytes), dtype=str, usecols=redo, **read)
            for i in redo:
                table[i] = again[i]
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, csv.Error, UnicodeDecodeError, OverflowError):
        table = _read_text_carefully(text, delim, skip + header_at + 1, len(header), first_row, ctx)
    except pd.errors.EmptyDataError:
        table = pd.DataFrame({i: pd.Series(dtype=object) for i in range(len(header))})
    table.index = pd.RangeIndex(first_row, first_row + len(table))
    return table, header, first_row


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
        canon = _lookup_name(cell, lookup)
        if canon and canon not in seen:
            seen.add(canon)
            kind = sheet.column(canon).type
            if kind in ("integer", "number"):
                out[i] = kind
    return out


def _fast_numeric_ok(column: pd.Series, kind: str) -> bool:
    """Whether pandas' own parse of a number column can be trusted as is.

    A whole-number column must come out as integers (any separator needs the careful reading);
    a number column as numbers, read with the decimal mark the separator implies (only digits
    and that one mark, so no reading can be ambiguous).
    """
    if kind == "integer":
        return pd.api.types.is_integer_dtype(column.dtype)
    return pd.api.types.is_integer_dtype(column.dtype) or pd.api.types.is_float_dtype(column.dtype)


def _read_text_carefully(text: str, delim: str, skip: int, width: int, first_row: int, ctx: _Context) -> pd.DataFrame:
    """Slow, forgiving reading of a file pandas could not tokenise; reports ragged rows."""
    body = text[1:] if text.startswith("\ufeff") else text
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delim, strict=False)
    records = []
    try:
        for i, row in enumerate(reader):
            if i < skip:
                continue
            records.append(row)
    except csv.Error as exc:
        ctx.problems.add(f"the file could not be read past this row ({exc})", row=first_row + len(records),
                         expected="a CSV file saved by a spreadsheet program")
    if records and len(records[-1]) and any("\n" in c for c in records[-1]) and body.count('"') % 2:
        ctx.problems.add('a quote mark (") opens a value that is never closed, so the rest of the file is read as one cell',
                         row=first_row + len(records) - 1, expected='quote marks in pairs around a value, e.g. "Den Haag"')
    fixed = []
    for n, row in enumerate(records):
        if len(row) > width:
            extra = row[width:]
            if any(c.strip() for c in extra):
                ctx.problems.add(f"this row has {len(row)} cells but the header has {width} column names; perhaps a value "
                                 f"contains the separator {delim!r} without quote marks around it",
                                 row=first_row + n, value=delim.join(row)[:60], expected=f"{width} cells")
            row = row[:width]
        elif len(row) < width:
            row = row + [""] * (width - len(row))
        fixed.append(row)
    table = pd.DataFrame(fixed, columns=list(range(width)), dtype=object) if fixed else pd.DataFrame(columns=list(range(width)), dtype=object)
    return table.replace({"": None}).astype(object)


# --- Excel workbooks -------------------------------------------------------------------------


def _read_xlsx(raw: bytes, name: str, sheet: DatasetSchema, ctx: _Context) -> tuple[pd.DataFrame, list[str], int]:
    import openpyxl  # imported here: only Excel uploads need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise DataError(name, [Problem(f"this Excel workbook is damaged and cannot be opened ({type(exc).__name__})",
                                       expected=f"a workbook that opens in Excel: {_SAVE_AS}")]) from None
    try:
        wanted = {normalise_name(sheet.name), normalise_name(sheet.title)}
        chosen = next((ws for ws in book.worksheets if normalise_name(ws.title) in wanted), None)
        if chosen is None:
            chosen = book.worksheets[0]
            if len(book.worksheets) > 1:
                ctx.report.append(f"Read the first sheet, '{chosen.title}' (the workbook has {len(book.worksheets)} sheets)")
        else:
            if chosen is not book.worksheets[0]:
                ctx.report.append(f"Read the sheet '{chosen.title}'")
        rows = [list(r) for r in chosen.iter_rows(values_only=True)]
    except Exception as exc:
        raise DataError(name, [Problem(f"this Excel workbook is damaged and cannot be read ({type(exc).__name__})",
                                       expected=f"a workbook that opens in Excel: {_SAVE_AS}")]) from None
    finally:
        book.close()
    lookup = _name_lookup(sheet)
    texts = [[_cell_text(c) or "" for c in row] for row in rows[:12]]
    if not any(any(r) for r in texts):
        raise DataError(name, [Problem("the first sheet of the workbook is empty", expected="a header row with column names and one row per record")])
    header_at = _header_index(texts, lookup)
    header = texts[header_at]
    if header_at:
        ctx.report.append(f"Used row {header_at + 1} as the header row (ignored the {header_at} row{'s' if header_at > 1 else ''} above it)")
    width = max(len(header), max((len(r) for r in rows), default=0))
    header = header + [""] * (width - len(header))
    body = [r + [None] * (width - len(r)) for r in rows[header_at + 1:]]
    table = pd.DataFrame(body, columns=list(range(width)), dtype=object) if body else pd.DataFrame(columns=list(range(width)), dtype=object)
    for i in table.columns:
        table[i] = table[i].map(lambda v: v.strip() or None if isinstance(v, str) else v)
    first_row = header_at + 2
    table.index = pd.RangeIndex(first_row, first_row + len(table))
    return table, header, first_row


# --- columns ---------------------------------------------------------------------------------


def _name_lookup(sheet: DatasetSchema) -> dict[str, str]:
    lookup = {}
    for col in sheet.columns:
        for alias in col.accepted_names:
            lookup.setdefault(normalise_name(alias), col.name)
    return lookup


def _lookup_name(cell: object, lookup: Mapping[str, str]) -> str | None:
    text = str(cell or "").strip()
    if not text:
        return None
    found = lookup.get(normalise_name(text))
    if found is None:  # 'Omzet (EUR)', 'Leden [aantal]': try without the bracketed part
        bare = re.sub(r"[(\[].*?[)\]]", "", text).strip()
        if bare and bare != text:
            found = lookup.get(normalise_name(bare))
    return found


def _match_columns(header: list[str], table: pd.DataFrame, sheet: DatasetSchema, ctx: _Context) -> tuple[dict[str, str], dict[str, int]]:
    lookup = _name_lookup(sheet)
    labels: dict[str, str] = {}
    positions: dict[str, int] = {}
    claims: dict[str, list[str]] = {}
    for i, cell in enumerate(header):
        text = str(cell or "").strip()
        canon = _lookup_name(text, lookup)
        if not text:
            if i in table.columns and table[i].notna().any():
                ctx.report.append(f"Ignored a column without a name (column {_column_letter(i)})")
            continue
        if canon is None:
            ctx.report.append(f"Ignored unknown column '{text}'")
            continue
        claims.setdefault(canon, []).append(text)
        if canon in positions:
            continue
        positions[canon], labels[canon] = i, text
        if text != canon:
            ctx.report.append(f"Column '{text}' matched to '{canon}'")
    for canon, names in claims.items():
        if len(names) > 1:
            ctx.problems.add(f"{len(names)} columns all mean '{canon}': " + ", ".join(repr(n) for n in names) + "; keep only one of them",
                             column=names[1])
    missing = [c for c in sheet.columns if c.required and c.name not in positions]
    if missing:
        found = [str(c).strip() for c in header if str(c or "").strip()]
        names = "; ".join(f"'{c.name}'" + (f" (or {', '.join(repr(s) for s in c.synonyms)})" if c.synonyms else "") for c in missing)
        hint = ""
        if len(found) <= 1:
            hint = " (only one column was found: is the file separated by commas, semicolons or tabs?)"
        ctx.problems.add(
            f"required column{'s are' if len(missing) > 1 else ' is'} missing: {', '.join(c.name for c in missing)}. "
            f"the columns in your file are: {', '.join(repr(c) for c in found) or '(none)'}{hint}",
            expected=f"a column named {names}",
        )
    order = {c.name: k for k, c in enumerate(sheet.columns)}
    positions = dict(sorted(positions.items(), key=lambda kv: order[kv[0]]))
    return labels, positions


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _drop_empty_rows(table: pd.DataFrame, ctx: _Context, first_row: int) -> pd.DataFrame:
    if table.empty:
        ctx.problems.add("the file has a header row but no data rows", expected="one row per record below the header")
        return table
    # A row is empty when every cell is: test the cheapest columns first, then only the
    # rows still in question.
    order = sorted(table.columns, key=lambda c: table[c].dtype == object or pd.api.types.is_string_dtype(table[c].dtype))
    empty = np.ones(len(table), dtype=bool)
    for c in order:
        candidates = np.flatnonzero(empty)
        if not len(candidates):
            break
        column = table[c].iloc[candidates]
        still = column.isna().to_numpy().copy()
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            still |= np.array([isinstance(v, str) and not v.strip() for v in column.to_numpy(dtype=object)], dtype=bool) if len(column) < 10_000 else False
        empty[candidates[~still]] = False
    if not empty.any():
        return table
    keep = table[~empty]
    if keep.empty:
        ctx.problems.add("the file has a header row but no data rows", expected="one row per record below the header")
        return keep
    trailing = len(table) - (np.flatnonzero(~empty)[-1] + 1)
    inner = int(empty.sum()) - trailing
    if trailing:
        ctx.report.append(f"Ignored {trailing} empty row{'s' if trailing > 1 else ''} at the end")
    if inner:
        ctx.report.append(f"Ignored {inner} empty row{'s' if inner > 1 else ''} between the data")
    return keep


# =============================================================================================
# fill-in templates


def template(kind: str | DatasetSchema, fmt: Literal["csv", "xlsx"] = "csv", datasets_dir: str | Path | None = None) -> bytes:
    """An empty fill-in template for participants' own data, as file contents.

    ``fmt="csv"`` gives a UTF-8 header row with the canonical column names; ``fmt="xlsx"``
    gives a workbook whose first sheet has that header (with drop-down lists for fixed
    values) and whose second sheet explains each column: description, unit, accepted
    values, whether it is required, and other accepted names.

    Example
    -------
    >>> template("monitor_panel").decode()                     # doctest: +SKIP
    'collective_id,municipality,sector,year,members,volunteers,revenue_eur,municipal_support\\r\\n'
    >>> open("monitor_template.xlsx", "wb").write(template("monitor_panel", "xlsx"))  # doctest: +SKIP
    """
    sheet = kind if isinstance(kind, DatasetSchema) else schema(kind, datasets_dir)
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(sheet.names)
        return buffer.getvalue().encode("utf-8")
    if fmt != "xlsx":
        raise ParameterError("fmt", fmt, "'csv' or 'xlsx'")
    return _xlsx_template(sheet)


def _xlsx_template(sheet: DatasetSchema) -> bytes:
    import datetime as dt

    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    data = book.active
    data.title = sheet.name[:31]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for j, col in enumerate(sheet.columns, start=1):
        cell = data.cell(row=1, column=j, value=col.name)
        cell.font, cell.fill = bold, fill
        data.column_dimensions[get_column_letter(j)].width = max(12, len(col.name) + 4)
        letter = get_column_letter(j)
        if col.type == "category":
            listed = ",".join(col.values or ())
            if len(listed) < 250:
                rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=col.nullable)
                rule.add(f"{letter}2:{letter}5000")
                data.add_data_validation(rule)
        elif col.type == "boolean":
            rule = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
            rule.add(f"{letter}2:{letter}5000")
            data.add_data_validation(rule)
    data.freeze_panes = "A2"

    notes = book.create_sheet("Explanation")
    heads = ["column", "required", "may be empty", "description", "unit", "accepted values", "also accepted names"]
    for j, head in enumerate(heads, start=1):
        cell = notes.cell(row=1, column=j, value=head)
        cell.font, cell.fill = bold, fill
    for i, col in enumerate(sheet.columns, start=2):
        values = [col.name, "yes" if col.required else "no", "yes" if col.nullable else "no",
                  col.description, col.unit or "", col.expected(), ", ".join(col.synonyms)]
        for j, value in enumerate(values, start=1):
            notes.cell(row=i, column=j, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate((22, 10, 12, 60, 14, 40, 30), start=1):
        notes.column_dimensions[get_column_letter(j)].width = width
    intro = len(sheet.columns) + 3
    notes.cell(row=intro, column=1, value=f"Fill in the sheet '{data.title}': one row per record, the header in row 1. "
                                           "Numbers may use Dutch (1.234,56) or English (1,234.56) notation.")
    stamp = dt.datetime(2025, 1, 1)
    book.properties.creator = "collectives"
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
