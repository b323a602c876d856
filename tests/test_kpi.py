"""Specifications of collectives.kpi: the catalogue, computing indicators, benchmarking
against peers, and composite indices with their sensitivity to the weights.

Every indicator is checked on a tiny hand-made panel whose values are worked out in the
comments next to the expected numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from collectives import kpi
from collectives.errors import DataError, ParameterError

PANEL_COLUMNS = {
    "collective_id", "name", "municipality", "sector", "founded_year", "ended_year", "year", "members",
    "active_members", "volunteers", "volunteers_retained", "volunteer_hours_per_week", "meetings",
    "meeting_attendance", "board_size", "board_women", "members_women", "revenue_eur", "subsidies_eur",
    "programme_municipality", "municipal_support", "kwh_produced", "homes", "care_hours", "meals",
    "jobs_fte", "trips", "activities",
}


def row(cid, sector, year, **values):
    base = dict(collective_id=cid, name=cid, municipality="Utrecht", sector=sector, year=year, members=100,
                active_members=20, volunteers=10, volunteers_retained=5, volunteer_hours_per_week=20, meetings=2,
                meeting_attendance=20, board_size=5, board_women=2, members_women=50, revenue_eur=10_000,
                subsidies_eur=1_000, kwh_produced=None, homes=None, care_hours=None, meals=None, jobs_fte=None,
                trips=None, activities=None)
    base.update(values)
    return base


@pytest.fixture
def panel() -> pd.DataFrame:
    """CC001 (energy) in 2023 and 2024, and one collective of every other sector in 2024."""
    return pd.DataFrame([
        row("CC001", "energy", 2023, members=100, active_members=30, volunteers=10, volunteers_retained=0,
            volunteer_hours_per_week=40, meetings=2, meeting_attendance=25, board_size=5, board_women=2,
            members_women=40, revenue_eur=50_000, subsidies_eur=10_000, kwh_produced=300_000),
        row("CC001", "energy", 2024, members=125, active_members=50, volunteers=16, volunteers_retained=8,
            volunteer_hours_per_week=48, meetings=3, meeting_attendance=25, board_size=6, board_women=3,
            members_women=50, revenue_eur=60_000, subsidies_eur=6_000, kwh_produced=500_000),
        row("CC002", "food", 2024, members=40, volunteers=20, volunteer_hours_per_week=10, meals=2_080),
        row("CC003", "housing", 2024, members=200, homes=30),
        row("CC004", "care", 2024, volunteers=8, care_hours=1_200),
        row("CC005", "work", 2024, members=50, jobs_fte=2.5),
        row("CC006", "mobility", 2024, members=150, trips=3_000),
        row("CC007", "social_wellbeing", 2024, volunteers=12, activities=48),
    ])


def value(values: pd.DataFrame, cid: str, year: int, kpi_id: str) -> float:
    hit = values[(values["collective_id"] == cid) & (values["year"] == year) & (values["kpi"] == kpi_id)]
    assert len(hit) == 1, f"expected one value of {kpi_id} for {cid} in {year}, found {len(hit)}"
    return float(hit["value"].iloc[0])


# --------------------------------------------------------------------------- catalogue


def test_catalogue_has_at_least_15_documented_indicators():
    cat = kpi.catalogue()
    assert len(cat) >= 15
    assert cat["id"].is_unique
    for column in ("id", "name", "category", "definition", "formula", "unit", "better", "sectors", "blind_spot"):
        assert cat[column].map(lambda v: bool(v) if not isinstance(v, float) else True).all(), column
    assert set(cat["better"]) <= {"higher", "lower", "target"}
    assert cat.loc[cat["better"] == "target", "target"].notna().all()
    assert {"membership", "governance", "social", "economic", "environmental"} <= set(cat["category"])


def test_catalogue_has_sector_specific_indicators_and_uses_only_panel_columns():
    cat = kpi.catalogue()
    specific = {s for sectors in cat["sectors"] for s in sectors if s != "all"}
    assert {"energy", "housing", "care", "food"} <= specific
    used = {c for cols in cat["columns"] for c in cols}
    assert used <= PANEL_COLUMNS


# --------------------------------------------------------------------------- compute, by hand

HAND_VALUES = [
    # CC001 (energy), 2024 against 2023
    ("CC001", "membership_growth", 0.25),            # 125 / 100 − 1
    ("CC001", "active_member_share", 0.4),           # 50 / 125
    ("CC001", "volunteer_share", 0.128),             # 16 / 125
    ("CC001", "volunteer_retention", 0.8),           # 8 retained / 10 volunteers in 2023
    ("CC001", "hours_per_volunteer", 3.0),           # 48 hours a week / 16 volunteers
    ("CC001", "volunteer_hours_per_member", 19.968),  # 52 × 48 / 125
    ("CC001", "meetings_per_year", 3.0),
    ("CC001", "assembly_attendance_rate", 0.2),      # 25 / 125
    ("CC001", "board_women_share", 0.5),             # 3 / 6
    ("CC001", "board_representation_gap", 0.1),      # 3/6 − 50/125 = 0.5 − 0.4
    ("CC001", "revenue_per_member", 480.0),          # 60,000 / 125
    ("CC001", "revenue_growth", 0.2),                # 60,000 / 50,000 − 1
    ("CC001", "subsidy_dependence", 1 / 11),         # 6,000 / (60,000 + 6,000)
    ("CC001", "kwh_per_member", 4000.0),             # 500,000 / 125
    # one collective per other sector, 2024
    ("CC002", "meals_per_volunteer_hour", 4.0),      # 2,080 meals / (10 hours a week × 52)
    ("CC003", "homes_per_100_members", 15.0),        # 100 × 30 / 200
    ("CC004", "care_hours_per_volunteer", 150.0),    # 1,200 / 8
    ("CC005", "jobs_per_100_members", 5.0),          # 100 × 2.5 / 50
    ("CC006", "trips_per_member", 20.0),             # 3,000 / 150
    ("CC007", "activities_per_volunteer", 4.0),      # 48 / 12
]


@pytest.mark.parametrize(("cid", "kpi_id", "expected"), HAND_VALUES, ids=[h[1] for h in HAND_VALUES])
def test_each_kpi_matches_the_hand_computed_value(panel, cid, kpi_id, expected):
    values = kpi.compute(panel)
    assert value(values, cid, 2024, kpi_id) == pytest.approx(expected)


def test_every_catalogue_kpi_has_a_hand_computed_check():
    assert {h[1] for h in HAND_VALUES} == set(kpi.catalogue()["id"])


def test_compute_returns_a_tidy_table_with_size_bands(panel):
    values = kpi.compute(panel)
    assert list(values.columns) == ["collective_id", "year", "sector", "size_band", "kpi", "value"]
    assert values.loc[values["collective_id"] == "CC002", "size_band"].unique().tolist() == ["fewer than 50"]
    assert values.loc[values["collective_id"] == "CC003", "size_band"].unique().tolist() == ["50–249"]
    assert np.isfinite(values["value"]).all()


def test_sector_specific_kpis_only_for_their_sector(panel):
    panel.loc[panel["collective_id"] == "CC002", "kwh_produced"] = 1_000  # a food collective with solar panels
    values = kpi.compute(panel)
    assert set(values.loc[values["kpi"] == "kwh_per_member", "collective_id"]) == {"CC001"}


def test_growth_and_retention_need_the_previous_year(panel):
    gap = panel[panel["collective_id"] == "CC001"].assign(year=[2022, 2024])
    values = kpi.compute(gap, ["membership_growth", "volunteer_retention", "active_member_share"])
    assert set(values["kpi"]) == {"active_member_share"}


def test_zero_denominator_gives_no_value_not_infinity(panel):
    panel.loc[panel["collective_id"] == "CC004", "volunteers"] = 0
    values = kpi.compute(panel, ["care_hours_per_volunteer"])
    assert values.empty or "CC004" not in set(values["collective_id"])


def test_nullable_dtypes_from_the_loader_work(panel):
    typed = panel.astype({"members": "Int64", "active_members": "Int64"})
    typed["programme_municipality"] = pd.array([True] * len(typed), dtype="boolean")
    values = kpi.compute(typed, ["active_member_share"])
    assert value(values, "CC001", 2024, "active_member_share") == pytest.approx(0.4)


def test_compute_skips_kpis_whose_columns_are_missing_and_says_which(panel):
    values = kpi.compute(panel.drop(columns=["kwh_produced"]))
    assert "kwh_per_member" in values.attrs["skipped"]
    assert "kwh_per_member" not in set(values["kpi"])


def test_to_wide_gives_one_column_per_kpi_for_merging_with_the_panel(panel):
    wide = kpi.to_wide(kpi.compute(panel))
    assert len(wide) == len(panel)
    assert wide.set_index(["collective_id", "year"]).loc[("CC001", 2024), "kwh_per_member"] == pytest.approx(4000)


def test_compute_bad_input(panel):
    with pytest.raises(DataError) as err:
        kpi.compute(panel.drop(columns=["meetings"]), ["meetings_per_year"])
    assert "'meetings'" in str(err.value) and "collective_id" in str(err.value)
    with pytest.raises(ParameterError, match="kpis"):
        kpi.compute(panel, ["happiness"])
    with pytest.raises(DataError, match="twice"):
        kpi.compute(pd.concat([panel, panel.iloc[[0]]]))
    with pytest.raises(DataError, match="members"):
        kpi.compute(panel.assign(members="lots"))


# --------------------------------------------------------------------------- benchmark


def peer_values() -> pd.DataFrame:
    """Six energy collectives of the same size band with active-member shares 0.1 … 0.5 and
    subsidy dependence 0.5 … 0.1, plus one larger one and one food collective."""
    rows = []
    for i, share in enumerate([0.1, 0.2, 0.3, 0.4, 0.4, 0.5]):
        rows += [dict(collective_id=f"CC{i}", year=2024, sector="energy", size_band="50–249",
                      kpi="active_member_share", value=share),
                 dict(collective_id=f"CC{i}", year=2024, sector="energy", size_band="50–249",
                      kpi="subsidy_dependence", value=0.6 - share)]
    rows.append(dict(collective_id="BIG", year=2024, sector="energy", size_band="1000 or more",
                     kpi="active_member_share", value=0.9))
    rows.append(dict(collective_id="FOOD", year=2024, sector="food", size_band="50–249",
                     kpi="active_member_share", value=0.05))
    return pd.DataFrame(rows)


def test_benchmark_percentile_within_sector_and_size_band():
    """CC3 has 0.4: three peers lower (0.1, 0.2, 0.3), two equal (itself and CC4) out of six:
    (3 + 0.5 × 2) / 6 = 66.7th percentile. BIG (other size band) and FOOD (other sector) are
    not peers."""
    b = kpi.benchmark(peer_values(), "CC3", 2024).set_index("kpi")
    assert b.loc["active_member_share", "n_peers"] == 6
    assert b.loc["active_member_share", "percentile"] == pytest.approx(100 * 4 / 6)
    assert b.loc["active_member_share", "peer_median"] == pytest.approx(0.35)
    assert b.loc["active_member_share", "peer_group"] == "sector = energy, size_band = 50–249"


def test_benchmark_turns_lower_is_better_indicators_around():
    """CC3's subsidy dependence is 0.2: one peer lower (0.1), two equal → raw percentile
    (1 + 1) / 6 = 33.3; lower is better, so 66.7 on the "better" scale."""
    b = kpi.benchmark(peer_values(), "CC3", 2024).set_index("kpi").loc["subsidy_dependence"]
    assert b["percentile"] == pytest.approx(100 * 2 / 6)
    assert b["percentile_better"] == pytest.approx(100 * 4 / 6)


def test_benchmark_against_everyone():
    b = kpi.benchmark(peer_values(), "BIG", 2024, by=()).set_index("kpi")
    assert b.loc["active_member_share", "n_peers"] == 8
    assert b.loc["active_member_share", "percentile"] == pytest.approx(100 * 7.5 / 8)


def test_benchmark_bad_input():
    with pytest.raises(ParameterError, match="collective_id"):
        kpi.benchmark(peer_values(), "CC99", 2024)
    with pytest.raises(ParameterError, match="year"):
        kpi.benchmark(peer_values(), "CC1", 1999)
    with pytest.raises(DataError, match="'region'"):
        kpi.benchmark(peer_values(), "CC1", 2024, by=("region",))


# --------------------------------------------------------------------------- composite index


def test_single_kpi_composite_reproduces_that_kpis_ranking():
    values = peer_values()
    comp = kpi.composite_index(values, {"active_member_share": 1}, 2024)
    share = values[values["kpi"] == "active_member_share"].set_index("collective_id")["value"]
    expected = share.rank(ascending=False, method="min").astype(int)
    assert comp.set_index("collective_id")["rank"].to_dict() == expected.to_dict()
    assert comp["score"].max() == 1.0 and comp["score"].min() == 0.0


def test_lower_is_better_kpi_ranks_the_lowest_first():
    comp = kpi.composite_index(peer_values(), {"subsidy_dependence": 5}, 2024)
    assert comp.iloc[0]["collective_id"] == "CC5"  # subsidy dependence 0.1


def test_only_the_ratio_of_weights_matters():
    a = kpi.composite_index(peer_values(), {"active_member_share": 1, "subsidy_dependence": 3}, 2024)
    b = kpi.composite_index(peer_values(), {"active_member_share": 10, "subsidy_dependence": 30}, 2024)
    pd.testing.assert_frame_equal(a, b)


def test_rank_normalisation_ignores_distances():
    values = peer_values()
    values.loc[(values["collective_id"] == "CC5") & (values["kpi"] == "active_member_share"), "value"] = 50.0
    minmax = kpi.composite_index(values, {"active_member_share": 1}, 2024).set_index("collective_id")["score"]
    ranked = kpi.composite_index(values, {"active_member_share": 1}, 2024, "rank").set_index("collective_id")["score"]
    assert minmax["CC4"] < 0.01  # squashed by the outlier
    assert ranked["BIG"] == pytest.approx(6 / 7)  # 7th of 8 → (7 − 1) / 7, however far behind CC5
    assert ranked["CC3"] == ranked["CC4"] == pytest.approx(4.5 / 7)  # tied 5th–6th → rank 5.5


def test_target_kpi_ranks_closest_to_target_first():
    values = pd.DataFrame({"collective_id": ["A", "B", "C"], "year": 2024, "sector": "energy",
                           "kpi": "board_women_share", "value": [0.2, 0.5, 0.8]})
    assert kpi.composite_index(values, {"board_women_share": 1}, 2024).iloc[0]["collective_id"] == "B"
    other = kpi.composite_index(values, {"board_women_share": 1}, 2024, targets={"board_women_share": 0.8})
    assert other.iloc[0]["collective_id"] == "C"


def test_missing_values_drop_or_reweight():
    """BIG and FOOD have no subsidy dependence: dropped by default, kept when reweighting."""
    w = {"active_member_share": 1, "subsidy_dependence": 1}
    assert len(kpi.composite_index(peer_values(), w, 2024)) == 6
    kept = kpi.composite_index(peer_values(), w, 2024, missing="reweight")
    assert len(kept) == 8
    assert kept.set_index("collective_id").loc["BIG", "n_kpis"] == 1


def test_composite_weights_are_validated():
    with pytest.raises(ParameterError) as err:
        kpi.composite_index(peer_values(), {"happiness": 1, "active_member_share": 1}, 2024)
    assert "happiness" in str(err.value)
    with pytest.raises(ParameterError, match="weights"):
        kpi.composite_index(peer_values(), {"active_member_share": -1}, 2024)
    with pytest.raises(ParameterError, match="cannot all be zero"):
        kpi.composite_index(peer_values(), {"active_member_share": 0}, 2024)
    with pytest.raises(ParameterError, match="kwh_per_member"):
        kpi.composite_index(peer_values(), {"kwh_per_member": 1}, 2024)  # known, but no values
    with pytest.raises(ParameterError, match="normalise"):
        kpi.composite_index(peer_values(), {"active_member_share": 1}, 2024, "zscore")


# --------------------------------------------------------------------------- weight sensitivity


def test_with_one_kpi_no_weighting_moves_any_rank():
    s = kpi.weight_sensitivity(peer_values(), {"active_member_share": 1}, 2024, n_draws=50)
    assert (s.summary["rank_range"] == 0).all()


def test_a_collective_best_on_every_kpi_is_first_under_every_weighting():
    """CC5 has the highest active share and the lowest subsidy dependence."""
    s = kpi.weight_sensitivity(peer_values(), {"active_member_share": 1, "subsidy_dependence": 1}, 2024,
                               n_draws=200, top=1)
    cc5 = s.summary.set_index("collective_id").loc["CC5"]
    assert cc5["best_rank"] == cc5["worst_rank"] == 1 and cc5["share_top"] == 1.0


def test_rankings_move_with_weights_when_indicators_disagree():
    values = pd.DataFrame({"collective_id": list("ABC") * 2, "year": 2024, "sector": "energy",
                           "kpi": ["active_member_share"] * 3 + ["revenue_per_member"] * 3,
                           "value": [0.9, 0.5, 0.1, 100, 500, 900]})
    s = kpi.weight_sensitivity(values, {"active_member_share": 1, "revenue_per_member": 1}, 2024, n_draws=300)
    summary = s.summary.set_index("collective_id")
    assert summary.loc["A", "rank_range"] == 2 and summary.loc["C", "rank_range"] == 2
    assert len(s.ranks) == 3 * 300
    assert np.allclose(s.scenarios[["active_member_share", "revenue_per_member"]].sum(axis=1), 1)


def test_one_at_a_time_and_reproducibility():
    w = {"active_member_share": 1, "subsidy_dependence": 1}
    s = kpi.weight_sensitivity(peer_values(), w, 2024, method="one_at_a_time", factors=(0, 0.5, 2))
    assert len(s.scenarios) == 2 * 3
    a = kpi.weight_sensitivity(peer_values(), w, 2024, n_draws=20, seed=1, concentration=10)
    b = kpi.weight_sensitivity(peer_values(), w, 2024, n_draws=20, seed=1, concentration=10)
    pd.testing.assert_frame_equal(a.ranks, b.ranks)
    with pytest.raises(ParameterError, match="method"):
        kpi.weight_sensitivity(peer_values(), w, 2024, method="monte carlo")
    with pytest.raises(ParameterError, match="concentration"):
        kpi.weight_sensitivity(peer_values(), w, 2024, concentration=-1)
