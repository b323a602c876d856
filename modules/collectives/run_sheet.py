"""The run sheet of each course day: clock times for every part, with the breaks.

The course file gives each part its minutes (teaching and exercise time, breaks not
counted) and a ``timetable``: when each half-day starts and its break — e.g. coffee for 15
minutes after about 90 minutes. The break goes at the end of the part closest to that
moment, so that no part is cut in two. Electives are not scheduled (they are self-study or
replace another part when a cohort chooses so) and are listed under the sheet.

The run sheet is an instructor note on the programme page: the instructor edition shows it,
the participant edition hides it.

Example
-------
>>> from collectives.course import load_course
>>> sheet = run_sheet(load_course(), day=1)
>>> sheet[["start", "end", "part"]].head(3).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
[['09:00', '10:00', 'Citizen collectives in numbers'],
 ['10:00', '10:35', 'What is a citizen collective?'],
 ['10:35', '10:50', 'Coffee break']]
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from collectives.errors import ParameterError

BLOCKS = ("morning", "afternoon")
_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _minutes_of(clock: object, where: str) -> int:
    """``"09:30"`` → 570; anything else is refused with what was expected."""
    found = _CLOCK.fullmatch(clock) if isinstance(clock, str) else None
    if not found:
        raise ParameterError(where, clock, 'a clock time in quotes, e.g. "09:00" (unquoted, YAML reads 09:00 as a number)')
    return int(found[1]) * 60 + int(found[2])


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def timetable(course: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The checked ``timetable`` of the course file: per half-day its start (minutes after
    midnight) and its break (``after``, ``minutes``, ``name``; no break when absent)."""
    given = course.get("timetable")
    if not isinstance(given, dict):
        raise ParameterError("timetable", given, "a 'timetable' with a 'morning' and an 'afternoon' in the course file")
    checked = {}
    for block in BLOCKS:
        entry = given.get(block)
        if not isinstance(entry, dict):
            raise ParameterError(f"timetable {block}", entry, "a mapping with a 'start' and optionally a 'break'")
        pause = entry.get("break") or {}
        for key in ("after", "minutes"):
            if pause and (not isinstance(pause.get(key), int) or pause[key] <= 0):
                raise ParameterError(f"timetable {block} break {key}", pause.get(key), "a whole number of minutes above 0")
        checked[block] = {"start": _minutes_of(entry.get("start"), f"timetable {block} start"),
                          "break": ({"after": pause["after"], "minutes": pause["minutes"],
                                     "name": str(pause.get("name", "Break"))} if pause else None)}
    return checked


def _break_index(lengths: list[int], after: int) -> int | None:
    """After which part (index) the break goes: the part boundary closest to ``after``
    minutes, never after the last part. ``None`` when the block has one part or none."""
    ends = pd.Series(lengths).cumsum().tolist()[:-1]
    if not ends:
        return None
    return min(range(len(ends)), key=lambda i: (abs(ends[i] - after), i))


def run_sheet(course: dict[str, Any], day: int | None = None) -> pd.DataFrame:
    """One row per scheduled part and break: day, block, start, end, part, minutes, file, section, kind.

    ``kind`` is ``"part"`` or ``"break"``. ``day`` picks one course day (all days when None).
    """
    times = timetable(course)
    rows = []
    for entry in course["days"]:
        if day is not None and entry["day"] != day:
            continue
        for block in BLOCKS:
            parts = [p for p in entry[block].get("parts", []) if not p.get("elective", False)]
            pause = times[block]["break"]
            at = _break_index([p["minutes"] for p in parts], pause["after"]) if pause else None
            clock = times[block]["start"]
            for i, part in enumerate(parts):
                rows.append({"day": entry["day"], "block": block, "start": _clock(clock),
                             "end": _clock(clock + part["minutes"]), "part": part["title"],
                             "minutes": part["minutes"], "file": part.get("file"),
                             "section": part.get("section"), "kind": "part"})
                clock += part["minutes"]
                if i == at:
                    rows.append({"day": entry["day"], "block": block, "start": _clock(clock),
                                 "end": _clock(clock + pause["minutes"]), "part": f"{pause['name']} break",
                                 "minutes": pause["minutes"], "file": None, "section": None, "kind": "break"})
                    clock += pause["minutes"]
    if day is not None and not rows:
        raise ParameterError("day", day, f"one of the course's days {[d['day'] for d in course['days']]}")
    return pd.DataFrame(rows, columns=["day", "block", "start", "end", "part", "minutes", "file", "section", "kind"])


def run_sheet_markdown(course: dict[str, Any], day: dict[str, Any]) -> list[str]:
    """The run sheet of one course day as a MyST instructor note (lines of Markdown)."""
    sheet = run_sheet(course, day["day"])
    dated = f", {day['date']}" if day.get("date") else ""
    lines = [f"````{{admonition}} Run sheet of day {day['day']}{dated}", ":class: instructor dropdown", "",
             "| Time | Part | Minutes | Chapter |", "|---|---|---:|---|"]
    for row in sheet.itertuples():
        if row.kind == "break":
            lines.append(f"| {row.start}–{row.end} | *{row.part}* | {row.minutes} | |")
            continue
        chapter = (f"{{ref}}`{row.section}`" if isinstance(row.section, str)
                   else f"{{doc}}`/{row.file}`" if isinstance(row.file, str) else "–")
        lines.append(f"| {row.start}–{row.end} | {row.part} | {row.minutes} | {chapter} |")
    electives = [p["title"] for block in BLOCKS for p in day[block].get("parts", []) if p.get("elective", False)]
    if electives:
        lines += ["", "Not scheduled (electives): " + "; ".join(electives) + "."]
    return lines + ["````", ""]
