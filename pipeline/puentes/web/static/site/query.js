/* puentes query page (/query) and embedded chart (/query/embed): runs the query the page's
   permalink names, shows the answer as a paged table of labels and plain values (a number as
   a number, not "16.157"^^xsd:decimal), CSV and JSON downloads of the whole answer and of
   each chart's data, and the views of views.js. The editor's completions come from this
   server (the graph's own properties and classes), never from another site, so they work
   under the page's Content-Security-Policy (connect-src 'self'). */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("query-config").textContent);
  const M = config.messages || {};
  const V = config.values || {};  // the queries' status words in the page's language
  const t = (s, v) => (M[s] || s).replace(/\{(\w+)\}/g, (m, k) => (v && k in v ? v[k] : m));
  window.puentesMessages = M;
  const lang = config.lang || "en";
  const BASE = config.base;  // the graph's base IRI (PUENTES_BASE), from the page
  const PAGE = 100;
  const $ = (id) => document.getElementById(id);
  let answer = null, names = {}, page = 0;

  function pageOf(iri) {
    if (!iri.startsWith(BASE + "id/") && !iri.startsWith(BASE + "scheme/")) return iri;
    const path = iri.slice(BASE.length);
    return "/" + path + (lang === "en" ? ".html" : "." + lang + ".html");
  }
  function shown(b) {
    if (!b) return "";
    if (b.type === "uri") {  // a label; else the IRI's last part (never the raw IRI of a page)
      if (names[b.value]) return names[b.value];
      return b.value.startsWith(BASE) ? decodeURIComponent(b.value.replace(/\/$/, "").split("/").pop()) : b.value;
    }
    const dt = b.datatype || "";
    if (/#(decimal|double|float|integer|int|long)$/.test(dt) && b.value !== "") {
      const n = Number(b.value);
      if (!Number.isNaN(n)) return n.toLocaleString(lang, {maximumFractionDigits: 3});
    }
    if (/#boolean$/.test(dt)) return b.value === "true" ? "✓" : "✗";
    // a status word a saved question answers with ("covered"): shown in the page's language
    if (!b["xml:lang"] && (!dt || /#string$/.test(dt)) && V[b.value]) return V[b.value];
    return b.value;
  }
  async function label(rows, vars) {
    const iris = new Set();
    rows.forEach((r) => vars.forEach((v) => r[v] && r[v].type === "uri" && iris.add(r[v].value)));
    const list = Array.from(iris).slice(0, 2000);
    const out = {};
    for (let i = 0; i < list.length; i += 400) {
      const q = "SELECT ?s ?l WHERE { VALUES ?s { " + list.slice(i, i + 400).map((x) => "<" + x + ">").join(" ") +
        " } { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } UNION { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } UNION { ?s <http://purl.org/dc/terms/title> ?l } }";
      const res = await fetch(config.endpoint, {method: "POST", body: q, headers: {
        "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json"}});
      if (!res.ok) continue;
      const rank = (b) => (b["xml:lang"] === lang ? 0 : b["xml:lang"] === "en" ? 1 : !b["xml:lang"] ? 2 : 3);
      const best = {};
      for (const b of (await res.json()).results.bindings) {
        const r = rank(b.l);
        if (!(b.s.value in best) || r < best[b.s.value]) { best[b.s.value] = r; out[b.s.value] = b.l.value; }
      }
    }
    return out;
  }
  function csv(vars, rows) {
    const q = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
    const head = [];
    vars.forEach((v) => { head.push(v); head.push(v + "_label"); });
    const lines = [head.map(q).join(",")];
    for (const r of rows) {
      const cells = [];
      vars.forEach((v) => { const b = r[v]; cells.push(q(b ? b.value : ""));
        cells.push(q(b && b.type === "uri" ? (names[b.value] || "") : "")); });
      lines.push(cells.join(","));
    }
    return lines.join("\n") + "\n";
  }
  function download(container, text, type, name, title) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], {type: type}));
    a.download = name;
    a.textContent = title;
    a.className = "download";
    container.appendChild(a);
    container.appendChild(document.createTextNode(" "));
    return a;
  }
  const stem = () => "puentes-" + (config.number || "query");
  function table() {
    const box = $("answer-table");
    if (!box || !answer) return;
    const vars = answer.head.vars || [];
    const rows = answer.results.bindings;
    const tbl = document.createElement("table");
    tbl.className = "answers";
    const head = tbl.createTHead().insertRow();
    // a saved question's columns under their headings in the page's language, each over its
    // variable's name (the name the downloads write); a query of one's own keeps the names
    const headings = config.columns || {};
    vars.forEach((v) => {
      const th = document.createElement("th"); th.scope = "col";
      if (headings[v] && headings[v] !== v) {
        th.appendChild(document.createTextNode(headings[v]));
        th.appendChild(document.createElement("br"));
        const c = document.createElement("code"); c.textContent = v; th.appendChild(c);
      } else {
        th.textContent = v;
      }
      head.appendChild(th);
    });
    const body = tbl.createTBody();
    for (const r of rows.slice(page * PAGE, (page + 1) * PAGE)) {
      const tr = body.insertRow();
      vars.forEach((v) => {
        const td = tr.insertCell();
        const b = r[v];
        if (b && b.type === "uri") {
          const a = document.createElement("a");
          a.href = pageOf(b.value); a.textContent = shown(b); a.title = b.value;
          a.className = names[b.value] ? "labelled" : "";
          td.appendChild(a);
        } else {
          td.textContent = shown(b);
          if (b && b["xml:lang"] && b["xml:lang"] !== lang) {
            const s = document.createElement("span"); s.className = "lang"; s.textContent = " " + b["xml:lang"]; td.appendChild(s);
          }
          if (b && /#(decimal|double|float|integer|int|long)$/.test(b.datatype || "")) td.className = "number";
        }
      });
    }
    box.replaceChildren(tbl);
    const pager = $("answer-pager");
    pager.replaceChildren();
    if (rows.length > PAGE) {
      const info = document.createElement("span");
      info.textContent = t("Rows {from}–{to} of {n}", {from: page * PAGE + 1,
        to: Math.min(rows.length, (page + 1) * PAGE), n: rows.length}) + " ";
      pager.appendChild(info);
      [["Previous", -1], ["Next", 1]].forEach(([k, d]) => {
        const b = document.createElement("button");
        b.type = "button"; b.textContent = t(k);
        b.disabled = page + d < 0 || (page + d) * PAGE >= rows.length;
        b.addEventListener("click", () => { page += d; table(); });
        pager.appendChild(b); pager.appendChild(document.createTextNode(" "));
      });
    }
  }
  async function shownAnswer(json) {
    answer = json; page = 0;
    const vars = (json.head && json.head.vars) || [];
    const rows = (json.results && json.results.bindings) || [];
    names = await label(rows, vars);
    const status = $("answer-status");
    if (status) status.textContent = rows.length ? "" : t("No rows.");
    const dl = $("answer-downloads");
    if (dl) {
      dl.replaceChildren();
      download(dl, csv(vars, rows), "text/csv", stem() + ".csv", t("Download CSV"));
      download(dl, JSON.stringify(json, null, 1), "application/sparql-results+json", stem() + ".json", t("Download JSON"));
    }
    table();
    const views = $("views-body");
    if (views && window.puentesViews) {
      await window.puentesViews.show(views, json, config.view);
      const bar = views.querySelector(".view-buttons");
      if (bar && rows.length) {
        const a = download(bar, csv(vars, rows), "text/csv", stem() + "-chart-data.csv", t("Download this chart's data (CSV)"));
        a.classList.add("chart-data");
      }
      views.querySelectorAll(".view-buttons button").forEach((b) => b.addEventListener("click", () => {
        config.view = b.dataset.view; permalink();
      }));
    }
  }
  async function run(text) {
    const status = $("answer-status");
    if (status) status.textContent = t("Running…");
    const res = await fetch(config.endpoint, {method: "POST", body: text, headers: {
      "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json"}});
    if (!res.ok) {
      const msg = await res.text();
      const box = $("answer-status") || $("views-body");
      box.textContent = t("The query failed:") + " " + msg;
      return;
    }
    await shownAnswer(await res.json());
  }
  function permalink() {
    const p = new URLSearchParams(location.search);
    if (config.view) p.set("view", config.view);
    const url = location.pathname + "?" + p.toString();
    history.replaceState(null, "", url);
    const link = $("permalink");
    if (link) link.href = url;
    const code = $("embed-code");
    if (code) {
      const e = new URLSearchParams(p); e.set("view", config.view || "chart");
      code.textContent = '<iframe src="' + location.origin + location.pathname + "/embed?" + e.toString() +
        '" width="720" height="520" title="puentes"></iframe>';
    }
  }
  // the editor: completions of properties and classes from this graph, not from another site
  if (window.Yasgui && $("yasgui")) {
    const Y = window.Yasgui.Yasqe;
    if (Y && Y.Autocompleters) {
      for (const name of ["property", "class"]) {
        const base = Y.Autocompleters[name];
        const list = (config.terms && config.terms[name]) || [];
        if (!base) continue;
        Y.registerAutocompleter(Object.assign({}, base, {
          get: (yasqe, token) => {
            const s = ((token && (token.autocompletionString || token.string)) || "").toLowerCase();
            return Promise.resolve(list.filter((i) => i.toLowerCase().includes(s)).slice(0, 100));
          },
        }));
      }
    }
    const yasgui = new window.Yasgui($("yasgui"), {
      requestConfig: {endpoint: config.endpoint, method: "POST"},
      copyEndpointOnNewTab: false, persistenceId: null,
      yasqe: {value: config.query || ""},
    });
    // YASGUI's own controls, named for assistive technology (axe-core: label, tablist)
    const editor = document.querySelector("#yasgui .CodeMirror textarea");
    if (editor) editor.setAttribute("aria-label", "SPARQL");
    document.querySelectorAll("#yasgui .autocomplete, #yasgui input:not([aria-label])")
      .forEach((e) => e.setAttribute("aria-label", e.getAttribute("placeholder") || "SPARQL"));
    document.querySelectorAll("#yasgui [role=tablist]").forEach((e) => {
      if (!e.querySelector("[role=tab]")) e.removeAttribute("role");
    });
    const tab = yasgui.getTab();
    if (config.query) tab.setQuery(config.query);
    yasgui.on("queryResponse", (y, tb) => {
      setTimeout(() => {
        const r = tb.getYasr() && tb.getYasr().results;
        const json = r && r.getAsJson && r.getAsJson();
        if (json && json.head) shownAnswer(json);
      }, 0);
    });
    if (config.run) tab.query();
    else if (config.number && $("answer-status")) $("answer-status").textContent = t("Fill in the required fields, then run.");
    const picker = $("picker");
    if (picker) picker.addEventListener("change", () => $("question").submit());
    const choose = $("choose");
    if (choose) choose.hidden = true;
    permalink();
  } else if (config.run) {  // the embedded picture
    run(config.query);
  }
})();
