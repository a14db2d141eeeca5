// Article tools: "Bản để in", "Lưu dạng file" (one self-contained HTML file, images
// inlined, readable offline) and "Xem hình" (photos large in a dialog; arrow keys
// move between them, Escape closes). The page works without this script.
(function () {
  "use strict";
  var article = document.querySelector(".article");
  if (!article) return;

  // -- print -------------------------------------------------------------------
  var print = document.querySelector(".tool--print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  // -- save as one file --------------------------------------------------------
  var OFFLINE_CSS = "body{font-family:system-ui,Arial,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;" +
    "line-height:1.6;color:#1d1d1f}img{max-width:100%;height:auto}figure{margin:1rem 0}" +
    "figcaption{font-style:italic;color:#4a4f57;text-align:center}.article__author{text-align:right;font-weight:700}" +
    ".article__meta{color:#4a4f57}.print-only{display:block}";

  function toDataUrl(src) {
    return fetch(src).then(function (r) { return r.blob(); }).then(function (blob) {
      return new Promise(function (resolve) {
        var reader = new FileReader();
        reader.onload = function () { resolve(reader.result); };
        reader.readAsDataURL(blob);
      });
    });
  }

  function buildFile() {
    var copy = article.cloneNode(true);
    copy.querySelectorAll(".article-tools, dialog, [hidden], script, source").forEach(function (n) { n.remove(); });
    copy.querySelectorAll("a[href]").forEach(function (a) { a.href = a.href; });
    var images = Array.from(copy.querySelectorAll("img"));
    var originals = Array.from(article.querySelectorAll("img"));
    return Promise.all(images.map(function (img, i) {
      var source = originals[i] ? (originals[i].currentSrc || originals[i].src) : img.src;
      img.removeAttribute("srcset"); img.removeAttribute("sizes"); img.removeAttribute("loading");
      return toDataUrl(source).then(function (data) { img.src = data; });
    })).then(function () {
      var doc = document.implementation.createHTMLDocument(document.title);
      doc.documentElement.lang = "vi";
      var meta = doc.createElement("meta"); meta.setAttribute("charset", "utf-8");
      doc.head.prepend(meta);
      var style = doc.createElement("style"); style.textContent = OFFLINE_CSS;
      doc.head.appendChild(style);
      doc.body.appendChild(doc.importNode(copy, true));
      return "<!DOCTYPE html>\n" + doc.documentElement.outerHTML;
    });
  }

  var save = document.querySelector(".tool--save");
  if (save) {
    save.hidden = false;
    save.addEventListener("click", function () {
      save.disabled = true;
      buildFile().then(function (html) {
        var url = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
        var link = document.createElement("a");
        link.href = url; link.download = save.dataset.file;
        document.body.appendChild(link); link.click(); link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      }).finally(function () { save.disabled = false; });
    });
  }

  // -- "Xem hình" ----------------------------------------------------------------
  var dialog = document.querySelector("dialog.viewer");
  var photos = Array.from(article.querySelectorAll(".lead-figure img, .article__body figure img"));
  if (!dialog || !photos.length || typeof dialog.showModal !== "function") return;
  var big = dialog.querySelector(".viewer__image");
  var caption = dialog.querySelector(".viewer__caption");
  var count = dialog.querySelector(".viewer__count");
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
    img.setAttribute("aria-label", "Xem hình: " + captionOf(img));
    img.classList.add("is-zoomable");
    function open() { opener = img; show(i); dialog.showModal(); dialog.querySelector(".viewer__close").focus(); }
    img.addEventListener("click", open);
    img.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  });
  dialog.querySelector(".viewer__prev").addEventListener("click", function () { show(current - 1); });
  dialog.querySelector(".viewer__next").addEventListener("click", function () { show(current + 1); });
  dialog.querySelector(".viewer__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") { e.preventDefault(); show(current + 1); }
    if (e.key === "ArrowLeft") { e.preventDefault(); show(current - 1); }
  });
  dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  var prev = dialog.querySelector(".viewer__prev"), next = dialog.querySelector(".viewer__next");
  if (photos.length < 2) { prev.hidden = true; next.hidden = true; }
})();
