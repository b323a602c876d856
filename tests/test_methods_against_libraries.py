"""Each hand-written method checked against a maintained library that implements it.

- voting rules against ``pref_voting`` on the course's ballot groups and on generated profiles;
- the panel difference-in-differences standard errors against ``statsmodels`` OLS with unit and
  year dummies and cluster-robust errors (both small-sample conventions);
- Cohen's kappa against ``statsmodels.stats.inter_rater.cohens_kappa``;
- the Kaplan–Meier curve and its band against ``statsmodels``' ``SurvfuncRight`` and Greenwood's
  formula;
- cycles (majority cycles and feedback loops) against ``networkx.simple_cycles``.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from collectives import data, evaluation, feedback, qualitative, survival
from collectives.evaluation import case_study
from collectives.governance import voting

pv = pytest.importorskip("pref_voting.voting_methods")
from pref_voting.profiles import Profile as PVProfile  # noqa: E402

nx = pytest.importorskip("networkx")
smf = pytest.importorskip("statsmodels.formula.api")


# --------------------------------------------------------------------------- voting rules


def _pv_profile(rankings: list[tuple[str, ...]], counts: list[int], options: tuple[str, ...]) -> PVProfile:
    index = {o: i for i, o in enumerate(options)}
    return PVProfile([[index[o] for o in r] for r in rankings], rcounts=list(counts))


def _ours(rule: str, pairs, options) -> set[str]:
    r = getattr(voting, rule)(pairs, options)
    return set(r.winners)


def _check_all_rules(rankings, counts, options, where):
    pairs = [(list(r), c) for r, c in zip(rankings, counts)]
    prof = _pv_profile(rankings, counts, options)
    name = dict(enumerate(options))
    library = {
        "plurality": pv.plurality(prof), "borda": pv.borda(prof), "instant_runoff": pv.instant_runoff_put(prof),
        "two_round": pv.plurality_with_runoff_put(prof), "copeland": pv.copeland(prof),
    }
    for rule, winners in library.items():
        assert _ours(rule, pairs, options) == {name[w] for w in winners}, (where, rule)
    cw = prof.condorcet_winner()
    ours = voting.condorcet_winner(pairs, options)
    assert ours.winner == (None if cw is None else name[cw]), (where, "condorcet_winner")


def test_every_rule_agrees_with_pref_voting_on_the_course_ballot_groups():
    ballots = data.load("ballots")
    groups = {g: rows for g, rows in ballots.groupby("group", observed=True)}
    groups["turnout (attended)"] = ballots[(ballots["group"] == "turnout") & ballots["attended"].astype(bool)]
    assert len(groups) == 5
    for group, rows in groups.items():
        counted = rows["ranking"].astype(str).value_counts()
        rankings = [tuple(x.strip() for x in r.split(">")) for r in counted.index]
        options = tuple(sorted(set(rankings[0])))
        _check_all_rules(rankings, counted.tolist(), options, group)


def test_every_rule_agrees_with_pref_voting_on_generated_profiles_with_many_ties():
    rng = np.random.default_rng(20251210)
    for case in range(300):
        m = int(rng.integers(2, 7))
        options = tuple("ABCDEFG"[:m])
        kinds = int(rng.integers(1, 7))
        rankings = [tuple(options[i] for i in rng.permutation(m)) for _ in range(kinds)]
        counts = rng.integers(1, 4, size=kinds).tolist()  # small counts make ties frequent
        _check_all_rules(rankings, counts, options, f"profile {case}")


def test_instant_runoff_shortcuts_give_the_same_winners_as_following_every_tie():
    """The polynomial shortcuts against a brute-force search of every elimination order."""
    rng = np.random.default_rng(7)

    def brute(rankings, counts, active):
        tallies = {o: 0 for o in active}
        for r, c in zip(rankings, counts):
            top = next((o for o in r if o in active), None)
            if top is not None:
                tallies[top] += c
        total = sum(tallies.values())
        best = max(tallies.values())
        if len(active) == 1 or best * 2 > total:
            return {o for o, v in tallies.items() if v == best}
        low = min(tallies.values())
        return set().union(*(brute(rankings, counts, active - {o}) for o, v in tallies.items() if v == low))

    for _ in range(200):
        m = int(rng.integers(2, 7))
        options = tuple("ABCDEF"[:m])
        kinds = int(rng.integers(1, 8))
        rankings = [tuple(options[i] for i in rng.permutation(m)[: rng.integers(1, m + 1)]) for _ in range(kinds)]
        counts = rng.integers(1, 4, size=kinds).tolist()
        ours = voting.instant_runoff(list(zip(rankings, counts)), options)
        assert set(ours.winners) == brute(rankings, counts, frozenset(options)), (rankings, counts)


# --------------------------------------------------------------------------- panel DiD


@pytest.fixture(scope="module")
def growth_panel() -> pd.DataFrame:
    p = case_study.prepare_panel(data.load("monitor_panel"))
    d = p[p["growth_pp"].notna()]
    return pd.DataFrame({"growth_pp": d["growth_pp"].astype(float), "support": d["support"].astype(float),
                         "collective_id": d["collective_id"].astype(str), "year": d["year"].astype(int).astype(str),
                         "municipality": d["municipality"].astype(str)})


_FITS: dict = {}


def _dummies_fit(d, use_correction=True):
    """statsmodels OLS with collective and year dummies, clustered on municipalities (fitted once each)."""
    if use_correction not in _FITS:
        groups = pd.factorize(d["municipality"])[0]
        _FITS[use_correction] = smf.ols("growth_pp ~ support + C(collective_id) + C(year)", data=d).fit(
            cov_type="cluster", cov_kwds={"groups": groups, "use_correction": use_correction}, use_t=True)
    return _FITS[use_correction]


def test_panel_did_standard_error_is_statsmodels_cr1_with_unit_and_year_dummies(growth_panel):
    ours = evaluation.did_panel(growth_panel, "growth_pp", "collective_id", "year", "support", cluster="municipality")
    res = _dummies_fit(growth_panel)
    assert ours.estimate == pytest.approx(res.params["support"], rel=1e-10)
    assert ours.se == pytest.approx(res.bse["support"], rel=1e-9)
    assert ours.ci == pytest.approx(tuple(res.conf_int().loc["support"]), rel=1e-9)
    assert ours.pvalue == pytest.approx(res.pvalues["support"], rel=1e-6, abs=1e-12)
    assert "CR1" in ours.se_type and ours.model.small_sample == "cr1"
    assert round(ours.se, 4) == 0.2401


def test_panel_did_nested_convention_is_cr0_times_the_nested_factor(growth_panel):
    nested = evaluation.did_panel(growth_panel, "growth_pp", "collective_id", "year", "support",
                                  cluster="municipality", small_sample="nested")
    cr0 = _dummies_fit(growth_panel, use_correction=False).bse["support"]
    n, g = len(growth_panel), growth_panel["municipality"].nunique()
    k = 1 + 1 + growth_panel["year"].nunique() - 1   # collectives are nested in municipalities: not counted
    factor = g / (g - 1) * (n - 1) / (n - k)
    assert nested.se == pytest.approx(cr0 * np.sqrt(factor), rel=1e-9)
    assert round(nested.se, 4) == 0.2259


def test_panel_did_keeps_its_fit_for_the_regression_table(growth_panel):
    eff = evaluation.did_panel(growth_panel, "growth_pp", "collective_id", "year", "support", cluster="municipality")
    table = eff.table()
    assert table["term"].tolist() == ["support"]
    assert table.loc[0, "se"] == eff.se
    df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0, 1.1, 2.1, 2.9, 6.1], "treated": [0, 0, 1, 1] * 2,
                       "post": [0, 1, 0, 1] * 2})
    ols = evaluation.did(df, "y", treated="treated", post="post")
    assert ols.table()["term"].tolist() == ["const", "treated", "post", "treated×post"]
    assert ols.table().loc[3, "estimate"] == pytest.approx(ols.estimate)
    assert "coef" in ols.model.summary().as_text()


def test_event_study_matches_statsmodels_with_dummies():
    rng = np.random.default_rng(3)
    rows = []
    for u in range(30):
        start = 2020 if u < 15 else np.nan
        for y in range(2016, 2024):
            rel = y - start if u < 15 else np.nan
            rows.append({"unit": f"u{u}", "year": y, "start": start,
                         "y": u * 0.3 + 0.5 * (y - 2016) + (2.0 if u < 15 and y >= 2020 else 0) + rng.normal(),
                         "rel": rel})
    df = pd.DataFrame(rows)
    ours = evaluation.event_study(df, "y", "unit", "year", first_treated_time="start", window=(-3, 3))
    rel = df["rel"].clip(-3, 3)
    X = pd.DataFrame({f"r{k + 10}": (rel == k).astype(float) for k in range(-3, 4) if k != -1})
    frame = pd.concat([df[["y", "unit"]], df["year"].astype(str), X], axis=1)
    res = smf.ols("y ~ " + " + ".join(X.columns) + " + C(unit) + C(year)", data=frame).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(df["unit"])[0]}, use_t=True)
    got = ours[~ours["reference"]].reset_index(drop=True)
    np.testing.assert_allclose(got["estimate"], [res.params[c] for c in X.columns], rtol=1e-8)
    np.testing.assert_allclose(got["se"], [res.bse[c] for c in X.columns], rtol=1e-8)


# --------------------------------------------------------------------------- kappa


def test_cohen_kappa_matches_statsmodels_on_random_codings():
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    rng = np.random.default_rng(11)
    for _ in range(50):
        cats = list("abcd")[: int(rng.integers(2, 5))]
        a = rng.choice(cats, size=int(rng.integers(5, 80)))
        b = np.where(rng.random(len(a)) < 0.6, a, rng.choice(cats, size=len(a)))
        table = pd.crosstab(pd.Categorical(a, cats), pd.Categorical(b, cats), dropna=False).to_numpy()
        expected = inter_rater.cohens_kappa(table).kappa
        ours = qualitative.cohen_kappa(a.tolist(), b.tolist()).kappa
        if np.isnan(expected):
            assert np.isnan(ours) or ours == 1.0
        else:
            assert ours == pytest.approx(expected, abs=1e-12)


# --------------------------------------------------------------------------- Kaplan–Meier


def test_kaplan_meier_curve_and_band_match_survfuncright_and_greenwood():
    from statsmodels.duration.survfunc import SurvfuncRight

    # Freireich et al. (1963) 6-MP leukaemia remission times, the textbook KM example
    time = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
    event = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    curve = survival.km_curve(time, event).iloc[1:].reset_index(drop=True)
    fit = SurvfuncRight(np.array(time, float), np.array(event, float))
    np.testing.assert_allclose(curve["survival"], fit.surv_prob, rtol=1e-12)
    np.testing.assert_allclose(curve["age"], fit.surv_times)
    # Greenwood: var S(t) = S(t)² Σ d / (n (n − d)); the band is S ± 1.96 se, clipped to [0, 1]
    d, n = curve["events"].to_numpy(float), curve["at_risk"].to_numpy(float)
    se = curve["survival"].to_numpy() * np.sqrt(np.cumsum(d / (n * (n - d))))
    np.testing.assert_allclose(se, fit.surv_prob_se, rtol=1e-10)
    np.testing.assert_allclose(curve["ci_low"], np.clip(curve["survival"] - 1.96 * se, 0, 1), rtol=1e-10)
    np.testing.assert_allclose(curve["ci_high"], np.clip(curve["survival"] + 1.96 * se, 0, 1), rtol=1e-10)
    assert curve["survival"].round(3).tolist()[:4] == [0.857, 0.807, 0.753, 0.690]  # Kalbfleisch & Prentice


# --------------------------------------------------------------------------- cycles


def _canonical(cycle) -> tuple:
    i = cycle.index(min(cycle))
    return tuple(cycle[i:]) + tuple(cycle[:i])


def test_condorcet_cycles_are_the_simple_cycles_networkx_finds_in_the_majority_graph():
    rng = np.random.default_rng(5)
    for _ in range(60):
        m = int(rng.integers(3, 7))
        options = tuple("ABCDEF"[:m])
        pairs = [(list(np.array(options)[rng.permutation(m)]), int(rng.integers(1, 4))) for _ in range(int(rng.integers(1, 7)))]
        ours = {_canonical([options.index(o) for o in c]) for c in voting.condorcet_cycles(pairs, options)}
        counts = voting.pairwise_matrix(pairs, options).to_numpy()
        g = nx.DiGraph()
        g.add_nodes_from(range(m))
        g.add_edges_from((a, b) for a, b in itertools.permutations(range(m), 2) if counts[a, b] > counts[b, a])
        assert ours == {_canonical(c) for c in nx.simple_cycles(g)}


def test_find_loops_lists_every_simple_cycle_networkx_finds_with_its_polarity():
    rng = np.random.default_rng(9)
    for _ in range(60):
        n = int(rng.integers(2, 7))
        names = [f"v{i}" for i in range(n)]
        links = [(names[a], names[b], "+" if rng.random() < 0.5 else "-")
                 for a, b in itertools.permutations(range(n), 2) if rng.random() < 0.4]
        if not links:
            continue
        loops = feedback.find_loops(links)
        g = nx.DiGraph()
        g.add_edges_from((a, b, {"sign": s}) for a, b, s in links)
        expected = {}
        for c in nx.simple_cycles(g):
            negatives = sum(g.edges[c[i], c[(i + 1) % len(c)]]["sign"] == "-" for i in range(len(c)))
            expected[_canonical([names.index(x) for x in c])] = "reinforcing" if negatives % 2 == 0 else "balancing"
        ours = {}
        for loop, kind in zip(loops["loop"], loops["kind"]):
            nodes = [names.index(x) for x in loop.split(" → ")[:-1]]
            ours[_canonical(nodes)] = kind
        assert ours == expected
