"""The 180-minute rule: no morning or afternoon schedules more than three hours.

Electives (``elective: true`` in ``book/course.yml``) are offered on top and not counted; every
other part is. The rule is checked on the real course description, and the checker itself is
checked on a description that breaks it.
"""

import re
from pathlib import Path

import pytest
import yaml

from collectives import course
from collectives.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]


def _write(tmp_path, description) -> Path:
    path = tmp_path / "course.yml"
    path.write_text(yaml.safe_dump(description, allow_unicode=True), encoding="utf-8")
    return path


def _description():
    return yaml.safe_load((ROOT / "book" / "course.yml").read_text(encoding="utf-8"))


def test_every_half_day_schedules_at_most_180_minutes():
    table = course.scheduled_minutes()
    assert len(table) == 10  # five days, a morning and an afternoon each
    over = table[table["minutes"] > 180]
    assert over.empty, over.to_dict("records")
    assert course.MAX_BLOCK_MINUTES == 180


def test_a_205_minute_morning_is_reported_as_over(tmp_path):
    description = _description()
    day4 = next(d for d in description["days"] if d["day"] == 4)
    for part in day4["morning"]["parts"]:
        part.pop("elective", None)          # day 4 as it was: every part counted
    table = course.scheduled_minutes(course.load_course(_write(tmp_path, description)))
    row = table[(table["day"] == 4) & (table["block"] == "morning")].iloc[0]
    assert row["minutes"] == 205 and bool(row["over"])


def test_electives_are_listed_but_not_counted():
    table = course.scheduled_minutes()
    day4 = table[(table["day"] == 4) & (table["block"] == "morning")].iloc[0]
    programme = course.programme()
    all_minutes = programme[(programme["day"] == 4) & (programme["block"] == "morning")]["minutes"].sum()
    assert day4["minutes"] + day4["elective_minutes"] == all_minutes
    text = course.programme_markdown()
    assert "(elective)" in text and "plus 25 minutes elective" in text


def test_an_elective_flag_must_be_true_or_false(tmp_path):
    description = _description()
    description["days"][1]["morning"]["parts"][0]["elective"] = "maybe"
    with pytest.raises(ParameterError, match="true or false"):
        course.load_course(_write(tmp_path, description))


def test_chapter_timing_notes_agree_with_the_course_minutes():
    programme = course.programme().dropna(subset=["file"])
    checked = 0
    for row in programme.itertuples():
        text = (ROOT / f"{row.file}.md").read_text(encoding="utf-8")
        found = re.search(r"\*\*Timing \((\d+) minutes", text)
        if found:
            checked += 1
            assert int(found.group(1)) == row.minutes, (row.file, found.group(1), row.minutes)
    assert checked >= 10
