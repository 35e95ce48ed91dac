// Behaviour shared by every page, wired by data attributes (the Content-Security-Policy allows
// no inline script: no <script> blocks, no on* attributes in templates).
//   data-nhip-autosubmit   on a form field: changing it submits its form
//   data-nhip-fold-narrow  on an open <details>: folded on a phone-sized screen (below 576 px)
//                          when the page loads; without script it simply stays open
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof Element && field.hasAttribute("data-nhip-autosubmit") && field.form) {
      field.form.submit();
    }
  });
  if (window.matchMedia && window.matchMedia("(max-width: 575.98px)").matches) {
    document.querySelectorAll("details[data-nhip-fold-narrow]").forEach(function (details) {
      details.removeAttribute("open");
    });
  }
})();
