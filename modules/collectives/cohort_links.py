"""Links from a cohort's book to pages the cohort does not take.

A cohort's book holds only its chosen days, but the glossary, the capstone template and
some chapters link to chapters of other days. In a cohort's book such a link becomes plain
text that names the page and where it is in the full course, instead of a broken link (which
would fail the strict build). A link to a page that exists nowhere still fails.

Example
-------
>>> place = full_course_places()
>>> place["book/day2/legal-forms"]
'Legal forms in the Netherlands, Belgium, Germany and the EU (full course, day 2: Governance and organisational structures)'
>>> omitted_link_text("doc", "/book/day2/legal-forms", explicit_title=None)
'Legal forms in the Netherlands, Belgium, Germany and the EU (full course, day 2: Governance and organisational structures)'
>>> omitted_link_text("doc", "role-play-care", "the care kit", from_page="book/afternoons/index")
'the care kit (full course, day 2: Governance and organisational structures)'
>>> omitted_link_text("doc", "/book/no-such-page", explicit_title=None) is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from collectives.course import BLOCKS, COURSE_FILE, ROOT, load_course

_LABEL = re.compile(r"^\(([^()\s]+)\)=\s*$", flags=re.MULTILINE)
_HEADING = re.compile(r"^# (.+)$", flags=re.MULTILINE)


@lru_cache(maxsize=1)
def full_course_places() -> dict[str, str]:
    """Every page of the full course (``book/day2/legal-forms``) → its title, and the day and
    theme of the full course it belongs to (a cohort's own day 2 may be another topic)."""
    course = load_course(COURSE_FILE)
    places = {}
    for day in course["days"]:
        for block in BLOCKS:
            entries = day[block].get("parts", []) + day[block].get("materials", [])
            for entry in entries:
                if entry.get("file") and entry["file"] not in places:
                    places[entry["file"]] = f"{_title(entry['file'])} (full course, day {day['day']}: {day['theme']})"
    for entry in course.get("exercises", {}).get("files", []):
        places.setdefault(entry["file"], f"{_title(entry['file'])} (exercises of the full course)")
    return places


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """Every MyST label ``(name)=`` of the course's pages → the page it is on."""
    found = {}
    for page in full_course_places():
        source = ROOT / f"{page}.md"
        if source.exists():
            for label in _LABEL.findall(source.read_text(encoding="utf-8")):
                found[label.lower()] = page
    return found


def _title(page: str) -> str:
    source = ROOT / f"{page}.md"
    heading = _HEADING.search(source.read_text(encoding="utf-8")) if source.exists() else None
    return heading.group(1).strip() if heading else Path(page).name


def omitted_link_text(kind: str, target: str, explicit_title: str | None, from_page: str = "") -> str | None:
    """The text that replaces a ``{doc}`` or ``{ref}`` link (on ``from_page``) to a page of the
    full course that is not in this book; ``None`` when the target is no page of the course (a
    real broken link)."""
    if kind == "doc":
        relative = target if target.startswith("/") else f"{Path(from_page).parent.as_posix()}/{target}"
        page = relative.lstrip("/").removesuffix(".md")
    elif kind == "ref":
        page = _labels().get(target.lower())
    else:
        return None
    place = full_course_places().get(page) if page else None
    if place is None:
        return None
    return f"{explicit_title} ({place.rsplit(' (', 1)[1]}" if explicit_title else place
