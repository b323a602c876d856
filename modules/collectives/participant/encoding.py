"""The character set of a text file: UTF-8, UTF-16, Windows-1252 — or a mix, decoded line by line.

Excel in Dutch saves "CSV" in Windows-1252; newer programs save UTF-8. A file pasted
together from both holds lines of each: read as one character set, ``Súdwest-Fryslân``
becomes ``SÃºdwest-FryslÃ¢n`` in the UTF-8 lines. Such a file is decoded line by line (a line
that is valid UTF-8 as UTF-8, another as Windows-1252), and the report names the lines.

Example
-------
>>> from collectives.data.problems import Reading
>>> reading = Reading(lenient=True)
>>> raw = "gemeente\\nSúdwest-Fryslân\\n".encode("utf-8") + "Súdwest-Fryslân\\n".encode("cp1252")
>>> text, data, encoding = decode(raw, "mix.csv", reading)
>>> text.splitlines()[1:] == ["Súdwest-Fryslân", "Súdwest-Fryslân"]
True
>>> reading.report[0]
'The file mixes two character sets: read line 3 as Windows-1252 and the other lines as UTF-8'
"""

from __future__ import annotations

import codecs

from collectives.data.problems import Reading
from collectives.errors import DataError, Problem
from collectives.participant.messages import SAVE_AS


def _lines(numbers: list[int]) -> str:
    words = [f"{n:,}" for n in numbers[:5]]
    if len(numbers) > 5:
        return "lines " + ", ".join(words) + f" and {len(numbers) - 5:,} more"
    if len(words) == 1:
        return "line " + words[0]
    return "lines " + ", ".join(words[:-1]) + " and " + words[-1]


def decode(raw: bytes, name: str, reading: Reading) -> tuple[str, bytes, str]:
    """The text, the bytes to hand to pandas, and their encoding."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(name, [Problem("the file says it is UTF-16 text but cannot be read as such",
                                           expected=f"a CSV file or an Excel workbook: {SAVE_AS}")]) from None
        reading.report.append("Read as UTF-16 text (Excel 'Unicode text')")
        return text, text.encode("utf-8"), "utf-8"
    body, encoding = (raw[3:], "utf-8-sig") if raw.startswith(codecs.BOM_UTF8) else (raw, "utf-8")
    try:
        return body.decode("utf-8"), raw, encoding
    except UnicodeDecodeError:
        pass
    decoded, as_utf8, as_other, latin = [], 0, [], False
    for number, line in enumerate(body.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
            if not line.isascii():
                as_utf8 += 1
        except UnicodeDecodeError:
            try:
                text = line.decode("cp1252")
            except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined
                text, latin = line.decode("latin-1"), True
            as_other.append(number)
        decoded.append(text)
    text = "\n".join(decoded)
    other = "Latin-1" if latin else "Windows-1252"
    if as_utf8:
        reading.report.append(f"The file mixes two character sets: read {_lines(as_other)} as {other} "
                              "and the other lines as UTF-8")
    else:
        reading.report.append(f"Read as {other} text")
    return text, text.encode("utf-8"), "utf-8"
