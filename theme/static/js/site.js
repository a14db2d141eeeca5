// Progressive enhancement only: the site works without JavaScript.
// The class "js" on <html> is set by the inline head script (see site_pages/head_script.py);
// the stylesheet folds the menu on phones from the first paint.
(function () {
  "use strict";
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("menu-chinh");
  if (toggle && list) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("is-open", open);
    });
  }
})();
