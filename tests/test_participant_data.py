"""collectives.participant.read_participant_data: participants' own files, read safely and explained.

The fixture schema ``tests/fixtures/participant/monitor_like.yml`` follows the monitor panel:
collective_id (CC + 3 digits), municipality, sector (category), year (2000-2030), members and
volunteers (whole numbers >= 0), revenue_eur (optional, may be empty), municipal_support
(optional yes/no); key collective_id + year.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collectives import data, participant
from collectives.errors import DataError, ParameterError
from collectives.data import schema_from_mapping

FIXTURES = Path(__file__).parent / "fixtures" / "participant"
PANEL = data.schema("monitor_like", datasets_dir=FIXTURES)
HEADER = "collective_id,municipality,sector,year,members,volunteers,revenue_eur,municipal_support"
CLEAN = (
    HEADER + "\n"
    "CC001,Utrecht,energy,2023,120,12,15000.5,true\n"
    "CC001,Utrecht,energy,2024,135,14,17250,true\n"
    "CC002,Zwolle,housing,2023,48,6,,false\n"
)


def read(content: str | bytes, name: str = "mijn_data.csv", **kwargs):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return participant.read_participant_data(raw, PANEL, filename=name, **kwargs)


def problems(content: str | bytes, name: str = "mijn_data.csv") -> str:
    with pytest.raises(DataError) as caught:
        read(content, name)
    return str(caught.value)


def xlsx_bytes(rows: list[list], title: str = "Blad1", extra_sheets: dict[str, list[list]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, more in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in more:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def assert_valid(frame: pd.DataFrame) -> None:
    """The frame follows the schema: dtypes, bounds, allowed values, unique key."""
    for column in frame.columns:
        assert frame[column].dtype == PANEL.column(column).dtype, column
    PANEL.pandera_schema(participant=True).validate(frame, lazy=True)


# --- accepted formats ------------------------------------------------------------------------


def test_clean_comma_separated_file_loads_with_declared_dtypes_and_an_empty_report():
    result = read(CLEAN)
    assert result.report == ()
    assert len(result.data) == 3
    assert_valid(result.data)
    assert result.data["revenue_eur"].tolist()[:2] == [15000.5, 17250.0]
    assert pd.isna(result.data.loc[2, "revenue_eur"])
    assert result.data["municipal_support"].tolist() == [True, True, False]


def test_dutch_excel_export_with_semicolons_and_decimal_commas_loads_with_report():
    text = (
        "Collective ID;Gemeente;Sector;Jaar;Leden;Vrijwilligers;Omzet;Gemeentelijke steun;Opmerkingen\r\n"
        "CC001;Utrecht;energy;2023;1.234;12;15.000,50;ja;loopt goed\r\n"
        "CC001;Utrecht;energy;2024;1.310;14;17.250,00;nee;\r\n"
        "CC002;Zwolle;housing;2023;48;6;;nee;\r\n"
        ";;;;;;;;\r\n;;;;;;;;\r\n"
    )
    result = read(text.encode("cp1252"))
    assert result.data["members"].tolist() == [1234, 1310, 48]
    assert result.data["revenue_eur"].tolist()[:2] == [15000.5, 17250.0]
    assert result.data["municipal_support"].tolist() == [True, False, False]
    report = "\n".join(result.report)
    assert "Detected ';' as the column separator" in report
    assert "Column 'Leden' matched to 'members'" in report
    assert "Converted decimal commas in 'Omzet' (2 values)" in report
    assert "Removed thousands separators in 'Leden' (2 values)" in report
    assert "Ignored unknown column 'Opmerkingen'" in report
    assert "Ignored 2 empty rows at the end" in report
    assert_valid(result.data)


def test_windows_1252_text_is_read_and_reported():
    text = HEADER + "\nCC001,Súdwest-Fryslân,energy,2023,120,12,15000.5,true\n"
    result = read(text.encode("cp1252"))
    assert result.data.loc[0, "municipality"] == "Súdwest-Fryslân"
    assert "Read as Windows-1252 text" in result.report


def test_utf8_with_byte_order_mark_is_read():
    result = read(b"\xef\xbb\xbf" + CLEAN.encode("utf-8"))
    assert list(result.data.columns)[0] == "collective_id" and len(result.data) == 3


def test_utf16_unicode_text_export_is_read():
    result = read(CLEAN.replace(",", "\t").encode("utf-16"), name="export.txt")
    assert len(result.data) == 3
    assert "Detected tabs as the column separator" in result.report


def test_tab_separated_file_is_detected():
    result = read(CLEAN.replace(",", "\t"), name="data.tsv")
    assert result.data["members"].tolist() == [120, 135, 48]
    assert "Detected tabs as the column separator" in result.report


def test_english_export_with_quoted_thousands_separators_loads_with_report():
    text = HEADER + '\nCC001,Utrecht,energy,2023,"1,234",12,"15,000.50",yes\nCC002,Zwolle,care,2023,48,6,2.5,no\n'
    result = read(text)
    assert result.data["members"].tolist() == [1234, 48]
    assert result.data["revenue_eur"].tolist() == [15000.5, 2.5]
    assert "Removed thousands separators in 'members' (1 value)" in result.report


def test_number_notation_is_decided_per_column():
    # revenue uses English decimals; members uses Dutch thousands dots; both in a ';' file
    text = HEADER.replace(",", ";") + "\nCC001;Utrecht;energy;2023;1.234;12;15000.5;ja\nCC002;Zwolle;care;2023;2.500;6;99.25;nee\n"
    result = read(text)
    assert result.data["members"].tolist() == [1234, 2500]
    assert result.data["revenue_eur"].tolist() == [15000.5, 99.25]


def test_ambiguous_number_column_follows_the_separator_of_the_file():
    # "1.500" alone could be 1.5 or 1500: in a ';' file Dutch notation is meant, in a ',' file English
    dutch = read(HEADER.replace(",", ";") + "\nCC001;Utrecht;energy;2023;1;1;1.500;ja\n")
    english = read(HEADER + "\nCC001,Utrecht,energy,2023,1,1,1.500,yes\n")
    assert dutch.data.loc[0, "revenue_eur"] == 1500
    assert english.data.loc[0, "revenue_eur"] == 1.5


def test_mixed_notation_in_one_column_is_named_not_guessed():
    text = HEADER.replace(",", ";") + "\nCC001;U;energy;2023;1;1;1.234,5;ja\nCC002;U;energy;2023;1;1;1,234.5;ja\nCC003;U;energy;2023;1;1;7,5;ja\n"
    message = problems(text)
    assert "row 3, column 'revenue_eur'" in message and "different notation" in message and "'1,234.5'" in message


def test_column_names_match_ignoring_case_spaces_underscores_hyphens_accents_and_synonyms():
    text = "COLLECTIVE-ID,Gemeënte,  domein ,JAAR,Aantal_Leden,vrijwilligers,Inkomsten (EUR)\nCC001,Utrecht,care,2023,5,1,10\n"
    result = read(text)
    assert list(result.data.columns) == ["collective_id", "municipality", "sector", "year", "members", "volunteers", "revenue_eur"]
    assert result.columns["members"] == "Aantal_Leden"
    assert "Column 'Inkomsten (EUR)' matched to 'revenue_eur'" in result.report


def test_optional_columns_may_be_left_out():
    text = "collective_id,municipality,sector,year,members,volunteers\nCC001,Utrecht,care,2023,5,1\n"
    assert list(read(text).data.columns) == ["collective_id", "municipality", "sector", "year", "members", "volunteers"]


@pytest.mark.parametrize("yes,no", [("ja", "nee"), ("Yes", "No"), ("TRUE", "FALSE"), ("1", "0"), ("waar", "onwaar"), ("WAAR", "ONWAAR")])
def test_yes_no_cells_accept_dutch_and_english_words(yes, no):
    text = HEADER + f"\nCC001,U,care,2023,5,1,,{yes}\nCC002,U,care,2023,5,1,,{no}\n"
    assert read(text).data["municipal_support"].tolist() == [True, False]


def test_category_values_are_matched_ignoring_case_and_spaces():
    result = read(HEADER + "\nCC001,U,Social Wellbeing,2023,5,1,,ja\nCC002,U, Energy ,2023,5,1,,ja\n")
    assert result.data["sector"].tolist() == ["social_wellbeing", "energy"]
    assert any("Standardised the spelling" in r for r in result.report)


def test_not_applicable_words_count_as_empty_where_empty_is_allowed():
    result = read(HEADER + "\nCC001,U,care,2023,5,1,n.v.t.,ja\nCC002,U,care,2023,5,1,onbekend,ja\n")
    assert result.data["revenue_eur"].isna().all()
    assert any("as an empty cell in 'revenue_eur'" in r for r in result.report)


def test_euro_signs_and_spaces_in_amounts_are_removed():
    result = read(HEADER.replace(",", ";") + "\nCC001;U;care;2023;5;1;€ 1.250,00;nee\n")
    assert result.data.loc[0, "revenue_eur"] == 1250.0
    assert any("Removed '€' signs" in r for r in result.report)


DATED = schema_from_mapping({
    "name": "meetings", "title": "Meetings", "key": ["meeting_id"],
    "columns": {"meeting_id": {"type": "string"},
                "held_on": {"type": "date", "min": "2000-01-01", "synonyms": ["datum"]},
                "attendees": {"type": "integer", "min": 0}},
})


def test_dates_accept_iso_and_dutch_day_month_year():
    raw = b"meeting_id;datum;attendees\nM1;2024-03-31;10\nM2;01-04-2024;12\nM3;1-5-2024;9\n"
    result = participant.read_participant_data(raw, DATED, filename="vergaderingen.csv")
    assert result.data["held_on"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-31", "2024-04-01", "2024-05-01"]
    assert str(result.data["held_on"].dtype).startswith("datetime64")
    assert any("dd-mm-yyyy" in r for r in result.report)


def test_bad_dates_are_named_with_row_and_value():
    raw = b"meeting_id,held_on,attendees\nM1,2024-03-31,10\nM2,31/31/2024,12\nM3,1999-01-01,3\n"
    with pytest.raises(DataError) as caught:
        participant.read_participant_data(raw, DATED, filename="v.csv")
    text = str(caught.value)
    assert "row 3, column 'held_on': this is not a date (found '31/31/2024')" in text
    assert "row 4, column 'held_on': the value is below the minimum" in text


def test_excel_workbook_first_sheet_is_read_with_typed_cells():
    rows = [HEADER.split(","), ["CC001", "Utrecht", "energy", 2023, 120, 12, 15000.5, True],
            ["CC002", "Zwolle", "housing", 2023, 48.0, 6, None, "nee"]]
    result = read(xlsx_bytes(rows), name="monitor.xlsx")
    assert result.data["members"].tolist() == [120, 48]
    assert result.data["municipal_support"].tolist() == [True, False]
    assert_valid(result.data)


def test_excel_workbook_sheet_named_after_the_kind_is_preferred():
    rows = [HEADER.split(","), ["CC001", "Utrecht", "energy", 2023, 120, 12, 15000.5, True]]
    raw = xlsx_bytes([["Toelichting"], ["Zie tabblad monitor_like"]], title="Uitleg", extra_sheets={"Monitor like": rows})
    result = read(raw, name="monitor.xlsx")
    assert len(result.data) == 1 and "Read the sheet 'Monitor like'" in result.report


def test_excel_workbook_with_a_title_row_above_the_header():
    rows = [["Monitor burgercollectieven 2023"], [], HEADER.split(","), ["CC001", "Utrecht", "energy", 2023, 120, 12, 1.5, True],
            ["CC002", "Utrecht", "energy", 2023, -1, 12, 1.5, True]]
    with pytest.raises(DataError, match=r"row 5, column 'members'"):
        read(xlsx_bytes(rows), name="monitor.xlsx")


def test_excel_workbook_renamed_to_csv_is_still_read_as_excel():
    rows = [HEADER.split(","), ["CC001", "Utrecht", "energy", 2023, 120, 12, 15000.5, True]]
    assert len(read(xlsx_bytes(rows), name="monitor.csv").data) == 1


def test_sep_line_written_by_excel_is_used_and_not_counted_as_a_row():
    text = "sep=;\n" + HEADER.replace(",", ";") + "\nCC001;U;care;2023;5;1;;\nCC002;U;care;2023;-5;1;;\n"
    with pytest.raises(DataError, match=r"row 3, column 'members'"):
        read(text)


def test_sources_path_bytes_file_object_and_upload_widget_value_all_work(tmp_path):
    path = tmp_path / "mijn.csv"
    path.write_text(CLEAN, encoding="utf-8")
    upload = {"name": "mijn.csv", "type": "text/csv", "size": len(CLEAN), "content": memoryview(CLEAN.encode())}
    for source in (path, str(path), CLEAN.encode(), io.BytesIO(CLEAN.encode()), upload):
        assert len(participant.read_participant_data(source, PANEL).data) == 3
    with pytest.raises(DataError, match="upload.csv") as caught:
        participant.read_participant_data({"name": "upload.csv", "content": b""}, PANEL)
    assert "empty" in str(caught.value)


def test_unsupported_source_type_is_a_parameter_error():
    with pytest.raises(ParameterError, match="source"):
        participant.read_participant_data(12345, PANEL)


def test_participant_data_prints_what_was_done():
    text = str(read(CLEAN.replace(",", ";")))
    assert text.startswith("mijn_data.csv: 3 rows read as monitor_like.") and "Detected ';'" in text


# --- bad input -------------------------------------------------------------------------------


def test_empty_file_is_a_data_error():
    assert "the file is empty" in problems(b"")
    assert "the file is empty" in problems(b"\xef\xbb\xbf\r\n  \n")


def test_header_only_file_says_there_are_no_data_rows():
    assert "no data rows" in problems(HEADER + "\n")
    assert "no data rows" in problems(HEADER + "\n,,,,,,,\n")


def test_missing_required_columns_are_named_and_the_columns_found_listed():
    message = problems("collective_id;gemeente;sector;jaar\nCC001;U;care;2023\n")
    assert "mijn_data.csv" in message
    assert "required columns are missing: members, volunteers" in message
    assert "'collective_id', 'gemeente', 'sector', 'jaar'" in message
    assert "'leden'" in message  # the names that would have been accepted


def test_two_columns_meaning_the_same_thing_is_a_problem():
    message = problems("collective_id,municipality,sector,year,members,leden,volunteers\nCC001,U,care,2023,5,5,1\n")
    assert "2 columns all mean 'members': 'members', 'leden'" in message


@pytest.mark.parametrize(
    "content,name,looks_like,save_as",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "monitor.csv", "a PDF document", "Save As"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "monitor.xls", "an old-format Excel workbook (.xls", ".xlsx"),
        (bytes(range(256)) * 8, "monitor.csv", "binary data", "CSV"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "grafiek.csv", "a PNG picture", "CSV"),
        (b"<!DOCTYPE html><html><body><table></table></body></html>", "export.csv", "a web page", "CSV"),
    ],
)
def test_wrong_kind_of_file_says_what_it_looks_like_and_what_to_save_it_as(content, name, looks_like, save_as):
    message = problems(content, name)
    assert looks_like in message and save_as in message and name in message


def test_word_document_renamed_to_csv_is_recognised():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    message = problems(buffer.getvalue(), "verslag.csv")
    assert "a Word document" in message and ".xlsx" in message


def test_values_of_the_wrong_type_name_row_column_value_and_expectation():
    message = problems(HEADER.replace("members", "Leden") + "\nCC001,U,care,2023,veel,1,,\nCC002,U,care,2023,5,1.5,abc,misschien\n")
    assert "row 2, column 'Leden': this is not a whole number (found 'veel'); expected a whole number of at least 0 (persons)" in message
    assert "row 3, column 'volunteers': this is not a whole number (found '1.5')" in message
    assert "row 3, column 'revenue_eur': this is not a number (found 'abc')" in message
    assert "row 3, column 'municipal_support': this is not a yes/no value (found 'misschien')" in message


def test_out_of_range_values_are_named():
    message = problems(HEADER + "\nCC001,U,care,1999,-4,1,,\n")
    assert "row 2, column 'year': the value is below the minimum of 2000 (found 1999); expected a whole number from 2000 to 2030" in message
    assert "row 2, column 'members': the value is below the minimum of 0 (found -4)" in message


def test_values_outside_the_allowed_list_list_the_allowed_ones():
    message = problems(HEADER + "\nCC001,U,energie,2023,4,1,,\n")
    assert "row 2, column 'sector': this value is not in the list of allowed values (found 'energie'); expected one of: energy, housing, care" in message


def test_badly_formed_identifiers_and_empty_required_cells_are_named():
    message = problems(HEADER + "\nCC1,U,care,2023,4,1,,\nCC002,,care,2023,,1,,\n")
    assert "row 2, column 'collective_id': the value does not have the expected form (found 'CC1')" in message
    assert "row 3, column 'municipality': this cell is empty but must be filled in" in message
    assert "row 3, column 'members': this cell is empty" in message


def test_duplicate_keys_name_both_rows():
    message = problems(HEADER + "\nCC001,U,care,2023,4,1,,\nCC002,U,care,2023,4,1,,\nCC001,U,care,2023,5,1,,\n")
    assert "rows 2 and 4 describe the same collective_id CC001, year 2023" in message


def test_rows_with_more_cells_than_the_header_are_named():
    message = problems(HEADER + "\nCC001,U,care,2023,4,1,,ja,extra\nCC002,U,care,2023,4,1,,ja\n")
    assert "row 2: this row has 9 cells but the header has 8 column names" in message and "separator ','" in message


def test_a_file_over_the_size_limit_states_the_size_and_the_limit_so_that_they_differ(tmp_path):
    big = tmp_path / "groot.csv"
    big.write_bytes(CLEAN.encode() * 2000)
    with pytest.raises(DataError, match=r"the file is 421\.9 KB, more than the limit of 51\.2 KB"):
        participant.read_participant_data(big, PANEL, max_bytes=int(0.05 * 1024 * 1024))
    with pytest.raises(DataError, match=r"1,048,577 bytes, more than the limit of 1,048,576 bytes \(1\.0 MB\)"):
        participant.read_participant_data(b"x" * (1024 * 1024 + 1), PANEL, filename="groot.csv", max_bytes=1024 * 1024)


def test_every_problem_is_reported_at_once_but_the_listing_is_capped():
    rows = "".join(f"CC{i % 1000:03d},U,care,{2000 + i % 31},-1,x,,\n" for i in range(5000))
    message = problems(HEADER + "\n" + rows)
    lines = message.splitlines()
    assert len(lines) <= 23
    assert "more problems not listed here" in lines[-1]
    assert "column 'members'" in lines[-1] and "column 'volunteers'" in lines[-1]
    assert len(message) < 5000


def test_no_pandas_or_decoding_errors_escape_for_unclosed_quotes():
    message = problems(HEADER + '\nCC001,"Utrecht,care,2023,4,1,,\nCC002,U,care,2023,4,1,,\n')
    assert "mijn_data.csv" in message


def test_a_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        participant.read_participant_data(tmp_path / "nergens.csv", PANEL)


# --- the participant's file is never changed -------------------------------------------------

UNCHANGED_CASES = {
    "clean.csv": CLEAN.encode(),
    "dutch.csv": CLEAN.replace(",", ";").replace("15000.5", "15000,5").encode("cp1252"),
    "broken.csv": (HEADER + "\nCC1,U,x,1,-1,y,z,q\n").encode(),
    "monitor.xlsx": xlsx_bytes([HEADER.split(","), ["CC001", "U", "care", 2023, 1, 1, None, None]]),
    "fake.csv": b"%PDF-1.4 not a table",
}


@pytest.mark.parametrize("name", sorted(UNCHANGED_CASES))
def test_the_participants_file_stays_byte_identical_with_the_same_mtime(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(UNCHANGED_CASES[name])
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    try:
        participant.read_participant_data(path, PANEL)
    except DataError:
        pass
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))) == before


# --- templates round-trip --------------------------------------------------------------------


def test_filled_in_xlsx_template_reads_back():
    book = openpyxl.load_workbook(io.BytesIO(participant.template(PANEL, "xlsx")))
    book.worksheets[0].append(["CC001", "Utrecht", "energy", 2023, 120, 12, 15000.5, "ja"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read(buffer.getvalue(), name="ingevuld.xlsx")
    assert result.data.loc[0, "members"] == 120 and result.data.loc[0, "municipal_support"]


def test_empty_templates_read_back_as_no_data_rows():
    assert "no data rows" in problems(participant.template(PANEL, "csv"), "template.csv")
    assert "no data rows" in problems(participant.template(PANEL, "xlsx"), "template.xlsx")


# --- property-based: whatever the file, data that validates or a DataError --------------------

VALID_ROWS = st.lists(
    st.tuples(
        st.integers(0, 999), st.sampled_from(["Utrecht", "Zwolle", "Den Haag", "Súdwest-Fryslân", "'s-Hertogenbosch"]),
        st.sampled_from(PANEL.column("sector").values), st.integers(2000, 2030), st.integers(0, 10_000_000),
        st.integers(0, 5000), st.one_of(st.none(), st.floats(0, 1e7, allow_nan=False).map(lambda x: round(x, 2))),
        st.booleans(),
    ),
    min_size=1, max_size=30, unique_by=lambda r: (r[0], r[3]),
)


def render(rows, delimiter: str, dutch: bool) -> str:
    lines = [delimiter.join(HEADER.split(","))]
    for cid, town, sector, year, members, volunteers, revenue, support in rows:
        if revenue is None:
            money = ""
        elif dutch:
            money = f"{revenue:.2f}".replace(".", ",")
        else:
            money = f"{revenue:.2f}"
        cells = [f"CC{cid:03d}", town, sector, str(year), str(members), str(volunteers), money, ("ja" if support else "nee") if dutch else str(support)]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    return "\r\n".join(lines) + "\r\n"


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=VALID_ROWS, delimiter=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
       dutch=st.booleans())
def test_property_valid_files_in_any_accepted_shape_load_exactly(rows, delimiter, encoding, dutch):
    if dutch and delimiter == ",":
        delimiter = ";"
    raw = render(rows, delimiter, dutch).encode(encoding)
    result = read(raw)
    assert len(result.data) == len(rows)
    assert_valid(result.data)
    assert result.data["members"].tolist() == [r[4] for r in rows]
    expected_revenue = [r[6] for r in rows]
    got = result.data["revenue_eur"].astype(object).where(result.data["revenue_eur"].notna(), None).tolist()
    assert got == pytest.approx(expected_revenue) if None not in expected_revenue else [
        g is None if e is None else g == pytest.approx(e) for g, e in zip(got, expected_revenue)
    ] == [True] * len(rows)


CELLS = st.one_of(
    st.sampled_from(["", " ", "CC001", "1.234", "1,234", "1.234,5", "12,5", "-3", "2023", "ja", "nee", "energy", "n.v.t.", '"', "€ 5",
                     "1e400", "nan", "inf", "0x1F", "=SUM(A1)", "2024-02-30", "\u00a0", ";", ",", "\t", "\r", "\n"]),
    st.text(max_size=12),
)
MANGLE = st.sampled_from(["none", "truncate", "junk", "drop_column", "extra_column", "shuffle_header", "nul"])


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=VALID_ROWS, delimiter=st.sampled_from([",", ";", "\t", "|"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
       dutch=st.booleans(), mangle=MANGLE, cut=st.floats(0, 1), junk=st.binary(max_size=64),
       cells=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 9), CELLS), max_size=6), data_strategy=st.data())
def test_property_malformed_files_give_valid_data_or_a_data_error_and_stay_unchanged(
        tmp_path_factory, rows, delimiter, encoding, dutch, mangle, cut, junk, cells, data_strategy):
    table = [r.split(",") for r in render(rows, ",", dutch).splitlines()]
    for r, c, value in cells:  # random cell strings in random places
        if r < len(table) and c < len(table[r]):
            table[r][c] = value
    if mangle == "drop_column":
        col = data_strategy.draw(st.integers(0, 7))
        table = [row[:col] + row[col + 1:] for row in table]
    elif mangle == "extra_column":
        table = [row + (["opmerkingen"] if i == 0 else [str(i)]) for i, row in enumerate(table)]
    elif mangle == "shuffle_header":
        table[0] = data_strategy.draw(st.permutations(table[0]))
    text = "\r\n".join(delimiter.join(row) for row in table) + "\r\n"
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    if mangle == "truncate":
        raw = raw[: int(len(raw) * cut)]
    elif mangle == "junk":
        at = int(len(raw) * cut)
        raw = raw[:at] + junk + raw[at:]
    elif mangle == "nul":
        raw = raw.replace(b"a", b"\x00")
    folder = tmp_path_factory.mktemp("prop")
    path = folder / ("upload.xlsx" if mangle == "none" and cut > 0.9 else "upload.csv")
    path.write_bytes(raw)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    try:
        result = participant.read_participant_data(path, PANEL)
    except DataError as error:
        assert error.problems and all(str(p) for p in error.problems)
        assert len(error.problems) <= 21
    else:
        assert_valid(result.data)
        assert set(result.data.columns) <= set(PANEL.names)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@settings(max_examples=150, deadline=None, database=None)
@given(raw=st.binary(max_size=2048), name=st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x"]))
def test_property_random_bytes_never_raise_anything_but_data_error(raw, name):
    try:
        result = participant.read_participant_data(raw, PANEL, filename=name)
    except DataError:
        return
    assert_valid(result.data)


@settings(max_examples=60, deadline=None, database=None)
@given(rows=VALID_ROWS, bad=st.lists(st.tuples(st.integers(0, 29), st.sampled_from([4, 5]), st.sampled_from(["-1", "x", "1,5", "12.5.1"])),
                                     min_size=1, max_size=5))
def test_property_each_bad_cell_is_reported_with_its_spreadsheet_row(rows, bad):
    table = [r.split(",") for r in render(rows, ",", False).splitlines()]
    targets = {(r % len(rows)) + 1: (c, v) for r, c, v in bad}
    for r, (c, v) in targets.items():
        table[r][c] = v
    raw = ("\n".join(",".join(f'"{x}"' if "," in x else x for x in row) for row in table) + "\n").encode()
    with pytest.raises(DataError) as caught:
        read(raw)
    text = str(caught.value)
    for r, (c, v) in targets.items():
        assert f"row {r + 1}, column '{HEADER.split(',')[c]}'" in text


# --- text that looks like numbers stays text -------------------------------------------------

CODED = schema_from_mapping({
    "name": "coded", "title": "Municipality codes", "key": ["code"],
    "columns": {"code": {"type": "string", "pattern": r"^\d{4}$", "synonyms": ["gemeentecode"]},
                "members": {"type": "integer", "min": 0}},
})


def test_a_text_column_of_digits_keeps_its_leading_zeros():
    result = participant.read_participant_data(b"gemeentecode;members\n0363;10\n0014;5\n", CODED, filename="codes.csv")
    assert result.data["code"].tolist() == ["0363", "0014"]


def test_identifiers_with_spaces_around_them_are_trimmed_before_the_key_is_checked():
    message = problems(HEADER + "\nCC001,U,care,2023,4,1,,\n CC001 ,U,care,2023,5,1,,\n")
    assert "rows 2 and 3 describe the same collective_id CC001, year 2023" in message


def test_identifiers_that_break_the_pattern_are_listed_once_per_cell():
    message = problems(HEADER + "\nX1,U,care,2023,4,1,,\nX1,U,care,2024,4,1,,\n")
    assert message.count("the value does not have the expected form (found 'X1')") == 2


def test_an_optional_column_left_entirely_empty_is_ignored_and_reported():
    result = read("collective_id,municipality,sector,year,members,volunteers,municipal_support\n"
                  "CC001,Utrecht,care,2023,5,1,\nCC002,Zwolle,care,2023,6,2,\n")
    assert "municipal_support" not in result.data.columns
    assert "Ignored the optional column 'municipal_support': it is empty" in result.report


# --- the upload box --------------------------------------------------------------------------


def test_upload_box_reads_an_upload_in_memory_and_shows_the_report(tmp_path, monkeypatch):
    from collectives.widgets.data import upload_checker

    monkeypatch.chdir(tmp_path)
    box = upload_checker(PANEL)
    upload = {"name": "mijn.csv", "type": "text/csv", "size": 0,
              "content": memoryview(CLEAN.replace(",", ";").replace("15000.5", "15000,5").encode())}
    box._on_upload({"new": (upload,)})
    assert "mijn.csv: 3 rows and 8 columns read as monitor_like" in box.result.value
    assert "Detected &#x27;;&#x27; as the column separator" in box.result.value
    assert box.data is not None and box.data.data["revenue_eur"].iloc[0] == 15000.5
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


def test_upload_box_lists_the_problems_in_plain_words_and_keeps_no_data():
    from collectives.widgets.data import upload_checker

    box = upload_checker(PANEL)
    shown = box.show({"name": "kapot.csv", "content": (HEADER + "\nCC1,U,x,1999,-1,1,,\n").encode()})
    assert "The file kapot.csv cannot be used yet: 4 problems found." in shown
    assert "row 2, column &#x27;sector&#x27;" in shown and "<li>" in shown
    assert box.data is None
    assert 'role="status"' in box.result.value


def test_upload_box_has_a_labelled_keyboard_reachable_button():
    from collectives.widgets.data import upload_checker

    box = upload_checker(PANEL)
    assert box.upload.description.startswith("Choose a file") and not box.upload.disabled
    assert box.upload.accept == ".csv,.txt,.tsv,.xlsx" and box.upload.multiple is False


# --- a cell that says nothing is an empty cell -----------------------------------------------


def test_a_cell_of_only_spaces_in_a_required_column_is_reported_as_empty():
    message = problems(HEADER.replace(",", "|") + "\nCC000|Utrecht| |2000|0|0||false\n")
    assert "row 2, column 'sector': this cell is empty but must be filled in" in message


def test_not_applicable_in_a_column_that_must_be_filled_is_reported_as_empty():
    message = problems(HEADER + "\nCC001,U,care,2023,n.v.t.,1,,\n")
    assert "row 2, column 'members': this cell is empty but must be filled in" in message
