"""Participants' own files: read safely against a datasheet, and explained in plain words.

In the course, participants bring data about their own collective (or their municipality's
collectives) and feed it to the same computations as the course's datasets.
:func:`read_participant_data` reads such a file — CSV in Dutch or English notation, or an
Excel workbook — against the datasheet of a course dataset, fixes what can be fixed safely,
says what it fixed (``.report``), and otherwise raises :class:`~collectives.errors.DataError`
listing every problem with the row and column as the participant sees them in their
spreadsheet. :func:`template` makes an empty fill-in file from the datasheet.

The participant's file is only ever read: never changed, copied or sent anywhere.

Example
-------
>>> from collectives.participant import read_participant_data
>>> mine = read_participant_data("mijn_monitor.csv", "monitor_panel")      # doctest: +SKIP
>>> print("\\n".join(mine.report))                                        # doctest: +SKIP
Detected ';' as the column separator
Column 'Leden' matched to 'members'
Converted decimal commas in 'revenue_eur' (12 values)
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import pandas as pd

from collectives.data import datasets_path, schema
from collectives.errors import DataError, ParameterError, Problem
from collectives.schemas import (
    DatasetSchema,
    Reading,
    cell_text,
    check_frame,
    convert_frame,
    normalise_name,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ParticipantData",
    "participant_data_dir",
    "read_participant_data",
    "template",
    "template_path",
    "write_templates",
]

#: Largest participant file accepted by default (bytes): 50 MB.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_SAVE_AS = (
    "open it in Excel (or the program it came from) and use File > Save As > "
    "'Excel Workbook (.xlsx)' or 'CSV (comma delimited)' / 'CSV (gescheiden door lijstscheidingsteken)'"
)
_ONE_ROW_PER_RECORD = "a header row with column names and one row per record"


def _not_a_table(name: str, looks_like: str) -> DataError:
    return DataError(name, [Problem(f"this file is {looks_like}, not a table the course can read",
                                    expected=f"a CSV file or an Excel workbook (.xlsx): {_SAVE_AS}")])


def _damaged_workbook(name: str, what: str, exc: Exception) -> DataError:
    return DataError(name, [Problem(f"this Excel workbook is damaged and cannot be {what} ({type(exc).__name__})",
                                    expected=f"a workbook that opens in Excel: {_SAVE_AS}")])


def _empty_file(name: str, message: str = "the file is empty") -> DataError:
    return DataError(name, [Problem(message, expected=_ONE_ROW_PER_RECORD)])


# =============================================================================================
# reading a participant's file


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
    present; unknown columns, and optional columns left entirely empty where empty cells are
    not allowed, are ignored (and reported). Yes/no cells accept ja/nee, yes/no,
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
        Where to find the datasheet (default: see :func:`collectives.data.datasets_path`).

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
    reading = Reading(lenient=True)
    if _recognise(raw, name) == "xlsx":
        table, header, first_row = _read_xlsx(raw, name, sheet, reading)
    else:
        table, header, first_row = _read_text(raw, name, sheet, reading)
    labels, positions = _match_columns(header, table, sheet, reading)
    table = _drop_empty_rows(table, reading)
    for canon in [c for c in positions if not (sheet.column(c).required or sheet.column(c).nullable)]:
        if len(table) and _blank_cells(table[positions[canon]]).all():  # e.g. a template column left blank
            reading.report.append(f"Ignored the optional column '{labels.pop(canon)}': it is empty")
            del positions[canon]
    selected = pd.DataFrame({canon: table[pos] for canon, pos in positions.items()}, index=table.index, copy=False)
    frame = convert_frame(selected, sheet, labels, reading)
    check_frame(frame, sheet, labels, reading, participant=True)
    reading.problems.raise_if_any(name)
    return ParticipantData(frame.reset_index(drop=True), tuple(dict.fromkeys(reading.report)), sheet.name, name, labels)


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

    def wrong(looks_like: str) -> DataError:
        return _not_a_table(name, looks_like)

    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    if not body.strip(b" \t\r\n\x00\xff\xfe"):
        raise _empty_file(name)
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
        if Path(name).suffix.lower() == ".doc":
            raise wrong("an old-format Word document (.doc)")
        raise wrong("an old-format Excel workbook (.xls, Excel 97-2003)")
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


def _decode(raw: bytes, name: str, reading: Reading) -> tuple[str, bytes, str]:
    """The text, the bytes to hand to pandas, and their encoding."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(name, [Problem("the file says it is UTF-16 text but cannot be read as such",
                                           expected=f"a CSV file or an Excel workbook: {_SAVE_AS}")]) from None
        reading.report.append("Read as UTF-16 text (Excel 'Unicode text')")
        return text, text.encode("utf-8"), "utf-8"
    body, encoding = (raw[3:], "utf-8-sig") if raw.startswith(codecs.BOM_UTF8) else (raw, "utf-8")
    try:
        return body.decode("utf-8"), raw, encoding
    except UnicodeDecodeError:
        pass
    try:
        text = body.decode("cp1252")
        reading.report.append("Read as Windows-1252 text")
        return text, body, "cp1252"
    except UnicodeDecodeError:
        reading.report.append("Read as Latin-1 text")
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


def _header_row(rows: list[list[str]], lookup: Mapping[str, str], reading: Reading, empty: DataError) -> int:
    """The row (among the first 10) that names the most known columns, else the first one filled in.

    Raises ``empty`` when there is none; reports rows skipped above the header (a title, say).
    """
    scores = [sum(1 for c in row if _lookup_name(c, lookup)) for row in rows[:10]]
    if scores and max(scores):
        header_at = scores.index(max(scores))
    else:
        header_at = next((i for i, r in enumerate(rows[:10]) if any(c.strip() for c in r)), None)
        if header_at is None:
            raise empty
    if header_at:
        reading.report.append(f"Used row {header_at + 1} as the header row "
                              f"(ignored the {header_at} row{'s' if header_at > 1 else ''} above it)")
    return header_at


def _read_text(raw: bytes, name: str, sheet: DatasetSchema, reading: Reading) -> tuple[pd.DataFrame, list[str], int]:
    """The cells of a CSV file, its header and the row number of its first data row.

    pandas' C parser reads the whole file once: number columns as numbers, every other column
    as a categorical (its codes and distinct values are what the conversion needs, so the
    text of each distinct value is handled once). Number columns pandas cannot read as plain
    numbers (thousands separators, mixed notation), and text columns whose values pandas took
    for numbers, are read again as text; a file the parser cannot cut into cells at all is read by the slow, forgiving
    :func:`_read_text_carefully`, which names the rows at fault.
    """
    text, data_bytes, encoding = _decode(raw, name, reading)
    if _looks_binary(text):
        raise _not_a_table(name, "binary data (perhaps a program, a picture or a damaged file)")
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
        reading.report.append(f"Used the separator {delim!r} named on the first line ('sep={delim}')")
    else:
        delim = _sniff_delimiter(lines[:60])
        if delim != ",":
            reading.report.append("Detected tabs as the column separator" if delim == "\t" else f"Detected {delim!r} as the column separator")
    reading.hint = "nl" if delim == ";" else "en"
    lookup = _name_lookup(sheet)
    try:
        rows = list(_limited(csv.reader(lines, delimiter=delim), 12))
    except csv.Error:
        rows = []
    header_at = _header_row(rows, lookup, reading, _empty_file(name))
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
    try:
        with warnings.catch_warnings():  # pandas warns (and drops cells) on rows longer than the header
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(io.BytesIO(data_bytes), dtype=dtypes, **read)
        redo = [i for i in table.columns if not _fast_read_ok(table[i], numeric_positions.get(i))]
        if redo:  # these columns need the careful, per-value reading of their text
            again = pd.read_csv(io.BytesIO(data_bytes), dtype=str, usecols=redo, **read)
            for i in redo:
                table[i] = again[i]
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, csv.Error, UnicodeDecodeError, OverflowError):
        table = _read_text_carefully(text, delim, skip + header_at + 1, len(header), first_row, reading)
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
    except csv.Error as exc:
        reading.problems.add(f"the file could not be read past this row ({exc})", row=first_row + len(records),
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


# --- Excel workbooks -------------------------------------------------------------------------


def _read_xlsx(raw: bytes, name: str, sheet: DatasetSchema, reading: Reading) -> tuple[pd.DataFrame, list[str], int]:
    import openpyxl  # imported here: only Excel uploads need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise _damaged_workbook(name, "opened", exc) from None
    try:
        wanted = {normalise_name(sheet.name), normalise_name(sheet.title)}
        chosen = next((ws for ws in book.worksheets if normalise_name(ws.title) in wanted), None)
        if chosen is None:
            chosen = book.worksheets[0]
            if len(book.worksheets) > 1:
                reading.report.append(f"Read the first sheet, '{chosen.title}' (the workbook has {len(book.worksheets)} sheets)")
        else:
            if chosen is not book.worksheets[0]:
                reading.report.append(f"Read the sheet '{chosen.title}'")
        rows = [list(r) for r in chosen.iter_rows(values_only=True)]
    except Exception as exc:
        raise _damaged_workbook(name, "read", exc) from None
    finally:
        book.close()
    texts = [[cell_text(c) or "" for c in row] for row in rows[:12]]
    header_at = _header_row(texts, _name_lookup(sheet), reading, _empty_file(name, "the first sheet of the workbook is empty"))
    header = texts[header_at]
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


def _match_columns(header: list[str], table: pd.DataFrame, sheet: DatasetSchema, reading: Reading) -> tuple[dict[str, str], dict[str, int]]:
    lookup = _name_lookup(sheet)
    labels: dict[str, str] = {}
    positions: dict[str, int] = {}
    claims: dict[str, list[str]] = {}
    for i, cell in enumerate(header):
        text = str(cell or "").strip()
        canon = _lookup_name(text, lookup)
        if not text:
            if i in table.columns and table[i].notna().any():
                reading.report.append(f"Ignored a column without a name (column {_column_letter(i)})")
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
        hint = ""
        if len(found) <= 1:
            hint = " (only one column was found: is the file separated by commas, semicolons or tabs?)"
        reading.problems.add(
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


def _blank_cells(column: pd.Series) -> np.ndarray:
    """Which cells of a column are empty or hold only spaces."""
    blank = column.isna().to_numpy().copy()
    if isinstance(column.dtype, pd.CategoricalDtype):  # decided once per distinct value
        blank_value = np.array([isinstance(v, str) and not v.strip() for v in column.cat.categories], dtype=bool)
        blank |= np.append(blank_value, False)[column.cat.codes.to_numpy()]
    elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
        filled = np.flatnonzero(~blank)
        blank[filled] = [isinstance(v, str) and not v.strip() for v in column.iloc[filled].tolist()]
    return blank


def _drop_empty_rows(table: pd.DataFrame, reading: Reading) -> pd.DataFrame:
    """The table without rows whose cells are all empty (reported); a problem if no row is left."""
    # Test number columns first (cheap), then only the rows still in question.
    order = sorted(table.columns, key=lambda c: not pd.api.types.is_numeric_dtype(table[c].dtype))
    empty = np.ones(len(table), dtype=bool)
    for c in order:
        candidates = np.flatnonzero(empty)
        if not len(candidates):
            break
        empty[candidates] = _blank_cells(table[c].iloc[candidates])
    keep = table[~empty] if empty.any() else table
    if keep.empty:
        reading.problems.add("the file has a header row but no data rows", expected="one row per record below the header")
        return keep
    trailing = len(table) - (np.flatnonzero(~empty)[-1] + 1)
    inner = int(empty.sum()) - trailing
    if trailing:
        reading.report.append(f"Ignored {trailing} empty row{'s' if trailing > 1 else ''} at the end")
    if inner:
        reading.report.append(f"Ignored {inner} empty row{'s' if inner > 1 else ''} between the data")
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
    notes.cell(row=intro + 1, column=1, value="Counts and amounts only: never names, addresses, e-mail addresses or "
                                               "phone numbers of people.")
    stamp = dt.datetime(2025, 1, 1)
    book.properties.creator = "collectives"
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue(), stamp)


def _reproducible(workbook: bytes, stamp: dt.datetime) -> bytes:
    """The same workbook, byte for byte the same on every run and machine.

    openpyxl stamps the save time into the workbook's properties and its ZIP entries, and
    compressed bytes depend on the zlib version: rewrite the entries uncompressed, dated
    ``stamp``, with ``stamp`` as the modification time.
    """
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + when.encode() + rb"\g<2>", content)
            info = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            info.external_attr = 0o600 << 16
            target.writestr(info, content)
    return out.getvalue()


#: Where the book's downloadable templates live, relative to the repository.
DOWNLOADS = Path("book") / "downloads"


def template_path(kind: str, fmt: Literal["csv", "xlsx"], folder: str | Path | None = None) -> Path:
    """Where the committed template of ``kind`` lives: ``book/downloads/KIND_template.FMT``.

    >>> template_path("monitor_panel", "xlsx").relative_to(datasets_path().parent).as_posix()
    'book/downloads/monitor_panel_template.xlsx'
    """
    base = Path(folder) if folder is not None else datasets_path().parent / DOWNLOADS
    return base / f"{kind}_template.{fmt}"


def write_templates(kinds: tuple[str, ...] = ("monitor_panel",), folder: str | Path | None = None) -> list[Path]:
    """Write the CSV and Excel templates of ``kinds`` (default: the book's ``book/downloads``).

    Run ``python -m collectives.participant`` after changing a datasheet: a test fails when
    the committed templates differ from what :func:`template` makes.
    """
    written = []
    for kind in kinds:
        for fmt in ("csv", "xlsx"):
            path = template_path(kind, fmt, folder)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(template(kind, fmt))
            written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_templates():
        print(f"wrote {written_path}")
