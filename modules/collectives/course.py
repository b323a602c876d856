"""The course's programme, read from ``book/course.yml`` — the one description of the course.

The programme page and the book's table of contents (``_toc.yml``) are both made from it,
so they cannot disagree. ``python -m collectives.course`` rewrites ``_toc.yml``.

Example
-------
>>> course = load_course()
>>> [day["day"] for day in course["days"]]
[1, 2, 3, 4, 5]
>>> programme(course).groupby("day")["minutes"].sum().gt(0).all()
np.True_
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from collectives.errors import ParameterError
from collectives.run_sheet import run_sheet_markdown, timetable

ROOT = Path(__file__).resolve().parents[2]
COURSE_FILE = ROOT / "book" / "course.yml"
TOC_FILE = ROOT / "_toc.yml"
BLOCKS = ("morning", "afternoon")
#: A half-day (morning or afternoon) schedules at most this many minutes; electives are extra.
MAX_BLOCK_MINUTES = 180


def load_course(path: Path | str = COURSE_FILE) -> dict[str, Any]:
    """Read and check the course description; every part needs a title and whole minutes."""
    path = Path(path)
    course = yaml.safe_load(path.read_text(encoding="utf-8"))
    for day in course.get("days", []):
        for block in BLOCKS:
            if block not in day:
                raise ParameterError(f"day {day.get('day')}", block, f"a '{block}' block in {path.name}")
            for entry in day[block].get("materials", []):
                if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
                    raise ParameterError(f"day {day['day']} {block} materials entry", entry, "a mapping with a 'file'")
            for part in day[block].get("parts", []):
                if part.get("section") is not None and not part.get("file"):
                    raise ParameterError(f"day {day['day']} {block} part '{part.get('title')}' section",
                                         part["section"], "a section together with the 'file' it is in")
                minutes = part.get("minutes")
                if not isinstance(minutes, int) or minutes <= 0:
                    raise ParameterError(
                        f"day {day['day']} {block} part '{part.get('title')}' minutes",
                        minutes,
                        "a whole number of minutes above 0",
                    )
                if not isinstance(part.get("elective", False), bool):
                    raise ParameterError(
                        f"day {day['day']} {block} part '{part.get('title')}' elective",
                        part.get("elective"),
                        "true or false (an elective part is not counted in the half-day's minutes)",
                    )
    days = [day.get("day") for day in course.get("days", [])]
    for entry in course.get("exercises", {}).get("files", []):
        if entry.get("day") not in days:
            raise ParameterError(f"exercise {entry.get('file')} day", entry.get("day"),
                                 f"the course day it belongs to, one of {days} (a cohort's book keeps it with that day)")
    if "timetable" in course:
        timetable(course)  # a broken timetable is refused when the course is read
    return course


def programme(course: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per part of a day: day, theme, block, kind, title, part, minutes, elective, file, section.

    ``elective`` parts are offered in addition to the half-day's schedule (self-study, or in
    place of another part when a cohort chooses so); they are not counted in its minutes.
    ``section`` is a MyST label inside ``file`` (e.g. the part of a facilitator guide that
    covers this part of the afternoon), or None when the part is the whole page.
    """
    course = course or load_course()
    rows = []
    for day in course["days"]:
        for block in BLOCKS:
            session = day[block]
            for part in session.get("parts", []):
                rows.append(
                    {
                        "day": day["day"],
                        "theme": day["theme"],
                        "block": block,
                        "kind": session.get("kind", ""),
                        "session": session["title"],
                        "part": part["title"],
                        "minutes": part["minutes"],
                        "elective": bool(part.get("elective", False)),
                        "file": part.get("file"),
                        "section": part.get("section"),
                    }
                )
    return pd.DataFrame(rows)


def scheduled_minutes(course: dict[str, Any] | None = None) -> pd.DataFrame:
    """Minutes per half-day, electives left out: day, block, minutes, elective_minutes, over.

    ``over`` is True where a half-day schedules more than :data:`MAX_BLOCK_MINUTES`.

    >>> scheduled_minutes()["over"].any()
    np.False_
    """
    table = programme(course)
    table["scheduled"] = table["minutes"].where(~table["elective"], 0)
    table["elective_minutes"] = table["minutes"].where(table["elective"], 0)
    out = (table.groupby(["day", "block"], sort=True)[["scheduled", "elective_minutes"]].sum()
           .rename(columns={"scheduled": "minutes"}).reset_index())
    out["over"] = out["minutes"] > MAX_BLOCK_MINUTES
    return out


def toc(course: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Jupyter Book table of contents: front matter, one part per day that has chapters, the
    exercise notebooks and worksheets (``exercises`` in the course file, if any), back matter.

    A day's chapters are its parts' pages (each once, in order), then the blocks' ``materials``.
    """
    course = course or load_course()
    parts = [{"caption": "Start here", "chapters": [{"file": entry["file"]} for entry in course["front"]]}]
    for day in course["days"]:
        files = [
            part["file"]
            for block in BLOCKS
            for part in day[block].get("parts", [])
            if part.get("file")
        ]
        # A block may list materials (kits, worksheets) after its parts' pages.
        files += [entry["file"] for block in BLOCKS for entry in day[block].get("materials", [])]
        files = list(dict.fromkeys(files))  # several parts may share a page (each its own section)
        if files:
            parts.append(
                {"caption": f"Day {day['day']}: {day['theme']}", "chapters": [{"file": f} for f in files]}
            )
    if course.get("exercises"):
        section = course["exercises"]
        parts.append({"caption": section["caption"], "chapters": [{"file": e["file"]} for e in section["files"]]})
    back: dict[str, list] = {}
    for entry in course["back"]:
        back.setdefault(entry.get("caption", "Reference"), []).append({"file": entry["file"]})
    parts += [{"caption": caption, "chapters": chapters} for caption, chapters in back.items()]
    return {"format": "jb-book", "root": "book/index", "parts": parts}


def toc_text(course: dict[str, Any] | None = None) -> str:
    """``_toc.yml`` as text, with a header that says where it comes from."""
    header = "# Made from book/course.yml by `python -m collectives.course`; edit that file, not this one.\n"
    return header + yaml.safe_dump(toc(course), sort_keys=False, allow_unicode=True)


def programme_markdown(course: dict[str, Any] | None = None) -> str:
    """The programme as MyST Markdown: one section per day, a table per block, chapter links."""
    course = course or load_course()
    table = programme(course)
    lines = _cohort_lines(course["cohort"]) if course.get("cohort") else []
    dates = {d["day"]: d.get("date") for d in course["days"]}
    for day, rows in table.groupby("day", sort=True):
        theme = rows["theme"].iloc[0]
        dated = f" ({dates[day]})" if dates.get(day) else ""
        lines += [f"## Day {day}{dated}: {theme}", ""]
        for block in BLOCKS:
            block_rows = rows[rows["block"] == block]
            session = block_rows["session"].iloc[0]
            kind = block_rows["kind"].iloc[0]
            total = int(block_rows.loc[~block_rows["elective"], "minutes"].sum())
            extra = int(block_rows.loc[block_rows["elective"], "minutes"].sum())
            plus = f", plus {extra} minutes elective" if extra else ""
            lines += [f"**{block.capitalize()}, {kind}:** {session} ({total} minutes{plus})", ""]
            lines += ["| Part | Minutes | Chapter |", "|---|---:|---|"]
            for row in block_rows.itertuples():
                if isinstance(row.section, str):
                    chapter = f"{{ref}}`{row.section}`"
                elif isinstance(row.file, str):
                    chapter = f"{{doc}}`/{row.file}`"
                else:
                    chapter = "–"
                minutes = f"{row.minutes} (elective)" if row.elective else f"{row.minutes}"
                lines.append(f"| {row.part} | {minutes} | {chapter} |")
            lines.append("")
        if "timetable" in course:
            lines += run_sheet_markdown(course, next(d for d in course["days"] if d["day"] == day))
    return "\n".join(lines)


def _cohort_lines(cohort: dict[str, Any]) -> list[str]:
    """A cohort's programme starts with who, where and with which collectives."""
    lines = [f"**Cohort:** {cohort['name']}", ""]
    for label, key in (("Venue", "venue"), ("Collectives providing the cases", "collectives"),
                       ("Participants' municipalities", "municipalities")):
        value = cohort.get(key)
        if value:
            lines += [f"**{label}:** {value if isinstance(value, str) else '; '.join(value)}", ""]
    excursion = cohort.get("excursion")
    if excursion:
        lines += [f"**Excursion:** {excursion.get('date', '')}: {excursion.get('visit', '')}", ""]
    return lines


def main(argv: list[str] | None = None) -> None:
    """Rewrite ``_toc.yml`` from ``book/course.yml`` (or check it with ``--check``)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if _toc.yml is out of date")
    args = parser.parse_args(argv)
    text = toc_text()
    if args.check:
        current = TOC_FILE.read_text(encoding="utf-8") if TOC_FILE.exists() else ""
        raise SystemExit(0 if current == text else "_toc.yml is out of date: run `python -m collectives.course`")
    TOC_FILE.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
