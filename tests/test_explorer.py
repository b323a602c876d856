"""Explorers declared once: the static twin and the live widget agree, and both are safe."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest

from collectives.errors import CollectivesError, ParameterError
from collectives.explorer import MAX_VIEWS, Choice, Explorer, Number, Text, assert_twin_matches_live, twin_html
from collectives.figures import style


def bars(n: int, label: str = "x") -> go.Figure:
    return style(go.Figure(go.Bar(x=[label] * n, y=list(range(n)))), title=f"{n} bars", x_title="bar",
                 y_title="height", alt=f"{n} bars labelled {label}.")


def compute(n, label, note="hello"):
    if n == 0:
        raise CollectivesError("nothing matches these choices: choose at least one bar.")
    return n


def demo(**kwargs) -> Explorer:
    return Explorer("demo", "Demo explorer",
                    (Choice("n", "Bars", [0, 1, 2], value=1),
                     Choice("label", "Label", ["a", "<img src=x onerror=alert(1)>"]),
                     Text("note", "Note", "hello")),
                    compute, lambda result, **values: bars(result, values["label"]), **kwargs)


def test_twin_precomputes_every_combination_and_starts_at_the_declared_values():
    twin = demo().twin()
    assert sorted(twin.views) == [(i, j) for i in range(3) for j in range(2)]
    assert twin.start == (1, 0)
    assert twin.fixed == ("Note",)


def test_a_user_error_becomes_the_message_of_its_view_in_both_faces():
    explorer = demo()
    assert explorer.twin().views[(0, 0)].message.startswith("nothing matches")
    live = explorer.widget()
    assert live.render(n=0) is None and "nothing matches" in live.message.value
    assert_twin_matches_live(explorer)


def test_live_values_are_checked_against_their_control():
    explorer = demo()
    with pytest.raises(ParameterError, match="Bars"):
        explorer.figure(n=7)
    with pytest.raises(ParameterError, match="one of"):
        explorer.figure(colour="red")
    numbers = Explorer("nums", "Numbers", (Number("k", "Count", value=2, min=1, max=5, twin=(1, 3)),),
                       lambda k: k, lambda result, **_: bars(result))
    assert [label for label, _ in numbers.controls[0].twin_options()] == ["1", "2", "3"]  # the default joins the twin
    for bad in (0, 6, float("nan"), "3", True):
        with pytest.raises(ParameterError):
            numbers.figure(k=bad)
    assert numbers.figure(k=4).layout.meta["alt"] == "4 bars labelled x."


def test_a_twin_with_too_many_views_is_refused_with_a_clear_message():
    many = Explorer("many", "Many", (Choice("a", "A", list(range(20))), Choice("b", "B", list(range(20)))),
                    lambda a, b: a, lambda result, **_: bars(1))
    with pytest.raises(ParameterError, match=f"at most {MAX_VIEWS} combinations"):
        many.twin()


def test_twin_html_has_labelled_controls_and_escapes_everything_it_shows():
    payload = demo().twin().payload()
    page = twin_html(payload, "ex-1", {"displaylogo": False})
    assert "<img src=x" not in page.split('<script type="application/json"')[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    for control_id in re.findall(r'<select id="([^"]+)"', page):
        assert f'<label for="{control_id}">' in page
    data = page.split('class="explorer-data">')[1].split("</script>")[0]
    assert "</" not in data.replace("<\\/", "")  # nothing in the data can close the script early
    assert json.loads(data.replace("<\\/", "</"))["views"]["1|0"]["alt"] == "1 bars labelled a."
    assert '<option value="1" selected>' in page


def test_explorer_names_are_ids_and_controls_are_unique():
    with pytest.raises(ParameterError):
        Explorer("Not an id!", "t", (), lambda: 0, lambda r: bars(1))
    with pytest.raises(ParameterError):
        Explorer("twice", "t", (Choice("a", "A", [1]), Choice("a", "A again", [2])), lambda a: a, lambda r, a: bars(1))


def test_a_choice_offers_its_twin_subset_on_the_static_page_and_every_option_live():
    explorer = Explorer("subset", "Subset explorer",
                        (Choice("n", "Bars", [1, 2, 3, 4, 5], value=2, twin=(1, 4)),
                         Choice("label", "Label", ["a", "b"], twin=())),
                        lambda n, label: n, lambda result, **values: bars(result, values["label"]))
    twin = explorer.twin()
    assert [label for label, _ in twin.controls[0].twin_options()] == ["1", "2", "4"]  # the value is always kept
    assert sorted(twin.views) == [(0,), (1,), (2,)] and twin.fixed == ("Label",)
    assert explorer.widget().render(n=5, label="b").layout.title.text == "5 bars"  # live: every option
    assert_twin_matches_live(explorer)
    with pytest.raises(ParameterError, match="among the listed options"):
        Choice("n", "Bars", [1, 2], twin=(7,))


def test_a_live_number_out_of_range_gets_a_message_not_a_silent_clamp():
    explorer = Explorer("numbers", "Number explorer",
                        (Number("n", "Bars", value=2, min=1, max=5, twin=(1, 2)),),
                        lambda n: n, lambda result, **values: bars(result))
    live = explorer.widget()
    live.controls["n"].value = 9  # typed in the box: kept as typed, then refused by the check
    assert live.controls["n"].value == 9
    assert "Bars" in live.message.value and "from 1 to 5" in live.message.value
