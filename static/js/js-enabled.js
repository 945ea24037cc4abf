// Runs first thing in <body> (a classic, blocking script from templates/base.html), so the
// GOV.UK Frontend classes are on the body before it is painted. A file rather than an inline
// script: the Content-Security-Policy allows same-origin files only, with no nonce, so a page
// kept whole in the cache is the same for every visitor.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
