"""Sphinx and myst-nb glue for the course site. Nothing else in the package knows Sphinx.

Two jobs:

1. :class:`PlotlyMimeRenderer` (a ``myst_nb.mime_renderers`` entry point) turns the plotly
   JSON a kernel emits into HTML, asks for ``plotly.min.js`` on that page only, and puts
   the figure's alt text next to it. A figure without alt text is a build warning, so the
   ``-W`` build fails on it.
2. The Sphinx extension (``extensions: [collectives.book]``) copies the front-end assets
   (plotly.js from the plotly wheel; require.js, the widget manager and MathJax from
   ``node_modules``) into the built site, so no page loads anything from another host.

Example
-------
>>> import plotly.graph_objects as go
>>> fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"meta": {"alt": "One bar."}})
>>> html = figure_html(fig.to_plotly_json(), div_id="example")
>>> 'aria-describedby="example-alt"' in html and "One bar." in html
True
"""

from __future__ import annotations

import html as html_escape
import shutil
from pathlib import Path
from typing import Any

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = "plotly.min.js"
# Where the widget manager and require.js land inside the built site's ``_static``.
WIDGETS_DIR = "widgets"
MATHJAX_DIR = "mathjax"
PLOTLY_CONFIG = {"responsive": True, "displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def figure_html(figure: dict[str, Any], div_id: str) -> str:
    """HTML for one plotly figure (no plotly.js included), with its alt text attached.

    The alt text is read from ``layout.meta.alt`` (set by ``collectives.figures``); it is
    written as a visually hidden paragraph that the figure points at with
    ``aria-describedby``, so screen readers announce what the figure shows.
    """
    import plotly.io as pio

    alt = alt_text(figure) or ""
    body = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        div_id=div_id,
        default_width="100%",
        config=PLOTLY_CONFIG,
        validate=False,
    )
    return (
        f'<div class="plotly-figure" role="group" aria-describedby="{div_id}-alt">'
        f'<p class="visually-hidden" id="{div_id}-alt">{html_escape.escape(alt)}</p>{body}</div>'
    )


def alt_text(figure: dict[str, Any]) -> str | None:
    """The alt text stored in a plotly figure's ``layout.meta.alt``, or None."""
    meta = (figure.get("layout") or {}).get("meta")
    if isinstance(meta, dict):
        alt = meta.get("alt")
        return alt.strip() if isinstance(alt, str) and alt.strip() else None
    return None


class PlotlyMimeRenderer:
    """myst-nb renderer plugin for ``application/vnd.plotly.v1+json`` outputs."""

    mime_priority_overrides = [("html", PLOTLY_MIME, 1), ("dirhtml", PLOTLY_MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):  # noqa: ANN001 - myst-nb's protocol
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        from docutils import nodes

        figure = data.content if isinstance(data.content, dict) else {}
        docname = Path(renderer.source if hasattr(renderer, "source") else "page").stem
        div_id = f"fig-{_slug(docname)}-{data.cell_index}-{data.output_index}"
        if alt_text(figure) is None:
            renderer.logger.warning(
                f"plotly figure in cell {data.cell_index} has no alt text: "
                "set layout.meta.alt (collectives.figures does this for you)",
                subtype="plotly_alt",
                line=data.line,
            )
        renderer.add_js_file("plotly", PLOTLY_JS, {})
        html = figure_html(figure, div_id)
        return [nodes.raw(text=html, format="html", classes=["output", "text_html"])]


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-").lower() or "page"


# --- Sphinx extension ------------------------------------------------------------------


def asset_sources(srcdir: Path) -> dict[str, Path]:
    """Every front-end asset the site serves, mapped from its place under ``_static``."""
    import plotly

    modules = srcdir / "node_modules"
    manager = modules / "@jupyter-widgets" / "html-manager" / "dist"
    sources = {
        PLOTLY_JS: Path(plotly.__file__).parent / "package_data" / PLOTLY_JS,
        f"{WIDGETS_DIR}/require.min.js": modules / "requirejs" / "require.js",
        f"{WIDGETS_DIR}/embed-amd.js": manager / "embed-amd.js",
        MATHJAX_DIR: modules / "mathjax" / "es5",
    }
    if manager.is_dir():
        for font in manager.iterdir():
            if font.suffix in {".woff", ".woff2", ".ttf", ".eot", ".svg"}:
                sources[f"{WIDGETS_DIR}/{font.name}"] = font
    return sources


def missing_assets(srcdir: Path) -> list[str]:
    """Assets that are not installed yet (run ``npm ci`` in the book's root)."""
    return [str(path) for path in asset_sources(srcdir).values() if not path.exists()]


WIDGETS_CONFIG_JS = """// Serve the widget manager's fonts and modules from this site, never from a CDN.
(function () {
  var base = new URL(".", document.currentScript.src).href;
  window.__jupyter_widgets_assets_path__ = base;
  // The manager derives its asset path from its AMD module's address: map that to this folder.
  var folder = base.replace(/\\/$/, "");
  window.require.config({paths: {"@jupyter-widgets/html-manager/dist": folder, "@jupyter-widgets": folder}});
})();
"""


def _copy_assets(app, exception) -> None:  # noqa: ANN001 - Sphinx's event signature
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for target, source in asset_sources(Path(app.srcdir)).items():
        destination = static / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        elif not destination.exists() or destination.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, destination)
    (static / WIDGETS_DIR / "widgets-config.js").write_text(WIDGETS_CONFIG_JS, encoding="utf-8")
    _fix_accessibility(Path(app.outdir))


# HTML that docutils writes and WCAG checkers (axe-core) reject, with the accessible form.
ACCESSIBLE_HTML = {
    # DPUB-ARIA deprecated doc-biblioentry; the citation list is a role="list" container.
    'role="doc-biblioentry"': 'role="listitem"',
}


def _fix_accessibility(outdir: Path) -> None:
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for bad, good in ACCESSIBLE_HTML.items():
            fixed = fixed.replace(bad, good)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _check_assets(app) -> None:  # noqa: ANN001
    missing = missing_assets(Path(app.srcdir))
    if missing:
        from sphinx.errors import ConfigError

        raise ConfigError(
            "The site's front-end assets are not installed: "
            + ", ".join(missing)
            + ". Run `npm ci` in the book's root folder (the README's build command does this)."
        )


def _programme_directive():
    from sphinx.util.docutils import SphinxDirective

    class CourseProgramme(SphinxDirective):
        """``{course-programme}``: the five-day programme, made from ``book/course.yml``."""

        def run(self):  # noqa: ANN202
            from collectives.course import load_course, programme_markdown

            path = Path(self.env.srcdir) / "book" / "course.yml"
            self.env.note_dependency(str(path))
            return self.parse_text_to_nodes(programme_markdown(load_course(path)))

    return CourseProgramme


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Keep each script once per page (sphinx-thebe 0.3.1 registers its config twice)."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", getattr(script, "attributes", {}).get("body"))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _use_local_assets(app, config) -> None:  # noqa: ANN001
    config.mathjax_path = f"{MATHJAX_DIR}/tex-mml-chtml.js"
    config.nb_ipywidgets_js = {
        f"{WIDGETS_DIR}/require.min.js": {},
        f"{WIDGETS_DIR}/widgets-config.js": {},
        f"{WIDGETS_DIR}/embed-amd.js": {},
    }


def setup(app):  # noqa: ANN001
    """Register the asset checks and the copy step; point myst-nb and MathJax at local files."""
    app.add_directive("course-programme", _programme_directive())
    app.connect("config-inited", _use_local_assets)
    app.connect("builder-inited", _check_assets)
    app.connect("build-finished", _copy_assets)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
