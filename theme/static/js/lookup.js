// "Tra cứu bài viết": articles published on, from or up to a date, optionally in one
// category, listed in the browser from one data file (no server).
(function () {
  "use strict";
  var box = document.getElementById("tra-cuu");
  if (!box) return;
  var form = box.querySelector(".lookup__form");
  var heading = box.querySelector(".lookup__heading");
  var list = box.querySelector(".lookup__results");
  var root = new URL(box.dataset.root, window.location.href);
  var labels = JSON.parse(box.dataset.labels);
  var more = box.querySelector(".lookup__more");
  var nojs = box.querySelector(".lookup__nojs");
  var LIMIT = 200;
  nojs.hidden = true;

  function show(data) {
    var select = form.querySelector("select[name=muc]");
    data.categories.forEach(function (name, i) {
      var o = document.createElement("option"); o.value = String(i); o.textContent = name; select.appendChild(o);
    });
    form.hidden = false;
    var params = new URLSearchParams(window.location.search);
    if (params.get("ngay")) form.ngay.value = params.get("ngay");
    if (["vao", "tu", "den"].indexOf(params.get("kieu")) >= 0) form.querySelector("input[value=" + params.get("kieu") + "]").checked = true;
    if (params.get("muc")) select.value = params.get("muc");

    function run() {
      var day = form.ngay.value;
      if (!day) return;
      var mode = form.querySelector("input[name=kieu]:checked").value;
      var category = select.value;
      var rows = data.articles.filter(function (r) {
        var ok = mode === "vao" ? r[0] === day : mode === "tu" ? r[0] >= day : r[0] <= day;
        return ok && (category === "" || String(r[3]) === category);
      });
      var p = day.split("-");
      heading.textContent = labels[mode].replace("{day}", (+p[2]) + "." + (+p[1]) + "." + p[0]).replace("{count}", rows.length);
      list.replaceChildren();
      more.hidden = rows.length <= LIMIT;
      more.textContent = labels.more.replace("{shown}", LIMIT);
      rows.slice(0, LIMIT).forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        var d = r[0].split("-");
        // an address after its day's archive address, or whole after a "/"
        var path = r[2].charAt(0) === "/" ? r[2].slice(1)
          : data.day.replace("{Y}", d[0]).replace("{m}", d[1]).replace("{d}", d[2]) + r[2];
        a.href = new URL(path, root).href; a.textContent = r[1];
        li.append(a, document.createTextNode(" (" + d[2] + "/" + d[1] + "/" + d[0] + ")"));
        list.appendChild(li);
      });
      window.history.replaceState(null, "", "?ngay=" + day + "&kieu=" + mode + (category ? "&muc=" + category : ""));
      box.dataset.ready = "true";
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    run();
    box.dataset.loaded = "true";
  }
  fetch(box.dataset.source).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(show).catch(function () {
    // no list: say so, and point to the archives as without JavaScript
    box.querySelector(".lookup__why").textContent = labels.failed;
    form.hidden = true;
    nojs.hidden = false;
  });
})();
