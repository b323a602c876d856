"""Specifications of collectives.engagement: stakeholders, network, diffusion and channel reach."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from collectives import engagement
from collectives.engagement import diffusion, reach
from collectives.engagement.stakeholders import SOLAR_FIELD_PHASES, salience_view
from collectives.errors import DataError, ParameterError
from collectives.synthetic import (NETWORK_TRUTH, communication_network, expected_classes,
                                   neighbourhood_population, stakeholder_register)

# Mitchell, Agle & Wood (1997), figure 2: the seven types and the non-stakeholder
TYPOLOGY = {
    (True, False, False): "dormant", (False, True, False): "discretionary", (False, False, True): "demanding",
    (True, True, False): "dominant", (True, False, True): "dangerous", (False, True, True): "dependent",
    (True, True, True): "definitive", (False, False, False): "non-stakeholder",
}


@pytest.mark.parametrize("attributes", list(itertools.product([True, False], repeat=3)))
def test_salience_matches_the_typology_on_all_eight_combinations(attributes):
    assert engagement.salience(*attributes) == TYPOLOGY[attributes]


def test_salience_accepts_yes_and_no_in_dutch_and_english():
    assert engagement.salience("ja", "nee", "yes") == "dangerous"


def test_salience_names_the_attribute_with_an_unknown_value():
    with pytest.raises(ParameterError, match="urgency = 'maybe'.*yes or no"):
        engagement.salience(True, True, "maybe")


def test_classify_reproduces_the_register_answer_key():
    register = stakeholder_register()
    got = engagement.classify(register).set_index("stakeholder")
    key = expected_classes(register)
    assert (got["mendelow"] == key["mendelow"]).all()
    assert (got["salience"].replace("non-stakeholder", "none") == key["salience"]).all()


def test_classify_reports_an_unknown_attribute_value_with_row_and_column():
    register = stakeholder_register().astype({"legitimacy": object, "power": object})
    register.loc[2, "legitimacy"] = "perhaps"
    register.loc[4, "power"] = 7
    with pytest.raises(DataError) as err:
        engagement.classify(register)
    text = str(err.value)
    assert "row 4, column 'legitimacy'" in text and "'perhaps'" in text and "yes or no" in text
    assert "row 6, column 'power'" in text and "from 1 to 5" in text


def test_classify_does_not_modify_the_register():
    register = stakeholder_register()
    before = register.copy()
    engagement.classify(register)
    pd.testing.assert_frame_equal(register, before)


def test_engagement_plan_gives_every_stakeholder_an_iap2_level_and_a_reason():
    plan = engagement.engagement_plan(stakeholder_register())
    assert set(plan["iap2"]) <= set(engagement.IAP2_LEVELS)
    assert plan["reason"].str.len().min() > 10
    assert plan.loc[plan["stakeholder"] == "Members of the cooperative", "iap2"].item() == "empower"
    assert plan.loc[plan["stakeholder"] == "Residents next to the site", "iap2"].item() == "involve"
    assert plan["iap2"].iloc[0] == "empower"          # sorted from the most intensive level


def test_neighbours_become_definitive_during_objections_and_return_afterwards():
    wide = engagement.salience_over_phases(SOLAR_FIELD_PHASES)
    assert wide.loc["Residents next to the site"].tolist() == ["discretionary", "definitive", "discretionary"]
    assert list(wide.columns) == ["before the permit", "objection and appeal", "in operation"]


def test_salience_view_changes_type_and_level_with_the_attributes():
    low = salience_view(power=2, interest=2, legitimacy=True, urgency=False)
    high = salience_view(power=5, interest=5, legitimacy=True, urgency=True)
    assert (low["salience"], low["iap2"]) == ("discretionary", "inform")
    assert (high["salience"], high["iap2"]) == ("definitive", "collaborate")


def test_mendelow_rejects_a_score_outside_one_to_five():
    with pytest.raises(ParameterError, match="interest = 9"):
        engagement.mendelow(3, 9)


# ---------------------------------------------------------------- network

@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    return engagement.network_graph(communication_network())


def test_brokers_finds_the_planted_brokers(graph):
    assert sorted(engagement.brokers(graph, k=3)) == sorted(NETWORK_TRUTH["brokers"])


def test_brokers_have_the_lowest_constraint_and_the_highest_betweenness(graph):
    table = engagement.centrality(graph).set_index("person")
    planted = list(NETWORK_TRUTH["brokers"])
    others = table.drop(index=planted)
    assert table.loc[planted, "constraint"].max() < others["constraint"].min()
    assert set(table["betweenness"].nlargest(2).index) <= set(planted)


def test_components_find_the_cut_off_group(graph):
    comps = engagement.components(graph)
    assert len(comps) == NETWORK_TRUTH["components"]
    assert comps.loc[1, "groups"] == NETWORK_TRUTH["isolated_group"]
    assert len(engagement.cut_off(graph)) == 7


def test_a_star_has_its_centre_as_the_only_broker():
    star = nx.star_graph(5)
    assert engagement.brokers(star, k=1) == [0]


def test_a_network_with_no_edges_is_refused():
    with pytest.raises(DataError, match="no ties"):
        engagement.network_graph(pd.DataFrame({"source": [], "target": []}))
    empty = nx.Graph()
    empty.add_nodes_from([1, 2])
    with pytest.raises(ParameterError, match="no ties"):
        engagement.brokers(empty)


def test_a_self_loop_is_refused_with_its_row():
    ties = pd.DataFrame({"source": ["A", "B"], "target": ["B", "B"]})
    with pytest.raises(DataError, match=r"row 3, column 'target': self-loop"):
        engagement.network_graph(ties)


def test_brokers_rejects_k_below_one(graph):
    with pytest.raises(ParameterError, match="k = 0"):
        engagement.brokers(graph, k=0)


# ---------------------------------------------------------------- diffusion

def test_cascade_with_certain_passing_on_follows_the_shortest_paths():
    path = nx.path_graph(5)
    curve = engagement.reach_over_time(path, [0], probability=1.0, steps=4, runs=5)
    assert curve["informed"].tolist() == [1, 2, 3, 4, 5]


def test_cascade_with_no_passing_on_reaches_only_the_first_told():
    curve = engagement.reach_over_time(nx.complete_graph(6), [0, 1], probability=0.0, steps=3, runs=20)
    assert curve["informed"].tolist() == [2, 2, 2, 2]


def test_cascade_expected_reach_on_a_pair_is_one_plus_the_probability():
    reach_pair = engagement.expected_reach(nx.path_graph(2), [0], probability=0.3, runs=20000, seed=3)
    assert reach_pair == pytest.approx(1.3, abs=0.02)
    sim = engagement.reach_over_time(nx.path_graph(2), [0], probability=0.3, steps=1, runs=20000, seed=3)
    assert sim["informed"].iloc[-1] == pytest.approx(1.3, abs=0.02)


def test_cascade_is_reproducible_with_a_seed(graph):
    a = engagement.reach_over_time(graph, ["P01"], seed=5)
    b = engagement.reach_over_time(graph, ["P01"], seed=5)
    pd.testing.assert_frame_equal(a, b)


def test_greedy_first_told_reach_at_least_as_far_as_most_connected_and_random(graph):
    greedy = engagement.choose_first(graph, 3, "greedy", probability=0.4)
    degree = engagement.choose_first(graph, 3, "most connected", probability=0.4)
    r_greedy = engagement.expected_reach(graph, greedy, probability=0.4, seed=11)
    r_degree = engagement.expected_reach(graph, degree, probability=0.4, seed=11)
    r_random = engagement.reach_over_time(graph, random_first=3, probability=0.4, steps=30, runs=2000)["informed"].iloc[-1]
    assert r_greedy >= r_degree - 0.5 and r_greedy > r_random
    # with enough spread, the greedy choice tells someone in the cut-off flat
    assert any(p in engagement.cut_off(graph) for p in greedy)


def test_channels_reach_groups_as_declared(graph):
    by_group = diffusion.reach_by_group(graph, probability=0.0, steps=1, runs=4000, channels=["group chat"]).set_index("group")
    assert by_group.loc["flat De Linde", "share informed"] == 0
    assert by_group.loc["board", "share informed"] == pytest.approx(0.9, abs=0.03)


def test_unknown_first_told_and_channel_are_named(graph):
    with pytest.raises(ParameterError, match="first_told = 'Z99'"):
        engagement.reach_over_time(graph, ["Z99"])
    with pytest.raises(ParameterError, match="channels = 'fax'"):
        engagement.reach_over_time(graph, channels=["fax"])
    with pytest.raises(ParameterError, match="probability = 1.5"):
        engagement.reach_over_time(graph, probability=1.5)


# ---------------------------------------------------------------- channel reach

@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return neighbourhood_population()


def test_online_channels_miss_residents_without_digital_access(population):
    table = reach.reach_by_group(population)
    offline = table[(table["attribute"] == "digital_access") & (table["value"] == "no")].set_index("channel")
    assert offline.loc["online platform", "ratio"] < 0.1
    assert offline.loc["door-to-door", "ratio"] > 1


def test_a_mix_reaches_at_least_as_many_as_its_best_channel(population):
    single = max(reach.mix_reach(population, [c]) for c in ("door-to-door", "survey (paper and online)"))
    assert reach.mix_reach(population, ["door-to-door", "survey (paper and online)"]) > single


def test_mix_reach_is_one_minus_the_product_of_misses():
    pop = neighbourhood_population(size=50)
    p = reach.reach_probabilities(pop, ["door-to-door", "members' evening"]).to_numpy()
    expected = (1 - (1 - p[:, 0]) * (1 - p[:, 1])).mean()
    assert reach.mix_reach(pop, ["door-to-door", "members' evening"]) == pytest.approx(expected)


def test_best_mix_stays_within_budget_and_maximises_the_least_reached_group(population):
    table = reach.best_mix(population, budget_eur=8000)
    assert (table["cost_eur"] <= 8000).all()
    assert table["reach of least reached"].is_monotonic_decreasing
    assert "kitchen-table talks" in table.loc[0, "mix"]


def test_best_mix_refuses_a_budget_below_the_cheapest_channel(population):
    with pytest.raises(ParameterError, match="budget_eur = 100.*at least 800"):
        reach.best_mix(population, 100)
