"""Shared figure style and the explorer pattern."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from collectives import data
from collectives.errors import ParameterError
from collectives.explorer import assert_twin_matches_live
from collectives.figures import OKABE_ITO, line_chart, style
from collectives.widgets.day1 import growth_explorer


def test_a_figure_without_alt_text_is_refused():
    with pytest.raises(ParameterError, match="alt"):
        style(go.Figure(), title="t", x_title="x", y_title="y", alt="  ")


def test_lines_differ_in_colour_marker_and_dash():
    df = pd.DataFrame({"year": [1, 2, 1, 2], "v": [1, 2, 3, 4], "s": ["a", "a", "b", "b"]})
    fig = line_chart(df, x="year", y="v", color="s", title="t", x_title="x", y_title="y", alt="Two lines.")
    a, b = fig.data
    assert a.line.color == OKABE_ITO[0] and b.line.color == OKABE_ITO[1]
    assert a.marker.symbol != b.marker.symbol and a.line.dash != b.line.dash
    assert fig.layout.meta["alt"] == "Two lines." and fig.layout.autosize and fig.layout.width is None


def test_growth_explorer_compares_series_as_an_index_and_as_reported_values():
    explorer = growth_explorer(data.load("published_figures"))
    box = explorer.widget()
    figure = box.render(scale="index")
    assert len(figure.data) == 3  # the first set: energy cooperatives in three places
    for trace in figure.data:  # the first year's reports average to 100
        first = [y for x, y in zip(trace.x, trace.y) if x == min(trace.x)]
        assert sum(first) / len(first) == pytest.approx(100.0)
    values = box.render(scale="values")
    assert values.layout.yaxis.title.text == "Reported value (cooperatives)"
    assert max(max(t.y) for t in values.data) > 100  # counts, not an index
    assert box.render(chosen=()) is None and "Series" in box.message.value  # not one of the listed options
    assert_twin_matches_live(explorer)
