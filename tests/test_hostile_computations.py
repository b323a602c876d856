"""Hostile input against the package's computations: nothing may freeze the kernel, exhaust
memory, crash with a foreign error or answer wrongly in silence.

Every case of ``hostile_computation_cases.CASES`` runs in a forked child with a memory cap and a
time cap (a hang guard, far above what a case needs: a regression fails instead of stalling the
suite). A property test then feeds generated junk to every public computation function and
requires either an answer or the package's own :class:`~collectives.errors.CollectivesError`.
"""

from __future__ import annotations

import inspect
import signal
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from hostile_computation_cases import CASES, run_capped  # noqa: E402

from collectives import data, errors  # noqa: E402


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_answered_or_refused_in_words_within_the_caps(case):
    outcome = run_capped(case)
    assert outcome.kind != "killed", outcome.detail
    assert outcome.kind != "foreign", f"a foreign error instead of the package's own: {outcome.detail}"
    if case.error is None:
        assert outcome.kind == "answer", outcome.detail
    else:
        assert outcome.kind == "error", f"expected {case.error.__name__}, got the answer {outcome.detail}"
        assert outcome.detail.startswith(case.error.__name__ + ":"), outcome.detail
        message = outcome.detail.split(": ", 1)[1]
        for foreign in ("np.float64", "np.int64", "Traceback", "KeyError", "TypeError", "ValueError("):
            assert foreign not in message, message
    assert case.match in outcome.detail, outcome.detail


# --------------------------------------------------------------------------- junk for every function

_MODULES = ("collectives.governance", "collectives.survival", "collectives.evaluation",
            "collectives.evaluation.case_study", "collectives.kpi", "collectives.valuation", "collectives.feedback",
            "collectives.qualitative")
#: Left out: they read or write files (paths are junk too), or regenerate the synthetic panel many times.
_SKIP = {"write_grid", "load_grid", "evaluation_grid", "method_grid", "counterfactual_effect", "catalogue",
         "require_columns"}


def _public_functions():
    import importlib

    found = {}
    for name in _MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            f = getattr(module, attr)
            if inspect.isfunction(f) and attr not in _SKIP:
                found[f"{f.__module__}.{attr}"] = f
    return dict(sorted(found.items()))


FUNCTIONS = _public_functions()


@pytest.fixture(scope="module")
def real_tables():
    panel = data.load("monitor_panel")
    return [panel.head(120), data.load("ballots").head(40), data.load("member_survey").head(60)]


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["A > B", "+", "-", "growth_pp", "sector", "year", "members", "energy", "ranking", "€", "\u200b",
                     "1e309", "NaN", "0001-01-01", "9999-12-31", 2020, 0, 1, -1, 0.5, 1e-9, 10**9]),
)
_junk_flat = st.one_of(_scalars, st.lists(_scalars, max_size=6), st.tuples(_scalars, _scalars),
                       st.dictionaries(st.text(max_size=4), _scalars, max_size=3))


def _frames(tables):
    @st.composite
    def frame(draw):
        base = draw(st.sampled_from(tables + [pd.DataFrame(), pd.DataFrame({"a": [1, 2]})]))
        base = base.copy()
        if len(base.columns) and draw(st.booleans()):
            col = draw(st.sampled_from(list(base.columns)))
            values = draw(st.lists(_scalars, min_size=len(base), max_size=len(base)))
            base[col] = pd.Series(values, index=base.index, dtype=object)
        return base
    return frame()


@pytest.mark.parametrize("qualname", list(FUNCTIONS))
def test_every_public_computation_answers_or_raises_its_own_error_on_junk(qualname, real_tables):
    f = FUNCTIONS[qualname]
    params = [p for p in inspect.signature(f).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    required = [p for p in params if p.default is inspect.Parameter.empty]
    optional = [p for p in params if p.default is not inspect.Parameter.empty]
    junk = st.one_of(_junk_flat, _frames(real_tables))

    @settings(max_examples=40, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(args=st.lists(junk, min_size=len(required), max_size=len(required)),
           extra=st.one_of(st.none(), st.tuples(st.sampled_from(optional or [None]), junk)))
    def check(args, extra):
        kwargs = {p.name: a for p, a in zip(required, args)}
        if extra is not None and extra[0] is not None:
            kwargs[extra[0].name] = extra[1]
        previous = signal.signal(signal.SIGALRM, _too_slow)
        signal.alarm(30)
        try:
            f(**kwargs)
        except errors.CollectivesError as error:
            text = str(error)
            assert "np.float64(" not in text and "np.int64(" not in text, text
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    check()


def _too_slow(signum, frame):
    raise TimeoutError("a computation on junk input took more than 30 s")


def test_the_property_test_covers_each_computation_module():
    modules = {name.rsplit(".", 1)[0] for name in FUNCTIONS}
    for wanted in ("collectives.survival", "collectives.kpi", "collectives.valuation", "collectives.feedback",
                   "collectives.qualitative"):  # the module itself, or the submodules of its package
        assert any(m == wanted or m.startswith(wanted + ".") for m in modules), wanted
    assert any(m.startswith("collectives.governance") for m in modules)
    assert any(m.startswith("collectives.evaluation") for m in modules)
    assert len(FUNCTIONS) >= 50
