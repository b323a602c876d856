"""The engagement explorers: static twin and live widget agree; they react to their controls."""

from __future__ import annotations

import pytest

from collectives.engagement import network_graph
from collectives.explorer import assert_twin_matches_live
from collectives.synthetic import communication_network, opinion_votes, stakeholder_register
from collectives.widgets.engagement import opinion_explorer, reach_explorer, stakeholder_explorer


@pytest.fixture(scope="module")
def graph():
    return network_graph(communication_network())


def test_stakeholder_explorer_twin_matches_live_and_shows_the_type_and_level():
    explorer = stakeholder_explorer(stakeholder_register())
    assert_twin_matches_live(explorer)
    live = explorer.widget()
    assert "demanding" in live.render(power=2, interest=4, legitimacy=False, urgency=True).layout.meta["alt"]
    fig = live.render(power=2, interest=4, legitimacy=True, urgency=True)
    assert "dependent" in fig.layout.meta["alt"] and "'involve'" in fig.layout.meta["alt"]


def test_reach_explorer_twin_matches_live_and_channels_raise_reach(graph):
    explorer = reach_explorer(graph)
    assert len(explorer.twin().views) <= 40
    assert_twin_matches_live(explorer)
    alone = explorer.compute(strategy="most connected", first=1, channels="none", probability=0.2)
    more = explorer.compute(strategy="most connected", first=1, channels="newsletter", probability=0.2)
    assert more["curve"]["informed"].iloc[-1] > alone["curve"]["informed"].iloc[-1]


def test_opinion_explorer_twin_matches_live_and_finds_three_groups_with_all_participants():
    votes = opinion_votes().drop(columns="planted_group").set_index("participant")
    explorer = opinion_explorer(votes)
    assert_twin_matches_live(explorer)
    result = explorer.compute(participants=len(votes), groups="auto")
    assert result.k == 3
    fixed = explorer.compute(participants=60, groups=4)
    assert fixed.k == 4
