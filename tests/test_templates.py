"""The fill-in templates the book offers for download are exactly what the datasheet makes now.

``book/downloads/`` holds the CSV and Excel templates linked from the page "Bring your own
data". They are generated from the datasheet by ``python -m collectives.participant``; these
tests fail when a datasheet changed and the committed files were not regenerated.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from collectives import data, participant

DOWNLOADS = Path(__file__).resolve().parents[1] / "book" / "downloads"
KINDS = ("monitor_panel",)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_committed_template_is_byte_for_byte_what_template_makes_now(kind, fmt):
    committed = DOWNLOADS / f"{kind}_template.{fmt}"
    assert committed.exists(), f"{committed} is missing: run python -m collectives.participant"
    assert committed.read_bytes() == participant.template(kind, fmt), (
        f"{committed.name} is out of date with datasets/{kind}.yml: run python -m collectives.participant")


def test_template_path_points_at_the_book_downloads_folder():
    assert participant.template_path("monitor_panel", "csv") == DOWNLOADS / "monitor_panel_template.csv"


def test_xlsx_template_is_the_same_on_every_run():
    first = participant.template("monitor_panel", "xlsx")
    assert participant.template("monitor_panel", "xlsx") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2025, 1, 1, 0, 0, 0)}
        assert b"2025-01-01T00:00:00Z</dcterms:modified>" in archive.read("docProps/core.xml")


def test_csv_template_is_the_header_of_the_datasheet():
    assert participant.template("monitor_panel", "csv").decode("utf-8") == ",".join(data.schema("monitor_panel").names) + "\r\n"


def test_xlsx_template_explains_every_column_and_asks_for_no_personal_data():
    sheet = data.schema("monitor_panel")
    book = openpyxl.load_workbook(io.BytesIO(participant.template("monitor_panel", "xlsx")))
    fill, notes = book.worksheets
    assert fill.title == "monitor_panel"
    assert [c.value for c in fill[1]] == sheet.names
    explained = [row[0] for row in notes.iter_rows(min_row=2, values_only=True)][: len(sheet.names)]
    assert explained == sheet.names
    texts = " ".join(str(row[0]) for row in notes.iter_rows(values_only=True) if row[0])
    assert "never names, addresses, e-mail addresses or phone numbers" in texts


def test_write_templates_writes_a_csv_and_an_xlsx_per_kind(tmp_path):
    written = participant.write_templates(folder=tmp_path)
    assert sorted(p.name for p in written) == ["monitor_panel_template.csv", "monitor_panel_template.xlsx"]
    for path in written:
        assert path.read_bytes() == participant.template("monitor_panel", path.suffix[1:])


def test_the_filled_in_template_reads_back():
    book = openpyxl.load_workbook(io.BytesIO(participant.template("monitor_panel", "xlsx")))
    sheet = data.schema("monitor_panel")
    row = {"collective_id": "CC001", "municipality": "M01", "sector": "energy", "founded_year": 2015, "year": 2024,
           "members": 120, "volunteers": 12, "revenue_eur": 15000, "municipal_support": "nee"}
    book.worksheets[0].append([row.get(name) for name in sheet.names])
    buffer = io.BytesIO()
    book.save(buffer)
    result = participant.read_participant_data(buffer.getvalue(), "monitor_panel", filename="ingevuld.xlsx")
    assert result.data.loc[0, "members"] == 120 and not result.data.loc[0, "municipal_support"]
