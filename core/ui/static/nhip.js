// Behaviour shared by every page, wired by data attributes (the Content-Security-Policy allows
// no inline script: no <script> blocks, no on* attributes in templates).
//   data-nhip-autosubmit   on a form field: changing it submits its form
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof Element && field.hasAttribute("data-nhip-autosubmit") && field.form) {
      field.form.submit();
    }
  });
})();
