/* The course site's own script (deferred; runs after plotly.js where a page has figures).
 *
 * 1. Navigation: the header's ☰ and "On this page" buttons open the drawers at every width
 *    (the theme wires only the first, hidden, copy of each: sphinx-book-theme#917), and the
 *    presentation view (button or the P key) hides both sidebars and widens the text.
 * 2. Figures: draws each plotly figure from its JSON, fits titles and axis titles to the
 *    width of the screen, drives the figure from its HTML menus and range inputs, and says so
 *    on the figure when a choice leaves nothing to show.
 * 3. Tables: a cue when a table is wider than the text column; menus that switch tables.
 */
(function () {
  "use strict";

  // --- 1. navigation ------------------------------------------------------------------
  function wireToggles(selector) {
    var all = document.querySelectorAll(selector);
    if (all.length < 2) return;
    var wired = all[0]; // the theme's handlers sit on the first copy
    Array.prototype.slice.call(all, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        wired.click();
      });
    });
  }

  var PRESENTING = "course-presenting";
  function setPresenting(on) {
    document.documentElement.classList.toggle(PRESENTING, on);
    document.querySelectorAll(".course-present-toggle").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    try { sessionStorage.setItem(PRESENTING, on ? "1" : ""); } catch (e) { /* private mode */ }
    window.dispatchEvent(new Event("resize")); // figures refit to the wider column
  }

  function addPresentationButton() {
    var place = document.querySelector(".article-header-buttons");
    if (!place || place.querySelector(".course-present-toggle")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm pst-navbar-icon course-present-toggle";
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-keyshortcuts", "p");
    button.title = "Presentation view (P): hide both sidebars and widen the text";
    button.innerHTML = '<i class="fa-solid fa-display" aria-hidden="true"></i>' +
      '<span class="visually-hidden">Presentation view</span>';
    button.addEventListener("click", function () {
      setPresenting(!document.documentElement.classList.contains(PRESENTING));
    });
    place.insertBefore(button, place.firstChild);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "p" && event.key !== "P") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    setPresenting(!document.documentElement.classList.contains(PRESENTING));
  });

  // --- 2. figures ---------------------------------------------------------------------
  function plain(text) {
    return String(text || "").replace(/<br\s*\/?>/gi, " ").replace(/\s+/g, " ").trim();
  }

  function wrapText(text, perLine) {
    var words = plain(text).split(" "), lines = [], line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > perLine) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function titleText(part) {
    if (!part) return "";
    return typeof part === "string" ? part : part.text || "";
  }

  function wrapLabel(label, perLine) {
    var text = plain(label);
    return text.length > perLine ? wrapText(text, perLine).join("<br>") : text;
  }

  // Category labels on an axis (strings in the traces' x or y), in order of appearance.
  function categories(data, letter) {
    var seen = {}, out = [];
    data.forEach(function (trace) {
      if (trace.visible === false) return;
      var values = trace[letter];
      if (!Array.isArray(values)) return;
      values.forEach(function (v) {
        if (typeof v === "string" && !seen[v]) { seen[v] = true; out.push(v); }
      });
    });
    return out;
  }

  // Fit a figure to its width: rewrap the title (leaving room for the mode bar), the axis
  // titles, long category labels and long legend entries; size the top margin to the title.
  function fit(gd) {
    var spec = gd._courseSpec;
    if (!spec || !gd.clientWidth || !window.Plotly) return;
    var width = gd.clientWidth, layout = spec.layout, narrow = width < 560;
    var update = {};
    var title = titleText(layout.title);
    var size = narrow ? 15 : ((layout.title && layout.title.font && layout.title.font.size) || 17);
    if (title) {
      var lines = wrapText(title, Math.max(14, Math.floor((width - 130) / (size * 0.56))));
      update["title.text"] = lines.join("<br>");
      gd._courseApplied = update["title.text"];
      update["title.font.size"] = size;
      update["title.y"] = 1 - 16 / (layout.height || 420);
      update["title.yref"] = "container";
      update["title.yanchor"] = "top";
      update["title.pad.t"] = 0;
      update["title.automargin"] = true;
      var base = (layout.margin && layout.margin.t) || 0;
      var need = Math.round(lines.length * size * 1.3 + 24);
      update["margin.t"] = Math.max(need, Math.min(base, need + 20));
    }
    if (narrow) {
      update["margin.l"] = Math.min((layout.margin && layout.margin.l) || 60, 50);
      update["margin.r"] = 12;
    }
    ["x", "y"].forEach(function (letter) {
      var axis = layout[letter + "axis"], cats = categories(gd.data || [], letter);
      if (!cats.length || (axis && axis.tickvals)) return;
      // at most two lines per label, so that neighbouring labels do not run into each other
      var longest = Math.max.apply(null, cats.map(function (c) { return c.length; }));
      var room = letter === "y" ? Math.floor(width * (narrow ? 0.42 : 0.3) / 6.8) : Math.floor(width / cats.length / 7);
      var per = Math.max(8, room, Math.ceil(longest / 2) + 1);
      if (!cats.some(function (c) { return c.length > per; })) return;
      update[letter + "axis.tickmode"] = "array";
      update[letter + "axis.tickvals"] = cats;
      update[letter + "axis.ticktext"] = cats.map(function (c) { return wrapLabel(c, per); });
    });
    var key = JSON.stringify(update);
    if (key !== gd._courseFit) {
      gd._courseFit = key;
      window.Plotly.relayout(gd, update).then(function () { fitInner(gd); });
    } else {
      fitInner(gd);
    }
  }

  // Second pass, once the plot area is known: axis titles and legend entries.
  function fitInner(gd) {
    var spec = gd._courseSpec, full = gd._fullLayout;
    if (!spec || !full || !full._size) return;
    var layout = spec.layout, update = {};
    var xTitle = layout.xaxis && titleText(layout.xaxis.title);
    if (xTitle) update["xaxis.title.text"] = wrapLabel(xTitle, Math.max(12, Math.floor(full._size.w / 8.2)));
    var yTitle = layout.yaxis && titleText(layout.yaxis.title);
    if (yTitle) update["yaxis.title.text"] = wrapLabel(yTitle, Math.max(12, Math.floor(full._size.h / 8.2)));
    // A legend under the plot starts below the x-axis title, however tall the plot is.
    var legend = gd.layout.legend || {};
    if (legend.orientation === "h" && typeof legend.y === "number" && legend.y < 0 && full._size.h > 0) {
      var xLines = ((update["xaxis.title.text"] || "").match(/<br>/g) || []).length + 1;
      update["legend.y"] = -Math.min(0.6, (38 + 17 * xLines) / full._size.h);
    }
    var key = JSON.stringify(update);
    if (Object.keys(update).length && key !== gd._courseInner) {
      gd._courseInner = key;
      window.Plotly.relayout(gd, update);
    }
    var perName = Math.max(14, Math.floor((gd.clientWidth - 70) / 7.3));
    var names = [], indices = [];
    (gd.data || []).forEach(function (trace, i) {
      if (trace.name === undefined) return;
      var original = trace._courseName || (trace._courseName = trace.name);
      var wanted = wrapLabel(original, perName);
      if (wanted !== trace.name) { names.push(wanted); indices.push(i); }
    });
    if (indices.length) window.Plotly.restyle(gd, {name: names}, indices);
  }

  // Whether a trace shows at least one point inside the axes' current ranges.
  function hasPoints(trace, layout) {
    if (trace.visible === false || trace.visible === "legendonly") return false;
    var fields = ["x", "y", "values", "cells"];
    var some = fields.some(function (f) {
      var v = trace[f];
      return v && (v.length === undefined || v.length > 0);
    });
    if (!some) return false;
    return ["x", "y"].every(function (letter) {
      var values = trace[letter], axis = layout[letter + "axis"] || {}, range = axis.range;
      if (!Array.isArray(values) || !Array.isArray(range) || axis.autorange === true) return true;
      var lo = Math.min(range[0], range[1]), hi = Math.max(range[0], range[1]);
      return values.some(function (v) { return typeof v !== "number" || (v >= lo && v <= hi); });
    });
  }

  function showEmpty(box, gd) {
    var note = box.querySelector(".figure-empty");
    if (!note) return;
    var empty = !(gd.data || []).some(function (t) { return hasPoints(t, gd.layout || {}); });
    note.hidden = !empty;
    note.textContent = empty ? "Nothing matches this choice: choose another combination." : "";
  }

  function apply(gd, step) {
    var P = window.Plotly, args = step.args || [];
    if (step.method === "update") return P.update(gd, args[0] || {}, args[1] || {}, args[2]);
    if (step.method === "relayout") return P.relayout(gd, args[0] || {});
    if (step.method === "restyle") return P.restyle(gd, args[0] || {}, args[1]);
    if (step.method === "animate") return P.animate(gd, args[0], args[1]);
    return Promise.resolve();
  }

  function wireControls(box, gd, menus) {
    box.querySelectorAll("[data-menu]").forEach(function (control) {
      var steps = menus[Number(control.getAttribute("data-menu"))] || [];
      var labels = control.getAttribute("data-labels");
      labels = labels ? JSON.parse(labels) : null;
      control.addEventListener(control.type === "range" ? "input" : "change", function () {
        var step = steps[Number(control.value)];
        if (labels) {
          control.setAttribute("aria-valuetext", labels[Number(control.value)]);
          var out = control.parentNode.querySelector("output");
          if (out) out.textContent = labels[Number(control.value)];
        }
        if (!step) return;
        Promise.resolve(apply(gd, step)).then(function () {
          // a choice may change the title: keep the fitted version
          var lay = gd.layout || {};
          if (step.args && step.args[1] && step.args[1]["title.text"] !== undefined) {
            gd._courseSpec.layout.title = {text: step.args[1]["title.text"], font: (lay.title || {}).font};
          }
          gd._courseFit = null;
          gd._courseInner = null;
          fit(gd);
          showEmpty(box, gd);
        });
      });
    });
  }

  function draw(box) {
    var script = box.querySelector("script.plotly-json");
    var gd = script && document.getElementById(script.getAttribute("data-for"));
    if (!gd || gd._courseSpec) return;
    var spec = JSON.parse(script.textContent);
    gd._courseSpec = {layout: JSON.parse(JSON.stringify(spec.layout || {}))};
    return window.Plotly.newPlot(gd, spec.data || [], spec.layout || {}, spec.config || {}).then(function () {
      wireControls(box, gd, spec.menus || []);
      fit(gd);
      showEmpty(box, gd);
    });
  }

  function drawAll() {
    if (!window.Plotly) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".plotly-figure"));
    // One figure per frame keeps the page responsive while a long chapter draws.
    (function next() {
      var box = boxes.shift();
      if (!box) return;
      Promise.resolve(draw(box)).then(function () { window.requestAnimationFrame(next); }, function (error) {
        console.error(error);
        window.requestAnimationFrame(next);
      });
    })();
  }

  // Explorers' figures are drawn by explorer.js, again for every view: fit each new view.
  function adopt(gd) {
    var layout = gd.layout || {};
    var title = titleText(layout.title);
    if (gd._courseSpec && title === gd._courseApplied) return; // our own relayout
    gd._courseSpec = {layout: {
      title: {text: title, font: (layout.title || {}).font},
      xaxis: {title: {text: layout.xaxis && titleText(layout.xaxis.title)}, tickvals: layout.xaxis && layout.xaxis.tickvals},
      yaxis: {title: {text: layout.yaxis && titleText(layout.yaxis.title)}, tickvals: layout.yaxis && layout.yaxis.tickvals},
      margin: layout.margin, height: layout.height}};
    gd._courseFit = null;
    gd._courseInner = null;
    fit(gd);
  }

  function watchExplorers() {
    document.querySelectorAll(".explorer-plot.js-plotly-plot").forEach(function (gd) {
      if (gd._courseWatch || typeof gd.on !== "function") return;
      gd._courseWatch = true;
      gd.on("plotly_afterplot", function () { adopt(gd); });
      adopt(gd);
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      document.querySelectorAll(".plotly-figure .js-plotly-plot, .explorer-plot.js-plotly-plot").forEach(function (gd) {
        gd._courseFit = null;
        gd._courseInner = null;
        fit(gd);
      });
      markWideTables();
    }, 150);
  });

  // --- 3. tables ----------------------------------------------------------------------
  function markWideTables() {
    document.querySelectorAll(".course-table, .bd-article .pst-scrollable-table-container")
      .forEach(function (box) {
        box.classList.toggle("is-wider", box.scrollWidth > box.clientWidth + 1);
      });
  }

  function wireTableChoices() {
    document.querySelectorAll(".table-choice").forEach(function (choice) {
      var menu = choice.querySelector(".table-choice__menu");
      if (!menu) return;
      menu.addEventListener("change", function () {
        choice.querySelectorAll(".table-choice__panel").forEach(function (panel) {
          panel.hidden = panel.getAttribute("data-choice") !== menu.value;
        });
        markWideTables();
      });
    });
  }

  function start() {
    wireToggles(".primary-toggle");
    wireToggles(".secondary-toggle");
    addPresentationButton();
    try { if (sessionStorage.getItem(PRESENTING)) setPresenting(true); } catch (e) { /* private mode */ }
    wireTableChoices();
    markWideTables();
    drawAll();
    watchExplorers();
    window.addEventListener("load", function () { window.setTimeout(watchExplorers, 50); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
