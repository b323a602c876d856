"""An agent-based model (Mesa 3) of residents forming, joining and leaving local energy initiatives.

A simplified rebuild of the model of Ghorbani, Nascimento & Filatova (2020, *Energy Research &
Social Science* 70:101782), whose agents pass through stages — concern, interest, initiating or
supporting — and where a community forms an initiative when a leadership board exists and
enough supporters invest. What is kept and what is left out:

- **kept**: residents in neighbourhoods; concern spreads between neighbours (opinion
  dynamics with bounded confidence); a resident whose concern passes their own threshold
  becomes *interested*; interested residents with leadership potential become *initiators*;
  an initiative forms in a neighbourhood when ``board_size`` free initiators and enough free
  interested residents (who put in money) are there; interested residents join an existing
  initiative; members whose concern drops leave, and an initiative whose board falls below
  two ends;
- **left out**: social value orientations (prosocial, individualistic, competitive), the
  empirical calibration on Dutch survey data, project types (solar, wind), investment sums.

The paper's finding this model reproduces (and a test checks): **potential leaders are the
bottleneck** — raising the share of residents with leadership potential raises the number of
initiatives much more than the same relative rise in the share of willing supporters. Its other
finding, that altruistic (prosocial) residents become essential where cooperative residents are
scarce, cannot be reproduced: the model has no value orientations.

Example
-------
>>> res = run_population(residents=400, neighbourhoods=8, steps=20, seed=1)
>>> list(res.columns)
['step', 'initiatives', 'members', 'interested', 'initiators']
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
import pandas as pd

from collectives.validate import integer, number

__all__ = ["PopulationModel", "Resident", "leader_bottleneck", "run_population"]


@dataclass(frozen=True)
class _Settings:
    leader_share: float
    supporter_share: float
    board_size: int
    min_supporters: int
    campaign: float
    join_probability: float
    confidence: float
    influence: float


class Resident(mesa.Agent):
    """One resident: concern (0–1), own threshold, leadership potential, and membership."""

    def __init__(self, model: "PopulationModel", neighbourhood: int, leader: bool, willing: bool):
        super().__init__(model)
        self.neighbourhood = neighbourhood
        self.leader = leader
        self.willing = willing                   # prepared to invest as a supporter when interested
        self.concern = model.random.betavariate(2, 2)
        self.threshold = model.random.uniform(0.4, 0.7)
        self.initiative: int | None = None       # id of the initiative the resident belongs to
        self.on_board = False

    @property
    def interested(self) -> bool:
        return self.concern >= self.threshold

    def step(self) -> None:
        m, s = self.model, self.model.settings
        peers = m.by_neighbourhood[self.neighbourhood]
        other = peers[m.random.randrange(len(peers))]
        gap = other.concern - self.concern
        if abs(gap) < s.confidence:                       # bounded confidence: listen to those close by
            self.concern += s.influence * gap
        self.concern = min(1.0, max(0.0, self.concern + s.campaign * m.random.random()
                                    + m.random.gauss(0.0, 0.03)))
        if self.initiative is not None:
            if self.concern < self.threshold - 0.15 and m.random.random() < 0.5:
                m.leave(self)
        elif self.interested and not self.leader and self.willing and self.neighbourhood in m.open_initiatives \
                and m.random.random() < s.join_probability:
            m.join(self, m.open_initiatives[self.neighbourhood])


class PopulationModel(mesa.Model):
    """Residents of one municipality in ``neighbourhoods``; one step is a quarter of a year."""

    def __init__(self, residents: int = 1500, neighbourhoods: int = 30, *, leader_share: float = 0.04,
                 supporter_share: float = 0.5, board_size: int = 3, min_supporters: int = 8,
                 campaign: float = 0.0, join_probability: float = 0.2, seed: int = 0):
        residents = integer("residents", residents, min=20, max=100_000,
                            expected="a whole number of residents from 20 to 100000")
        neighbourhoods = integer("neighbourhoods", neighbourhoods, min=1, max=residents // 10,
                                 expected=f"a whole number of neighbourhoods from 1 to {residents // 10} (at least 10 residents each)")
        seed = integer("seed", seed, min=0, max=2**32 - 1, expected="a whole number of zero or more")
        super().__init__(seed=seed)
        self.settings = _Settings(
            number("leader_share", leader_share, min=0.0, max=1.0,
                   expected="a share of residents with leadership potential from 0 to 1, e.g. 0.04"),
            number("supporter_share", supporter_share, min=0.0, max=1.0,
                   expected="a share of residents willing to invest from 0 to 1, e.g. 0.5"),
            integer("board_size", board_size, min=1, max=10, expected="a whole number of board members from 1 to 10"),
            integer("min_supporters", min_supporters, min=0, max=1000,
                    expected="a whole number of supporters from 0 to 1000"),
            number("campaign", campaign, min=0.0, max=0.05,
                   expected="a yearly push to concern from 0 to 0.05 per quarter"),
            number("join_probability", join_probability, min=0.0, max=1.0,
                   expected="a probability per quarter from 0 to 1"),
            0.3, 0.1)
        self.by_neighbourhood: dict[int, list[Resident]] = {k: [] for k in range(neighbourhoods)}
        for i in range(residents):
            hood = i % neighbourhoods
            r = Resident(self, hood, self.random.random() < self.settings.leader_share,
                         self.random.random() < self.settings.supporter_share)
            self.by_neighbourhood[hood].append(r)
        self.initiatives: dict[int, list[Resident]] = {}
        self.open_initiatives: dict[int, int] = {}      # neighbourhood → its initiative
        self._next_id = 0
        self.history: list[dict] = []
        self._record()

    # --- membership -------------------------------------------------------------------------
    def join(self, resident: Resident, initiative: int) -> None:
        resident.initiative = initiative
        self.initiatives[initiative].append(resident)

    def leave(self, resident: Resident) -> None:
        members = self.initiatives[resident.initiative]
        members.remove(resident)
        ident = resident.initiative
        resident.initiative, was_board, resident.on_board = None, resident.on_board, False
        if was_board and sum(r.on_board for r in members) < 2:     # the board falls apart: the initiative ends
            for r in list(members):
                r.initiative, r.on_board = None, False
            del self.initiatives[ident]
            self.open_initiatives = {h: i for h, i in self.open_initiatives.items() if i != ident}

    def _form(self) -> None:
        s = self.settings
        for hood, people in self.by_neighbourhood.items():
            if hood in self.open_initiatives:
                continue
            free = [r for r in people if r.initiative is None and r.interested]
            initiators = [r for r in free if r.leader]
            supporters = [r for r in free if not r.leader and r.willing]
            if len(initiators) >= s.board_size and len(supporters) >= s.min_supporters:
                ident, self._next_id = self._next_id, self._next_id + 1
                self.initiatives[ident] = []
                self.open_initiatives[hood] = ident
                for r in initiators[: s.board_size]:
                    self.join(r, ident)
                    r.on_board = True
                for r in supporters:
                    self.join(r, ident)

    def _record(self) -> None:
        agents = list(self.agents)
        self.history.append({
            "step": len(self.history),
            "initiatives": len(self.initiatives),
            "members": sum(len(v) for v in self.initiatives.values()),
            "interested": sum(a.interested for a in agents),
            "initiators": sum(a.interested and a.leader for a in agents),
        })

    def step(self) -> None:
        self.agents.shuffle_do("step")
        self._form()
        self._record()


def run_population(*, residents: int = 1500, neighbourhoods: int = 30, steps: int = 40, seed: int = 0,
                   **settings) -> pd.DataFrame:
    """Run :class:`PopulationModel` for ``steps`` quarters; one row per step.

    Keyword settings: leader_share, supporter_share, board_size, min_supporters, campaign,
    join_probability (see :class:`PopulationModel`).
    """
    steps = integer("steps", steps, min=1, max=400, expected="a whole number of quarters from 1 to 400")
    model = PopulationModel(residents, neighbourhoods, seed=seed, **settings)
    for _ in range(steps):
        model.step()
    return pd.DataFrame(model.history)


def leader_bottleneck(leader_shares=(0.02, 0.04, 0.08), supporter_shares=(0.25, 0.5, 1.0), *, seeds=range(4),
                      steps: int = 40, residents: int = 1500, neighbourhoods: int = 30) -> pd.DataFrame:
    """Initiatives after ``steps`` quarters on a grid of leader and supporter shares, averaged over seeds.

    Returns a DataFrame leader_share, supporter_share, initiatives (mean), members (mean), runs.
    """
    rows = []
    for ls in leader_shares:
        for ss in supporter_shares:
            ends = [run_population(residents=residents, neighbourhoods=neighbourhoods, steps=steps, seed=int(s),
                                   leader_share=ls, supporter_share=ss).iloc[-1] for s in seeds]
            rows.append({"leader_share": ls, "supporter_share": ss,
                         "initiatives": float(np.mean([e["initiatives"] for e in ends])),
                         "members": float(np.mean([e["members"] for e in ends])), "runs": len(ends)})
    return pd.DataFrame(rows)
