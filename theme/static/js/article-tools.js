// Article tools: "Bản để in" (the print button appears only with this script) and
// "Xem hình" (photos large in a dialog with their caption; arrow keys move between
// them, Escape, the corner button or a click outside the photo closes, focus returns to
// the photo). "Lưu dạng file" is a plain link to
// a file written at build time. The page works without this script.
(function () {
  "use strict";
  var article = document.querySelector(".article");
  if (!article) return;

  // -- print: the browser's print dialog, with the print stylesheet ---------------
  var print = document.querySelector(".tool--print");
  if (print) {
    print.closest("li").hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  // -- share: the system's share sheet (phones) or copy the link ------------------
  // The link shared is the canonical address (the public one), not where the page was
  // opened from; a browser with neither ability keeps the button hidden.
  var share = document.querySelector(".tool--share");
  var status = document.querySelector(".article-tools__status");
  var canonical = document.querySelector("link[rel=canonical]");
  var link = canonical ? canonical.href : window.location.href.split("#")[0];
  var canCopy = navigator.clipboard && typeof navigator.clipboard.writeText === "function";
  if (share && (typeof navigator.share === "function" || canCopy)) {
    var native = typeof navigator.share === "function";
    share.textContent = native ? share.dataset.share : share.dataset.copy;
    share.closest("li").hidden = false;
    share.addEventListener("click", function () {
      if (native) {
        // a reader who closes the share sheet is no error to report
        navigator.share({ title: document.title, url: link }).catch(function () {});
        return;
      }
      navigator.clipboard.writeText(link).then(function () {
        status.textContent = share.dataset.copied;
      }, function () {
        status.textContent = share.dataset.failed;
      });
    });
  }

  // -- "Xem hình" ----------------------------------------------------------------
  var dialog = document.querySelector("dialog.viewer");
  var photos = Array.from(article.querySelectorAll(".lead-figure img, .article__body figure img"));
  if (!dialog || !photos.length || typeof dialog.showModal !== "function") return;
  var big = dialog.querySelector(".viewer__image");
  var caption = dialog.querySelector(".viewer__caption");
  var count = dialog.querySelector(".viewer__count");
  var prev = dialog.querySelector(".viewer__prev");
  var next = dialog.querySelector(".viewer__next");
  var current = 0;
  var opener = null;

  function captionOf(img) {
    var fig = img.closest("figure");
    var cap = fig && fig.querySelector("figcaption");
    return cap ? cap.textContent.trim() : img.alt;
  }
  function show(i) {
    current = (i + photos.length) % photos.length;
    var img = photos[current];
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    caption.textContent = captionOf(img);
    count.textContent = (current + 1) + "/" + photos.length;
  }
  photos.forEach(function (img, i) {
    img.tabIndex = 0;
    img.setAttribute("role", "button");
    img.setAttribute("aria-label", (dialog.dataset.openLabel || "") + ": " + (captionOf(img) || img.alt));
    img.classList.add("is-zoomable");
    // The visible "Xem hình" mark for touch screens (no hover, no zoom cursor there); it is
    // placed over the photo (position: absolute), so adding it moves nothing, and taps go
    // through it to the photo. Screen readers have the photo's own label.
    var mark = document.createElement("span");
    mark.className = "viewer-hint";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = dialog.dataset.openLabel || "";
    img.parentNode.insertBefore(mark, img.nextSibling);
    function open() { opener = img; show(i); dialog.showModal(); dialog.querySelector(".viewer__close").focus(); }
    img.addEventListener("click", open);
    img.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  });
  prev.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  dialog.querySelector(".viewer__close").addEventListener("click", function () { dialog.close(); });
  // A click on the backdrop reaches the dialog itself, as does one on its padding: only
  // one outside the dialog's box closes it, so a slightly missed button does not.
  dialog.addEventListener("click", function (e) {
    if (e.target !== dialog) return;
    var box = dialog.getBoundingClientRect();
    if (e.clientX < box.left || e.clientX > box.right || e.clientY < box.top || e.clientY > box.bottom) dialog.close();
  });
  dialog.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") { e.preventDefault(); show(current + 1); }
    if (e.key === "ArrowLeft") { e.preventDefault(); show(current - 1); }
  });
  dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  if (photos.length < 2) { prev.hidden = true; next.hidden = true; }
})();
