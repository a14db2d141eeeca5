// The home page's headline slider (plugins/groups). It scrolls sideways by itself (CSS
// scroll snap, each story a link); this adds "previous" and "next" buttons that move it
// by one story. They lie over the row, so the page does not move when they appear, and
// a button at the end of the row is disabled.
(function () {
  "use strict";
  document.querySelectorAll("[data-headline]").forEach(function (slider) {
    var track = slider.querySelector(".headline__track");
    if (!track || track.children.length < 2) return;

    function step() {
      var first = track.children[0];
      var gap = parseFloat(getComputedStyle(track).columnGap) || 0;
      return first.getBoundingClientRect().width + gap;
    }

    function button(kind, label, sign, text) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "headline__button headline__button--" + kind;
      b.setAttribute("aria-label", label);
      b.textContent = text;
      b.addEventListener("click", function () { track.scrollBy({ left: sign * step() }); });
      slider.appendChild(b);
      return b;
    }

    var previous = button("previous", slider.dataset.previous || "", -1, "‹");
    var next = button("next", slider.dataset.next || "", 1, "›");

    function update() {
      var end = track.scrollWidth - track.clientWidth - 2;
      previous.disabled = track.scrollLeft <= 2;
      next.disabled = track.scrollLeft >= end;
    }
    // A story reached with Tab is shown whole (the browser scrolls a partly shown one no further).
    track.addEventListener("focusin", function (event) {
      var slide = event.target.closest(".headline__slide");
      if (slide) track.scrollTo({ left: slide.offsetLeft - track.offsetLeft });
    });
    track.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  });
})();
