"""Getting the bytes of a participant's file, and recognising what kind of file it is.

Example
-------
>>> raw, name = read_source(b"a,b\\n1,2\\n", "mine.csv", 1024)
>>> recognise(raw, name)
'text'
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from collectives.data.files import read_regular_file
from collectives.data.limits import check_max_bytes, over_limit, too_big
from collectives.data.paths import described
from collectives.errors import DataError, ParameterError, Problem
from collectives.participant.messages import SAVE_AS, empty_file, not_a_table

#: Largest participant file accepted by default (bytes): 50 MB.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


_SOURCE = "a file path, the bytes of a file, an open file or an uploaded file (a mapping with 'name' and 'content')"


def _display_name(name: object, default: str) -> str:
    """A file name fit for a message: text, one line, not too long."""
    if not isinstance(name, str) or not name.strip():
        return default
    name = " ".join(Path(name).name.split()) or default
    return name if len(name) <= 80 else name[:77] + "..."


def read_source(source: Any, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
    """The bytes of ``source`` (at most ``max_bytes``) and the name to use in messages.

    Paths are opened only when they name a regular file (see :mod:`collectives.data.files`);
    anything else raises the package's own error.
    """
    max_bytes = check_max_bytes(max_bytes)
    if filename is not None and not isinstance(filename, str):
        raise ParameterError("filename", described(filename), "the file's name as text, e.g. 'mijn_data.csv'")
    if isinstance(source, (str, os.PathLike)):
        try:
            path = Path(source)
        except TypeError:
            raise ParameterError("source", described(source), _SOURCE) from None
        name = _display_name(filename, "") or _display_name(str(path), "the file")
        return read_regular_file(path, max_bytes, name), name
    if isinstance(source, Mapping):
        if "content" not in source:
            raise ParameterError("source", "a mapping without 'content'", _SOURCE)
        name = _display_name(filename, "") or _display_name(source.get("name"), "the uploaded file")
        content = source["content"]
        if not isinstance(content, (bytes, bytearray, memoryview)):
            raise ParameterError("source['content']", described(content), "the bytes of the uploaded file")
        if len(content) > max_bytes if not isinstance(content, memoryview) else content.nbytes > max_bytes:
            raise DataError(name, [too_big(len(content) if not isinstance(content, memoryview) else content.nbytes, max_bytes)])
        return bytes(content), name
    if isinstance(source, (bytes, bytearray, memoryview)):
        name = _display_name(filename, "the uploaded file")
        size = source.nbytes if isinstance(source, memoryview) else len(source)
        if size > max_bytes:
            raise DataError(name, [too_big(size, max_bytes)])
        return bytes(source), name
    if hasattr(source, "read") and callable(source.read):
        name = _display_name(filename, "") or _display_name(getattr(source, "name", None), "the uploaded file")
        try:
            raw = source.read(max_bytes + 1)
        except (OSError, ValueError):
            raise DataError(name, [Problem("the open file could not be read (is it closed, or opened for writing only?)")]) from None
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        if not isinstance(raw, (bytes, bytearray, memoryview)):
            raise ParameterError("source", described(source), _SOURCE)
        raw = bytes(raw)
        if len(raw) > max_bytes:
            raise DataError(name, [too_big(len(raw), max_bytes, at_least=True)])
        return raw, name
    raise ParameterError("source", described(source), _SOURCE)


# --- what kind of file is it? ----------------------------------------------------------------


_BLANK = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n\x00\xff\xfe]*")


def recognise(raw: bytes, name: str) -> Literal["xlsx", "text"]:
    """'xlsx' or 'text'; anything else raises DataError saying what the file looks like."""

    def wrong(looks_like: str) -> DataError:
        return not_a_table(name, looks_like)

    if _BLANK.fullmatch(raw):  # no copy of the file, unlike raw.strip()
        raise empty_file(name)
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    if raw.startswith(b"%PDF"):
        raise wrong("a PDF document")
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        entries = raw.count(b"PK\x01\x02")  # central directory records: an upper bound on the parts
        if entries > MAX_ARCHIVE_PARTS:
            raise over_limit(name, "parts", entries, MAX_ARCHIVE_PARTS, where="the archive holds",
                             how="a workbook saved by Excel or LibreOffice (they hold a few dozen parts)")
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
    nul = raw.find(b"\x00")
    if nul >= 0:  # anywhere in the file, not only near its start
        raise _nul_problem(raw, nul, name)
    return "text"


#: A workbook holds a few dozen parts; an archive of more is not one the course reads.
MAX_ARCHIVE_PARTS = 10_000


def _nul_problem(raw: bytes, first: int, name: str) -> DataError:
    """Why a text file holds zero bytes: UTF-16 without its marker, binary data, or one stray NUL (row named)."""
    sample = raw[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    if max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half:
        order = "little-endian" if odd > even else "big-endian"
        return DataError(name, [Problem(f"this looks like UTF-16 text ({order}) saved without the byte-order mark that says so, "
                                        "so it cannot be read reliably", expected=f"a CSV file saved as UTF-8: {SAVE_AS}")])
    if raw.count(b"\x00", 0, 65536) > 2 or raw.count(b"\x00") > 2:
        return not_a_table(name, "binary data (perhaps a program, a picture or a damaged file)")
    row = raw.count(b"\n", 0, first) + 1
    return DataError(name, [Problem("this row holds a NUL character (a zero byte), which a text file never holds: "
                                    "the file may be damaged or was not saved as text", row=row,
                                    expected=f"a CSV file saved by a spreadsheet program: {SAVE_AS}")])

