// The verification page: a PDF dropped anywhere on the page goes into the form's own file input
// and the form is sent, exactly as if the file had been chosen and "Check this file" pressed.
// Without JavaScript the labelled input and the button do the same.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-verify-form]");
  if (!form) {
    return;
  }
  const zone = form.querySelector("[data-drop-zone]");
  const input = form.querySelector('input[type="file"]');
  const status = form.querySelector("[data-drop-status]");

  const carriesFiles = (event) =>
    event.dataTransfer && Array.from(event.dataTransfer.types || []).includes("Files");

  // A file dropped beside the zone would otherwise replace the page with the PDF viewer.
  for (const type of ["dragenter", "dragover"]) {
    document.addEventListener(type, (event) => {
      if (!carriesFiles(event)) {
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      zone.classList.add("is-dragging");
    });
  }
  document.addEventListener("dragleave", (event) => {
    if (event.relatedTarget === null) {
      zone.classList.remove("is-dragging");
    }
  });
  document.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) {
      return;
    }
    event.preventDefault();
    zone.classList.remove("is-dragging");
    const files = event.dataTransfer.files;
    if (files.length !== 1) {
      status.textContent = "Drop one PDF at a time.";
      return;
    }
    input.files = files;
    status.textContent = `Checking “${files[0].name}”…`;
    form.requestSubmit();
  });
});

// After a check, the answer is the first thing a screen reader and the eye land on.
document.addEventListener("DOMContentLoaded", () => {
  const result = document.getElementById("check-result");
  if (result) {
    result.focus();
  }
});
