"""collectives.data for the course's own datasets: datasheets, load, list_datasets, templates."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from collectives import data, participant
from collectives.errors import DataError, ParameterError
from collectives.data import DatasetSchema, schema_from_mapping
from collectives.data.text import normalise_name

FIXTURES = Path(__file__).parent / "fixtures" / "participant"
DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture
def datasets(tmp_path: Path) -> Path:
    """A datasets folder holding a copy of the small monitor-like dataset."""
    for suffix in (".csv", ".yml", ".md"):
        shutil.copy(FIXTURES / f"monitor_like{suffix}", tmp_path / f"monitor_like{suffix}")
    return tmp_path


def write_dataset(folder: Path, name: str, csv_text: str) -> None:
    (folder / f"{name}.yml").write_text((FIXTURES / "monitor_like.yml").read_text().replace("name: monitor_like", f"name: {name}"))
    (folder / f"{name}.csv").write_text(csv_text, encoding="utf-8")


# --- datasheets ------------------------------------------------------------------------------


def test_schema_parses_columns_with_types_bounds_synonyms_and_key(datasets):
    sheet = data.schema("monitor_like", datasets_dir=datasets)
    assert isinstance(sheet, DatasetSchema)
    assert sheet.key == ("collective_id", "year")
    assert sheet.names[:3] == ["collective_id", "municipality", "sector"]
    members = sheet.column("members")
    assert (members.type, members.min, members.unit, members.required, members.nullable) == ("integer", 0, "persons", True, False)
    assert "leden" in members.synonyms
    revenue = sheet.column("revenue_eur")
    assert revenue.required is False and revenue.nullable is True
    assert sheet.column("sector").values[0] == "energy"
    assert sheet.synthetic is True and sheet.licence == "CC0 1.0"


def test_schema_is_parsed_once_and_cached(datasets):
    assert data.schema("monitor_like", datasets_dir=datasets) is data.schema("monitor_like", datasets_dir=datasets)


def test_column_says_what_it_expects_in_plain_words(datasets):
    sheet = data.schema("monitor_like", datasets_dir=datasets)
    assert sheet.column("year").expected() == "a whole number from 2000 to 2030"
    assert sheet.column("members").expected() == "a whole number of at least 0 (persons)"
    assert "energy, housing" in sheet.column("sector").expected()
    assert "CC001" in sheet.column("collective_id").expected()


def test_codebook_lists_every_column_for_a_chapter(datasets):
    book = data.schema("monitor_like", datasets_dir=datasets).codebook()
    assert list(book["column"]) == data.schema("monitor_like", datasets_dir=datasets).names
    assert {"type", "unit", "accepted values", "required", "description"} <= set(book.columns)


def test_datasheet_mistakes_are_all_reported_at_once():
    with pytest.raises(DataError) as caught:
        schema_from_mapping({"name": "x", "key": ["id", "nope"],
                             "columns": {"id": {"type": "text"}, "kind": {"type": "category"},
                                         "a": {"type": "integer", "synonyms": ["b"]}, "b": {"type": "integer"}}})
    text = str(caught.value)
    assert "'text' is not one of" in text and "needs 'values'" in text and "'nope'" in text and "also used by column" in text


def test_names_are_normalised_ignoring_case_spaces_underscores_hyphens_and_accents():
    assert normalise_name("Aantal_Leden") == normalise_name("aantal-leden ") == "aantalleden"
    assert normalise_name("Gemeentelijke Stéun") == "gemeentelijkesteun"


# --- load ------------------------------------------------------------------------------------


def test_load_returns_declared_dtypes(datasets):
    frame = data.load("monitor_like", datasets_dir=datasets)
    assert frame.dtypes.astype(str).to_dict() == {
        "collective_id": "string", "municipality": "string", "sector": "category", "year": "Int64",
        "members": "Int64", "volunteers": "Int64", "revenue_eur": "Float64", "municipal_support": "boolean",
    }
    assert list(frame["sector"].cat.categories) == ["energy", "housing", "care", "social_wellbeing", "food", "work", "mobility"]
    assert frame["revenue_eur"].isna().sum() == 1
    assert frame.loc[0, "revenue_eur"] == 15000.5


def test_load_returns_a_fresh_copy_each_time(datasets):
    first = data.load("monitor_like", datasets_dir=datasets)
    first.loc[0, "members"] = -1
    assert data.load("monitor_like", datasets_dir=datasets).loc[0, "members"] == 120


def test_load_sees_a_changed_file(datasets):
    data.load("monitor_like", datasets_dir=datasets)
    path = datasets / "monitor_like.csv"
    text = path.read_text().replace("CC003,Den Haag,care,2024,305", "CC003,Den Haag,care,2024,306")
    path.write_text(text)
    import os
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    assert data.load("monitor_like", datasets_dir=datasets).loc[5, "members"] == 306


def test_load_lists_every_problem_with_spreadsheet_rows(tmp_path):
    write_dataset(tmp_path, "broken", (FIXTURES / "monitor_like.csv").read_text()
                  .replace("CC002,Zwolle,housing,2023,48", "CC02,Zwolle,energie,1999,-48")
                  .replace("CC003,Den Haag,care,2024,305,38", "CC003,Den Haag,care,2023,305,x"))
    with pytest.raises(DataError) as caught:
        data.load("broken", datasets_dir=tmp_path)
    text = str(caught.value)
    assert "broken.csv" in text
    assert "row 4, column 'sector'" in text and "'energie'" in text
    assert "row 4, column 'year'" in text and "1999" in text
    assert "row 4, column 'members'" in text
    assert "row 4, column 'collective_id'" in text
    assert "row 7, column 'volunteers'" in text and "'x'" in text
    assert "rows 6 and 7" in text


def test_load_is_strict_about_notation_in_course_data(tmp_path):
    write_dataset(tmp_path, "dutchy", (FIXTURES / "monitor_like.csv").read_text().replace("true", "ja", 1))
    with pytest.raises(DataError, match="row 2, column 'municipal_support'"):
        data.load("dutchy", datasets_dir=tmp_path)


def test_load_reports_missing_and_undeclared_columns(tmp_path):
    text = (FIXTURES / "monitor_like.csv").read_text().replace("municipal_support", "steun")
    write_dataset(tmp_path, "renamed", text)
    with pytest.raises(DataError) as caught:
        data.load("renamed", datasets_dir=tmp_path)
    assert "municipal_support" in str(caught.value) and "'steun'" in str(caught.value)


def test_unknown_dataset_name_lists_the_known_ones(datasets):
    with pytest.raises(ParameterError, match="monitor_like"):
        data.load("monitor_panle", datasets_dir=datasets)


def test_environment_variable_points_the_loader_elsewhere(datasets, monkeypatch):
    monkeypatch.setenv(data.DATASETS_ENV, str(datasets))
    assert data.datasets_path() == datasets
    assert len(data.load("monitor_like")) == 6


def test_list_datasets_shows_name_title_synthetic_and_rows(datasets):
    write_dataset(datasets, "second", (FIXTURES / "monitor_like.csv").read_text())
    table = data.list_datasets(datasets)
    assert list(table["name"]) == ["monitor_like", "second"]
    assert list(table.columns) == ["name", "title", "synthetic", "rows", "columns", "licence", "description"]
    assert table["rows"].tolist() == [6, 6]
    assert table["synthetic"].all()


def test_list_datasets_of_an_empty_folder_is_an_empty_table(tmp_path):
    assert data.list_datasets(tmp_path).empty


def test_participant_data_dir_is_the_participant_data_folder_next_to_datasets():
    assert data.participant_data_dir().name == "participant-data"


# --- templates -------------------------------------------------------------------------------


def test_csv_template_is_the_canonical_header(datasets):
    sheet = data.schema("monitor_like", datasets_dir=datasets)
    assert participant.template(sheet).decode("utf-8").strip() == ",".join(sheet.names)


def test_xlsx_template_has_a_header_sheet_and_an_explanation_sheet(datasets):
    sheet = data.schema("monitor_like", datasets_dir=datasets)
    book = openpyxl.load_workbook(io.BytesIO(participant.template(sheet, "xlsx")))
    first, notes = book.worksheets
    assert [c.value for c in first[1]] == sheet.names
    rows = {r[0]: r for r in notes.iter_rows(min_row=2, values_only=True) if r[0] in sheet.names}
    assert rows["members"][1] == "yes" and rows["members"][4] == "persons"
    assert rows["revenue_eur"][1] == "no"
    assert "energy" in rows["sector"][5]
    assert "leden" in rows["members"][6]


def test_template_rejects_an_unknown_format(datasets):
    with pytest.raises(ParameterError, match="fmt"):
        participant.template(data.schema("monitor_like", datasets_dir=datasets), "ods")


# --- every dataset the course ships ----------------------------------------------------------

SHIPPED = sorted(p.stem for p in DATASETS.glob("*.yml")) if DATASETS.is_dir() else []


@pytest.mark.skipif(not SHIPPED, reason="no datasets in datasets/ yet")
@pytest.mark.parametrize("name", SHIPPED or ["none"])
def test_every_shipped_dataset_loads_and_matches_its_datasheet(name):
    sheet = data.schema(name)
    assert sheet.name == name, f"{name}.yml says name: {sheet.name}"
    assert (DATASETS / f"{name}.csv").exists() and (DATASETS / f"{name}.md").exists()
    frame = data.load(name)
    assert list(frame.columns) == sheet.names
    for column in sheet.columns:
        expected = column.dtype
        assert frame[column.name].dtype == expected, column.name
    if sheet.key:
        assert not frame.duplicated(list(sheet.key)).any()
    assert name in set(data.list_datasets()["name"])


# --- course data and participants' files -----------------------------------------------


def test_course_data_and_participant_files_go_through_the_same_conversion(datasets):
    """A course file and the same file brought by a participant give the same frame."""
    course = data.load("monitor_like", datasets_dir=datasets)
    brought = participant.read_participant_data(datasets / "monitor_like.csv", "monitor_like", datasets_dir=datasets)
    pd.testing.assert_frame_equal(course, brought.data)
