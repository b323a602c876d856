"""Hostile and broken files: refused with the package's own error, or read correctly — never a hang, a crash or a foreign error.

Every case of ``tests/hostile_inputs.py`` is generated here (small on disk) and run in its
own process, forked from this one, with a cap on its address space (1 GB more than it
starts with) and a time-out: a regression that pads a workbook to 16,384 columns or reads
``/dev/zero`` to the end fails the test rather than taking the machine down or hanging.
The memory the reading itself takes is checked as well (under 300 MB); how fast each case
is refused is measured by ``benchmarks/bench_hostile_inputs.py``, not asserted here.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import resource
import tempfile
import zipfile
from pathlib import Path

import hostile_inputs
import openpyxl
import pytest
from collectives import data, participant
from collectives.errors import CollectivesError
from collectives.participant.templates import neutralised
from collectives.widgets.data import UploadChecker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: A case that has not finished by then is stuck (the slowest takes a few seconds on a busy machine).
HANG = 180
#: Memory the reading of one case may take, above what the process held before (MB).
MEMORY_MB = 300


def _vm_size_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    return 4096


def _child(name: str, connection) -> None:
    case = next(c for c in hostile_inputs.CASES if c.name == name)
    cap = (_vm_size_mb() + 1024) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    with tempfile.TemporaryDirectory() as folder:
        connection.send(hostile_inputs.run_case(case, Path(folder)))
    connection.close()


def run_isolated(name: str) -> dict:
    """Run one case in a forked process with a memory cap; its outcome, or 'hung' / 'died'."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(name, sender))
    process.start()
    sender.close()
    try:
        if receiver.poll(HANG):
            return receiver.recv()
        return {"outcome": "hung", "message": f"no answer after {HANG} s"}
    except EOFError:
        return {"outcome": "died", "message": f"the process ended with code {process.exitcode}"}
    finally:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()


@pytest.mark.parametrize("name", [c.name for c in hostile_inputs.CASES])
def test_each_hostile_input_is_refused_clearly_or_read_correctly_within_the_memory_cap(name):
    case = next(c for c in hostile_inputs.CASES if c.name == name)
    result = run_isolated(name)
    assert result["outcome"] == case.expect, f"{name}: {result['outcome']}: {result['message']}"
    assert result["peak_mb"] - result["before_mb"] < MEMORY_MB, f"{name} took {result['peak_mb'] - result['before_mb']:.0f} MB"


@pytest.mark.parametrize("name", [c.name for c in hostile_inputs.CASES if c.expect == "refused"])
def test_refusal_messages_are_plain_words_without_numpy_reprs_or_exception_names(name):
    case = next(c for c in hostile_inputs.CASES if c.name == name)
    if case.needle is None:
        pytest.skip("this case checks only that it is refused")
    with tempfile.TemporaryDirectory() as folder:
        if case.name.startswith(("xlsx: a sheet that unpacks", "xlsx: one shared text of 300", "xlsx: 30 million",
                                 "xlsx: 21 million", "xlsx: 2 million", "csv: 21 million")):
            pytest.skip("a large case: its message is checked in the isolated run")
        call = case.build(Path(folder))
        with pytest.raises(CollectivesError) as caught:
            call()
    message = str(caught.value)
    for foreign in ("np.", "Error:", "Traceback", "MemoryError", "KeyError", "TypeError", "-9.5", "damaged ("):
        assert foreign not in message, message


def test_the_memory_cap_and_the_hang_guard_catch_a_runaway_reader(monkeypatch):
    """The isolation works: a reader that allocates without end is stopped by the cap, not the machine."""
    runaway = hostile_inputs.Case("runaway", lambda f: (lambda: bytearray(8 * 1024**3)), "refused")
    monkeypatch.setattr(hostile_inputs, "CASES", [*hostile_inputs.CASES, runaway])
    result = run_isolated("runaway")
    assert result["outcome"] == "crashed" and "MemoryError" in result["message"]


# --- generated junk: a valid result or the package's own error, nothing else -----------------

HEADER, ROW1, ROW2 = hostile_inputs.VALID_LINES
PANEL = data.schema("monitor_panel")
JUNK = st.text(alphabet=st.sampled_from(list(',;\t"\n\r\x00 0123456789.-ejaCé\u200b\u0301\u0663')), max_size=300)


def _valid_or_own_error(call) -> None:
    try:
        result = call()
    except CollectivesError:
        return
    assert list(result.data.columns) == [c for c in PANEL.names if c in result.data.columns]
    for column in result.data.columns:
        assert result.data[column].dtype == PANEL.column(column).dtype, column
    PANEL.pandera_schema(participant=True).validate(result.data, lazy=True)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junk=JUNK, where=st.integers(0, 2), encoding=st.sampled_from(["utf-8", "cp1252", "utf-16-le", "latin-1"]))
def test_property_junk_in_a_csv_gives_a_valid_result_or_the_packages_own_error(junk, where, encoding):
    rows = [HEADER, ROW1, ROW2]
    rows[where] = rows[where][: len(rows[where]) // 2] + junk + rows[where][len(rows[where]) // 2:]
    raw = "\n".join(rows).encode(encoding, errors="replace")
    _valid_or_own_error(lambda: participant.read_participant_data(raw, "monitor_panel", filename="junk.csv"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junk=st.binary(max_size=200), at=st.floats(0, 1), part=st.sampled_from(["sheet", "shared"]))
def test_property_junk_in_a_workbook_part_gives_a_valid_result_or_the_packages_own_error(junk, at, part):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in hostile_inputs.VALID_LINES:
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    target = "xl/worksheets/sheet1.xml" if part == "sheet" else "xl/sharedStrings.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as spoiled:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == target:
                cut = int(len(content) * at)
                content = content[:cut] + junk + content[cut:]
            spoiled.writestr(entry.filename, content)
    _valid_or_own_error(lambda: participant.read_participant_data(out.getvalue(), "monitor_panel", filename="junk.xlsx"))


# --- safe output -----------------------------------------------------------------------------

EVIL = data.schema_from_mapping({
    "name": "evil",
    "columns": {
        "=HYPERLINK(\"http://example.invalid\",\"klik\")": {"type": "string", "description": "@SUM(1+1)"},
        "+cmd": {"type": "category", "values": ["=1+1", "b"], "description": "-2+3"},
        "plain": {"type": "integer", "description": "\t=1", "unit": "=x"},
    },
})


def test_no_generated_csv_template_holds_a_cell_a_spreadsheet_would_run_as_a_formula():
    cells = next(csv.reader(io.StringIO(participant.template(EVIL, "csv").decode("utf-8"))))
    assert cells == ["'=HYPERLINK(\"http://example.invalid\",\"klik\")", "'+cmd", "plain"]


def test_no_generated_xlsx_template_holds_a_formula():
    raw = participant.template(EVIL, "xlsx")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in s or b"<f " in s or b't="str"' in s for s in sheets)
    book = openpyxl.load_workbook(io.BytesIO(raw))
    for worksheet in book.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (worksheet.title, cell.coordinate, cell.value)
    texts = [c.value for r in book["Explanation"].iter_rows() for c in r if isinstance(c.value, str)]
    assert "@SUM(1+1)" in texts and "-2+3" in texts  # kept as text, word for word
    assert not book.active.data_validations.dataValidation or all(
        "=1+1" not in (v.formula1 or "") for v in book.active.data_validations.dataValidation)


def test_neutralised_text_leaves_ordinary_text_alone():
    assert neutralised("members") == "members" and neutralised("=1") == "'=1" and neutralised("\r=1") == "'\r=1"


@pytest.mark.parametrize("uploaded", ["/etc/passwd", None, {"name": "x.csv"}, {"name": "x.csv", "content": "a,b"}, 42])
def test_the_upload_box_refuses_anything_but_an_upload_with_a_message(uploaded):
    box = UploadChecker("monitor_panel")
    shown = box.show(uploaded)
    assert "Cannot check this file" in shown and box.data is None


def test_the_upload_box_escapes_a_file_name_and_cells_that_hold_html():
    box = UploadChecker("monitor_panel")
    evil = "<img src=x onerror=alert(1)>"
    shown = box.show({"name": evil + ".csv", "content": f"{HEADER}\n{hostile_inputs.with_name(ROW1, evil)}\nkapot\n".encode()})
    assert "<img" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
