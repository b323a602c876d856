// Static twins of the course's explorers: real HTML controls switch between precomputed views.
// Each <div class="explorer"> holds its controls, a figure area, a live region for screen
// readers and its data (<script type="application/json" class="explorer-data">), written by
// collectives.explorer.twin_html. No kernel and no widget manager are needed.
(function () {
  "use strict";

  function setup(root) {
    var payload = JSON.parse(root.querySelector("script.explorer-data").textContent);
    var controls = Array.prototype.slice.call(root.querySelectorAll(".explorer-controls select, .explorer-controls input[type=range]"));
    var plot = root.querySelector(".explorer-plot");
    var table = root.querySelector(".explorer-table");
    var alt = root.querySelector("#" + root.id + "-alt");
    var message = root.querySelector(".explorer-message");
    var config = JSON.parse(root.getAttribute("data-plotly-config") || "{}");
    var drawn = false;

    function key() {
      return controls.map(function (c) { return c.value; }).join("|");
    }

    function show() {
      controls.forEach(function (c, i) {
        if (c.type === "range") {
          var text = payload.controls[i].options[Number(c.value)];
          c.setAttribute("aria-valuetext", text);
          var out = root.querySelector("#" + c.id + "-out");
          if (out) { out.textContent = text; }
        }
      });
      var view = payload.views[key()] || {message: "This combination is not available on the static page."};
      message.textContent = view.message || "";
      alt.textContent = view.alt || "";
      table.innerHTML = view.table || "";
      if (view.figure && window.Plotly) {
        var layout = view.figure.layout || {};
        if (payload.template && !layout.template) { layout.template = payload.template; }
        plot.hidden = false;
        (drawn ? window.Plotly.react : window.Plotly.newPlot)(plot, view.figure.data || [], layout, config);
        drawn = true;
      } else {
        plot.hidden = true;
      }
      root.setAttribute("data-view", key());
    }

    controls.forEach(function (c) {
      c.addEventListener("input", show);
      c.addEventListener("change", show);
    });
    show();
  }

  function start() {
    var roots = document.querySelectorAll("div.explorer[data-explorer]");
    if (roots.length && !window.Plotly) { window.addEventListener("load", start, {once: true}); return; }
    Array.prototype.forEach.call(roots, function (root) {
      if (!root.hasAttribute("data-ready")) { root.setAttribute("data-ready", ""); setup(root); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
