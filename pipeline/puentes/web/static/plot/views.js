/* puentes query page: result views beside YASGUI's table — a map (a column holds
   countries), a chart (numbers over time or by category), a network (two entity columns) and
   a timeline (dates) — with labels in place of IRIs. No library; the country shapes are the
   package's own (static/maps/world.json); nothing leaves the server the page came from. */
(function () {
  "use strict";
  const SVGNS = "http://www.w3.org/2000/svg";
  const VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80",
                   "#5ec962", "#addc30", "#fde725"];
  const CAT = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
               "#000000"];
  // the graph's base IRI (PUENTES_BASE), from the page's configuration
  const CONFIG = document.getElementById("query-config");
  const BASE = (CONFIG && JSON.parse(CONFIG.textContent).base) || "";
  // a saved question's column headings in the page's language (variable → label)
  const HEADINGS = (CONFIG && JSON.parse(CONFIG.textContent).columns) || {};
  const col = (v) => HEADINGS[v] || v;
  const COUNTRY = /\/id\/country\/([A-Z]{3})$/;
  const NUM = /#(decimal|integer|double|float|int|long|short|nonNegativeInteger)$/;
  const DATE = /#(date|gYear|gYearMonth|dateTime)$/;
  // the page's catalogue (query.js puts it here, from locale/<lang>/LC_MESSAGES/web.po)
  const M = window.puentesMessages || {};
  const m = (s) => M[s] || s;
  const TEXT_KEYS = {map: "Map", chart: "Chart", network: "Network", timeline: "Timeline",
    none: "No picture fits these columns: the table shows them.", source: "Source",
    built: "query page of the puentes SPARQL endpoint", noData: "no data"};
  let world = null;
  const lang = (document.documentElement.lang || "en").slice(0, 2);
  const T = {};
  for (const k in TEXT_KEYS) T[k] = m(TEXT_KEYS[k]);

  function mix(a, b, t) {
    const ca = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
    const cb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
    return "#" + ca.map((x, i) => Math.round(x + (cb[i] - x) * t).toString(16)
      .padStart(2, "0")).join("");
  }
  function sequential(t) {  // viridis reversed: more is darker
    t = (1 - Math.min(1, Math.max(0, t))) * (VIRIDIS.length - 1);
    const i = Math.min(Math.floor(t), VIRIDIS.length - 2);
    return mix(VIRIDIS[i], VIRIDIS[i + 1], t - i);
  }
  function el(name, attrs, parent) {
    const e = document.createElementNS(SVGNS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, attrs) {
    const t = el("text", Object.assign({x: x, y: y, "font-size": 11}, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function titled(e, s) { const t = el("title", {}, e); t.textContent = s; return e; }
  function href(iri) {
    return iri && iri.startsWith(BASE + "id/") ? "/" + iri.slice(BASE.length) +
      (lang === "en" ? ".html" : "." + lang + ".html") : null;
  }
  function linked(parent, iri) {
    const h = href(iri);
    if (!h) return parent;
    return el("a", {href: h}, parent);
  }

  // -- the result ----------------------------------------------------------------------
  function columns(vars, rows) {
    const info = {};
    for (const v of vars) {
      const vals = rows.map((r) => r[v]).filter(Boolean);
      info[v] = {
        name: v,
        iri: vals.length > 0 && vals.every((b) => b.type === "uri"),
        country: vals.length > 0 && vals.every((b) => b.type === "uri" && COUNTRY.test(b.value)),
        number: vals.length > 0 && vals.every((b) => b.type === "literal" &&
          (NUM.test(b.datatype || "") || /^-?\d+(\.\d+)?$/.test(b.value)) &&
          !DATE.test(b.datatype || "")),
        date: vals.length > 0 && vals.every((b) => DATE.test(b.datatype || "") ||
          /^\d{4}(-\d{2}(-\d{2})?)?$/.test(b.value)),
      };
    }
    return info;
  }
  function year(v) {
    const p = String(v).split("-");
    return +p[0] + ((+(p[1] || 1)) - 1) / 12 + ((+(p[2] || 1)) - 1) / 365;
  }

  async function labelsOf(rows, vars) {
    const iris = new Set();
    rows.forEach((r) => vars.forEach((v) => { if (r[v] && r[v].type === "uri") iris.add(r[v].value); }));
    const out = {};
    const list = Array.from(iris).slice(0, 800);
    if (!list.length) return out;
    const q = "SELECT ?s ?l WHERE { VALUES ?s { " + list.map((i) => "<" + i + ">").join(" ") +
      " } { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } UNION " +
      "{ ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }";
    const res = await fetch("/sparql", {method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                Accept: "application/sparql-results+json"}, body: q});
    if (!res.ok) return out;
    const data = await res.json();
    const rank = (b) => (b["xml:lang"] === lang ? 0 : b["xml:lang"] === "en" ? 1 :
      !b["xml:lang"] ? 2 : 3);
    const best = {};
    for (const b of data.results.bindings) {
      const s = b.s.value, r = rank(b.l);
      if (!(s in best) || r < best[s]) { best[s] = r; out[s] = b.l.value; }
    }
    return out;
  }

  // -- the views -----------------------------------------------------------------------
  function frame(width, height, title) {
    const svg = el("svg", {viewBox: "0 0 " + width + " " + (height + 70), width: width,
      role: "img", class: "puentes-picture", "font-family": "system-ui, sans-serif"});
    titled(svg, title);
    el("rect", {width: width, height: height + 70, fill: "#fff"}, svg);
    const plot = el("g", {class: "plot", transform: "translate(0 6)"}, svg);
    const legend = el("g", {class: "legend", transform: "translate(12 " + (height + 14) + ")"}, svg);
    const day = new Date().toISOString().slice(0, 10);
    text(svg, 12, height + 62, T.source + ": " + T.built + ", " + day,
         {class: "source", fill: "#444", "font-size": 10.5});
    return {svg: svg, plot: plot, legend: legend, keys: 0};
  }
  function key(f, label, colour) {
    const x = (f.keys % 4) * 220, y = Math.floor(f.keys / 4) * 18;
    el("rect", {x: x, y: y, width: 14, height: 12, fill: colour, stroke: "#666",
                "stroke-width": 0.5}, f.legend);
    text(f.legend, x + 20, y + 10, label.length > 34 ? label.slice(0, 33) + "…" : label);
    f.keys += 1;
  }

  async function drawMap(vars, rows, info, names) {
    if (!world) world = await (await fetch("/static/maps/world.json")).json();
    const cc = vars.find((v) => info[v].country);
    const num = vars.find((v) => info[v].number);
    const cat = vars.find((v) => v !== cc && !info[v].number && !info[v].date &&
      new Set(rows.map((r) => r[v] && r[v].value)).size <= 8 &&
      rows.some((r) => r[v]));
    const f = frame(world.width, world.height, T.map);
    el("rect", {width: world.width, height: world.height, fill: "#f4f8fb"}, f.plot);
    const values = {}, cats = {};
    let top = 0;
    for (const r of rows) {
      if (!r[cc]) continue;
      const code = COUNTRY.exec(r[cc].value)[1];
      if (code in values) continue;
      values[code] = {iri: r[cc].value, row: r};
      if (num && r[num]) top = Math.max(top, +r[num].value);
      if (cat && r[cat]) cats[r[cat].value] = true;
    }
    const catColour = {};
    Object.keys(cats).sort().forEach((c, i) => { catColour[c] = CAT[i % CAT.length]; });
    for (const [code, shape] of Object.entries(world.countries)) {
      const v = values[code];
      let fill = "#d9d9d9", tip = shape.name;
      if (v) {
        const r = v.row;
        fill = num && r[num] ? sequential(+r[num].value / (top || 1)) :
          cat && r[cat] ? catColour[r[cat].value] : CAT[0];
        tip = (names[v.iri] || shape.name) + (num && r[num] ? ": " + r[num].value : "") +
          (cat && r[cat] ? " — " + (names[r[cat].value] || r[cat].value) : "");
      }
      const parent = v ? linked(f.plot, v.iri) : f.plot;
      titled(el("path", {d: shape.d, fill: fill, stroke: "#fff", "stroke-width": 0.4,
        class: v ? "country filled" : "country", "data-iso3": code}, parent), tip);
      if (v && shape.dot) {
        titled(el("circle", {cx: shape.dot[0], cy: shape.dot[1], r: 3.2, fill: fill,
          stroke: "#222", "stroke-width": 0.7}, parent), tip);
      }
    }
    if (num) {
      key(f, col(num) + " 0", sequential(0));
      key(f, col(num) + " " + top, sequential(1));
    } else if (cat) {
      Object.keys(catColour).forEach((c) => key(f, names[c] || c, catColour[c]));
    } else {
      key(f, col(cc), CAT[0]);
    }
    key(f, T.noData, "#d9d9d9");
    return f.svg;
  }

  function drawChart(vars, rows, info, names) {
    const num = vars.find((v) => info[v].number);
    const when = vars.find((v) => info[v].date);
    // the series: a column of few distinct values (a sex, a source…), else none
    const distinct = (v) => new Set(rows.map((r) => r[v] && r[v].value)).size;
    const by = vars.find((v) => v !== num && v !== when && !info[v].number &&
      !info[v].date && distinct(v) > 1 && distinct(v) <= 8 && distinct(v) < rows.length) ||
      (when ? null : vars.find((v) => v !== num && !info[v].number));
    const W = 860, H = 320, left = 60;
    const f = frame(W, H, T.chart);
    const vals = rows.filter((r) => r[num]).map((r) => +r[num].value);
    const top = Math.max(1, ...vals) * 1.1;
    const py = (y) => (H - 30) - y / top * (H - 40);
    for (let i = 0; i <= 4; i++) {
      const y = top * i / 4;
      el("line", {x1: left, x2: W - 20, y1: py(y), y2: py(y), stroke: "#e3e3e3"}, f.plot);
      text(f.plot, left - 6, py(y) + 4, y.toFixed(1), {"text-anchor": "end"});
    }
    if (when) {
      const xs = rows.filter((r) => r[when]).map((r) => year(r[when].value));
      const x0 = Math.floor(Math.min(...xs)) - 0.5, x1 = Math.ceil(Math.max(...xs)) + 0.5;
      const px = (x) => left + (x - x0) / (x1 - x0) * (W - left - 30);
      for (let y = Math.ceil(x0); y <= x1; y += Math.max(1, Math.round((x1 - x0) / 10))) {
        text(f.plot, px(y), H - 12, String(y), {"text-anchor": "middle"});
      }
      const series = {};
      rows.forEach((r) => { if (r[num] && r[when]) {
        const s = by && r[by] ? r[by].value : "";
        (series[s] = series[s] || []).push(r);
      } });
      Object.keys(series).sort().forEach((s, i) => {
        const c = CAT[i % CAT.length];
        const pts = series[s].sort((a, b) => year(a[when].value) - year(b[when].value));
        el("polyline", {points: pts.map((r) => px(year(r[when].value)) + "," + py(+r[num].value))
          .join(" "), fill: "none", stroke: c, "stroke-width": 2}, f.plot);
        pts.forEach((r) => titled(el("circle", {cx: px(year(r[when].value)),
          cy: py(+r[num].value), r: 4, fill: c, class: "point"}, f.plot),
          (names[s] || s) + " " + r[when].value + ": " + r[num].value));
        key(f, names[s] || s || col(num), c);
      });
    } else {
      const data = rows.filter((r) => r[num]).slice(0, 60);
      const bw = (W - left - 30) / Math.max(1, data.length);
      data.forEach((r, i) => {
        const label = by && r[by] ? (names[r[by].value] || r[by].value) : String(i + 1);
        const parent = by && r[by] ? linked(f.plot, r[by].value) : f.plot;
        titled(el("rect", {x: left + i * bw + 1, y: py(+r[num].value), width: bw - 2,
          height: py(0) - py(+r[num].value), fill: sequential(+r[num].value / top),
          class: "bar"}, parent), label + ": " + r[num].value);
      });
      key(f, col(num), sequential(0.6));
    }
    return f.svg;
  }

  function drawNetwork(vars, rows, info, names) {
    const [a, b] = vars.filter((v) => info[v].iri);
    const W = 760, H = 620, cx = W / 2, cy = H / 2, R = Math.min(cx, cy) - 120;
    const f = frame(W, H, T.network);
    const nodes = Array.from(new Set(rows.flatMap((r) => [r[a] && r[a].value,
      r[b] && r[b].value]).filter(Boolean))).sort();
    const pos = {};
    nodes.forEach((n, i) => { const t = 2 * Math.PI * i / nodes.length - Math.PI / 2;
      pos[n] = [cx + R * Math.cos(t), cy + R * Math.sin(t), t]; });
    rows.forEach((r) => { if (r[a] && r[b]) {
      const p = pos[r[a].value], q = pos[r[b].value];
      titled(el("path", {d: "M" + p[0] + " " + p[1] + "Q" + cx + " " + cy + " " + q[0] + " " + q[1],
        fill: "none", stroke: CAT[0], "stroke-opacity": 0.6, "stroke-width": 1.5, class: "edge"},
        f.plot), (names[r[a].value] || r[a].value) + " → " + (names[r[b].value] || r[b].value));
    } });
    nodes.forEach((n) => {
      const [x, y, t] = pos[n];
      const g = linked(f.plot, n);
      titled(el("circle", {cx: x, cy: y, r: 4, fill: "#333", class: "node"}, g), names[n] || n);
      const deg = t * 180 / Math.PI, flip = Math.cos(t) < 0;
      const lx = cx + (R + 10) * Math.cos(t), ly = cy + (R + 10) * Math.sin(t);
      text(g, lx, ly, (names[n] || n.split("/").pop()).slice(0, 26), {"font-size": 10,
        "text-anchor": flip ? "end" : "start", "dominant-baseline": "middle",
        transform: "rotate(" + (flip ? deg + 180 : deg) + " " + lx + " " + ly + ")"});
    });
    key(f, col(a) + " → " + col(b), CAT[0]);
    return f.svg;
  }

  function drawTimeline(vars, rows, info, names) {
    const dates = vars.filter((v) => info[v].date);
    const lab = vars.find((v) => info[v].iri) || vars.find((v) => !info[v].date);
    const data = rows.filter((r) => r[dates[0]]).slice(0, 80);
    const W = 900, row = 20, H = 40 + row * data.length, left = 260;
    const f = frame(W, H, T.timeline);
    const ys = data.flatMap((r) => dates.map((d) => r[d] && year(r[d].value)).filter((x) => x));
    const x0 = Math.floor(Math.min(...ys)) - 1, x1 = Math.ceil(Math.max(...ys)) + 1;
    const px = (x) => left + (x - x0) / (x1 - x0) * (W - left - 20);
    for (let y = x0; y <= x1; y += Math.max(1, Math.round((x1 - x0) / 10))) {
      el("line", {x1: px(y), x2: px(y), y1: 0, y2: H - 20, stroke: "#eee"}, f.plot);
      text(f.plot, px(y), H - 6, String(y), {"text-anchor": "middle"});
    }
    data.forEach((r, i) => {
      const y = 4 + i * row, s = year(r[dates[0]].value);
      const e = dates[1] && r[dates[1]] ? year(r[dates[1]].value) : null;
      const name = lab && r[lab] ? (names[r[lab].value] || r[lab].value) : "";
      text(f.plot, left - 6, y + 12, name.slice(0, 40), {"text-anchor": "end"});
      const parent = lab && r[lab] ? linked(f.plot, r[lab].value) : f.plot;
      const tip = name + " " + r[dates[0]].value + (e ? "–" + r[dates[1]].value : "");
      if (e && e > s) {
        titled(el("rect", {x: px(s), y: y, width: Math.max(2, px(e) - px(s)), height: 14,
          fill: CAT[0], rx: 2, class: "period"}, parent), tip);
      } else {
        titled(el("circle", {cx: px(s), cy: y + 7, r: 5, fill: CAT[0], class: "date"}, parent), tip);
      }
    });
    key(f, dates.map(col).join(" – "), CAT[0]);
    return f.svg;
  }

  const VIEWS = {
    map: {fits: (info) => Object.values(info).some((c) => c.country), draw: drawMap},
    chart: {fits: (info) => Object.values(info).some((c) => c.number), draw: drawChart},
    network: {fits: (info) => Object.values(info).filter((c) => c.iri).length >= 2,
              draw: drawNetwork},
    timeline: {fits: (info) => Object.values(info).some((c) => c.date), draw: drawTimeline},
  };

  async function show(container, vars, rows, which) {
    const info = columns(vars, rows);
    const fitting = Object.keys(VIEWS).filter((k) => VIEWS[k].fits(info));
    container.innerHTML = "";
    const bar = document.createElement("div");
    bar.className = "view-buttons";
    container.appendChild(bar);
    const out = document.createElement("div");
    out.className = "view";
    container.appendChild(out);
    const names = await labelsOf(rows, vars);
    relabel(names, 12);
    if (!fitting.length || !rows.length) { out.textContent = T.none; return; }
    const current = fitting.includes(which) ? which : fitting[0];
    for (const k of fitting) {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = T[k]; b.dataset.view = k;
      if (k === current) b.setAttribute("aria-pressed", "true");
      b.addEventListener("click", () => show(container, vars, rows, k));
      bar.appendChild(b);
    }
    out.dataset.view = current;
    out.appendChild(await VIEWS[current].draw(vars, rows, info, names));
  }

  /* YASR's table shows IRIs: put the labels in their place (the IRI stays as the link and
     its hover text). The table may be drawn after the result arrives: retry a few times. */
  function relabel(names, tries) {
    let done = 0;
    document.querySelectorAll(".yasr table a[href]").forEach((a) => {
      const iri = a.getAttribute("href");
      if (names[iri] && a.textContent !== names[iri]) {
        a.title = iri; a.textContent = names[iri]; a.classList.add("labelled");
        // YASR writes <IRI>: the angle brackets go with the IRI
        const before = a.previousSibling, after = a.nextSibling;
        if (before && before.nodeType === 3 && before.textContent.endsWith("<")) {
          before.textContent = before.textContent.slice(0, -1);
        }
        if (after && after.nodeType === 3 && after.textContent.startsWith(">")) {
          after.textContent = after.textContent.slice(1);
        }
      }
      if (names[iri]) done += 1;
    });
    if (!done && tries > 0) setTimeout(() => relabel(names, tries - 1), 250);
  }

  /** Draw the views of a SPARQL JSON result into ``container``. */
  window.puentesViews = {
    show: function (container, json, which) {
      const rows = (json.results && json.results.bindings) || [];
      return show(container, (json.head && json.head.vars) || [], rows, which);
    },
  };
})();
