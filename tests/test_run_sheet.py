"""The run sheet: clock times from the parts' minutes, breaks between parts, electives left out."""

from __future__ import annotations

import copy

import pytest

from collectives.course import load_course, programme_markdown
from collectives.errors import ParameterError
from collectives.run_sheet import run_sheet

COURSE = load_course()


def one_day(parts: list[tuple[str, int]], *, after: int = 90, elective: str | None = None) -> dict:
    course = copy.deepcopy(COURSE)
    course["timetable"]["morning"] = {"start": "09:00", "break": {"after": after, "minutes": 15, "name": "Coffee"}}
    day = course["days"][0]
    day["morning"]["parts"] = [{"title": t, "minutes": m} for t, m in parts]
    if elective:
        day["morning"]["parts"].insert(1, {"title": elective, "minutes": 25, "elective": True})
    course["days"] = [day]
    return course


def test_the_break_goes_at_the_part_boundary_closest_to_its_time_and_the_clock_runs_on():
    sheet = run_sheet(one_day([("A", 60), ("B", 35), ("C", 85)]), day=1)
    morning = sheet[sheet["block"] == "morning"]
    assert morning[["start", "end", "part"]].values.tolist() == [
        ["09:00", "10:00", "A"], ["10:00", "10:35", "B"], ["10:35", "10:50", "Coffee break"], ["10:50", "12:15", "C"]]


def test_a_boundary_before_the_break_time_wins_when_it_is_closer():
    sheet = run_sheet(one_day([("A", 80), ("B", 100)]), day=1)
    assert sheet.loc[sheet["kind"] == "break", "start"].tolist()[0] == "10:20"


def test_electives_are_not_scheduled_but_named_under_the_sheet():
    course = one_day([("A", 90), ("B", 90)], elective="Self-study")
    sheet = run_sheet(course, day=1)
    assert "Self-study" not in sheet["part"].tolist()
    assert sheet[sheet["block"] == "morning"]["end"].iloc[-1] == "12:15"
    assert "Not scheduled (electives): Self-study." in "\n".join(programme_markdown(course).splitlines())


def test_every_course_day_fits_between_its_start_and_lunch_or_the_end_of_the_afternoon():
    sheet = run_sheet(COURSE)
    last = sheet.groupby(["day", "block"])["end"].max()
    assert (last.xs("morning", level="block") <= "12:30").all(), last
    assert (last.xs("afternoon", level="block") <= "17:00").all(), last
    assert set(sheet.loc[sheet["kind"] == "break", "part"]) == {"Coffee break", "Tea break"}
    assert sheet.groupby(["day", "block"])["kind"].apply(lambda k: (k == "break").sum()).eq(1).all()


def test_the_run_sheet_is_an_instructor_note_on_the_programme():
    text = programme_markdown(COURSE)
    assert text.count("{admonition} Run sheet of day") == len(COURSE["days"])
    assert text.count(":class: instructor dropdown") == len(COURSE["days"])


@pytest.mark.parametrize("start, expected", [(540, "a clock time in quotes"), ("9 am", "a clock time"),
                                             ("25:00", "a clock time")])
def test_a_start_that_is_not_a_clock_time_is_refused_with_what_was_expected(start, expected):
    course = copy.deepcopy(COURSE)
    course["timetable"]["afternoon"]["start"] = start
    with pytest.raises(ParameterError, match="timetable afternoon start") as error:
        run_sheet(course)
    assert expected in str(error.value)


def test_an_unknown_day_is_refused():
    with pytest.raises(ParameterError, match="one of the course's days"):
        run_sheet(COURSE, day=9)
