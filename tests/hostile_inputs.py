"""Hostile and broken inputs for the participant reader, generated on the spot (small on disk).

Each case builds its input in a folder (most are a few kilobytes; the bombs are compressed
workbooks of a few hundred kilobytes that claim or hold far more) and says what must
happen: ``refused`` (the package's own error, quickly) or ``accepted`` (read correctly,
checked by the case). Used by ``tests/test_hostile_files.py`` (each case in its own process
with a memory cap and a time-out) and by ``benchmarks/bench_hostile_inputs.py``.

Run one case in this process and print its outcome as JSON::

    python tests/hostile_inputs.py CASE
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VALID_LINES = (REPO / "datasets" / "monitor_panel.csv").read_text(encoding="utf-8").splitlines()[:3]
HEADER, ROW1, ROW2 = VALID_LINES
WIDTH = HEADER.count(",") + 1


@dataclass(frozen=True)
class Case:
    """A hostile input: ``build(folder)`` returns the call to make; ``expect`` is 'refused' or 'accepted'."""

    name: str
    build: Callable[[Path], Callable[[], object]]
    expect: str
    check: Callable[[object], bool] | None = None  # for accepted cases: is the result right?
    needle: str | None = None  # for refused cases: words the message must hold


def read(source, kind="monitor_panel", **kwargs) -> Callable[[], object]:
    from collectives.participant import read_participant_data

    return lambda: read_participant_data(source, kind, **kwargs)


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(rows) + "\n").encode(encoding)


def with_name(row: str, name: str) -> str:
    cells = row.split(",")
    cells[1] = name
    return ",".join(cells)


# --- workbooks, written part by part ----------------------------------------------------------

_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          b'</Types>')
_ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
              b'Target="xl/workbook.xml"/></Relationships>')
_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _cell(ref: str, value: str) -> str:
    if value == "":
        return ""
    try:
        float(value)
        return f'<c r="{ref}"><v>{value}</v></c>'
    except ValueError:
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_rows(lines: list[str], start: int = 1) -> bytes:
    out = []
    for r, line in enumerate(lines, start=start):
        cells = "".join(_cell(f"{_letters(c)}{r}", v) for c, v in enumerate(line.split(","), start=1))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out).encode("utf-8")


def valid_sheet(extra: bytes | Iterator[bytes] = b"", dimension: str = "A1:AB3") -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _MAIN + b'><dimension ref="' + dimension.encode() + b'"/><sheetData>'
    yield sheet_rows(VALID_LINES)
    yield from ([extra] if isinstance(extra, bytes) else extra)
    yield b"</sheetData></worksheet>"


def workbook(path: Path, sheets: list[tuple[str, Iterator[bytes]]], shared: Iterator[bytes] | None = None,
             extra_parts: int = 0) -> Path:
    """A minimal .xlsx: sheets given as streams of XML bytes (written compressed, never held whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        listed = "".join(f'<sheet name="{t}" sheetId="{i}" r:id="rId{i}"/>' for i, (t, _) in enumerate(sheets, start=1))
        z.writestr("xl/workbook.xml", b"<?xml version=\"1.0\"?><workbook " + _MAIN + b" " + _R + b"><sheets>"
                   + listed.encode() + b"</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                       f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
        z.writestr("xl/_rels/workbook.xml.rels", b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   b'package/2006/relationships">' + rels.encode() + b"</Relationships>")
        for i, (_, stream) in enumerate(sheets, start=1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as part:
                for chunk in stream:
                    part.write(chunk)
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                for chunk in shared:
                    part.write(chunk)
        for k in range(extra_parts):
            z.writestr(f"xl/media/x{k}.bin", b"")
    return path


def repeated(head: bytes, unit: bytes, count: int, tail: bytes, block: int = 1 << 16) -> Iterator[bytes]:
    """``head + unit * count + tail`` as a stream of chunks."""
    yield head
    full, rest = divmod(count, block)
    chunk = unit * block
    for _ in range(full):
        yield chunk
    yield unit * rest
    yield tail


def rows_stream(count: int) -> Iterator[bytes]:
    yield b'<?xml version="1.0"?><worksheet ' + _MAIN + b"><sheetData>"
    yield sheet_rows(VALID_LINES)
    for start in range(4, count + 4, 50_000):
        yield "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(start, min(start + 50_000, count + 4))).encode()
    yield b"</sheetData></worksheet>"


def notes_sheet() -> Iterator[bytes]:
    yield (b'<?xml version="1.0"?><worksheet ' + _MAIN + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
           b"Notes: these are the figures of our collectives, see the next sheet</t></is></c></row></sheetData></worksheet>")


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


def _link(folder: Path) -> Path:
    path = folder / "zero.csv"
    path.symlink_to("/dev/zero")
    return path


def _sparse(folder: Path, size: int) -> Path:
    path = folder / "big.csv"
    with path.open("wb") as handle:
        handle.write(HEADER.encode() + b"\n")
        handle.truncate(size)
    return path


def _names(expected: str) -> Callable[[object], bool]:
    return lambda result: list(result.data["name"]) == [expected, expected]


def _date_sheet():
    from collectives.data import schema_from_mapping

    return schema_from_mapping({"name": "dated", "columns": {"id": {"type": "string"}, "when": {"type": "date"}}})


_BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;'
                   b'&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
                   b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
                   b'<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]><worksheet ' + _MAIN
                   + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')

MB = 1024 * 1024

CASES: list[Case] = [
    # --- paths that are not files --------------------------------------------------------
    Case("path: a named pipe (FIFO)", lambda f: read(_fifo(f)), "refused", needle="named pipe"),
    Case("path: /dev/zero", lambda f: read("/dev/zero"), "refused", needle="device"),
    Case("path: /dev/urandom", lambda f: read("/dev/urandom"), "refused", needle="device"),
    Case("path: a link to /dev/zero", lambda f: read(_link(f)), "refused", needle="device"),
    Case("path: a folder", lambda f: read(f), "refused", needle="folder"),
    Case("path: a file that does not exist", lambda f: read(f / "nergens.csv"), "refused", needle="does not exist"),
    Case("path: a NUL character in the name", lambda f: read(str(f / "a\x00b.csv")), "refused", needle="cannot be opened"),
    Case("path: 50 MB and one byte (sparse, never read)", lambda f: read(_sparse(f, 50 * MB + 1)), "refused",
         needle="52,428,801 bytes, more than the limit of 52,428,800 bytes"),
    # --- parameters ------------------------------------------------------------------------
    *[Case(f"max_bytes={value!r}", (lambda v: lambda f: read(csv_bytes(HEADER, ROW1), max_bytes=v))(value), "refused",
           needle="max_bytes") for value in (None, -1, 0, 2.5, "50", True)],
    *[Case(f"kind={value!r}", (lambda v: lambda f: read(csv_bytes(HEADER, ROW1), kind=v))(value), "refused", needle="kind")
      for value in ("../../etc/passwd", "../datasets/monitor_panel", "/etc/passwd", "monitor_panel.yml", "", None, 42)],
    *[Case(f"source={label}", (lambda v: lambda f: read(v))(value), "refused", needle=needle)
      for label, value, needle in (("12345", 12345, "source"), ("None", None, "source"), ("a list", [1, 2], "source"),
                                   ("an upload without content", {"name": "x.csv"}, "source"),
                                   ("an upload whose content is text", {"name": "x.csv", "content": "a,b"}, "content"),
                                   ("an upload whose content is 10**9", {"name": "x.csv", "content": 10**9}, "content"))],
    # --- text files --------------------------------------------------------------------------
    Case("csv: one line of 5 million cells (10 MB)", lambda f: read(write(f, "line.csv", b"1," * 5_000_000)), "refused",
         needle="line 1 of the file is more than 1,048,576 bytes long"),
    Case("csv: 21 million cells in 1,000-column rows", lambda f: read(write(f, "cells.csv", (b"," * 999 + b"\n") * 21_000)),
         "refused", needle="cells, more than the limit of 20,000,000 cells"),
    Case("csv: 19 million cells in rows far wider than the header",
         lambda f: read(write(f, "wide.csv", csv_bytes(HEADER, *[ROW1 + "," * (1000 - WIDTH)] * 19_000))), "refused",
         needle="some rows have up to 1,000 cells while the header names"),
    Case("csv: a row of 1,500 columns", lambda f: read(csv_bytes(HEADER, ROW1 + ",x" * (1500 - WIDTH))), "refused",
         needle="columns, more than the limit of 1,000 columns"),
    Case("csv: 1.1 million rows", lambda f: read(write(f, "rows.csv", csv_bytes(HEADER) + b"1\n" * 1_100_000)), "refused",
         needle="rows, more than the limit of 1,048,576 rows"),
    Case("csv: a cell of 40,000 characters", lambda f: read(csv_bytes(HEADER, with_name(ROW1, '"' + "x" * 40_000 + '"'))),
         "refused", needle="40,000 characters"),
    Case("csv: an unclosed quote runs to the end", lambda f: read(csv_bytes(HEADER, with_name(ROW1, '"open'), *[ROW2] * 2000)),
         "refused"),
    Case("csv: a NUL byte after the first 64 KB", lambda f: read(csv_bytes(HEADER, *[ROW1] * 700, with_name(ROW2, "a\x00b"))),
         "refused", needle="row 702"),
    Case("csv: a NUL byte in the first row", lambda f: read(csv_bytes(HEADER, with_name(ROW1, "a\x00b"), ROW2)), "refused",
         needle="row 2"),
    Case("csv: UTF-16 without a byte-order mark", lambda f: read(csv_bytes(HEADER, ROW1, ROW2, encoding="utf-16-le")),
         "refused", needle="UTF-16"),
    Case("csv: random bytes", lambda f: read(bytes((i * 2654435761 >> 7) & 255 for i in range(20_000))), "refused"),
    Case("csv: gzip-compressed", lambda f: read(b"\x1f\x8b\x08\x00" + bytes(200)), "refused", needle="gzip"),
    Case("csv: dates 0001-01-01 and 9999-12-31", lambda f: read(b"id,when\na,0001-01-01\nb,9999-12-31\n", kind=_date_sheet()),
         "refused", needle="outside the years 1678 to 2261"),
    Case("csv: collective_id missing in two rows", lambda f: read(csv_bytes(HEADER, ROW1[ROW1.index(","):], ROW2[ROW2.index(","):])),
         "refused", needle="this cell is empty"),
    Case("csv: a header line longer than 64 KB (700 more columns)",
         lambda f: read(csv_bytes(HEADER + "".join(f",extra_{i:03d}_" + "x" * 90 for i in range(700)), ROW1 + "," * 700,
                                  ROW2 + "," * 700)), "accepted", check=lambda r: len(r.data) == 2 and len(r.data.columns) > 10),
    Case("csv: UTF-8 and Windows-1252 rows mixed",
         lambda f: read(csv_bytes(HEADER, with_name(ROW1, "Súdwest-Fryslân")) + (with_name(ROW2, "Súdwest-Fryslân") + "\n").encode("cp1252")),
         "accepted", check=_names("Súdwest-Fryslân")),
    Case("csv: 'Café' in two Unicode forms and with a zero-width space",
         lambda f: read(csv_bytes(HEADER, with_name(ROW1, "Cafe\u0301"), with_name(ROW2, "Caf\u200bé"))),
         "accepted", check=_names("Café")),
    Case("csv: Arabic-Indic digits", lambda f: read(csv_bytes(HEADER, ROW1.replace(",96,", ",\u0669\u0666,"), ROW2)),
         "accepted", check=lambda r: int(r.data["members"].iloc[0]) == 96),
    # --- workbooks ---------------------------------------------------------------------------
    Case("xlsx: the sheet claims the whole grid (A1:XFD1048576)",
         lambda f: read(workbook(f / "grid.xlsx", [("Blad1", valid_sheet(dimension="A1:XFD1048576"))])), "accepted",
         check=lambda r: len(r.data) == 2),
    Case("xlsx: one value at XFD1048576",
         lambda f: read(workbook(f / "far.xlsx", [("Blad1", valid_sheet(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))])),
         "refused", needle="column 16,384"),
    Case("xlsx: empty formatted cells out to XFD",
         lambda f: read(workbook(f / "fmt.xlsx", [("Blad1", valid_sheet(b'<row r="4"><c r="XFD4" s="0"/></row>'))])), "accepted",
         check=lambda r: len(r.data) == 2),
    Case("xlsx: a sheet that unpacks to 300 MB",
         lambda f: read(workbook(f / "bomb.xlsx", [("Blad1", repeated(b"<worksheet " + _MAIN + b"><sheetData>", b" ", 300 * MB,
                                                                     b"</sheetData></worksheet>"))])), "refused", needle="unpacks to"),
    Case("xlsx: one shared text of 300 MB",
         lambda f: read(workbook(f / "text.xlsx", [("Blad1", valid_sheet())],
                                 shared=repeated(b"<sst " + _MAIN + b"><si><t>", b"a", 300 * MB, b"</t></si></sst>"))),
         "refused", needle="unpacks to"),
    Case("xlsx: one shared text of 40,000 characters",
         lambda f: read(workbook(f / "long.xlsx", [("Blad1", valid_sheet())],
                                 shared=repeated(b"<sst " + _MAIN + b"><si><t>", b"a", 40_000, b"</t></si></sst>"))),
         "refused", needle="characters in one cell"),
    Case("xlsx: 30 million shared texts",
         lambda f: read(workbook(f / "many.xlsx", [("Blad1", valid_sheet())],
                                 shared=repeated(b"<sst " + _MAIN + b">", b"<si><t>a</t></si>", 30_000_000, b"</sst>"))),
         "refused", needle="unpacks to"),
    Case("xlsx: 21 million empty shared texts (under the unpacked limit)",
         lambda f: read(workbook(f / "empty.xlsx", [("Blad1", valid_sheet())],
                                 shared=repeated(b"<sst " + _MAIN + b">", b"<si/>", 21_000_000, b"</sst>"))),
         "refused", needle="different texts"),
    Case("xlsx: 2 million rows", lambda f: read(workbook(f / "rows.xlsx", [("Blad1", rows_stream(2_000_000))])), "refused",
         needle="rows, more than the limit of 1,048,576 rows"),
    Case("xlsx: 21 million empty cells in one row",
         lambda f: read(workbook(f / "cells.xlsx", [("Blad1", valid_sheet(repeated(b'<row r="4">', b"<c/>", 21_000_000, b"</row>")))])),
         "refused", needle="cells (filled in or only formatted)"),
    Case("xlsx: an entity-expansion bomb (DOCTYPE)",
         lambda f: read(workbook(f / "lol.xlsx", [("Blad1", iter([_BILLION_LAUGHS]))])), "refused", needle="document type"),
    Case("xlsx: 20,000 parts", lambda f: read(workbook(f / "parts.xlsx", [("Blad1", valid_sheet())], extra_parts=20_000)),
         "refused", needle="parts"),
    Case("xlsx: a sheet that is not XML", lambda f: read(workbook(f / "junk.xlsx", [("Blad1", iter([b"<worksheet><<<"]))])),
         "refused", needle="not well-formed"),
    Case("xlsx: a shared-text index out of range",
         lambda f: read(workbook(f / "index.xlsx", [("Blad1", valid_sheet(b'<row r="4"><c r="A4" t="s"><v>99</v></c></row>'))],
                                 shared=iter([b"<sst " + _MAIN + b"><si><t>a</t></si></sst>"]))), "refused", needle="refers to a text"),
    Case("xlsx: a truncated archive",
         lambda f: read(workbook(f / "cut.xlsx", [("Blad1", valid_sheet())]).read_bytes()[:-60], filename="cut.xlsx"), "refused",
         needle="damaged"),
    Case("xlsx: a first sheet of notes, the data on the second",
         lambda f: read(workbook(f / "notes.xlsx", [("Notes", notes_sheet()), ("Data", valid_sheet())])), "accepted",
         check=lambda r: len(r.data) == 2 and any("first sheet, 'Notes'" in line for line in r.report)),
    Case("xlsx: only a sheet of notes",
         lambda f: read(workbook(f / "only.xlsx", [("Notes", notes_sheet())])), "refused", needle="none of the workbook's sheets"),
]


def _memory(field: str) -> float:
    """VmRSS / VmHWM of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_case(case: Case, folder: Path) -> dict:
    """Build and run one case here; the outcome, seconds and memory of the reading alone."""
    from collectives.errors import CollectivesError

    call = case.build(folder)
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current RSS
    except OSError:
        pass
    before = _memory("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    try:
        result = call()
        outcome, message = "accepted", str(result)[:300]
        if case.check is not None and not case.check(result):
            outcome = "wrong result"
    except CollectivesError as error:
        outcome, message = "refused", str(error)
    except Exception as error:  # noqa: BLE001 - a foreign exception is exactly what is being looked for
        outcome, message = "crashed", f"{type(error).__name__}: {error}"[:500]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if outcome == "refused" and case.needle and case.needle not in message:
        outcome = "unclear message"
    return {"case": case.name, "expect": case.expect, "outcome": outcome, "seconds": seconds, "cpu_seconds": cpu,
            "peak_mb": _memory("VmHWM"), "before_mb": before, "message": message[:600]}


def main() -> None:
    wanted = sys.argv[1]
    case = next(c for c in CASES if c.name == wanted)
    from collectives import participant  # noqa: F401 - imported before the reading is measured

    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run_case(case, Path(folder))))


if __name__ == "__main__":
    main()
