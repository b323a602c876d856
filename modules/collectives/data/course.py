"""Loading the course's own datasets: ``datasets/NAME.csv`` checked against ``NAME.yml``.

Example
-------
>>> panel = load("monitor_panel")
>>> panel["members"].dtype
Int64Dtype()
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from collectives.data.convert import convert_frame
from collectives.data.datasheets import DatasetSchema, read_schema
from collectives.data.files import check_regular
from collectives.data.paths import datasets_path, sheet_path
from collectives.data.problems import Reading
from collectives.data.validation import check_frame
from collectives.errors import DataError


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
    return read_schema(sheet_path(name, datasets_dir, parameter="name"))


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
# loading a dataset


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
    yml = sheet_path(name, datasets_dir, parameter="name")
    csv_path = yml.with_suffix(".csv")
    if not csv_path.exists():
        raise DataError(csv_path.name, ["the data file is missing (the datasheet exists)"])
    check_regular(csv_path)
    frame = _load_cached(csv_path.resolve(), csv_path.stat().st_mtime_ns, yml.resolve(), yml.stat().st_mtime_ns)
    return frame.copy()


@lru_cache(maxsize=32)
def _load_cached(csv_path: Path, csv_mtime: int, yml_path: Path, yml_mtime: int) -> pd.DataFrame:
    sheet = read_schema(yml_path)
    reading = Reading(lenient=False)
    with csv_path.open("rb") as handle:
        header = handle.readline().decode("utf-8-sig", errors="replace").rstrip("\r\n")
    names = next(csv.reader([header])) if header else []
    declared = set(sheet.names)
    missing = [c for c in sheet.names if c not in names]
    extra = [c for c in names if c not in declared]
    if missing:
        reading.problems.add("columns declared in the datasheet are missing: " + ", ".join(missing), expected="columns " + ", ".join(sheet.names))
    for c in extra:
        reading.problems.add("this column is not declared in the datasheet", column=c)
    if len(set(names)) != len(names):
        reading.problems.add("some column names appear twice: " + ", ".join(sorted({c for c in names if names.count(c) > 1})))
    reading.problems.raise_if_any(csv_path.name)
    numeric = {c.name for c in sheet.columns if c.type in ("integer", "number")}
    try:
        raw = pd.read_csv(csv_path, dtype={c: str for c in names if c not in numeric}, keep_default_na=False,
                          na_values=[""], encoding="utf-8-sig", skip_blank_lines=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        raise DataError(csv_path.name, ["the file cannot be read as comma-separated UTF-8 text, each row with as many "
                                        "cells as the header"]) from None
    raw.index = pd.RangeIndex(2, 2 + len(raw))
    frame = convert_frame(raw, sheet, {}, reading)
    check_frame(frame, sheet, {}, reading, participant=False)
    reading.problems.raise_if_any(csv_path.name)
    return frame.reset_index(drop=True)
