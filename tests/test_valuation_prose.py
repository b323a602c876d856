"""Claims of the social-value chapter that are written in words, recomputed so they cannot go stale.

Its numbers are glued from the code cells (tests/test_glue_keys.py checks the keys); what
remains typed is an order ("the benefit periods move it most, then the investment"), a
comparison ("about half", "a little") or a direction ("stays positive but shrinks"). The
value map and the other inputs are read from the chapter's code cells.
"""

from __future__ import annotations

import ast

import jupytext
import pandas as pd
import pytest

from collectives import valuation
from collectives.course import ROOT
from collectives.figures.valuation import sroi_parts

CHAPTER = ROOT / "book" / "day4" / "social-value.md"


def chapter_cell(marker: str) -> str:
    cells = [c.source for c in jupytext.read(CHAPTER).cells if c.cell_type == "code" and marker in c.source]
    assert len(cells) == 1, f"{marker!r} is in {len(cells)} code cells of {CHAPTER.name}"
    return cells[0]


@pytest.fixture(scope="module")
def chapter():
    namespace = {"pd": pd, "valuation": valuation}
    for marker in ("value_map = pd.DataFrame", "costs = [", "lm3_local = valuation.lm3"):
        run_assignments(chapter_cell(marker), namespace)
    return namespace


def run_assignments(source: str, namespace: dict) -> None:
    """Run a cell's statements, leaving out the bare expressions it only displays."""
    tree = ast.parse(source)
    tree.body = [node for node in tree.body if not isinstance(node, ast.Expr)]
    exec(compile(tree, str(CHAPTER), "exec"), namespace)                      # noqa: S102


def test_deadweight_displacement_and_attribution_take_off_about_half_of_year_1(chapter):
    parts = sroi_parts(chapter["base"]).set_index("step")["amount_eur"].to_numpy()
    gross, taken_off, later, discounting = parts[0], -parts[1:4].sum(), parts[4], -parts[5]
    assert 0.4 <= taken_off / gross <= 0.6
    assert later > 0 and 0 < discounting < 0.1 * chapter["base"].present_value   # "add some back", "a little off"


def test_the_tornado_ranks_the_assumptions_as_the_alt_text_reads(chapter):
    sensitivity = valuation.sroi_sensitivity(chapter["value_map"], chapter["investment"],
                                             discount_rate=valuation.MKBA_STANDARD_DISCOUNT_RATE_NL_2021)
    order = sensitivity["assumption"].tolist()
    assert order[:2] == ["benefit_period_years", "investment"]
    assert set(order[2:4]) == {"quantity", "financial_proxy_eur"} and set(order[4:6]) == {"deadweight", "attribution"}
    swing = sensitivity.set_index("assumption")
    assert swing.loc["quantity", ["ratio_low", "ratio_high"]].round(2).tolist() == \
        swing.loc["financial_proxy_eur", ["ratio_low", "ratio_high"]].round(2).tolist()   # "(… each)"


def test_the_mkba_balance_stays_positive_but_shrinks_with_the_rate(chapter):
    npv = [result.net_present_value for _, result in sorted(chapter["cba"].items())]
    assert all(v > 0 for v in npv) and npv == sorted(npv, reverse=True)


def test_local_growers_keep_more_money_local_than_the_wholesaler(chapter):
    assert chapter["lm3_local"].ratio > chapter["lm3_wholesale"].ratio
    assert chapter["lm3_local"].round1 == chapter["lm3_wholesale"].round1      # "Both start with …"


def test_counting_volunteer_time_brings_the_ratio_below_one(chapter):
    namespace = dict(chapter)
    run_assignments(chapter_cell("volunteer_hours = "), namespace)
    assert namespace["base"].ratio > 1 > namespace["with_volunteers"].ratio
