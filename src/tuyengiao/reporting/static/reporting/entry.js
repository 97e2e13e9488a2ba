// The entry grid: Enter and the arrow keys move between value cells, and a draft is saved
// in the background a moment after the last change. Messages come translated from the page.
(function () {
  "use strict";
  const form = document.getElementById("rp-entry");
  if (!form || form.hasAttribute("inert")) return;
  const status = form.querySelector("[data-autosave-status]");
  const values = Array.from(form.querySelectorAll("input.rp-value"));
  let timer = null;

  function move(input, step) {
    const next = values[values.indexOf(input) + step];
    if (next) {
      next.focus();
      next.select();
    }
  }

  values.forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        move(input, 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(input, -1);
      }
    });
    input.addEventListener("input", function () {
      input.classList.remove("rp-derived");
    });
  });

  async function save() {
    status.textContent = status.dataset.saving;
    const response = await fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    const result = await response.json();
    if (result.ok) {
      const notes = result.broken_rules.concat(result.outliers.map(function (name) {
        return name + ": " + status.dataset.outlier;
      }));
      status.textContent =
        status.dataset.saved + " " + result.saved_at + (notes.length ? " — " + notes.join("; ") : "");
    } else {
      status.textContent = status.dataset.failed + " " + result.errors.join("; ");
    }
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
})();
