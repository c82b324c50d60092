// Small progressive enhancements; every page works without JavaScript.
"use strict";

// Ask before destructive actions: <form data-confirm="...">.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// The license form proposes an expiry when a board or first-licensure date is chosen. A date the
// physician types while that proposal is on its way is theirs: the swap must not overwrite it.
(() => {
  const EXPIRY = "#license-expiry input[name=expires_on]";
  let typedInFlight = null;
  document.addEventListener("htmx:beforeRequest", () => {
    typedInFlight = null;
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches(EXPIRY)) typedInFlight = event.target.value;
  });
  document.addEventListener("htmx:afterSwap", () => {
    const input = document.querySelector(EXPIRY);
    if (input && typedInFlight !== null && input.value !== typedInFlight) {
      input.value = typedInFlight;
    }
    typedInFlight = null;
  });
})();
