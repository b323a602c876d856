"""Explorer for feedback with a delay (deep dive 4): steer volunteers on a lagging count.

Example
-------
>>> box = delay_explorer().widget()
>>> box.render(delay_months=6, adjustment_time_months=4, goal=40).layout.meta["alt"].startswith("With a")
True
>>> box.render(delay_months=6, adjustment_time_months=0, goal=40) is None  # a friendly message instead
True
"""

from __future__ import annotations

from collectives.explorer import Explorer, Number
from collectives.feedback import recruitment_with_delay
from collectives.figures.feedback import delay_figure

__all__ = ["delay_explorer"]


def delay_explorer(*, initial: float = 20, leave_rate_per_month: float = 0.02, months: int = 72) -> Explorer:
    """Change the reporting delay, the adjustment time and the goal; see the volunteers respond."""

    def compute(delay_months: float, adjustment_time_months: float, goal: float):  # noqa: ANN202
        return recruitment_with_delay(goal=goal, initial=initial, adjustment_time_months=adjustment_time_months,
                                      delay_months=delay_months, leave_rate_per_month=leave_rate_per_month,
                                      months=months, dt_months=min(0.25, adjustment_time_months / 4))

    return Explorer(
        "delay", "Delay explorer",
        (Number("delay_months", "Reporting delay (months)", value=0, min=0, max=24, twin=(0, 3, 6, 12)),
         Number("adjustment_time_months", "Adjustment time (months; smaller = act harder)", value=4, min=0, max=24,
                step=0.5, twin=(2, 4, 8)),
         Number("goal", "Goal (volunteers)", value=40, min=10, max=100, step=5)),
        compute, lambda result, **_: delay_figure(result))
