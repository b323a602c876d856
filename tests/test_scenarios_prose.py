"""Claims of the scenario lab's chapters that are written in words, recomputed from their own run.

Each chapter's code cells run here as they do in the book (same seeds, a few seconds each).
Alt texts and solutions say in words what the models show ("never reach it", "around a
third", "best in every world", "adds few", "the bands widen"): a change of a model or its
estimates that makes a sentence false fails here.
"""

from __future__ import annotations

import jupytext
import pytest

from collectives.course import ROOT
from collectives.scenarios import STRATEGIES

DAY5 = ROOT / "book" / "day5"


def run_chapter(path):
    """The namespace of a chapter after all its code cells ran, in its own folder."""
    import os

    namespace: dict = {}
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        for cell in jupytext.read(path).cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, str(path), "exec"), namespace)        # noqa: S102
    finally:
        os.chdir(here)
    return namespace


@pytest.fixture(scope="module")
def chapter():
    return run_chapter(DAY5 / "scenarios.md")


def chances(plan, strategy):
    return plan[plan["strategy"] == strategy].set_index("start_year")["chance"]


def test_the_backcast_alt_text_reads_as_the_model_computes(chapter):
    plan = chapter["plan"]
    for never in ("hands off", "facilitate"):                 # "Hands off and facilitate never reach it"
        assert chances(plan, never).max() < 0.01
    for strong in ("co-own", "commission"):                   # "start high … fall steeply … almost zero for 2029"
        chance = chances(plan, strong)
        assert chance[2025] >= 0.8 and chance.is_monotonic_decreasing
        assert chance[2029] < 0.02


def test_the_backcast_solution_no_strategy_reaches_80_percent_when_started_in_2027(chapter):
    plan = chapter["plan"]
    in_2027 = plan[plan["start_year"] == 2027].set_index("strategy")["chance"]
    assert (in_2027 < 0.8).all()
    for strategy in ("co-own", "commission"):                  # "drop to around a third"
        assert 0.25 <= in_2027[strategy] <= 0.45, in_2027


def test_the_robust_strategy_solution_reads_as_the_matrix_computes(chapter):
    matrix = chapter["matrix"]
    members = matrix[(matrix["variable"] == "members") & (matrix["year"] == 2035)]
    rankings = {world: list(rows.sort_values("median", ascending=False)["strategy"])
                for world, rows in members.groupby("world")}
    # "best in every world", "hands off is last", "the ranking does not change (co-own and
    # commission swap first place between worlds)"
    tied_first = {(frozenset(r[:2]), *r[2:]) for r in rankings.values()}
    assert tied_first == {(frozenset({"co-own", "commission"}), "facilitate", "hands off")}, rankings
    for world, rows in members.groupby("world"):                    # "their bands overlap"
        band = rows.set_index("strategy")
        assert band.loc["co-own", "low"] <= band.loc["commission", "high"], world
        assert band.loc["commission", "low"] <= band.loc["co-own", "high"], world
    grants = {name: levers.get("grant_eur", 0) for name, (_, levers) in STRATEGIES.items()}
    assert (grants["commission"], grants["co-own"]) == (15_000, 5_000)   # "a 15,000 euro grant against 5,000"


def test_the_population_solution_more_supporters_help_until_about_half_are_willing():
    cell = run_chapter(DAY5 / "population.md")["cell"]
    many = cell[(0.08, 0.5)] - cell[(0.08, 0.25)]          # "from 25% to 50% adds many initiatives"
    few = cell[(0.08, 1.0)] - cell[(0.08, 0.5)]            # "from 50% to 100% adds few"
    assert many >= 3 and few <= many / 4, cell


def test_the_fan_chart_alt_text_reads_as_the_runs_compute():
    namespace = run_chapter(DAY5 / "one-collective.md")
    band, shared = namespace["band"], namespace["shared"]
    first = band.index.min()
    for scenario in ("hands off", "facilitate"):  # "the 90% bands widen for five years and then stay about as wide"
        width = band[(0.95, scenario)] - band[(0.05, scenario)]
        assert width.loc[first:first + 5].is_monotonic_increasing, width
        later = width.loc[first + 5:]
        assert later.max() <= 1.15 * later.iloc[0] and later.min() >= 0.85 * later.iloc[0], width
    after_peak = shared.loc[shared.idxmax():]               # "largest in … and shrinks after that"
    assert after_peak.is_monotonic_decreasing, shared
