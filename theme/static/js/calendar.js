// "Tìm tin theo ngày": marks today (in the reader's browser), the days with news (but on
// the home page, which has them), and moves between months in place, from one small data
// file of the days that have news. Without JavaScript, every navigation link is a real
// month page.
(function () {
  "use strict";
  var block = document.querySelector("[data-calendar]");
  if (!block) return;
  var labels = JSON.parse(block.dataset.labels);
  var root = new URL(block.dataset.root, window.location.href);
  var data = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function key(y, m) { return y + "-" + pad(m); }
  function parse(k) { var p = k.split("-"); return { y: +p[0], m: +p[1] }; }
  function shift(k, n) { var p = parse(k); var i = p.y * 12 + p.m - 1 + n; return key(Math.floor(i / 12), i % 12 + 1); }
  function fill(pattern, y, m, d) { return pattern.replace("{Y}", y).replace("{m}", pad(m)).replace("{d}", pad(d || 1)); }
  function todayKey() { var t = new Date(); return { month: key(t.getFullYear(), t.getMonth() + 1), day: t.getFullYear() + "-" + pad(t.getMonth() + 1) + "-" + pad(t.getDate()) }; }

  function markToday() {
    var today = todayKey().day;
    block.querySelectorAll("td[data-date]").forEach(function (td) {
      var is = td.dataset.date === today;
      td.classList.toggle("is-today", is);
      if (is) td.setAttribute("aria-current", "date"); else td.removeAttribute("aria-current");
    });
  }

  function inRange(k) { return data && k >= data.first && k <= data.last; }

  function setNav(cls, target, label) {
    var li = block.querySelector("." + cls).parentNode;
    var symbol = block.querySelector("." + cls + " [aria-hidden], ." + cls).textContent.trim().charAt(0);
    li.replaceChildren();
    if (target && inRange(target)) {
      var p = parse(target);
      var a = document.createElement("a");
      a.className = cls;
      a.href = new URL(fill(data.month, p.y, p.m), root).href;
      a.dataset.month = target;
      a.title = label;
      var s = document.createElement("span"); s.setAttribute("aria-hidden", "true"); s.textContent = symbol;
      var h = document.createElement("span"); h.className = "visually-hidden";
      h.textContent = label + ": " + labels.months[p.m - 1] + " " + p.y;
      a.append(s, h);
      li.appendChild(a);
    } else {
      var span = document.createElement("span");
      span.className = cls + " is-disabled"; span.title = label; span.setAttribute("aria-hidden", "true");
      span.textContent = symbol;
      li.appendChild(span);
    }
  }

  function draw(k) {
    var p = parse(k);
    var mask = data.days[k] || 0;
    block.dataset.month = k;
    block.querySelector(".calendar__caption").textContent = labels.months[p.m - 1] + " " + p.y;
    var body = block.querySelector("tbody");
    body.replaceChildren();
    var first = new Date(p.y, p.m - 1, 1);
    var offset = (first.getDay() + 6) % 7; // Monday first
    var days = new Date(p.y, p.m, 0).getDate();
    var row = null;
    for (var cell = 0; cell < offset + days; cell++) {
      if (cell % 7 === 0) { row = document.createElement("tr"); body.appendChild(row); }
      var td = document.createElement("td");
      if (cell >= offset) {
        var d = cell - offset + 1;
        td.dataset.date = p.y + "-" + pad(p.m) + "-" + pad(d);
        if (cell % 7 >= 5) td.className = "is-weekend";
        if (mask & (1 << (d - 1))) {
          var a = document.createElement("a");
          a.href = new URL(fill(data.day, p.y, p.m, d), root).href;
          // the data file has no counts: "Tin ngày 15/07/2024"
          a.setAttribute("aria-label", labels.day.replace("{day}", pad(d) + "/" + pad(p.m) + "/" + p.y));
          a.textContent = d;
          td.appendChild(a);
        } else {
          td.textContent = d;
        }
      }
      row.appendChild(td);
    }
    while (row && row.children.length < 7) row.appendChild(document.createElement("td"));
    var now = todayKey().month;
    setNav("cal-prev-year", shift(k, -12), labels.prev_year);
    setNav("cal-prev-month", shift(k, -1), labels.prev_month);
    setNav("cal-current", inRange(now) ? now : data.last, labels.current);
    setNav("cal-next-month", shift(k, 1), labels.next_month);
    setNav("cal-next-year", shift(k, 12), labels.next_year);
    block.querySelector(".calendar__status").textContent = mask ? "" : labels.empty;
    markToday();
  }

  block.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-month]");
    if (!link || !data) return;
    event.preventDefault();
    draw(link.dataset.month);
    // keep the keyboard where it was; if that control is now disabled, on "Tháng hiện tại"
    var again = block.querySelector("a." + link.className.split(" ")[0]) || block.querySelector("a.cal-current");
    if (again) again.focus();
  });

  markToday();
  // no-cache: the browser asks whether the data file changed, so a page kept in its cache
  // still marks the days of articles published since.
  fetch(block.dataset.source, { cache: "no-cache" }).then(function (r) { return r.json(); }).then(function (json) {
    data = json;
    // A page other than the home page has the month without its days marked: they are
    // drawn from the data file, which is what publishing an article changes.
    if (block.dataset.marks === "later") draw(block.dataset.month);
    block.dataset.ready = "true";
  }).catch(function () { /* links keep working as plain month pages */ });
})();
