"""Shared figure style and the explorer pattern."""

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go
import pytest

from collectives import data
from collectives.errors import CollectivesError, ParameterError
from collectives.figures import OKABE_ITO, dropdown_explorer, line_chart, style
from collectives.widgets import explorer, growth_explorer


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


def test_dropdown_explorer_shows_one_series_at_a_time():
    series = {name: pd.DataFrame({"year": [1, 2], "v": [i, i + 1]}) for i, name in enumerate(["a", "b", "c"])}
    fig = dropdown_explorer(series, x="year", y="v", title="t", x_title="x",
                            y_titles={"a": "A", "b": "B", "c": "C"}, alt="Three series, one at a time.")
    assert [trace.visible for trace in fig.data] == [True, False, False]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["a", "b", "c"]
    assert buttons[2].args[0]["visible"] == [False, False, True]
    assert buttons[2].args[1]["yaxis.title.text"] == "C"


def test_explorer_redraws_and_turns_user_errors_into_a_message():
    def draw(n):
        if n > 3:
            raise CollectivesError("at most 3 bars")
        return style(go.Figure(go.Bar(y=[1] * n)), title="t", x_title="x", y_title="y", alt=f"{n} bars.")

    box = explorer("Demo", {"n": w.IntSlider(value=2, min=1, max=5, description="Bars")}, draw)
    assert len(box.render(n=3).data[0].y) == 3
    assert box.render(n=4) is None
    assert "at most 3 bars" in box.message.value and 'role="alert"' in box.message.value


def test_growth_explorer_compares_series_as_an_index():
    box = growth_explorer(data.load("published_figures"))
    figure = box.render(scale="index")
    assert len(figure.data) == len(box.controls["chosen"].value)
    for trace in figure.data:  # the first year's reports average to 100
        first = [y for x, y in zip(trace.x, trace.y) if x == min(trace.x)]
        assert sum(first) / len(first) == pytest.approx(100.0)
    assert box.render(chosen=()) is None
    assert "choose at least one series" in box.message.value
