"""Cohort editions: one file describes a cohort; its programme, contents and book follow.

Citizen collectives choose the deep dives a cohort gets (at a research day or through a
survey). A cohort file (YAML, see ``cohorts/example.yml``) names the cohort, its venue, its
days — each with a date and the morning it takes: ``deep dive 1`` … ``deep dive 4`` or
``scenario lab`` — the collectives providing the cases, the participants' municipalities,
an optional excursion, and optionally the topic ballot the collectives filled in
(``book/downloads/topic_ballot_template.csv``). Each cohort day brings the whole course
day of its morning (morning and afternoon); days are numbered for the cohort.

``python -m collectives.cohort cohorts/example.yml`` checks the file and builds that
cohort's book into ``_build/cohorts/<slug>/html``. Nothing is built from a file with a
mistake: every problem is listed with its line.

Example
-------
>>> from collectives.course import load_course
>>> cohort = read_cohort(EXAMPLE)
>>> [day.topic for day in cohort.days]
['deep dive 1', 'deep dive 3', 'scenario lab']
>>> [day["day"] for day in cohort_course(cohort, load_course())["days"]]
[1, 2, 3]
>>> tally_topics(read_topic_ballot(cohort.ballot)).iloc[0]["topic"]
'deep dive 3'
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from collectives.errors import DataError, Problem

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "cohorts" / "example.yml"
ENVIRONMENT_VARIABLE = "COURSE_COHORT"
# A cohort day names its morning; each morning belongs to one day of the full course.
TOPICS = {"deep dive 1": 1, "deep dive 2": 2, "deep dive 3": 3, "deep dive 4": 4, "scenario lab": 5}
DEEP_DIVES = tuple(t for t in TOPICS if t.startswith("deep dive"))
KNOWN_KEYS = {"name", "slug", "venue", "days", "collectives", "municipalities", "excursion", "ballot"}


@dataclass(frozen=True)
class CohortDay:
    date: dt.date
    topic: str
    course_day: int
    line: int


@dataclass(frozen=True)
class Cohort:
    """A checked cohort file (see the module docstring)."""

    name: str
    slug: str
    venue: str
    days: tuple[CohortDay, ...]
    collectives: tuple[str, ...]
    municipalities: tuple[str, ...]
    excursion: dict[str, Any] | None
    ballot: Path | None
    source: Path


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (as ``__line__``)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _topic(value: object) -> str | None:
    text = " ".join(unicodedata.normalize("NFC", str(value)).lower().split())
    return text if text in TOPICS else None


def read_cohort(path: str | Path) -> Cohort:
    """Read and check a cohort file; raises :class:`DataError` listing every problem with its line."""
    path = Path(path)
    where = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - a SafeLoader
    except FileNotFoundError:
        raise DataError(where, [Problem("the cohort file does not exist", expected=f"a file at {path}")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise DataError(where, [Problem(f"{line}the file is not valid YAML ({getattr(error, 'problem', error)})")]) from None
    if not isinstance(raw, dict):
        raise DataError(where, [Problem("the file holds no cohort description", expected="keys such as name: and days:")])
    problems: list[Problem] = []

    def problem(line: int | None, text: str, expected: str | None = None) -> None:
        problems.append(Problem(f"line {line}: {text}" if line else text, expected=expected))

    for key in sorted(set(raw) - KNOWN_KEYS - {"__line__"}):
        problem(None, f"unknown key '{key}'", f"one of {', '.join(sorted(KNOWN_KEYS))}")
    name = str(raw.get("name") or "").strip()
    if not name:
        problem(raw.get("__line__"), "the cohort has no name", "name: followed by the cohort's name")
    slug = str(raw.get("slug") or "-".join(name.lower().split())).strip()
    if slug and not all(c.isalnum() or c == "-" for c in slug):
        problem(None, f"slug '{slug}' may only hold letters, digits and hyphens")
    days: list[CohortDay] = []
    entries = raw.get("days")
    if not isinstance(entries, list) or not entries:
        problem(raw.get("__line__"), "the cohort has no days", "days: with one entry per day (date: and morning:)")
        entries = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        line = entry.get("__line__") if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            problem(None, f"day {number} is not a date and a morning", "date: and morning: on their own lines")
            continue
        date = entry.get("date")
        if not isinstance(date, dt.date):
            problem(line, f"day {number} has no valid date (found {date!r})", "a date written as 2027-03-04")
            date = None
        if "morning" not in entry or entry.get("morning") in (None, ""):
            problem(line, f"day {number} has no morning", f"morning: one of {', '.join(TOPICS)}")
            continue
        topic = _topic(entry["morning"])
        if topic is None:
            problem(line, f"day {number} names an unknown topic '{entry['morning']}'", f"one of {', '.join(TOPICS)}")
            continue
        if topic in seen:
            problem(line, f"day {number} repeats '{topic}' (already day {seen[topic]})", "each morning once")
            continue
        seen[topic] = number
        if date is not None:
            days.append(CohortDay(date, topic, TOPICS[topic], line))
    for before, after in zip(days, days[1:]):
        if after.date <= before.date:
            problem(after.line, f"the date {after.date:%d %B %Y} is not after the day before ({before.date:%d %B %Y})",
                    "days in the order they take place, each on its own date")
    if days and not any(d.topic in DEEP_DIVES for d in days):
        problem(None, "the cohort has no deep dive", "at least one day with morning: deep dive 1 … 4")
    excursion = raw.get("excursion")
    if excursion is not None and not isinstance(excursion, dict):
        problem(None, "excursion must be a date and a description", "excursion: with date: and visit:")
    ballot = raw.get("ballot")
    ballot_path = (path.parent / str(ballot)).resolve() if ballot else None
    if ballot_path is not None and not ballot_path.is_file():
        problem(raw.get("__line__"), f"the topic ballot '{ballot}' does not exist", "a CSV file next to the cohort file")
    if problems:
        raise DataError(where, problems)
    clean = {k: v for k, v in (excursion or {}).items() if k != "__line__"} or None
    return Cohort(name, slug, str(raw.get("venue") or ""), tuple(days),
                  tuple(map(str, raw.get("collectives") or ())), tuple(map(str, raw.get("municipalities") or ())),
                  clean, ballot_path, path)


def cohort_course(cohort: Cohort, course: dict[str, Any]) -> dict[str, Any]:
    """The course description for this cohort: its days only, numbered 1, 2, … with their dates."""
    by_number = {day["day"]: day for day in course["days"]}
    days = []
    for number, cohort_day in enumerate(cohort.days, start=1):
        day = {**by_number[cohort_day.course_day], "day": number, "date": cohort_day.date.isoformat(),
               "course_day": cohort_day.course_day}
        days.append(day)
    taken = {cohort_day.course_day for cohort_day in cohort.days}
    exercises = course.get("exercises")
    if exercises:  # only the exercise notebooks of the days the cohort takes
        exercises = {**exercises, "files": [e for e in exercises["files"] if e.get("day") in taken]}
    front = [entry for entry in course["front"]]
    if cohort.ballot is not None:
        front.append({"file": "book/cohort-topics"})
    return {**course, "title": f"{course['title']}: {cohort.name}", "days": days, "front": front,
            "exercises": exercises,
            "cohort": {"name": cohort.name, "venue": cohort.venue, "collectives": list(cohort.collectives),
                       "municipalities": list(cohort.municipalities), "excursion": cohort.excursion}}


# --- the topic ballot ----------------------------------------------------------------------


def read_topic_ballot(path: str | Path) -> pd.DataFrame:
    """Read a topic ballot (``voter`` and ``ranking`` columns: 'deep dive 3 > deep dive 1 > …').

    Returns one row per voter with the ranking as a tuple of topics; raises :class:`DataError`
    naming the line of an unknown topic or of a topic ranked twice.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError) as error:
        raise DataError(path.name, [Problem("the ballot cannot be read as a UTF-8 CSV file",
                                            expected=f"the template's layout ({type(error).__name__})")]) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or {"voter", "ranking"} - {f.strip().lower() for f in reader.fieldnames}:
        raise DataError(path.name, [Problem("the ballot needs the columns voter and ranking",
                                            value=", ".join(reader.fieldnames or []))])
    problems, rows = [], []
    for line, row in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not row["ranking"]:
            problems.append(Problem("the ranking is empty", row=line, column="ranking"))
            continue
        names = [part.strip() for part in row["ranking"].split(">")]
        topics = [_topic(n) for n in names]
        unknown = [n for n, t in zip(names, topics) if t is None or t == "scenario lab"]
        if unknown:
            problems.append(Problem(f"unknown topic '{unknown[0]}'", row=line, column="ranking",
                                    expected=f"deep dives only: {', '.join(DEEP_DIVES)}"))
            continue
        twice = sorted({t for t in topics if topics.count(t) > 1})
        if twice:
            problems.append(Problem(f"'{twice[0]}' is ranked more than once", row=line, column="ranking",
                                    expected="each topic at most once"))
            continue
        rows.append({"voter": row["voter"] or f"line {line}", "ranking": tuple(topics)})
    if problems:
        raise DataError(path.name, problems)
    if not rows:
        raise DataError(path.name, [Problem("the ballot holds no votes", expected="one line per voter")])
    return pd.DataFrame(rows)


def tally_topics(ballots: pd.DataFrame, approve_top: int = 2) -> pd.DataFrame:
    """Count the topic ballot with the course's own rules: Borda, approval (top ``approve_top``), plurality.

    Returns one row per topic, best Borda score first, with each rule's points and rank.
    """
    from collectives.governance import approval, borda, plurality

    profile = [(" > ".join(r), 1) for r in ballots["ranking"]]
    results = {"Borda points": borda(profile, options=DEEP_DIVES),
               f"approvals (top {approve_top})": approval(profile, options=DEEP_DIVES, top_k=approve_top),
               "first choices": plurality(profile, options=DEEP_DIVES)}
    table = pd.DataFrame({rule: pd.Series(result.scores) for rule, result in results.items()})
    table = table.reindex(list(DEEP_DIVES)).fillna(0)
    table.index.name = "topic"
    return table.sort_values(list(table.columns), ascending=False).reset_index()


def topics_markdown(cohort: Cohort) -> str:
    """The cohort page that shows how the topics were chosen."""
    lines = [f"# How {cohort.name} chose its topics", ""]
    chosen = [d.topic for d in cohort.days if d.topic in DEEP_DIVES]
    if cohort.ballot is None:
        return "\n".join(lines + ["This cohort's file names no topic ballot.", ""])
    ballots = read_topic_ballot(cohort.ballot)
    table = tally_topics(ballots)
    lines += [f"The collectives of this cohort ranked the four deep dives on a topic ballot "
              f"({len(ballots)} ballots). The course counts them with its own voting rules "
              "(deep dive 2 teaches them): Borda points (a topic ranked first of four gets 3 points, "
              "last 0), approvals (each voter approves their top two) and first choices.", "",
              "| Topic | " + " | ".join(table.columns[1:]) + " |", "|---|" + "---:|" * (len(table.columns) - 1)]
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in row) + " |")
    n = len(chosen)
    top = list(table["topic"][:n])
    agree = set(top) == set(chosen)
    lines += ["", f"The cohort takes: {', '.join(chosen)}. "
              + (f"These are the {n} topics with the most Borda points."
                 if agree else f"By Borda points the top {n} would be {', '.join(top)}: the programme differs from "
                 "the ballot (for example because of the collectives' or the instructors' availability).")]
    return "\n".join(lines) + "\n"


# --- building a cohort's book ---------------------------------------------------------------


def write_cohort_files(cohort: Cohort, course: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write the cohort's course description and table of contents into ``out``."""
    from collectives.course import toc_text

    out.mkdir(parents=True, exist_ok=True)
    description = cohort_course(cohort, course)
    course_file = out / "course.yml"
    course_file.write_text(yaml.safe_dump(description, sort_keys=False, allow_unicode=True), encoding="utf-8")
    toc_file = out / "_toc.yml"
    toc_file.write_text(toc_text(description), encoding="utf-8")
    return course_file, toc_file


def build(cohort_file: str | Path, out: Path | None = None, cache: Path | None = None) -> Path:
    """Check ``cohort_file`` and build its book; returns the folder of the built HTML."""
    from collectives.course import load_course

    cohort = read_cohort(cohort_file)
    if cohort.ballot is not None:
        read_topic_ballot(cohort.ballot)  # a broken ballot stops the build before anything is written
    out = out or ROOT / "_build" / "cohorts" / cohort.slug
    course_file, toc_file = write_cohort_files(cohort, load_course(), out)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']}: {cohort.name}"
    if cache is not None:
        config.setdefault("execute", {})["cache"] = str(cache)
    config_file = out / "_config.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, ENVIRONMENT_VARIABLE: str(Path(cohort_file).resolve()), "COURSE_FILE": str(course_file)}
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--toc", str(toc_file),
               "--config", str(config_file), "--path-output", str(out), "-W", "-n", "--keep-going"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the cohort book did not build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return out / "_build" / "html"


def main(argv: list[str] | None = None) -> None:
    """Check a cohort file and build its book (``python -m collectives.cohort cohorts/example.yml``)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("cohort_file")
    parser.add_argument("--check", action="store_true", help="only check the cohort file and its ballot")
    args = parser.parse_args(argv)
    try:
        cohort = read_cohort(args.cohort_file)
        if cohort.ballot is not None:
            read_topic_ballot(cohort.ballot)
    except DataError as error:
        raise SystemExit(str(error)) from None
    if args.check:
        print(f"{args.cohort_file}: {cohort.name}, {len(cohort.days)} days — the file is fine.")
        return
    html = build(args.cohort_file)
    print(f"The book of {cohort.name} is in {html}: open {html / 'index.html'}")


if __name__ == "__main__":
    main()
