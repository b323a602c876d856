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

ROOT = Path(__file__).resolve().parents[2]
COURSE_FILE = ROOT / "book" / "course.yml"
TOC_FILE = ROOT / "_toc.yml"
BLOCKS = ("morning", "afternoon")


def load_course(path: Path | str = COURSE_FILE) -> dict[str, Any]:
    """Read and check the course description; every part needs a title and whole minutes."""
    path = Path(path)
    course = yaml.safe_load(path.read_text(encoding="utf-8"))
    for day in course.get("days", []):
        for block in BLOCKS:
            if block not in day:
                raise ParameterError(f"day {day.get('day')}", block, f"a '{block}' block in {path.name}")
            for part in day[block].get("parts", []):
                minutes = part.get("minutes")
                if not isinstance(minutes, int) or minutes <= 0:
                    raise ParameterError(
                        f"day {day['day']} {block} part '{part.get('title')}' minutes",
                        minutes,
                        "a whole number of minutes above 0",
                    )
    return course


def programme(course: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per part of a day: day, theme, block, kind, title, part, minutes, file."""
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
                        "file": part.get("file"),
                    }
                )
    return pd.DataFrame(rows)


def toc(course: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Jupyter Book table of contents: front matter, one part per day that has chapters, back matter."""
    course = course or load_course()
    parts = [{"caption": "Start here", "chapters": [{"file": entry["file"]} for entry in course["front"]]}]
    for day in course["days"]:
        files = [
            part["file"]
            for block in BLOCKS
            for part in day[block].get("parts", [])
            if part.get("file")
        ]
        if files:
            parts.append(
                {"caption": f"Day {day['day']}: {day['theme']}", "chapters": [{"file": f} for f in files]}
            )
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
    lines = []
    for day, rows in table.groupby("day", sort=True):
        theme = rows["theme"].iloc[0]
        lines += [f"## Day {day}: {theme}", ""]
        for block in BLOCKS:
            block_rows = rows[rows["block"] == block]
            session = block_rows["session"].iloc[0]
            kind = block_rows["kind"].iloc[0]
            total = int(block_rows["minutes"].sum())
            lines += [f"**{block.capitalize()}, {kind}:** {session} ({total} minutes)", ""]
            lines += ["| Part | Minutes | Chapter |", "|---|---:|---|"]
            for row in block_rows.itertuples():
                chapter = f"{{doc}}`/{row.file}`" if isinstance(row.file, str) else "–"
                lines.append(f"| {row.part} | {row.minutes} | {chapter} |")
            lines.append("")
    return "\n".join(lines)


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
