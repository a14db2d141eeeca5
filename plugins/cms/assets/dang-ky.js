// The project's additions to Decap CMS, then its start (config.yml beside this page).
(function () {
  "use strict";
  var escape = function (text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  };
  // Attachments: a Markdown link to a file of content/files/, the one folder the
  // attachments plugin publishes files from (docs/attachments.md); the upload goes
  // there because the collection's media_folder says so (config.yml: Decap takes a
  // component's folder from the collection). The reader turns "/files/..." into the
  // file's published address.
  window.CMS.registerEditorComponent({
    id: "tep-dinh-kem",
    label: "Tệp đính kèm",
    fields: [
      { name: "title", label: "Tên hiện trên trang (ví dụ: Quyết định số 123)", widget: "string" },
      { name: "file", label: "Tệp PDF, Word, Excel…", widget: "file", choose_url: false },
    ],
    pattern: /^\[([^\]\n]+)\]\((\/files\/[^)\s]+)\)$/,
    fromBlock: function (match) { return { title: match[1], file: match[2] }; },
    toBlock: function (data) { return "[" + (data.title || "Tải về") + "](" + (data.file || "") + ")"; },
    toPreview: function (data) {
      return '<a href="' + escape(data.file || "") + '">' + escape(data.title || "Tải về") + "</a>";
    },
  });
  window.CMS.init();
})();
