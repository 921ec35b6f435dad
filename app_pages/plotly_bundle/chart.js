// A plotly figure drawn with one of plotly.js's partial bundles, its selection sent back to Python
// as the state "points". A Streamlit components v2 module: Streamlit calls the default export with
// each render's data ({spec, spec_id, config, script, select}).
// No build step and no network: the bundles are in static/, served by the app itself.

const bundles = {};   // script URL -> promise of that bundle's Plotly object
let queue = Promise.resolve();

function loadBundle(src) {
  // One bundle after another: each sets the global Plotly as it runs, which is read right after it
  // and then restored, so two bundles (and Streamlit's own) never take each other's place.
  if (!bundles[src]) {
    bundles[src] = queue = queue.catch(() => null).then(() => new Promise((resolve, reject) => {
      const before = window.Plotly;
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => {
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

function pointsOf(event) {
  return ((event && event.points) || []).map((p) => {
    const out = { curve_number: p.curveNumber, point_index: p.pointIndex, point_number: p.pointNumber };
    for (const name of ["customdata", "location", "lat", "lon"]) {
      if (p[name] !== undefined) out[name] = p[name];
    }
    return out;
  });
}

export default function (component) {
  const { parentElement, data, setStateValue } = component;
  const chart = parentElement.querySelector(".tracker-plotly");
  if (!chart || !data || chart.dataset.specId === data.spec_id) return;  // same figure: keep its selection
  chart.dataset.specId = data.spec_id;
  loadBundle(data.script).then((Plotly) => {
    if (chart.dataset.specId !== data.spec_id) return;  // a newer figure arrived while the bundle loaded
    const spec = JSON.parse(data.spec);
    const layout = Object.assign({}, spec.layout);
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
        chart.on("plotly_deselect", () => setStateValue("points", []));
      }
    });
  }).catch((error) => { chart.textContent = "The chart could not be drawn: " + error.message; });
}
