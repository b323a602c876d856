"""Excel workbooks (.xlsx): the sheet that holds the data, read into cells.

Example
-------
>>> from collectives.data import schema
>>> from collectives.data.problems import Reading
>>> from collectives.participant.templates import template
>>> table, header, first_row, hint = read_xlsx(template("monitor_panel", "xlsx"), "t.xlsx", schema("monitor_panel"), Reading(True))
>>> header[:2], first_row, len(table)
(['collective_id', 'name'], 2, 0)
"""

from __future__ import annotations

import pandas as pd

from collectives.data.datasheets import DatasetSchema
from collectives.data.limits import DEFAULT_LIMITS, Limits
from collectives.data.problems import Reading
from collectives.data.text import cell_text, normalise_name
from collectives.participant.columns import header_row, lookup_name, name_lookup
from collectives.participant.messages import empty_file
from collectives.participant.sheet import read_sheet
from collectives.participant.workbook import Workbook, workbook_hint


def read_xlsx(raw: bytes, name: str, sheet: DatasetSchema, reading: Reading,
              limits: Limits = DEFAULT_LIMITS) -> tuple[pd.DataFrame, list[str], int, str]:
    """The cells of the sheet that holds the data, its header, the row number of its first data row,
    and the hint to give when required columns are missing.

    The sheet is the one named after the dataset; otherwise the first sheet whose first rows
    name a column of the datasheet (a first sheet of notes is passed over, and the report
    says so); otherwise the first sheet.
    """
    book = Workbook(raw, name, limits)
    book.load_styles_and_texts()
    lookup = name_lookup(sheet)
    wanted = {normalise_name(sheet.name), normalise_name(sheet.title)}
    titles = [title for title, _ in book.sheets]
    chosen = next((i for i, title in enumerate(titles) if normalise_name(title) in wanted), None)
    if chosen is None:
        for i, (_, part) in enumerate(book.sheets):
            head, _numbers = read_sheet(book, part, stop_after=12)
            if any(lookup_name(cell_text(c), lookup) for row in head[:10] for c in row):
                chosen = i
                break
        if chosen is None:
            chosen = 0
            if len(titles) > 1:
                reading.report.append(f"Read the first sheet, '{titles[0]}' (the workbook has {len(titles)} sheets)")
        elif chosen:
            reading.report.append(f"Read the sheet '{titles[chosen]}': it has the datasheet's column names "
                                  f"(the first sheet, '{titles[0]}', does not)")
    elif chosen:
        reading.report.append(f"Read the sheet '{titles[chosen]}'")
    rows, numbers = read_sheet(book, book.sheets[chosen][1])
    texts = [[cell_text(c) or "" for c in row] for row in rows[:12]]
    header_at = header_row(texts, lookup, reading, empty_file(name, f"the sheet '{titles[chosen]}' of the workbook is empty"),
                           numbers[:12])
    header = texts[header_at]
    body = rows[header_at + 1:]
    width = max(len(header), max((len(r) for r in body), default=0))
    header = header + [""] * (width - len(header))
    body = [r + [None] * (width - len(r)) for r in body]
    index = pd.Index(numbers[header_at + 1:], dtype="int64")
    table = pd.DataFrame(body, columns=list(range(width)), index=index, dtype=object) if body else \
        pd.DataFrame(columns=list(range(width)), dtype=object)
    for i in table.columns:
        table[i] = table[i].map(lambda v: v.strip() or None if isinstance(v, str) else v)
    first_row = numbers[header_at] + 1
    return table, header, first_row, workbook_hint(titles)
