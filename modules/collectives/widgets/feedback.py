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
from collectives.figures.feedback import delay_figure, update_delay_figure
from collectives.widgets import Explorer, explorer

__all__ = ["delay_explorer"]


def delay_explorer(*, initial: float = 20, leave_rate_per_month: float = 0.02, months: int = 72) -> Explorer:
    """Change the reporting delay, the adjustment time and the goal; see the volunteers respond."""

    cache: dict[str, go.Figure] = {}

    def draw(delay_months: float, adjustment_time_months: float, goal: float) -> go.Figure:
        result = recruitment_with_delay(goal=goal, initial=initial, adjustment_time_months=adjustment_time_months,
                                        delay_months=delay_months, leave_rate_per_month=leave_rate_per_month,
                                        months=months, dt_months=min(0.25, adjustment_time_months / 4)
                                        if adjustment_time_months > 0 else 0.25)
        if "figure" not in cache:  # build and style the figure once, then only swap its data:
            cache["figure"] = delay_figure(result)  # restyling on every change is the slow part
            return cache["figure"]
        return update_delay_figure(cache["figure"], result)

    # Dropdowns and number boxes rather than sliders: they carry an accessible name in the
    # static page's widget manager, and work with the keyboard.
    controls = {
        "delay_months": w.Dropdown(options=list(range(0, 25)), value=6, description="Reporting delay (months)"),
        "adjustment_time_months": w.FloatText(value=4, step=0.5,
                                              description="Adjustment time (months; smaller = act harder)"),
        "goal": w.Dropdown(options=list(range(10, 105, 5)), value=40, description="Goal (volunteers)"),
    }
    return explorer("Delay explorer", controls, draw)
