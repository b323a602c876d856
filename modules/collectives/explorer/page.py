"""The static twin as HTML: labelled controls, the figure area, a live region and the data."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any


def twin_html(payload: Mapping[str, Any], div_id: str, plotly_config: Mapping[str, Any] | None = None) -> str:
    """HTML of a static twin: labelled controls, the figure area, a live region and the data.

    The page's ``explorer.js`` reads the JSON and draws the chosen view with plotly.js.
    """
    e = html.escape
    config = e(json.dumps(dict(plotly_config or {}), separators=(",", ":")))
    parts = [f'<div class="explorer" data-explorer="{e(str(payload["name"]))}" id="{div_id}" data-plotly-config="{config}">',
             f'<form class="explorer-controls" aria-label="{e(payload["title"])}: choose what to show">',
             f'<p class="explorer-title"><strong>{e(payload["title"])}</strong></p>']
    for i, control in enumerate(payload["controls"]):
        cid = f"{div_id}-c{i}"
        label = e(control["label"])
        start = control.get("start", 0)
        if control["widget"] == "range":
            n = len(control["options"])
            shown = e(control["options"][start])
            parts.append(f'<div class="explorer-control"><label for="{cid}">{label}</label> '
                         f'<input type="range" id="{cid}" name="{e(control["name"])}" min="0" max="{n - 1}" step="1" '
                         f'value="{start}" aria-valuetext="{shown}"><output for="{cid}" id="{cid}-out">{shown}</output></div>')
        else:
            options = "".join(f'<option value="{j}"{" selected" if j == start else ""}>{e(o)}</option>'
                              for j, o in enumerate(control["options"]))
            parts.append(f'<div class="explorer-control"><label for="{cid}">{label}</label> '
                         f'<select id="{cid}" name="{e(control["name"])}">{options}</select></div>')
    parts.append("</form>")
    first = payload["views"].get("|".join(str(c.get("start", 0)) for c in payload["controls"]), {})
    parts.append(f'<p class="explorer-message" id="{div_id}-msg" role="status" aria-live="polite">'
                 f'{e(first.get("message", ""))}</p>')
    parts.append(f'<div class="explorer-figure" role="group" aria-describedby="{div_id}-alt">'
                 f'<p class="visually-hidden" id="{div_id}-alt" aria-live="polite">{e(first.get("alt", ""))}</p>'
                 f'<div id="{div_id}-fig" class="explorer-plot"></div><div class="explorer-table" id="{div_id}-table" tabindex="0" role="region" '
                 f'aria-label="Table of this view (scrolls sideways on a small screen)"></div></div>')
    note = "This explorer works on this page: change the menus above. "
    if payload.get("fixed"):
        note += f"Open the page live (Binder, JupyterHub or a local install) to also change: {e(', '.join(payload['fixed']))}."
    else:
        note += "Open the page live (Binder, JupyterHub or a local install) to use it with your own values."
    parts.append(f'<p class="explorer-note">{note}</p>')
    data = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
    parts.append(f'<script type="application/json" class="explorer-data">{data}</script></div>')
    return "".join(parts)


