// When an admin page comes back with errors, move focus to the error summary (ours, or Django's
// "Please correct the errors below"), so a keyboard or screen-reader user starts there; its links
// lead to the fields.
(function () {
  "use strict";
  function focusErrors() {
    var summary = document.getElementById("error-summary") || document.querySelector("p.errornote, div.errornote");
    if (!summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrors);
  } else {
    focusErrors();
  }
})();
