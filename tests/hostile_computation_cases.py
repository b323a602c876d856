"""Hostile inputs for the package's computations, shared by the test suite and the benchmark.

Each case is a small function that calls one public computation with an input that once froze
the kernel, exhausted memory, crashed with a foreign error or gave a wrong result silently, and
what must happen instead: an answer (checked) or the package's own error with a message that
says what is wrong. :func:`run_capped` runs a case in a forked child with a memory and a time
cap, so that a regression fails instead of hanging the machine.
"""

from __future__ import annotations

import os
import resource
import signal
import time
import traceback
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from collectives import data, evaluation, feedback, qualitative, survival, valuation
from collectives.errors import BallotError, CollectivesError, DataError, LimitError, ParameterError
from collectives.evaluation import case_study
from collectives.explorer import Choice, Explorer, twin_html
from collectives.explorer import live as _live  # noqa: F401 - ipywidgets and plotly loaded, as in a chapter's kernel
from collectives.governance import textballots, voting

#: Caps of one case: extra address space on top of the parent's, and seconds.
MEMORY_CAP_MB = 600
TIME_CAP_S = 30


@dataclass(frozen=True)
class Case:
    name: str
    call: Callable[[], object]
    error: type[CollectivesError] | None = None   # the error expected, or None for an answer
    match: str = ""                                # text the message (or the answer's repr) must contain


def _options(n: int) -> list[str]:
    return [f"option {i:02d}" for i in range(n)]


def _cyclic(n: int) -> list[tuple[list[str], int]]:
    names = _options(n)
    return [(names[i:] + names[:i], 1) for i in range(n)]


def _random_profile(n_options: int, n_ballots: int, seed: int = 1) -> list[tuple[list[str], int]]:
    rng = np.random.default_rng(seed)
    names = np.array(_options(n_options))
    return [(list(names[rng.permutation(n_options)]), 1) for _ in range(n_ballots)]


def _complete_diagram(n: int) -> list[tuple[str, str, str]]:
    v = [f"variable {i}" for i in range(n)]
    return [(a, b, "+") for a in v for b in v if a != b]


_VALUE_MAP = pd.DataFrame([{"stakeholder": "members", "outcome": "lower bills", "indicator": "households",
                            "quantity": 100, "financial_proxy_eur": 200, "deadweight": 0.5, "attribution": 0.0,
                            "displacement": 0.0, "drop_off": 0.0, "benefit_period_years": 3}])

_PANEL_END_BEFORE_START = pd.DataFrame({"collective_id": ["a", "a", "b"], "sector": ["energy"] * 3,
                                        "founded_year": [2015, 2015, 2020], "ended_year": [None, None, 2018],
                                        "year": [2016, 2017, 2019]})

_DID = pd.DataFrame({"y": [1.0, 2.0, 3.0, np.inf, 1.1, 2.1, 2.9, 6.1], "treated": [0, 0, 1, 1] * 2,
                     "post": [0, 1, 0, 1] * 2})


def _cafe_winner():
    nfc, nfd = "Caf\u00e9", "Cafe\u0301"
    r = voting.plurality([([nfc], 2), ([nfd], 2), (["Bar\u200b"], 3), (["Bar"], 0)])
    assert r.winner == nfc and r.scores == {"Bar": 3, nfc: 4}, r.scores
    return r.winner


def _explorer_escapes():
    def compute(option):
        raise ParameterError("option", "<img src=x onerror=alert(1)>", "an option name")

    explorer = Explorer("hostile", "Hostile", (Choice("option", "Option", ["a", "b"]),), compute, lambda r, **_: r)
    box = explorer.widget()
    assert "<img" not in twin_html(explorer.twin().payload(), "h").split('<script type="application/json"')[0]
    assert "<img" not in box.message.value and "&lt;img src=x onerror=alert(1)&gt;" in box.message.value
    return "escaped"


def _irv_single_votes(n: int):
    r = voting.instant_runoff([([name], 1) for name in _options(n)])
    assert r.tie and len(r.winners) == n
    return f"{len(r.winners)} tied winners"


def _voting_explorer_text(n: int):
    text = "\n".join(f"1: {name}" for name in _options(n))
    table = voting.compare_rules(textballots.profile_from_text(text))
    assert table["tie"].all()
    return f"{len(table)} rules, all tied"


CASES: tuple[Case, ...] = (
    Case("instant runoff, 18 options with one vote each", lambda: _irv_single_votes(18), match="18 tied"),
    Case("instant runoff, 20 options with one vote each", lambda: _irv_single_votes(20), match="20 tied"),
    Case("every rule on 20 one-vote lines typed into the voting explorer", lambda: _voting_explorer_text(20),
         match="all tied"),
    Case("instant runoff, 20 options in a cycle of ties", lambda: voting.instant_runoff(_cyclic(20)),
         LimitError, "the limit"),
    Case("majority cycles of 22 options", lambda: len(voting.condorcet_cycles(_random_profile(22, 30))),
         match="1000"),
    Case("Copeland on 10,000 single-option ballots",
         lambda: voting.copeland([([f"o{i}"], 1) for i in range(10_000)]), LimitError, "limit of 500"),
    Case("all rules on 10,000 single-option ballots",
         lambda: voting.compare_rules([([f"o{i}"], 1) for i in range(10_000)]), LimitError, "limit of 500"),
    Case("feedback loops of a complete diagram of 11 variables",
         lambda: feedback.find_loops(_complete_diagram(11)), LimitError, "10,000 feedback loops"),
    Case("feedback loops of a complete diagram of 12 variables",
         lambda: feedback.find_loops(_complete_diagram(12)), LimitError, "10,000 feedback loops"),
    Case("recruitment simulation with dt_months=1e-9",
         lambda: feedback.recruitment_with_delay(dt_months=1e-9), LimitError, "time steps"),
    Case("burnout simulation with dt_months=1e-9",
         lambda: feedback.volunteer_burnout(dt_months=1e-9), LimitError, "time steps"),
    Case("SROI sensitivity with period_step=10**9",
         lambda: valuation.sroi_sensitivity(_VALUE_MAP, 5000, 0.03, period_step=10**9), ParameterError,
         "period_step = 1000000000"),
    Case("a count of 100000000000000000000", lambda: voting.plurality([(["A"], 10**20), (["B"], 1)]),
         BallotError, "larger than the limit"),
    Case("a count of 100000000000000000000 typed as text",
         lambda: textballots.profile_from_text("100000000000000000000: A > B"), BallotError, "larger than the limit"),
    Case("counts that add up past 2**63",
         lambda: voting.plurality([(["A"], 10**12)] * 10), ParameterError, "at most 1,000,000,000,000"),
    Case("'Café' in two Unicode forms and with a zero-width space", _cafe_winner, match="Café"),
    Case("km_curve(None, None)", lambda: survival.km_curve(None, None), ParameterError, "time = None"),
    Case("km_curve with lengths that differ", lambda: survival.km_curve([1, 2, 3], [1, 0]), ParameterError,
         "one value per duration"),
    Case("km_curve with text durations", lambda: survival.km_curve(["one", "two"], [1, 0]), ParameterError,
         "time[0] = 'one'"),
    Case("km_curve with a negative duration", lambda: survival.km_curve([1, -2], [1, 0]), ParameterError,
         "time[1] = -2"),
    Case("km_curve with a NaN duration", lambda: survival.km_curve([1, float("nan")], [1, 0]), ParameterError,
         "NaN"),
    Case("km_curve with an infinite duration", lambda: survival.km_curve([1, float("inf")], [1, 0]),
         ParameterError, "infinity"),
    Case("km_curve with event code 2", lambda: survival.km_curve([1, 2], [2, 0]), ParameterError, "event[0] = 2"),
    Case("km_curve with event code -1", lambda: survival.km_curve([1, 2], [1, -1]), ParameterError,
         "event[1] = -1"),
    Case("survival_table with an end before the start", lambda: survival.survival_table(_PANEL_END_BEFORE_START),
         DataError, "end before they were founded"),
    Case("did with an infinite outcome", lambda: evaluation.did(_DID, "y", treated="treated", post="post"),
         DataError, "infinite"),
    Case("compare_methods on an unprepared panel",
         lambda: case_study.compare_methods(data.load("monitor_panel")), DataError, "prepare_panel"),
    Case("survey_item_summary with text answers",
         lambda: feedback.survey_item_summary(pd.DataFrame({"q": [1, 2, "veel", 4]}), ["q"]), DataError,
         "text, not scores"),
    Case("code_answers('een antwoord')", lambda: qualitative.code_answers("een antwoord"), ParameterError,
         "a list of answers"),
    Case("cohen_kappa on two bare strings", lambda: qualitative.cohen_kappa("abc", "abd"), ParameterError,
         "a list of codes"),
    Case("an explorer error naming an HTML option", _explorer_escapes, match="escaped"),
)


@dataclass(frozen=True)
class Outcome:
    kind: str            # "answer", "error" or "killed"
    detail: str          # repr of the answer, ``Class: message`` of the error, or why it was killed
    seconds: float
    peak_mb: float       # growth of the child's resident memory over the parent's


def _vm_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def run_capped(case: Case, memory_mb: int = MEMORY_CAP_MB, seconds: int = TIME_CAP_S) -> Outcome:
    """Run ``case`` in a forked child limited to ``memory_mb`` more address space and ``seconds``."""
    read, write = os.pipe()
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: cap, run, report, exit without cleanup
        os.close(read)
        try:
            limit = _vm_bytes() + memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.alarm(seconds)
            rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            try:
                answer = case.call()
                kind, detail = "answer", repr(answer)[:500]
            except CollectivesError as error:
                kind, detail = "error", f"{type(error).__name__}: {error}"
            except BaseException as error:  # noqa: BLE001 - reported to the parent as a failure
                kind, detail = "foreign", f"{type(error).__name__}: {error}\n{traceback.format_exc()[-1500:]}"
            grown = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
            os.write(write, f"{kind}\x00{grown}\x00{detail}".encode("utf-8", "replace"))
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    if not chunks:
        why = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        return Outcome("killed", f"the child was stopped ({why}): over {seconds} s or {memory_mb} MB", elapsed,
                       float("nan"))
    kind, grown, detail = b"".join(chunks).decode("utf-8", "replace").split("\x00", 2)
    del base_rss
    return Outcome(kind, detail, elapsed, float(grown))
