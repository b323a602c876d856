"""Specifications of the opinion map (collectives.engagement.opinion), checked against the
planted groups and against red-dwarf, the maintained Python re-implementation of the Polis maths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score, silhouette_score

from collectives.engagement import opinion_map
from collectives.engagement.opinion import group_statistics, kmeans, map_stability, project, silhouette
from collectives.errors import DataError, ParameterError
from collectives.synthetic import OPINION_TRUTH, opinion_votes


@pytest.fixture(scope="module")
def conversation():
    v = opinion_votes()
    return v.drop(columns="planted_group").set_index("participant"), v.set_index("participant")["planted_group"]


@pytest.fixture(scope="module")
def result(conversation):
    return opinion_map(conversation[0])


def test_opinion_map_recovers_the_planted_groups(conversation, result):
    truth = conversation[1]
    ari = adjusted_rand_score(truth.loc[result.groups.index], result.groups)
    print(f"adjusted Rand index of the opinion map against the planted groups: {ari:.3f}")
    assert result.k == 3
    assert ari > 0.95


def test_opinion_map_ranks_the_planted_consensus_statements_first(result):
    assert set(result.consensus.index[:3]) == set(OPINION_TRUTH["consensus"])


def test_consensus_is_the_product_over_groups_of_laplace_smoothed_agree_rates(result):
    stats = result.statistics
    s01 = stats[stats["statement"] == "S01"]
    expected = np.prod((s01["agrees"] + 1) / (s01["votes"] + 2))
    assert result.consensus.loc["S01", "consensus"] == pytest.approx(expected)


def test_representative_statements_pass_both_tests_at_z_1_2816(result):
    rep = result.representative
    assert (rep["z"] > 1.2816).all() and (rep["z_rest"] > 1.2816).all()
    assert set(rep["group"]) == {1, 2, 3}
    assert not set(rep["statement"]) & set(OPINION_TRUTH["consensus"])


def test_projection_scales_sparse_voters_by_the_square_root_of_statements_over_votes():
    votes = np.array([[1, 1, -1, -1], [1, np.nan, np.nan, np.nan], [-1, -1, 1, 1], [1, 1, -1, 1]], dtype=float)
    coords, _ = project(votes)
    seen = ~np.isnan(votes)
    filled = np.where(seen, votes, np.nanmean(votes, axis=0))
    centred = filled - filled.mean(axis=0)
    _, _, vt = np.linalg.svd(centred)
    raw = centred @ vt[:2].T
    scale = np.sqrt(4 / seen.sum(axis=1))
    assert np.allclose(np.abs(coords), np.abs(raw * scale[:, None]), atol=1e-6)


def test_silhouette_and_kmeans_agree_with_scikit_learn():
    rng = np.random.default_rng(2)
    pts = np.vstack([rng.normal(c, 0.3, size=(40, 2)) for c in ((0, 0), (3, 0), (0, 3))])
    labels = kmeans(pts, 3, seed=1)
    truth = np.repeat([0, 1, 2], 40)
    assert adjusted_rand_score(truth, labels) == 1.0
    assert silhouette(pts, labels) == pytest.approx(silhouette_score(pts, labels))


def test_group_statistics_match_red_dwarf(conversation, result):
    stats_mod = pytest.importorskip("reddwarf.utils.stats")
    votes = conversation[0].loc[result.groups.index].astype(float)
    labels = result.groups.to_numpy() - 1
    n_g_c, n_v_g_c, p_v_g_c, _, p_test, r_test, consensus = stats_mod.calculate_comment_statistics(
        vote_matrix=votes, cluster_labels=labels)
    ours = group_statistics(votes.to_numpy(), labels, list(votes.columns))
    A, D = stats_mod.votes.A, stats_mod.votes.D
    for g in range(3):
        mine = ours[ours["group"] == g]
        assert np.array_equal(mine["votes"], n_g_c[g]) and np.array_equal(mine["agrees"], n_v_g_c[A, g])
        assert np.allclose(mine["agree_rate"], p_v_g_c[A, g]) and np.allclose(mine["disagree_rate"], p_v_g_c[D, g])
        assert np.allclose(mine["z_agree"], p_test[A, g]) and np.allclose(mine["z_agree_rest"], r_test[A, g])
    gac = pd.Series(consensus[A], index=votes.columns)
    mine = ours.groupby("statement")["agree_rate"].prod()
    assert np.allclose(mine.loc[gac.index], gac)


def test_a_map_needs_about_fifty_participants_to_be_stable(conversation):
    votes, truth = conversation
    table = map_stability(votes, truth, sizes=(15, 50), repeats=8, seed=1)
    median = table.groupby("participants")["ari"].median()
    assert median.loc[50] > 0.9 > median.loc[15]


def test_fewer_participants_than_groups_asked_is_refused(conversation):
    with pytest.raises(ParameterError, match="groups"):
        opinion_map(conversation[0].iloc[:3].fillna(0), groups=4)


def test_a_statement_no_one_saw_is_named():
    votes = pd.DataFrame({"S1": [1, -1, 1, 0], "S2": [np.nan] * 4, "S3": [1, 1, -1, -1]})
    with pytest.raises(DataError, match="column 'S2': no one saw this statement"):
        opinion_map(votes)


def test_a_cell_that_is_not_a_vote_is_named():
    votes = pd.DataFrame({"S1": [1, -1, 2, 0], "S2": [1, 1, "yes", -1]})
    with pytest.raises(DataError) as err:
        opinion_map(votes)
    assert "row 4, column 'S1': not a vote (found 2)" in str(err.value)
    assert "row 4, column 'S2'" in str(err.value)
