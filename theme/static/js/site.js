// Progressive enhancement only: the site works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // The main menu folds behind a button on phones.
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("menu-chinh");
  if (toggle && list) {
    var phone = window.matchMedia("(max-width: 40rem)");
    var apply = function () {
      toggle.hidden = !phone.matches;
      var open = !phone.matches || toggle.getAttribute("aria-expanded") === "true";
      list.classList.toggle("is-collapsed", !open);
    };
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
      apply();
    });
    phone.addEventListener("change", apply);
    apply();
  }
})();
