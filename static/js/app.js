// Small progressive enhancements; every page works without JavaScript.
"use strict";

// Ask before destructive actions: <form data-confirm="...">.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
