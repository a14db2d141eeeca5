// Loaded before decap-cms.js: the CMS waits for dang-ky.js to add the project's editor
// components before it starts (a script file, since the page's policy allows no inline script).
window.CMS_MANUAL_INIT = true;
