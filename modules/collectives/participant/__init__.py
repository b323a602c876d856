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

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from collectives.data.convert import convert_frame
from collectives.data.datasheets import DatasetSchema, read_schema
from collectives.data.limits import DEFAULT_LIMITS, Limits
from collectives.data.paths import participant_data_dir, sheet_path
from collectives.data.problems import Reading
from collectives.data.validation import check_frame
from collectives.errors import ParameterError
from collectives.participant.columns import blank_cells, drop_empty_rows, match_columns
from collectives.participant.source import DEFAULT_MAX_BYTES, read_source, recognise
from collectives.participant.templates import template, template_path, write_templates
from collectives.participant.text import read_text
from collectives.participant.xlsx import read_xlsx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ParticipantData",
    "participant_data_dir",
    "read_participant_data",
    "template",
    "template_path",
    "write_templates",
]

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
    limits: Limits | None = None,
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
    limits
        What the file may expand to: rows, columns, cells, unpacked bytes, the longest cell
        and line (default :data:`collectives.data.limits.DEFAULT_LIMITS`; ``max_bytes``
        replaces its ``max_bytes``). A file over a limit is refused while it is read, before
        memory is spent, with a message that says how to split it.

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
    sheet = kind if isinstance(kind, DatasetSchema) else datasheet(kind, datasets_dir)
    if limits is not None and not isinstance(limits, Limits):
        raise ParameterError("limits", type(limits).__name__, "a collectives.data.limits.Limits, or None for the defaults")
    limits = (limits or DEFAULT_LIMITS).with_max_bytes(max_bytes)
    raw, name = read_source(source, filename, limits.max_bytes)
    reading = Reading(lenient=True)
    if recognise(raw, name) == "xlsx":
        table, header, first_row, hint = read_xlsx(raw, name, sheet, reading, limits)
    else:
        table, header, first_row, hint = read_text(raw, name, sheet, reading, limits)
    labels, positions = match_columns(header, table, sheet, reading, hint)
    table = drop_empty_rows(table, reading)
    for canon in [c for c in positions if not (sheet.column(c).required or sheet.column(c).nullable)]:
        if len(table) and blank_cells(table[positions[canon]]).all():  # e.g. a template column left blank
            reading.report.append(f"Ignored the optional column '{labels.pop(canon)}': it is empty")
            del positions[canon]
    selected = pd.DataFrame({canon: table[pos] for canon, pos in positions.items()}, index=table.index, copy=False)
    frame = convert_frame(selected, sheet, labels, reading)
    check_frame(frame, sheet, labels, reading, participant=True)
    reading.problems.raise_if_any(name)
    return ParticipantData(frame.reset_index(drop=True), tuple(dict.fromkeys(reading.report)), sheet.name, name, labels)



def datasheet(kind: object, datasets_dir: str | Path | None = None) -> DatasetSchema:
    """The datasheet of ``kind``: only the names of the datasets folder's datasheets are accepted.

    >>> datasheet("monitor_panel").name
    'monitor_panel'
    >>> datasheet("../../etc/passwd")
    Traceback (most recent call last):
    ...
    collectives.errors.ParameterError: kind = '../../etc/passwd' is not accepted: expected the name of a dataset in ...
    """
    return read_schema(sheet_path(kind, datasets_dir, parameter="kind"))
