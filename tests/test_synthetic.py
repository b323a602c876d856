"""Specifications of collectives.synthetic: the synthetic teaching datasets and their ground truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
import yaml
from scipy.optimize import curve_fit

from collectives.errors import ParameterError
from collectives.synthetic import (
    GROUND_TRUTH, OUTPUT_COLUMNS, PANEL_COLUMNS, SECTORS, SURVEY_TRUTH, ballots, bass_cumulative,
    csv_text, expected_classes, expected_winners, member_survey, monitor_panel,
    stakeholder_register, winners, write_all,
)

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
NAMES = ("monitor_panel", "member_survey", "stakeholders", "ballots")


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return monitor_panel()


def with_rates(df: pd.DataFrame) -> pd.DataFrame:
    """Add the yearly membership growth rate and volunteer retention (NaN in a first year)."""
    df = df.sort_values(["collective_id", "year"]).copy()
    by = df.groupby("collective_id")
    consecutive = by["year"].shift() == df["year"] - 1
    df["growth"] = (df["members"] / by["members"].shift() - 1).where(consecutive).astype(float)
    df["retention"] = (df["volunteers_retained"] / by["volunteers"].shift()).where(consecutive).astype(float)
    return df


def twfe_did(df: pd.DataFrame, outcome: str):
    """Two-way fixed effects DiD: outcome ~ support + collective FE + year FE, clustered by municipality."""
    d = df.dropna(subset=[outcome]).astype({"collective_id": str, "municipality": str, "year": int})
    d = d.assign(support=d["municipal_support"].astype(int), y=d[outcome].astype(float))
    fit = smf.ols("y ~ support + C(collective_id) + C(year)", data=d).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(d["municipality"])[0]})
    low, high = fit.conf_int().loc["support"]
    return 100 * fit.params["support"], 100 * low, 100 * high


# ---------------------------------------------------------------- files and schemas

def test_write_all_regenerates_the_committed_csv_files_byte_for_byte(tmp_path):
    write_all(tmp_path)
    for name in NAMES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (DATASETS / f"{name}.csv").read_bytes(), name


def test_csv_files_use_unix_line_endings_and_lowercase_booleans():
    text = (DATASETS / "stakeholders.csv").read_bytes()
    assert b"\r\n" not in text and b",true," in text


@pytest.mark.parametrize("name", NAMES)
def test_each_datasheet_says_synthetic_and_matches_the_csv_columns(name):
    meta = yaml.safe_load((DATASETS / f"{name}.yml").read_text(encoding="utf-8"))
    assert meta["name"] == name and meta["synthetic"] is True
    assert "synthetic" in meta["title"].lower() and meta["licence"].startswith("CC BY 4.0")
    assert "SYNTHETIC" in (DATASETS / f"{name}.md").read_text(encoding="utf-8")
    df = pd.read_csv(DATASETS / f"{name}.csv", keep_default_na=False, dtype=str)
    assert list(meta["columns"]) == list(df.columns)
    assert not df.duplicated(meta["key"]).any()
    for col, spec in meta["columns"].items():
        raw = df[col]
        empty = raw == ""
        assert spec.get("nullable", False) or not empty.any(), f"{name}.{col} has empty cells"
        values = raw[~empty]
        if spec["type"] == "integer":
            nums = values.astype(int)
        elif spec["type"] == "number":
            nums = values.astype(float)
        else:
            nums = None
        if nums is not None and "min" in spec:
            assert (nums >= spec["min"]).all(), f"{name}.{col} below min"
        if nums is not None and "max" in spec:
            assert (nums <= spec["max"]).all(), f"{name}.{col} above max"
        if spec["type"] == "category":
            assert set(values) <= set(spec["values"]), f"{name}.{col} has undeclared values"
        if spec["type"] == "boolean":
            assert set(values) <= {"true", "false"}
        if "pattern" in spec:
            assert values.str.fullmatch(spec["pattern"].strip("^$")).all(), f"{name}.{col} pattern"


def test_monitor_panel_yml_carries_the_ground_truth():
    meta = yaml.safe_load((DATASETS / "monitor_panel.yml").read_text(encoding="utf-8"))
    truth = meta["provenance"]["ground_truth"]
    for key, value in GROUND_TRUTH.as_dict().items():
        assert truth[key] == value, key
    assert truth["programme_municipalities"] == monitor_panel().attrs["ground_truth"]["programme_municipalities"]


# ---------------------------------------------------------------- the panel's invariants

def test_panel_has_about_400_collectives_in_40_municipalities_2014_to_2025(panel):
    assert list(panel.columns) == list(PANEL_COLUMNS)
    assert panel["collective_id"].nunique() == 400
    assert panel["municipality"].nunique() == 40
    assert (panel["year"].min(), panel["year"].max()) == (2014, 2025)
    assert set(panel["sector"]) == set(SECTORS)
    assert not panel.duplicated(["collective_id", "year"]).any()


def test_panel_counts_are_consistent(panel):
    p = panel
    assert (p["members"] >= 1).all()
    assert (p["active_members"] <= p["members"]).all()
    assert (p["volunteers"] <= p["active_members"]).all()
    assert (p["board_size"] <= p["members"]).all() and (p["board_women"] <= p["board_size"]).all()
    assert (p["members_women"] <= p["members"]).all()
    assert (p["meeting_attendance"] <= p["members"]).all() and (p["meetings"] >= 1).all()
    retained = with_rates(p)
    prev_v = retained.groupby("collective_id")["volunteers"].shift()
    ok = retained["volunteers_retained"].notna()
    assert (retained.loc[ok, "volunteers_retained"] <= prev_v[ok]).all()
    assert (retained.loc[ok, "volunteers_retained"] <= retained.loc[ok, "volunteers"]).all()
    first_year = p["year"] == p["founded_year"]
    assert p.loc[first_year, "volunteers_retained"].isna().all()
    assert (p["subsidies_eur"] >= 0).all() and (p["revenue_eur"] >= 0).all()


def test_rows_stop_at_ended_year_and_run_yearly_from_entry(panel):
    for cid, rows in panel.groupby("collective_id"):
        years = rows["year"].to_numpy()
        assert (np.diff(years) == 1).all(), cid
        assert years[0] == max(2014, rows["founded_year"].iloc[0])
        ended = rows["ended_year"].iloc[0]
        assert years[-1] == (2025 if pd.isna(ended) else ended), cid
        assert rows["ended_year"].nunique(dropna=False) == 1
    assert panel.drop_duplicates("collective_id")["ended_year"].notna().sum() > 40


def test_sector_outputs_only_appear_in_their_own_sector(panel):
    for sector, column in OUTPUT_COLUMNS.items():
        own = panel["sector"] == sector
        assert panel.loc[own, column].notna().all(), column
        assert panel.loc[~own, column].isna().all(), column


def test_support_is_the_programme_from_2020_and_programme_membership_is_time_invariant(panel):
    assert (panel.groupby("municipality")["programme_municipality"].nunique() == 1).all()
    expected = panel["programme_municipality"] & (panel["year"] >= 2020)
    assert (panel["municipal_support"] == expected).all()
    assert panel.drop_duplicates("municipality")["programme_municipality"].sum() == 12


# ---------------------------------------------------------------- the ground truth is recoverable

def test_difference_in_differences_recovers_the_growth_effect(panel):
    estimate, low, high = twfe_did(with_rates(panel), "growth")
    assert low <= GROUND_TRUTH.effect_growth_pp <= high
    assert high - low < 2.5  # precise enough to teach with


def test_difference_in_differences_recovers_the_retention_effect(panel):
    estimate, low, high = twfe_did(with_rates(panel), "retention")
    assert low <= GROUND_TRUTH.effect_retention_pp <= high


def test_naive_comparisons_are_biased_in_the_documented_directions(panel):
    d = with_rates(panel)
    post, pre = d[d["year"] >= 2020], d[d["year"] < 2020]
    prog = "programme_municipality"
    for outcome, truth in (("growth", GROUND_TRUTH.effect_growth_pp),
                           ("retention", GROUND_TRUTH.effect_retention_pp)):
        naive = 100 * (post.loc[post[prog], outcome].mean() - post.loc[~post[prog], outcome].mean())
        assert naive > truth + 1.0, outcome   # treated-vs-control after: overstates (self-selection)
    treated = d[d[prog]]
    before_after = 100 * (treated.loc[treated["year"] >= 2020, "growth"].mean()
                          - treated.loc[treated["year"] < 2020, "growth"].mean())
    assert before_after < 0 < GROUND_TRUTH.effect_growth_pp  # before/after: understates (dip, maturing)


def test_bass_fit_on_the_housing_membership_index_recovers_p_and_q(panel):
    """Chain-linked index of housing membership (non-programme municipalities), fitted as m·F(t)."""
    housing = panel[(panel["sector"] == "housing") & ~panel["programme_municipality"]]
    wide = housing.pivot(index="collective_id", columns="year", values="members").astype(float)
    index = [1.0]
    for a, b in zip(wide.columns[:-1], wide.columns[1:]):
        both = wide[a].notna() & wide[b].notna()
        index.append(index[-1] * wide.loc[both, b].sum() / wide.loc[both, a].sum())
    truth = GROUND_TRUTH.bass["housing"]
    t = wide.columns.to_numpy() - truth.start_year
    (m, p, q), _ = curve_fit(lambda t, m, p, q: m * bass_cumulative(t, p, q), t, np.array(index),
                             p0=[3.0, 0.03, 0.4], bounds=([0.1, 1e-4, 1e-3], [100, 1, 3]))
    assert abs(p - truth.p) <= 0.01 and abs(q - truth.q) <= 0.08


def test_selection_strength_zero_balances_pre_programme_levels():
    def pre_gap(strength: float, seed: int) -> float:
        d = with_rates(monitor_panel(seed=seed, selection_strength=strength))
        pre = d[d["year"] < 2020]
        return 100 * (pre.loc[pre["programme_municipality"], "growth"].mean()
                      - pre.loc[~pre["programme_municipality"], "growth"].mean())
    random_gaps = [pre_gap(0.0, s) for s in range(8)]
    selected_gaps = [pre_gap(1.0, s) for s in range(8)]
    assert abs(np.mean(random_gaps)) < 0.8
    assert np.mean(selected_gaps) > np.mean(random_gaps) + 1.0


def test_selection_strength_changes_only_who_joins():
    a, b = monitor_panel(selection_strength=0.0), monitor_panel(selection_strength=3.0)
    assert (a[["collective_id", "founded_year", "sector"]].drop_duplicates().values
            == b[["collective_id", "founded_year", "sector"]].drop_duplicates().values).all()
    assert a.attrs["ground_truth"]["programme_municipalities"] != b.attrs["ground_truth"]["programme_municipalities"]


def test_monitor_panel_rejects_impossible_parameters():
    with pytest.raises(ParameterError, match="selection_strength"):
        monitor_panel(selection_strength=-1)
    with pytest.raises(ParameterError, match="n_programme_municipalities"):
        monitor_panel(n_municipalities=10, n_programme_municipalities=10)


# ---------------------------------------------------------------- survey, stakeholders, ballots

def test_member_survey_is_one_panel_collective_with_known_themes(panel):
    s = member_survey()
    assert len(s) == 300 and s["collective_id"].nunique() == 1
    cid = s["collective_id"].iloc[0]
    row = panel[(panel["collective_id"] == cid) & (panel["year"] == 2025)].iloc[0]
    assert row["members"] >= len(s) and (s["member_since_year"] >= row["founded_year"]).all()
    answered = s["open_answer"].notna()
    assert (s["true_theme"].notna() == answered).all()
    assert set(s.loc[answered, "true_theme"]) == set(SURVEY_TRUTH["themes"])
    for item in ("trust_board", "feel_heard", "would_recommend", "workload_ok", "info_clear"):
        assert s[item].between(1, 5).all()
    negative_workload = (s["true_theme"] == "workload") & (s["true_sentiment"] == "negative")
    assert s.loc[negative_workload, "workload_ok"].mean() < s.loc[~negative_workload, "workload_ok"].mean() - 0.5


def test_survey_answers_are_in_the_respondents_language():
    s = member_survey().dropna(subset=["open_answer"])
    english = s["open_answer"].str.contains(r"\b(?:the|I|to|of|too|and|my|our|with|has|have|it)\b")
    assert english[s["language"] == "en"].all() and not english[s["language"] == "nl"].any()


def test_stakeholder_register_covers_every_quadrant_and_salience_class():
    classes = expected_classes(stakeholder_register())
    assert set(classes["mendelow"]) == {"manage closely", "keep satisfied", "keep informed", "monitor"}
    assert {"dormant", "discretionary", "demanding", "dominant", "dangerous", "dependent",
            "definitive"} <= set(classes["salience"])
    assert classes.loc["Regional grid operator"].tolist() == ["keep satisfied", "definitive"]


def test_rules_disagree_profile_elects_four_different_winners_worked_by_hand():
    # 39 ballots: 12 S>H>I>F, 9 I>H>F>S, 12 F>I>H>S, 6 S>H>F>I
    # plurality S 18; IRV drops I (9), F 21 > 19.5; Borda H 12·2+9·2+12·1+6·2 = 66 is the most;
    # Condorcet I beats H, F and S, each 21:18.
    b = ballots()
    w = winners(b[b["group"] == "rules_disagree"])
    assert (w["plurality"], w["instant_runoff"], w["borda"], w["condorcet_winner"]) == (
        "solar roof", "energy fund", "heat network", "insulation team")


def test_condorcet_cycle_profile_has_no_condorcet_winner():
    b = ballots()
    w = winners(b[b["group"] == "condorcet_cycle"])
    assert w["condorcet_winner"] is None and w["plurality"] == "repair café" and w["instant_runoff"] == "shared car"


def test_winners_agree_with_a_pairwise_matrix_computed_separately():
    b = ballots()
    for group, rows in b.groupby("group", observed=True):
        ranks = [r.split(" > ") for r in rows["ranking"]]
        options = sorted(set(ranks[0]))
        pos = np.array([[r.index(o) for o in options] for r in ranks])
        wins = (pos[:, :, None] < pos[:, None, :]).sum(axis=0)
        beats = wins * 2 > len(ranks)
        cw = [options[i] for i in range(len(options)) if beats[i].sum() == len(options) - 1]
        borda = (len(options) - 1 - pos).sum(axis=0)
        w = winners(rows)
        assert w["condorcet_winner"] == (cw[0] if cw else None), group
        assert w["borda"] == options[int(np.argmax(borda))], group


def test_only_the_motivated_attend_and_that_changes_the_outcome():
    b = ballots()
    t = b[b["group"] == "turnout"]
    rate = t.groupby("intensity")["attended"].mean()
    assert rate.loc[5] > rate.loc[1]
    table = expected_winners(b)
    assert table.loc["turnout (all members)", "plurality"] != table.loc["turnout (attended)", "plurality"]
    assert (table.loc["consensus"] == "keep the fee").all()


def test_csv_text_is_stable_for_missing_values_and_floats():
    df = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": pd.array([1.25, None], dtype="Float64"),
                       "c": pd.array([True, None], dtype="boolean")})
    assert csv_text(df) == "a,b,c\n1,1.2,true\n,,\n"


def test_ballots_yml_documents_the_winners_the_rules_give():
    meta = yaml.safe_load((DATASETS / "ballots.yml").read_text(encoding="utf-8"))
    documented = meta["provenance"]["ground_truth"]["expected_winners"]
    for group, row in expected_winners().iterrows():
        for rule, winner in row.items():
            assert documented[group][rule] == (None if pd.isna(winner) else winner), (group, rule)
