"""The parts of an Excel workbook (.xlsx), streamed within limits: sheets, shared texts, styles.

An .xlsx file is a ZIP archive of XML parts. Nothing in it is trusted: the sizes the archive
declares are checked before a part is unpacked and counted again while it is unpacked; the
sheet's own claim about its dimensions is ignored; every row and filled-in cell is counted
against :class:`~collectives.data.limits.Limits` while the XML streams through the (expat)
parser, so a workbook that claims the whole grid, or hides a gigabyte of text in a 1 MB
file, is refused before memory is spent. XML with a document type declaration (the vehicle
of entity-expansion bombs) is refused: Excel never writes one.

Example
-------
>>> from collectives.participant.templates import template
>>> book = Workbook(template("monitor_panel", "xlsx"), "t.xlsx", Limits())
>>> [title for title, _ in book.sheets]
['monitor_panel', 'Explanation']
>>> book.sizes["xl/workbook.xml"] < 10_000
True
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from collectives.data.limits import Limits, human_bytes, over_limit
from collectives.errors import DataError, Problem
from collectives.participant.messages import SAVE_AS, damaged_workbook

_CHUNK = 1024 * 1024
#: An empty cell element (perhaps formatted): <c r="B7" s="3"/>, with or without a namespace prefix.
_EMPTY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?:\s[^<>]*)?/>")
#: Parts that describe the workbook (sheet names, styles) are small; more is not a workbook.
_SMALL_PART = 16 * 1024 * 1024


class Enough(Exception):
    """Raised by a handler to stop parsing once enough rows are read."""


def local_name(name: str) -> str:
    """A tag or attribute name without its namespace ('x:row' or 'http://... row' → 'row')."""
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


class Workbook:
    """A workbook's archive, checked; its sheets as ``(title, part)`` in workbook order."""

    def __init__(self, raw: bytes, name: str, limits: Limits):
        self.name, self.limits, self.read_bytes = name, limits, 0
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise damaged_workbook(name, "its ZIP archive cannot be opened") from None
        self.sizes = {info.filename: info.file_size for info in infos}
        expanded = sum(self.sizes.values())
        if expanded > limits.max_expanded_bytes:
            raise DataError(name, [Problem(
                f"this workbook unpacks to {human_bytes(expanded)}, more than the limit of {human_bytes(limits.max_expanded_bytes)} "
                f"(it is {human_bytes(len(raw))} as a file)",
                expected="a workbook with fewer rows or sheets: save only the sheet with the data, or split it by year")])
        self.date1904, self.sheets = self._read_workbook()
        self.shared: list[str] = []
        self.counted: set[str] = set()
        self.date_styles: set[int] = set()

    # --- streaming a part ------------------------------------------------------------------

    def parse(self, part: str, start: Callable, end: Callable | None = None, text: Callable | None = None,
               limit: int | None = None, namespaces: bool = True, skip_empty_cells: bool = False) -> None:
        if part not in self.sizes:
            raise damaged_workbook(self.name, f"the part {part!r} it refers to is missing")
        if limit is not None and self.sizes[part] > limit:
            raise damaged_workbook(self.name, f"the part {part!r} is {human_bytes(self.sizes[part])}, far more than such a part holds")
        parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
        parser.buffer_text = True

        def no_doctype(*_args: object) -> None:
            raise damaged_workbook(self.name, f"the part {part!r} declares a document type, which Excel never writes")

        parser.StartDoctypeDeclHandler = no_doctype
        parser.EntityDeclHandler = no_doctype
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        carry = b""
        try:
            with self.archive.open(part) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    self.read_bytes += len(chunk)
                    if self.read_bytes > self.limits.max_expanded_bytes:
                        raise over_limit(self.name, "bytes", self.read_bytes, self.limits.max_expanded_bytes,
                                         at_least=True, where="the workbook unpacks to")
                    if skip_empty_cells:  # <c r="B7" s="3"/> holds nothing: drop it before the parser sees it
                        block = carry + chunk
                        cut = block.rfind(b"<") if chunk else -1  # keep a tag cut by the chunk for the next one
                        if cut < 0 or len(block) - cut > 4096:
                            cut = len(block)
                        carry, chunk = block[cut:], _EMPTY_CELL.sub(b"", block[:cut])
                        parser.Parse(chunk, not block)
                        if not block:
                            break
                        continue
                    parser.Parse(chunk, not chunk)
                    if not chunk:
                        break
        except Enough:
            return
        except DataError:
            raise
        except expat.ExpatError:
            raise damaged_workbook(self.name, f"the part {part!r} is not well-formed XML") from None
        except DataError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise damaged_workbook(self.name, f"the part {part!r} cannot be unpacked") from None

    # --- the workbook, its relations, styles and shared texts --------------------------------

    def _read_workbook(self) -> tuple[bool, list[tuple[str, str]]]:
        listed: list[tuple[str, str]] = []
        flags = {"date1904": False}

        def start(tag: str, attrs: dict) -> None:
            local = local_name(tag)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if local_name(k) == "id"), "")
                listed.append((str(attrs.get("name", "")), rid))
            elif local == "workbookPr":
                flags["date1904"] = str(attrs.get("date1904", "")).lower() in ("1", "true")

        self.parse("xl/workbook.xml", start, limit=_SMALL_PART)
        targets: dict[str, str] = {}

        def relation(tag: str, attrs: dict) -> None:
            if local_name(tag) == "Relationship":
                target = str(attrs.get("Target", ""))
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                targets[str(attrs.get("Id", ""))] = path

        if "xl/_rels/workbook.xml.rels" in self.sizes:
            self.parse("xl/_rels/workbook.xml.rels", relation, limit=_SMALL_PART)
        sheets = []
        for position, (title, rid) in enumerate(listed, start=1):
            part = targets.get(rid) or f"xl/worksheets/sheet{position}.xml"
            if part in self.sizes:
                sheets.append((title, part))
        if not sheets:
            raise damaged_workbook(self.name, "it lists no worksheet that the archive holds")
        return flags["date1904"], sheets

    def load_styles_and_texts(self) -> None:
        """Read which cell styles are dates, and the shared texts (counted and measured as they stream)."""
        self._read_styles()
        if "xl/sharedStrings.xml" in self.sizes:
            self._read_shared()

    def _read_styles(self) -> None:
        formats = dict(BUILTIN_FORMATS)
        xfs: list[int] = []
        where = {"cellXfs": False}

        def start(tag: str, attrs: dict) -> None:
            local = local_name(tag)
            if local == "numFmt":
                try:
                    formats[int(attrs.get("numFmtId", -1))] = str(attrs.get("formatCode", ""))
                except ValueError:
                    pass
            elif local == "cellXfs":
                where["cellXfs"] = True
            elif local == "xf" and where["cellXfs"]:
                try:
                    xfs.append(int(attrs.get("numFmtId", 0)))
                except ValueError:
                    xfs.append(0)

        def end(tag: str) -> None:
            if local_name(tag) == "cellXfs":
                where["cellXfs"] = False

        if "xl/styles.xml" in self.sizes:
            self.parse("xl/styles.xml", start, end, limit=_SMALL_PART)
        self.date_styles = {i for i, fmt_id in enumerate(xfs) if fmt_id in formats and is_date_format(formats[fmt_id])}

    def _read_shared(self) -> None:
        limits, shared = self.limits, self.shared
        state = {"in_t": False, "phonetic": 0, "length": 0}
        buffer: list[str] = []

        def start(tag: str, attrs: dict) -> None:
            local = local_name(tag)
            if local == "si":
                buffer.clear()
                state["length"] = 0
            elif local == "rPh":
                state["phonetic"] += 1
            elif local == "t" and not state["phonetic"]:
                state["in_t"] = True

        def end(tag: str) -> None:
            local = local_name(tag)
            if local == "t":
                state["in_t"] = False
            elif local == "rPh":
                state["phonetic"] -= 1
            elif local == "si":
                shared.append("".join(buffer))
                if len(shared) > limits.max_cells:
                    raise over_limit(self.name, "different texts", len(shared), limits.max_cells, at_least=True,
                                     where="the workbook holds")

        def text(data: str) -> None:
            if state["in_t"]:
                state["length"] += len(data)
                if state["length"] > limits.max_cell_chars:
                    raise over_limit(self.name, "characters in one cell", state["length"], limits.max_cell_chars,
                                     at_least=True, where="a text in the workbook holds",
                                     how="long texts belong in a separate document, not in a cell of the table")
                buffer.append(data)

        self._count_texts()
        self.parse("xl/sharedStrings.xml", start, end, text)

    def _count_texts(self) -> None:
        """Count the shared texts in the raw XML (fast, an upper bound) against the limit on cells."""
        counted, tail = 0, b""
        try:
            with self.archive.open("xl/sharedStrings.xml") as stream:
                while chunk := stream.read(_CHUNK):
                    block = tail + chunk
                    counted += sum(block.count(tag) - tail.count(tag) for tag in (b"<si", b":si"))
                    tail = block[-8:]
                    if counted > self.limits.max_cells:
                        raise over_limit(self.name, "different texts", counted, self.limits.max_cells, at_least=True,
                                         where="the workbook holds")
        except DataError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise damaged_workbook(self.name, "the part 'xl/sharedStrings.xml' cannot be unpacked") from None

    # --- a sheet ---------------------------------------------------------------------------
    def count_elements(self, part: str) -> None:
        """Count the rows and cells of a sheet in its raw XML (fast, an upper bound) against the limits."""
        limits, counted = self.limits, {"rows": 0, "cells": 0}
        tail = b""
        try:
            with self.archive.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    block = tail + chunk
                    # '<c' also matches the rare <col>, <cfRule> ...: an upper bound, as intended
                    counted["rows"] += sum(block.count(tag) - tail.count(tag) for tag in (b"<row", b":row "))
                    counted["cells"] += sum(block.count(tag) - tail.count(tag) for tag in (b"<c", b":c "))
                    tail = block[-8:]
                    if counted["rows"] > limits.max_rows:
                        raise over_limit(self.name, "rows", counted["rows"], limits.max_rows, at_least=True,
                                         where="the sheet has")
                    if counted["cells"] > limits.max_cells:
                        raise over_limit(self.name, "cells (filled in or only formatted)", counted["cells"],
                                         limits.max_cells, at_least=True, where="the sheet has")
        except DataError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise damaged_workbook(self.name, f"the part {part!r} cannot be unpacked") from None

def workbook_hint(titles: list[str]) -> str:
    """What to tell someone whose workbook has none of the datasheet's column names."""
    names = ", ".join(repr(t) for t in titles[:6]) + (", ..." if len(titles) > 6 else "")
    return (f" (none of the workbook's sheets, {names}, has a header row with these names: put the data on one sheet, "
            f"with the column names in its first row; {SAVE_AS})")
