// "Tin mới cập nhật" and "Tiêu điểm" on every page but the home page: each comes from a
// small file of its own (khoi/), so publishing an article rewrites that file and not
// every page. The browser asks the server whether the file changed (no-cache), so a page
// kept in its cache still shows the newest articles. Links and photos in the file are
// relative to it: they are resolved against its address. Without JavaScript, or when the
// file cannot be had, the block keeps its link to the home page.
(function () {
  "use strict";
  function resolve(node, attribute, source) {
    var value = node.getAttribute(attribute);
    if (value === null) return;
    if (attribute === "srcset") {
      node.setAttribute(attribute, value.split(",").map(function (part) {
        var bits = part.trim().split(/\s+/);
        bits[0] = new URL(bits[0], source).href;
        return bits.join(" ");
      }).join(", "));
    } else {
      node.setAttribute(attribute, new URL(value, source).href);
    }
  }

  document.querySelectorAll("[data-block]").forEach(function (block) {
    var source = new URL(block.dataset.block, window.location.href);
    fetch(source, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (text) {
      var section = new DOMParser().parseFromString(text, "text/html").querySelector("section");
      if (!section) { block.remove(); return; } // nothing to show now ("Tiêu điểm" empty)
      ["href", "src", "srcset"].forEach(function (attribute) {
        section.querySelectorAll("[" + attribute + "]").forEach(function (node) { resolve(node, attribute, source); });
      });
      // A list of the newest that may hold the page's own article ("Tin cùng tỉnh"): that
      // one is left out, and the list cut to its length.
      if (block.dataset.blockSkip) {
        var own = new URL(block.dataset.blockSkip, window.location.href).href;
        var count = parseInt(block.dataset.blockCount, 10) || 5;
        section.querySelectorAll("li").forEach(function (item) {
          var link = item.querySelector("a");
          if (link && link.href === own) item.remove();
        });
        section.querySelectorAll("li").forEach(function (item, index) { if (index >= count) item.remove(); });
        if (!section.querySelector("li")) { block.remove(); return; }
      }
      block.replaceWith(document.importNode(section, true));
    }).catch(function () { /* the link to the home page stays */ });
  });
})();
