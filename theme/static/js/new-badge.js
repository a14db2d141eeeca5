/* The "Mới" badge of a category listing (categories plugin): an article newer than the
   list's data-new-days gets the list's data-new-label after its title.

   Why in the reader's browser and not in the page: whether an article is still new
   changes every day, while the page does not. Written into the page, every listing
   would change (and be rendered and uploaded again) each day an article stops being new,
   and a build would depend on the day it ran. The page carries only the article's date
   (its <time datetime>) and the number of days, both fixed by the content and the
   settings; the reader's clock decides. Without JavaScript there is no badge, and the
   date beside each title still says how new it is. */
(function () {
  "use strict";
  var DAY = 24 * 60 * 60 * 1000;
  var lists = document.querySelectorAll(".items[data-new-days]");
  var now = Date.now();
  Array.prototype.forEach.call(lists, function (list) {
    var days = parseInt(list.getAttribute("data-new-days"), 10);
    var label = list.getAttribute("data-new-label");
    if (!(days > 0) || !label) {
      return;
    }
    Array.prototype.forEach.call(list.querySelectorAll(".item"), function (item) {
      var time = item.querySelector(".item__meta time[datetime]");
      var title = item.querySelector(".item__title");
      if (!time || !title || title.querySelector(".badge-new")) {
        return;
      }
      var published = Date.parse(time.getAttribute("datetime"));
      if (isNaN(published) || published > now || now - published >= days * DAY) {
        return;
      }
      var badge = document.createElement("span");
      badge.className = "badge-new";
      badge.textContent = label;
      title.appendChild(document.createTextNode(" "));
      title.appendChild(badge);
    });
  });
})();
