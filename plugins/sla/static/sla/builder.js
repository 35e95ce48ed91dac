// The SLA policy builder (plugins/sla/templates/sla/admin/policy_form.html). The page works
// with plain form posts: every button is a submit button the server answers. This script only
// saves clicks: changing a select marked data-reshape (the record type, a condition's field or
// operator, an action's type) posts the form with the button that shows the new shape, and the
// page keeps its scroll position across such posts.
(function () {
  "use strict";
  var form = document.querySelector("form[data-builder]");
  if (!form) return;
  var KEY = "nhip-sla-builder-scroll";
  var saved = window.sessionStorage && sessionStorage.getItem(KEY);
  if (saved) {
    sessionStorage.removeItem(KEY);
    window.scrollTo(0, parseInt(saved, 10) || 0);
  }
  form.addEventListener("submit", function () {
    if (window.sessionStorage) sessionStorage.setItem(KEY, String(window.scrollY));
  });
  form.querySelectorAll("[data-reshape]").forEach(function (select) {
    select.addEventListener("change", function () {
      var button = form.querySelector('button[name="do"][value="' + select.dataset.reshape + '"]');
      if (!button) return;
      if (form.requestSubmit) form.requestSubmit(button);
      else button.click();
    });
  });
  form.classList.add("builder-scripted");
})();
