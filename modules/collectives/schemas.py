"""Datasheets as schemas: what each column of a dataset may hold, declared once in NAME.yml.

A dataset's ``NAME.yml`` (see ``datasets/README.md``) is parsed into a :class:`DatasetSchema`.
The same schema checks the course's own data (:func:`collectives.data.load`) and the data
participants bring (:func:`collectives.participant.read_participant_data`). From it this
module builds the pandera schema that does the checking, the plain-words description of what
each column expects (used in error messages, the codebook and the fill-in template), and the
conversion of a file's cells to the declared types (:func:`convert_frame`, :func:`check_frame`),
which both loaders share.

Example
-------
>>> from collectives.schemas import schema_from_mapping
>>> sheet = schema_from_mapping({
...     "name": "tiny", "title": "A tiny example", "key": ["id"],
...     "columns": {"id": {"type": "string"},
...                 "members": {"type": "integer", "min": 0, "unit": "persons"}}})
>>> sheet.column("members").expected()
'a whole number of at least 0 (persons)'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml

from collectives.errors import DataError, Problem

TYPES = ("string", "category", "integer", "number", "boolean", "date")
DATE_DTYPE = "datetime64[ns]"
_PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": DATE_DTYPE,
}
_TYPE_WORDS = {
    "string": "text",
    "category": "one of a fixed list of values",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "yes or no (ja/nee, yes/no, true/false, 1/0)",
    "date": "a date (2024-03-31 or 31-03-2024)",
}
_COLUMN_FIELDS = {
    "type", "description", "unit", "min", "max", "values", "pattern", "synonyms",
    "required", "nullable",
}


def normalise_name(name: object) -> str:
    """A column name reduced for matching: no accents, case, spaces, underscores, hyphens or dots.

    >>> normalise_name("Aantal-leden ")
    'aantalleden'
    >>> normalise_name("Gemeentelijke_Steun")
    'gemeentelijkesteun'
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-.]+", "", text.casefold())


def normalise_value(value: object) -> str:
    """A category value reduced for matching: no accents or case; spaces and hyphens as '_'.

    >>> normalise_value(" Social wellbeing")
    'social_wellbeing'
    """
    text = unicodedata.normalize("NFKD", str(value).strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-_]+", "_", text.casefold())


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value)}"
    return str(value)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a datasheet.

    Attributes mirror the YAML keys: ``type`` is one of string, category, integer, number,
    boolean, date; ``min``/``max`` are inclusive bounds; ``values`` the allowed categories;
    ``synonyms`` other names accepted in participants' files; ``required`` whether a
    participant's file must have the column; ``nullable`` whether empty cells are allowed.
    """

    name: str
    type: str
    description: str = ""
    unit: str | None = None
    min: Any = None
    max: Any = None
    values: tuple[str, ...] | None = None
    pattern: str | None = None
    synonyms: tuple[str, ...] = ()
    required: bool = True
    nullable: bool = False

    @property
    def dtype(self) -> Any:
        """The pandas dtype the column is loaded as."""
        if self.type == "category":
            return pd.CategoricalDtype(list(self.values or ()))
        return _PANDAS_DTYPES[self.type]

    def bound(self, which: str) -> Any:
        """``min`` or ``max`` as a value comparable with the loaded column (Timestamp for dates)."""
        value = getattr(self, which)
        if value is None:
            return None
        return pd.Timestamp(value) if self.type == "date" else value

    def expected(self) -> str:
        """What the column accepts, in plain words (used in messages and templates)."""
        if self.type == "category":
            text = "one of: " + ", ".join(self.values or ())
        elif self.type == "string" and self.pattern:
            text = f"text of the form {_pattern_example(self.pattern)}"
        else:
            text = _TYPE_WORDS[self.type]
        lo, hi = self.min, self.max
        if self.type in ("integer", "number", "date") and (lo is not None or hi is not None):
            if lo is not None and hi is not None:
                text += f" from {_fmt(lo)} to {_fmt(hi)}"
            elif lo is not None:
                text += f" of at least {_fmt(lo)}"
            else:
                text += f" of at most {_fmt(hi)}"
        if self.unit:
            text += f" ({self.unit})"
        return text

    @property
    def accepted_names(self) -> tuple[str, ...]:
        """The canonical name followed by its synonyms."""
        return (self.name, *self.synonyms)


def _pattern_example(pattern: str) -> str:
    """A readable example for the simple identifier patterns datasheets use (e.g. ^CC\\d{3}$)."""
    body = pattern.strip("^$")
    example = re.sub(r"\\d\{(\d+)\}", lambda m: "0" * (int(m.group(1)) - 1) + "1", body)
    example = example.replace("\\d+", "1").replace("\\d", "1")
    if re.fullmatch(r"[A-Za-z0-9_\-]+", example):
        return f"{example} (pattern {pattern})"
    return f"pattern {pattern}"


@dataclass(frozen=True)
class DatasetSchema:
    """A parsed datasheet (``NAME.yml``): the columns, the key, and where the data came from.

    Example
    -------
    >>> from collectives import data
    >>> sheet = data.schema("monitor_panel")           # doctest: +SKIP
    >>> sheet.key, [c.name for c in sheet.columns][:3]  # doctest: +SKIP
    (('collective_id', 'year'), ['collective_id', 'municipality', 'sector'])
    """

    name: str
    title: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...] = ()
    synthetic: bool = False
    description: str = ""
    provenance: Mapping[str, Any] = field(default_factory=dict)
    licence: str | None = None
    limitations: tuple[str, ...] = ()
    path: Path | None = None

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name`` (KeyError if there is none)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]

    @property
    def dtypes(self) -> dict[str, Any]:
        """Column name → pandas dtype."""
        return {c.name: c.dtype for c in self.columns}

    def codebook(self) -> pd.DataFrame:
        """The columns as a table a chapter can show: name, type, unit, accepted values, description."""
        return pd.DataFrame(
            {
                "column": [c.name for c in self.columns],
                "type": [c.type for c in self.columns],
                "unit": [c.unit or "" for c in self.columns],
                "accepted values": [c.expected() for c in self.columns],
                "required": [c.required for c in self.columns],
                "may be empty": [c.nullable for c in self.columns],
                "also accepted names": [", ".join(c.synonyms) for c in self.columns],
                "description": [c.description for c in self.columns],
            }
        )

    @cached_property
    def _pandera(self) -> dict[tuple[bool, bool], pa.DataFrameSchema]:
        return {(participant, complete): _build_pandera(self, participant=participant, complete=complete)
                for participant in (False, True) for complete in (False, True)}

    def pandera_schema(self, *, participant: bool = False, complete: bool = True) -> pa.DataFrameSchema:
        """The pandera schema built from this datasheet (built once, then reused).

        With ``participant=True`` columns marked ``required: false`` may be absent. With
        ``complete=False`` the schema leaves out the checks the loaders make while converting
        (:func:`convert_frame`): patterns, once per distinct value, and the unique key, from
        the codes of the distinct values.
        """
        return self._pandera[(participant, complete)]


# ---------------------------------------------------------------------------------------------
# pandera


_PATTERN_MESSAGE = "the value does not have the expected form"


def pattern_matches(values: np.ndarray, pattern: str) -> np.ndarray:
    """Which of ``values`` match the datasheet ``pattern`` (a regular expression searched in the text).

    >>> pattern_matches(np.array(["CC001", "CC1"], dtype=object), r"^CC\\d{3}$").tolist()
    [True, False]
    """
    rx = _compiled(pattern)
    return np.fromiter((rx.search(str(v)) is not None for v in values.tolist()), dtype=bool, count=len(values))


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _pattern_check(pattern: str) -> pa.Check:
    def matches(series: pd.Series) -> pd.Series:
        # Check each distinct value once: identifiers repeat across years.
        codes, uniques = pd.factorize(np.asarray(series, dtype=object), use_na_sentinel=True)
        ok = np.append(pattern_matches(uniques, pattern), True)  # missing values are the nullable check's business
        return pd.Series(ok[codes], index=series.index)

    return pa.Check(matches, error="pattern")


def _build_pandera(sheet: DatasetSchema, *, participant: bool, complete: bool) -> pa.DataFrameSchema:
    columns = {}
    for col in sheet.columns:
        checks = []
        lo, hi = col.bound("min"), col.bound("max")
        if lo is not None:
            checks.append(pa.Check.ge(lo, error="min"))
        if hi is not None:
            checks.append(pa.Check.le(hi, error="max"))
        if col.pattern and complete:
            checks.append(_pattern_check(col.pattern))
        columns[col.name] = pa.Column(
            col.dtype,
            checks=checks,
            nullable=col.nullable,
            required=col.required or not participant,
            name=col.name,
        )
    return pa.DataFrameSchema(
        columns, unique=(list(sheet.key) or None) if complete else None, strict=True, name=sheet.name
    )


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
                problems.extend(_duplicate_problems(sheet, frame, labels))
                seen_duplicates = True
            continue
        if column not in {c.name for c in sheet.columns}:
            if check == "column_in_schema":
                problems.append(Problem(f"unexpected column {value!r}", column=str(value)))
            elif check == "column_in_dataframe":
                problems.append(Problem("this column is missing", column=str(value)))
            else:
                problems.append(Problem(f"{check}: {value!r}"))
            continue
        spec = sheet.column(column)
        label = labels.get(column, column)
        where = int(index) if index is not None and not pd.isna(index) else None
        if check == "not_nullable":
            problems.append(Problem("this cell is empty but must be filled in", where, label, None, spec.expected()))
        elif check == "min":
            problems.append(Problem(f"the value is below the minimum of {_fmt(spec.min)}", where, label, shown(value), spec.expected()))
        elif check == "max":
            problems.append(Problem(f"the value is above the maximum of {_fmt(spec.max)}", where, label, shown(value), spec.expected()))
        elif check == "pattern":
            problems.append(Problem(_PATTERN_MESSAGE, where, label, shown(value), spec.expected()))
        elif check == "column_in_dataframe":
            problems.append(Problem("this column is missing", column=label, expected=spec.expected()))
        else:  # dtype and other structural checks: a bug in the loader rather than in the file
            problems.append(Problem(f"failed the check {check}", where, label, shown(value), spec.expected()))
    return problems


def shown(value: object) -> object:
    """A cell value as a message shows it: plain Python, dates as 2024-03-31, long text cut short.

    >>> shown(np.int64(3)), shown(pd.Timestamp("2024-03-31")), shown(None)
    (3, '2024-03-31', None)
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "..."
    return value


def _duplicate_problems(sheet: DatasetSchema, frame: pd.DataFrame, labels: Mapping[str, str]) -> list[Problem]:
    key = list(sheet.key)
    if not set(key) <= set(frame.columns):  # a key column is missing: reported as such elsewhere
        return []
    dup = frame[frame.duplicated(key, keep=False)]
    problems = []
    for values, group in dup.groupby(key, sort=False, dropna=False, observed=True):
        values = values if isinstance(values, tuple) else (values,)
        rows = [int(r) for r in group.index]
        what = ", ".join(f"{labels.get(k, k)} {shown(v)}" for k, v in zip(key, values))
        row_words = ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"
        problems.append(
            Problem(
                f"rows {row_words} describe the same {what}; each combination of "
                + " and ".join(labels.get(k, k) for k in key)
                + " may appear only once",
                row=rows[1],
            )
        )
    return problems


# ---------------------------------------------------------------------------------------------
# parsing the YAML


def schema_from_mapping(mapping: Mapping[str, Any], source: str = "the datasheet", path: Path | None = None) -> DatasetSchema:
    """Build a :class:`DatasetSchema` from a parsed ``NAME.yml``; DataError lists every mistake."""
    problems: list[str] = []
    if not isinstance(mapping, Mapping):
        raise DataError(source, ["the datasheet is not a YAML mapping (key: value lines)"])
    raw_columns = mapping.get("columns")
    if not isinstance(raw_columns, Mapping) or not raw_columns:
        raise DataError(source, ["the datasheet has no 'columns' section"])
    columns = []
    taken: dict[str, str] = {}
    for name, spec in raw_columns.items():
        spec = spec or {}
        if not isinstance(spec, Mapping):
            problems.append(f"column {name!r}: expected a mapping of settings")
            continue
        unknown = set(spec) - _COLUMN_FIELDS
        if unknown:
            problems.append(f"column {name!r}: unknown settings {sorted(unknown)}")
        kind = spec.get("type")
        if kind not in TYPES:
            problems.append(f"column {name!r}: type {kind!r} is not one of {', '.join(TYPES)}")
            continue
        values = spec.get("values")
        if kind == "category" and not values:
            problems.append(f"column {name!r}: a category column needs 'values'")
        synonyms = tuple(str(s) for s in (spec.get("synonyms") or ()))
        for alias in (str(name), *synonyms):
            norm = normalise_name(alias)
            if norm in taken and taken[norm] != name:
                problems.append(f"column {name!r}: the name {alias!r} is also used by column {taken[norm]!r}")
            taken[norm] = str(name)
        pattern = spec.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"column {name!r}: pattern {pattern!r} is not a valid regular expression ({exc})")
        columns.append(
            ColumnSpec(
                name=str(name),
                type=kind,
                description=str(spec.get("description") or "").strip(),
                unit=spec.get("unit"),
                min=spec.get("min"),
                max=spec.get("max"),
                values=tuple(str(v) for v in values) if values else None,
                pattern=pattern,
                synonyms=synonyms,
                required=bool(spec.get("required", True)),
                nullable=bool(spec.get("nullable", False)),
            )
        )
    key = mapping.get("key") or ()
    if isinstance(key, str):
        key = [key]
    for k in key:
        if k not in raw_columns:
            problems.append(f"key column {k!r} is not among the columns")
    if problems:
        raise DataError(source, problems)
    name = str(mapping.get("name") or (path.stem if path else "dataset"))
    return DatasetSchema(
        name=name,
        title=str(mapping.get("title") or name),
        columns=tuple(columns),
        key=tuple(key),
        synthetic=bool(mapping.get("synthetic", False)),
        description=str(mapping.get("description") or "").strip(),
        provenance=dict(mapping.get("provenance") or {}),
        licence=mapping.get("licence") or mapping.get("license"),
        limitations=tuple(str(x) for x in (mapping.get("limitations") or ())),
        path=path,
    )


def read_schema(path: str | Path) -> DatasetSchema:
    """Parse ``NAME.yml``; cached until the file changes."""
    path = Path(path).resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError(path.name, ["the datasheet file does not exist"]) from None
    return _read_schema_cached(path, mtime)


@lru_cache(maxsize=128)
def _read_schema_cached(path: Path, mtime_ns: int) -> DatasetSchema:
    try:
        mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(path.name, [f"the datasheet is not valid YAML: {exc}"]) from None
    return schema_from_mapping(mapping, source=path.name, path=path)


# ---------------------------------------------------------------------------------------------
# typed columns: cells as read from a file → the datasheet's types, with every problem listed
#
# Both loaders go through here: collectives.data.load (the course's own files, strict: the
# datasheet format only) and collectives.participant.read_participant_data (forgiving: Dutch
# and English notation, yes/no words, 'n.v.t.' for empty). Each column is converted one
# *distinct value* at a time: identifiers and categories repeat, so this is much less work
# than converting every cell.

#: How many problems of one column a DataError lists before summarising the rest.
MAX_LISTED = 20
#: Cells that mean "no value" in participants' files (compared ignoring case).
MISSING_WORDS = frozenset({"na", "n/a", "n.a.", "nvt", "n.v.t.", "-", "--", "?", "null", "none", "nan", "onbekend", "unknown"})
_TRUE = frozenset({"true", "yes", "ja", "j", "y", "waar", "1", "1.0", "wel"})
_FALSE = frozenset({"false", "no", "nee", "n", "onwaar", "0", "0.0", "niet"})
_STRICT_TRUE, _STRICT_FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})


class Problems:
    """Collects the problems found while reading a table; lists the first few per column, counts the rest."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.unlisted: Counter[str] = Counter()

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, message: str, row: int | None = None, column: str | None = None,
            value: object = None, expected: str | None = None) -> None:
        """One problem (``row`` as in a spreadsheet: the header is row 1)."""
        self.items.append(Problem(message, row, column, shown(value), expected))

    def add_cells(self, series: pd.Series, positions: np.ndarray, column: str, message: str, expected: str | None) -> None:
        """The same problem in the cells at ``positions`` of ``series`` (indexed by spreadsheet row)."""
        for row, value in series.iloc[positions[:MAX_LISTED]].items():
            self.add(message, int(row), column, value, expected)
        if len(positions) > MAX_LISTED:
            self.unlisted[column] += len(positions) - MAX_LISTED

    def add_found(self, problems: list[Problem]) -> None:
        """Problems found elsewhere (pandera's checks), listing at most MAX_LISTED cells per column."""
        per_column: Counter[str] = Counter()
        for p in problems:
            key = p.column or ""
            per_column[key] += 1
            if p.row is None or per_column[key] <= MAX_LISTED:
                self.items.append(p)
            else:
                self.unlisted[key] += 1

    def raise_if_any(self, source: str) -> None:
        """Raise a DataError listing the problems in row order (at most MAX_LISTED, then a summary)."""
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


@dataclass
class Reading:
    """One table being read: forgiving (a participant's file) or strict (the course's own data).

    ``hint`` is the number notation to assume when a column's own values do not decide it
    ('nl' in files separated by semicolons). ``report`` collects what was done, in plain words.
    """

    lenient: bool
    hint: Literal["nl", "en"] = "en"
    problems: Problems = field(default_factory=Problems)
    report: list[str] = field(default_factory=list)
    #: Column → codes of its converted values (equal codes = equal values, -1 = empty), kept
    #: by the text conversions for the key check.
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    #: Column → which cells could not be read (already reported; empty after conversion).
    unreadable: dict[str, np.ndarray] = field(default_factory=dict)

    def reject(self, series: pd.Series, positions: np.ndarray, label: str, message: str, expected: str | None) -> None:
        """Report the cells at ``positions`` of ``series`` as unreadable (they become empty)."""
        if len(positions):
            self.problems.add_cells(series, positions, label, message, expected)
            mask = self.unreadable.setdefault(str(series.name), np.zeros(len(series), dtype=bool))
            mask[positions] = True

    def note(self, what: str, count: int) -> None:
        """Add ``"what (count values)"`` to the report."""
        self.report.append(f"{what} ({count} value{'s' if count != 1 else ''})")


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


def cell_text(value: object) -> str | None:
    """A cell as trimmed text (Excel numbers and dates written as in a CSV file); None when empty.

    >>> cell_text("  Utrecht "), cell_text(2023.0), cell_text("  ")
    ('Utrecht', '2023', None)
    """
    if type(value) is str:  # the common case, first
        return value.strip() or None
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
    return text.strip() or None


def _rows_where(codes: np.ndarray, flagged_values: np.ndarray) -> np.ndarray:
    """Positions of the rows holding one of the flagged distinct values."""
    return np.flatnonzero(np.append(flagged_values, False)[codes])


def _counts(codes: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes[codes >= 0], minlength=n)


def _missing_words(codes: np.ndarray, texts: list[str | None], label: str, reading: Reading) -> np.ndarray:
    """Which distinct values are words for 'no value' ('n.v.t.', 'onbekend'); reported once."""
    missing = np.array([reading.lenient and t is not None and t.casefold() in MISSING_WORDS for t in texts], dtype=bool)
    if missing.any():
        words = sorted({texts[i] for i in np.flatnonzero(missing)})[:3]
        reading.note(f"Treated {', '.join(repr(w) for w in words)} as an empty cell in '{label}'",
                     int(_counts(codes, len(texts))[missing].sum()))
    return missing


def _convert_string(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    codes, uniques = factorize(series)
    texts = np.array([cell_text(u) for u in uniques], dtype=object)
    if spec.pattern:
        filled = np.flatnonzero(texts != None)  # noqa: E711 (element-wise)
        bad = np.zeros(len(texts), dtype=bool)
        bad[filled] = ~pattern_matches(texts[filled], spec.pattern)
        reading.reject(series, _rows_where(codes, bad), label, _PATTERN_MESSAGE, spec.expected())
    text_codes, _ = pd.factorize(texts, use_na_sentinel=True)  # trimming can make two values equal
    reading.codes[spec.name] = np.append(text_codes, -1)[codes]
    values = pd.array(np.where(texts == None, pd.NA, texts), dtype="string")  # noqa: E711
    return pd.Series(values.take(codes, allow_fill=True), index=series.index, name=spec.name)


def _convert_category(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    categories = list(spec.values or ())
    exact = {v: i for i, v in enumerate(categories)}
    loose = {normalise_value(v): i for i, v in enumerate(categories)}
    codes, uniques = factorize(series)
    texts = [cell_text(u) for u in uniques]
    missing = _missing_words(codes, texts, label, reading)
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
    reading.reject(series, _rows_where(codes, bad), label,
                               "this value is not in the list of allowed values", spec.expected())
    final = np.append(new, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(final, dtype=spec.dtype), index=series.index, name=spec.name)


def _convert_boolean(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    codes, uniques = factorize(series)
    texts = [cell_text(u) for u in uniques]
    missing = _missing_words(codes, texts, label, reading)
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
    reading.reject(series, _rows_where(codes, bad), label, "this is not a yes/no value", spec.expected())
    array = pd.arrays.BooleanArray(np.append(values, False)[codes], np.append(mask, True)[codes])
    return pd.Series(array, index=series.index, name=spec.name)


def _convert_date(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
    codes, uniques = factorize(series)
    is_date = np.array([hasattr(u, "year") and not isinstance(u, str) for u in uniques], dtype=bool)  # Excel date cells
    texts = [None if is_date[i] else cell_text(u) for i, u in enumerate(uniques)]
    missing = _missing_words(codes, texts, label, reading)
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
                reading.note(f"Read dates written as dd-mm-yyyy in '{label}'", int(_counts(codes, len(uniques))[used].sum()))
    bad = (text_series.notna() & stamps.isna()).to_numpy()
    reading.reject(series, _rows_where(codes, bad), label, "this is not a date", spec.expected())
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


def _convert_number(series: pd.Series, spec: ColumnSpec, label: str, reading: Reading) -> pd.Series:
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
        return _finish_number(series, numbers, np.zeros(len(series), bool), spec, label, reading)

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
    counts = _counts(codes, n)

    texts = [cell_text(u) if is_text[i] else None for i, u in enumerate(uniques)]
    missing = _missing_words(codes, texts, label, reading) | np.array([t is None for t in texts], dtype=bool)
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
    reading.reject(series, _rows_where(codes, other_style), label,
                               f"this number is written in a different notation from the rest of the column, "
                               f"which uses {_STYLE_NAMES.get(style, 'whole numbers')}", spec.expected())
    reading.reject(series, _rows_where(codes, plain_bad | bad), label,
                               f"this is not a {'whole number' if integer else 'number'}", spec.expected())
    flagged = np.append(bad | plain_bad | other_style, True)[codes]
    return _finish_number(series, np.append(numbers, np.nan)[codes], flagged, spec, label, reading)


def _finish_number(series: pd.Series, numbers: np.ndarray, flagged: np.ndarray, spec: ColumnSpec,
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


_CONVERTERS = {
    "string": _convert_string,
    "category": _convert_category,
    "boolean": _convert_boolean,
    "date": _convert_date,
    "integer": _convert_number,
    "number": _convert_number,
}


def convert_frame(raw: pd.DataFrame, sheet: DatasetSchema, labels: Mapping[str, str], reading: Reading) -> pd.DataFrame:
    """Convert each datasheet column of ``raw`` (indexed by spreadsheet row) to its declared type.

    Cells that cannot be converted become empty and are added to ``reading.problems``;
    ``labels`` maps a datasheet column name to the name it has in the file (for messages).
    """
    columns = {spec.name: _CONVERTERS[spec.type](raw[spec.name], spec, labels.get(spec.name, spec.name), reading)
               for spec in sheet.columns if spec.name in raw.columns}
    return pd.DataFrame(columns, index=raw.index, copy=False)


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
        reading.problems.add_found(_duplicate_problems(sheet, frame, labels))


def _has_duplicate_keys(frame: pd.DataFrame, sheet: DatasetSchema, reading: Reading) -> bool:
    """Whether two rows share the key, from the codes of the key columns (equal empty cells count as equal)."""
    key = list(sheet.key)
    if not key or not set(key) <= set(frame.columns):  # a missing key column is reported as such
        return False
    combined = np.zeros(len(frame), dtype=np.int64)
    for name in key:
        column = frame[name]
        if name in reading.codes:
            codes = reading.codes[name]
        elif isinstance(column.dtype, pd.CategoricalDtype):
            codes = column.cat.codes.to_numpy()
        else:
            codes = pd.factorize(column, use_na_sentinel=True)[0]
        combined = combined * (int(codes.max(initial=-1)) + 2) + codes + 1
        if name != key[-1]:
            combined = pd.factorize(combined)[0]  # keeps the numbers small
    return bool(pd.Series(combined).duplicated().any())
