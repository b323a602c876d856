"""Live explorer for feedback with a delay (deep dive 4): steer volunteers on a lagging count.

The static twin on the page is :func:`collectives.figures.feedback.delay_slider_figure`.

Example
-------
>>> box = delay_explorer()
>>> box.render(delay_months=6, adjustment_time_months=4, goal=40).layout.meta["alt"].startswith("With a")
True
>>> box.render(delay_months=6, adjustment_time_months=0, goal=40) is None  # a friendly message instead
True
"""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from collectives.feedback import recruitment_with_delay
from collectives.figures.feedback import delay_figure
from collectives.widgets import Explorer, explorer

__all__ = ["delay_explorer"]


def delay_explorer(*, initial: float = 20, leave_rate_per_month: float = 0.02, months: int = 72) -> Explorer:
    """Change the reporting delay, the adjustment time and the goal; see the volunteers respond."""

    def draw(delay_months: float, adjustment_time_months: float, goal: float) -> go.Figure:
        result = recruitment_with_delay(goal=goal, initial=initial, adjustment_time_months=adjustment_time_months,
                                        delay_months=delay_months, leave_rate_per_month=leave_rate_per_month,
                                        months=months, dt_months=min(0.25, adjustment_time_months / 4)
                                        if adjustment_time_months > 0 else 0.25)
        return delay_figure(result)

    controls = {
        "delay_months": w.IntSlider(value=6, min=0, max=24, step=1, description="Reporting delay (months)",
                                    continuous_update=False),
        "adjustment_time_months": w.FloatSlider(value=4, min=1, max=24, step=0.5,
                                                description="Adjustment time (months; smaller = act harder)",
                                                continuous_update=False),
        "goal": w.IntSlider(value=40, min=10, max=100, step=5, description="Goal (volunteers)",
                            continuous_update=False),
    }
    return explorer("Delay explorer", controls, draw)
