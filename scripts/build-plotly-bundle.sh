#!/usr/bin/env bash
# Builds book/assets/plotly/plotly-course.min.js: plotly.js at the version plotly.py bundles
# (plotly.py 7.1 -> plotly.js 4.1.1) with only the trace types in scripts/plotly-entry.js.
# The result is committed, so a site build needs neither this script nor the 170 MB plotly.js
# source package. esbuild's output is deterministic: the same inputs give the same bytes.
set -euo pipefail
PLOTLY_VERSION=4.1.1
ESBUILD_VERSION=0.28.2
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../book/assets/plotly/plotly-course.min.js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/plotly-entry.js" "$work/entry.js"
cd "$work"
echo '{"name": "plotly-course-bundle", "private": true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --silent "plotly.js@$PLOTLY_VERSION" "esbuild@$ESBUILD_VERSION"
# The same settings as plotly.js's own esbuild-config.js, minus the WebGL shader plugin (no gl traces).
{
  printf '/*! plotly.js v%s (MIT, https://github.com/plotly/plotly.js): core, bar, box, waterfall, table. Built by scripts/build-plotly-bundle.sh */\n' "$PLOTLY_VERSION"
  node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
    --define:global=window --define:define.amd=false --alias:stream=stream-browserify --loader:.css=empty \
    --legal-comments=none --log-level=warning
} > "$work/bundle.js"
# The bundle names no other host: the default topojson address (used only by geo charts, which
# the course does not draw) points at a folder of the site instead of plotly's CDN, and the
# chart-studio address (the "share" button, which the course's mode bar leaves out) is empty.
sed -e 's#dflt:"https://cdn.plot.ly/un/"#dflt:"topojson/"#' \
    -e 's#By default, the topojson files are fetched from cdn.plot.ly.#The course site serves no topojson files.#' \
    -e 's#plotlyServerURL:{valType:"string",dflt:"https://cloud.plotly.com/newchart"#plotlyServerURL:{valType:"string",dflt:""#' \
    "$work/bundle.js" > "$out"
echo "wrote $out ($(wc -c < "$out") bytes, $(gzip -9c "$out" | wc -c) gzip)"
