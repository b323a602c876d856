"""Open built pages in headless Debian Chromium: console errors, outside requests, figures,
widgets, and axe-core's WCAG 2.1 A/AA checks. Used by the tests; runnable by hand:

    python tests/sitecheck.py _build/html [page.html …] [--screenshot DIR]
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import socketserver
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium binary (never a browser Playwright downloads itself)."""
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "", "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Chromium is not installed: run `make browser` or `apt-get install chromium`.")


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: ANN002
        pass


@dataclass
class PageReport:
    page: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    plotly_divs: int = 0
    plotly_drawn: int = 0
    widget_views: int = 0
    widgets_rendered: int = 0
    violations: list[dict] = field(default_factory=list)

    def violation_summary(self) -> list[str]:
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}× e.g. {v['nodes'][0]['target']}"
            for v in self.violations
        ]


def check_pages(site: Path, pages: list[str], screenshot_dir: Path | None = None,
                viewport: tuple[int, int] = (1280, 900)) -> list[PageReport]:
    from playwright.sync_api import sync_playwright

    axe_source = AXE.read_text(encoding="utf-8")
    reports = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        for page_path in pages:
            report = PageReport(page_path)
            page = context.new_page()

            def route(route_, report=report):
                url = route_.request.url
                if url.startswith(base) or url.startswith("data:") or url.startswith("blob:"):
                    route_.continue_()
                else:
                    report.outside_requests.append(url)
                    route_.abort()

            page.route("**/*", route)
            page.on("console", lambda msg, r=report: msg.type == "error" and r.console_errors.append(msg.text))
            page.on("pageerror", lambda exc, r=report: r.console_errors.append(str(exc)))
            page.on("requestfailed", lambda req, r=report: r.failed_requests.append(req.url)
                    if req.url.startswith(base) else None)
            page.on("response", lambda res, r=report: r.failed_requests.append(f"{res.status} {res.url}")
                    if res.status >= 400 else None)
            page.goto(base + page_path, wait_until="load")
            report.plotly_divs = page.locator(".plotly-figure").count()
            report.widget_views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
            if report.plotly_divs:
                try:
                    page.wait_for_function(
                        "n => document.querySelectorAll('.plotly-figure .main-svg').length >= n",
                        arg=report.plotly_divs, timeout=20000)
                except Exception:  # noqa: BLE001 - counted below
                    pass
            report.plotly_drawn = page.evaluate(
                "() => [...document.querySelectorAll('.plotly-figure')].filter(d => d.querySelector('.main-svg')).length")
            if report.widget_views:
                try:
                    page.wait_for_selector(".jupyter-widgets, .widget-box, .lm-Widget", timeout=20000)
                except Exception:  # noqa: BLE001 - counted below
                    pass
            report.widgets_rendered = page.locator(".widget-box, .jupyter-widgets.widget-container").count()
            page.add_script_tag(content=axe_source)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: false})",
                WCAG_TAGS)
            report.violations = result["violations"]
            if screenshot_dir is not None:
                screenshot_dir.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot_dir / (page_path.replace("/", "_") + ".png")), full_page=True)
            page.close()
            reports.append(report)
        browser.close()
    return reports


def horizontal_overflow(site: Path, pages: list[str], width: int = 390) -> dict[str, int]:
    """Pages wider than a phone screen of ``width`` CSS pixels: page → pixels too wide."""
    from playwright.sync_api import sync_playwright

    too_wide = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 800}, is_mobile=True)
        for page_path in pages:
            page.goto(base + page_path, wait_until="load")
            page.wait_for_timeout(300)
            excess = page.evaluate(
                "() => Math.max(0, ...[...document.querySelectorAll('.plotly-figure, .bd-article')]"
                ".map(e => e.getBoundingClientRect().right - window.innerWidth))")
            if excess > 1:
                too_wide[page_path] = int(excess)
        browser.close()
    return too_wide


def html_pages(site: Path) -> list[str]:
    """Every content page of a built site (not Sphinx's search and index pages)."""
    skip = {"search.html", "genindex.html"}
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts)


if __name__ == "__main__":
    args = sys.argv[1:]
    shots = None
    if "--screenshot" in args:
        i = args.index("--screenshot")
        shots = Path(args[i + 1])
        del args[i:i + 2]
    site = Path(args[0])
    pages = args[1:] or html_pages(site)
    for r in check_pages(site, pages, shots):
        print(json.dumps({"page": r.page, "console_errors": r.console_errors, "outside": r.outside_requests,
                          "failed": r.failed_requests, "plotly": [r.plotly_divs, r.plotly_drawn],
                          "widgets": [r.widget_views, r.widgets_rendered],
                          "violations": r.violation_summary()}, indent=1))
