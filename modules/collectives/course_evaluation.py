"""The course evaluates itself: day-by-day KPIs and themes of the open answers.

The course teaches a feedback loop (measure → check → act) and applies it to itself. After
each day participants fill in a three-item form and one open question
(``datasets/course_evaluation.yml``; template ``book/downloads/course_evaluation_template.csv``).
This module analyses the forms with the course's own tools:

- :func:`read_evaluation` reads a file through the participant loader;
- :func:`day_kpis` — the KPI of each item per day: share of participants who agree (score 4 or
  5), with the mean and its 95% interval, from :func:`collectives.feedback.survey_item_summary`;
- :func:`improvement_points` — the "act" step: items whose share agreeing is below a target;
- :func:`open_answer_themes` — the open answers coded with :data:`COURSE_CODEBOOK` by
  :func:`collectives.qualitative.code_answers`, counted per theme and tone.

Example
-------
>>> from collectives import data
>>> kpis = day_kpis(data.load("course_evaluation"))
>>> improvement_points(kpis, target=0.5)[["day", "item"]].to_dict("records")
[{'day': 4, 'item': 'applicable'}]
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from collectives.errors import DataError, ParameterError, Problem
from collectives.feedback import survey_item_summary
from collectives.qualitative import Codebook, code_answers, theme_frequencies

__all__ = ["COURSE_CODEBOOK", "ITEMS", "day_kpis", "fill_in_sheet", "improvement_points", "open_answer_themes",
           "read_evaluation", "write_templates"]

#: The three items of the form, with their statements.
ITEMS = MappingProxyType({
    "useful": "The day was useful for my work.",
    "applicable": "I can apply what I learnt in my municipality.",
    "afternoon": "The afternoon training helped me practise.",
})

#: Codebook for the open question "What should we keep or change?".
COURSE_CODEBOOK = Codebook(
    themes=MappingProxyType({
        "pace": {"nl": ("tempo", "te snel", "te vol", "pauze", "stof op"), "en": ("pace", "too fast", "rushed", "in one day")},
        "practice": {"nl": ("rollenspel", "oefen"), "en": ("role play", "practis")},
        "cases": {"nl": ("casus", "bestuur", "collectief"), "en": ("case", "board", "collective")},
        "relevance": {"nl": ("toepassen", "toe te passen", "mijn gemeente", "eigen werk"),
                      "en": ("apply", "my municipality", "own work")},
        "materials": {"nl": ("boek", "notebook", "hand-out", "uitleg"), "en": ("book", "notebook", "handout", "explanation")},
        "networking": {"nl": ("collega", "netwerk", "andere gemeenten"), "en": ("colleague", "network", "other municipalities")},
    }),
    positive=MappingProxyType({
        "nl": ("precies goed", "fijn", "leerzaam", "goed", "sterk", "mooi", "direct", "helder", "leuk"),
        "en": ("just right", "taught me", "good", "strong", "great", "right away", "clear"),
    }),
    negative=MappingProxyType({
        "nl": ("te snel", "te vol", "te weinig", "geen tijd", "niet", "moeilijk", "ver van"),
        "en": ("too fast", "rushed", "not enough", "did not", "hard", "too little"),
    }),
    descriptions=MappingProxyType({
        "pace": "The tempo and the amount of content in a day.",
        "practice": "Practising skills: role play, facilitation, coaching.",
        "cases": "The collectives' cases and their people in the room.",
        "relevance": "Whether it can be applied in one's own municipality and work.",
        "materials": "The book, the notebooks and other materials.",
        "networking": "Meeting colleagues from other municipalities.",
    }),
)


def fill_in_sheet(datasets_dir: str | Path | None = None):
    """The datasheet of the evaluation form without the synthetic answer key (``true_*`` columns)."""
    from dataclasses import replace

    from collectives.data import schema

    sheet = schema("course_evaluation", datasets_dir)
    return replace(sheet, columns=tuple(c for c in sheet.columns if not c.name.startswith("true_")))


def write_templates(folder: str | Path | None = None) -> list[Path]:
    """Write ``course_evaluation_template.csv`` and ``.xlsx`` (default: ``book/downloads``)."""
    from collectives.participant import template, template_path

    written = []
    for fmt in ("csv", "xlsx"):
        path = template_path("course_evaluation", fmt, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(template(fill_in_sheet(), fmt))
        written.append(path)
    return written


def read_evaluation(source: str | os.PathLike | bytes, *, filename: str | None = None,
                    datasets_dir: str | Path | None = None) -> pd.DataFrame:
    """Read an evaluation file (CSV or Excel) through the participant loader.

    Raises
    ------
    DataError
        naming the row and column of every problem (a missing column, a score outside 1–5, a
        day outside 1–5, an empty file).
    """
    from collectives.participant import read_participant_data

    return read_participant_data(source, "course_evaluation", filename=filename, datasets_dir=datasets_dir).data


def _check(evaluation: pd.DataFrame, needed: tuple[str, ...]) -> None:
    if not isinstance(evaluation, pd.DataFrame):
        raise ParameterError("evaluation", type(evaluation).__name__, "a table (DataFrame) of evaluation forms")
    missing = [c for c in needed if c not in evaluation.columns]
    if missing:
        raise DataError("evaluation", [Problem("this column is missing", column=c, expected="a column of that name")
                                       for c in missing])
    if evaluation.empty:
        raise DataError("evaluation", [Problem("the table has no forms", row=2, expected="one row per form")])


def day_kpis(evaluation: pd.DataFrame, *, agree_from: int = 4) -> pd.DataFrame:
    """The KPI of each item per day: share agreeing, mean and its 95% interval.

    Returns
    -------
    DataFrame day, item, statement, respondents, mean, ci_low, ci_high, share_agree,
    share_disagree — one row per day and item, in day order.
    """
    _check(evaluation, ("day", *ITEMS))
    frames = []
    for day, forms in evaluation.groupby("day", sort=True):
        summary = survey_item_summary(forms, list(ITEMS), agree_from=agree_from)
        summary.insert(0, "day", int(day))
        frames.append(summary)
    table = pd.concat(frames, ignore_index=True)
    table["statement"] = table["item"].map(ITEMS)
    table["item"] = pd.Categorical(table["item"], categories=list(ITEMS))
    table = table.sort_values(["day", "item"], kind="stable").reset_index(drop=True)
    table["item"] = table["item"].astype(str)
    front = ["day", "item", "statement"]
    return table[front + [c for c in table.columns if c not in front]]


def improvement_points(kpis: pd.DataFrame, *, target: float = 0.7) -> pd.DataFrame:
    """Items and days whose share agreeing is below ``target`` (0–1), lowest first: what to change."""
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 < target <= 1:
        raise ParameterError("target", target, "a share between 0 and 1, e.g. 0.7 for 70% agreeing")
    _check(kpis, ("day", "item", "share_agree"))
    low = kpis[kpis["share_agree"] < target]
    return low.sort_values(["share_agree", "day"], kind="stable").reset_index(drop=True)


def open_answer_themes(evaluation: pd.DataFrame, *, by_day: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Code the open answers with :data:`COURSE_CODEBOOK`; count themes by tone (optionally per day).

    Returns
    -------
    (coded, frequencies)
        ``coded``: the forms that have an answer, with theme, sentiment and the deciding words;
        ``frequencies``: theme, one column per tone, total, share (and day when ``by_day``).
    """
    _check(evaluation, ("day", "open_answer"))
    answered = evaluation[evaluation["open_answer"].fillna("").astype(str).str.strip() != ""]
    if answered.empty:
        raise DataError("evaluation", [Problem("no form has an open answer", column="open_answer")])
    language = "language" if "language" in answered.columns else None
    coded = code_answers(answered, text="open_answer", language=language, codebook=COURSE_CODEBOOK)
    coded.insert(0, "day", answered["day"].to_numpy())
    if not by_day:
        return coded, theme_frequencies(coded)
    parts = []
    for day, rows in coded.groupby("day", sort=True):
        freq = theme_frequencies(rows)
        freq.insert(0, "day", int(day))
        parts.append(freq)
    return coded, pd.concat(parts, ignore_index=True).fillna(0)
