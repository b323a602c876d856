"""The scenario-planning workshop's four stories, read as inputs of the scenario simulation.

In the day-5 workshop a group builds a 2×2 matrix from two critical uncertainties and writes
four scenario stories. ``book/afternoons/scenario-stories.yml`` holds the course's worked
example: for each story the values of the simulation's **outside drivers** (the world) and of
the **municipal levers** (the response the group designed for that world), named as in
``collectives.scenarios`` (``DRIVERS``, ``LEVERS``). :func:`read_stories` checks the file —
every story sits in its own quadrant of the matrix — and :func:`as_worlds` turns the stories
into the ``worlds`` argument of ``collectives.scenarios.scenario_matrix``.

Example
-------
>>> workshop = read_stories()
>>> [s.title for s in workshop.stories]
['Crowded field', 'Few hands, high stakes', 'Quiet commons', 'Holding on']
>>> as_worlds(workshop)["Holding on"]
{'energy_price': 0.7, 'volunteer_availability': 0.7, 'national_subsidy': False}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from collectives.errors import DataError, Problem

__all__ = ["STORIES_FILE", "Story", "Workshop", "as_worlds", "read_stories"]

STORIES_FILE = Path(__file__).resolve().parents[2] / "book" / "afternoons" / "scenario-stories.yml"


@dataclass(frozen=True)
class Story:
    """One scenario story: its quadrant's driver values, the levers chosen for it, the signs to watch."""

    id: str
    title: str
    summary: str
    drivers: dict[str, float | bool]
    levers: dict[str, float | bool]
    early_warning_signs: tuple[str, ...]


@dataclass(frozen=True)
class Workshop:
    """The focal question, the horizon, the two axes and the four stories."""

    focal_question: str
    horizon: int
    axes: tuple[dict[str, Any], ...]
    stories: tuple[Story, ...]


def _setting(value: Any) -> bool:
    return isinstance(value, (bool, int, float))


def read_stories(path: str | Path = STORIES_FILE) -> Workshop:
    """Read and check a scenario-stories file.

    Raises
    ------
    DataError
        naming the story and the key of every problem: a missing key, a setting that is not a
        number or yes/no, a story outside the four quadrants, two stories in one quadrant.
    """
    path = Path(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    problems: list[Problem] = []
    for key in ("focal_question", "horizon", "axes", "stories"):
        if key not in raw:
            problems.append(Problem("this key is missing", column=key))
    if problems:
        raise DataError(path.name, problems)
    axes = tuple(raw["axes"])
    if len(axes) != 2 or not all(isinstance(a, dict) and {"driver", "low", "high"} <= set(a) for a in axes):
        raise DataError(path.name, [Problem("needs exactly two axes, each with driver, low and high", column="axes")])
    stories, seen = [], {}
    for number, entry in enumerate(raw["stories"], start=1):
        where = f"story {number} ({entry.get('id', '?')})" if isinstance(entry, dict) else f"story {number}"
        missing = [k for k in ("id", "title", "summary", "drivers", "levers", "early_warning_signs")
                   if not isinstance(entry, dict) or k not in entry]
        if missing:
            problems += [Problem(f"{where}: this key is missing", column=k) for k in missing]
            continue
        for kind in ("drivers", "levers"):
            for name, value in (entry[kind] or {}).items():
                if not _setting(value):
                    problems.append(Problem(f"{where}: {kind[:-1]} '{name}' must be a number or true/false",
                                            column=kind, value=str(value)))
        quadrant = []
        for axis in axes:
            value = entry["drivers"].get(axis["driver"])
            if value == axis["low"]:
                quadrant.append("low")
            elif value == axis["high"]:
                quadrant.append("high")
            else:
                problems.append(Problem(f"{where}: driver '{axis['driver']}' is neither the axis' low nor its high value",
                                        column="drivers", value=str(value), expected=f"{axis['low']} or {axis['high']}"))
        if len(quadrant) == 2:
            if tuple(quadrant) in seen:
                problems.append(Problem(f"{where}: same quadrant as {seen[tuple(quadrant)]}", column="drivers",
                                        expected="one story per quadrant of the 2×2 matrix"))
            seen[tuple(quadrant)] = where
        stories.append(Story(str(entry["id"]), str(entry["title"]), str(entry["summary"]).strip(),
                             dict(entry["drivers"]), dict(entry["levers"] or {}),
                             tuple(str(s) for s in entry["early_warning_signs"])))
    if not problems and len(stories) != 4:
        problems.append(Problem(f"has {len(stories)} stories", column="stories", expected="four, one per quadrant"))
    if problems:
        raise DataError(path.name, problems)
    return Workshop(str(raw["focal_question"]).strip(), int(raw["horizon"]), axes, tuple(stories))


def as_worlds(workshop: Workshop) -> dict[str, dict[str, float | bool]]:
    """Story title → driver values: the ``worlds`` argument of ``scenario_matrix``."""
    return {story.title: dict(story.drivers) for story in workshop.stories}
