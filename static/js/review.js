// The review page: a field read from the certificate keeps its "Suggested" mark until the
// physician changes it or says it is right (the button beside it). Without this script the
// marks stay until the form is saved, which confirms every field.
"use strict";

(() => {
  const form = document.querySelector("form[data-review-form]");
  if (!form) {
    return;
  }
  const confirm = (box) => {
    box.classList.remove("field-suggested");
    const mark = box.querySelector(".suggested-mark");
    if (mark) {
      mark.remove();
    }
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "confirmed";
    hidden.value = box.dataset.suggested;
    form.append(hidden);
    delete box.dataset.suggested;
  };
  form.querySelectorAll("[data-suggested]").forEach((box) => {
    const mark = box.querySelector(".suggested-mark");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    const label = box.querySelector("label, legend");
    const name = label ? label.textContent.trim().replace(/:$/, "") : box.dataset.suggested;
    // The field's name in hidden text, not aria-label: the button must not label the field.
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = `: ${name}`;
    button.append("It is right", hidden);
    button.addEventListener("click", () => confirm(box));
    mark.append(button);
    box.addEventListener("input", () => box.dataset.suggested && confirm(box));
    box.addEventListener("change", () => box.dataset.suggested && confirm(box));
  });
})();
