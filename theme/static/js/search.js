// The search page ("Tìm kiếm"): Pagefind in the reader's browser, no server.
// Two indexes: the text as written, and the same text without tone marks, so that
// "khuyen hoc" finds "khuyến học". Results of the first come first.
(function () {
  "use strict";
  const box = document.getElementById("tim-kiem");
  if (!box) return;

  // The same folding as plugins/search/folding.py: NFD, drop combining marks, đ → d.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  const root = new URL(box.dataset.siteRoot, window.location.href);
  const form = box.querySelector(".search__form");
  const input = form.querySelector("input[name=q]");
  const selects = Array.from(form.querySelectorAll("select[data-filter]"));
  const status = box.querySelector(".search__status");
  const list = box.querySelector(".search__results");
  const template = document.getElementById("mau-ket-qua");
  box.querySelector(".search__nojs").hidden = true;
  form.querySelector(".search__filters").hidden = false;

  // The big index is built in shards and the articles changed since it was built are
  // in a small one (see plugins/search/layers.py); the file named by data-layers says,
  // for each index, which other shards and which small one to merge in, which ids of
  // the big one are stale (hide) and whose filter values to take out of the counts
  // (uncount). Without that file the search would silently miss articles: an error.
  async function layers() {
    const response = await fetch(new URL(box.dataset.layers, root), { cache: "no-cache" });
    if (!response.ok) throw new Error("search layers: HTTP " + response.status);
    return (await response.json()).layers || [];
  }

  async function load(folder, layer) {
    const module = await import(new URL(folder + "pagefind.js", root).href);
    await module.options({ baseUrl: root.pathname });
    await module.init();
    const merged = ((layer && layer.shards) || []).concat(layer && layer.layer ? [layer.layer] : []);
    // Fetched side by side (slow networks: one round trip, not one per shard); Pagefind
    // adds each merged index to its list when called, so the order stays the same.
    await Promise.all(merged.map(function (path) {
      return module.mergeIndex(new URL(path, root).href, { baseUrl: root.pathname });
    }));
    return { pagefind: module, hide: new Set(layer ? layer.hide : []), uncount: layer ? layer.uncount : [] };
  }

  // Results of an index without the stale ones, each id once (a page the small index
  // holds with the same bytes as the big one comes back from both).
  function current(index, found) {
    const seen = new Set();
    return found.results.filter(function (r) {
      if (index.hide.has(r.id) || seen.has(r.id)) return false;
      seen.add(r.id);
      return true;
    });
  }

  // Only text and <mark> from an excerpt (built with the DOM, never innerHTML).
  function appendExcerpt(target, html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  // Marks the words of a (diacritic) text whose folded form is one of the query's words.
  function appendMarked(target, text, words) {
    text.split(/(\s+)/).forEach(function (piece) {
      const bare = fold(piece).replace(/[^\p{L}\p{N}]/gu, "");
      if (bare && words.some(function (w) { return bare.startsWith(w); })) {
        const mark = document.createElement("mark");
        mark.textContent = piece;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(piece));
      }
    });
  }

  function render(items, query) {
    list.replaceChildren();
    const words = fold(query).split(/\s+/).filter(Boolean);
    items.forEach(function (item) {
      const node = template.content.firstElementChild.cloneNode(true);
      const link = node.querySelector(".result__title a");
      link.href = item.data.url;
      link.textContent = item.data.meta.title;
      const meta = [item.data.meta.date, item.data.meta.province].filter(Boolean).join(" · ");
      node.querySelector(".result__meta").textContent = meta;
      const excerpt = node.querySelector(".result__excerpt");
      if (item.exact) appendExcerpt(excerpt, item.data.excerpt);
      else appendMarked(excerpt, item.data.meta.summary || "", words);
      list.appendChild(node);
    });
  }

  function chosenFilters() {
    const filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.dataset.filter] = s.value; });
    return filters;
  }

  let indexes = null;
  let generation = 0;

  async function run() {
    const query = input.value.trim();
    const filters = chosenFilters();
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    Object.keys(filters).forEach(function (k) { params.set(k, filters[k]); });
    window.history.replaceState(null, "", params.toString() ? "?" + params : window.location.pathname);
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const mine = ++generation;
    status.textContent = "Đang tìm…";
    const [main, folded] = indexes;
    const [exact, loose] = await Promise.all([
      main.pagefind.search(query || null, { filters: filters }),
      folded.pagefind.search(query ? fold(query) : null, { filters: filters }),
    ]);
    const exactData = await Promise.all(current(main, exact).slice(0, 30).map(function (r) { return r.data(); }));
    const looseData = await Promise.all(current(folded, loose).slice(0, 30).map(function (r) { return r.data(); }));
    if (mine !== generation) return;
    const seen = new Set(exactData.map(function (d) { return d.url; }));
    const items = exactData.map(function (d) { return { data: d, exact: true }; }).concat(
      looseData.filter(function (d) { return !seen.has(d.url); }).map(function (d) { return { data: d, exact: false }; })
    );
    render(items, query);
    status.textContent = items.length
      ? "Tìm thấy " + items.length + " bài" + (query ? " cho “" + query + "”" : "") + "."
      : "Không tìm thấy bài nào" + (query ? " cho “" + query + "”" : "") + ". Hãy thử từ khác hoặc bỏ bớt bộ lọc.";
  }

  async function start() {
    status.textContent = "Đang tải chỉ mục tìm kiếm…";
    const known = await layers();
    const layerOf = function (folder) { return known.find(function (l) { return l.base === folder; }); };
    indexes = await Promise.all([
      load(box.dataset.index, layerOf(box.dataset.index)),
      load(box.dataset.foldedIndex, layerOf(box.dataset.foldedIndex)),
    ]);
    const available = await indexes[0].pagefind.filters();
    indexes[0].uncount.forEach(function (page) {
      Object.keys(page).forEach(function (name) {
        const counts = available[name] || {};
        page[name].forEach(function (value) {
          if (counts[value] > 1) counts[value] -= 1;
          else delete counts[value];
        });
      });
    });
    const collator = new Intl.Collator("vi");
    selects.forEach(function (select) {
      const values = Object.keys(available[select.dataset.filter] || {}).sort(collator.compare);
      if (select.dataset.filter === "year") values.reverse();
      values.forEach(function (value) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value + " (" + available[select.dataset.filter][value] + ")";
        select.appendChild(option);
      });
    });
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (s) { s.value = params.get(s.dataset.filter) || ""; });
    status.textContent = "";
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    selects.forEach(function (s) { s.addEventListener("change", run); });
    let timer = 0;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    document.body.classList.add("search-ready");
    await run();
    box.dataset.ready = "true";
  }

  start().catch(function (error) {
    status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy thử tải lại trang.";
    console.warn(error);
  });
})();
