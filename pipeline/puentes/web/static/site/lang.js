/* puentes: `?lang=es|en|fr` on any page leads to the page in that language (its
   <link rel="alternate" hreflang> in the head), so that links written for the live app
   work on the static site too. */
(function () {
  "use strict";
  const want = new URLSearchParams(location.search).get("lang");
  if (!want || want === document.documentElement.lang) return;
  const alt = document.querySelector('link[rel="alternate"][hreflang="' + want + '"]');
  if (!alt) return;
  const params = new URLSearchParams(location.search);
  params.delete("lang");
  const rest = params.toString();
  const target = new URL(alt.getAttribute("href"), location.href);
  if (rest) target.search = rest;
  target.hash = location.hash;
  if (target.href !== location.href) location.replace(target.href);
})();
