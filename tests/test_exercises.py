"""Every exercise of the book can be done without a kernel.

Most participants are civil servants who will not run Python. An exercise counts as
*doable without code* when:

1. it has a solution (``{solution}`` or ``{solution-start}``/``{solution-end}``) with the
   same label, and the solution holds a **written answer**: at least ``MIN_WORDS`` words of
   prose outside code cells and code fences;
2. if its prompt asks for code (an inline ``code`` span, or the words run, rerun, kernel,
   widget, Python, notebook, cell), the prompt also names a **no-code route that exists**:
   a ``{ref}``/``{numref}`` to a target defined in the same chapter (the table, figure or
   worksheet the reader works from), a ``{doc}`` link to a page that exists, a ``{download}``
   of a template or worksheet file that exists, or the words
   "by hand"/"on paper" with a worked answer in the solution (at least ``MIN_NUMBERS``
   numbers in its prose);
3. no prompt sends the reader to "the live" explorer or widget, or to a kernel, without such
   a route.

Wording alone does not satisfy the rule: a reference must resolve to a target in the
chapter or a page in the book, and "by hand" must come with numbers in the written answer.
The rule is applied to every chapter under ``book/`` and every notebook in ``exercises/``,
whatever chapters exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIN_WORDS = 25
MIN_NUMBERS = 3

FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<kind>exercise|solution|solution-start|solution-end)\}\s*(?P<arg>\S*)")
CODE_ASK = re.compile(r"`[^`]+`|\b(re-?run|run (the|it|this|each|cells?)|kernel|widget|python|notebook|cells?)\b", re.IGNORECASE)
LIVE_ONLY = re.compile(r"\blive\s+(explorer|widget|version)|\bkernel\b", re.IGNORECASE)
PAPER = re.compile(r"\b(by hand|on paper)\b", re.IGNORECASE)
REF = re.compile(r"\{(ref|numref)\}`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")
DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")
DOWNLOAD = re.compile(r"\{download\}`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")
TARGET = re.compile(r"^\((?P<label>[\w:.-]+)\)=\s*$|^:(label|name):\s*(?P<opt>[\w:.-]+)\s*$"
                    r"|^:\s+name:\s*(?P<fig>[\w:.-]+)\s*$", re.MULTILINE)
NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*%?")


@dataclass
class Exercise:
    """One exercise of a chapter with its solution text."""

    chapter: Path
    line: int
    label: str
    prompt: str
    solution: str | None = None
    problems: list[str] = field(default_factory=list)


def _block_end(lines: list[str], start: int, fence: str) -> int:
    """The index of the line that closes the block opened at ``start`` with ``fence``."""
    for j in range(start + 1, len(lines)):
        if lines[j].strip() == fence:
            return j
    return len(lines)


def parse_exercises(chapter: Path) -> list[Exercise]:
    """The exercises of one MyST chapter, each with the text of its solution (or ``None``)."""
    lines = chapter.read_text(encoding="utf-8").splitlines()
    exercises: dict[str, Exercise] = {}
    solutions: dict[str, str] = {}
    i = 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        kind, fence = match["kind"], match["fence"]
        end = _block_end(lines, i, fence)
        body = lines[i + 1 : end]
        if kind == "exercise":
            label = next((ln.split(":", 2)[2].strip() for ln in body if ln.startswith(":label:")), f"line {i + 1}")
            exercises[label] = Exercise(chapter, i + 1, label, "\n".join(body))
        elif kind == "solution":
            solutions[match["arg"]] = "\n".join(body)
        elif kind == "solution-start":
            stop = next((j for j in range(end + 1, len(lines)) if FENCE_OPEN.match(lines[j])
                         and FENCE_OPEN.match(lines[j])["kind"] == "solution-end"), len(lines))
            solutions[match["arg"]] = "\n".join(lines[end + 1 : stop])
            end = stop
        i = end + 1
    for label, exercise in exercises.items():
        exercise.solution = solutions.get(label)
    return list(exercises.values())


def prose(text: str) -> str:
    """Text outside code fences, code cells and directive options."""
    out, fence = [], None
    for line in text.splitlines():
        stripped = line.strip()
        if fence:
            if stripped == fence:
                fence = None
            continue
        opener = re.match(r"^(`{3,}|~{3,})(.*)$", stripped)
        if opener and ("{code-cell}" in opener[2] or not opener[2].startswith("{") or opener[2] == ""):
            fence = opener[1]
            continue
        if stripped.startswith(":") and re.match(r"^:[\w-]+:", stripped):
            continue
        out.append(line)
    return "\n".join(out)


def words(text: str) -> int:
    """Words of prose, inline code spans and roles not counted."""
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return len(re.findall(r"[A-Za-zÀ-ÿ]{2,}", text))


def targets(chapter: Path) -> set[str]:
    """Labels a ``{ref}`` in the chapter can resolve to: ``(label)=`` lines, ``:label:``/``:name:``."""
    text = chapter.read_text(encoding="utf-8")
    return {m["label"] or m["opt"] or m["fig"] for m in TARGET.finditer(text)}


def doc_exists(chapter: Path, target: str) -> bool:
    """Whether a ``{doc}`` target names a page of the repository (absolute or relative)."""
    base = ROOT if target.startswith("/") else chapter.parent
    stem = (base / target.lstrip("/")).resolve()
    return any(stem.with_suffix(suffix).exists() for suffix in (".md", ".ipynb"))


def check(exercise: Exercise) -> list[str]:
    """The reasons an exercise can only be done with a kernel (empty when it can be done without)."""
    problems = []
    if exercise.solution is None:
        return ["has no solution"]
    answer = prose(exercise.solution)
    if words(answer) < MIN_WORDS:
        problems.append(f"solution has {words(answer)} words of written answer outside code (needs {MIN_WORDS})")
    prompt = prose(exercise.prompt)
    asks_code = bool(CODE_ASK.search(re.sub(r"\{[\w:-]+\}`[^`]*`", " ", exercise.prompt)))
    if asks_code or LIVE_ONLY.search(prompt):
        labels = targets(exercise.chapter)
        refs = [m["target"] for m in REF.finditer(exercise.prompt)]
        docs = [m["target"] for m in DOC.finditer(exercise.prompt)]
        files = [m["target"] for m in DOWNLOAD.finditer(exercise.prompt)]
        resolved = ([r for r in refs if r in labels] + [d for d in docs if doc_exists(exercise.chapter, d)]
                    + [f for f in files if (exercise.chapter.parent / f).is_file()])
        by_hand = bool(PAPER.search(prompt)) and len(NUMBER.findall(answer)) >= MIN_NUMBERS
        broken = ([r for r in refs if r not in labels] + [d for d in docs if not doc_exists(exercise.chapter, d)]
                  + [f for f in files if not (exercise.chapter.parent / f).is_file()])
        if broken:
            problems.append(f"names a route that does not exist: {', '.join(broken)}")
        if not (resolved or by_hand):
            problems.append("asks for code (or a kernel) and names no no-code route that exists "
                            "(a {ref}/{numref} to a table or figure in the chapter, a {doc} page, "
                            "or 'by hand' with a worked answer)")
    return problems


def chapters(root: Path = ROOT) -> list[Path]:
    """Every MyST chapter of the book and every participant notebook, whatever exists."""
    found = sorted((root / "book").rglob("*.md")) + sorted((root / "exercises").glob("*.md"))
    return [p for p in found if "_build" not in p.parts and "contributing" not in p.parts]


def kernel_only(paths: list[Path]) -> dict[str, list[str]]:
    """``{"chapter:label": [problems]}`` for every exercise that can only be done with a kernel."""
    bad = {}
    for path in paths:
        for exercise in parse_exercises(path):
            problems = check(exercise)
            if problems:
                bad[f"{path.relative_to(path.parents[1])}:{exercise.line} {exercise.label}"] = problems
    return bad


def all_exercises() -> list[Exercise]:
    return [e for path in chapters() for e in parse_exercises(path)]


def test_the_book_has_exercises_to_check():
    assert len(all_exercises()) >= 28


def test_no_exercise_can_only_be_done_with_a_kernel():
    bad = kernel_only(chapters())
    report = "\n".join(f"{where}: {'; '.join(problems)}" for where, problems in bad.items())
    assert len(bad) == 0, f"{len(bad)} exercises need a kernel:\n{report}"


BAD_CHAPTER = '''# A chapter

(tbl-real)=
A table would be here.

```{exercise}
:label: ex-needs-kernel
Rerun `feedback.volunteer_burnout(work_hours_per_month=340)` in the live widget. What happens?
```

````{solution} ex-needs-kernel
:class: dropdown
```python
feedback.volunteer_burnout(initial=28, work_hours_per_month=340, months=60).tipping_point
```
It recovers.
````

```{exercise}
:label: ex-fake-route
Use `gov.board_turnover` or read {ref}`the table <tbl-missing>`.
```

```{solution} ex-fake-route
:class: dropdown
A long enough written answer that explains the reasoning for a civil servant in plain words,
with the numbers from the table and what they mean for the advice to the collective's board.
```

```{exercise}
:label: ex-says-by-hand
Compute `valuation.lm3` by hand.
```

```{solution} ex-says-by-hand
:class: dropdown
A long enough written answer that explains the reasoning for a civil servant in plain words,
but it gives no worked numbers at all, so the words "by hand" are not backed by an answer.
```

```{exercise}
:label: ex-no-solution
Discuss with your neighbour.
```

```{exercise}
:label: ex-good
Use `gov.board_turnover`, or read {ref}`the table <tbl-real>`.
```

```{solution} ex-good
:class: dropdown
With no limit a board member stays about twelve years; with two terms eight. A written answer
that explains the reasoning for a civil servant in plain words and says what to advise.
```
'''


def test_the_count_finds_exercises_that_need_a_kernel(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "exercises").mkdir()
    chapter = tmp_path / "book" / "bad.md"
    chapter.write_text(BAD_CHAPTER, encoding="utf-8")
    bad = kernel_only(chapters(tmp_path))
    labels = {where.split()[-1] for where in bad}
    assert labels == {"ex-needs-kernel", "ex-fake-route", "ex-says-by-hand", "ex-no-solution"}
    assert any("words of written answer" in p for p in bad[next(w for w in bad if "ex-needs-kernel" in w)])
    assert any("tbl-missing" in p for p in bad[next(w for w in bad if "ex-fake-route" in w)])


def test_solution_start_and_end_blocks_are_read_as_solutions(tmp_path):
    chapter = tmp_path / "c.md"
    chapter.write_text(
        "```{exercise}\n:label: ex-a\nThink.\n```\n\n````{solution-start} ex-a\n:class: dropdown\n````\n\n"
        "Words of the answer here.\n\n```{code-cell} ipython3\n1 + 1\n```\n\n````{solution-end}\n````\n",
        encoding="utf-8",
    )
    (exercise,) = parse_exercises(chapter)
    assert "Words of the answer" in exercise.solution
    assert words(prose(exercise.solution)) == 5


# Worked answers typed in solutions are recomputed here, so they cannot go stale.


def test_members_per_energy_cooperative_matches_the_day1_solution():
    assert round(35_000 / 212) == 165
    assert round(131_000 / 714) == 183
    assert round(35_000 / 262) == 134


def test_growth_per_year_matches_the_day1_solution():
    assert round(((347 / 20) ** (1 / 12) - 1) * 100) == 27
    assert round(((714 / 212) ** (1 / 8) - 1) * 100) == 16
    assert round(347 / 20, 1) == 17.4 and round(1.27**12, 1) == 17.6 and round(714 / 212, 1) == 3.4


def test_survival_expectation_matches_the_day1_solution():
    assert round(0.988**8 * 100) == 91


def test_sroi_worked_answer_matches_the_package():
    import pandas as pd

    from collectives import valuation

    coaches = pd.DataFrame(
        [
            ("households", "lower energy bills", "households advised", 80, 150, 0.2, 0.25, 0.0, 0.1, 3),
            ("households", "warmer home", "households reporting a warmer home", 30, 100, 0.1, 0.0, 0.0, 0.0, 2),
            ("coaches", "new skills", "coaches trained", 10, 300, 0.0, 0.0, 0.0, 0.0, 1),
        ],
        columns=valuation.VALUE_MAP_COLUMNS,
    )
    assert 7_200 + 6_480 + 5_832 + 2 * 2_700 + 3_000 == 27_912
    assert round(valuation.sroi(coaches, 10_000, 0.0).ratio, 2) == 2.79
    assert round(valuation.sroi(coaches, 10_000, 0.0225).ratio, 2) == 2.69


def test_lm3_worked_answer_matches_the_package():
    from collectives import valuation

    shares = {"staff": 0.6, "growers": 0.5}
    assert round(valuation.lm3(100_000, {"staff": 30_000, "growers": 40_000}, respend_share=shares).ratio, 2) == 2.08
    assert round(valuation.lm3(100_000, {"staff": 30_000, "growers": 60_000}, respend_share=shares).ratio, 2) == 2.38


def test_sroi_worksheet_answers_in_words_match_the_package():
    import pandas as pd

    from collectives import valuation

    text = (ROOT / "exercises" / "day4-sroi.md").read_text(encoding="utf-8")
    solution = pd.DataFrame(
        [
            ("households", "lower energy bills", "households advised", 80, 150, 0.20, 0.25, 0.0, 0.10, 3),
            ("households", "warmer home", "households reporting a warmer home", 30, 100, 0.10, 0.0, 0.0, 0.0, 2),
            ("coaches", "new skills", "coaches trained", 10, 300, 0.0, 0.0, 0.0, 0.0, 1),
        ],
        columns=valuation.VALUE_MAP_COLUMNS,
    )
    sensitivity = valuation.sroi_sensitivity(solution, 10_000, 0.0225)
    order = sensitivity["assumption"].tolist()
    assert order[:2] == ["benefit_period_years", "investment"]
    assert set(order[2:4]) == {"quantity", "financial_proxy_eur"}
    assert "The benefit periods move the ratio most, then the investment, the quantities and the proxies." in text
    deadweight = sensitivity.set_index("assumption").loc["deadweight", "switching_value"]
    assert f"A deadweight of about {deadweight:.2f} for every outcome" in text
    volunteers = valuation.volunteer_value(400, wage_eur_per_hour=14.40)
    ratio = valuation.sroi(solution, 10_000 + volunteers, 0.0225).ratio
    assert f"(€{volunteers:,.0f}) as investment lowers the\nratio to about {ratio:.2f}" in text


def test_evaluate_programme_worksheet_answers_match_the_package():
    from collectives import data, evaluation
    from collectives.evaluation import case_study as pe

    text = (ROOT / "exercises" / "day4-evaluate-programme.md").read_text(encoding="utf-8")
    panel = pe.prepare_panel(data.load("monitor_panel"))
    after = panel[(panel["post"] == 1) & panel["retention_pp"].notna()]
    naive = evaluation.treated_vs_control(after, "retention_pp", treated="treated", cluster="municipality")
    did = evaluation.did_panel(panel, "retention_pp", "collective_id", "year", "support", cluster="municipality")
    placebo = evaluation.placebo(panel, "retention_pp", "collective_id", "year", treated_group="treated",
                                 first_treated_time=2020, fake_time=2017, cluster="municipality")

    def signed(x):
        return f"{x:+.1f}".replace("-", "−")

    assert f"About {naive.estimate:+.1f} points, with an interval of roughly {naive.ci[0]:.1f} to {naive.ci[1]:.1f}." in text
    assert f"About {did.estimate:+.1f} points, interval roughly {did.ci[0]:.1f} to {did.ci[1]:.1f}." in text
    assert f"interval (about {signed(did.ci[0])} to {signed(did.ci[1])} points)" in text
    assert (f"about {signed(placebo.estimate)} with an interval from about {signed(placebo.ci[0])} to "
            f"{signed(placebo.ci[1])}: it contains zero") in text
    assert placebo.ci[0] < 0 < placebo.ci[1] and naive.estimate > did.estimate
    assert did.ci[0] <= pe.counterfactual_effect("retention_pp") <= did.ci[1]
    assert "twelve of forty municipalities" in text
    per_group = panel.groupby("treated")["municipality"].nunique()
    assert (per_group[1], per_group.sum()) == (12, 40)


def test_design_kpis_worksheet_example_answers_match_the_package(tmp_path):
    from collectives import kpi, participant

    text = (ROOT / "exercises" / "day4-design-kpis.md").read_text(encoding="utf-8")
    example = tmp_path / "mijn_collectief.csv"
    example.write_text(text.split('example = """')[1].split('"""')[0], encoding="utf-8")
    mine = participant.read_participant_data(example, "monitor_panel")
    wide = kpi.to_wide(kpi.compute(mine.data, ["active_member_share", "volunteer_retention", "hours_per_volunteer"]))
    assert "active-member share about 0.63, volunteer retention about 0.7 and\nabout 6–7 volunteer hours" in text
    assert wide["active_member_share"].between(0.6, 0.66).all() and round(wide["active_member_share"].median(), 2) == 0.63
    assert round(wide["volunteer_retention"].mean(), 1) == 0.7
    assert set(wide["hours_per_volunteer"].round()) == {6, 7}


@pytest.mark.parametrize("path", chapters(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_chapter_parses(path):
    for exercise in parse_exercises(path):
        assert exercise.label and exercise.prompt.strip()


# Item 4: the exercise notebooks and worksheets are pages of the book, linked from the chapters.


def test_every_exercise_notebook_is_a_page_of_the_book_linked_from_a_chapter():
    from collectives.course import toc

    pages = {chapter["file"] for part in toc()["parts"] for chapter in part["chapters"]}
    chapter_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "book").rglob("*.md"))
    notebooks = sorted((ROOT / "exercises").glob("*.md"))
    assert notebooks
    for notebook in notebooks:
        page = f"exercises/{notebook.stem}"
        assert page in pages, f"{page} is not in the table of contents (book/course.yml, exercises)"
        assert f"{{doc}}`/{page}`" in chapter_text, f"no chapter links to {page} with {{doc}}"


def test_every_exercise_page_is_marked_as_a_printable_worksheet():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "print-worksheet.css" in config["sphinx"]["config"]["html_css_files"]
    css = (ROOT / "book" / "assets" / "print-worksheet.css").read_text(encoding="utf-8")
    assert "@media print" in css and "break-inside: avoid" in css
    for notebook in sorted((ROOT / "exercises").glob("*.md")):
        text = notebook.read_text(encoding="utf-8")
        assert "{container} worksheet" in text, f"{notebook.name} has no worksheet marker for the print stylesheet"
