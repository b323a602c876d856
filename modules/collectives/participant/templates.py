"""Fill-in templates for participants' own data, made from a datasheet (CSV and Excel).

Example
-------
>>> template("monitor_panel").decode().split(",")[:2]
['collective_id', 'name']
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Literal

from collectives.data.datasheets import DatasetSchema, read_schema
from collectives.data.paths import datasets_path, sheet_path
from collectives.errors import ParameterError

#: First characters that make a spreadsheet program read a cell as a formula (or as the start of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralised(text: str) -> str:
    """Text that no spreadsheet program runs as a formula: a leading ``'`` where it could start one.

    >>> neutralised("=1+1"), neutralised("-5 to 5"), neutralised("members")
    ("'=1+1", "'-5 to 5", 'members')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text_cell(worksheet, row: int, column: int, text: str):
    """A cell that holds ``text`` as text, never as a formula (string type, quote prefix where needed)."""
    cell = worksheet.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _sheet_title(name: str) -> str:
    title = re.sub(r"[\[\]:*?/\\']", "_", name).strip()[:31]
    return title or "data"


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
    sheet = kind if isinstance(kind, DatasetSchema) else read_schema(sheet_path(kind, datasets_dir, parameter="kind"))
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow([neutralised(n) for n in sheet.names])
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
    data.title = _sheet_title(sheet.name)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for j, col in enumerate(sheet.columns, start=1):
        cell = _text_cell(data, 1, j, col.name)
        cell.font, cell.fill = bold, fill
        data.column_dimensions[get_column_letter(j)].width = max(12, len(col.name) + 4)
        letter = get_column_letter(j)
        if col.type == "category":
            listed = ",".join(col.values or ())
            plain = not any(ch in v for v in (col.values or ()) for ch in '",') and not any(
                str(v).startswith(FORMULA_STARTS) for v in (col.values or ()))
            if len(listed) < 250 and plain:  # a drop-down list only of values that cannot break out of it
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
        cell = _text_cell(notes, 1, j, head)
        cell.font, cell.fill = bold, fill
    for i, col in enumerate(sheet.columns, start=2):
        values = [col.name, "yes" if col.required else "no", "yes" if col.nullable else "no",
                  col.description, col.unit or "", col.expected(), ", ".join(col.synonyms)]
        for j, value in enumerate(values, start=1):
            _text_cell(notes, i, j, value).alignment = Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate((22, 10, 12, 60, 14, 40, 30), start=1):
        notes.column_dimensions[get_column_letter(j)].width = width
    intro = len(sheet.columns) + 3
    _text_cell(notes, intro, 1, f"Fill in the sheet '{data.title}': one row per record, the header in row 1. "
                                           "Numbers may use Dutch (1.234,56) or English (1,234.56) notation.")
    _text_cell(notes, intro + 1, 1, "Counts and amounts only: never names, addresses, e-mail addresses or "
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
