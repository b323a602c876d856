"""An opinion map of a participation conversation, computed the way Pol.is does it.

Input: a vote matrix, one row per participant and one column per statement, holding 1
(agree), -1 (disagree), 0 (pass) or missing (unseen). The steps follow the Polis maths
(Small et al. 2021; the ``math/`` code of compdemocracy/polis), written out here:

1. keep participants with at least min(7, number of statements) votes;
2. fill each unseen vote with the statement's mean vote — **for the PCA only**;
3. two principal components; each participant's projection is scaled by
   √(statements ÷ own votes), so people who voted little are not pulled to the centre;
4. k-means on the projections, with the number of groups chosen from 2…5 by the
   silhouette score (or fixed by ``groups``). Polis first makes ~100 base clusters and
   groups those; with at most a few thousand participants this module groups people directly;
5. per group and statement, the agree rate (agrees + 1) / (votes + 2) (votes = agrees +
   disagrees + passes). A statement **represents** a group when its agree (or disagree) rate
   is significantly above the rest's: the one-proportion test against ½ and the
   two-proportion test against the other groups both exceed z = 1.2816 (90%, one-sided);
6. **group-aware consensus** (the Polis formula): the product over groups of
   (agrees + 1) / (votes + 2); statements are ranked by it, best first. (``red-dwarf``'s
   "standard" consensus selection differs: it uses the overall agree rate with a z-test;
   here the group-aware product is used.)

Example
-------
>>> from collectives.synthetic import opinion_votes
>>> votes = opinion_votes().drop(columns="planted_group").set_index("participant")
>>> result = opinion_map(votes)
>>> result.consensus.index[:3].tolist()
['S01', 'S03', 'S02']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm
from threadpoolctl import threadpool_limits

from collectives.errors import DataError, ParameterError, Problem

Z_90 = float(norm.ppf(0.90))   # 1.2816


@dataclass(frozen=True)
class OpinionMap:
    """Result of :func:`opinion_map`.

    ``groups``: participant → group number (1, 2, …; participants with too few votes are left
    out); ``coordinates``: the scaled two-dimensional projection (columns ``x``, ``y``,
    ``group``); ``consensus``: statements ranked by group-aware consensus, best first;
    ``representative``: per group, the statements that represent it (columns ``group``,
    ``statement``, ``direction``, ``rate``, ``rate_rest``, ``z``, ``z_rest``);
    ``statistics``: per group × statement counts and rates; ``silhouette``: score per k tried.
    """

    groups: pd.Series
    coordinates: pd.DataFrame
    consensus: pd.DataFrame
    representative: pd.DataFrame
    statistics: pd.DataFrame
    silhouette: pd.Series
    explained_variance: tuple[float, float]

    @property
    def k(self) -> int:
        return int(self.groups.max())


def check_votes(votes: pd.DataFrame) -> np.ndarray:
    """The vote matrix as floats (NaN = unseen), after checking every cell and column."""
    if not isinstance(votes, pd.DataFrame):
        raise ParameterError("votes", type(votes).__name__, "a table: one row per participant, one column per statement")
    if votes.shape[1] < 2 or votes.shape[0] < 2:
        raise ParameterError("votes", f"{votes.shape[0]} participants × {votes.shape[1]} statements",
                             "at least 2 participants and 2 statements")
    problems: list[Problem] = []
    if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in votes.dtypes):
        num = votes.to_numpy(dtype=float, na_value=np.nan)          # fast path: numbers only
        missing = np.isnan(num)
        raw = num
    else:
        raw = votes.to_numpy(dtype=object)
        missing = pd.isna(votes).to_numpy()
        num = votes.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~missing & ~np.isin(num, (1.0, -1.0, 0.0))
    for i, j in zip(*np.nonzero(bad)):
        if len(problems) >= 10:
            break
        v = raw[i, j]
        problems.append(Problem("not a vote", row=int(i) + 2, column=str(votes.columns[j]),
                                value=v.item() if hasattr(v, "item") else v,
                                expected="1 (agree), -1 (disagree), 0 (pass) or empty (unseen)"))
    for j in np.flatnonzero(missing.all(axis=0)):
        problems.append(Problem("no one saw this statement", column=str(votes.columns[j]),
                                expected="at least one vote per statement (drop the column otherwise)"))
    values = np.where(missing, np.nan, num)
    if problems:
        raise DataError("votes (the vote matrix)", problems)
    return values


def _one_prop_z(succ, n):
    succ, n = succ + 1.0, n + 1.0
    return 2 * np.sqrt(n) * (succ / n - 0.5)


def _two_prop_z(succ_in, succ_out, n_in, n_out):
    succ_in, succ_out, n_in, n_out = succ_in + 1.0, succ_out + 1.0, n_in + 1.0, n_out + 1.0
    p1, p2 = succ_in / n_in, succ_out / n_out
    pooled = (succ_in + succ_out) / (n_in + n_out)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
    return np.where(pooled == 1, 0.0, z)


def project(values: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """Polis' PCA: mean-impute, centre, two components, scale by √(statements ÷ own votes)."""
    seen = ~np.isnan(values)
    col_mean = np.nanmean(values, axis=0)
    filled = np.where(seen, values, col_mean)
    centred = filled - filled.mean(axis=0)
    # the two principal axes by power (subspace) iteration, as Polis' pca.clj uses power iteration
    cov = centred.T @ centred
    total = float(np.trace(cov))
    basis = np.linalg.qr(np.eye(cov.shape[0], 2) + 1.0 / cov.shape[0])[0]
    for _ in range(500):
        new, _ = np.linalg.qr(cov @ basis)
        new *= np.where(new.sum(axis=0) < 0, -1, 1)           # fix each axis' sign: no flips between runs
        if np.abs(new - basis).max() < 1e-9:
            basis = new
            break
        basis = new
    lam = np.einsum("ij,ij->j", basis, cov @ basis)
    order = np.argsort(-lam)
    basis, lam = basis[:, order], lam[order]
    axes = list(basis.T)
    shares = [float(x / total) if total > 0 else 0.0 for x in lam]
    coords = centred @ np.array(axes).T
    scale = np.sqrt(values.shape[1] / np.maximum(1, seen.sum(axis=1)))
    return coords * scale[:, None], (shares[0], shares[1])


def group_statistics(values: np.ndarray, labels: np.ndarray, statements: list) -> pd.DataFrame:
    """Per group × statement: agrees, disagrees, passes, votes, agree/disagree rates and tests."""
    rows = []
    agree, disagree, voted = values == 1, values == -1, ~np.isnan(values)
    for g in np.unique(labels):
        inside = labels == g
        na, nd, ns = agree[inside].sum(0), disagree[inside].sum(0), voted[inside].sum(0)
        oa, od, os_ = agree[~inside].sum(0), disagree[~inside].sum(0), voted[~inside].sum(0)
        pa, pd_ = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
        rows.append(pd.DataFrame({
            "group": int(g), "statement": statements, "agrees": na, "disagrees": nd, "passes": ns - na - nd,
            "votes": ns, "agree_rate": pa, "disagree_rate": pd_,
            "agree_rate_rest": (oa + 1) / (os_ + 2), "disagree_rate_rest": (od + 1) / (os_ + 2),
            "z_agree": _one_prop_z(na, ns), "z_disagree": _one_prop_z(nd, ns),
            "z_agree_rest": _two_prop_z(na, oa, ns, os_), "z_disagree_rest": _two_prop_z(nd, od, ns, os_),
        }))
    return pd.concat(rows, ignore_index=True)


def kmeans(points: np.ndarray, k: int, seed: int = 0, n_init: int | None = None, iterations: int = 100) -> np.ndarray:
    """Lloyd's k-means with k-means++ starts (seeded); the best of ``n_init`` starts by inertia.
    Written out (a few lines of numpy) so that an opinion map of 1,000 people takes milliseconds."""
    rng = np.random.default_rng(seed)
    best, best_inertia = None, np.inf
    if n_init is None:                    # four starts; two suffice for large, well-filled maps
        n_init = 4 if len(points) <= 500 else 2
    for _ in range(n_init):
        centres = [points[rng.integers(len(points))]]
        for _ in range(1, k):
            d2 = np.min(((points[:, None, :] - np.array(centres)[None]) ** 2).sum(-1), axis=1)
            total = d2.sum()
            centres.append(points[rng.choice(len(points), p=d2 / total)] if total > 0 else points[rng.integers(len(points))])
        centres = np.array(centres)
        labels = np.zeros(len(points), dtype=int)
        for it in range(iterations):
            d2 = ((points[:, None, :] - centres[None]) ** 2).sum(-1)
            new = d2.argmin(axis=1)
            if it and (new == labels).all():
                break
            labels = new
            for j in range(k):
                if (labels == j).any():
                    centres[j] = points[labels == j].mean(axis=0)
        inertia = ((points - centres[labels]) ** 2).sum()
        if inertia < best_inertia:
            best, best_inertia = labels.copy(), inertia
    return best


def silhouette(points: np.ndarray, labels: np.ndarray, sample: int = 300, seed: int = 0) -> float:
    """Mean silhouette (Rousseeuw 1987): for each person, (b − a) / max(a, b), with a the mean
    distance to the own group and b to the nearest other group. 1 = tight, separate groups.
    Above ``sample`` people it is computed on a seeded random sample of that many (as
    scikit-learn's ``sample_size`` does)."""
    if len(points) > sample:
        pick = np.random.default_rng(seed).choice(len(points), size=sample, replace=False)
        points, labels = points[pick], labels[pick]
    d = np.sqrt(((points[:, None, :] - points[None]) ** 2).sum(-1))
    ks = np.unique(labels)
    member = labels[:, None] == ks[None]                        # people × groups
    sums = d @ member
    counts = member.sum(axis=0)
    own = member.argmax(axis=1)
    n_own = counts[own]
    a = np.where(n_own > 1, sums[np.arange(len(points)), own] / np.maximum(n_own - 1, 1), 0.0)
    mean_other = sums / counts
    mean_other[np.arange(len(points)), own] = np.inf
    b = mean_other.min(axis=1)
    s = np.where(n_own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def _choose_k(coords: np.ndarray, ks: range, seed: int) -> tuple[np.ndarray, pd.Series]:
    scores, fits = {}, {}
    for k in ks:
        labels = kmeans(coords, k, seed)
        if len(set(labels)) < 2:
            continue
        scores[k] = silhouette(coords, labels, seed=seed)
        fits[k] = labels
    best = max(scores, key=scores.get)
    return fits[best], pd.Series(scores, name="silhouette").rename_axis("k")


def opinion_map(votes: pd.DataFrame, groups: int | None = None, seed: int = 0) -> OpinionMap:
    """Opinion groups, representative statements and group-informed consensus of a conversation.

    Parameters
    ----------
    votes
        One row per participant (the index names them), one column per statement: 1 agree,
        -1 disagree, 0 pass, empty unseen.
    groups
        Number of opinion groups; ``None`` chooses 2…5 by silhouette.
    seed
        Seed of k-means (results are reproducible).
    """
    # the matrices are small: one BLAS thread is two to three times faster than several
    with threadpool_limits(limits=1, user_api="blas"):
        return _opinion_map(votes, groups, seed)


def _opinion_map(votes: pd.DataFrame, groups: int | None, seed: int) -> OpinionMap:
    values = check_votes(votes)
    n_stat = values.shape[1]
    enough = (~np.isnan(values)).sum(axis=1) >= min(7, n_stat)
    kept = values[enough]
    who = votes.index[enough]
    if groups is not None and (isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 2):
        raise ParameterError("groups", groups, "a whole number of at least 2, or None to choose by silhouette")
    need = max(3, (groups or 2) + 1)
    if len(kept) < need:
        raise ParameterError("votes", f"{len(kept)} participants with at least {min(7, n_stat)} votes",
                             f"at least {need} such participants for {groups or 'two or more'} groups")
    # statements nobody among the clustered participants saw get no direction in the PCA
    coords, var = project(kept)
    if groups is None:
        labels, sil = _choose_k(coords, range(2, min(5, len(kept) - 1) + 1), seed)
    else:
        labels = kmeans(coords, groups, seed)
        sil = pd.Series({groups: silhouette(coords, labels)}, name="silhouette").rename_axis("k")
    # number groups 1, 2, … from the largest
    order = pd.Series(labels).value_counts().index
    relabel = {old: new for new, old in enumerate(order, start=1)}
    labels = np.array([relabel[x] for x in labels])
    statements = list(votes.columns)
    stats = group_statistics(kept, labels, statements)
    consensus = pd.DataFrame({
        "consensus": stats.groupby("statement", sort=False)["agree_rate"].prod(),
        "disagree_consensus": stats.groupby("statement", sort=False)["disagree_rate"].prod(),
        "lowest_group_agree_rate": stats.groupby("statement", sort=False)["agree_rate"].min(),
    }).reindex(statements).sort_values("consensus", ascending=False)
    consensus.index.name = "statement"
    rep = []
    for direction in ("agree", "disagree"):
        ok = (stats[f"z_{direction}"] > Z_90) & (stats[f"z_{direction}_rest"] > Z_90)
        part = stats[ok]
        rep.append(pd.DataFrame({
            "group": part["group"], "statement": part["statement"], "direction": direction,
            "rate": part[f"{direction}_rate"], "rate_rest": part[f"{direction}_rate_rest"],
            "z": part[f"z_{direction}"], "z_rest": part[f"z_{direction}_rest"],
            "score": (part[f"{direction}_rate"] / part[f"{direction}_rate_rest"]) * part[f"z_{direction}_rest"]
                     * part[f"{direction}_rate"] * part[f"z_{direction}"],
        }))
    representative = (pd.concat(rep, ignore_index=True).sort_values(["group", "score"], ascending=[True, False])
                      .groupby("group").head(5).reset_index(drop=True))
    coordinates = pd.DataFrame({"x": coords[:, 0], "y": coords[:, 1], "group": labels}, index=who)
    return OpinionMap(groups=pd.Series(labels, index=who, name="group"), coordinates=coordinates,
                      consensus=consensus, representative=representative, statistics=stats,
                      silhouette=sil, explained_variance=var)


def map_stability(votes: pd.DataFrame, truth: pd.Series, sizes=(20, 50, 100, 200), repeats: int = 20,
                  seed: int = 0) -> pd.DataFrame:
    """How well a map made from only ``n`` participants recovers the true groups: the adjusted
    Rand index (1 = the same groups, 0 = no better than chance) of ``repeats`` random samples of
    each size. ``truth`` maps participant → true group."""
    from sklearn.metrics import adjusted_rand_score
    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        if n > len(votes):
            raise ParameterError("sizes", n, f"sample sizes up to {len(votes)} participants")
        for r in range(repeats):
            pick = votes.index[rng.choice(len(votes), size=n, replace=False)]
            try:
                m = opinion_map(votes.loc[pick], seed=seed)
            except (ParameterError, DataError):
                continue   # a statement nobody in this small sample saw
            rows.append({"participants": n, "repeat": r, "ari": adjusted_rand_score(truth.loc[m.groups.index], m.groups),
                         "groups found": m.k})
    return pd.DataFrame(rows)
