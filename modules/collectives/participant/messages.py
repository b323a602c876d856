"""Messages shared by the readers of participants' files: what to do with a file the course cannot read."""

from __future__ import annotations

from collectives.errors import DataError, Problem

SAVE_AS = (
    "open it in Excel (or the program it came from) and use File > Save As > "
    "'Excel Workbook (.xlsx)' or 'CSV (comma delimited)' / 'CSV (gescheiden door lijstscheidingsteken)'"
)
ONE_ROW_PER_RECORD = "a header row with column names and one row per record"


def not_a_table(name: str, looks_like: str) -> DataError:
    return DataError(name, [Problem(f"this file is {looks_like}, not a table the course can read",
                                    expected=f"a CSV file or an Excel workbook (.xlsx): {SAVE_AS}")])


def damaged_workbook(name: str, detail: str) -> DataError:
    """A workbook whose parts cannot be read: ``detail`` says which part and how, in words."""
    return DataError(name, [Problem(f"this Excel workbook is damaged: {detail}",
                                    expected=f"a workbook that opens in Excel: {SAVE_AS}")])


def empty_file(name: str, message: str = "the file is empty") -> DataError:
    return DataError(name, [Problem(message, expected=ONE_ROW_PER_RECORD)])

