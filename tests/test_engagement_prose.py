"""Numbers written in the day-3 chapters' prose and solutions, recomputed so they cannot go stale."""

from __future__ import annotations

import pytest

from collectives import data, engagement
from collectives.engagement import choice, reach
from collectives.synthetic import dce_choices


def test_mix_solution_names_the_best_mix_within_6000_euro():
    best = reach.best_mix(data.load("neighbourhood"), 6000).iloc[0]
    assert best["mix"] == "kitchen-table talks + survey (paper and online) + online opinion conversation"
    assert best["cost_eur"] == 6000


def test_dce_solution_numbers():
    wtp = engagement.willingness_to_pay(engagement.estimate(data.load("dce_choices")))
    assert round(-wtp.loc["hours_per_month", "wtp_eur"]) == 59
    assert round(-4 * wtp.loc["hours_per_month", "wtp_eur"] / 5) * 5 == 235
    assert round(wtp.loc["vote", "wtp_eur"] / 10) * 10 == 210
    sizes = choice.sample_size_simulation(lambda seed, n: dce_choices(seed, n), sizes=(25, 50, 100, 200, 400),
                                          repeats=20).set_index("respondents")     # as in the chapter
    assert (sizes.loc[25, "p95"] - sizes.loc[25, "p5"]) > 200
    assert round(sizes.loc[200, "p5"], -1) == 180 and round(sizes.loc[200, "p95"], -1) == 240


def test_seed_solution_greedy_choice_tells_a_broker_and_someone_in_the_flat():
    graph = engagement.network_graph(data.load("communication_network"))
    greedy = engagement.choose_first(graph, 3, "greedy", probability=0.4)
    assert {"P34", "P46"} <= set(greedy)
    assert engagement.expected_reach(graph, ["P34", "P20", "P46"], probability=0.4) > \
        engagement.expected_reach(graph, engagement.choose_first(graph, 3, "most connected"), probability=0.4)


@pytest.mark.parametrize("name, expected", [("Residents next to the site", "dependent"),
                                            ("Action group 'Open Landscape'", "demanding"),
                                            ("Commercial solar developer", "dangerous")])
def test_salience_types_named_in_the_stakeholder_chapter(name, expected):
    table = engagement.classify(data.load("stakeholders")).set_index("stakeholder")
    assert table.loc[name, "salience"] == expected
