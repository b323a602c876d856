"""The course description: one source for the programme and the table of contents."""

from pathlib import Path

import pytest
import yaml

from collectives import course
from collectives.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]


def test_committed_toc_is_made_from_the_course_description():
    assert (ROOT / "_toc.yml").read_text(encoding="utf-8") == course.toc_text()


def test_every_chapter_of_the_programme_exists_and_is_in_the_toc():
    programme = course.programme()
    files = programme["file"].dropna()
    assert len(files) > 0
    missing = [f for f in files if not (ROOT / f"{f}.md").exists()]
    assert missing == []
    toc_files = {ch["file"] for part in course.toc()["parts"] for ch in part["chapters"]}
    assert set(files) <= toc_files


def test_course_has_five_days_with_a_morning_and_an_afternoon():
    programme = course.programme()
    assert sorted(programme["day"].unique()) == [1, 2, 3, 4, 5]
    blocks = programme.groupby("day")["block"].unique().map(sorted)
    assert all(list(b) == ["afternoon", "morning"] for b in blocks)


def test_each_block_lasts_about_three_hours():
    minutes = course.programme().groupby(["day", "block"])["minutes"].sum()
    assert minutes.between(150, 210).all(), minutes[~minutes.between(150, 210)]


def test_programme_markdown_links_each_chapter_once_in_the_tables_and_once_in_the_run_sheet():
    import re

    text = course.programme_markdown()
    sheets = re.findall(r"````\{admonition\} Run sheet.*?\n````", text, flags=re.DOTALL)
    tables = re.sub(r"````\{admonition\} Run sheet.*?\n````", "", text, flags=re.DOTALL)
    table = course.programme()
    for f in table["file"].dropna():
        assert tables.count(f"{{doc}}`/{f}`") == 1
    for f in table.loc[~table["elective"], "file"].dropna():
        assert "".join(sheets).count(f"{{doc}}`/{f}`") == 1


def test_a_part_without_minutes_is_refused(tmp_path):
    description = yaml.safe_load((ROOT / "book" / "course.yml").read_text(encoding="utf-8"))
    description["days"][0]["morning"]["parts"][0]["minutes"] = "an hour"
    path = tmp_path / "course.yml"
    path.write_text(yaml.safe_dump(description), encoding="utf-8")
    with pytest.raises(ParameterError, match="whole number of minutes"):
        course.load_course(path)


def test_check_mode_reports_a_stale_toc(tmp_path, monkeypatch):
    stale = tmp_path / "_toc.yml"
    stale.write_text("format: jb-book\n", encoding="utf-8")
    monkeypatch.setattr(course, "TOC_FILE", stale)
    with pytest.raises(SystemExit, match="out of date"):
        course.main(["--check"])
