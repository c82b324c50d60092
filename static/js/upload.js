// The upload page: drop files, send them one by one with a progress bar each, keep the Upload
// button disabled meanwhile, then go on to the review (one file) or the drafts (several).
// Without this script the form posts every file at once and the server answers the same way.
"use strict";

(() => {
  const form = document.querySelector("form[data-upload-form]");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const input = form.querySelector('input[type="file"]');
  const button = form.querySelector("[data-upload-button]");
  const list = form.querySelector("[data-upload-progress]");
  const zone = form.querySelector("[data-drop-zone]");
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;

  if (zone && input) {
    ["dragenter", "dragover"].forEach((name) =>
      zone.addEventListener(name, (event) => {
        event.preventDefault();
        zone.classList.add("drop-zone-active");
      }),
    );
    ["dragleave", "drop"].forEach((name) =>
      zone.addEventListener(name, () => zone.classList.remove("drop-zone-active")),
    );
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  const row = (file) => {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.className = "reading-name";
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", `Sending ${file.name}`);
    const note = document.createElement("span");
    note.className = "muted";
    note.textContent = "Waiting";
    item.append(name, " ", note, bar);
    list.append(item);
    return { item, bar, note };
  };

  const send = (file, view) =>
    new Promise((resolve) => {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", token);
      body.append("file", file);
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) {
          view.bar.value = Math.round((event.loaded / event.total) * 100);
          view.note.textContent = `Sending ${view.bar.value}%`;
        }
      });
      request.upload.addEventListener("load", () => {
        view.bar.removeAttribute("value"); // indeterminate while the server reads it
        view.note.textContent = "Sent; reading…";
      });
      request.addEventListener("load", () => {
        let answer = {};
        try {
          answer = JSON.parse(request.responseText);
        } catch (error) {
          answer = { error: request.status === 413 ? "This file is too large." : "The server did not answer; please try again." };
        }
        view.bar.value = 100;
        if (answer.error) {
          view.item.classList.add("upload-failed");
          view.note.textContent = answer.error;
        } else {
          view.note.textContent = answer.created ? "Uploaded" : "Already in your certificates";
        }
        resolve(answer);
      });
      request.addEventListener("error", () => {
        view.item.classList.add("upload-failed");
        view.note.textContent = "The connection failed; please try again.";
        resolve({ error: "connection" });
      });
      view.note.textContent = "Sending";
      request.send(body);
    });

  form.addEventListener("submit", async (event) => {
    const files = Array.from(input.files || []);
    if (!files.length) {
      return; // the server says a file is required, in the form's own words
    }
    event.preventDefault();
    button.disabled = true;
    button.textContent = "Uploading…";
    list.replaceChildren();
    const views = files.map(row);
    const answers = [];
    for (let index = 0; index < files.length; index += 1) {
      answers.push(await send(files[index], views[index]));
    }
    const created = answers.filter((answer) => answer.created);
    if (created.length === 1 && files.length === 1) {
      window.location.assign(created[0].next);
    } else if (created.length) {
      window.location.assign(form.dataset.draftsUrl);
    } else {
      button.disabled = false;
      button.textContent = "Upload";
      input.value = "";
    }
  });
})();
