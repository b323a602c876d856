'use strict';
// The course site's plotly.js: the core (scatter) and only the trace types the course's
// figures use. `table` is kept for live-explorer views drawn as plotly tables; the chapters
// show their tables as HTML tables. Rebuild with scripts/build-plotly-bundle.sh.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/box'),
    require('plotly.js/lib/waterfall'),
    require('plotly.js/lib/table'),
]);
module.exports = Plotly;
