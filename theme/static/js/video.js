/* Click-to-load videos (content_model/videos.py): a video in an article is a link to its
   player; a click replaces the link with the player's frame. Nothing is requested from
   YouTube or Facebook before the click. Only players on the hosts the page's CSP allows
   (frame-src) are loaded here; any other link is left to the browser. */
(function () {
  "use strict";
  var PLAYERS = ["www.youtube-nocookie.com", "www.facebook.com"];
  // The sandbox every embedded frame of the site gets (content_model/sanitize.py).
  var SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox";

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("figure.video a.video__play");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var address;
    try {
      address = new URL(link.href);
    } catch (error) {
      return;
    }
    if (address.protocol !== "https:" || PLAYERS.indexOf(address.hostname) < 0) {
      return;
    }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.className = "video__frame";
    frame.title = link.textContent.replace("▶", "").trim();
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("sandbox", SANDBOX);
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.src = address.href;
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });
})();
