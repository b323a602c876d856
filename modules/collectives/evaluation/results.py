"""What an evaluation design returns: an effect with its uncertainty, and the fitted model.

Every result keeps the model it came from (``model``), so that a chapter can show the full
regression table with :meth:`Effect.table`, not only the one coefficient.

Example
-------
>>> import pandas as pd
>>> from collectives.evaluation import did
>>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0, 1.1, 2.1, 2.9, 6.1],
...                    "treated": [0, 0, 1, 1] * 2, "post": [0, 1, 0, 1] * 2})
>>> did(df, "y", treated="treated", post="post").table()["term"].tolist()
['const', 'treated', 'post', 'treated×post']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collectives.errors import ParameterError

__all__ = ["Effect", "ITSResult", "coefficient_table"]


def coefficient_table(model: object, alpha: float = 0.05) -> pd.DataFrame:
    """Every coefficient of a fitted model: term, estimate, se, t, pvalue, ci_low, ci_high.

    Works for statsmodels results and for the panel estimator's fit
    (:class:`collectives.evaluation.panel.FixedEffectsFit`).
    """
    if not all(hasattr(model, a) for a in ("params", "bse", "tvalues", "pvalues", "conf_int")):
        raise ParameterError("model", model, "a fitted model, e.g. the .model of an evaluation result")
    params = np.asarray(model.params, dtype=float)
    names = list(getattr(model, "names", None) or getattr(getattr(model, "model", None), "exog_names", None)
                 or [f"x{i}" for i in range(len(params))])
    ci = np.asarray(model.conf_int(alpha=alpha), dtype=float)
    return pd.DataFrame({"term": names, "estimate": params, "se": np.asarray(model.bse, dtype=float),
                         "t": np.asarray(model.tvalues, dtype=float), "pvalue": np.asarray(model.pvalues, dtype=float),
                         "ci_low": ci[:, 0], "ci_high": ci[:, 1]})


@dataclass(frozen=True)
class Effect:
    """One estimated effect with its uncertainty.

    Attributes
    ----------
    estimate : the estimated effect, in the outcome's own unit.
    se : its standard error.
    ci : the 95% (or ``1 - alpha``) confidence interval, ``(low, high)``.
    pvalue : two-sided p-value for "no effect".
    n : rows used (after leaving out rows with missing values).
    n_clusters : number of clusters when standard errors are clustered, else None.
    method : what was estimated, in words.
    outcome : the outcome column.
    se_type : "classical", "cluster-robust (column)" or "HAC (Newey–West, k lags)".
    model : the fitted model (a statsmodels result, or the panel estimator's fit); see
        :meth:`table`.
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    pvalue: float
    n: int
    method: str
    outcome: str
    se_type: str = "classical"
    n_clusters: int | None = None
    model: object = field(default=None, repr=False, compare=False)

    @property
    def ci_low(self) -> float:
        return self.ci[0]

    @property
    def ci_high(self) -> float:
        return self.ci[1]

    def table(self, alpha: float = 0.05) -> pd.DataFrame:
        """The regression table of the fitted model: one row per coefficient."""
        return coefficient_table(self.model, alpha)

    def to_frame(self) -> pd.DataFrame:
        """The effect as a one-row DataFrame (handy for tables of several designs)."""
        return pd.DataFrame(
            [{"method": self.method, "outcome": self.outcome, "estimate": self.estimate,
              "se": self.se, "ci_low": self.ci[0], "ci_high": self.ci[1],
              "pvalue": self.pvalue, "n": self.n, "n_clusters": self.n_clusters,
              "se_type": self.se_type}]
        )


@dataclass(frozen=True)
class ITSResult:
    """Interrupted time series: the change in level and in slope at the intervention.

    ``fitted`` has one row per time point with the observed outcome, the fitted line and
    the counterfactual (the pre-intervention line carried forward), for plotting; both effects
    keep the fitted model (``level_change.model``).
    """

    level_change: Effect
    slope_change: Effect
    pre_slope: float
    intervention_time: float
    maxlags: int
    fitted: pd.DataFrame = field(repr=False, compare=False)
