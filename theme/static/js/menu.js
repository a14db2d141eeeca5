// The phone menu. Without JavaScript the header holds a link to the menu page; here
// that link becomes a real button (aria-expanded) that opens the main navigation in
// place. The button takes the link's box and classes, so nothing moves when it appears.
(function () {
  "use strict";
  var link = document.querySelector("a.menu-toggle[data-menu]");
  var nav = document.getElementById("dieu-huong");
  var list = link && document.getElementById(link.dataset.menu);
  if (!link || !nav || !list) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.id = link.id;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", list.id);
  while (link.firstChild) button.appendChild(link.firstChild);
  link.replaceWith(button);

  function setOpen(open, returnFocus) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
    if (!open && returnFocus) button.focus();
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true", false);
  });
  // Escape closes the menu and puts the focus back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") setOpen(false, true);
  });
  // A link to a place on this page (the calendar) closes the menu on its way there.
  list.addEventListener("click", function (event) {
    var target = event.target.closest("a");
    if (target && target.hash && target.pathname === window.location.pathname) setOpen(false, false);
  });
})();
