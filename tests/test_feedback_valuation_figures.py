"""Specifications for the figures and widgets of feedback loops and social value (deep dive 4)."""

from __future__ import annotations

import pandas as pd
import pytest

from collectives import feedback, valuation
from collectives.errors import ParameterError
from collectives.figures import feedback as ffig
from collectives.figures import valuation as vfig
from collectives.explorer import assert_twin_matches_live
from collectives.widgets.feedback import delay_explorer
from collectives.widgets.valuation import apply_assumptions, value_map_explorer


def value_map() -> pd.DataFrame:
    return pd.DataFrame([
        ("members", "lower bills", "households", 20, 500, 0.25, 0.2, 0.1, 0.5, 3),
        ("neighbours", "less loneliness", "residents", 10, 300, 0.0, 0.5, 0.0, 0.0, 1),
    ], columns=valuation.VALUE_MAP_COLUMNS)


# --------------------------------------------------------------------------- causal loop diagrams


def test_causal_loop_diagram_draws_every_link_with_its_sign_and_every_loop_label():
    nodes = {"a": (0.2, 0.5), "b": (0.8, 0.5)}
    fig = ffig.causal_loop_diagram(nodes, [("a", "b", "+", 0.3), ("b", "a", "-", 0.3)],
                                   loops=[("B1", 0.5, 0.5, "balances")], title="t", alt="A balancing loop.")
    texts = [a.text for a in fig.layout.annotations]
    assert "<b>+</b>" in texts and "<b>−</b>" in texts
    assert any("B1" in t and "balancing" in t for t in texts)
    assert {"a", "b"} <= set(texts)
    hovers = [t.hovertemplate for t in fig.data if t.hovertemplate]
    assert any("More b when a goes up" in h for h in hovers) and any("Less a when b goes up" in h for h in hovers)
    # the − link is dashed as well as coloured: never colour alone
    assert {t.line.dash for t in fig.data if t.mode == "lines"} == {"solid", "dash"}
    assert fig.layout.meta["alt"] == "A balancing loop."


def test_causal_loop_diagram_refuses_unknown_variables_and_polarities():
    with pytest.raises(ParameterError, match="variables that are in nodes"):
        ffig.causal_loop_diagram({"a": (0, 0)}, [("a", "z", "+")], title="t", alt="x")
    with pytest.raises(ParameterError, match="polarity"):
        ffig.causal_loop_diagram({"a": (0, 0), "b": (1, 1)}, [("a", "b", "up")], title="t", alt="x")
    with pytest.raises(ParameterError, match="alt"):
        ffig.causal_loop_diagram({"a": (0, 0), "b": (1, 1)}, [("a", "b", "+")], title="t", alt="")


def test_pdca_cycle_has_four_boxes_joined_in_order():
    fig = ffig.pdca_cycle({"Plan": "p", "Do": "d", "Check": "c", "Act": "a"}, title="t", alt="A cycle.")
    boxes = [a.text for a in fig.layout.annotations if a.text and a.text.startswith("<b>")]
    assert boxes == ["<b>Plan</b><br>p", "<b>Do</b><br>d", "<b>Check</b><br>c", "<b>Act</b><br>a"]
    assert sum(a.showarrow is True for a in fig.layout.annotations) == 4


def test_burnout_figure_marks_capacity_and_tipping_point():
    runs = {"start 30": feedback.volunteer_burnout(initial=30)}
    fig = ffig.burnout_figure(runs, title="t", alt="x")
    texts = [a.text for a in fig.layout.annotations]
    assert any(t.startswith("capacity (33)") for t in texts) and any(t.startswith("tipping point (29)") for t in texts)


def test_survey_items_figure_highlights_the_lowest_item_by_colour_and_shape():
    summary = feedback.survey_item_summary(pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 5]}), ["a", "b"])
    fig = ffig.survey_items_figure(summary, {"a": "Item A"}, title="t", alt="x")
    trace = fig.data[0]
    assert list(trace.y) == ["b", "Item A"]
    assert list(trace.marker.symbol) == ["circle", "diamond"]


# --------------------------------------------------------------------------- valuation figures


def test_sroi_parts_add_up_to_the_present_value():
    r = valuation.sroi(value_map(), 5_000, 0.1)
    parts = vfig.sroi_parts(r)
    assert parts["amount_eur"].sum() == pytest.approx(r.present_value)
    # hand calculation of the guide example: gross 10,000 + 3,000; deadweight 2,500; displacement 750;
    # attribution 1,350 + 1,500
    assert parts["amount_eur"].iloc[:4].tolist() == pytest.approx([13_000, -2_500, -750, -2_850])


def test_sroi_waterfall_ends_with_present_value_and_investment_and_names_the_ratio():
    r = valuation.sroi(value_map(), 5_000, 0.0)
    fig = vfig.sroi_waterfall(r, alt="x")
    assert list(fig.data[0].measure)[-2:] == ["total", "absolute"]
    assert fig.data[0].y[-1] == 5_000
    assert fig.layout.title.text.startswith("SROI ratio 2.19 : 1")


def test_tornado_puts_the_largest_swing_on_top_and_labels_switching_values():
    table = valuation.sroi_sensitivity(value_map(), 5_000, 0.035)
    fig = vfig.tornado(table, title="t", alt="x")
    top_label = fig.data[0].y[-1]  # plotly draws the last category on top
    assert top_label.startswith({"benefit_period_years": "Benefit periods", "investment": "Investment",
                                 "quantity": "Quantities", "financial_proxy_eur": "Financial proxies",
                                 "deadweight": "Deadweight", "attribution": "Attribution"}
                                .get(table["assumption"].iloc[0], table["assumption"].iloc[0]))
    assert any("1 : 1 at" in y for y in fig.data[0].y)
    with pytest.raises(ParameterError):
        vfig.tornado(pd.DataFrame({"x": [1]}), title="t", alt="x")


def test_value_map_table_shows_percentages_and_euros():
    r = valuation.sroi(value_map(), 5_000, 0.0)
    t = vfig.value_map_table(r.impacts)
    assert t.loc[0, "Deadweight"] == "25%" and t.loc[0, "Impact year 1 (€)"] == "5,400"


def test_lm3_figure_stacks_three_rounds_and_writes_the_score():
    r = valuation.lm3(100_000, {"staff": 30_000, "growers": 40_000}, respend_share={"staff": 0.6, "growers": 0.5})
    fig = vfig.lm3_figure({"local": r}, title="t", alt="x")
    assert [t.y[0] for t in fig.data] == [100_000, 70_000, 38_000]
    assert fig.layout.annotations[0].text == "<b>LM3 = 2.08</b>"


def test_logic_model_has_one_box_per_stage_and_arrows_between():
    fig = vfig.logic_model({"Inputs": ["a"], "Activities": ["b"], "Outputs": ["c"]}, title="t", alt="x")
    boxes = [a for a in fig.layout.annotations if a.text]
    assert [b.text.split("</b>")[0] for b in boxes] == ["<b>1. Inputs", "<b>2. Activities", "<b>3. Outputs"]
    assert sum(a.showarrow is True for a in fig.layout.annotations) == 2


# --------------------------------------------------------------------------- widgets


def test_delay_explorer_redraws_and_explains_bad_values():
    box = delay_explorer().widget()
    fig = box.render(delay_months=0, adjustment_time_months=4, goal=40)
    assert "without overshooting" in fig.layout.title.text.replace("<br>", " ")
    assert box.render(adjustment_time_months=-2) is None
    assert "Adjustment time" in box.message.value


def test_delay_explorer_twin_shows_overshoot_growing_with_the_delay_and_matches_the_live_widget():
    explorer = delay_explorer()
    twin = explorer.twin()
    assert len(twin.views) == 4 * 3  # delays 0, 3, 6, 12 × adjustment times 2, 4, 8
    titles = [twin.views[(d, 1)].figure["layout"]["title"]["text"].replace("<br>", " ") for d in range(4)]
    assert "without overshooting" in titles[0] and all("overshoots" in t for t in titles[2:])
    assert_twin_matches_live(explorer)


def test_value_map_explorer_applies_one_value_to_every_outcome_and_refuses_120_percent():
    explorer = value_map_explorer(value_map(), 5_000)
    assert len(explorer.twin().views) == 7 * 3  # deadweights 0 to 60% × attributions 0, 25, 50%
    assert_twin_matches_live(explorer)
    box = explorer.widget()
    fig = box.render(deadweight_pct=0, attribution_pct=0, drop_off_pct=0, discount_rate_pct=0, benefit_period_years=1)
    # one year, no deadweight, attribution or drop-off; displacement stays per row: 10,000 × 0.9 + 3,000
    assert fig.layout.title.text.startswith("SROI ratio 2.40")
    assert box.render(deadweight_pct=120) is None
    assert "Deadweight (%)" in box.message.value and "0 to 100" in box.message.value
    assert box.render(discount_rate_pct=45) is None and "Discount rate" in box.message.value
    assert box.render(benefit_period_years=0) is None and "Benefit period" in box.message.value


def test_apply_assumptions_sets_fractions_from_percentages():
    vm = apply_assumptions(value_map(), deadweight_pct=30, attribution_pct=10, drop_off_pct=20, benefit_period_years=2)
    assert vm["deadweight"].tolist() == [0.3, 0.3] and vm["benefit_period_years"].tolist() == [2, 2]


def test_the_value_map_explorers_fast_figure_equals_the_validated_waterfall():
    r = valuation.sroi(value_map(), 5_000, 0.0)
    fast, slow = vfig.value_map_view(r), vfig.sroi_waterfall(r, alt="x")
    for key in ("x", "y", "measure", "text"):
        assert list(fast.data[0][key]) == list(slow.data[0][key])
    assert fast.layout.title.text == slow.layout.title.text and fast.layout.meta["alt"].startswith("SROI ratio 2.19")
