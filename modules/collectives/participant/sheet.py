"""The rows of a worksheet, read within limits: values only, in their types, whatever the sheet claims.

Example
-------
>>> from collectives.data.limits import Limits
>>> from collectives.participant.templates import template
>>> book = Workbook(template("monitor_panel", "xlsx"), "t.xlsx", Limits())
>>> rows, numbers = read_sheet(book, book.sheets[0][1])
>>> rows[0][:2], numbers
(['collective_id', 'name'], [1])
"""

from __future__ import annotations

import datetime as dt

from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from collectives.data.limits import over_limit
from collectives.errors import DataError, Problem
from collectives.participant.messages import damaged_workbook
from collectives.participant.workbook import Enough, Workbook, local_name


def column_number(ref: str) -> int:
    """1 for A, 27 for AA, 16,384 for XFD (letters of a cell reference such as 'XFD1048576').

    >>> column_number("A1"), column_number("AA3"), column_number("XFD1048576")
    (1, 27, 16384)
    """
    number = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            number = number * 26 + ord(ch) - 96
        else:
            break
    return number


def _row_number(ref: str) -> int | None:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
    return int(digits) if digits.isdigit() and len(digits) < 12 else None



def read_sheet(book: Workbook, part: str, stop_after: int | None = None) -> tuple[list[list[object]], list[int]]:
    """The rows of a sheet that hold a value (as lists, from column A) and their row numbers.

    Empty cells and empty rows are skipped whatever the sheet claims about its size.
    ``stop_after`` stops once that many such rows are read (to find a header row). The
    sheet is first counted (rows and cells, filled in or not) without being parsed, so a
    sheet over the limits is refused before the slower parsing starts; empty cells are
    dropped from the XML before it reaches the parser.
    """
    limits, name = book.limits, book.name
    if part not in book.counted:
        book.count_elements(part)
        book.counted.add(part)
    rows: list[list[object]] = []
    numbers: list[int] = []
    st = {"row": 0, "col": 0, "ref": None, "type": "n", "style": 0, "in_value": False, "cells": 0, "rows": 0}
    current: dict[int, object] = {}
    buffer: list[str] = []
    epoch = CALENDAR_MAC_1904 if book.date1904 else CALENDAR_WINDOWS_1900
    names: dict[str, str] = {}

    def start(tag: str, attrs: dict) -> None:
        local = names.get(tag) or names.setdefault(tag, local_name(tag))
        if local == "c":
            st["ref"] = attrs.get("r")
            st["col"] += 1
            st["type"] = attrs.get("t", "n")
            st["style"] = attrs.get("s", 0)
            buffer.clear()
        elif local == "v" or local == "t":
            st["in_value"] = True
        elif local == "row":
            ref = attrs.get("r")
            number = _row_number(ref) if ref else st["row"] + 1
            st["rows"] += 1
            if number is None:
                raise damaged_workbook(name, f"a row is numbered {str(ref)[:20]!r}, which is not a row number")
            if number > limits.max_rows or st["rows"] > limits.max_rows:
                raise over_limit(name, "rows", max(number, st["rows"]), limits.max_rows, where="the sheet has")
            st["row"], st["col"] = number, 0
            current.clear()

    def text(data: str) -> None:
        if st["in_value"]:
            buffer.append(data)
            if len(buffer) > 4 and sum(map(len, buffer)) > limits.max_cell_chars:
                raise over_limit(name, "characters in one cell", limits.max_cell_chars + 1, limits.max_cell_chars,
                                 at_least=True, where=f"row {st['row']} of the sheet holds",
                                 how="long texts belong in a separate document, not in a cell of the table")

    def end(tag: str) -> None:
        local = names[tag]
        if local == "v" or local == "t":
            st["in_value"] = False
        elif local == "c":
            if not buffer:
                return  # an empty (perhaps formatted) cell: nothing to read
            if st["ref"]:
                st["col"] = column_number(st["ref"])
            value = _value(book, "".join(buffer), st["type"], st["style"], epoch, st["row"])
            if value is None or value == "":
                return
            if st["col"] > limits.max_columns:
                raise DataError(name, [Problem(
                    f"the sheet has a value in column {st['col']:,} (row {st['row']:,}), more than the limit of "
                    f"{limits.max_columns:,} columns", expected=f"at most {limits.max_columns:,} columns: delete the "
                    "columns and cells to the right of the table, or save only the table in a new workbook")])
            st["cells"] += 1
            if st["cells"] > limits.max_cells:
                raise over_limit(name, "filled-in cells", st["cells"], limits.max_cells, at_least=True,
                                 where="the sheet has")
            current[st["col"]] = value
        elif local == "row" and current:
            width = max(current)
            rows.append([current.get(i) for i in range(1, width + 1)])
            numbers.append(st["row"])
            if stop_after is not None and len(rows) >= stop_after:
                raise Enough

    book.parse(part, start, end, text, namespaces=False, skip_empty_cells=True)
    return rows, numbers

def _is_date_style(book: Workbook, style: object) -> bool:
    try:
        return int(style) in book.date_styles
    except (TypeError, ValueError):
        return False

def _value(book: Workbook, text: str, kind: str, style: object, epoch: dt.datetime, row: int) -> object:
    if kind == "s":
        try:
            return book.shared[int(text)]
        except (ValueError, IndexError):
            raise damaged_workbook(book.name, f"a cell in row {row:,} refers to a text the workbook does not hold") from None
    if kind in ("str", "inlineStr", "e"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    try:
        number = float(text) if any(ch in text for ch in ".eEnN") else int(text)
    except ValueError:
        return text
    if style and _is_date_style(book, style):
        try:
            return from_excel(number, epoch)
        except (ValueError, OverflowError, TypeError):
            return number
    return number


