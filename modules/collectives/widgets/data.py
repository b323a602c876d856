"""An upload box for participants' own files: read in the kernel, checked, explained (live kernel only).

The box needs a kernel, so the static site does not draw it: its chapter cell is tagged
``remove-output`` and the text around it says how to use it live.

The participant chooses a CSV or Excel file; the browser sends its bytes to the notebook's
kernel, which reads them with :func:`collectives.participant.read_participant_data` and shows
what it did (the report) or, in plain words, every problem to fix. The bytes are only held in
memory: nothing is written to disk, and the book sends nothing anywhere.

Example
-------
>>> box = upload_checker("monitor_panel")
>>> html = box.show({"name": "mine.csv", "content": b"collective_id;gemeente\\nCC001;M01\\n"})
>>> "cannot be used yet" in html and box.data is None
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from collectives.data.datasheets import DatasetSchema
from collectives.data.limits import check_max_bytes
from collectives.errors import CollectivesError, DataError, ParameterError
from collectives.participant import DEFAULT_MAX_BYTES, ParticipantData, datasheet, read_participant_data

STATIC_NOTE = (
    "<p><strong>Check your own file.</strong> Your file is read in this kernel's memory, never saved "
    "and never sent anywhere else.</p>"
)
WAITING = "<p>No file chosen yet.</p>"


def describe(result: ParticipantData | DataError) -> str:
    """The result of reading a file as HTML: what was done, or every problem to fix.

    >>> from collectives.errors import DataError
    >>> print(describe(DataError("mine.csv", ["the file is empty"])))
    <p><strong>The file mine.csv cannot be used yet: 1 problem found.</strong> Fix these in your spreadsheet, save it and choose it again:</p><ul><li>the file is empty</li></ul>
    """
    if isinstance(result, DataError):
        count = len(result.problems)
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in result.problems)
        return (f"<p><strong>The file {html.escape(result.source)} cannot be used yet: {count} problem"
                f"{'s' if count != 1 else ''} found.</strong> Fix these in your spreadsheet, save it and "
                f"choose it again:</p><ul>{items}</ul>")
    rows, columns = result.data.shape
    done = "".join(f"<li>{html.escape(r)}</li>" for r in result.report) or "<li>Nothing needed fixing.</li>"
    return (f"<p><strong>{html.escape(result.source)}: {rows:,} rows and {columns} columns read as "
            f"{html.escape(result.kind)}.</strong> What the reader did:</p><ul>{done}</ul>"
            f"<p>Columns: {html.escape(', '.join(result.data.columns))}.</p>")


class UploadChecker(w.VBox):
    """A labelled file button and a result area; ``.data`` holds the last file read without problems."""

    def __init__(self, kind: str | DatasetSchema, max_bytes: int = DEFAULT_MAX_BYTES):
        sheet = kind if isinstance(kind, DatasetSchema) else datasheet(kind)  # a wrong kind is said now, not at the upload
        self.kind, self.max_bytes = sheet, check_max_bytes(max_bytes)
        self.data: ParticipantData | None = None
        self.upload = w.FileUpload(accept=".csv,.txt,.tsv,.xlsx", multiple=False,
                                   description="Choose a file (.csv or .xlsx)", layout={"width": "auto"},
                                   tooltip="Choose a CSV file or an Excel workbook to check")
        self.result = w.HTML(self._live(WAITING))
        self.upload.observe(self._on_upload, names="value")
        name = sheet.name
        label = w.HTML(f"<p><strong>Your file</strong> (columns as in the datasheet <code>{html.escape(name)}</code>):</p>")
        super().__init__([w.HTML(STATIC_NOTE), label, self.upload, self.result])

    @staticmethod
    def _live(content: str) -> str:
        return f'<div role="status" aria-live="polite">{content}</div>'

    def show(self, uploaded: Mapping[str, Any]) -> str:
        """Read one uploaded file (``{"name": ..., "content": bytes}``) and show the result; returns the HTML.

        Anything else (a path, text, None) is refused with a message: the box reads uploads only.
        Everything shown is escaped, so a file name or cell holding HTML is shown as text.
        """
        try:
            if not isinstance(uploaded, Mapping) or not isinstance(uploaded.get("content"), (bytes, bytearray, memoryview)):
                raise ParameterError("uploaded", type(uploaded).__name__,
                                     "an uploaded file: a mapping with 'name' and 'content' (the file's bytes)")
            self.data = read_participant_data(uploaded, self.kind, max_bytes=self.max_bytes)
            content = describe(self.data)
        except DataError as error:
            self.data = None
            content = describe(error)
        except CollectivesError as error:  # e.g. an unknown kind: a message, never a traceback
            self.data = None
            content = f"<p><strong>Cannot check this file:</strong> {html.escape(str(error))}</p>"
        self.result.value = self._live(content)
        return content

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if files:
            self.show(files[0])  # bytes in memory only: nothing is written to disk


def upload_checker(kind: str | DatasetSchema = "monitor_panel", *, max_bytes: int = DEFAULT_MAX_BYTES) -> UploadChecker:
    """An upload box that reads a participant's file against the datasheet ``kind`` and explains the result."""
    return UploadChecker(kind, max_bytes)
