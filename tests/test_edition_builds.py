"""The instructor edition and a cohort's edition, built for real from the same source.

Both builds reuse the executed chapters of the session's site build (a copy of its
jupyter-cache), so no notebook runs twice; what is checked is what differs: the pages, the
table of contents, the programme and the instructor notes.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

import sitecheck
from collectives import cohort
from sitebuild import ROOT, jupyter_book

pytestmark = pytest.mark.site


def _with_cache(site, out):
    shutil.copytree(site.parent / ".jupyter_cache", out / "_build" / ".jupyter_cache")


@pytest.fixture(scope="module")
def instructor_site(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("instructor")
    _with_cache(site, out)
    # the slides and PDFs are checked on the participant build; here only the pages differ
    result = jupyter_book(ROOT, out, env={**os.environ, "COURSE_EDITION": "instructor", "COURSE_TEACHING_OUTPUTS": "off"})
    assert result.returncode == 0, f"instructor edition failed:\n{result.stdout[-6000:]}\n{result.stderr[-4000:]}"
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def cohort_site(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("cohort")
    shutil.copytree(site.parent / ".jupyter_cache", out / "cache")
    return cohort.build(cohort.EXAMPLE, out=out, cache=out / "cache")


def _sidebar_captions(page: str) -> list[str]:
    return re.findall(r'<p aria-level="2" class="caption" role="heading"><span class="caption-text">([^<]+)', page)


def test_the_instructor_edition_shows_the_notes_the_solutions_and_each_days_run_sheet(instructor_site):
    programme = (instructor_site / "book" / "programme.html").read_text(encoding="utf-8")
    assert programme.count("Run sheet of day") == 5
    assert "edition-hidden" not in programme
    assert re.search(r"<p>09:00–10:00</p></td>\s*<td[^>]*><p>Citizen collectives in numbers", programme)
    chapter = (instructor_site / "book" / "day4" / "feedback-loops.html").read_text(encoding="utf-8")
    assert 'class="instructor admonition"' in chapter and "edition-hidden" not in chapter
    assert not re.search(r'class="solution dropdown', chapter)


INSTRUCTOR_PAGES = ["book/programme.html", "book/day4/feedback-loops.html"]  # run sheets; notes and solutions


def test_the_instructor_editions_run_sheets_and_notes_pass_the_browser_checks(instructor_site):
    # what only this edition shows (the run sheets, open instructor notes and solutions) must
    # meet the same rules as the participant site: no error, nothing from another host, no
    # WCAG 2.1 A/AA violation, nothing wider than a phone
    reports = sitecheck.check_pages(instructor_site, INSTRUCTOR_PAGES)
    problems = {r.page: r.console_errors + r.outside_requests + r.failed_requests + r.violation_summary()
                for r in reports if r.console_errors or r.outside_requests or r.failed_requests or r.violations}
    assert problems == {}
    assert sitecheck.horizontal_overflow(instructor_site, INSTRUCTOR_PAGES, width=390) == {}


def test_the_participant_edition_hides_the_run_sheets(site):
    programme = (site / "book" / "programme.html").read_text(encoding="utf-8")
    hidden = re.findall(r'class="instructor[^"]*edition-hidden[^"]*"', programme)
    assert programme.count("Run sheet of day") == 5 and len(hidden) == 5


def test_a_two_topic_cohort_gets_only_its_days_numbered_for_the_cohort(cohort_site, site):
    index = (cohort_site / "book" / "index.html").read_text(encoding="utf-8")
    captions = _sidebar_captions(index)
    days = [c for c in captions if c.startswith("Day ")]
    assert days == ["Day 1: Citizen collectives as an alternative form of governance",
                    "Day 2: Community engagement and participation", "Day 3: Scenarios and capstone"], captions
    assert (cohort_site / "book" / "day3" / "stakeholders.html").exists()
    assert not (cohort_site / "book" / "day2").exists() and not (cohort_site / "book" / "day4").exists()
    assert not (cohort_site / "exercises" / "day4-sroi.html").exists()
    assert len(days) < len([c for c in _sidebar_captions((site / "book" / "index.html").read_text(encoding="utf-8"))
                            if c.startswith("Day ")])


def test_the_cohorts_programme_names_its_dates_venue_collectives_and_how_topics_were_chosen(cohort_site):
    programme = (cohort_site / "book" / "programme.html").read_text(encoding="utf-8")
    for expected in ("Rotterdam, spring 2027 (example)", "Erasmus University Rotterdam", "Schiedam",
                     "Day 1 (2027-03-04)", "Day 2 (2027-03-18)", "Day 3 (2027-04-01)"):
        assert expected in programme, expected
    topics = (cohort_site / "book" / "cohort-topics.html").read_text(encoding="utf-8")
    assert "Borda" in topics and "<table" in topics


def test_links_to_days_the_cohort_does_not_take_become_text_that_says_where_they_are(cohort_site):
    glossary = (cohort_site / "book" / "glossary.html").read_text(encoding="utf-8")
    assert "(full course, day 2: Governance and organisational structures)" in glossary
    assert 'href="day2/' not in glossary and 'href="../book/day2/' not in glossary
