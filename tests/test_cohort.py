"""Cohort editions: a cohort file and a topic ballot, checked before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectives.cohort import EXAMPLE, cohort_course, read_cohort, read_topic_ballot, tally_topics, write_cohort_files
from collectives.course import load_course, toc
from collectives.errors import DataError

GOOD = EXAMPLE.read_text(encoding="utf-8")


def cohort_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cohort.yml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "example-ballot.csv").write_bytes((EXAMPLE.parent / "example-ballot.csv").read_bytes())
    return path


def test_the_example_cohort_keeps_its_days_in_order_and_numbers_them_for_the_cohort():
    course = cohort_course(read_cohort(EXAMPLE), load_course())
    assert [(d["day"], d["course_day"], d["date"]) for d in course["days"]] == [
        (1, 1, "2027-03-04"), (2, 3, "2027-03-18"), (3, 5, "2027-04-01")]
    captions = [part["caption"] for part in toc(course)["parts"]]
    assert any(c.startswith("Day 2: Community engagement") for c in captions)
    assert not any("Governance and organisational" in c for c in captions)  # deep dive 2 was not chosen
    files = [ch["file"] for part in toc(course)["parts"] for ch in part["chapters"]]
    assert "book/cohort-topics" in files and "book/day1/in-numbers" in files and "book/day4/kpis" not in files


def test_the_cohort_files_are_written_without_touching_the_course(tmp_path):
    before = (Path(__file__).resolve().parents[1] / "book" / "course.yml").read_bytes()
    course_file, toc_file = write_cohort_files(read_cohort(EXAMPLE), load_course(), tmp_path)
    assert load_course(course_file)["days"][1]["course_day"] == 3
    assert "Day 3: Scenarios and capstone" in toc_file.read_text(encoding="utf-8")
    assert (Path(__file__).resolve().parents[1] / "book" / "course.yml").read_bytes() == before


@pytest.mark.parametrize("change, expected", [
    (("morning: deep dive 3", "morning: deep dive 7"), r"line 11: day 2 names an unknown topic 'deep dive 7'"),
    (("    morning: deep dive 3\n", ""), r"line 11: day 2 has no morning"),
    (("date: 2027-03-18", "date: 2027-02-18"), r"line 13: the date 01 April 2027 is not after|line 11: the date 18 February 2027 is not after"),
    (("morning: deep dive 3", "morning: deep dive 1"), r"line 11: day 2 repeats 'deep dive 1'"),
    (("ballot: example-ballot.csv", "ballot: missing.csv"), r"the topic ballot 'missing.csv' does not exist"),
    (("date: 2027-03-18", "date: soon"), r"day 2 has no valid date"),
])
def test_a_broken_cohort_file_names_the_line_and_what_was_expected(tmp_path, change, expected):
    old, new = change
    path = cohort_file(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(DataError, match=expected) as caught:
        read_cohort(path)
    assert "cohort.yml" in str(caught.value)


def test_a_cohort_file_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    with pytest.raises(DataError, match=r"line 3: the file is not valid YAML"):
        read_cohort(cohort_file(tmp_path, "name: x\ndays: [\n"))


def test_the_topic_ballot_is_counted_with_borda_approval_and_plurality():
    table = tally_topics(read_topic_ballot(EXAMPLE.parent / "example-ballot.csv")).set_index("topic")
    # five rankings of four topics, counted by hand: Borda 3-2-1-0 points
    assert table["Borda points"].to_dict() == {"deep dive 3": 13, "deep dive 1": 9, "deep dive 4": 6, "deep dive 2": 2}
    assert table["approvals (top 2)"].to_dict() == {"deep dive 3": 5, "deep dive 1": 3, "deep dive 4": 2, "deep dive 2": 0}
    assert table["first choices"]["deep dive 3"] == 3


@pytest.mark.parametrize("line, expected", [
    ("x,deep dive 3 > deep dive 3 > deep dive 1", r"row 3, column 'ranking': 'deep dive 3' is ranked more than once"),
    ("x,deep dive 3 > knitting", r"row 3, column 'ranking': unknown topic 'knitting'"),
    ("x,", r"row 3, column 'ranking': the ranking is empty"),
])
def test_a_broken_ballot_names_the_file_the_line_and_what_was_expected(tmp_path, line, expected):
    path = tmp_path / "ballot.csv"
    path.write_text("voter,ranking\na,deep dive 1 > deep dive 2\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=expected) as caught:
        read_topic_ballot(path)
    assert "ballot.csv" in str(caught.value)
