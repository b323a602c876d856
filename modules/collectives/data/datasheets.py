"""Datasheets: what each column of a dataset may hold, declared once in ``NAME.yml``.

A dataset's ``NAME.yml`` (see ``datasets/README.md``) is parsed into a :class:`DatasetSchema`.
The same schema checks the course's own data (:func:`collectives.data.load`) and the data
participants bring (:func:`collectives.participant.read_participant_data`); it also gives
the plain-words description of what each column expects (used in error messages, the
codebook and the fill-in template).

Example
-------
>>> sheet = schema_from_mapping({
...     "name": "tiny", "title": "A tiny example", "key": ["id"],
...     "columns": {"id": {"type": "string"},
...                 "members": {"type": "integer", "min": 0, "unit": "persons"}}})
>>> sheet.column("members").expected()
'a whole number of at least 0 (persons)'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import yaml

from collectives.data.checks import build_pandera
from collectives.data.files import check_regular
from collectives.data.text import fmt, normalise_name
from collectives.errors import DataError, ParameterError

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
                text += f" from {fmt(lo)} to {fmt(hi)}"
            elif lo is not None:
                text += f" of at least {fmt(lo)}"
            else:
                text += f" of at most {fmt(hi)}"
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
        """The column called ``name`` (ParameterError if the datasheet has none)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise ParameterError("column", name, f"a column of the datasheet {self.name}: {', '.join(self.names)}")

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
        return {(participant, complete): build_pandera(self, participant=participant, complete=complete)
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
            except re.error:
                problems.append(f"column {name!r}: pattern {pattern!r} is not a valid regular expression")
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
    info = check_regular(path)
    if info.st_size > MAX_DATASHEET_BYTES:
        raise DataError(path.name, [f"the datasheet is {info.st_size:,} bytes, more than a datasheet holds "
                                    f"(at most {MAX_DATASHEET_BYTES:,} bytes)"])
    return _read_schema_cached(path, info.st_mtime_ns)


#: Largest datasheet read (bytes): they are a few kilobytes.
MAX_DATASHEET_BYTES = 1024 * 1024


@lru_cache(maxsize=128)
def _read_schema_cached(path: Path, mtime_ns: int) -> DatasetSchema:
    try:
        mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise DataError(path.name, [f"the datasheet is not valid YAML{line}: check the indentation and the quote marks there"]) from None
    return schema_from_mapping(mapping, source=path.name, path=path)

