"""The site glue: plotly figures with alt text, local assets, accessible HTML."""

from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from collectives import book
from collectives.figures import style


def figure_json(alt="Bars rise from left to right."):
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    return style(fig, title="t", x_title="x", y_title="y", alt=alt).to_plotly_json()


class FakeRenderer:
    def __init__(self):
        self.warnings, self.js = [], {}
        self.source = "/book/day1/page.md"
        self.logger = SimpleNamespace(warning=lambda msg, **kw: self.warnings.append(msg))

    def add_js_file(self, key, uri, kwargs):
        self.js[key] = uri


def mime(content, cell_index=3, output_index=0):
    return SimpleNamespace(mime_type=book.PLOTLY_MIME, content=content, cell_index=cell_index,
                           output_index=output_index, line=10)


def test_plotly_output_becomes_html_with_its_alt_text_and_asks_for_plotly_js():
    renderer = FakeRenderer()
    nodes = book.PlotlyMimeRenderer.handle_mime(renderer, mime(figure_json()), inline=False)
    html = nodes[0].astext()
    assert 'aria-describedby="fig-page-3-0-alt"' in html
    assert "Bars rise from left to right." in html
    assert renderer.js == {"plotly": book.PLOTLY_JS}
    assert renderer.warnings == []


def test_figure_without_alt_text_is_a_build_warning():
    renderer = FakeRenderer()
    content = go.Figure(go.Bar(x=["a"], y=[1])).to_plotly_json()
    book.PlotlyMimeRenderer.handle_mime(renderer, mime(content), inline=False)
    assert any("no alt text" in w for w in renderer.warnings)


def test_other_mime_types_are_left_to_myst_nb():
    data = SimpleNamespace(mime_type="text/html", content="<p>x</p>")
    assert book.PlotlyMimeRenderer.handle_mime(FakeRenderer(), data, inline=False) is None


def test_figure_ids_are_stable_between_builds():
    first = book.figure_html(figure_json(), "fig-x-1-0")
    second = book.figure_html(figure_json(), "fig-x-1-0")
    assert first == second


def test_every_front_end_asset_is_installed_locally():
    from collectives.course import ROOT

    assert book.missing_assets(ROOT) == []


def test_citation_entries_get_an_accessible_role(tmp_path):
    page = tmp_path / "bibliography.html"
    page.write_text('<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>', encoding="utf-8")
    book._fix_accessibility(tmp_path)
    assert 'role="listitem"' in page.read_text(encoding="utf-8")


def test_duplicate_scripts_are_dropped_once_per_page():
    script = SimpleNamespace(filename=None, attributes={"body": "const A = 1"})
    same = SimpleNamespace(filename="", attributes={"body": "const A = 1"})
    other = SimpleNamespace(filename="x.js", attributes={})
    context = {"script_files": [script, other, same]}
    book._drop_duplicate_scripts(None, "page", "page.html", context, None)
    assert context["script_files"] == [script, other]
