// The search page ("Tìm kiếm"): Pagefind in the reader's browser, no server.
// One index. Pagefind finds words without their tone marks itself ("hoa binh" finds
// "Hòa Bình" and "Hoà Bình", the form typed ranking first); each article's indexed text
// ends with words readers never see (plugins/search/words.py): its "đ" words written
// with "d" (Pagefind does not fold "đ") and a place word per province it belongs to or
// names ("zzphochiminh"). This page turns a province's name or alias in the query into
// its place word, and builds each excerpt itself from the article's text without those
// hidden words, starting at a sentence, with the words searched marked.
(function () {
  "use strict";
  const box = document.getElementById("tim-kiem");
  if (!box) return;

  // The folding of plugins/search/folding.py: NFD, drop combining marks, đ → d, lower case.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  const NOT_WORD = /[^\p{L}\p{N}]+/u;
  function wordsOf(text) { return text.split(NOT_WORD).filter(Boolean); }
  function hasMarks(text) { return /[\u0300-\u036f]/.test(text.normalize("NFD")) || /[đĐ]/.test(text); }

  // Results whose text is fetched at a time: each is a file of its own (about 2 KiB),
  // and most readers look at the first few; "Xem thêm kết quả" fetches the next ones.
  const PAGE = 10;
  const EXCERPT_WORDS = 30;  // words of an excerpt, from the start of a sentence

  const root = new URL(box.dataset.siteRoot, window.location.href);
  const form = box.querySelector(".search__form");
  const input = form.querySelector("input[name=q]");
  const selects = Array.from(form.querySelectorAll("select[data-filter]"));
  const status = box.querySelector(".search__status");
  const list = box.querySelector(".search__results");
  const more = box.querySelector(".search__more");
  const template = document.getElementById("mau-ket-qua");
  box.querySelector(".search__nojs").hidden = true;
  form.querySelector(".search__filters").hidden = false;

  async function json(path) {
    const response = await fetch(new URL(path, root), { cache: "no-cache" });
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    return response.json();
  }

  // The big index is built in shards and the articles changed since it was built are
  // in a small one (see plugins/search/layers.py); the file named by data-layers says
  // which other shards and which small one to merge in, which ids of the big one are
  // stale (hide) and whose filter values to take out of the counts (uncount). Without
  // that file the search would silently miss articles: an error.
  async function load(folder, layer) {
    const module = await import(new URL(folder + "pagefind.js", root).href);
    // noWorker: Pagefind's web worker is a 41 KiB script of its own to fetch; at the
    // size of this site a search takes milliseconds, so it runs on the page itself.
    await module.options({ baseUrl: root.pathname, noWorker: true });
    await module.init();
    const merged = ((layer && layer.shards) || []).concat(layer && layer.layer ? [layer.layer] : []);
    // Fetched side by side (slow networks: one round trip, not one per shard); Pagefind
    // adds each merged index to its list when called, so the order stays the same.
    await Promise.all(merged.map(function (path) {
      return module.mergeIndex(new URL(path, root).href, { baseUrl: root.pathname });
    }));
    return { pagefind: module, hide: new Set(layer ? layer.hide : []), uncount: layer ? layer.uncount : [] };
  }

  // -- provinces in a query -------------------------------------------------------------

  // A query with a province's name or alias becomes up to two Pagefind queries. A name
  // ("Thanh Hoá"): the words as typed plus its place word (the articles that name it,
  // the form typed ranking first), then the other words plus its unit word (the
  // articles of the unit, also those that do not write its name). An alias ("tphcm"):
  // the unit word alone. Pagefind leaves out of a query the words its index does not
  // hold, so a query whose place or unit word is not in the index is not asked: else
  // "Thanh Hoá" would find every "thành" and "hóa" of a site without Thanh Hóa.
  function placeQueries(query) {
    const typed = wordsOf(query);
    const folded = typed.map(fold);
    const named = [];      // typed words and the place words of names
    const units = [];      // typed words but province names, and the unit words
    const place = [];
    const unit = [];
    let i = 0;
    while (i < typed.length) {
      let match = null;
      for (let n = Math.min(6, typed.length - i); n > 0 && !match; n--) {
        const key = folded.slice(i, i + n).join(" ");
        if (places.names[key]) match = { n: n, word: places.names[key], name: true };
        else if (places.aliases[key]) match = { n: n, word: places.aliases[key], name: false };
      }
      if (!match) {
        named.push(typed[i]);
        units.push(typed[i]);
        i += 1;
        continue;
      }
      // "tỉnh", "thành phố", "TP." before a name: part of the name, not words to find
      places.prefixes.forEach(function (prefix) {
        const size = prefix.split(" ").length;
        if (units.length >= size && units.slice(-size).map(fold).join(" ") === prefix) {
          units.splice(-size);
          named.splice(-size);
        }
      });
      const unitWord = places.unit_prefix + match.word;
      if (match.name) {
        named.push.apply(named, typed.slice(i, i + match.n));
        named.push(places.place_prefix + match.word);
        place.push(places.place_prefix + match.word);
      } else {
        named.push(unitWord);  // an alias: its articles, whatever their text says
      }
      units.push(unitWord);
      unit.push(unitWord);
      i += match.n;
    }
    const hidden = place.concat(unit);
    // marked in excerpts: the words typed, names included, not the hidden words
    const marked = named.filter(function (w) { return hidden.indexOf(w) < 0; }).map(fold);
    if (!hidden.length) return { queries: [query], words: marked };
    const queries = [];
    if (place.length) queries.push({ text: named.join(" "), needs: place.concat(named.filter(function (w) { return unit.indexOf(w) >= 0; })) });
    queries.push({ text: units.join(" "), needs: unit });
    return { queries: queries, words: marked };
  }

  // Whether the index holds ``word`` (a place or unit word): one small request, once.
  const held = new Map();
  function holds(word) {
    if (!held.has(word)) {  // a word without marks: found the same with exactDiacritics or not
      held.set(word, index.pagefind.search(word).then(function (found) {
        return found.results.some(function (r) { return !index.hide.has(r.id); });
      }));
    }
    return held.get(word);
  }

  async function askable(asked) {
    const out = [];
    for (const q of asked.queries) {
      if (typeof q === "string") { out.push(q); continue; }
      const known = await Promise.all(q.needs.map(holds));
      if (known.every(Boolean)) out.push(q.text);
    }
    return out;
  }

  // -- excerpts -----------------------------------------------------------------------

  // The words of a result's text readers see: without the hidden words at its end
  // (their number is the page's hidden_words metadata) and without the title, which
  // Pagefind puts first.
  function visibleWords(data) {
    const all = data.content.split(/\s+/).filter(Boolean);
    const hidden = parseInt(data.meta.hidden_words || "0", 10) || 0;
    const words = all.slice(0, all.length - hidden);
    const title = wordsOf(data.meta.title || "").map(fold).join(" ");
    for (let n = 1; n <= words.length && n <= 80; n++) {
      const start = wordsOf(words.slice(0, n).join(" ")).map(fold).join(" ");
      if (start === title) return words.slice(n);
      if (start.length > title.length) break;
    }
    return words;
  }

  // A word is marked when it is one of the words searched without marks ("hòa" for
  // "hoa", "Đông" for "dong"); the last word searched also marks the words it begins,
  // as Pagefind finds them while the reader types ("khuy" → "khuyến").
  function matches(word, searched) {
    const bare = wordsOf(fold(word)).join("");
    if (!bare) return false;
    const last = searched.length ? searched[searched.length - 1] : "";
    return searched.indexOf(bare) >= 0 || (last.length >= 3 && bare.startsWith(last));
  }

  // The sentence with most of the searched words (the first such), then the words after
  // it up to EXCERPT_WORDS (more when its first match lies further in).
  function excerpt(words, searched) {
    const starts = [0];
    words.forEach(function (w, i) { if (i + 1 < words.length && /[.!?…]["”)]*$/.test(w)) starts.push(i + 1); });
    let best = { start: 0, found: 0, first: 0 };
    starts.forEach(function (start, k) {
      const end = k + 1 < starts.length ? starts[k + 1] : words.length;
      const seen = new Set();
      let first = -1;
      for (let i = start; i < end; i++) {
        if (!matches(words[i], searched)) continue;
        if (first < 0) first = i;
        seen.add(wordsOf(fold(words[i])).join(""));
      }
      if (seen.size > best.found) best = { start: start, found: seen.size, first: first };
    });
    const end = Math.min(words.length, Math.max(best.start + EXCERPT_WORDS, best.first + 10));
    return { words: words.slice(best.start, end), more: end < words.length };
  }

  // An excerpt as text and <mark> elements (built with the DOM, never innerHTML).
  function appendExcerpt(target, data, searched) {
    const cut = excerpt(visibleWords(data), searched);
    cut.words.forEach(function (word, i) {
      if (i) target.appendChild(document.createTextNode(" "));
      const parts = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word);
      if (parts[2] && matches(parts[2], searched)) {
        target.appendChild(document.createTextNode(parts[1]));
        const mark = document.createElement("mark");
        mark.textContent = parts[2];
        target.appendChild(mark);
        target.appendChild(document.createTextNode(parts[3]));
      } else {
        target.appendChild(document.createTextNode(word));
      }
    });
    if (cut.more) target.appendChild(document.createTextNode(" …"));
  }

  function render(items, searched) {
    items.forEach(function (data) {
      const node = template.content.firstElementChild.cloneNode(true);
      const link = node.querySelector(".result__title a");
      link.href = data.url;
      link.textContent = data.meta.title;
      const meta = [data.meta.date, data.meta.province].filter(Boolean).join(" · ");
      node.querySelector(".result__meta").textContent = meta;
      appendExcerpt(node.querySelector(".result__excerpt"), data, searched);
      list.appendChild(node);
    });
  }

  // -- searching ----------------------------------------------------------------------

  function chosenFilters() {
    const filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.dataset.filter] = s.value; });
    return filters;
  }

  let index = null;
  let places = null;
  let generation = 0;
  let current = { results: [], words: [], shown: 0 };

  // The next PAGE results of the current search, appended to the list.
  async function showMore(mine) {
    const next = current.results.slice(current.shown, current.shown + PAGE);
    const data = await Promise.all(next.map(function (r) { return r.data(); }));
    if (mine !== generation) return;
    render(data, current.words);
    current.shown += next.length;
    more.hidden = current.shown >= current.results.length;
  }

  async function run() {
    const query = input.value.trim();
    const filters = chosenFilters();
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    Object.keys(filters).forEach(function (k) { params.set(k, filters[k]); });
    window.history.replaceState(null, "", params.toString() ? "?" + params : window.location.pathname);
    if (!query && !Object.keys(filters).length) {
      ++generation;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    const mine = ++generation;
    status.textContent = "Đang tìm…";
    const asked = query ? placeQueries(query) : { queries: [null], words: [] };
    const texts = query ? await askable(asked) : [null];
    // A query typed with marks is asked first with Pagefind's exactDiacritics (only the
    // words as typed), then without: "hòa bình" lists the articles that write "Hòa
    // Bình" before those that write "Hoà Bình". Pagefind's own bonus for the exact form
    // is smaller than that of a word written more often. The option is read when a
    // search runs, so these searches run one after the other.
    const answers = [];
    for (const text of texts) {
      for (const exact of (text && hasMarks(text) ? [true, false] : [false])) {
        await index.pagefind.options({ exactDiacritics: exact });
        answers.push(await index.pagefind.search(text, { filters: filters }));
      }
    }
    // Results of the first query first; each id once, none the layer file hides.
    const seen = new Set();
    const results = [];
    answers.forEach(function (found) {
      found.results.forEach(function (r) {
        if (index.hide.has(r.id) || seen.has(r.id)) return;
        seen.add(r.id);
        results.push(r);
      });
    });
    if (mine !== generation) return;
    current = { results: results, words: asked.words, shown: 0 };
    list.replaceChildren();
    await showMore(mine);
    if (mine !== generation) return;
    const about = query ? " cho “" + query + "”" : "";
    status.textContent = results.length
      ? "Tìm thấy " + results.length + " bài" + about + "."
      : "Không tìm thấy bài nào" + about + ". Hãy thử từ khác hoặc bỏ bớt bộ lọc.";
  }

  async function start() {
    status.textContent = "Đang tải chỉ mục tìm kiếm…";
    const [known, table] = await Promise.all([json(box.dataset.layers), json(box.dataset.provinces)]);
    places = table;
    const layer = (known.layers || []).find(function (l) { return l.base === box.dataset.index; });
    index = await load(box.dataset.index, layer);
    const available = await index.pagefind.filters();
    index.uncount.forEach(function (page) {
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
    more.querySelector("button").addEventListener("click", function () { showMore(generation); });
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
