// "Tra cứu bài viết": articles published between two dates, optionally in one category,
// listed in the browser from data files (no server): an index, then one file per year,
// each loaded when a range first needs it. Dates are read from day/month/year
// selects, never from the browser's date box, so they read dd/mm/yyyy in any language.
(function () {
  "use strict";
  var box = document.getElementById("tra-cuu");
  if (!box) return;
  var form = box.querySelector(".lookup__form");
  var heading = box.querySelector(".lookup__heading");
  var list = box.querySelector(".lookup__results");
  var error = box.querySelector(".lookup__error");
  var root = new URL(box.dataset.root, window.location.href);
  var labels = JSON.parse(box.dataset.labels);
  var more = box.querySelector(".lookup__more");
  var nojs = box.querySelector(".lookup__nojs");
  var LIMIT = 200;
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  nojs.hidden = true;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function shown(iso) { var p = iso.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
  function parts(bound) {
    return [form.elements[bound + "-ngay"], form.elements[bound + "-thang"], form.elements[bound + "-nam"]];
  }
  // The chosen date as yyyy-mm-dd (the data's form), or null for a day the month lacks.
  function read(bound) {
    var p = parts(bound), d = +p[0].value, m = +p[1].value, y = +p[2].value;
    var date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
    return y + "-" + pad(m) + "-" + pad(d);
  }
  function typed(bound) {
    var p = parts(bound);
    return pad(+p[0].value) + "/" + pad(+p[1].value) + "/" + p[2].value;
  }
  function write(bound, iso) {
    var m = ISO.exec(iso || "");
    if (!m) return false;
    var p = parts(bound);
    if (!p[2].querySelector("option[value='" + (+m[1]) + "']")) return false;
    p[0].value = String(+m[3]); p[1].value = String(+m[2]); p[2].value = String(+m[1]);
    return true;
  }

  var source = new URL(box.dataset.source, window.location.href);
  var loaded = {};  // year -> its rows (newest first), once fetched
  function fetchJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  // The rows of the years from ``last``'s back to ``first``'s, newest first; a year not
  // loaded yet is fetched (a Promise then, else the rows at once).
  function rowsOf(data, first, last) {
    var years = [];
    for (var y = +last.slice(0, 4); y >= +first.slice(0, 4); y--) {
      if (data.years[y]) years.push(String(y));
    }
    var missing = years.filter(function (y) { return !loaded[y]; });
    function gather() {
      return years.reduce(function (all, y) { return all.concat(loaded[y]); }, []);
    }
    if (!missing.length) return gather();
    return Promise.all(missing.map(function (y) {
      return fetchJSON(new URL(data.years[y], source)).then(function (file) { loaded[y] = file.articles; });
    })).then(gather);
  }

  function show(data) {
    var select = form.elements.muc;
    data.categories.forEach(function (name, i) {
      var o = document.createElement("option"); o.value = String(i); o.textContent = name; select.appendChild(o);
    });
    // Years from the newest article back to the oldest.
    var newest = data.newest || new Date().toISOString().slice(0, 10);
    var oldest = data.oldest || newest;
    ["tu", "den"].forEach(function (bound) {
      for (var y = +newest.slice(0, 4); y >= +oldest.slice(0, 4); y--) {
        var o = document.createElement("option"); o.value = String(y); o.textContent = String(y);
        parts(bound)[2].appendChild(o);
      }
    });
    form.hidden = false;

    // ?tu=&den= (this page's own addresses); ?ngay=&kieu= from older links: on, from, until.
    var params = new URLSearchParams(window.location.search);
    var from = params.get("tu"), until = params.get("den");
    var day = params.get("ngay"), mode = params.get("kieu");
    if (day && !from && !until) {
      from = mode === "den" ? oldest : day;
      until = mode === "tu" ? newest : day;
    }
    if (!write("tu", from)) write("tu", newest.slice(0, 8) + "01");
    if (!write("den", until)) write("den", newest);
    if (params.get("muc")) select.value = params.get("muc");

    function fail(message) {
      error.textContent = message;
      error.hidden = false;
      heading.textContent = "";
      list.replaceChildren();
      more.hidden = true;
      box.dataset.ready = "true";
    }

    // data-ready is "false" while a list is being made (a year's file may be loading);
    // only the last range asked is shown.
    var asked = 0;
    function run() {
      var mine = ++asked;
      box.dataset.ready = "false";
      var first = read("tu"), last = read("den");
      if (!first) return fail(labels.invalid.replace("{day}", typed("tu")));
      if (!last) return fail(labels.invalid.replace("{day}", typed("den")));
      if (first > last) return fail(labels.order.replace("{from}", shown(first)).replace("{until}", shown(last)));
      var rows = rowsOf(data, first, last);
      if (Array.isArray(rows)) return render(rows, first, last);
      rows.then(function (found) {
        if (mine === asked) render(found, first, last);
      }, function () {
        if (mine === asked) fail(labels.failed);
      });
    }

    function render(rows, first, last) {
      error.hidden = true;
      var category = select.value;
      var found = rows.filter(function (r) {
        return r[0] >= first && r[0] <= last && (category === "" || String(r[3]) === category);
      });
      var label = first === last ? labels.on.replace("{day}", shown(first))
        : labels.range.replace("{from}", shown(first)).replace("{until}", shown(last));
      heading.textContent = label.replace("{count}", found.length);
      list.replaceChildren();
      more.hidden = found.length <= LIMIT;
      more.textContent = labels.more.replace("{shown}", LIMIT);
      found.slice(0, LIMIT).forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        var d = r[0].split("-");
        // an address after its day's archive address, or whole after a "/"
        var path = r[2].charAt(0) === "/" ? r[2].slice(1)
          : data.day.replace("{Y}", d[0]).replace("{m}", d[1]).replace("{d}", d[2]) + r[2];
        a.href = new URL(path, root).href; a.textContent = r[1];
        var date = document.createElement("span");
        date.className = "lookup__day";
        date.textContent = shown(r[0]);
        li.append(a, " ", date);
        list.appendChild(li);
      });
      window.history.replaceState(null, "", "?tu=" + first + "&den=" + last + (category ? "&muc=" + category : ""));
      box.dataset.ready = "true";
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    run();
    box.dataset.loaded = "true";
  }
  fetchJSON(source).then(show).catch(function () {
    // no list: say so, and point to the archives as without JavaScript
    box.querySelector(".lookup__why").textContent = labels.failed;
    form.hidden = true;
    nojs.hidden = false;
  });
})();
