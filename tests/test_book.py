"""The site glue: plotly figures with alt text, local assets, accessible HTML."""

from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from collectives import book
from collectives.figures import style

pytestmark = pytest.mark.site  # slow tier: `make test` (the fast tier is `make test-fast`)


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


def fake_app(thebe=False):
    return SimpleNamespace(config={"html_theme_options": {"launch_buttons": {"thebe": thebe}}})


def test_duplicate_scripts_are_dropped_once_per_page():
    script = SimpleNamespace(filename=None, attributes={"body": "const A = 1"})
    same = SimpleNamespace(filename="", attributes={"body": "const A = 1"})
    other = SimpleNamespace(filename="x.js", attributes={})
    context = {"script_files": [script, other, same]}
    book._tune_scripts(fake_app(), "page", "page.html", context, None)
    assert context["script_files"] == [script, other]


def test_mathjax_and_thebe_are_dropped_where_they_have_nothing_to_do_and_heavy_scripts_are_deferred():
    from docutils import nodes
    from docutils.utils import new_document
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    mathjax = SimpleNamespace(filename="mathjax/tex-mml-chtml.js", attributes={})
    thebe = SimpleNamespace(filename="sphinx-thebe.js", attributes={})
    index = SimpleNamespace(filename="searchindex.js", attributes={})
    plain = new_document("page", get_default_settings(Parser))
    context = {"script_files": [mathjax, thebe, index], "css_files": []}
    book._tune_scripts(fake_app(), "page", "page.html", context, plain)
    assert context["script_files"] == [index] and index.attributes["defer"] == "defer"
    with_maths = new_document("page", get_default_settings(Parser))
    with_maths += nodes.math_block("", "x^2")
    context = {"script_files": [mathjax], "css_files": []}
    book._tune_scripts(fake_app(), "page", "page.html", context, with_maths)
    assert context["script_files"] == [mathjax]


def test_the_search_button_and_folded_cells_are_named_by_their_visible_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
                    'aria-label="Search" data-bs-placement="bottom">Search <kbd>Ctrl</kbd>+<kbd>K</kbd></button>'
                    '<summary aria-label="Toggle hidden content"><p>Show code cell source</p></summary>', encoding="utf-8")
    book._fix_accessibility(tmp_path)
    text = page.read_text(encoding="utf-8")
    assert 'aria-label="Search"' not in text and "aria-label" not in text


def test_plotly_menus_become_labelled_html_controls_and_the_figure_is_json():
    fig = style(go.Figure([go.Bar(x=["a"], y=[1]), go.Bar(x=["a"], y=[2], visible=False)]),
                title="t", x_title="x", y_title="y", alt="Two choices.")
    fig.update_layout(updatemenus=[{"name": "Year", "buttons": [
        {"label": "2024", "method": "update", "args": [{"visible": [True, False]}]},
        {"label": "2025", "method": "update", "args": [{"visible": [False, True]}]}]}])
    html = book.figure_html(fig.to_plotly_json(), div_id="f")
    assert '<label class="figure-control"><span>Year</span><select data-menu="0">' in html
    assert '<option value="1">2025</option>' in html
    assert '"updatemenus"' not in html  # no SVG menu left in the figure
    assert '<script type="application/json" class="plotly-json" data-for="f">' in html
    assert '"displaylogo":false' in html and '"showSendToCloud":false' in html


def test_the_search_scripts_the_theme_writes_into_every_head_are_deferred(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<script src="../_static/searchtools.js"></script><script src="../searchindex.js"></script>',
                    encoding="utf-8")
    book._fix_accessibility(tmp_path)
    assert page.read_text(encoding="utf-8") == ('<script defer src="../_static/searchtools.js"></script>'
                                                 '<script defer src="../searchindex.js"></script>')
