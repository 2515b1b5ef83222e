/* puentes static site: the search page answered in the browser from search-index.json
   (written by `puentes publish`; the live app answers the same page on the server). Every
   word of the query, without case or accents, in any of a resource's names. */
(function () {
  "use strict";
  const box = document.getElementById("search-results");
  if (!box || !box.dataset.index) return;
  const lang = box.dataset.lang || "en";
  const msg = JSON.parse(document.getElementById("search-messages").textContent);
  const LIMIT = 100;
  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const query = new URLSearchParams(location.search).get("q") || "";
  if (!query.trim()) return;
  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
  fetch(box.dataset.index).then((r) => r.json()).then((index) => {
    const words = fold(query).split(/\s+/).filter(Boolean);
    const q = fold(query.trim());
    const hits = index.filter((e) => words.every((w) => e.names.includes(w)));
    hits.sort((a, b) => {
      const pa = !fold(a.label[lang]).startsWith(q), pb = !fold(b.label[lang]).startsWith(q);
      return pa - pb || fold(a.label[lang]).localeCompare(fold(b.label[lang]));
    });
    const p = document.createElement("p");
    p.textContent = hits.length ? fill(msg.found, {n: hits.length, q: query})
                                : fill(msg.none, {q: query});
    if (hits.length > LIMIT) p.textContent += " " + fill(msg.more, {n: LIMIT});
    box.replaceChildren(p);
    if (!hits.length) return;
    const root = box.dataset.index.replace(/search-index\.json$/, "");
    const ul = document.createElement("ul");
    ul.className = "results-list";
    for (const h of hits.slice(0, LIMIT)) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = root + (lang === "en" ? h.path : h.path.replace(/\.html$/, "." + lang + ".html"));
      a.textContent = h.label[lang];
      const kind = document.createElement("span");
      kind.className = "type";
      kind.textContent = h.kind[lang];
      li.append(a, " ", kind);
      ul.appendChild(li);
    }
    box.appendChild(ul);
  });
})();
