// A plotly figure drawn with one of plotly.js's partial bundles, its selection sent back to Python
// as the state "points" and each click as the trigger "clicked". A Streamlit components v2 module: Streamlit calls the default export with
// each render's data: {spec, spec_id, config, script, select} for a chart, or {preload, run, shapes}
// for the page's hidden loader (plotly_bundle.preload), which starts the downloads before any chart.
// No build step and no network: the bundles are in static/, served by the app itself.

const bundles = {};   // script URL -> promise of that bundle's Plotly object
const shapes = {};    // topojson URL -> promise of its parsed JSON
let queue = Promise.resolve();

const downloads = {}; // gzip bundle URL -> promise of its unpacked text

function download(src, priority) {
  // A bundle stored gzip (static/*.js.gz, scripts/build_plotly_gz.py): the server sends the file as
  // it is instead of compressing 1.2-1.4 MB again for each browser; unpacked here.
  if (!downloads[src]) {
    downloads[src] = fetch(src, priority ? { priority: priority } : {}).then((r) => {
      if (!r.ok) throw new Error("could not load " + src);
      return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).text();
    });
  }
  return downloads[src];
}

function prefetch(src, priority) {
  // Download now, run later: both bundles download side by side while each runs only when a chart
  // needs it (a .gz bundle through download(); a plain one through a <link rel="preload"> that fills
  // the HTTP cache the <script> below reads).
  if (src.endsWith(".gz")) {
    download(src, priority).catch(() => null);
    return;
  }
  if (document.querySelector('link[rel="preload"][href="' + src + '"]')) return;
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "script";
  link.href = src;
  if (priority) link.fetchPriority = priority;
  document.head.appendChild(link);
}

function loadBundle(src) {
  // One bundle after another: each sets the global Plotly as it runs, which is read right after it
  // and then restored, so two bundles (and Streamlit's own) never take each other's place.
  if (!bundles[src]) {
    const packed = src.endsWith(".gz");
    if (packed) download(src);  // starts now, beside the bundle that may run before it
    bundles[src] = queue = queue.catch(() => null).then(() => (packed ? download(src) : Promise.resolve(null)))
      .then((text) => new Promise((resolve, reject) => {
        const before = window.Plotly;
        const script = document.createElement("script");
        const url = text === null ? src : URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
        script.src = url;
        script.onload = () => {
          if (url !== src) URL.revokeObjectURL(url);
          const mine = window.Plotly;
          window.Plotly = before;
          if (before === undefined) delete window.Plotly;
          resolve(mine);
        };
        script.onerror = () => reject(new Error("could not load " + src));
        document.head.appendChild(script);
      }));
  }
  return bundles[src];
}

function loadShapes(url) {
  // plotly.js reads a map's country shapes from window.PlotlyGeoAssets.topojson[name] when they are
  // there and downloads them itself only when they are not: fetched here, beside the bundle, they
  // are ready when the bundle has run instead of being requested after it.
  if (!shapes[url]) {
    shapes[url] = fetch(url).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  }
  return shapes[url];
}

function topojsonName(geo) {
  // plotly.js's name of a geo subplot's shapes (src/lib/topojson_utils.js): scope_resolution m
  return String((geo && geo.scope) || "world").replace(/ /g, "-") + "_" + String((geo && geo.resolution) || 110) + "m";
}

function withShapes(url) {
  const name = url.split("/").pop().replace(/\.json$/, "");
  return loadShapes(url).then((topojson) => {
    if (!topojson) return;  // plotly.js downloads them itself (and says so if it cannot)
    window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
    window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
    if (window.PlotlyGeoAssets.topojson[name] === undefined) window.PlotlyGeoAssets.topojson[name] = topojson;
  });
}

function pointsOf(event) {
  return ((event && event.points) || []).map((p) => {
    const out = { curve_number: p.curveNumber, point_index: p.pointIndex, point_number: p.pointNumber };
    for (const name of ["customdata", "location", "lat", "lon"]) {
      if (p[name] !== undefined) out[name] = p[name];
    }
    return out;
  });
}

function preload(parentElement, data, setTriggerValue) {
  // the loader draws nothing: its element takes no room in the page
  const holder = parentElement.closest('[data-testid="stElementContainer"]') || parentElement;
  holder.style.display = "none";
  for (const src of data.preload || []) prefetch(src, src === data.run ? "high" : "low");
  for (const url of data.shapes || []) loadShapes(url);
  if (data.run) loadBundle(data.run);  // the map's bundle runs as soon as it is here
  // the files are asked for: a run that waits for this may go on (a session's first; plotly_bundle.preload)
  // (once per waiting run: a run that does not wait clears the mark, so a new session's first run in
  // the same page, after a reconnection, is answered too)
  if (!data.wait) {
    delete holder.dataset.asked;
  } else if (!holder.dataset.asked) {
    holder.dataset.asked = "1";
    setTriggerValue("started", true);
  }
}

export default function (component) {
  const { parentElement, data, setStateValue, setTriggerValue } = component;
  if (data && data.preload) return preload(parentElement, data, setTriggerValue);
  const chart = parentElement.querySelector(".tracker-plotly");
  if (!chart || !data || chart.dataset.specId === data.spec_id) return;  // same figure: keep its selection
  chart.dataset.specId = data.spec_id;
  const spec = JSON.parse(data.spec);
  const layout = Object.assign({}, spec.layout);
  const geos = Object.keys(layout).filter((name) => /^geo\d*$/.test(name));
  const ready = Promise.all([loadBundle(data.script),
    ...geos.map((name) => withShapes(((data.config || {}).topojsonURL || "") + topojsonName(layout[name]) + ".json"))]);
  ready.then(([Plotly]) => {
    if (chart.dataset.specId !== data.spec_id) return;  // a newer figure arrived while the bundle loaded
    // the page's own typeface (Streamlit's theme does the same for st.plotly_chart): narrower than
    // plotly's default, so legends fit as they did
    layout.font = Object.assign({ family: '"Source Sans", "Source Sans Pro", sans-serif' }, layout.font);
    if (layout.legend && layout.legend.title && layout.legend.title.text) {  // the legend's title on its own line
      layout.legend = Object.assign({}, layout.legend, { title: Object.assign({ side: "top" }, layout.legend.title) });
    }
    for (const name of Object.keys(layout)) {  // as st.plotly_chart does: room for the tick labels
      if (/^[xy]axis\d*$/.test(name) && layout[name].automargin === undefined) {
        const title = Object.assign({ standoff: 8 }, layout[name].title);  // a title beside the labels, not on them
        layout[name] = Object.assign({ automargin: true }, layout[name], { title: title });
      }
    }
    if (data.select === "box") Object.assign(layout, { clickmode: "event+select", dragmode: "select" });
    if (data.select === "points") Object.assign(layout, { clickmode: "event+select" });
    const config = Object.assign({ responsive: true }, data.config || {});
    chart.style.height = ((spec.layout && spec.layout.height) || 450) + "px";
    return Plotly.react(chart, spec.data || [], layout, config).then(() => {
      if (data.select && !chart.dataset.listening) {
        chart.dataset.listening = "1";
        chart.on("plotly_selected", (event) => { if (event) setStateValue("points", pointsOf(event)); });
        // every click, also one on a point already selected (which plotly.js unselects): the point clicked
        chart.on("plotly_click", (event) => {
          const points = pointsOf(event);
          if (points.length) setTriggerValue("clicked", points);
        });
        chart.on("plotly_deselect", () => setStateValue("points", []));
      }
    });
  }).catch((error) => { chart.textContent = "The chart could not be drawn: " + error.message; });
}
