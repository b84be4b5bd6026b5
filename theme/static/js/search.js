// Search page: queries the Pagefind index built with the site. Loaded only by search.html.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  if (!script || !form || !input || !list) return;
  var indexUrl = script.getAttribute("data-index");
  var pagefind = null;

  function load() {
    // Loaded on first use so visiting the page costs nothing until the reader searches. The index
    // is split into shards (plugins/search_index/shards.py): the first is imported, the others
    // merged into it, and Pagefind searches them as one.
    if (!pagefind) {
      var manifest = new URL(indexUrl, window.location.href);
      // Result URLs are relative to the indexed folder; the site may live under a sub-path.
      var base = manifest.pathname.replace(/pagefind\/shards\.json$/, "");
      pagefind = fetch(manifest.href).then(function (response) {
        if (!response.ok) throw new Error("no search index");
        return response.json();
      }).then(function (list) {
        var folders = list.shards.map(function (name) { return new URL(name + "/", manifest.href).href; });
        return import(folders[0] + "pagefind.js").then(function (module) {
          return Promise.resolve(module.options({ baseUrl: base })).then(function () {
            return Promise.all(folders.slice(1).map(function (folder) {
              return module.mergeIndex(folder, { baseUrl: base });
            }));
          }).then(function () { return module; });
        });
      });
    }
    return pagefind;
  }

  function item(data) {
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    // Pagefind marks matches with <mark>; its excerpt is built from our own escaped page text.
    excerpt.innerHTML = data.excerpt;
    li.appendChild(heading);
    li.appendChild(excerpt);
    return li;
  }

  function run(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    load().then(function (pf) {
      return pf.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(function (results) {
          results.forEach(function (data) { list.appendChild(item(data)); });
          var n = search.results.length;
          status.textContent = n === 0 ? "No results for “" + query + "”." :
            n + (n === 1 ? " result" : " results") + " for “" + query + "”.";
        });
    }).catch(function () {
      status.textContent = "The search index could not be loaded.";
      if (fallback) fallback.hidden = false;
    });
  }

  form.hidden = false;
  if (fallback) fallback.hidden = true;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
